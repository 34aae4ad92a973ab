"""Probabilistic sensitivity analysis: vectorised Monte Carlo over parameter distributions."""

from __future__ import annotations

from typing import Any

__all__ = ["psa"]


def psa(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("psa")
