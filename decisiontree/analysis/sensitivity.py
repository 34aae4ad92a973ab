"""Deterministic sensitivity: one-way and two-way sweeps and tornado diagrams."""

from __future__ import annotations

from typing import Any

__all__ = ["one_way", "tornado", "two_way"]


def one_way(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("one_way")


def two_way(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("two_way")


def tornado(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("tornado")
