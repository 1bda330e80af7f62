"""The `Initiative`: the aggregate that holds every record and keeps them consistent.

Records (`Stakeholder`, `Decision`, ...) check their own fields; the initiative checks
what no single record can: that ids are unique, that every reference names a record
that exists, that representation makes sense. Every change goes through a method
that checks first and changes afterwards, so **a refused call changes nothing**.
"""

from __future__ import annotations

import graphlib
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Protocol, TypeVar

from coproduction._improving import Clock, Improving, duplicate, hint, lookup, require
from coproduction.errors import ValidationError
from coproduction.improvement import (
    Aim,
    ChangeIdea,
    Cycle,
    Driver,
    Measure,
    Observation,
)
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

__all__ = ["Initiative"]

R = TypeVar("R", Stakeholder, Role, Meeting, Decision, Feedback, CarePlan)


class Initiative(Improving):
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
        ValidationError: Listing every problem found, each with its path.

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
        problems: list[ValidationError] = []
        problems += _check_header(id, title, description)
        self.id = id
        self.title = title
        self.description = description
        self.population = _population(population, problems)
        self._stakeholders = _index("stakeholders", Stakeholder, stakeholders, problems)
        self._roles = _index("roles", Role, roles, problems)
        self._memberships = _records("memberships", Membership, memberships, problems)
        self._meetings = _index("meetings", Meeting, meetings, problems)
        self._decisions = _index("decisions", Decision, decisions, problems)
        self._feedback = _index("feedback", Feedback, feedback, problems)
        self._responses = _records("responses", Response, responses, problems)
        self._care_plans = _index("care_plans", CarePlan, care_plans, problems)
        self._init_improving(
            aims=aims,
            drivers=drivers,
            change_ideas=change_ideas,
            measures=measures,
            observations=observations,
            cycles=cycles,
            clock=clock,
            index=_index,
            problems=problems,
        )
        problems += self._problems()
        if problems:
            raise ValidationError.collect(problems)

    # -- reading --------------------------------------------------------------------

    @property
    def stakeholders(self) -> tuple[Stakeholder, ...]:
        """Everyone involved, in the order they were added."""
        return tuple(self._stakeholders.values())

    @property
    def roles(self) -> tuple[Role, ...]:
        """The roles, in the order they were added."""
        return tuple(self._roles.values())

    @property
    def memberships(self) -> tuple[Membership, ...]:
        """Who holds which role."""
        return tuple(self._memberships)

    @property
    def meetings(self) -> tuple[Meeting, ...]:
        """The meetings, in the order they were added."""
        return tuple(self._meetings.values())

    @property
    def decisions(self) -> tuple[Decision, ...]:
        """The decisions, in the order they were recorded."""
        return tuple(self._decisions.values())

    @property
    def feedback(self) -> tuple[Feedback, ...]:
        """The feedback received, in the order it was added."""
        return tuple(self._feedback.values())

    @property
    def responses(self) -> tuple[Response, ...]:
        """What was done about the feedback, in the order it was recorded."""
        return tuple(self._responses)

    @property
    def care_plans(self) -> tuple[CarePlan, ...]:
        """The care plans, in the order they were added."""
        return tuple(self._care_plans.values())

    def stakeholder(self, id: str) -> Stakeholder:
        """The stakeholder with this id.

        Raises:
            NotFoundError: If there is none; the message lists the known ids.

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
        return lookup(self._stakeholders, id, "stakeholder")

    def role(self, id: str) -> Role:
        """The role with this id; `NotFoundError` if there is none."""
        return lookup(self._roles, id, "role")

    def meeting(self, id: str) -> Meeting:
        """The meeting with this id; `NotFoundError` if there is none."""
        return lookup(self._meetings, id, "meeting")

    def decision(self, id: str) -> Decision:
        """The decision with this id; `NotFoundError` if there is none."""
        return lookup(self._decisions, id, "decision")

    def feedback_item(self, id: str) -> Feedback:
        """The feedback with this id; `NotFoundError` if there is none."""
        return lookup(self._feedback, id, "feedback")

    def care_plan(self, id: str) -> CarePlan:
        """The care plan with this id; `NotFoundError` if there is none."""
        return lookup(self._care_plans, id, "care plan")

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
            self._roles[m.role]
            for m in self._memberships
            if m.stakeholder == stakeholder
        )

    def responses_to(self, feedback: str) -> tuple[Response, ...]:
        """What was done about one piece of feedback, in the order it was recorded."""
        self.feedback_item(feedback)
        return tuple(r for r in self._responses if r.feedback == feedback)

    # -- changing -------------------------------------------------------------------

    def add_stakeholder(self, stakeholder: Stakeholder) -> None:
        """Add someone; the people they represent must already be known.

        Raises:
            ValidationError: For a duplicate id, an unknown or self representation.
        """
        require(stakeholder, Stakeholder)
        path = f"$.stakeholders[{len(self._stakeholders)}]"
        self._refuse(duplicate(self._stakeholders, stakeholder.id, path))
        self._refuse(self._stakeholder_problems(stakeholder, path))
        self._stakeholders[stakeholder.id] = stakeholder

    def add_role(self, role: Role) -> None:
        """Add a role; `ValidationError` for a duplicate id."""
        require(role, Role)
        self._refuse(duplicate(self._roles, role.id, f"$.roles[{len(self._roles)}]"))
        self._roles[role.id] = role

    def assign(self, stakeholder: str, role: str) -> None:
        """Give a stakeholder a role (a `Membership`).

        Raises:
            ValidationError: For an unknown stakeholder or role, or a repeated assignment.
        """
        membership = Membership(stakeholder=stakeholder, role=role)
        path = f"$.memberships[{len(self._memberships)}]"
        self._refuse(
            self._membership_problems(membership, path, set(self._memberships))
        )
        self._memberships.append(membership)

    def add_meeting(self, meeting: Meeting) -> None:
        """Add a meeting; every attendee must be a known stakeholder."""
        require(meeting, Meeting)
        path = f"$.meetings[{len(self._meetings)}]"
        self._refuse(duplicate(self._meetings, meeting.id, path))
        self._refuse(self._meeting_problems(meeting, path))
        self._meetings[meeting.id] = meeting

    def record_decision(self, decision: Decision) -> None:
        """Record a decision after checking every id it refers to.

        Raises:
            ValidationError: For a duplicate id, an unknown meeting or stakeholder, a
                contribution on behalf of someone the contributor does not represent,
                or a date other than its meeting's.
        """
        require(decision, Decision)
        path = f"$.decisions[{len(self._decisions)}]"
        self._refuse(duplicate(self._decisions, decision.id, path))
        self._refuse(self._decision_problems(decision, path))
        self._decisions[decision.id] = decision

    def add_feedback(self, feedback: Feedback) -> None:
        """Add feedback; its author, if named, must be a known stakeholder."""
        require(feedback, Feedback)
        path = f"$.feedback[{len(self._feedback)}]"
        self._refuse(duplicate(self._feedback, feedback.id, path))
        self._refuse(self._feedback_problems(feedback, path))
        self._feedback[feedback.id] = feedback

    def respond(self, response: Response) -> None:
        """Record what was done about a piece of feedback.

        Raises:
            ValidationError: For unknown feedback, stakeholders or decision.
        """
        require(response, Response)
        path = f"$.responses[{len(self._responses)}]"
        self._refuse(self._response_problems(response, path))
        self._responses.append(response)

    def add_care_plan(self, care_plan: CarePlan) -> None:
        """Add a care plan; its person and everyone who agreed an item must be known."""
        require(care_plan, CarePlan)
        path = f"$.care_plans[{len(self._care_plans)}]"
        self._refuse(duplicate(self._care_plans, care_plan.id, path))
        self._refuse(self._care_plan_problems(care_plan, path))
        self._care_plans[care_plan.id] = care_plan

    def validate(self) -> None:
        """Check every record and reference again.

        The initiative is checked as it is built, so this passes unless records were
        changed behind its back; it is here for integrators who want to be sure.

        Raises:
            ValidationError: Listing every problem found.
        """
        problems = list(self._problems())
        if problems:
            raise ValidationError.collect(problems)

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

    def _state(self) -> tuple[Any, ...]:
        return (
            self.id,
            self.title,
            self.description,
            self.population,
            self.stakeholders,
            self.roles,
            self.memberships,
            self.meetings,
            self.decisions,
            self.feedback,
            self.responses,
            self.care_plans,
            self.aims,
            self.drivers,
            self.change_ideas,
            self.measures,
            self.observations,
            self.cycles,
        )

    # -- checking ------------------------------------------------------------------

    def _refuse(self, problems: Iterable[ValidationError]) -> None:
        found = list(problems)
        if found:
            raise ValidationError.collect(found)

    def _problems(self) -> Iterator[ValidationError]:
        for i, s in enumerate(self._stakeholders.values()):
            yield from self._stakeholder_problems(s, f"$.stakeholders[{i}]")
        yield from self._representation_loops()
        seen: set[Membership] = set()
        for i, m in enumerate(self._memberships):
            yield from self._membership_problems(m, f"$.memberships[{i}]", seen)
            seen.add(m)
        for i, meeting in enumerate(self._meetings.values()):
            yield from self._meeting_problems(meeting, f"$.meetings[{i}]")
        for i, d in enumerate(self._decisions.values()):
            yield from self._decision_problems(d, f"$.decisions[{i}]")
        for i, f in enumerate(self._feedback.values()):
            yield from self._feedback_problems(f, f"$.feedback[{i}]")
        for i, r in enumerate(self._responses):
            yield from self._response_problems(r, f"$.responses[{i}]")
        for i, c in enumerate(self._care_plans.values()):
            yield from self._care_plan_problems(c, f"$.care_plans[{i}]")
        yield from self._improvement_problems(self._stakeholders)

    def _known(
        self,
        index: Mapping[str, object],
        ids: Iterable[str | None],
        path: str,
        noun: str,
    ) -> Iterator[ValidationError]:
        for id in sorted(i for i in ids if i is not None):
            if id not in index:
                yield ValidationError(f"unknown {noun} {id!r}{hint(index, id)}", path)

    def _stakeholder_problems(
        self, s: Stakeholder, path: str
    ) -> Iterator[ValidationError]:
        if s.id in s.represents:
            msg = f"{s.id!r} cannot represent themself; people speak for themselves"
            yield ValidationError(msg, f"{path}.represents")
        others = s.represents - {s.id}
        yield from self._known(
            self._stakeholders, others, f"{path}.represents", "stakeholder"
        )

    def _representation_loops(self) -> Iterator[ValidationError]:
        graph = {
            s.id: {r for r in s.represents if r != s.id and r in self._stakeholders}
            for s in self._stakeholders.values()
        }
        try:
            tuple(graphlib.TopologicalSorter(graph).static_order())
        except graphlib.CycleError as err:
            loop = list(reversed(err.args[1]))
            first = list(self._stakeholders).index(loop[0])
            chain = " -> ".join(repr(i) for i in loop)
            msg = (
                f"representation goes round in a loop: {chain} "
                "(read 'a -> b' as 'a speaks for b'); someone in it must speak for themself"
            )
            yield ValidationError(msg, f"$.stakeholders[{first}].represents")

    def _membership_problems(
        self, m: Membership, path: str, seen: set[Membership]
    ) -> Iterator[ValidationError]:
        yield from self._known(
            self._stakeholders, [m.stakeholder], f"{path}.stakeholder", "stakeholder"
        )
        yield from self._known(self._roles, [m.role], f"{path}.role", "role")
        if m in seen:
            msg = f"{m.stakeholder!r} already holds the role {m.role!r}"
            yield ValidationError(msg, path)

    def _meeting_problems(
        self, meeting: Meeting, path: str
    ) -> Iterator[ValidationError]:
        yield from self._known(
            self._stakeholders, meeting.attendees, f"{path}.attendees", "stakeholder"
        )

    def _decision_problems(self, d: Decision, path: str) -> Iterator[ValidationError]:
        yield from self._known(
            self._meetings, [d.meeting], f"{path}.meeting", "meeting"
        )
        yield from self._known(
            self._stakeholders, d.affects, f"{path}.affects", "stakeholder"
        )
        meeting = self._meetings.get(d.meeting) if d.meeting is not None else None
        if meeting is not None and d.date is not None and d.date != meeting.date:
            msg = (
                f"decision dated {d.date.isoformat()} but its meeting {meeting.id!r} "
                f"was on {meeting.date.isoformat()}"
            )
            yield ValidationError(msg, f"{path}.date")
        for j, c in enumerate(d.contributions):
            here = f"{path}.contributions[{j}]"
            yield from self._known(
                self._stakeholders, [c.by], f"{here}.by", "stakeholder"
            )
            if c.on_behalf_of is None:
                continue
            if c.on_behalf_of not in self._stakeholders:
                yield from self._known(
                    self._stakeholders,
                    [c.on_behalf_of],
                    f"{here}.on_behalf_of",
                    "stakeholder",
                )
                continue
            by = self._stakeholders.get(c.by)
            if by is not None and c.on_behalf_of not in by.represents:
                msg = (
                    f"{c.by!r} does not represent {c.on_behalf_of!r}; "
                    f"add {c.on_behalf_of!r} to the 'represents' of {c.by!r} first"
                )
                yield ValidationError(msg, f"{here}.on_behalf_of")

    def _feedback_problems(self, f: Feedback, path: str) -> Iterator[ValidationError]:
        yield from self._known(self._stakeholders, [f.by], f"{path}.by", "stakeholder")

    def _response_problems(self, r: Response, path: str) -> Iterator[ValidationError]:
        yield from self._known(
            self._feedback, [r.feedback], f"{path}.feedback", "feedback"
        )
        yield from self._known(self._stakeholders, r.by, f"{path}.by", "stakeholder")
        yield from self._known(
            self._decisions, [r.decision], f"{path}.decision", "decision"
        )
        yield from self._known(
            self._change_ideas, [r.change_idea], f"{path}.change_idea", "change idea"
        )
        yield from self._known(self._cycles, [r.cycle], f"{path}.cycle", "cycle")

    def _care_plan_problems(self, c: CarePlan, path: str) -> Iterator[ValidationError]:
        yield from self._known(
            self._stakeholders, [c.person], f"{path}.person", "stakeholder"
        )
        for k, item in enumerate(c.items):
            yield from self._known(
                self._stakeholders,
                item.agreed_by,
                f"{path}.items[{k}].agreed_by",
                "stakeholder",
            )


def _check_header(
    id: object, title: object, description: object
) -> Iterator[ValidationError]:
    if not isinstance(id, str) or not id or id != id.strip():
        yield ValidationError(
            f"an initiative needs an id (a non-empty string), got {id!r}", "$.id"
        )
    for name, value in (("title", title), ("description", description)):
        if not isinstance(value, str):
            yield ValidationError(
                f"expected a string, got {type(value).__name__} {value!r}", f"$.{name}"
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
            problems.append(ValidationError(msg, f"$.population[{characteristic!r}]"))
            continue
        for group, count in groups.items():
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                msg = f"expected a count of people (a whole number of at least 0), got {count!r}"
                problems.append(
                    ValidationError(msg, f"$.population[{characteristic!r}][{group!r}]")
                )
        result[characteristic] = dict(groups)
    return result


T = TypeVar("T")


def _records(
    field: str, cls: type[T], records: Iterable[T], problems: list[ValidationError]
) -> list[T]:
    kept: list[T] = []
    for i, record in enumerate(records):
        if isinstance(record, cls):
            kept.append(record)
        else:
            msg = f"expected a {cls.__name__}, got {type(record).__name__} {record!r}"
            problems.append(ValidationError(msg, f"$.{field}[{i}]"))
    return kept


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


Rec = TypeVar("Rec", bound=_Identified)


def _index(
    field: str, cls: type[Rec], records: Iterable[Rec], problems: list[ValidationError]
) -> dict[str, Rec]:
    index: dict[str, Rec] = {}
    for i, record in enumerate(records):
        if not isinstance(record, cls):
            msg = f"expected a {cls.__name__}, got {type(record).__name__} {record!r}"
            problems.append(ValidationError(msg, f"$.{field}[{i}]"))
        elif record.id in index:
            problems.extend(duplicate(index, record.id, f"$.{field}[{i}]"))
        else:
            index[record.id] = record
    return index
