"""Run charts (Anhøj rules) and XmR control charts (NHS "Making Data Count" rules).

`run_chart` reproduces the runs analysis of the R package qicharts2 0.8.1 and `xmr`
the process limits and special-cause rules of the R package NHSRplotthedots 0.2.2,
figure for figure: means and medians are rounded as R rounds them and the Anhøj
limits are computed exactly, so results equal those packages' to the last digit
they print. Both take a sequence of numbers in time order; None or NaN marks a
missing value.

References:
    Anhøj J, Olesen AV (2014). Run charts revisited: a simulation study of run chart
    rules for detection of non-random variation in health care processes.
    PLoS ONE 9(11): e113825.

    Anhøj J (2015). Diagnostic value of run chart analysis: using likelihood ratios
    to compare run chart rules on simulated data series. PLoS ONE 10(3): e0121349.

    NHS England and NHS Improvement (2019). Making Data Count: strengthening your
    decisions.

    Wheeler DJ (2000). Understanding Variation: the key to managing chaos.
    2nd ed. SPC Press.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from attrs import field, frozen

from coproduction.errors import ValidationError
from coproduction.improvement import _spc as spc

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

__all__ = [
    "ChartPoint",
    "ControlChart",
    "ControlGroup",
    "RunChart",
    "RunPoint",
    "crossings_min",
    "longest_run_max",
    "run_chart",
    "xmr",
]

_Side = Literal["above", "below"]
_Rule = spc.Rule
_Direction = spc.Direction
_Variation = Literal["common_cause", "improvement", "concern", "neutral"]
_Improvement = Literal["increase", "decrease", "neutral"]

_IMPROVEMENTS = ("increase", "decrease", "neutral")
_SHORT = 12  # NHSRplotthedots warns about groups of fewer points


@frozen(kw_only=True)
class RunPoint:
    """One value of a run chart and the part it plays in the runs analysis.

    Added in 0.1.
    """

    value: float | None
    """The value; None when missing."""
    centre: float | None
    """The centre line at this point (the same for every point of a chart)."""
    baseline: bool
    """Whether the point is in the baseline the centre was computed from."""
    included: bool
    """False for a point left out with `exclude`."""
    side: _Side | None
    """"above" or "below" the centre; None if missing, excluded or on the centre."""
    run: int | None
    """The 0-based number of the run the point belongs to; None unless it is useful."""

    @property
    def useful(self) -> bool:
        """Whether the point counts in the runs analysis (included, present, off centre)."""
        return self.side is not None


@frozen(kw_only=True)
class RunChart:
    """The Anhøj runs analysis of a series: its centre, runs, crossings and signals.

    The four counts and limits are None when no point is useful (qicharts2 gives NA).

    Added in 0.1.
    """

    points: tuple[RunPoint, ...] = field(repr=False)
    """One `RunPoint` per value, in order."""
    centre: float | None
    """The centre line; None when the baseline has no value."""
    n_obs: int
    """The number of included points, missing ones too (qicharts2's `n.obs`)."""
    n_useful: int
    """Included points that are present and not on the centre line."""
    longest_run: int | None
    """The length of the longest run of useful points on one side of the centre."""
    longest_run_max: int | None
    """`longest_run_max(n_useful)`: a longer run is a shift."""
    crossings: int | None
    """How many times the useful points cross the centre line (runs - 1)."""
    crossings_min: int | None
    """`crossings_min(n_useful)`: fewer crossings are a signal."""
    shift: bool
    """Whether `longest_run > longest_run_max`."""
    too_few_crossings: bool
    """Whether `crossings < crossings_min`."""
    signal: bool
    """Whether there is non-random variation: `shift or too_few_crossings`."""


@frozen(kw_only=True)
class ChartPoint:
    """One value of an XmR chart: its group's limits, and the rule it breaks, if any.

    Added in 0.1.
    """

    value: float | None
    """The value; None when missing."""
    group: int
    """The 0-based number of the point's group (a new group starts at each rebase)."""
    mean: float | None
    """The mean of the point's group; None if its limits period has no value."""
    lower: float | None
    """The lower process limit; None where it cannot be computed (see `xmr`)."""
    upper: float | None
    """The upper process limit; None where it cannot be computed (see `xmr`)."""
    rule: _Rule | None
    """The special-cause rule the point is part of, by precedence, or None."""
    direction: _Direction | None
    """"high" (above, increasing) or "low" (below, decreasing) for a special cause."""
    variation: _Variation
    """"common_cause", or "improvement", "concern" or "neutral" for a special cause."""


@frozen(kw_only=True)
class ControlGroup:
    """The points between two rebases, with their mean, limits and runs analysis.

    Added in 0.1.
    """

    start: int
    """The 0-based index of the group's first point."""
    stop: int
    """One past the 0-based index of its last point."""
    mean: float | None
    """The mean of the limits period (the first `fix_after` points, else all)."""
    mean_moving_range: float | None
    """The mean moving range of the limits period, after screening."""
    lower: float | None
    """`mean - limit_factor * mean_moving_range`."""
    upper: float | None
    """`mean + limit_factor * mean_moving_range`."""
    short: bool
    """Fewer than 12 points: too few for dependable limits (NHSRplotthedots warns)."""
    runs: RunChart
    """The Anhøj runs analysis of the group about its mean, as qicharts2 adds it."""


@frozen(kw_only=True)
class ControlChart:
    """An XmR (individuals) chart judged by the Making Data Count rules.

    Added in 0.1.
    """

    points: tuple[ChartPoint, ...] = field(repr=False)
    """One `ChartPoint` per value, in order."""
    groups: tuple[ControlGroup, ...]
    """One `ControlGroup` per rebase group, in order."""
    improvement: _Improvement
    """Which direction is better: "increase", "decrease" or "neutral"."""
    special_causes: tuple[int, ...]
    """The 0-based indices of the points that are part of a special cause."""

    @property
    def runs(self) -> tuple[RunChart, ...]:
        """The runs analysis of each group about its mean (qicharts2's I chart)."""
        return tuple(group.runs for group in self.groups)


def longest_run_max(n: int) -> int:
    """The longest run expected by chance among `n` useful points: `round(log2(n)) + 3`.

    Args:
        n: The number of useful points (not missing, not on the centre line), >= 1.

    Returns:
        The Anhøj limit: a run longer than this is a shift.

    Raises:
        ValidationError: If `n` is not a whole number of at least 1.

    Examples:
        >>> [longest_run_max(n) for n in (1, 10, 24, 100)]
        [3, 6, 8, 10]

    Notes:
        Computed in integers: `log2(n)` is never half-way between two integers, so
        R's half-even rounding agrees with ordinary rounding for every n.

    See Also:
        crossings_min, run_chart

    References:
        Anhøj J, Olesen AV (2014), PLoS ONE 9(11): e113825 (Schilling's rule).

    Added in 0.1.
    """
    return spc.longest_run_max_of(spc.as_count(n, "n", 1, None))


def crossings_min(n: int) -> int:
    """The fewest crossings expected by chance among `n` useful points.

    It is the lower 5% quantile of Binomial(n - 1, 1/2) as R's `qbinom(0.05, n - 1,
    0.5)` defines it: the smallest k with P(X <= k) >= 0.05.

    Args:
        n: The number of useful points (not missing, not on the centre line), >= 1.

    Returns:
        The Anhøj limit: fewer crossings than this are a signal.

    Raises:
        ValidationError: If `n` is not a whole number of at least 1.

    Examples:
        >>> [crossings_min(n) for n in (1, 10, 24, 100)]
        [0, 2, 8, 41]

    Notes:
        Computed exactly with integers (no floating-point fuzz) and fast for any
        chart length; results are cached.

    See Also:
        longest_run_max, run_chart

    References:
        Anhøj J, Olesen AV (2014), PLoS ONE 9(11): e113825.

    Added in 0.1.
    """
    return spc.crossings_min_of(spc.as_count(n, "n", 1, None))


def run_chart(
    values: Iterable[float | None],
    *,
    freeze: int | None = None,
    exclude: Iterable[int] = (),
) -> RunChart:
    """Analyse a series with the Anhøj run chart rules, as qicharts2 does.

    The centre is the median of the baseline (the first `freeze` values, else all),
    leaving out excluded and missing values. Points on the centre, missing values and
    excluded points play no part in the runs; the rest are split into runs by side.

    Args:
        values: The measurements in time order; None or NaN for a missing one.
        freeze: How many values, from the start, form the baseline; None for all.
        exclude: 0-based indices of points to leave out of the centre and the runs.

    Returns:
        The analysis, with one `RunPoint` per value in `points`.

    Raises:
        ValidationError: If a value is not a finite number (and not missing), if
            `freeze` is not from 1 to the number of values, or if an index in
            `exclude` is not a 0-based index of the values.

    Examples:
        Monthly C. difficile infections (qicharts2's `cdi` data):

        >>> cdi = [17, 12, 27, 20, 20, 18, 22, 19, 19, 24, 17, 16, 24, 19, 19, 22, 25,
        ...        19, 17, 6, 25, 17, 11, 14, 9, 11, 7, 13, 5, 5, 3, 5, 9, 4, 5, 9]
        >>> rc = run_chart(cdi, freeze=24)
        >>> rc.centre, rc.n_useful, rc.longest_run, rc.longest_run_max
        (19.0, 31, 15, 8)
        >>> rc.crossings, rc.crossings_min, rc.signal
        (8, 11, True)
        >>> run_chart([1, 3, 2, 4, 2, 5]).signal
        False

    Notes:
        With no useful point, `longest_run`, `longest_run_max`, `crossings` and
        `crossings_min` are None and nothing signals (qicharts2 reports NA and no
        signal). With one, they are 1, 3, 0 and 0, and nothing signals.

    See Also:
        xmr, longest_run_max, crossings_min

    References:
        Anhøj J, Olesen AV (2014), PLoS ONE 9(11): e113825.
        Anhøj J (2015), PLoS ONE 10(3): e0121349.

    Added in 0.1.
    """
    clean = spc.clean_values(values)
    n = len(clean)
    if freeze is not None and n == 0:
        msg = f"freeze must be None when there are no values, got {freeze!r}"
        raise ValidationError(msg, path="freeze")
    size = n if freeze is None else spc.as_count(freeze, "freeze", 1, n)
    excluded = spc.as_indices(exclude, "exclude", n)
    base = [
        v for i, v in enumerate(clean[:size]) if v is not None and i not in excluded
    ]
    return _runs(clean, spc.median(base) if base else None, size, excluded)


def xmr(
    values: Iterable[float | None],
    *,
    improvement: _Improvement = "increase",
    fix_after: int | None = None,
    rebase: Iterable[int] = (),
    screen_outliers: bool = True,
    limit_factor: float = 2.66,
) -> ControlChart:
    """Draw an XmR chart and mark special causes, as NHSRplotthedots does.

    Each rebase group gets its own mean and limits from its first `fix_after` points
    (else all of them): the mean, and the mean of the moving ranges between
    consecutive present values. With `screen_outliers`, moving ranges at or above
    3.267 times their mean are dropped and the mean recomputed. The limits are
    `mean ± limit_factor × mean moving range`. Each point then takes the first rule,
    within its group, that it is part of:

    1. "outside": above the upper or below the lower limit;
    2. "trend": 7 points each higher (or each lower) than the one before; a tie
       breaks it;
    3. "two_of_three": 2 of 3 consecutive points beyond the 2-sigma line
       (`mean ± 2/3 × limit_factor × mean MR`), all 3 on the same side of the mean;
       only the points beyond the line are marked, and points outside the limits do
       not count towards the 2;
    4. "shift": 7 or more points in a row on the same side of the mean; a point on
       the mean breaks it.

    Every point of a qualifying run is marked. A special cause is an "improvement" or
    a "concern" according to `improvement`, or "neutral".

    Args:
        values: The measurements in time order; None or NaN for a missing one.
        improvement: "increase" or "decrease" (the better direction) or "neutral".
        fix_after: How many points, from the start of each group, set its mean and
            limits; None for all. At least 12, as NHSRplotthedots requires.
        rebase: 0-based indices where a new group starts.
        screen_outliers: Whether to drop moving ranges at or above 3.267 times their
            mean before computing the limits.
        limit_factor: Mean moving ranges between the mean and each limit: 2.66, as
            Wheeler and Making Data Count use; qicharts2's I chart uses 3 / 1.128.

    Returns:
        The chart, with one `ChartPoint` per value and one `ControlGroup` per group.

    Raises:
        ValidationError: If a value is not a finite number (and not missing), or an
            argument is out of range.

    Examples:
        >>> cc = xmr([5, 6, 4, 5, 6, 4, 5, 6, 4, 5, 6, 4, 5, 6, 4, 5, 12, 5, 6, 4])
        >>> p = cc.points[16]
        >>> p.value, p.rule, p.direction, p.variation
        (12.0, 'outside', 'high', 'improvement')
        >>> round(p.mean, 2), round(p.lower, 4), round(p.upper, 4)
        (5.35, 1.7512, 8.9488)
        >>> cc.special_causes
        (16,)
        >>> xmr([1, 2, 3, 4, 5, 6, 7, 5], improvement="decrease").special_causes
        (0, 1, 2, 3, 4, 5, 6)

    Notes:
        Missing values are skipped by the rules (a run continues across a gap), count
        towards `fix_after` and `short` as rows do in NHSRplotthedots, and break the
        moving ranges (none is taken across a gap), as in both R packages. A missing
        point is "common_cause". Where no moving range is left, as with constant data
        when screening (no range is below 3.267 × 0), the limits are None, as the R
        packages give NA; the trend and shift rules still apply.

        A trend point takes its direction from the step to the next point when that
        point is also in a trend, else from the step before it. So the last point of a
        rising trend that is followed, after a tie, by a falling trend is marked
        "low", exactly as NHSRplotthedots marks it.

    See Also:
        run_chart

    References:
        NHS England and NHS Improvement (2019), Making Data Count.
        Wheeler DJ (2000), Understanding Variation.

    Added in 0.1.
    """
    clean = spc.clean_values(values)
    n = len(clean)
    if improvement not in _IMPROVEMENTS:
        msg = (
            f"{improvement!r} is not an improvement direction; "
            "choose one of 'increase', 'decrease', 'neutral'"
        )
        raise ValidationError(msg, path="improvement")
    fix = (
        None
        if fix_after is None
        else spc.as_count(fix_after, "fix_after", _SHORT, None)
    )
    starts = sorted(spc.as_indices(rebase, "rebase", n) | {0}) if n else []
    if isinstance(limit_factor, bool) or not (
        isinstance(limit_factor, int | float) and 0 < limit_factor < float("inf")
    ):
        msg = f"limit_factor must be a positive finite number, got {limit_factor!r}"
        raise ValidationError(msg, path="limit_factor")
    groups: list[ControlGroup] = []
    points: list[ChartPoint] = []
    for number, (start, stop) in enumerate(zip(starts, [*starts[1:], n], strict=True)):
        group = _group(clean[start:stop], start, fix, screen_outliers, limit_factor)
        groups.append(group)
        points.extend(
            _judge(clean[start:stop], group, number, improvement, limit_factor)
        )
    return ControlChart(
        points=tuple(points),
        groups=tuple(groups),
        improvement=improvement,
        special_causes=tuple(i for i, p in enumerate(points) if p.rule is not None),
    )


def _runs(
    values: Sequence[float | None],
    centre: float | None,
    size: int,
    excluded: frozenset[int],
) -> RunChart:
    """The runs analysis of `values` about `centre`; the first `size` are baseline."""
    points: list[RunPoint] = []
    lengths: list[int] = []
    last: _Side | None = None
    for i, value in enumerate(values):
        side: _Side | None = None
        if i not in excluded and value is not None and centre is not None:
            side = "above" if value > centre else "below" if value < centre else None
        if side is not None:
            if side == last:
                lengths[-1] += 1
            else:
                lengths.append(1)
            last = side
        points.append(
            RunPoint(
                value=value,
                centre=centre,
                baseline=i < size,
                included=i not in excluded,
                side=side,
                run=len(lengths) - 1 if side is not None else None,
            )
        )
    useful = sum(lengths)
    longest = limit = crossings = fewest = None
    if useful:
        longest, crossings = max(lengths), len(lengths) - 1
        limit, fewest = spc.longest_run_max_of(useful), spc.crossings_min_of(useful)
    shift = longest is not None and limit is not None and longest > limit
    few = crossings is not None and fewest is not None and crossings < fewest
    return RunChart(
        points=tuple(points),
        centre=centre,
        n_obs=len(values) - len(excluded),
        n_useful=useful,
        longest_run=longest,
        longest_run_max=limit,
        crossings=crossings,
        crossings_min=fewest,
        shift=shift,
        too_few_crossings=few,
        signal=shift or few,
    )


def _group(
    values: list[float | None], start: int, fix: int | None, screen: bool, factor: float
) -> ControlGroup:
    """The mean, limits and runs analysis of one rebase group."""
    period = values if fix is None else values[:fix]
    found = spc.limits(period, screen=screen, factor=factor)
    return ControlGroup(
        start=start,
        stop=start + len(values),
        mean=found.mean,
        mean_moving_range=found.mean_moving_range,
        lower=found.lower,
        upper=found.upper,
        short=len(values) < _SHORT,
        runs=_runs(values, found.mean, len(period), frozenset()),
    )


def _judge(
    values: list[float | None],
    group: ControlGroup,
    number: int,
    improvement: _Improvement,
    factor: float,
) -> list[ChartPoint]:
    """One `ChartPoint` per value of a group, with the rule each is part of."""
    found = iter(
        spc.special_causes(
            [v for v in values if v is not None],
            spc.Limits(group.mean, group.mean_moving_range, group.lower, group.upper),
            factor,
        )
    )
    points = []
    for value in values:
        rule, direction = (None, None) if value is None else next(found)
        points.append(
            ChartPoint(
                value=value,
                group=number,
                mean=group.mean,
                lower=group.lower,
                upper=group.upper,
                rule=rule,
                direction=direction,
                variation=_variation(direction, improvement),
            )
        )
    return points


def _variation(direction: _Direction | None, improvement: _Improvement) -> _Variation:
    """How a special cause in `direction` reads, given the better direction."""
    if direction is None:
        return "common_cause"
    if improvement == "neutral":
        return "neutral"
    good = "high" if improvement == "increase" else "low"
    return "improvement" if direction == good else "concern"
