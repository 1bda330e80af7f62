"""Tests for `coproduction.analysis.participation`: influence, shares and observed levels."""

from __future__ import annotations

import attrs
import pytest

import coproduction as cp
from coproduction.analysis.participation import (
    ACTION_WEIGHTS,
    contribution_weights,
    influence_by_stakeholder,
    influence_shares,
    membership_shares,
    observed_level,
    participation_summary,
    voice_by_stakeholder,
    voice_shares,
)
from coproduction.errors import NotFoundError

LIVED = cp.Perspective.LIVED_EXPERIENCE
PROFESSIONAL = cp.Perspective.PROFESSIONAL
ADVOCACY = cp.Perspective.ADVOCACY
CARER = cp.Perspective.CARER


def people():
    """Two residents, a daughter who speaks for one, an advocate for the other, two staff."""
    return [
        cp.Stakeholder(id="alice", name="Alice Brown"),
        cp.Stakeholder(id="bert", name="Bert Cole"),
        cp.Stakeholder(
            id="fay", name="Fay Brown", kind="family_carer", represents={"alice"}
        ),
        cp.Stakeholder(id="ade", name="Ade Obi", kind="advocate", represents={"bert"}),
        cp.Stakeholder(id="mo", name="Mo Khan", kind="manager"),
        cp.Stakeholder(id="cat", name="Cat Dunn", kind="care_worker"),
    ]


def decision(*contributions, id="d1", rule="consensus", level="co_producing"):
    """A decision built from ``(by, action)`` or ``(by, action, options)`` tuples."""
    made = [
        cp.Contribution(by=c[0], action=c[1], **(c[2] if len(c) > 2 else {}))
        for c in contributions
    ]
    return cp.Decision(
        id=id, title=f"Decision {id}", level=level, rule=rule, contributions=made
    )


def initiative(*decisions, memberships=(), roles=()):
    """The cast of `people` with the given decisions, roles and memberships."""
    return cp.Initiative(
        id="test",
        stakeholders=people(),
        decisions=decisions,
        roles=roles,
        memberships=memberships,
    )


ADOPTED = {"adopted": True}


class TestContributionWeights:
    @pytest.mark.parametrize(
        ("action", "weight"),
        [
            ("attended", 0),
            ("informed", 0),
            ("consulted", 1),
            ("spoke", 1),
            ("supported", 1),
            ("objected", 1),
            ("voted_for", 1),
            ("voted_against", 1),
            ("abstained", 0),
            ("proposed", 2),
            ("decided", 3),
            ("vetoed", 3),
        ],
    )
    def test_default_weights(self, action, weight):
        """Each action weighs as the docs page "How findings are computed" says."""
        assert ACTION_WEIGHTS[cp.Action(action)] == weight

    def test_every_action_has_a_weight(self):
        """No action is left without a default weight."""
        assert set(ACTION_WEIGHTS) == set(cp.Action)

    def test_normalised(self):
        """Influence within one decision is divided by its total, for what shaped it only."""
        d = decision(("alice", "supported"), ("bert", "spoke"), ("mo", "decided"))
        assert contribution_weights(d) == [1 / 4, 0.0, 3 / 4]

    def test_views_not_taken_up_carry_none(self):
        """A proposal not adopted and a view not taken up shape nothing."""
        d = decision(("alice", "proposed"), ("bert", "spoke"), ("mo", "decided"))
        assert contribution_weights(d) == [0.0, 0.0, 1.0]

    def test_unsettled_carries_none(self):
        """A pending or deferred decision carries no influence at all."""
        d = decision(("alice", "proposed"), ("mo", "spoke"))
        assert d.result is cp.Result.PENDING
        assert contribution_weights(d) == [0.0, 0.0]

    def test_adopted_counts_double(self):
        """An adopted proposal weighs 4 against the final say's 3."""
        d = decision(("alice", "proposed", ADOPTED), ("mo", "decided"))
        assert contribution_weights(d) == [4 / 7, 3 / 7]

    def test_adopted_zero_still_counts_nothing(self):
        """Doubling a zero leaves it zero (an abstention, marked adopted)."""
        d = decision(("alice", "abstained", ADOPTED), ("mo", "decided"))
        assert contribution_weights(d) == [0.0, 1.0]

    def test_all_zero_decision(self):
        """A decision where people only attended, were told or abstained gives zeros."""
        d = decision(("alice", "attended"), ("bert", "informed"), ("mo", "abstained"))
        assert contribution_weights(d) == [0.0, 0.0, 0.0]

    def test_no_contributions(self):
        """A decision with no contributions has no weights."""
        assert contribution_weights(decision()) == []

    def test_custom_weights_and_factor(self):
        """The weights and the adopted factor come from the policy."""
        policy = cp.Policy(action_weights={"spoke": 3.0}, adopted_factor=1.0)
        d = decision(("alice", "spoke", ADOPTED), ("mo", "proposed", ADOPTED))
        assert contribution_weights(d, policy) == [3 / 5, 2 / 5]


class TestInfluenceByStakeholder:
    def test_sums_shares_over_decisions(self):
        """A stakeholder's influence is the sum of their shares in each decision."""
        ini = initiative(
            decision(("alice", "proposed", ADOPTED), ("mo", "decided")),
            decision(
                ("alice", "supported"), ("mo", "supported"), ("mo", "decided"), id="d2"
            ),
        )
        influence = influence_by_stakeholder(ini)
        assert influence["alice"] == pytest.approx(4 / 7 + 1 / 5)
        assert influence["mo"] == pytest.approx(3 / 7 + 4 / 5)

    def test_everyone_appears(self):
        """People who shaped nothing appear with 0.0, in the order they were added."""
        ini = initiative(decision(("mo", "decided")))
        assert influence_by_stakeholder(ini) == {
            "alice": 0.0,
            "bert": 0.0,
            "fay": 0.0,
            "ade": 0.0,
            "mo": 1.0,
            "cat": 0.0,
        }

    def test_total_is_decisions_with_weight(self):
        """The values sum to the number of decisions in which anything carried weight."""
        ini = initiative(
            decision(("mo", "decided")),
            decision(("alice", "attended"), id="d2"),
            decision(("alice", "spoke"), ("cat", "proposed", ADOPTED), id="d3"),
            decision(("alice", "spoke"), ("cat", "proposed"), id="d4"),  # pending
        )
        assert sum(influence_by_stakeholder(ini).values()) == pytest.approx(2)
        assert sum(voice_by_stakeholder(ini).values()) == pytest.approx(3)

    def test_on_behalf_of_credits_the_person_represented(self):
        """A proposal an advocate makes for someone is that person's influence."""
        ini = initiative(
            decision(
                ("ade", "proposed", {"on_behalf_of": "bert", "adopted": True}),
                ("mo", "decided"),
            )
        )
        influence = influence_by_stakeholder(ini)
        assert (influence["bert"], influence["ade"]) == (4 / 7, 0.0)
        voice = voice_by_stakeholder(ini)
        assert (voice["bert"], voice["ade"]) == (2 / 5, 0.0)


class TestInfluenceShares:
    def test_by_perspective(self):
        """Each perspective's share is its stakeholders' influence over the total."""
        ini = initiative(
            decision(("alice", "proposed", ADOPTED), ("mo", "decided")),
            decision(
                ("ade", "supported"), ("cat", "supported"), ("fay", "spoke"), id="d2"
            ),
        )
        assert ini.decision("d2").result is cp.Result.PENDING  # nothing carried it
        shares = influence_shares(ini)
        assert shares == pytest.approx(
            {LIVED: 4 / 7, CARER: 0.0, PROFESSIONAL: 3 / 7, ADVOCACY: 0.0}
        )
        voice = voice_shares(ini)
        assert voice == pytest.approx(
            {LIVED: 2 / 10, CARER: 1 / 6, PROFESSIONAL: 3 / 10 + 1 / 6, ADVOCACY: 1 / 6}
        )
        assert sum(shares.values()) == pytest.approx(1.0)
        assert sum(voice.values()) == pytest.approx(1.0)

    def test_advocacy_for_someone_counts_as_their_perspective(self):
        """An advocate speaking for a resident adds to lived experience, not advocacy."""
        ini = initiative(decision(("ade", "spoke", {"on_behalf_of": "bert"})))
        assert voice_shares(ini) == {
            LIVED: 1.0,
            CARER: 0.0,
            PROFESSIONAL: 0.0,
            ADVOCACY: 0.0,
        }

    def test_no_influence_gives_zeros(self):
        """With no influence recorded every share is 0.0, and every perspective appears."""
        ini = initiative(decision(("alice", "attended")))
        assert influence_shares(ini) == dict.fromkeys(cp.Perspective, 0.0)


class TestMembershipShares:
    def test_from_memberships(self):
        """Members are counted once each, however many roles they hold."""
        ini = initiative(
            roles=[cp.Role(id="member"), cp.Role(id="chair")],
            memberships=[
                cp.Membership(stakeholder="alice", role="member"),
                cp.Membership(stakeholder="mo", role="member"),
                cp.Membership(stakeholder="mo", role="chair"),
                cp.Membership(stakeholder="cat", role="member"),
            ],
        )
        assert membership_shares(ini) == {
            LIVED: 1 / 3,
            CARER: 0.0,
            PROFESSIONAL: 2 / 3,
            ADVOCACY: 0.0,
        }

    def test_everyone_when_no_roles_are_held(self):
        """Without memberships every stakeholder counts."""
        assert membership_shares(initiative()) == {
            LIVED: 2 / 6,
            CARER: 1 / 6,
            PROFESSIONAL: 2 / 6,
            ADVOCACY: 1 / 6,
        }

    def test_empty_initiative(self):
        """No one at all gives zeros."""
        empty = cp.Initiative(id="empty")
        assert membership_shares(empty) == dict.fromkeys(cp.Perspective, 0.0)


OBSERVED = [  # each is: contributions, rule, observed level
    pytest.param(
        [("alice", "proposed", ADOPTED), ("alice", "voted_for")],
        "majority",
        "co_producing",
        id="adopted-and-voted",
    ),
    pytest.param(
        [("alice", "proposed", ADOPTED), ("bert", "decided")],
        "consensus",
        "co_producing",
        id="adopted-and-decided",
    ),
    pytest.param(
        [("alice", "spoke", ADOPTED), ("bert", "vetoed"), ("mo", "proposed")],
        "single_decider",
        "co_producing",
        id="adopted-and-vetoed",
    ),
    pytest.param(
        [("alice", "proposed", ADOPTED), ("bert", "objected"), ("mo", "decided")],
        "consensus",
        "co_producing",
        id="objected-under-consensus",
    ),
    pytest.param(
        [("alice", "proposed", ADOPTED), ("bert", "objected"), ("mo", "decided")],
        "consent",
        "co_producing",
        id="objected-under-consent",
    ),
    pytest.param(
        [("alice", "proposed", ADOPTED), ("bert", "objected"), ("mo", "decided")],
        "majority",
        "co_designing",
        id="objected-under-majority",
    ),
    pytest.param(
        [("alice", "proposed", ADOPTED), ("mo", "decided")],
        "advice",
        "co_designing",
        id="proposal-adopted-others-decide",
    ),
    pytest.param(
        [("alice", "consulted", ADOPTED), ("mo", "decided")],
        "advice",
        "co_designing",
        id="view-adopted-others-decide",
    ),
    pytest.param(
        [("alice", "proposed"), ("mo", "proposed", ADOPTED), ("mo", "decided")],
        "consensus",
        "engaging",
        id="proposed-not-adopted",
    ),
    pytest.param(
        [("alice", "objected"), ("mo", "decided")],
        "consensus",
        "engaging",
        id="objected-not-adopted",
    ),
    pytest.param(
        [("alice", "voted_for"), ("bert", "voted_against"), ("mo", "decided")],
        "majority",
        "engaging",
        id="votes-only",
    ),
    pytest.param(
        [("alice", "consulted"), ("bert", "informed"), ("mo", "decided")],
        "advice",
        "consulting",
        id="consulted-only",
    ),
    pytest.param(
        [("alice", "informed"), ("bert", "attended"), ("mo", "decided")],
        "single_decider",
        "informing",
        id="informed-only",
    ),
    pytest.param(
        [("mo", "proposed", ADOPTED), ("cat", "decided")],
        "single_decider",
        "coercing",
        id="no-lived-experience",
    ),
    pytest.param([], "consensus", "coercing", id="no-contributions"),
    pytest.param(
        [
            ("ade", "proposed", {"adopted": True, "on_behalf_of": "bert"}),
            ("mo", "decided"),
        ],
        "advice",
        "co_designing",
        id="advocate-on-behalf",
    ),
    pytest.param(
        [("ade", "proposed", ADOPTED), ("mo", "decided")],
        "advice",
        "coercing",
        id="advocate-on-own-account",
    ),
    pytest.param(
        [("fay", "proposed", ADOPTED), ("fay", "voted_for")],
        "majority",
        "coercing",
        id="family-carer-is-not-lived-experience",
    ),
    pytest.param(
        [("alice", "proposed", ADOPTED), ("alice", "voted_for"), ("mo", "decided")],
        "single_decider",
        "co_designing",
        id="advisory-vote-is-voice",
    ),
    pytest.param(
        [("alice", "proposed"), ("alice", "objected"), ("mo", "proposed", ADOPTED)],
        "consent",
        "engaging",
        id="objection-overridden",
    ),
    pytest.param(
        [("alice", "objected", ADOPTED), ("mo", "proposed", ADOPTED)],
        "consent",
        "co_producing",
        id="objection-changed-it",
    ),
    pytest.param(
        [("alice", "abstained"), ("mo", "decided")],
        "single_decider",
        "engaging",
        id="abstained",
    ),
    pytest.param(
        [("alice", "proposed"), ("bert", "vetoed")],
        "single_decider",
        "co_producing",
        id="resident-veto-held",
    ),
    pytest.param(
        [("alice", "voted_for"), ("bert", "voted_for"), ("mo", "voted_against")],
        "majority",
        "co_producing",
        id="their-votes-carried-it",
    ),
    pytest.param(
        [("alice", "voted_for"), ("mo", "voted_against"), ("cat", "voted_against")],
        "majority",
        "engaging",
        id="outvoted",
    ),
    pytest.param(
        [("alice", "proposed", ADOPTED), ("mo", "spoke")],
        "consensus",
        "co_producing",
        id="carried-by-default",
    ),
]


class TestObservedLevel:
    @pytest.mark.parametrize(("contributions", "rule", "observed"), OBSERVED)
    def test_rungs(self, contributions, rule, observed):
        """Each row of the table of observed levels (docs: "How findings are computed")."""
        ini = initiative(decision(*contributions, rule=rule))
        assert observed_level(ini, "d1") is cp.Level(observed)

    def test_carers_counted_when_the_policy_says(self):
        """In a carers' service the policy counts carers as lived experience."""
        ini = initiative(
            decision(
                ("fay", "proposed", ADOPTED), ("fay", "voted_for"), rule="majority"
            )
        )
        policy = cp.Policy(lived_experience={"lived_experience", "carer"})
        assert observed_level(ini, "d1", policy) is cp.Level.CO_PRODUCING

    def test_personal_decision_read_from_the_person(self):
        """On a personal decision only the person's own part counts; deciding it is co-producing."""
        d = cp.Decision(
            id="d1",
            title="What I wear",
            level="co_producing",
            rule="single_decider",
            affects={"alice"},
            contributions=[cp.Contribution(by="alice", action="decided")],
        )
        assert observed_level(initiative(d), "d1") is cp.Level.CO_PRODUCING
        other = attrs.evolve(
            d,
            contributions=[
                cp.Contribution(by="bert", action="proposed", adopted=True),
                cp.Contribution(by="mo", action="decided"),
            ],
        )
        assert observed_level(initiative(other), "d1") is cp.Level.COERCING

    def test_stated_level_plays_no_part(self):
        """The observed level is read from contributions, whatever the decision claims."""
        for stated in cp.Level:
            ini = initiative(decision(("alice", "consulted"), level=stated))
            assert observed_level(ini, "d1") is cp.Level.CONSULTING

    def test_unknown_decision(self):
        """An unknown decision id raises NotFoundError, suggesting a near miss."""
        ini = initiative(decision(id="curry-night"))
        with pytest.raises(NotFoundError) as caught:
            observed_level(ini, "curry-nite")
        assert (
            str(caught.value)
            == "no decision with id 'curry-nite' (did you mean 'curry-night'?)"
        )


class TestParticipationSummary:
    def test_shape(self):
        """A row per decision and per stakeholder, with the documented keys and values."""
        ini = initiative(
            decision(
                ("alice", "proposed", ADOPTED),
                ("fay", "spoke", {"on_behalf_of": "alice"}),
                ("mo", "decided"),
                level="co_producing",
            )
        )
        summary = participation_summary(ini)
        assert sorted(summary) == ["decisions", "stakeholders"]
        assert summary["decisions"] == [
            {
                "id": "d1",
                "title": "Decision d1",
                "stated": "co_producing",
                "observed": "co_producing",
                "rule": "consensus",
                "scope": "collective",
                "result": "carried",
                "contributions": 3,
                "lived_experience_voice": pytest.approx(3 / 6),
                "lived_experience_influence": pytest.approx(4 / 7),
            }
        ]
        rows = {row["id"]: row for row in summary["stakeholders"]}
        assert [row["id"] for row in summary["stakeholders"]] == [
            "alice",
            "bert",
            "fay",
            "ade",
            "mo",
            "cat",
        ]
        assert rows["alice"] == {
            "id": "alice",
            "name": "Alice Brown",
            "perspective": "lived_experience",
            "decisions": 1,
            "contributions": 2,
            "views": 2,
            "adopted": 1,
            "adoption_rate": 0.5,
            "voice": pytest.approx(3 / 6),
            "influence": pytest.approx(4 / 7),
        }
        assert rows["mo"]["views"] == 0
        assert rows["mo"]["adoption_rate"] is None
        assert rows["mo"]["influence"] == pytest.approx(3 / 7)
        assert rows["fay"]["contributions"] == 0

    def test_empty(self):
        """An initiative with no one and nothing gives empty lists."""
        empty = cp.Initiative(id="empty")
        assert participation_summary(empty) == {"decisions": [], "stakeholders": []}
