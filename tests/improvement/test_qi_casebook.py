"""The QI casebook: did the change work? Small situations from practice and the verdicts we sign.

Each test is one case: a measure or two, a year of monthly values before a test of change
and a few after it, built in code, and the answer an experienced quality-improvement lead
would sign: the exact verdict of each prediction (met, not met, or too early to tell),
the exact sentence read out at the team meeting, and exactly which balancing warnings
appear. The docstring is the one-line reason. The docs page "Casebook" tells the same
cases in words, under "Improvement: did the change work?".

Each test states the answer a QI lead signs, not whatever the library happens to give.
"""

from __future__ import annotations

import datetime as dt

import pytest

import coproduction as cp

NOW = dt.datetime(2026, 9, 1, 10, 0, tzinfo=dt.UTC)
START = dt.date(2026, 1, 1)

FALLS_BEFORE = [3, 4, 3, 2, 3, 4, 3, 3, 4, 3, 2, 3]
"""Falls a month in 2025: about three, never more than four."""
SATISFACTION_BEFORE = [61, 58, 64, 60, 57, 62, 60, 63, 59, 61, 62, 60]
"""Residents satisfied with their meals in 2025, %: a median of 60.5."""
OVERTIME_BEFORE = [12, 13, 11, 12, 14, 12, 13, 12, 11, 13, 12, 12]
"""The kitchen's overtime in 2025, hours a month: about twelve."""


def monthly(measure, values, year=2025):
    """One observation a month, on its last day, from January of `year`."""
    found = []
    for i, value in enumerate(values):
        first_of_next = dt.date(year + (i + 1) // 12, (i + 1) % 12 + 1, 1)
        at = first_of_next - dt.timedelta(days=1)
        found.append(cp.Observation(measure=measure, at=at, value=value))
    return found


def falls(improvement="decrease"):
    return cp.Measure(
        id="falls",
        name="Falls",
        kind="balancing",
        unit="falls",
        improvement=improvement,
        of={"chair-exercise"},
    )


SATISFACTION = cp.Measure(
    id="satisfaction",
    name="Satisfaction with meals",
    kind="outcome",
    unit="%",
    improvement="increase",
)
OVERTIME = cp.Measure(
    id="overtime",
    name="Kitchen overtime",
    kind="balancing",
    unit="hours",
    improvement="decrease",
    of={"curry-night"},
)


def home(measures, observations):
    return cp.Initiative(
        id="home",
        stakeholders=[cp.Stakeholder(id="mo", name="Mo Khan", kind="manager")],
        change_ideas=[
            cp.ChangeIdea(id="chair-exercise", title="Chair exercise every morning"),
            cp.ChangeIdea(id="curry-night", title="A curry night residents choose"),
        ],
        measures=measures,
        observations=observations,
        clock=lambda: NOW,
    )


def studied(ini, change_idea, predictions, **study):
    """A cycle that tests `change_idea` from START, done and studied."""
    cycle = ini.start_cycle("test-1", change_idea)
    cycle.plan("Try it for a while", predictions, by={"mo"}, start=START)
    cycle.do("Tried it", by={"mo"})
    return cycle.study(by={"mo"}, **study)


def falls_home(after, improvement="decrease"):
    return home([falls(improvement)], monthly("falls", FALLS_BEFORE + after))


def meals_home(satisfaction_after, overtime_after=()):
    observations = monthly("satisfaction", SATISFACTION_BEFORE + satisfaction_after)
    observations += monthly("overtime", OVERTIME_BEFORE + list(overtime_after))
    return home([SATISFACTION, OVERTIME], observations)


CEILING = cp.Prediction(
    measure="falls", target=5, why="Falls must not go above five a month"
)


class TestFallsAsACeiling:
    def test_a_ceiling_that_holds(self):
        """Falls that stay at three a month are under a ceiling of five: met."""
        result = studied(falls_home([3] * 6), "chair-exercise", [CEILING])
        assert result.met is True
        assert result.sentences == (
            (
                "Falls met the target of at most 5 falls: the median of the 6 observations "
                "since the change began on 1 January 2026 is 3 falls."
            ),
        )
        assert result.warnings == ()

    def test_a_ceiling_that_is_broken(self):
        """Falls that rise to eight a month have broken a ceiling of five: not met, and a warning."""
        result = studied(falls_home([8] * 6), "chair-exercise", [CEILING])
        assert result.met is False
        assert result.sentences == (
            (
                "Falls did not meet the target of at most 5 falls: the median of the 6 "
                "observations since the change began on 1 January 2026 is 8 falls."
            ),
        )
        assert [(w.measure, w.chart, w.rule, w.at) for w in result.warnings] == [
            ("falls", "xmr", "outside", dt.date(2026, 1, 31))
        ]

    @pytest.mark.parametrize("improvement", [None, "neither"])
    def test_a_ceiling_on_a_measure_that_does_not_say_which_way_is_better(
        self, improvement
    ):
        """A target alone on such a measure cannot be read: plan() refuses it and says what to add."""
        ini = falls_home([3] * 6, improvement)
        cycle = ini.start_cycle("test-1", "chair-exercise")
        with pytest.raises(cp.ValidationError) as info:
            cycle.plan("Try it", [CEILING], by={"mo"}, start=START)
        assert cycle.phase is cp.Phase.NEW
        message = str(info.value)
        assert message.startswith("$.predictions[0].target: ")
        if improvement is None:
            assert (
                'add improvement="decrease" (or "increase") to the measure' in message
            )
        assert '"stay_below" for a ceiling' in message


class TestTooEarly:
    def test_one_point_after_a_change(self):
        """One month is not a verdict: too early to tell, and five more months are needed."""
        result = studied(falls_home([3]), "chair-exercise", [CEILING])
        assert result.met is None
        assert result.predictions[0].needed == 5
        assert result.sentences == (
            (
                "Too early to judge the target of at most 5 falls for falls: 1 observation "
                "since the change began on 1 January 2026, and the target is judged on the "
                "median of at least 6, so 5 more."
            ),
        )

    def test_fewer_points_asked_for(self):
        """A team may agree to judge on fewer months; it says so with min_points_after."""
        result = studied(
            falls_home([3, 2, 3]), "chair-exercise", [CEILING], min_points_after=3
        )
        assert result.met is True
        assert result.min_points_after == 3


class TestALevelToStayWithin:
    def test_broken_in_the_first_month(self):
        """A level to stay within is broken by the first month beyond it: not met at once."""
        result = studied(
            falls_home([7]),
            "chair-exercise",
            [cp.Prediction(measure="falls", direction="stay_below", target=5)],
        )
        assert result.met is False
        assert result.sentences == (
            (
                "Falls did not stay at or below 5 falls: the only observation since the "
                "change began on 1 January 2026 was above it: 7 falls on 31 January "
                "2026."
            ),
        )


class TestBalancing:
    def test_overtime_doubles_with_no_prediction(self):
        """A balancing measure that doubles is reported though no prediction named it."""
        result = curry_studied(
            meals_home([64, 66], overtime_after=[24, 25]),
            [cp.Prediction(measure="satisfaction", direction="increase")],
        )
        assert result.met is None
        assert [(w.measure, w.chart, w.rule, w.at) for w in result.warnings] == [
            ("overtime", "xmr", "outside", dt.date(2026, 1, 31))
        ]
        assert result.warnings[0].sentence == (
            "Kitchen overtime, a balancing measure, moved the unfavourable way since "
            "the change began on 1 January 2026: 24 hours on 31 January 2026, above the "
            "upper process limit of 15.64 hours (XmR chart, limits from the baseline). "
            "Look into it before the change goes further."
        )

    def test_a_balancing_measure_of_another_change_is_not_watched(self):
        """Kitchen overtime balances the curry night, not chair exercise."""
        ini = meals_home([64, 66], overtime_after=[24, 25])
        assert [m.id for m in ini.balancing_measures("curry-night")] == ["overtime"]
        assert ini.balancing_measures("chair-exercise") == ()


def curry_studied(ini, predictions, **study):
    return studied(ini, "curry-night", predictions, **study)


RISE = [cp.Prediction(measure="satisfaction", direction="increase")]
RAMP_AFTER = [64, 66, 68, 72, 76, 78, 80, 81]
"""Satisfaction through 2026, climbing a little with each cycle of the ramp."""


def third_cycle_of_a_ramp():
    """A ramp of three curry-night cycles from January, March and May 2026; the third done."""
    ini = meals_home(RAMP_AFTER, overtime_after=[12] * 8)
    cycle = ini.start_cycle("curry-1", "curry-night")
    starts = [dt.date(2026, 1, 1), dt.date(2026, 3, 1), dt.date(2026, 5, 1)]
    for i, start in enumerate(starts, 1):
        if i > 1:
            cycle = cycle.next_cycle(f"curry-{i}")
        end = None if i == len(starts) else start + dt.timedelta(days=58)
        cycle.plan("Curry night", RISE, by={"mo"}, start=start, end=end)
        cycle.do("Held it", by={"mo"})
        if i < len(starts):
            assert cycle.study(by={"mo"}).met is None
            cycle.act("adopt", "Keep it and widen it", by={"mo"})
    return cycle


class TestRamp:
    def test_against_its_own_start_the_shift_cannot_show(self):
        """The third cycle alone has four months after a baseline that holds the ramp's rise: too early."""
        cycle = third_cycle_of_a_ramp()
        result = cycle.study(by={"mo"}, baseline=cycle.start)
        assert result.met is None
        assert result.sentences == (
            (
                "Too early to tell whether satisfaction with meals went up: 4 observations "
                "since 1 May 2026, and a shift (9 in a row above the baseline median of "
                "61.5%) needs at least 5 more."
            ),
        )

    def test_against_the_ramps_baseline_it_shows(self):
        """By default a cycle of a ramp is read against the months before the ramp: the shift shows."""
        cycle = third_cycle_of_a_ramp()
        assert cycle.ramp_start == dt.date(2026, 1, 1)
        result = cycle.study(by={"mo"})
        assert result.met is True
        assert result.began == dt.date(2026, 1, 1)
        assert result.sentences == (
            (
                "Satisfaction with meals rose, as predicted: 8 observations in a row above "
                "the baseline median of 60.5% since the ramp began on 1 January 2026, where "
                "chance allows at most 7."
            ),
        )


RISE_TO_75 = [cp.Prediction(measure="satisfaction", direction="increase", target=75)]
UP_AND_DOWN = [80, 50, 80, 50, 80, 80, 50, 80]
"""A median of 80% since the change, but no run on one side: no signal of a shift."""


class TestMetNeverBesideNotRisen:
    def test_target_met_shift_not_yet_possible(self):
        """The target is met but a shift could not show yet: too early to tell, not met."""
        result = curry_studied(meals_home(UP_AND_DOWN[:6]), RISE_TO_75)
        assert result.met is None
        assert result.predictions[0].needed == 2
        assert result.sentences == (
            (
                "Too early to tell whether satisfaction with meals went up: 6 "
                "observations since the change began on 1 January 2026, and a shift (8 in "
                "a row above the baseline median of 60.5%) needs at least 2 more. "
                "Satisfaction with meals met the target of at least 75%: the median of the "
                "6 observations since the change began on 1 January 2026 is 80%."
            ),
        )

    def test_target_met_no_shift(self):
        """A prediction of a rise and a target needs both: with no shift it is not met."""
        result = curry_studied(meals_home(UP_AND_DOWN), RISE_TO_75)
        assert result.met is False
        assert result.sentences == (
            (
                "No sign that satisfaction with meals went up: at most 2 in a row above "
                "the baseline median of 60.5% since the change began on 1 January 2026, "
                "where a shift needs 8, and no other sign of a change. Satisfaction with "
                "meals met the target of at least 75%: the median of the 8 observations "
                "since the change began on 1 January 2026 is 80%."
            ),
        )
