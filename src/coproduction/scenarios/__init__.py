"""Scenarios from adult social care practice, bundled with the package.

Each is a YAML scenario file with a comment at the top saying what it teaches. Some
show fair co-production; others hide a problem for the analysis to find.

Examples:
    >>> from coproduction import scenarios
    >>> "oak_house_meals" in scenarios.list_bundled()
    True
    >>> scenarios.load_bundled("oak_house_meals").id
    'oak-house-meals'
"""

from __future__ import annotations

from importlib import resources

from coproduction.errors import NotFoundError
from coproduction.initiative import Initiative
from coproduction.io.yaml import loads

__all__ = ["DEFAULT", "list_bundled", "load_bundled", "read_bundled"]

DEFAULT = "oak_house_meals"
"""The scenario the command line uses when no file is given."""


def list_bundled() -> list[str]:
    """The names of the bundled scenarios, sorted.

    Examples:
        >>> len(list_bundled()) >= 6
        True
    """
    folder = resources.files(__name__)
    return sorted(
        p.name.removesuffix(".yaml")
        for p in folder.iterdir()
        if p.name.endswith(".yaml")
    )


def read_bundled(name: str) -> str:
    """The YAML text of a bundled scenario, comments and all.

    Examples:
        >>> read_bundled("oak_house_meals").startswith("#")
        True

    Raises:
        NotFoundError: If there is no such scenario; the message lists those there are.
    """
    resource = resources.files(__name__) / f"{name}.yaml"
    if not resource.is_file():
        known = ", ".join(repr(n) for n in list_bundled())
        msg = f"no bundled scenario named {name!r}; choose one of {known}"
        raise NotFoundError(msg, kind="scenario", id=name)
    return resource.read_text(encoding="utf-8")


def load_bundled(name: str = DEFAULT) -> Initiative:
    """Load a bundled scenario by name (see `list_bundled`).

    Examples:
        >>> ini = load_bundled("oak_house_meals")
        >>> len(ini.stakeholders) > 3
        True
    """
    return loads(read_bundled(name), source_name=f"{name}.yaml")
