"""The promise every hostile input is held to, and the harness that checks it.

Bad input raises the library's own exception (:class:`decisiontree.DecisionTreeError`
or a subclass); never a raw ``TypeError``, ``KeyError``, ``ValueError``,
``OverflowError``, ``MemoryError`` or ``RecursionError``, never a hang, never a
silently non-finite number in a result.

A case runs as a sequence of *steps* (one public call each) through a
:class:`Context`, which gives every step a time limit and sorts what happened
into :class:`Outcome` records:

- ``crash``: an exception that is not the library's own (``place`` is the
  exception type and the innermost frame inside ``decisiontree/``);
- ``hang``: the step ran past its time limit (``place`` is where it was);
- ``nonfinite``: the step returned ``inf`` or ``nan`` somewhere in its result;
- ``roundtrip``: a tree that does not read back equal from its own file text;
- ``cli``: the command line printed a traceback, or more than a one-line
  message for an error, or invalid JSON, or accepted an argument it must refuse.

>>> context = Context(seconds=5)
>>> context.step("parse", lambda: 1 / 0)
>>> [(o.status, o.step, o.place.split(" ")[0]) for o in context.outcomes]
[('crash', 'parse', 'ZeroDivisionError')]
"""

from __future__ import annotations

import contextlib
import math
import os
import resource
import signal
import traceback
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

__all__ = [
    "NOTHING",
    "Context",
    "Outcome",
    "TimeLimitExceeded",
    "in_library",
    "memory_limit",
    "nonfinite",
    "place",
    "time_limit",
]


def _package_folder() -> str:
    import decisiontree

    return os.path.dirname(os.path.abspath(decisiontree.__file__)) + os.sep


PACKAGE = _package_folder()
"""The folder of the library: frames of files below it are the library's."""


def in_library(filename: str) -> bool:
    """Whether a frame's file belongs to the library."""
    return os.path.abspath(filename).startswith(PACKAGE)


class TimeLimitExceeded(BaseException):
    """Raised in the main thread when a step runs past its time limit."""


class _Stop(Exception):  # noqa: N818
    """Ends a case after a hang: the state of the library is unknown afterwards."""


NOTHING: Any = None
"""What :meth:`Context.step` returns when the step raised (a library error, a crash or a hang)."""


@attrs.frozen
class Outcome:
    """One broken promise: ``status`` (crash, hang, nonfinite, roundtrip, cli), where and what."""

    status: str
    step: str
    place: str
    message: str
    detail: str = ""

    def line(self) -> str:
        """One line: status, step, place and the start of the message."""
        text = " ".join(self.message.split())
        where = self.step if self.place == self.step else f"{self.step}: {self.place}"
        return f"{self.status} in {where}: {text[:160]}"


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`TimeLimitExceeded` in the main thread after ``seconds`` (``SIGALRM``).

    The alarm repeats every half second until the block is left, because an
    exception raised while Python runs a garbage-collector callback or a
    ``__del__`` method is printed and dropped. A signal handler runs between
    Python bytecodes: a hang inside one long C call (a huge integer power) is
    only caught when that call returns, which is why the campaign also runs
    every case in a worker process it can kill.
    """
    armed = [True]

    def alarm(signum: int, frame: Any) -> None:
        if armed[0]:
            raise TimeLimitExceeded(f"more than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.5)
    try:
        yield
    finally:
        armed[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def memory_limit(extra_bytes: int) -> None:
    """Cap this process's address space at its current size plus ``extra_bytes`` (workers only).

    An input that would exhaust the machine's memory then gets ``MemoryError``
    instead, which the harness reports as a crash.
    """
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[0])
    current = pages * os.sysconf("SC_PAGE_SIZE")
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = current + extra_bytes
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


def place(error: BaseException) -> str:
    """The exception type and the innermost frame inside ``decisiontree/`` as ``file:line``.

    Outside the library (a test's own call into sympy, say) the innermost frame
    of all is named instead, marked ``outside``.

    >>> try:
    ...     int("x")
    ... except ValueError as error:
    ...     place(error).split(" ")[0]
    'ValueError'
    """
    frames = traceback.extract_tb(error.__traceback__)
    inside = [f for f in frames if in_library(f.filename)]
    kind = type(error).__name__
    if inside:
        frame = inside[-1]
        return f"{kind} at {_short(frame.filename)}:{frame.lineno} ({frame.name})"
    if frames:
        frame = frames[-1]
        return f"{kind} outside decisiontree, at {_short(frame.filename)}:{frame.lineno} ({frame.name})"
    return f"{kind} (no frame)"


def stack_place(frames: traceback.StackSummary | list[traceback.FrameSummary]) -> str:
    """Where a hang was: the innermost library frame of a stack (or the innermost frame)."""
    frames = [f for f in frames if not (f.filename == __file__ and f.name == "alarm")]
    inside = [f for f in frames if in_library(f.filename)]
    frame = inside[-1] if inside else (frames[-1] if frames else None)
    if frame is None:
        return "unknown"
    mark = "" if inside else "outside decisiontree, at "
    return f"{mark}{_short(frame.filename)}:{frame.lineno} ({frame.name})"


def _short(filename: str) -> str:
    """A frame's file: relative to the library's folder, or its last parts."""
    if in_library(filename):
        return os.path.abspath(filename)[len(PACKAGE) :].replace(os.sep, "/")
    parts = filename.replace(os.sep, "/").split("/")
    for anchor in ("site-packages", "lib"):
        if anchor in parts:
            return "/".join(parts[len(parts) - parts[::-1].index(anchor) :])
    return "/".join(parts[-2:])


# --------------------------------------------------------------------------- non-finite numbers


def nonfinite(value: Any, *, limit: int = 100_000) -> str | None:
    """A description of the first ``inf`` or ``nan`` inside ``value``, or ``None`` if there is none.

    Looks through numbers (Python, numpy, ``Decimal``, sympy), mappings,
    sequences and numpy arrays, iteratively.

    >>> nonfinite({"a": [1, 2.5, float("inf")]})
    "['a'][2] = inf"
    >>> nonfinite((1, "text", None)) is None
    True
    """
    import numpy as np
    import sympy

    stack: list[tuple[str, Any]] = [("", value)]
    seen = 0
    while stack and seen < limit:
        where, item = stack.pop()
        seen += 1
        if isinstance(item, (str, bytes, bool)) or item is None:
            continue
        if isinstance(item, (int, Fraction)):
            continue
        if isinstance(item, float):
            if not math.isfinite(item):
                return f"{where} = {item!r}"
            continue
        if isinstance(item, Decimal):
            if not item.is_finite():
                return f"{where} = {item!r}"
            continue
        if isinstance(item, complex):
            return f"{where} = {item!r} (complex)"
        if isinstance(item, np.ndarray):
            if item.dtype.kind in "fc":
                bad = ~np.isfinite(item)
                if bad.any():
                    return f"{where}[{np.argwhere(bad)[0].tolist()}] = {item[bad].flat[0]!r}"
                if item.dtype.kind == "c" and np.any(item.imag != 0):
                    return f"{where} is complex"
            elif item.dtype.kind == "O":
                stack.extend((f"{where}[{k}]", x) for k, x in enumerate(item.flat[:limit]))
            continue
        if isinstance(item, np.generic):
            stack.append((where, item.item()))
            continue
        if isinstance(item, sympy.Basic):
            if item.has(sympy.nan, sympy.oo, -sympy.oo, sympy.zoo):
                return f"{where} = {_brief(item)}"
            if item.is_number and item.is_real is False:
                return f"{where} = {_brief(item)} (not real)"
            continue
        if isinstance(item, Mapping):
            stack.extend((f"{where}[{k!r}]", v) for k, v in item.items())
            continue
        if isinstance(item, (list, tuple)):
            stack.extend((f"{where}[{k}]", v) for k, v in enumerate(item))
            continue
        if attrs.has(type(item)):
            stack.extend(
                (f"{where}.{field.name}", getattr(item, field.name, None))
                for field in attrs.fields(type(item))
                if not field.name.startswith("_") and field.name not in ("tree",)
            )
    return None


def _brief(value: Any) -> str:
    try:
        text = str(value)
    except Exception:  # only for a message
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 80 else text[:77] + "..."


# --------------------------------------------------------------------------- running steps


@attrs.define
class Context:
    """Runs the steps of one case, each under ``seconds``, and collects :class:`Outcome` records.

    ``allowed`` are the exception types a step may raise: the library's own,
    for steps that take a file path also ``OSError`` (a missing file is
    reported the way Python reports it), and for the hypothesis strategies
    hypothesis's ``InvalidArgument`` (as hypothesis's own strategies raise).
    """

    seconds: float = 5.0
    on_step: Callable[[str], None] | None = None
    outcomes: list[Outcome] = attrs.field(factory=list)
    steps: int = 0
    errors: int = 0

    def step(
        self,
        name: str,
        function: Callable[..., Any],
        *args: Any,
        os_errors: bool = False,
        strategy_errors: bool = False,
        **kwargs: Any,
    ) -> Any:
        """Run ``function(*args, **kwargs)`` as step ``name``; its result, or :data:`NOTHING` if it raised."""
        from hypothesis.errors import InvalidArgument

        from decisiontree import DecisionTreeError

        allowed: tuple[type[BaseException], ...] = (DecisionTreeError,)
        if os_errors:
            allowed = (*allowed, OSError)
        if strategy_errors:
            allowed = (*allowed, InvalidArgument)
        self.steps += 1
        if self.on_step is not None:
            self.on_step(name)
        try:
            with time_limit(self.seconds):
                return function(*args, **kwargs)
        except TimeLimitExceeded as error:
            frames = traceback.extract_tb(error.__traceback__)
            self.outcomes.append(
                Outcome("hang", name, stack_place(frames), f"still running after {self.seconds:g} s")
            )
            raise _Stop from None
        except allowed:
            self.errors += 1
            return NOTHING
        except Exception as error:  # the point: anything else breaks the promise
            self.crash(name, error)
            return NOTHING

    def crash(self, step: str, error: BaseException) -> None:
        """Record ``error`` as a crash of ``step``."""
        try:
            message = str(error)
        except Exception:  # str() itself may fail on huge numbers
            message = f"<{type(error).__name__} whose str() fails>"
        detail = "".join(traceback.format_exception(error, limit=-12))
        self.outcomes.append(Outcome("crash", step, place(error), message[:300], detail[-4000:]))

    def finite(self, step: str, value: Any) -> None:
        """Record a ``nonfinite`` outcome if ``value`` holds ``inf`` or ``nan``."""
        try:
            found = nonfinite(value)
        except Exception as error:  # reading the result may itself crash
            self.crash(f"{step} (reading the result)", error)
            return
        if found is not None:
            self.outcomes.append(Outcome("nonfinite", step, step, f"result{found}"))

    def broken(self, status: str, step: str, message: str) -> None:
        """Record another broken promise (``roundtrip``, ``cli``)."""
        self.outcomes.append(Outcome(status, step, step, message))

    def run(self, body: Callable[[Context], None]) -> list[Outcome]:
        """Run a case body; a hang ends it. Returns the outcomes."""
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                body(self)
            except _Stop:
                pass
            except Exception as error:  # a fault of the harness, reported as such
                detail = "".join(traceback.format_exception(error, limit=-8))
                self.outcomes.append(Outcome("harness", "harness", place(error), str(error)[:300], detail))
        return self.outcomes
