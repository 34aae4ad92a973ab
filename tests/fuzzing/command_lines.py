"""Hostile command lines: every ``decisiontree`` subcommand with bad arguments, as hypothesis strategies.

A :class:`CommandCase` is an argument list and the files it refers to (a
good model, a mutated one, a directory, a missing file, an unreadable file,
a symbolic-link loop, ``/dev/zero`` under a model's name, a wrong suffix),
run in-process through ``decisiontree.cli.main`` in a fresh folder. When the
case knows an argument is bad (an unknown option, ``psa -n 10000000000000``,
a directory as the model), the exit status must not be 0.

>>> CommandCase(("psa", "model.yaml", "-n", "0"), bad="-n 0").summary
'decisiontree psa model.yaml -n 0'
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import attrs
from hypothesis import strategies as st

from .checks import run_cli
from .expressions import expression_texts
from .model_files import BASES, model_files
from .promise import Context

__all__ = ["COMMANDS", "KNOWN_COMMANDS", "CommandCase", "command_lines"]

COMMANDS = ("validate", "evaluate", "render", "sensitivity", "psa", "convert", "demo")


@attrs.frozen
class File:
    """A file the command line refers to: ``kind`` is file, dir, unreadable, loop, dangling, zero."""

    name: str
    kind: str = "file"
    content: bytes = b""

    def make(self) -> None:
        path = Path(self.name)
        if self.kind == "dir":
            path.mkdir()
        elif self.kind == "loop":
            path.symlink_to(path.name)
        elif self.kind == "dangling":
            path.symlink_to("nowhere/at/all.yaml")
        elif self.kind == "zero":
            path.symlink_to("/dev/zero")
        else:
            path.write_bytes(self.content)
            if self.kind == "unreadable":
                path.chmod(0)


@attrs.frozen
class CommandCase:
    """``decisiontree ARGV`` with its files; ``bad`` says why it must fail (empty: it may succeed)."""

    kind = "cli"
    argv: tuple[str, ...]
    files: tuple[File, ...] = ()
    bad: str = ""
    cls: int = 9

    @property
    def classes(self) -> tuple[int, ...]:
        return (9,) if self.cls == 9 else (9, self.cls)

    @property
    def summary(self) -> str:
        words = [a if len(a) <= 40 else a[:30] + f"...({len(a)} characters)" for a in self.argv]
        kinds = [f"{f.name} is {f.kind}" for f in self.files if f.kind != "file"]
        extra = f" [{', '.join(kinds)}]" if kinds else ""
        return "decisiontree " + " ".join(repr(w) if (" " in w or not w) else w for w in words) + extra

    def source(self) -> str:
        lines = [self.summary, ""]
        for file in self.files:
            if file.kind in ("file", "unreadable"):
                lines += [f"--- {file.name} ({file.kind})", file.content.decode("utf-8", "replace")]
        return "\n".join(lines)

    def run(self, context: Context) -> None:
        for file in self.files:
            file.make()
        bad = self.bad
        if bad == "unreadable" and os.geteuid() == 0:
            bad = ""  # root reads it anyway
        try:
            run_cli(context, self.argv, expect_failure=bool(bad))
        finally:
            for file in self.files:
                if file.kind == "unreadable":
                    Path(file.name).chmod(0o600)


def _base(name: str) -> bytes:
    return next(b.text for b in BASES() if b.name == name).encode("utf-8")


@st.composite
def _model(draw: Any) -> tuple[str, tuple[File, ...], str, int]:
    """The model argument: (its name, the files to make, why it is bad, class)."""
    choice = draw(st.sampled_from(["good", "good", "good", "mutated", "mutated", "odd"]))
    if choice == "good":
        base = draw(
            st.sampled_from(["paris_summit.yaml", "paris_summit_chance.json", "seed.yaml", "game.yaml"])
        )
        name = "model" + Path(base).suffix
        return name, (File(name, content=_base(base)),), "", 9
    if choice == "mutated":
        case = draw(model_files())
        name = "model.json" if case.fmt == "json" else "model.yaml"
        return name, (File(name, content=case.content()),), "", case.classes[0]
    odd = draw(
        st.sampled_from(
            [
                ("dir.yaml", "dir", "a directory as the model"),
                ("missing.yaml", "none", "a missing model file"),
                ("unreadable.yaml", "unreadable", "unreadable"),
                ("loop.yaml", "loop", "a symbolic link to itself"),
                ("dangling.yaml", "dangling", "a dangling symbolic link"),
                ("empty.yaml", "empty", "an empty model file"),
                ("model.txt", "file", "an unknown suffix"),
                ("model.efg", "garbage", "a broken .efg file"),
                ("model.json", "yaml", "YAML in a .json file"),
                ("zero.yaml", "zero", "/dev/zero as the model"),
            ]
        )
    )
    name, kind, why = odd
    if kind == "none":
        return name, (), why, 9
    if kind in ("empty", "garbage", "yaml"):
        content = {
            "empty": b"",
            "garbage": b'EFG 2 R "x" { "P" }\n""\np "" 1 1 "" { "a" } 0\nt "" 1 "" {',
            "yaml": _base("seed.yaml"),
        }[kind]
        return name, (File(name, content=content),), why, 9
    if kind == "file":
        return name, (File(name, content=_base("seed.yaml")),), why, 9
    content = _base("seed.yaml") if kind == "unreadable" else b""
    return name, (File(name, kind, content),), why, 9


PARAMETERS = ("p_hold", "cost", "p_good", "eu_war", "nope", "P_HOLD", "", "p_hold ")
NUMBERS = ("10000000000000", "0", "-1", "1", "abc", "1e3", "9" * 5000, "1.5", "", "99999999999999999999")
TEXTS = ("", " ", "x\\G y\\N", "&amp; <b>", "\x00", "\ud800", "a" * 5000, "--json", "-")


@st.composite
def _options(draw: Any, command: str) -> tuple[list[str], str, int]:
    """Options for ``command``: (argument list, why it is bad or "", class)."""
    out: list[str] = []
    bad = ""
    cls = 9
    settings = draw(st.integers(0, 2)) if command in ("evaluate", "render") else 0
    for _ in range(settings):
        name = draw(st.sampled_from(PARAMETERS))
        value = draw(expression_texts())
        cls = 3
        out += ["--set", f"{name}={value}"]
    if command == "evaluate":
        if draw(st.booleans()):
            out.append("--exact")
        if draw(st.booleans()):
            out.append("--json")
        if draw(st.booleans()):
            top = draw(st.sampled_from(["-1", "0", "3", "9" * 30, "x"]))
            out += ["--top", top]
            bad = bad or ("a bad --top" if top in ("-1", "x") else "")
    if command in ("evaluate", "render", "sensitivity", "psa") and draw(st.booleans()):
        out += [
            "--objective",
            draw(
                st.sampled_from(
                    [
                        "Europe",
                        "Firm",
                        "nope",
                        "Europe=1,US=x",
                        "=",
                        "Europe=1e400",
                        "Europe=nan",
                        "A=1,A=2",
                        "",
                    ]
                )
            ),
        ]
    if command == "render":
        output = draw(
            st.sampled_from(
                ["out.svg", "out.dot", "out.png", "out.xyz", "dir.yaml", "missing/out.svg", "/dev/full"]
            )
        )
        out += ["-o", output]
        if output == "out.xyz":  # render creates missing folders, as documented
            bad = bad or f"output {output}"
        if draw(st.booleans()):
            direction = draw(st.sampled_from(["LR", "tb", "XX", ""]))
            out += ["--direction", direction]
            bad = bad or ("a bad --direction" if direction in ("XX", "") else "")
        if draw(st.booleans()):
            collapse = draw(st.sampled_from(["0", "1", "-1", "9" * 30, "x"]))
            out += ["--collapse", collapse]
            bad = bad or ("a bad --collapse" if collapse in ("-1", "x") else "")
        if draw(st.booleans()):
            out += ["--title", draw(st.sampled_from(TEXTS))]
            cls = 8
        if draw(st.booleans()):
            out += ["--format", draw(st.sampled_from(["svg", "exe", "", "dot", "PNG"]))]
        if draw(st.booleans()):
            out.append("--no-highlight")
    if command == "sensitivity":
        if draw(st.booleans()):
            out.append("--tornado")
        for _ in range(draw(st.integers(0, 2))):
            out += ["-t", draw(st.sampled_from(PARAMETERS))]
        if draw(st.booleans()):
            out.append("--json")
    if command in ("sensitivity", "psa") and draw(st.booleans()):
        out += [
            "-d",
            draw(
                st.sampled_from(
                    ["", "nope", "Spend only", "Spend only > US response", ">", '"invest"', "wait"]
                )
            ),
        ]
    if command == "psa":
        if draw(st.booleans()):
            n = draw(st.sampled_from(NUMBERS))
            out += ["-n", n]
            if n in (
                "10000000000000",
                "0",
                "-1",
                "abc",
                "1e3",
                "9" * 5000,
                "1.5",
                "",
                "99999999999999999999",
            ):
                bad = bad or f"-n {n[:20]}"
                cls = 6
        if draw(st.booleans()):
            seed = draw(st.sampled_from(["0", "-1", "9" * 100, "x", "1.5"]))
            out += ["--seed", seed]
        if draw(st.booleans()):
            out.append("--json")
    if command == "convert":
        output = draw(
            st.sampled_from(["out.yaml", "out.json", "out.efg", "out.txt", "dir.yaml", "missing/out.yaml"])
        )
        out += ["-o", output]
        if output in ("out.txt", "missing/out.yaml"):
            bad = bad or f"output {output}"
    if draw(st.integers(0, 9)) == 0:
        junk = draw(st.sampled_from(["--bogus", "extra.yaml", "--set", "--json=1", "-x"]))
        out.append(junk)
        bad = bad or f"stray argument {junk}"
    return out, bad, cls


@st.composite
def command_lines(draw: Any) -> CommandCase:
    """A subcommand with its model file and options, as :class:`CommandCase`."""
    command = draw(st.sampled_from(COMMANDS))
    if command == "demo":
        return draw(st.sampled_from(DEMO_CASES))
    name, files, bad, cls = draw(_model())
    options, wrong, option_class = draw(_options(command))
    files_made = list(files)
    if any(option == "dir.yaml" for option in options) and not any(f.name == "dir.yaml" for f in files):
        files_made.append(File("dir.yaml", "dir"))
    argv = (command, name, *options)
    return CommandCase(argv, tuple(files_made), bad or wrong, option_class if option_class != 9 else cls)


DEMO_CASES = (
    CommandCase(("demo", "--output", "taken"), (File("taken", content=b"a file"),), "output is a file"),
    CommandCase(
        ("demo", "--output", "taken/below"), (File("taken", content=b"a file"),), "output below a file"
    ),
    CommandCase(("demo", "--bogus"), (), "unknown option"),
    CommandCase(("demo", "extra"), (), "stray argument"),
    CommandCase(("demo", "--output"), (), "missing value"),
)
"""``demo`` with bad arguments only (a good one runs for a minute)."""

KNOWN_COMMANDS = (
    CommandCase(
        ("evaluate", "model.yaml", "--set", "p_hold=1e400"), (File("model.yaml", content=b""),), "", 3
    ),
    CommandCase(("psa", "model.yaml", "-n", "10000000000000"), (), "-n 10000000000000", 6),
    CommandCase(("validate", "dir.yaml"), (File("dir.yaml", "dir"),), "a directory as the model"),
    CommandCase(
        ("evaluate", "unreadable.yaml"),
        (File("unreadable.yaml", "unreadable", b"tree: {kind: terminal, name: t}"),),
        "unreadable",
    ),
    CommandCase(
        ("evaluate", "model.yaml", "--exact"),
        (File("model.yaml", content=b"tree: {kind: terminal, name: t, payoff: 2**2000}"),),
        "",
        9,
    ),
    CommandCase(
        ("evaluate", "model.yaml", "--exact", "--json"),
        (File("model.yaml", content=b"tree: {kind: terminal, name: t, payoff: 2**2000}"),),
        "",
        9,
    ),
    CommandCase(
        ("evaluate", "model.yaml", "--json"),
        (File("model.yaml", content=b"tree: {kind: terminal, name: t, payoff: 10**400}"),),
        "",
        9,
    ),
    *DEMO_CASES,
)
"""The issue's command-line examples; ``model.yaml`` files are filled with the Paris model by the campaign."""


def with_paris(case: CommandCase) -> CommandCase:
    """``case`` with an empty ``model.yaml`` filled with the Paris-summit model."""
    files = tuple(
        File(f.name, f.kind, _base("paris_summit.yaml")) if f.name == "model.yaml" and not f.content else f
        for f in case.files
    )
    if not files and case.argv[1:2] == ("model.yaml",):
        files = (File("model.yaml", content=_base("paris_summit.yaml")),)
    return attrs.evolve(case, files=files)
