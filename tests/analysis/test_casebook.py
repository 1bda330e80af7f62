"""The practitioner's casebook: small situations from practice and the answers we sign.

Each test is one case: a few people, roles, meetings and decisions, built in code, and
the answer an experienced social care practitioner would sign: the observed level, the
shares that matter, and exactly which findings appear (kind, severity, subjects). The
docstring is the one-line reason. The docs page "Casebook" tells the same cases in words.

Each test states the answer a practitioner signs, not whatever the library happens to
give.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

import coproduction as cp

LIVED = cp.Perspective.LIVED_EXPERIENCE
CARER = cp.Perspective.CARER
PROFESSIONAL = cp.Perspective.PROFESSIONAL
DAY = dt.date(2026, 3, 4)


def person(id, name, kind="person", **more):
    return cp.Stakeholder(id=id, name=name, kind=kind, **more)


ALICE = person("alice", "Alice Brown")
BERT = person("bert", "Bert Cole")
CORA = person("cora", "Cora Hill")
DEV = person("dev", "Dev Shah")
EDNA = person("edna", "Edna Price")
ANN = person("ann", "Ann Lee")
MO = person("mo", "Mo Khan", "manager")
DEE = person("dee", "Dee Ward", "manager")
CAT = person("cat", "Cat Dunn", "care_worker")
KEN = person("ken", "Ken Obi", "care_worker")
KAY = person("kay", "Kay Jones", "care_worker")
SAM = person("sam", "Sam Patel", "social_worker")
JO = person("jo", "Jo Lee", "family_carer", represents={"ann"})
"""Ann's daughter, who may convey her mother's wishes."""

HOME = [
    person(id, name)
    for id, name in [
        ("alice", "Alice Brown"),
        ("bert", "Bert Cole"),
        ("cora", "Cora Hill"),
        ("dev", "Dev Shah"),
        ("edna", "Edna Price"),
        ("fred", "Fred Moss"),
        ("gwen", "Gwen Hart"),
        ("hugh", "Hugh Bell"),
        ("iris", "Iris Wood"),
        ("jack", "Jack Ford"),
        ("kate", "Kate Lowe"),
        ("len", "Len Pike"),
    ]
]
"""Twelve residents of one care home."""


def did(by, action, **more):
    return cp.Contribution(by=by, action=action, **more)


def ids(people):
    return {p.id for p in people}


def home(people, *decisions, **more):
    """An initiative of `people` and `decisions` (and roles, memberships, meetings)."""
    return cp.Initiative(
        id="home", title="Our home", stakeholders=people, decisions=decisions, **more
    )


def members(roles, **held):
    """Roles and memberships: ``held`` maps each stakeholder id to their role id."""
    return {
        "roles": roles,
        "memberships": [
            cp.Membership(stakeholder=who, role=role) for who, role in held.items()
        ],
    }


def findings(initiative, policy=None):
    """Each finding as (kind, severity, subjects), most serious first."""
    return [
        (f.kind.value, f.severity.value, f.subjects)
        for f in cp.find_imbalances(initiative, policy)
    ]


def level(initiative, decision, policy=None):
    return cp.observed_level(initiative, decision, policy).value


def influence(initiative, policy=None):
    """Each stakeholder's influence, leaving out those with none."""
    return {
        who: share
        for who, share in cp.influence_by_stakeholder(initiative, policy).items()
        if share
    }


class TestCasebook:
    # -- Being heard is not shaping ----------------------------------------------------

    def test_consulted_then_the_manager_decided(self):
        """Asking eight residents gives them most of the voice and none of the influence."""
        residents = HOME[:8]
        ini = home(
            [*residents, MO],
            cp.Decision(
                id="menu",
                title="The new menu",
                level="consulting",
                rule="advice",
                affects=ids(residents),
                contributions=[did(p.id, "consulted") for p in residents]
                + [did("mo", "decided")],
            ),
        )
        assert level(ini, "menu") == "consulting"
        assert cp.voice_shares(ini)[LIVED] == pytest.approx(8 / 11)
        assert cp.influence_shares(ini)[LIVED] == 0.0
        assert findings(ini) == [
            ("professional_dominance", "concern", tuple(sorted(ids(residents))))
        ]

    def test_an_adopted_idea_under_a_single_decider_is_co_designing(self):
        """Alice's idea was taken up, but the manager alone had the final say."""
        ini = home(
            [ALICE, BERT, MO],
            cp.Decision(
                id="trip",
                title="Summer trip",
                level="co_producing",
                rule="single_decider",
                affects={"alice", "bert"},
                contributions=[
                    did("alice", "proposed", adopted=True),
                    did("bert", "voted_for"),
                    did("mo", "decided"),
                ],
            ),
        )
        assert level(ini, "trip") == "co_designing"
        assert influence(ini) == {
            "alice": pytest.approx(4 / 7),
            "mo": pytest.approx(3 / 7),
        }  # Bert's vote was advice: voice, not influence
        assert findings(ini) == [("level_overstated", "warning", ("trip",))]

    def test_attending_is_not_being_heard(self):
        """Ann sat in the meeting about her medication and no one asked her."""
        ini = home(
            [ANN, KAY, SAM],
            cp.Decision(
                id="meds",
                title="Ann's medication times",
                level="consulting",
                rule="single_decider",
                affects={"ann"},
                meeting="review",
                contributions=[
                    did("ann", "attended"),
                    did("kay", "spoke"),
                    did("sam", "decided"),
                ],
            ),
            meetings=[
                cp.Meeting(id="review", date=DAY, attendees={"ann", "kay", "sam"})
            ],
        )
        assert level(ini, "meds") == "informing"
        assert cp.voice_shares(ini)[LIVED] == 0.0
        assert findings(ini) == [
            ("professional_dominance", "concern", ("ann",)),
            ("affected_absent", "concern", ("ann", "meds")),
            ("level_overstated", "warning", ("meds",)),
        ]

    def test_a_pending_decision_carries_no_influence(self):
        """Nothing is decided yet, so no one has shaped a result, and nothing is overstated."""
        ini = home(
            [ALICE, BERT, MO],
            cp.Decision(
                id="garden",
                title="Raised flower beds",
                level="engaging",
                affects={"alice", "bert"},
                contributions=[
                    did("alice", "proposed"),
                    did("bert", "supported"),
                    did("mo", "spoke"),
                ],
            ),
        )
        assert ini.decision("garden").result is cp.Result.PENDING
        assert level(ini, "garden") == "engaging"
        assert influence(ini) == {}
        assert cp.voice_shares(ini)[LIVED] == pytest.approx(3 / 4)
        assert findings(ini) == []

    def test_residents_views_never_taken_up_as_a_group(self):
        """Alice and Bert each spoke up too seldom to count alone; together it is tokenism."""
        ini = home(
            [ALICE, BERT, MO],
            *[
                cp.Decision(
                    id=id,
                    title=title,
                    level="engaging",
                    contributions=[
                        did(who, "proposed"),
                        did("mo", "proposed", adopted=True),
                    ],
                )
                for id, title, who in [
                    ("breakfast", "Breakfast times", "alice"),
                    ("outings", "Outings", "bert"),
                    ("laundry", "Laundry days", "alice"),
                ]
            ],
        )
        assert [level(ini, d.id) for d in ini.decisions] == ["engaging"] * 3
        assert cp.influence_shares(ini)[LIVED] == 0.0
        assert findings(ini) == [
            ("professional_dominance", "concern", ("alice", "bert")),
            ("tokenism", "warning", ("alice", "bert")),
        ]
        (group,) = cp.find_imbalances(ini).of_kind("tokenism")
        assert group.evidence["perspective"] == "lived_experience"

    def test_advice_taken_up_is_co_designing(self):
        """The manager decided on Alice's advice; Bert's support was heard, not counted."""
        ini = home(
            [ALICE, BERT, MO],
            cp.Decision(
                id="menu",
                title="Winter menu",
                level="co_designing",
                rule="advice",
                affects={"alice", "bert"},
                contributions=[
                    did("alice", "proposed", adopted=True),
                    did("bert", "supported"),
                    did("mo", "decided"),
                ],
            ),
        )
        assert level(ini, "menu") == "co_designing"
        assert influence(ini) == {
            "alice": pytest.approx(4 / 7),
            "mo": pytest.approx(3 / 7),
        }
        assert findings(ini) == []

    # -- The rule decides who has the final say ----------------------------------------

    def test_the_manager_vetoed_three_residents_ideas(self):
        """Three ideas, three vetoes by one manager: the residents shaped nothing."""
        ini = home(
            [ALICE, BERT, CORA, MO],
            *[
                cp.Decision(
                    id=id,
                    title=title,
                    level="engaging",
                    affects={"alice", "bert", "cora"},
                    contributions=[did(who, "proposed"), did("mo", "vetoed")],
                )
                for id, title, who in [
                    ("cat", "A cat for the home", "alice"),
                    ("pub", "Trips to the pub", "bert"),
                    ("veg", "A vegetable garden", "cora"),
                ]
            ],
            **members(
                [cp.Role(id="member"), cp.Role(id="chair", veto=True)],
                alice="member",
                bert="member",
                cora="member",
                mo="chair",
            ),
        )
        assert [d.result for d in ini.decisions] == [cp.Result.REJECTED] * 3
        assert [level(ini, d.id) for d in ini.decisions] == ["engaging"] * 3
        assert cp.influence_shares(ini)[LIVED] == 0.0
        assert findings(ini) == [
            ("professional_dominance", "concern", ("alice", "bert", "cora")),
            ("single_decider", "warning", ("mo",)),
        ]

    def test_consent_over_a_residents_objection(self):
        """Under consent an objection stops a decision; this one carried over Alice's."""
        ini = home(
            [ALICE, BERT, MO],
            cp.Decision(
                id="lunch",
                title="Lunch at twelve",
                level="co_producing",
                rule="consent",
                affects={"alice", "bert"},
                contributions=[
                    did("mo", "proposed", adopted=True),
                    did("alice", "objected", note="I need my tablets first"),
                    did("bert", "supported"),
                ],
            ),
        )
        assert level(ini, "lunch") == "engaging"
        assert influence(ini) == {"bert": pytest.approx(0.2), "mo": pytest.approx(0.8)}
        assert findings(ini) == [
            ("level_overstated", "concern", ("lunch",)),
            ("objection_overridden", "concern", ("alice", "lunch")),
            ("professional_dominance", "warning", ("alice", "bert")),
        ]

    def test_consent_where_the_objection_changed_the_proposal(self):
        """Alice's objection moved lunch to suit her tablets: she shaped it and shared the say."""
        ini = home(
            [ALICE, BERT, MO],
            cp.Decision(
                id="lunch",
                title="Lunch at half past twelve",
                level="co_producing",
                rule="consent",
                affects={"alice", "bert"},
                contributions=[
                    did("mo", "proposed", adopted=True),
                    did("alice", "objected", adopted=True),
                    did("bert", "supported"),
                ],
            ),
        )
        assert level(ini, "lunch") == "co_producing"
        assert influence(ini) == {
            "alice": pytest.approx(2 / 7),
            "bert": pytest.approx(1 / 7),
            "mo": pytest.approx(4 / 7),
        }
        assert findings(ini) == []

    def test_an_objection_that_stopped_the_proposal(self):
        """Alice's objection stopped the cameras: the result is hers."""
        ini = home(
            [ALICE, BERT, MO],
            cp.Decision(
                id="cctv",
                title="Cameras in the corridors",
                level="co_producing",
                rule="consent",
                result="rejected",
                affects={"alice", "bert"},
                contributions=[
                    did("mo", "proposed"),
                    did("alice", "objected", adopted=True),
                    did("bert", "supported"),
                ],
            ),
        )
        assert level(ini, "cctv") == "co_producing"
        assert influence(ini) == {"alice": 1.0}
        assert findings(ini) == []

    def test_advice_that_everyone_with_lived_experience_opposed(self):
        """The manager may decide under advice, but should explain when every resident was against."""
        ini = home(
            [ALICE, BERT, MO],
            cp.Decision(
                id="rota",
                title="Fewer night staff",
                level="consulting",
                rule="advice",
                affects={"alice", "bert"},
                contributions=[
                    did("mo", "proposed"),
                    did("alice", "objected"),
                    did("bert", "objected"),
                    did("mo", "decided"),
                ],
            ),
        )
        assert level(ini, "rota") == "engaging"
        assert cp.influence_shares(ini)[LIVED] == 0.0
        assert findings(ini) == [
            ("professional_dominance", "concern", ("alice", "bert")),
            ("objection_overridden", "warning", ("alice", "bert", "rota")),
        ]

    def test_advice_with_one_resident_in_favour_is_not_overridden(self):
        """Bert backed the change, so the result did not go against everyone who spoke."""
        ini = home(
            [ALICE, BERT, MO],
            cp.Decision(
                id="rota",
                title="Fewer night staff",
                level="consulting",
                rule="advice",
                affects={"alice", "bert"},
                contributions=[
                    did("mo", "proposed"),
                    did("alice", "objected"),
                    did("bert", "supported"),
                    did("mo", "decided"),
                ],
            ),
        )
        assert level(ini, "rota") == "engaging"
        assert findings(ini) == [
            ("professional_dominance", "concern", ("alice", "bert"))
        ]

    def test_a_veto_without_the_right_to_one(self):
        """Dee's role holds no veto, yet her vetoes held: hidden power, shown once it repeats."""
        decisions = [
            cp.Decision(
                id=id,
                title=title,
                level="engaging",
                affects={"alice", "bert", "cora"},
                contributions=[
                    did(who, "proposed"),
                    did(backer, "supported"),
                    did("dee", "vetoed"),
                ],
            )
            for id, title, who, backer in [
                ("film", "Film night", "alice", "bert"),
                ("breakfast", "Later breakfast", "bert", "alice"),
                ("choir", "A visiting choir", "cora", "bert"),
            ]
        ]
        roles = members(
            [cp.Role(id="member")],
            alice="member",
            bert="member",
            cora="member",
            mo="member",
            dee="member",
        )
        once = home([ALICE, BERT, CORA, MO, DEE], decisions[0], **roles)
        assert once.decision("film").result is cp.Result.REJECTED
        assert findings(once) == [
            ("professional_dominance", "concern", ("alice", "bert", "cora"))
        ]
        ini = home([ALICE, BERT, CORA, MO, DEE], *decisions, **roles)
        assert cp.formal_power(ini) == dict.fromkeys(
            ["alice", "bert", "cora", "mo", "dee"], Fraction(1, 5)
        )  # a veto the role does not give is no formal power
        assert influence(ini) == {"dee": 3.0}
        assert findings(ini) == [
            ("professional_dominance", "concern", ("alice", "bert", "cora")),
            ("single_decider", "warning", ("dee",)),
        ]

    def test_a_managers_veto_over_a_residents_majority(self):
        """Three residents voted for the bar; the manager's veto held, and explains the result."""
        votes = [
            did("alice", "proposed"),
            did("alice", "voted_for"),
            did("bert", "voted_for"),
            did("cora", "voted_for"),
            did("cat", "voted_against"),
        ]
        ini = home(
            [ALICE, BERT, CORA, MO, CAT],
            cp.Decision(
                id="bar",
                title="A bar in the lounge",
                level="engaging",
                rule="majority",
                result="rejected",
                affects={"alice", "bert", "cora"},
                contributions=[*votes, did("mo", "vetoed")],
            ),
        )
        assert level(ini, "bar") == "engaging"
        assert influence(ini) == {"mo": 0.75, "cat": 0.25}
        assert findings(ini) == [
            ("professional_dominance", "concern", ("alice", "bert", "cora"))
        ]
        with pytest.raises(cp.ValidationError) as refused:
            cp.Decision(
                id="bar",
                title="A bar in the lounge",
                level="engaging",
                rule="majority",
                result="rejected",
                contributions=votes,
            )
        assert str(refused.value) == (
            "$.result: the votes make it carried (3 for, 1 against), so it cannot be "
            "rejected unless someone vetoed it; correct the votes or the result"
        )

    def test_a_residents_veto_that_held(self):
        """Alice, who chairs the residents' committee, stopped the cameras: the say and the result were hers."""
        ini = home(
            [ALICE, BERT, CORA, MO, CAT],
            cp.Decision(
                id="cctv",
                title="Cameras in the corridors",
                level="co_producing",
                affects={"alice", "bert", "cora"},
                contributions=[
                    did("mo", "proposed"),
                    did("cat", "supported"),
                    did("alice", "vetoed"),
                ],
            ),
            **members(
                [cp.Role(id="member"), cp.Role(id="chair", veto=True)],
                alice="chair",
                bert="member",
                cora="member",
                mo="member",
                cat="member",
            ),
        )
        assert ini.decision("cctv").result is cp.Result.REJECTED
        assert influence(ini) == {"alice": 1.0}
        assert level(ini, "cctv") == "co_producing"
        assert findings(ini) == []

    # -- Votes and options ---------------------------------------------------------------

    def test_residents_chose_the_managers_colour(self):
        """The residents' votes carried the colour and it would not have won without them."""
        residents = [ALICE, BERT, CORA, DEV, EDNA]
        ini = home(
            [*residents, MO, CAT],
            cp.Decision(
                id="paint",
                title="Lounge colour",
                level="co_producing",
                rule="majority",
                affects=ids(residents),
                options=[
                    cp.Option(id="sage", title="Sage green", proposed_by={"alice"}),
                    cp.Option(id="teal", title="Teal", proposed_by={"bert"}),
                    cp.Option(id="lemon", title="Lemon", proposed_by={"cora"}),
                    cp.Option(id="cream", title="Cream", proposed_by={"mo"}),
                ],
                contributions=[
                    did(who, "voted_for", option="cream")
                    for who in ("alice", "bert", "cora", "dev", "edna", "mo")
                ]
                + [did("cat", "voted_for", option="sage")],
            ),
        )
        paint = cp.influence_graph(ini).nodes["decision/paint"]
        assert (paint["result"], paint["chosen"]) == ("carried", "cream")
        assert cp.voice_shares(ini)[LIVED] == pytest.approx(11 / 15)
        assert cp.influence_shares(ini)[LIVED] == pytest.approx(0.5)
        assert level(ini, "paint") == "co_producing"
        assert findings(ini) == []

    def test_the_relatives_committee_outvoted_the_residents(self):
        """Four relatives outvoted three residents on every item: the vote overruled them."""
        relatives = [
            person(id, name, "family_carer")
            for id, name in [
                ("fay", "Fay Brown"),
                ("gus", "Gus Hill"),
                ("hal", "Hal Shah"),
                ("ida", "Ida Cole"),
            ]
        ]
        residents = [ALICE, BERT, CORA]
        items = [
            ("garden", "The garden open all day"),
            ("pets", "Visiting pets"),
            ("bar", "A bar in the lounge"),
            ("late", "Later bedtimes"),
        ]
        ini = home(
            [*residents, *relatives],
            *[
                cp.Decision(
                    id=id,
                    title=title,
                    level="engaging",
                    rule="majority",
                    affects=ids(residents),
                    contributions=[did("alice", "proposed")]
                    + [did(p.id, "voted_for") for p in residents]
                    + [did(p.id, "voted_against") for p in relatives],
                )
                for id, title in items
            ],
        )
        assert [d.result for d in ini.decisions] == [cp.Result.REJECTED] * 4
        assert [level(ini, d.id) for d in ini.decisions] == ["engaging"] * 4
        assert cp.influence_shares(ini)[CARER] == 1.0
        assert findings(ini) == [
            ("professional_dominance", "concern", ("alice", "bert", "cora")),
            ("outvoted", "concern", ("garden", "pets", "bar", "late")),
        ]
        (outvoted,) = cp.find_imbalances(ini).of_kind("outvoted")
        assert outvoted.evidence == {"contested": 4, "lost": 4, "share": 1.0}

    def test_two_lost_votes_are_not_a_pattern(self):
        """Losing two votes is what any fair vote brings; outvoted needs three contested."""
        ini = home(
            [ALICE, BERT, MO, CAT, KEN],
            *[
                cp.Decision(
                    id=id,
                    title=title,
                    level="engaging",
                    rule="majority",
                    affects={"alice", "bert"},
                    contributions=[
                        did("alice", "voted_for"),
                        did("bert", "voted_for"),
                        did("mo", "voted_against"),
                        did("cat", "voted_against"),
                        did("ken", "voted_against"),
                    ],
                )
                for id, title in [("pets", "Visiting pets"), ("bar", "A bar")]
            ],
        )
        assert [d.result for d in ini.decisions] == [cp.Result.REJECTED] * 2
        assert "outvoted" not in [kind for kind, _, _ in findings(ini)]

    def test_a_tied_vote_is_deferred(self):
        """Two for, two against: nothing was decided, so no one shaped anything yet."""
        votes = [
            did("alice", "voted_for"),
            did("bert", "voted_for"),
            did("mo", "voted_against"),
            did("cat", "voted_against"),
        ]
        trip = cp.Decision(
            id="trip",
            title="A seaside trip",
            level="engaging",
            rule="majority",
            affects={"alice", "bert"},
            contributions=votes,
        )
        assert trip.result is cp.Result.DEFERRED
        assert trip == cp.Decision(
            id="trip",
            title="A seaside trip",
            level="engaging",
            rule="majority",
            result="deferred",
            affects={"alice", "bert"},
            contributions=votes,
        )
        ini = home([ALICE, BERT, MO, CAT], trip)
        assert level(ini, "trip") == "engaging"
        assert influence(ini) == {}
        assert findings(ini) == []
        with pytest.raises(cp.ValidationError) as refused:
            cp.Decision(
                id="trip",
                title="A seaside trip",
                level="engaging",
                rule="majority",
                result="carried",
                contributions=votes,
            )
        assert str(refused.value) == (
            "$.result: the votes tie (2 for, 2 against); record the result as "
            "deferred, or the chair's casting vote as a 'decided' entry"
        )

    def test_the_managers_three_votes_beat_two_residents(self):
        """Weighted by role, Mo's three votes beat both residents every time."""
        ini = home(
            [ALICE, BERT, MO],
            *[
                cp.Decision(
                    id=id,
                    title=title,
                    level="engaging",
                    rule="weighted_vote",
                    affects={"alice", "bert"},
                    contributions=[
                        did("alice", "voted_for"),
                        did("bert", "voted_for"),
                        did("mo", "voted_against"),
                    ],
                )
                for id, title in [
                    ("rabbit", "A pet rabbit"),
                    ("visiting", "Later visiting"),
                    ("keys", "Our own front door keys"),
                ]
            ],
            **members(
                [cp.Role(id="resident", votes=1), cp.Role(id="manager", votes=3)],
                alice="resident",
                bert="resident",
                mo="manager",
            ),
        )
        assert [d.result for d in ini.decisions] == [cp.Result.REJECTED] * 3
        assert influence(ini) == {"mo": 3.0}
        assert findings(ini) == [
            ("professional_dominance", "concern", ("alice", "bert")),
            ("outvoted", "concern", ("rabbit", "visiting", "keys")),
            ("formal_power_concentration", "warning", ("mo",)),
        ]

    def test_a_weighted_vote_needs_a_role(self):
        """Under weighted_vote a vote weighs what the voter's role gives; Cat holds none."""
        ini = home(
            [ALICE, BERT, MO, CAT],
            **members(
                [cp.Role(id="resident", votes=1), cp.Role(id="manager", votes=3)],
                alice="resident",
                bert="resident",
                mo="manager",
            ),
        )
        with pytest.raises(cp.ValidationError) as refused:
            ini.record_decision(
                cp.Decision(
                    id="bench",
                    title="A garden bench",
                    level="engaging",
                    rule="weighted_vote",
                    contributions=[did("alice", "voted_for"), did("cat", "voted_for")],
                )
            )
        assert str(refused.value) == (
            "$.decisions[0].contributions[1]: 'cat' holds no role, so has no votes to "
            "weigh under weighted_vote; assign them a role, or record the decision "
            "under another rule"
        )
        assert ini.decisions == ()

    def test_dot_voting_for_two_outings(self):
        """Each person placed two dots; the residents' dots chose both outings."""
        outings = [
            cp.Option(id="seaside", title="The seaside"),
            cp.Option(id="zoo", title="The zoo"),
            cp.Option(id="theatre", title="The theatre"),
            cp.Option(id="garden", title="A garden centre"),
        ]
        dots = [
            ("alice", "seaside"),
            ("alice", "zoo"),
            ("bert", "seaside"),
            ("bert", "theatre"),
            ("cora", "seaside"),
            ("cora", "zoo"),
            ("mo", "garden"),
            ("mo", "theatre"),
            ("cat", "garden"),
            ("cat", "zoo"),
        ]
        ini = home(
            [ALICE, BERT, CORA, MO, CAT],
            cp.Decision(
                id="outings",
                title="Two summer outings",
                level="co_producing",
                rule="majority",
                affects={"alice", "bert", "cora"},
                options=outings,
                chosen={"seaside", "zoo"},
                contributions=[did(who, "voted_for", option=o) for who, o in dots],
            ),
        )
        assert ini.decision("outings").result is cp.Result.CARRIED
        assert influence(ini) == {
            "alice": pytest.approx(2 / 6),
            "bert": pytest.approx(1 / 6),
            "cora": pytest.approx(2 / 6),
            "cat": pytest.approx(1 / 6),
        }
        assert level(ini, "outings") == "co_producing"
        assert findings(ini) == []

    def test_one_dot_per_person_per_option(self):
        """Two dots on one option would count one person twice; a choice the dots did not make is refused."""
        outings = [
            cp.Option(id="seaside"),
            cp.Option(id="zoo"),
            cp.Option(id="theatre"),
        ]
        with pytest.raises(cp.ValidationError) as twice:
            cp.Decision(
                id="outings",
                title="Two summer outings",
                level="engaging",
                rule="majority",
                options=outings,
                contributions=[
                    did("alice", "voted_for", option="seaside"),
                    did("alice", "voted_for", option="seaside"),
                    did("mo", "voted_for", option="zoo"),
                ],
            )
        assert str(twice.value) == (
            "$.contributions[1]: 'alice' has voted on option 'seaside' already "
            "(contributions[0]); one vote per person per option"
        )
        with pytest.raises(cp.ValidationError) as wrong:
            cp.Decision(
                id="outings",
                title="Two summer outings",
                level="engaging",
                rule="majority",
                options=outings,
                chosen={"seaside", "theatre"},
                contributions=[
                    did("alice", "voted_for", option="seaside"),
                    did("alice", "voted_for", option="zoo"),
                    did("bert", "voted_for", option="seaside"),
                    did("bert", "voted_for", option="zoo"),
                    did("mo", "voted_for", option="theatre"),
                ],
            )
        assert str(wrong.value) == (
            "$.chosen: the votes choose 'seaside', 'zoo' ('seaside' 2, 'zoo' 2, "
            "'theatre' 1); record chosen: [seaside, zoo], or correct the votes"
        )

    def test_the_proposer_of_the_chosen_option_shaped_it(self):
        """Alice suggested Saturday and did not vote; Saturday won, so her idea was adopted."""
        ini = home(
            [ALICE, BERT, CORA, MO],
            cp.Decision(
                id="market",
                title="Market day",
                level="co_producing",
                rule="majority",
                affects={"alice", "bert", "cora"},
                options=[
                    cp.Option(id="sat", title="Saturday", proposed_by={"alice"}),
                    cp.Option(id="sun", title="Sunday", proposed_by={"mo"}),
                ],
                contributions=[
                    did("bert", "voted_for", option="sat"),
                    did("cora", "voted_for", option="sat"),
                    did("mo", "voted_for", option="sun"),
                ],
            ),
        )
        assert sorted(ini.decision("market").chosen) == ["sat"]
        assert influence(ini) == {
            "alice": pytest.approx(4 / 6),
            "bert": pytest.approx(1 / 6),
            "cora": pytest.approx(1 / 6),
        }
        assert level(ini, "market") == "co_producing"
        assert findings(ini) == []

    def test_voting_with_a_staff_majority_is_not_shaping(self):
        """Staff carried the manager's rota on their own votes; Alice's vote was not needed."""
        ini = home(
            [ALICE, BERT, MO, CAT, KEN],
            cp.Decision(
                id="rota",
                title="A new shift pattern",
                level="co_producing",
                rule="majority",
                affects={"alice", "bert"},
                contributions=[
                    did("mo", "proposed", adopted=True),
                    did("mo", "voted_for"),
                    did("cat", "voted_for"),
                    did("ken", "voted_for"),
                    did("alice", "voted_for"),
                    did("bert", "voted_against"),
                ],
            ),
        )
        assert ini.decision("rota").result is cp.Result.CARRIED
        assert level(ini, "rota") == "engaging"
        assert influence(ini) == {
            "mo": pytest.approx(5 / 8),
            "cat": pytest.approx(1 / 8),
            "ken": pytest.approx(1 / 8),
            "alice": pytest.approx(1 / 8),
        }
        assert findings(ini) == [
            ("level_overstated", "concern", ("rota",)),
            ("professional_dominance", "warning", ("alice", "bert")),
        ]

    def test_residents_carried_their_own_motion(self):
        """Alice proposed a visiting dog and the residents voted it through over two staff."""
        ini = home(
            [ALICE, BERT, CORA, MO, CAT],
            cp.Decision(
                id="dog",
                title="A visiting dog",
                level="co_producing",
                rule="majority",
                affects={"alice", "bert", "cora"},
                contributions=[
                    did("alice", "proposed"),
                    did("alice", "voted_for"),
                    did("bert", "voted_for"),
                    did("cora", "voted_for"),
                    did("mo", "voted_against"),
                    did("cat", "voted_against"),
                ],
            ),
        )
        assert ini.decision("dog").result is cp.Result.CARRIED
        assert cp.influence_shares(ini)[LIVED] == 1.0
        assert level(ini, "dog") == "co_producing"
        assert findings(ini) == []

    # -- Personal decisions ----------------------------------------------------------------

    def test_ann_was_only_told_her_visits_were_cut(self):
        """A decision about Ann's own care, and Ann was only told of it."""
        ini = home(
            [ANN, SAM],
            cp.Decision(
                id="visits",
                title="Fewer home visits",
                level="informing",
                rule="single_decider",
                affects={"ann"},
                contributions=[did("ann", "informed"), did("sam", "decided")],
            ),
        )
        assert ini.decision("visits").scope is cp.Scope.PERSONAL
        assert level(ini, "visits") == "informing"
        assert findings(ini) == [
            ("professional_dominance", "concern", ("ann",)),
            ("affected_absent", "concern", ("ann", "visits")),
        ]

    def test_ann_chose_her_own_bedtime(self):
        """Ann decided her own bedtime: on her own life that is co-production."""
        ini = home(
            [ANN, KAY],
            cp.Decision(
                id="bedtime",
                title="Ann's bedtime",
                level="co_producing",
                rule="single_decider",
                affects={"ann"},
                contributions=[
                    did("kay", "spoke", note="suggested ten o'clock"),
                    did("ann", "decided", note="eleven, after the news"),
                ],
            ),
        )
        assert level(ini, "bedtime") == "co_producing"
        assert influence(ini) == {"ann": 1.0}
        assert findings(ini) == []

    def test_anns_wishes_shaped_her_support_plan(self):
        """Ann was asked, her wish was taken up, and the social worker signed it off."""
        ini = home(
            [ANN, SAM],
            cp.Decision(
                id="mornings",
                title="Ann's morning support",
                level="co_designing",
                rule="single_decider",
                affects={"ann"},
                contributions=[
                    did("ann", "consulted", adopted=True, note="wash after breakfast"),
                    did("sam", "decided"),
                ],
            ),
        )
        assert level(ini, "mornings") == "co_designing"
        assert influence(ini) == {"ann": pytest.approx(0.4), "sam": pytest.approx(0.6)}
        assert findings(ini) == []

    def test_a_couple_where_only_one_was_heard(self):
        """A decision about a couple's own home is about each of them; Noor was only told."""
        raj, noor = person("raj", "Raj Ahmed"), person("noor", "Noor Ahmed")
        ini = home(
            [raj, noor, SAM],
            cp.Decision(
                id="room",
                title="Moving to a double room",
                level="co_producing",
                rule="single_decider",
                scope="personal",
                affects={"raj", "noor"},
                contributions=[
                    did("raj", "proposed", adopted=True),
                    did("noor", "informed"),
                    did("sam", "decided"),
                ],
            ),
        )
        assert level(ini, "room") == "co_designing"
        assert findings(ini) == [
            ("affected_absent", "concern", ("noor", "room")),
            ("level_overstated", "warning", ("room",)),
        ]

    def test_twelve_residents_told_and_none_heard(self):
        """Visiting hours change for all twelve residents, and none of them was heard."""
        ini = home(
            [*HOME, MO],
            cp.Decision(
                id="visiting",
                title="Shorter visiting hours",
                level="informing",
                rule="single_decider",
                affects=ids(HOME),
                contributions=[did(p.id, "informed") for p in HOME]
                + [did("mo", "decided")],
            ),
        )
        assert ini.decision("visiting").scope is cp.Scope.COLLECTIVE
        assert level(ini, "visiting") == "informing"
        assert findings(ini) == [
            ("professional_dominance", "concern", tuple(sorted(ids(HOME)))),
            ("affected_absent", "concern", ("visiting",)),
        ]
        (absent,) = cp.find_imbalances(ini).of_kind("affected_absent")
        assert absent.evidence["affected"] == 12

    def test_twelve_residents_told_and_one_heard(self):
        """Alice spoke up, so the shared decision heard at least one of the people it affects."""
        ini = home(
            [*HOME, MO],
            cp.Decision(
                id="visiting",
                title="Shorter visiting hours",
                level="informing",
                rule="single_decider",
                affects=ids(HOME),
                contributions=[did(p.id, "informed") for p in HOME]
                + [did("alice", "spoke"), did("mo", "decided")],
            ),
        )
        assert level(ini, "visiting") == "engaging"
        assert findings(ini) == [
            ("professional_dominance", "concern", tuple(sorted(ids(HOME))))
        ]

    # -- Families and representation -------------------------------------------------------

    def test_a_daughter_conveys_her_mothers_wishes(self):
        """Jo said what her mother wants: that is Ann's voice and Ann's influence."""
        ini = home(
            [ANN, JO, SAM],
            cp.Decision(
                id="move",
                title="Ann's room move",
                level="co_designing",
                rule="single_decider",
                affects={"ann"},
                contributions=[
                    did(
                        "jo",
                        "spoke",
                        on_behalf_of="ann",
                        adopted=True,
                        note="Mum wants a room with a garden view",
                    ),
                    did("sam", "decided"),
                ],
            ),
        )
        assert level(ini, "move") == "co_designing"
        assert influence(ini) == {"ann": pytest.approx(0.4), "sam": pytest.approx(0.6)}
        assert cp.influence_shares(ini)[CARER] == 0.0
        edge = cp.influence_graph(ini).get_edge_data("stakeholder/ann", "decision/move")
        assert [
            (e["by"], e["on_behalf_of"], e["influence"]) for e in edge.values()
        ] == [("jo", "ann", pytest.approx(0.4))]
        assert findings(ini) == [("proxy_only", "info", ("ann",))]

    def test_a_daughters_own_view_is_not_her_mothers(self):
        """Jo gave her own view, so Ann herself was not heard on a decision about her life."""
        ini = home(
            [ANN, JO, SAM],
            cp.Decision(
                id="move",
                title="Ann's room move",
                level="co_designing",
                rule="single_decider",
                affects={"ann"},
                contributions=[
                    did(
                        "jo",
                        "spoke",
                        adopted=True,
                        note="I think the quiet room is best",
                    ),
                    did("sam", "decided"),
                ],
            ),
        )
        assert level(ini, "move") == "coercing"
        assert influence(ini) == {"jo": pytest.approx(0.4), "sam": pytest.approx(0.6)}
        assert findings(ini) == [
            ("professional_dominance", "concern", ("ann",)),
            ("affected_absent", "concern", ("ann", "move")),
            ("level_overstated", "concern", ("move",)),
        ]

    def test_speaking_for_someone_needs_their_say_so(self):
        """Only someone recorded as representing Ann may convey her wishes."""
        neighbour = person("pat", "Pat Green", "family_carer")
        with pytest.raises(cp.ValidationError) as refused:
            home(
                [ANN, neighbour],
                cp.Decision(
                    id="move",
                    title="Ann's room move",
                    level="engaging",
                    affects={"ann"},
                    contributions=[did("pat", "spoke", on_behalf_of="ann")],
                ),
            )
        assert str(refused.value) == (
            "$.decisions[0].contributions[0].on_behalf_of: 'pat' does not represent "
            "'ann'; add 'ann' to the 'represents' of 'pat' first"
        )

    def test_a_carers_service_counts_carers_as_lived_experience(self):
        """In a carers' group the carers live the caring: their own views are lived experience there."""
        fay = person("fay", "Fay Brown", "family_carer")
        gus = person("gus", "Gus Hill", "family_carer")
        ini = home(
            [fay, gus, MO],
            cp.Decision(
                id="respite",
                title="Respite evenings",
                level="co_producing",
                rule="consensus",
                contributions=[
                    did("fay", "proposed", adopted=True),
                    did("gus", "supported"),
                    did("mo", "supported"),
                ],
            ),
            **members([cp.Role(id="member")], fay="member", gus="member", mo="member"),
        )
        carers = cp.Policy(lived_experience={"lived_experience", "carer"})
        assert level(ini, "respite", carers) == "co_producing"
        assert cp.influence_shares(ini, carers)[CARER] == pytest.approx(5 / 6)
        assert cp.influence_graph(ini, carers).nodes["stakeholder/fay"][
            "lived_experience"
        ]
        assert findings(ini, carers) == []
        # By default a carer's own view is not the view of someone who uses services.
        assert level(ini, "respite") == "coercing"
        assert findings(ini) == [
            ("level_overstated", "concern", ("respite",)),
            ("membership_imbalance", "warning", ()),
        ]

    # -- Membership -------------------------------------------------------------------------

    def test_one_resident_among_four_members(self):
        """One member in four with lived experience is outnumbered three to one."""
        ini = home(
            [ALICE, BERT, MO, CAT, KEN],
            **members(
                [cp.Role(id="member")],
                alice="member",
                mo="member",
                cat="member",
                ken="member",
            ),
        )
        assert findings(ini) == [("membership_imbalance", "warning", ("alice",))]
        (imbalance,) = cp.find_imbalances(ini).of_kind("membership_imbalance")
        assert imbalance.evidence == {
            "lived_experience_members": 1,
            "members": 4,
            "share": 0.25,
            "minimum": 1 / 3,
        }

    def test_one_resident_among_three_members_is_enough(self):
        """Exactly one member in three meets the policy's minimum."""
        ini = home(
            [ALICE, BERT, MO, CAT, KEN],
            **members(
                [cp.Role(id="member")], alice="member", mo="member", cat="member"
            ),
        )
        assert findings(ini) == []

    # -- Feedback -------------------------------------------------------------------------

    def test_a_compliment_needs_no_answer(self):
        """Thanks for the garden party, months ago, is not feedback waiting for an answer."""
        ini = home(
            [ALICE, MO],
            meetings=[cp.Meeting(id="m1", date=DAY)],
            feedback=[
                cp.Feedback(
                    id="f1",
                    by="alice",
                    received=DAY - dt.timedelta(days=200),
                    text="Thank you for the garden party",
                    kind="compliment",
                )
            ],
        )
        assert findings(ini) == []

    def test_a_holding_reply_older_than_the_policy_allows(self):
        """ "We'll look at it again", then nothing for 120 days, is not an answer."""
        ini = home(
            [ALICE, MO],
            meetings=[cp.Meeting(id="m1", date=DAY)],
            feedback=[
                cp.Feedback(
                    id="f1",
                    by="alice",
                    received=DAY - dt.timedelta(days=150),
                    text="My room is too cold at night",
                    kind="complaint",
                )
            ],
            responses=[
                cp.Response(
                    feedback="f1",
                    date=DAY - dt.timedelta(days=120),
                    action="We'll look at the heating again",
                    by={"mo"},
                    kind="holding",
                )
            ],
        )
        assert findings(ini) == [("feedback_unanswered", "warning", ("f1",))]
        (f,) = cp.find_imbalances(ini)
        assert f.message == (
            'Alice Brown said "My room is too cold at night" on 5 October 2025; a '
            "holding reply was sent on 4 November 2025 and nothing since, 120 days "
            "before 4 March 2026. A holding reply is not an answer. Answer it: say what "
            "was done, or why not."
        )

    def test_a_complaint_declined_with_a_reason(self):
        """Saying no and why is an answer, even if not the one hoped for."""
        ini = home(
            [ALICE, MO],
            meetings=[cp.Meeting(id="m1", date=DAY)],
            feedback=[
                cp.Feedback(
                    id="f1",
                    by="alice",
                    received=DAY - dt.timedelta(days=150),
                    text="I want a pet cat in my room",
                    kind="complaint",
                )
            ],
            responses=[
                cp.Response(
                    feedback="f1",
                    date=DAY - dt.timedelta(days=140),
                    action="Not in your room: Bert is allergic. The visiting cat comes "
                    "on Tuesdays",
                    by={"mo"},
                    kind="declined",
                )
            ],
        )
        assert findings(ini) == []
        assert [r["status"] for r in cp.you_said_we_did(ini)] == ["declined"]

    # -- Care plans -----------------------------------------------------------------------

    def test_a_care_plan_never_agreed_and_long_overdue(self):
        """A plan written about Ann, agreed by staff alone, unreviewed for 14 months."""
        ini = home(
            [ANN, MO, CAT],
            care_plans=[
                cp.CarePlan(
                    id="cp-ann",
                    person="ann",
                    agreed=dt.date(2024, 1, 4),
                    review=dt.date(2025, 1, 4),
                    items=[
                        cp.CarePlanItem(
                            area="personal care",
                            kind="support",
                            text="Two carers to help with washing at 7 a.m.",
                            agreed_by={"mo", "cat"},
                        ),
                        cp.CarePlanItem(
                            area="food and drink",
                            text="Soft diet",
                            agreed_by={"mo"},
                        ),
                    ],
                )
            ],
        )
        report = cp.find_imbalances(ini, as_of=DAY)
        assert [(f.kind.value, f.severity.value, f.subjects) for f in report] == [
            ("care_plan_not_agreed", "concern", ("ann", "cp-ann")),
            ("care_plan_review_overdue", "warning", ("ann", "cp-ann")),
        ]
        assert report.of_kind("care_plan_review_overdue")[0].evidence == {
            "review": "2025-01-04",
            "days_overdue": 424,
        }

    def test_a_care_plan_agreed_with_the_person_and_reviewed_on_time(self):
        """Ann agreed her plan in her own words, and its review is still to come."""
        ini = home(
            [ANN, MO, CAT],
            care_plans=[
                cp.CarePlan(
                    id="cp-ann",
                    person="ann",
                    agreed=dt.date(2025, 9, 4),
                    review=dt.date(2026, 9, 4),
                    items=[
                        cp.CarePlanItem(
                            area="personal care",
                            kind="support",
                            text="Help me wash after breakfast, not before",
                            agreed_by={"ann", "cat"},
                        ),
                        cp.CarePlanItem(
                            area="food and drink",
                            text="Soft food I can choose from a picture menu",
                            agreed_by={"ann", "mo"},
                        ),
                    ],
                )
            ],
        )
        assert cp.find_imbalances(ini, as_of=DAY).findings == ()

    # -- Communication support --------------------------------------------------------------

    def test_deaf_resident_with_a_bsl_interpreter(self):
        """An interpreter conveys Dev's own words: no proxy, and the need was met."""
        deaf = person("dev", "Dev Shah", access_needs={"bsl_interpreter"})
        ines = person("ines", "Ines Roca", "other", perspective="professional")
        ini = home(
            [deaf, ines, MO],
            cp.Decision(
                id="day",
                title="Dev's day centre days",
                meeting="m1",
                affects={"dev"},
                level="co_producing",
                rule="consensus",
                contributions=[
                    did("dev", "proposed", adopted=True, supported_by="ines"),
                    did("mo", "supported"),
                ],
            ),
            meetings=[
                cp.Meeting(
                    id="m1",
                    date=DAY,
                    title="Dev's review",
                    attendees={"dev", "ines", "mo"},
                    accommodations={"BSL interpreter"},
                )
            ],
        )
        kinds = {kind for kind, _, _ in findings(ini)}
        assert not kinds & {"proxy_only", "access_unmet"}
        assert findings(ini) == []
        assert level(ini, "day") == "co_producing"
        # Dev's adopted proposal is his own; the interpreter has no influence of her own.
        assert influence(ini) == {"dev": pytest.approx(0.8), "mo": pytest.approx(0.2)}
