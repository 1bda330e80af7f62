"""Checked exercises: answers worked out by the analysis, read forgivingly, explained.

The situations are a trainer's: a learner names the right people in the wrong order,
or in capitals; names a relative where the question asks who conveyed a wish; says a
good month proves a change; calls an attorney's decision lawful when no one assessed
capacity. Each verdict is the one an experienced practitioner would give.
"""

from __future__ import annotations

import copy
import io
import pickle
import textwrap

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import coproduction as cp
from coproduction import training
from coproduction.training import Exercise, Idea, Verdict, _answers

EXERCISES = training.list_exercises()
IDS = [ex.id for ex in EXERCISES]


def by_id(id: str) -> Exercise:
    return training.exercise(id)


def made(analysis: object, **fields: object) -> Exercise:
    """An exercise about Oak House made in code, with any field changed."""
    given = {
        "id": "x",
        "scenario": "oak_house_meals",
        "question": "Q?",
        "theme": "empowerment",
        "analysis": analysis,
    }
    return Exercise(**{**given, **fields})


class TestTheCourse:
    def test_at_least_twelve_exercises(self):
        assert len(EXERCISES) >= 12
        assert len(set(IDS)) == len(IDS)

    def test_every_theme_is_covered(self):
        assert {ex.theme for ex in EXERCISES} == set(cp.Theme)

    def test_every_idea_of_the_guide_is_covered(self):
        assert {i for ex in EXERCISES for i in ex.ideas} == set(Idea)

    def test_every_exercise_has_hints_and_a_question(self):
        for ex in EXERCISES:
            assert ex.question.endswith("?"), ex.id
            assert len(ex.hints) >= 2, ex.id

    def test_every_theme_has_its_principle_and_every_kind_its_words(self):
        assert set(_answers.PRINCIPLES) == set(cp.Theme)
        assert set(_answers._KIND_WORDS) == set(cp.FindingKind)

    def test_filters(self):
        assert all(
            ex.theme is cp.Theme.CONTINUOUS_IMPROVEMENT
            for ex in training.list_exercises(theme="continuous_improvement")
        )
        assert all(
            Idea.OWNERSHIP in ex.ideas
            for ex in training.list_exercises(idea="ownership")
        )
        assert {
            ex.scenario for ex in training.list_exercises(scenario="oak_house_meals")
        } == {"oak_house_meals"}

    def test_unknown_exercise(self):
        with pytest.raises(
            cp.NotFoundError,
            match=r"no exercise 'curry'; did you mean 'curry-night-shift'\?",
        ) as err:
            training.exercise("curry")
        assert (err.value.kind, err.value.id) == ("exercise", "curry")

    def test_fresh_each_time(self):
        first = training.exercise("access-unmet-oak-house")
        first.hint()
        assert (
            training.exercise("access-unmet-oak-house").hint().startswith("Hint 1 of")
        )
        assert first == training.exercise("access-unmet-oak-house")


@pytest.mark.parametrize("ex", EXERCISES, ids=IDS)
def test_the_reference_answer_checks_as_right(ex):
    verdict = ex.check(ex.answer)
    assert verdict.right, verdict.explanation
    assert (verdict.missing, verdict.extra, verdict.partly) == ((), (), False)
    assert verdict.explanation.startswith("Right.\nThe answer: ")
    assert "The principle: " in verdict.explanation


def _a_wrong_answer(ex: Exercise) -> object:
    """Every part answered with something in its vocabulary that is not the answer."""

    def wrong(part) -> object:
        others = sorted(set(part.vocabulary.labels) - part.keys)
        return others[0] if part.keys else others[:1]

    parts = ex._parts()
    if "" in parts:
        return wrong(parts[""])
    return {name: wrong(part) for name, part in parts.items()}


@pytest.mark.parametrize("ex", EXERCISES, ids=IDS)
def test_a_wrong_answer_is_wrong_and_explained(ex):
    verdict = ex.check(_a_wrong_answer(ex))
    assert not verdict.right
    assert verdict.extra
    lines = verdict.explanation.splitlines()
    assert lines[0] == "Not right."
    assert any(line.startswith("The answer: ") for line in lines)
    assert (
        len(lines) >= 4
    )  # the verdict, what was wrong, the answer, why, the principle


class TestTheAnswerIsComputed:
    def test_mending_the_scenario_changes_the_answer(self, tmp_path):
        """Provide the hearing loop in the garden room, and no need is left unmet."""
        ini = cp.scenarios.load_bundled("oak_house_meals")
        meeting = ini.meeting("m3-garden-room")
        ini.replace_meeting(
            cp.Meeting(
                id=meeting.id,
                date=meeting.date,
                title=meeting.title,
                attendees=meeting.attendees,
                accommodations={*meeting.accommodations, "hearing_loop"},
            )
        )
        path = tmp_path / "mended.yaml"
        path.write_text(cp.dumps(ini), encoding="utf-8")
        (ex,) = training.load_exercises(
            io.StringIO(
                textwrap.dedent(f"""\
                exercises:
                  - id: mended
                    scenario: {path}
                    question: Whose access need was not met?
                    theme: inclusivity_and_diversity
                    analysis: {{findings: access_unmet, take: people}}
                """)
            )
        )
        assert ex.answer == ()
        assert ex.check("none").right
        assert ex.check([]).right
        verdict = ex.check("Edna")
        assert not verdict.right
        assert (
            "Edna Whitfield (edna): the analysis finds no access need left unmet here."
            in verdict.explanation
        )

    def test_the_initiative_is_a_fresh_copy(self):
        ex = by_id("access-unmet-oak-house")
        answer = ex.answer
        ex.initiative.remove_meeting  # noqa: B018  # a method of a fresh copy
        changed = ex.initiative
        changed.forget("edna")
        assert ex.answer == answer
        assert ex.initiative.stakeholder("edna").name == "Edna Whitfield"


class TestForgiving:
    def test_names_or_ids_any_order_any_case(self):
        ex = by_id("levels-overstated")
        for answer in [
            ["d5-out-of-hours", "d6-final-wording"],
            ["d6-final-wording", "d5-out-of-hours"],
            "  D6-FINAL-WORDING , d5 out of hours ",
            "The policy's final wording and Out-of-hours contact by text and video relay",
            {"d6-final-wording", "Out-of-hours contact by text and video relay"},
        ]:
            assert ex.check(answer).right, answer

    def test_a_decision_object_or_a_level_member(self):
        ini = cp.scenarios.load_bundled("deaf_communication_policy")
        assert (
            by_id("levels-overstated")
            .check([ini.decision("d5-out-of-hours"), ini.decision("d6-final-wording")])
            .right
        )
        assert by_id("rung-of-final-wording").check(cp.Level.CONSULTING).right
        assert by_id("rung-of-final-wording").check("consulted").right

    def test_partly_right_says_what_is_missing(self):
        verdict = by_id("levels-overstated").check("d6")
        assert not verdict.right
        assert verdict.partly is False  # 'd6' is no id here: nothing of the answer
        verdict = by_id("levels-overstated").check("the policy's final wording")
        assert verdict.partly
        assert verdict.missing == (
            '"Out-of-hours contact by text and video relay" (d5-out-of-hours)',
        )
        assert verdict.explanation.startswith(
            'Partly right. Missing: "Out-of-hours contact by text and video relay" (d5-out-of-hours).'
        )

    def test_any_nesting_of_lists(self):
        answer: object = "Gary"
        for _ in range(5000):
            answer = [answer]
        assert by_id("final-say-day-centre").check(answer).right

    def test_something_unknown_is_named(self):
        verdict = by_id("final-say-day-centre").check("Gary, the Queen")
        assert not verdict.right
        assert verdict.extra == ("'the Queen'",)
        assert (
            "'the Queen' names nothing in this scenario; use a name or an id."
            in verdict.explanation
        )

    def test_a_flat_answer_to_a_question_in_parts(self):
        ex = by_id("access-unmet-oak-house")
        assert ex.check("Edna at the garden room").right
        assert ex.check(["m3-garden-room", "edna whitfield"]).right
        assert ex.check({"Who ": "EDNA", "where": "6 November 2025"}).right

    def test_parts_that_can_name_the_same_people_need_a_mapping(self):
        verdict = by_id("voice-or-influence-harbour-walks").check(
            "Dorothy, Nadia, Peter"
        )
        assert not verdict.right
        assert verdict.explanation.startswith(
            "This question has parts, 'voice' and 'influence', that can name the same things: "
            "answer each, as {'voice': [...], 'influence': [...]}."
        )

    def test_an_unknown_part(self):
        verdict = by_id("access-unmet-oak-house").check({"who": "edna", "when": "m3"})
        assert not verdict.right
        assert verdict.explanation.startswith(
            "This question's parts are 'who', 'where'; 'when' is not one of them."
        )

    def test_a_missing_part(self):
        verdict = by_id("access-unmet-oak-house").check({"who": "edna"})
        assert verdict.partly
        assert verdict.missing == (
            "where: the meeting on 6 November 2025 (m3-garden-room)",
        )


class TestWhatAPractitionerWouldSay:
    def test_being_heard_is_not_shaping_the_result(self):
        """Dorothy objected to losing her walk; Peter decided. Her voice, his influence."""
        verdict = by_id("voice-or-influence-harbour-walks").check(
            {"voice": ["Dorothy", "Nadia", "Peter"], "influence": ["Dorothy", "Peter"]}
        )
        assert not verdict.right
        assert verdict.extra == ("influence: Dorothy Harrison (dorothy)",)
        assert (
            "Dorothy Harrison (dorothy): was heard, but what they said did not shape the result."
            in verdict.explanation
        )
        assert (
            "Peter Harrison decided: heard, and shaped the result."
            in verdict.explanation
        )

    def test_a_relatives_own_view_is_not_the_persons_wish(self):
        """Lisa, his care worker, never spoke for Rhys; Carys did on one decision."""
        verdict = by_id("heard-through-others").check("Bethan, Gareth, Carys, Lisa")
        assert verdict.extra == ("Lisa Pritchard (lisa)",)
        assert "never conveyed Rhys Evans's wishes." in verdict.explanation
        assert "those are theirs, not Rhys Evans's." in verdict.explanation

    def test_an_attorney_cannot_decide_for_someone_presumed_to_have_capacity(self):
        """No capacity assessment for the harbour walks: the decision is Dorothy's."""
        ex = by_id("lawful-harbour-walks")
        assert ex.answer == {"lawful": "no", "missing": ("capacity_assessment",)}
        verdict = ex.check({"lawful": "yes", "missing": "none"})
        assert not verdict.right
        assert (
            "presumed to have it (Mental Capacity Act 2005, section 1(2))"
            in verdict.explanation
        )
        assert ex.check({"lawful": False, "missing": "a capacity assessment"}).right

    def test_a_complete_best_interests_record_is_lawful(self):
        ex = by_id("lawful-where-to-live")
        assert ex.answer == {"lawful": "yes", "missing": ()}
        assert ex.check({"lawful": "Yes", "missing": "nothing"}).right
        verdict = ex.check({"lawful": "yes", "missing": "the decision maker"})
        assert verdict.extra == ("missing: a named decision-maker",)
        assert "a named decision-maker: the record shows it." in verdict.explanation

    def test_an_incomplete_best_interests_record(self, tmp_path):
        """Drop Peter's decision: the record no longer names who decided."""
        ini = cp.scenarios.load_bundled("best_interests_move")
        d = ini.decision("d3-where-to-live")
        kept = [c for c in d.contributions if c.action is not cp.Action.DECIDED]
        ini.replace_decision(
            attrs.evolve(d, contributions=kept, result=None, chosen=None)
        )
        (tmp_path / "bi.yaml").write_text(cp.dumps(ini), encoding="utf-8")
        (tmp_path / "ex.yaml").write_text(
            textwrap.dedent("""\
            exercises:
              - id: bi
                scenario: bi.yaml
                question: Lawful, and if not what is missing?
                theme: person_centred_care
                analysis:
                  lawful: {lawful_best_interests: d3-where-to-live}
                  missing: {best_interests_missing: d3-where-to-live}
            """),
            encoding="utf-8",
        )
        (ex,) = training.load_exercises(tmp_path / "ex.yaml")
        assert ex.answer == {"lawful": "no", "missing": ("decision_maker",)}
        assert (
            "Mental Capacity Act 2005, section 4"
            in ex.check({"lawful": "no"}).explanation
        )

    def test_one_good_month_is_not_a_signal(self):
        """After the first curry night, satisfaction rose once: too early to tell."""
        ex = made({"improved": "curry-1"}, theme="continuous_improvement")
        assert ex.answer == "too_early"
        verdict = ex.check("yes")
        assert not verdict.right
        assert "One good month is neither: it could be chance." in verdict.explanation
        assert ex.check("too early to tell").right

    def test_the_shift_at_the_third_cycle(self):
        ex = by_id("curry-night-shift")
        assert ex.answer == {"changed": "yes", "how": ("shift",)}
        assert ex.check("yes, a shift").right
        verdict = ex.check({"changed": "yes", "how": "too few crossings"})
        assert verdict.missing == ("how: a shift",)
        assert (
            "8 observations in a row above the baseline median of 60.5%"
            in verdict.explanation
        )

    def test_the_principle_and_the_remedy_are_given(self):
        verdict = by_id("left-out-of-own-life").check("Swimming on Tuesdays")
        assert "Revisit it with Rhys Evans" in verdict.explanation
        assert (
            "The principle: Decisions about a person's own life are made with them"
            in verdict.explanation
        )


class TestInALiveSession:
    def test_reveal_false_keeps_the_answer_back(self):
        """A trainer checks a first try without giving the answer away."""
        ex = by_id("lawful-harbour-walks")
        verdict = ex.check({"lawful": "yes", "missing": "nothing"}, reveal=False)
        assert not verdict.right
        assert verdict.missing == ("lawful: 1 more", "missing: 1 more")
        assert verdict.extra == ("lawful: yes",)
        assert "The answer" not in verdict.explanation
        assert "capacity" not in verdict.explanation
        assert ex.check(
            {"lawful": "no", "missing": "capacity assessment"}, reveal=False
        ).explanation.startswith("Right.\nThe answer: ")

    def test_reveal_false_on_an_answer_that_cannot_be_read(self):
        verdict = by_id("voice-or-influence-harbour-walks").check(
            "Dorothy", reveal=False
        )
        assert "Peter" not in verdict.explanation

    def test_a_choice_with_reasons(self):
        """A learner answers as people do: the choice, then why."""
        ex = by_id("lawful-harbour-walks")
        verdict = ex.check(
            {
                "lawful": "No because nobody assessed her capacity",
                "missing": "capacity assessment",
            }
        )
        assert verdict.right
        assert (
            "Read as your reasons: 'because nobody assessed her capacity'."
            in verdict.explanation
        )
        verdict = ex.check(
            {"lawful": "yes, Peter is her attorney", "missing": "nothing"}
        )
        assert not verdict.right
        assert verdict.extra == ("lawful: yes",)
        assert "Read as your reasons: 'Peter is her attorney'." in verdict.explanation

    def test_a_name_at_the_start_of_a_sentence_is_not_taken(self):
        verdict = by_id("final-say-day-centre").check("Gary decides everything")
        assert not verdict.right
        assert verdict.extra == ("'Gary decides everything'",)

    def test_the_words_a_fixed_part_takes(self):
        ex = by_id("curry-night-shift")
        assert ex.choices == {
            "changed": ("yes", "no", "too early to tell"),
            "how": ("a shift", "too few crossings"),
        }
        verdict = ex.check({"changed": "yes", "how": "one good month"})
        assert (
            "'one good month' is not one of the answers here: a shift, too few crossings."
            in verdict.explanation
        )
        assert "Answers for how" in ex._repr_html_()
        assert by_id("access-unmet-oak-house").choices == {}

    def test_an_answer_of_none_is_explained(self):
        text = GOOD.replace("scenario: oak_house_meals", "scenario: home_adaptations")
        (ex,) = training.loads_exercises(text)
        assert ex.answer == ()
        assert (
            "The analysis finds no access need left unmet in this scenario."
            in ex.check("none").explanation
        )


class TestTravel:
    def test_an_exercise_pickles_with_its_hints_shown(self):
        ex = by_id("curry-night-shift")
        ex.hint()
        assert ex.answer
        back = pickle.loads(pickle.dumps(ex))
        assert back == ex
        assert back.answer == ex.answer
        assert back.hint().startswith("Hint 2 of 2")

    def test_a_verdict_and_a_list_pickle(self):
        verdict = by_id("curry-night-shift").check("yes")
        assert pickle.loads(pickle.dumps(verdict)) == verdict
        assert pickle.loads(pickle.dumps(EXERCISES)) == EXERCISES

    def test_a_deep_copy(self):
        ex = by_id("access-unmet-oak-house")
        assert copy.deepcopy(ex).check("Edna at the garden room").right


class TestHints:
    def test_one_at_a_time_then_no_more(self):
        ex = by_id("rung-of-final-wording")
        assert ex.hint() == f"Hint 1 of 2: {ex.hints[0]}"
        assert ex.hint() == f"Hint 2 of 2: {ex.hints[1]}"
        assert (
            ex.hint()
            == "That was the last hint (2 of 2). check() your answer, and read its explanation."
        )

    def test_no_hints(self):
        ex = made({"findings": "tokenism"})
        assert (
            ex.hint()
            == "This exercise has no hints: check() your answer, and read its explanation."
        )


class TestDisplay:
    def test_a_verdict_shows_its_word_and_escapes(self):
        html = Verdict(right=False, explanation="Not right.\n<b>x</b>")._repr_html_()
        assert "Not right" in html
        assert "&lt;b&gt;x&lt;/b&gt;" in html
        assert "<script" not in html

    def test_a_partly_right_verdict_shows_what_is_missing(self):
        """The display keeps the rest of the first line: what a partly right answer left out."""
        html = by_id("access-unmet-oak-house").check("edna")._repr_html_()
        assert "Partly right" in html
        assert (
            "Missing: where: the meeting on 6 November 2025 (m3-garden-room)." in html
        )
        html = by_id("voice-or-influence-harbour-walks").check("Dorothy")._repr_html_()
        assert (
            "This question has parts, &#x27;voice&#x27; and &#x27;influence&#x27;"
            in html
        )

    def test_the_list_shows_as_a_table(self):
        html = training.list_exercises()._repr_html_()
        assert html.count("<tr>") == len(EXERCISES) + 1
        assert "Which decisions about Rhys&#x27;s life" in html

    def test_an_exercise_shows_its_question(self):
        html = by_id("access-unmet-oak-house")._repr_html_()
        assert (
            "Whose access need was not met at Oak House, and at which meeting?" in html
        )
        assert "who, where" in html


GOOD = """\
exercises:
  - id: mine
    scenario: oak_house_meals
    question: Whose access need was not met?
    theme: inclusivity_and_diversity
    hints: [Look at the meetings.]
    analysis: {findings: access_unmet, take: people}
"""


class TestExercisesInYaml:
    def test_a_good_file(self):
        (ex,) = training.loads_exercises(GOOD)
        assert ex.ideas == (Idea.INCLUSIVITY_AND_DIVERSITY,)
        assert ex.answer == ("edna",)

    @pytest.mark.parametrize(
        ("change", "expected", "code"),
        [
            (
                ("theme: inclusivity_and_diversity", "theme: inclusion"),
                "mine.yaml:5: $.exercises[0].theme: 'inclusion' is not a Theme; choose one of",
                "not_a_choice",
            ),
            (
                ("{findings: access_unmet", "{findings: access_unmett"),
                "mine.yaml:7: $.exercises[0].analysis.findings: 'access_unmett' is not a FindingKind",
                "not_a_choice",
            ),
            (
                ("take: people", "take: residents"),
                (
                    "mine.yaml:7: $.exercises[0].analysis.take: 'residents' is not something a finding names; "
                    "choose one of 'people', 'decisions', 'meetings', 'cycles', 'feedback', 'measures', 'groups'"
                ),
                "not_a_choice",
            ),
            (
                (
                    "{findings: access_unmet, take: people}",
                    "{observed_level: d99-menu}",
                ),
                "mine.yaml:7: $.exercises[0].analysis.observed_level: no decision with id 'd99-menu'",
                "unknown_reference",
            ),
            (
                ("{findings: access_unmet, take: people}", "{rung: d1-two-choices}"),
                "mine.yaml:7: $.exercises[0].analysis: names no analysis; give one of 'findings', ",
                "not_a_choice",
            ),
            (
                ("scenario: oak_house_meals", "scenario: oak_house"),
                (
                    "mine.yaml:3: $.exercises[0].scenario: no bundled scenario or scenario file 'oak_house'; "
                    "the bundled ones are 'advocate_care_planning'"
                ),
                "unknown_reference",
            ),
            (
                (
                    "    hints: [Look at the meetings.]\n",
                    "    hint: [Look at the meetings.]\n",
                ),
                (
                    "mine.yaml:6: $.exercises[0].hint: unknown key 'hint'; allowed keys: 'id', 'scenario', "
                    "'question', 'theme', 'ideas', 'hints', 'analysis'"
                ),
                "unknown_key",
            ),
            (
                ("    question: Whose access need was not met?\n", ""),
                "mine.yaml:2: $.exercises[0]: an exercise needs 'question'",
                "missing_key",
            ),
            (
                ("{findings: access_unmet, take: people}", "{improved: curry-9}"),
                "mine.yaml:7: $.exercises[0].analysis.improved: no cycle with id 'curry-9'",
                "unknown_reference",
            ),
            (
                (
                    "{findings: access_unmet, take: people}",
                    "{observed_level: d1-two-choices, take: people}",
                ),
                (
                    "mine.yaml:7: $.exercises[0].analysis.take: unknown key 'take' for the analysis 'observed_level'; "
                    "allowed: 'observed_level'"
                ),
                "unknown_key",
            ),
        ],
    )
    def test_a_mistake_gets_a_clear_error(self, change, expected, code):
        old, new = change
        assert old in GOOD
        with pytest.raises(cp.ValidationError) as err:
            training.loads_exercises(GOOD.replace(old, new), source_name="mine.yaml")
        problem = err.value.problems[0]
        assert str(problem).startswith(expected), str(problem)
        assert problem.code == code

    def test_every_problem_at_once(self):
        second = GOOD.split("exercises:\n")[1]
        text = GOOD + second.replace(
            "theme: inclusivity_and_diversity", "theme: inclusion"
        ).replace("take: people", "take: residents").replace(
            "question: Whose access need was not met?", "question: ''"
        )
        with pytest.raises(cp.ValidationError) as err:
            training.loads_exercises(text, source_name="mine.yaml")
        assert [(p.path, p.line, p.code) for p in err.value.problems] == [
            ("$.exercises[1].id", 8, "duplicate_id"),
            ("$.exercises[1].question", 10, "empty"),
            ("$.exercises[1].theme", 11, "not_a_choice"),
            ("$.exercises[1].analysis.take", 13, "not_a_choice"),
        ]

    def test_loading_never_runs_code(self):
        text = "exercises: !!python/object/apply:os.system ['echo hi']\n"
        with pytest.raises(cp.ValidationError) as err:
            training.loads_exercises(text, source_name="evil.yaml")
        assert (err.value.code, str(err.value)) == (
            "not_allowed",
            (
                "evil.yaml:1: $.exercises: the tag 'tag:yaml.org,2002:python/object/apply:os.system' "
                "is not allowed in scenario files"
            ),
        )

    @pytest.mark.parametrize(
        ("text", "code", "message"),
        [
            (
                "exercises: []\nextra: 1\n",
                "unknown_key",
                "mine.yaml:2: $.extra: unknown key 'extra'; allowed keys: 'exercises'",
            ),
            (
                "exercises: {a: 1}\n",
                "wrong_type",
                "mine.yaml:1: $.exercises: expected a list of exercises, got dict",
            ),
            (
                "title: x\n",
                "missing_key",
                "mine.yaml:1: $: an exercises file is a mapping with a list under 'exercises'",
            ),
            (
                "exercises:\n  - 5\n",
                "wrong_type",
                "mine.yaml:2: $.exercises[0]: expected a mapping for an exercise, got int 5",
            ),
        ],
    )
    def test_the_shape_of_the_file(self, text, code, message):
        with pytest.raises(cp.ValidationError) as err:
            training.loads_exercises(text, source_name="mine.yaml")
        (problem,) = err.value.problems
        assert (problem.code, str(problem)) == (code, message)

    def test_not_a_mapping(self):
        with pytest.raises(
            cp.ValidationError,
            match=r"an exercises file is a mapping with a list under 'exercises'",
        ) as err:
            training.loads_exercises("- id: x\n")
        assert err.value.code == "wrong_type"

    def test_a_decision_the_person_made_themself(self):
        text = GOOD.replace(
            "scenario: oak_house_meals", "scenario: best_interests_move"
        ).replace(
            "{findings: access_unmet, take: people}",
            "{lawful_best_interests: d4-which-flat}",
        )
        with pytest.raises(cp.ValidationError) as err:
            training.loads_exercises(text, source_name="mine.yaml")
        assert str(err.value) == (
            "mine.yaml:7: $.exercises[0].analysis.lawful_best_interests: Dorothy Harrison made "
            '"Which flat at Abbey View" themself, so it was no best-interests decision; ask about '
            "a decision someone made for them"
        )
        assert err.value.code == "not_allowed"


class TestExercisesInCode:
    def test_bad_fields_are_all_reported(self):
        with pytest.raises(cp.ValidationError) as err:
            made({"findings": "tokenism"}, id="", question=" ", theme="nope")
        assert {(p.path, p.code) for p in err.value.problems} == {
            ("$.id", "not_an_id"),
            ("$.question", "empty"),
            ("$.theme", "not_a_choice"),
        }

    @pytest.mark.parametrize(
        ("fields", "code", "message"),
        [
            ({"question": 5}, "wrong_type", "$.question: expected text, got int 5"),
            (
                {"hints": 5},
                "wrong_type",
                "$.hints: expected a list of texts, got int 5",
            ),
            ({"hints": ["ok", " "]}, "empty", "$.hints[1]: a hint must not be empty"),
            (
                {"ideas": 5},
                "wrong_type",
                "$.ideas: expected a list of ideas, got int 5",
            ),
            (
                {"ideas": ["ownership", "ownershp"]},
                "not_a_choice",
                "$.ideas[1]: 'ownershp' is not an Idea; choose one of 'empowerment', ",
            ),
            (
                {"scenario": 5},
                "wrong_type",
                "$.scenario: expected the name of a bundled scenario or a path, got 5",
            ),
            (
                {"analysis": {"findings": "tokenism", "observed_level": "d1"}},
                "not_allowed",
                "$.analysis: names 2 analyses ('findings', 'observed_level'); give one",
            ),
            (
                {"analysis": {"most_influence": "person"}},
                "not_a_choice",
                (
                    "$.analysis.most_influence: 'person' is not what most_influence "
                    "compares; say 'perspective'"
                ),
            ),
            (
                {"analysis": {"observed_level": 5}},
                "wrong_type",
                "$.analysis.observed_level: expected the id of a decision, got int 5",
            ),
            (
                {"analysis": "tokenism"},
                "wrong_type",
                (
                    "$.analysis: expected a mapping naming an analysis, such as "
                    "{findings: access_unmet, take: people}, got str 'tokenism'"
                ),
            ),
            (
                {
                    "analysis": {
                        "who": {"findings": "tokenism"},
                        "": {"findings": "tokenism"},
                    }
                },
                "wrong_type",
                "$.analysis: a part needs a name, got ''",
            ),
        ],
    )
    def test_the_exact_error(self, fields, code, message):
        analysis = fields.pop("analysis", {"findings": "tokenism"})
        with pytest.raises(cp.ValidationError) as err:
            made(analysis, **fields)
        (problem,) = err.value.problems
        assert (problem.code, str(problem)[: len(message)]) == (code, message)

    @pytest.mark.parametrize(
        ("analysis", "code", "message"),
        [
            (
                {"signal": "curry-3", "measure": "nope"},
                "unknown_reference",
                "$.analysis.measure: no measure with id 'nope'",
            ),
            (
                {"signal": "curry-3", "measure": "kitchen-overtime"},
                "unknown_reference",
                (
                    "$.analysis.measure: cycle 'curry-3' made no prediction about measure "
                    "'kitchen-overtime'"
                ),
            ),
        ],
    )
    def test_the_exact_error_on_first_use(self, analysis, code, message):
        with pytest.raises(cp.ValidationError) as err:
            _ = made(analysis).answer
        (problem,) = err.value.problems
        assert (problem.code, str(problem)) == (code, message)

    def test_a_bad_analysis(self):
        with pytest.raises(cp.ValidationError, match=r"names no analysis"):
            made({"rung": "d1"})

    def test_a_reference_the_scenario_lacks_is_refused_on_first_use(self):
        ex = made({"observed_level": "d99"})
        with pytest.raises(cp.ValidationError, match=r"no decision with id 'd99'"):
            _ = ex.answer


TEXTS = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40
)
ANSWERS = st.recursive(
    st.none() | st.booleans() | TEXTS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(TEXTS, inner, max_size=3)
    ),
    max_leaves=8,
)


class TestProperties:
    @given(answer=ANSWERS, index=st.integers(0, len(EXERCISES) - 1))
    def test_any_answer_gets_a_verdict_and_changes_nothing(self, answer, index):
        ex = EXERCISES[index]
        before = ex.answer
        verdict = ex.check(answer)
        assert isinstance(verdict, Verdict)
        assert verdict.explanation
        if verdict.right:
            assert not verdict.missing
            assert not verdict.extra
        if verdict.missing or verdict.extra:
            assert not verdict.right
        assert ex.answer == before

    @given(data=st.data(), index=st.integers(0, len(EXERCISES) - 1))
    def test_order_case_and_spaces_do_not_matter(self, data, index):
        ex = EXERCISES[index]

        def disguise(value):
            if isinstance(value, tuple):
                items = data.draw(st.permutations(value))
                return [disguise(v) for v in items]
            upper = data.draw(st.booleans())
            pad = data.draw(st.sampled_from(["", " ", "  ", "\t"]))
            return pad + (value.upper() if upper else value) + pad

        answer = ex.answer
        given_answer = (
            {k: disguise(v) for k, v in answer.items()}
            if isinstance(answer, dict)
            else disguise(answer)
        )
        assert ex.check(given_answer).right
