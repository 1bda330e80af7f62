"""The Study phase: predictions, and how observations are judged against them.

Private: `coproduction.improvement.cycle` re-exports `Prediction`, `PredictionResult`,
`StudyResult` and `MIN_POINTS`. The rule `judge` applies is set out on `StudyResult`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final, Literal, TypeAlias

import attrs
from attrs import field, frozen

from coproduction._fields import (
    check_id,
    check_text,
    choose,
    is_count,
    is_number,
    read_fields,
)
from coproduction._words import long_date
from coproduction.errors import ValidationError
from coproduction.improvement import _spc as spc
from coproduction.improvement.charts import RunChart, run_chart
from coproduction.improvement.measures import Measure, Observation

__all__ = [
    "MIN_POINTS",
    "Direction",
    "MeasureSource",
    "ObservationSource",
    "Prediction",
    "PredictionResult",
    "StudyResult",
    "check_source",
    "judge",
    "judge_all",
    "prediction_data",
    "read_prediction",
    "read_study",
    "study_data",
]

Direction = Literal["increase", "decrease"]

MIN_POINTS: Final = 10
"""Values (baseline and test period together) needed before a prediction is judged."""

_DIRECTIONS: Final = ("increase", "decrease")

ObservationSource: TypeAlias = (
    Callable[[str], Iterable[Observation]] | Mapping[str, Iterable[Observation]]
)
"""Where a cycle reads observations: a measure id -> its observations."""

MeasureSource: TypeAlias = Callable[[str], Measure | None] | Mapping[str, Measure]
"""Where a cycle reads a measure's name and unit, for its sentences."""


def check_source(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, Mapping) and not callable(value):
        msg = f"expected a mapping or a function of a measure id, got {type(value).__name__} {value!r}"
        raise ValidationError(msg, f"$.{attribute.name}")


def _check_direction(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    choose(value, (*_DIRECTIONS, None), "a direction", f"$.{attribute.name}")


def _to_target(value: object) -> float | None:
    if value is None:
        return None
    if not is_number(value) or not math.isfinite(value):
        msg = f"expected a finite number or None, got {type(value).__name__} {value!r}"
        raise ValidationError(msg, "$.target")
    return float(value)


@frozen(kw_only=True)
class Prediction:
    """What a plan expects a change to do to one measure: a direction, a target, or both.

    Examples:
        >>> Prediction(measure="satisfaction", direction="increase", target=80,
        ...            why="residents chose the menu")
        Prediction(measure='satisfaction', direction='increase', target=80.0, why='residents chose the menu')
        >>> Prediction(measure="satisfaction")
        Traceback (most recent call last):
        ...
        coproduction.errors.ValidationError: $.direction: a prediction needs a direction ('increase' or 'decrease'), a target, or both

    Added in 0.1.
    """

    measure: str = field(validator=check_id)
    """The id of the measure the prediction is about."""
    direction: Direction | None = field(default=None, validator=_check_direction)
    """Which way the measure should move: "increase" or "decrease"."""
    target: float | None = field(default=None, converter=_to_target)
    """The value it should reach."""
    why: str = field(default="", validator=check_text)
    """The theory behind the prediction, in the team's words."""

    @why.validator
    def _check_direction_or_target(self, _: object, __: str) -> None:
        if self.direction is None and self.target is None:
            msg = "a prediction needs a direction ('increase' or 'decrease'), a target, or both"
            raise ValidationError(msg, "$.direction")


@frozen(kw_only=True)
class PredictionResult:
    """How one prediction fared in the Study phase, in a sentence and in figures.

    Equality, and what a cycle records, are the verdict and the figures. The
    observations and the chart are there on the result `Cycle.study()` returns; a
    result rebuilt from recorded events has them empty.

    Examples:
        >>> import datetime as dt
        >>> start = dt.date(2026, 1, 1)
        >>> obs = [Observation(measure="m", at=start + dt.timedelta(days=d), value=v)
        ...        for d, v in [(-3, 5), (-2, 6), (-1, 5), (0, 9), (1, 9)]]
        >>> r = judge(Prediction(measure="m", direction="increase"), obs, start=start,
        ...           end=None, name="Smiles", unit="")
        >>> r.met, r.observed, len(r.baseline), len(r.during)
        (False, 5, 3, 2)
        >>> r.sentence
        'Too few observations of smiles to judge: 5 so far, at least 10 needed, so 5 more (a run chart needs about 10 points to show a shift).'

    Added in 0.1.
    """

    prediction: Prediction
    """The prediction judged."""
    met: bool
    """Whether the observations bear it out (see the module's rule)."""
    sentence: str
    """The verdict, in a sentence a care team understands."""
    observed: int
    """Values (not missing) before and during the test, together."""
    centre: float | None = None
    """The baseline median; None without a baseline."""
    longest_run: int | None = None
    """The longest run of test-period points on the predicted side of the centre."""
    longest_run_max: int | None = None
    """The chart's limit: a longer run is a shift."""
    median: float | None = None
    """The median of the test period's values."""
    baseline: tuple[Observation, ...] = field(default=(), eq=False, repr=False)
    """Observations before the test started (missing ones too)."""
    during: tuple[Observation, ...] = field(default=(), eq=False, repr=False)
    """Observations from its start to its end, both included."""
    chart: RunChart | None = field(default=None, eq=False, repr=False)
    """The run chart of baseline and test period; None without a baseline."""


@frozen(kw_only=True)
class StudyResult:
    """What the Study phase found: one `PredictionResult` per prediction of the plan.

    Each prediction is judged by this rule:

    1. *Enough observations.* At least `MIN_POINTS` (10) values, missing ones not
       counted, before and during the test together, with at least one before the
       start (the baseline) and one from the start on. With fewer, nothing is
       judged: `met` is False and the sentence says how many more are needed, as a
       run chart needs about 10 points before its rules can show a signal (Perla,
       Provost & Murray 2011; Anhøj & Olesen 2014).
    2. *The chart.* `run_chart` over the baseline and the test period (from the
       start to the end, both included) with the baseline frozen
       (`freeze=len(baseline)`): the centre is the baseline median, and missing
       values and values on the centre neither count nor break a run.
    3. *Met by a shift* (a prediction with a direction): among the test period's
       points, a run on the predicted side of the baseline median ("above" for
       "increase") longer than the chart's `longest_run_max`, i.e. a shift in the
       predicted direction that happened during the test.
    4. *Met by a target* (a prediction with a target): the median of the test
       period's values is at or beyond the target in the predicted direction. A
       target without a direction predicts the way from the baseline median to it.

    A prediction with both a direction and a target is met by either.

    Examples:
        >>> p = Prediction(measure="m", target=3)
        >>> result = StudyResult(predictions=(PredictionResult(
        ...     prediction=p, met=False, sentence="Too few.", observed=2),))
        >>> result.met, result.sentences
        (False, ('Too few.',))

    References:
        Perla RJ, Provost LP, Murray SK (2011). The run chart: a simple analytical
        tool for learning from variation in healthcare processes. BMJ Quality &
        Safety 20(1): 46-51.

        Anhøj J, Olesen AV (2014). Run charts revisited: a simulation study of run
        chart rules for detection of non-random variation in health care processes.
        PLoS ONE 9(11): e113825.

    Added in 0.1.
    """

    predictions: tuple[PredictionResult, ...]
    """In the order of the plan's predictions."""

    @property
    def met(self) -> bool:
        """Whether every prediction was met."""
        return all(p.met for p in self.predictions)

    @property
    def sentences(self) -> tuple[str, ...]:
        """The verdicts, one sentence (or two) per prediction."""
        return tuple(p.sentence for p in self.predictions)


def judge_all(
    predictions: Iterable[Prediction],
    *,
    start: dt.date,
    end: dt.date | None,
    observations: ObservationSource | None,
    measures: MeasureSource | None,
) -> StudyResult:
    """Judge each prediction against the observations of its measure from the views."""
    found = []
    for prediction in predictions:
        name, unit = _name_and_unit(measures, prediction.measure)
        seen = _observations_of(observations, prediction.measure)
        found.append(
            judge(prediction, seen, start=start, end=end, name=name, unit=unit)
        )
    return StudyResult(predictions=tuple(found))


def _name_and_unit(source: MeasureSource | None, id: str) -> tuple[str, str]:
    """The name and unit of a measure, for sentences; its id if the view lacks it."""
    found: Measure | None = None
    if isinstance(source, Mapping):
        found = source.get(id)
    elif source is not None:
        found = source(id)
    if isinstance(found, Measure):
        return found.name, found.unit
    return f"measure {id!r}", ""


def _observations_of(
    source: ObservationSource | None, measure: str
) -> tuple[Observation, ...]:
    """The observations of `measure` from the view, each checked."""
    if source is None:
        return ()
    found = source.get(measure, ()) if isinstance(source, Mapping) else source(measure)
    items = tuple(found)
    for i, item in enumerate(items):
        if not isinstance(item, Observation):
            msg = f"expected an Observation, got {type(item).__name__} {item!r}"
            raise ValidationError(msg, f"$.observations[{measure!r}][{i}]")
    return items


def judge(
    prediction: Prediction,
    observations: Iterable[Observation],
    *,
    start: dt.date,
    end: dt.date | None,
    name: str,
    unit: str,
) -> PredictionResult:
    """Judge one prediction against the observations of its measure (see `StudyResult`)."""
    ordered = sorted(
        (o for o in observations if o.measure == prediction.measure),
        key=lambda o: o.at,
    )
    baseline = tuple(o for o in ordered if o.at < start)
    during = tuple(o for o in ordered if start <= o.at and (end is None or o.at <= end))
    before = [o.value for o in baseline if o.value is not None]
    after = [o.value for o in during if o.value is not None]
    chart = (
        run_chart([o.value for o in baseline + during], freeze=len(baseline))
        if baseline
        else None
    )
    centre = None if chart is None else chart.centre
    median = spc.median(after) if after else None
    direction = prediction.direction
    if direction is None and prediction.target is not None and centre is not None:
        direction = "increase" if prediction.target >= centre else "decrease"
    run = None
    if chart is not None and direction is not None:
        side = "above" if direction == "increase" else "below"
        run = _longest_run(chart, len(baseline), side)
    draft = PredictionResult(
        prediction=prediction,
        met=False,
        sentence="",
        observed=len(before) + len(after),
        centre=centre,
        longest_run=run,
        longest_run_max=None if chart is None else chart.longest_run_max,
        median=median,
        baseline=baseline,
        during=during,
        chart=chart,
    )
    met = _is_met(draft, direction)
    sentence = _sentence(draft, direction, start, name, unit)
    return attrs.evolve(draft, met=met, sentence=sentence)


def _longest_run(chart: RunChart, skip: int, side: str) -> int:
    """The longest run on `side` among the useful points after the first `skip`."""
    best = current = 0
    for point in chart.points[skip:]:
        if point.side is None:
            continue
        current = current + 1 if point.side == side else 0
        best = max(best, current)
    return best


def _judgeable(draft: PredictionResult) -> bool:
    """Whether there are enough observations, before and since the change, to judge."""
    return (
        draft.observed >= MIN_POINTS
        and draft.centre is not None
        and draft.median is not None
    )


def _shifted(draft: PredictionResult) -> bool:
    """Whether the run since the change is longer than chance allows (a shift)."""
    limit = draft.longest_run_max
    return limit is not None and (draft.longest_run or 0) > limit


def _reached(draft: PredictionResult, direction: str | None) -> bool:
    """Whether the median since the change reached the target, read in `direction`."""
    target, median = draft.prediction.target, draft.median
    if target is None or median is None:
        return False
    return median >= target if direction == "increase" else median <= target


def _is_met(draft: PredictionResult, direction: str | None) -> bool:
    """Met: a predicted shift happened, or a predicted target was reached."""
    if not _judgeable(draft):
        return False
    prediction = draft.prediction
    return (prediction.direction is not None and _shifted(draft)) or (
        prediction.target is not None and _reached(draft, direction)
    )


def _sentence(
    draft: PredictionResult,
    direction: str | None,
    start: dt.date,
    name: str,
    unit: str,
) -> str:
    """What was predicted and what happened, in words a team reads at its review."""
    observed = draft.observed
    began = long_date(start)
    subject, name = name[:1].upper() + name[1:], _in_sentence(name)
    if observed < MIN_POINTS:
        return (
            f"Too few observations of {name} to judge: {observed} so far, at least "
            f"{MIN_POINTS} needed, so {MIN_POINTS - observed} more (a run chart needs "
            "about 10 points to show a shift)."
        )
    if draft.centre is None:
        return (
            f"No observations of {name} before the change began on {began}, so "
            "there is no usual level to compare with."
        )
    if draft.median is None:
        return (
            f"No observations of {name} since the change began on {began}, so "
            "there is nothing to judge yet."
        )
    parts: list[str] = []
    prediction = draft.prediction
    centre = _amount(draft.centre, unit)
    if prediction.direction is not None:
        run = draft.longest_run or 0
        limit = draft.longest_run_max
        side, moved, moving = (
            ("above", "rose above", "risen above")
            if direction == "increase"
            else ("below", "fell below", "fallen below")
        )
        if _shifted(draft):
            parts.append(
                f"{subject} {moved} its usual level: {run} observations in a row "
                f"{side} the baseline median of {centre}."
            )
        elif run:
            parts.append(
                f"{subject} has not yet {moving} its usual level: at most {run} in a "
                f"row {side} the baseline median of {centre} since the change began, "
                f"where a shift needs {(limit or 0) + 1}."
            )
        else:
            parts.append(
                f"{subject} has not yet {moving} its usual level: no observation "
                f"since the change began is {side} the baseline median of {centre}."
            )
    if prediction.target is not None:
        who = "It" if parts else subject
        verb = "reached" if _reached(draft, direction) else "has not yet reached"
        parts.append(
            f"{who} {verb} the target of {_amount(prediction.target, unit)}: the "
            f"median since the change began is {_amount(draft.median, unit)}."
        )
    return " ".join(parts)


def _in_sentence(name: str) -> str:
    """A name as it reads inside a sentence: "Satisfaction" -> "satisfaction", "NHS" kept."""
    if name[:1].isupper() and not name[1:2].isupper():
        return name[:1].lower() + name[1:]
    return name


def _amount(value: float, unit: str) -> str:
    """A value as a care team would write it: ``62%``, ``3.5 falls``, ``12``."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    if value and abs(value) < 0.01:  # noqa: PLR2004 - two decimals would show 0
        text = f"{value:.3g}"
    if text == "-0":
        text = "0"
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit}" if unit else text


# Plain data for event payloads, and back.


def prediction_data(prediction: object, path: str) -> dict[str, Any]:
    """A prediction as plain data; a ValidationError with `path` if it is not one."""
    if not isinstance(prediction, Prediction):
        msg = f"expected a Prediction, got {type(prediction).__name__} {prediction!r}"
        raise ValidationError(msg, path)
    return {
        "measure": prediction.measure,
        "direction": prediction.direction,
        "target": prediction.target,
        "why": prediction.why,
    }


def read_prediction(data: object, path: str) -> Prediction:
    """A prediction from plain data; a ValidationError with `path` if it is not one."""
    fields = read_fields(data, {"measure"}, {"direction", "target", "why"}, path)
    try:
        return Prediction(**fields)
    except ValidationError as err:
        raise ValidationError(err.message, path + err.path[1:]) from None


_RESULT_KEYS: Final = ("measure", "met", "sentence", "observed")
_FIGURES: Final = ("centre", "longest_run", "longest_run_max", "median")


def study_data(result: StudyResult) -> dict[str, Any]:
    """What a study found, as plain data for the payload of a "studied" event."""
    return {
        "predictions": [
            {
                "measure": r.prediction.measure,
                "met": r.met,
                "sentence": r.sentence,
                "observed": r.observed,
                **{key: getattr(r, key) for key in _FIGURES},
            }
            for r in result.predictions
        ]
    }


def read_study(
    data: object, predictions: Sequence[Prediction], path: str
) -> StudyResult:
    """A `StudyResult` from a "studied" payload, for the plan's `predictions`."""
    items = read_fields(data, {"predictions"}, set(), path)["predictions"]
    where = f"{path}['predictions']"
    if not isinstance(items, list) or len(items) != len(predictions):
        msg = f"expected a list of {len(predictions)} results, one per prediction of the plan, got {items!r}"
        raise ValidationError(msg, where)
    results = []
    for i, (item, prediction) in enumerate(zip(items, predictions, strict=True)):
        here = f"{where}[{i}]"
        found = read_fields(item, set(_RESULT_KEYS), set(_FIGURES), here)
        if found["measure"] != prediction.measure:
            msg = f"expected the result for {prediction.measure!r}, got {found['measure']!r}"
            raise ValidationError(msg, f"{here}['measure']")
        for key, (ok, what) in _RESULT_CHECKS.items():
            if key in found and not ok(found[key]):
                msg = f"expected {what}, got {found[key]!r}"
                raise ValidationError(msg, f"{here}[{key!r}]")
        del found["measure"]
        for key in ("centre", "median"):
            if found.get(key) is not None:
                found[key] = float(found[key])
        results.append(PredictionResult(prediction=prediction, **found))
    return StudyResult(predictions=tuple(results))


def _is_number(value: object) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
    )


_RESULT_CHECKS: Final[dict[str, tuple[Callable[[object], bool], str]]] = {
    "met": (lambda v: isinstance(v, bool), "true or false"),
    "sentence": (lambda v: isinstance(v, str), "a string"),
    "observed": (is_count, "a whole number"),
    "longest_run": (lambda v: v is None or is_count(v), "a whole number or null"),
    "longest_run_max": (lambda v: v is None or is_count(v), "a whole number or null"),
    "centre": (lambda v: v is None or _is_number(v), "a number or null"),
    "median": (lambda v: v is None or _is_number(v), "a number or null"),
}
