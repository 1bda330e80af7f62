"""How fast the analysis runs as initiatives grow, up to a million contributions.

Run: python benchmarks/bench_analysis.py [--contributions N ...]

For each size it times influence_shares, observed levels for every decision,
influence_graph and find_imbalances, and compares each with a baseline measured in the
same run: one plain pass over every contribution that only counts actions, the least
work any analysis of the record must do.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Callable

from bench_io import build

import coproduction as cp


def seconds(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--contributions", type=int, nargs="+", default=[10_000, 100_000, 1_000_000]
    )
    sizes = parser.parse_args().contributions
    print(f"coproduction {cp.__version__}")
    print(f"{'contributions':>13} {'step':<22}{'seconds':>9}{'x baseline':>12}")
    for n in sizes:
        ini = build(n)

        def baseline(ini: cp.Initiative = ini) -> Counter[cp.Action]:
            return Counter(c.action for d in ini.decisions for c in d.contributions)

        base = seconds(baseline)
        print(f"{n:>13,} {'baseline (one pass)':<22}{base:>9.3f}{1:>11.1f}x")
        steps: list[tuple[str, Callable[[], object]]] = [
            ("influence_shares", lambda ini=ini: cp.influence_shares(ini)),
            (
                "observed levels",
                lambda ini=ini: [cp.observed_level(ini, d.id) for d in ini.decisions],
            ),
            ("influence_graph", lambda ini=ini: cp.influence_graph(ini)),
            ("find_imbalances", lambda ini=ini: cp.find_imbalances(ini)),
        ]
        for label, action in steps:
            took = seconds(action)
            print(f"{n:>13,} {label:<22}{took:>9.3f}{took / base:>11.1f}x")


if __name__ == "__main__":
    main()
