"""A stateful property test of the PDSA engine: random calls, checked against the table.

Hypothesis drives a ramp of cycles with random calls in random order (plan, do,
study, act, next_cycle), with current, stale and missing `expected_version`s, good
and bad arguments. A small model says, from `TRANSITIONS` alone, what each call must
do: succeed and move to the phase the table gives, or be refused with the right
error and change nothing. After every step the cycle must replay from its events.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
)

from coproduction.errors import ConcurrencyError, PhaseError, ValidationError
from coproduction.improvement.cycle import (
    TRANSITIONS,
    Cycle,
    Event,
    Outcome,
    Phase,
    Prediction,
)
from coproduction.improvement.measures import Measure, Observation

T0 = dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC)
VALUES = [60, 63, 61, 64, 62, 60, 63, 61, 62, 64, 62, 59, 75, 78, 80, 79, 81, 77]
MEASURES = {
    "sat": Measure(
        id="sat", name="Satisfaction", kind="outcome", improvement="increase"
    )
}
OBSERVATIONS = {
    "sat": [
        Observation(measure="sat", at=dt.date(2025 + i // 12, 1 + i % 12, 15), value=v)
        for i, v in enumerate(VALUES)
    ]
}
KIND_OF = {"plan": "planned", "do": "done", "study": "studied", "act": "acted"}


PHASE_AFTER = {
    "started": Phase.NEW,
    "planned": Phase.PLANNED,
    "done": Phase.DONE,
    "studied": Phase.STUDIED,
    "acted": Phase.ACTED,
}
"""The phase each kind of event leaves a cycle in."""

# "current" and "stale" are read against the cycle's version when the call is made.
versions = st.one_of(
    st.sampled_from([None, "current", "current", "stale"]),
    st.integers(min_value=0, max_value=7),
)
people = st.sampled_from([{"alice"}, {"mo"}, {"alice", "mo"}, {"alice"}, set()])
predictions = st.sampled_from(
    [
        [Prediction(measure="sat", direction="increase")],
        [
            Prediction(measure="sat", target=70),
            Prediction(measure="x", direction="decrease"),
        ],
        [Prediction(measure="sat", direction="decrease", target=50)],
        [],
    ]
)
starts = st.sampled_from([None, dt.date(2026, 1, 1), dt.date(2026, 3, 1)])
outcomes = st.sampled_from([*Outcome, "adopt", "abandon", "later"])


def _good_args(call, outcome):
    if call == "plan":
        return {"p": [Prediction(measure="sat", direction="increase")], "start": None}
    return {"outcome": outcome} if call == "act" else {}


class CycleMachine(RuleBasedStateMachine):
    """Random calls on a ramp of cycles, each checked against the transition table."""

    def __init__(self):
        super().__init__()
        self.now = T0
        self.cycle = Cycle(
            id="c1",
            change_idea="idea",
            observations=OBSERVATIONS,
            measures=MEASURES,
            clock=self.tick,
        )
        self.seen: list[Event] = []
        self.cycle.subscribe(self.seen.append)
        self.ramp = [self.cycle]

    def tick(self):
        self.now += dt.timedelta(days=1)
        return self.now

    def version(self, v):
        """The `expected_version` to pass: as drawn, or the current or a stale one."""
        current = self.cycle.version
        return {"current": current, "stale": current - 1}.get(v, v)

    def attempt(self, call, act, expected_version, *, valid):
        """Make a call, and check that the table (and nothing else) decides what happens."""
        c = self.cycle
        phase, events, version = c.phase, c.events, c.version
        heard = len(self.seen)
        if expected_version is not None and expected_version != version:
            expected = ConcurrencyError
        elif (phase, call) not in TRANSITIONS:
            expected = PhaseError
        elif not valid:
            expected = ValidationError
        else:
            expected = None
        if expected is not None:
            with pytest.raises(expected):
                act()
            assert (c.phase, c.events, c.version) == (phase, events, version)
            assert len(self.seen) == heard
            return
        act()
        assert c.phase is TRANSITIONS[phase, call]
        assert c.version == version + 1
        assert c.events[:-1] == events
        assert c.events[-1].kind == KIND_OF[call]
        assert self.seen[heard:] == [c.events[-1]]

    @rule(v=versions, by=people, p=predictions, start=starts)
    def plan(self, v, by, p, start):
        v = self.version(v)
        self.attempt(
            "plan",
            lambda: self.cycle.plan(
                "Try it", p, by=by, start=start, expected_version=v
            ),
            v,
            valid=bool(by and p),
        )

    @rule(v=versions, by=people)
    def do(self, v, by):
        v = self.version(v)
        self.attempt(
            "do",
            lambda: self.cycle.do("Done", by=by, expected_version=v),
            v,
            valid=bool(by),
        )

    @rule(v=versions, by=people)
    def study(self, v, by):
        v = self.version(v)
        self.attempt(
            "study",
            lambda: self.cycle.study(by=by, expected_version=v),
            v,
            valid=bool(by),
        )

    @rule(v=versions, by=people, outcome=outcomes)
    def act(self, v, by, outcome):
        v = self.version(v)
        self.attempt(
            "act",
            lambda: self.cycle.act(outcome, "Because", by=by, expected_version=v),
            v,
            valid=bool(by) and outcome != "later",
        )

    @rule(v=st.sampled_from([None, "current"]), outcome=st.sampled_from(list(Outcome)))
    def progress(self, v, outcome):
        """Make the one call the table allows now, with good arguments."""
        allowed = [call for phase, call in TRANSITIONS if phase is self.cycle.phase]
        if allowed:
            {"plan": self.plan, "do": self.do, "study": self.study, "act": self.act}[
                allowed[0]
            ](v=v, by={"alice"}, **_good_args(allowed[0], outcome))

    @precondition(lambda self: len(self.ramp) < 4)
    @rule(own=st.booleans())
    def next_cycle(self, own):
        c = self.cycle
        new_id = c.id if own else f"c{len(self.ramp) + 1}"
        before = c.events
        try:
            nxt = c.next_cycle(new_id)
        except PhaseError:
            assert c.phase is not Phase.ACTED or c.outcome is Outcome.ABANDON
        except ValidationError:
            assert own
            assert c.phase is Phase.ACTED
        else:
            assert c.phase is Phase.ACTED
            assert c.outcome is not Outcome.ABANDON
            assert not own
            assert (nxt.parent, nxt.change_idea, nxt.phase) == (
                c.id,
                c.change_idea,
                Phase.NEW,
            )
            self.cycle = nxt
            self.seen = []
            nxt.subscribe(self.seen.append)
            self.ramp.append(nxt)
        assert c.events == before

    @invariant()
    def phase_follows_the_last_event(self):
        """A cycle's phase is the one its latest event put it in, nothing else."""
        for c in self.ramp:
            assert c.phase is PHASE_AFTER[c.events[-1].kind]

    @invariant()
    def version_counts_events(self):
        for c in self.ramp:
            assert c.version == len(c.events)
            assert [e.version for e in c.events] == list(range(1, c.version + 1))

    @invariant()
    def events_follow_the_table(self):
        for c in self.ramp:
            phase = Phase.NEW
            for event in c.events[1:]:
                call = next(k for k, v in KIND_OF.items() if v == event.kind)
                phase = TRANSITIONS[phase, call]
            assert phase is c.phase

    @invariant()
    def replays(self):
        c = self.cycle
        assert Cycle.replay(c.events) == c
        stored = json.loads(json.dumps([e.to_dict() for e in c.events]))
        again = Cycle.replay(stored)
        assert again == c
        assert (again.phase, again.outcome, again.study_result) == (
            c.phase,
            c.outcome,
            c.study_result,
        )


CycleMachine.TestCase.settings = settings(
    max_examples=50, stateful_step_count=20, deadline=None
)
TestCycleMachine = CycleMachine.TestCase
