"""Run cases in a worker process that can be killed: hangs inside C code are caught too.

A :class:`Worker` starts ``python -m fuzzing.workers`` once and sends it
cases (pickled) over a pipe. The worker runs each case in a fresh temporary
folder through a :class:`~fuzzing.promise.Context` (a soft time limit per
step, by ``SIGALRM``), with its address space capped so that a memory bomb
ends in ``MemoryError`` rather than in the machine's swap. Before each step
it tells the parent, and arms :mod:`faulthandler` to write the stack a little
after the soft limit. If a step is still running well after its limit (a
huge integer power, which no signal interrupts), the parent kills the worker,
reads where it was from that stack, reports a hang, and starts a new worker
for the next case.

>>> from fuzzing.expressions import ExpressionCase
>>> with Worker(seconds=10) as worker:
...     report = worker.run(ExpressionCase("1 + 1", "parse"))
>>> report.outcomes, report.steps
([], 2)
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import pickle
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, BinaryIO

import attrs

from .promise import PACKAGE, Context, Outcome, in_library

__all__ = ["HarnessCase", "Report", "Worker", "run_here", "serve"]

TESTS = Path(__file__).resolve().parents[1]
ROOT = TESTS.parent
GRACE = 4.0
"""Seconds past a step's soft limit before the parent kills the worker."""


@attrs.frozen
class Report:
    """What running one case gave: broken promises, steps run, library errors, seconds taken."""

    outcomes: list[Outcome]
    steps: int
    errors: int
    seconds: float

    @property
    def ok(self) -> bool:
        return not self.outcomes

    def explain(self, case: Any) -> str:
        """A message for a failed test: the case, and each broken promise with its traceback."""
        lines = [f"{case.kind} case: {case.summary}"]
        for outcome in self.outcomes:
            lines.append("  " + outcome.line())
            if outcome.detail:
                lines.append("    " + outcome.detail.strip().replace("\n", "\n    "))
        return "\n".join(lines)


@attrs.frozen
class HarnessCase:
    """A case that tests the harness: ``fine``, ``error``, ``crash``, ``hang``, ``c-hang`` or ``die``."""

    what: str
    kind = "harness"
    classes = ()

    @property
    def summary(self) -> str:
        return f"harness self-test: {self.what}"

    def source(self) -> str:
        return self.summary

    def run(self, context: Context) -> None:
        import itertools

        import decisiontree as dt

        def body() -> Any:
            if self.what == "error":
                raise dt.ModelError("a library error")
            if self.what == "crash":
                return {}["missing"]
            if self.what == "hang":
                while True:
                    pass
            if self.what == "c-hang":
                return sum(itertools.repeat(1, 10**11))  # one C call that never looks at signals
            if self.what == "die":
                os.kill(os.getpid(), signal.SIGKILL)
            return 1

        context.step(self.what, body)


# --------------------------------------------------------------------------- framing


def _send(stream: BinaryIO, message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(struct.pack("<Q", len(data)) + data)
    stream.flush()


def _receive(stream: BinaryIO) -> Any:
    head = stream.read(8)
    if len(head) < 8:
        raise EOFError
    (size,) = struct.unpack("<Q", head)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)


# --------------------------------------------------------------------------- in this process


def run_here(case: Any, seconds: float = 5.0) -> Report:
    """Run ``case`` in this process, in a fresh temporary folder (no protection from C-level hangs)."""
    return _run_with(case, seconds, None, {})


def _run_with(case: Any, seconds: float, on_step: Any, current: dict[str, Context]) -> Report:
    folder = tempfile.mkdtemp(prefix="decisiontree-fuzz-")
    previous = os.getcwd()
    started = time.perf_counter()
    context = current["context"] = Context(seconds=seconds, on_step=on_step)
    try:
        os.chdir(folder)
        context.run(case.run)
    finally:
        os.chdir(previous)
        _remove(folder)
    return Report(context.outcomes, context.steps, context.errors, time.perf_counter() - started)


def _remove(folder: str) -> None:
    for path in Path(folder).rglob("*"):
        if not path.is_symlink():
            with contextlib.suppress(OSError):
                path.chmod(0o700)
    shutil.rmtree(folder, ignore_errors=True)


# --------------------------------------------------------------------------- the worker side


def serve(read_fd: int, write_fd: int, memory: int, dump: str) -> None:
    """The worker's loop: receive a case and a time limit, run it, send heartbeats and the report."""
    import sympy  # noqa: F401

    import decisiontree
    import decisiontree.cli  # noqa: F401

    from . import code_models, command_lines, expressions, model_files  # noqa: F401

    if memory:
        from .promise import memory_limit

        memory_limit(memory)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    tempfile.tempdir = os.getcwd()  # the worker's folder: what a killed case leaves goes with it
    inbox = os.fdopen(read_fd, "rb")
    outbox = os.fdopen(write_fd, "wb")
    stack_file = open(dump, "w+")  # noqa: SIM115 (open for the worker's life)
    current: dict[str, Context] = {}

    def on_step(name: str) -> None:
        limit = current["context"].seconds  # a case may give a step longer (ShapeCase)
        faulthandler.cancel_dump_traceback_later()
        stack_file.seek(0)
        stack_file.truncate()
        faulthandler.dump_traceback_later(limit + 1.5, file=stack_file)
        _send(outbox, ("step", name, limit))

    while True:
        try:
            case, seconds = _receive(inbox)
        except EOFError:
            return
        report = _run_with(case, seconds, on_step, current)
        faulthandler.cancel_dump_traceback_later()
        _send(outbox, ("done", report))


# --------------------------------------------------------------------------- the parent side


class Worker:
    """A worker process running cases with a soft limit of ``seconds`` per step and a hard kill after.

    ``memory`` caps the worker's extra address space, in bytes (0: no cap).
    Use as a context manager, or call :meth:`close`.
    """

    def __init__(self, seconds: float = 5.0, *, memory: int = 3 << 30) -> None:
        self.seconds = seconds
        self.memory = memory
        self.process: subprocess.Popen[bytes] | None = None
        self.folder = Path(tempfile.mkdtemp(prefix="decisiontree-fuzz-worker-"))
        self.started = 0

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self) -> None:
        to_worker_r, to_worker_w = os.pipe()
        from_worker_r, from_worker_w = os.pipe()
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(ROOT), str(TESTS), os.environ.get("PYTHONPATH", "")]),
            "MPLBACKEND": "Agg",
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
            "COLUMNS": "200",
            "PYTHONFAULTHANDLER": "",
        }
        env.pop("PYTHONFAULTHANDLER")
        self.dump = self.folder / f"stack-{self.started}.txt"
        self.log = open(self.folder / f"worker-{self.started}.log", "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import sys; from fuzzing.workers import serve; "
                "serve(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])",
                str(to_worker_r),
                str(from_worker_w),
                str(self.memory),
                str(self.dump),
            ],
            pass_fds=(to_worker_r, from_worker_w),
            env=env,
            cwd=str(self.folder),
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=self.log,
        )
        os.close(to_worker_r)
        os.close(from_worker_w)
        self.inbox = os.fdopen(from_worker_r, "rb", buffering=0)
        self.outbox = os.fdopen(to_worker_w, "wb")
        self.started += 1

    def _stop(self) -> None:
        if self.process is None:
            return
        for stream in (self.outbox, self.inbox):
            with contextlib.suppress(OSError):
                stream.close()
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.log.close()
        self.process = None

    def close(self) -> None:
        """Stop the worker and remove its folder."""
        self._stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _read(self, size: int, deadline: float) -> bytes | None:
        data = b""
        while len(data) < size:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([self.inbox], [], [], left)
            if not ready:
                return None
            chunk = os.read(self.inbox.fileno(), size - len(data))
            if not chunk:
                raise EOFError
            data += chunk
        return data

    def _message(self, deadline: float) -> Any:
        head = self._read(8, deadline)
        if head is None:
            return None
        (size,) = struct.unpack("<Q", head)
        body = self._read(size, time.monotonic() + 60)
        if body is None:
            raise EOFError
        return pickle.loads(body)

    def run(self, case: Any) -> Report:
        """Run ``case``; a hang the soft limit cannot stop is reported, and the worker replaced."""
        if self.process is None or self.process.poll() is not None:
            self._stop()
            self._start()
        started = time.perf_counter()
        try:
            _send(self.outbox, (case, self.seconds))
        except (RecursionError, pickle.PicklingError, TypeError, AttributeError) as error:
            outcome = Outcome(
                "harness", "sending the case", f"cannot send {type(error).__name__}", str(error)
            )
            return Report([outcome], 0, 0, time.perf_counter() - started)
        step, limit = "(starting)", self.seconds + 30  # the first case waits for the worker's imports
        while True:
            try:
                message = self._message(time.monotonic() + limit + GRACE)
            except EOFError:
                code = self.process.wait() if self.process else None
                self._stop()
                why = f"signal {-code}" if code is not None and code < 0 else f"exit status {code}"
                log = self._log_tail()
                outcome = Outcome("crash", step, f"worker died ({why})", log or "the worker process died")
                return Report([outcome], 0, 0, time.perf_counter() - started)
            if message is None:
                where = self._stack()
                self._stop()
                outcome = Outcome("hang", step, where, f"killed after {limit + GRACE:g} s (stuck in C code?)")
                return Report([outcome], 0, 0, time.perf_counter() - started)
            if message[0] == "step":
                _, step, limit = message
                continue
            report: Report = message[1]
            return report

    def _stack(self) -> str:
        """Where the killed worker was, from the stack :mod:`faulthandler` wrote."""
        try:
            text = self.dump.read_text(errors="replace")
        except OSError:
            return "unknown (no stack written)"
        frames = re.findall(r'File "([^"]+)", line (\d+) in (\S+)', text)
        for filename, line, name in frames:  # most recent call first
            if in_library(filename):
                return f"{filename[len(PACKAGE) :]}:{line} ({name})"
        if frames:
            filename, line, name = frames[0]
            return f"outside decisiontree, at {'/'.join(filename.split('/')[-2:])}:{line} ({name})"
        return "unknown (no stack written)"

    def _log_tail(self) -> str:
        try:
            return (self.folder / f"worker-{self.started - 1}.log").read_text(errors="replace")[-300:].strip()
        except OSError:
            return ""
