"""Corrections, removal and erasure: what `replace_*`, `remove_*` and `forget` do.

Each function takes an initiative's `Records`, works on a copy, checks the copy as a
whole (`Records.problems`), and returns it only if nothing is wrong: the initiative
keeps the copy, so a refused change changes nothing.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Final, TypeVar, cast

import attrs
from attrs import frozen

from coproduction._collection import Row
from coproduction._records import (
    CARE_PLANS,
    CYCLES,
    DECISIONS,
    FEEDBACK,
    MEETINGS,
    MEMBERSHIPS,
    RESPONSES,
    ROLES,
    STAKEHOLDERS,
    Records,
)
from coproduction.errors import NotFoundError, ValidationError
from coproduction.improvement import Cycle, Event
from coproduction.model import (
    CarePlan,
    Contribution,
    Decision,
    Feedback,
    Meeting,
    Membership,
    Option,
    Response,
    Stakeholder,
)
from coproduction.types import StakeholderKind

__all__ = [
    "FORGOTTEN_NAME",
    "REMOVED_TEXT",
    "Erasure",
    "forgotten",
    "removed",
    "removed_record",
    "replaced",
    "unassigned",
]

R = TypeVar("R")

FORGOTTEN_NAME: Final = "A person who asked to be forgotten"
"""The name of the stakeholder that stands in for a forgotten person."""

REMOVED_TEXT: Final = "Removed at the person's request."
"""What replaces free text a forgotten person wrote, or that is about them."""

_FREE_TEXT: Final = frozenset(
    {"title", "outcome", "text", "action", "note", "what", "description"}
)
"""The fields of free text that may name someone and that `forget` cannot search."""

_EVENT_TEXT: Final = frozenset({"notes", "objective", "rationale", "tasks"})
"""The free text in a cycle's events (the rest is ids, dates and computed results)."""


@frozen(kw_only=True)
class Erasure:
    """What `Initiative.forget` did: the tombstone, the rewritten history, the paths.

    A system of record uses it to bring its stored copies into line: each cycle's
    events in `events` replace the stored ones (the same versions, with the person's
    id replaced by the tombstone's in ``by``). Free text that `forget` could not
    search for the person's name is listed in `unsearched`, for a person to read.

    Examples:
        >>> import coproduction as cp
        >>> ini = cp.scenarios.load_bundled("oak_house_meals")
        >>> erasure = ini.forget("edna")
        >>> erasure.tombstone, ini.stakeholder(erasure.tombstone).name
        ('forgotten-1', 'A person who asked to be forgotten')
        >>> sorted(dict(erasure.events))
        ['curry-1', 'curry-2', 'curry-3']
        >>> "edna" in {p for e in ini.cycle("curry-1").events for p in e.by}
        False
        >>> erasure.changed[:3]
        ('$.stakeholders[0]', '$.memberships[0]', '$.memberships[1]')
        >>> erasure.unsearched[0]
        '$.meetings[0].title'

    Added in 0.4.
    """

    tombstone: str
    """The id of the stakeholder that now stands where the person stood."""
    events: tuple[tuple[str, tuple[Event, ...]], ...] = ()
    """Every event of each rewritten cycle, by cycle id (``dict(erasure.events)``)."""
    changed: tuple[str, ...] = ()
    """The path of each record changed, e.g. ``$.decisions[2]``, in document order."""
    unsearched: tuple[str, ...] = ()
    """The paths of free text left as it was (decision titles, notes, ...), which
    may still name the person: a name cannot be found in free text reliably."""


# -- corrections ---------------------------------------------------------------------


def replaced(records: Records, row: Row[R], record: object) -> Records:
    """`records` with the record of the same id replaced by `record`, order kept.

    Raises:
        ValidationError: For a record of the wrong type, or one that breaks a rule
            or a reference (each problem with its path).
        NotFoundError: When no record has its id.

    Examples:
        >>> from coproduction.model import Role
        >>> from coproduction._records import ROLES
        >>> records = Records()
        >>> records[ROLES].add(Role(id="chair"))
        >>> replaced(records, ROLES, Role(id="chair", votes=2)).ids(ROLES).get("chair").votes
        2
    """
    collection = records.ids(row)
    new = collection.accept(record)
    old = collection.get(collection.key(new))
    twin = records.copy()
    if row.settle is not None:
        new = row.settle(new, twin)
    twin.ids(row).swap(old, new)
    problems = list(twin.problems())
    if problems:
        raise ValidationError.collect(problems)
    return twin


# -- removal -------------------------------------------------------------------------


def removed(records: Records, row: Row[Any], id: str) -> Records:
    """`records` without the record with this id, if nothing refers to it.

    Raises:
        NotFoundError: When no record has this id (with a "did you mean").
        ValidationError: Naming every path that refers to the record.
    """
    collection = records.ids(row)
    old = collection.get(id)
    pronoun = "them" if row is STAKEHOLDERS else "it"
    return _without(records, row, old, f"remove {row.noun} {id!r}", pronoun)


def removed_record(records: Records, row: Row[Any], record: object) -> Records:
    """`records` without one record equal to `record` (for records without ids).

    Raises:
        NotFoundError: When no record is equal to it.
        ValidationError: Naming every path that refers to the record.
    """
    collection = records[row]
    if record not in tuple(collection):
        msg = f"no {row.noun} equal to {record!r}"
        raise NotFoundError(msg)
    return _without(records, row, record, f"remove this {row.noun}", "it")


def unassigned(records: Records, stakeholder: str, role: str) -> Records:
    """`records` without the membership of `stakeholder` in `role`.

    Raises:
        NotFoundError: For an unknown stakeholder or role, or one not held.
        ValidationError: Naming every path that relies on the membership.
    """
    records.ids(STAKEHOLDERS).get(stakeholder)
    records.ids(ROLES).get(role)
    membership = Membership(stakeholder=stakeholder, role=role)
    if membership not in tuple(records[MEMBERSHIPS]):
        msg = f"{stakeholder!r} does not hold the role {role!r}"
        raise NotFoundError(msg)
    verb = f"unassign {stakeholder!r} from {role!r}"
    return _without(records, MEMBERSHIPS, membership, verb, "it")


def _without(
    records: Records, row: Row[Any], record: object, verb: str, pronoun: str
) -> Records:
    index = tuple(records[row]).index(record)
    twin = records.copy()
    twin[row].discard(record)
    problems = list(twin.problems())
    if not problems:
        return twin
    # The copy's paths in this row after the one removed are one short of the
    # initiative's, which is the document the reader has: give them its paths.
    shift = re.compile(rf"^\$\.{re.escape(row.field)}\[(\d+)\]")

    def original(path: str) -> str:
        found = shift.match(path)
        if found is None or int(found.group(1)) < index:
            return path
        return f"$.{row.field}[{int(found.group(1)) + 1}]{path[found.end() :]}"

    paths = list(dict.fromkeys(original(p.path) for p in problems))
    count = len({_record_of(p) for p in paths})
    refer = "record refers" if count == 1 else "records refer"
    msg = f"cannot {verb}: {count} {refer} to {pronoun}: {', '.join(paths)}"
    raise ValidationError(msg, records[row].path(index), code="in_use")


def _record_of(path: str) -> str:
    """The path of the record a path is in: ``$.decisions[0].by`` -> ``$.decisions[0]``."""
    found = re.match(r"^\$\.\w+\[\d+\]", path)
    return path if found is None else found.group(0)


# -- erasure -------------------------------------------------------------------------


def forgotten(records: Records, person: str) -> tuple[Records, Erasure]:
    """`records` with `person` replaced by a tombstone everywhere, and what was done.

    The rewritten cycles in the result are new, replayed from rewritten events, and
    not attached to anything: the caller attaches them.

    Raises:
        NotFoundError: For an unknown person (with a "did you mean").
    """
    people = records.ids(STAKEHOLDERS)
    who = people.get(person)
    tombstone = next(
        id for id in (f"forgotten-{n}" for n in itertools.count(1)) if id not in people
    )
    erase = _Eraser(person, tombstone)
    stand_in = Stakeholder(
        id=tombstone,
        name=FORGOTTEN_NAME,
        kind=cast("StakeholderKind", who.kind),
        perspective=who.perspective,
    )
    twin = Records()
    changed: list[str] = []
    events: list[tuple[str, tuple[Event, ...]]] = []
    for collection in records:
        kept = twin[collection.row]
        for index, record in enumerate(collection):
            new: Any
            if collection.row is STAKEHOLDERS and record.id == person:
                new = stand_in
            elif collection.row is CYCLES:
                new = erase.cycle(record)
                if new is not record:
                    events.append((new.id, new.events))
            else:
                new = erase.record(collection.row, record)
            if new is not record:
                changed.append(collection.path(index))
            kept.add(new)
    problems = list(twin.problems())
    if problems:  # pragma: no cover - a tombstone keeps every reference sound
        raise ValidationError.collect(problems)
    erasure = Erasure(
        tombstone=tombstone,
        events=tuple(events),
        changed=tuple(changed),
        unsearched=tuple(_unsearched(twin)),
    )
    return twin, erasure


class _Eraser:
    """Rewrites records so that `person` becomes `tombstone`."""

    def __init__(self, person: str, tombstone: str) -> None:
        self.person = person
        self.tombstone = tombstone
        self.rewrite: dict[Row[Any], Callable[[Any], Any]] = {
            STAKEHOLDERS: self.stakeholder,
            MEMBERSHIPS: self.membership,
            MEETINGS: self.meeting,
            DECISIONS: self.decision,
            FEEDBACK: self.feedback,
            RESPONSES: self.response,
            CARE_PLANS: self.care_plan,
        }

    def id(self, id: str) -> str:
        return self.tombstone if id == self.person else id

    def ids(self, ids: Iterable[str]) -> frozenset[str]:
        return frozenset(map(self.id, ids))

    def keys(self, mapping: Mapping[str, Any]) -> dict[str, Any]:
        return {self.id(k): v for k, v in mapping.items()}

    def record(self, row: Row[Any], record: Any) -> Any:
        """The record rewritten, or the same object when the person is not in it."""
        rewrite = self.rewrite.get(row)
        if rewrite is None:
            return record
        new = rewrite(record)
        return record if new == record else new

    def stakeholder(self, s: Stakeholder) -> Stakeholder:
        return attrs.evolve(s, represents=s.represents - {self.person})

    def membership(self, m: Membership) -> Membership:
        return attrs.evolve(m, stakeholder=self.id(m.stakeholder))

    def meeting(self, m: Meeting) -> Meeting:
        return attrs.evolve(
            m,
            attendees=self.ids(m.attendees),
            invited=self.ids(m.invited),
            apologies=self.keys(m.apologies),
        )

    def decision(self, d: Decision) -> Decision:
        return attrs.evolve(
            d,
            affects=self.ids(d.affects),
            capacity=self.keys(d.capacity),
            options=tuple(self.option(o) for o in d.options),
            contributions=tuple(self.contribution(c) for c in d.contributions),
        )

    def option(self, o: Option) -> Option:
        return attrs.evolve(o, proposed_by=self.ids(o.proposed_by))

    def contribution(self, c: Contribution) -> Contribution:
        person, tombstone = self.person, self.tombstone
        note = REMOVED_TEXT if c.note else ""
        if c.on_behalf_of == person:
            # The person's voice, through someone who spoke for them: it stays the
            # person's (now the tombstone's), and the link to the speaker goes.
            return attrs.evolve(c, by=tombstone, on_behalf_of=None, note=note)
        if c.by == person and c.on_behalf_of is not None:
            # The person spoke for someone: that is the other's voice, supported by
            # someone now forgotten (the tombstone represents nobody).
            return attrs.evolve(
                c,
                by=c.on_behalf_of,
                on_behalf_of=None,
                supported_by=tombstone,
                note=note,
            )
        if c.by == person:
            return attrs.evolve(c, by=tombstone, note=note)
        if c.supported_by == person:
            return attrs.evolve(c, supported_by=tombstone)
        return c

    def feedback(self, f: Feedback) -> Feedback:
        if f.by != self.person:
            return f
        return attrs.evolve(f, by=self.tombstone, text=REMOVED_TEXT)

    def response(self, r: Response) -> Response:
        return attrs.evolve(r, by=self.ids(r.by))

    def care_plan(self, plan: CarePlan) -> CarePlan:
        about = plan.person == self.person
        items = tuple(
            attrs.evolve(
                item,
                agreed_by=self.ids(item.agreed_by),
                text=REMOVED_TEXT if about else item.text,
            )
            for item in plan.items
        )
        title = REMOVED_TEXT if about and plan.title else plan.title
        return attrs.evolve(plan, person=self.id(plan.person), title=title, items=items)

    def cycle(self, cycle: Cycle) -> Cycle:
        """A cycle replayed from its events with the person's id rewritten, if in them."""
        events = cycle.events
        if not any(self.person in e.by for e in events):
            return cycle
        return Cycle.replay([attrs.evolve(e, by=self.ids(e.by)) for e in events])


def _unsearched(records: Records) -> Iterator[str]:
    """The paths of free text left as written, which might still name the person."""
    for collection in records:
        if collection.row is CYCLES:
            for index, cycle in enumerate(collection):
                for j, event in enumerate(cycle.events):
                    for key in sorted(_EVENT_TEXT & event.payload.keys()):
                        if event.payload[key]:
                            yield f"{collection.path(index)}.events[{j}].payload.{key}"
            continue
        for index, record in enumerate(collection):
            yield from _free_text(record, collection.path(index))


def _free_text(value: Any, path: str) -> Iterator[str]:
    for field in attrs.fields(type(value)):
        v = getattr(value, field.name)
        if isinstance(v, str) and field.name in _FREE_TEXT:
            if v and v != REMOVED_TEXT:
                yield f"{path}.{field.name}"
        elif isinstance(v, tuple):
            for k, item in enumerate(v):
                if attrs.has(type(item)):
                    yield from _free_text(item, f"{path}.{field.name}[{k}]")
