"""Personal decisions: the person's own wishes, and capacity (Mental Capacity Act 2005).

Cases from practice, each with the answer a practitioner signs; they join the casebook.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

import coproduction as cp
from coproduction.errors import ValidationError


def person(id, name, kind="person", **more):
    return cp.Stakeholder(id=id, name=name, kind=kind, **more)


GEORGE = person("george", "George Hill")
SAM = person("sam", "Sam Hill", "family_carer", represents={"george"})
MO = person("mo", "Mo Khan", "social_worker")
ADE = person("ade", "Ade Obi", "advocate", represents={"george"})
PAT = person("pat", "Pat Hill", "attorney", represents={"george"})


def did(by, action, **more):
    return cp.Contribution(by=by, action=action, **more)


def move(*contributions, **more):
    """George's move to a nursing home: a decision about his own life."""
    more.setdefault("level", "engaging")
    more.setdefault("rule", "single_decider")
    return cp.Decision(
        id="move",
        title="Moving George to a nursing home",
        affects={"george"},
        contributions=contributions,
        **more,
    )


def found(decision, people=(GEORGE, SAM, MO, ADE, PAT)):
    ini = cp.Initiative(id="x", stakeholders=people, decisions=[decision])
    report = cp.find_imbalances(ini)
    return ini, {(f.kind.value, f.subjects) for f in report}, report


class TestOwnWishes:
    def test_a_daughters_proposal_against_her_fathers_wish(self):
        """Sam's own idea carried over George's objection: his wish, not hers, is his."""
        ini, kinds, report = found(
            move(
                did("george", "proposed", note="I want to stay at home"),
                did("george", "objected"),
                did("sam", "proposed", adopted=True),
                did("mo", "decided"),
            )
        )
        assert cp.observed_level(ini, "move") is cp.Level.ENGAGING
        assert ("affected_overruled", ("george", "move")) in kinds
        assert not any(k == "objection_overridden" for k, _ in kinds)
        f = report.of_kind("affected_overruled")[0]
        assert f.severity is cp.Severity.CONCERN
        assert f.evidence == {"prevailed": ["mo", "sam"]}
        assert f.message == (
            '"Moving George to a nursing home" is about George Hill\'s own life. George '
            "Hill made their wishes known and Mo Khan (a professional) and Sam Hill (a "
            "relative or carer) prevailed. George Hill is presumed to have capacity for "
            "this decision: an unwise decision is still theirs to make (Mental Capacity "
            "Act 2005, section 1(4)). Go back to George Hill, and support them to make "
            "it; if there is a real doubt about their capacity for it, assess and record it."
        )

    def test_his_wish_followed(self):
        """George's own proposal adopted: no one overruled him."""
        _, kinds, _ = found(
            move(did("george", "proposed", adopted=True), did("mo", "decided"))
        )
        assert not any(k == "affected_overruled" for k, _ in kinds)

    def test_his_wish_conveyed_by_his_daughter(self):
        """Sam conveying George's wish, and the decision against it: George overruled."""
        _, kinds, _ = found(
            move(
                did("sam", "objected", on_behalf_of="george"),
                did("mo", "decided"),
            )
        )
        assert ("affected_overruled", ("george", "move")) in kinds

    def test_has_capacity_recorded(self):
        """Capacity recorded as present changes nothing: it was presumed."""
        _, kinds, _ = found(
            move(
                did("george", "objected"),
                did("mo", "decided"),
                capacity={"george": "has"},
            )
        )
        assert ("affected_overruled", ("george", "move")) in kinds


class TestBestInterests:
    def test_lawful_best_interests_move(self):
        """George lacks capacity; his past wish and those close to him were heard: lawful."""
        _, kinds, _ = found(
            move(
                did(
                    "sam",
                    "spoke",
                    on_behalf_of="george",
                    note="He always said: near the sea",
                ),
                did("pat", "spoke"),
                did("mo", "decided"),
                capacity={"george": "lacks"},
            )
        )
        assert not any(
            k in {"affected_overruled", "best_interests_incomplete"} for k, _ in kinds
        )

    def test_the_same_move_overriding_someone_with_capacity(self):
        """Without a finding that he lacks capacity, the same move overrules George."""
        _, kinds, _ = found(
            move(did("george", "objected"), did("pat", "spoke"), did("mo", "decided"))
        )
        assert ("affected_overruled", ("george", "move")) in kinds

    def test_an_objection_is_not_overruling_when_capacity_is_lacking(self):
        """In a best-interests decision his objection is weighed, not a veto: no overruling."""
        _, kinds, _ = found(
            move(
                did("george", "objected"),
                did("ade", "spoke"),
                did("mo", "decided"),
                capacity={"george": "lacks"},
            )
        )
        assert not any(
            k in {"affected_overruled", "best_interests_incomplete"} for k, _ in kinds
        )

    def test_no_one_consulted(self):
        """George lacks capacity and no one was asked: the record is not lawful yet."""
        _, _, report = found(
            move(did("mo", "decided"), capacity={"george": "lacks"}),
        )
        f = report.of_kind("best_interests_incomplete")[0]
        assert (f.severity, f.subjects, f.evidence) == (
            cp.Severity.CONCERN,
            ("george", "move"),
            {"missing": ["wishes", "consultation"]},
        )
        assert f.message == (
            '"Moving George to a nursing home" was made in George Hill\'s best '
            "interests, as George Hill lacks capacity for it, but the record does not "
            "show their own wishes, feelings and past wishes (in their words, or "
            "conveyed by someone who knows them) and the views of those close to them "
            "(family, carers, an advocate, an attorney or deputy; an independent mental "
            "capacity advocate if there is no one). A best-interests decision must weigh "
            "these (Mental Capacity Act 2005, section 4): record them, or revisit the "
            "decision."
        )

    def test_no_decision_maker(self):
        """Heard and consulted, but no one is recorded as deciding."""
        _, _, report = found(
            move(
                did("george", "spoke"),
                did("sam", "spoke"),
                capacity={"george": "lacks"},
                result="carried",
            )
        )
        f = report.of_kind("best_interests_incomplete")[0]
        assert f.evidence == {"missing": ["decision_maker"]}
        # "who made it" is not something a decision weighs: the message says so
        assert f.message == (
            '"Moving George to a nursing home" was made in George Hill\'s best '
            "interests, as George Hill lacks capacity for it, but the record does not "
            "show who made the decision. A best-interests decision must be made by a "
            "named decision-maker, who weighs the person's wishes and the views of "
            "those close to them (Mental Capacity Act 2005, section 4): record what is "
            "missing, or revisit the decision."
        )


class TestCapacityRecord:
    def test_only_on_personal_decisions(self):
        """Capacity is judged for a decision about someone's own life."""
        with pytest.raises(ValidationError) as e:
            cp.Decision(
                id="d",
                title="Menus",
                level="engaging",
                affects={"george", "ann"},
                capacity={"george": "lacks"},
            )
        assert str(e.value) == (
            "$.capacity: capacity is judged for a decision about someone's own life; "
            "mark the decision scope: personal, or leave capacity out"
        )

    def test_only_for_someone_it_affects(self):
        """Capacity is recorded for the person the decision is about."""
        with pytest.raises(ValidationError) as e:
            move(capacity={"sam": "lacks"})
        assert str(e.value) == (
            "$.capacity['sam']: 'sam' is not among the people it affects; capacity is "
            "recorded for the person the decision is about"
        )

    def test_unknown_value(self):
        """Only `has` and `lacks` are capacities."""
        with pytest.raises(ValidationError, match="'maybe' is not a Capacity"):
            move(capacity={"george": "maybe"})

    def test_round_trip(self):
        """Capacity is written and read back exactly."""
        d = move(did("mo", "decided"), capacity={"george": "lacks"})
        assert cp.to_dict(d)["capacity"] == {"george": "lacks"}
        assert cp.from_dict(cp.Decision, cp.to_dict(d)) == d
        assert attrs.evolve(d) == d

    def test_attorney_and_deputy(self):
        """An attorney and a deputy may decide for someone: both have an advocacy perspective."""
        assert PAT.perspective is cp.Perspective.ADVOCACY
        assert person("d", "D", "deputy").perspective is cp.Perspective.ADVOCACY


class TestRevisits:
    def visits(self, *revisit, **more):
        ann = person("ann", "Ann Lee")
        cut = cp.Decision(
            id="cut",
            title="Fewer visits for Ann",
            level="engaging",
            rule="single_decider",
            affects={"ann"},
            contributions=[did("ann", "informed"), did("mo", "decided")],
        )
        again = [
            cp.Decision(
                id="again",
                title="Ann's visits, with Ann",
                level="co_producing",
                rule="single_decider",
                affects={"ann"},
                revisits="cut",
                contributions=list(revisit),
                **more,
            )
        ]
        ini = cp.Initiative(id="x", stakeholders=[ann, MO], decisions=[cut, *again])
        return cp.find_imbalances(ini)

    def test_put_right(self):
        """Ann was only told; the decision was revisited with her: kept, as information."""
        report = self.visits(
            did("ann", "proposed", adopted=True),
            did("ann", "decided"),
            date=dt.date(2026, 3, 2),
        )
        f = report.of_kind("affected_absent")[0]
        assert (f.severity, f.subjects, f.evidence["revisited_by"]) == (
            cp.Severity.INFO,
            ("ann", "cut"),
            "again",
        )
        assert f.message.endswith(
            'It was revisited on 2 March 2026 ("Ann\'s visits, with Ann"), where this was '
            "put right; it is kept for the record."
        )

    def test_not_put_right(self):
        """Revisited, but Ann still only told: the concern stands."""
        report = self.visits(did("ann", "informed"), did("mo", "decided"))
        severities = {f.subjects: f.severity for f in report.of_kind("affected_absent")}
        assert severities == {
            ("ann", "cut"): cp.Severity.CONCERN,
            ("ann", "again"): cp.Severity.CONCERN,
        }

    def test_refused_references(self):
        """A revisit names an earlier decision that exists, and never itself."""
        with pytest.raises(ValidationError) as e:
            cp.Initiative(
                id="x",
                decisions=[
                    cp.Decision(id="a", title="A", level="engaging", revisits="a"),
                    cp.Decision(id="b", title="B", level="engaging", revisits="zz"),
                ],
            )
        assert str(e.value) == (
            "2 problems:\n"
            "  $.decisions[0].revisits: 'a' cannot revisit itself\n"
            "  $.decisions[1].revisits: unknown decision 'zz'"
        )


class TestInvitedAndApologies:
    def home(self, meeting, *decisions):
        rajinder = person(
            "rajinder", "Rajinder Kaur", access_needs={"step_free_access"}
        )
        ann = person("ann", "Ann Lee")
        return cp.Initiative(
            id="x",
            stakeholders=[rajinder, ann, MO],
            meetings=[meeting],
            decisions=list(decisions),
        )

    def test_stayed_away_for_access(self):
        """Rajinder stayed away because the lift was broken: access was not met."""
        m = cp.Meeting(
            id="m1",
            date=dt.date(2026, 3, 4),
            title="Residents' meeting",
            attendees={"ann", "mo"},
            apologies={"rajinder": "access: step_free_access"},
        )
        d = cp.Decision(
            id="d1",
            title="Garden",
            level="engaging",
            meeting="m1",
            affects={"ann"},
            contributions=[did("ann", "proposed", adopted=True), did("mo", "decided")],
        )
        f = cp.find_imbalances(self.home(m, d)).of_kind("access_unmet")[0]
        assert (f.severity, f.subjects, f.evidence) == (
            cp.Severity.CONCERN,
            ("rajinder", "m1"),
            {
                "missing": ["step_free_access"],
                "decisions_taken": 1,
                "stayed_away": True,
            },
        )
        assert f.message == (
            "Rajinder Kaur stayed away from the meeting on 4 March 2026 (\"Residents' "
            'meeting") because step-free access could not be provided. 1 decision was '
            "taken without them. Arrange what Rajinder Kaur needs before the next "
            "meeting, and go over what was decided with them."
        )

    def test_other_apologies(self):
        """An apology for another reason is not an access finding."""
        m = cp.Meeting(
            id="m1",
            date=dt.date(2026, 3, 4),
            attendees={"mo"},
            apologies={"rajinder": "at the dentist"},
        )
        assert cp.find_imbalances(self.home(m)).of_kind("access_unmet") == ()

    def test_never_invited(self):
        """A decision about Ann taken at a meeting she was not invited to says so."""
        m = cp.Meeting(
            id="m1",
            date=dt.date(2026, 3, 4),
            attendees={"mo"},
            invited={"mo", "rajinder"},
        )
        d = cp.Decision(
            id="d1",
            title="Ann's visits",
            level="engaging",
            meeting="m1",
            affects={"ann"},
            rule="single_decider",
            contributions=[did("mo", "decided")],
        )
        f = cp.find_imbalances(self.home(m, d)).of_kind("affected_absent")[0]
        assert f.evidence == {"scope": "personal", "uninvited": True}
        assert (
            "Ann Lee was not even invited to the meeting where it was decided."
            in f.message
        )

    def test_attended_and_apologised_refused(self):
        """Someone who attended sent no apologies."""
        with pytest.raises(ValidationError) as e:
            cp.Meeting(
                id="m1",
                date=dt.date(2026, 3, 4),
                attendees={"mo"},
                apologies={"mo": "ill"},
            )
        assert str(e.value) == (
            "$.apologies['mo']: 'mo' attended, so sent no apologies; record one or the other"
        )

    def test_unknown_invitee(self):
        """Invitations and apologies name known people."""
        m = cp.Meeting(
            id="m1", date=dt.date(2026, 3, 4), invited={"zed"}, apologies={"zoe": "ill"}
        )
        with pytest.raises(ValidationError) as e:
            self.home(m)
        assert str(e.value) == (
            "2 problems:\n"
            "  $.meetings[0].invited: unknown stakeholder 'zed'\n"
            "  $.meetings[0].apologies: unknown stakeholder 'zoe'"
        )
