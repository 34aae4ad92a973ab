"""Model files: YAML and JSON, loaded safely and dumped stably."""

from __future__ import annotations

from typing import Any

__all__ = ["dump", "dumps", "from_dict", "load", "loads", "to_dict"]


def load(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("load")


def dump(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("dump")


def loads(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("loads")


def dumps(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("dumps")


def to_dict(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("to_dict")


def from_dict(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("from_dict")
