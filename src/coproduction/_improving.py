"""The improvement half of the `Initiative`: aims, drivers, change ideas, measures, cycles.

Kept apart from `initiative.py` so that each file stays readable; `Initiative` inherits
it. Like the rest of the aggregate, every change is checked first and made afterwards.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, TypeVar

import networkx as nx

from coproduction.errors import NotFoundError, ValidationError
from coproduction.improvement import (
    Aim,
    ChangeIdea,
    Cycle,
    Driver,
    Measure,
    Observation,
    driver_diagram,
)

__all__ = ["Improving", "duplicate", "hint", "lookup", "require"]

T = TypeVar("T")

Clock = Callable[[], dt.datetime]


class Improving:
    """Aims, drivers, change ideas, measures, observations and PDSA cycles of an initiative."""

    _aims: dict[str, Aim]
    _drivers: dict[str, Driver]
    _change_ideas: dict[str, ChangeIdea]
    _measures: dict[str, Measure]
    _observations: dict[str, list[Observation]]
    _cycles: dict[str, Cycle]
    _clock: Clock | None

    def _init_improving(
        self,
        *,
        aims: Iterable[Aim],
        drivers: Iterable[Driver],
        change_ideas: Iterable[ChangeIdea],
        measures: Iterable[Measure],
        observations: Iterable[Observation],
        cycles: Iterable[Cycle],
        clock: Clock | None,
        index: Callable[
            [str, type, Iterable[Any], list[ValidationError]], dict[str, Any]
        ],
        problems: list[ValidationError],
    ) -> None:
        self._clock = clock
        self._aims = index("aims", Aim, aims, problems)
        self._drivers = index("drivers", Driver, drivers, problems)
        self._change_ideas = index("change_ideas", ChangeIdea, change_ideas, problems)
        self._measures = index("measures", Measure, measures, problems)
        self._observations = defaultdict(list)
        for i, o in enumerate(observations):
            if isinstance(o, Observation):
                self._observations[o.measure].append(o)
            else:
                msg = f"expected an Observation, got {type(o).__name__} {o!r}"
                problems.append(ValidationError(msg, f"$.observations[{i}]"))
        self._cycles = index("cycles", Cycle, cycles, problems)
        for c in self._cycles.values():
            self._attach(c)

    # -- reading ----------------------------------------------------------------------

    @property
    def aims(self) -> tuple[Aim, ...]:
        """What the initiative is trying to accomplish."""
        return tuple(self._aims.values())

    @property
    def drivers(self) -> tuple[Driver, ...]:
        """The primary and secondary drivers of the aims."""
        return tuple(self._drivers.values())

    @property
    def change_ideas(self) -> tuple[ChangeIdea, ...]:
        """The changes that might bring an improvement."""
        return tuple(self._change_ideas.values())

    @property
    def measures(self) -> tuple[Measure, ...]:
        """How the initiative knows whether a change is an improvement."""
        return tuple(self._measures.values())

    @property
    def observations(self) -> tuple[Observation, ...]:
        """Every observation, measure by measure, each in the order recorded."""
        return tuple(o for m in self._observations.values() for o in m)

    @property
    def cycles(self) -> tuple[Cycle, ...]:
        """The PDSA cycles, in the order they were started."""
        return tuple(self._cycles.values())

    def observations_of(self, measure: str) -> tuple[Observation, ...]:
        """The observations of one measure, sorted by date.

        Examples:
            >>> import coproduction as cp
            >>> ini = cp.scenarios.load_bundled("oak_house_meals")
            >>> len(ini.observations_of("meal-satisfaction")) >= 12
            True
        """
        self.measure(measure)
        return tuple(sorted(self._observations.get(measure, ()), key=lambda o: o.at))

    def aim(self, id: str) -> Aim:
        """The aim with this id; `NotFoundError` if there is none."""
        return lookup(self._aims, id, "aim")

    def driver(self, id: str) -> Driver:
        """The driver with this id; `NotFoundError` if there is none."""
        return lookup(self._drivers, id, "driver")

    def change_idea(self, id: str) -> ChangeIdea:
        """The change idea with this id; `NotFoundError` if there is none."""
        return lookup(self._change_ideas, id, "change idea")

    def measure(self, id: str) -> Measure:
        """The measure with this id; `NotFoundError` if there is none."""
        return lookup(self._measures, id, "measure")

    def cycle(self, id: str) -> Cycle:
        """The PDSA cycle with this id; `NotFoundError` if there is none."""
        return lookup(self._cycles, id, "cycle")

    def ramps(self) -> list[tuple[Cycle, ...]]:
        """The ramps of PDSA cycles: each first cycle followed by the cycles that built on it.

        A ramp is a chain of cycles testing one change idea, each starting where the one
        before adopted or adapted it. A cycle followed by more than one builds a branch;
        each branch is its own ramp here, sharing the cycles before the fork.

        Examples:
            >>> import coproduction as cp
            >>> ini = cp.scenarios.load_bundled("oak_house_meals")
            >>> [[c.id for c in ramp] for ramp in ini.ramps()][0][:2]
            ['curry-1', 'curry-2']
        """
        children: dict[str | None, list[Cycle]] = defaultdict(list)
        for c in self._cycles.values():
            children[c.parent].append(c)
        ramps: list[tuple[Cycle, ...]] = []

        def walk(chain: tuple[Cycle, ...]) -> None:
            following = children.get(chain[-1].id, [])
            if not following:
                ramps.append(chain)
            for nxt in following:
                walk((*chain, nxt))

        for first in children.get(None, []):
            walk((first,))
        return ramps

    def driver_diagram(self) -> nx.DiGraph[str]:
        """The driver diagram: change ideas → secondary → primary drivers → aims.

        Examples:
            >>> import coproduction as cp
            >>> g = cp.scenarios.load_bundled("oak_house_meals").driver_diagram()
            >>> nx_kinds = {k for _, k in g.nodes(data="kind")}
            >>> sorted(nx_kinds)
            ['aim', 'change_idea', 'primary', 'secondary']
        """
        return driver_diagram(self.aims, self.drivers, self.change_ideas)

    # -- changing -----------------------------------------------------------------------

    def add_aim(self, aim: Aim) -> None:
        """Add an aim; `ValidationError` for a duplicate id."""
        self._add(self._aims, "aims", Aim, aim, check_diagram=True)

    def add_driver(self, driver: Driver) -> None:
        """Add a driver; its aim and the drivers it feeds must be known, and form no loop."""
        self._add(self._drivers, "drivers", Driver, driver, check_diagram=True)

    def add_change_idea(self, change_idea: ChangeIdea) -> None:
        """Add a change idea; the drivers it feeds must be known.

        Examples:
            >>> import coproduction as cp
            >>> ini = cp.Initiative(id="oak")
            >>> ini.add_change_idea(cp.ChangeIdea(id="curry-night", title="A curry night"))
            >>> ini.change_idea("curry-night").title
            'A curry night'
        """
        self._add(
            self._change_ideas,
            "change_ideas",
            ChangeIdea,
            change_idea,
            check_diagram=True,
        )

    def add_measure(self, measure: Measure) -> None:
        """Add a measure; `ValidationError` for a duplicate id."""
        self._add(self._measures, "measures", Measure, measure)

    def record_observation(self, observation: Observation) -> None:
        """Record one observation of a known measure.

        Examples:
            >>> import datetime as dt
            >>> import coproduction as cp
            >>> ini = cp.Initiative(id="oak")
            >>> ini.record_observation(cp.Observation(measure="joy", at=dt.date(2026, 1, 31), value=3))
            Traceback (most recent call last):
            ...
            coproduction.errors.ValidationError: $.observations[0].measure: unknown measure 'joy'
        """
        if not isinstance(observation, Observation):
            msg = f"expected an Observation, got {type(observation).__name__} {observation!r}"
            raise ValidationError(msg)
        if observation.measure not in self._measures:
            path = f"$.observations[{len(self.observations)}].measure"
            msg = f"unknown measure {observation.measure!r}{hint(self._measures, observation.measure)}"
            raise ValidationError(msg, path)
        self._observations[observation.measure].append(observation)

    def start_cycle(self, id: str, change_idea: str) -> Cycle:
        """Start a PDSA cycle testing a known change idea; it reads this initiative's observations.

        Follow-on cycles come from `Cycle.next_cycle`, which this initiative takes in
        too, so that `ramps` and the findings see them.

        Raises:
            ValidationError: For a duplicate id or an unknown change idea.

        Examples:
            >>> import coproduction as cp
            >>> ini = cp.Initiative(id="oak", change_ideas=[cp.ChangeIdea(id="curry", title="Curry")])
            >>> cycle = ini.start_cycle(id="c1", change_idea="curry")
            >>> cycle.phase.value, [c.id for c in ini.cycles]
            ('new', ['c1'])
        """
        path = f"$.cycles[{len(self._cycles)}]"
        if id in self._cycles:
            raise ValidationError(
                f"duplicate id {id!r}; a cycle has it already", f"{path}.id"
            )
        if change_idea not in self._change_ideas:
            msg = f"unknown change idea {change_idea!r}{hint(self._change_ideas, change_idea)}"
            raise ValidationError(msg, f"{path}.change_idea")
        cycle = Cycle(id=id, change_idea=change_idea, clock=self._clock)
        self._attach(cycle)
        self._cycles[id] = cycle
        return cycle

    # -- internals ------------------------------------------------------------------------

    def _attach(self, cycle: Cycle) -> None:
        cycle.observations = lambda measure: (
            self.observations_of(measure) if measure in self._measures else ()
        )
        cycle.measures = self._measures.get
        cycle.on_next = self._take_in
        if self._clock is not None:
            cycle.clock = self._clock

    def _take_in(self, cycle: Cycle) -> None:
        if cycle.id in self._cycles:
            path = f"$.cycles[{len(self._cycles)}].id"
            raise ValidationError(
                f"duplicate id {cycle.id!r}; a cycle has it already", path
            )
        self._attach(cycle)
        self._cycles[cycle.id] = cycle

    def _add(
        self,
        index: dict[str, Any],
        field: str,
        cls: type[Any],
        record: Any,
        *,
        check_diagram: bool = False,
    ) -> None:
        require(record, cls)
        path = f"$.{field}[{len(index)}]"
        for problem in duplicate(index, record.id, path):
            raise problem
        if check_diagram:
            trial = {**index, record.id: record}
            parts: dict[str, dict[str, Any]] = {
                "aims": self._aims,
                "drivers": self._drivers,
                "change_ideas": self._change_ideas,
            }
            parts[field] = trial
            driver_diagram(
                parts["aims"].values(),
                parts["drivers"].values(),
                parts["change_ideas"].values(),
            )
        index[record.id] = record

    def _improvement_problems(  # noqa: C901  # one check after another, each simple
        self, stakeholders: Mapping[str, object]
    ) -> Iterator[ValidationError]:
        try:
            self.driver_diagram()
        except ValidationError as err:
            yield from err.problems
        offset = 0
        for observations in self._observations.values():
            for i, o in enumerate(observations, start=offset):
                if o.measure not in self._measures:
                    yield ValidationError(
                        f"unknown measure {o.measure!r}", f"$.observations[{i}].measure"
                    )
            offset += len(observations)
        for i, c in enumerate(self._cycles.values()):
            path = f"$.cycles[{i}]"
            if c.change_idea not in self._change_ideas:
                yield ValidationError(
                    f"unknown change idea {c.change_idea!r}", f"{path}.change_idea"
                )
            if c.parent is not None and c.parent not in self._cycles:
                yield ValidationError(f"unknown cycle {c.parent!r}", f"{path}.parent")
            for j, event in enumerate(c.events):
                for person in sorted(event.by - set(stakeholders)):
                    msg = f"unknown stakeholder {person!r}"
                    yield ValidationError(msg, f"{path}.events[{j}].by")
            for prediction in c.predictions:
                if prediction.measure not in self._measures:
                    msg = f"unknown measure {prediction.measure!r}"
                    yield ValidationError(msg, f"{path}.events[1].payload.predictions")


def duplicate(
    index: Mapping[str, object], id: str, path: str
) -> Iterator[ValidationError]:
    """The problem with adding `id` at `path` when `index` has it already, if any."""
    if id in index:
        first = list(index).index(id)
        collection = path[: path.index("[")]
        yield ValidationError(
            f"duplicate id {id!r}; {collection}[{first}] has it already", f"{path}.id"
        )


def require(record: object, cls: type) -> None:
    """Refuse a record that is not a `cls`."""
    if not isinstance(record, cls):
        msg = f"expected a {cls.__name__}, got {type(record).__name__} {record!r}"
        raise ValidationError(msg)


def hint(index: Mapping[str, object], id: str) -> str:
    """A "did you mean" for an unknown id, or nothing."""
    close = difflib.get_close_matches(id, list(index), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def lookup(index: Mapping[str, T], id: str, noun: str) -> T:
    """The record with this id, or `NotFoundError` with a "did you mean"."""
    try:
        return index[id]
    except KeyError:
        msg = f"no {noun} with id {id!r}{hint(index, id)}"
        raise NotFoundError(msg) from None
