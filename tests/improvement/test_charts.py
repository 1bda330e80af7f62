"""Tests for `coproduction.improvement.charts`: the R packages' own figures, then rules.

Every vector in `tests/reference/spc_cases.json` is replayed: qicharts2 0.8.1 cases
through `run_chart` (run charts) or `xmr(..., limit_factor=3 / 1.128)` (I charts), and
NHSRplotthedots 0.2.2 cases through `xmr`. Indices there are 1-based; ours are 0-based.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coproduction.errors import ValidationError
from coproduction.improvement import charts
from coproduction.improvement.charts import (
    ChartPoint,
    ControlChart,
    RunChart,
    crossings_min,
    longest_run_max,
    run_chart,
    xmr,
)

REFERENCE = Path(__file__).resolve().parents[1] / "reference" / "spc_cases.json"
DATA = json.loads(REFERENCE.read_text(encoding="utf-8"))
QIC = [case for case in DATA["vectors"] if case["library"] == "qicharts2"]
PTD = [case for case in DATA["vectors"] if case["library"] == "NHSRplotthedots"]
QIC_FACTOR = 3 / 1.128  # qicharts2's I chart: limits at 3 sigma, sigma = mean MR / d2
REL = 1e-9  # the reference prints 10 significant digits

# The case's description says "rebased at point 11"; its call gives a date instead.
REBASE = {"ptd_test_rnorm20_rebase": (10,)}

SPECIAL_CAUSE_TYPES = {
    "Common Cause": (None, None),
    "Above UCL": ("outside", "high"),
    "Below LCL": ("outside", "low"),
    "7 Point Trend (Increasing)": ("trend", "high"),
    "7 Point Trend (Decreasing)": ("trend", "low"),
    "2 in 3 Above CL": ("two_of_three", "high"),
    "2 in 3 Below CL": ("two_of_three", "low"),
    "7 Points Above CL": ("shift", "high"),
    "7 Points Below CL": ("shift", "low"),
}
POINT_TYPES = {
    "common_cause": ("common_cause", None),
    "special_cause_improvement": ("improvement", None),
    "special_cause_concern": ("concern", None),
    "special_cause_neutral_high": ("neutral", "high"),
    "special_cause_neutral_low": ("neutral", "low"),
}


def _ids(case):
    return case["id"]


def _one_based(indices):
    """R's jsonlite writes a one-element vector as a bare number."""
    return [indices] if isinstance(indices, int) else list(indices)


def _series(case):
    data = case["data"]
    if "r" in data:  # qic(i, r, n = n): y = r / n
        return [r / n for r, n in zip(data["r"], data["n"], strict=True)]
    return data["y"] if "y" in data else data["n"]


def _is_i_chart(case):
    return re.search(r"chart\s*=\s*'i'", case["call"]) is not None


def _qic_freeze(case):
    found = re.search(r"freeze\s*=\s*(\d+)", case["call"])
    return int(found.group(1)) if found else None


def _ptd_kwargs(case):
    """Translate the arguments of a `ptd_spc` call, refusing any this file does not know."""
    call = case["call"]
    known = (
        r"(df|y|x|d|date|fix_after_n_points = \d+|rebase = .*|screen_outliers = FALSE)"
    )
    args = [
        a.strip() for a in call.removeprefix("ptd_spc(").removesuffix(")").split(",")
    ]
    assert all(re.fullmatch(known, a) for a in args), call
    kwargs = {}
    if found := re.search(r"fix_after_n_points = (\d+)", call):
        kwargs["fix_after"] = int(found.group(1))
    if "screen_outliers = FALSE" in call:
        kwargs["screen_outliers"] = False
    assert ("rebase" in call) == (case["id"] in REBASE)
    if case["id"] in REBASE:
        kwargs["rebase"] = REBASE[case["id"]]
    return kwargs


def _check_runs(rc: RunChart, part: dict) -> None:
    """Every runs figure of one qicharts2 chart part."""
    assert rc.n_obs == part["n_obs"]
    assert rc.n_useful == part["n_useful"]
    assert rc.longest_run == part["longest_run"]
    assert rc.longest_run_max == part["longest_run_max"]
    assert rc.crossings == part["n_crossings"]
    assert rc.crossings_min == part["n_crossings_min"]
    assert rc.shift == (part["longest_run"] > part["longest_run_max"])
    assert rc.too_few_crossings == (part["n_crossings"] < part["n_crossings_min"])
    assert rc.signal == part["runs_signal"]


class TestReferenceCases:
    """The figures qicharts2 and NHSRplotthedots give for the reference vectors."""

    def test_every_vector_is_replayed(self):
        """Each reference vector belongs to one of the two replayed packages."""
        assert len(QIC) + len(PTD) == len(DATA["vectors"])
        assert {c["library_version"].split()[1] for c in DATA["vectors"]} == {
            "0.8.1",
            "0.2.2",
        }

    @pytest.mark.parametrize("case", [c for c in QIC if not _is_i_chart(c)], ids=_ids)
    def test_qicharts2_run_chart(self, case):
        """A qicharts2 run chart: centre, per-point flags and the whole runs analysis."""
        expected = case["expected"]
        (part,) = expected["parts"]
        assert set(expected["part"]) == {1}
        rc = run_chart(_series(case), freeze=_qic_freeze(case))
        assert rc.centre == pytest.approx(part["CL"], rel=REL)
        _check_runs(rc, part)
        assert len(rc.points) == len(expected["cl"])
        for point, cl, base, include in zip(
            rc.points,
            expected["cl"],
            expected["baseline"],
            expected["include"],
            strict=True,
        ):
            assert point.centre == pytest.approx(cl, rel=REL)
            assert (point.baseline, point.included) == (base, include)
        assert expected["lcl"] == expected["ucl"] == [None] * len(rc.points)
        assert _one_based(expected["sigma_signal"]) == []
        assert part["n_sigma_signal"] == 0

    @pytest.mark.parametrize("case", [c for c in QIC if _is_i_chart(c)], ids=_ids)
    def test_qicharts2_i_chart(self, case):
        """A qicharts2 I chart: centre, limits, 3-sigma signals and runs about the mean."""
        expected = case["expected"]
        (part,) = expected["parts"]
        assert set(expected["part"]) == {1}
        cc = xmr(_series(case), limit_factor=QIC_FACTOR)
        (group,) = cc.groups
        assert group.mean == pytest.approx(part["CL"], rel=REL)
        assert group.lower == pytest.approx(part["aLCL"], rel=REL)
        assert group.upper == pytest.approx(part["aUCL"], rel=REL)
        for point, cl, lcl, ucl in zip(
            cc.points, expected["cl"], expected["lcl"], expected["ucl"], strict=True
        ):
            assert point.mean == pytest.approx(cl, rel=REL)
            assert point.lower == pytest.approx(lcl, rel=REL)
            assert point.upper == pytest.approx(ucl, rel=REL)
        outside = [i + 1 for i, p in enumerate(cc.points) if p.rule == "outside"]
        assert outside == _one_based(expected["sigma_signal"])
        assert len(outside) == part["n_sigma_signal"]
        (rc,) = cc.runs
        assert rc.centre == group.mean
        _check_runs(rc, part)
        assert [p.baseline for p in rc.points] == expected["baseline"]
        assert [p.included for p in rc.points] == expected["include"]

    @pytest.mark.parametrize("case", PTD, ids=_ids)
    def test_nhsrplotthedots(self, case):
        """An NHSRplotthedots chart: limits, groups, each point's type, special causes."""
        expected = case["expected"]
        cc = xmr(_series(case), **_ptd_kwargs(case))
        assert len(cc.points) == len(expected["mean"])
        for i, point in enumerate(cc.points):
            assert point.mean == pytest.approx(expected["mean"][i], rel=REL)
            assert point.lower == pytest.approx(expected["lpl"][i], rel=REL)
            assert point.upper == pytest.approx(expected["upl"][i], rel=REL)
            assert point.group == expected["rebase_group"][i]
            kind = SPECIAL_CAUSE_TYPES[expected["special_cause_type"][i]]
            assert (point.rule, point.direction) == kind
            variation, side = POINT_TYPES[expected["point_type"][i]]
            assert point.variation == variation
            assert side in {None, point.direction}
        special = [i - 1 for i in _one_based(expected["special_cause_points"])]
        assert list(cc.special_causes) == special
        assert any(g.short for g in cc.groups) == expected["short_group_warning"]

    @pytest.mark.parametrize("case", [c for c in QIC if _is_i_chart(c)], ids=_ids)
    def test_making_data_count_factor_differs_from_qicharts2(self, case):
        """With the default 2.66, limits are 2.66 * 1.128 / 3 of qicharts2's width."""
        (part,) = case["expected"]["parts"]
        (group,) = xmr(_series(case)).groups
        assert group.mean == pytest.approx(part["CL"], rel=REL)
        width = (group.upper - group.mean) / (part["aUCL"] - part["CL"])
        assert width == pytest.approx(2.66 * 1.128 / 3, rel=1e-8)


class TestCriticalValues:
    """`longest_run_max` and `crossings_min`, the Anhøj limits."""

    table = DATA["anhoej_critical_values"]

    def test_longest_run_max_matches_table(self):
        """The limits for 1 to 100 useful points equal the published table."""
        got = [longest_run_max(n) for n in self.table["n_useful"]]
        assert got == self.table["longest_run_max"]

    def test_crossings_min_matches_table(self):
        """The limits for 1 to 100 useful points equal the published table."""
        got = [crossings_min(n) for n in self.table["n_useful"]]
        assert got == self.table["n_crossings_min"]

    def test_longest_run_max_is_rounded_log2(self):
        """It is round(log2(n)) + 3 with half-even rounding, as in R, up to 20,000."""
        assert all(
            longest_run_max(n) == round(math.log2(n)) + 3 for n in range(1, 20_001)
        )

    @given(st.integers(1, 300))
    def test_crossings_min_is_exact_binomial_quantile(self, n):
        """It is the smallest k with P(X <= k) >= 1/20 for X ~ Binomial(n - 1, 1/2)."""
        m = n - 1
        cdf = itertools.accumulate(Fraction(math.comb(m, i), 2**m) for i in range(n))
        expected = next(k for k, p in enumerate(cdf) if p >= Fraction(1, 20))
        assert crossings_min(n) == expected

    @pytest.mark.parametrize("n", [4097, 4500, 5001, 6000])
    def test_crossings_min_for_long_charts(self, n):
        """Long charts, where binomial coefficients come from prime powers, agree."""
        m, total, k, term = n - 1, 0, 0, 1
        while 20 * (total := total + term) < 2**m:
            term, k = term * (m - k) // (k + 1), k + 1  # comb(m, k + 1)
        assert crossings_min(n) == k

    def test_crossings_min_for_a_very_long_chart(self):
        """A chart of 100,000 useful points gets its limit (speed: benchmarks/bench_charts.py)."""
        assert crossings_min(100_000) == 49739

    @pytest.mark.parametrize("bad", [0, -3, 2.5, True, "7", None])
    def test_refuses_bad_counts(self, bad):
        """A count that is not a whole number of at least 1 is refused."""
        for function in (longest_run_max, crossings_min):
            with pytest.raises(ValidationError) as caught:
                function(bad)
            assert str(caught.value) == (
                f"$.n: n must be a whole number of at least 1, got {bad!r}"
            )


class TestRunChart:
    """`run_chart`: the Anhøj rules as qicharts2 applies them."""

    def test_points_on_centre_and_missing_values_are_not_useful(self):
        """Values on the median, None and NaN take no part in the runs."""
        rc = run_chart([1, 2, None, 3, 2, math.nan, 4, 0])
        assert rc.centre == 2
        assert [p.side for p in rc.points] == [
            "below",
            None,
            None,
            "above",
            None,
            None,
            "above",
            "below",
        ]
        assert [p.run for p in rc.points] == [0, None, None, 1, None, None, 1, 2]
        assert [p.useful for p in rc.points] == [p.side is not None for p in rc.points]
        assert (rc.n_obs, rc.n_useful, rc.longest_run, rc.crossings) == (8, 4, 2, 2)
        assert rc.points[2].value is None
        assert rc.points[5].value is None

    def test_median_of_even_count_is_mean_of_middle_two(self):
        """With an even count the centre is the mean of the middle two, rounded as R."""
        assert run_chart([0.1, 0.3]).centre == 0.2
        assert run_chart([4, 1, 3, 2]).centre == 2.5

    def test_no_useful_point(self):
        """With nothing useful the counts are None and nothing signals (qicharts2: NA)."""
        for values in ([], [None, math.nan], [5, 5, 5]):
            rc = run_chart(values)
            assert rc.n_useful == 0
            assert rc.longest_run is rc.longest_run_max is None
            assert rc.crossings is rc.crossings_min is None
            assert (rc.shift, rc.too_few_crossings, rc.signal) == (False, False, False)
        assert run_chart([]).centre is None
        assert run_chart([5, 5, 5]).centre == 5

    def test_one_useful_point(self):
        """With one useful point the counts are 1, 3, 0 and 0, and nothing signals."""
        rc = run_chart([1, 2, 2])
        assert (rc.n_useful, rc.longest_run, rc.longest_run_max) == (1, 1, 3)
        assert (rc.crossings, rc.crossings_min, rc.signal) == (0, 0, False)

    def test_freeze_takes_the_centre_from_the_baseline(self):
        """Only the first `freeze` values give the median; all are analysed."""
        rc = run_chart([1, 2, 3, 10, 11, 12], freeze=3)
        assert rc.centre == 2
        assert [p.baseline for p in rc.points] == [True] * 3 + [False] * 3
        assert rc.n_useful == 5

    def test_excluded_points_leave_centre_and_runs(self):
        """An excluded point is neither in the median nor in the runs."""
        rc = run_chart([1, 100, 2, 3, 4], exclude=[1])
        assert rc.centre == 2.5
        assert rc.points[1].included is False
        assert rc.points[1].side is None
        assert (rc.n_obs, rc.n_useful, rc.crossings) == (4, 4, 1)

    def test_signals(self):
        """A long run is a shift; a chart that crosses rarely has too few crossings."""
        rc = run_chart(range(1, 51))
        assert (rc.shift, rc.too_few_crossings, rc.signal) == (True, True, True)
        rc = run_chart([1, 3] * 12)
        assert (rc.shift, rc.too_few_crossings, rc.signal) == (False, False, False)

    def test_is_frozen(self):
        """The result cannot be changed in place."""
        rc = run_chart([1, 2, 3])
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            rc.centre = 3

    def test_accepts_other_real_numbers(self):
        """Fractions, Decimals and ints are read as floats."""
        rc = run_chart([Fraction(1, 2), Decimal("1.5"), 3])
        assert [p.value for p in rc.points] == [0.5, 1.5, 3.0]

    @pytest.mark.parametrize(
        ("values", "message"),
        [
            (
                [1, math.inf],
                (
                    "$.values[1]: inf at index 1 is not a finite number; "
                    "use None or NaN to mark a missing value"
                ),
            ),
            (
                [1, 2, -math.inf],
                (
                    "$.values[2]: -inf at index 2 is not a finite number; "
                    "use None or NaN to mark a missing value"
                ),
            ),
            (
                [1, "2"],
                (
                    "$.values[1]: '2' at index 1 is not a number; "
                    "use None or NaN to mark a missing value"
                ),
            ),
            (
                [True],
                (
                    "$.values[0]: True at index 0 is not a number; "
                    "use None or NaN to mark a missing value"
                ),
            ),
            (
                [10**400],
                (
                    f"$.values[0]: {10**400!r} at index 0 is not a finite number; "
                    "use None or NaN to mark a missing value"
                ),
            ),
        ],
    )
    def test_refuses_values_that_are_not_finite_numbers(self, values, message):
        """Infinities and non-numbers are refused, naming the index and the value."""
        for function in (run_chart, xmr):
            with pytest.raises(ValidationError) as caught:
                function(values)
            assert str(caught.value) == message

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            (
                {"freeze": 0},
                "$.freeze: freeze must be a whole number from 1 to 3, got 0",
            ),
            (
                {"freeze": 4},
                "$.freeze: freeze must be a whole number from 1 to 3, got 4",
            ),
            (
                {"freeze": 2.0},
                "$.freeze: freeze must be a whole number from 1 to 3, got 2.0",
            ),
            (
                {"exclude": [0, -1]},
                (
                    "$.exclude[1]: -1 is not a 0-based index of the values; "
                    "exclude takes 0 to 2"
                ),
            ),
            (
                {"exclude": [3]},
                (
                    "$.exclude[0]: 3 is not a 0-based index of the values; "
                    "exclude takes 0 to 2"
                ),
            ),
            (
                {"exclude": 1},
                "$.exclude: exclude must be a collection of 0-based indices, got 1",
            ),
        ],
    )
    def test_refuses_bad_arguments(self, kwargs, message):
        """Out-of-range `freeze` and bad `exclude` indices are refused exactly."""
        with pytest.raises(ValidationError) as caught:
            run_chart([1, 2, 3], **kwargs)
        assert str(caught.value) == message
        assert caught.value.path == message.split(":")[0]

    def test_refuses_freeze_without_values(self):
        """An empty series has no baseline to freeze."""
        with pytest.raises(
            ValidationError,
            match=re.escape(
                "$.freeze: freeze must be None when there are no values, got 1"
            ),
        ):
            run_chart([], freeze=1)

    @given(
        st.lists(st.one_of(st.none(), st.integers(-50, 50)), max_size=60),
        st.integers(-1000, 1000),
    )
    def test_invariant_under_increasing_transforms(self, values, shift):
        """Adding a constant or applying x**3 + 5x changes no side, run or signal."""

        def summary(rc):
            return (
                [(p.side, p.run) for p in rc.points],
                rc.n_useful,
                rc.longest_run,
                rc.crossings,
                rc.signal,
            )

        base = summary(run_chart(values))
        moved = [None if v is None else v + shift for v in values]
        bent = [None if v is None else v**3 + 5 * v for v in values]
        assert summary(run_chart(moved)) == base
        assert summary(run_chart(bent)) == base

    @given(
        st.lists(st.integers(0, 9), max_size=40),
        st.lists(st.integers(0, 45), max_size=5),
    )
    def test_missing_values_change_nothing_else(self, values, gaps):
        """Inserting missing values leaves the centre and the runs analysis alone."""
        gapped: list[float | None] = list(map(float, values))
        for at in gaps:
            gapped.insert(min(at, len(gapped)), None)
        a, b = run_chart(values), run_chart(gapped)
        assert a.centre == b.centre
        assert attrs.evolve(a, points=()) == attrs.evolve(b, points=(), n_obs=a.n_obs)
        assert b.n_obs == len(gapped)


def _close_to_mean(point: ChartPoint) -> bool:
    assert point.mean is not None
    assert point.upper is not None
    return abs(point.value - point.mean) > (point.upper - point.mean) * 2 / 3


class TestXmR:
    """`xmr`: limits and special causes as NHSRplotthedots finds them."""

    def test_trend_needs_six_strict_steps(self):
        """Seven points, each higher than the last, are a trend; a tie breaks it."""
        base = [4, 3, 5, 4, 3, 5]
        cc = xmr([*base, 1, 2, 3, 4, 5, 6, 7, *base])
        assert [p.rule for p in cc.points] == [None] * 6 + ["trend"] * 7 + [None] * 6
        assert {cc.points[i].direction for i in cc.special_causes} == {"high"}
        tied = xmr([*base, 1, 2, 3, 4, 4, 6, 7, *base])
        assert tied.special_causes == ()

    def test_shift_is_broken_by_a_point_on_the_mean(self):
        """Seven points on one side are a shift; a point on the mean breaks a run."""
        values = [2] * 7 + [0] + [2] * 5 + [-2] * 6 + [0] + [-2] * 6
        cc = xmr(values, screen_outliers=False, limit_factor=100)
        assert cc.groups[0].mean == 0
        assert [p.rule for p in cc.points] == ["shift"] * 7 + [None] * 19
        assert {cc.points[i].direction for i in cc.special_causes} == {"high"}

    def test_two_of_three_marks_only_the_points_beyond_the_line(self):
        """Two of three beyond a 2-sigma line, all three on its side, mark the two."""
        base = [0.5, -0.5] * 6
        cc = xmr([*base, 2.5, 0.5, 2.5, *base, -2.5, -0.5, -2.5, *base])
        assert cc.groups[0].mean == 0
        assert cc.special_causes == (12, 14, 27, 29)
        assert {cc.points[i].rule for i in cc.special_causes} == {"two_of_three"}
        assert [cc.points[i].direction for i in (12, 27)] == ["high", "low"]
        assert all(_close_to_mean(cc.points[i]) for i in cc.special_causes)
        assert cc.points[12].value < cc.points[12].upper

    def test_two_of_three_needs_all_three_on_one_side(self):
        """A point across the mean between the two points beyond the line breaks it."""
        base = [0.5, -0.5] * 6
        cc = xmr([*base, 2.5, -0.5, 2.5, *base, -2.5, 0.5, -2.5, *base])
        assert all(_close_to_mean(cc.points[i]) for i in (12, 14, 27, 29))
        assert cc.special_causes == ()

    def test_points_outside_the_limits_take_precedence(self):
        """A point beyond a limit is "outside", even at the end of a trend."""
        cc = xmr([1, -1] * 6 + [-3, -2, -1, 0, 1, 2, 9] + [1, -1] * 6)
        assert [p.rule for p in cc.points[12:19]] == ["trend"] * 6 + ["outside"]
        assert cc.special_causes == tuple(range(12, 19))

    def test_variation_follows_the_better_direction(self):
        """A high special cause is an improvement if increase is better, else not."""
        values = [5, 6, 4, 5, 6, 4, 5, 6, 4, 5, 6, 4, 5, 6, 4, 5, 12, 5, 6, 4]
        assert xmr(values).points[16].variation == "improvement"
        assert xmr(values, improvement="decrease").points[16].variation == "concern"
        assert xmr(values, improvement="neutral").points[16].variation == "neutral"
        assert xmr(values).points[0].variation == "common_cause"

    def test_trend_direction_quirk_of_nhsrplotthedots(self):
        """The last point of a rising trend before a tie and a fall is marked low."""
        values = [1, 2, 3, 4, 5, 6, 7, 7, 6, 5, 4, 3, 2, 1]
        cc = xmr(values, limit_factor=100)
        assert all(p.rule == "trend" for p in cc.points)
        assert [p.direction for p in cc.points] == ["high"] * 6 + ["low"] * 8

    def test_missing_values_are_skipped_and_break_moving_ranges(self):
        """A gap is common cause, runs continue across it, no range spans it."""
        values = [0, 10, None, 10, 0] + [3] * 3 + [None] + [3] * 4
        cc = xmr(values, screen_outliers=False, limit_factor=100)
        (group,) = cc.groups
        assert group.mean == 41 / 11
        assert group.mean_moving_range == 23 / 8  # |10-0|, |0-10|, |3-0| and five 0s
        assert cc.points[8].value is None
        assert (cc.points[8].rule, cc.points[8].variation) == (None, "common_cause")
        assert cc.special_causes == (4, 5, 6, 7, 9, 10, 11, 12)  # 8 below, across a gap
        assert {cc.points[i].rule for i in cc.special_causes} == {"shift"}

    def test_constant_values_have_no_limits_when_screened(self):
        """Screening drops every range of 0 (none is below 3.267 * 0), as in R."""
        screened = xmr([4] * 15)
        assert (screened.groups[0].lower, screened.groups[0].upper) == (None, None)
        assert screened.groups[0].mean == 4
        assert screened.special_causes == ()
        kept = xmr([4] * 15, screen_outliers=False)
        assert (kept.groups[0].lower, kept.groups[0].upper) == (4, 4)

    def test_screening_drops_ranges_at_or_above_the_cut(self):
        """Moving ranges from 3.267 times their mean upwards are left out."""
        values = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]
        screened, kept = (
            xmr(values).groups[0],
            xmr(values, screen_outliers=False).groups[0],
        )
        assert screened.mean_moving_range == 1
        assert kept.mean_moving_range == pytest.approx(32 / 17)

    def test_fix_after_and_rebase(self):
        """Each group takes its limits from its own first `fix_after` points."""
        values = [float(i % 3) for i in range(30)] + [10.0] * 3
        cc = xmr(values, fix_after=12, rebase=[15])
        first, second = cc.groups
        assert (first.start, first.stop, first.baseline) == (0, 15, 12)
        assert (second.start, second.stop, second.baseline) == (15, 33, 12)
        assert first.mean == 1
        assert second.mean == 1
        assert {p.group for p in cc.points} == {0, 1}
        assert cc.points[-1].rule == "outside"
        assert first.short is False
        assert [len(r.points) for r in cc.runs] == [15, 18]

    def test_rules_do_not_cross_groups(self):
        """Seven points above the mean split by a rebase are two runs, too short."""
        values = [1, -1] * 5 + [2] * 7 + [-1, 1] * 5
        whole = xmr(values, limit_factor=100)
        assert whole.special_causes == tuple(range(10, 17))
        split = xmr(values, rebase=[14], limit_factor=100)
        assert [p.group for p in split.points] == [0] * 14 + [1] * 13
        assert split.special_causes == ()

    def test_mean_is_rounded_as_r_rounds_it(self):
        """The mean is the exact mean correctly rounded: R's mean(c(.1, .2, .3)) is .2."""
        assert xmr([0.1, 0.2, 0.3]).groups[0].mean == 0.2
        assert sum([0.1, 0.2, 0.3]) / 3 != 0.2

    @given(st.lists(st.floats(-1e300, 1e300), min_size=1, max_size=40))
    def test_mean_is_the_correctly_rounded_exact_mean(self, values):
        """Means and mean moving ranges are exact means, rounded once."""
        (group,) = xmr(values, screen_outliers=False).groups
        assert group.mean == float(sum(map(Fraction, values)) / len(values))
        ranges = [abs(b - a) for a, b in itertools.pairwise(values)]
        if ranges:
            exact = float(sum(map(Fraction, ranges)) / len(ranges))
            assert group.mean_moving_range == exact

    def test_huge_values(self):
        """Sums beyond the float range stay exact; an infinite moving range is dropped."""
        values = [1.7e308] * 3 + [1.6e308]
        exact = float(sum(map(Fraction, values)) / 4)
        assert xmr(values).groups[0].mean == exact
        apart = xmr([1e308, -1e308, 1e308])
        assert apart.groups[0].mean == float(Fraction(1e308) / 3)
        assert (apart.groups[0].lower, apart.groups[0].upper) == (None, None)

    def test_empty_chart(self):
        """No values make a chart with no points and no groups."""
        cc = xmr([])
        assert (cc.points, cc.groups, cc.special_causes, cc.runs) == ((), (), (), ())

    def test_result_is_frozen_and_summarised(self):
        """The chart is frozen; its repr leaves out the points."""
        cc = xmr([1, 2, 3])
        assert isinstance(cc, ControlChart)
        assert "points" not in repr(cc)
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            cc.improvement = "decrease"

    def test_runs_are_about_the_mean(self):
        """The runs analysis of each group uses its mean as the centre."""
        cc = xmr([1, 2, 3, 10])
        (rc,) = cc.runs
        assert rc.centre == 4
        assert cc.runs is cc.runs

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            (
                {"improvement": "up"},
                (
                    "$.improvement: 'up' is not an improvement direction; "
                    "choose 'increase', 'decrease' or 'neutral'"
                ),
            ),
            (
                {"improvement": None},
                (
                    "$.improvement: None is not an improvement direction; "
                    "choose 'increase', 'decrease' or 'neutral'"
                ),
            ),
            (
                {"fix_after": 11},
                "$.fix_after: fix_after must be a whole number of at least 12, got 11",
            ),
            (
                {"rebase": [-1]},
                (
                    "$.rebase[0]: -1 is not a 0-based index of the values; "
                    "rebase takes 0 to 2"
                ),
            ),
            (
                {"rebase": [1, 3]},
                (
                    "$.rebase[1]: 3 is not a 0-based index of the values; "
                    "rebase takes 0 to 2"
                ),
            ),
            (
                {"limit_factor": 0},
                "$.limit_factor: limit_factor must be a positive finite number, got 0",
            ),
            (
                {"limit_factor": math.inf},
                "$.limit_factor: limit_factor must be a positive finite number, got inf",
            ),
        ],
    )
    def test_refuses_bad_arguments(self, kwargs, message):
        """Bad arguments are refused with exact messages naming them."""
        with pytest.raises(ValidationError) as caught:
            xmr([1, 2, 3], **kwargs)
        assert str(caught.value) == message

    def test_refuses_rebase_without_values(self):
        """An empty series has nowhere to rebase."""
        with pytest.raises(
            ValidationError,
            match=re.escape(
                "$.rebase[0]: 0 is not a 0-based index of the values; there are no values"
            ),
        ):
            xmr([], rebase=[0])

    @given(st.lists(st.one_of(st.none(), st.floats(-1e6, 1e6)), max_size=60))
    def test_limits_are_symmetric_about_the_mean(self, values):
        """Each limit is the same distance from the mean, to rounding."""
        for group in xmr(values, screen_outliers=False).groups:
            if group.upper is None:
                continue
            assert group.mean is not None
            assert group.lower is not None
            ulp = math.ulp(max(abs(group.upper), abs(group.lower), abs(group.mean)))
            assert math.isclose(
                group.upper - group.mean, group.mean - group.lower, abs_tol=4 * ulp
            )

    @given(st.lists(st.integers(-100, 100), unique=True, max_size=50))
    def test_negating_the_data_swaps_improvement_and_concern(self, values):
        """Mirrored data mirror every special cause; flipping `improvement` too undoes it."""
        original = xmr(values)
        mirrored = xmr([-v for v in values])
        swap = {"improvement": "concern", "concern": "improvement"}
        flip = {"high": "low", "low": "high", None: None}
        for a, b in zip(original.points, mirrored.points, strict=True):
            assert b.rule == a.rule
            assert b.direction == flip[a.direction]
            assert b.variation == swap.get(a.variation, a.variation)
        both = xmr([-v for v in values], improvement="decrease")
        assert [p.variation for p in both.points] == [
            p.variation for p in original.points
        ]

    @given(
        st.lists(st.one_of(st.none(), st.integers(0, 20)), max_size=60),
        st.sampled_from(["increase", "decrease", "neutral"]),
        st.data(),
    )
    def test_points_agree_with_their_chart(self, values, improvement, data):
        """Special causes, variations and group limits agree point by point."""
        indices = st.lists(st.integers(0, len(values) - 1), max_size=3)
        rebase = data.draw(indices) if values else []
        cc = xmr(values, improvement=improvement, rebase=rebase)
        assert [g.start for g in cc.groups] == (sorted({0, *rebase}) if values else [])
        assert cc.special_causes == tuple(
            i for i, p in enumerate(cc.points) if p.rule is not None
        )
        for point in cc.points:
            assert (point.rule is None) == (point.direction is None)
            if point.rule is None:
                assert point.variation == "common_cause"
            elif improvement == "neutral":
                assert point.variation == "neutral"
            else:
                assert point.variation in {"improvement", "concern"}
            group = cc.groups[point.group]
            assert (point.mean, point.lower, point.upper) == (
                group.mean,
                group.lower,
                group.upper,
            )


class TestModule:
    """The module's public surface and its speed."""

    def test_all_is_sorted_and_complete(self):
        """`__all__` is sorted and names only what the module defines."""
        assert charts.__all__ == sorted(charts.__all__)
        assert all(hasattr(charts, name) for name in charts.__all__)

    def test_long_charts(self):
        """100,000 points are analysed (speed is measured in benchmarks/bench_charts.py)."""
        values = [float((i * 7919) % 101) for i in range(100_000)]
        rc = run_chart(values)
        cc = xmr(values)
        assert len(rc.points) == len(cc.points) == 100_000


class TestErrorPaths:
    """A refused argument is named `$.<argument>`, an item of it `$.<argument>[i]`."""

    @pytest.mark.parametrize(
        ("call", "path"),
        [
            (lambda: run_chart([1, "x"]), "$.values[1]"),
            (lambda: xmr([1.0, math.inf]), "$.values[1]"),
            (lambda: run_chart([1, 2, 3], freeze=0), "$.freeze"),
            (lambda: run_chart([1, 2, 3], exclude=[0, 7]), "$.exclude[1]"),
            (lambda: xmr([1, 2, 3], improvement="up"), "$.improvement"),
            (lambda: xmr([1, 2, 3], rebase=[5]), "$.rebase[0]"),
            (lambda: xmr([1, 2, 3], limit_factor=-1), "$.limit_factor"),
            (lambda: longest_run_max(0), "$.n"),
            (lambda: crossings_min(0), "$.n"),
        ],
    )
    def test_path_names_the_argument(self, call, path):
        with pytest.raises(ValidationError) as caught:
            call()
        assert caught.value.path == path
