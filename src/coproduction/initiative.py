"""The `Initiative`: the aggregate that holds every record and keeps them consistent.

Records (`Stakeholder`, `Decision`, ...) check their own fields; the initiative checks
what no single record can: that ids are unique, that every reference names a record
that exists, that representation makes sense. Every change goes through a method
that checks first and changes afterwards, so **a refused call changes nothing**.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Concatenate, ParamSpec, TypeVar, cast

import networkx as nx

from coproduction._collection import Row
from coproduction._display import render as render_html_display
from coproduction._editing import (
    Erasure,
    forgotten,
    removed,
    removed_record,
    replaced,
    unassigned,
)
from coproduction._fields import FrozenDict, describe, freeze, is_count, is_id
from coproduction._records import (
    AIMS,
    CARE_PLANS,
    CHANGE_IDEAS,
    CYCLES,
    DECISIONS,
    DRIVERS,
    FEEDBACK,
    MEASURES,
    MEETINGS,
    MEMBERSHIPS,
    OBSERVATIONS,
    RESPONSES,
    ROLES,
    STAKEHOLDERS,
    TABLE,
    Records,
    whole_problems,
)
from coproduction.errors import ConcurrencyError, ReadOnlyError, ValidationError
from coproduction.improvement import (
    Aim,
    ChangeIdea,
    Cycle,
    Driver,
    Event,
    Measure,
    MeasureKind,
    Observation,
    driver_diagram,
)
from coproduction.improvement.drivers import diagram_problems
from coproduction.model import (
    CarePlan,
    Decision,
    Feedback,
    Meeting,
    Membership,
    Response,
    Role,
    Stakeholder,
)
from coproduction.model.access import need_note

__all__ = ["Erasure", "Initiative"]

R = TypeVar("R")
P = ParamSpec("P")
T = TypeVar("T")


def _locked(
    method: Callable[Concatenate[Initiative, P], T],
) -> Callable[Concatenate[Initiative, P], T]:
    """Run a reading method under the initiative's lock: it never sees half a change."""

    def reading(self: Initiative, /, *args: P.args, **kwargs: P.kwargs) -> T:
        with self._lock:
            return method(self, *args, **kwargs)

    functools.update_wrapper(reading, method)
    return reading


Clock = Callable[[], dt.datetime]


class Initiative:
    """A co-production effort: its people, roles, meetings, decisions, feedback and plans.

    Build one empty and add records one by one (each call is checked, and a refused
    call changes nothing), or pass every record at once (as `load` does); either way
    the result is consistent or a `ValidationError` says, with a path, what is not.

    Args:
        id: A short identifier, e.g. ``"oak-house-meals"``.
        title: What the initiative is about, in plain words.
        description: A longer account, if wanted.
        population: Counts of the people the service serves, by characteristic, e.g.
            ``{"ethnicity": {"white_british": 41, "black_caribbean": 6}}``, so that
            representation among the stakeholders can be checked.
        stakeholders: Everyone involved.
        roles: The parts people play, with their formal rights.
        memberships: Who holds which role.
        meetings: Where decisions are made.
        decisions: What was decided, and who shaped it.
        feedback: What people said about the service.
        responses: What was done about the feedback.
        care_plans: Person-centred care plans.
        aims: What the initiative is trying to accomplish (the Model for Improvement).
        drivers: The primary and secondary drivers of the aims.
        change_ideas: Changes that might bring an improvement.
        measures: How the initiative knows whether a change is an improvement.
        observations: Values of the measures over time.
        cycles: PDSA cycles (rebuilt from their events with `Cycle.replay`).
        clock: Tells the time of the cycles' events; by default the UTC wall clock.
            It takes no part in equality.

    Raises:
        ValidationError: Listing every problem found in every collection, each with
            its path, and a "did you mean" where an unknown id is close to a known one.

    Examples:
        >>> import datetime as dt
        >>> import coproduction as cp
        >>> ini = cp.Initiative(id="oak", title="Mealtimes at Oak House")
        >>> ini.add_stakeholder(cp.Stakeholder(id="alice", name="Alice", kind="person"))
        >>> ini.add_stakeholder(cp.Stakeholder(id="mo", name="Mo", kind="manager"))
        >>> ini.add_meeting(cp.Meeting(id="m1", date=dt.date(2026, 1, 10),
        ...                            attendees={"alice", "mo"}))
        >>> ini.record_decision(cp.Decision(
        ...     id="d1", title="Curry night", meeting="m1", affects={"alice"},
        ...     level="co_producing", contributions=[
        ...         cp.Contribution(by="alice", action="proposed", adopted=True),
        ...         cp.Contribution(by="bob", action="supported")]))
        Traceback (most recent call last):
        ...
        coproduction.errors.ValidationError: $.decisions[0].contributions[1].by: unknown stakeholder 'bob'
        >>> len(ini.decisions)
        0

    Added in 0.1.
    """

    def _repr_html_(self) -> str | None:
        """How Jupyter shows it: the HTML that `coproduction.present.html` registered."""
        return render_html_display(self)

    def __init__(
        self,
        id: str,
        title: str = "",
        *,
        description: str = "",
        population: Mapping[str, Mapping[str, int]] | None = None,
        stakeholders: Iterable[Stakeholder] = (),
        roles: Iterable[Role] = (),
        memberships: Iterable[Membership] = (),
        meetings: Iterable[Meeting] = (),
        decisions: Iterable[Decision] = (),
        feedback: Iterable[Feedback] = (),
        responses: Iterable[Response] = (),
        care_plans: Iterable[CarePlan] = (),
        aims: Iterable[Aim] = (),
        drivers: Iterable[Driver] = (),
        change_ideas: Iterable[ChangeIdea] = (),
        measures: Iterable[Measure] = (),
        observations: Iterable[Observation] = (),
        cycles: Iterable[Cycle] = (),
        clock: Clock | None = None,
    ) -> None:
        given = locals()  # the records passed, by the field name of their row
        problems: list[ValidationError] = []
        problems += _check_header(id, title, description)
        self._id = id
        self._title = title
        self._description = description
        self._population: FrozenDict[str, Mapping[str, int]] = freeze(
            _population(population, problems)
        )
        self._clock = clock
        self._lock = threading.RLock()
        self._version = 0
        self._read_only = False
        self._snapshot: Initiative | None = None
        self._snapshot_key: tuple[int, ...] = ()
        self._records = Records()
        kept = [
            (
                collection.row,
                collection.fill(given[collection.field], problems, self._records),
            )
            for collection in self._records
        ]
        for cycle in self._records[CYCLES]:
            self._attach(cycle)
        for row, records in kept:
            if row.check is not None:
                for record, path in records:
                    problems += row.check(record, path, self._records)
        problems += whole_problems(self._records)
        if problems:
            raise ValidationError.collect(problems)

    # -- its own fields, and its version -----------------------------------------------

    @property
    def id(self) -> str:
        """A short identifier, e.g. ``"oak-house-meals"``; read-only."""
        return self._id

    @property
    def title(self) -> str:
        """What the initiative is about, in plain words; read-only."""
        return self._title

    @property
    def description(self) -> str:
        """A longer account; read-only."""
        return self._description

    @property
    def population(self) -> Mapping[str, Mapping[str, int]]:
        """Counts of the people the service serves, by characteristic; read-only."""
        return self._population

    @property
    def version(self) -> int:
        """How many changes this initiative has accepted since it was built or loaded.

        Pass it back as `expected_version=` with a change, and the change is refused
        with `ConcurrencyError` (changing nothing) if someone else changed the
        initiative since you read it. A system of record keeps it beside the document
        it stores. It takes no part in equality, and is not written by `dump`.

        Examples:
            >>> import coproduction as cp
            >>> ini = cp.Initiative(id="oak")
            >>> ini.version
            0
            >>> ini.add_stakeholder(cp.Stakeholder(id="alice", name="Alice"), expected_version=0)
            >>> ini.version
            1
            >>> ini.add_stakeholder(cp.Stakeholder(id="mo", name="Mo"), expected_version=0)
            Traceback (most recent call last):
            ...
            coproduction.errors.ConcurrencyError: Initiative 'oak' is at version 1, not 0 as expected: it changed since it was read; read it again and retry.
        """
        return self._version

    def __setattr__(self, name: str, value: object) -> None:
        if not name.startswith("_"):
            msg = (
                f"an initiative's {name} cannot be changed: build a new initiative, "
                "or change its records with its methods"
            )
            raise ReadOnlyError(msg)
        object.__setattr__(self, name, value)

    # -- reading --------------------------------------------------------------------

    @property
    def stakeholders(self) -> tuple[Stakeholder, ...]:
        """Everyone involved, in the order they were added."""
        return self._read(STAKEHOLDERS)

    @property
    def roles(self) -> tuple[Role, ...]:
        """The roles, in the order they were added."""
        return self._read(ROLES)

    @property
    def memberships(self) -> tuple[Membership, ...]:
        """Who holds which role."""
        return self._read(MEMBERSHIPS)

    @property
    def meetings(self) -> tuple[Meeting, ...]:
        """The meetings, in the order they were added."""
        return self._read(MEETINGS)

    @property
    def decisions(self) -> tuple[Decision, ...]:
        """The decisions, in the order they were recorded."""
        return self._read(DECISIONS)

    @property
    def feedback(self) -> tuple[Feedback, ...]:
        """The feedback received, in the order it was added."""
        return self._read(FEEDBACK)

    @property
    def responses(self) -> tuple[Response, ...]:
        """What was done about the feedback, in the order it was recorded."""
        return self._read(RESPONSES)

    @property
    def care_plans(self) -> tuple[CarePlan, ...]:
        """The care plans, in the order they were added."""
        return self._read(CARE_PLANS)

    @property
    def aims(self) -> tuple[Aim, ...]:
        """What the initiative is trying to accomplish."""
        return self._read(AIMS)

    @property
    def drivers(self) -> tuple[Driver, ...]:
        """The primary and secondary drivers of the aims."""
        return self._read(DRIVERS)

    @property
    def change_ideas(self) -> tuple[ChangeIdea, ...]:
        """The changes that might bring an improvement."""
        return self._read(CHANGE_IDEAS)

    @property
    def measures(self) -> tuple[Measure, ...]:
        """How the initiative knows whether a change is an improvement."""
        return self._read(MEASURES)

    @property
    def observations(self) -> tuple[Observation, ...]:
        """Every observation, measure by measure, each in the order recorded."""
        return self._read(OBSERVATIONS)

    @property
    def cycles(self) -> tuple[Cycle, ...]:
        """The PDSA cycles, in the order they were started."""
        return self._read(CYCLES)

    def stakeholder(self, id: str) -> Stakeholder:
        """The stakeholder with this id.

        Raises:
            NotFoundError: If there is none; the message suggests a close id.

        Examples:
            >>> import coproduction as cp
            >>> ini = cp.Initiative(id="oak", stakeholders=[
            ...     cp.Stakeholder(id="alice", name="Alice")])
            >>> ini.stakeholder("alice").name
            'Alice'
            >>> ini.stakeholder("alise")
            Traceback (most recent call last):
            ...
            coproduction.errors.NotFoundError: no stakeholder with id 'alise' (did you mean 'alice'?)
        """
        return self._records.ids(STAKEHOLDERS).get(id)

    def role(self, id: str) -> Role:
        """The role with this id; `NotFoundError` if there is none."""
        return self._records.ids(ROLES).get(id)

    def meeting(self, id: str) -> Meeting:
        """The meeting with this id; `NotFoundError` if there is none."""
        return self._records.ids(MEETINGS).get(id)

    def decision(self, id: str) -> Decision:
        """The decision with this id; `NotFoundError` if there is none."""
        return self._records.ids(DECISIONS).get(id)

    def feedback_item(self, id: str) -> Feedback:
        """The feedback with this id; `NotFoundError` if there is none."""
        return self._records.ids(FEEDBACK).get(id)

    def care_plan(self, id: str) -> CarePlan:
        """The care plan with this id; `NotFoundError` if there is none."""
        return self._records.ids(CARE_PLANS).get(id)

    def aim(self, id: str) -> Aim:
        """The aim with this id; `NotFoundError` if there is none."""
        return self._records.ids(AIMS).get(id)

    def driver(self, id: str) -> Driver:
        """The driver with this id; `NotFoundError` if there is none."""
        return self._records.ids(DRIVERS).get(id)

    def change_idea(self, id: str) -> ChangeIdea:
        """The change idea with this id; `NotFoundError` if there is none."""
        return self._records.ids(CHANGE_IDEAS).get(id)

    def measure(self, id: str) -> Measure:
        """The measure with this id; `NotFoundError` if there is none."""
        return self._records.ids(MEASURES).get(id)

    def cycle(self, id: str) -> Cycle:
        """The PDSA cycle with this id; `NotFoundError` if there is none."""
        return self._records.ids(CYCLES).get(id)

    @_locked
    def roles_of(self, stakeholder: str) -> tuple[Role, ...]:
        """The roles a stakeholder holds, in the order they were assigned.

        Examples:
            >>> import coproduction as cp
            >>> ini = cp.Initiative(id="oak",
            ...     stakeholders=[cp.Stakeholder(id="mo", name="Mo", kind="manager")],
            ...     roles=[cp.Role(id="chair", veto=True)])
            >>> ini.assign("mo", "chair")
            >>> [r.id for r in ini.roles_of("mo")]
            ['chair']
        """
        self.stakeholder(stakeholder)
        return tuple(
            self.role(m.role)
            for m in self._records[MEMBERSHIPS]
            if m.stakeholder == stakeholder
        )

    @_locked
    def responses_to(self, feedback: str) -> tuple[Response, ...]:
        """What was done about one piece of feedback, in the order it was recorded."""
        self.feedback_item(feedback)
        return tuple(r for r in self._records[RESPONSES] if r.feedback == feedback)

    def observations_of(self, measure: str) -> tuple[Observation, ...]:
        """The observations of one measure, sorted by date.

        Examples:
            >>> import coproduction as cp
            >>> ini = cp.scenarios.load_bundled("oak_house_meals")
            >>> len(ini.observations_of("meal-satisfaction")) >= 12
            True
        """
        self.measure(measure)
        observed = self._records.grouped(OBSERVATIONS).of(measure)
        return tuple(sorted(observed, key=lambda o: o.at))

    def balancing_measures(self, change_idea: str) -> tuple[Measure, ...]:
        """The balancing measures watched when a change idea is studied, in order.

        A balancing measure is linked to a change idea when its `Measure.of` names
        the change idea, or a driver or aim the change idea feeds through the driver
        diagram; one that names nothing balances the whole initiative and is watched
        for every change. `Cycle.study` reports each that moves the unfavourable way.

        Examples:
            >>> import coproduction as cp
            >>> ini = cp.scenarios.load_bundled("oak_house_meals")
            >>> [m.id for m in ini.balancing_measures("curry-night")]
            ['kitchen-overtime']
            >>> [m.id for m in ini.balancing_measures("show-plates")]
            []
        """
        self.change_idea(change_idea)
        linked = self._downstream(change_idea)
        return tuple(
            m
            for m in self._records[MEASURES]
            if m.kind is MeasureKind.BALANCING and (not m.of or m.of & linked)
        )

    def _downstream(self, change_idea: str) -> frozenset[str]:
        """The change idea and every driver and aim it feeds, directly or not."""
        drivers = self._records.ids(DRIVERS)
        seen = {change_idea}
        todo = list(self.change_idea(change_idea).feeds)
        while todo:
            here = todo.pop()
            if here in seen:
                continue
            seen.add(here)
            driver = drivers.find(here)
            if driver is not None:
                todo += [*driver.feeds, *([driver.aim] if driver.aim else [])]
        return frozenset(seen)

    @_locked
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
        for c in self._records[CYCLES]:
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

    def check(self, record: object) -> tuple[ValidationError, ...]:
        """The problems of adding `record`, without adding it: a dry run for a form.

        Every check that adding it would make is made (its type, its id, the ids it
        refers to, the driver diagram), and the problems found are returned, each
        with its `path`, `code` and `message`; none means it could be added as it is.
        Nothing changes, `version` included.

        Examples:
            >>> import coproduction as cp
            >>> ini = cp.scenarios.load_bundled("oak_house_meals")
            >>> before = ini.version
            >>> meeting = cp.Meeting(id="m9", date=dt.date(2026, 3, 1),
            ...                      attendees={"edna", "ednna"})
            >>> [(p.path, p.code, p.input) for p in ini.check(meeting)]
            [('$.meetings[5].attendees', 'unknown_reference', 'ednna')]
            >>> print(ini.check(meeting)[0].message)
            unknown stakeholder 'ednna' (did you mean 'edna'?)
            >>> ini.check(cp.Meeting(id="m9", date=dt.date(2026, 3, 1))), ini.version == before
            ((), True)

        Added in 0.2.
        """
        row = next((r for r in TABLE if isinstance(record, r.cls)), None)
        if row is None:
            kinds = ", ".join(r.cls.__name__ for r in TABLE)
            msg = f"expected a record ({kinds}), got {describe(record)}"
            return (ValidationError(msg, code="wrong_type", input=record),)
        with self._lock:
            return tuple(self._offered(row, record)[1])

    # -- changing -------------------------------------------------------------------

    def add_stakeholder(
        self, stakeholder: Stakeholder, *, expected_version: int | None = None
    ) -> None:
        """Add someone; the people they represent must already be known.

        Raises:
            ValidationError: For a duplicate id, an unknown or self representation.
        """
        self._add(STAKEHOLDERS, stakeholder, expected_version)

    def add_role(self, role: Role, *, expected_version: int | None = None) -> None:
        """Add a role; `ValidationError` for a duplicate id."""
        self._add(ROLES, role, expected_version)

    def assign(
        self, stakeholder: str, role: str, *, expected_version: int | None = None
    ) -> None:
        """Give a stakeholder a role (a `Membership`).

        Raises:
            ValidationError: For an unknown stakeholder or role, or a repeated assignment.
        """
        membership = Membership(stakeholder=stakeholder, role=role)
        self._add(MEMBERSHIPS, membership, expected_version)

    def add_meeting(
        self, meeting: Meeting, *, expected_version: int | None = None
    ) -> None:
        """Add a meeting; every attendee must be a known stakeholder."""
        self._add(MEETINGS, meeting, expected_version)

    def record_decision(
        self, decision: Decision, *, expected_version: int | None = None
    ) -> None:
        """Record a decision after checking every id it refers to.

        Under `weighted_vote`, a result and choice left out are counted here, with the
        votes the roles give (so `decision(id).result` may differ from the head count
        the `Decision` made alone); a recorded one is checked against them.

        Raises:
            ValidationError: For a duplicate id, an unknown meeting or stakeholder, a
                contribution on behalf of someone the contributor does not represent,
                a date other than its meeting's, a weighted vote from someone holding
                no role, or a recorded result that the weighted votes contradict.
        """
        self._add(DECISIONS, decision, expected_version)

    def add_feedback(
        self, feedback: Feedback, *, expected_version: int | None = None
    ) -> None:
        """Add feedback; its author, if named, must be a known stakeholder."""
        self._add(FEEDBACK, feedback, expected_version)

    def respond(
        self, response: Response, *, expected_version: int | None = None
    ) -> None:
        """Record what was done about a piece of feedback.

        Raises:
            ValidationError: For unknown feedback, stakeholders or decision, or a
                response dated before the feedback it answers was received.
        """
        self._add(RESPONSES, response, expected_version)

    def add_care_plan(
        self, care_plan: CarePlan, *, expected_version: int | None = None
    ) -> None:
        """Add a care plan; its person and everyone who agreed an item must be known."""
        self._add(CARE_PLANS, care_plan, expected_version)

    def add_aim(self, aim: Aim, *, expected_version: int | None = None) -> None:
        """Add an aim; `ValidationError` for a duplicate id."""
        self._add(AIMS, aim, expected_version)

    def add_driver(
        self, driver: Driver, *, expected_version: int | None = None
    ) -> None:
        """Add a driver; its aim and the drivers it feeds must be known, and form no loop."""
        self._add(DRIVERS, driver, expected_version)

    def add_change_idea(
        self, change_idea: ChangeIdea, *, expected_version: int | None = None
    ) -> None:
        """Add a change idea; the drivers it feeds must be known.

        Examples:
            >>> import coproduction as cp
            >>> ini = cp.Initiative(id="oak")
            >>> ini.add_change_idea(cp.ChangeIdea(id="curry-night", title="A curry night"))
            >>> ini.change_idea("curry-night").title
            'A curry night'
        """
        self._add(CHANGE_IDEAS, change_idea, expected_version)

    def add_measure(
        self, measure: Measure, *, expected_version: int | None = None
    ) -> None:
        """Add a measure; `ValidationError` for a duplicate id."""
        self._add(MEASURES, measure, expected_version)

    def record_observation(
        self, observation: Observation, *, expected_version: int | None = None
    ) -> None:
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
        self._add(OBSERVATIONS, observation, expected_version)

    def start_cycle(
        self, id: str, change_idea: str, *, expected_version: int | None = None
    ) -> Cycle:
        """Start a PDSA cycle testing a known change idea; it reads this initiative's observations.

        Follow-on cycles come from `Cycle.next_cycle`, which this initiative takes in
        too, so that `ramps` and the findings see them.

        Raises:
            ValidationError: For a duplicate id or an unknown change idea.
            ConcurrencyError: If `expected_version` is not the current `version`.

        Examples:
            >>> import coproduction as cp
            >>> ini = cp.Initiative(id="oak", change_ideas=[cp.ChangeIdea(id="curry", title="Curry")])
            >>> cycle = ini.start_cycle(id="c1", change_idea="curry")
            >>> cycle.phase.value, [c.id for c in ini.cycles]
            ('new', ['c1'])
        """
        with self._changing(expected_version):
            cycles = self._records.ids(CYCLES)
            path = cycles.next_path()
            ideas = self._records.ids(CHANGE_IDEAS)
            self._refuse(
                [
                    *cycles.taken(id, path),
                    *ideas.unknown([change_idea], f"{path}.change_idea"),
                ]
            )
            cycle = Cycle(id=id, change_idea=change_idea, clock=self._clock)
            self._attach(cycle)
            cycles.add(cycle)
            return cycle

    def attach_cycle(
        self,
        events: Iterable[Event | Mapping[str, Any]],
        *,
        expected_version: int | None = None,
    ) -> Cycle:
        """Take in a cycle rebuilt from its stored events, to study with these observations.

        A system of record stores each cycle's events (see `Cycle.collect_events`) and,
        to go on with a cycle, loads the initiative and attaches the events: the cycle
        is replayed (`Cycle.replay`), its references checked as `load` checks them (its
        change idea, its parent, the people in its events, the measures of its
        predictions), and it is added, as if it had been started here.

        Args:
            events: Every event of the cycle, in order, as `Event`s or their dicts.
            expected_version: The `version` last read, if it is to be checked.

        Returns:
            The attached cycle.

        Raises:
            ValidationError: If the events are not a cycle's history, a reference is
                unknown, or a cycle with its id is here already.
            ConcurrencyError: If `expected_version` is not the current `version`.

        Examples:
            >>> import coproduction as cp
            >>> ini = cp.scenarios.load_bundled("oak_house_meals")
            >>> stored = [e.to_dict() for e in ini.cycle("curry-3").events]
            >>> without_cycles = {**cp.to_dict(ini), "cycles": [], "responses": []}
            >>> again = cp.from_dict(cp.Initiative, without_cycles)
            >>> again.attach_cycle(stored)
            Traceback (most recent call last):
            ...
            coproduction.errors.ValidationError: $.cycles[0].parent: unknown cycle 'curry-2'
            >>> for cycle in ini.cycles:
            ...     attached = again.attach_cycle([e.to_dict() for e in cycle.events])
            >>> again.cycles == ini.cycles, again.version
            (True, 3)
        """
        with self._changing(expected_version):
            cycle = Cycle.replay(events)
            cycles = self._records.ids(CYCLES)
            path = cycles.next_path()
            problems = list(cycles.taken(cycle.id, path))
            if CYCLES.check is not None:
                problems += CYCLES.check(cycle, path, self._records)
            self._refuse(problems)
            self._attach(cycle)
            cycles.add(cycle)
            return cycle

    def replace_stakeholder(
        self, stakeholder: Stakeholder, *, expected_version: int | None = None
    ) -> None:
        """Correct a stakeholder: the one with the same id is replaced, in its place.

        Raises:
            NotFoundError: If no stakeholder has its id (with a "did you mean").
            ValidationError: If the correction would break a rule or a reference
                (e.g. a contribution on behalf of someone they no longer represent),
                naming each path; nothing is changed.
            ConcurrencyError: If `expected_version` is not the current `version`.

        Examples:
            >>> import coproduction as cp
            >>> ini = cp.scenarios.load_bundled("oak_house_meals")
            >>> ini.replace_stakeholder(cp.Stakeholder(id="edna", name="Edna B."))
            >>> ini.stakeholder("edna").name, ini.stakeholders[0].id
            ('Edna B.', 'edna')
            >>> ini.replace_stakeholder(cp.Stakeholder(id="edan", name="Edna"))
            Traceback (most recent call last):
            ...
            coproduction.errors.NotFoundError: no stakeholder with id 'edan' (did you mean 'edna'?)
        """
        self._edit(expected_version, lambda r: replaced(r, STAKEHOLDERS, stakeholder))

    def replace_role(self, role: Role, *, expected_version: int | None = None) -> None:
        """Correct a role: the one with the same id is replaced, in its place.

        Under `weighted_vote`, decisions already recorded are checked against the
        role's new votes, and a correction that contradicts their result is refused.

        Examples:
            >>> import coproduction as cp
            >>> ini = cp.scenarios.load_bundled("oak_house_meals")
            >>> ini.replace_role(cp.Role(id="chair", name="Chair of the group", veto=True))
            >>> ini.role("chair").name
            'Chair of the group'
        """
        self._edit(expected_version, lambda r: replaced(r, ROLES, role))

    def replace_meeting(
        self, meeting: Meeting, *, expected_version: int | None = None
    ) -> None:
        """Correct a meeting: the one with the same id is replaced, in its place.

        Examples:
            >>> import coproduction as cp
            >>> ini = cp.scenarios.load_bundled("oak_house_meals")
            >>> m = ini.meeting("m1-first-meeting")
            >>> ini.replace_meeting(cp.Meeting(id=m.id, date=m.date, attendees={"zed"}))
            Traceback (most recent call last):
            ...
            coproduction.errors.ValidationError: $.meetings[0].attendees: unknown stakeholder 'zed'
            >>> ini.meeting("m1-first-meeting") == m, ini.version
            (True, 0)
        """
        self._edit(expected_version, lambda r: replaced(r, MEETINGS, meeting))

    def replace_decision(
        self, decision: Decision, *, expected_version: int | None = None
    ) -> None:
        """Correct a decision: the one with the same id is replaced, in its place.

        Under `weighted_vote`, a result and choice left out are counted again, as
        `record_decision` counts them.

        Examples:
            >>> import attrs
            >>> import coproduction as cp
            >>> ini = cp.scenarios.load_bundled("oak_house_meals")
            >>> d = ini.decision("d2-breakfast")
            >>> ini.replace_decision(attrs.evolve(d, title="Breakfast when you like"))
            >>> ini.decision("d2-breakfast").title, ini.decisions[1].id
            ('Breakfast when you like', 'd2-breakfast')
        """
        self._edit(expected_version, lambda r: replaced(r, DECISIONS, decision))

    def replace_feedback(
        self, feedback: Feedback, *, expected_version: int | None = None
    ) -> None:
        """Correct a piece of feedback: the one with the same id is replaced, in its place.

        Examples:
            >>> import attrs
            >>> import coproduction as cp
            >>> ini = cp.scenarios.load_bundled("oak_house_meals")
            >>> f = ini.feedback_item("f1-cold-food")
            >>> ini.replace_feedback(attrs.evolve(f, theme="temperature"))
            >>> ini.feedback_item("f1-cold-food").theme
            'temperature'
        """
        self._edit(expected_version, lambda r: replaced(r, FEEDBACK, feedback))

    def replace_care_plan(
        self, care_plan: CarePlan, *, expected_version: int | None = None
    ) -> None:
        """Correct a care plan: the one with the same id is replaced, in its place.

        Examples:
            >>> import attrs
            >>> import coproduction as cp
            >>> ini = cp.scenarios.load_bundled("oak_house_meals")
            >>> plan = ini.care_plan("cp-arthur-mealtimes")
            >>> ini.replace_care_plan(attrs.evolve(plan, person="nobody"))
            Traceback (most recent call last):
            ...
            coproduction.errors.ValidationError: $.care_plans[0].person: unknown stakeholder 'nobody'
        """
        self._edit(expected_version, lambda r: replaced(r, CARE_PLANS, care_plan))

    def replace_aim(self, aim: Aim, *, expected_version: int | None = None) -> None:
        """Correct an aim: the one with the same id is replaced, in its place.

        Examples:
            >>> import attrs
            >>> import coproduction as cp
            >>> ini = cp.scenarios.load_bundled("oak_house_meals")
            >>> ini.replace_aim(attrs.evolve(ini.aim("enjoy-meals"), how_much="all of them"))
            >>> ini.aim("enjoy-meals").how_much
            'all of them'
        """
        self._edit(expected_version, lambda r: replaced(r, AIMS, aim))

    def replace_driver(
        self, driver: Driver, *, expected_version: int | None = None
    ) -> None:
        """Correct a driver: the one with the same id is replaced, in its place.

        The driver diagram is checked again (no loop, every link known).

        Examples:
            >>> import attrs
            >>> import coproduction as cp
            >>> ini = cp.scenarios.load_bundled("oak_house_meals")
            >>> d = ini.driver("themed-meals")
            >>> ini.replace_driver(attrs.evolve(d, title="Meals with a theme"))
            >>> ini.driver("themed-meals").title
            'Meals with a theme'
        """
        self._edit(expected_version, lambda r: replaced(r, DRIVERS, driver))

    def replace_change_idea(
        self, change_idea: ChangeIdea, *, expected_version: int | None = None
    ) -> None:
        """Correct a change idea: the one with the same id is replaced, in its place.

        Examples:
            >>> import attrs
            >>> import coproduction as cp
            >>> ini = cp.scenarios.load_bundled("oak_house_meals")
            >>> idea = ini.change_idea("show-plates")
            >>> ini.replace_change_idea(attrs.evolve(idea, title="Show plated meals"))
            >>> ini.change_idea("show-plates").title
            'Show plated meals'
        """
        self._edit(expected_version, lambda r: replaced(r, CHANGE_IDEAS, change_idea))

    def replace_measure(
        self, measure: Measure, *, expected_version: int | None = None
    ) -> None:
        """Correct a measure: the one with the same id is replaced, in its place.

        Examples:
            >>> import attrs
            >>> import coproduction as cp
            >>> ini = cp.scenarios.load_bundled("oak_house_meals")
            >>> m = ini.measure("kitchen-overtime")
            >>> ini.replace_measure(attrs.evolve(m, name="Kitchen overtime (hours)"))
            >>> ini.measure("kitchen-overtime").name
            'Kitchen overtime (hours)'
        """
        self._edit(expected_version, lambda r: replaced(r, MEASURES, measure))

    def remove_stakeholder(
        self, id: str, *, expected_version: int | None = None
    ) -> None:
        """Remove a stakeholder nothing refers to (to erase someone, see `forget`).

        Raises:
            NotFoundError: If no stakeholder has this id (with a "did you mean").
            ValidationError: Naming every path that refers to them; nothing changes.
            ConcurrencyError: If `expected_version` is not the current `version`.

        Examples:
            >>> import coproduction as cp
            >>> ini = cp.Initiative(id="oak", stakeholders=[
            ...     cp.Stakeholder(id="alice", name="Alice"),
            ...     cp.Stakeholder(id="jo", name="Jo", kind="family_carer", represents={"alice"}),
            ...     cp.Stakeholder(id="sam", name="Sam")])
            >>> ini.remove_stakeholder("sam")
            >>> ini.remove_stakeholder("alice")
            Traceback (most recent call last):
            ...
            coproduction.errors.ValidationError: $.stakeholders[0]: cannot remove stakeholder 'alice': 1 record refers to them: $.stakeholders[1].represents
            >>> [s.id for s in ini.stakeholders], ini.version
            (['alice', 'jo'], 1)
        """
        self._edit(expected_version, lambda r: removed(r, STAKEHOLDERS, id))

    def remove_role(self, id: str, *, expected_version: int | None = None) -> None:
        """Remove a role nobody holds; `ValidationError` naming each membership if held.

        Examples:
            >>> import coproduction as cp
            >>> ini = cp.scenarios.load_bundled("oak_house_meals")
            >>> ini.remove_role("chair")
            Traceback (most recent call last):
            ...
            coproduction.errors.ValidationError: $.roles[3]: cannot remove role 'chair': 1 record refers to it: $.memberships[1].role
        """
        self._edit(expected_version, lambda r: removed(r, ROLES, id))

    def remove_meeting(self, id: str, *, expected_version: int | None = None) -> None:
        """Remove a meeting no decision was taken in.

        Examples:
            >>> import coproduction as cp
            >>> ini = cp.scenarios.load_bundled("oak_house_meals")
            >>> ini.remove_meeting("m5-spring")
            Traceback (most recent call last):
            ...
            coproduction.errors.ValidationError: $.meetings[4]: cannot remove meeting 'm5-spring': 2 records refer to it: $.decisions[8].meeting, $.decisions[9].meeting
        """
        self._edit(expected_version, lambda r: removed(r, MEETINGS, id))

    def remove_decision(self, id: str, *, expected_version: int | None = None) -> None:
        """Remove a decision no response names and no later decision revisits.

        Examples:
            >>> import coproduction as cp
            >>> ini = cp.scenarios.load_bundled("oak_house_meals")
            >>> ini.remove_decision("d6-baking-club")
            >>> [d.id for d in ini.decisions][-1]
            'd10-family-lunches'
        """
        self._edit(expected_version, lambda r: removed(r, DECISIONS, id))

    def remove_feedback(self, id: str, *, expected_version: int | None = None) -> None:
        """Remove a piece of feedback no response answers.

        Examples:
            >>> import coproduction as cp
            >>> ini = cp.scenarios.load_bundled("oak_house_meals")
            >>> ini.remove_feedback("f1-cold-food")
            Traceback (most recent call last):
            ...
            coproduction.errors.ValidationError: $.feedback[0]: cannot remove feedback 'f1-cold-food': 1 record refers to it: $.responses[0].feedback
        """
        self._edit(expected_version, lambda r: removed(r, FEEDBACK, id))

    def remove_care_plan(self, id: str, *, expected_version: int | None = None) -> None:
        """Remove a care plan (nothing refers to one).

        Examples:
            >>> import coproduction as cp
            >>> ini = cp.scenarios.load_bundled("oak_house_meals")
            >>> ini.remove_care_plan("cp-arthur-mealtimes")
            >>> ini.care_plans
            ()
        """
        self._edit(expected_version, lambda r: removed(r, CARE_PLANS, id))

    def remove_aim(self, id: str, *, expected_version: int | None = None) -> None:
        """Remove an aim no driver or measure names.

        Examples:
            >>> import coproduction as cp
            >>> ini = cp.scenarios.load_bundled("oak_house_meals")
            >>> ini.remove_aim("enjoy-meal")
            Traceback (most recent call last):
            ...
            coproduction.errors.NotFoundError: no aim with id 'enjoy-meal' (did you mean 'enjoy-meals'?)
        """
        self._edit(expected_version, lambda r: removed(r, AIMS, id))

    def remove_driver(self, id: str, *, expected_version: int | None = None) -> None:
        """Remove a driver no other driver, change idea or measure names.

        Examples:
            >>> import coproduction as cp
            >>> ini = cp.scenarios.load_bundled("oak_house_meals")
            >>> ini.remove_driver("themed-meals")
            Traceback (most recent call last):
            ...
            coproduction.errors.ValidationError: $.drivers[5]: cannot remove driver 'themed-meals': 1 record refers to it: $.change_ideas[0].feeds
        """
        self._edit(expected_version, lambda r: removed(r, DRIVERS, id))

    def remove_change_idea(
        self, id: str, *, expected_version: int | None = None
    ) -> None:
        """Remove a change idea no cycle tests and no measure or response names.

        Examples:
            >>> import coproduction as cp
            >>> ini = cp.scenarios.load_bundled("oak_house_meals")
            >>> ini.remove_change_idea("curry-night")
            Traceback (most recent call last):
            ...
            coproduction.errors.ValidationError: $.change_ideas[0]: cannot remove change idea 'curry-night': 5 records refer to it: $.responses[1].change_idea, $.measures[2].of, $.cycles[0].change_idea, $.cycles[1].change_idea, $.cycles[2].change_idea
        """
        self._edit(expected_version, lambda r: removed(r, CHANGE_IDEAS, id))

    def remove_measure(self, id: str, *, expected_version: int | None = None) -> None:
        """Remove a measure that has no observations and that no cycle predicts.

        Examples:
            >>> import coproduction as cp
            >>> ini = cp.scenarios.load_bundled("oak_house_meals")
            >>> ini.remove_measure("kitchen-overtime")
            Traceback (most recent call last):
            ...
            coproduction.errors.ValidationError: $.measures[2]: cannot remove measure 'kitchen-overtime': 20 records refer to it: $.observations[30].measure, ...
        """
        self._edit(expected_version, lambda r: removed(r, MEASURES, id))

    def remove_cycle(self, id: str, *, expected_version: int | None = None) -> None:
        """Remove a PDSA cycle no later cycle builds on and no response names.

        Examples:
            >>> import coproduction as cp
            >>> ini = cp.scenarios.load_bundled("oak_house_meals")
            >>> ini.remove_cycle("curry-1")
            Traceback (most recent call last):
            ...
            coproduction.errors.ValidationError: $.cycles[0]: cannot remove cycle 'curry-1': 2 records refer to it: $.responses[1].cycle, $.cycles[1].parent
            >>> ini.remove_cycle("curry-3")
            >>> [c.id for c in ini.cycles]
            ['curry-1', 'curry-2']
        """
        self._edit(expected_version, lambda r: removed(r, CYCLES, id))

    def unassign(
        self, stakeholder: str, role: str, *, expected_version: int | None = None
    ) -> None:
        """Take a role from a stakeholder (the `Membership` goes).

        Raises:
            NotFoundError: For an unknown stakeholder or role, or a role not held.
            ValidationError: If a decision under `weighted_vote` counts their votes,
                naming its path; nothing changes.

        Examples:
            >>> import coproduction as cp
            >>> ini = cp.Initiative(id="oak",
            ...     stakeholders=[cp.Stakeholder(id="mo", name="Mo", kind="manager")],
            ...     roles=[cp.Role(id="chair", veto=True)])
            >>> ini.assign("mo", "chair")
            >>> ini.unassign("mo", "chair")
            >>> ini.roles_of("mo")
            ()
            >>> ini.unassign("mo", "chair")
            Traceback (most recent call last):
            ...
            coproduction.errors.NotFoundError: 'mo' does not hold the role 'chair'
        """
        self._edit(expected_version, lambda r: unassigned(r, stakeholder, role))

    def remove_observation(
        self, observation: Observation, *, expected_version: int | None = None
    ) -> None:
        """Remove one observation equal to `observation`; `NotFoundError` if there is none.

        Examples:
            >>> import coproduction as cp
            >>> ini = cp.scenarios.load_bundled("oak_house_meals")
            >>> first = ini.observations_of("kitchen-overtime")[0]
            >>> ini.remove_observation(first)
            >>> first in ini.observations
            False
        """
        self._edit(
            expected_version, lambda r: removed_record(r, OBSERVATIONS, observation)
        )

    def remove_response(
        self, response: Response, *, expected_version: int | None = None
    ) -> None:
        """Remove one response equal to `response`; `NotFoundError` if there is none.

        Examples:
            >>> import coproduction as cp
            >>> ini = cp.scenarios.load_bundled("oak_house_meals")
            >>> ini.remove_response(ini.responses[0])
            >>> len(ini.responses)
            4
        """
        self._edit(expected_version, lambda r: removed_record(r, RESPONSES, response))

    def forget(self, person: str, *, expected_version: int | None = None) -> Erasure:
        """Erase a person on request (UK GDPR article 17), keeping the analysis of others.

        The person's stakeholder record gives way to a tombstone: a new stakeholder
        (``forgotten-1``, ``forgotten-2``, ...) with a neutral name, the same kind and
        perspective, and nothing else. Their id is replaced by the tombstone's
        everywhere, cycle events included (the one change that rewrites history: the
        rewritten cycles are replayed and attached, and the returned `Erasure` holds
        their events, for the caller to rewrite its stored copies). Their
        contributions stay, anonymous. Representation links to and from them are cut:
        what someone said on their behalf becomes the tombstone's own; what they said
        on someone else's behalf becomes that person's own, supported by the
        tombstone. Feedback they gave, the notes of their contributions, and care
        plans about them lose their free text (``"Removed at the person's
        request."``); other free text cannot be searched for a name reliably, and is
        listed in `Erasure.unsearched`. It is one change (`version` goes up by one).
        See the page "Corrections and erasure" for its effect on the findings.

        Raises:
            NotFoundError: If no stakeholder has this id (with a "did you mean").
            ConcurrencyError: If `expected_version` is not the current `version`.

        Examples:
            >>> import coproduction as cp
            >>> ini = cp.scenarios.load_bundled("oak_house_meals")
            >>> erasure = ini.forget("edna")
            >>> erasure.tombstone, ini.stakeholders[0].name
            ('forgotten-1', 'A person who asked to be forgotten')
            >>> any("edna" in m.attendees for m in ini.meetings), ini.version
            (False, 1)
            >>> ini.forget("edna")
            Traceback (most recent call last):
            ...
            coproduction.errors.NotFoundError: no stakeholder with id 'edna'
        """
        with self._changing(expected_version):
            records, erasure = forgotten(self._records, person)
            for cycle, rewritten in zip(
                self._records[CYCLES], records[CYCLES], strict=True
            ):
                if rewritten is not cycle:
                    self._attach(rewritten)
            self._records = records
            return erasure

    def _edit(
        self, expected_version: int | None, change: Callable[[Records], Records]
    ) -> None:
        """Make one change on a copy of the records, and keep the copy if it is sound."""
        with self._changing(expected_version):
            self._records = change(self._records)

    @contextlib.contextmanager
    def batch(self, *, expected_version: int | None = None) -> Iterator[Initiative]:
        """Apply a group of changes all or nothing.

        Inside the block, each change is checked and applied as usual (and counts in
        `version`); if any is refused, or the block raises anything else, every change
        made in it is undone and the exception goes on. Other threads wait for the block
        to finish. A cycle's own steps (`plan`, `do`, ...) belong to the cycle, not to
        the initiative, and are not undone; starting or attaching a cycle is.

        Args:
            expected_version: The `version` last read, checked before the first change.

        Raises:
            ConcurrencyError: If `expected_version` is not the current `version`.

        Examples:
            >>> import coproduction as cp
            >>> ini = cp.Initiative(id="oak")
            >>> with ini.batch():
            ...     ini.add_stakeholder(cp.Stakeholder(id="alice", name="Alice"))
            ...     ini.add_stakeholder(cp.Stakeholder(id="mo", name="Mo"))
            >>> ini.version, len(ini.stakeholders)
            (2, 2)
            >>> with ini.batch():
            ...     ini.add_stakeholder(cp.Stakeholder(id="dev", name="Dev"))
            ...     ini.add_stakeholder(cp.Stakeholder(id="alice", name="Alice again"))
            Traceback (most recent call last):
            ...
            coproduction.errors.ValidationError: $.stakeholders[3].id: duplicate id 'alice'; $.stakeholders[0] has it already
            >>> ini.version, [s.id for s in ini.stakeholders]
            (2, ['alice', 'mo'])
        """
        with self._lock:
            self._check_writable(expected_version)
            saved, version = self._records.copy(), self._version
            try:
                yield self
            except BaseException:
                self._records = saved
                self._version = version
                self._snapshot = None
                raise

    def snapshot(self) -> Initiative:
        """A still picture of this initiative, for reading while others write.

        The snapshot has the same records and compares equal; it cannot be changed
        (its methods that would change it raise `ReadOnlyError`, and so do its cycles'
        steps), and later changes to this initiative leave it alone. Taking one waits
        for a change or a `batch` in progress to finish. It is cheap: taken again with
        no change in between (to the initiative or its cycles), it is the same object;
        otherwise it copies the
        collections (not the records, which cannot change). The analysis functions take
        one themselves, so they never see a change half made.

        Examples:
            >>> import coproduction as cp
            >>> ini = cp.scenarios.load_bundled("oak_house_meals")
            >>> still = ini.snapshot()
            >>> still == ini, still is ini.snapshot()
            (True, True)
            >>> ini.add_stakeholder(cp.Stakeholder(id="zoe", name="Zoe"))
            >>> len(still.stakeholders) + 1 == len(ini.stakeholders)
            True
            >>> still.add_stakeholder(cp.Stakeholder(id="yan", name="Yan"))
            Traceback (most recent call last):
            ...
            coproduction.errors.ReadOnlyError: a snapshot cannot be changed; change the initiative it was taken from
        """
        with self._lock:
            if self._read_only:
                return self
            # A cycle's steps change it without the initiative knowing: the picture is
            # kept while neither the initiative nor any of its cycles has moved on.
            key = (self._version, *(c.version for c in self._records[CYCLES]))
            if self._snapshot is None or self._snapshot_key != key:
                self._snapshot = self._still()
                self._snapshot_key = key
            return self._snapshot

    def _still(self) -> Initiative:
        """A read-only copy of this initiative (call with the lock held)."""
        twin = Initiative.__new__(Initiative)
        state = dict(self.__dict__)
        state.update(
            _records=self._records.copy(),
            _lock=threading.RLock(),
            _read_only=True,
            _snapshot=None,
        )
        twin.__dict__.update(state)
        cycles = twin._records.ids(CYCLES)  # noqa: SLF001 - a copy of its own kind
        for cycle in list(cycles):
            still = Cycle.replay(cycle.events, read_only=True)
            twin._attach(still)  # noqa: SLF001 - a copy of its own kind
            cycles.swap(cycle, still)
        return twin

    @_locked
    def validate(self) -> tuple[str, ...]:
        """Check every record and reference again, and return notes on what may be a slip.

        The initiative is checked as it is built, so this raises nothing unless records
        were changed behind its back; it is here for integrators who want to be sure.
        The notes are not problems: each says, as ``$.path: note``, something kept as
        written that may be a mistake, such as an access need the vocabulary
        (`ACCESS_NEEDS`) does not know.

        Examples:
            >>> ini = Initiative(id="home", stakeholders=[
            ...     Stakeholder(id="dev", name="Dev", access_needs={"BSL interpreter"}),
            ...     Stakeholder(id="ada", name="Ada", access_needs={"bsl interpeter"})])
            >>> for note in ini.validate():
            ...     print(note)
            $.stakeholders[1].access_needs: 'bsl interpeter' is not a known access need; did you mean 'bsl_interpreter'?

        Returns:
            The notes, in the order of the records; empty when there is nothing to note.

        Raises:
            ValidationError: Listing every problem found.
        """
        problems = list(self._records.problems())
        if problems:
            raise ValidationError.collect(problems)
        notes = [
            f"$.stakeholders[{i}].access_needs: {note}"
            for i, s in enumerate(self.stakeholders)
            for note in map(need_note, sorted(s.access_needs))
            if note is not None
        ]
        notes += [
            f"$.meetings[{i}].accommodations: {note}"
            for i, m in enumerate(self.meetings)
            for note in map(need_note, sorted(m.accommodations))
            if note is not None
        ]
        return tuple(notes)

    # -- comparing and showing --------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Initiative):
            return NotImplemented
        return self._state() == other._state()

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        counts = ", ".join(
            f"{len(getattr(self, name))} {name}"
            for name in ("stakeholders", "meetings", "decisions")
        )
        return f"<Initiative {self.id!r} {self.title!r}: {counts}>"

    @_locked
    def _state(self) -> tuple[Any, ...]:
        header = (self.id, self.title, self.description, self.population)
        return (*header, *(collection.records() for collection in self._records))

    # -- internals ------------------------------------------------------------------

    def _read(self, row: Row[R]) -> tuple[R, ...]:
        """The records of one row, read whole under the lock (never half a change)."""
        with self._lock:
            return self._records[row].records()

    def _refuse(self, problems: Iterable[ValidationError]) -> None:
        found = list(problems)
        if found:
            raise ValidationError.collect(found)

    def _add(
        self, row: Row[R], record: object, expected_version: int | None = None
    ) -> None:
        """Check one record against the rest and keep it; a refusal changes nothing."""
        with self._changing(expected_version):
            self._keep(row, record)

    def _keep(self, row: Row[R], record: object) -> None:
        kept, problems = self._offered(row, record)
        self._refuse(problems)
        self._records[row].add(kept)

    def _offered(self, row: Row[R], record: object) -> tuple[R, list[ValidationError]]:
        """`record` as it would be kept, and every problem with keeping it; nothing changes."""
        collection = self._records[row]
        path = collection.next_path()
        try:
            kept = collection.accept(record)
            problems = list(collection.repeats(kept, path))
            if row.settle is not None:
                kept = row.settle(kept, self._records)
        except ValidationError as err:
            return cast("R", record), list(err.problems)
        if row.check is not None:
            problems += row.check(kept, path, self._records)
        if not problems and row in _DIAGRAM:
            problems = list(self._diagram_with(row, kept))
        return kept, problems

    def _diagram_with(self, row: Row[Any], record: object) -> Iterator[ValidationError]:
        """The driver diagram's problems were `record` added to `row`'s collection."""
        parts = {r: list(self._records[r]) for r in _DIAGRAM}
        parts[row].append(record)
        return diagram_problems(parts[AIMS], parts[DRIVERS], parts[CHANGE_IDEAS])

    def _attach(self, cycle: Cycle) -> None:
        cycle.observations = self._observations_for
        cycle.measures = self._measure_or_none
        cycle.balancing = self.balancing_measures
        cycle.people = self._unknown_people
        cycle.on_next = self._take_in
        if self._clock is not None:
            cycle.clock = self._clock

    # A cycle's views look the records up when called: the collections are replaced
    # when a batch is undone or a record corrected, and a view must see the new ones.

    def _measure_or_none(self, measure: str) -> Measure | None:
        """A cycle's view of the measures: the one with this id, or None."""
        return self._records.ids(MEASURES).find(measure)

    def _unknown_people(
        self, ids: Iterable[str], path: str
    ) -> Iterator[ValidationError]:
        """A cycle's check of who took part: a problem for each id no stakeholder has."""
        return self._records.ids(STAKEHOLDERS).unknown(ids, path)

    def _observations_for(self, measure: str) -> tuple[Observation, ...]:
        """A cycle's view of the observations: those of a known measure, else none."""
        if measure not in self._records.ids(MEASURES):
            return ()
        return self.observations_of(measure)

    def _take_in(self, cycle: Cycle) -> None:
        with self._changing(None):
            cycles = self._records.ids(CYCLES)
            self._refuse(cycles.taken(cycle.id, cycles.next_path()))
            self._attach(cycle)
            cycles.add(cycle)

    @contextlib.contextmanager
    def _changing(self, expected_version: int | None) -> Iterator[None]:
        """Hold the lock for one change, check it may be made, and count it once made."""
        with self._lock:
            self._check_writable(expected_version)
            yield
            self._version += 1
            self._snapshot = None

    def _check_writable(self, expected_version: int | None) -> None:
        if self._read_only:
            msg = (
                "a snapshot cannot be changed; change the initiative it was taken from"
            )
            raise ReadOnlyError(msg)
        if expected_version is None:
            return
        if not is_count(expected_version):
            msg = f"expected a whole number or None, got {describe(expected_version)}"
            raise ValidationError(msg, "$.expected_version", code="wrong_type")
        if expected_version != self._version:
            raise ConcurrencyError(
                self._id, expected_version, self._version, kind="initiative"
            )

    # -- travelling -------------------------------------------------------------------

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        del state["_lock"]
        state["_snapshot"] = None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.__dict__["_lock"] = threading.RLock()


_DIAGRAM: tuple[Row[Any], ...] = (AIMS, DRIVERS, CHANGE_IDEAS)
"""The rows whose records make the driver diagram, checked together on each change."""


def _check_header(
    id: object, title: object, description: object
) -> Iterator[ValidationError]:
    if not is_id(id):
        yield ValidationError(
            f"an initiative needs an id (a non-empty string), got {id!r}",
            "$.id",
            code="wrong_type",
        )
    for name, value in (("title", title), ("description", description)):
        if not isinstance(value, str):
            yield ValidationError(
                f"expected a string, got {type(value).__name__} {value!r}",
                f"$.{name}",
                code="wrong_type",
            )


def _population(
    value: Mapping[str, Mapping[str, int]] | None, problems: list[ValidationError]
) -> dict[str, dict[str, int]]:
    if value is None:
        return {}
    result: dict[str, dict[str, int]] = {}
    for characteristic, groups in value.items():
        if not isinstance(groups, Mapping):
            msg = f"expected counts by group, got {type(groups).__name__} {groups!r}"
            problems.append(
                ValidationError(
                    msg, f"$.population[{characteristic!r}]", code="wrong_type"
                )
            )
            continue
        for group, count in groups.items():
            if not is_count(count):
                msg = f"expected a count of people (a whole number of at least 0), got {count!r}"
                problems.append(
                    ValidationError(
                        msg,
                        f"$.population[{characteristic!r}][{group!r}]",
                        code="wrong_type",
                    )
                )
        result[characteristic] = dict(groups)
    return result
