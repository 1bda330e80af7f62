"""The house rules of the source: imports point down, and private names stay home.

The layers, from the bottom (CONTRIBUTING.md draws them):

0. ``errors`` and the private helpers beside it (``_fields``, ``_choice``, ``_words``,
   ``_version``, ``_collection``);
1. ``model`` and ``improvement``, siblings that never import each other;
2. ``initiative``, the aggregate that joins them, with its table of records
   (``_records``);
3. ``analysis``, ``io`` and ``research``;
4. ``present``, ``training`` and ``scenarios`` (the bundled scenarios, which the
   exercises in ``training`` are about);
5. ``testing``, ``cli``, ``__main__`` and the package's ``__init__``.

A module may import from its own layer's package and from any layer below, never from
one above. A module may import a private module (``_fields``), but not a name
beginning with ``_`` from another module: what is shared has a public name.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "coproduction"

LAYERS: dict[str, int] = {
    "errors": 0,
    "_fields": 0,
    "_choice": 0,
    "_words": 0,
    "_version": 0,
    "_collection": 0,
    "model": 1,
    "improvement": 1,
    "initiative": 2,
    "_records": 2,
    "analysis": 3,
    "io": 3,
    "research": 3,
    "present": 4,
    "training": 4,
    "scenarios": 4,
    "testing": 5,
    "cli": 5,
    "__main__": 5,
    "__init__": 5,
    "_editing": 2,
    "_limits": 0,
    "types": 0,
    "_display": 0,
}
SIBLINGS = {"model", "improvement"}


def part_of(module: str) -> str:
    """The top-level part of `coproduction.a.b` (``a``), or ``__init__``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC.parent).with_suffix("")
        name = ".".join(relative.parts)
        found.append((name.removesuffix(".__init__"), path))
    return found


def imports(name: str, path: Path) -> list[tuple[str, list[str], int]]:
    """(module imported, names taken from it, line) for every import of `coproduction`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(a.name, [], node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            target = node.module or ""
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, target] if target else base)
            found.append((target, [a.name for a in node.names], node.lineno))
    return [
        f for f in found if f[0] == "coproduction" or f[0].startswith("coproduction.")
    ]


MODULES = modules()


def test_every_part_has_a_layer():
    parts = {part_of(name) for name, _ in MODULES}
    assert parts <= set(LAYERS), sorted(parts - set(LAYERS))


def upward(name: str, path: Path) -> list[str]:
    """The imports of module `name` (at `path`) that point up a layer or across siblings."""
    here = part_of(name)
    wrong = []
    for target, names, line in imports(name, path):
        # `from coproduction import errors` imports the module coproduction.errors
        targets = (
            [f"coproduction.{n}" for n in names]
            if target == "coproduction"
            else [target]
        )
        for full in targets:
            there = part_of(full)
            if there != here and (
                LAYERS.get(there, 0) > LAYERS[here] or {here, there} == SIBLINGS
            ):
                wrong.append(f"{path.name}:{line} imports {full}")
    return wrong


def private_names(name: str, path: Path) -> list[str]:
    """What module `name` takes that is private to another module or package.

    A name beginning with ``_`` stays in its module. A private module inside a package
    (``improvement/_transitions``) serves that package only; the private modules at the
    top (``_fields``, ``_choice``) serve every layer.
    """
    known = {m for m, _ in MODULES}
    taken = []
    for target, names, line in imports(name, path):
        for full in [target] + [f"{target}.{n}" for n in names]:
            parts = full.split(".")
            inner = [
                p for p in parts[2:] if p.startswith("_") and not p.startswith("__")
            ]
            if inner and full in known and not name.startswith(".".join(parts[:2])):
                taken.append(f"{path.name}:{line} takes {full}")
        taken += [
            f"{path.name}:{line} takes {n} from {target}"
            for n in names
            if n.startswith("_")
            and not n.startswith("__")
            and f"{target}.{n}" not in known  # a private module may be imported
        ]
    return sorted(set(taken))


@pytest.mark.parametrize(("name", "path"), MODULES, ids=[n for n, _ in MODULES])
def test_imports_point_down(name, path):
    assert upward(name, path) == []


@pytest.mark.parametrize(("name", "path"), MODULES, ids=[n for n, _ in MODULES])
def test_no_private_name_is_imported_from_another_module(name, path):
    assert private_names(name, path) == []


def test_the_rules_bite(tmp_path):
    """An upward import, a sibling import and a borrowed private name are all caught."""
    module = tmp_path / "fake.py"
    module.write_text(
        "from coproduction.analysis import imbalance\n"
        "from coproduction.improvement.cycle import Cycle\n"
        "from coproduction.errors import _secret\n"
        "from coproduction import _fields\n"
        "from coproduction.analysis._tally import Tally\n"
        "from coproduction.model.people import Stakeholder\n",
        encoding="utf-8",
    )
    assert upward("coproduction.model.fake", module) == [
        "fake.py:1 imports coproduction.analysis",
        "fake.py:2 imports coproduction.improvement.cycle",
        "fake.py:5 imports coproduction.analysis._tally",
    ]
    assert private_names("coproduction.model.fake", module) == [
        "fake.py:3 takes _secret from coproduction.errors",
        "fake.py:5 takes coproduction.analysis._tally",
    ]
