"""In Jupyter (a real kernel): analysis results show as tables, dt.explore shows sliders, progress bars
are widgets without a warning."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

import decisiontree as dt

pytestmark = pytest.mark.slow

TESTS = Path(__file__).resolve().parent

CELLS = [
    "import sys, warnings\nsys.path.insert(0, {tests!r})\nwarnings.simplefilter('error')\n"
    "import attrs, decisiontree as dt\nfrom shared_trees import summit\ntree = summit()",
    "dt.tornado(tree)",
    "hold, cost = tree.parameters\n"
    "uncertain = attrs.evolve(tree, parameters=[attrs.evolve(hold, distribution=dt.Beta(6, 4)), cost])\n"
    "dt.psa(uncertain, 500, seed=1)",
    "dt.evaluate(tree).to_frame()",
    "explorer = dt.explore(tree)\nexplorer",
    "explorer.sliders['p_hold'].value = 0.4\nexplorer.result.choice('Paris summit')",
    "dt.psa(uncertain, 20_000, seed=1, chunk_size=1000, progress=True).n",
]


def test_a_notebook_shows_tables_sliders_and_progress_widgets(tmp_path: Path) -> None:
    try:
        import nbformat
        from nbclient import NotebookClient
    except ImportError:
        if os.environ.get("CI"):
            raise
        pytest.skip("nbclient (the notebook test extra) is not installed")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(c.format(tests=str(TESTS))) for c in CELLS]
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS.parent), *sys.path])}
    client = NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.km_kwargs = {"env": environment}  # the kernel imports this checkout of decisiontree
    client.execute()
    outputs = [cell.outputs for cell in notebook.cells]
    assert all(o.output_type != "error" for cell in outputs for o in cell), outputs
    tornado = outputs[1][0].data
    assert tornado["text/html"].startswith('<table class="decisiontree-table">')
    assert "<caption>Tornado (base case: Deploy force)</caption>" in tornado["text/html"]
    psa = outputs[2][0].data["text/html"]
    assert "probability optimal" in psa and "500 draws" in psa  # the summary, not 500 rows of draws
    assert "<table" in outputs[3][0].data["text/html"]  # pandas' own table for a DataFrame
    assert "application/vnd.jupyter.widget-view+json" in outputs[4][0].data
    assert outputs[5][0].data["text/plain"] == "'Stay out'"  # 150 * 0.4 - 70 < 0
    streams = [o for o in outputs[6] if o.output_type == "stream"]
    assert not [o.text for o in streams if o.name == "stderr"]  # no warning, no text bar: a widget
    assert any("application/vnd.jupyter.widget-view+json" in getattr(o, "data", {}) for o in outputs[6])
    assert dt.__name__ == "decisiontree"
