"""Probability distributions for parameters, sampled with numpy's Generator."""

from __future__ import annotations

__all__ = ["PERT", "Beta", "Dirichlet", "Empirical", "Gamma", "LogNormal", "Normal", "Triangular", "Uniform"]


class Beta:
    """Not implemented yet."""


class Normal:
    """Not implemented yet."""


class LogNormal:
    """Not implemented yet."""


class Gamma:
    """Not implemented yet."""


class Uniform:
    """Not implemented yet."""


class Triangular:
    """Not implemented yet."""


class PERT:
    """Not implemented yet."""


class Dirichlet:
    """Not implemented yet."""


class Empirical:
    """Not implemented yet."""
