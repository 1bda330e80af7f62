"""How fast the Study phase of a PDSA cycle is, in the shapes that could hide a slow step.

Run: python benchmarks/bench_study.py [--quick]

Three shapes, each against a baseline measured in the same run:

- one cycle whose measure has 1,000 to 1,000,000 observations; baseline: one
  `run_chart` of the same values, the step every study must take;
- a long ramp of 10 to 1,000 cycles, each studied in turn against the ramp's baseline
  (so each study reads every month since the ramp began), with a balancing measure;
  baseline: the same run charts, one per cycle, drawn directly;
- one study watching 10 to 1,000 balancing measures; baseline: one run chart and one
  XmR chart per measure.

Then `find_imbalances` on the long ramp, where every cycle's study warned: it should
grow with the number of cycles, not with its square.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from collections.abc import Callable

import coproduction as cp

START = dt.date(2020, 1, 1)


def seconds(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def days(n: int) -> list[dt.date]:
    """`n` days, one a day from `START`."""
    return [START + dt.timedelta(days=i) for i in range(n)]


def values(n: int, *, shift_at: int | None = None) -> list[float]:
    """A noisy series, raised by 10 from `shift_at` on."""
    return [
        float((i * 7919) % 13)
        + (10.0 if shift_at is not None and i >= shift_at else 0.0)
        for i in range(n)
    ]


def one_cycle(n: int) -> cp.Cycle:
    """A cycle ready to study, whose measure has `n` daily observations."""
    at = days(n)
    obs = [
        cp.Observation(measure="m", at=d, value=v)
        for d, v in zip(at, values(n, shift_at=n // 2), strict=True)
    ]
    measure = cp.Measure(id="m", name="Meals", kind="outcome", improvement="increase")
    cycle = cp.Cycle(
        id="c1", change_idea="idea", observations={"m": obs}, measures={"m": measure}
    )
    cycle.plan(
        "Try it",
        [cp.Prediction(measure="m", direction="increase", target=5)],
        by={"mo"},
        start=at[n // 2],
    )
    cycle.do("Done", by={"mo"})
    return cycle


def ramp(cycles: int, *, per_cycle: int = 12) -> cp.Initiative:
    """An initiative with a ramp of `cycles` cycles, each studied over `per_cycle` days,
    while a balancing measure rises throughout, so that every study warns."""
    n = per_cycle * (cycles + 1)
    at = days(n)
    ticks = iter(
        dt.datetime(2030, 1, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=i)
        for i in range(10 * cycles + 10)
    )
    ini = cp.Initiative(
        id="ramp",
        stakeholders=[
            cp.Stakeholder(id="mo", name="Mo"),
            cp.Stakeholder(id="al", name="Al"),
        ],
        change_ideas=[cp.ChangeIdea(id="idea", title="An idea")],
        measures=[
            cp.Measure(id="m", name="Meals", kind="outcome", improvement="increase"),
            cp.Measure(
                id="cost",
                name="Overtime",
                kind="balancing",
                improvement="decrease",
                of={"idea"},
            ),
        ],
        observations=[
            *(
                cp.Observation(measure="m", at=d, value=v)
                for d, v in zip(at, values(n, shift_at=per_cycle), strict=True)
            ),
            *(
                cp.Observation(measure="cost", at=d, value=v)
                for d, v in zip(at, values(n, shift_at=per_cycle), strict=True)
            ),
        ],
        clock=lambda: next(ticks),
    )
    cycle = ini.start_cycle(id="c0", change_idea="idea")
    for k in range(cycles):
        cycle.plan(
            "Try",
            [cp.Prediction(measure="m", direction="increase")],
            by={"mo", "al"},
            start=at[per_cycle * (k + 1)],
            end=at[per_cycle * (k + 2) - 1],
        )
        cycle.do("Done", by={"al"})
        cycle.study(by={"mo", "al"})
        cycle.act("adapt", "Again", by={"mo", "al"})
        if k + 1 < cycles:
            cycle = cycle.next_cycle(f"c{k + 1}")
    return ini


def watching(measures: int, n: int = 200) -> cp.Cycle:
    """A cycle ready to study, watching `measures` balancing measures of `n` points each."""
    at = days(n)
    series = values(n, shift_at=n // 2)
    linked = [
        cp.Measure(
            id=f"b{i}", name=f"Cost {i}", kind="balancing", improvement="decrease"
        )
        for i in range(measures)
    ]
    obs = [
        cp.Observation(measure="b0", at=d, value=v)
        for d, v in zip(at, series, strict=True)
    ]
    cycle = cp.Cycle(
        id="c1",
        change_idea="idea",
        observations=lambda m: [
            cp.Observation(measure=m, at=o.at, value=o.value) for o in obs
        ],
        measures={m.id: m for m in linked},
    )
    cycle.plan(
        "Try it",
        [cp.Prediction(measure="b0", direction="decrease")],
        by={"mo"},
        start=at[n // 2],
    )
    cycle.do("Done", by={"mo"})
    return cycle


def row(size: str, label: str, took: float, base: float) -> None:
    print(f"{size:>12} {label:<44}{took:>9.3f}{took / base if base else 0:>11.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the smaller sizes only")
    quick = parser.parse_args().quick
    print(f"coproduction {cp.__version__}")
    print(f"{'size':>12} {'step':<44}{'seconds':>9}{'x baseline':>12}")

    for n in (1_000, 10_000, 100_000) if quick else (1_000, 10_000, 100_000, 1_000_000):
        cycle = one_cycle(n)
        series = values(n, shift_at=n // 2)
        base = seconds(lambda series=series, n=n: cp.run_chart(series, freeze=n // 2))
        row(f"{n:,} obs", "baseline: run_chart", base, base)
        row(
            f"{n:,} obs",
            "Cycle.study",
            seconds(lambda c=cycle: c.study(by={"mo"})),
            base,
        )

    previous: float | None = None
    for k in (10, 100, 300) if quick else (10, 100, 1_000):
        start = time.perf_counter()
        built = ramp(k)
        took = time.perf_counter() - start

        def charts(k: int = k, per: int = 12) -> None:
            for j in range(k):
                series = values(per * (j + 2), shift_at=per)
                cp.run_chart(series, freeze=per)
                cp.xmr(series, improvement="decrease", fix_after=per)

        base = seconds(charts)
        row(f"{k:,} cycles", "baseline: 2 charts per cycle", base, base)
        row(f"{k:,} cycles", "build and study the ramp", took, base)
        found = seconds(lambda ini=built: cp.find_imbalances(ini))
        row(f"{k:,} cycles", "find_imbalances (every study warned)", found, base)
        if previous is not None:
            print(
                f"{'':>12} {'growth of find_imbalances':<44}{found / previous:>9.1f}x"
            )
        previous = found

    for b in (10, 100, 1_000):
        cycle = watching(b)
        series = values(200, shift_at=100)

        def each(b: int = b, series: list[float] = series) -> None:
            for _ in range(b):
                cp.run_chart(series, freeze=100)
                cp.xmr(series, improvement="decrease", fix_after=100)

        base = seconds(each)
        row(f"{b:,} watched", "baseline: 2 charts per measure", base, base)
        row(
            f"{b:,} watched",
            "Cycle.study",
            seconds(lambda c=cycle: c.study(by={"mo"})),
            base,
        )


if __name__ == "__main__":
    main()
