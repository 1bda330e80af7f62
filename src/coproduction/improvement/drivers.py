"""The driver diagram: an `Aim`, the `Driver`s that bring it about, and `ChangeIdea`s to test.

A driver diagram sets out a team's theory of change. The aim answers the Model for
Improvement's first question, "What are we trying to accomplish?": what, how much,
for whom and by when. Primary drivers are the few things that must change for the
aim to be met; secondary drivers are what moves the primary ones; change ideas are
concrete things to try, each tested in one or more PDSA cycles.

Records refer to each other by id; `driver_diagram` checks the references and builds
the diagram as a networkx graph whose edges point from a change idea, through the
drivers, to the aim.

References:
    Langley GJ, Moen RD, Nolan KM, Nolan TW, Norman CL, Provost LP (2009). The
    Improvement Guide: A Practical Approach to Enhancing Organizational Performance,
    2nd ed. Jossey-Bass.

    Bennett B, Provost L (2015). What's your theory? Driver diagram serves as tool
    for building and testing theories for improvement. Quality Progress 48(7): 36-43.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

import networkx as nx
from attrs import field, frozen

from coproduction._choice import Choice
from coproduction._fields import (
    check_date,
    check_id,
    check_id_set,
    check_optional_id,
    check_text,
    collecting,
    to_id_set,
)
from coproduction._words import did_you_mean, duplicate_id
from coproduction.errors import ValidationError
from coproduction.types import DriverKindName

__all__ = ["Aim", "ChangeIdea", "Driver", "DriverKind", "driver_diagram"]


class DriverKind(Choice):
    """Whether a driver acts on the aim directly or through other drivers.

    Examples:
        >>> DriverKind("secondary")
        <DriverKind.SECONDARY: 'secondary'>

    Added in 0.1.
    """

    PRIMARY = "primary"
    """Must change for the aim to be met; drives the aim itself."""
    SECONDARY = "secondary"
    """Moves one or more other drivers (usually primary ones)."""


@collecting
@frozen(kw_only=True)
class Aim:
    """What a team is trying to accomplish: what, how much, for whom and by when.

    Examples:
        >>> import datetime as dt
        >>> aim = Aim(id="meals", what="Residents enjoy their meals",
        ...           how_much="from 62% to 80% satisfied", for_whom="residents of Oak House",
        ...           by_when=dt.date(2026, 12, 31))
        >>> aim.by_when.year
        2026

    Added in 0.1.
    """

    id: str = field(validator=check_id)
    """Unique within the initiative."""
    what: str = field(validator=check_text)
    """What is to be accomplished, in plain words."""
    how_much: str = field(validator=check_text)
    """How much better, e.g. ``"from 62% to 80%"``."""
    for_whom: str = field(validator=check_text)
    """The people it is for."""
    by_when: dt.date = field(validator=check_date)
    """The date by which it should be met."""


def _to_driver_kind(value: DriverKind | DriverKindName) -> DriverKind:
    return DriverKind(value)


@collecting
@frozen(kw_only=True)
class Driver:
    """Something that must change for an aim to be met.

    A primary driver names the aim it drives; a secondary driver names, in `feeds`,
    the drivers it moves (one or several).

    Examples:
        >>> p = Driver(id="choice", title="Residents choose what is cooked",
        ...            kind="primary", aim="meals")
        >>> s = Driver(id="meetings", title="Menus planned at residents' meetings",
        ...            kind="secondary", feeds={"choice"})
        >>> p.kind, sorted(s.feeds)
        (<DriverKind.PRIMARY: 'primary'>, ['choice'])
        >>> Driver(id="x", title="X", kind="primary")
        Traceback (most recent call last):
        ...
        coproduction.errors.ValidationError: $.aim: a primary driver needs the id of the aim it drives

    Added in 0.1.
    """

    id: str = field(validator=check_id)
    """Unique within the initiative (among aims, drivers and change ideas)."""
    title: str = field(validator=check_text)
    """What must change, in a few words."""
    kind: DriverKind = field(converter=_to_driver_kind)
    """Primary or secondary."""
    aim: str | None = field(default=None, validator=check_optional_id)
    """For a primary driver, the id of the aim it drives; None for a secondary."""
    feeds: frozenset[str] = field(
        factory=frozenset, converter=to_id_set, validator=check_id_set
    )
    """For a secondary driver, the ids of the drivers it moves; empty for a primary."""

    @kind.validator
    def _check_kind(self, _: object, kind: DriverKind) -> None:
        if kind is DriverKind.PRIMARY:
            if self.aim is None:
                msg = "a primary driver needs the id of the aim it drives"
                raise ValidationError(msg, "$.aim", code="empty")
            if self.feeds:
                msg = f"a primary driver drives its aim, not other drivers; got feeds {sorted(self.feeds)!r}"
                raise ValidationError(msg, "$.feeds", code="not_allowed")
            return
        if self.aim is not None:
            msg = f"a secondary driver moves other drivers, not an aim; got aim {self.aim!r} (name its drivers in feeds)"
            raise ValidationError(msg, "$.aim", code="not_allowed")
        if not self.feeds:
            msg = "a secondary driver needs the ids of the drivers it moves"
            raise ValidationError(msg, "$.feeds", code="empty")


@collecting
@frozen(kw_only=True)
class ChangeIdea:
    """Something concrete to try, in the hope that it moves one or more drivers.

    Examples:
        >>> idea = ChangeIdea(id="curry-night", title="A curry night chosen by residents",
        ...                   feeds={"meetings"})
        >>> sorted(idea.feeds), idea.description
        (['meetings'], '')

    Added in 0.1.
    """

    id: str = field(validator=check_id)
    """Unique within the initiative (among aims, drivers and change ideas)."""
    title: str = field(validator=check_text)
    """The idea, in a few words."""
    description: str = field(default="", validator=check_text)
    """More about it, if wanted."""
    feeds: frozenset[str] = field(
        factory=frozenset, converter=to_id_set, validator=check_id_set
    )
    """The ids of the drivers (usually secondary) it is meant to move; may be empty."""


def driver_diagram(
    aims: Iterable[Aim],
    drivers: Iterable[Driver],
    change_ideas: Iterable[ChangeIdea] = (),
) -> nx.DiGraph[str]:
    """Build the driver diagram: change ideas → drivers → primary drivers → aims.

    Every aim, driver and change idea is a node, keyed by its id, with a `kind`
    attribute ("aim", "primary", "secondary" or "change_idea"), a `title` (an aim's
    `what`) and the `record` itself. Each edge points the way influence flows: from
    a change idea to each driver it feeds, from a secondary driver to each driver it
    feeds, and from a primary driver to its aim.

    Args:
        aims: The aims.
        drivers: The primary and secondary drivers.
        change_ideas: The change ideas.

    Returns:
        A new directed acyclic graph.

    Raises:
        ValidationError: If an id is used twice, a reference names no known aim or
            driver, or drivers feed each other in a loop. The path names the
            offending field, e.g. ``$.drivers[2].feeds``.

    Examples:
        >>> import datetime as dt
        >>> aim = Aim(id="meals", what="Residents enjoy their meals", how_much="80%",
        ...           for_whom="residents", by_when=dt.date(2026, 12, 31))
        >>> drivers = [
        ...     Driver(id="choice", title="Residents choose", kind="primary", aim="meals"),
        ...     Driver(id="meetings", title="Menu meetings", kind="secondary",
        ...            feeds={"choice"}),
        ... ]
        >>> ideas = [ChangeIdea(id="curry", title="Curry night", feeds={"meetings"})]
        >>> g = driver_diagram([aim], drivers, ideas)
        >>> list(nx.topological_sort(g))
        ['curry', 'meetings', 'choice', 'meals']
        >>> g.nodes["choice"]["kind"]
        'primary'
        >>> driver_diagram([aim], drivers[1:])
        Traceback (most recent call last):
        ...
        coproduction.errors.ValidationError: $.drivers[0].feeds: unknown driver 'choice'

    Notes:
        A secondary driver may feed several drivers, and a change idea several
        drivers, so the diagram is a DAG rather than a tree. A change idea that
        feeds nothing yet is a node with no edge.

    See Also:
        Aim, Driver, ChangeIdea

    References:
        Langley GJ et al. (2009), The Improvement Guide, 2nd ed. Jossey-Bass.

    Added in 0.1.
    """
    for problem in _problems(aims, drivers, change_ideas, hints=False):
        raise problem
    return _graph(tuple(aims), tuple(drivers), tuple(change_ideas))


def diagram_problems(
    aims: Iterable[Aim],
    drivers: Iterable[Driver],
    change_ideas: Iterable[ChangeIdea] = (),
) -> Iterator[ValidationError]:
    """Every problem that stops the records making a driver diagram, each with its path.

    The problems are those `driver_diagram` refuses, all of them rather than the first,
    and an unknown id comes with a "did you mean" where one is close.

    Examples:
        >>> import datetime as dt
        >>> aim = Aim(id="meals", what="Enjoy meals", how_much="80%",
        ...           for_whom="residents", by_when=dt.date(2026, 12, 31))
        >>> drivers = [
        ...     Driver(id="choice", title="Residents choose", kind="primary", aim="meal"),
        ...     Driver(id="menus", title="Menus", kind="secondary", feeds={"choise"}),
        ... ]
        >>> for problem in diagram_problems([aim], drivers):
        ...     print(problem)
        $.drivers[0].aim: unknown aim 'meal' (did you mean 'meals'?)
        $.drivers[1].feeds: unknown driver 'choise' (did you mean 'choice'?)
    """
    return _problems(aims, drivers, change_ideas, hints=True)


def _problems(
    aims: Iterable[Aim],
    drivers: Iterable[Driver],
    change_ideas: Iterable[ChangeIdea],
    *,
    hints: bool,
) -> Iterator[ValidationError]:
    aims, drivers, change_ideas = tuple(aims), tuple(drivers), tuple(change_ideas)
    places: dict[str, str] = {}  # id -> the path of the record that holds it
    for name, group in _groups(aims, drivers, change_ideas):
        for index, record in enumerate(group):
            path = f"$.{name}[{index}]"
            expected = _EXPECTED[name]
            if not isinstance(record, expected):
                msg = f"expected {expected.__name__}, got {type(record).__name__} {record!r}"
                yield ValidationError(msg, path, code="duplicate_id")
            elif record.id in places:
                msg = duplicate_id(record.id, places[record.id])
                yield ValidationError(msg, f"{path}.id", code="duplicate_id")
            else:
                places[record.id] = path
    aim_ids = [a.id for a in aims if isinstance(a, Aim)]
    driver_ids = [d.id for d in drivers if isinstance(d, Driver)]
    for index, driver in enumerate(drivers):
        if not isinstance(driver, Driver):
            continue
        path = f"$.drivers[{index}]"
        yield from _unknown([driver.aim], aim_ids, "aim", f"{path}.aim", hints=hints)
        feeds = sorted(driver.feeds)
        yield from _unknown(feeds, driver_ids, "driver", f"{path}.feeds", hints=hints)
    for index, idea in enumerate(change_ideas):
        if isinstance(idea, ChangeIdea):
            path = f"$.change_ideas[{index}].feeds"
            feeds = sorted(idea.feeds)
            yield from _unknown(feeds, driver_ids, "driver", path, hints=hints)
    yield from _loop(_graph(aims, drivers, change_ideas), places)


_EXPECTED: dict[str, type] = {
    "aims": Aim,
    "drivers": Driver,
    "change_ideas": ChangeIdea,
}


def _groups(
    aims: tuple[Aim, ...],
    drivers: tuple[Driver, ...],
    change_ideas: tuple[ChangeIdea, ...],
) -> tuple[tuple[str, tuple[Aim | Driver | ChangeIdea, ...]], ...]:
    return (("aims", aims), ("drivers", drivers), ("change_ideas", change_ideas))


def _unknown(
    ids: Iterable[str | None], known: list[str], noun: str, path: str, *, hints: bool
) -> Iterator[ValidationError]:
    known_set = set(known)
    for id in ids:
        if id is not None and id not in known_set:
            hint = did_you_mean(known, id) if hints else ""
            yield ValidationError(
                f"unknown {noun} {id!r}{hint}", path, code="unknown_reference"
            )


def _graph(
    aims: tuple[Aim, ...],
    drivers: tuple[Driver, ...],
    change_ideas: tuple[ChangeIdea, ...],
) -> nx.DiGraph[str]:
    """The diagram of the well-formed records, with edges only to nodes it has."""
    graph: nx.DiGraph[str] = nx.DiGraph()
    for name, group in _groups(aims, drivers, change_ideas):
        for record in group:
            if isinstance(record, _EXPECTED[name]) and record.id not in graph:
                graph.add_node(record.id, **_node(record))
    feeding: tuple[object, ...] = (*drivers, *change_ideas)
    for source in feeding:
        if not isinstance(source, Driver | ChangeIdea):
            continue
        if graph.nodes[source.id]["record"] is not source:
            continue  # a duplicate id: the first record holds the node
        targets = sorted(source.feeds)
        if isinstance(source, Driver) and source.aim is not None:
            targets = [source.aim, *targets]
        for target in targets:
            if target in graph:
                graph.add_edge(source.id, target)
    return graph


def _loop(graph: nx.DiGraph[str], places: dict[str, str]) -> Iterator[ValidationError]:
    if nx.is_directed_acyclic_graph(graph):
        return
    loop = [u for u, _ in nx.find_cycle(graph)]
    order = list(places)
    first = min(loop, key=order.index)
    at = loop.index(first)
    loop = loop[at:] + loop[:at] + [first]
    chain = " -> ".join(repr(i) for i in loop)
    msg = f"drivers feed each other in a loop: {chain} (read 'a -> b' as 'a feeds b')"
    yield ValidationError(msg, f"{places[first]}.feeds", code="loop")


def _node(record: Aim | Driver | ChangeIdea) -> dict[str, Any]:
    if isinstance(record, Aim):
        return {"kind": "aim", "title": record.what, "record": record}
    if isinstance(record, Driver):
        return {"kind": record.kind.value, "title": record.title, "record": record}
    return {"kind": "change_idea", "title": record.title, "record": record}
