"""Tests for `coproduction.improvement.cycle`: the PDSA engine, its events and its study."""

from __future__ import annotations

import datetime as dt
import json
import pickle

import attrs
import pytest

from coproduction import _words
from coproduction.errors import (
    ConcurrencyError,
    CoproductionError,
    PhaseError,
    ValidationError,
)
from coproduction.improvement import _study, _transitions, cycle
from coproduction.improvement.charts import RunChart
from coproduction.improvement.cycle import (
    MIN_POINTS,
    MIN_POINTS_AFTER,
    TRANSITIONS,
    Cycle,
    Event,
    Outcome,
    Phase,
    Prediction,
    PredictionResult,
    StudyResult,
)
from coproduction.improvement.measures import Measure, Observation

START = dt.date(2026, 1, 1)
T0 = dt.datetime(2026, 2, 1, 9, tzinfo=dt.UTC)
BASE = [60, 63, 61, 64, 62, 60, 63, 61, 62, 64, 62, 59]  # median 62
RISE = [75, 78, 80, 79, 81, 77, 82, 80]
MEASURES = {
    "sat": Measure(
        id="sat",
        name="Satisfaction with meals",
        kind="outcome",
        unit="%",
        improvement="increase",
    ),
    "falls": Measure(id="falls", name="Falls", kind="outcome", improvement="decrease"),
}
UP = Prediction(measure="sat", direction="increase")


class Ticks:
    """A clock that moves on an hour each time it is read, and counts its readings."""

    def __init__(self, start=T0):
        self.now = start
        self.reads = 0

    def __call__(self):
        self.reads += 1
        now = self.now
        self.now += dt.timedelta(hours=1)
        return now


def series(before, during, measure="sat"):
    """Monthly observations (on the 15th): `before` up to December 2025, `during` from January 2026."""
    days = [dt.date(2025, 13 - len(before) + i, 15) for i in range(len(before))]
    days += [dt.date(2026 + i // 12, 1 + i % 12, 15) for i in range(len(during))]
    values = [*before, *during]
    return [
        Observation(measure=measure, at=d, value=v)
        for d, v in zip(days, values, strict=True)
    ]


def new(observations=(), clock=None, measure="sat", **kw):
    return Cycle(
        id="c1",
        change_idea="curry",
        observations={measure: list(observations)},
        measures=MEASURES,
        clock=clock or Ticks(),
        **kw,
    )


def advance(c, phase, outcome="adapt", prediction=UP, end=None):
    """Move `c` on to `phase` by the ordinary calls."""
    steps = [
        lambda: c.plan(
            "Try a curry night", [prediction], by={"alice", "mo"}, start=START, end=end
        ),
        lambda: c.do("Held on Friday", by={"alice"}),
        lambda: c.study(by={"alice", "mo"}),
        lambda: c.act(outcome, "We learnt a lot", by={"alice", "mo"}),
    ]
    for step in steps[c.phase.rank : list(Phase).index(phase)]:
        step()
    return c


def studied(prediction, observations, end=None):
    c = new(observations, measure=prediction.measure)
    advance(c, Phase.STUDIED, prediction=prediction, end=end)
    return c.study_result.predictions[0]


CALLS = {
    "plan": lambda c: c.plan("Again", [UP], by={"mo"}),
    "do": lambda c: c.do("Again", by={"mo"}),
    "study": lambda c: c.study(by={"mo"}),
    "act": lambda c: c.act("adopt", "Again", by={"mo"}),
    "next_cycle": lambda c: c.next_cycle("c2"),
}

FIRST = "{} was called already, and each step happens once in a cycle"
FINISHED = "the cycle is finished; next_cycle() starts the next one"
REFUSALS = [
    (
        "new",
        "do",
        "Cannot carry out cycle 'c1' while it is new: plan() must come first.",
    ),
    (
        "new",
        "study",
        "Cannot study cycle 'c1' while it is new: plan() must come first.",
    ),
    ("new", "act", "Cannot act on cycle 'c1' while it is new: plan() must come first."),
    (
        "new",
        "next_cycle",
        "Cannot follow on from cycle 'c1' while it is new: plan() must come first.",
    ),
    (
        "planned",
        "plan",
        f"Cannot plan cycle 'c1' while it is planned: {FIRST.format('plan()')}.",
    ),
    (
        "planned",
        "study",
        "Cannot study cycle 'c1' while it is planned: do() must come first.",
    ),
    (
        "planned",
        "act",
        "Cannot act on cycle 'c1' while it is planned: do() must come first.",
    ),
    (
        "planned",
        "next_cycle",
        "Cannot follow on from cycle 'c1' while it is planned: do() must come first.",
    ),
    (
        "done",
        "plan",
        f"Cannot plan cycle 'c1' while it is done: {FIRST.format('plan()')}.",
    ),
    (
        "done",
        "do",
        f"Cannot carry out cycle 'c1' while it is done: {FIRST.format('do()')}.",
    ),
    (
        "done",
        "act",
        "Cannot act on cycle 'c1' while it is done: study() must come first.",
    ),
    (
        "done",
        "next_cycle",
        "Cannot follow on from cycle 'c1' while it is done: study() must come first.",
    ),
    (
        "studied",
        "plan",
        f"Cannot plan cycle 'c1' while it is studied: {FIRST.format('plan()')}.",
    ),
    (
        "studied",
        "do",
        f"Cannot carry out cycle 'c1' while it is studied: {FIRST.format('do()')}.",
    ),
    (
        "studied",
        "study",
        f"Cannot study cycle 'c1' while it is studied: {FIRST.format('study()')}.",
    ),
    (
        "studied",
        "next_cycle",
        "Cannot follow on from cycle 'c1' while it is studied: act() must come first.",
    ),
    ("acted", "plan", f"Cannot plan cycle 'c1' while it is acted on: {FINISHED}."),
    ("acted", "do", f"Cannot carry out cycle 'c1' while it is acted on: {FINISHED}."),
    ("acted", "study", f"Cannot study cycle 'c1' while it is acted on: {FINISHED}."),
    ("acted", "act", f"Cannot act on cycle 'c1' while it is acted on: {FINISHED}."),
]


def snapshot(c):
    return c.phase, c.events, c.version


class TestErrors:
    def test_phase_error(self):
        """A PhaseError keeps its context as attributes and is a RuntimeError."""
        err = PhaseError("c1", Phase.PLANNED, "study", "do")
        assert (err.cycle, err.phase, err.call, err.needed, err.reason) == (
            "c1",
            Phase.PLANNED,
            "study",
            "do",
            None,
        )
        assert (
            str(err)
            == "Cannot study cycle 'c1' while it is planned: do() must come first."
        )
        assert isinstance(err, CoproductionError)
        assert isinstance(err, RuntimeError)

    def test_concurrency_error(self):
        """A ConcurrencyError keeps the versions expected and found."""
        err = ConcurrencyError("c1", expected=2, actual=3)
        assert (err.cycle, err.expected, err.actual) == ("c1", 2, 3)
        assert str(err) == (
            "Cycle 'c1' is at version 3, not 2 as expected: it changed since it was "
            "read; read it again and retry."
        )
        assert isinstance(err, CoproductionError)
        assert isinstance(err, RuntimeError)

    def test_pickle(self):
        """Both survive pickling with their attributes and messages."""
        for err in [
            PhaseError("c1", Phase.ACTED, "plan", reason="the cycle is finished"),
            ConcurrencyError("c1", 2, 3),
        ]:
            back = pickle.loads(pickle.dumps(err))
            assert (type(back), str(back), back.args) == (type(err), str(err), err.args)


class TestTransitions:
    def test_table(self):
        """The table moves a cycle through the four phases, once each."""
        assert dict(TRANSITIONS) == {
            (Phase.NEW, "plan"): Phase.PLANNED,
            (Phase.PLANNED, "do"): Phase.DONE,
            (Phase.DONE, "study"): Phase.STUDIED,
            (Phase.STUDIED, "act"): Phase.ACTED,
        }

    def test_phases_ordered(self):
        """Phases compare in the order a cycle goes through them."""
        assert max(Phase) is Phase.ACTED
        assert [p.value for p in Phase] == [
            "new",
            "planned",
            "done",
            "studied",
            "acted",
        ]

    def test_table_read_only(self):
        """The table cannot be changed at run time."""
        with pytest.raises(TypeError):
            TRANSITIONS[Phase.ACTED, "plan"] = Phase.PLANNED

    @pytest.mark.parametrize(
        ("table", "initial", "final", "message"),
        [
            (
                {(Phase.NEW, "plan"): Phase.PLANNED},
                Phase.NEW,
                {Phase.PLANNED},
                (
                    "A machine has one initial phase, 'new'; these are initial too, as no move "
                    "leads into them: 'done', 'studied', 'acted'."
                ),
            ),
            (
                {**TRANSITIONS, (Phase.ACTED, "plan"): Phase.PLANNED},
                Phase.NEW,
                {Phase.ACTED},
                "No move may leave a final phase; these have one: 'acted'.",
            ),
            (
                {**TRANSITIONS, (Phase.DONE, "study"): Phase.NEW},
                Phase.NEW,
                {Phase.ACTED},
                (
                    "A machine has one initial phase, 'new'; these are initial too, as no move "
                    "leads into them: 'studied'."
                ),
            ),
            (
                {
                    **TRANSITIONS,
                    (Phase.PLANNED, "do"): Phase.STUDIED,
                    (Phase.DONE, "study"): Phase.DONE,
                },
                Phase.NEW,
                {Phase.ACTED},
                "Every phase must be reachable from 'new'; these are not: 'done'.",
            ),
            (
                {k: v for k, v in TRANSITIONS.items() if k[0] is not Phase.STUDIED},
                Phase.NEW,
                {Phase.ACTED},
                (
                    "A machine has one initial phase, 'new'; these are initial too, as no move "
                    "leads into them: 'acted'."
                ),
            ),
            (
                TRANSITIONS,
                Phase.NEW,
                {Phase.ACTED, Phase.DONE},
                "No move may leave a final phase; these have one: 'done'.",
            ),
        ],
    )
    def test_check_definition_refuses(self, table, initial, final, message):
        """A broken table is refused, naming the rule and the phases that break it."""
        with pytest.raises(_transitions.InvalidDefinitionError) as info:
            _transitions.check_definition(table, initial, final)
        assert str(info.value) == message

    def test_check_definition_dead_end(self):
        """A phase that is not final needs a way on."""
        table = {(Phase.NEW, "plan"): Phase.PLANNED}
        with pytest.raises(_transitions.InvalidDefinitionError) as info:
            _transitions.check_definition(
                table, Phase.NEW, {Phase.ACTED}, phases=[Phase.NEW, Phase.PLANNED]
            )
        assert str(info.value) == (
            "The table uses phases the machine does not have: 'acted'."
        )
        with pytest.raises(_transitions.InvalidDefinitionError) as info:
            _transitions.check_definition(
                table, Phase.NEW, set(), phases=[Phase.NEW, Phase.PLANNED]
            )
        assert str(info.value) == (
            "Phases that are not final need a way on; these have none: 'planned'."
        )

    def test_check_definition_trap(self):
        """Every phase must have a way on to a final phase."""
        table = {
            (Phase.NEW, "plan"): Phase.PLANNED,
            (Phase.NEW, "act"): Phase.ACTED,
            (Phase.PLANNED, "do"): Phase.DONE,
            (Phase.DONE, "study"): Phase.PLANNED,
        }
        with pytest.raises(_transitions.InvalidDefinitionError) as info:
            _transitions.check_definition(
                table,
                Phase.NEW,
                {Phase.ACTED},
                phases=[Phase.NEW, Phase.PLANNED, Phase.DONE, Phase.ACTED],
            )
        assert str(info.value) == (
            "Every phase must have a way on to a final phase; these are trapped: "
            "'planned', 'done'."
        )

    def test_first_step(self):
        """The call that must come first is the first on the shortest way there."""
        assert (
            _transitions.first_step(Phase.NEW, lambda p: p is Phase.STUDIED) == "plan"
        )
        assert (
            _transitions.first_step(Phase.DONE, lambda p: p is Phase.ACTED) == "study"
        )
        assert _transitions.first_step(Phase.DONE, lambda p: p is Phase.DONE) is None
        assert _transitions.first_step(Phase.ACTED, lambda p: p is Phase.NEW) is None


class TestNewCycle:
    def test_started(self):
        """A new cycle is NEW, with one "started" event holding its identity."""
        c = new()
        assert (c.phase, c.version) == (Phase.NEW, 1)
        (event,) = c.events
        assert event == Event(
            kind="started",
            at=T0,
            by=frozenset(),
            payload={"cycle": "c1", "change_idea": "curry", "parent": None},
            version=1,
        )

    def test_nothing_recorded_yet(self):
        """Before planning, every recorded field is empty."""
        c = new()
        assert (c.objective, c.predictions, c.tasks, c.start, c.end, c.notes) == (
            None,
            (),
            (),
            None,
            None,
            None,
        )
        assert (c.study_result, c.outcome, c.rationale) == (None, None, None)

    def test_refuses_bad_id(self):
        """Ids are checked."""
        with pytest.raises(ValidationError) as info:
            Cycle(id="", change_idea="curry")
        assert str(info.value) == (
            "$.id: an id must be non-empty with no surrounding spaces, got ''"
        )

    def test_refuses_bad_views(self):
        """The observation view is a mapping or a function; the clock a function."""
        with pytest.raises(ValidationError) as info:
            Cycle(id="c1", change_idea="curry", observations=3)
        assert str(info.value) == (
            "$.observations: expected a mapping or a function of a measure id, got int 3"
        )
        with pytest.raises(ValidationError) as info:
            Cycle(id="c1", change_idea="curry", clock="now")
        assert str(info.value) == "$.clock: expected a function, got str 'now'"

    def test_identity_is_fixed(self):
        """The id, change idea and parent cannot be changed."""
        c = new()
        with pytest.raises(attrs.exceptions.FrozenAttributeError):
            c.id = "c9"

    def test_repr(self):
        """The repr shows identity, phase and version."""
        assert repr(new()) == (
            "Cycle(id='c1', change_idea='curry', parent=None, phase='new', version=1)"
        )


class TestPhaseOrder:
    @pytest.mark.parametrize(("phase", "call", "message"), REFUSALS)
    def test_refusal_message(self, phase, call, message):
        """A call out of order says which call must come first."""
        c = advance(new(series(BASE, RISE)), Phase(phase))
        with pytest.raises(PhaseError) as info:
            CALLS[call](c)
        assert str(info.value) == message
        assert (info.value.cycle, info.value.phase, info.value.call) == (
            "c1",
            Phase(phase),
            call,
        )

    @pytest.mark.parametrize(("phase", "call", "message"), REFUSALS)
    def test_refusal_changes_nothing(self, phase, call, message):
        """A refused call changes neither the events nor the phase, and tells no one."""
        del message
        c = advance(new(series(BASE, RISE)), Phase(phase))
        seen = []
        c.subscribe(seen.append)
        before = snapshot(c)
        with pytest.raises(PhaseError):
            CALLS[call](c)
        assert snapshot(c) == before
        assert seen == []

    @pytest.mark.parametrize("call", ["plan", "do", "study", "act"])
    def test_abandoned_is_finished(self, call):
        """After abandoning, nothing more can be done."""
        c = advance(new(), Phase.ACTED, outcome="abandon")
        with pytest.raises(PhaseError) as info:
            CALLS[call](c)
        assert str(info.value).endswith("while it is acted on: the cycle is finished.")

    def test_needed_attribute(self):
        """The error names the call needed first, or none when the step is past."""
        c = new()
        with pytest.raises(PhaseError) as info:
            c.act("adopt", "r", by={"mo"})
        assert info.value.needed == "plan"
        advance(c, Phase.DONE)
        with pytest.raises(PhaseError) as info:
            c.do("again", by={"mo"})
        assert (info.value.needed, info.value.reason) == (
            None,
            "do() was called already, and each step happens once in a cycle",
        )

    def test_whole_cycle(self):
        """The four calls in order take a cycle from NEW to ACTED."""
        c = advance(new(series(BASE, RISE)), Phase.ACTED)
        assert [e.kind for e in c.events] == [
            "started",
            "planned",
            "done",
            "studied",
            "acted",
        ]
        assert [e.version for e in c.events] == [1, 2, 3, 4, 5]
        assert c.version == 5


class TestConcurrency:
    def test_matching_version(self):
        """A call with the current version goes through."""
        c = new()
        c.plan("Try it", [UP], by={"mo"}, expected_version=1)
        c.do("Done", by={"mo"}, expected_version=2)
        assert c.version == 3

    def test_stale_version(self):
        """A stale version is refused, with both versions, and changes nothing."""
        c = advance(new(), Phase.PLANNED)
        before = snapshot(c)
        with pytest.raises(ConcurrencyError) as info:
            c.do("Done", by={"mo"}, expected_version=1)
        assert str(info.value) == (
            "Cycle 'c1' is at version 2, not 1 as expected: it changed since it was "
            "read; read it again and retry."
        )
        assert (info.value.expected, info.value.actual) == (1, 2)
        assert snapshot(c) == before

    def test_version_checked_before_phase(self):
        """A stale caller hears that the cycle changed, not that the call is out of order."""
        c = advance(new(), Phase.DONE)
        with pytest.raises(ConcurrencyError):
            c.do("Done", by={"mo"}, expected_version=2)

    @pytest.mark.parametrize(("bad", "shown"), [(True, "bool True"), ("2", "str '2'")])
    def test_refuses_non_integer(self, bad, shown):
        """The expected version is a whole number."""
        c = new()
        with pytest.raises(ValidationError) as info:
            c.plan("Try it", [UP], by={"mo"}, expected_version=bad)
        assert str(info.value) == (
            f"$.expected_version: expected a whole number or None, got {shown}"
        )


class TestPlan:
    def test_records(self):
        """The plan's objective, predictions, tasks and dates are recorded."""
        c = new()
        p = Prediction(
            measure="sat", direction="increase", target=80, why="chosen by residents"
        )
        c.plan(
            "Try a curry night",
            [p],
            ["Mo books the cook", "Alice makes the menu"],
            by={"alice", "mo"},
            start=START,
            end=dt.date(2026, 6, 30),
        )
        assert (c.phase, c.objective, c.predictions, c.tasks) == (
            Phase.PLANNED,
            "Try a curry night",
            (p,),
            ("Mo books the cook", "Alice makes the menu"),
        )
        assert (c.start, c.end) == (START, dt.date(2026, 6, 30))
        event = c.events[-1]
        assert (event.kind, event.by, event.version) == ("planned", {"alice", "mo"}, 2)
        assert event.payload == {
            "objective": "Try a curry night",
            "predictions": [
                {
                    "measure": "sat",
                    "direction": "increase",
                    "target": 80.0,
                    "why": "chosen by residents",
                }
            ],
            "tasks": ["Mo books the cook", "Alice makes the menu"],
            "start": "2026-01-01",
            "end": "2026-06-30",
        }

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            (
                {"predictions": []},
                "$.predictions: a plan needs at least one prediction (what do you expect to happen, and how will you know?), got []",
            ),
            (
                {"predictions": [{"measure": "sat"}]},
                "$.predictions[0]: expected a Prediction, got dict {'measure': 'sat'}",
            ),
            (
                {"predictions": UP},
                "$.predictions: expected a list, got Prediction " + repr(UP),
            ),
            ({"objective": None}, "$.objective: expected a string, got NoneType None"),
            ({"tasks": "cook"}, "$.tasks: expected a list, got str 'cook'"),
            ({"tasks": [1]}, "$.tasks[0]: expected a string, got int 1"),
            ({"by": set()}, "$.by: name at least one person who took part"),
            (
                {"by": "alice"},
                "$.by: expected a set of ids, got the single string 'alice'; write ['alice']",
            ),
            ({"by": {""}}, "$.by: expected ids (non-empty strings), got str ''"),
            ({"by": 3}, "$.by: expected a list, got int 3"),
            (
                {"start": "2026-01-01"},
                "$.start: expected a date or None, got str '2026-01-01'",
            ),
            ({"end": T0}, "$.end: expected a date or None, got datetime " + repr(T0)),
            (
                {"end": dt.date(2025, 12, 31)},
                "$.end: the end 2025-12-31 comes before the start 2026-01-01",
            ),
        ],
    )
    def test_refusals(self, kwargs, message):
        """Bad arguments are refused, naming the argument, and change nothing."""
        c = new()
        args = {
            "objective": "Try it",
            "predictions": [UP],
            "by": {"mo"},
            "start": START,
        } | kwargs
        before = snapshot(c)
        with pytest.raises(ValidationError) as info:
            c.plan(**args)
        assert str(info.value) == message
        assert snapshot(c) == before


class TestDo:
    def test_start_defaults_to_the_day_of_do(self):
        """Without a planned start, the test starts on the day of do(), by the clock."""
        clock = Ticks(dt.datetime(2026, 3, 4, 23, 30, tzinfo=dt.UTC))
        c = new(clock=clock)
        c.plan("Try it", [UP], by={"mo"})
        assert c.start is None
        c.do("Held on Friday", by={"alice"})
        assert c.start == dt.date(2026, 3, 5)
        assert c.events[-1].payload == {
            "notes": "Held on Friday",
            "start": "2026-03-05",
        }

    def test_planned_start_kept(self):
        """A planned start is kept."""
        c = advance(new(), Phase.DONE)
        assert (c.start, c.notes) == (START, "Held on Friday")
        assert c.events[-1].payload["start"] == "2026-01-01"

    def test_refuses_non_text_notes(self):
        """Notes are text."""
        c = advance(new(), Phase.PLANNED)
        with pytest.raises(ValidationError) as info:
            c.do(["x"], by={"mo"})
        assert str(info.value) == "$.notes: expected a string, got list ['x']"
        assert c.phase is Phase.PLANNED


def study_of(prediction, observations, *, end=None, measures=MEASURES, **kw):
    """Plan, do and study one prediction; the result of `study(**kw)`."""
    c = Cycle(
        id="c1",
        change_idea="curry",
        observations={prediction.measure: list(observations)},
        measures=measures,
        clock=Ticks(),
    )
    c.plan("Try a curry night", [prediction], by={"mo"}, start=START, end=end)
    c.do("Held on Friday", by={"mo"})
    return c.study(by={"mo"}, **kw)


FALLS = Prediction(measure="falls", target=5)
FALLS_BASE = [3, 2, 4, 3, 3, 2, 4, 3, 3, 2, 4, 3]  # median 3


class TestStudy:
    def test_shift_met(self):
        """A long run above the baseline median in the predicted direction is met."""
        r = studied(UP, series(BASE, RISE))
        assert r.met is True
        assert r.sentence == (
            "Satisfaction with meals rose, as predicted: 8 observations in a row "
            "above the baseline median of 62% since the change began on 1 January "
            "2026, where chance allows at most 7."
        )
        figures = (r.observed, r.after, r.needed, r.centre, r.longest_run)
        assert figures == (20, 8, 0, 62.0, 8)
        # Three baseline values sit on the median: 17 useful points in all.
        assert (r.chart.n_useful, r.longest_run_max, r.crossings_min) == (17, 7, 5)
        assert (r.crossings, r.median) == (r.chart.crossings, 79.5)

    def test_too_early_for_a_shift(self):
        """Too few points since the change to show a shift: too early, and how many more."""
        r = studied(UP, series([60, 62], [70, 71]))
        assert (r.met, r.needed) == (None, 6)
        assert r.sentence == (
            "Too early to tell whether satisfaction with meals went up: 2 "
            "observations since the change began on 1 January 2026, and a shift (7 in "
            "a row above the baseline median of 61%) needs at least 6 more."
        )
        assert MIN_POINTS == 10

    def test_a_shift_needs_its_run_after_the_change(self):
        """Judged only once the points since the change could hold a shift: lrm(n) + 1."""
        seven = studied(UP, series(BASE, RISE[:7]))  # n = 19: a shift needs 8
        assert (seven.met, seven.needed, seven.after) == (None, 1, 7)
        eight = studied(UP, series(BASE, RISE))
        assert (eight.met, eight.needed) == (True, 0)

    def test_no_signal_is_not_met(self):
        """Enough points and no signal: not met, and the sentence says what a shift needs."""
        r = studied(UP, series(BASE, [75, 50, 80, 50, 81, 50, 79, 50]))
        assert r.met is False
        assert r.sentence == (
            "No sign that satisfaction with meals went up: at most 1 in a row above the "
            "baseline median of 62% since the change began on 1 January 2026, where a "
            "shift needs 8, and no other sign of a change."
        )

    def test_shift_the_wrong_way(self):
        """A shift against the predicted direction is not met, and says which way it went."""
        down = Prediction(measure="sat", direction="decrease")
        r = studied(down, series(BASE, RISE))
        assert (r.met, r.sentence) == (
            False,
            (
                "Satisfaction with meals rose instead of falling: 8 observations in a "
                "row above the baseline median of 62% since the change began on 1 "
                "January 2026, where chance allows at most 7."
            ),
        )

    def test_decrease(self):
        """A fall below the baseline median meets a predicted decrease."""
        down = Prediction(measure="falls", direction="decrease")
        baseline = [6, 7, 5, 8, 6, 7, 5, 6, 8, 7, 6, 5]
        r = studied(down, series(baseline, [3, 2, 4, 3, 2, 3, 4, 2], "falls"))
        assert (r.met, r.sentence) == (
            True,
            (
                "Falls fell, as predicted: 8 observations in a row below the baseline "
                "median of 6 since the change began on 1 January 2026, where chance "
                "allows at most 7."
            ),
        )

    def test_too_few_crossings(self):
        """Too few crossings, with the median since the change on the predicted side, is met."""
        # A baseline that crosses its median once, then 12 values since the change
        # mostly above it, broken once: no run long enough for a shift (9 of 24),
        # but 3 crossings where chance would give at least 8.
        values = [49] * 6 + [51] * 6 + [55] * 7 + [48] + [55] * 4
        days = [START + dt.timedelta(days=7 * (i - 12)) for i in range(len(values))]
        obs = [
            Observation(measure="sat", at=d, value=v)
            for d, v in zip(days, values, strict=True)
        ]
        r = studied(UP, obs)
        assert (r.longest_run, r.longest_run_max, r.crossings, r.crossings_min) == (
            7,
            8,
            3,
            8,
        )
        assert (r.met, r.sentence) == (
            True,
            (
                "Satisfaction with meals rose, as predicted: since the change began on "
                "1 January 2026 its median is 55%, above the baseline median of 50%, "
                "and the line crossed that median only 3 times where chance would give "
                "at least 8."
            ),
        )

    def test_target_read_as_a_floor(self):
        """A target alone on a measure that should rise is a floor: met at or above it."""
        target = Prediction(measure="sat", target=75)
        r = studied(target, series(BASE, [75, 78, 80, 77, 76, 79]))
        assert (r.met, r.median, r.sentence) == (
            True,
            77.5,
            (
                "Satisfaction with meals met the target of at least 75%: the median of "
                "the 6 observations since the change began on 1 January 2026 is 77.5%."
            ),
        )
        low = studied(target, series(BASE, [70, 78, 72, 71, 76, 73]))
        assert (low.met, low.sentence) == (
            False,
            (
                "Satisfaction with meals did not meet the target of at least 75%: the "
                "median of the 6 observations since the change began on 1 January 2026 "
                "is 72.5%."
            ),
        )

    def test_ceiling_target_that_holds(self):
        """Falls predicted at most 5 a month: staying at 3 meets it (it used to fail)."""
        r = studied(FALLS, series(FALLS_BASE, [3, 2, 3, 4, 3, 3], "falls"))
        assert (r.met, r.sentence) == (
            True,
            (
                "Falls met the target of at most 5: the median of the 6 observations "
                "since the change began on 1 January 2026 is 3."
            ),
        )

    def test_ceiling_target_that_is_broken(self):
        """Falls rising from 3 to 8 do not meet a ceiling of 5 (they used to)."""
        r = studied(FALLS, series(FALLS_BASE, [8, 7, 9, 8, 8, 7], "falls"))
        assert (r.met, r.sentence) == (
            False,
            (
                "Falls did not meet the target of at most 5: the median of the 6 "
                "observations since the change began on 1 January 2026 is 8."
            ),
        )

    def test_one_point_after_is_too_early(self):
        """One value after the change does not settle a target; the sentence says how many more."""
        r = studied(Prediction(measure="sat", target=75), series(BASE, [80]))
        assert (r.met, r.needed, r.sentence) == (
            None,
            5,
            (
                "Too early to judge the target of at least 75% for satisfaction with "
                "meals: 1 observation since the change began on 1 January 2026, and the "
                "target is judged on the median of at least 6, so 5 more."
            ),
        )
        assert MIN_POINTS_AFTER == 6

    def test_min_points_after_can_be_set(self):
        """A team may judge a target on more (or fewer) points than six."""
        target = Prediction(measure="sat", target=75)
        obs = series(BASE, [80, 81, 79])
        result = study_of(target, obs, min_points_after=3)
        assert (result.predictions[0].met, result.min_points_after) == (True, 3)
        result = study_of(target, obs, min_points_after=12)
        assert (result.predictions[0].met, result.predictions[0].needed) == (None, 9)

    def test_a_target_needs_no_baseline(self):
        """A target is absolute: it is judged without a baseline."""
        r = studied(Prediction(measure="sat", target=75), series([], [80] * 6))
        assert (r.met, r.centre, r.chart) == (True, None, None)

    def test_direction_and_target_need_both(self):
        """With a direction and a target, both must be met; either not met is not met."""
        both = Prediction(measure="sat", direction="increase", target=85)
        r = studied(both, series(BASE, RISE))
        assert (r.met, r.sentence) == (
            False,
            (
                "Satisfaction with meals rose, as predicted: 8 observations in a row "
                "above the baseline median of 62% since the change began on 1 January "
                "2026, where chance allows at most 7. Satisfaction with meals did not meet the target of at "
                "least 85%: the median of the 8 observations since the change began on "
                "1 January 2026 is 79.5%."
            ),
        )
        reached = studied(attrs.evolve(both, target=75), series(BASE, RISE))
        assert reached.met is True

    def test_direction_and_target_too_early(self):
        """A target met while the shift cannot yet show is too early, not met."""
        both = Prediction(measure="sat", direction="increase", target=75)
        r = studied(both, series(BASE, RISE[:6]))
        assert r.met is None
        assert "met" not in r.sentence.split(": ")[0].split()
        assert r.sentence.startswith("Too early to tell whether satisfaction")
        assert " Satisfaction with meals met the target of at least 75%" in r.sentence

    def test_direction_sets_the_reading_of_a_target(self):
        """With a direction, the target is read that way, whatever the measure says."""
        down = Prediction(measure="sat", direction="decrease", target=55)
        r = studied(down, series(BASE, [54, 50, 56, 52, 53, 51]))
        assert "met the target of at most 55%" in r.sentence

    def test_stay_below_broken_at_once(self):
        """A ceiling crossed is not met at once, however few points there are."""
        stay = Prediction(measure="falls", direction="stay_below", target=5)
        r = studied(stay, series(FALLS_BASE, [3, 7], "falls"))
        assert (r.met, r.sentence) == (
            False,
            (
                "Falls did not stay at or below 5: 1 of the 2 observations since the "
                "change began on 1 January 2026 was above it: 7 on 15 February 2026."
            ),
        )

    def test_stay_below_broken_more_than_once(self):
        stay = Prediction(measure="falls", direction="stay_below", target=5)
        r = studied(stay, series(FALLS_BASE, [3, 7, 8], "falls"))
        assert r.sentence == (
            "Falls did not stay at or below 5: 2 of the 3 observations since the change "
            "began on 1 January 2026 were above it, the first of them 7 on 15 February 2026."
        )

    def test_stay_below_held(self):
        """A ceiling never crossed in six points is met; at the level is not over it."""
        stay = Prediction(measure="falls", direction="stay_below", target=5)
        r = studied(stay, series(FALLS_BASE, [3, 5, 4, 2, 5, 3], "falls"))
        assert (r.met, r.sentence) == (
            True,
            (
                "Falls stayed at or below 5: none of the 6 observations since the "
                "change began on 1 January 2026 was above it."
            ),
        )

    def test_stay_below_too_early(self):
        """Within the ceiling so far, but too few points to say it held."""
        stay = Prediction(measure="falls", direction="stay_below", target=5)
        r = studied(stay, series(FALLS_BASE, [3, 4], "falls"))
        assert (r.met, r.needed, r.sentence) == (
            None,
            4,
            (
                "Too early to tell whether falls will stay at or below 5: none of the 2 "
                "observations since the change began on 1 January 2026 is above it, and "
                "at least 6 are needed to judge, so 4 more."
            ),
        )

    def test_stay_above(self):
        """A floor: met when no value since the change is below it."""
        stay = Prediction(measure="sat", direction="stay_above", target=60)
        held = studied(stay, series(BASE, [61, 65, 60, 62, 64, 63]))
        assert held.met is True
        broken = studied(stay, series(BASE, [61, 59]))
        assert broken.met is False
        assert broken.sentence.startswith(
            "Satisfaction with meals did not stay at or above 60%"
        )

    @pytest.mark.parametrize(
        ("value", "unit", "shown"),
        [
            (62.0, "%", "62%"),
            (3.5, "falls", "3.5 falls"),
            (2 / 3, "", "0.67"),
            (0.004, "", "0.004"),
            (-0.001, "", "-0.001"),
            (-0.0, "", "0"),
            (1234567.0, "", "1234567"),
        ],
    )
    def test_amounts(self, value, unit, shown):
        """Figures are written as a care team would write them."""
        assert _words.amount(value, unit) == shown

    @pytest.mark.parametrize(
        ("name", "inside"),
        [
            ("Satisfaction", "satisfaction"),
            ("NHS staff", "NHS staff"),
            ("falls", "falls"),
        ],
    )
    def test_names_in_sentences(self, name, inside):
        """A name starts lower case inside a sentence, unless it is an acronym."""
        assert _study._in_sentence(name) == inside

    def test_no_baseline(self):
        """Without observations before the start there is no usual level: too early."""
        r = studied(UP, series([], [70] * 12))
        assert (r.met, r.sentence, r.chart) == (
            None,
            (
                "Too early to tell whether satisfaction with meals went up: there are "
                "no observations before the change began on 1 January 2026, so there is "
                "no usual level to compare with."
            ),
            None,
        )

    def test_nothing_since_start(self):
        """Without observations since the start it is too early to tell."""
        r = studied(UP, series(BASE, []))
        assert (r.met, r.needed, r.sentence) == (
            None,
            8,
            (
                "Too early to tell whether satisfaction with meals went up: no "
                "observations since the change began on 1 January 2026, and a shift (8 in "
                "a row above the baseline median of 62%) needs at least 8 more."
            ),
        )

    def test_missing_values_skipped(self):
        """Missing values neither count nor break a run."""
        r = studied(UP, series(BASE, [75, None, 78, None, 80, 79, 81, 77, 82, 80]))
        assert (r.met, r.longest_run, r.observed) == (True, 8, 20)
        assert len(r.during) == 10

    def test_baseline_during_and_chart(self):
        """The study splits the observations at the start and freezes the baseline."""
        obs = series(BASE, RISE)
        r = studied(UP, obs)
        assert (r.baseline, r.during) == (tuple(obs[:12]), tuple(obs[12:]))
        assert isinstance(r.chart, RunChart)
        assert [p.baseline for p in r.chart.points] == [True] * 12 + [False] * 8
        assert (r.chart.centre, r.chart.shift) == (62.0, True)

    def test_end_is_inclusive(self):
        """Observations after the end are left out; the end day itself is in."""
        r = studied(UP, series(BASE, RISE), end=dt.date(2026, 3, 15))
        assert [o.at for o in r.during] == [dt.date(2026, m, 15) for m in (1, 2, 3)]

    def test_unordered_and_foreign_observations(self):
        """Observations are put in date order, and other measures' are ignored."""
        obs = series(BASE, RISE)
        mixed = [*reversed(obs), Observation(measure="falls", at=START, value=1)]
        assert studied(UP, mixed).during == tuple(obs[12:])

    def test_unknown_measure_named_by_id(self):
        """Without the measure in the view, the sentence names its id."""
        r = studied(
            Prediction(measure="m", direction="increase"), series(BASE, RISE, "m")
        )
        assert r.sentence.startswith("Measure 'm' rose, as predicted: 8 observations")

    def test_views_may_be_functions(self):
        """The observation and measure views may be functions of a measure id."""
        obs = series(BASE, RISE)
        c = Cycle(
            id="c1",
            change_idea="curry",
            observations=lambda m: obs if m == "sat" else [],
            measures=MEASURES.get,
        )
        advance(c, Phase.STUDIED)
        assert c.study_result.predictions[0].met is True

    def test_without_views(self):
        """Without an observation view the study is refused, naming the fix, and changes nothing.

        Changed for issue 12: it used to study no data and record a verdict, silently.
        """
        c = advance(Cycle(id="c1", change_idea="curry"), Phase.DONE)
        before = c.events
        with pytest.raises(PhaseError) as info:
            c.study(by={"mo"})
        assert str(info.value) == (
            "Cannot study cycle 'c1' while it is done: it has no source of observations "
            "to study (observations is None); pass observations= to Cycle or "
            "Cycle.replay, or attach the cycle to its initiative with "
            "Initiative.attach_cycle(events)."
        )
        assert info.value.needed is None
        assert c.events == before
        assert c.phase is Phase.DONE
        assert c.study_result is None

    @pytest.mark.parametrize("view", [{}, lambda _: ()])
    def test_with_an_empty_view(self, view):
        """An empty mapping or a function is a source: there is nothing to study yet."""
        c = advance(
            Cycle(id="c1", change_idea="curry", observations=view), Phase.STUDIED
        )
        assert c.study_result.predictions[0].observed == 0
        assert c.study_result.met is None

    def test_refuses_non_observation(self):
        """The view must give observations; the study then changes nothing."""
        c = advance(new([1, 2]), Phase.DONE)
        with pytest.raises(ValidationError) as info:
            c.study(by={"mo"})
        assert (
            str(info.value)
            == "$.observations['sat'][0]: expected an Observation, got int 1"
        )
        assert c.phase is Phase.DONE

    def test_recorded_in_event(self):
        """The verdicts, figures, day and warnings are recorded as plain data."""
        c = advance(new(series(BASE, RISE)), Phase.STUDIED)
        r = c.study_result.predictions[0]
        assert c.events[-1].payload == {
            "began": "2026-01-01",
            "min_points_after": 6,
            "predictions": [
                {
                    "measure": "sat",
                    "met": True,
                    "sentence": r.sentence,
                    "observed": 20,
                    "after": 8,
                    "needed": 0,
                    "centre": 62.0,
                    "longest_run": 8,
                    "longest_run_max": 7,
                    "crossings": r.crossings,
                    "crossings_min": 5,
                    "median": 79.5,
                }
            ],
            "warnings": [],
        }

    def test_too_early_recorded_as_null(self):
        """A verdict too early to tell is recorded as null, and read back as None."""
        c = advance(new(series(BASE, RISE[:2])), Phase.STUDIED)
        recorded = c.events[-1].to_dict()["payload"]["predictions"][0]
        assert (recorded["met"], recorded["needed"]) == (None, 6)
        again = Cycle.replay(json.loads(json.dumps([e.to_dict() for e in c.events])))
        assert again.study_result == c.study_result
        assert again.study_result.met is None

    def test_reads_a_payload_recorded_before_0_2(self):
        """A "studied" payload with only the old figures still reads."""
        c = advance(new(series(BASE, RISE)), Phase.STUDIED)
        events = [e.to_dict() for e in c.events]
        old = {
            "predictions": [
                {
                    "measure": "sat",
                    "met": True,
                    "sentence": "Rose.",
                    "observed": 20,
                    "centre": 62.0,
                    "longest_run": 8,
                    "longest_run_max": 7,
                    "median": 79.5,
                }
            ]
        }
        events[3]["payload"] = old
        result = Cycle.replay(events).study_result
        assert (result.met, result.began, result.warnings) == (True, None, ())
        assert result.predictions[0].after == 0

    def test_result_after_replay(self):
        """A replayed cycle holds the recorded verdicts, without observations or chart."""
        c = advance(new(series(BASE, RISE)), Phase.STUDIED)
        again = Cycle.replay(c.events).study_result
        assert again == c.study_result
        assert isinstance(again, StudyResult)
        assert (again.predictions[0].chart, again.predictions[0].during) == (None, ())
        assert c.study_result.predictions[0].chart is not None

    def test_result_shape(self):
        """One result per prediction, in order; `met` is False if any was not met."""
        c = new(series(BASE, RISE))
        down = Prediction(measure="sat", direction="decrease")
        c.plan("Try it", [UP, down], by={"mo"}, start=START)
        c.do("Done", by={"mo"})
        result = c.study(by={"mo"})
        assert [type(r) for r in result.predictions] == [PredictionResult] * 2
        assert [r.prediction for r in result.predictions] == [UP, down]
        assert [r.met for r in result.predictions] == [True, False]
        assert result.met is False
        assert len(result.sentences) == 2

    @pytest.mark.parametrize(
        ("verdicts", "met"),
        [
            ([True, True], True),
            ([True, None], None),
            ([None, False], False),
            ([True, False], False),
            ([None], None),
        ],
    )
    def test_study_met_combines(self, verdicts, met):
        """Not met if any is not met; met if all are; else too early to tell."""
        results = tuple(
            PredictionResult(prediction=UP, met=v, sentence="", observed=0)
            for v in verdicts
        )
        assert StudyResult(predictions=results).met is met


class TestTargetAlone:
    @pytest.mark.parametrize(
        ("improvement", "message"),
        [
            (
                None,
                (
                    "$.predictions[0].target: a target alone is read in the measure's "
                    "direction of improvement, and measure 'falls' does not state one: add "
                    'improvement="decrease" (or "increase") to the measure, or give the '
                    'prediction a direction ("stay_below" for a ceiling, "stay_above" for a '
                    "floor)"
                ),
            ),
            (
                "neither",
                (
                    "$.predictions[0].target: measure 'falls' is better neither higher nor "
                    "lower, so a target alone cannot be read as met or not: give the "
                    'prediction a direction ("stay_below" for a ceiling, "stay_above" for a '
                    'floor, or "increase" or "decrease")'
                ),
            ),
        ],
    )
    def test_refused_without_a_direction_of_improvement(self, improvement, message):
        """plan() refuses a target it cannot read, saying what to add, and changes nothing."""
        falls = Measure(
            id="falls", name="Falls", kind="balancing", improvement=improvement
        )
        c = Cycle(id="c1", change_idea="curry", measures={"falls": falls})
        before = snapshot(c)
        with pytest.raises(ValidationError) as info:
            c.plan("Try it", [FALLS], by={"mo"})
        assert str(info.value) == message
        assert snapshot(c) == before

    def test_refused_without_the_measure(self):
        """A cycle that cannot see the measure cannot read a target alone."""
        c = Cycle(id="c1", change_idea="curry")
        with pytest.raises(ValidationError) as info:
            c.plan("Try it", [FALLS], by={"mo"})
        assert "no measure 'falls' is known to this cycle" in str(info.value)

    def test_with_a_direction_it_is_accepted(self):
        """A ceiling said as such needs no direction of improvement."""
        falls = Measure(id="falls", name="Falls", kind="balancing")
        c = Cycle(id="c1", change_idea="curry", measures={"falls": falls})
        c.plan(
            "Try it",
            [Prediction(measure="falls", direction="stay_below", target=5)],
            by={"mo"},
        )
        assert c.phase is Phase.PLANNED

    def test_replayed_without_improvement_is_too_early(self):
        """A recorded target-only plan on a measure now unstated is not guessed at."""
        falls = Measure(id="falls", name="Falls", kind="balancing")
        r = judge_one(FALLS, series(FALLS_BASE, [3] * 6, "falls"), improvement=None)
        assert (r.met, r.sentence) == (
            None,
            (
                "The target of 5 for falls cannot be judged: the measure does not say "
                "whether higher or lower is better; state its improvement, or give the "
                "prediction a direction."
            ),
        )
        assert falls.improvement is None


def judge_one(prediction, observations, *, improvement):
    return _study.judge(
        prediction,
        observations,
        window=_study.Window.since_change(START),
        name="Falls",
        unit="",
        improvement=improvement,
    )


class TestBaseline:
    def test_ramp_studies_against_the_ramp_baseline(self):
        """The next cycle of a ramp compares with the months before the ramp began."""
        obs = series(BASE, RISE)
        first = new(obs)
        first.plan("Try", [UP], by={"mo"}, start=START)
        first.do("Done", by={"mo"})
        first.study(by={"mo"})
        first.act("adapt", "Go on", by={"mo"})
        second = first.next_cycle("c2")
        second.plan("Again", [UP], by={"mo"}, start=dt.date(2026, 5, 1))
        second.do("Done", by={"mo"})
        r = second.study(by={"mo"}).predictions[0]
        assert (r.met, r.centre, len(r.baseline), r.after) == (True, 62.0, 12, 8)
        assert "since the ramp began on 1 January 2026" in r.sentence
        assert second.study_result.began == START

    def test_own_start_as_baseline_hides_the_ramp_shift(self):
        """Against its own start, a late cycle of a ramp cannot see the shift."""
        obs = series(BASE, RISE)
        c = Cycle(
            id="c3",
            change_idea="curry",
            parent="c2",
            observations={"sat": obs},
            measures=MEASURES,
            clock=Ticks(),
        )
        c.plan("Again", [UP], by={"mo"}, start=dt.date(2026, 5, 1))
        c.do("Done", by={"mo"})
        r = c.study(by={"mo"}).predictions[0]
        assert r.met is None
        assert "since the change began on 1 May 2026" in r.sentence

    def test_baseline_argument(self):
        """`baseline=` sets the day the change began, for this study."""
        obs = series(BASE, RISE)
        result = study_of(UP, obs, baseline=dt.date(2025, 12, 1))
        r = result.predictions[0]
        assert (len(r.baseline), r.after, result.began) == (11, 9, dt.date(2025, 12, 1))
        assert "since 1 December 2025" in r.sentence

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            (
                {"baseline": dt.date(2026, 2, 1)},
                (
                    "$.baseline: the baseline must end by the start of the change on "
                    "2026-01-01, got 2026-02-01; observations after the change began are "
                    "not a baseline"
                ),
            ),
            (
                {"baseline": "2025-12-01"},
                "$.baseline: expected a date or None, got str '2025-12-01'",
            ),
            (
                {"min_points_after": 0},
                "$.min_points_after: expected a whole number of at least 1, got int 0",
            ),
            (
                {"min_points_after": True},
                "$.min_points_after: expected a whole number of at least 1, got bool True",
            ),
        ],
    )
    def test_refusals(self, kwargs, message):
        """A baseline after the change, or a count that is not one, is refused; nothing changes."""
        c = advance(new(series(BASE, RISE)), Phase.DONE)
        before = snapshot(c)
        with pytest.raises(ValidationError) as info:
            c.study(by={"mo"}, **kwargs)
        assert str(info.value) == message
        assert snapshot(c) == before

    def test_ramp_start_needs_a_parent(self):
        """Only a follow-on cycle has a ramp start."""
        with pytest.raises(ValidationError) as info:
            Cycle(id="c1", change_idea="curry", ramp_start=START)
        assert str(info.value) == (
            "$.ramp_start: only a cycle that follows on from another (with a parent) "
            "has a ramp start"
        )

    def test_ramp_start_replays(self):
        """The ramp start is in the "started" event, so a replay knows it."""
        c = Cycle(id="c2", change_idea="curry", parent="c1", ramp_start=START)
        again = Cycle.replay([e.to_dict() for e in c.events])
        assert (again, again.ramp_start) == (c, START)


OVERTIME = Measure(
    id="overtime",
    name="Kitchen overtime",
    kind="balancing",
    unit="hours",
    improvement="decrease",
)
OVERTIME_BASE = [14, 12, 15, 13, 14, 12, 13, 15, 14, 13, 12, 14]  # mean 13.4


def watched(measure, values_after, *, base=OVERTIME_BASE):
    """Study UP with `measure` in the measures mapping; the study's warnings."""
    measures = {**MEASURES, measure.id: measure}
    obs = {
        "sat": series(BASE, RISE),
        measure.id: series(base, values_after, measure.id),
    }
    c = Cycle(
        id="c1", change_idea="curry", observations=obs, measures=measures, clock=Ticks()
    )
    c.plan("Try", [UP], by={"mo"}, start=START)
    c.do("Done", by={"mo"})
    return c.study(by={"mo"}).warnings


class TestBalancing:
    def test_doubled_without_a_prediction_warns(self):
        """Overtime doubling during the test is a warning, though no prediction named it."""
        (w,) = watched(OVERTIME, [27, 28, 26])
        assert (w.measure, w.chart, w.rule, w.at) == (
            "overtime",
            "xmr",
            "outside",
            dt.date(2026, 1, 15),
        )
        assert w.sentence == (
            "Kitchen overtime, a balancing measure, moved the unfavourable way since "
            "the change began on 1 January 2026: 27 hours on 15 January 2026, above "
            "the upper process limit of 17.77 hours (XmR chart, limits from the "
            "baseline). Look into it before the change goes further."
        )
        assert w.sentence.endswith("Look into it before the change goes further.")

    def test_a_run_chart_shift_warns(self):
        """A long run the unfavourable way is a warning, from the run chart."""
        (w,) = watched(OVERTIME, [16, 15, 16, 17, 15, 16, 16, 15])
        assert (w.chart, w.rule) == ("run", "shift")
        assert w.sentence == (
            "Kitchen overtime, a balancing measure, rose since the change began on 1 "
            "January 2026: 8 observations in a row above the baseline median of 13.5 "
            "hours from 15 January 2026, where chance allows at most 7. Look into it "
            "before the change goes further."
        )

    def test_a_favourable_move_is_not_a_warning(self):
        """Overtime falling is good news, not a warning."""
        assert watched(OVERTIME, [8, 7, 6, 7, 8, 7, 6, 7]) == ()

    def test_ordinary_variation_is_not_a_warning(self):
        """Values within the usual range give no warning."""
        assert watched(OVERTIME, [13, 14, 12, 15, 13, 14]) == ()

    def test_unstated_improvement_warns_either_way(self):
        """A balancing measure that does not say which way is worse warns on any signal."""
        unstated = attrs.evolve(OVERTIME, improvement=None)
        (w,) = watched(unstated, [6, 5, 6, 5, 6, 5, 6, 5])
        assert w.sentence.endswith(
            "The measure does not say which way is worse: look into whether the "
            "change is costing something here."
        )

    def test_linked_to_another_change_idea_is_not_watched(self):
        """A balancing measure of another change is not this study's business."""
        elsewhere = attrs.evolve(OVERTIME, of={"taste-panel"})
        assert watched(elsewhere, [27, 28, 26]) == ()
        here = attrs.evolve(OVERTIME, of={"curry"})
        assert len(watched(here, [27, 28, 26])) == 1

    def test_short_baseline_has_no_xmr_limits(self):
        """An XmR chart needs a baseline of twelve points; with fewer, only run rules apply."""
        assert watched(OVERTIME, [27, 28, 26], base=OVERTIME_BASE[:11]) == ()

    def test_balancing_view(self):
        """A cycle's balancing view says which measures to watch for its change idea."""
        obs = {
            "sat": series(BASE, RISE),
            "overtime": series(OVERTIME_BASE, [27, 28], "overtime"),
        }
        c = Cycle(
            id="c1",
            change_idea="curry",
            observations=obs,
            measures=MEASURES,
            balancing={"curry": [OVERTIME]},
            clock=Ticks(),
        )
        c.plan("Try", [UP], by={"mo"}, start=START)
        c.do("Done", by={"mo"})
        assert [w.measure for w in c.study(by={"mo"}).warnings] == ["overtime"]

    def test_refuses_a_balancing_view_of_non_measures(self):
        """The balancing view must give measures."""
        c = Cycle(
            id="c1",
            change_idea="curry",
            observations={},
            balancing={"curry": ["overtime"]},
        )
        advance(c, Phase.DONE)
        with pytest.raises(ValidationError) as info:
            c.study(by={"mo"})
        assert str(info.value) == (
            "$.balancing['curry'][0]: expected a Measure, got str 'overtime'"
        )

    def test_warnings_recorded_and_replayed(self):
        """Warnings are recorded in the "studied" event, and a replay reads them back."""
        measures = {**MEASURES, "overtime": OVERTIME}
        obs = {
            "sat": series(BASE, RISE),
            "overtime": series(OVERTIME_BASE, [27, 28], "overtime"),
        }
        c = Cycle(
            id="c1",
            change_idea="curry",
            observations=obs,
            measures=measures,
            clock=Ticks(),
        )
        advance(c, Phase.STUDIED)
        (recorded,) = c.events[-1].to_dict()["payload"]["warnings"]
        assert recorded["at"] == "2026-01-15"
        again = Cycle.replay(json.loads(json.dumps([e.to_dict() for e in c.events])))
        assert again.study_result.warnings == c.study_result.warnings


class TestPrediction:
    def test_needs_direction_or_target(self):
        """A prediction says which way, or to what value, or both."""
        with pytest.raises(ValidationError) as info:
            Prediction(measure="sat")
        assert str(info.value) == (
            "$.direction: a prediction needs a direction ('increase', 'decrease', "
            "'stay_below' or 'stay_above'), a target, or both"
        )

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            (
                {"direction": "up"},
                "$.direction: 'up' is not a direction; choose 'increase', 'decrease', 'stay_below', 'stay_above' or None",
            ),
            (
                {"target": float("nan")},
                "$.target: expected a finite number or None, got float nan",
            ),
            (
                {"target": True},
                "$.target: expected a finite number or None, got bool True",
            ),
            (
                {"target": "80"},
                "$.target: expected a finite number or None, got str '80'",
            ),
        ],
    )
    def test_refusals(self, kwargs, message):
        """Directions and targets are checked."""
        with pytest.raises(ValidationError) as info:
            Prediction(measure="sat", **kwargs)
        assert str(info.value) == message

    def test_target_stored_as_float(self):
        """A whole-number target is stored as a float."""
        assert Prediction(measure="sat", target=80).target == 80.0


class TestAct:
    @pytest.mark.parametrize("outcome", ["adopt", "adapt", "abandon", Outcome.ADAPT])
    def test_outcomes(self, outcome):
        """An outcome may be given as a member or its value."""
        c = advance(new(), Phase.ACTED, outcome=outcome)
        assert c.outcome is Outcome(outcome)
        assert c.rationale == "We learnt a lot"
        assert c.events[-1].payload == {
            "outcome": Outcome(outcome).value,
            "rationale": "We learnt a lot",
        }

    def test_refuses_unknown_outcome(self):
        """An unknown outcome is refused, with the three allowed, and changes nothing."""
        c = advance(new(), Phase.STUDIED)
        before = snapshot(c)
        with pytest.raises(ValidationError) as info:
            c.act("continue", "why not", by={"mo"})
        assert str(info.value) == (
            "$.outcome: 'continue' is not an Outcome; choose one of 'adopt', 'adapt', "
            "'abandon'"
        )
        assert snapshot(c) == before

    def test_refuses_non_text_rationale(self):
        """The rationale is text."""
        c = advance(new(), Phase.STUDIED)
        with pytest.raises(ValidationError) as info:
            c.act("adopt", None, by={"mo"})
        assert str(info.value) == "$.rationale: expected a string, got NoneType None"


class TestNextCycle:
    @pytest.mark.parametrize("outcome", ["adopt", "adapt"])
    def test_ramp(self, outcome):
        """After adopting or adapting, the next cycle tests the same idea."""
        obs = series(BASE, RISE)
        c = advance(new(obs), Phase.ACTED, outcome=outcome)
        before = snapshot(c)
        nxt = c.next_cycle("c2")
        assert (nxt.id, nxt.change_idea, nxt.parent, nxt.phase, nxt.version) == (
            "c2",
            "curry",
            "c1",
            Phase.NEW,
            1,
        )
        assert nxt.events[0].payload == {
            "cycle": "c2",
            "change_idea": "curry",
            "parent": "c1",
            "ramp_start": "2026-01-01",
        }
        assert nxt.ramp_start == c.start == START
        assert (nxt.observations, nxt.measures, nxt.balancing, nxt.clock) == (
            c.observations,
            c.measures,
            c.balancing,
            c.clock,
        )
        assert snapshot(c) == before

    def test_subscribers_not_shared(self):
        """The next cycle starts without subscribers."""
        c = advance(new(), Phase.ACTED)
        seen = []
        c.subscribe(seen.append)
        nxt = c.next_cycle("c2")
        nxt.plan("Try it", [UP], by={"mo"})
        assert seen == []

    def test_refused_after_abandon(self):
        """An abandoned change leads on to no next cycle."""
        c = advance(new(), Phase.ACTED, outcome="abandon")
        with pytest.raises(PhaseError) as info:
            c.next_cycle("c2")
        assert str(info.value) == (
            "Cannot follow on from cycle 'c1' while it is acted on: the change was "
            "abandoned, and only a change adopted or adapted leads on to a next cycle."
        )

    def test_refuses_own_id(self):
        """The next cycle needs an id of its own."""
        c = advance(new(), Phase.ACTED)
        with pytest.raises(ValidationError) as info:
            c.next_cycle("c1")
        assert str(info.value) == (
            "$.id: the next cycle needs an id of its own, got 'c1' (the id of this cycle)"
        )


class TestEvent:
    def test_round_trip(self):
        """to_dict and from_dict round-trip every event of a cycle, through JSON too."""
        c = advance(new(series(BASE, RISE)), Phase.ACTED)
        for event in c.events:
            data = json.loads(json.dumps(event.to_dict()))
            assert Event.from_dict(data) == event

    def test_payload_is_plain(self):
        """Dates become ISO text, tuples lists, and the payload is a copy."""
        given = {"start": START, "tasks": ("a", "b"), "nested": {"when": START}}
        e = Event(kind="planned", at=T0, by={"mo"}, payload=given, version=2)
        assert e.payload == {
            "start": "2026-01-01",
            "tasks": ["a", "b"],
            "nested": {"when": "2026-01-01"},
        }
        given["start"] = None
        assert e.payload["start"] == "2026-01-01"

    @pytest.mark.parametrize(
        ("payload", "message"),
        [
            ({"x": float("nan")}, "$.payload['x']: expected a finite number, got nan"),
            (
                {"x": [object]},
                "$.payload['x'][0]: expected plain data (text, numbers, true or false, null, lists or mappings), got type <class 'object'>",
            ),
            ({1: "x"}, "$.payload: expected text keys, got int 1"),
            ("x", "$.payload: expected a mapping, got str 'x'"),
        ],
    )
    def test_refuses_non_plain_payload(self, payload, message):
        """Only JSON-ready data goes into a payload."""
        with pytest.raises(ValidationError) as info:
            Event(kind="planned", at=T0, by={"mo"}, payload=payload, version=2)
        assert str(info.value) == message

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            (
                {"kind": "paused"},
                "$.kind: 'paused' is not an event kind; choose one of 'started', 'planned', 'done', 'studied', 'acted'",
            ),
            (
                {"at": "soon"},
                "$.at: expected an ISO date and time such as '2026-02-01T09:30:00+00:00', got 'soon'",
            ),
            (
                {"at": START},
                "$.at: expected a date and time, got date datetime.date(2026, 1, 1)",
            ),
            (
                {"version": 0},
                "$.version: expected a whole number of at least 1, got int 0",
            ),
            (
                {"by": "mo"},
                "$.by: expected a set of ids, got the single string 'mo'; write ['mo']",
            ),
            (
                {"colour": "red"},
                "$: unknown key 'colour'; allowed keys: 'at', 'by', 'kind', 'payload', 'version'",
            ),
        ],
    )
    def test_from_dict_refusals(self, change, message):
        """Bad plain data is refused, naming the key."""
        data = {
            "kind": "done",
            "at": "2026-02-01T09:00:00+00:00",
            "by": ["mo"],
            "payload": {},
            "version": 3,
        }
        with pytest.raises(ValidationError) as info:
            Event.from_dict(data | change)
        assert str(info.value) == message

    def test_from_dict_missing_key(self):
        """A missing key is named."""
        with pytest.raises(ValidationError) as info:
            Event.from_dict({"kind": "done", "at": "2026-02-01T09:00:00+00:00"})
        assert str(info.value) == (
            "$: missing key 'version'; allowed keys: 'at', 'by', 'kind', 'payload', 'version'"
        )

    def test_from_yaml_values(self):
        """Dates and date-times as YAML loads them are accepted."""
        e = Event.from_dict(
            {
                "kind": "done",
                "at": T0,
                "by": ["mo"],
                "payload": {"notes": "n", "start": START},
                "version": 3,
            }
        )
        assert e.payload == {"notes": "n", "start": "2026-01-01"}

    def test_history_cannot_be_changed(self):
        """An event's payload refuses a change (issue 12), and the cycle is unchanged."""
        c = advance(new(), Phase.PLANNED)
        with pytest.raises(TypeError, match="does not support item assignment"):
            c.events[1].payload["objective"] = "Something else"
        assert c.objective == "Try a curry night"
        assert c.events[1].payload["objective"] == "Try a curry night"
        assert Cycle.replay(c.events) == c


class TestReplay:
    @pytest.mark.parametrize("phase", list(Phase))
    def test_equal(self, phase):
        """Replaying the events of a cycle in any phase gives an equal cycle."""
        c = advance(new(series(BASE, RISE)), phase)
        again = Cycle.replay(c.events)
        assert again == c
        assert (
            again.phase,
            again.version,
            again.objective,
            again.start,
            again.outcome,
        ) == (
            c.phase,
            c.version,
            c.objective,
            c.start,
            c.outcome,
        )

    def test_from_json(self):
        """Events stored as JSON replay to an equal cycle."""
        c = advance(new(series(BASE, RISE)), Phase.ACTED)
        stored = json.dumps([e.to_dict() for e in c.events])
        assert Cycle.replay(json.loads(stored)) == c

    def test_reads_no_clock(self):
        """Replay takes its times from the events, not the clock."""
        c = advance(new(), Phase.DONE)
        clock = Ticks(dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
        again = Cycle.replay(c.events, observations={}, clock=clock)
        assert clock.reads == 0
        again.study(by={"mo"})
        assert again.events[-1].at == dt.datetime(2030, 1, 1, tzinfo=dt.UTC)

    def test_goes_on_live(self):
        """A replayed cycle takes further calls, with its own views."""
        c = advance(new(), Phase.DONE)
        again = Cycle.replay(
            c.events, observations={"sat": series(BASE, RISE)}, measures=MEASURES
        )
        assert again.study(by={"mo"}).met is True

    def test_parent_and_change_idea(self):
        """Identity comes from the "started" event."""
        nxt = advance(new(), Phase.ACTED).next_cycle("c2")
        again = Cycle.replay(nxt.events)
        assert (again.id, again.change_idea, again.parent) == ("c2", "curry", "c1")

    def test_not_equal_when_history_differs(self):
        """Cycles with different histories differ."""
        a = advance(new(), Phase.PLANNED)
        b = advance(new(), Phase.DONE)
        assert a != b
        assert Cycle.replay(b.events[:2]) == a

    def test_equality_ignores_clock_views_and_subscribers(self):
        """Only the recorded state takes part in equality."""
        a = new(series(BASE, RISE))
        b = Cycle(id="c1", change_idea="curry", clock=Ticks())
        b.subscribe(print)
        assert a == b
        with pytest.raises(TypeError):
            hash(a)

    def test_refuses_empty(self):
        """A cycle's history starts with a "started" event."""
        with pytest.raises(ValidationError) as info:
            Cycle.replay([])
        assert (
            str(info.value)
            == "$: a cycle's events start with a 'started' event; got no events"
        )

    def test_refuses_out_of_order(self):
        """An event the table does not allow next is refused, naming what was expected."""
        events = [e.to_dict() for e in advance(new(), Phase.STUDIED).events]
        with pytest.raises(ValidationError) as info:
            Cycle.replay([events[0], events[2] | {"version": 2}])
        assert (
            str(info.value)
            == "$.events[1].kind: 'done' cannot come while the cycle is new; expected 'planned'"
        )
        with pytest.raises(ValidationError) as info:
            Cycle.replay([*events, events[3] | {"version": 5}])
        assert str(info.value) == (
            "$.events[4].kind: 'studied' cannot come while the cycle is studied; expected 'acted'"
        )
        with pytest.raises(ValidationError) as info:
            Cycle.replay([events[0], events[0] | {"version": 2}])
        assert (
            str(info.value)
            == "$.events[1].kind: 'started' cannot come while the cycle is new; expected 'planned'"
        )

    def test_refuses_after_final(self):
        """Nothing follows the final event."""
        events = [e.to_dict() for e in advance(new(), Phase.ACTED).events]
        with pytest.raises(ValidationError) as info:
            Cycle.replay([*events, events[4] | {"version": 6}])
        assert (
            str(info.value)
            == "$.events[5].kind: 'acted' cannot come while the cycle is acted; the cycle is finished"
        )

    def test_refuses_version_gap(self):
        """Versions count up from 1."""
        events = [e.to_dict() for e in advance(new(), Phase.PLANNED).events]
        with pytest.raises(ValidationError) as info:
            Cycle.replay([events[0], events[1] | {"version": 3}])
        assert str(info.value) == "$.events[1].version: expected version 2, got 3"
        with pytest.raises(ValidationError) as info:
            Cycle.replay([events[0] | {"version": 2}])
        assert str(info.value) == "$.events[0].version: expected version 1, got 2"

    def test_refuses_first_not_started(self):
        """The first event starts the cycle."""
        events = [e.to_dict() for e in advance(new(), Phase.PLANNED).events]
        with pytest.raises(ValidationError) as info:
            Cycle.replay(events[1:])
        assert (
            str(info.value)
            == "$.events[0].kind: the first event of a cycle must be 'started', got 'planned'"
        )

    @pytest.mark.parametrize(
        ("index", "payload", "message"),
        [
            (
                0,
                {"cycle": "c1"},
                "$.events[0].payload: missing key 'change_idea'; allowed keys: 'change_idea', 'cycle', 'parent', 'ramp_start'",
            ),
            (
                0,
                {"cycle": 3, "change_idea": "x"},
                "$.events[0].payload['cycle']: expected an id (a non-empty string), got 3",
            ),
            (
                1,
                {"objective": "o", "predictions": []},
                "$.events[1].payload['predictions']: a plan needs at least one prediction (what do you expect to happen, and how will you know?), got []",
            ),
            (
                1,
                {"objective": "o", "predictions": [{"measure": "m"}]},
                "$.events[1].payload['predictions'][0].direction: a prediction needs a direction ('increase', 'decrease', 'stay_below' or 'stay_above'), a target, or both",
            ),
            (
                1,
                {
                    "objective": "o",
                    "predictions": [{"measure": "m", "target": 1, "weight": 2}],
                },
                "$.events[1].payload['predictions'][0]: unknown key 'weight'; allowed keys: 'direction', 'measure', 'target', 'why'",
            ),
            (
                1,
                {
                    "objective": "o",
                    "predictions": [{"measure": "m", "target": 1}],
                    "start": "soon",
                },
                "$.events[1].payload['start']: expected a date (YYYY-MM-DD) or None, got 'soon'",
            ),
            (
                2,
                {"notes": 5},
                "$.events[2].payload['notes']: expected a string, got int 5",
            ),
            (
                3,
                {"predictions": []},
                "$.events[3].payload['predictions']: expected a list of 1 results, one per prediction of the plan, got []",
            ),
            (
                4,
                {"outcome": "maybe", "rationale": "r"},
                "$.events[4].payload['outcome']: 'maybe' is not an Outcome; choose one of 'adopt', 'adapt', 'abandon'",
            ),
        ],
    )
    def test_refuses_bad_payload(self, index, payload, message):
        """A payload that is not what its kind records is refused, with its path."""
        events = [e.to_dict() for e in advance(new(), Phase.ACTED).events]
        events[index]["payload"] = payload
        with pytest.raises(ValidationError) as info:
            Cycle.replay(events)
        assert str(info.value) == message

    def test_refuses_bad_study_result(self):
        """A recorded result must be for the plan's prediction, with plain figures."""
        events = [e.to_dict() for e in advance(new(), Phase.STUDIED).events]
        result = events[3]["payload"]["predictions"][0]
        with pytest.raises(ValidationError) as info:
            Cycle.replay(
                [
                    *events[:3],
                    events[3]
                    | {"payload": {"predictions": [result | {"measure": "x"}]}},
                ]
            )
        assert (
            str(info.value)
            == "$.events[3].payload['predictions'][0]['measure']: expected the result for 'sat', got 'x'"
        )
        with pytest.raises(ValidationError) as info:
            Cycle.replay(
                [
                    *events[:3],
                    events[3] | {"payload": {"predictions": [result | {"met": "yes"}]}},
                ]
            )
        assert (
            str(info.value)
            == "$.events[3].payload['predictions'][0]['met']: expected true, false or null, got 'yes'"
        )

    def test_refuses_nobody(self):
        """Every step after the start names who took part."""
        events = [e.to_dict() for e in advance(new(), Phase.PLANNED).events]
        events[1]["by"] = []
        with pytest.raises(ValidationError) as info:
            Cycle.replay(events)
        assert (
            str(info.value) == "$.events[1].by: name at least one person who took part"
        )

    def test_refuses_bad_event(self):
        """A bad event is refused with its index in the path."""
        events = [e.to_dict() for e in advance(new(), Phase.PLANNED).events]
        with pytest.raises(ValidationError) as info:
            Cycle.replay([events[0], events[1] | {"at": "later"}])
        assert str(info.value) == (
            "$.events[1].at: expected an ISO date and time such as '2026-02-01T09:30:00+00:00', got 'later'"
        )
        with pytest.raises(ValidationError) as info:
            Cycle.replay([events[0], 3])
        assert (
            str(info.value) == "$.events[1]: expected an Event or a mapping, got int 3"
        )


class TestSubscribe:
    def test_every_event_once_in_order(self):
        """A subscriber receives each new event once, in order, after it is recorded."""
        c = new(series(BASE, RISE))
        seen = []
        c.subscribe(lambda e: seen.append((e.kind, e.version, c.version)))
        advance(c, Phase.ACTED)
        assert seen == [
            ("planned", 2, 2),
            ("done", 3, 3),
            ("studied", 4, 4),
            ("acted", 5, 5),
        ]

    def test_events_match_history(self):
        """The events handed out are those recorded."""
        c = new(series(BASE, RISE))
        seen = []
        c.subscribe(seen.append)
        advance(c, Phase.ACTED)
        assert tuple(seen) == c.events[1:]

    def test_not_on_refused_call(self):
        """A refused call tells no one."""
        c = new()
        seen = []
        c.subscribe(seen.append)
        for call in (
            lambda: c.do("x", by={"mo"}),
            lambda: c.plan("x", [], by={"mo"}),
            lambda: c.plan("x", [UP], by={"mo"}, expected_version=7),
        ):
            with pytest.raises(CoproductionError):
                call()
        assert seen == []

    def test_unsubscribe(self):
        """After unsubscribing, a callback hears nothing more; unsubscribing twice is harmless."""
        c = new()
        seen = []
        stop = c.subscribe(seen.append)
        other = []
        c.subscribe(other.append)
        c.plan("x", [UP], by={"mo"})
        stop()
        stop()
        c.do("y", by={"mo"})
        assert [e.kind for e in seen] == ["planned"]
        assert [e.kind for e in other] == ["planned", "done"]

    def test_refuses_non_callable(self):
        """Only a function can subscribe."""
        with pytest.raises(ValidationError) as info:
            new().subscribe("print")
        assert str(info.value) == "$.callback: expected a function, got str 'print'"

    def test_failing_subscriber(self):
        """A subscriber's exception reaches the caller after the change is made."""
        c = new()

        def fail(_):
            raise LookupError

        c.subscribe(fail)
        with pytest.raises(LookupError):
            c.plan("x", [UP], by={"mo"})
        assert c.phase is Phase.PLANNED


class TestClock:
    def test_injected(self):
        """Each event takes its time from the clock, read once per call."""
        clock = Ticks()
        c = advance(new(series(BASE, RISE), clock=clock), Phase.ACTED)
        assert [e.at for e in c.events] == [
            T0 + dt.timedelta(hours=h) for h in range(5)
        ]
        assert clock.reads == 5

    def test_default_is_utc_now(self):
        """By default the time is now, in UTC."""
        before = dt.datetime.now(dt.UTC)
        at = Cycle(id="c1", change_idea="curry").events[0].at
        assert before <= at <= dt.datetime.now(dt.UTC)
        assert at.utcoffset() == dt.timedelta(0)

    def test_refuses_broken_clock(self):
        """A clock that does not give a date and time is refused, and nothing changes."""
        c = new()
        c.clock = lambda: "noon"
        before = snapshot(c)
        with pytest.raises(ValidationError) as info:
            c.plan("x", [UP], by={"mo"})
        assert str(info.value) == "$.at: expected a date and time, got str 'noon'"
        assert snapshot(c) == before


class TestNamespace:
    def test_event_kinds(self):
        """Every kind of event, in the order a cycle records them."""
        assert cycle.EVENT_KINDS == ("started", "planned", "done", "studied", "acted")
        assert [e.kind for e in advance(new(), Phase.ACTED).events] == list(
            cycle.EVENT_KINDS
        )

    def test_all(self):
        """The public names are in a sorted `__all__`."""
        assert cycle.__all__ == [
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
        for name in cycle.__all__:
            assert hasattr(cycle, name)
