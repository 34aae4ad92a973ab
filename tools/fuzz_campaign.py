"""A long fuzz campaign: hostile inputs of every class, run in worker processes, counted by outcome.

Generates inputs with the hypothesis strategies of ``tests/fuzzing`` (mutated
model files and data for ``from_dict``; expressions; models built in code,
public functions with hostile arguments, hostile sizes and sharing, texts in
diagrams, valid trees with numbers at the ends of the float range; command
lines), plus the issue's own examples once each, and runs
each input in a worker process with a time limit per public call (a signal
first; a kill when the call is stuck in C code). Prints, per class, the
inputs tried and what became of them, then every distinct place where the
promise broke: crashes by exception type and innermost library frame, hangs
by where they were stuck, non-finite results, broken round trips, the
command line's faults, text not shown literally in diagrams; each with a
count, the classes of the issue (1-9) its inputs belong to, and the shortest
example. The same seed gives the same inputs.

    python tools/fuzz_campaign.py                      # 10,000 / 10,000 / 3,000 / 1,000 inputs
    python tools/fuzz_campaign.py --files 500 --expressions 500 --code 200 --cli 100 --seed 7
    python tools/fuzz_campaign.py --save fuzz-examples --json fuzz.json

Exits with status 1 when any promise broke, 0 otherwise.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import pickle
import queue
import random
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fuzzing import (  # noqa: E402
    KNOWN,
    KNOWN_COMMANDS,
    KNOWN_SHAPES,
    Worker,
    bad_calls,
    code_models,
    command_lines,
    diagrams,
    expressions,
    extremes,
    model_data,
    model_files,
    shapes,
)
from fuzzing.code_models import ARGUMENTS, BASE_TREES, SLOTS, every_call, every_model, tree_for  # noqa: E402
from fuzzing.command_lines import with_paris  # noqa: E402
from fuzzing.expressions import ExpressionCase  # noqa: E402
from fuzzing.model_files import known_files  # noqa: E402
from fuzzing.promise import Outcome  # noqa: E402
from fuzzing.workers import Report  # noqa: E402
from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

CLASSES: dict[str, list[tuple[str, Callable[[], st.SearchStrategy[Any]], float]]] = {
    "files": [("model_files", model_files, 0.85), ("model_data", model_data, 0.15)],
    "expressions": [("expressions", expressions, 1.0)],
    "code": [
        ("code_models", code_models, 0.40),
        ("bad_calls", bad_calls, 0.35),
        ("shapes", shapes, 0.05),
        ("diagrams", diagrams, 0.10),
        ("extremes", extremes, 0.10),
    ],
    "cli": [("command_lines", command_lines, 1.0)],
    "sweep": [],
}
"""Each class of input: its strategies and their shares of the inputs."""

STATUSES = ("crash", "hang", "nonfinite", "roundtrip", "cli", "diagram", "harness")


def known(name: str) -> list[Any]:
    """The issue's own examples of a class, run once each before the generated inputs."""
    if name == "files":
        return known_files()
    if name == "expressions":
        return [ExpressionCase(text, where) for text in KNOWN for where in ("parse", "payoff", "probability")]
    if name == "code":
        return list(KNOWN_SHAPES)
    if name == "cli":
        return [with_paris(case) for case in KNOWN_COMMANDS]
    return []


def generate(strategy: st.SearchStrategy[Any], n: int, key: str) -> list[Any]:
    """``n`` examples of ``strategy``, the same for the same ``key`` (hypothesis, seeded, no database)."""
    out: list[Any] = []
    number = random.Random(key).getrandbits(64)

    @seed(number)
    @settings(
        max_examples=n,
        database=None,
        phases=[Phase.generate],
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(case: Any) -> None:
        out.append(case)

    try:
        collect()
    except Exception as error:  # a fault of a strategy: reported, and the campaign goes on
        print(f"  a strategy failed ({key}): {type(error).__name__}: {error}", file=sys.stderr, flush=True)
    return out


def fingerprint(case: Any) -> str:
    try:
        return hashlib.sha1(pickle.dumps(case, protocol=4)).hexdigest()
    except Exception:  # unpicklable: kept, as no duplicate can be seen
        return str(id(case))


def sweep_cases() -> Iterator[Any]:
    """Every argument of every public function given every hostile value, on every base tree (or the
    one the function needs), then every argument of the constructors: no sampling."""
    for function in sorted(ARGUMENTS):
        for tree in [tree_for(function)] if tree_for(function) else list(BASE_TREES):
            yield from every_call(function, tree)
    for slot in SLOTS:
        yield from every_model(slot)


def inputs(name: str, total: int, seed_value: int, batch: int) -> Iterable[list[Any]]:
    """Batches of distinct generated inputs of class ``name``, ``total`` in all (after its known examples)."""
    if name == "sweep":
        cases = sweep_cases()
        while chunk := list(itertools.islice(cases, batch)):
            yield chunk
        return
    done: set[str] = set()
    parts = CLASSES[name]
    wanted = {label: round(total * share) for label, _, share in parts}
    wanted[parts[0][0]] += total - sum(wanted.values())
    examples = known(name)
    for k in range(0, len(examples), batch):
        yield examples[k : k + batch]
    for label, make, _ in parts:
        have, round_number, stale = 0, 0, 0
        while have < wanted[label] and stale < 5:
            # Draw a whole batch even when fewer are missing: hypothesis starts every run
            # with the same simplest example, which is then a duplicate.
            fresh = []
            for case in generate(make(), batch, f"{seed_value}:{name}:{label}:{round_number}"):
                mark = fingerprint(case)
                if mark not in done and have + len(fresh) < wanted[label]:
                    done.add(mark)
                    fresh.append(case)
            round_number += 1
            stale = stale + 1 if not fresh else 0
            have += len(fresh)
            if fresh:
                yield fresh


class Tally:
    """Counts per class, and every broken promise by place with its shortest example."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.tried: Counter[str] = Counter()
        self.refused: Counter[str] = Counter()
        self.broken_inputs: Counter[str] = Counter()
        self.by_status: dict[str, Counter[str]] = defaultdict(Counter)
        self.seconds: Counter[str] = Counter()
        self.places: dict[tuple[str, str], dict[str, Any]] = {}

    def add(self, name: str, case: Any, report: Any) -> None:
        with self.lock:
            self.tried[name] += 1
            self.seconds[name] += report.seconds
            if report.errors:
                self.refused[name] += 1
            if report.outcomes:
                self.broken_inputs[name] += 1
            seen: set[tuple[str, str]] = set()
            for outcome in report.outcomes:
                key = (outcome.status, outcome.place)
                if key in seen:
                    continue
                seen.add(key)
                self.by_status[name][outcome.status] += 1
                entry = self.places.setdefault(
                    key,
                    {"count": 0, "classes": Counter(), "kinds": Counter(), "example": None, "outcome": None},
                )
                entry["count"] += 1
                entry["kinds"][name] += 1
                for cls in set(case.classes):
                    entry["classes"][cls] += 1
                summary = f"{case.kind}: {case.summary}"
                if entry["example"] is None or len(summary) < len(entry["example"]):
                    entry["example"] = summary
                    entry["outcome"] = outcome
                    entry["case"] = case


def run(args: argparse.Namespace) -> Tally:
    tally = Tally()
    workers = [Worker(seconds=args.timeout, memory=args.memory << 20) for _ in range(args.jobs)]
    started = time.monotonic()
    totals = {"files": args.files, "expressions": args.expressions, "code": args.code, "cli": args.cli}
    totals["sweep"] = int(args.sweep)
    try:
        for name, total in totals.items():
            if total <= 0:
                continue
            for cases in inputs(name, total, args.seed, args.batch):
                work: queue.Queue[Any] = queue.Queue()
                for case in cases:
                    work.put(case)

                def drain(worker: Worker, name: str = name, work: queue.Queue[Any] = work) -> None:
                    while True:
                        try:
                            case = work.get_nowait()
                        except queue.Empty:
                            return
                        try:
                            done = worker.run(case)
                        except Exception as error:  # a fault of the harness: counted, not fatal
                            outcome = Outcome("harness", "running the case", type(error).__name__, str(error))
                            done = Report([outcome], 0, 0, 0.0)
                        tally.add(name, case, done)

                threads = [threading.Thread(target=drain, args=(w,)) for w in workers]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
                if not args.quiet:
                    broken = sum(tally.by_status[name].values())
                    print(
                        f"  {name}: {tally.tried[name]} inputs, {broken} broken promises "
                        f"({time.monotonic() - started:.0f} s)",
                        file=sys.stderr,
                        flush=True,
                    )
    finally:
        for worker in workers:
            worker.close()
    return tally


def table(rows: Sequence[Sequence[Any]], header: Sequence[str]) -> str:
    widths = [max(len(str(row[k])) for row in [header, *rows]) for k in range(len(header))]
    lines = [
        "  ".join(
            str(cell).rjust(w) if k else str(cell).ljust(w)
            for k, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def report(tally: Tally, args: argparse.Namespace) -> str:
    out = [
        f"decisiontree fuzz campaign: seed {args.seed}, {args.timeout:g} s per call, {args.jobs} worker(s)",
        "",
    ]
    rows = []
    for name in CLASSES:
        if not tally.tried[name]:
            continue
        counts = tally.by_status[name]
        rows.append(
            [
                name,
                tally.tried[name],
                tally.refused[name],
                *(counts[s] for s in STATUSES[:-1]),
                f"{tally.seconds[name]:.0f}",
            ]
        )
    total = ["total", sum(tally.tried.values()), sum(tally.refused.values())]
    total += [sum(tally.by_status[n][s] for n in CLASSES) for s in STATUSES[:-1]]
    total += [f"{sum(tally.seconds.values()):.0f}"]
    rows.append(total)
    header = [
        "class",
        "inputs",
        "refused",
        "crashes",
        "hangs",
        "nonfinite",
        "roundtrip",
        "cli",
        "diagram",
        "seconds",
    ]
    out.append(table(rows, header))
    out.append("(refused: inputs the library turned down with its own exception; the other columns count")
    out.append(" inputs that broke the promise in that way, once per distinct place)")
    for status in STATUSES:
        places = sorted(
            ((key[1], entry) for key, entry in tally.places.items() if key[0] == status),
            key=lambda item: (-item[1]["count"], item[0]),
        )
        if not places:
            continue
        out += ["", f"{status}: {len(places)} distinct place{'s' if len(places) != 1 else ''}"]
        for place, entry in places:
            classes = ",".join(str(c) for c in sorted(entry["classes"]))
            outcome = entry["outcome"]
            out.append(f"  {entry['count']:6d}  {place}   [classes {classes or '-'}]")
            out.append(f"          in {outcome.step}: {' '.join(outcome.message.split())[:150]}")
            out.append(f"          e.g. {entry['example'][:220]}")
    return "\n".join(out)


def save(tally: Tally, folder: Path) -> None:
    """Write the shortest example of every place: its source and its outcome with the traceback."""
    folder.mkdir(parents=True, exist_ok=True)
    for k, ((status, place), entry) in enumerate(sorted(tally.places.items(), key=lambda item: item[0]), 1):
        case, outcome = entry["case"], entry["outcome"]
        text = [
            f"{status}: {place}",
            f"step: {outcome.step}",
            f"message: {outcome.message}",
            "",
            entry["example"],
            "",
        ]
        if outcome.detail:
            text += ["traceback:", outcome.detail, ""]
        text += ["input:", case.source()]
        (folder / f"{k:03d}-{status}.txt").write_text("\n".join(text), encoding="utf-8", errors="replace")


def as_json(tally: Tally, args: argparse.Namespace) -> dict[str, Any]:
    return {
        "seed": args.seed,
        "timeout": args.timeout,
        "tried": dict(tally.tried),
        "refused": dict(tally.refused),
        "broken": {name: dict(counts) for name, counts in tally.by_status.items()},
        "places": [
            {
                "status": status,
                "place": place,
                "count": entry["count"],
                "classes": sorted(entry["classes"]),
                "step": entry["outcome"].step,
                "message": entry["outcome"].message,
                "example": entry["example"],
            }
            for (status, place), entry in sorted(tally.places.items())
        ],
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=10_000, help="mutated model files and from_dict data")
    parser.add_argument("--expressions", type=int, default=10_000, help="generated expressions")
    parser.add_argument("--code", type=int, default=3_000, help="models built in code and bad arguments")
    parser.add_argument("--cli", type=int, default=1_000, help="command lines")
    parser.add_argument("--seed", type=int, default=0, help="the same seed gives the same inputs")
    parser.add_argument(
        "--sweep",
        action="store_true",
        help="also every argument with every hostile value (about 80,000 inputs)",
    )
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds per public call before a hang")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes")
    parser.add_argument("--memory", type=int, default=3072, help="extra memory per worker, in MiB")
    parser.add_argument("--batch", type=int, default=250, help="inputs generated at a time")
    parser.add_argument("--save", type=Path, help="write the shortest example of every place here")
    parser.add_argument("--json", type=Path, help="write the counts and places as JSON here")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    args = parser.parse_args(argv)
    started = time.monotonic()
    tally = run(args)
    print(report(tally, args))
    print(f"\n{time.monotonic() - started:.0f} s in all")
    if args.save:
        save(tally, args.save)
    if args.json:
        args.json.write_text(json.dumps(as_json(tally, args), indent=2, default=str), encoding="utf-8")
    return 1 if tally.places else 0


if __name__ == "__main__":
    sys.exit(main())
