"""Tests for a `Cycle` as an event stream: pending events, threads, read-only copies, pickling."""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import pickle
import threading
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coproduction.errors import (
    ConcurrencyError,
    CoproductionError,
    PhaseError,
    ReadOnlyError,
)
from coproduction.improvement.cycle import Cycle, Phase, Prediction
from coproduction.improvement.measures import Measure, Observation

T0 = dt.datetime(2026, 2, 1, 9, tzinfo=dt.UTC)
START = dt.date(2026, 1, 1)
UP = Prediction(measure="sat", direction="increase")
MEASURES = {
    "sat": Measure(
        id="sat", name="Satisfaction", kind="outcome", unit="%", improvement="increase"
    )
}
OBSERVATIONS = {
    "sat": [
        Observation(measure="sat", at=dt.date(2025, month, 15), value=60 + month % 3)
        for month in range(1, 13)
    ]
    + [
        Observation(measure="sat", at=dt.date(2026, month, 15), value=80)
        for month in range(1, 9)
    ]
}


class Ticks:
    """A clock that moves on an hour each time it is read (it pickles: a module class)."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> dt.datetime:
        now = self.now
        self.now += dt.timedelta(hours=1)
        return now


class YieldingTicks(Ticks):
    """A clock that lets other threads run each time it is read, to widen any race."""

    def __call__(self) -> dt.datetime:
        time.sleep(0)
        return super().__call__()


class Home:
    """A holder of observations whose bound method is a cycle's view."""

    def __init__(self, observations):
        self.observations = observations

    def observations_of(self, measure):
        return self.observations.get(measure, ())


def new(**kw):
    views = {"observations": OBSERVATIONS, "measures": MEASURES, "clock": Ticks()}
    return Cycle(id="c1", change_idea="curry", **{**views, **kw})


STEPS = {
    Phase.PLANNED: lambda c, **kw: c.plan(
        "Try a curry night", [UP], by={"mo"}, start=START, **kw
    ),
    Phase.DONE: lambda c, **kw: c.do("Held on Friday", by={"mo"}, **kw),
    Phase.STUDIED: lambda c, **kw: c.study(by={"mo"}, **kw),
    Phase.ACTED: lambda c, **kw: c.act("adopt", "It worked", by={"mo"}, **kw),
}


def advance(c, phase):
    for target, step in STEPS.items():
        if c.phase < target <= phase:
            step(c)
    return c


class TestPending:
    def test_started_is_pending(self):
        """A new cycle's "started" event waits to be collected."""
        c = new()
        assert [(e.kind, e.version) for e in c.pending] == [("started", 1)]
        assert c.collect_events() == c.events
        assert c.pending == ()
        assert c.collect_events() == ()

    def test_each_call_adds_its_event(self):
        """Each call's event is pending until collected, and collected once, in order."""
        c = new()
        first = c.collect_events()
        advance(c, Phase.DONE)
        second = c.collect_events()
        advance(c, Phase.ACTED)
        third = c.collect_events()
        assert [e.version for e in first] == [1]
        assert [(e.kind, e.version) for e in second] == [("planned", 2), ("done", 3)]
        assert [(e.kind, e.version) for e in third] == [("studied", 4), ("acted", 5)]
        assert (*first, *second, *third) == c.events

    def test_collected_cannot_change_the_history(self):
        """A collected event's payload refuses a change; the cycle and its history stay."""
        c = advance(new(), Phase.PLANNED)
        collected = c.collect_events()
        with pytest.raises(TypeError):
            collected[1].payload["objective"] = "Something else"
        assert c.objective == "Try a curry night"
        assert c.events[1].payload["objective"] == "Try a curry night"
        c.pending  # noqa: B018  (a read, which changes nothing)
        assert c.pending == ()

    def test_pending_is_read_only(self):
        """`pending` is a property to read, not to set."""
        c = new()
        with pytest.raises(AttributeError):
            c.pending = ()
        assert len(c.pending) == 1

    def test_replay_has_none_pending(self):
        """A replayed cycle's events are stored already."""
        c = advance(new(), Phase.STUDIED)
        again = Cycle.replay(c.events, observations=OBSERVATIONS)
        assert again.pending == ()
        assert again.collect_events() == ()
        again.act("adopt", "It worked", by={"mo"})
        assert [(e.kind, e.version) for e in again.collect_events()] == [("acted", 5)]

    def test_refused_call_adds_nothing(self):
        """A refused call leaves nothing pending."""
        c = new()
        c.collect_events()
        with pytest.raises(PhaseError):
            c.do("Held on Friday", by={"mo"})
        with pytest.raises(ConcurrencyError):
            STEPS[Phase.PLANNED](c, expected_version=5)
        assert c.pending == ()
        assert c.version == 1

    def test_no_source_changes_nothing(self):
        """A study refused for want of observations leaves nothing pending."""
        c = advance(new(observations=None), Phase.DONE)
        c.collect_events()
        with pytest.raises(PhaseError):
            c.study(by={"mo"})
        assert c.pending == ()
        assert c.version == 3

    def test_subscribers_see_no_started(self):
        """A subscriber comes too late for "started"; collect_events() has it."""
        c = new()
        seen = []
        c.subscribe(seen.append)
        advance(c, Phase.PLANNED)
        assert [e.kind for e in seen] == ["planned"]
        assert [e.kind for e in c.collect_events()] == ["started", "planned"]

    def test_next_cycle_has_its_started_pending(self):
        """A follow-on cycle's "started" event is its own, pending; the parent's are unchanged."""
        c = advance(new(), Phase.ACTED)
        c.collect_events()
        follower = c.next_cycle("c2")
        assert [(e.kind, e.version) for e in follower.pending] == [("started", 1)]
        assert follower.pending[0].payload["parent"] == "c1"
        assert c.pending == ()

    @settings(max_examples=60, deadline=None)
    @given(
        st.lists(
            st.sampled_from(["plan", "do", "study", "act", "collect", "stale"]),
            max_size=14,
        )
    )
    def test_collections_add_up_to_the_events(self, moves):
        """Whatever is called and whenever it is collected, the collections are the history, once."""
        c = new()
        stored = []
        calls = dict(zip(["plan", "do", "study", "act"], STEPS.values(), strict=True))
        for move in moves:
            if move == "collect":
                stored.extend(c.collect_events())
            elif move == "stale":
                with pytest.raises(ConcurrencyError):
                    calls["plan"](c, expected_version=c.version + 1)
            else:
                with contextlib.suppress(PhaseError):
                    calls[move](c, expected_version=c.version)
        stored.extend(c.collect_events())
        assert tuple(stored) == c.events
        assert [e.version for e in stored] == list(range(1, c.version + 1))
        assert Cycle.replay(stored) == c


class TestThreads:
    @pytest.mark.parametrize("phase", [Phase.NEW, Phase.PLANNED, Phase.DONE])
    def test_same_expected_version(self, phase):
        """Of two threads calling with the same expected version, one wins; the other gets ConcurrencyError."""
        step = STEPS[Phase(list(Phase)[phase.rank + 1])]
        for _ in range(200):
            c = advance(new(clock=YieldingTicks()), phase)
            version = c.version
            barrier = threading.Barrier(2)
            outcomes = []

            def call(c=c, version=version, barrier=barrier, outcomes=outcomes):
                barrier.wait()
                try:
                    step(c, expected_version=version)
                except Exception as err:  # noqa: BLE001  (any error is recorded)
                    outcomes.append(err)
                else:
                    outcomes.append(None)

            threads = [threading.Thread(target=call) for _ in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            errors = [o for o in outcomes if o is not None]
            assert outcomes.count(None) == 1
            assert [type(e) for e in errors] == [ConcurrencyError]
            assert (errors[0].expected, errors[0].actual) == (version, version + 1)
            assert c.version == version + 1
            assert [e.version for e in c.collect_events()] == list(
                range(1, version + 2)
            )

    def test_without_expected_version(self):
        """Without a version to check, the loser is refused by the phase: still one winner."""
        for _ in range(200):
            c = new(clock=YieldingTicks())
            barrier = threading.Barrier(2)
            outcomes = []

            def call(c=c, barrier=barrier, outcomes=outcomes):
                barrier.wait()
                try:
                    STEPS[Phase.PLANNED](c)
                except Exception as err:  # noqa: BLE001  (any error is recorded)
                    outcomes.append(type(err))
                else:
                    outcomes.append(None)

            threads = [threading.Thread(target=call) for _ in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            assert sorted(outcomes, key=str) == sorted([None, PhaseError], key=str)
            assert c.version == 2

    def test_collect_while_recording(self):
        """Collecting in one thread while another records hands over every event once."""
        for _ in range(100):
            c = new(clock=YieldingTicks())
            barrier = threading.Barrier(2)
            stored = []

            def record(c=c, barrier=barrier):
                barrier.wait()
                advance(c, Phase.ACTED)

            def collect(c=c, barrier=barrier, stored=stored):
                barrier.wait()
                for _ in range(5):
                    stored.extend(c.collect_events())

            threads = [
                threading.Thread(target=record),
                threading.Thread(target=collect),
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            stored.extend(c.collect_events())
            assert tuple(stored) == c.events
            assert c.version == 5


class TestReadOnly:
    @pytest.mark.parametrize("phase", list(Phase))
    def test_equal_and_reads_alike(self, phase):
        """A read-only copy is equal to the live cycle, and reads as it does."""
        c = advance(new(), phase)
        still = Cycle.replay(c.events, read_only=True)
        assert still == c
        assert still.read_only is True
        assert c.read_only is False
        assert (still.phase, still.version, still.events) == (
            c.phase,
            c.version,
            c.events,
        )
        assert still.collect_events() == ()

    @pytest.mark.parametrize(
        ("phase", "call", "verb"),
        [
            (Phase.NEW, STEPS[Phase.PLANNED], "plan"),
            (Phase.PLANNED, STEPS[Phase.DONE], "carry out"),
            (Phase.DONE, STEPS[Phase.STUDIED], "study"),
            (Phase.STUDIED, STEPS[Phase.ACTED], "act on"),
            (Phase.ACTED, lambda c: c.next_cycle("c2"), "follow on from"),
            (Phase.NEW, lambda c: c.subscribe(print), "subscribe to"),
        ],
    )
    def test_refuses_every_command(self, phase, call, verb):
        """Every command on a read-only copy raises ReadOnlyError, and changes nothing."""
        c = advance(new(), phase)
        still = Cycle.replay(c.events, observations=OBSERVATIONS, read_only=True)
        before = still.events
        with pytest.raises(ReadOnlyError) as info:
            call(still)
        assert str(info.value) == (
            f"Cannot {verb} cycle 'c1': it is a read-only copy, for reading while "
            "others write; change the cycle it was taken from instead."
        )
        assert isinstance(info.value, CoproductionError)
        assert still.events == before
        assert still.pending == ()
        assert still == c

    def test_refused_before_version(self):
        """Read-only is refused first, even with a stale expected version."""
        still = Cycle.replay(new().events, read_only=True)
        with pytest.raises(ReadOnlyError):
            STEPS[Phase.PLANNED](still, expected_version=9)

    def test_pickles_read_only(self):
        """A read-only copy stays read-only when pickled."""
        still = Cycle.replay(new().events, read_only=True)
        back = pickle.loads(pickle.dumps(still))
        assert back.read_only is True
        with pytest.raises(ReadOnlyError):
            STEPS[Phase.PLANNED](back)


class TestTravel:
    @pytest.mark.parametrize("phase", list(Phase))
    def test_pickles_at_every_phase(self, phase):
        """A cycle pickles with its events, pending events, views and live study."""
        c = advance(new(), phase)
        back = pickle.loads(pickle.dumps(c))
        assert back == c
        assert back.phase is phase
        assert back.pending == c.pending
        assert back.observations == OBSERVATIONS
        assert back.measures == MEASURES
        assert back.study_result == c.study_result
        assert back.read_only is False

    @pytest.mark.parametrize("phase", list(Phase)[:-1])
    def test_pickled_goes_on(self, phase):
        """A pickled cycle takes the next call, with a lock of its own."""
        c = advance(new(), phase)
        back = pickle.loads(pickle.dumps(c))
        step = STEPS[list(Phase)[phase.rank + 1]]
        step(back, expected_version=c.version)
        with pytest.raises(ConcurrencyError):
            step(back, expected_version=c.version)
        assert back.version == c.version + 1
        assert c.phase is phase

    def test_subscribers_stay_behind(self):
        """Subscribers belong to one process: a copy has none."""
        c = new()
        seen = []
        c.subscribe(seen.append)
        for back in (pickle.loads(pickle.dumps(c)), copy.deepcopy(c)):
            advance(back, Phase.PLANNED)
        assert seen == []
        advance(c, Phase.PLANNED)
        assert [e.kind for e in seen] == ["planned"]

    def test_bound_method_view_travels(self):
        """A view that is a bound method travels, with what it is bound to."""
        c = advance(new(observations=Home(OBSERVATIONS).observations_of), Phase.DONE)
        back = pickle.loads(pickle.dumps(c))
        assert back.study(by={"mo"}).met is True

    def test_lambda_view_does_not(self):
        """A lambda view cannot be pickled: the error is pickle's own."""
        c = new(observations=lambda measure: OBSERVATIONS.get(measure, ()))
        with pytest.raises((pickle.PicklingError, AttributeError)) as info:
            pickle.dumps(c)
        assert not isinstance(info.value, CoproductionError)
        assert "lambda" in str(info.value)

    def test_deepcopy_is_independent(self):
        """Studying a deep copy leaves the original as it was; each has its own events."""
        c = advance(new(observations={"sat": list(OBSERVATIONS["sat"])}), Phase.DONE)
        c.collect_events()
        twin = copy.deepcopy(c)
        assert twin == c
        assert twin.observations is not c.observations
        twin.observations["sat"].clear()
        result = twin.study(by={"mo"})
        assert result.predictions[0].observed == 0
        assert (c.phase, c.version, c.pending, c.study_result) == (
            Phase.DONE,
            3,
            (),
            None,
        )
        assert [e.kind for e in twin.pending] == ["studied"]
        assert c.study(by={"mo"}).met is True

    def test_deepcopy_of_new_keeps_started_pending(self):
        """Planning a copy leaves the original's pending events as they were."""
        c = new()
        twin = copy.deepcopy(c)
        advance(twin, Phase.PLANNED)
        assert [e.kind for e in c.collect_events()] == ["started"]
        assert [e.kind for e in twin.collect_events()] == ["started", "planned"]
        assert c.version == 1
