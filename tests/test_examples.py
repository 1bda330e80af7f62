"""The examples run, tell their story, and write no file they were not given."""

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "sqlite_event_store.py"

STORY = """\
Saved initiative 'oak-tea' at version 1, with cycle 'tea-1' planned (2 events stored).
Grace and Raj both read version 1.
Grace saves first: version 2.
Raj's save is turned away by the unique key (UNIQUE constraint failed: initiatives.initiative_id, initiatives.version); nothing of his was stored.
Raj reads again, records his count once more and saves: version 3.
Studied with 6 counts: Too early to tell whether people in the lounge at 3pm went up: 2 observations since the change began on 4 May 2026, and a shift (7 in a row above the baseline median of 4.5) needs at least 5 more.
Saved the meeting as version 3; cycle 'tea-1' is now at version 5.
Read back: Grace's and Raj's counts [11.0, 9.0], cycle acted, equal to what the meeting saved.
"""


def example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sqlite_event_store", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestSqliteEventStore:
    def test_the_story_in_memory(self, capsys, tmp_path, monkeypatch):
        monkeypatch.chdir(tmp_path)
        assert example().main([]) == 0
        assert capsys.readouterr().out == STORY
        assert list(tmp_path.iterdir()) == []  # nothing written

    def test_a_file_given_on_the_command_line(self, tmp_path):
        db = tmp_path / "care.db"
        run = subprocess.run(
            [sys.executable, str(EXAMPLE), str(db)],
            capture_output=True,
            text=True,
            check=False,
            cwd=tmp_path,
        )
        assert (run.returncode, run.stdout, run.stderr) == (0, STORY, "")
        assert [p.name for p in tmp_path.iterdir()] == ["care.db"]

    def test_a_file_that_holds_the_story_already_is_left_alone(self, capsys, tmp_path):
        db = tmp_path / "care.db"
        module = example()
        assert module.main([str(db)]) == 0
        before = db.read_bytes()
        capsys.readouterr()
        assert module.main([str(db)]) == 2
        assert capsys.readouterr().out == (
            "That database holds the story already: name a new file, or none.\n"
        )
        assert db.read_bytes() == before

    @pytest.mark.parametrize("name", ["sqlite_event_store.py"])
    def test_uses_the_standard_library_and_coproduction_only(self, name):
        imports = {
            line.split()[1].split(".")[0]
            for line in (ROOT / "examples" / name)
            .read_text(encoding="utf-8")
            .splitlines()
            if line.startswith(("import ", "from "))
        }
        assert imports - sys.stdlib_module_names == {"coproduction"}
