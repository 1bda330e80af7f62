"""Types that catch mistakes: mypy --strict refuses exactly the wrong uses in tests/typing/uses.py.

Each wrong line there ends with ``# E: <code>``, the error code mypy must give; every
other line must pass. The aliases in `coproduction.types` are checked against the
enumerations they spell, so neither can gain or lose a value alone.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import get_args

import pytest

from coproduction import types
from coproduction.analysis.findings import FindingKind, Severity, Theme
from coproduction.improvement import DriverKind, MeasureKind, Outcome, Phase
from coproduction.model import (
    Action,
    Capacity,
    FeedbackKind,
    ItemKind,
    Level,
    Perspective,
    ResponseKind,
    Result,
    Rule,
    Scope,
)
from coproduction.model.people import KINDS

ROOT = Path(__file__).resolve().parents[1]
USES = ROOT / "tests" / "typing" / "uses.py"
MARK = re.compile(r"#\s*E:\s*([a-z][a-z-]*)\s*$")
ERROR = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): error: .*\[(?P<code>[a-z-]+)\]$")

ALIASES = [
    (types.ActionName, Action),
    (types.CapacityName, Capacity),
    (types.DriverKindName, DriverKind),
    (types.FeedbackKindName, FeedbackKind),
    (types.FindingKindName, FindingKind),
    (types.ItemKindName, ItemKind),
    (types.LevelName, Level),
    (types.MeasureKindName, MeasureKind),
    (types.OutcomeName, Outcome),
    (types.PerspectiveName, Perspective),
    (types.PhaseName, Phase),
    (types.ResponseKindName, ResponseKind),
    (types.ResultName, Result),
    (types.RuleName, Rule),
    (types.ScopeName, Scope),
    (types.SeverityName, Severity),
    (types.ThemeName, Theme),
]


@pytest.mark.parametrize(
    ("alias", "enum"), ALIASES, ids=[enum.__name__ for _, enum in ALIASES]
)
def test_each_alias_has_exactly_its_enums_values_in_order(alias, enum):
    assert get_args(alias) == tuple(m.value for m in enum)


def test_every_alias_is_checked():
    names = {n for n in types.__all__ if n.endswith("Name")}
    assert names == {f"{enum.__name__}Name" for _, enum in ALIASES}


def test_stakeholder_kinds_are_the_taxonomy():
    assert get_args(types.StakeholderKind) == tuple(KINDS)


def expected_errors() -> list[tuple[int, str]]:
    lines = USES.read_text(encoding="utf-8").splitlines()
    return [
        (number, found.group(1))
        for number, line in enumerate(lines, start=1)
        if (found := MARK.search(line))
    ]


def test_the_marks_are_read():
    marked = expected_errors()
    assert len(marked) == 28
    assert marked[0][1] == "arg-type"


def test_mypy_refuses_exactly_the_marked_lines(tmp_path, monkeypatch):
    api = pytest.importorskip("mypy.api")
    monkeypatch.setenv("MYPYPATH", str(ROOT / "src"))
    monkeypatch.chdir(ROOT)
    stdout, stderr, status = api.run(
        [
            "--strict",
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--cache-dir",
            str(tmp_path / "mypy-cache"),
            "--no-error-summary",
            "--show-error-codes",
            "--no-pretty",
            "--no-color-output",
            str(USES.relative_to(ROOT)),
        ]
    )
    assert stderr == ""
    got = []
    for line in stdout.splitlines():
        if ": note: " in line:  # a hint beside an error ("Did you mean ...?")
            continue
        found = ERROR.match(line)
        assert found, line  # a note or an error without a code is a surprise
        got.append((int(found["line"]), found["code"]))
    assert sorted(got) == expected_errors(), stdout
    assert status == (1 if got else 0)


def test_each_kind_of_finding_has_its_evidence_typeddict():
    assert list(types.EVIDENCE) == [k.value for k in FindingKind]
    assert set(get_args(types.Evidence)) == set(types.EVIDENCE.values())


def test_the_bundled_findings_fit_their_typeddicts():
    import coproduction as cp  # noqa: PLC0415

    for name in cp.scenarios.list_bundled():
        report = cp.find_imbalances(cp.scenarios.load_bundled(name))
        assert set(report.summary) == set(types.Summary.__annotations__), name
        for f in report:
            shape = types.EVIDENCE[f.kind.value]
            keys = set(f.evidence)
            assert shape.__required_keys__ <= keys, (name, f)
            assert keys <= shape.__required_keys__ | shape.__optional_keys__, (name, f)
