"""Progress bars: shown where someone watches and the run is long, never a warning, off on request."""

from __future__ import annotations

import importlib.util
import sys

import numpy as np
import pytest
from shared_trees import summit

import decisiontree as dt
from decisiontree import _progress
from decisiontree._progress import DELAY, progress_bar
from decisiontree.analysis.psa import BLOCK
from decisiontree.analysis.sweep import sweep


def test_no_bar_by_default_where_nobody_watches(capsys: pytest.CaptureFixture[str]) -> None:
    assert progress_bar(10, "psa") is None  # the tests' stderr is no terminal
    dt.psa(summit(), 3 * BLOCK, seed=1, chunk_size=BLOCK)
    assert capsys.readouterr().err == ""


def test_in_a_terminal_the_default_bar_waits_for_a_long_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    bar = progress_bar(10, "psa")
    assert bar is not None
    assert (bar.delay, bar.leave) == (DELAY, False)  # quick runs print nothing; the bar leaves no trace
    bar.close()
    forced = progress_bar(10, "psa", progress=True)
    assert (forced.delay, forced.leave) == (0, True)
    forced.close()
    assert progress_bar(10, "psa", progress=False) is None


def test_a_notebook_without_ipywidgets_gets_a_text_bar_no_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    import tqdm.std

    monkeypatch.setattr(_progress, "in_notebook", lambda: True)
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "ipywidgets" else real(name, *a)
    )
    bar = progress_bar(3, "psa")  # warnings are errors in the tests
    assert type(bar) is tqdm.std.tqdm
    bar.close()


def test_outside_a_kernel_there_is_no_notebook() -> None:
    assert not _progress.in_notebook()


def test_progress_must_be_a_bool_or_none() -> None:
    with pytest.raises(dt.ArgumentError, match="progress"):
        progress_bar(3, "psa", progress="yes")
    with pytest.raises(dt.ArgumentError, match="progress"):
        dt.psa(summit(), 10, progress=1)


def test_psa_and_big_sweeps_show_a_bar_when_asked(capsys: pytest.CaptureFixture[str]) -> None:
    dt.psa(summit(), 2 * BLOCK, seed=1, chunk_size=BLOCK, progress=True)
    assert "psa" in capsys.readouterr().err
    swept = sweep(summit(), {"p_hold": np.linspace(0.4, 0.8, 50)}, chunk_cells=10, progress=True)
    assert "sweep" in capsys.readouterr().err
    quiet = sweep(summit(), {"p_hold": np.linspace(0.4, 0.8, 50)}, chunk_cells=10, progress=False)
    assert capsys.readouterr().err == ""
    assert np.array_equal(swept.values, quiet.values)
    for run in (
        lambda: dt.one_way(summit(), "p_hold", progress=False),
        lambda: dt.two_way(summit(), "p_hold", None, "troop_cost", progress=False),
        lambda: dt.tornado(summit(), progress=False),
    ):
        run()
    assert capsys.readouterr().err == ""
