"""Time `banzhaf` and `shapley_shubik` against brute-force enumeration.

Run as ``python benchmarks/bench_power.py``. Committees have random weights 1 to 5
(seeded) and a simple-majority quota. The baseline enumerates all 2**n coalitions,
so it is measured only up to 16 members; its ratio to the library at the same size
is printed beside it. Prints figures only; asserts nothing.
"""

from __future__ import annotations

import math
import platform
import random
import sys
import timeit
from fractions import Fraction

from coproduction.analysis.power import banzhaf, shapley_shubik

LIBRARY_SIZES = (10, 50, 200)
BRUTE_SIZES = (10, 14, 16)


def committee(n, seed=2026):
    """A simple-majority game of ``n`` members with weights 1 to 5."""
    rng = random.Random(seed + n)
    weights = [rng.randint(1, 5) for _ in range(n)]
    return sum(weights) // 2 + 1, weights


def coalition_weights(weights):
    """The weight of every coalition, indexed by its bit mask."""
    totals = [0] * (1 << len(weights))
    for mask in range(1, len(totals)):
        low = mask & -mask
        totals[mask] = totals[mask ^ low] + weights[low.bit_length() - 1]
    return totals


def brute_banzhaf(quota, weights):
    """Normalised Banzhaf by enumerating every coalition."""
    swings = [0] * len(weights)
    for mask, total in enumerate(coalition_weights(weights)):
        if total >= quota:
            for i, w in enumerate(weights):
                if mask >> i & 1 and total - w < quota:
                    swings[i] += 1
    all_swings = sum(swings)
    return [Fraction(s, all_swings) for s in swings]


def brute_shapley_shubik(quota, weights):
    """Shapley-Shubik by enumerating every coalition and weighting it by its size."""
    n = len(weights)
    orders = [math.factorial(k) * math.factorial(n - k - 1) for k in range(n)]
    pivotal = [0] * n
    for mask, total in enumerate(coalition_weights(weights)):
        if total >= quota:
            continue
        size = mask.bit_count()
        for i, w in enumerate(weights):
            if not mask >> i & 1 and total + w >= quota:
                pivotal[i] += orders[size]
    return [Fraction(p, math.factorial(n)) for p in pivotal]


def best_time(function, *args, repeat=2):
    """The best time of one call, in seconds, over ``repeat`` timed batches."""
    timer = timeit.Timer(lambda: function(*args))
    number, _ = timer.autorange()
    return min(timer.repeat(repeat=repeat, number=number)) / number


def seconds(value):
    """A duration in the unit that suits it."""
    if value < 1e-3:
        return f"{value * 1e6:8.1f} us"
    if value < 1:
        return f"{value * 1e3:8.2f} ms"
    return f"{value:8.3f} s "


def main():
    """Measure and print both tables."""
    print(f"Python {platform.python_version()} on {sys.platform}")
    print("\nLibrary (generating functions), weights 1..5, simple majority")
    print(f"{'members':>8} {'banzhaf':>12} {'shapley_shubik':>15}")
    for n in LIBRARY_SIZES:
        game = committee(n)
        print(
            f"{n:>8} {seconds(best_time(banzhaf, *game)):>12} "
            f"{seconds(best_time(shapley_shubik, *game)):>15}"
        )

    print("\nBaseline (enumerating all 2**n coalitions) against the library")
    columns = ("members", "index", "brute force", "library", "ratio")
    print(
        " ".join(f"{c:>{w}}" for c, w in zip(columns, (8, 15, 12, 12, 9), strict=True))
    )
    pairs = (
        ("banzhaf", brute_banzhaf, banzhaf),
        ("shapley_shubik", brute_shapley_shubik, shapley_shubik),
    )
    for n in BRUTE_SIZES:
        game = committee(n)
        for name, brute, library in pairs:
            same = brute(*game) == library(*game)
            slow = best_time(brute, *game, repeat=1)
            fast = best_time(library, *game)
            check = "" if same else "  DIFFERENT RESULTS"
            print(
                f"{n:>8} {name:>15} {seconds(slow):>12} {seconds(fast):>12} "
                f"{slow / fast:>8.0f}x{check}"
            )


if __name__ == "__main__":
    main()
