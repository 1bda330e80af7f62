import re

import pytest

import coproduction as cp
from coproduction import scenarios
from coproduction.errors import NotFoundError

NAMES = scenarios.list_bundled()

FINDINGS = {
    "advocate_care_planning": {
        ("affected_absent", ("rhys", "d4-day-service")),
        ("proxy_only", ("rhys",)),
    },
    "best_interests_move": {
        ("affected_overruled", ("dorothy", "d2-harbour-walks")),
    },
    "day_centre_timetable": {
        ("formal_power_concentration", ("gary", "jenny", "nathan", "priti")),
        ("professional_dominance", ("kevin", "maureen", "shabnam")),
        ("single_decider", ("gary",)),
    },
    "deaf_communication_policy": {
        ("access_unmet", ("jack", "m3-draft")),
        ("access_unmet", ("kwame", "m3-draft")),
        ("level_overstated", ("d5-out-of-hours",)),
        ("level_overstated", ("d6-final-wording",)),
    },
    "home_adaptations": set(),
    "oak_house_meals": {
        ("access_unmet", ("edna", "m3-garden-room")),
        ("balancing_concern", ("curry-2", "kitchen-overtime")),
    },
    "person_centred_care_plan": set(),
    "service_review_activities": {
        ("feedback_unanswered", ("f3-mens-group",)),
        ("review_without_lived_experience", ("exercise-1",)),
        ("under_represented", ("ethnicity:pakistani",)),
        ("under_represented", ("language:urdu",)),
    },
    "shared_lounge_decoration": {("tokenism", ("stanley",))},
}
"""What each scenario gives, so that a change in the analysis that alters one is seen."""

_PLANTED = re.compile(r"^#   ([a-z_]+)(?: \([a-z]+\))? - ")


def _findings(name):
    report = cp.find_imbalances(scenarios.load_bundled(name))
    return {(f.kind.value, f.subjects) for f in report}


def _planted(name):
    """The kinds of finding a scenario's header says it hides."""
    header = [
        line
        for line in scenarios.read_bundled(name).splitlines()
        if line.startswith("#")
    ]
    return {m.group(1) for line in header if (m := _PLANTED.match(line))}


class TestBundled:
    def test_at_least_six(self):
        """The package carries at least six scenarios."""
        assert len(NAMES) >= 6

    @pytest.mark.parametrize("name", NAMES)
    def test_loads_and_validates(self, name):
        """Every bundled scenario loads, validates without a note and round-trips."""
        ini = scenarios.load_bundled(name)
        assert ini.validate() == ()
        assert cp.loads(cp.dumps(ini)) == ini
        assert ini.decisions, "a scenario without decisions teaches nothing about power"

    @pytest.mark.parametrize("name", NAMES)
    def test_header_says_what_it_teaches(self, name):
        """Every file opens with a comment saying what it teaches and what it hides."""
        text = scenarios.read_bundled(name)
        header = [line for line in text.splitlines()[:30] if line.startswith("#")]
        assert len(header) >= 5
        assert any(line.startswith("# Planted problems:") for line in header)

    def test_fair_and_problem_scenarios(self):
        """Some scenarios are fair co-production and some hide problems."""
        fair = [
            n for n in NAMES if "# Planted problems: none" in scenarios.read_bundled(n)
        ]
        assert 2 <= len(fair) < len(NAMES)

    def test_default(self):
        """The default scenario is the care home's mealtimes."""
        assert scenarios.load_bundled().title == "Mealtimes at Oak House"

    def test_unknown(self):
        """An unknown name lists the scenarios there are."""
        with pytest.raises(NotFoundError) as e:
            scenarios.load_bundled("nowhere")
        assert str(
            e.value
        ) == "no bundled scenario named 'nowhere'; choose one of " + ", ".join(
            repr(n) for n in NAMES
        )


class TestFindings:
    def test_every_scenario_is_listed(self):
        """Each bundled scenario has its expected findings written down here."""
        assert sorted(FINDINGS) == NAMES

    @pytest.mark.parametrize("name", NAMES)
    def test_exact_findings(self, name):
        """Each scenario gives exactly the findings it is known to give."""
        assert _findings(name) == FINDINGS[name]

    @pytest.mark.parametrize("name", NAMES)
    def test_header_names_every_kind_found(self, name):
        """The header lists every kind of problem found, and each one it lists is found."""
        assert _planted(name) == {kind for kind, _ in FINDINGS[name]}

    @pytest.mark.parametrize(
        "name",
        [n for n in NAMES if "# Planted problems: none" in scenarios.read_bundled(n)],
    )
    def test_fair_scenarios_raise_no_warning(self, name):
        """A fair scenario raises no warning and no concern."""
        report = cp.find_imbalances(scenarios.load_bundled(name))
        assert [f for f in report if f.severity >= cp.Severity.WARNING] == []

    def test_carer_service_counts_carers(self):
        """A policy that counts carers as lived experience reads the same stories
        differently: the day centre's carer joins the people who use it."""
        ini = scenarios.load_bundled("day_centre_timetable")
        policy = cp.Policy(lived_experience={"lived_experience", "carer"})
        (dominance,) = [
            f
            for f in cp.find_imbalances(ini, policy=policy)
            if f.kind is cp.FindingKind.PROFESSIONAL_DOMINANCE
        ]
        assert dominance.subjects == ("alan", "kevin", "maureen", "shabnam")
        assert dominance.evidence["membership_share"] == 0.5


class TestLoungeColourVote:
    """The wall colour at Willow Court: a vote among three paints."""

    @pytest.fixture
    def lounge(self):
        return scenarios.load_bundled("shared_lounge_decoration")

    def test_result_and_choice(self, lounge):
        """The vote carried, and sage green was chosen."""
        d = lounge.decision("d1-wall-colour")
        assert d.result is cp.Result.CARRIED
        assert d.chosen == frozenset({"sage"})

    def test_votes(self, lounge):
        """Sage four, magnolia two, yellow and green one; three of sage's are residents'."""
        d = lounge.decision("d1-wall-colour")
        votes = {o.id: [] for o in d.options}
        for c in d.contributions:
            if c.action is cp.Action.VOTED_FOR:
                votes[c.option].append(c.by)
        assert votes == {
            "sage": ["ivy", "pamela", "rajinder", "chloe"],
            "canaries": ["stanley"],
            "magnolia": ["rebecca", "dev"],
        }

    def test_observed_level(self, lounge):
        """The residents' votes chose a colour a care worker proposed: without them
        magnolia would have won, so they shaped it and shared the final say."""
        assert cp.observed_level(lounge, "d1-wall-colour") is cp.Level.CO_PRODUCING

    def test_without_the_residents_magnolia_wins(self, lounge):
        """Take the residents' votes away and the manager's magnolia is chosen."""
        d = lounge.decision("d1-wall-colour")
        residents = {"stanley", "ivy", "pamela", "rajinder"}
        others = cp.Decision(
            id=d.id,
            title=d.title,
            level=d.level,
            rule=d.rule,
            affects=d.affects,
            options=d.options,
            contributions=[
                c
                for c in d.contributions
                if not (c.action is cp.Action.VOTED_FOR and c.by in residents)
            ],
        )
        assert (others.result, others.chosen) == (
            cp.Result.CARRIED,
            frozenset({"magnolia"}),
        )

    def test_music_vote_is_engaging(self, lounge):
        """The smart speaker would have won without the residents' votes, and no
        resident's idea was taken up: they were engaged, not co-producing."""
        d = lounge.decision("d6-music-corner")
        assert (d.result, d.chosen) == (cp.Result.CARRIED, frozenset({"smart-speaker"}))
        assert cp.observed_level(lounge, d.id) is cp.Level.ENGAGING

    def test_same_votes_as_advice_are_voice(self, lounge):
        """Had the manager only taken the votes as advice and picked sage herself, the
        residents would have been heard but would not have decided: engaging."""
        data = cp.to_dict(lounge)
        (paint,) = [d for d in data["decisions"] if d["id"] == "d1-wall-colour"]
        paint["rule"] = "advice"
        paint["contributions"].append(
            {"by": "rebecca", "action": "decided", "option": "sage"}
        )
        advised = cp.from_dict(cp.Initiative, data)
        assert advised.decision("d1-wall-colour").chosen == frozenset({"sage"})
        assert cp.observed_level(advised, "d1-wall-colour") is cp.Level.ENGAGING


class TestBestInterestsMove:
    """Where Dorothy lives: capacity is decided one decision at a time."""

    @pytest.fixture
    def whitby(self):
        return scenarios.load_bundled("best_interests_move")

    def test_capacity_is_decision_specific(self, whitby):
        """She lacks capacity to decide where to live, and only that."""
        assert {d.id: dict(d.capacity) for d in whitby.decisions if d.capacity} == {
            "d3-where-to-live": {"dorothy": cp.Capacity.LACKS},
            "d4-which-flat": {"dorothy": cp.Capacity.HAS},
        }

    def test_best_interests_decision_raises_nothing(self, whitby):
        """Her past wish was conveyed and followed, her family consulted, her attorney
        decided: a lawful best-interests decision raises no finding."""
        report = cp.find_imbalances(whitby)
        assert [f for f in report if "d3-where-to-live" in f.subjects] == []
        d = whitby.decision("d3-where-to-live")
        assert (d.result, d.chosen) == (
            cp.Result.CARRIED,
            frozenset({"extra-care-whitby"}),
        )
        assert cp.observed_level(whitby, "d3-where-to-live") is cp.Level.CO_DESIGNING

    def test_harbour_walks_overruled_by_her_attorney(self, whitby):
        """Presumed to have capacity, she said no and her son decided anyway."""
        (f,) = cp.find_imbalances(whitby).of_kind("affected_overruled")
        assert (f.severity, f.subjects, f.evidence) == (
            cp.Severity.CONCERN,
            ("dorothy", "d2-harbour-walks"),
            {"prevailed": ["peter"]},
        )

    def test_she_decides_the_smaller_things(self, whitby):
        """Which flat and what to take are hers, and she decided them."""
        assert [
            cp.observed_level(whitby, d).value
            for d in ("d4-which-flat", "d5-what-to-take")
        ] == ["co_producing", "co_producing"]
