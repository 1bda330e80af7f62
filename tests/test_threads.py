"""The threading contract, tested with real threads on one live initiative.

Readers (the analysis functions) run while one writer adds records and steps cycles;
two writers race with the same `expected_version`. Every exception raised in a thread
is caught and kept, and the test asserts on them afterwards: a failing thread must fail
the test, not vanish. Threads start together at a `threading.Barrier`; nothing here
asserts how long anything takes.
"""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest

import coproduction as cp
from coproduction.errors import ConcurrencyError, CoproductionError
from coproduction.initiative import Initiative
from coproduction.present import summary

READERS = 3
ROUNDS = 30
"""How many rounds of changes the writer makes; each round adds a few records and steps
a cycle. Enough for readers to overlap many changes, and the file stays a few seconds."""

TIMEOUT = 60
"""Seconds to wait for a thread before calling the test stuck (a safety net only)."""


def oak() -> Initiative:
    return cp.scenarios.load_bundled("oak_house_meals")


def reads(ini: Initiative) -> list[object]:
    """One pass of every reader the contract names, over the same live initiative."""
    decisions = ini.decisions
    return [
        cp.find_imbalances(ini),
        cp.influence_graph(ini),
        cp.voice_shares(ini),
        [cp.observed_level(ini, d.id) for d in decisions[-3:]],
        summary(ini),
        cp.you_said_we_did(ini),
    ]


def write_round(ini: Initiative, n: int) -> None:
    """One round of changes: a person, a meeting, a decision, observations, a cycle."""
    day = dt.date(2026, 6, 1) + dt.timedelta(days=7 * n)
    person = f"visitor-{n}"
    ini.add_stakeholder(cp.Stakeholder(id=person, name=f"Visitor {n}", kind="person"))
    ini.add_meeting(
        cp.Meeting(id=f"extra-{n}", date=day, attendees={person, "grace", "winston"})
    )
    ini.record_decision(
        cp.Decision(
            id=f"extra-decision-{n}",
            title=f"Extra decision {n}",
            meeting=f"extra-{n}",
            level="co_producing",
            affects={person},
            contributions=[
                cp.Contribution(by=person, action="proposed", adopted=True),
                cp.Contribution(by="grace", action="supported"),
            ],
        )
    )
    for measure in ("meal-satisfaction", "kitchen-overtime"):
        ini.record_observation(cp.Observation(measure=measure, at=day, value=70 + n))
    cycle = ini.start_cycle(f"extra-cycle-{n}", "taste-panel")
    cycle.plan(
        "Try a taste panel",
        [cp.Prediction(measure="meal-satisfaction", direction="increase")],
        by={"grace"},
        start=day,
    )
    cycle.do("Held it", by={"grace", person})
    cycle.study(by={"grace"})
    cycle.act("adapt", "Keep going with changes", by={"grace"})


def run_threads(targets: list, errors: list[BaseException]) -> None:
    """Start each target in a thread, wait for all, keep whatever any of them raised."""

    def guarded(target):
        def run():
            try:
                target()
            except BaseException as err:  # noqa: BLE001 - every error is kept and asserted on
                errors.append(err)

        return run

    threads = [threading.Thread(target=guarded(t)) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(TIMEOUT)
    assert not any(t.is_alive() for t in threads), "a thread is stuck"


def failing_batch(ini: Initiative, id: str) -> None:
    """A batch refused halfway: its second add repeats the first's id."""
    with pytest.raises(cp.ValidationError), ini.batch():  # noqa: PT012 - a batch is a block
        ini.add_stakeholder(cp.Stakeholder(id=id, name="T"))
        ini.add_stakeholder(cp.Stakeholder(id=id, name="T again"))


def outside_the_hierarchy(errors: list[BaseException]) -> list[BaseException]:
    return [e for e in errors if not isinstance(e, CoproductionError)]


class TestReadersWithOneWriter:
    """Concurrent readers are safe while one writer changes the same initiative."""

    def test_readers_see_no_error_while_a_writer_adds_and_steps_cycles(self):
        ini = oak()
        start = threading.Barrier(READERS + 1)
        done = threading.Event()
        errors: list[BaseException] = []
        passes: list[int] = []

        def writer():
            start.wait()
            try:
                for n in range(ROUNDS):
                    write_round(ini, n)
            finally:
                done.set()

        def reader():
            start.wait()
            count = 0
            while not done.is_set() or count == 0:
                reads(ini)
                count += 1
            passes.append(count)

        run_threads([writer] + [reader] * READERS, errors)
        assert outside_the_hierarchy(errors) == []
        assert (
            errors == []
        )  # nor any of the library's own: every read is of a whole state
        assert len(passes) == READERS
        assert len(ini.decisions) == len(oak().decisions) + ROUNDS
        assert len(ini.cycles) == len(oak().cycles) + ROUNDS
        assert cp.from_dict(Initiative, cp.to_dict(ini)) == ini

    def test_what_a_reader_sees_is_a_state_the_initiative_was_in(self):
        """Each report counts the decisions of one whole state: never a change half made."""
        ini = oak()
        base = len(ini.decisions)
        start = threading.Barrier(2)
        done = threading.Event()
        errors: list[BaseException] = []
        seen: list[tuple[int, int]] = []

        def writer():
            start.wait()
            try:
                for n in range(ROUNDS):
                    write_round(ini, n)
            finally:
                done.set()

        def reader():
            start.wait()
            while not done.is_set():
                still = ini.snapshot()
                report = cp.find_imbalances(still)
                seen.append((report.summary["decisions"], len(still.decisions)))

        run_threads([writer, reader], errors)
        assert errors == []
        assert all(a == b and base <= a <= base + ROUNDS for a, b in seen)
        counts = [a for a, _ in seen]
        assert counts == sorted(counts)  # later reads never see an earlier state


class TestTheIssuesDefect:
    """Issue 12: a reader calling `find_imbalances` while another thread records a
    decision failed with `KeyError` or "dictionary changed size during iteration"."""

    def test_find_imbalances_during_record_decision_sees_it_whole(self, monkeypatch):
        """The writer is held inside `record_decision`, after the decision is kept but
        before the change is counted; a reader that starts then waits for the change
        to finish, and sees the decision whole."""
        ini = oak()
        before = len(ini.decisions)
        inside, go = threading.Event(), threading.Event()
        keep = Initiative._keep

        def held_keep(self, row, record):
            keep(self, row, record)
            if isinstance(record, cp.Decision):
                inside.set()
                go.wait(TIMEOUT)

        monkeypatch.setattr(Initiative, "_keep", held_keep)
        errors: list[BaseException] = []
        reports: list[cp.Report] = []
        person = cp.Stakeholder(id="visitor", name="Visitor", kind="person")
        ini.add_stakeholder(person)
        meeting = cp.Meeting(
            id="extra", date=dt.date(2026, 6, 1), attendees={"visitor", "grace"}
        )
        ini.add_meeting(meeting)
        decision = cp.Decision(
            id="extra-decision",
            title="Extra decision",
            level="engaging",
            meeting="extra",
            affects={"visitor"},
            contributions=[cp.Contribution(by="visitor", action="proposed")],
        )

        def writer():
            ini.record_decision(decision)

        def reader():
            inside.wait(TIMEOUT)
            reports.append(cp.find_imbalances(ini))

        def release():
            inside.wait(TIMEOUT)
            time.sleep(
                0.05
            )  # let the reader reach the lock: widens the race, asserts nothing
            go.set()

        run_threads([writer, reader, release], errors)
        assert errors == []
        assert reports[0].summary["decisions"] == before + 1
        assert reports[0] == cp.find_imbalances(ini)

    def test_find_imbalances_while_decisions_are_recorded_raises_nothing(self):
        ini = oak()
        start = threading.Barrier(READERS + 1)
        done = threading.Event()
        errors: list[BaseException] = []
        people = [f"p{i}" for i in range(40)]
        for p in people:
            ini.add_stakeholder(cp.Stakeholder(id=p, name=p.upper(), kind="person"))
        ini.add_meeting(
            cp.Meeting(id="big", date=dt.date(2026, 6, 1), attendees=people)
        )

        def writer():
            start.wait()
            try:
                for i, p in enumerate(people):
                    ini.record_decision(
                        cp.Decision(
                            id=f"d-{i}",
                            title=f"Decision {i}",
                            level="consulting",
                            meeting="big",
                            affects={p},
                            contributions=[cp.Contribution(by=p, action="objected")],
                        )
                    )
            finally:
                done.set()

        def reader():
            start.wait()
            while not done.is_set():
                cp.find_imbalances(ini)

        run_threads([writer] + [reader] * READERS, errors)
        assert errors == []
        assert len(ini.decisions) == len(oak().decisions) + len(people)


class TestTwoWriters:
    """Optimistic concurrency: two requests that read the same version, then write."""

    def test_one_wins_the_other_gets_concurrency_error(self):
        for round in range(20):
            ini = oak()
            version = ini.version
            start = threading.Barrier(2)
            errors: list[BaseException] = []
            won: list[str] = []

            def add(id, ini=ini, version=version, start=start, won=won):
                meeting = cp.Meeting(
                    id=id, date=dt.date(2026, 6, 1), attendees={"grace"}
                )
                start.wait()
                ini.add_meeting(meeting, expected_version=version)
                won.append(id)

            run_threads([lambda: add("a"), lambda: add("b")], errors)
            assert len(won) == 1, round
            assert [type(e) for e in errors] == [ConcurrencyError]
            assert str(errors[0]) == (
                f"Initiative 'oak-house-meals' is at version {version + 1}, not "
                f"{version} as expected: it changed since it was read; read it again "
                "and retry."
            )
            assert ini.version == version + 1
            assert [m.id for m in ini.meetings][-1] == won[0]

    def test_retried_on_concurrency_error_no_meeting_is_lost(self):
        ini = oak()
        before = [m.id for m in ini.meetings]
        writers, each = 4, 10
        start = threading.Barrier(writers)
        errors: list[BaseException] = []
        conflicts: list[int] = []

        def request(w):
            start.wait()
            for i in range(each):
                meeting = cp.Meeting(
                    id=f"w{w}-{i}", date=dt.date(2026, 6, 1), attendees={"grace"}
                )
                while True:
                    version = ini.version  # read
                    try:
                        ini.add_meeting(meeting, expected_version=version)  # change
                        break
                    except ConcurrencyError:
                        conflicts.append(w)  # reload and retry

        run_threads([lambda w=w: request(w) for w in range(writers)], errors)
        assert errors == []
        added = [m.id for m in ini.meetings][len(before) :]
        assert sorted(added) == sorted(
            f"w{w}-{i}" for w in range(writers) for i in range(each)
        )
        assert ini.version == oak().version + writers * each

    def test_the_loser_changes_nothing(self):
        ini = oak()
        ini.add_meeting(
            cp.Meeting(id="first", date=dt.date(2026, 6, 1), attendees={"grace"}),
            expected_version=0,
        )
        document, version = cp.to_dict(ini), ini.version
        with pytest.raises(ConcurrencyError):
            ini.add_meeting(
                cp.Meeting(id="second", date=dt.date(2026, 6, 2), attendees={"grace"}),
                expected_version=0,
            )
        assert (cp.to_dict(ini), ini.version) == (document, version)


class TestBatchesAndSnapshots:
    """A batch is atomic for readers; a snapshot does not move under its reader."""

    def test_readers_never_see_half_a_batch(self):
        ini = oak()
        base = len(ini.stakeholders)
        start = threading.Barrier(2)
        done = threading.Event()
        errors: list[BaseException] = []
        seen: list[int] = []

        def writer():
            start.wait()
            try:
                for n in range(ROUNDS):
                    with ini.batch():
                        for k in range(3):
                            ini.add_stakeholder(
                                cp.Stakeholder(id=f"s{n}-{k}", name="S")
                            )
                    failing_batch(ini, f"t{n}")
            finally:
                done.set()

        def reader():
            start.wait()
            while not done.is_set():
                seen.append(len(ini.snapshot().stakeholders) - base)

        run_threads([writer, reader], errors)
        assert errors == []
        assert all(n % 3 == 0 for n in seen)
        assert len(ini.stakeholders) - base == 3 * ROUNDS

    def test_a_snapshot_stays_still_while_the_writer_goes_on(self):
        ini = oak()
        still = ini.snapshot()
        document = cp.to_dict(still)
        errors: list[BaseException] = []
        run_threads([lambda: [write_round(ini, n) for n in range(3)]], errors)
        assert errors == []
        assert cp.to_dict(still) == document
        assert cp.find_imbalances(still) == cp.find_imbalances(oak())
