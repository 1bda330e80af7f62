"""The repository stands on its own: a clone needs nothing beside it."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

import coproduction as cp

ROOT = Path(__file__).resolve().parents[1]

# Ways of naming the folder beside the checkout: a relative path up and out, or a path
# built from a parent of the repository. Built from parts so this file does not match.
OUTSIDE = re.compile(
    r"\.\./" + r"shared|parents\[\d\]\.parent\b|" + re.escape('/ "' + 'shared"')
)


def tracked_files() -> list[Path]:
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z"],  # noqa: S607  # git from PATH, as a developer runs it
            cwd=ROOT,
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout: the files to check are the tracked ones")
    return [ROOT / name for name in out.decode().split("\0") if name]


def test_no_file_reaches_outside_the_repository():
    reaching = []
    for path in tracked_files():
        if path.suffix not in {".py", ".toml", ".yml", ".yaml", ".cfg", ".ini", ""}:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        reaching += [
            f"{path.relative_to(ROOT)}:{n}"
            for n, line in enumerate(text.splitlines(), 1)
            if OUTSIDE.search(line)
        ]
    assert reaching == []


def test_reference_figures_are_in_the_repository():
    folder = ROOT / "tests" / "reference"
    assert sorted(p.name for p in folder.glob("*.json")) == [
        "power_indices.json",
        "spc_cases.json",
    ]
    readme = (folder / "README.md").read_text(encoding="utf-8")
    for source in ("qicharts2 0.8.1", "NHSRplotthedots 0.2.2", "gini-ss", "Straffin"):
        assert source in readme


def test_citation_names_the_current_version():
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["version"] == cp.__version__
    assert citation["cff-version"] == "1.2.0"
    assert {"title", "authors", "license", "message"} <= set(citation)
