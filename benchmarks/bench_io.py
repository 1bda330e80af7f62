"""How fast scenario files are built, checked, written and read, as they grow.

Run: python benchmarks/bench_io.py [--contributions N] [--repeat R]

Prints seconds per operation (the best of R runs) and contributions per second for a
synthetic initiative, and compares each of `coproduction.load` and `coproduction.dump`
with a baseline measured in the same run, on the same machine at the same moment:

- load against PyYAML's own `yaml.load(text, Loader=CSafeLoader)` of the same text,
  which builds plain data only (no checks, no line numbers) and so bounds what
  reading alone costs;
- dump against `yaml.dump(cp.to_dict(ini), Dumper=CSafeDumper)`, PyYAML writing the
  same initiative's plain data with its C emitter.

A ratio below 1 means ours is faster than the baseline.
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
            contributions=_contributions(rng, everyone, per_decision),
        )
        for i in range(contributions // per_decision)
    ]
    return cp.Initiative(
        id="bench", stakeholders=people + staff, meetings=meetings, decisions=decisions
    )


def _contributions(
    rng: random.Random, everyone: list[str], count: int
) -> list[cp.Contribution]:
    """`count` contributions; a second vote by the same person becomes a supported."""
    voted: set[str] = set()
    made = []
    for _ in range(count):
        by, action = rng.choice(everyone), rng.choice(ACTIONS)
        if action == "voted_for":
            action = "supported" if by in voted else action
            voted.add(by)
        made.append(cp.Contribution(by=by, action=action, adopted=rng.random() < 0.3))
    return made


def timed(label: str, action: Callable[[], object], count: int, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<38}{best:>9.3f} s {count / best:>14,.0f} contributions/s")
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contributions", type=int, default=100_000)
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per step; best kept"
    )
    args = parser.parse_args()
    n, repeat = args.contributions, args.repeat
    print(
        f"coproduction {cp.__version__}, {n:,} contributions, best of {repeat}, "
        f"C loader: {hasattr(yaml, 'CSafeLoader')}"
    )
    timed("build and check (constructor)", lambda: build(n), n, repeat)
    ini = build(n)
    timed("validate()", ini.validate, n, repeat)
    data: dict[str, object] = {}
    timed("to_dict", lambda: data.update(cp.to_dict(ini)), n, repeat)
    timed("from_dict", lambda: cp.from_dict(cp.Initiative, data), n, repeat)
    text = cp.dumps(ini)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

    def dump_baseline() -> object:
        return yaml.dump(cp.to_dict(ini), Dumper=dumper, sort_keys=False)

    def load_baseline() -> object:
        return yaml.load(text, Loader=loader)  # noqa: S506  # the safe loader, C if present

    dump = timed("dump", lambda: cp.dumps(ini), n, repeat)
    dump_base = timed("baseline: yaml.dump(CSafeDumper)", dump_baseline, n, repeat)
    load = timed("load (safe, checked, with lines)", lambda: cp.loads(text), n, repeat)
    load_base = timed("baseline: yaml.load(CSafeLoader)", load_baseline, n, repeat)
    print(
        f"dump / baseline: {dump / dump_base:.2f}x, {dump_base / dump:.1f} times as fast"
    )
    print(
        f"load / baseline: {load / load_base:.2f}x, {load_base / load:.1f} times as fast"
        f"  ({len(text) / 1e6:.1f} MB of YAML)"
    )


if __name__ == "__main__":
    main()
