"""Symbolic expected values: the root value as a sympy formula of the parameters."""

from __future__ import annotations

from typing import Any

__all__ = ["expected_value"]


def expected_value(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("expected_value")
