"""Tests for `coproduction.analysis.imbalance`: each kind of finding, its threshold and its words."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import types
from collections import Counter

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coproduction as cp
from coproduction.analysis import imbalance
from coproduction.analysis.findings import (
    THEMES,
    Finding,
    FindingKind,
    Policy,
    Severity,
)
from coproduction.analysis.imbalance import find_imbalances, latest_date
from coproduction.testing import initiatives

DAY = dt.date(2026, 1, 10)
ADOPTED = {"adopted": True}
FEW = settings(max_examples=min(40, settings().max_examples), deadline=None)
"""The slower properties (whole initiatives, analysed twice) run fewer examples."""


def person(id, name, kind="person", **more):
    return cp.Stakeholder(id=id, name=name, kind=kind, **more)


ALICE = person("alice", "Alice Brown")
BERT = person("bert", "Bert Cole")
MO = person("mo", "Mo Khan", "manager")
CAT = person("cat", "Cat Dunn", "care_worker")
FAY = person("fay", "Fay Brown", "family_carer", represents={"alice"})


def decision(*contributions, id="d1", title=None, level="engaging", **more):
    """A decision from ``(by, action)`` or ``(by, action, options)`` tuples."""
    made = [
        cp.Contribution(by=c[0], action=c[1], **(c[2] if len(c) > 2 else {}))
        for c in contributions
    ]
    return cp.Decision(
        id=id, title=title or f"Decision {id}", level=level, contributions=made, **more
    )


def build(*decisions, people=(ALICE, MO), **more):
    """An initiative of `people` (Alice and Mo unless told) and the given records."""
    return cp.Initiative(id="test", stakeholders=people, decisions=decisions, **more)


def kinds(report):
    """The kinds found, as their string values."""
    return [f.kind.value for f in report]


def only(report, kind):
    """The one finding of `kind` in `report`, checking its theme on the way."""
    found = report.of_kind(kind)
    assert len(found) == 1, found
    assert found[0].theme is THEMES[FindingKind(kind)]
    return found[0]


class TestProfessionalDominance:
    def test_warning(self):
        """Lived experience at 1/6 of the influence, against half the members, is a warning."""
        ini = build(
            decision(
                ("alice", "supported"), ("mo", "proposed", ADOPTED), ("mo", "supported")
            )
        )
        f = only(find_imbalances(ini), "professional_dominance")
        assert f.severity is Severity.WARNING
        assert f.subjects == ("alice",)
        assert f.evidence == {
            "lived_experience_share": pytest.approx(1 / 6),
            "lived_experience_voice": pytest.approx(1 / 4),
            "membership_share": 0.5,
            "threshold": 0.25,
        }
        assert f.message == (
            "People with lived experience are 50% of the members and have 25% of the "
            "voice, but hold only 17% of the influence over what was decided. Ask for "
            "their ideas early, while there is still something to shape, not only their "
            "vote or their reaction, and share the final say with them."
        )

    def test_views_not_taken_up(self):
        """When they did put views forward, the message asks what stops them being taken up."""
        ini = build(decision(("alice", "proposed"), ("mo", "decided")))
        f = only(find_imbalances(ini), "professional_dominance")
        assert f.message == (
            "People with lived experience are 50% of the members and have 40% of the "
            "voice, but hold none of the influence over what was decided. Ask what stops "
            "their views from being taken up, and share the final say with them."
        )

    def test_concern(self):
        """Below a quarter of the membership share it is a concern."""
        ini = build(decision(("alice", "attended"), ("mo", "decided")))
        f = only(find_imbalances(ini), "professional_dominance")
        assert f.severity is Severity.CONCERN
        assert f.evidence["lived_experience_share"] == 0.0
        assert f.message == (
            "People with lived experience are 50% of the members and were not heard at "
            "all, but hold none of the influence over what was decided. Ask them, with "
            "the support they need, before deciding, and share the final say with them."
        )

    def test_being_heard_is_not_shaping(self):
        """Consulted and heard, but nothing adopted: a high voice and no influence."""
        ini = build(decision(("alice", "consulted"), ("mo", "decided")))
        f = only(find_imbalances(ini), "professional_dominance")
        assert f.evidence["lived_experience_voice"] == 0.25
        assert f.evidence["lived_experience_share"] == 0.0

    def test_concern_boundary(self):
        """Exactly a quarter of the membership share (1/8 of 1/2) is still a warning."""
        ini = build(
            decision(
                ("alice", "supported"), ("mo", "proposed", ADOPTED), ("mo", "decided")
            )
        )
        f = only(find_imbalances(ini), "professional_dominance")
        assert (f.evidence["lived_experience_share"], f.severity) == (
            0.125,
            Severity.WARNING,
        )

    def test_near_miss(self):
        """Exactly half the membership share (1/4 of 1/2) is not dominance."""
        ini = build(decision(("alice", "supported"), ("mo", "decided")))
        assert "professional_dominance" not in kinds(find_imbalances(ini))

    def test_policy_moves_the_threshold(self):
        """A lower equal_weight_ratio lets 1/6 pass."""
        ini = build(
            decision(
                ("alice", "supported"), ("mo", "proposed", ADOPTED), ("mo", "supported")
            )
        )
        report = find_imbalances(ini, Policy(equal_weight_ratio=0.3))
        assert "professional_dominance" not in kinds(report)

    def test_members_not_everyone(self):
        """With roles held, the membership share counts members only."""
        ini = build(
            decision(("alice", "supported"), ("mo", "decided")),
            people=(ALICE, BERT, MO),
            roles=[cp.Role(id="member")],
            memberships=[
                cp.Membership(stakeholder="alice", role="member"),
                cp.Membership(stakeholder="mo", role="member"),
            ],
        )
        # all three: lived 2/3, threshold 1/3 > 1/4; members: lived 1/2, threshold 1/4
        assert "professional_dominance" not in kinds(find_imbalances(ini))

    def test_no_influence_no_dominance(self):
        """When no one shaped anything (everyone only attended), no one dominates."""
        ini = build(
            decision(("alice", "attended"), ("mo", "attended"), level="informing")
        )
        assert list(find_imbalances(ini)) == []


class TestTokenism:
    @staticmethod
    def three(action="proposed", by="alice", **options):
        """A view of Alice's on three decisions; Mo's proposal is adopted in two."""
        view = (by, action, {"on_behalf_of": "alice"} if by != "alice" else {})
        return build(
            decision(view, ("mo", "proposed", ADOPTED)),
            decision(view, ("mo", "proposed", ADOPTED), id="d2"),
            decision(view, ("mo", "decided"), id="d3"),
            **options,
        )

    def test_found(self):
        """Views on three decisions, none adopted, while others' are: a warning."""
        f = only(find_imbalances(self.three()), "tokenism")
        assert (f.severity, f.subjects) == (Severity.WARNING, ("alice",))
        assert f.evidence == {
            "decisions_with_views": 3,
            "adopted": 0,
            "others_adopted_in": 2,
        }
        assert f.message == (
            "Alice Brown put views forward on 3 decisions and none was adopted, while "
            "others' views were adopted on 2 of them. Talk with Alice Brown about what "
            "they proposed, and show how it was weighed."
        )

    @pytest.mark.parametrize("action", ["spoke", "consulted", "objected"])
    def test_every_kind_of_view(self, action):
        """Speaking, being consulted and objecting are views too."""
        assert "tokenism" in kinds(find_imbalances(self.three(action)))

    def test_near_miss_two_decisions(self):
        """Two decisions are not enough at the default of three."""
        ini = build(
            decision(("alice", "proposed"), ("mo", "proposed", ADOPTED)),
            decision(("alice", "proposed"), ("mo", "proposed", ADOPTED), id="d2"),
        )
        assert "tokenism" not in kinds(find_imbalances(ini))
        report = find_imbalances(ini, Policy(tokenism_min_decisions=2))
        assert only(report, "tokenism").evidence["decisions_with_views"] == 2

    def test_near_miss_one_adopted(self):
        """One adopted view is enough to rule it out."""
        ini = build(
            decision(("alice", "proposed", ADOPTED)),
            decision(("alice", "proposed"), ("mo", "proposed", ADOPTED), id="d2"),
            decision(("alice", "proposed"), ("mo", "proposed", ADOPTED), id="d3"),
        )
        assert "tokenism" not in kinds(find_imbalances(ini))

    def test_near_miss_no_one_adopted(self):
        """When no one's views are adopted it is not tokenism towards one person."""
        ini = build(
            *(
                decision(("alice", "proposed"), ("mo", "decided"), id=f"d{i}")
                for i in range(3)
            )
        )
        assert "tokenism" not in kinds(find_imbalances(ini))

    @pytest.mark.parametrize("action", ["voted_for", "voted_against", "supported"])
    def test_votes_and_support_are_not_views(self, action):
        """Votes, and backing someone else's idea, are not views of one's own."""
        assert "tokenism" not in kinds(find_imbalances(self.three(action)))

    def test_credited_to_the_person_represented(self):
        """Views a daughter puts forward for her mother are the mother's."""
        ini = self.three(by="fay", people=(ALICE, FAY, MO))
        assert only(find_imbalances(ini), "tokenism").subjects == ("alice",)


class TestAffectedAbsent:
    def test_found(self):
        """A personal decision about Alice with neither her nor anyone for her is a concern."""
        ini = build(
            decision(("mo", "decided"), title="Curry night", affects={"alice"}),
            people=(ALICE, FAY, MO),
        )
        f = only(find_imbalances(ini), "affected_absent")
        assert (f.severity, f.subjects, f.evidence) == (
            Severity.CONCERN,
            ("alice", "d1"),
            {"scope": "personal"},
        )
        assert f.message == (
            '"Curry night" is about Alice Brown\'s own life, but neither Alice Brown nor '
            "anyone conveying Alice Brown's wishes was heard: being told or being there is "
            "not being heard. Revisit it with Alice Brown, with the support they need, or "
            "with someone who can convey their wishes."
        )

    @pytest.mark.parametrize(
        "present",
        [
            pytest.param(("alice", "attended"), id="attended"),
            pytest.param(("alice", "informed"), id="informed"),
            pytest.param(("fay", "attended"), id="representative-there"),
            pytest.param(("fay", "spoke"), id="representative-own-view"),
        ],
    )
    def test_being_there_is_not_being_heard(self, present):
        """Being there or being told, or a relative giving their own view, is not being heard."""
        ini = build(
            decision(("mo", "decided"), present, affects={"alice"}),
            people=(ALICE, FAY, MO),
        )
        assert only(find_imbalances(ini), "affected_absent").subjects == ("alice", "d1")

    @pytest.mark.parametrize(
        "present",
        [
            pytest.param(("alice", "spoke"), id="heard"),
            pytest.param(("alice", "abstained"), id="abstained"),
            pytest.param(("fay", "spoke", {"on_behalf_of": "alice"}), id="on-behalf"),
        ],
    )
    def test_near_miss(self, present):
        """Heard in her own right, or through someone conveying her wishes."""
        ini = build(
            decision(("mo", "decided"), present, affects={"alice"}),
            people=(ALICE, FAY, MO),
        )
        assert "affected_absent" not in kinds(find_imbalances(ini))

    def test_someone_elses_representative_does_not_count(self):
        """Fay speaks for Alice, not for Bert."""
        ini = build(
            decision(
                ("mo", "decided"),
                ("fay", "spoke", {"on_behalf_of": "alice"}),
                affects={"bert"},
            ),
            people=(ALICE, BERT, FAY, MO),
        )
        assert only(find_imbalances(ini), "affected_absent").subjects == ("bert", "d1")

    def test_collective_none_heard(self):
        """A shared service decided with none of the people it affects heard: one finding."""
        ini = build(
            decision(
                ("mo", "decided"),
                ("alice", "informed"),
                title="New visiting hours",
                affects={"alice", "bert"},
            ),
            people=(ALICE, BERT, MO),
        )
        f = only(find_imbalances(ini), "affected_absent")
        assert (f.subjects, f.evidence) == (
            ("d1",),
            {"scope": "collective", "affected": 2, "people": ["alice", "bert"]},
        )
        assert f.message == (
            '"New visiting hours" affects 2 people, and none of them, nor anyone '
            "conveying their wishes, was heard: being told or being there is not being "
            "heard. Ask the people it affects before it goes further, and record what "
            "they say."
        )

    def test_collective_one_heard(self):
        """On a shared service, hearing some of those affected is not absence."""
        ini = build(
            decision(("mo", "decided"), ("alice", "spoke"), affects={"alice", "bert"}),
            people=(ALICE, BERT, MO),
        )
        assert "affected_absent" not in kinds(find_imbalances(ini))


class TestLevelOverstated:
    def test_concern(self):
        """Stated co-producing but only consulted: three rungs apart, a concern."""
        ini = build(
            decision(
                ("alice", "consulted"),
                ("mo", "decided"),
                title="Out-of-hours contact",
                level="co_producing",
            )
        )
        f = only(find_imbalances(ini), "level_overstated")
        assert (f.severity, f.subjects) == (Severity.CONCERN, ("d1",))
        assert f.evidence == {
            "stated": "co_producing",
            "observed": "consulting",
            "rungs_apart": 3,
        }
        assert f.message == (
            '"Out-of-hours contact" is described as co-producing, but what people with '
            "lived experience did shows consulting. Either describe it as it was, or give "
            "them a real share in shaping and deciding it."
        )

    def test_warning(self):
        """One rung apart is a warning."""
        ini = build(
            decision(
                ("alice", "proposed", ADOPTED),
                ("mo", "decided"),
                level="co_producing",
                rule="single_decider",
            )
        )
        f = only(find_imbalances(ini), "level_overstated")
        assert (f.severity, f.evidence["observed"], f.evidence["rungs_apart"]) == (
            Severity.WARNING,
            "co_designing",
            1,
        )

    def test_concern_gap_boundary(self):
        """Two rungs is a concern by default, a warning when the policy asks for three."""
        ini = build(
            decision(("alice", "proposed"), ("mo", "decided"), level="co_producing")
        )
        assert only(find_imbalances(ini), "level_overstated").severity is (
            Severity.CONCERN
        )
        report = find_imbalances(ini, Policy(overstated_concern_gap=3))
        assert only(report, "level_overstated").severity is Severity.WARNING

    @pytest.mark.parametrize("stated", ["coercing", "educating", "consulting"])
    def test_near_miss(self, stated):
        """A stated level at or below the observed one is not overstated."""
        ini = build(decision(("alice", "consulted"), ("mo", "decided"), level=stated))
        assert "level_overstated" not in kinds(find_imbalances(ini))


def committee(chair_votes=2, *, chair_veto=False, people=(ALICE, BERT, CAT, MO)):
    """Three members with a vote each, and Mo in the chair."""
    return build(
        people=people,
        roles=[
            cp.Role(id="member"),
            cp.Role(id="chair", votes=chair_votes, veto=chair_veto),
        ],
        memberships=[
            *(
                cp.Membership(stakeholder=p.id, role="member")
                for p in people
                if p.id != "mo"
            ),
            cp.Membership(stakeholder="mo", role="chair"),
        ],
    )


class TestFormalPowerConcentration:
    def test_found(self):
        """Mo's two votes give a quarter of the members half the power: 25 points over."""
        report = find_imbalances(
            committee(people=(ALICE, BERT, person("cy", "Cy"), MO))
        )
        f = only(report, "formal_power_concentration")
        assert (f.severity, f.subjects) == (Severity.WARNING, ("mo",))
        assert f.evidence == {
            "perspective": "professional",
            "power_share": 0.5,
            "membership_share": 0.25,
            "banzhaf": {"alice": 1 / 6, "bert": 1 / 6, "cy": 1 / 6, "mo": 0.5},
        }
        assert f.message == (
            "Members with a professional perspective are 25% of the members but hold "
            "50% of the voting power; Mo Khan alone holds 50%. Give every member an "
            "equal vote, or share the veto."
        )

    def test_near_miss(self):
        """A margin of exactly 25 points passes when the policy allows 25."""
        ini = committee(people=(ALICE, BERT, person("cy", "Cy"), MO))
        report = find_imbalances(ini, Policy(formal_power_margin=0.25))
        assert "formal_power_concentration" not in kinds(report)

    def test_veto_doubling_is_within_margin(self):
        """A chair's veto with one vote (40% of power, 25% of members) is within 20 points."""
        ini = committee(chair_votes=1, chair_veto=True)
        assert "formal_power_concentration" not in kinds(find_imbalances(ini))

    def test_quota_from_policy(self):
        """A unanimity quota in the policy evens the power out."""
        ini = committee(people=(ALICE, BERT, person("cy", "Cy"), MO))
        report = find_imbalances(ini, Policy(quota=5))
        assert "formal_power_concentration" not in kinds(report)

    def test_ties_named_by_name(self):
        """When two hold the most power, the message names the first by name, not by id."""
        residents = [person(f"r{i}", f"Resident {i}") for i in range(4)]
        zed = person("z-zed", "Zed Hart", "manager")
        amy = person("a-amy", "Amy Lee", "manager")
        ini = build(
            people=(*residents, zed, amy),
            roles=[cp.Role(id="member"), cp.Role(id="chair", votes=3)],
            memberships=[
                *(cp.Membership(stakeholder=r.id, role="member") for r in residents),
                cp.Membership(stakeholder="z-zed", role="chair"),
                cp.Membership(stakeholder="a-amy", role="chair"),
            ],
        )
        f = only(find_imbalances(ini), "formal_power_concentration")
        assert f.subjects == ("a-amy", "z-zed")
        assert f.message == (
            "Members with a professional perspective are 33% of the members but hold "
            "57% of the voting power; Amy Lee alone holds 29%. Give every member an "
            "equal vote, or share the veto."
        )

    def test_no_roles(self):
        """Without memberships there is no voting game to look at."""
        assert "formal_power_concentration" not in kinds(find_imbalances(build()))


class TestSingleDecider:
    def test_found(self):
        """Mo deciding or vetoing all three decisions that record a final say is a warning."""
        ini = build(
            decision(("mo", "decided")),
            decision(("mo", "vetoed"), id="d2"),
            decision(("alice", "proposed"), ("mo", "decided"), id="d3"),
            decision(("alice", "voted_for"), id="d4"),  # no final say: not counted
        )
        f = only(find_imbalances(ini), "single_decider")
        assert (f.severity, f.subjects) == (Severity.WARNING, ("mo",))
        assert f.evidence == {
            "final_say": 3,
            "decisions_with_final_say": 3,
            "share": 1.0,
        }
        assert f.message == (
            "Mo Khan had the final say on 3 of the 3 decisions that record one. Share "
            "decisions with the group, so that the people who live with them own them too."
        )

    def test_near_miss_half(self):
        """Half of the decisions is not most of them."""
        ini = build(
            decision(("mo", "decided")),
            decision(("mo", "decided"), id="d2"),
            decision(("alice", "decided"), id="d3"),
            decision(("alice", "decided"), id="d4"),
        )
        assert "single_decider" not in kinds(find_imbalances(ini))

    def test_two_of_three(self):
        """Two of three is most."""
        ini = build(
            decision(("mo", "decided")),
            decision(("mo", "decided"), id="d2"),
            decision(("alice", "decided"), id="d3"),
        )
        assert only(find_imbalances(ini), "single_decider").evidence["share"] == 2 / 3

    def test_near_miss_too_few(self):
        """Two decisions are not a pattern, unless the policy says they are."""
        ini = build(decision(("mo", "decided")), decision(("mo", "vetoed"), id="d2"))
        assert "single_decider" not in kinds(find_imbalances(ini))
        report = find_imbalances(ini, Policy(single_decider_min_decisions=2))
        assert only(report, "single_decider").subjects == ("mo",)


def meeting(id="m1", accommodations=(), attendees=("alice", "mo"), **more):
    return cp.Meeting(
        id=id,
        date=DAY,
        title="Residents' meeting",
        attendees=set(attendees),
        accommodations=set(accommodations),
        **more,
    )


HEARING = person("alice", "Alice Brown", access_needs={"hearing_loop"})


class TestAccessUnmet:
    def test_found(self):
        """Alice's hearing loop missing at a meeting that took one decision is a concern."""
        ini = build(
            decision(("alice", "spoke"), ("mo", "decided"), meeting="m1"),
            people=(HEARING, MO),
            meetings=[meeting()],
        )
        f = only(find_imbalances(ini), "access_unmet")
        assert (f.severity, f.subjects) == (Severity.CONCERN, ("alice", "m1"))
        assert f.evidence == {"missing": ["hearing_loop"], "decisions_taken": 1}
        assert f.message == (
            "Alice Brown needs a hearing loop, which was not provided at the meeting on "
            '10 January 2026 ("Residents\' meeting"). Provide it at every meeting Alice '
            "attends, and check with Alice how the decision taken there should be "
            "revisited."
        )

    def test_several_needs_and_no_decisions(self):
        """Several needs are listed together; with no decisions there is nothing to revisit."""
        alice = person(
            "alice", "Alice Brown", access_needs={"large_print", "quiet_room"}
        )
        ini = build(people=(alice, MO), meetings=[meeting()])
        f = only(find_imbalances(ini), "access_unmet")
        assert f.evidence == {
            "missing": ["large_print", "quiet_room"],
            "decisions_taken": 0,
        }
        assert f.message == (
            "Alice Brown needs large print and a quiet room, which were not provided at "
            'the meeting on 10 January 2026 ("Residents\' meeting"). Provide them at '
            "every meeting Alice attends."
        )

    @pytest.mark.parametrize(
        "where",
        [
            pytest.param(meeting(accommodations={"hearing_loop"}), id="provided"),
            pytest.param(meeting(attendees={"mo"}), id="not-there"),
        ],
    )
    def test_near_miss(self, where):
        """A need met, or a meeting not attended, is no finding."""
        ini = build(people=(HEARING, MO), meetings=[where])
        assert "access_unmet" not in kinds(find_imbalances(ini))

    def test_blank_name(self):
        """A stakeholder whose name is blank still gets a finding, not a crash."""
        blank = person("alice", " ", access_needs={"easy_read"})
        ini = build(people=(blank, MO), meetings=[meeting()])
        assert only(find_imbalances(ini), "access_unmet").subjects == ("alice", "m1")

    @pytest.mark.parametrize(
        ("need", "provided"),
        [
            ("bsl_interpreter", "BSL interpreter"),
            ("BSL interpreter", "British Sign Language interpreter"),
            ("hearing_loop", "induction loop"),
            ("step_free_access", "wheelchair access"),
            ("interpreter:polish", "Polish interpreter"),
            ("Easy Read", "easy_read"),
        ],
    )
    def test_met_in_other_words(self, need, provided):
        """An accommodation written in other words still meets the need it names."""
        alice = person("alice", "Alice Brown", access_needs={need})
        ini = build(people=(alice, MO), meetings=[meeting(accommodations={provided})])
        assert "access_unmet" not in kinds(find_imbalances(ini))

    def test_labels_in_the_message(self):
        """The message names needs in the vocabulary's words; the evidence keeps them as written."""
        alice = person(
            "alice",
            "Alice Brown",
            access_needs={"interpreter:polish", "Easy Read", "rest_breaks_hourly"},
        )
        ini = build(
            people=(alice, MO),
            meetings=[meeting(accommodations={"interpreter:welsh", "easy read"})],
        )
        f = only(find_imbalances(ini), "access_unmet")
        assert f.evidence == {
            "missing": ["interpreter:polish", "rest_breaks_hourly"],
            "decisions_taken": 0,
        }
        assert f.message == (
            "Alice Brown needs a Polish interpreter and rest breaks hourly, which were "
            'not provided at the meeting on 10 January 2026 ("Residents\' meeting"). '
            "Provide them at every meeting Alice attends."
        )


WHITE_BRITISH = person("alice", "Alice", characteristics={"ethnicity": "white_british"})


def served(*groups, people=(WHITE_BRITISH, MO)):
    """An initiative serving `groups` of one ethnicity, with `people` taking part."""
    return build(people=people, population={"ethnicity": dict(groups)})


class TestUnderRepresented:
    def test_found(self):
        """A group that is 5% of the people served, with no one taking part, is a warning."""
        report = find_imbalances(served(("white_british", 19), ("pakistani", 1)))
        f = only(report, "under_represented")
        assert (f.severity, f.subjects) == (Severity.WARNING, ("ethnicity:pakistani",))
        assert f.evidence == {
            "characteristic": "ethnicity",
            "group": "pakistani",
            "served": 1,
            "share": 0.05,
        }
        assert f.message == (
            "1 of the 20 people served (5%) have ethnicity 'pakistani', but no one with "
            "that ethnicity takes part. Invite people from this group, and ask what would "
            "make it easier for them to join."
        )

    def test_near_miss(self):
        """1 of 21 is below 5%, unless the policy looks at smaller groups."""
        ini = served(("white_british", 20), ("pakistani", 1))
        assert "under_represented" not in kinds(find_imbalances(ini))
        report = find_imbalances(ini, Policy(representation_min_share=0.04))
        assert only(report, "under_represented").evidence["share"] == 1 / 21

    def test_professionals_do_not_represent_residents(self):
        """A member of staff from the group does not count; a resident does."""
        nadia = person(
            "nadia", "Nadia", "care_worker", characteristics={"ethnicity": "pakistani"}
        )
        groups = (("white_british", 19), ("pakistani", 1))
        staff = served(*groups, people=(ALICE, MO, nadia))
        assert "ethnicity:pakistani" in {f.subjects[0] for f in find_imbalances(staff)}
        resident = person("nadia", "Nadia", characteristics={"ethnicity": "pakistani"})
        ini = served(*groups, people=(ALICE, resident))
        assert "ethnicity:pakistani" not in {
            f.subjects[0] for f in find_imbalances(ini)
        }

    def test_empty_group(self):
        """A group with no one in it is not looked at."""
        ini = served(("white_british", 20), ("pakistani", 0))
        assert "under_represented" not in kinds(find_imbalances(ini))


def feedback(received, *, answered=None, by="alice", text="Tea is cold"):
    """Alice's feedback on `received`, answered on `answered` if given, and a meeting on DAY."""
    responses = (
        [cp.Response(feedback="f1", date=answered, action="Tea comes in a pot now")]
        if answered
        else []
    )
    return build(
        meetings=[meeting()],
        feedback=[cp.Feedback(id="f1", received=received, text=text, by=by)],
        responses=responses,
    )


class TestFeedbackUnanswered:
    def test_found(self):
        """Feedback 91 days old with no response is a warning."""
        ini = feedback(DAY - dt.timedelta(days=91))
        f = only(find_imbalances(ini), "feedback_unanswered")
        assert (f.severity, f.subjects) == (Severity.WARNING, ("f1",))
        assert f.evidence == {"age_days": 91, "limit_days": 90}
        assert f.message == (
            'Alice Brown said "Tea is cold" on 11 October 2025, 91 days before '
            "10 January 2026, and nothing has been recorded in response. Answer it: say "
            "what was done, or why not."
        )

    def test_near_miss(self):
        """Feedback exactly 90 days old is still within the limit."""
        ini = feedback(DAY - dt.timedelta(days=90))
        assert "feedback_unanswered" not in kinds(find_imbalances(ini))

    def test_policy_moves_the_boundary(self):
        """With feedback_days=60, 61 days is too long and 60 is not."""
        policy = Policy(feedback_days=60)
        late = feedback(DAY - dt.timedelta(days=61))
        assert only(find_imbalances(late, policy), "feedback_unanswered").evidence == {
            "age_days": 61,
            "limit_days": 60,
        }
        on_time = feedback(DAY - dt.timedelta(days=60))
        assert "feedback_unanswered" not in kinds(find_imbalances(on_time, policy))

    def test_anonymous(self):
        """Anonymous feedback is attributed to "Someone (anonymously)"."""
        ini = feedback(DAY - dt.timedelta(days=100), by=None)
        message = only(find_imbalances(ini), "feedback_unanswered").message
        assert message.startswith('Someone (anonymously) said "Tea is cold" on ')

    def test_answered(self):
        """Feedback with a response is answered, however old."""
        ini = feedback(DAY - dt.timedelta(days=300), answered=DAY)
        assert "feedback_unanswered" not in kinds(find_imbalances(ini))

    def test_response_after_as_of_does_not_count(self):
        """Looking back to a date before the response, the feedback was unanswered then."""
        ini = feedback(dt.date(2025, 1, 1), answered=DAY)
        then = dt.date(2025, 6, 1)
        f = only(find_imbalances(ini, as_of=then), "feedback_unanswered")
        assert f.evidence["age_days"] == 151

    def test_a_compliment_needs_no_answer(self):
        """A compliment, however old, is never told to "answer it"."""
        ini = build(
            meetings=[meeting()],
            feedback=[
                cp.Feedback(
                    id="f1",
                    received=DAY - dt.timedelta(days=300),
                    text="Lovely staff",
                    kind="compliment",
                    by="alice",
                )
            ],
        )
        assert "feedback_unanswered" not in kinds(find_imbalances(ini))

    @pytest.mark.parametrize("kind", ["complaint", "suggestion", "question"])
    def test_every_other_kind_needs_one(self, kind):
        ini = build(
            meetings=[meeting()],
            feedback=[
                cp.Feedback(
                    id="f1", received=DAY - dt.timedelta(days=91), text="Hm", kind=kind
                )
            ],
        )
        assert "feedback_unanswered" in kinds(find_imbalances(ini))

    def test_declined_with_a_reason_is_answered(self):
        ini = held(
            cp.Response(
                feedback="f1",
                date=DAY - dt.timedelta(days=250),
                action="No: the kitchen closes at six",
                kind="declined",
            )
        )
        assert "feedback_unanswered" not in kinds(find_imbalances(ini))

    def test_holding_reply_older_than_the_limit(self):
        """A holding reply 91 days old, with nothing since, is not an answer."""
        ini = held(holding(91))
        f = only(find_imbalances(ini), "feedback_unanswered")
        assert (f.severity, f.subjects) == (Severity.WARNING, ("f1",))
        assert f.evidence == {
            "age_days": 300,
            "limit_days": 90,
            "holding_reply": "2025-10-11",
            "days_since_reply": 91,
        }
        assert f.message == (
            'Alice Brown said "Tea is cold" on 16 March 2025; a holding reply was sent '
            "on 11 October 2025 and nothing since, 91 days before 10 January 2026. A "
            "holding reply is not an answer. Answer it: say what was done, or why not."
        )

    def test_holding_reply_near_miss(self):
        """A holding reply exactly 90 days old is still in time, however old the feedback."""
        ini = held(holding(90))
        assert "feedback_unanswered" not in kinds(find_imbalances(ini))

    def test_counts_from_the_latest_holding_reply(self):
        ini = held(holding(200), holding(30))
        assert "feedback_unanswered" not in kinds(find_imbalances(ini))
        ini = held(holding(30), holding(200))  # recorded out of order
        assert "feedback_unanswered" not in kinds(find_imbalances(ini))

    def test_holding_then_done_is_answered(self):
        done = cp.Response(
            feedback="f1", date=DAY - dt.timedelta(days=100), action="A new urn"
        )
        assert "feedback_unanswered" not in kinds(
            find_imbalances(held(holding(200), done))
        )


def holding(days_before):
    """A holding reply to f1, `days_before` DAY."""
    return cp.Response(
        feedback="f1",
        date=DAY - dt.timedelta(days=days_before),
        action="We will look at it again at the spring review",
        kind="holding",
    )


def held(*responses):
    """Alice's feedback 300 days before DAY, with `responses`."""
    return build(
        meetings=[meeting()],
        feedback=[
            cp.Feedback(
                id="f1",
                received=DAY - dt.timedelta(days=300),
                text="Tea is cold",
                by="alice",
                kind="complaint",
            )
        ],
        responses=list(responses),
    )


def cycled(studied, acted=None, *, people=(ALICE, MO)):
    """Alice and Mo plan a curry night together; `studied` and `acted` study and act on it."""
    days = iter(dt.datetime(2026, 2, d, 9, tzinfo=dt.UTC) for d in (1, 2, 6, 16, 16))
    ini = build(
        people=people,
        change_ideas=[cp.ChangeIdea(id="curry", title="A curry night")],
        measures=[cp.Measure(id="sat", name="Residents satisfied", kind="outcome")],
        clock=lambda: next(days),
    )
    cycle = ini.start_cycle(id="c1", change_idea="curry")
    cycle.plan(
        "Residents choose a curry night",
        [cp.Prediction(measure="sat", direction="increase")],
        by={"alice", "mo"},
    )
    cycle.do("Curry night held", by={"alice", "mo"})
    if studied:
        cycle.study(by=studied)
    if acted:
        cycle.act(cp.Outcome.ADOPT, "Keep it monthly", by=acted)
    return ini


class TestReviewWithoutLivedExperience:
    def test_found(self):
        """A cycle studied and acted on by staff alone is a warning."""
        ini = cycled({"mo", "cat"}, {"mo"}, people=(ALICE, MO, CAT))
        f = only(find_imbalances(ini), "review_without_lived_experience")
        assert (f.severity, f.subjects) == (Severity.WARNING, ("c1",))
        assert f.evidence == {"phases": ["study", "act"], "took_part": ["cat", "mo"]}
        assert f.message == (
            'Only Cat Dunn and Mo Khan studied and acted on the PDSA cycle testing "A '
            'curry night" on 16 February 2026: no one with lived experience took part. '
            "Study the results with the people who live with the change, and decide "
            "with them what to do next."
        )

    def test_act_only(self):
        """Residents in the Study but not in the Act still leave the Act without them."""
        f = only(
            find_imbalances(cycled({"alice"}, {"mo"})),
            "review_without_lived_experience",
        )
        assert f.evidence == {"phases": ["act"], "took_part": ["mo"]}
        assert f.message.startswith(
            'Only Mo Khan acted on the PDSA cycle testing "A curry'
        )

    @pytest.mark.parametrize(
        ("studied", "acted"),
        [
            pytest.param({"alice", "mo"}, {"alice"}, id="both-with-alice"),
            pytest.param({"alice"}, None, id="not-yet-acted"),
            pytest.param(None, None, id="not-yet-studied"),
        ],
    )
    def test_near_miss(self, studied, acted):
        """Someone with lived experience in each step taken, or no review yet, is no finding."""
        report = find_imbalances(cycled(studied, acted))
        assert "review_without_lived_experience" not in kinds(report)

    def test_advocate_is_not_lived_experience(self):
        """An advocate in the Study does not make up for residents who were not there."""
        ade = person("ade", "Ade Obi", "advocate", represents={"alice"})
        ini = cycled({"ade", "mo"}, {"alice"}, people=(ALICE, ade, MO))
        found = only(find_imbalances(ini), "review_without_lived_experience")
        assert found.evidence["phases"] == ["study"]


class TestProxyOnly:
    def test_found(self):
        """Alice heard only through her daughter is information, and not affected_absent."""
        ini = build(
            decision(
                ("fay", "proposed", {"adopted": True, "on_behalf_of": "alice"}),
                ("mo", "decided"),
                affects={"alice"},
            ),
            people=(ALICE, FAY, MO),
        )
        report = find_imbalances(ini)
        assert kinds(report) == ["proxy_only"]
        f = report[0]
        assert (f.severity, f.subjects) == (Severity.INFO, ("alice",))
        assert f.evidence == {"represented_by": ["fay"]}
        assert f.message == (
            "Alice Brown is heard only through Fay Brown. Find a way for Alice Brown to "
            "take part directly too, with the support they need."
        )

    def test_speakers_listed_by_name(self):
        """Several speakers are listed in order of their names, whatever their ids."""
        zoe = person("adv", "Zoe Hart", "advocate", represents={"alice"})
        ini = build(
            decision(("fay", "spoke", {"on_behalf_of": "alice"})),
            decision(("adv", "spoke", {"on_behalf_of": "alice"}), id="d2"),
            people=(ALICE, FAY, zoe, MO),
        )
        f = only(find_imbalances(ini), "proxy_only")
        assert f.evidence == {"represented_by": ["adv", "fay"]}
        assert f.message.startswith(
            "Alice Brown is heard only through Fay Brown and Zoe Hart. "
        )

    def test_near_miss(self):
        """Speaking once for herself is enough."""
        ini = build(
            decision(("fay", "spoke", {"on_behalf_of": "alice"})),
            decision(("alice", "spoke"), id="d2"),
            people=(ALICE, FAY, MO),
        )
        assert "proxy_only" not in kinds(find_imbalances(ini))

    def test_being_there_is_not_being_heard(self):
        """Attending, or being told, is not speaking for oneself."""
        ini = build(
            decision(
                ("fay", "spoke", {"on_behalf_of": "alice"}), ("alice", "attended")
            ),
            decision(("alice", "informed"), id="d2"),
            people=(ALICE, FAY, MO),
        )
        assert only(find_imbalances(ini), "proxy_only").subjects == ("alice",)

    def test_communication_support_is_her_own_voice(self):
        """Alice's own words with her daughter's communication support are Alice heard directly."""
        ini = build(
            decision(("fay", "spoke", {"on_behalf_of": "alice"})),
            decision(("alice", "spoke", {"supported_by": "fay"}), id="d2"),
            people=(ALICE, FAY, MO),
        )
        assert "proxy_only" not in kinds(find_imbalances(ini))

    def test_supporter_never_counts_as_a_proxy(self):
        """An interpreter who supports Alice is never listed as speaking for her."""
        ines = person("ines", "Ines Roca", "other", perspective="professional")
        ini = build(
            decision(("fay", "spoke", {"on_behalf_of": "alice"})),
            decision(("alice", "attended", {"supported_by": "ines"}), id="d2"),
            people=(ALICE, FAY, ines, MO),
        )
        f = only(find_imbalances(ini), "proxy_only")
        assert f.evidence == {"represented_by": ["fay"]}


def mixed():
    """An initiative with findings of several severities, kinds and subjects."""
    return build(
        decision(("mo", "decided"), affects={"alice", "bert"}, level="co_producing"),
        decision(("mo", "decided"), id="d2", affects={"bert"}),
        decision(("mo", "vetoed"), id="d3"),
        decision(("fay", "spoke", {"on_behalf_of": "alice"}), id="d4"),
        people=(ALICE, BERT, FAY, MO),
        meetings=[meeting()],
        feedback=[
            cp.Feedback(id="f1", received=dt.date(2025, 1, 1), text="More trips"),
            cp.Feedback(id="f0", received=dt.date(2025, 2, 1), text="Warmer tea"),
        ],
    )


class TestFindImbalances:
    def test_sorted(self):
        """Findings come most serious first, then by kind (in FindingKind order), then subjects."""
        found = [
            (f.severity.value, f.kind.value, f.subjects)
            for f in find_imbalances(mixed())
        ]
        assert found == [
            ("concern", "professional_dominance", ("alice", "bert")),
            ("concern", "affected_absent", ("bert", "d2")),
            ("concern", "affected_absent", ("d1",)),
            ("concern", "level_overstated", ("d1",)),
            ("concern", "level_overstated", ("d2",)),
            ("concern", "level_overstated", ("d3",)),
            ("warning", "single_decider", ("mo",)),
            ("warning", "feedback_unanswered", ("f0",)),
            ("warning", "feedback_unanswered", ("f1",)),
            ("info", "proxy_only", ("alice",)),
        ]

    def test_deterministic(self):
        """The same initiative gives the same report every time."""
        assert find_imbalances(mixed()) == find_imbalances(mixed())

    def test_as_of_defaults_to_latest_date(self):
        """Ages are measured from the latest date the initiative records."""
        report = find_imbalances(mixed())
        assert report.as_of == latest_date(mixed()) == DAY
        assert find_imbalances(mixed(), as_of=DAY) == report

    def test_never_reads_the_clock(self, monkeypatch):
        """The report does not change with the date it is run: today() is never called."""
        before = find_imbalances(mixed())

        class Frozen(dt.date):
            @classmethod
            def today(cls):
                raise AssertionError("find_imbalances read the clock")

        monkeypatch.setattr(imbalance, "dt", types.SimpleNamespace(date=Frozen))
        assert find_imbalances(mixed()) == before

    def test_as_of_moves_ages(self):
        """A later as_of makes feedback older; an earlier one makes none overdue."""
        ini = feedback(DAY - dt.timedelta(days=30))
        assert "feedback_unanswered" not in kinds(find_imbalances(ini))
        later = find_imbalances(ini, as_of=DAY + dt.timedelta(days=61))
        assert only(later, "feedback_unanswered").evidence["age_days"] == 91

    def test_nothing_recorded(self):
        """An empty initiative has no date and no findings."""
        report = find_imbalances(cp.Initiative(id="empty"))
        assert (list(report), report.as_of) == ([], None)

    def test_summary(self):
        """The report carries the figures behind the findings."""
        report = find_imbalances(mixed())
        assert report.summary["findings"] == {"info": 1, "warning": 3, "concern": 6}
        assert report.summary["decisions"] == 4
        # Fay conveyed Alice's wishes on d4, which is still pending: voice, no influence
        assert report.summary["voice_shares"]["lived_experience"] == 0.25
        assert report.summary["influence_shares"]["lived_experience"] == 0.0
        assert report.summary["lived_experience"] == ["lived_experience"]


# -- bundled scenarios -------------------------------------------------------------

ITEM = re.compile(r"^#   ([a-z_]+)\b", re.MULTILINE)


def planted(name):
    """The kinds listed under ``# Planted problems:`` in a bundled scenario's header."""
    text = cp.scenarios.read_bundled(name)
    header = text[: text.index("\n\n")] if "\n\n" in text else text
    start = header.index("# Planted problems:")
    block = header[start:]
    if block.startswith("# Planted problems: none"):
        return header, []
    return header, ITEM.findall(block)


SCENARIOS = cp.scenarios.list_bundled()


class TestBundledScenarios:
    def test_headers_parse(self):
        """Every bundled scenario declares its planted problems, or none, in known kinds."""
        for name in SCENARIOS:
            _, kinds_planted = planted(name)
            assert {FindingKind(k) for k in kinds_planted} <= set(FindingKind)

    @pytest.mark.parametrize("name", SCENARIOS)
    def test_planted_problems_found(self, name):
        """Each planted problem is found, naming someone or something the header names."""
        header, kinds_planted = planted(name)
        report = find_imbalances(cp.scenarios.load_bundled(name))
        for kind in kinds_planted:
            found = report.of_kind(kind)
            assert found, f"{name}: planted {kind} not found"
            if kind == "professional_dominance":
                continue  # its subjects are everyone with lived experience
            for f in found:
                named = [s.split(":")[-1] for s in f.subjects]
                assert any(s in header for s in named), (name, f.subjects)

    @pytest.mark.parametrize("name", SCENARIOS)
    def test_nothing_serious_unplanted(self, name):
        """No warning or concern is found that the header did not plant."""
        _, kinds_planted = planted(name)
        report = find_imbalances(cp.scenarios.load_bundled(name))
        serious = {f.kind.value for f in report.at_least(Severity.WARNING)}
        assert serious <= set(kinds_planted)

    def test_fair_scenarios_are_clean(self):
        """Scenarios planted with no problems give no warning or concern."""
        fair = [n for n in SCENARIOS if not planted(n)[1]]
        assert fair  # there is at least one to check
        for name in fair:
            report = find_imbalances(cp.scenarios.load_bundled(name))
            assert report.at_least(Severity.WARNING) == (), name


# -- properties --------------------------------------------------------------------

LIVED = cp.Perspective.LIVED_EXPERIENCE


@given(initiatives())
@FEW
def test_influence_shares_are_a_distribution(ini):
    """Shares lie in [0, 1] and sum to 1 whenever any influence exists."""
    shares = cp.influence_shares(ini)
    assert all(0.0 <= s <= 1.0 for s in shares.values())
    if any(cp.influence_by_stakeholder(ini).values()):
        assert sum(shares.values()) == pytest.approx(1.0)
    else:
        assert set(shares.values()) == {0.0}


@given(initiatives(), st.data())
@FEW
def test_adopted_lived_proposal_never_lowers_the_share(ini, data):
    """Adding an adopted lived-experience proposal to a decision never lowers that share."""
    lived = [s.id for s in ini.stakeholders if s.perspective is LIVED]
    if not ini.decisions or not lived:
        return
    target = data.draw(st.sampled_from(ini.decisions))
    if target.result not in {cp.Result.CARRIED, cp.Result.REJECTED}:
        return  # an unsettled decision carries no influence either way
    who = data.draw(st.sampled_from(lived))
    grown = attrs.evolve(  # the same result and choice, recorded
        target,
        contributions=[
            *target.contributions,
            cp.Contribution(by=who, action="proposed", adopted=True),
        ],
    )
    data_dict = cp.to_dict(ini)
    index = [d.id for d in ini.decisions].index(target.id)
    data_dict["decisions"][index] = cp.to_dict(grown)
    after = cp.from_dict(cp.Initiative, data_dict)
    before = cp.influence_shares(ini)[LIVED]
    assert cp.influence_shares(after)[LIVED] >= before - 1e-12


def relabelled(ini, mapping):
    """A copy of `ini` with every id the analysis reads replaced through `mapping`."""

    def one(value):
        return None if value is None else mapping[value]

    def many(values):
        return [mapping[v] for v in values]

    fields = {
        "stakeholders": {"id": one, "represents": many},
        "roles": {"id": one},
        "memberships": {"stakeholder": one, "role": one},
        "meetings": {
            "id": one,
            "attendees": many,
            "invited": many,
            "apologies": lambda found: {mapping[k]: v for k, v in found.items()},
        },
        "decisions": {
            "id": one,
            "meeting": one,
            "revisits": one,
            "affects": many,
            "capacity": lambda found: {mapping[k]: v for k, v in found.items()},
        },
        "feedback": {"id": one, "by": one},
        "responses": {"feedback": one, "by": many, "decision": one},
        "care_plans": {"id": one, "person": one},
    }
    nested = {
        ("decisions", "contributions"): {
            "by": one,
            "on_behalf_of": one,
            "supported_by": one,
        },
        ("decisions", "options"): {"proposed_by": many},
        ("care_plans", "items"): {"agreed_by": many},
        ("cycles", "events"): {"by": many},
    }
    data = cp.to_dict(ini)

    def rename(record, how):
        for key, change in how.items():
            if key in record:
                record[key] = change(record[key])

    for collection, how in fields.items():
        for record in data.get(collection, []):
            rename(record, how)
    for (collection, inner), how in nested.items():
        for record in data.get(collection, []):
            for part in record.get(inner, []):
                rename(part, how)
    return cp.from_dict(cp.Initiative, data)


UNORDERED = {
    FindingKind.PROFESSIONAL_DOMINANCE,
    FindingKind.FORMAL_POWER_CONCENTRATION,
    FindingKind.TOKENISM,
    FindingKind.MEMBERSHIP_IMBALANCE,
    FindingKind.OBJECTION_OVERRIDDEN,
}


def canonical(f: Finding, mapping):
    """A finding with its ids mapped, in a form that does not depend on id order."""
    subjects = tuple(mapping.get(s, s) for s in f.subjects)
    if f.kind in UNORDERED:
        subjects = tuple(sorted(subjects))
    evidence = dict(f.evidence)
    if "banzhaf" in evidence:
        evidence["banzhaf"] = sorted(
            (mapping[k], v) for k, v in evidence["banzhaf"].items()
        )
    for key in (
        "took_part",
        "objectors",
        "opposed",
        "people",
        "agreed_by",
        "prevailed",
    ):
        if key in evidence:
            evidence[key] = sorted(mapping[k] for k in evidence[key])
    if "revisited_by" in evidence:
        evidence["revisited_by"] = mapping[evidence["revisited_by"]]
    if "represented_by" in evidence:
        evidence["represented_by"] = sorted(
            mapping[k] for k in evidence["represented_by"]
        )
    return (
        f.kind,
        f.severity,
        subjects,
        f.message,
        repr(sorted(evidence.items())),
        f.theme,
    )


def all_ids(ini):
    found = {s.id for s in ini.stakeholders} | {r.id for r in ini.roles}
    found |= {m.id for m in ini.meetings} | {d.id for d in ini.decisions}
    found |= {f.id for f in ini.feedback} | {p.id for p in ini.care_plans}
    return sorted(found)


@given(initiatives(), st.randoms(use_true_random=False))
@FEW
def test_relabelling_changes_only_ids(ini, random):
    """Renaming every id consistently changes nothing but the ids in the findings."""
    ids = all_ids(ini)
    shuffled = list(range(len(ids)))
    random.shuffle(shuffled)
    mapping = {old: f"x{n:03d}" for old, n in zip(ids, shuffled, strict=True)}
    renamed = relabelled(ini, mapping)
    assert cp.influence_shares(renamed) == pytest.approx(cp.influence_shares(ini))
    identity = {i: i for i in mapping.values()}
    before = Counter(canonical(f, mapping) for f in find_imbalances(ini))
    after = Counter(canonical(f, identity) for f in find_imbalances(renamed))
    assert after == before


@given(initiatives())
@FEW
def test_same_for_the_same_record_rebuilt(ini):
    """The same record, rebuilt from its plain data, gives an equal report, in order."""
    first = find_imbalances(ini)
    assert find_imbalances(cp.from_dict(cp.Initiative, cp.to_dict(ini))) == first
    keys = [
        (-f.severity.rank, list(FindingKind).index(f.kind), f.subjects) for f in first
    ]
    assert keys == sorted(keys)


class TestPolicyWeights:
    def test_partial_weights_keep_defaults(self):
        """Weights given for some actions override those; the rest keep their defaults."""
        policy = Policy(action_weights={"proposed": 5})
        assert policy.action_weights[cp.Action.PROPOSED] == 5.0
        assert policy.action_weights[cp.Action.DECIDED] == 3.0

    def test_unknown_action_refused(self):
        """A weight for an action that does not exist is refused."""
        with pytest.raises(cp.ValidationError, match="'nodded' is not an Action"):
            Policy(action_weights={"nodded": 1})


class TestLatestDate:
    def test_counts_observations_and_cycles(self):
        """Observations and cycle events count towards the latest date."""
        ini = cp.Initiative(
            id="x",
            measures=[cp.Measure(id="m", name="M", kind="outcome")],
            observations=[cp.Observation(measure="m", at=dt.date(2027, 5, 1), value=1)],
        )
        assert latest_date(ini) == dt.date(2027, 5, 1)


def test_same_whatever_the_hash_seed():
    """Reports do not depend on the order Python happens to iterate sets in.

    Strings hash differently under each PYTHONHASHSEED, so the same process run twice
    could not show a dependence on set order; two processes with two seeds do.
    """
    probe = (
        "import coproduction as cp\n"
        "from coproduction.present.report import render_json\n"
        "for name in cp.scenarios.list_bundled():\n"
        "    ini = cp.scenarios.load_bundled(name)\n"
        "    print(render_json(cp.find_imbalances(ini), ini))\n"
        "    print(sorted(cp.influence_graph(ini).edges(keys=True, data=True)))\n"
    )
    outputs = [
        subprocess.run(
            [sys.executable, "-c", probe],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    ]
    assert outputs[0] == outputs[1]
    assert outputs[0].count('"format": "coproduction-report"') == len(
        cp.scenarios.list_bundled()
    )


# -- voice, influence and the rules of issue 9 ---------------------------------------


def votes(id, winners, losers, **more):
    """A motion under majority: `winners` voted for it, `losers` against; it carried."""
    made = [(p, "voted_for") for p in winners] + [(p, "voted_against") for p in losers]
    return decision(*made, id=id, rule="majority", **more)


RELATIVES = [
    person(f"r{i}", f"Relative {i}", "family_carer", represents=set()) for i in range(3)
]


class TestOutvoted:
    def committee(self, lost, won):
        """Alice and Bert lose `lost` motions to three relatives and win `won`."""
        lost_votes = [
            votes(f"l{i}", [r.id for r in RELATIVES], ["alice", "bert"])
            for i in range(lost)
        ]
        won_votes = [
            votes(f"w{i}", ["alice", "bert", "r0", "r1"], ["r2"]) for i in range(won)
        ]
        return build(*lost_votes, *won_votes, people=(ALICE, BERT, *RELATIVES, MO))

    def test_concern(self):
        """Outvoted on every contested vote: a concern naming the votes lost."""
        f = only(find_imbalances(self.committee(3, 0)), "outvoted")
        assert (f.severity, f.subjects) == (Severity.CONCERN, ("l0", "l1", "l2"))
        assert f.evidence == {"contested": 3, "lost": 3, "share": 1.0}
        assert f.message == (
            "People with lived experience lost 3 of the 3 contested votes they took part "
            'in (100%) to a majority of others, among them "Decision l0", "Decision l1" '
            'and "Decision l2". A vote can overrule the people who live with a decision: '
            "look for agreement before voting, or give those it affects most a weight or "
            "a say of their own."
        )

    def test_warning_at_half(self):
        """Losing exactly half of four is a warning: the threshold is inclusive."""
        f = only(find_imbalances(self.committee(2, 2)), "outvoted")
        assert (f.severity, f.evidence["share"]) == (Severity.WARNING, 0.5)

    def test_near_miss_below_half(self):
        """Losing one of three is not a pattern of being overruled."""
        assert "outvoted" not in kinds(find_imbalances(self.committee(1, 2)))

    def test_near_miss_too_few(self):
        """Two contested votes, both lost, are too few to call a pattern."""
        assert "outvoted" not in kinds(find_imbalances(self.committee(2, 0)))

    def test_unanimous_votes_are_not_contested(self):
        """Votes with no one on the losing side contest nothing."""
        ini = build(
            *[votes(f"u{i}", ["alice", "r0"], []) for i in range(4)],
            people=(ALICE, *RELATIVES, MO),
        )
        assert "outvoted" not in kinds(find_imbalances(ini))


class TestObjectionOverridden:
    def test_concern_under_consent(self):
        """Under consent, an objection not taken up and the decision carried."""
        ini = build(
            decision(
                ("mo", "proposed", ADOPTED),
                ("alice", "objected"),
                rule="consent",
                title="Locking the garden",
            )
        )
        f = only(find_imbalances(ini), "objection_overridden")
        assert (f.severity, f.subjects) == (Severity.CONCERN, ("alice", "d1"))
        assert f.message == (
            '"Locking the garden" was taken by consent, yet it carried over the objection '
            "of Alice Brown, which was not taken up. Under consent an objection stops a "
            "decision until it is resolved: go back to it with them, and record how their "
            "objection was answered."
        )

    def test_near_miss_objection_taken_up(self):
        """An objection that changed the proposal (adopted) was not overridden."""
        ini = build(
            decision(
                ("mo", "proposed", ADOPTED),
                ("alice", "objected", ADOPTED),
                rule="consent",
            )
        )
        assert "objection_overridden" not in kinds(find_imbalances(ini))

    def test_on_behalf(self):
        """An objection conveying Alice's wishes is hers."""
        ini = build(
            decision(
                ("mo", "proposed", ADOPTED),
                ("fay", "objected", {"on_behalf_of": "alice"}),
                rule="consensus",
            ),
            people=(ALICE, FAY, MO),
        )
        assert only(find_imbalances(ini), "objection_overridden").subjects == (
            "alice",
            "d1",
        )

    def test_warning_under_advice(self):
        """Under advice, everyone with lived experience who took a position opposed it."""
        ini = build(
            decision(
                ("alice", "objected"),
                ("bert", "voted_against"),
                ("mo", "decided"),
                rule="advice",
                title="Moving tea to four",
            ),
            people=(ALICE, BERT, MO),
        )
        f = only(find_imbalances(ini), "objection_overridden")
        assert (f.severity, f.subjects) == (Severity.WARNING, ("alice", "bert", "d1"))
        assert f.message == (
            '"Moving tea to four" was decided by a decider taking advice, and Alice Brown '
            "and Bert Cole, everyone with lived experience who took a position, opposed "
            "what was decided. Explain to them why, and ask whether it should be "
            "revisited together."
        )

    def test_near_miss_one_in_favour(self):
        """Under advice, one resident in favour means not everyone was overruled."""
        ini = build(
            decision(
                ("alice", "objected"),
                ("bert", "supported", ADOPTED),
                ("mo", "decided"),
                rule="advice",
            ),
            people=(ALICE, BERT, MO),
        )
        assert "objection_overridden" not in kinds(find_imbalances(ini))


class TestMembershipImbalance:
    def test_found_and_near_miss(self):
        """One resident of four members is below a third; one of three is not."""
        roles = [cp.Role(id="member")]

        def members(*ids):
            return [cp.Membership(stakeholder=i, role="member") for i in ids]

        few = build(
            people=(ALICE, MO, CAT, person("dev", "Dev Rao", "social_worker")),
            roles=roles,
            memberships=members("alice", "mo", "cat", "dev"),
        )
        f = only(find_imbalances(few), "membership_imbalance")
        assert (f.severity, f.subjects) == (Severity.WARNING, ("alice",))
        enough = build(
            people=(ALICE, MO, CAT),
            roles=roles,
            memberships=members("alice", "mo", "cat"),
        )
        assert "membership_imbalance" not in kinds(find_imbalances(enough))

    def test_not_on_one_persons_plan(self):
        """Planning one person's life, the person is the lived experience."""
        ini = build(
            decision(("alice", "decided"), affects={"alice"}),
            people=(ALICE, MO, CAT, person("dev", "Dev Rao", "social_worker")),
        )
        assert "membership_imbalance" not in kinds(find_imbalances(ini))


@given(initiatives())
@FEW
def test_voice_and_influence_are_distributions(ini):
    """Each settled decision shares out 1 of influence; each heard decision 1 of voice."""
    voice = sum(cp.voice_by_stakeholder(ini).values())
    influence = sum(cp.influence_by_stakeholder(ini).values())
    policy = Policy()
    heard = sum(
        1
        for d in ini.decisions
        if any(policy.action_weights[c.action] for c in d.contributions)
        or any(o.proposed_by for o in d.options)
    )
    assert voice == pytest.approx(heard)
    assert influence <= voice + 1e-9
    unsettled = [
        d
        for d in ini.decisions
        if d.result not in {cp.Result.CARRIED, cp.Result.REJECTED}
    ]
    for d in unsettled:
        assert not any(cp.analysis.contribution_weights(d))


def test_a_veto_is_not_being_outvoted():
    """Residents who won every vote and were vetoed were overruled, not outvoted."""
    ini = build(
        *[votes(f"v{i}", ["alice", "bert", "r0"], ["r1"]) for i in range(3)],
        *[
            decision(
                ("alice", "voted_for"),
                ("bert", "voted_for"),
                ("r0", "voted_for"),
                ("r1", "voted_against"),
                ("mo", "vetoed"),
                id=f"x{i}",
                rule="majority",
            )
            for i in range(3)
        ],
        people=(ALICE, BERT, *RELATIVES, MO),
    )
    report = find_imbalances(ini)
    assert "outvoted" not in kinds(report)
    assert only(report, "single_decider").subjects == ("mo",)


def test_a_carers_view_is_not_the_persons_wish():
    """On Alice's own decision, her daughter's adopted idea is not Alice shaping it."""
    fay = person("fay", "Fay Brown", "family_carer")
    ini = build(
        decision(
            ("fay", "proposed", ADOPTED),
            ("mo", "decided"),
            affects={"alice", "fay"},
            scope="personal",
            rule="single_decider",
            level="co_designing",
        ),
        people=(ALICE, fay, MO),
    )
    assert cp.observed_level(ini, "d1") is cp.Level.COERCING
    f = only(find_imbalances(ini), "level_overstated")
    assert f.evidence["observed"] == "coercing"
    assert [x.subjects for x in find_imbalances(ini).of_kind("affected_absent")] == [
        ("alice", "d1")
    ]


def plan(*agreed, review=None, title="Alice's care plan", person="alice"):
    """A care plan for `person` with one item for each set of people who agreed it."""
    items = [
        cp.CarePlanItem(area="daily routine", text=f"Item {i}", agreed_by=who)
        for i, who in enumerate(agreed, 1)
    ]
    return cp.CarePlan(id="cp1", person=person, title=title, items=items, review=review)


class TestCarePlanNotAgreed:
    def test_found(self):
        """Alice agreed no item, and no one conveying her wishes did: a concern."""
        ini = build(care_plans=[plan({"mo"}, {"mo", "cat"})], people=(ALICE, MO, CAT))
        f = only(find_imbalances(ini), "care_plan_not_agreed")
        assert (f.severity, f.subjects) == (Severity.CONCERN, ("alice", "cp1"))
        assert f.evidence == {"items": 2, "agreed_by": ["cat", "mo"]}
        assert f.message == (
            "Alice Brown did not agree any part of their care plan (\"Alice's care "
            "plan\"), and no one conveying Alice's wishes did either. Go through the "
            "plan with Alice, with the support they need, and record what Alice agrees."
        )

    def test_a_plan_with_no_items_and_no_title(self):
        """An empty plan is not agreed either; without a title the message leaves it out."""
        ini = build(care_plans=[plan(title="")])
        f = only(find_imbalances(ini), "care_plan_not_agreed")
        assert f.evidence == {"items": 0, "agreed_by": []}
        assert f.message.startswith(
            "Alice Brown did not agree any part of their care plan, and no one"
        )

    def test_a_relatives_own_agreement_is_not_the_persons(self):
        """A relative who does not represent Alice agreeing for her does not count."""
        sis = person("sis", "Sis Brown", "family_carer")
        ini = build(care_plans=[plan({"sis", "mo"})], people=(ALICE, MO, sis))
        assert only(find_imbalances(ini), "care_plan_not_agreed").evidence == {
            "items": 1,
            "agreed_by": ["mo", "sis"],
        }

    def test_near_miss_one_item_agreed_by_the_person(self):
        """One item Alice agreed is enough: she took part in her plan."""
        ini = build(care_plans=[plan({"mo"}, {"alice", "mo"})])
        assert "care_plan_not_agreed" not in kinds(find_imbalances(ini))

    def test_near_miss_one_item_agreed_by_her_representative(self):
        """Fay, who conveys Alice's wishes, agreeing one item is Alice heard."""
        ini = build(care_plans=[plan({"mo"}, {"fay"})], people=(ALICE, MO, FAY))
        assert "care_plan_not_agreed" not in kinds(find_imbalances(ini))


class TestCarePlanReviewOverdue:
    def overdue(self, review, as_of):
        ini = build(care_plans=[plan({"alice"}, review=review)])
        return find_imbalances(ini, as_of=as_of).of_kind("care_plan_review_overdue")

    def test_found(self):
        """A review due 428 days before the report's date is a warning."""
        ini = build(
            care_plans=[plan({"alice"}, review=dt.date(2025, 3, 3))],
            meetings=[cp.Meeting(id="m1", date=dt.date(2026, 5, 5))],
        )
        f = only(find_imbalances(ini), "care_plan_review_overdue")
        assert (f.severity, f.subjects) == (Severity.WARNING, ("alice", "cp1"))
        assert f.evidence == {"review": "2025-03-03", "days_overdue": 428}
        assert f.message == (
            "Alice Brown's care plan (\"Alice's care plan\") was due for review on "
            "3 March 2025, 428 days ago (as of 5 May 2026). Review it with Alice, with "
            "the support they need: ask what still matters to Alice and what has "
            "changed, and record what is agreed and when it will next be reviewed."
        )

    def test_one_day(self):
        """A day late is overdue, and said in the singular."""
        (f,) = self.overdue(dt.date(2026, 1, 9), DAY)
        assert f.evidence["days_overdue"] == 1
        assert "on 9 January 2026, 1 day ago (as of 10 January 2026)." in f.message

    def test_near_miss_due_on_the_day(self):
        """A review due on the report's date is not yet overdue."""
        assert self.overdue(DAY, DAY) == ()

    def test_no_review_date_or_no_date_at_all(self):
        """A plan with no review date, or an initiative with no dates, raises nothing."""
        assert self.overdue(None, DAY) == ()
        assert self.overdue(dt.date(2020, 1, 1), None) == ()

    def test_the_review_date_does_not_move_as_of(self):
        """A review planned in the future is not a date anything happened on."""
        ini = build(
            care_plans=[
                cp.CarePlan(
                    id="cp1",
                    person="alice",
                    agreed=dt.date(2025, 6, 1),
                    review=dt.date(2026, 6, 1),
                )
            ]
        )
        assert latest_date(ini) == dt.date(2025, 6, 1)


OVERTIME_BEFORE = [14, 12, 15, 13, 14, 12, 13, 15, 14, 13, 12, 14]  # Jan-Dec 2025


def balanced(after, *, again=None):
    """A curry night tested from January 2026 while kitchen overtime is watched.

    `after` is the overtime of the months of the first cycle's test; with `again`, a
    second cycle of the ramp is tested from the month after and studied on its values.
    """
    month = [dt.date(2025 + (m - 1) // 12, (m - 1) % 12 + 1, 28) for m in range(1, 25)]
    overtime = [*OVERTIME_BEFORE, *after, *(again or [])]
    days = iter(dt.datetime(2026, 1, d, 9, tzinfo=dt.UTC) for d in range(1, 30))
    ini = build(
        people=(ALICE, MO),
        change_ideas=[cp.ChangeIdea(id="curry", title="A curry night")],
        measures=[
            cp.Measure(
                id="sat",
                name="Residents satisfied",
                kind="outcome",
                improvement="increase",
            ),
            cp.Measure(
                id="overtime",
                name="Kitchen overtime",
                kind="balancing",
                unit="hours",
                improvement="decrease",
                of={"curry"},
            ),
        ],
        observations=[
            cp.Observation(measure="overtime", at=day, value=v)
            for day, v in zip(month, overtime, strict=False)
        ],
        clock=lambda: next(days),
    )
    first = ini.start_cycle(id="c1", change_idea="curry")
    first.plan(
        "Residents choose a curry night",
        [cp.Prediction(measure="sat", direction="increase")],
        by={"alice", "mo"},
        start=dt.date(2026, 1, 1),
    )
    first.do("Curry night held", by={"alice", "mo"})
    first.observations = lambda m: [
        o for o in ini.observations_of(m) if o.at < dt.date(2026, 1 + len(after), 1)
    ]
    first.study(by={"alice", "mo"})
    first.act(cp.Outcome.ADAPT, "Cook earlier in the day", by={"alice", "mo"})
    if again is not None:
        second = first.next_cycle("c2")
        second.plan(
            "Cook earlier",
            [cp.Prediction(measure="sat", direction="increase")],
            by={"alice", "mo"},
            start=dt.date(2026, 1 + len(after), 1),
        )
        second.do("Cooked at two", by={"alice", "mo"})
        second.study(by={"alice", "mo"})
    return ini


class TestBalancingConcern:
    def test_found(self):
        """Overtime doubling during a test no one predicted for is a warning."""
        f = only(find_imbalances(balanced([27, 28])), "balancing_concern")
        assert (f.severity, f.subjects) == (Severity.WARNING, ("c1", "overtime"))
        assert f.evidence == {
            "chart": "xmr",
            "rule": "outside",
            "at": "2026-01-28",
            "studied": "2026-01-04",
        }
        assert f.message == (
            'The Study of the PDSA cycle testing "A curry night" (c1) on 4 January '
            "2026 warned: Kitchen overtime, a balancing measure, moved the unfavourable "
            "way since the change began on 1 January 2026: 27 hours on 28 January 2026, "
            "above the upper process limit of 17.77 hours (XmR chart, limits from the "
            "baseline). Look into it before the change goes further."
        )
        assert f.theme is cp.Theme.CONTINUOUS_IMPROVEMENT

    def test_cured_in_the_ramp_is_information(self):
        """Back to usual in the ramp's next study: worth knowing, no longer a warning."""
        f = only(
            find_imbalances(balanced([27, 28], again=[13, 14])), "balancing_concern"
        )
        assert (f.severity, f.subjects) == (Severity.INFO, ("c1", "overtime"))
        assert f.message.endswith(
            "The ramp's study on 9 January 2026 no longer shows it."
        )

    def test_still_there_is_said_once(self):
        """Still high at the ramp's next study: one warning, from the later cycle."""
        report = find_imbalances(balanced([27, 28], again=[27, 29]))
        found = [f for f in report if f.kind.value == "balancing_concern"]
        assert [(f.severity, f.subjects) for f in found] == [
            (Severity.WARNING, ("c2", "overtime"))
        ]

    @pytest.mark.parametrize(
        "after",
        [
            pytest.param([8, 7], id="overtime-fell"),
            pytest.param([14, 13], id="as-usual"),
        ],
    )
    def test_near_miss(self, after):
        """Overtime falling, or within its usual range, is no finding."""
        assert "balancing_concern" not in kinds(find_imbalances(balanced(after)))


class TestOnlySomeKinds:
    """`kinds=` runs only the detectors asked for; the findings are the full report's."""

    SCENARIOS = cp.scenarios.list_bundled()

    @pytest.mark.parametrize("name", SCENARIOS)
    def test_each_kind_alone_is_the_full_report_filtered(self, name):
        ini = cp.scenarios.load_bundled(name)
        full = find_imbalances(ini)
        for kind in FindingKind:
            part = find_imbalances(ini, kinds=[kind])
            assert part.findings == tuple(f for f in full if f.kind is kind), kind
            assert (part.summary, part.policy, part.as_of) == (
                {**full.summary, "findings": part.summary["findings"]},
                full.policy,
                full.as_of,
            )

    @pytest.mark.parametrize("name", SCENARIOS)
    def test_several_kinds_by_value_are_the_full_report_filtered(self, name):
        ini = cp.scenarios.load_bundled(name)
        full = find_imbalances(ini)
        found = sorted({f.kind.value for f in full})
        wanted = {*found[::2], "tokenism", "outvoted"}
        part = find_imbalances(ini, kinds=sorted(wanted, reverse=True))
        assert part.findings == tuple(f for f in full if f.kind.value in wanted)

    def test_none_runs_every_detector(self):
        ini = cp.scenarios.load_bundled("oak_house_meals")
        assert find_imbalances(ini, kinds=None) == find_imbalances(ini)
        assert find_imbalances(ini, kinds=list(FindingKind)) == find_imbalances(ini)

    def test_one_kind_may_be_given_alone(self):
        ini = cp.scenarios.load_bundled("oak_house_meals")
        by_value = find_imbalances(ini, kinds="access_unmet")
        assert by_value == find_imbalances(ini, kinds=FindingKind.ACCESS_UNMET)
        assert kinds(by_value) == ["access_unmet"]

    def test_no_kinds_finds_nothing_and_keeps_the_figures(self):
        ini = cp.scenarios.load_bundled("oak_house_meals")
        full, none = find_imbalances(ini), find_imbalances(ini, kinds=[])
        assert none.findings == ()
        assert none.summary["voice_shares"] == full.summary["voice_shares"]
        assert none.summary["findings"] == {"info": 0, "warning": 0, "concern": 0}

    def test_only_the_detectors_asked_for_run(self, monkeypatch):
        ran = []

        def spy(kind, detect):
            def run(context):
                ran.append(kind)
                return detect(context)

            return run

        spied = {k: spy(k, d) for k, d in imbalance._DETECTOR_OF.items()}
        monkeypatch.setattr(imbalance, "_DETECTOR_OF", spied)
        find_imbalances(build(), kinds=["outvoted", FindingKind.TOKENISM, "outvoted"])
        assert ran == [FindingKind.TOKENISM, FindingKind.OUTVOTED]

    def test_a_close_misspelling_is_refused_with_a_did_you_mean(self):
        with pytest.raises(cp.ValidationError) as caught:
            find_imbalances(build(), kinds=["tokenism", "acess_unmet"])
        assert str(caught.value) == (
            "$.kinds[1]: 'acess_unmet' is not a kind of finding "
            "(did you mean 'access_unmet'?)"
        )

    def test_a_kind_far_from_all_suggests_none(self):
        with pytest.raises(cp.ValidationError) as caught:
            find_imbalances(build(), kinds=["zzz"])
        assert str(caught.value) == (
            "$.kinds[0]: 'zzz' is not a kind of finding; "
            "the kinds are the values of FindingKind"
        )

    def test_every_unknown_kind_is_named_at_once(self):
        with pytest.raises(cp.ValidationError) as caught:
            find_imbalances(build(), kinds=["outvotd", 3, cp.Severity.INFO])
        assert str(caught.value) == (
            "3 problems:\n"
            "  $.kinds[0]: 'outvotd' is not a kind of finding (did you mean 'outvoted'?)\n"
            "  $.kinds[1]: 3 is not a kind of finding; the kinds are the values of FindingKind\n"
            "  $.kinds[2]: <Severity.INFO: 'info'> is not a kind of finding; "
            "the kinds are the values of FindingKind"
        )
