"""How fast scenario files are built, checked, written and read, as they grow.

Run: python benchmarks/bench_io.py [--contributions N]

Prints seconds per operation and contributions per second for a synthetic initiative,
and compares the safe event-stream reader (`coproduction.load`) with a baseline measured
in the same run: PyYAML's own `safe_load` of the same text, which builds plain data only
(no checks, no line numbers) and so bounds what reading alone costs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from collections.abc import Callable

import yaml

import coproduction as cp

ACTIONS = ["spoke", "proposed", "supported", "objected", "voted_for", "decided"]


def build(contributions: int, seed: int = 1) -> cp.Initiative:
    rng = random.Random(seed)
    people = [cp.Stakeholder(id=f"p{i}", name=f"Person {i}") for i in range(200)]
    staff = [
        cp.Stakeholder(id=f"s{i}", name=f"Staff {i}", kind="care_worker")
        for i in range(50)
    ]
    everyone = [s.id for s in people + staff]
    meetings = [
        cp.Meeting(id=f"m{i}", date=dt.date(2026, 1, 1) + dt.timedelta(days=i))
        for i in range(100)
    ]
    per_decision = 10
    decisions = [
        cp.Decision(
            id=f"d{i}",
            title=f"Decision {i}",
            level="consulting",
            meeting=f"m{i % 100}",
            affects={rng.choice(everyone)},
            contributions=[
                cp.Contribution(
                    by=rng.choice(everyone),
                    action=rng.choice(ACTIONS),
                    adopted=rng.random() < 0.3,
                )
                for _ in range(per_decision)
            ],
        )
        for i in range(contributions // per_decision)
    ]
    return cp.Initiative(
        id="bench", stakeholders=people + staff, meetings=meetings, decisions=decisions
    )


def timed(label: str, action: Callable[[], object], count: int) -> float:
    start = time.perf_counter()
    action()
    seconds = time.perf_counter() - start
    print(f"{label:<34}{seconds:>9.3f} s {count / seconds:>14,.0f} contributions/s")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contributions", type=int, default=100_000)
    n = parser.parse_args().contributions
    print(
        f"coproduction {cp.__version__}, {n:,} contributions, C loader: {hasattr(yaml, 'CSafeLoader')}"
    )
    ini = timed("build and check (constructor)", lambda: build(n), n)
    ini = build(n)
    timed("validate()", ini.validate, n)
    data: dict[str, object] = {}
    timed("to_dict", lambda: data.update(cp.to_dict(ini)), n)
    timed("from_dict", lambda: cp.from_dict(cp.Initiative, data), n)
    text = ""

    def dump() -> None:
        nonlocal text
        text = cp.dump(ini)

    timed("dump", dump, n)
    ours = timed("load (safe, checked, with lines)", lambda: cp.load(text), n)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def baseline() -> object:
        return yaml.load(text, Loader=loader)  # noqa: S506  # the safe loader, C if present

    base = timed("baseline: yaml.load(CSafeLoader)", baseline, n)
    print(f"load / baseline: {ours / base:.2f}x  ({len(text) / 1e6:.1f} MB of YAML)")


if __name__ == "__main__":
    main()
