"""A Hypothesis state machine drives an `Initiative` as a system of record would.

Random adds (stakeholders, meetings, decisions, observations), corrections, removals
and erasures, batches that succeed or fail halfway, stale and current
`expected_version`s, snapshots, and cycles started and stepped. After every step: a refused call changed nothing, `version` counts the accepted
changes, the document round-trips, and every snapshot still shows what the initiative
was when it was taken.
"""

from __future__ import annotations

import datetime as dt

import attrs
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

import coproduction as cp
from coproduction.errors import ConcurrencyError, CoproductionError
from coproduction.initiative import Initiative

IDS = st.sampled_from(["ann", "bob", "cy", "dee", "eve"])
DAYS = st.integers(min_value=0, max_value=60).map(
    lambda n: dt.date(2026, 1, 1) + dt.timedelta(days=n)
)
MEASURE = "meal-satisfaction"

OAK = cp.to_dict(cp.scenarios.load_bundled("oak_house_meals"))


class HalfwayError(Exception):
    """Raised inside a batch to make it fail halfway, from outside the library."""


def base() -> Initiative:
    """An initiative with one manager and Oak House's driver diagram and measures."""
    document = {
        "coproduction": OAK["coproduction"],
        "id": "machine",
        "title": "Driven at random",
        "stakeholders": [{"id": "mo", "name": "Mo", "kind": "manager"}],
        **{k: OAK[k] for k in ("aims", "drivers", "change_ideas", "measures")},
    }
    return cp.from_dict(Initiative, document)


class AggregateMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.ini = base()
        self.accepted = 0
        self.before: tuple[dict, int] = self.state()
        self.snapshots: list[tuple[Initiative, dict]] = []
        self.counter = 0
        self.refused = 0

    # -- helpers ----------------------------------------------------------------------

    def state(self) -> tuple[dict, int]:
        return cp.to_dict(self.ini), self.ini.version

    def fresh(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def attempt(self, change, *, expected_version=None) -> bool:
        """Make one change; refused, it must change nothing. True if accepted."""
        before = self.state()
        kwargs = (
            {} if expected_version is None else {"expected_version": expected_version}
        )
        try:
            change(**kwargs)
        except CoproductionError as err:
            assert self.state() == before, "a refused call changed something"
            stale = expected_version is not None and expected_version != before[1]
            assert isinstance(err, ConcurrencyError) == stale, err  # noqa: PT017 - a rule, not a test
            self.refused += 1
            return False
        assert expected_version in (None, before[1]), "a stale version was accepted"
        self.accepted += 1
        return True

    def people(self) -> list[str]:
        return [s.id for s in self.ini.stakeholders]

    def version_to_pass(self, stale: bool | None) -> int | None:
        if stale is None:
            return None
        return self.ini.version - 1 if stale and self.ini.version else self.ini.version

    # -- rules ------------------------------------------------------------------------

    @rule(
        id=IDS,
        kind=st.sampled_from(["person", "manager", "family_carer"]),
        stale=st.none() | st.booleans(),
    )
    def add_stakeholder(self, id, kind, stale):
        version = self.version_to_pass(stale)
        person = cp.Stakeholder(id=id, name=id.title(), kind=kind)
        self.attempt(
            lambda **kw: self.ini.add_stakeholder(person, **kw),
            expected_version=version,
        )

    @rule(
        day=DAYS,
        who=st.sets(IDS | st.just("mo"), min_size=1, max_size=3),
        stale=st.none() | st.booleans(),
    )
    def add_meeting(self, day, who, stale):
        version = self.version_to_pass(stale)
        meeting = cp.Meeting(id=self.fresh("m"), date=day, attendees=who)
        self.attempt(
            lambda **kw: self.ini.add_meeting(meeting, **kw), expected_version=version
        )

    @rule(
        by=IDS | st.just("mo"),
        action=st.sampled_from(["proposed", "objected", "spoke"]),
        level=st.sampled_from(["informing", "consulting", "co_producing"]),
        stale=st.none() | st.booleans(),
    )
    def record_decision(self, by, action, level, stale):
        meetings = [m.id for m in self.ini.meetings]
        version = self.version_to_pass(stale)
        decision = cp.Decision(
            id=self.fresh("d"),
            title="A decision",
            level=level,
            meeting=meetings[-1] if meetings else None,
            contributions=[cp.Contribution(by=by, action=action)],
        )
        self.attempt(
            lambda **kw: self.ini.record_decision(decision, **kw),
            expected_version=version,
        )

    @rule(
        day=DAYS,
        value=st.floats(min_value=0, max_value=100, allow_nan=False),
        measure=st.sampled_from([MEASURE, "unknown-measure"]),
    )
    def record_observation(self, day, value, measure):
        observation = cp.Observation(measure=measure, at=day, value=value)
        self.attempt(lambda **kw: self.ini.record_observation(observation, **kw))

    @rule(
        ids=st.lists(IDS, min_size=1, max_size=3),
        fail=st.booleans(),
        stale=st.booleans(),
    )
    def batch(self, ids, fail, stale):
        """A batch of stakeholders: all or nothing, whatever ends it."""
        before = self.state()
        version = (
            self.ini.version - 1 if stale and self.ini.version else self.ini.version
        )
        added = 0
        try:
            with self.ini.batch(expected_version=version):
                for id in ids:
                    self.ini.add_stakeholder(
                        cp.Stakeholder(id=self.fresh(id), name="B")
                    )
                    added += 1
                if fail:
                    raise HalfwayError  # noqa: TRY301 - a failure from outside the library
        except (HalfwayError, ConcurrencyError):
            assert self.state() == before, "a failed batch changed something"
            assert fail or version != before[1]
            return
        assert version == before[1]
        self.accepted += added

    @precondition(lambda self: bool(self.ini.stakeholders))
    @rule(data=st.data(), stale=st.none() | st.booleans())
    def replace_stakeholder(self, data, stale):
        """A correction: a new name, or a kind (which may break a rule, and be refused)."""
        person = data.draw(st.sampled_from(self.ini.stakeholders))
        kind = data.draw(st.sampled_from(["person", "manager", "advocate"]))
        changed = attrs.evolve(person, name=person.name + " Jr", kind=kind)
        self.attempt(
            lambda **kw: self.ini.replace_stakeholder(changed, **kw),
            expected_version=self.version_to_pass(stale),
        )

    @rule(id=IDS | st.just("mo") | st.just("nobody"), stale=st.none() | st.booleans())
    def remove_stakeholder(self, id, stale):
        """A removal: refused while anything refers to them, or for an unknown id."""
        self.attempt(
            lambda **kw: self.ini.remove_stakeholder(id, **kw),
            expected_version=self.version_to_pass(stale),
        )

    @precondition(lambda self: bool(self.ini.meetings))
    @rule(data=st.data(), stale=st.none() | st.booleans())
    def remove_meeting(self, data, stale):
        meeting = data.draw(st.sampled_from(self.ini.meetings))
        self.attempt(
            lambda **kw: self.ini.remove_meeting(meeting.id, **kw),
            expected_version=self.version_to_pass(stale),
        )

    @precondition(lambda self: bool(self.ini.decisions))
    @rule(data=st.data(), stale=st.none() | st.booleans())
    def remove_decision(self, data, stale):
        decision = data.draw(st.sampled_from(self.ini.decisions))
        self.attempt(
            lambda **kw: self.ini.remove_decision(decision.id, **kw),
            expected_version=self.version_to_pass(stale),
        )

    @rule(id=IDS, stale=st.none() | st.booleans())
    def forget(self, id, stale):
        """Erasure on request: afterwards the initiative still validates."""
        if self.attempt(
            lambda **kw: self.ini.forget(id, **kw),
            expected_version=self.version_to_pass(stale),
        ):
            assert id not in self.people()
            self.ini.validate()

    @rule()
    def snapshot(self):
        still = self.ini.snapshot()
        assert still is self.ini.snapshot()
        self.snapshots.append((still, cp.to_dict(self.ini)))

    @rule(stale=st.none() | st.booleans())
    def start_cycle(self, stale):
        version = self.version_to_pass(stale)
        id = self.fresh("c")
        self.attempt(
            lambda **kw: self.ini.start_cycle(id, "taste-panel", **kw),
            expected_version=version,
        )

    @precondition(lambda self: bool(self.ini.cycles))
    @rule(data=st.data())
    def step_a_cycle(self, data):
        """A cycle's steps belong to the cycle: they change its events, not `version`."""
        cycle = data.draw(st.sampled_from(self.ini.cycles))
        version = self.ini.version
        people = self.people()
        if not people:  # a step needs someone who took part, and everyone was removed
            return
        by = {data.draw(st.sampled_from(people))}
        try:
            if cycle.phase is cp.Phase.NEW:
                cycle.plan(
                    "Try it",
                    [cp.Prediction(measure=MEASURE, direction="increase")],
                    by=by,
                    start=dt.date(2026, 1, 20),
                )
            elif cycle.phase is cp.Phase.PLANNED:
                cycle.do("Done", by=by)
            elif cycle.phase is cp.Phase.DONE:
                cycle.study(by=by)
            elif cycle.phase is cp.Phase.STUDIED:
                cycle.act("adopt", "It worked", by=by)
        except CoproductionError as err:
            raise AssertionError(f"a cycle step in order was refused: {err}") from err
        assert self.ini.version == version

    # -- invariants -------------------------------------------------------------------

    def teardown(self):
        """Each run accepted and refused changes alike (else it tested little)."""
        event(
            f"accepted {min(self.accepted, 10) // 5 * 5}+, refused {min(self.refused, 5)}+"
        )

    @invariant()
    def version_counts_accepted_changes(self):
        assert self.ini.version == self.accepted

    @invariant()
    def the_document_round_trips(self):
        assert cp.from_dict(Initiative, cp.to_dict(self.ini)) == self.ini

    @invariant()
    def every_snapshot_still_shows_what_was(self):
        for still, document in self.snapshots:
            assert cp.to_dict(still) == document


AggregateMachine.TestCase.settings = settings(
    max_examples=40,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestAggregate = AggregateMachine.TestCase
