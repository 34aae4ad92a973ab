"""Probability distributions for parameters, sampled with numpy's Generator."""

from __future__ import annotations

from typing import Any

__all__ = ["Beta", "Normal", "LogNormal", "Gamma", "Uniform", "Triangular", "PERT", "Dirichlet", "Empirical"]


def Beta(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("Beta")


def Normal(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("Normal")


def LogNormal(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("LogNormal")


def Gamma(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("Gamma")


def Uniform(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("Uniform")


def Triangular(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("Triangular")


def PERT(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("PERT")


def Dirichlet(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("Dirichlet")


def Empirical(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("Empirical")
