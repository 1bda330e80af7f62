"""The Study phase: predictions, and how observations are judged against them.

Private: `coproduction.improvement.cycle` re-exports `Prediction`, `PredictionResult`,
`StudyResult`, `BalancingWarning`, `MIN_POINTS` and `MIN_POINTS_AFTER`. The rules
`judge` and `watch` apply are set out on `StudyResult`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final, Literal, NamedTuple, TypeAlias

import attrs
from attrs import field, frozen

from coproduction._display import render as render_html_display
from coproduction._fields import (
    check_id,
    check_text,
    choose,
    collecting,
    is_count,
    is_number,
    read_fields,
)
from coproduction._words import amount, long_date
from coproduction.errors import ValidationError
from coproduction.improvement import _spc as spc
from coproduction.improvement.charts import RunChart, run_chart, xmr
from coproduction.improvement.measures import Measure, MeasureKind, Observation

__all__ = [
    "MIN_POINTS",
    "MIN_POINTS_AFTER",
    "BalancingSource",
    "BalancingWarning",
    "Direction",
    "MeasureSource",
    "ObservationSource",
    "Prediction",
    "PredictionResult",
    "StudyResult",
    "Window",
    "check_source",
    "judge",
    "judge_all",
    "prediction_data",
    "read_prediction",
    "read_study",
    "study_data",
    "target_problem",
    "watch",
]

Direction = Literal["increase", "decrease", "stay_below", "stay_above"]
"""What a prediction says a measure will do: move one way, or stay on one side of a level."""

MIN_POINTS: Final = 10
"""Values (baseline and after the change together) a run chart needs to show a shift."""

MIN_POINTS_AFTER: Final = 6
"""Values after the change on which a target, or a level to stay within, is judged."""

XMR_BASELINE: Final = 12
"""Points of baseline an XmR chart's limits need (NHSRplotthedots' least `fix_after`)."""

_DIRECTIONS: Final = ("increase", "decrease", "stay_below", "stay_above")
_MOVES: Final = ("increase", "decrease")

ObservationSource: TypeAlias = (
    Callable[[str], Iterable[Observation]] | Mapping[str, Iterable[Observation]]
)
"""Where a cycle reads observations: a measure id -> its observations."""

MeasureSource: TypeAlias = Callable[[str], Measure | None] | Mapping[str, Measure]
"""Where a cycle reads a measure: its name and unit for sentences, its improvement."""

BalancingSource: TypeAlias = (
    Callable[[str], Iterable[Measure]] | Mapping[str, Iterable[Measure]]
)
"""Where a cycle reads the balancing measures to watch: a change idea id -> measures."""


def check_source(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, Mapping) and not callable(value):
        of = "a change idea's id" if attribute.name == "balancing" else "a measure id"
        msg = f"expected a mapping or a function of {of}, got {type(value).__name__} {value!r}"
        raise ValidationError(msg, f"$.{attribute.name}", code="wrong_type")


def _check_direction(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    choose(value, (*_DIRECTIONS, None), "a direction", f"$.{attribute.name}")


def _to_target(value: object) -> float | None:
    if value is None:
        return None
    if not is_number(value) or not math.isfinite(value):
        msg = f"expected a finite number or None, got {type(value).__name__} {value!r}"
        raise ValidationError(msg, "$.target", code="wrong_type")
    return float(value)


@collecting
@frozen(kw_only=True)
class Prediction:
    """What a plan expects a change to do to one measure.

    A prediction says one of these, with the team's reason in `why`:

    - a *direction*: ``direction="increase"`` or ``"decrease"``, met by a shift on
      a run chart that way;
    - a *target*: ``target=75``, read in the measure's direction of improvement
      (at least 75 for a measure that should increase, at most 75 for one that
      should decrease) and judged on the median since the change;
    - both: the measure moves that way *and* reaches the target;
    - a level to *stay within*: ``direction="stay_below"`` (a ceiling) or
      ``"stay_above"`` (a floor) with the level as `target`, met when no value
      since the change goes beyond it. This is how a team says "falls must not go
      above 5 a month while we try this".

    Examples:
        >>> Prediction(measure="satisfaction", direction="increase", target=80,
        ...            why="residents chose the menu")
        Prediction(measure='satisfaction', direction='increase', target=80.0, why='residents chose the menu')
        >>> Prediction(measure="falls", direction="stay_below", target=5).target
        5.0
        >>> Prediction(measure="satisfaction")
        Traceback (most recent call last):
        ...
        coproduction.errors.ValidationError: $.direction: a prediction needs a direction ('increase', 'decrease', 'stay_below' or 'stay_above'), a target, or both
        >>> Prediction(measure="falls", direction="stay_below")
        Traceback (most recent call last):
        ...
        coproduction.errors.ValidationError: $.target: a prediction that falls stays below a level needs the level as its target, e.g. target=5

    Added in 0.1; "stay_below" and "stay_above" in 0.2.
    """

    measure: str = field(validator=check_id)
    """The id of the measure the prediction is about."""
    direction: Direction | None = field(default=None, validator=_check_direction)
    """"increase", "decrease", "stay_below" or "stay_above"; None for a target alone."""
    target: float | None = field(default=None, converter=_to_target)
    """The value to reach, or the level to stay within."""
    why: str = field(default="", validator=check_text)
    """The theory behind the prediction, in the team's words."""

    @why.validator
    def _check_direction_or_target(self, _: object, __: str) -> None:
        if self.direction is None and self.target is None:
            msg = (
                "a prediction needs a direction ('increase', 'decrease', 'stay_below' "
                "or 'stay_above'), a target, or both"
            )
            raise ValidationError(msg, "$.direction", code="empty")
        if self.direction in ("stay_below", "stay_above") and self.target is None:
            side = self.direction.removeprefix("stay_")
            msg = (
                f"a prediction that {self.measure} stays {side} a level needs the "
                "level as its target, e.g. target=5"
            )
            raise ValidationError(msg, "$.target", code="empty")


def target_problem(prediction: Prediction, measure: Measure | None) -> str | None:
    """Why a target alone cannot be read for `measure`; None if it can (or is not alone).

    Examples:
        >>> falls = Measure(id="falls", name="Falls", kind="balancing")
        >>> print(target_problem(Prediction(measure="falls", target=5), falls))
        a target alone is read in the measure's direction of improvement, and measure 'falls' does not state one: add improvement="decrease" (or "increase") to the measure, or give the prediction a direction ("stay_below" for a ceiling, "stay_above" for a floor)
    """
    if prediction.direction is not None or prediction.target is None:
        return None
    better = None if measure is None else measure.improvement
    if better in _MOVES:
        return None
    fix = (
        'give the prediction a direction ("stay_below" for a ceiling, "stay_above" '
        'for a floor, or "increase" or "decrease")'
    )
    if measure is None:
        return (
            "a target alone is read in the measure's direction of improvement, and "
            f"no measure {prediction.measure!r} is known to this cycle: {fix}, or "
            "give the cycle a measures view"
        )
    if better == "neither":
        return (
            f"measure {measure.id!r} is better neither higher nor lower, so a target "
            f"alone cannot be read as met or not: {fix}"
        )
    return (
        "a target alone is read in the measure's direction of improvement, and "
        f'measure {measure.id!r} does not state one: add improvement="decrease" '
        '(or "increase") to the measure, or give the prediction a direction '
        '("stay_below" for a ceiling, "stay_above" for a floor)'
    )


@collecting
@frozen(kw_only=True)
class PredictionResult:
    """How one prediction fared in the Study phase, in a sentence and in figures.

    `met` is True, False, or None for "too early to tell"; `needed` then says how
    many more values would let it be judged. Equality, and what a cycle records,
    are the verdict and the figures. The observations and the chart are there on
    the result `Cycle.study()` returns; a result rebuilt from recorded events has
    them empty.

    Examples:
        >>> import datetime as dt
        >>> start = dt.date(2026, 1, 1)
        >>> obs = [Observation(measure="m", at=start + dt.timedelta(days=d), value=v)
        ...        for d, v in [(-3, 5), (-2, 6), (-1, 5), (0, 9), (1, 9)]]
        >>> r = judge(Prediction(measure="m", direction="increase"), obs,
        ...           window=Window.since_change(start), name="Smiles", unit="")
        >>> r.met, r.observed, r.after, r.needed, len(r.baseline), len(r.during)
        (None, 5, 2, 5, 3, 2)
        >>> r.sentence
        'Too early to tell whether smiles went up: 2 observations since the change began on 1 January 2026, and a shift (7 in a row above the baseline median of 5) needs at least 5 more.'

    Added in 0.1; `met` may be None, and `after`, `needed`, `crossings` and
    `crossings_min` are new, in 0.2.
    """

    prediction: Prediction
    """The prediction judged."""
    met: bool | None
    """Whether the observations bear it out; None while it is too early to tell."""
    sentence: str
    """What was predicted and what happened, in words a care team reads out."""
    observed: int
    """Values (not missing) before and after the change, together."""
    after: int = 0
    """Values (not missing) after the change."""
    needed: int = 0
    """While `met` is None, how many more values could settle it; else 0."""
    centre: float | None = None
    """The baseline median; None without a baseline."""
    longest_run: int | None = None
    """The longest run of points since the change on the side predicted (or read)."""
    longest_run_max: int | None = None
    """The chart's limit: a longer run is a shift."""
    crossings: int | None = None
    """How often the chart's line crosses the baseline median."""
    crossings_min: int | None = None
    """The chart's limit: fewer crossings are a signal."""
    median: float | None = None
    """The median of the values of this cycle's own test, on which a target is judged."""
    baseline: tuple[Observation, ...] = field(default=(), eq=False, repr=False)
    """Observations before the change (missing ones too)."""
    during: tuple[Observation, ...] = field(default=(), eq=False, repr=False)
    """Observations after the baseline, to the end of the test, both included."""
    chart: RunChart | None = field(default=None, eq=False, repr=False)
    """The run chart of baseline and after; None without a baseline."""


@collecting
@frozen(kw_only=True)
class BalancingWarning:
    """A balancing measure that moved the unfavourable way during a test of change.

    Examples:
        >>> w = BalancingWarning(measure="overtime", chart="xmr", rule="outside",
        ...     at=dt.date(2026, 3, 31), sentence="Kitchen overtime went above ...")
        >>> w.chart, w.rule
        ('xmr', 'outside')

    Added in 0.2.
    """

    measure: str
    """The id of the balancing measure."""
    chart: Literal["run", "xmr"]
    """The chart whose rule showed it: the run chart or the XmR chart."""
    rule: str
    """The rule: "shift" or "too_few_crossings" on a run chart; "outside", "trend",
    "two_of_three" or "shift" on an XmR chart."""
    at: dt.date | None
    """The date of the first value since the change that is part of the signal."""
    sentence: str
    """What happened, in words a care team reads out."""


@collecting
@frozen(kw_only=True)
class StudyResult:
    """What the Study phase found: a verdict per prediction, and balancing warnings.

    **Before and after.** Observations dated before `began` are the baseline;
    those from `began` to the end of the test are *after the change*. By default a
    cycle begins at its own start, and a cycle in a ramp at the start of the ramp's
    first cycle, so that a shift built up across the ramp shows. `Cycle.study`'s
    `baseline=` sets another day.

    **The chart.** `run_chart` over the baseline and after, with the baseline
    frozen: its median is the centre, and missing values and values on the centre
    neither count nor break a run (Anhøj's rules, as qicharts2 applies them).

    **A direction** ("increase" or "decrease") needs a signal that way among the
    values after the change: a run on the predicted side longer than
    `longest_run_max(n)` (a shift), or too few crossings of the centre with the
    median after the change on the predicted side. It is too early to tell (None)
    until at least `MIN_POINTS` values in all and `longest_run_max(n) + 1` useful
    values after the change could show a shift; then it is met (True), or not
    (False, saying whether it went the other way).

    **A target** is about this cycle's own test: the values from its start to its
    end (in a single cycle, the values after the change). It is read in the
    prediction's direction, or for a target alone in the measure's `improvement`
    (at least the target if higher is better, at most if lower is), and judged on
    the median of those values once there are `min_points_after` of them
    (`MIN_POINTS_AFTER`, six, by default); before that it is too early to tell.
    A prediction with a direction and a target needs both.

    **A level to stay within** ("stay_below" or "stay_above" with a `target`) is
    about this cycle's test too: not met as soon as one of its values goes beyond
    the level; met once `min_points_after` values are all within it; before that
    too early to tell.

    A prediction's parts combine as a team would read them: not met if any part
    is not met, met if every part is met, else too early to tell.

    **Balancing measures.** Every balancing measure linked to the change idea, or
    to a driver or aim it feeds (`Measure.of`; one linked to nothing is watched for
    every change), is read the same way, whether or not a prediction names it. A
    signal the unfavourable way (either way, if the measure states no improvement)
    on the run chart, or a special cause of concern on an XmR chart whose limits
    come from a baseline of at least 12 points, is a `BalancingWarning`.

    Examples:
        >>> p = Prediction(measure="m", target=3)
        >>> result = StudyResult(predictions=(PredictionResult(
        ...     prediction=p, met=None, sentence="Too early.", observed=2),))
        >>> result.met, result.sentences
        (None, ('Too early.',))

    References:
        Provost LP, Murray SK (2011). The Health Care Data Guide: Learning from
        Data for Improvement. Jossey-Bass.

        Perla RJ, Provost LP, Murray SK (2011). The run chart: a simple analytical
        tool for learning from variation in healthcare processes. BMJ Quality &
        Safety 20(1): 46-51.

        Anhøj J, Olesen AV (2014). Run charts revisited: a simulation study of run
        chart rules for detection of non-random variation in health care processes.
        PLoS ONE 9(11): e113825.

        NHS England and NHS Improvement (2019). Making Data Count.

    Added in 0.1; `warnings`, `began` and `min_points_after` in 0.2.
    """

    predictions: tuple[PredictionResult, ...]
    """In the order of the plan's predictions."""
    warnings: tuple[BalancingWarning, ...] = ()
    """Balancing measures that moved the unfavourable way, in the order of the measures."""
    began: dt.date | None = None
    """The day the change began for this study: values before it are the baseline."""
    min_points_after: int = MIN_POINTS_AFTER
    """Values after the change a target, or a level to stay within, was judged on."""

    def _repr_html_(self) -> str | None:
        """How Jupyter shows it: the HTML that `coproduction.present.html` registered."""
        return render_html_display(self)

    @property
    def met(self) -> bool | None:
        """False if any prediction was not met; True if all were; else None."""
        return combine(p.met for p in self.predictions)

    @property
    def sentences(self) -> tuple[str, ...]:
        """The verdicts, one sentence (or two) per prediction."""
        return tuple(p.sentence for p in self.predictions)


def combine(verdicts: Iterable[bool | None]) -> bool | None:
    """False if any is False; True if all are True; else None (too early to tell)."""
    found = list(verdicts)
    if False in found:
        return False
    return True if all(v is True for v in found) else None


@collecting
@frozen(kw_only=True)
class Window:
    """The periods a study reads, how to say them, and how many values a target needs.

    Values before `began` are the baseline; values from `began` to `end` are after
    the change, where a shift is looked for. A target, or a level to stay within,
    is about this cycle's own test: the values from `test_start` to `end`. For a
    single cycle the two periods start together; in a ramp, the first starts where
    the ramp began.

    Examples:
        >>> w = Window.since_change(dt.date(2025, 9, 12), what="the ramp",
        ...                         test_start=dt.date(2026, 1, 30))
        >>> w.since, w.since_test
        ('since the ramp began on 12 September 2025', 'since this cycle began on 30 January 2026')
    """

    began: dt.date
    test_start: dt.date
    end: dt.date | None = None
    since: str
    before: str
    since_test: str
    min_points_after: int = MIN_POINTS_AFTER

    @classmethod
    def since_change(
        cls,
        began: dt.date,
        end: dt.date | None = None,
        *,
        what: str | None = "the change",
        test_start: dt.date | None = None,
        min_points_after: int = MIN_POINTS_AFTER,
    ) -> Window:
        """The window of `what` ("the change", "the ramp", or None for a plain day) that began on `began`."""
        when = long_date(began)
        since = f"since {when}" if what is None else f"since {what} began on {when}"
        before = f"before {when}" if what is None else f"before {what} began on {when}"
        own = began if test_start is None else test_start
        since_test = (
            since if own == began else f"since this cycle began on {long_date(own)}"
        )
        return cls(
            began=began,
            test_start=own,
            end=end,
            since=since,
            before=before,
            since_test=since_test,
            min_points_after=min_points_after,
        )


def judge_all(
    predictions: Iterable[Prediction],
    *,
    window: Window,
    observations: ObservationSource | None,
    measures: MeasureSource | None,
    balancing: Iterable[Measure] = (),
) -> StudyResult:
    """Judge each prediction, and watch each balancing measure, in `window`."""
    found = []
    for prediction in predictions:
        measure = find_measure(measures, prediction.measure)
        name, unit = _name_and_unit(measure, prediction.measure)
        seen = _observations_of(observations, prediction.measure)
        better = None if measure is None else measure.improvement
        found.append(
            judge(
                prediction,
                seen,
                window=window,
                name=name,
                unit=unit,
                improvement=better,
            )
        )
    warnings = []
    for measure in balancing:
        warning = watch(measure, _observations_of(observations, measure.id), window)
        if warning is not None:
            warnings.append(warning)
    return StudyResult(
        predictions=tuple(found),
        warnings=tuple(warnings),
        began=window.began,
        min_points_after=window.min_points_after,
    )


def find_measure(source: MeasureSource | None, id: str) -> Measure | None:
    """The measure with `id` from the view; None if the view lacks it."""
    found: object = None
    if isinstance(source, Mapping):
        found = source.get(id)
    elif source is not None:
        found = source(id)
    return found if isinstance(found, Measure) else None


def balancing_in(source: MeasureSource | None, change_idea: str) -> tuple[Measure, ...]:
    """The balancing measures of a mapping view linked to `change_idea`, or to nothing.

    A view that is a function cannot be listed, so it gives none; the `Initiative`
    hands its cycles a balancing view that follows the driver diagram as well.
    """
    if not isinstance(source, Mapping):
        return ()
    return tuple(
        m
        for m in source.values()
        if isinstance(m, Measure)
        and m.kind is MeasureKind.BALANCING
        and (not m.of or change_idea in m.of)
    )


def _name_and_unit(measure: Measure | None, id: str) -> tuple[str, str]:
    """The name and unit of a measure, for sentences; its id if the view lacks it."""
    if measure is not None:
        return measure.name, measure.unit
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
            raise ValidationError(
                msg, f"$.observations[{measure!r}][{i}]", code="wrong_type"
            )
    return items


class _Split(NamedTuple):
    """A measure's observations split at the day the change began, and its chart."""

    baseline: tuple[Observation, ...]
    during: tuple[Observation, ...]
    before: list[float]
    after: list[float]
    chart: RunChart | None
    test: tuple[Observation, ...]
    """The observations of this cycle's own test (the end of `during`)."""

    @property
    def tested(self) -> list[float]:
        """The values (not missing) of this cycle's own test."""
        return [o.value for o in self.test if o.value is not None]

    @property
    def values(self) -> list[float | None]:
        return [o.value for o in self.baseline + self.during]

    def run(self, side: str) -> int:
        """The longest run on `side` among the useful points after the change."""
        best = current = 0
        for point in (
            () if self.chart is None else self.chart.points[len(self.baseline) :]
        ):
            if point.side is None:
                continue
            current = current + 1 if point.side == side else 0
            best = max(best, current)
        return best

    @property
    def useful_after(self) -> int:
        """Points after the change off the baseline median (and not missing)."""
        if self.chart is None:
            return 0
        return sum(p.side is not None for p in self.chart.points[len(self.baseline) :])


def _split(observations: Iterable[Observation], measure: str, window: Window) -> _Split:
    ordered = sorted(
        (o for o in observations if o.measure == measure), key=lambda o: o.at
    )
    began, end = window.began, window.end
    baseline = tuple(o for o in ordered if o.at < began)
    during = tuple(o for o in ordered if began <= o.at and (end is None or o.at <= end))
    before = [o.value for o in baseline if o.value is not None]
    after = [o.value for o in during if o.value is not None]
    values = [o.value for o in baseline + during]
    chart = run_chart(values, freeze=len(baseline)) if before else None
    test = tuple(o for o in during if o.at >= window.test_start)
    return _Split(baseline, during, before, after, chart, test)


class _Part(NamedTuple):
    """One part of a prediction's verdict: a direction, a target or a level."""

    met: bool | None
    text: str
    needed: int = 0


def _yes(text: str) -> _Part:
    return _Part(met=True, text=text)


def _no(text: str) -> _Part:
    return _Part(met=False, text=text)


def _early(text: str, needed: int = 0) -> _Part:
    return _Part(met=None, text=text, needed=needed)


class _Way(NamedTuple):
    """How a sentence speaks of a move one way: "rose", "up", "rising", "above".

    The words never need the verb to agree with the measure's name, which may be
    singular ("Satisfaction with meals") or plural ("Falls").
    """

    went: str
    up: str
    going: str
    side: str


_WAYS: Final = {
    "increase": _Way("rose", "up", "rising", "above"),
    "decrease": _Way("fell", "down", "falling", "below"),
}
_OTHER: Final = {"increase": "decrease", "decrease": "increase"}


def judge(
    prediction: Prediction,
    observations: Iterable[Observation],
    *,
    window: Window,
    name: str,
    unit: str,
    improvement: str | None = None,
) -> PredictionResult:
    """Judge one prediction against the observations of its measure (see `StudyResult`)."""
    split = _split(observations, prediction.measure, window)
    chart, after = split.chart, split.after
    median = spc.median(split.tested) if split.tested else None
    direction, target = prediction.direction, prediction.target
    reading: str | None = direction if direction in _MOVES else None
    if reading is None and direction is None and improvement in _MOVES:
        reading = improvement
    said = _Said(subject=_capital(name), name=_in_sentence(name), unit=unit)
    parts: list[_Part] = []
    if direction in _MOVES:
        parts.append(_moved(direction, split, window, said))
    if target is not None and direction in (*_MOVES, None):
        parts.append(
            _reached(
                target,
                reading,
                improvement=improvement,
                split=split,
                window=window,
                said=said,
            )
        )
    if target is not None and direction in ("stay_below", "stay_above"):
        parts.append(_stayed(direction, target, split, window, said))
    met = combine(p.met for p in parts)
    return PredictionResult(
        prediction=prediction,
        met=met,
        sentence=" ".join(p.text for p in parts),
        observed=len(split.before) + len(after),
        after=len(after),
        needed=0 if met is not None else max(p.needed for p in parts),
        centre=None if chart is None else chart.centre,
        longest_run=None
        if chart is None or reading is None
        else split.run(_WAYS[reading].side),
        longest_run_max=None if chart is None else chart.longest_run_max,
        crossings=None if chart is None else chart.crossings,
        crossings_min=None if chart is None else chart.crossings_min,
        median=median,
        baseline=split.baseline,
        during=split.during,
        chart=chart,
    )


@frozen
class _Said:
    """How a measure is named in a sentence: at its start, inside it, and its unit."""

    subject: str
    name: str
    unit: str

    def amount(self, value: float) -> str:
        return amount(value, self.unit)


def _observations(count: int) -> str:
    if count == 0:
        return "no observations"
    return f"{count} observation{'s' if count != 1 else ''}"


def _more_for_a_shift(useful_after: int, useful: int, observed: int) -> int:
    """How many more useful values could let a shift show (assuming each is useful)."""
    more = 0
    while (
        useful_after + more < spc.longest_run_max_of(useful + more) + 1
        or observed + more < MIN_POINTS
    ):
        more += 1
    return more


def _moved(direction: str, split: _Split, window: Window, said: _Said) -> _Part:
    """The direction part: a shift, or too few crossings, the way predicted."""
    way = _WAYS[direction]
    chart = split.chart
    if chart is None or chart.centre is None:
        return _early(
            f"Too early to tell whether {said.name} went {way.up}: there are no "
            f"observations {window.before}, so there is no usual level to compare with.",
            MIN_POINTS,
        )
    centre = said.amount(chart.centre)
    observed = len(split.before) + len(split.after)
    more = _more_for_a_shift(split.useful_after, chart.n_useful, observed)
    if more:
        needs = spc.longest_run_max_of(chart.n_useful + more) + 1
        return _early(
            f"Too early to tell whether {said.name} went {way.up}: "
            f"{_observations(split.useful_after)} {window.since}, and a shift ({needs} "
            f"in a row {way.side} the baseline median of {centre}) needs at least "
            f"{more} more.",
            more,
        )
    other = _WAYS[_OTHER[direction]]
    found = _signal(split, way.side)
    if found is not None:
        return _yes(
            f"{said.subject} {way.went}, as predicted: {found.evidence(said, window)}."
        )
    found = _signal(split, other.side)
    if found is not None:
        return _no(
            f"{said.subject} {other.went} instead of {way.going}: "
            f"{found.evidence(said, window)}."
        )
    run, limit = split.run(way.side), chart.longest_run_max or 0
    if run == 0:
        return _no(
            f"No sign that {said.name} went {way.up}: no observation {window.since} "
            f"is {way.side} the baseline median of {centre}."
        )
    return _no(
        f"No sign that {said.name} went {way.up}: at most {run} in a row {way.side} "
        f"the baseline median of {centre} {window.since}, where a shift needs "
        f"{limit + 1}, and no other sign of a change."
    )


@frozen
class _Signal:
    """A run-chart signal on one side since the change: a shift, or too few crossings."""

    rule: Literal["shift", "too_few_crossings"]
    side: str
    run: int
    chart: RunChart
    median: float

    def evidence(self, said: _Said, window: Window) -> str:
        """What shows it, in words: the run, or the median and the crossings."""
        centre = said.amount(self.chart.centre or 0.0)
        if self.rule == "shift":
            return (
                f"{self.run} observations in a row {self.side} the baseline median of "
                f"{centre} {window.since}, where chance allows at most "
                f"{self.chart.longest_run_max}"
            )
        return (
            f"{window.since} its median is {said.amount(self.median)}, {self.side} the "
            f"baseline median of {centre}, and the line crossed that median only "
            f"{self.chart.crossings} times where chance would give at least "
            f"{self.chart.crossings_min}"
        )


def _signal(split: _Split, side: str) -> _Signal | None:
    """A shift on `side` since the change, or too few crossings with the median there."""
    chart = split.chart
    if chart is None or chart.centre is None or not split.after:
        return None
    median = spc.median(split.after)
    run = split.run(side)
    if run > (chart.longest_run_max or 0):
        return _Signal("shift", side, run, chart, median)
    if chart.too_few_crossings and _on(median, chart.centre) == side:
        return _Signal("too_few_crossings", side, run, chart, median)
    return None


def _on(value: float, centre: float) -> str | None:
    """Which side of the centre `value` is: "above", "below", or None on it."""
    if value > centre:
        return "above"
    return "below" if value < centre else None


def _reached(
    target: float,
    reading: str | None,
    *,
    improvement: str | None,
    split: _Split,
    window: Window,
    said: _Said,
) -> _Part:
    """The target part: the median since the change, read in `reading`."""
    level = said.amount(target)
    if reading is None:
        why = (
            "is better neither higher nor lower"
            if improvement == "neither"
            else "does not say whether higher or lower is better"
        )
        return _early(
            f"The target of {level} for {said.name} cannot be judged: the measure {why}; "
            "state its improvement, or give the prediction a direction.",
        )
    bound = f"at least {level}" if reading == "increase" else f"at most {level}"
    count, least = len(split.tested), window.min_points_after
    if count < least:
        return _early(
            f"Too early to judge the target of {bound} for {said.name}: "
            f"{_observations(count)} {window.since_test}, and the target is judged on the "
            f"median of at least {least}, so {least - count} more.",
            least - count,
        )
    median = spc.median(split.tested)
    met = median >= target if reading == "increase" else median <= target
    verb = "met" if met else "did not meet"
    return _Part(
        met,
        f"{said.subject} {verb} the target of {bound}: the median of the {count} "
        f"observations {window.since_test} is {said.amount(median)}.",
    )


def _stayed(
    direction: str, target: float, split: _Split, window: Window, said: _Said
) -> _Part:
    """The level part: no value since the change beyond the level."""
    below = direction == "stay_below"
    over = "above" if below else "below"
    within = f"at or {'below' if below else 'above'} {said.amount(target)}"
    crossed = [
        o
        for o in split.test
        if o.value is not None and (o.value > target if below else o.value < target)
    ]
    count, least = len(split.tested), window.min_points_after
    if crossed:
        first = crossed[0]
        value = said.amount(first.value or 0.0)
        if count == 1:
            which = f"the only observation {window.since_test} was {over} it:"
        elif len(crossed) == 1:
            which = f"1 of the {count} observations {window.since_test} was {over} it:"
        else:
            which = (
                f"{len(crossed)} of the {count} observations {window.since_test} "
                f"were {over} it, the first of them"
            )
        return _no(
            f"{said.subject} did not stay {within}: {which} {value} on "
            f"{long_date(first.at)}."
        )
    if count < least:
        so_far = (
            f"none of the {_observations(count)} {window.since_test} is {over} it"
            if count
            else f"there are no observations {window.since_test}"
        )
        return _early(
            f"Too early to tell whether {said.name} will stay {within}: {so_far}, and at "
            f"least {least} are needed to judge, so {least - count} more.",
            least - count,
        )
    return _yes(
        f"{said.subject} stayed {within}: none of the {count} observations "
        f"{window.since_test} was {over} it.",
    )


# Balancing measures: the unfavourable signals of a measure no prediction need name.


def watch(
    measure: Measure, observations: Iterable[Observation], window: Window
) -> BalancingWarning | None:
    """A warning if a balancing measure moved the unfavourable way since the change.

    Examples:
        >>> import datetime as dt
        >>> complaints = Measure(id="complaints", name="Complaints", kind="balancing",
        ...                      improvement="decrease")
        >>> obs = [Observation(measure="complaints", at=dt.date(2025, m, 28), value=v)
        ...        for m, v in zip(range(1, 13), [4, 3, 5, 4, 4, 3, 5, 4, 3, 4, 5, 4])]
        >>> obs += [Observation(measure="complaints", at=dt.date(2026, 1, 28), value=9)]
        >>> w = watch(complaints, obs, Window.since_change(dt.date(2026, 1, 1)))
        >>> w.chart, w.rule, w.at
        ('xmr', 'outside', datetime.date(2026, 1, 28))
        >>> print(w.sentence)
        Complaints, a balancing measure, moved the unfavourable way since the change began on 1 January 2026: 9 on 28 January 2026, above the upper process limit of 6.9 (XmR chart, limits from the baseline). Look into it before the change goes further.
    """
    split = _split(observations, measure.id, window)
    said = _Said(
        subject=_capital(measure.name),
        name=_in_sentence(measure.name),
        unit=measure.unit,
    )
    better = measure.improvement
    sides = (_WAYS[_OTHER[better]].side,) if better in _MOVES else ("above", "below")
    found = _run_signal(measure, split, sides, window, said)
    if found is None:
        found = _xmr_signal(measure, split, window, said)
    return found


_LOOK: Final = "Look into it before the change goes further."


def _look(measure: Measure) -> str:
    if measure.improvement in _MOVES:
        return _LOOK
    return (
        "The measure does not say which way is worse: look into whether the change "
        "is costing something here."
    )


def _run_signal(
    measure: Measure,
    split: _Split,
    sides: tuple[str, ...],
    window: Window,
    said: _Said,
) -> BalancingWarning | None:
    """A run-chart signal `sides` way that reaches into this cycle's own test."""
    chart = split.chart
    if chart is None or chart.centre is None or not split.tested:
        return None
    limit, centre = chart.longest_run_max or 0, said.amount(chart.centre)
    for side in sides:
        went = "rose" if side == "above" else "fell"
        found = _shift_into_test(split, side, limit, window.test_start)
        if found is not None:
            run, first = found
            return BalancingWarning(
                measure=measure.id,
                chart="run",
                rule="shift",
                at=first,
                sentence=(
                    f"{said.subject}, a balancing measure, {went} {window.since}: {run} "
                    f"observations in a row {side} the baseline median of {centre} from "
                    f"{long_date(first)}, where chance allows at most {limit}. "
                    f"{_look(measure)}"
                ),
            )
        median = spc.median(split.tested)
        if chart.too_few_crossings and _on(median, chart.centre) == side:
            return BalancingWarning(
                measure=measure.id,
                chart="run",
                rule="too_few_crossings",
                at=split.test[0].at,
                sentence=(
                    f"{said.subject}, a balancing measure, {went}: "
                    f"{window.since_test} its median is {said.amount(median)} against a "
                    f"baseline median of {centre}, and the line crossed that median only "
                    f"{chart.crossings} times where chance would give at least "
                    f"{chart.crossings_min}. {_look(measure)}"
                ),
            )
    return None


def _shift_into_test(
    split: _Split, side: str, limit: int, test_start: dt.date
) -> tuple[int, dt.date] | None:
    """The length and first day of a run on `side` longer than `limit` that reaches the test."""
    assert split.chart is not None  # noqa: S101 - only called with a chart
    points = split.chart.points[len(split.baseline) :]
    run: list[int] = []
    for i, point in [*enumerate(points), (len(points), None)]:
        if point is not None and point.side is None:
            continue  # missing, or on the centre: neither counts nor breaks a run
        if point is not None and point.side == side:
            run.append(i)
            continue
        if len(run) > limit and split.during[run[-1]].at >= test_start:
            return len(run), split.during[run[0]].at
        run = []
    return None


_XMR_RULES: Final = {
    "outside": "{beyond} the {limit} process limit of {bound}",
    "two_of_three": (
        "one of two values in three beyond two-thirds of the way to the {limit} "
        "process limit of {bound}"
    ),
    "trend": "in a run of seven or more, each {higher} than the one before",
    "shift": "in a run of seven or more {side} the baseline mean of {mean}",
}


def _xmr_signal(
    measure: Measure, split: _Split, window: Window, said: _Said
) -> BalancingWarning | None:
    """The first special cause of concern in this cycle's test, limits from the baseline."""
    if len(split.baseline) < XMR_BASELINE or not split.tested:
        return None
    values = split.values
    chart = xmr(
        values, improvement=measure.chart_improvement, fix_after=len(split.baseline)
    )
    known = measure.improvement in _MOVES
    wanted = "concern" if known else "neutral"
    for i in range(len(split.baseline), len(values)):
        point = chart.points[i]
        observation = split.during[i - len(split.baseline)]
        if (
            point.rule is None
            or point.variation != wanted
            or observation.at < window.test_start
        ):
            continue
        high = point.direction == "high"
        bound = point.upper if high else point.lower
        what = _XMR_RULES[point.rule].format(
            beyond="above" if high else "below",
            limit="upper" if high else "lower",
            bound="?" if bound is None else said.amount(bound),
            higher="higher" if high else "lower",
            side="above" if high else "below",
            mean="?" if point.mean is None else said.amount(point.mean),
        )
        moved = (
            ("rose" if high else "fell")
            if not known
            else ("moved the unfavourable way")
        )
        value = said.amount(point.value or 0.0)
        return BalancingWarning(
            measure=measure.id,
            chart="xmr",
            rule=point.rule,
            at=observation.at,
            sentence=(
                f"{said.subject}, a balancing measure, {moved} {window.since}: {value} "
                f"on {long_date(observation.at)}, {what} (XmR chart, limits from the "
                f"baseline). {_look(measure)}"
            ),
        )
    return None


def _capital(name: str) -> str:
    return name[:1].upper() + name[1:]


def _in_sentence(name: str) -> str:
    """A name as it reads inside a sentence: "Satisfaction" -> "satisfaction", "NHS" kept."""
    if name[:1].isupper() and not name[1:2].isupper():
        return name[:1].lower() + name[1:]
    return name


# Plain data for event payloads, and back.


def prediction_data(prediction: object, path: str) -> dict[str, Any]:
    """A prediction as plain data; a ValidationError with `path` if it is not one."""
    if not isinstance(prediction, Prediction):
        msg = f"expected a Prediction, got {type(prediction).__name__} {prediction!r}"
        raise ValidationError(msg, path, code="wrong_type")
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
        raise ValidationError(
            err.message, path + err.path[1:], code=err.code, input=err.input
        ) from None


_RESULT_KEYS: Final = ("measure", "met", "sentence", "observed")
_FIGURES: Final = (
    "after",
    "needed",
    "centre",
    "longest_run",
    "longest_run_max",
    "crossings",
    "crossings_min",
    "median",
)
_WARNING_KEYS: Final = ("measure", "chart", "rule", "at", "sentence")


def study_data(result: StudyResult) -> dict[str, Any]:
    """What a study found, as plain data for the payload of a "studied" event."""
    return {
        "began": result.began,  # written as ISO text by Event
        "min_points_after": result.min_points_after,
        "predictions": [
            {
                "measure": r.prediction.measure,
                "met": r.met,
                "sentence": r.sentence,
                "observed": r.observed,
                **{key: getattr(r, key) for key in _FIGURES},
            }
            for r in result.predictions
        ],
        "warnings": [
            {key: getattr(w, key) for key in _WARNING_KEYS} for w in result.warnings
        ],
    }


def read_study(
    data: object, predictions: Sequence[Prediction], path: str
) -> StudyResult:
    """A `StudyResult` from a "studied" payload, for the plan's `predictions`.

    Payloads recorded before 0.2 have only the predictions, each without `after`,
    `needed` and the crossings; they read with those at their defaults.
    """
    fields = read_fields(
        data, {"predictions"}, {"began", "min_points_after", "warnings"}, path
    )
    items = fields["predictions"]
    where = f"{path}['predictions']"
    if not isinstance(items, list) or len(items) != len(predictions):
        msg = f"expected a list of {len(predictions)} results, one per prediction of the plan, got {items!r}"
        raise ValidationError(msg, where, code="wrong_type")
    results = []
    for i, (item, prediction) in enumerate(zip(items, predictions, strict=True)):
        here = f"{where}[{i}]"
        found = read_fields(item, set(_RESULT_KEYS), set(_FIGURES), here)
        if found["measure"] != prediction.measure:
            msg = f"expected the result for {prediction.measure!r}, got {found['measure']!r}"
            raise ValidationError(msg, f"{here}['measure']", code="not_allowed")
        _check_values(found, here)
        del found["measure"]
        for key in ("centre", "median"):
            if found.get(key) is not None:
                found[key] = float(found[key])
        results.append(PredictionResult(prediction=prediction, **found))
    began = _read_day(fields.get("began"), f"{path}['began']")
    least = fields.get("min_points_after", MIN_POINTS_AFTER)
    if not is_count(least, least=1):
        msg = f"expected a whole number of at least 1, got {least!r}"
        raise ValidationError(msg, f"{path}['min_points_after']", code="wrong_type")
    return StudyResult(
        predictions=tuple(results),
        warnings=_read_warnings(fields.get("warnings", []), f"{path}['warnings']"),
        began=began,
        min_points_after=least,
    )


def _read_day(value: object, path: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    msg = f"expected an ISO date such as '2026-02-01', or null, got {value!r}"
    raise ValidationError(msg, path, code="wrong_type")


def _read_warnings(items: object, path: str) -> tuple[BalancingWarning, ...]:
    if not isinstance(items, list):
        msg = f"expected a list of warnings, got {items!r}"
        raise ValidationError(msg, path, code="wrong_type")
    warnings = []
    for i, item in enumerate(items):
        here = f"{path}[{i}]"
        found = read_fields(item, set(_WARNING_KEYS), set(), here)
        _check_values(found, here)
        found["at"] = _read_day(found["at"], f"{here}['at']")
        warnings.append(BalancingWarning(**found))
    return tuple(warnings)


def _check_values(found: Mapping[str, object], path: str) -> None:
    for key, (ok, what) in _VALUE_CHECKS.items():
        if key in found and not ok(found[key]):
            msg = f"expected {what}, got {found[key]!r}"
            raise ValidationError(msg, f"{path}[{key!r}]", code="wrong_type")


def _is_number(value: object) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
    )


def _is_text(value: object) -> bool:
    return isinstance(value, str)


def _count_or_none(value: object) -> bool:
    return value is None or is_count(value)


_VALUE_CHECKS: Final[dict[str, tuple[Callable[[object], bool], str]]] = {
    "met": (lambda v: v is None or isinstance(v, bool), "true, false or null"),
    "sentence": (_is_text, "a string"),
    "observed": (is_count, "a whole number"),
    "after": (is_count, "a whole number"),
    "needed": (is_count, "a whole number"),
    "longest_run": (_count_or_none, "a whole number or null"),
    "longest_run_max": (_count_or_none, "a whole number or null"),
    "crossings": (_count_or_none, "a whole number or null"),
    "crossings_min": (_count_or_none, "a whole number or null"),
    "centre": (lambda v: v is None or _is_number(v), "a number or null"),
    "median": (lambda v: v is None or _is_number(v), "a number or null"),
    "chart": (lambda v: v in ("run", "xmr"), "'run' or 'xmr'"),
    "rule": (
        lambda v: (
            v in ("shift", "too_few_crossings", "outside", "trend", "two_of_three")
        ),
        "a chart rule",
    ),
    "measure": (_is_text, "a string"),
    "at": (lambda v: v is None or isinstance(v, str), "an ISO date or null"),
}
