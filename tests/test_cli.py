import datetime as dt
import os
import subprocess
import sys
from importlib import resources

import pytest

import coproduction as cp
from coproduction.cli import main


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def bundled_bytes(name):
    return (resources.files(cp.scenarios) / f"{name}.yaml").read_bytes()


def unknown_name_error(name):
    known = ", ".join(repr(n) for n in cp.scenarios.list_bundled())
    return f"coproduction: no bundled scenario named {name!r}; choose one of {known}\n"


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
                "choose one of 'person', 'family_carer', 'advocate', 'attorney', 'deputy', 'care_worker', 'manager', "
                "'health_professional', 'social_worker', 'commissioner', 'volunteer', 'other'"
            ),
            f"coproduction: {bad}:5: $.stakeholders[1].name: expected a string, got int 2 (put it in quotes if it is meant as text)",
            f"coproduction: {bad}: 2 problems",
        ]

    def test_notes_printed(self, capsys, tmp_path):
        """A valid file with an access need the vocabulary does not know is valid, with a note."""
        path = tmp_path / "home.yaml"
        path.write_text(
            "coproduction: 1\nid: y\nstakeholders:\n"
            "  - {id: dev, name: Dev, access_needs: [BSL interpreter]}\n"
            "  - {id: ada, name: Ada, access_needs: [bsl interpeter, dog friendly room]}\n",
            encoding="utf-8",
        )
        status, out, err = run(capsys, "validate", str(path))
        assert (status, err) == (0, "")
        assert out.splitlines() == [
            f"{path}: valid",
            (
                f"{path}: note: $.stakeholders[1].access_needs: 'bsl interpeter' is not a "
                "known access need; did you mean 'bsl_interpreter'?"
            ),
            (
                f"{path}: note: $.stakeholders[1].access_needs: 'dog friendly room' is not a "
                "known access need; it is kept as written and met only by an accommodation "
                "written the same way"
            ),
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

    def test_list_is_the_default(self, capsys):
        """`scenarios list` prints what the bare `scenarios` prints."""
        assert run(capsys, "scenarios", "list") == run(capsys, "scenarios")

    @pytest.mark.parametrize("name", cp.scenarios.list_bundled())
    def test_show_prints_the_bundled_text(self, capsys, name):
        """show prints the scenario exactly as bundled, comments and all."""
        status, out, err = run(capsys, "scenarios", "show", name)
        assert (status, out, err) == (0, cp.scenarios.read_bundled(name), "")
        assert out.encode("utf-8") == bundled_bytes(name)

    def test_show_unknown(self, capsys):
        """An unknown name lists the known ones."""
        assert run(capsys, "scenarios", "show", "nowhere") == (
            1,
            "",
            unknown_name_error("nowhere"),
        )


class TestScenariosCopy:
    def test_writes_an_identical_file(self, capsys, tmp_path):
        """copy writes the bundled bytes, which load back as the bundled scenario."""
        dest = tmp_path / "my_home.yaml"
        status, out, err = run(
            capsys, "scenarios", "copy", "oak_house_meals", str(dest)
        )
        assert (status, out, err) == (0, f"Copied oak_house_meals to {dest}\n", "")
        assert dest.read_bytes() == bundled_bytes("oak_house_meals")
        assert cp.load(dest) == cp.scenarios.load_bundled("oak_house_meals")

    def test_into_a_directory(self, capsys, tmp_path):
        """A DEST that is a directory receives NAME.yaml."""
        status, out, _ = run(
            capsys, "scenarios", "copy", "home_adaptations", str(tmp_path)
        )
        dest = tmp_path / "home_adaptations.yaml"
        assert (status, out) == (0, f"Copied home_adaptations to {dest}\n")
        assert dest.read_bytes() == bundled_bytes("home_adaptations")

    def test_refuses_to_overwrite(self, capsys, tmp_path):
        """An existing file is left as it was, and the error says to use --force."""
        dest = tmp_path / "my_home.yaml"
        dest.write_text("coproduction: 1\nid: mine\n", encoding="utf-8")
        assert run(capsys, "scenarios", "copy", "oak_house_meals", str(dest)) == (
            2,
            "",
            f"coproduction: {dest} already exists; use --force to overwrite it\n",
        )
        assert dest.read_text(encoding="utf-8") == "coproduction: 1\nid: mine\n"

    def test_refuses_to_overwrite_in_a_directory(self, capsys, tmp_path):
        """NAME.yaml already in the DEST directory is left alone too."""
        dest = tmp_path / "oak_house_meals.yaml"
        dest.write_text("mine\n", encoding="utf-8")
        status, _, err = run(
            capsys, "scenarios", "copy", "oak_house_meals", str(tmp_path)
        )
        assert (status, dest.read_text(encoding="utf-8")) == (2, "mine\n")
        assert (
            err == f"coproduction: {dest} already exists; use --force to overwrite it\n"
        )

    def test_force_overwrites(self, capsys, tmp_path):
        """--force replaces an existing file with the bundled bytes."""
        dest = tmp_path / "my_home.yaml"
        dest.write_text("mine\n", encoding="utf-8")
        argv = ["scenarios", "copy", "--force", "oak_house_meals", str(dest)]
        assert run(capsys, *argv)[0] == 0
        assert dest.read_bytes() == bundled_bytes("oak_house_meals")

    def test_unknown_name(self, capsys, tmp_path):
        """An unknown name lists the known ones and writes nothing."""
        assert run(capsys, "scenarios", "copy", "nowhere", str(tmp_path)) == (
            1,
            "",
            unknown_name_error("nowhere"),
        )
        assert list(tmp_path.iterdir()) == []

    def test_missing_directory(self, capsys, tmp_path):
        """A DEST in a directory that does not exist is a plain error."""
        dest = tmp_path / "nowhere" / "my_home.yaml"
        assert run(capsys, "scenarios", "copy", "oak_house_meals", str(dest)) == (
            1,
            "",
            f"coproduction: cannot write {dest}: there is no directory {dest.parent}\n",
        )


PYTHON_M = [sys.executable, "-m", "coproduction"]


class TestBrokenPipe:
    def test_in_process(self, capsys, monkeypatch):
        """A closed pipe ends the command quietly with status 0."""

        class Closed:
            def write(self, _text):
                raise BrokenPipeError(32, "Broken pipe")

            def flush(self):
                pass

        monkeypatch.setattr(sys, "stdout", Closed())
        assert main(["scenarios", "show", "oak_house_meals"]) == 0
        assert capsys.readouterr().err == ""


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

    def test_a_reader_that_stops_is_not_an_error(self):
        """`coproduction scenarios show NAME | head`: the pipe closes, and all is quiet."""
        read, write = os.pipe()
        os.close(read)  # the reader has gone before the first line is written
        try:
            result = subprocess.run(
                [*PYTHON_M, "scenarios", "show", "oak_house_meals"],
                stdout=write,
                stderr=subprocess.PIPE,
                text=True,
                check=False,
            )
        finally:
            os.close(write)
        assert (result.returncode, result.stderr) == (0, "")

    def test_copy_end_to_end(self, tmp_path):
        """copy in a fresh interpreter writes the bundled bytes, then refuses to overwrite."""
        command = [sys.executable, "-m", "coproduction", "scenarios", "copy"]
        command += ["oak_house_meals", "my_home.yaml"]
        first, second = [
            subprocess.run(
                command, cwd=tmp_path, capture_output=True, text=True, check=False
            )
            for _ in range(2)
        ]
        assert (first.returncode, first.stdout, first.stderr) == (
            0,
            "Copied oak_house_meals to my_home.yaml\n",
            "",
        )
        assert (tmp_path / "my_home.yaml").read_bytes() == bundled_bytes(
            "oak_house_meals"
        )
        assert (second.returncode, second.stderr) == (
            2,
            "coproduction: my_home.yaml already exists; use --force to overwrite it\n",
        )


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
        path.write_text(cp.dumps(ini), encoding="utf-8")
        status, out, _ = run(capsys, "cycles", str(path))
        assert status == 0
        assert out == (
            "Meals (oak): 1 PDSA cycle in 1 ramp\n\nRamp 1: A curry night (curry)\n  c1  new\n\n"
            "You said, we did\nYou said (Alice, 2 January 2026): Curry?\n  Nothing recorded yet (open).\n"
        )
