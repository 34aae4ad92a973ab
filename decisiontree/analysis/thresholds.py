"""Switch points: the parameter values at which the optimal choice changes."""

from __future__ import annotations

from typing import Any

__all__ = ["switch_points", "thresholds"]


def thresholds(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("thresholds")


def switch_points(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("switch_points")
