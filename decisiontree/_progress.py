"""Progress bars for long runs (Monte Carlo, big sweeps): the one rule for when and how they show.

``progress=None`` (the default everywhere) shows a bar only where someone is
watching — an interactive terminal or a Jupyter notebook — and only once a run
has lasted ``DELAY`` seconds, so quick runs print nothing. ``True`` shows it
from the start wherever the output goes, ``False`` never. In a notebook the bar
is a widget when ipywidgets is installed and plain text otherwise (no warning).

>>> bar = progress_bar(3, "demo", progress=False)
>>> bar is None
True
"""

from __future__ import annotations

import importlib.util
import sys
from typing import Any

from ._optional import require
from .errors import ArgumentError, brief

__all__ = ["DELAY", "in_notebook", "progress_bar"]

DELAY = 2.0
"""Seconds a run must last before a default (``progress=None``) bar appears."""


def in_notebook() -> bool:
    """True inside a Jupyter kernel (notebook, JupyterLab, VS Code), not in a plain IPython shell."""
    shell = sys.modules.get("IPython")
    if shell is None or "ipykernel" not in sys.modules:
        return False
    try:
        ipython = shell.get_ipython()
    except AttributeError:  # pragma: no cover - an IPython without get_ipython
        return False
    return type(ipython).__name__ == "ZMQInteractiveShell"


def progress_bar(total: int, desc: str, *, progress: Any = None, unit: str = "chunk") -> Any:
    """A tqdm bar over ``total`` steps, or ``None`` when none is to be shown.

    Call ``.update(1)`` per step and ``.close()`` at the end. ``progress`` is
    ``None`` (show where someone watches, after ``DELAY`` seconds),
    ``True`` or ``False``.
    """
    if progress is not None and not isinstance(progress, bool):
        raise ArgumentError(f"progress must be True, False or None, got {brief(progress)}")
    if progress is False or total < 1:
        return None
    notebook = in_notebook()
    if progress is None:
        if not (notebook or sys.stderr.isatty()):
            return None
        if importlib.util.find_spec("tqdm") is None:  # pragma: no cover - tqdm is a dependency
            return None
    delay = DELAY if progress is None else 0.0
    if notebook and importlib.util.find_spec("ipywidgets") is not None:
        module = require("tqdm.notebook", "progress bars", "tqdm", "progress")
    else:
        module = require("tqdm.std", "progress bars", "tqdm", "progress")
    return module.tqdm(total=total, desc=desc, unit=unit, delay=delay, leave=progress is True)
