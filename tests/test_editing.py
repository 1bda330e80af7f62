"""Corrections, removal and erasure: `replace_*`, `remove_*`, `unassign` and `forget`."""

import datetime as dt
from collections import Counter

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coproduction as cp
from coproduction.errors import ConcurrencyError, NotFoundError, ValidationError
from coproduction.testing import initiatives

DAY = dt.date(2026, 1, 10)


@pytest.fixture
def ini() -> cp.Initiative:
    return cp.Initiative(
        id="oak",
        title="Mealtimes",
        stakeholders=[
            cp.Stakeholder(
                id="alice",
                name="Alice",
                characteristics={"ethnicity": "black_caribbean"},
                access_needs={"hearing_loop"},
            ),
            cp.Stakeholder(id="mo", name="Mo", kind="manager"),
            cp.Stakeholder(
                id="jo", name="Jo", kind="family_carer", represents={"alice"}
            ),
            cp.Stakeholder(id="sam", name="Sam"),
        ],
        roles=[cp.Role(id="chair", veto=True), cp.Role(id="member")],
        memberships=[cp.Membership(stakeholder="mo", role="chair")],
        meetings=[
            cp.Meeting(id="m1", date=DAY, attendees={"alice", "mo", "jo"}),
            cp.Meeting(id="m2", date=DAY, attendees={"mo"}),
        ],
        decisions=[
            cp.Decision(
                id="d1",
                title="Curry",
                level="co_producing",
                meeting="m1",
                affects={"alice"},
                capacity={"alice": "has"},
                contributions=[
                    cp.Contribution(
                        by="alice", action="proposed", adopted=True, note="I love curry"
                    ),
                    cp.Contribution(
                        by="jo", action="spoke", on_behalf_of="alice", note="She agrees"
                    ),
                    cp.Contribution(by="mo", action="supported"),
                ],
            )
        ],
        feedback=[
            cp.Feedback(
                id="f1", received=DAY, text="Alice here: more curry", by="alice"
            ),
            cp.Feedback(id="f2", received=DAY, text="Too salty"),
        ],
        responses=[
            cp.Response(feedback="f1", date=DAY, action="Curry night", by={"mo"}),
        ],
        care_plans=[
            cp.CarePlan(
                id="cp-1",
                person="alice",
                title="Alice's plan",
                items=[
                    cp.CarePlanItem(
                        area="food", text="Curry on Fridays", agreed_by={"alice", "mo"}
                    )
                ],
            )
        ],
    )


def unchanged(ini: cp.Initiative, call, *args, error=ValidationError, **kwargs) -> str:
    """Run a call that must be refused; check it changed nothing; give its message."""
    before, version = cp.to_dict(ini), ini.version
    with pytest.raises(error) as e:
        call(*args, **kwargs)
    assert cp.to_dict(ini) == before
    assert ini.version == version
    return str(e.value) if error is not NotFoundError else e.value.args[0]


def round_trips(ini: cp.Initiative) -> None:
    assert cp.from_dict(cp.Initiative, cp.to_dict(ini)) == ini
    ini.validate()


class TestReplace:
    """A record is replaced by one with the same id, in its place."""

    def test_replace_keeps_order_and_counts_one_change(self, ini):
        ini.replace_stakeholder(
            cp.Stakeholder(id="mo", name="Mohammed", kind="manager")
        )
        assert [s.id for s in ini.stakeholders] == ["alice", "mo", "jo", "sam"]
        assert ini.stakeholder("mo").name == "Mohammed"
        assert ini.version == 1
        round_trips(ini)

    @pytest.mark.parametrize(
        ("method", "record", "getter"),
        [
            ("replace_role", cp.Role(id="member", name="Member"), "role"),
            (
                "replace_meeting",
                cp.Meeting(id="m2", date=DAY, title="Second"),
                "meeting",
            ),
            (
                "replace_feedback",
                cp.Feedback(id="f2", received=DAY, text="Salty"),
                "feedback_item",
            ),
            (
                "replace_care_plan",
                cp.CarePlan(id="cp-1", person="alice"),
                "care_plan",
            ),
        ],
    )
    def test_each_collection(self, ini, method, record, getter):
        getattr(ini, method)(record, expected_version=0)
        assert getattr(ini, getter)(record.id) == record
        assert ini.version == 1
        round_trips(ini)

    def test_improvement_records(self):
        ini = cp.scenarios.load_bundled("oak_house_meals")
        ini.replace_aim(attrs.evolve(ini.aim("enjoy-meals"), how_much="more"))
        ini.replace_driver(attrs.evolve(ini.driver("themed-meals"), title="Themes"))
        ini.replace_change_idea(attrs.evolve(ini.change_idea("curry-night"), title="C"))
        ini.replace_measure(attrs.evolve(ini.measure("kitchen-overtime"), name="K"))
        assert (ini.version, ini.driver("themed-meals").title) == (4, "Themes")
        round_trips(ini)

    def test_replace_decision(self, ini):
        d = attrs.evolve(ini.decision("d1"), title="Curry on Fridays")
        ini.replace_decision(d)
        assert ini.decision("d1").title == "Curry on Fridays"
        round_trips(ini)

    def test_weighted_vote_is_settled_again(self):
        ini = cp.Initiative(
            id="x",
            stakeholders=[
                cp.Stakeholder(id="a", name="A"),
                cp.Stakeholder(id="b", name="B"),
            ],
            roles=[cp.Role(id="big", votes=3), cp.Role(id="small", votes=1)],
            memberships=[
                cp.Membership(stakeholder="a", role="big"),
                cp.Membership(stakeholder="b", role="small"),
            ],
            decisions=[
                cp.Decision(
                    id="v",
                    title="Vote",
                    level="co_producing",
                    rule="weighted_vote",
                    contributions=[
                        cp.Contribution(by="a", action="voted_for"),
                        cp.Contribution(by="b", action="voted_against"),
                    ],
                )
            ],
        )
        assert ini.decision("v").result.value == "carried"
        flipped = cp.Decision(
            id="v",
            title="Vote",
            level="co_producing",
            rule="weighted_vote",
            contributions=[
                cp.Contribution(by="a", action="voted_against"),
                cp.Contribution(by="b", action="voted_for"),
            ],
        )
        ini.replace_decision(flipped)
        assert ini.decision("v").result.value == "rejected"

    def test_unknown_id(self, ini):
        assert (
            unchanged(
                ini,
                ini.replace_stakeholder,
                cp.Stakeholder(id="alise", name="A"),
                error=NotFoundError,
            )
            == "no stakeholder with id 'alise' (did you mean 'alice'?)"
        )

    def test_wrong_type(self, ini):
        assert unchanged(ini, ini.replace_role, cp.Stakeholder(id="mo", name="Mo")) == (
            "$: expected a Role, got Stakeholder "
            "Stakeholder(id='mo', name='Mo', kind='person', "
            "perspective=<Perspective.LIVED_EXPERIENCE: 'lived_experience'>, "
            "access_needs=frozenset(), characteristics={}, represents=frozenset())"
        )

    def test_breaking_a_reference_elsewhere(self, ini):
        """Jo no longer representing Alice breaks Jo's contribution on her behalf."""
        assert unchanged(
            ini,
            ini.replace_stakeholder,
            cp.Stakeholder(id="jo", name="Jo", kind="family_carer"),
        ) == (
            "$.decisions[0].contributions[1].on_behalf_of: 'jo' does not represent "
            "'alice'; add 'alice' to the 'represents' of 'jo' first"
        )

    def test_breaking_its_own_reference(self, ini):
        assert (
            unchanged(
                ini,
                ini.replace_meeting,
                cp.Meeting(id="m2", date=DAY, attendees={"zed"}),
            )
            == "$.meetings[1].attendees: unknown stakeholder 'zed'"
        )

    def test_stale_version(self, ini):
        unchanged(
            ini,
            ini.replace_role,
            cp.Role(id="member"),
            expected_version=3,
            error=ConcurrencyError,
        )

    @settings(max_examples=25)
    @given(initiatives(max_people=5, max_decisions=3), st.data())
    def test_replacing_a_record_by_itself_changes_only_the_version(self, ini, data):
        methods = {
            "stakeholders": "replace_stakeholder",
            "roles": "replace_role",
            "meetings": "replace_meeting",
            "decisions": "replace_decision",
            "feedback": "replace_feedback",
            "care_plans": "replace_care_plan",
            "aims": "replace_aim",
            "drivers": "replace_driver",
            "change_ideas": "replace_change_idea",
            "measures": "replace_measure",
        }
        present = [field for field in methods if getattr(ini, field)]
        if not present:
            return
        field = data.draw(st.sampled_from(present))
        record = data.draw(st.sampled_from(getattr(ini, field)))
        before, version = cp.to_dict(ini), ini.version
        getattr(ini, methods[field])(record, expected_version=version)
        assert cp.to_dict(ini) == before
        assert ini.version == version + 1


class TestRemove:
    """A record is removed only when nothing refers to it."""

    def test_remove_unreferenced(self, ini):
        ini.remove_stakeholder("sam", expected_version=0)
        ini.remove_meeting("m2")
        ini.remove_role("member")
        ini.remove_feedback("f2")
        ini.remove_care_plan("cp-1")
        assert [s.id for s in ini.stakeholders] == ["alice", "mo", "jo"]
        assert (ini.version, len(ini.meetings), len(ini.roles)) == (5, 1, 1)
        round_trips(ini)

    def test_refused_naming_every_path(self, ini):
        assert unchanged(ini, ini.remove_stakeholder, "alice") == (
            "$.stakeholders[0]: cannot remove stakeholder 'alice': 5 records refer to "
            "them: $.stakeholders[2].represents, $.meetings[0].attendees, "
            "$.decisions[0].affects, $.decisions[0].contributions[0].by, "
            "$.decisions[0].contributions[1].on_behalf_of, $.feedback[0].by, "
            "$.care_plans[0].person, $.care_plans[0].items[0].agreed_by"
        )

    def test_paths_after_the_removed_one_are_the_initiatives(self, ini):
        """Jo is at $.stakeholders[2] in the initiative, not [1] as in the copy."""
        ini.replace_stakeholder(
            cp.Stakeholder(id="sam", name="Sam", kind="advocate", represents={"mo"})
        )
        assert unchanged(ini, ini.remove_stakeholder, "mo").startswith(
            "$.stakeholders[1]: cannot remove stakeholder 'mo': 7 records refer to "
            "them: $.stakeholders[3].represents, $.memberships[0].stakeholder,"
        )

    def test_one_record(self, ini):
        assert unchanged(ini, ini.remove_meeting, "m1") == (
            "$.meetings[0]: cannot remove meeting 'm1': 1 record refers to it: "
            "$.decisions[0].meeting"
        )
        assert unchanged(ini, ini.remove_feedback, "f1") == (
            "$.feedback[0]: cannot remove feedback 'f1': 1 record refers to it: "
            "$.responses[0].feedback"
        )
        assert unchanged(ini, ini.remove_role, "chair") == (
            "$.roles[0]: cannot remove role 'chair': 1 record refers to it: "
            "$.memberships[0].role"
        )

    def test_unknown_id(self, ini):
        assert unchanged(ini, ini.remove_decision, "d2", error=NotFoundError) == (
            "no decision with id 'd2'"
        )

    def test_decision_and_response(self, ini):
        ini.remove_response(ini.responses[0])
        ini.remove_decision("d1")
        assert (ini.responses, ini.decisions, ini.version) == ((), (), 2)
        assert unchanged(
            ini,
            ini.remove_response,
            cp.Response(feedback="f1", date=DAY, action="Nothing"),
            error=NotFoundError,
        ) == (
            "no response equal to Response(feedback='f1', date=datetime.date(2026, 1, "
            "10), action='Nothing', kind=<ResponseKind.DONE: 'done'>, "
            "by=frozenset(), decision=None, change_idea=None, cycle=None)"
        )
        round_trips(ini)

    def test_improvement_records(self):
        ini = cp.scenarios.load_bundled("oak_house_meals")
        assert unchanged(ini, ini.remove_cycle, "curry-2") == (
            "$.cycles[1]: cannot remove cycle 'curry-2': 1 record refers to it: "
            "$.cycles[2].parent"
        )
        ini.remove_cycle("curry-3")
        ini.remove_cycle("curry-2", expected_version=1)
        assert ([c.id for c in ini.cycles], ini.version) == (["curry-1"], 2)
        round_trips(ini)

    def test_remove_observation(self):
        ini = cp.scenarios.load_bundled("oak_house_meals")
        first = ini.observations_of("kitchen-overtime")[0]
        count = len(ini.observations)
        ini.remove_observation(first)
        assert len(ini.observations) == count - 1
        round_trips(ini)
        assert unchanged(
            ini,
            ini.remove_observation,
            cp.Observation(measure="falls", at=DAY, value=99),
            error=NotFoundError,
        ).startswith("no observation equal to Observation(measure='falls'")

    def test_remove_driver_change_idea_measure_aim(self):
        ini = cp.Initiative(
            id="x",
            aims=[cp.Aim(id="a", what="w", how_much="h", for_whom="f", by_when=DAY)],
            drivers=[cp.Driver(id="p", title="P", kind="primary", aim="a")],
            change_ideas=[cp.ChangeIdea(id="c", title="C", feeds={"p"})],
            measures=[cp.Measure(id="m", name="M", kind="outcome", of={"c"})],
        )
        assert unchanged(ini, ini.remove_aim, "a") == (
            "$.aims[0]: cannot remove aim 'a': 1 record refers to it: $.drivers[0].aim"
        )
        assert unchanged(ini, ini.remove_change_idea, "c") == (
            "$.change_ideas[0]: cannot remove change idea 'c': 1 record refers to it: "
            "$.measures[0].of"
        )
        ini.remove_measure("m")
        ini.remove_change_idea("c")
        ini.remove_driver("p")
        ini.remove_aim("a")
        assert (ini.aims, ini.drivers, ini.change_ideas, ini.measures) == ((),) * 4
        assert ini.version == 4

    def test_unassign(self, ini):
        ini.assign("sam", "member")
        ini.unassign("sam", "member", expected_version=1)
        assert (ini.roles_of("sam"), ini.version) == ((), 2)
        assert unchanged(ini, ini.unassign, "sam", "member", error=NotFoundError) == (
            "'sam' does not hold the role 'member'"
        )
        assert unchanged(ini, ini.unassign, "sma", "member", error=NotFoundError) == (
            "no stakeholder with id 'sma' (did you mean 'sam'?)"
        )
        round_trips(ini)

    def test_unassign_refused_under_weighted_vote(self):
        ini = cp.Initiative(
            id="x",
            stakeholders=[cp.Stakeholder(id="a", name="A")],
            roles=[cp.Role(id="r")],
            memberships=[cp.Membership(stakeholder="a", role="r")],
            decisions=[
                cp.Decision(
                    id="v",
                    title="Vote",
                    level="co_producing",
                    rule="weighted_vote",
                    contributions=[cp.Contribution(by="a", action="voted_for")],
                )
            ],
        )
        assert unchanged(ini, ini.unassign, "a", "r") == (
            "$.memberships[0]: cannot unassign 'a' from 'r': 1 record refers to it: "
            "$.decisions[0].contributions[0]"
        )

    def test_in_a_batch_all_or_nothing(self, ini):
        before = cp.to_dict(ini)

        def both() -> None:
            with ini.batch():
                ini.remove_stakeholder("sam")
                ini.remove_meeting("m1")

        with pytest.raises(ValidationError):
            both()
        assert (cp.to_dict(ini), ini.version) == (before, 0)


class TestForget:
    """Erasure on request: a tombstone where the person stood."""

    def test_what_forget_does(self, ini):
        erasure = ini.forget("alice", expected_version=0)
        assert ini.version == 1
        assert erasure == cp.Erasure(
            tombstone="forgotten-1",
            events=(),
            changed=(
                "$.stakeholders[0]",
                "$.stakeholders[2]",
                "$.meetings[0]",
                "$.decisions[0]",
                "$.feedback[0]",
                "$.care_plans[0]",
            ),
            unsearched=(
                "$.decisions[0].title",
                "$.feedback[1].text",
                "$.responses[0].action",
            ),
        )
        assert ini.stakeholders[0] == cp.Stakeholder(
            id="forgotten-1", name="A person who asked to be forgotten", kind="person"
        )
        assert ini.stakeholder("jo").represents == frozenset()
        d = ini.decision("d1")
        assert (d.affects, dict(d.capacity)) == (
            {"forgotten-1"},
            {"forgotten-1": cp.Capacity("has")},
        )
        removed = "Removed at the person's request."
        assert d.contributions[:2] == (
            cp.Contribution(
                by="forgotten-1", action="proposed", adopted=True, note=removed
            ),
            cp.Contribution(by="forgotten-1", action="spoke", note=removed),
        )
        assert ini.meeting("m1").attendees == {"forgotten-1", "mo", "jo"}
        assert ini.feedback_item("f1") == cp.Feedback(
            id="f1", received=DAY, text=removed, by="forgotten-1"
        )
        plan = ini.care_plan("cp-1")
        assert (
            plan.person,
            plan.title,
            plan.items[0].text,
            plan.items[0].agreed_by,
        ) == ("forgotten-1", removed, removed, {"forgotten-1", "mo"})
        assert "alice" not in str(cp.to_dict(ini))
        assert ini.validate() == ()
        round_trips(ini)

    def test_fresh_tombstone_ids(self, ini):
        assert ini.forget("alice").tombstone == "forgotten-1"
        assert ini.forget("sam").tombstone == "forgotten-2"
        assert ini.stakeholders[-1].id == "forgotten-2"

    def test_a_representative_forgotten(self, ini):
        """Jo's words for Alice stay Alice's, supported by someone forgotten."""
        ini.forget("jo")
        assert ini.decision("d1").contributions[1] == cp.Contribution(
            by="alice",
            action="spoke",
            supported_by="forgotten-1",
            note="Removed at the person's request.",
        )
        assert ini.stakeholder("forgotten-1").represents == frozenset()
        round_trips(ini)

    def test_unknown_and_stale(self, ini):
        assert unchanged(ini, ini.forget, "alise", error=NotFoundError) == (
            "no stakeholder with id 'alise' (did you mean 'alice'?)"
        )
        unchanged(ini, ini.forget, "alice", expected_version=9, error=ConcurrencyError)

    def test_cycle_events_rewritten(self):
        ini = cp.scenarios.load_bundled("oak_house_meals")
        old = {c.id: c.events for c in ini.cycles}
        erasure = ini.forget("edna")
        events = dict(erasure.events)
        assert sorted(events) == ["curry-1", "curry-2", "curry-3"]
        for cycle in ini.cycles:
            assert cycle.events == events[cycle.id]
            assert [e.version for e in cycle.events] == [
                e.version for e in old[cycle.id]
            ]
            assert all("edna" not in e.by for e in cycle.events)
            assert cycle.observations is not None  # attached: it can be studied
        assert ini.cycle("curry-1").events[1].by >= {"forgotten-1"}
        assert "$.cycles[0].events[2].payload.notes" in erasure.unsearched
        round_trips(ini)


def _findings(report, person: str, tombstone: str) -> Counter:
    return Counter(
        (
            f.kind.value,
            f.severity.value,
            tuple(sorted(tombstone if s == person else s for s in f.subjects)),
        )
        for f in report
    )


# Findings that rest on what `forget` removes: the person's access needs
# (access_unmet), representation (proxy_only, and a care plan agreed by a
# representative), characteristics counted against the population (under_represented).
MAY_CHANGE = {"access_unmet", "proxy_only", "care_plan_not_agreed", "under_represented"}

CASES = [(name, index) for name in cp.scenarios.list_bundled() for index in (0, 1, 3)]


@pytest.mark.parametrize(("scenario", "index"), CASES)
def test_forget_keeps_the_findings_about_others(scenario, index):
    ini = cp.scenarios.load_bundled(scenario)
    person = ini.stakeholders[index]
    linked = {person.id, *person.represents}
    linked |= {s.id for s in ini.stakeholders if person.id in s.represents}
    before = cp.find_imbalances(ini)
    version = ini.version
    erasure = ini.forget(person.id)
    assert ini.version == version + 1
    ini.validate()
    round_trips(ini)
    after = cp.find_imbalances(ini)
    tombstone = erasure.tombstone
    linked = (linked - {person.id}) | {tombstone}
    lost = _findings(before, person.id, tombstone) - _findings(after, "", "")
    gained = _findings(after, "", "") - _findings(before, person.id, tombstone)
    for kind, _, subjects in lost + gained:
        assert kind in MAY_CHANGE, (kind, subjects)
        assert kind == "under_represented" or linked & set(subjects), (kind, subjects)
