"""Run charts (Anhøj rules) and XmR control charts (NHS "Making Data Count" rules).

`run_chart` reproduces the runs analysis of the R package qicharts2 0.8.1, and `xmr`
the limits and special-cause rules of NHSRplotthedots 0.2.2, figure for figure: means
and medians are rounded as R rounds them and the Anhøj limits are exact. Both take
numbers in time order; None or NaN marks a missing value.

References:
    Anhøj J, Olesen AV (2014). Run charts revisited: a simulation study of run chart
    rules for detection of non-random variation in health care processes.
    PLoS ONE 9(11): e113825.

    Anhøj J (2015). Diagnostic value of run chart analysis: using likelihood ratios to
    compare run chart rules on simulated data series. PLoS ONE 10(3): e0121349.

    NHS England and NHS Improvement (2019). Making Data Count.

    Wheeler DJ (2000). Understanding Variation: the key to managing chaos. SPC Press.
"""

from __future__ import annotations

import itertools
from functools import cached_property
from typing import TYPE_CHECKING

from attrs import field, frozen

from coproduction._display import render as render_html_display
from coproduction._fields import as_improvement
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

_SHORT = 12  # NHSRplotthedots warns about groups of fewer points, and fixes no fewer


@frozen(kw_only=True)
class RunPoint:
    """One value of a run chart and the part it plays in the runs analysis.

    Examples:
        >>> run_chart([3, 1, 4, 1, 5]).points[2]
        RunPoint(value=4.0, centre=3.0, baseline=True, included=True, side='above',
                 run=1)

    See Also:
        RunChart

    Added in 0.1.
    """

    value: float | None
    """The value; None when missing."""
    centre: float | None
    """The centre line (the same at every point of a chart)."""
    baseline: bool
    """Whether the point is in the baseline the centre comes from."""
    included: bool
    """False for a point left out with `exclude`."""
    side: spc.Side | None
    """Which side of the centre, "above" or "below"; None unless the point is useful."""
    run: int | None
    """The 0-based number of the point's run; None unless the point is useful."""

    @property
    def useful(self) -> bool:
        """Whether the point counts in the runs analysis (present, included, off centre)."""
        return self.side is not None


@frozen(kw_only=True)
class RunChart:
    """The Anhøj runs analysis of a series: centre, runs, crossings and signals.

    Examples:
        >>> run_chart([3, 1, 4, 1, 5])
        RunChart(centre=3.0, n_obs=5, n_useful=4, longest_run=1, longest_run_max=5,
                 crossings=3, crossings_min=0, shift=False, too_few_crossings=False,
                 signal=False)

    See Also:
        run_chart, RunPoint

    Added in 0.1.
    """

    points: tuple[RunPoint, ...] = field(repr=False)
    """One `RunPoint` per value, in order."""
    centre: float | None
    """The centre line; None when the baseline holds no value."""
    n_obs: int
    """How many points are included, missing ones too (qicharts2's `n.obs`)."""
    n_useful: int
    """How many included points are present and off the centre line."""
    longest_run: int | None
    """The longest run of useful points on one side; None with no useful point."""
    longest_run_max: int | None
    """`longest_run_max(n_useful)`: a longer run is a shift."""
    crossings: int | None
    """How often the useful points cross the centre (runs - 1)."""
    crossings_min: int | None
    """`crossings_min(n_useful)`: fewer crossings are a signal."""
    shift: bool
    """Whether `longest_run > longest_run_max`."""
    too_few_crossings: bool
    """Whether `crossings < crossings_min`."""
    signal: bool
    """Non-random variation: `shift or too_few_crossings`."""

    def _repr_html_(self) -> str | None:
        """How Jupyter shows it: the HTML that `coproduction.present.html` registered."""
        return render_html_display(self)


@frozen(kw_only=True)
class ChartPoint:
    """One value of an XmR chart, its group's limits and its special cause, if any.

    Examples:
        >>> xmr([1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]).points[4]
        ChartPoint(value=10.0, group=0, mean=1.944..., lower=-0.715...,
                   upper=4.604..., rule='outside', direction='high',
                   variation='improvement')

    See Also:
        ControlChart

    Added in 0.1.
    """

    value: float | None
    """The value; None when missing."""
    group: int
    """The 0-based number of the point's group (each rebase starts a new one)."""
    mean: float | None
    """The group's mean; None if its baseline holds no value."""
    lower: float | None
    """The lower process limit; None where it cannot be computed (see `xmr`)."""
    upper: float | None
    """The upper process limit; None where it cannot be computed (see `xmr`)."""
    rule: spc.Rule | None
    """The special-cause rule the point is part of, by precedence: "outside",
    "trend", "two_of_three" or "shift"; None for common cause."""
    direction: spc.Deviation | None
    """For a special cause, "high" (above, increasing) or "low" (below, decreasing)."""
    variation: spc.Variation
    """What it means: "common_cause", or "improvement", "concern" or "neutral"."""


@frozen(kw_only=True)
class ControlGroup:
    """The points from one rebase to the next, with their mean and limits.

    Examples:
        >>> cc = xmr(range(20), rebase=[8])
        >>> [(g.start, g.stop, g.mean, g.short) for g in cc.groups]
        [(0, 8, 3.5, True), (8, 20, 13.5, False)]

    See Also:
        ControlChart

    Added in 0.1.
    """

    start: int
    """The 0-based index of the group's first point."""
    stop: int
    """One past the index of its last point."""
    baseline: int
    """How many points, from `start`, the mean and limits come from (`fix_after`)."""
    mean: float | None
    """The mean of the baseline's values; None if it has none."""
    mean_moving_range: float | None
    """The mean moving range of the baseline, after screening; None if none is left."""
    lower: float | None
    """`mean - limit_factor * mean_moving_range`."""
    upper: float | None
    """`mean + limit_factor * mean_moving_range`."""
    short: bool
    """Fewer than 12 points: too few for dependable limits (NHSRplotthedots warns)."""


@frozen(kw_only=True)
class ControlChart:
    """An XmR (individuals) chart judged by the Making Data Count rules.

    Examples:
        >>> cc = xmr([5, 6, 4, 5, 6, 4, 5, 6, 4, 5, 7, 7, 6, 7, 8, 6, 7, 6, 7, 6])
        >>> cc.special_causes
        (10, 11, 12, 13, 14, 15, 16, 17, 18, 19)
        >>> {cc.points[i].rule for i in cc.special_causes}
        {'shift'}
        >>> cc.runs[0].longest_run, cc.runs[0].signal
        (10, True)

    See Also:
        xmr, ChartPoint, ControlGroup

    Added in 0.1.
    """

    points: tuple[ChartPoint, ...] = field(repr=False)
    """One `ChartPoint` per value, in order."""
    groups: tuple[ControlGroup, ...]
    """One `ControlGroup` per rebase group, in order."""
    improvement: spc.Improvement
    """The better direction: "increase", "decrease" or "neutral"."""
    special_causes: tuple[int, ...]
    """The 0-based indices of the points that are part of a special cause."""

    def _repr_html_(self) -> str | None:
        """How Jupyter shows it: the HTML that `coproduction.present.html` registered."""
        return render_html_display(self)

    @cached_property
    def runs(self) -> tuple[RunChart, ...]:
        """The Anhøj runs analysis of each group about its mean, as qicharts2 adds it.

        Computed on first use; each group's baseline is the runs chart's baseline.
        """
        values = [p.value for p in self.points]
        return tuple(
            _runs(values[g.start : g.stop], g.mean, g.baseline, frozenset())
            for g in self.groups
        )


def longest_run_max(n: int) -> int:
    """The longest run expected by chance among `n` useful points: round(log2(n)) + 3.

    Args:
        n: How many useful points (present, included, off the centre); at least 1.

    Returns:
        The Anhøj limit: a longer run is a shift.

    Raises:
        ValidationError: If `n` is not a whole number of at least 1.

    Examples:
        >>> [longest_run_max(n) for n in (1, 10, 24, 100)]
        [3, 6, 8, 10]

    Notes:
        Exact integer arithmetic. log2(n) is never half-way between two integers, so
        R's half-even `round` and ordinary rounding agree for every n.

    See Also:
        crossings_min, run_chart

    References:
        Anhøj J, Olesen AV (2014), PLoS ONE 9(11): e113825.

    Added in 0.1.
    """
    return spc.longest_run_max_of(spc.as_count(n, "n", 1, None))


def crossings_min(n: int) -> int:
    """The fewest crossings expected by chance among `n` useful points.

    R's `qbinom(0.05, n - 1, 0.5)`: the smallest k with P(X <= k) >= 0.05 for
    X ~ Binomial(n - 1, 1/2).

    Args:
        n: How many useful points (present, included, off the centre); at least 1.

    Returns:
        The Anhøj limit: fewer crossings are a signal.

    Raises:
        ValidationError: If `n` is not a whole number of at least 1.

    Examples:
        >>> [crossings_min(n) for n in (1, 10, 24, 100)]
        [0, 2, 8, 41]

    Notes:
        Exact integer arithmetic, with no floating-point fuzz, and fast for any
        length of chart (about 0.1 s for 10**5 points); results are cached.

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
    leaving out missing and excluded values. Points on the centre, missing values and
    excluded points take no part in the runs; the others form runs by their side.

    Args:
        values: The measurements in time order; None or NaN for a missing one.
        freeze: How many values, from the start, form the baseline; None for all.
        exclude: 0-based indices of points to leave out of the centre and the runs.

    Returns:
        The analysis, with one `RunPoint` per value in `points`.

    Raises:
        ValidationError: If a value is neither a finite number nor missing, if
            `freeze` is not from 1 to the number of values, or if `exclude` holds
            something that is not a 0-based index of the values.

    Examples:
        Monthly C. difficile infections (qicharts2's `cdi` data), with the median of
        the first 24 months as the centre:

        >>> cdi = [17, 12, 27, 20, 20, 18, 22, 19, 19, 24, 17, 16, 24, 19, 19, 22, 25,
        ...        19, 17, 6, 25, 17, 11, 14, 9, 11, 7, 13, 5, 5, 3, 5, 9, 4, 5, 9]
        >>> rc = run_chart(cdi, freeze=24)
        >>> rc.centre, rc.n_useful, rc.longest_run, rc.longest_run_max
        (19.0, 31, 15, 8)
        >>> rc.crossings, rc.crossings_min, rc.shift, rc.too_few_crossings
        (8, 11, True, True)

    Notes:
        With no useful point, `longest_run`, `longest_run_max`, `crossings` and
        `crossings_min` are None and nothing signals, where qicharts2 reports NA and
        no signal. With one, they are 1, 3, 0 and 0, as in qicharts2.

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
        raise ValidationError(msg, path="$.freeze", code="wrong_type")
    size = n if freeze is None else spc.as_count(freeze, "freeze", 1, n)
    excluded = spc.as_indices(exclude, "exclude", n)
    base = [
        v for i, v in enumerate(clean[:size]) if v is not None and i not in excluded
    ]
    return _runs(clean, spc.median(base) if base else None, size, excluded)


def xmr(
    values: Iterable[float | None],
    *,
    improvement: spc.Improvement = "increase",
    fix_after: int | None = None,
    rebase: Iterable[int] = (),
    screen_outliers: bool = True,
    limit_factor: float = 2.66,
) -> ControlChart:
    """Draw an XmR chart and find its special causes, as NHSRplotthedots does.

    Each group (a new one starts at each index in `rebase`) takes its mean and its
    mean moving range from its first `fix_after` points, else all; with
    `screen_outliers`, moving ranges at or above 3.267 times their mean are dropped
    and the mean recomputed. The limits are mean ± `limit_factor` * mean moving range.
    Within its group, each point takes the first of these rules it is part of:

    1. "outside": above the upper or below the lower limit;
    2. "trend": 7 points in a row, each higher (or each lower) than the one before;
       a tie breaks it;
    3. "two_of_three": 2 of 3 points in a row beyond the same 2-sigma line (at
       2/3 of the way to the limit) and all 3 on that side of the mean; only those
       beyond the line are marked, and a point outside the limits does not count;
    4. "shift": 7 or more points in a row on one side of the mean; a point on the
       mean breaks it.

    Every point of a run that qualifies is marked. A special cause in the better
    direction is an "improvement", in the other a "concern"; "neutral" if neither.

    Args:
        values: The measurements in time order; None or NaN for a missing one.
        improvement: The better direction: "increase", "decrease" or "neutral".
        fix_after: How many points, from the start of each group, give its mean and
            limits; None for all. At least 12, as NHSRplotthedots requires.
        rebase: 0-based indices of the points where a new group starts.
        screen_outliers: Whether to drop moving ranges at or above 3.267 times their
            mean before computing the limits.
        limit_factor: Mean moving ranges from the mean to each limit: 2.66 (Wheeler;
            Making Data Count). qicharts2's I chart uses 3 / 1.128.

    Returns:
        The chart, with one `ChartPoint` per value and one `ControlGroup` per group.

    Raises:
        ValidationError: If a value is neither a finite number nor missing, or an
            argument is not one of those allowed.

    Examples:
        >>> cc = xmr([5, 6, 4, 5, 6, 4, 5, 6, 4, 5, 6, 4, 5, 6, 4, 5, 12, 5, 6, 4])
        >>> cc.special_causes
        (16,)
        >>> p = cc.points[16]
        >>> p.rule, p.direction, p.variation, p.mean, round(p.upper, 4)
        ('outside', 'high', 'improvement', 5.35, 8.9488)
        >>> xmr([1, 2, 3, 4, 5, 6, 7, 5], improvement="decrease").points[3].variation
        'concern'

    Notes:
        Missing values are skipped by the rules (a run continues across a gap) but
        count towards `fix_after` and `short` as rows do in NHSRplotthedots, and no
        moving range is taken across a gap, as in both R packages; a missing point is
        "common_cause". Where no moving range is left, as with constant values when
        screening (no range is below 3.267 * 0), the limits are None where the R
        packages give NA; the trend and shift rules still apply.

        A trend point takes its direction from the step to the next point if that is
        in a trend too, else from the step before it. So the last point of a rising
        trend followed, after a tie, by a falling one is "low", as NHSRplotthedots
        marks it.

    See Also:
        run_chart

    References:
        NHS England and NHS Improvement (2019), Making Data Count.
        Wheeler DJ (2000), Understanding Variation.

    Added in 0.1.
    """
    clean = spc.clean_values(values)
    n = len(clean)
    better = as_improvement(improvement, "$.improvement")
    fix = (
        None
        if fix_after is None
        else spc.as_count(fix_after, "fix_after", _SHORT, None)
    )
    starts = sorted(spc.as_indices(rebase, "rebase", n) | ({0} if n else set()))
    factor = spc.as_factor(limit_factor)
    groups: list[ControlGroup] = []
    points: list[ChartPoint] = []
    for number, (start, stop) in enumerate(itertools.pairwise([*starts, n])):
        part = clean[start:stop]
        period = part if fix is None else part[:fix]
        found = spc.limits(period, screen=screen_outliers, factor=factor)
        groups.append(
            ControlGroup(
                start=start,
                stop=stop,
                baseline=len(period),
                short=len(part) < _SHORT,
                **found._asdict(),
            )
        )
        points.extend(_judge(part, found, number, better, factor))
    return ControlChart(
        points=tuple(points),
        groups=tuple(groups),
        improvement=better,
        special_causes=tuple(i for i, p in enumerate(points) if p.rule is not None),
    )


def _runs(
    values: Sequence[float | None],
    centre: float | None,
    size: int,
    excluded: frozenset[int],
) -> RunChart:
    """The runs analysis of `values` about `centre`; the first `size` are baseline."""
    sides, runs, lengths = spc.runs_of(values, centre, excluded)
    points = (
        RunPoint(
            value=v,
            centre=centre,
            baseline=i < size,
            included=i not in excluded,
            side=side,
            run=run,
        )
        for i, (v, side, run) in enumerate(zip(values, sides, runs, strict=True))
    )
    return RunChart(
        points=tuple(points),
        centre=centre,
        n_obs=len(values) - len(excluded),
        n_useful=sum(lengths),
        **spc.run_summary(lengths),
    )


def _judge(
    values: list[float | None],
    limits: spc.Limits,
    number: int,
    improvement: spc.Improvement,
    factor: float,
) -> list[ChartPoint]:
    """One `ChartPoint` per value of a group, with the rule each is part of."""
    found = iter(
        spc.special_causes([v for v in values if v is not None], limits, factor)
    )
    verdicts = [(None, None) if v is None else next(found) for v in values]
    reads = {d: spc.variation(d, improvement) for d in (None, "high", "low")}
    return [
        ChartPoint(
            value=value,
            group=number,
            mean=limits.mean,
            lower=limits.lower,
            upper=limits.upper,
            rule=rule,
            direction=direction,
            variation=reads[direction],
        )
        for value, (rule, direction) in zip(values, verdicts, strict=True)
    ]
