"""Risk profiles: the distribution of the total payoff under a policy."""

from __future__ import annotations

from typing import Any

__all__ = ["risk_profile"]


def risk_profile(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("risk_profile")
