"""Arithmetic, rule scans and input checks behind `coproduction.improvement.charts`.

Private. Means and medians rounded as R rounds them, the Anhøj limits without
floating-point fuzz, the runs and NHSRplotthedots scans on plain lists, and the one
place that turns input into floats or refuses it with a `ValidationError`.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from fractions import Fraction
from functools import lru_cache
from typing import (
    TYPE_CHECKING,
    Literal,
    NamedTuple,
    TypedDict,
)

from coproduction._fields import Improvement, as_int, is_number
from coproduction.errors import ValidationError

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

__all__ = [
    "Deviation",
    "Improvement",
    "Limits",
    "Rule",
    "RunSummary",
    "Side",
    "Variation",
    "as_count",
    "as_factor",
    "as_indices",
    "clean_values",
    "crossings_min_of",
    "exact_mean",
    "limits",
    "longest_run_max_of",
    "median",
    "run_summary",
    "runs_of",
    "special_causes",
    "variation",
]

Side = Literal["above", "below"]
Rule = Literal["outside", "trend", "two_of_three", "shift"]
Deviation = Literal["high", "low"]
"""Which side of the mean a special cause lies: above it, or below."""
Variation = Literal["common_cause", "improvement", "concern", "neutral"]

_MISSING = "use None or NaN to mark a missing value"
_SCREEN = 3.267  # D4 for ranges of two: moving ranges from 3.267 x their mean dropped
_RUN = 7  # points in a shift or a trend
_WINDOW = 3  # points in the two-of-three rule
_BIG_COMB = 4096  # from here on `_comb` beats Python 3.11's `math.comb`
_ONE_IN = 20  # Anhøj's critical value is the 5% = 1/20 quantile of the crossings
_HALF_Z95 = 0.8224268134757359  # Φ⁻¹(0.95) / 2: z of the 5% tail, in sds of sqrt(m)/2


class Limits(NamedTuple):
    """The mean and limits of one group of an XmR chart."""

    mean: float | None
    mean_moving_range: float | None
    lower: float | None
    upper: float | None


class RunSummary(TypedDict):
    """The counts, limits and signals of a runs analysis."""

    longest_run: int | None
    longest_run_max: int | None
    crossings: int | None
    crossings_min: int | None
    shift: bool
    too_few_crossings: bool
    signal: bool


def exact_mean(xs: Sequence[float]) -> float:
    """The mean of finite floats, correctly rounded from their exact sum.

    R's `mean()` (long double sum, then a correcting pass) gives the correctly rounded
    mean but for freak cases; `sum(xs) / len(xs)` does not: R's `mean(c(0.1, 0.2,
    0.3))` is exactly 0.2. The exact sum is kept as a few floats, each `fsum` the
    correctly rounded remainder of those before, until nothing remains.
    """
    parts: list[float] = []
    try:
        rest = math.fsum(xs)
        if math.isinf(rest):  # a moving range that overflowed: as R, the mean is inf
            return rest
        while rest:
            parts.append(rest)
            rest = math.fsum(itertools.chain(xs, (-p for p in parts)))
    except OverflowError:  # the sum leaves the float range: add exact integers instead
        by_scale: dict[int, int] = defaultdict(int)
        for p, q in map(float.as_integer_ratio, xs):
            by_scale[q] += p
        top = max(by_scale)
        return sum(p * (top // q) for q, p in by_scale.items()) / (top * len(xs))
    return float(sum(map(Fraction, parts), Fraction(0)) / len(xs))


def median(xs: Sequence[float]) -> float:
    """The median as R's `stats::median` gives it (mean of the middle two if even)."""
    ordered = sorted(xs)
    half, odd = divmod(len(ordered), 2)
    return ordered[half] if odd else exact_mean(ordered[half - 1 : half + 1])


def longest_run_max_of(n: int) -> int:
    """`round(log2(n)) + 3` exactly: `round(log2(n)) = k` iff `4**k / 2 < n**2 < 4**k * 2`."""
    return (n * n).bit_length() // 2 + 3


@lru_cache(maxsize=1024)
def crossings_min_of(n: int) -> int:
    """The fewest crossings of the centre line expected of `n` useful points, exactly.

    Anhøj and Olesen's critical value, as qicharts2 computes it: `qbinom(0.05, n - 1,
    0.5)`, the 5% (1 in `_ONE_IN`) quantile of the crossings of `n` random
    points, each of the n - 1 gaps between them crossing with probability 1/2. It
    is the smallest k with P(X <= k) >= 1/20 for X ~ Binomial(m, 1/2), m = n - 1,
    that is `20 * sum(comb(m, i) for i <= k) >= 2**m` in integers. The search
    starts from the normal approximation, m/2 - Φ⁻¹(0.95) * sqrt(m)/2 (X has mean
    m/2 and standard deviation sqrt(m)/2; `_HALF_Z95` is Φ⁻¹(0.95)/2), and steps
    to the exact answer.

    References:
        Anhøj J, Olesen AV (2014). Run charts revisited: a simulation study of run
        chart rules for detection of non-random variation in health care processes.
        PLoS ONE 9(11): e113825.
    """
    m = n - 1
    k = max(0, min(m, math.floor(m / 2 - _HALF_Z95 * math.sqrt(m))))
    term = _comb(m, k)
    if not _cdf_reaches(m, k, term):
        while True:
            term, k = term * (m - k) // (k + 1), k + 1
            if _cdf_reaches(m, k, term):
                return k
    while k > 0:
        below = term * k // (m - k + 1)
        if not _cdf_reaches(m, k - 1, below):
            break
        term, k = below, k - 1
    return k


def _cdf_reaches(m: int, k: int, term: int) -> bool:
    """Whether `20 * sum(comb(m, i) for i <= k) >= 2**m`, given `term == comb(m, k)`.

    Sums downwards from k and stops once the answer is certain: below i the terms
    shrink at least by the ratio (i-1)/(m-i+2), which bounds the rest.
    """
    target = 1 << m
    total = 0
    i = k
    while True:
        total += term
        if _ONE_IN * total >= target:
            return True
        if i == 0:
            return False
        term = term * i // (m - i + 1)  # comb(m, i - 1), exact
        room = m - 2 * i + 3
        if room > 0 and _ONE_IN * (total - (-term * (m - i + 2) // room)) < target:
            return False  # even the bound on the rest cannot reach the target
        i -= 1


def _comb(m: int, k: int) -> int:
    """`math.comb(m, k)`, from prime powers (Legendre) multiplied pairwise when large."""
    if m < _BIG_COMB:
        return math.comb(m, k)
    sieve = bytearray([1]) * (m + 1)
    sieve[:2] = b"\x00\x00"
    for p in range(2, math.isqrt(m) + 1):
        if sieve[p]:
            sieve[p * p :: p] = bytes(len(range(p * p, m + 1, p)))
    factors = []
    for p in itertools.compress(range(m + 1), sieve):
        power, q = 0, p
        while q <= m:
            power += m // q - k // q - (m - k) // q
            q *= p
        if power:
            factors.append(p**power)
    while len(factors) > 1:
        factors += [1] * (len(factors) % 2)
        factors = [a * b for a, b in zip(factors[::2], factors[1::2], strict=True)]
    return factors[0] if factors else 1


def runs_of(
    values: Sequence[float | None], centre: float | None, excluded: frozenset[int]
) -> tuple[list[Side | None], list[int | None], list[int]]:
    """Each value's side of the centre and 0-based run, and the runs' lengths.

    As qicharts2's `runs.analysis`: missing, excluded and on-centre points have
    neither side nor run, and do not break a run.
    """
    sides: list[Side | None] = [None] * len(values)
    if centre is not None:
        for i, v in enumerate(values):
            if v is not None and v != centre and i not in excluded:
                sides[i] = "above" if v > centre else "below"
    runs: list[int | None] = [None] * len(values)
    lengths: list[int] = []
    last = None
    for i, side in enumerate(sides):
        if side is not None:
            if side == last:
                lengths[-1] += 1
            else:
                lengths.append(1)
                last = side
            runs[i] = len(lengths) - 1
    return sides, runs, lengths


def run_summary(lengths: Sequence[int]) -> RunSummary:
    """The Anhøj counts and signals of runs of these lengths (all None if none)."""
    useful = sum(lengths)
    if not useful:
        return RunSummary(
            longest_run=None,
            longest_run_max=None,
            crossings=None,
            crossings_min=None,
            shift=False,
            too_few_crossings=False,
            signal=False,
        )
    longest, limit = max(lengths), longest_run_max_of(useful)
    crossings, fewest = len(lengths) - 1, crossings_min_of(useful)
    return RunSummary(
        longest_run=longest,
        longest_run_max=limit,
        crossings=crossings,
        crossings_min=fewest,
        shift=longest > limit,
        too_few_crossings=crossings < fewest,
        signal=longest > limit or crossings < fewest,
    )


def limits(period: Sequence[float | None], *, screen: bool, factor: float) -> Limits:
    """Mean, mean moving range and limits from a group's baseline, as NHSRplotthedots.

    No moving range is taken next to a missing value; screening keeps the ranges
    below 3.267 times their mean (none, if that mean is 0); no range, no limits.
    """
    present = [v for v in period if v is not None]
    mean = exact_mean(present) if present else None
    pairs = itertools.pairwise(period)
    ranges = [abs(b - a) for a, b in pairs if a is not None and b is not None]
    spread = exact_mean(ranges) if ranges else None
    if screen and spread is not None:
        cut = _SCREEN * spread
        ranges = [r for r in ranges if r < cut]
        spread = exact_mean(ranges) if ranges else None
    if mean is None or spread is None:
        return Limits(mean, spread, None, None)
    return Limits(mean, spread, mean - factor * spread, mean + factor * spread)


def special_causes(
    ys: Sequence[float], limits: Limits, factor: float
) -> list[tuple[Rule | None, Deviation | None]]:
    """The (rule, direction) of each value of a group, as NHSRplotthedots 0.2.2 has it.

    `ptd_special_cause_type` in linear time: outside the limits, then trend, then two
    of three beyond a 2-sigma line (all three on that side of the mean), then shift.
    """
    m = len(ys)
    mean = limits[0]
    side = [0 if mean is None else (y > mean) - (y < mean) for y in ys]
    outside, close = _beyond(ys, limits, factor)
    step = [0] + [(b > a) - (b < a) for a, b in itertools.pairwise(ys)]
    trend = _whole_runs(_run_ends(step, _RUN - 1))
    shift = _whole_runs(_run_ends(side, _RUN))
    two = [False] * m
    near = [i for i, c in enumerate(close) if c]
    for a, b in itertools.pairwise(near):  # each window of 3 holding close points a, b
        for s in range(max(0, b - _WINDOW + 1), min(a, m - _WINDOW) + 1):
            if abs(sum(side[s : s + _WINDOW])) == _WINDOW:
                two[a] = two[b] = True
    found: list[tuple[Rule | None, Deviation | None]] = [(None, None)] * m
    for i in range(m):
        high: Deviation = "high" if side[i] > 0 else "low"
        if outside[i]:
            found[i] = ("outside", high)
        elif trend[i]:  # R: the step to the next point if that is in a trend too
            up = (step[i + 1] if i + 1 < m and trend[i + 1] else step[i]) == 1
            found[i] = ("trend", "high" if up else "low")
        elif two[i] or shift[i]:
            found[i] = ("two_of_three" if two[i] else "shift", high)
    return found


def _beyond(
    ys: Sequence[float], limits: Limits, factor: float
) -> tuple[list[bool], list[bool]]:
    """Which values lie outside the limits, and which (inside them) beyond 2 sigma.

    A group without limits (too few points) has neither.
    """
    mean, spread, lower, upper = limits
    if mean is None or spread is None or lower is None or upper is None:
        return [False] * len(ys), [False] * len(ys)
    reach = 2 * (factor / 3)  # R: limitclose <- 2 * (limit / 3)
    near_low, near_high = mean - reach * spread, mean + reach * spread
    outside = [y > upper or y < lower for y in ys]
    close = [
        not o and (y < near_low or y > near_high)
        for y, o in zip(ys, outside, strict=True)
    ]
    return outside, close


def _run_ends(signs: Sequence[int], length: int) -> list[bool]:
    """Whether each position ends `length` equal non-zero signs in a row."""
    ends = [False] * len(signs)
    count = 0
    for i, sign in enumerate(signs):
        count = count + 1 if sign and i and sign == signs[i - 1] else int(bool(sign))
        ends[i] = count >= length
    return ends


def _whole_runs(ends: Sequence[bool]) -> list[bool]:
    """Mark every point of each 7-point run, given where such runs end."""
    marked = [False] * len(ends)
    next_end: int | None = None
    for i in range(len(ends) - 1, -1, -1):
        if ends[i]:
            next_end = i
        marked[i] = next_end is not None and next_end - i < _RUN
    return marked


def variation(direction: Deviation | None, improvement: Improvement) -> Variation:
    """How a special cause in `direction` reads, given the better direction."""
    if direction is None:
        return "common_cause"
    if improvement == "neutral":
        return "neutral"
    better = "high" if improvement == "increase" else "low"
    return "improvement" if direction == better else "concern"


def clean_values(values: Iterable[object]) -> list[float | None]:
    """Chart values as floats, None for a missing one; a ValidationError otherwise."""
    clean: list[float | None] = []
    for i, value in enumerate(values):
        number = value
        if type(number) is not float:  # floats, the common case, skip these checks
            if number is None:
                clean.append(None)
                continue
            if not is_number(number):
                msg = f"{value!r} at index {i} is not a number; {_MISSING}"
                raise ValidationError(msg, path=f"$.values[{i}]", code="wrong_type")
            try:
                number = float(number)
            except (OverflowError, ValueError):
                number = math.inf
        if number - number == 0:  # finite
            clean.append(number)
        elif math.isnan(number):
            clean.append(None)
        else:
            msg = f"{value!r} at index {i} is not a finite number; {_MISSING}"
            raise ValidationError(msg, path=f"$.values[{i}]", code="out_of_range")
    return clean


def as_count(value: object, name: str, lowest: int, highest: int | None) -> int:
    """`value` as a whole number from `lowest` to `highest`, or a ValidationError."""
    number = as_int(value)
    if number is None or number < lowest or (highest is not None and number > highest):
        within = (
            f"of at least {lowest}"
            if highest is None
            else f"from {lowest} to {highest}"
        )
        msg = f"{name} must be a whole number {within}, got {value!r}"
        raise ValidationError(msg, path=f"$.{name}", code="wrong_type")
    return number


def as_indices(indices: Iterable[object], name: str, n: int) -> frozenset[int]:
    """0-based indices into `n` values, or a ValidationError naming the first bad one."""
    if isinstance(indices, str | bytes) or not hasattr(indices, "__iter__"):
        msg = f"{name} must be a collection of 0-based indices, got {indices!r}"
        raise ValidationError(msg, path=f"$.{name}", code="wrong_type")
    found: set[int] = set()
    for k, index in enumerate(indices):
        number = as_int(index)
        if number is None or not 0 <= number < n:
            valid = f"{name} takes 0 to {n - 1}" if n else "there are no values"
            msg = f"{index!r} is not a 0-based index of the values; {valid}"
            raise ValidationError(msg, path=f"$.{name}[{k}]", code="out_of_range")
        found.add(number)
    return frozenset(found)


def as_factor(value: object) -> float:
    """`value` as a positive finite float, or a ValidationError."""
    if (
        not isinstance(value, bool)
        and isinstance(value, int | float)
        and 0 < value < math.inf
    ):
        return float(value)
    msg = f"limit_factor must be a positive finite number, got {value!r}"
    raise ValidationError(msg, path="$.limit_factor", code="out_of_range")
