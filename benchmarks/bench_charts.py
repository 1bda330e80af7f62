"""How fast run charts and XmR charts are, as series grow.

Run: python benchmarks/bench_charts.py

Times run_chart, xmr and crossings_min for 1,000 to 1,000,000 points, against a baseline
measured in the same run: statistics.median of the same values, the one step every run
chart must take.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import coproduction as cp


def seconds(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    print(f"coproduction {cp.__version__}")
    print(f"{'points':>10} {'step':<26}{'seconds':>9}{'x baseline':>12}")
    for n in (1_000, 10_000, 100_000, 1_000_000):
        values = [float((i * 7919) % 101) for i in range(n)]
        base = seconds(lambda values=values: statistics.median(values))
        print(f"{n:>10,} {'baseline: median':<26}{base:>9.3f}{1:>11.1f}x")
        steps: list[tuple[str, Callable[[], object]]] = [
            ("run_chart", lambda values=values: cp.run_chart(values)),
            ("xmr", lambda values=values: cp.xmr(values)),
            ("crossings_min", lambda n=n: cp.crossings_min(n)),
        ]
        for label, action in steps:
            took = seconds(action)
            print(f"{n:>10,} {label:<26}{took:>9.3f}{took / base:>11.1f}x")


if __name__ == "__main__":
    main()
