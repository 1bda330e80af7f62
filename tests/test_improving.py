"""The Initiative's improvement half: records, cycles, ramps and the feedback loop."""

import datetime as dt

import pytest
from hypothesis import given, settings

import coproduction as cp
from coproduction import present
from coproduction.errors import NotFoundError, ValidationError
from coproduction.testing import initiatives

DAY = dt.date(2026, 1, 10)
T0 = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)


def ticking():
    times = iter(T0 + dt.timedelta(days=n) for n in range(1000))
    return lambda: next(times)


@pytest.fixture
def ini() -> cp.Initiative:
    return cp.Initiative(
        id="oak",
        title="Meals",
        clock=ticking(),
        stakeholders=[
            cp.Stakeholder(id="alice", name="Alice"),
            cp.Stakeholder(id="mo", name="Mo", kind="manager"),
        ],
        aims=[
            cp.Aim(
                id="aim",
                what="Enjoy meals",
                how_much="80%",
                for_whom="residents",
                by_when=DAY,
            )
        ],
        drivers=[
            cp.Driver(id="p", title="Food people like", kind="primary", aim="aim"),
            cp.Driver(
                id="s", title="Residents choose the menu", kind="secondary", feeds={"p"}
            ),
        ],
        change_ideas=[cp.ChangeIdea(id="curry", title="A curry night", feeds={"s"})],
        measures=[
            cp.Measure(id="sat", name="Satisfied with meals", kind="outcome", unit="%")
        ],
        observations=[
            cp.Observation(measure="sat", at=dt.date(2025, m, 1), value=60.0 + (m % 3))
            for m in range(1, 13)
        ],
        feedback=[
            cp.Feedback(id="f1", received=DAY, text="Can we have curry?", by="alice")
        ],
    )


def run_cycle(cycle: cp.Cycle, outcome: str = "adapt") -> None:
    cycle.plan(
        "Try a curry night",
        [cp.Prediction(measure="sat", direction="increase")],
        by={"alice", "mo"},
        start=dt.date(2025, 7, 1),
    )
    cycle.do("Held it", by={"alice"})
    cycle.study(by={"alice", "mo"})
    cycle.act(outcome, "Go on", by={"alice", "mo"})


class TestRecords:
    def test_lookups(self, ini):
        """Improvement records are found by id; unknown ids raise NotFoundError with a hint."""
        assert ini.aim("aim").what == "Enjoy meals"
        assert ini.driver("s").feeds == frozenset({"p"})
        assert ini.measure("sat").unit == "%"
        with pytest.raises(NotFoundError) as e:
            ini.change_idea("cury")
        assert str(e.value) == "no change idea with id 'cury' (did you mean 'curry'?)"

    def test_observations_sorted(self, ini):
        """observations_of gives one measure's observations in date order."""
        ini.record_observation(
            cp.Observation(measure="sat", at=dt.date(2024, 12, 1), value=50)
        )
        assert ini.observations_of("sat")[0].at == dt.date(2024, 12, 1)

    def test_unknown_measure(self, ini):
        """An observation of an unknown measure is refused and changes nothing."""
        before = cp.to_dict(ini)
        with pytest.raises(ValidationError) as e:
            ini.record_observation(cp.Observation(measure="st", at=DAY, value=1))
        assert (
            str(e.value)
            == "$.observations[12].measure: unknown measure 'st' (did you mean 'sat'?)"
        )
        assert cp.to_dict(ini) == before

    def test_driver_loop_refused(self):
        """Drivers that feed each other in a loop are refused."""
        with pytest.raises(ValidationError) as e:
            cp.Initiative(
                id="x",
                drivers=[
                    cp.Driver(id="a", title="A", kind="secondary", feeds={"b"}),
                    cp.Driver(id="b", title="B", kind="secondary", feeds={"a"}),
                ],
            )
        assert str(e.value) == (
            "$.drivers[0].feeds: drivers feed each other in a loop: 'a' -> 'b' -> 'a' "
            "(read 'a -> b' as 'a feeds b')"
        )

    def test_unknown_driver_refused(self, ini):
        """A change idea feeding an unknown driver is refused."""
        with pytest.raises(ValidationError) as e:
            ini.add_change_idea(cp.ChangeIdea(id="x", title="x", feeds={"nowhere"}))
        assert str(e.value) == "$.change_ideas[1].feeds: unknown driver 'nowhere'"

    def test_measure_of_unknown_refused(self, ini):
        """A measure of something the initiative does not have is refused, with a hint."""
        before = cp.to_dict(ini)
        with pytest.raises(ValidationError) as e:
            ini.add_measure(
                cp.Measure(id="cost", name="Overtime", kind="balancing", of={"cury"})
            )
        assert str(e.value) == (
            "$.measures[1].of: unknown aim, driver or change idea 'cury' (did you "
            "mean 'curry'?)"
        )
        assert cp.to_dict(ini) == before

    @pytest.mark.parametrize(
        ("of", "watched"),
        [
            pytest.param(set(), True, id="linked-to-nothing-watches-every-change"),
            pytest.param({"curry"}, True, id="the-change-idea"),
            pytest.param({"s"}, True, id="a-driver-it-feeds"),
            pytest.param({"aim"}, True, id="the-aim-it-feeds"),
            pytest.param({"other"}, False, id="another-change-idea"),
        ],
    )
    def test_balancing_measures(self, ini, of, watched):
        """A balancing measure is watched for the changes that feed what it measures."""
        ini.add_change_idea(cp.ChangeIdea(id="other", title="Another idea"))
        cost = cp.Measure(id="cost", name="Overtime", kind="balancing", of=of)
        ini.add_measure(cost)
        ini.add_measure(cp.Measure(id="other-outcome", name="Other", kind="outcome"))
        assert ini.balancing_measures("curry") == ((cost,) if watched else ())

    def test_diagram(self, ini):
        """The driver diagram links change idea, secondary, primary and aim."""
        g = ini.driver_diagram()
        assert set(g.edges) == {("p", "aim"), ("s", "p"), ("curry", "s")}


class TestCycles:
    def test_start_cycle_reads_observations(self, ini):
        """A cycle started by the initiative studies the initiative's observations."""
        cycle = ini.start_cycle(id="c1", change_idea="curry")
        run_cycle(cycle)
        result = cycle.study_result
        assert result is not None
        assert len(result.predictions[0].baseline) == 6

    def test_start_cycle_refusals(self, ini):
        """Unknown change ideas and duplicate ids are refused."""
        with pytest.raises(ValidationError) as e:
            ini.start_cycle(id="c1", change_idea="cury")
        assert (
            str(e.value)
            == "$.cycles[0].change_idea: unknown change idea 'cury' (did you mean 'curry'?)"
        )
        ini.start_cycle(id="c1", change_idea="curry")
        with pytest.raises(ValidationError) as e:
            ini.start_cycle(id="c1", change_idea="curry")
        assert (
            str(e.value)
            == "$.cycles[1].id: duplicate id 'c1'; $.cycles[0] has it already"
        )

    def test_next_cycle_joins_the_ramp(self, ini):
        """next_cycle registers the follow-on cycle, so ramps() sees it."""
        first = ini.start_cycle(id="c1", change_idea="curry")
        run_cycle(first)
        second = first.next_cycle("c2")
        assert ini.cycle("c2") is second
        assert [[c.id for c in ramp] for ramp in ini.ramps()] == [["c1", "c2"]]

    def test_next_cycle_duplicate_refused(self, ini):
        """A follow-on cycle with a taken id is refused, and nothing changes."""
        first = ini.start_cycle(id="c1", change_idea="curry")
        ini.start_cycle(id="c9", change_idea="curry")
        run_cycle(first)
        with pytest.raises(ValidationError) as e:
            first.next_cycle("c9")
        assert (
            str(e.value)
            == "$.cycles[2].id: duplicate id 'c9'; $.cycles[1] has it already"
        )
        assert [c.id for c in ini.cycles] == ["c1", "c9"]

    def test_round_trip_with_cycles(self, ini):
        """Cycles round-trip through YAML and dict as their events."""
        cycle = ini.start_cycle(id="c1", change_idea="curry")
        run_cycle(cycle)
        cycle.next_cycle("c2").plan(
            "Scale up",
            [cp.Prediction(measure="sat", direction="increase", target=80)],
            by={"mo"},
        )
        assert cp.loads(cp.dumps(ini)) == ini
        back = cp.from_dict(cp.Initiative, cp.to_dict(ini))
        assert back == ini
        assert back.cycle("c2").phase is cp.Phase.PLANNED

    def test_unknown_people_in_events(self, ini):
        """A step naming an unknown stakeholder is refused at once, and a document whose
        events name one is refused when it is loaded."""
        cycle = ini.start_cycle(id="c1", change_idea="curry")
        with pytest.raises(ValidationError) as e:
            cycle.plan(
                "x", [cp.Prediction(measure="sat", direction="increase")], by={"ghost"}
            )
        assert str(e.value) == "$.by: unknown stakeholder 'ghost'"
        assert cycle.phase is cp.Phase.NEW
        cycle.plan("x", [cp.Prediction(measure="sat", direction="increase")], by={"mo"})
        data = cp.to_dict(ini)
        data["cycles"][0]["events"][1]["by"] = ["ghost"]
        with pytest.raises(ValidationError) as e:
            cp.from_dict(cp.Initiative, data)
        assert str(e.value) == "$.cycles[0].events[1].by: unknown stakeholder 'ghost'"

    def test_bad_events_in_file(self):
        """A cycle whose events are not a history is refused with the event's path."""
        text = (
            "coproduction: 1\nid: x\nchange_ideas: [{id: i, title: I}]\ncycles:\n"
            "  - events:\n      - {kind: planned, at: '2026-01-01T00:00:00+00:00', version: 1}\n"
        )
        with pytest.raises(ValidationError) as e:
            cp.loads(text, source_name="s.yaml")
        assert str(e.value) == (
            "s.yaml:6: $.cycles[0].events[0].kind: the first event of a cycle must be 'started', got 'planned'"
        )

    @settings(max_examples=30)
    @given(initiatives())
    def test_replay_rebuilds_every_cycle(self, ini):
        """Replaying each cycle's events rebuilds an equal cycle."""
        for cycle in ini.cycles:
            assert cp.Cycle.replay(cycle.events) == cycle


class TestYouSaidWeDid:
    def test_statuses(self, ini):
        """The status follows the responses and the cycles they point to."""
        rows = cp.you_said_we_did(ini)
        assert [r["status"] for r in rows] == ["open"]
        ini.respond(
            cp.Response(
                feedback="f1",
                date=DAY,
                action="We'll try it",
                by={"mo"},
                change_idea="curry",
            )
        )
        assert cp.you_said_we_did(ini)[0]["status"] == "answered"
        cycle = ini.start_cycle(id="c1", change_idea="curry")
        assert cp.you_said_we_did(ini)[0]["status"] == "being_tested"
        run_cycle(cycle, outcome="adopt")
        row = cp.you_said_we_did(ini)[0]
        assert (row["status"], row["by"], row["done"], row["who"]) == (
            "adopted",
            "Alice",
            ("We'll try it",),
            ("Mo",),
        )

    def test_holding_then_declined_then_done(self, ini):
        """A holding reply is not an answer; the latest answer says done or declined."""

        def reply(day, kind, action="No: the cook leaves at five"):
            ini.respond(cp.Response(feedback="f1", date=day, action=action, kind=kind))
            return cp.you_said_we_did(ini)[0]["status"]

        assert reply(DAY, "holding", "We'll look at it again") == "holding"
        assert reply(DAY + dt.timedelta(days=30), "declined") == "declined"
        assert reply(DAY + dt.timedelta(days=60), "done", "A new cook") == "answered"
        assert reply(DAY + dt.timedelta(days=90), "holding", "More soon") == "answered"
        assert cp.present.summary(ini)["feedback"] == {"received": 1, "answered": 1}

    def test_a_holding_reply_is_not_answered_in_the_summary(self, ini):
        ini.respond(cp.Response(feedback="f1", date=DAY, action="Soon", kind="holding"))
        assert cp.present.summary(ini)["feedback"] == {"received": 1, "answered": 0}

    def test_anonymous_and_abandoned(self, ini):
        """Anonymous feedback says so; an abandoned test says so too."""
        ini.add_feedback(cp.Feedback(id="f2", received=DAY, text="Less salt"))
        cycle = ini.start_cycle(id="c1", change_idea="curry")
        ini.respond(cp.Response(feedback="f2", date=DAY, action="Tried", cycle="c1"))
        run_cycle(cycle, outcome="abandon")
        row = cp.you_said_we_did(ini)[1]
        assert (row["by"], row["status"]) == ("anonymous", "abandoned")

    def test_text(self, ini):
        """The rows read as "you said, we did"."""
        text = present.you_said_we_did_text(cp.you_said_we_did(ini))
        assert (
            text
            == "You said (Alice, 10 January 2026): Can we have curry?\n  Nothing recorded yet (open)."
        )


class TestResponseLinks:
    def test_unknown_links_refused(self, ini):
        """A response pointing to an unknown change idea or cycle is refused."""
        with pytest.raises(ValidationError) as e:
            ini.respond(
                cp.Response(
                    feedback="f1",
                    date=DAY,
                    action="a",
                    change_idea="nope",
                    cycle="nada",
                )
            )
        assert str(e.value) == (
            "2 problems:\n"
            "  $.responses[0].change_idea: unknown change idea 'nope'\n"
            "  $.responses[0].cycle: unknown cycle 'nada'"
        )
        assert ini.responses == ()
