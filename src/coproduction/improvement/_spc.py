"""Arithmetic, rule scans and input checks behind `coproduction.improvement.charts`.

Private. The chart functions need means and medians rounded the way R rounds them, the
Anhøj limits computed without floating-point fuzz, the NHSRplotthedots limits and
special-cause scans on plain lists, and one place that turns user input into clean
floats or refuses it with a `ValidationError` naming where it went wrong.
"""

from __future__ import annotations

import itertools
import math
import numbers
import operator
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING, Literal, NamedTuple

from coproduction.errors import ValidationError

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

__all__ = [
    "Direction",
    "Limits",
    "Rule",
    "as_count",
    "as_indices",
    "clean_values",
    "crossings_min_of",
    "exact_mean",
    "limits",
    "longest_run_max_of",
    "median",
    "special_causes",
]

Rule = Literal["outside", "trend", "two_of_three", "shift"]
Direction = Literal["high", "low"]

_MISSING_HINT = "use None or NaN to mark a missing value"
_SCREEN = 3.267  # D4 for ranges of two: moving ranges at or above 3.267 x mean dropped
_RUN = 7  # points in a shift or a trend
_WINDOW = 3  # points in the two-of-three rule
_BIG_COMB = 4096  # from here on, _comb beats Python 3.11's math.comb


class Limits(NamedTuple):
    """The centre and limits of one group of an XmR chart."""

    mean: float | None
    mean_moving_range: float | None
    lower: float | None
    upper: float | None


def exact_mean(xs: Sequence[float]) -> float:
    """The mean of finite floats, correctly rounded from their exact sum.

    R's `mean()` sums in long double and corrects with a second pass, which gives the
    correctly rounded mean in all but freak cases; `sum(xs) / len(xs)` does not
    (`mean(c(0.1, 0.2, 0.3))` is exactly `0.2` in R, not `0.20000000000000004`).
    The exact sum is kept as a few floats: each `fsum` is the correctly rounded
    remainder of the ones before, until nothing remains.
    """
    parts: list[float] = []
    try:
        rest = math.fsum(xs)
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
    if odd:
        return ordered[half]
    return exact_mean(ordered[half - 1 : half + 1])


def longest_run_max_of(n: int) -> int:
    """`round(log2(n)) + 3` in exact integer arithmetic, for n >= 1.

    `log2(n)` is never exactly half-way between two integers (that would need
    `n**2 == 2**odd`), so the rounding rule (R's is half-even) never matters:
    `round(log2(n)) = k` exactly when `2**(2k-1) < n**2 < 2**(2k+1)`.
    """
    return (n * n).bit_length() // 2 + 3


@lru_cache(maxsize=1024)
def crossings_min_of(n: int) -> int:
    """`qbinom(0.05, n - 1, 0.5)`: the smallest k with P(X <= k) >= 0.05, exactly.

    X ~ Binomial(m, 1/2) with m = n - 1, so P(X <= k) >= 1/20 is the integer test
    `20 * sum(comb(m, i) for i <= k) >= 2**m`. Start from the normal approximation
    and step to the exact answer.
    """
    m = n - 1
    k = max(0, min(m, math.floor(m / 2 - 0.8224268134757359 * math.sqrt(m))))
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
    """Whether `20 * sum(comb(m, i) for i in range(k + 1)) >= 2**m`, given comb(m, k).

    Sums the terms downwards from `comb(m, k)` and stops as soon as the answer is
    certain: below `i` the terms shrink at least geometrically, by `(i-1)/(m-i+2)`,
    which bounds what is left. Only the few hundred terms near k are ever summed.
    """
    target = 1 << m
    total = 0
    i = k
    while True:
        total += term
        if 20 * total >= target:
            return True
        if i == 0:
            return False
        term = term * i // (m - i + 1)  # comb(m, i - 1), exact
        room = m - 2 * i + 3
        if room > 0:  # what is left is at most term * (m-i+2) / room
            rest = -(-term * (m - i + 2) // room)
            if 20 * (total + rest) < target:
                return False
        i -= 1


def _comb(m: int, k: int) -> int:
    """`math.comb(m, k)`, from its prime factors when large (3.11's comb is O(k) steps).

    The exponent of each prime p is Kummer's count of carries, by Legendre's formula;
    the prime powers are multiplied pairwise so the big products stay balanced.
    """
    if m < _BIG_COMB:
        return math.comb(m, k)
    sieve = bytearray([1]) * (m + 1)
    sieve[:2] = b"\x00\x00"
    for p in range(2, math.isqrt(m) + 1):
        if sieve[p]:
            sieve[p * p :: p] = bytes(len(range(p * p, m + 1, p)))
    factors = []
    for p in (i for i, is_prime in enumerate(sieve) if is_prime):
        power, q = 0, p
        while q <= m:
            power += m // q - k // q - (m - k) // q
            q *= p
        if power:
            factors.append(p**power)
    while len(factors) > 1:
        if len(factors) % 2:
            factors.append(1)
        factors = [a * b for a, b in zip(factors[::2], factors[1::2], strict=True)]
    return factors[0] if factors else 1


def limits(period: Sequence[float | None], *, screen: bool, factor: float) -> Limits:
    """Mean, mean moving range and limits from a group's limits period.

    As NHSRplotthedots' `ptd_spc_standard`: no moving range is taken next to a missing
    value; screening drops ranges not below 3.267 times their mean (so all of them
    when that mean is 0); without a moving range there are no limits.
    """
    present = [v for v in period if v is not None]
    mean = exact_mean(present) if present else None
    ranges = [
        abs(b - a)
        for a, b in zip(period, period[1:])
        if a is not None and b is not None
    ]
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
) -> list[tuple[Rule | None, Direction | None]]:
    """The (rule, direction) of each value of a group, as NHSRplotthedots 0.2.2 finds it.

    A transcription of `ptd_special_cause_type` in linear time: outside the limits,
    then trend, then two of three beyond the 2-sigma lines (all three on one side of
    the mean), then shift; every point of a qualifying run is marked.
    """
    m = len(ys)
    mean, spread, lower, upper = limits
    side = [0 if mean is None else (y > mean) - (y < mean) for y in ys]
    outside = [False] * m
    close = [False] * m
    if (
        mean is not None
        and spread is not None
        and lower is not None
        and upper is not None
    ):
        reach = 2 * (factor / 3)  # R: limitclose <- 2 * (limit / 3)
        near_low, near_high = mean - reach * spread, mean + reach * spread
        outside = [y > upper or y < lower for y in ys]
        close = [not o and (y < near_low or y > near_high) for y, o in zip(ys, outside)]
    step = [0] + [(b > a) - (b < a) for a, b in zip(ys, ys[1:])]
    trend = _whole_runs(_run_ends(step, _RUN - 1))
    shift = _whole_runs(_run_ends(side, _RUN))
    two = [False] * m
    for s in range(m - _WINDOW + 1):
        window = slice(s, s + _WINDOW)
        if sum(close[window]) >= _WINDOW - 1 and abs(sum(side[window])) == _WINDOW:
            for i in range(s, s + _WINDOW):
                two[i] = two[i] or close[i]
    found: list[tuple[Rule | None, Direction | None]] = []
    for i in range(m):
        high: Direction = "high" if side[i] > 0 else "low"
        if outside[i]:
            found.append(("outside", high))
        elif trend[i]:  # the step to the next point if that is in a trend too
            rising = (step[i + 1] if i + 1 < m and trend[i + 1] else step[i]) == 1
            found.append(("trend", "high" if rising else "low"))
        elif two[i]:
            found.append(("two_of_three", high))
        elif shift[i]:
            found.append(("shift", high))
        else:
            found.append((None, None))
    return found


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


def clean_values(values: Iterable[object]) -> list[float | None]:
    """Chart values as floats, with None for a missing one; refuses anything else."""
    clean: list[float | None] = []
    for i, value in enumerate(values):
        number = value
        if type(number) is not float:  # the common case skips every check but one
            if number is None:
                clean.append(None)
                continue
            if isinstance(number, bool) or not isinstance(
                number, numbers.Real | Decimal
            ):
                msg = (
                    f"{value!r} at index {i} is not a number; chart values must be "
                    f"numbers, and {_MISSING_HINT}"
                )
                raise ValidationError(msg, path=f"$[{i}]")
            try:
                number = float(number)
            except (OverflowError, ValueError):
                number = math.inf
        if number - number == 0:  # finite
            clean.append(number)
        elif number != number:  # NaN  # noqa: PLR0124
            clean.append(None)
        else:
            msg = f"{value!r} at index {i} is not a finite number; {_MISSING_HINT}"
            raise ValidationError(msg, path=f"$[{i}]")
    return clean


def as_count(value: object, name: str, lowest: int, highest: int | None) -> int:
    """`value` as a whole number from `lowest` to `highest`, or a ValidationError."""
    number = _as_int(value)
    if number is None or number < lowest or (highest is not None and number > highest):
        within = (
            f"at least {lowest}" if highest is None else f"from {lowest} to {highest}"
        )
        msg = f"{name} must be None or a whole number {within}, got {value!r}"
        raise ValidationError(msg, path=name)
    return number


def as_indices(indices: Iterable[object], name: str, n: int) -> frozenset[int]:
    """0-based indices into `n` values, or a ValidationError naming the first bad one."""
    if isinstance(indices, str | bytes) or not hasattr(indices, "__iter__"):
        msg = f"{name} must be a collection of 0-based indices, got {indices!r}"
        raise ValidationError(msg, path=name)
    found: set[int] = set()
    for k, index in enumerate(indices):
        number = _as_int(index)
        if number is None or not 0 <= number < n:
            valid = f"from 0 to {n - 1}" if n else "and there are no values"
            msg = (
                f"{index!r} is not a 0-based index of the values; {name} takes {valid}"
            )
            raise ValidationError(msg, path=f"{name}[{k}]")
        found.add(number)
    return frozenset(found)


def _as_int(value: object) -> int | None:
    """An int for anything that is an integer (numpy's too), None otherwise; not bools."""
    if isinstance(value, bool):
        return None
    try:
        return operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        return None
