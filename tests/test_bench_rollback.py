"""The rollback benchmark runs: every figure it prints is computed on tiny trees (no timing is checked)."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARK = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_rollback.py"


@pytest.fixture(scope="module")
def bench() -> Iterator[ModuleType]:
    spec = importlib.util.spec_from_file_location("bench_rollback", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_rollback"] = module
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop("bench_rollback", None)


@pytest.mark.parametrize("actors", [1, 2])
def test_the_tree_and_its_nested_tuples_have_the_same_value(bench: ModuleType, actors: int) -> None:
    import decisiontree as dt

    data = bench.draws(5)
    tree = bench.build_model(5, data, actors=actors)
    tuples = bench.build_tuples(5, data, actors=actors)
    assert tree.size == bench.nodes_of(5) == 63
    for values in (bench.BASE, bench.NEW, bench.DEEP):
        result = dt.evaluate(tree, values).value
        if actors == 1:
            assert bench.close(result, bench.naive(tuples, values))
            assert bench.close(result, bench.naive_model(tree, values))
            assert bench.close(result, bench.bare_rollback(bench.flat_levels(5, data, values)))
        else:
            expected = bench.naive_actors(tuples, values)
            assert bench.close(result["A"], expected[0]) and bench.close(result["B"], expected[1])


def test_the_plain_classes_build_the_same_tree_of_names(bench: ModuleType) -> None:
    """The floor the build figure is printed beside builds the same tree, only without checks."""

    def names(node: object) -> tuple[object, ...]:
        if isinstance(node, tuple):
            return (node[1], tuple((b[0], names(b[1])) for b in node[2])) if node[0] != "T" else (node[1], ())
        branches = getattr(node, "branches", ())
        return (node.name, tuple((b.label, names(b.node)) for b in branches))  # type: ignore[attr-defined]

    data = bench.draws(4)
    plain = bench.build_model(4, data, kit=bench.PLAIN)
    assert type(plain) is bench.PLAIN.Decision
    assert names(plain) == names(bench.build_tuples(4, data)) == names(bench.build_model(4, data).root)


def test_the_shared_tree_has_two_to_the_levels_paths(bench: ModuleType) -> None:
    import decisiontree as dt

    tree = bench.shared_tree(12)
    assert tree.paths == 2**13 - 1 and tree.flat.size == 13
    assert dt.evaluate(tree).value == pytest.approx(dt.evaluate(bench.shared_tree(12)).value)


@pytest.mark.slow
def test_every_figure_is_printed_on_tiny_sizes(bench: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    report = bench.main(["--smoke"])
    printed = capsys.readouterr().out
    assert len(report.rows) == 11
    for figure, _, _, _ in report.rows:
        assert figure in printed
    assert "targets met" in printed
