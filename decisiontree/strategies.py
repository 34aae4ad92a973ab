"""Hypothesis strategies for property-based tests of decision-tree models."""

from __future__ import annotations

__all__: list[str] = []


def _hypothesis_setup_hook() -> None:
    """Register strategies with hypothesis (``st.from_type(dt.Tree)``)."""
