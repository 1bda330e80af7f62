"""The PDSA cycle: Plan, Do, Study, Act, each step recorded as an event.

A `Cycle` tests one change idea. It is started (phase `NEW`), then planned, done,
studied and acted on, in that order and once each; `TRANSITIONS` is the whole table:

=========  ========  ==========  ==============
phase      call      next phase  event recorded
=========  ========  ==========  ==============
new        plan()    planned     "planned"
planned    do()      done        "done"
done       study()   studied     "studied"
studied    act()     acted       "acted"
=========  ========  ==========  ==============

`acted` is final; after adopting or adapting a change, `next_cycle()` starts the next
cycle of the ramp. A call the table does not allow raises `PhaseError`, naming the
call that must come first, and changes nothing.

Every change is an `Event` (plain, JSON-ready data), and the events are the whole
truth: `Cycle.replay(cycle.events) == cycle`. A caller that stores the events and
passes back `expected_version=cycle.version` with each call gets optimistic
concurrency (`ConcurrencyError`). Time comes from an injectable `clock`, and the
observations to study from a read-only view handed over by whoever creates the cycle;
neither takes part in equality or in the events.

Each new event is also *pending* until `Cycle.collect_events` hands it over, so that a
caller stores exactly what is new (docs/event-stream.md shows the loop with a
database). A per-cycle lock makes each call one step for threads: of two calls made
with the same `expected_version`, one wins and the other gets `ConcurrencyError`.

References:
    Langley GJ, Moen RD, Nolan KM, Nolan TW, Norman CL, Provost LP (2009). The
    Improvement Guide, 2nd ed. Jossey-Bass.

    Perla RJ, Provost LP, Murray SK (2011). BMJ Qual Saf 20(1): 46-51.

    Anhøj J, Olesen AV (2014). PLoS ONE 9(11): e113825.

    NHS England and NHS Improvement (2019). Making Data Count.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, TypeAlias

import attrs
from attrs import define, field, setters

from coproduction._display import render as render_html_display
from coproduction._fields import (
    check_id,
    check_optional_id,
    day,
    describe,
    is_count,
    listed,
    participants,
    text,
    texts,
)
from coproduction._limits import check_plain
from coproduction.errors import (
    ConcurrencyError,
    PhaseError,
    ReadOnlyError,
    ValidationError,
)
from coproduction.improvement._study import (
    MIN_POINTS,
    MIN_POINTS_AFTER,
    BalancingSource,
    BalancingWarning,
    MeasureSource,
    ObservationSource,
    Prediction,
    PredictionResult,
    StudyResult,
    Window,
    balancing_in,
    check_source,
    find_measure,
    judge_all,
    prediction_data,
    study_data,
    target_problem,
)
from coproduction.improvement._transitions import (
    EVENT_KINDS,
    EVENT_OF,
    START,
    TRANSITIONS,
    Call,
    Event,
    Outcome,
    Phase,
    State,
    fold,
    phase_error,
    read_event,
    read_start,
)
from coproduction.improvement.measures import Measure
from coproduction.types import OutcomeName

__all__ = [
    "EVENT_KINDS",
    "MIN_POINTS",
    "MIN_POINTS_AFTER",
    "TRANSITIONS",
    "BalancingSource",
    "BalancingWarning",
    "Clock",
    "Cycle",
    "Event",
    "MeasureSource",
    "ObservationSource",
    "Outcome",
    "Phase",
    "Prediction",
    "PredictionResult",
    "StudyResult",
]

Clock: TypeAlias = Callable[[], dt.datetime]
"""A function that tells the time."""


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _listed_measures(source: BalancingSource, change_idea: str) -> tuple[Measure, ...]:
    """The balancing measures a view gives for `change_idea`, each checked."""
    found = (
        source.get(change_idea, ())
        if isinstance(source, Mapping)
        else source(change_idea)
    )
    items = tuple(found)
    for i, item in enumerate(items):
        if not isinstance(item, Measure):
            msg = f"expected a Measure, got {type(item).__name__} {item!r}"
            raise ValidationError(
                msg, f"$.balancing[{change_idea!r}][{i}]", code="wrong_type"
            )
    return items


_VERBS: Mapping[str, str] = {
    "do": "carry out",
    "act": "act on",
    "next_cycle": "follow on from",
    "subscribe": "subscribe to",
}
"""How a refusal names a call, where its name is not the verb."""

_NO_SOURCE = (
    "it has no source of observations to study (observations is None); pass "
    "observations= to Cycle or Cycle.replay, or attach the cycle to its initiative "
    "with Initiative.attach_cycle(events)"
)
"""Why `study()` refuses a cycle without a view of its observations."""


def _check_callable(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not callable(value):
        msg = f"expected a function, got {type(value).__name__} {value!r}"
        raise ValidationError(msg, f"$.{attribute.name}", code="wrong_type")


@define(init=False, repr=False)
class Cycle:
    """A Plan-Do-Study-Act cycle that tests one change idea, recorded as events.

    Args:
        id: A short identifier, unique within the initiative.
        change_idea: The id of the change idea it tests.
        parent: The id of the cycle before it in a ramp, if any.
        observations: A read-only view of the observations `study()` reads: a
            mapping, or a function, from a measure id to its observations.
        measures: A view of the measures, for their names, units and direction of
            improvement in the study (a mapping, or a function returning None for an
            unknown id).
        balancing: A view of the balancing measures to watch in the study: a
            mapping, or a function, from a change idea's id to its measures. Without
            it, the balancing measures of a `measures` mapping that name this change
            idea in `Measure.of`, or name nothing, are watched.
        ramp_start: For a cycle that follows on from another, the day the first
            cycle of its ramp began: its study's baseline ends there. `next_cycle`
            sets it.
        clock: Tells the time of each event; by default the current time in UTC.

    Raises:
        ValidationError: If an argument is not of the kind described.

    Each of `plan`, `do`, `study` and `act` takes `by`, the ids of the people who
    took part in that step (at least one), and `expected_version`, the `version`
    the caller last read (None not to check). Each checks everything before it
    changes anything: `ConcurrencyError` if `expected_version` is stale, then
    `PhaseError` if `TRANSITIONS` does not allow the call now, then
    `ValidationError` for an argument that is not of the kind described.

    Equality is equality of the recorded state (the id, change idea, parent and
    events); the clock, the views, the subscribers, the pending events and being
    read-only take no part in it.

    Each call's event, and the "started" event of a new cycle, is also *pending*
    until `collect_events()` hands it over to be stored; a replayed cycle has none
    pending. Each call holds the cycle's own lock while it checks and records, so
    two threads calling with the same `expected_version` cannot both win: the
    second gets `ConcurrencyError`. A cycle pickles and deep-copies with its events,
    pending events and views, but without its lock and subscribers, which belong to
    one process (see `__getstate__`).

    Examples:
        >>> import datetime as dt
        >>> ticks = iter(dt.datetime(2026, 2, d, 9, tzinfo=dt.UTC) for d in range(1, 28))
        >>> cycle = Cycle(id="c1", change_idea="curry-night", observations={},
        ...               clock=lambda: next(ticks))
        >>> cycle.phase, cycle.version
        (<Phase.NEW: 'new'>, 1)
        >>> cycle.study(by={"alice"})
        Traceback (most recent call last):
        ...
        coproduction.errors.PhaseError: Cannot study cycle 'c1' while it is new: plan() must come first.
        >>> cycle.plan("Residents choose a curry night",
        ...            [Prediction(measure="satisfaction", direction="increase")],
        ...            by={"alice", "mo"}, start=dt.date(2026, 2, 6))
        >>> cycle.do("Curry night held on Friday", by={"alice"})
        >>> cycle.study(by={"alice", "mo"}).predictions[0].met is None  # too early to tell
        True
        >>> cycle.act(Outcome.ADAPT, "Too early to tell; try it monthly", by={"alice", "mo"})
        >>> cycle.phase, [e.kind for e in cycle.events]
        (<Phase.ACTED: 'acted'>, ['started', 'planned', 'done', 'studied', 'acted'])
        >>> Cycle.replay(cycle.events) == cycle
        True
        >>> cycle.next_cycle("c2").parent
        'c1'

    See Also:
        Event, Phase, Outcome, Prediction, StudyResult

    References:
        Langley GJ et al. (2009), The Improvement Guide, 2nd ed. Jossey-Bass.

    Added in 0.1.
    """

    id: str = field(validator=check_id, on_setattr=setters.frozen)
    """Unique within the initiative."""
    change_idea: str = field(validator=check_id, on_setattr=setters.frozen)
    """The id of the change idea tested."""
    parent: str | None = field(validator=check_optional_id, on_setattr=setters.frozen)
    """The id of the cycle before it in a ramp; None for the first."""
    observations: ObservationSource | None = field(validator=check_source, eq=False)
    """The observations `study()` reads (not part of equality or the events)."""
    measures: MeasureSource | None = field(validator=check_source, eq=False)
    """The measures, for names, units and improvement (not part of equality)."""
    balancing: BalancingSource | None = field(validator=check_source, eq=False)
    """The balancing measures to watch, by change idea (not part of equality)."""
    clock: Clock = field(validator=_check_callable, eq=False)
    """Tells the time of each event (not part of equality)."""
    _events: list[Event] = field(factory=list)
    _state: State = field(factory=State, eq=False)
    _study: StudyResult | None = field(default=None, eq=False)
    _subscribers: list[Callable[[Event], object]] = field(factory=list, eq=False)
    _pending: list[Event] = field(factory=list, eq=False)
    _read_only: bool = field(default=False, eq=False)
    _lock: threading.RLock = field(factory=threading.RLock, eq=False)
    people: Callable[[Iterable[str], str], Iterable[ValidationError]] | None = field(
        default=None, eq=False
    )
    """Checks the people who take part in a step: given their ids and a path, it gives
    a problem for each it does not know. The `Initiative` that holds this cycle sets it,
    so a step names only its stakeholders. Not part of equality or the events."""
    on_next: Callable[[Cycle], object] | None = field(default=None, eq=False)
    """Called with each follow-on cycle `next_cycle` makes, before it is returned; the
    `Initiative` that holds this cycle uses it to take the new one in (a refusal there
    propagates, and nothing is changed). Not part of equality or the events."""

    def _repr_html_(self) -> str | None:
        """How Jupyter shows it: the HTML that `coproduction.present.html` registered."""
        return render_html_display(self)

    def __init__(
        self,
        *,
        id: str,
        change_idea: str,
        parent: str | None = None,
        observations: ObservationSource | None = None,
        measures: MeasureSource | None = None,
        balancing: BalancingSource | None = None,
        ramp_start: dt.date | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.__attrs_init__(
            id=id,
            change_idea=change_idea,
            parent=parent,
            observations=observations,
            measures=measures,
            balancing=balancing,
            clock=_utc_now if clock is None else clock,
        )
        payload: dict[str, object] = {
            "cycle": id,
            "change_idea": change_idea,
            "parent": parent,
        }
        if day(ramp_start, "$.ramp_start") is not None:
            if parent is None:
                msg = "only a cycle that follows on from another (with a parent) has a ramp start"
                raise ValidationError(msg, "$.ramp_start", code="not_allowed")
            payload["ramp_start"] = ramp_start
        started = Event(kind=START, at=self.clock(), payload=payload, version=1)
        self._events.append(started)
        self._pending.append(started)

    # The calls: each checks everything first, then records one event.

    def plan(
        self,
        objective: str,
        predictions: Iterable[Prediction],
        tasks: Iterable[str] = (),
        *,
        by: Iterable[str],
        start: dt.date | None = None,
        end: dt.date | None = None,
        expected_version: int | None = None,
    ) -> None:
        """Plan: agree the objective, the predictions and who does what.

        Args:
            objective: What this cycle is for, in plain words.
            predictions: What the team expects to happen; at least one.
            tasks: Who does what, when and where.
            by: Who took part.
            start: When the test of change begins; by default the day of `do()`.
            end: When it ends; None to study every observation from the start on.
            expected_version: The `version` last read, if it is to be checked.

        Examples:
            >>> c = Cycle(id="c1", change_idea="curry")
            >>> c.plan("Try a curry night", [Prediction(measure="m", direction="increase", target=80)],
            ...        by={"mo"}, expected_version=1)
            >>> c.phase, c.version, c.objective
            (<Phase.PLANNED: 'planned'>, 2, 'Try a curry night')
        """
        with self._calling("plan", expected_version):
            people = self._known(participants(by))
            text(objective, "$.objective")
            items = listed(predictions, "$.predictions")
            planned = [
                prediction_data(p, f"$.predictions[{i}]") for i, p in enumerate(items)
            ]
            for i, p in enumerate(items):
                problem = target_problem(p, find_measure(self.measures, p.measure))
                if problem is not None:
                    raise ValidationError(
                        problem, f"$.predictions[{i}].target", code="not_allowed"
                    )
            day(start, "$.start")
            day(end, "$.end")
            payload = {
                "objective": objective,
                "predictions": planned,
                "tasks": list(texts(tasks, "$.tasks")),
                "start": start,  # dates are written as ISO text by Event
                "end": end,
            }
            self._record("plan", people, payload)

    def do(
        self, notes: str, *, by: Iterable[str], expected_version: int | None = None
    ) -> None:
        """Do: carry out the test, and note what happened.

        Args:
            notes: What happened, including anything unexpected.
            by: Who took part.
            expected_version: The `version` last read, if it is to be checked.

        Examples:
            >>> import datetime as dt
            >>> c = Cycle(id="c1", change_idea="curry",
            ...           clock=lambda: dt.datetime(2026, 2, 6, 18, tzinfo=dt.UTC))
            >>> c.plan("Try a curry night", [Prediction(measure="m", direction="increase", target=80)], by={"mo"})
            >>> c.do("Held on Friday; 14 came", by={"alice"})
            >>> c.start  # the plan set none: the day of do(), by the clock
            datetime.date(2026, 2, 6)
        """
        with self._calling("do", expected_version):
            people = self._known(participants(by))
            text(notes, "$.notes")
            at = self.clock()
            start = self._state.planned_start
            if start is None and isinstance(at, dt.datetime):
                start = at.date()  # a clock that is not a clock is refused by Event
            self._record("do", people, {"notes": notes, "start": start}, at)

    def study(
        self,
        *,
        by: Iterable[str],
        baseline: dt.date | None = None,
        min_points_after: int = MIN_POINTS_AFTER,
        expected_version: int | None = None,
    ) -> StudyResult:
        """Study: judge each prediction, and watch the balancing measures, on run charts.

        The rules are set out on `StudyResult`. Each prediction is met (True), not
        met (False) or too early to tell (None), with a sentence saying what was
        predicted and what happened; a balancing measure that moved the
        unfavourable way is a warning, predicted or not. The verdicts, the figures
        and the warnings are recorded in the "studied" event.

        Args:
            by: Who took part.
            baseline: The day the change began, for this study: observations
                before it are the baseline, those from it on are after the change.
                By default the start of the ramp's first cycle (`ramp_start`) for a
                cycle in a ramp, else this cycle's `start`. It cannot be after this
                cycle's start.
            min_points_after: How many values after the change a target, or a
                level to stay within, is judged on (`MIN_POINTS_AFTER`, six).
            expected_version: The `version` last read, if it is to be checked.

        Returns:
            One `PredictionResult` per prediction, with its observations and chart,
            and the balancing warnings.

        Raises:
            PhaseError: If the cycle is not done yet, or was studied already, or
                has no source of observations (`observations` is None): pass
                `observations=` to `Cycle` or `Cycle.replay`, or attach the cycle
                to its initiative with `Initiative.attach_cycle(events)`. An empty
                mapping, or a function, is a source that may simply have no data
                yet.
            ValidationError: If `baseline` is not a date, or is after the start, or
                `min_points_after` is not a whole number of at least 1.

        Examples:
            >>> c = Cycle(id="c1", change_idea="curry")
            >>> c.plan("Try it", [Prediction(measure="m", direction="decrease")], by={"mo"},
            ...        start=dt.date(2026, 3, 2))
            >>> c.do("Done", by={"mo"})
            >>> c.study(by={"mo"})
            Traceback (most recent call last):
            ...
            coproduction.errors.PhaseError: Cannot study cycle 'c1' while it is done: it has no source of observations to study (observations is None); pass observations= to Cycle or Cycle.replay, or attach the cycle to its initiative with Initiative.attach_cycle(events).
            >>> c.observations = {}  # a source, with no data yet
            >>> result = c.study(by={"mo"})
            >>> result.met, result.predictions[0].needed
            (None, 10)
            >>> print(result.sentences[0])
            Too early to tell whether measure 'm' went down: there are no observations before the change began on 2 March 2026, so there is no usual level to compare with.
        """
        with self._calling("study", expected_version):
            if self.observations is None:
                raise PhaseError(self.id, self.phase, "study", reason=_NO_SOURCE)
            people = self._known(participants(by))
            window = self._window(baseline, min_points_after)
            balancing = (
                balancing_in(self.measures, self.change_idea)
                if self.balancing is None
                else _listed_measures(self.balancing, self.change_idea)
            )
            result = judge_all(
                self._state.predictions,
                window=window,
                observations=self.observations,
                measures=self.measures,
                balancing=balancing,
            )
            self._record("study", people, study_data(result), live=result)
            return result

    def _window(self, baseline: object, min_points_after: object) -> Window:
        """When the change began for a study, and how to say so; refusals name the argument."""
        state = self._state
        own = state.start or state.planned_start or dt.date.min  # do() set start
        if not is_count(min_points_after, least=1):
            msg = f"expected a whole number of at least 1, got {describe(min_points_after)}"
            raise ValidationError(msg, "$.min_points_after", code="wrong_type")
        least = int(min_points_after)  # type: ignore[call-overload]
        chosen = day(baseline, "$.baseline")
        if chosen is not None:
            if chosen > own:
                msg = (
                    f"the baseline must end by the start of the change on {own.isoformat()}, "
                    f"got {chosen.isoformat()}; observations after the change began are not a baseline"
                )
                raise ValidationError(msg, "$.baseline", code="out_of_order")
            return Window.since_change(
                chosen, state.end, what=None, test_start=own, min_points_after=least
            )
        ramp = self.ramp_start
        if ramp is not None and ramp < own:
            return Window.since_change(
                ramp, state.end, what="the ramp", test_start=own, min_points_after=least
            )
        return Window.since_change(own, state.end, min_points_after=least)

    def act(
        self,
        outcome: Outcome | OutcomeName,
        rationale: str,
        *,
        by: Iterable[str],
        expected_version: int | None = None,
    ) -> None:
        """Act: decide to adopt, adapt or abandon the change, and say why.

        Args:
            outcome: An `Outcome`, or its value ("adopt", "adapt" or "abandon").
            rationale: Why, in the team's words.
            by: Who took part.
            expected_version: The `version` last read, if it is to be checked.

        Examples:
            >>> c = Cycle(id="c1", change_idea="curry")
            >>> c.plan("Try it", [Prediction(measure="m", direction="increase")], by={"mo"})
            >>> c.do("Done", by={"mo"})
            >>> c.act("adopt", "Residents loved it", by={"mo"})
            Traceback (most recent call last):
            ...
            coproduction.errors.PhaseError: Cannot act on cycle 'c1' while it is done: study() must come first.
        """
        with self._calling("act", expected_version):
            people = self._known(participants(by))
            try:
                chosen = Outcome(outcome)
            except ValidationError as err:
                raise ValidationError(
                    err.message, "$.outcome", code=err.code, input=err.input
                ) from None
            text(rationale, "$.rationale")
            payload = {"outcome": chosen.value, "rationale": rationale}
            self._record("act", people, payload)

    def next_cycle(self, id: str) -> Cycle:
        """Start the next cycle of a ramp, after this one adopted or adapted its change.

        The new cycle tests the same change idea, has this one as its `parent`,
        records the day the ramp began (`ramp_start`, this cycle's own or its
        start), and shares its clock and views (not its subscribers). This cycle
        is unchanged.

        Raises:
            ReadOnlyError: If this cycle is a read-only copy.
            PhaseError: If this cycle has not been acted on, or was abandoned.
            ValidationError: If `id` is not an id, or is this cycle's own.

        Examples:
            >>> c = Cycle(id="c1", change_idea="curry")
            >>> c.next_cycle("c2")
            Traceback (most recent call last):
            ...
            coproduction.errors.PhaseError: Cannot follow on from cycle 'c1' while it is new: plan() must come first.
        """
        with self._lock:
            self._refuse_if_read_only("next_cycle")
            error = phase_error(
                self.id,
                self.phase,
                "next_cycle",
                abandoned=self.outcome is Outcome.ABANDON,
            )
            if error is not None:
                raise error
            if id == self.id:
                msg = f"the next cycle needs an id of its own, got {id!r} (the id of this cycle)"
                raise ValidationError(msg, "$.id", code="wrong_type")
            follower = Cycle(
                id=id,
                change_idea=self.change_idea,
                parent=self.id,
                observations=self.observations,
                measures=self.measures,
                balancing=self.balancing,
                ramp_start=self.ramp_start or self.start,
                clock=self.clock,
            )
        # An acted cycle cannot change any more, so the initiative takes the follower in
        # without this cycle's lock: a cycle's lock is never held while waiting for its
        # initiative's, which may be held by a batch stepping this very cycle.
        if self.on_next is not None:
            self.on_next(follower)
        return follower

    def subscribe(self, callback: Callable[[Event], object]) -> Callable[[], None]:
        """Hand each new event to `callback`, once the change it records is made.

        Callbacks are called in the order they subscribed, with a copy of the event;
        a refused call records nothing and calls nothing. An exception raised by a
        callback reaches the caller, but the change it follows has been made.

        Subscribers are for notification (a screen to refresh, a message to send),
        not for storing: the "started" event happens before anyone can subscribe,
        and a callback that fails to store leaves the cycle moved on all the same.
        `collect_events()` hands over every new event, "started" included, to be
        stored. Callbacks are called while the cycle's lock is held, in the
        thread that made the call, so a callback must not wait for another thread
        that uses this cycle. They belong to this process: a pickled or copied
        cycle has none.

        Args:
            callback: Called with each new `Event`.

        Returns:
            A function that unsubscribes `callback` (calling it again does nothing).

        Raises:
            ReadOnlyError: If this cycle is a read-only copy.
            ValidationError: If `callback` is not a function.

        Examples:
            >>> c = Cycle(id="c1", change_idea="curry")
            >>> seen = []
            >>> stop = c.subscribe(seen.append)
            >>> c.plan("Try it", [Prediction(measure="m", direction="increase")], by={"mo"})
            >>> stop()
            >>> c.do("Done", by={"mo"})
            >>> [(e.kind, e.version) for e in seen]
            [('planned', 2)]
        """
        with self._lock:
            self._refuse_if_read_only("subscribe")
            if not callable(callback):
                msg = f"expected a function, got {type(callback).__name__} {callback!r}"
                raise ValidationError(msg, "$.callback", code="wrong_type")
            self._subscribers.append(callback)

        def unsubscribe() -> None:
            with self._lock, contextlib.suppress(ValueError):
                self._subscribers.remove(callback)

        return unsubscribe

    def collect_events(self) -> tuple[Event, ...]:
        """Hand over the events recorded since the last collection, to be stored.

        Returns the pending events in order (copies), and clears them: each event is
        handed over once. A new cycle's first collection holds its "started" event;
        a replayed cycle has none pending. Store them, each under its unique
        (cycle id, `Event.version`), in one transaction; if storing fails, discard
        this object and load the cycle again from the store, which is the truth
        (docs/event-stream.md says why).

        Examples:
            >>> c = Cycle(id="c1", change_idea="curry")
            >>> c.plan("Try it", [Prediction(measure="m", direction="increase")], by={"mo"})
            >>> [(e.kind, e.version) for e in c.collect_events()]
            [('started', 1), ('planned', 2)]
            >>> c.collect_events()
            ()
            >>> Cycle.replay(c.events).collect_events()
            ()
        """
        with self._lock:
            collected = tuple(attrs.evolve(e) for e in self._pending)
            self._pending.clear()
            return collected

    @property
    def pending(self) -> tuple[Event, ...]:
        """The events not yet handed over by `collect_events()` (copies), in order.

        Examples:
            >>> c = Cycle(id="c1", change_idea="curry")
            >>> [e.kind for e in c.pending]
            ['started']
        """
        with self._lock:
            return tuple(attrs.evolve(e) for e in self._pending)

    @property
    def read_only(self) -> bool:
        """Whether this is a read-only copy (`Cycle.replay(..., read_only=True)`).

        A read-only cycle refuses `plan`, `do`, `study`, `act`, `next_cycle` and
        `subscribe` with `ReadOnlyError`, and changes nothing; it reads as the
        cycle it was copied from, and is equal to it.

        Examples:
            >>> c = Cycle(id="c1", change_idea="curry")
            >>> still = Cycle.replay(c.events, read_only=True)
            >>> still.read_only, still == c
            (True, True)
            >>> still.plan("Try it", [Prediction(measure="m", direction="increase")], by={"mo"})
            Traceback (most recent call last):
            ...
            coproduction.errors.ReadOnlyError: Cannot plan cycle 'c1': it is a read-only copy, for reading while others write; change the cycle it was taken from instead.
        """
        return self._read_only

    @classmethod
    def replay(
        cls,
        events: Iterable[Event | Mapping[str, Any]],
        *,
        observations: ObservationSource | None = None,
        measures: MeasureSource | None = None,
        balancing: BalancingSource | None = None,
        clock: Clock | None = None,
        read_only: bool = False,
    ) -> Cycle:
        """Rebuild an equal cycle from its events (or their dicts, as `Event.to_dict` writes them).

        The rebuilt cycle has no events pending (they are stored already) and no
        subscribers. Without `observations` it cannot be studied: pass them here,
        or attach the cycle to its initiative with `Initiative.attach_cycle(events)`.

        Args:
            events: Every event of the cycle, in order, from the "started" one.
            observations: The observation view of the rebuilt cycle.
            measures: Its measure view.
            balancing: Its view of the balancing measures to watch.
            clock: Its clock, for further events (replay does not read it).
            read_only: True for a copy that refuses every change (`read_only`).

        Raises:
            ValidationError: If the events are not a cycle's history: the path names
                the event (``$.events[2]``) and the field at fault.

        Examples:
            >>> c = Cycle(id="c1", change_idea="curry")
            >>> c.plan("Try it", [Prediction(measure="m", direction="increase")], by={"mo"})
            >>> data = [e.to_dict() for e in c.events]
            >>> Cycle.replay(data) == c
            True
            >>> Cycle.replay(data[1:])
            Traceback (most recent call last):
            ...
            coproduction.errors.ValidationError: $.events[0].kind: the first event of a cycle must be 'started', got 'planned'
        """
        given = list(events)
        for i, e in enumerate(given):
            if not isinstance(e, Event):
                check_plain(e, f"$.events[{i}]")  # no deep nesting, no huge number
        items = [read_event(e, f"$.events[{i}]") for i, e in enumerate(given)]
        _refuse_mixed_zones(items)
        if not items:
            msg = "a cycle's events start with a 'started' event; got no events"
            raise ValidationError(msg, code="empty")
        id, change_idea, parent, _ = read_start(items[0], "$.events[0]")
        state = State()
        for i, event in enumerate(items[1:], start=1):
            if event.version != i + 1:
                msg = f"expected version {i + 1}, got {event.version}"
                raise ValidationError(
                    msg, f"$.events[{i}].version", code="out_of_order"
                )
            state = fold(state, event, f"$.events[{i}]", as_arguments=False)
        cycle = cls.__new__(cls)
        cycle.__attrs_init__(
            id=id,
            change_idea=change_idea,
            parent=parent,
            observations=observations,
            measures=measures,
            balancing=balancing,
            clock=_utc_now if clock is None else clock,
            events=items,
            state=state,
            read_only=bool(read_only),
        )
        return cycle

    # What the events add up to.

    @property
    def phase(self) -> Phase:
        """Where the cycle has got to."""
        return self._state.phase

    @property
    def events(self) -> tuple[Event, ...]:
        """Every event, in order, from "started" on (copies: the history cannot be changed)."""
        with self._lock:
            return tuple(attrs.evolve(e) for e in self._events)

    @property
    def version(self) -> int:
        """How many events the cycle has recorded: pass it back as `expected_version`."""
        return len(self._events)

    @property
    def objective(self) -> str | None:
        """What the cycle is for; None until planned."""
        return self._state.objective

    @property
    def predictions(self) -> tuple[Prediction, ...]:
        """What the plan predicts; empty until planned."""
        return self._state.predictions

    @property
    def tasks(self) -> tuple[str, ...]:
        """Who does what, when and where, as planned."""
        return self._state.tasks

    @property
    def start(self) -> dt.date | None:
        """When the test began: as planned, else the day of `do()`; None before either."""
        return self._state.start or self._state.planned_start

    @property
    def ramp_start(self) -> dt.date | None:
        """The day the first cycle of this one's ramp began; None for a first cycle.

        Recorded in the "started" event of a cycle `next_cycle` made, so that its
        study compares with the ramp's baseline.
        """
        return read_start(self._events[0], "$.events[0]").ramp_start

    @property
    def end(self) -> dt.date | None:
        """When the test ends, as planned; None for no set end."""
        return self._state.end

    @property
    def notes(self) -> str | None:
        """What happened when the change was tried; None until done."""
        return self._state.notes

    @property
    def study_result(self) -> StudyResult | None:
        """What the Study phase found; None until studied.

        The result `study()` returned if this cycle object ran it (with observations
        and charts); else the verdicts and figures recorded in the "studied" event.
        """
        return self._study or self._state.study

    @property
    def outcome(self) -> Outcome | None:
        """What the Act phase decided; None until acted on."""
        return self._state.outcome

    @property
    def rationale(self) -> str | None:
        """Why, in the team's words; None until acted on."""
        return self._state.rationale

    def __repr__(self) -> str:
        return (
            f"Cycle(id={self.id!r}, change_idea={self.change_idea!r}, "
            f"parent={self.parent!r}, phase={self.phase.value!r}, version={self.version})"
        )

    # Objects that travel: pickling and deep copies.

    def __getstate__(self) -> dict[str, Any]:
        """The cycle's state for pickle and `copy.deepcopy`: all but the lock and the subscribers.

        The lock and the subscribers belong to one process (a lock cannot be pickled,
        and a subscriber is a callback into the code that subscribed), so a copy has
        a lock of its own and no subscribers. Everything else travels: the events,
        the pending events, the clock and the views. A view or clock that is a
        module function, a bound method or a mapping travels with it; a lambda or
        a local function cannot, and pickle then refuses with its own error
        ("Can't pickle local object ..."). A deep copy is independent of the
        original: its events, and what it is asked to do, are its own.

        Examples:
            >>> import copy, pickle
            >>> c = Cycle(id="c1", change_idea="curry", observations={})
            >>> back = pickle.loads(pickle.dumps(c))
            >>> back == c, [e.kind for e in back.pending]
            (True, ['started'])
            >>> twin = copy.deepcopy(c)
            >>> twin.plan("Try it", [Prediction(measure="m", direction="increase")], by={"mo"})
            >>> twin.version, c.version
            (2, 1)
        """
        with self._lock:
            return {
                a.name: getattr(self, a.name)
                for a in attrs.fields(type(self))
                if a.name not in ("_lock", "_subscribers")
            }

    def __setstate__(self, state: Mapping[str, Any]) -> None:
        """Restore a pickled or copied cycle, with a new lock and no subscribers."""
        for name, value in state.items():
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_subscribers", [])
        object.__setattr__(self, "_lock", threading.RLock())

    # The runner: lock, check, fold, append, notify.

    @contextlib.contextmanager
    def _calling(self, call: Call, expected_version: int | None) -> Iterator[None]:
        """Hold the cycle's lock for a whole call, and check it may be made."""
        with self._lock:
            self._check_call(call, expected_version)
            yield

    def _refuse_if_read_only(self, call: str) -> None:
        if self._read_only:
            verb = _VERBS.get(call, call)
            msg = (
                f"Cannot {verb} cycle {self.id!r}: it is a read-only copy, for reading "
                "while others write; change the cycle it was taken from instead."
            )
            raise ReadOnlyError(msg)

    def _known(self, people: frozenset[str]) -> frozenset[str]:
        """`people`, if the initiative holding this cycle knows them all."""
        if self.people is not None:
            problems = list(self.people(sorted(people), "$.by"))
            if problems:
                raise ValidationError.collect(problems)
        return people

    def _check_call(self, call: Call, expected_version: int | None) -> None:
        """Refuse a read-only copy, a stale `expected_version`, then a call the table does not allow."""
        self._refuse_if_read_only(call)
        if expected_version is not None:
            if not is_count(expected_version, least=None):
                msg = (
                    f"expected a whole number or None, got {describe(expected_version)}"
                )
                raise ValidationError(msg, "$.expected_version", code="wrong_type")
            if expected_version != self.version:
                raise ConcurrencyError(self.id, expected_version, self.version)
        error = phase_error(
            self.id, self.phase, call, abandoned=self.outcome is Outcome.ABANDON
        )
        if error is not None:
            raise error

    def _record(
        self,
        call: Call,
        by: frozenset[str],
        payload: dict[str, Any],
        at: dt.datetime | None = None,
        live: StudyResult | None = None,
    ) -> None:
        """Record the event of `call`: nothing changes unless all of it succeeds."""
        event = Event(
            kind=EVENT_OF[call],
            at=self.clock() if at is None else at,
            by=by,
            payload=payload,
            version=self.version + 1,
        )
        state = fold(self._state, event, "$", as_arguments=True)
        self._events.append(event)
        self._pending.append(event)
        self._state = state
        if live is not None:
            self._study = live
        for callback in tuple(self._subscribers):
            callback(attrs.evolve(event))


def _refuse_mixed_zones(events: list[Event]) -> None:
    """Refuse a history whose times mix naive and aware: such times cannot be ordered.

    Every event's `at` must carry a time zone, or none may; the first event that
    differs from the first event of the list is refused.
    """
    if not events:
        return
    aware = events[0].at.utcoffset() is not None
    for i, event in enumerate(events[1:], start=1):
        if (event.at.utcoffset() is not None) != aware:
            has, first = ("no", "one") if aware else ("a", "none")
            msg = (
                f"{event.at.isoformat()!r} has {has} time zone and the first event's "
                f"time has {first}: every event's time must carry a time zone, or none "
                "may, since a mix cannot be ordered"
            )
            raise ValidationError(msg, f"$.events[{i}].at", code="out_of_order")
