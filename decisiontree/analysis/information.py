"""Value of information: EVPI by restructuring the tree, EVPPI by Monte Carlo."""

from __future__ import annotations

from typing import Any

__all__ = ["evpi", "evppi"]


def evpi(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("evpi")


def evppi(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("evppi")
