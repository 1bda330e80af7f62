"""Properties of the Study phase that hold for any series, checked with hypothesis.

- the recorded verdicts are the whole truth: a replayed cycle has the same result;
- a verdict too early to tell always says how many more values it needs, and only then;
- the rules do not care which way is up: mirroring the values, the predictions and
  the measures gives the same verdicts and the same warnings;
- a level crossed stays crossed, however many values follow;
- a target, once there are enough values, is met exactly when the median of the
  cycle's own test is on the right side of it.
"""

from __future__ import annotations

import datetime as dt
import statistics

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import coproduction as cp
from coproduction.improvement import MIN_POINTS_AFTER

START = dt.date(2026, 1, 1)
FLIP = {
    "increase": "decrease",
    "decrease": "increase",
    "stay_below": "stay_above",
    "stay_above": "stay_below",
    None: None,
    "neither": "neither",
}

values = st.one_of(st.none(), st.integers(0, 20).map(float))
series = st.tuples(
    st.lists(values, max_size=16),  # before the change, monthly
    st.lists(values, max_size=16),  # from the change on
)
predictions = st.one_of(
    st.builds(
        cp.Prediction,
        measure=st.just("m"),
        direction=st.sampled_from(["increase", "decrease"]),
        target=st.none() | st.integers(0, 20).map(float),
    ),
    st.builds(
        cp.Prediction,
        measure=st.just("m"),
        direction=st.sampled_from(["stay_below", "stay_above"]),
        target=st.integers(0, 20).map(float),
    ),
    st.builds(
        cp.Prediction, measure=st.just("m"), target=st.integers(0, 20).map(float)
    ),
)
improvements = st.sampled_from(["increase", "decrease"])


def observations(measure, before, after):
    days = [
        START - dt.timedelta(days=30 * (len(before) - i)) for i in range(len(before))
    ]
    days += [START + dt.timedelta(days=30 * i) for i in range(len(after))]
    return [
        cp.Observation(measure=measure, at=d, value=v)
        for d, v in zip(days, [*before, *after], strict=True)
    ]


def study(prediction, before, after, improvement, *, cost=None):
    """Study `prediction` on measure "m", watching the balancing measure "cost"."""
    measures = {
        "m": cp.Measure(id="m", name="Meals", kind="outcome", improvement=improvement),
        "cost": cp.Measure(
            id="cost", name="Cost", kind="balancing", improvement=improvement
        ),
    }
    cost_before, cost_after = cost if cost is not None else (before, after)
    cycle = cp.Cycle(
        id="c1",
        change_idea="idea",
        observations={
            "m": observations("m", before, after),
            "cost": observations("cost", cost_before, cost_after),
        },
        measures=measures,
        clock=lambda: dt.datetime(2026, 6, 1, tzinfo=dt.UTC),
    )
    cycle.plan("Try it", [prediction], by={"mo"}, start=START)
    cycle.do("Done", by={"mo"})
    return cycle, cycle.study(by={"mo"})


def mirrored(prediction):
    target = None if prediction.target is None else -prediction.target
    return attrs.evolve(prediction, direction=FLIP[prediction.direction], target=target)


def negated(xs):
    return [None if x is None else -x for x in xs]


@settings(max_examples=150, deadline=None)
@given(series, predictions, improvements)
def test_replay_gives_the_recorded_result(data, prediction, improvement):
    """The "studied" event holds the whole verdict, too early to tell included."""
    cycle, result = study(prediction, *data, improvement)
    again = cp.Cycle.replay([e.to_dict() for e in cycle.events])
    assert again.study_result == result


@settings(max_examples=150, deadline=None)
@given(series, predictions, improvements)
def test_too_early_says_how_many_more(data, prediction, improvement):
    """`needed` is positive exactly when a verdict is too early to tell."""
    _, result = study(prediction, *data, improvement)
    (r,) = result.predictions
    assert (r.met is None) == (r.needed > 0)
    if r.met is None:
        assert r.sentence.count("Too early") >= 1


@settings(max_examples=150, deadline=None)
@given(series, predictions, improvements)
def test_mirror_gives_the_same_verdicts(data, prediction, improvement):
    """Turning the values upside down, with the predictions and measures, changes nothing."""
    before, after = data
    _, up = study(prediction, before, after, improvement)
    _, down = study(
        mirrored(prediction), negated(before), negated(after), FLIP[improvement]
    )
    assert [r.met for r in up.predictions] == [r.met for r in down.predictions]
    assert [r.needed for r in up.predictions] == [r.needed for r in down.predictions]
    assert [(w.chart, w.rule, w.at) for w in up.warnings] == [
        (w.chart, w.rule, w.at) for w in down.warnings
    ]


@settings(max_examples=150, deadline=None)
@given(series, st.integers(0, 20).map(float), st.lists(values, max_size=8))
def test_a_level_crossed_stays_crossed(data, level, more):
    """Once a value goes above the ceiling, no later value undoes it."""
    before, after = data
    stay = cp.Prediction(measure="m", direction="stay_below", target=level)
    _, first = study(stay, before, after, "decrease")
    _, later = study(stay, before, [*after, *more], "decrease")
    if first.met is False:
        assert later.met is False
    if later.met is True:
        assert first.met is not False


@settings(max_examples=150, deadline=None)
@given(series, st.integers(0, 20).map(float), improvements)
def test_a_target_is_the_median_on_its_side(data, level, improvement):
    """With six values or more, a target alone is met when the median is on its side."""
    before, after = data
    target = cp.Prediction(measure="m", target=level)
    _, result = study(target, before, after, improvement)
    present = [v for v in after if v is not None]
    (r,) = result.predictions
    if len(present) < MIN_POINTS_AFTER:
        assert r.met is None
        return
    median = statistics.median(present)
    assert r.met is (median >= level if improvement == "increase" else median <= level)
