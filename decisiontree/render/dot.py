"""Graphviz diagrams of trees and results (pure DOT text)."""

from __future__ import annotations

from typing import Any

__all__ = ["render", "to_dot"]


def to_dot(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("to_dot")


def render(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("render")
