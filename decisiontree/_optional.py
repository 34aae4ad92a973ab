"""Optional libraries, imported where they are needed, through one function that names the extra.

>>> require("math", "sums", "math", "none").sqrt(4.0)
2.0
"""

from __future__ import annotations

import importlib
from types import ModuleType

from .errors import MissingDependencyError

__all__ = ["require"]


def require(module: str, what: str, package: str, extra: str) -> ModuleType:
    """The module ``module``, or a :class:`MissingDependencyError` saying ``what`` needs ``package``.

    ``extra`` is the pip extra of decisiontree that installs it
    (``pip install 'decisiontree[extra]'``).
    """
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingDependencyError(what, package, extra) from None
