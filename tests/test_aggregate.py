"""The initiative as the aggregate of a system of record: version, expected_version,
batches, snapshots, read-only fields and cycles attached from their stored events.

Each defect the issue names has a test here that failed before: two requests that each
add a meeting no longer lose one, a group of adds is all or nothing, and
`ini.id = 42` is refused.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

import coproduction as cp
from coproduction.errors import ConcurrencyError, ReadOnlyError, ValidationError

DAY = dt.date(2026, 3, 2)
T0 = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)


def ticking():
    times = iter(T0 + dt.timedelta(hours=n) for n in range(1000))
    return lambda: next(times)


def home() -> cp.Initiative:
    return cp.Initiative(
        id="oak",
        title="Meals",
        clock=ticking(),
        stakeholders=[
            cp.Stakeholder(id="alice", name="Alice"),
            cp.Stakeholder(id="mo", name="Mo", kind="manager"),
        ],
        roles=[cp.Role(id="chair")],
        meetings=[cp.Meeting(id="m1", date=DAY, attendees={"alice", "mo"})],
        feedback=[cp.Feedback(id="f1", received=DAY, text="Curry?", by="alice")],
        aims=[
            cp.Aim(
                id="meals", what="Meals", how_much="80%", for_whom="all", by_when=DAY
            )
        ],
        change_ideas=[cp.ChangeIdea(id="curry", title="A curry night")],
        measures=[
            cp.Measure(
                id="sat", name="Satisfied", kind="outcome", improvement="increase"
            )
        ],
        observations=[
            cp.Observation(measure="sat", at=dt.date(2025, m, 1), value=60.0 + m % 3)
            for m in range(1, 13)
        ],
    )


CHANGES = {
    "add_stakeholder": lambda ini, **kw: ini.add_stakeholder(
        cp.Stakeholder(id="dev", name="Dev"), **kw
    ),
    "add_role": lambda ini, **kw: ini.add_role(cp.Role(id="scribe"), **kw),
    "assign": lambda ini, **kw: ini.assign("mo", "chair", **kw),
    "add_meeting": lambda ini, **kw: ini.add_meeting(
        cp.Meeting(id="m2", date=DAY), **kw
    ),
    "record_decision": lambda ini, **kw: ini.record_decision(
        cp.Decision(
            id="d1",
            title="Curry night",
            meeting="m1",
            level="consulting",
            contributions=[cp.Contribution(by="alice", action="consulted")],
        ),
        **kw,
    ),
    "add_feedback": lambda ini, **kw: ini.add_feedback(
        cp.Feedback(id="f2", received=DAY, text="More trips"), **kw
    ),
    "respond": lambda ini, **kw: ini.respond(
        cp.Response(feedback="f1", date=DAY, action="Yes"), **kw
    ),
    "add_care_plan": lambda ini, **kw: ini.add_care_plan(
        cp.CarePlan(id="cp1", person="alice", title="About me", agreed=DAY), **kw
    ),
    "add_aim": lambda ini, **kw: ini.add_aim(
        cp.Aim(id="a", what="Meals", how_much="80%", for_whom="all", by_when=DAY), **kw
    ),
    "add_driver": lambda ini, **kw: ini.add_driver(
        cp.Driver(id="choice", title="Choice", kind="primary", aim="meals"), **kw
    ),
    "add_change_idea": lambda ini, **kw: ini.add_change_idea(
        cp.ChangeIdea(id="plates", title="Show plates"), **kw
    ),
    "add_measure": lambda ini, **kw: ini.add_measure(
        cp.Measure(id="waste", name="Waste", kind="balancing"), **kw
    ),
    "record_observation": lambda ini, **kw: ini.record_observation(
        cp.Observation(measure="sat", at=DAY, value=70), **kw
    ),
    "start_cycle": lambda ini, **kw: ini.start_cycle("c9", "curry", **kw),
}


class TestVersion:
    def test_starts_at_zero_and_counts_changes(self):
        """A new or loaded initiative is at version 0; each accepted change counts one."""
        ini = home()
        assert ini.version == 0
        for n, change in enumerate(CHANGES.values(), start=1):
            change(ini)
            assert ini.version == n

    def test_takes_no_part_in_equality_or_the_document(self):
        """The version is the store's business: equality and `dump` leave it out."""
        ini = home()
        CHANGES["add_meeting"](ini)
        again = cp.from_dict(cp.Initiative, cp.to_dict(ini))
        assert (again == ini, again.version, ini.version) == (True, 0, 1)
        assert "version" not in cp.to_dict(ini)

    @pytest.mark.parametrize("name", list(CHANGES))
    def test_every_change_checks_expected_version(self, name):
        """Every method that changes the initiative takes expected_version."""
        ini = home()
        CHANGES[name](ini, expected_version=0)
        assert ini.version == 1

    @pytest.mark.parametrize("name", list(CHANGES))
    def test_stale_version_refused_and_nothing_changes(self, name):
        """A stale expected_version is ConcurrencyError, and nothing changes."""
        ini = home()
        ini.add_stakeholder(cp.Stakeholder(id="zed", name="Zed"))
        before = cp.to_dict(ini)
        with pytest.raises(ConcurrencyError) as info:
            CHANGES[name](ini, expected_version=0)
        assert str(info.value) == (
            "Initiative 'oak' is at version 1, not 0 as expected: it changed since it "
            "was read; read it again and retry."
        )
        assert (info.value.kind, info.value.id) == ("initiative", "oak")
        assert (cp.to_dict(ini), ini.version) == (before, 1)

    def test_two_requests_each_adding_a_meeting(self):
        """Two requests that read version 0 and each add a meeting: the second is told,
        reloads, and retries; no meeting is lost (they used to lose one)."""
        ini = home()
        read = ini.version
        ini.add_meeting(cp.Meeting(id="m2", date=DAY), expected_version=read)
        with pytest.raises(ConcurrencyError):
            ini.add_meeting(cp.Meeting(id="m3", date=DAY), expected_version=read)
        ini.add_meeting(cp.Meeting(id="m3", date=DAY), expected_version=ini.version)
        assert [m.id for m in ini.meetings] == ["m1", "m2", "m3"]

    def test_refused_change_does_not_count(self):
        """A change refused for its content leaves the version as it was."""
        ini = home()
        with pytest.raises(ValidationError):
            ini.add_meeting(cp.Meeting(id="m1", date=DAY))
        assert ini.version == 0

    def test_bad_expected_version(self):
        """expected_version is a whole number or None."""
        ini = home()
        with pytest.raises(ValidationError) as info:
            ini.add_meeting(cp.Meeting(id="m2", date=DAY), expected_version="0")
        assert str(info.value) == (
            "$.expected_version: expected a whole number or None, got str '0'"
        )
        assert ini.version == 0

    def test_a_follow_on_cycle_is_a_change(self):
        """next_cycle on a cycle of the initiative adds a cycle: a change."""
        ini = home()
        cycle = ini.start_cycle("c1", "curry")
        cycle.plan(
            "Try", [cp.Prediction(measure="sat", direction="increase")], by={"mo"}
        )
        cycle.do("Done", by={"mo"})
        cycle.study(by={"mo", "alice"})
        cycle.act("adopt", "Keep it", by={"mo", "alice"})
        assert ini.version == 1
        cycle.next_cycle("c2")
        assert (ini.version, [c.id for c in ini.cycles]) == (2, ["c1", "c2"])


class TestBatch:
    def test_all(self):
        """A batch's changes all apply, each counted."""
        ini = home()
        with ini.batch(expected_version=0) as same:
            same.add_stakeholder(cp.Stakeholder(id="dev", name="Dev"))
            ini.assign("dev", "chair")
        assert (ini.version, ini.roles_of("dev")[0].id) == (2, "chair")

    def test_nothing_when_one_is_refused(self):
        """If one change is refused, none of the batch's changes stay."""
        ini = home()
        before = cp.to_dict(ini)

        def changes():
            with ini.batch():
                ini.add_stakeholder(cp.Stakeholder(id="dev", name="Dev"))
                ini.start_cycle("c1", "curry")
                ini.assign("dev", "nobody")

        with pytest.raises(ValidationError) as info:
            changes()
        assert str(info.value) == "$.memberships[0].role: unknown role 'nobody'"
        assert (cp.to_dict(ini), ini.version, ini.cycles) == (before, 0, ())

    def test_nothing_when_the_block_fails(self):
        """Any exception in the block undoes the batch, and goes on."""
        ini = home()
        before = cp.to_dict(ini)

        def changes():
            with ini.batch():
                ini.add_stakeholder(cp.Stakeholder(id="dev", name="Dev"))
                {}["oops"]

        with pytest.raises(KeyError):
            changes()
        assert (cp.to_dict(ini), ini.version) == (before, 0)

    def test_stale_batch_refused_before_any_change(self):
        """A batch checks expected_version before its first change."""
        ini = home()
        ini.add_stakeholder(cp.Stakeholder(id="dev", name="Dev"))
        with pytest.raises(ConcurrencyError), ini.batch(expected_version=0):
            pytest.fail("the block must not run")
        assert ini.version == 1

    def test_nested_batches_undo_together(self):
        """An inner batch is part of the outer one."""
        ini = home()

        def changes():
            with ini.batch():
                with ini.batch():
                    ini.add_stakeholder(cp.Stakeholder(id="dev", name="Dev"))
                ini.add_stakeholder(cp.Stakeholder(id="dev", name="Dev again"))

        with pytest.raises(ValidationError):
            changes()
        assert [s.id for s in ini.stakeholders] == ["alice", "mo"]


class TestSnapshot:
    def test_equal_and_still(self):
        """A snapshot equals the initiative, and later changes leave it alone."""
        ini = home()
        still = ini.snapshot()
        assert still == ini
        ini.add_stakeholder(cp.Stakeholder(id="dev", name="Dev"))
        assert [s.id for s in still.stakeholders] == ["alice", "mo"]
        assert still != ini

    def test_kept_until_something_moves_on(self):
        """The same snapshot comes back until the initiative or a cycle changes."""
        ini = home()
        first = ini.snapshot()
        assert ini.snapshot() is first
        cycle = ini.start_cycle("c1", "curry")
        second = ini.snapshot()
        assert second is not first
        cycle.plan(
            "Try", [cp.Prediction(measure="sat", direction="increase")], by={"mo"}
        )
        third = ini.snapshot()
        assert third is not second
        assert third.cycle("c1").phase is cp.Phase.PLANNED
        assert second.cycle("c1").phase is cp.Phase.NEW

    @pytest.mark.parametrize("name", list(CHANGES))
    def test_cannot_be_changed(self, name):
        """Every change to a snapshot is refused with ReadOnlyError."""
        still = home().snapshot()
        with pytest.raises(ReadOnlyError) as info:
            CHANGES[name](still)
        assert str(info.value) == (
            "a snapshot cannot be changed; change the initiative it was taken from"
        )

    def test_its_cycles_cannot_be_stepped(self):
        """A snapshot's cycles are read-only copies."""
        ini = home()
        ini.start_cycle("c1", "curry")
        with pytest.raises(ReadOnlyError):
            ini.snapshot().cycle("c1").plan(
                "Try", [cp.Prediction(measure="sat", direction="increase")], by={"mo"}
            )
        assert ini.cycle("c1").phase is cp.Phase.NEW

    def test_snapshot_of_a_snapshot(self):
        """A snapshot's snapshot is itself."""
        still = home().snapshot()
        assert still.snapshot() is still

    def test_analysis_reads_a_snapshot(self):
        """The analysis of a snapshot equals the analysis of the initiative."""
        ini = cp.scenarios.load_bundled("oak_house_meals")
        assert cp.find_imbalances(ini.snapshot()) == cp.find_imbalances(ini)


class TestReadOnlyFields:
    @pytest.mark.parametrize(
        ("name", "value"),
        [("id", 42), ("title", "x"), ("description", "x"), ("population", {})],
    )
    def test_refused(self, name, value):
        """An initiative's own fields cannot be set (`ini.id = 42` used to pass)."""
        ini = home()
        with pytest.raises(ReadOnlyError) as info:
            setattr(ini, name, value)
        assert str(info.value) == (
            f"an initiative's {name} cannot be changed: build a new initiative, or "
            "change its records with its methods"
        )
        assert (ini.id, ini.validate()) == ("oak", ())

    def test_population_cannot_be_changed(self):
        """The population read out refuses a change, and the initiative keeps its own."""
        ini = cp.Initiative(id="x", population={"ethnicity": {"white_british": 3}})
        with pytest.raises(TypeError):
            ini.population["ethnicity"]["white_british"] = 99  # type: ignore[index]
        assert ini.population == {"ethnicity": {"white_british": 3}}


class TestAttachCycle:
    def stored(self):
        ini = home()
        cycle = ini.start_cycle("c1", "curry")
        cycle.plan(
            "Try",
            [cp.Prediction(measure="sat", direction="increase")],
            by={"mo"},
            start=dt.date(2025, 7, 1),
        )
        cycle.do("Done", by={"mo"})
        return ini, [e.to_dict() for e in cycle.collect_events()]

    def test_a_reloaded_cycle_studies_with_the_observations(self):
        """Attached, a cycle rebuilt from stored events reads the initiative's data."""
        _, events = self.stored()
        reloaded = home()
        cycle = reloaded.attach_cycle(events, expected_version=0)
        result = cycle.study(by={"mo", "alice"})
        assert result.predictions[0].observed == 12
        assert (reloaded.version, reloaded.cycle("c1") is cycle) == (1, True)

    @pytest.mark.parametrize(
        ("mutate", "message"),
        [
            (
                lambda e: e[0]["payload"].update(change_idea="cury"),
                (
                    "$.cycles[0].change_idea: unknown change idea 'cury' (did you mean "
                    "'curry'?)"
                ),
            ),
            (
                lambda e: e[1].update(by=["ghost"]),
                "$.cycles[0].events[1].by: unknown stakeholder 'ghost'",
            ),
            (
                lambda e: e[1]["payload"]["predictions"][0].update(measure="joy"),
                "$.cycles[0].events[1].payload.predictions: unknown measure 'joy'",
            ),
        ],
    )
    def test_references_checked(self, mutate, message):
        """A reference the initiative does not know is refused, and nothing changes."""
        _, events = self.stored()
        mutate(events)
        reloaded = home()
        with pytest.raises(ValidationError) as info:
            reloaded.attach_cycle(events)
        assert str(info.value) == message
        assert (reloaded.cycles, reloaded.version) == ((), 0)

    def test_duplicate_refused(self):
        """A cycle whose id is taken is refused."""
        ini, events = self.stored()
        with pytest.raises(ValidationError) as info:
            ini.attach_cycle(events)
        assert str(info.value) == (
            "$.cycles[1].id: duplicate id 'c1'; $.cycles[0] has it already"
        )


class TestCycleViews:
    def test_a_step_names_only_stakeholders(self):
        """A cycle of an initiative refuses a step by someone it does not know."""
        ini = home()
        cycle = ini.start_cycle("c1", "curry")
        with pytest.raises(ValidationError) as info:
            cycle.plan(
                "Try", [cp.Prediction(measure="sat", direction="increase")], by={"moe"}
            )
        assert str(info.value) == "$.by: unknown stakeholder 'moe' (did you mean 'mo'?)"
        assert (cycle.phase, ini.validate()) == (cp.Phase.NEW, ())

    def test_someone_removed_cannot_take_part(self):
        """Once removed, a person cannot take part in a cycle's step, and the initiative
        stays valid (the state machine found this)."""
        ini = home()
        ini.add_stakeholder(cp.Stakeholder(id="dev", name="Dev"))
        cycle = ini.start_cycle("c1", "curry")
        ini.remove_stakeholder("dev")
        with pytest.raises(ValidationError):
            cycle.plan(
                "Try", [cp.Prediction(measure="sat", direction="increase")], by={"dev"}
            )
        assert cp.from_dict(cp.Initiative, cp.to_dict(ini)) == ini

    def test_views_see_corrections_and_undone_batches(self):
        """A cycle reads the records as they are now: after a correction, and after a
        batch was undone."""
        ini = home()
        cycle = ini.start_cycle("c1", "curry")

        def undone():
            with ini.batch():
                ini.add_stakeholder(cp.Stakeholder(id="dev", name="Dev"))
                raise KeyError("undo")

        with pytest.raises(KeyError):
            undone()
        with pytest.raises(ValidationError):
            cycle.plan(
                "Try", [cp.Prediction(measure="sat", direction="increase")], by={"dev"}
            )
        renamed = attrs.evolve(ini.measure("sat"), name="Residents who enjoy meals")
        ini.replace_measure(renamed)
        assert cycle.measures("sat") == renamed
