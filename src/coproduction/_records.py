"""The table of an initiative's collections, and the checks of each record type.

`TABLE` has one `Row` per record type, in the order the collections are written in a
scenario file. Everything that goes through every collection (the `Initiative`'s
constructor, its properties and lookups, its equality, `to_dict` and `from_dict`, the
schema) reads this table, so adding a record type is one row, its class and its checks.

Each check takes a record, its path and the initiative's `Records`, and yields every
problem with the ids the record refers to, each with its path and, for an unknown id,
a "did you mean" where one is close.
"""

from __future__ import annotations

import graphlib
from collections import defaultdict
from collections.abc import Iterator
from typing import Any, Final, TypeVar, cast

import attrs

from coproduction._collection import ById, Collection, Grouped, Listed, Row, Unique
from coproduction._words import did_you_mean
from coproduction.errors import ValidationError
from coproduction.improvement import (
    Aim,
    ChangeIdea,
    Cycle,
    Driver,
    Measure,
    Observation,
)
from coproduction.improvement.drivers import diagram_problems
from coproduction.model import (
    Action,
    CarePlan,
    Contribution,
    Decision,
    Feedback,
    Meeting,
    Membership,
    Response,
    Result,
    Role,
    Rule,
    Stakeholder,
)
from coproduction.model.votes import outcome_problems, voter, weigh_by, worked_out

__all__ = [
    "AIMS",
    "CARE_PLANS",
    "CHANGE_IDEAS",
    "CYCLES",
    "DECISIONS",
    "DRIVERS",
    "FEEDBACK",
    "MEASURES",
    "MEETINGS",
    "MEMBERSHIPS",
    "OBSERVATIONS",
    "RESPONSES",
    "ROLES",
    "STAKEHOLDERS",
    "TABLE",
    "Records",
    "whole_problems",
]

R = TypeVar("R")


class Records:
    """One collection per row of `TABLE`: the records an initiative holds.

    Examples:
        >>> records = Records()
        >>> [c.field for c in records][:3]
        ['stakeholders', 'roles', 'memberships']
        >>> len(records.ids(STAKEHOLDERS))
        0
    """

    def __init__(self) -> None:
        self._by_field: dict[str, Collection[Any]] = {
            row.field: row.new() for row in TABLE
        }

    def copy(self) -> Records:
        """The same records in new collections, which later changes to these leave alone.

        The records themselves are shared (they are immutable), except that the cycles,
        which are not, are shared too: the caller replaces them where it must.
        """
        twin = Records.__new__(Records)
        copies = {field: c.copy() for field, c in self._by_field.items()}
        twin._by_field = copies  # noqa: SLF001 - a copy of its own kind
        return twin

    def __iter__(self) -> Iterator[Collection[Any]]:
        return iter(self._by_field.values())

    def __getitem__(self, row: Row[R]) -> Collection[R]:
        return cast("Collection[R]", self._by_field[row.field])

    def ids(self, row: Row[R]) -> ById[R]:
        """The collection of a row whose records have ids."""
        return cast("ById[R]", self._by_field[row.field])

    def grouped(self, row: Row[R]) -> Grouped[R]:
        """The collection of a row whose records are kept in groups."""
        return cast("Grouped[R]", self._by_field[row.field])

    def problems(self) -> Iterator[ValidationError]:
        """Every problem with every record, collection by collection, then the whole."""
        for collection in self:
            check = collection.row.check
            if check is not None:
                for index, record in enumerate(collection):
                    yield from check(record, collection.path(index), self)
        yield from whole_problems(self)


def whole_problems(records: Records) -> Iterator[ValidationError]:
    """The problems no single record shows: representation loops, the driver diagram."""
    yield from _representation_loops(records)
    yield from diagram_problems(records[AIMS], records[DRIVERS], records[CHANGE_IDEAS])


# -- the checks of each record type ------------------------------------------------------


def _stakeholder(s: Stakeholder, path: str, of: Records) -> Iterator[ValidationError]:
    if s.id in s.represents:
        msg = f"{s.id!r} cannot represent themself; people speak for themselves"
        yield ValidationError(msg, f"{path}.represents", code="not_allowed")
    others = s.represents - {s.id}
    yield from of.ids(STAKEHOLDERS).unknown(others, f"{path}.represents")


def _representation_loops(of: Records) -> Iterator[ValidationError]:
    people = of.ids(STAKEHOLDERS)
    graph = {
        s.id: {r for r in s.represents if r != s.id and r in people} for s in people
    }
    try:
        tuple(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as err:
        loop = list(reversed(err.args[1]))
        chain = " -> ".join(repr(i) for i in loop)
        msg = (
            f"representation goes round in a loop: {chain} "
            "(read 'a -> b' as 'a speaks for b'); someone in it must speak for themself"
        )
        yield ValidationError(msg, f"{people.first(loop[0])}.represents", code="loop")


def _membership(m: Membership, path: str, of: Records) -> Iterator[ValidationError]:
    yield from of.ids(STAKEHOLDERS).unknown([m.stakeholder], f"{path}.stakeholder")
    yield from of.ids(ROLES).unknown([m.role], f"{path}.role")


def _meeting(meeting: Meeting, path: str, of: Records) -> Iterator[ValidationError]:
    people = of.ids(STAKEHOLDERS)
    yield from people.unknown(meeting.attendees, f"{path}.attendees")
    yield from people.unknown(meeting.invited, f"{path}.invited")
    yield from people.unknown(meeting.apologies, f"{path}.apologies")


def _decision(d: Decision, path: str, of: Records) -> Iterator[ValidationError]:
    people = of.ids(STAKEHOLDERS)
    meetings = of.ids(MEETINGS)
    yield from meetings.unknown([d.meeting], f"{path}.meeting")
    yield from people.unknown(d.affects, f"{path}.affects")
    meeting = meetings.find(d.meeting)
    if meeting is not None and d.date is not None and d.date != meeting.date:
        msg = (
            f"decision dated {d.date.isoformat()} but its meeting {meeting.id!r} "
            f"was on {meeting.date.isoformat()}"
        )
        yield ValidationError(msg, f"{path}.date", code="not_allowed")
    for j, c in enumerate(d.contributions):
        if c.by in people and c.on_behalf_of is None and c.supported_by is None:
            continue  # the common case, checked without building a path
        yield from _contribution(c, f"{path}.contributions[{j}]", people)
    if d.revisits is not None:
        yield from _revisit(d, path, of)
    for k, option in enumerate(d.options):
        yield from people.unknown(
            option.proposed_by, f"{path}.options[{k}].proposed_by"
        )
    if d.rule is Rule.WEIGHTED_VOTE:
        yield from _weighted_vote(d, path, of)


def _revisit(d: Decision, path: str, of: Records) -> Iterator[ValidationError]:
    """A decision reconsiders another that exists, and never itself, even in a chain."""
    decisions = of.ids(DECISIONS)
    if d.revisits == d.id:
        yield ValidationError(
            f"{d.id!r} cannot revisit itself", f"{path}.revisits", code="not_allowed"
        )
        return
    yield from decisions.unknown([d.revisits], f"{path}.revisits")
    seen = {d.id}
    earlier = decisions.find(d.revisits)
    while earlier is not None and earlier.revisits is not None:
        if earlier.revisits in seen:
            msg = f"revisits go round in a loop through {earlier.id!r}"
            yield ValidationError(msg, f"{path}.revisits", code="loop")
            return
        seen.add(earlier.id)
        earlier = decisions.find(earlier.revisits)


_VOTES: Final = frozenset({Action.VOTED_FOR, Action.VOTED_AGAINST})


def _role_votes(of: Records) -> dict[str, int]:
    """Each member's votes: the sum of the votes of the roles they hold."""
    roles = of.ids(ROLES)
    votes: dict[str, int] = defaultdict(int)
    for m in of[MEMBERSHIPS]:
        role = roles.find(m.role)
        votes[m.stakeholder] += role.votes if role is not None else 0
    return votes


def _weighted_vote(d: Decision, path: str, of: Records) -> Iterator[ValidationError]:
    """Votes under `weighted_vote` come from members; the result must agree with them."""
    votes = _role_votes(of)
    refused = False
    for j, c in enumerate(d.contributions):
        if c.action in _VOTES and voter(c) not in votes:
            refused = True
            msg = (
                f"{voter(c)!r} holds no role, so has no votes to weigh under "
                "weighted_vote; assign them a role, or record the decision under "
                "another rule"
            )
            yield ValidationError(msg, f"{path}.contributions[{j}]", code="not_allowed")
    if refused or not d.result_recorded:
        return
    for problem in outcome_problems(d, d.result.value, d.chosen, weigh_by(votes)):
        yield ValidationError(
            problem.message,
            path + problem.path[1:],
            code=problem.code,
            input=problem.input,
        )


def _settle_decision(d: Decision, of: Records) -> Decision:
    """A weighted vote's result and choice, counted with the votes the roles give."""
    if d.rule is not Rule.WEIGHTED_VOTE or d.result_recorded:
        return d
    votes = _role_votes(of)
    if any(c.action in _VOTES and voter(c) not in votes for c in d.contributions):
        return d  # the check explains
    result, chosen = worked_out(d, weigh_by(votes))
    return attrs.evolve(d, result=Result(result), chosen=chosen)


def _contribution(
    c: Contribution, here: str, people: ById[Stakeholder]
) -> Iterator[ValidationError]:
    yield from people.unknown([c.by], f"{here}.by")
    if c.supported_by is not None:
        yield from people.unknown([c.supported_by], f"{here}.supported_by")
    if c.on_behalf_of is None:
        return
    if c.on_behalf_of not in people:
        yield from people.unknown([c.on_behalf_of], f"{here}.on_behalf_of")
        return
    by = people.find(c.by)
    if by is not None and c.on_behalf_of not in by.represents:
        msg = (
            f"{c.by!r} does not represent {c.on_behalf_of!r}; "
            f"add {c.on_behalf_of!r} to the 'represents' of {c.by!r} first"
        )
        yield ValidationError(msg, f"{here}.on_behalf_of", code="not_allowed")


def _feedback(f: Feedback, path: str, of: Records) -> Iterator[ValidationError]:
    yield from of.ids(STAKEHOLDERS).unknown([f.by], f"{path}.by")


def _response(r: Response, path: str, of: Records) -> Iterator[ValidationError]:
    feedback = of.ids(FEEDBACK)
    yield from feedback.unknown([r.feedback], f"{path}.feedback")
    answered = feedback.find(r.feedback)
    if answered is not None and r.date < answered.received:
        msg = (
            f"response dated {r.date.isoformat()} but the feedback {r.feedback!r} it "
            f"answers was received on {answered.received.isoformat()}; a response "
            "cannot come before what it answers"
        )
        yield ValidationError(msg, f"{path}.date", code="out_of_order")
    yield from of.ids(STAKEHOLDERS).unknown(r.by, f"{path}.by")
    yield from of.ids(DECISIONS).unknown([r.decision], f"{path}.decision")
    yield from of.ids(CHANGE_IDEAS).unknown([r.change_idea], f"{path}.change_idea")
    yield from of.ids(CYCLES).unknown([r.cycle], f"{path}.cycle")


def _care_plan(c: CarePlan, path: str, of: Records) -> Iterator[ValidationError]:
    people = of.ids(STAKEHOLDERS)
    yield from people.unknown([c.person], f"{path}.person")
    for k, item in enumerate(c.items):
        yield from people.unknown(item.agreed_by, f"{path}.items[{k}].agreed_by")


def _measure(m: Measure, path: str, of: Records) -> Iterator[ValidationError]:
    groups: tuple[ById[Any], ...] = (
        of.ids(AIMS),
        of.ids(DRIVERS),
        of.ids(CHANGE_IDEAS),
    )
    known = [r.id for group in groups for r in group]
    for id in sorted(m.of):
        if all(group.find(id) is None for group in groups):
            msg = f"unknown aim, driver or change idea {id!r}{did_you_mean(known, id)}"
            yield ValidationError(msg, f"{path}.of", code="unknown_reference")


def _observation(o: Observation, path: str, of: Records) -> Iterator[ValidationError]:
    yield from of.ids(MEASURES).unknown([o.measure], f"{path}.measure")


def _cycle(c: Cycle, path: str, of: Records) -> Iterator[ValidationError]:
    yield from of.ids(CHANGE_IDEAS).unknown([c.change_idea], f"{path}.change_idea")
    yield from of.ids(CYCLES).unknown([c.parent], f"{path}.parent")
    people = of.ids(STAKEHOLDERS)
    for j, event in enumerate(c.events):
        yield from people.unknown(event.by, f"{path}.events[{j}].by")
    predictions = f"{path}.events[1].payload.predictions"
    yield from of.ids(MEASURES).unknown([p.measure for p in c.predictions], predictions)


def _repeated_membership(m: Membership) -> str:
    return f"{m.stakeholder!r} already holds the role {m.role!r}"


# -- the table ---------------------------------------------------------------------------

STAKEHOLDERS: Final = Row(
    "stakeholders", Stakeholder, "stakeholder", ById, check=_stakeholder
)
ROLES: Final = Row("roles", Role, "role", ById)
MEMBERSHIPS: Final = Row(
    "memberships",
    Membership,
    "membership",
    Unique,
    check=_membership,
    repeated=_repeated_membership,
)
MEETINGS: Final = Row("meetings", Meeting, "meeting", ById, check=_meeting)
DECISIONS: Final = Row(
    "decisions", Decision, "decision", ById, check=_decision, settle=_settle_decision
)
FEEDBACK: Final = Row("feedback", Feedback, "feedback", ById, check=_feedback)
RESPONSES: Final = Row("responses", Response, "response", Listed, check=_response)
CARE_PLANS: Final = Row("care_plans", CarePlan, "care plan", ById, check=_care_plan)
AIMS: Final = Row("aims", Aim, "aim", ById)
DRIVERS: Final = Row("drivers", Driver, "driver", ById)
CHANGE_IDEAS: Final = Row("change_ideas", ChangeIdea, "change idea", ById)
MEASURES: Final = Row("measures", Measure, "measure", ById, check=_measure)
OBSERVATIONS: Final = Row(
    "observations",
    Observation,
    "observation",
    Grouped,
    check=_observation,
    group="measure",
)
CYCLES: Final = Row("cycles", Cycle, "cycle", ById, check=_cycle)

TABLE: Final[tuple[Row[Any], ...]] = (
    STAKEHOLDERS,
    ROLES,
    MEMBERSHIPS,
    MEETINGS,
    DECISIONS,
    FEEDBACK,
    RESPONSES,
    CARE_PLANS,
    AIMS,
    DRIVERS,
    CHANGE_IDEAS,
    MEASURES,
    OBSERVATIONS,
    CYCLES,
)
"""Every collection of an initiative, in the order they are written."""
