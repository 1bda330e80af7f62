import datetime as dt
import subprocess
import sys

import pytest

import coproduction as cp
from coproduction.cli import main


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


class TestValidate:
    def test_valid_bundled(self, capsys):
        """A valid scenario exits 0."""
        assert run(capsys, "validate", "--bundled", "oak_house_meals") == (
            0,
            "oak_house_meals: valid\n",
            "",
        )

    def test_every_problem_listed(self, capsys, tmp_path):
        """An invalid file exits 1 and lists every problem with file, line and path."""
        bad = tmp_path / "bad.yaml"
        bad.write_text(
            "coproduction: 1\nid: x\nstakeholders:\n  - {id: a, name: A, kind: nurse}\n"
            "  - {id: b, name: 2}\n",
            encoding="utf-8",
        )
        good = tmp_path / "good.yaml"
        good.write_text("coproduction: 1\nid: y\n", encoding="utf-8")
        status, out, err = run(capsys, "validate", str(bad), str(good))
        assert status == 1
        assert out == f"{good}: valid\n"
        assert err.splitlines() == [
            (
                f"coproduction: {bad}:4: $.stakeholders[0].kind: 'nurse' is not a kind of stakeholder; "
                "choose one of 'person', 'family_carer', 'advocate', 'care_worker', 'manager', "
                "'health_professional', 'social_worker', 'commissioner', 'volunteer', 'other'"
            ),
            f"coproduction: {bad}:5: $.stakeholders[1].name: expected a string, got int 2 (put it in quotes if it is meant as text)",
            f"coproduction: {bad}: 2 problems",
        ]

    def test_missing_file(self, capsys, tmp_path):
        """A missing file is reported in plain words, without a traceback."""
        path = tmp_path / "nothing.yaml"
        status, out, err = run(capsys, "validate", str(path))
        assert (status, out) == (1, "")
        assert err == f"coproduction: {path}: {path}: No such file or directory\n"

    def test_nothing_to_validate(self, capsys):
        """validate needs something to check."""
        assert run(capsys, "validate") == (
            1,
            "",
            "coproduction: name at least one FILE (or --bundled NAME) to validate\n",
        )


class TestSummary:
    def test_default_scenario(self, capsys):
        """With no file the summary is of the bundled default scenario."""
        status, out, _ = run(capsys, "summary")
        assert status == 0
        assert out.startswith("Mealtimes at Oak House (oak-house-meals)\nPeople: ")
        assert out == cp.present.summary_text(cp.scenarios.load_bundled()) + "\n"

    def test_file(self, capsys, tmp_path):
        """A file is summarised."""
        path = tmp_path / "s.yaml"
        path.write_text("coproduction: 1\nid: y\ntitle: Tiny\n", encoding="utf-8")
        status, out, _ = run(capsys, "summary", str(path))
        assert status == 0
        assert out.startswith("Tiny (y)\nPeople: 0\n")

    def test_unknown_bundled(self, capsys):
        """An unknown bundled name lists the known ones."""
        status, _, err = run(capsys, "summary", "--bundled", "nowhere")
        assert status == 1
        assert err.startswith(
            "coproduction: no bundled scenario named 'nowhere'; choose one of '"
        )

    def test_file_and_bundled(self, capsys):
        """FILE and --bundled together are a mistake."""
        assert run(capsys, "summary", "x.yaml", "--bundled", "y")[2] == (
            "coproduction: give a FILE or --bundled NAME, not both\n"
        )


class TestScenarios:
    def test_lists_every_bundled(self, capsys):
        """Every bundled scenario is listed with its title."""
        status, out, _ = run(capsys, "scenarios")
        assert status == 0
        assert [
            line.split()[0] for line in out.splitlines()
        ] == cp.scenarios.list_bundled()


class TestEntryPoint:
    def test_version(self):
        """python -m coproduction --version prints the version."""
        result = subprocess.run(
            [sys.executable, "-m", "coproduction", "--version"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert (result.returncode, result.stdout) == (
            0,
            f"coproduction {cp.__version__}\n",
        )

    def test_usage_error(self):
        """A mistake in the command exits 2 with argparse's usage message."""
        result = subprocess.run(
            [sys.executable, "-m", "coproduction", "frobnicate"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 2
        assert "invalid choice: 'frobnicate'" in result.stderr
        assert "Traceback" not in result.stderr

    @pytest.mark.parametrize("command", ["summary", "scenarios"])
    def test_runs_end_to_end(self, command):
        """`python -m coproduction` runs each command end to end in a fresh interpreter."""
        result = subprocess.run(
            [sys.executable, "-m", "coproduction", command],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr


class TestReport:
    def test_default_scenario(self, capsys):
        """With no file the report is on the bundled default scenario."""
        status, out, _ = run(capsys, "report")
        assert status == 0
        assert out.startswith(
            "Co-production report: Mealtimes at Oak House (oak-house-meals)\n"
        )
        assert "access_unmet" in out

    @pytest.mark.parametrize("fmt", ["text", "markdown", "json", "html"])
    def test_formats(self, capsys, fmt):
        """Every format prints what the library renders."""
        status, out, _ = run(
            capsys, "report", "--bundled", "oak_house_meals", "--format", fmt
        )
        ini = cp.scenarios.load_bundled("oak_house_meals")
        expected = cp.present.render(cp.find_imbalances(ini), fmt, ini)
        assert (status, out) == (0, expected + "\n")

    @pytest.mark.parametrize(
        ("name", "fail_on", "status"),
        [
            ("home_adaptations", "warning", 0),  # fair: nothing found
            ("advocate_care_planning", "concern", 1),  # affected_absent is a concern
            ("shared_lounge_decoration", "concern", 0),  # tokenism is only a warning
            ("shared_lounge_decoration", "warning", 1),
        ],
    )
    def test_fail_on(self, capsys, name, fail_on, status):
        """--fail-on exits 1 exactly when a finding at or above that severity exists."""
        assert (
            run(capsys, "report", "--bundled", name, "--fail-on", fail_on)[0] == status
        )

    def test_bad_format(self):
        """An unknown format is a usage error (exit 2), listing the choices."""
        result = subprocess.run(
            [sys.executable, "-m", "coproduction", "report", "--format", "pdf"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 2
        # argparse words the list of choices differently across Python versions.
        assert "argument --format: invalid choice: 'pdf'" in result.stderr


class TestCycles:
    def test_shows_ramps_and_feedback(self, capsys, tmp_path):
        """cycles shows each ramp and then the feedback loop."""
        ini = cp.Initiative(
            id="oak",
            title="Meals",
            stakeholders=[cp.Stakeholder(id="alice", name="Alice")],
            change_ideas=[cp.ChangeIdea(id="curry", title="A curry night")],
            feedback=[
                cp.Feedback(
                    id="f1", received=dt.date(2026, 1, 2), text="Curry?", by="alice"
                )
            ],
        )
        ini.start_cycle(id="c1", change_idea="curry")
        path = tmp_path / "oak.yaml"
        path.write_text(cp.dump(ini), encoding="utf-8")
        status, out, _ = run(capsys, "cycles", str(path))
        assert status == 0
        assert out == (
            "Meals (oak): 1 PDSA cycle in 1 ramp\n\nRamp 1: A curry night (curry)\n  c1  new\n\n"
            "You said, we did\nYou said (Alice, 2 January 2026): Curry?\n  Nothing recorded yet (open).\n"
        )
