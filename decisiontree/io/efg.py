"""Gambit's extensive-form game format (.efg)."""

from __future__ import annotations

from typing import Any

__all__ = ["from_efg", "to_efg"]


def to_efg(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("to_efg")


def from_efg(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("from_efg")
