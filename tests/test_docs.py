"""The documentation: every code block runs, the nav lists every page, the commands work."""

import re
import shlex
from pathlib import Path

import pytest
import yaml

import coproduction as cp
from coproduction.cli import main

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))
COURSE = sorted((DOCS / "course").glob("*.ipynb"))  # links to examples/*.ipynb
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def blocks(path: Path, language: str) -> list[str]:
    return [
        body
        for lang, body in FENCE.findall(path.read_text(encoding="utf-8"))
        if lang == language
    ]


def nav_files(nav) -> list[str]:
    found = []
    for item in nav:
        for value in item.values():
            found += nav_files(value) if isinstance(value, list) else [value]
    return found


class TestPages:
    @pytest.mark.parametrize("path", [*PAGES, ROOT / "README.md"], ids=lambda p: p.name)
    def test_python_blocks_are_doctests(self, path):
        """Every Python block is a doctest (pytest runs them with --doctest-glob)."""
        for body in blocks(path, "python"):
            assert body.lstrip().startswith(">>>"), (
                f"{path.name}: a python block that is not a doctest"
            )

    def test_nav_matches_files(self):
        """mkdocs.yml lists every page and course notebook, and each one it lists exists."""
        config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
        listed = sorted(nav_files(config["nav"]))
        pages = [*PAGES, *COURSE]
        assert listed == sorted(str(p.relative_to(DOCS)) for p in pages)

    def test_every_module_has_a_reference_page(self):
        """Each public module or subpackage has a page in the API reference."""
        text = "\n".join(
            p.read_text(encoding="utf-8") for p in (DOCS / "reference").glob("*.md")
        )
        for module in [
            "coproduction",
            "coproduction.model",
            "coproduction.initiative",
            "coproduction.io",
            "coproduction.scenarios",
            "coproduction.testing",
            "coproduction.errors",
            "coproduction.present",
        ]:
            assert f"::: {module}" in text, module


COMMANDS = [
    (path, body)
    for path in [*PAGES, ROOT / "README.md"]
    for body in blocks(path, "console")
    if body.startswith("$ coproduction")
]


def session(body: str) -> list[tuple[str, list[str]]]:
    """Each `$ ` line of a console block with the lines shown after it."""
    steps: list[tuple[str, list[str]]] = []
    for line in body.rstrip("\n").split("\n"):
        if line.startswith("$ "):
            steps.append((line, []))
        else:
            steps[-1][1].append(line)
    return steps


class TestCommands:
    @pytest.mark.parametrize(
        ("path", "body"),
        COMMANDS,
        ids=[f"{p.name}:{b.split()[2]}" for p, b in COMMANDS],
    )
    def test_shown_output_is_real(self, path, body, capsys, tmp_path, monkeypatch):
        """Each `$ coproduction ...` in a block runs and prints exactly what the page shows.

        The commands of a block run in turn in an empty directory, so that a page can
        copy a scenario to a file and then use it.
        """
        monkeypatch.chdir(tmp_path)
        for command, shown in session(body):
            assert command.startswith("$ coproduction "), f"{path.name}: {command}"
            status = main(shlex.split(command.removeprefix("$ coproduction ")))
            out = capsys.readouterr().out
            assert status == 0, f"{path.name}: {command}"
            assert out.rstrip("\n").split("\n") == shown, f"{path.name}: {command}"


class TestScenarioFormatPage:
    def test_documents_every_key(self):
        """The format page has a table row for every key of every record in the schema."""
        text = (DOCS / "scenario-format.md").read_text(encoding="utf-8")
        rows = set(re.findall(r"^\| `(\w+)` \|", text, re.MULTILINE))
        for definition in cp.schema()["$defs"].values():
            assert set(definition["properties"]) <= rows
        for key in cp.schema()["properties"]:
            assert f"`{key}`" in text
