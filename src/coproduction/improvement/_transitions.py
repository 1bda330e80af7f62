"""The PDSA phase machine as data: phases, the table of moves, events, and the fold.

Private: `coproduction.improvement.cycle` re-exports `Phase`, `Outcome`, `Event` and
`TRANSITIONS`, and runs the machine (`Cycle`); this module selects the moves. The
table is checked when the module is imported, after python-statemachine's
`factory.py`: one initial phase, every phase reachable from it, no move out of a
final phase, and no trap (every other phase has a way on to a final one). A broken
table is a bug in the library, so it fails at import with `InvalidDefinitionError`.

`fold` is the one place a cycle's state comes from: a live call and a replay both
fold the same events, so they cannot disagree.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import deque
from collections.abc import Callable, Collection, Mapping
from types import MappingProxyType
from typing import Any, Final, Literal, NamedTuple

import attrs
from attrs import field, frozen

from coproduction._choice import Choice, OrderedChoice
from coproduction._fields import (
    FrozenDict,
    check_id_set,
    describe,
    freeze,
    is_count,
    is_id,
    read_fields,
    text,
    texts,
    to_id_set,
    to_plain,
)
from coproduction.errors import InvalidDefinitionError, PhaseError, ValidationError
from coproduction.improvement._study import (
    Prediction,
    StudyResult,
    read_prediction,
    read_study,
)

__all__ = [
    "CALLS",
    "EVENT_KINDS",
    "EVENT_OF",
    "FINAL",
    "INITIAL",
    "START",
    "TRANSITIONS",
    "Call",
    "Event",
    "EventKind",
    "InvalidDefinitionError",
    "Outcome",
    "Phase",
    "Start",
    "State",
    "check_definition",
    "first_step",
    "fold",
    "phase_error",
    "read_event",
    "read_start",
]

Call = Literal["plan", "do", "study", "act"]
EventKind = Literal["started", "planned", "done", "studied", "acted"]


class Phase(OrderedChoice):
    """Where a PDSA cycle has got to; members compare in the order a cycle goes through them.

    A cycle is `NEW` from the moment it is started until it is planned; each of
    `plan()`, `do()`, `study()` and `act()` then moves it on one phase, as
    `TRANSITIONS` sets out. `ACTED` is final: a ramp goes on in a next cycle.

    Examples:
        >>> Phase.NEW < Phase.PLANNED < Phase.ACTED
        True
        >>> Phase("studied")
        <Phase.STUDIED: 'studied'>

    Added in 0.1.
    """

    NEW = "new"
    """Started, not yet planned."""
    PLANNED = "planned"
    """Plan: the objective, the predictions and who does what are agreed."""
    DONE = "done"
    """Do: the change has been tried, and what happened noted."""
    STUDIED = "studied"
    """Study: the observations have been compared with the predictions."""
    ACTED = "acted"
    """Act: the change was adopted, adapted or abandoned. Final."""


class Outcome(Choice):
    """What the Act phase decided to do with the change that was tested.

    Examples:
        >>> Outcome("adapt")
        <Outcome.ADAPT: 'adapt'>

    Added in 0.1.
    """

    ADOPT = "adopt"
    """Keep the change: make it standard, or test it at a larger scale."""
    ADAPT = "adapt"
    """Change the change in the light of what was learnt, and test it again."""
    ABANDON = "abandon"
    """Drop it: it did not bring the improvement hoped for."""


START: Final = "started"
"""The kind of the event that starts every cycle, in phase `INITIAL`."""

INITIAL: Final = Phase.NEW
"""The phase of a cycle just started."""

FINAL: Final = frozenset({Phase.ACTED})
"""The phases no call moves a cycle on from."""

TRANSITIONS: Final[Mapping[tuple[Phase, Call], Phase]] = MappingProxyType(
    {
        (Phase.NEW, "plan"): Phase.PLANNED,
        (Phase.PLANNED, "do"): Phase.DONE,
        (Phase.DONE, "study"): Phase.STUDIED,
        (Phase.STUDIED, "act"): Phase.ACTED,
    }
)
"""(phase, call) -> the phase the call moves a cycle to; a pair not here is refused."""

EVENT_OF: Final[Mapping[Call, EventKind]] = MappingProxyType(
    {"plan": "planned", "do": "done", "study": "studied", "act": "acted"}
)
"""The kind of the event each call records."""

CALLS: Final[Mapping[str, Call]] = MappingProxyType(
    {kind: call for call, kind in EVENT_OF.items()}
)
"""The call that records each kind of event (every kind but `START`)."""


class _Definition(NamedTuple):
    transitions: Mapping[tuple[Phase, Call], Phase]
    initial: Phase
    final: frozenset[Phase]
    phases: frozenset[Phase]


def check_definition(
    transitions: Mapping[tuple[Phase, Call], Phase],
    initial: Phase,
    final: Collection[Phase],
    *,
    phases: Collection[Phase] = tuple(Phase),
) -> None:
    """Refuse a transition table that is not a well-formed phase machine.

    Raises:
        InvalidDefinitionError: Naming the rule broken and the phases that break it.

    Examples:
        >>> check_definition(TRANSITIONS, INITIAL, FINAL)
        >>> check_definition({}, Phase.NEW, {Phase.NEW}, phases=[Phase.NEW, Phase.ACTED])
        Traceback (most recent call last):
        ...
        coproduction.errors.InvalidDefinitionError: A machine has one initial phase, 'new'; these are initial too, as no move leads into them: 'acted'.
    """
    found = _Definition(transitions, initial, frozenset(final), frozenset(phases))
    for check in (
        _check_phases,
        _check_one_initial,
        _check_final,
        _check_no_dead_ends,
        _check_reachable,
        _check_no_traps,
    ):
        check(found)


def _check_phases(d: _Definition) -> None:
    moves = {s for s, _ in d.transitions} | set(d.transitions.values())
    _refuse(
        ({d.initial} | d.final | moves) - d.phases,
        "The table uses phases the machine does not have",
    )


def _check_one_initial(d: _Definition) -> None:
    entered = set(d.transitions.values())
    _refuse(
        {p for p in d.phases if p not in entered and p is not d.initial},
        f"A machine has one initial phase, {d.initial.value!r}; these are initial "
        "too, as no move leads into them",
    )


def _check_final(d: _Definition) -> None:
    _refuse(
        {s for s, _ in d.transitions} & d.final,
        "No move may leave a final phase; these have one",
    )


def _check_no_dead_ends(d: _Definition) -> None:
    _refuse(
        d.phases - d.final - {s for s, _ in d.transitions},
        "Phases that are not final need a way on; these have none",
    )


def _check_reachable(d: _Definition) -> None:
    _refuse(
        d.phases - _reach(d.initial, d.transitions),
        f"Every phase must be reachable from {d.initial.value!r}; these are not",
    )


def _check_no_traps(d: _Definition) -> None:
    _refuse(
        {p for p in d.phases - d.final if not _reach(p, d.transitions) & d.final},
        "Every phase must have a way on to a final phase; these are trapped",
    )


def _refuse(phases: Collection[Phase], rule: str) -> None:
    if phases:
        names = ", ".join(repr(p.value) for p in sorted(phases))
        msg = f"{rule}: {names}."
        raise InvalidDefinitionError(msg)


def _reach(start: Phase, transitions: Mapping[tuple[Phase, Call], Phase]) -> set[Phase]:
    """Every phase reachable from `start`, `start` included."""
    seen, todo = {start}, [start]
    while todo:
        here = todo.pop()
        for (source, _), target in transitions.items():
            if source is here and target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


check_definition(TRANSITIONS, INITIAL, FINAL)


def first_step(phase: Phase, arrived: Callable[[Phase], bool]) -> Call | None:
    """The first call on the shortest way from `phase` to a phase where `arrived` holds.

    None if `phase` is one already, or if none lies ahead (the step is behind it).

    Examples:
        >>> first_step(Phase.NEW, lambda p: p is Phase.DONE)
        'plan'
        >>> first_step(Phase.DONE, lambda p: p is Phase.NEW) is None
        True
    """
    queue: deque[tuple[Phase, Call | None]] = deque([(phase, None)])
    seen = {phase}
    while queue:
        here, first = queue.popleft()
        if arrived(here):
            return first
        for (source, call), target in TRANSITIONS.items():
            if source is here and target not in seen:
                seen.add(target)
                queue.append((target, first or call))
    return None


def phase_error(
    cycle: str, phase: Phase, call: str, *, abandoned: bool
) -> PhaseError | None:
    """The `PhaseError` refusing `call` (or "next_cycle") in `phase`; None if allowed.

    The error names the call that must come first, if one lies ahead; else why not.

    Examples:
        >>> print(phase_error("c1", Phase.PLANNED, "study", abandoned=False))
        Cannot study cycle 'c1' while it is planned: do() must come first.
    """
    if call == "next_cycle":
        if phase in FINAL and not abandoned:
            return None
        needed = first_step(phase, lambda p: p in FINAL)
    else:
        if (phase, call) in TRANSITIONS:
            return None
        needed = first_step(phase, lambda p: (p, call) in TRANSITIONS)
    if needed is not None:
        return PhaseError(cycle, phase, call, needed)
    if phase not in FINAL:
        reason = f"{call}() was called already, and each step happens once in a cycle"
    elif call == "next_cycle":
        reason = "the change was abandoned, and only a change adopted or adapted leads on to a next cycle"
    elif abandoned:
        reason = "the cycle is finished"
    else:
        reason = "the cycle is finished; next_cycle() starts the next one"
    return PhaseError(cycle, phase, call, reason=reason)


# Events: one per move, as plain data.

EVENT_KINDS: Final[tuple[EventKind, ...]] = (START, *EVENT_OF.values())
"""Every kind of event, in the order a cycle records them."""


def _check_kind(_: object, __: attrs.Attribute[Any], value: object) -> None:
    if value not in EVENT_KINDS:
        allowed = ", ".join(repr(k) for k in EVENT_KINDS)
        msg = f"{value!r} is not an event kind; choose one of {allowed}"
        raise ValidationError(msg, "$.kind", code="not_a_choice", input=value)


def _check_at(_: object, __: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, dt.datetime):
        msg = f"expected a date and time, got {type(value).__name__} {value!r}"
        raise ValidationError(msg, "$.at", code="wrong_type")


def _check_version(_: object, __: attrs.Attribute[Any], value: object) -> None:
    if not is_count(value, least=1):
        msg = f"expected a whole number of at least 1, got {describe(value)}"
        raise ValidationError(msg, "$.version", code="wrong_type")


def _to_payload(value: object) -> FrozenDict[str, Any]:
    if not isinstance(value, Mapping):
        msg = f"expected a mapping, got {type(value).__name__} {value!r}"
        raise ValidationError(msg, "$.payload", code="wrong_type")
    frozen_payload: FrozenDict[str, Any] = freeze(to_plain(value, "$.payload"))
    return frozen_payload


@frozen(kw_only=True)
class Event:
    """One step of a cycle, as plain data: what happened, when, and who took part.

    `payload` holds only JSON-ready values (text, numbers, true or false, null, lists
    and mappings; a date is written as ISO text), so an event can be stored as it
    is; `to_dict` and `from_dict` go to and from a plain dict.

    Examples:
        >>> import datetime as dt
        >>> e = Event(kind="done", at=dt.datetime(2026, 2, 1, 9, tzinfo=dt.UTC),
        ...           by={"alice"}, payload={"notes": "Curry on Friday",
        ...           "start": dt.date(2026, 2, 1)}, version=3)
        >>> e.payload
        {'notes': 'Curry on Friday', 'start': '2026-02-01'}
        >>> e.to_dict()
        {'kind': 'done', 'at': '2026-02-01T09:00:00+00:00', 'by': ['alice'], 'payload': {'notes': 'Curry on Friday', 'start': '2026-02-01'}, 'version': 3}
        >>> Event.from_dict(e.to_dict()) == e
        True

    Added in 0.1.
    """

    kind: EventKind = field(validator=_check_kind)
    """"started", "planned", "done", "studied" or "acted"."""
    at: dt.datetime = field(validator=_check_at)
    """When it happened, by the cycle's clock (UTC unless the clock says otherwise)."""
    by: frozenset[str] = field(
        factory=frozenset, converter=to_id_set, validator=check_id_set
    )
    """The ids of the people who took part (empty for "started")."""
    payload: FrozenDict[str, Any] = field(factory=FrozenDict, converter=_to_payload)
    """What was recorded, as plain data; its shape depends on `kind`. It cannot be
    changed: its mappings are `FrozenDict` and its lists `FrozenList`, which compare
    equal to dicts and lists; `to_dict` gives them back as plain dicts and lists."""
    version: int = field(validator=_check_version)
    """The 1-based position of the event in its cycle."""

    def to_dict(self) -> dict[str, Any]:
        """The event as a plain dict, ready for JSON or YAML.

        Examples:
            >>> import datetime as dt
            >>> Event(kind="started", at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC),
            ...       payload={"cycle": "c1", "change_idea": "curry", "parent": None},
            ...       version=1).to_dict()["at"]
            '2026-01-05T00:00:00+00:00'
        """
        return {
            "kind": self.kind,
            "at": self.at.isoformat(),
            "by": sorted(self.by),
            "payload": to_plain(self.payload, "$.payload"),
            "version": self.version,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Event:
        """Read an event from plain data, as `to_dict` writes it or YAML loads it.

        Raises:
            ValidationError: Naming the key at fault.

        Examples:
            >>> Event.from_dict({"kind": "acted", "at": "2026-03-01T10:00:00+00:00",
            ...                  "by": ["mo"], "payload": {"outcome": "adopt",
            ...                  "rationale": "it worked"}, "version": 5}).by
            frozenset({'mo'})
            >>> Event.from_dict({"kind": "acted", "at": "yesterday", "version": 5})
            Traceback (most recent call last):
            ...
            coproduction.errors.ValidationError: $.at: expected an ISO date and time such as '2026-02-01T09:30:00+00:00', got 'yesterday'
        """
        found = read_fields(data, {"kind", "at", "version"}, {"by", "payload"}, "$")
        at = found["at"]
        if isinstance(at, str):
            try:
                found["at"] = dt.datetime.fromisoformat(at)
            except ValueError:
                msg = f"expected an ISO date and time such as '2026-02-01T09:30:00+00:00', got {at!r}"
                raise ValidationError(msg, "$.at", code="wrong_type") from None
        if "by" in found:
            try:
                found["by"] = to_id_set(found["by"])
            except ValidationError as err:
                raise ValidationError(
                    err.message, "$.by", code=err.code, input=err.input
                ) from None
        return cls(**found)


def read_event(item: object, path: str) -> Event:
    """An `Event` (a copy) from an event or its plain dict; errors name `path`."""
    if isinstance(item, Event):
        return attrs.evolve(item)
    if not isinstance(item, Mapping):
        msg = f"expected an Event or a mapping, got {type(item).__name__} {item!r}"
        raise ValidationError(msg, path, code="wrong_type")
    try:
        return Event.from_dict(item)
    except ValidationError as err:
        raise ValidationError(
            err.message, path + err.path[1:], code=err.code, input=err.input
        ) from None


# The fold: what the events of a cycle add up to.


@frozen(kw_only=True)
class State:
    """What the events of a cycle add up to."""

    phase: Phase = INITIAL
    objective: str | None = None
    predictions: tuple[Prediction, ...] = ()
    tasks: tuple[str, ...] = ()
    planned_start: dt.date | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    notes: str | None = None
    study: StudyResult | None = None
    outcome: Outcome | None = None
    rationale: str | None = None


class Start(NamedTuple):
    """What a cycle's first ("started") event records."""

    cycle: str
    change_idea: str
    parent: str | None
    ramp_start: dt.date | None


def read_start(event: Event, path: str) -> Start:
    """The id, change idea, parent and ramp start from a cycle's "started" event.

    `ramp_start`, the day the first cycle of the ramp began, is recorded for a cycle
    that follows on from another (from 0.2); None for a first cycle, or one recorded
    before.
    """
    if event.kind != START:
        msg = f"the first event of a cycle must be {START!r}, got {event.kind!r}"
        raise ValidationError(msg, f"{path}.kind", code="out_of_order")
    if event.version != 1:
        msg = f"expected version 1, got {event.version}"
        raise ValidationError(msg, f"{path}.version", code="out_of_order")
    where = f"{path}.payload"
    data = read_fields(
        event.payload, {"cycle", "change_idea"}, {"parent", "ramp_start"}, where
    )
    for key in ("cycle", "change_idea", "parent"):
        value = data.get(key)
        if (key != "parent" or value is not None) and not is_id(value):
            msg = f"expected an id (a non-empty string), got {value!r}"
            raise ValidationError(
                msg, _Where(where, as_arguments=False).key(key), code="wrong_type"
            )
    ramp_start = _date(
        data.get("ramp_start"), _Where(where, as_arguments=False).key("ramp_start")
    )
    return Start(data["cycle"], data["change_idea"], data.get("parent"), ramp_start)


def fold(state: State, event: Event, path: str, *, as_arguments: bool) -> State:
    """The state after `event`; a ValidationError naming `path` if it cannot follow.

    With `as_arguments` (a live call, `path` ``"$"``), a payload's keys are named as
    the call's arguments (``$.objective``); else as keys of the event's payload
    (``$.events[1].payload['objective']``).
    """
    call = CALLS.get(event.kind)
    target = None if call is None else TRANSITIONS.get((state.phase, call))
    if call is None or target is None:
        expected = [repr(EVENT_OF[c]) for p, c in TRANSITIONS if p is state.phase]
        then = (
            f"expected {' or '.join(expected)}" if expected else "the cycle is finished"
        )
        msg = (
            f"{event.kind!r} cannot come while the cycle is {state.phase.value}; {then}"
        )
        raise ValidationError(msg, f"{path}.kind", code="out_of_order")
    if not event.by:
        msg = "name at least one person who took part"
        raise ValidationError(msg, f"{path}.by", code="empty")
    where = _Where(path if as_arguments else f"{path}.payload", as_arguments)
    return attrs.evolve(_READERS[call](state, event, where), phase=target)


def _read_plan(state: State, event: Event, where: _Where) -> State:
    data = read_fields(
        event.payload,
        {"objective", "predictions"},
        {"tasks", "start", "end"},
        where.path,
    )
    predictions = data["predictions"]
    if not isinstance(predictions, list) or not predictions:
        msg = f"a plan needs at least one prediction (what do you expect to happen, and how will you know?), got {predictions!r}"
        raise ValidationError(msg, where.key("predictions"), code="empty")
    start = _date(data.get("start"), where.key("start"))
    end = _date(data.get("end"), where.key("end"))
    if start is not None and end is not None and end < start:
        msg = f"the end {end.isoformat()} comes before the start {start.isoformat()}"
        raise ValidationError(msg, where.key("end"), code="out_of_order")
    return attrs.evolve(
        state,
        objective=text(data["objective"], where.key("objective")),
        predictions=tuple(
            read_prediction(p, f"{where.key('predictions')}[{i}]")
            for i, p in enumerate(predictions)
        ),
        tasks=texts(data.get("tasks", []), where.key("tasks")),
        planned_start=start,
        end=end,
    )


def _read_do(state: State, event: Event, where: _Where) -> State:
    data = read_fields(event.payload, {"notes"}, {"start"}, where.path)
    start = _date(data.get("start"), where.key("start"))
    return attrs.evolve(
        state,
        notes=text(data["notes"], where.key("notes")),
        start=start or state.planned_start or event.at.date(),
    )


def _read_study(state: State, event: Event, where: _Where) -> State:
    return attrs.evolve(
        state, study=read_study(event.payload, state.predictions, where.path)
    )


def _read_act(state: State, event: Event, where: _Where) -> State:
    data = read_fields(event.payload, {"outcome", "rationale"}, set(), where.path)
    try:
        outcome = Outcome(data["outcome"])
    except ValidationError as err:
        raise ValidationError(
            err.message, where.key("outcome"), code=err.code, input=err.input
        ) from None
    rationale = text(data["rationale"], where.key("rationale"))
    return attrs.evolve(state, outcome=outcome, rationale=rationale)


_READERS: Final[Mapping[Call, Callable[[State, Event, _Where], State]]] = {
    "plan": _read_plan,
    "do": _read_do,
    "study": _read_study,
    "act": _read_act,
}


# Paths and dates in payloads.


class _Where(NamedTuple):
    """Where a payload is, and whether its keys are a live call's arguments."""

    path: str
    as_arguments: bool

    def key(self, key: str) -> str:
        """The path of `key`: ``$.key`` for a call's argument, ``…['key']`` in a payload."""
        return f"$.{key}" if self.as_arguments else f"{self.path}[{key!r}]"


def _date(value: object, path: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return dt.date.fromisoformat(value)
    msg = f"expected a date (YYYY-MM-DD) or None, got {value!r}"
    raise ValidationError(msg, path, code="wrong_type")
