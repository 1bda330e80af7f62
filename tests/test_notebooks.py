"""Every notebook in `examples/` is stored clean and runs top to bottom.

The notebooks are a trainer's course: a broken one is found here, in CI, and not in
front of a room of learners. Each runs in a fresh kernel, in an empty folder of its
own, so anything it saves lands there and nothing is left in the repository.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
NOTEBOOKS = sorted(EXAMPLES.glob("*.ipynb"))

# Jupyter's own start-up may warn about its paths moving to platformdirs; that is
# about this machine's Jupyter, not about the notebooks. Everything else stays an error.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Jupyter is migrating its paths:DeprecationWarning"
)

# What a fresh machine may print once, whatever the notebook does.
HARMLESS_STDERR = ("Matplotlib is building the font cache",)

# A cell that hangs fails the test instead of stalling CI; this is no measure of speed.
CELL_TIMEOUT = 120


def _ids(path: Path) -> str:
    return path.stem


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids)
def test_stored_without_outputs(path):
    """Outputs belong to whoever runs the notebook, not to the repository."""
    data = json.loads(path.read_text(encoding="utf-8"))
    nbformat.validate(nbformat.from_dict(data))
    for cell in data["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [], f"{path.name}: a cell has stored outputs"
            assert cell["execution_count"] is None, f"{path.name}: a cell was run"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids)
def test_runs_top_to_bottom(path, tmp_path, record_property):
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    started = time.perf_counter()
    client.execute()  # raises CellExecutionError, with the cell and its traceback
    record_property("seconds", round(time.perf_counter() - started, 1))
    for number, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") != "stream" or output.get("name") != "stderr":
                continue
            text = "".join(
                line
                for line in output["text"].splitlines(keepends=True)
                if not line.startswith(HARMLESS_STDERR)
            )
            if text.strip():
                pytest.fail(f"{path.name}, cell {number}: wrote to stderr: {text}")
