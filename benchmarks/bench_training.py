"""How fast exercises are worked out and answers checked, including the hard shapes.

Run: python benchmarks/bench_training.py

1. The course: every bundled exercise's answer worked out, and its reference answer
   checked, against loading the same scenarios (the step each answer needs first).
2. A long answer in a large scenario: one decision with n people on it, a question
   whose answer is all n, answered with all n names in one string. The baseline, in
   the same run, is one pass over the names: folding the case and spaces of each and looking it
   up in a dict. A step that grows faster than the answer shows as a growing ratio.
3. A long answer of unknown words: nothing to find, so every stretch is tried.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import coproduction as cp
from coproduction import training


def seconds(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def course() -> None:
    names = sorted({ex.scenario for ex in training.list_exercises()})
    base = seconds(lambda: [cp.scenarios.load_bundled(n) for n in names])

    def work() -> None:
        for ex in training.list_exercises():
            if not ex.check(ex.answer).right:
                raise SystemExit(f"{ex.id}: its own answer does not check")

    took = seconds(work)
    count = len(training.list_exercises())
    print(f"course: {count} exercises on {len(names)} scenarios")
    print(f"  baseline: load the {len(names)} scenarios   {base:8.3f} s")
    print(f"  work out and check every answer  {took:8.3f} s  {took / base:6.1f}x")


def crowd(n: int) -> cp.Initiative:
    ini = cp.Initiative(id="crowd", title="A large residents' meeting")
    for i in range(n):
        ini.add_stakeholder(
            cp.Stakeholder(id=f"p{i}", name=f"Resident {i} Surname{i}", kind="person")
        )
    ini.add_stakeholder(cp.Stakeholder(id="mgr", name="Mo Manager", kind="manager"))
    ini.record_decision(
        cp.Decision(
            id="d1",
            title="Open the garden at weekends",
            level="co_producing",
            rule="consensus",
            date=dt.date(2026, 5, 1),
            contributions=[
                cp.Contribution(by=f"p{i}", action="supported") for i in range(n)
            ],
        )
    )
    return ini


def long_answers() -> None:
    print(f"{'people':>8} {'step':<34}{'seconds':>9}{'x baseline':>12}")
    for n in (100, 1_000, 10_000):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "crowd.yaml"
            path.write_text(cp.dumps(crowd(n)), encoding="utf-8")
            ex = training.Exercise(
                id="voice",
                scenario=path,
                question="Who was heard?",
                theme="empowerment",
                analysis={"voice": "d1"},
            )
            ex.check("")  # work out the answer now, while the file is there
        names = [f"Resident {i} Surname{i}" for i in range(n)]
        text = ", ".join(names)
        lookup = {name.casefold(): name for name in names}
        base = seconds(
            lambda names=names, lookup=lookup: [
                lookup[" ".join(x.casefold().split())] for x in names
            ]
        )
        right = seconds(lambda ex=ex, text=text: ex.check(text))
        print(f"{n:>8,} {'baseline: fold and look up':<34}{base:>9.4f}{1:>11.1f}x")
        print(
            f"{n:>8,} {'check: all names in one string':<34}{right:>9.4f}{right / base:>11.1f}x"
        )
        unknown = ", ".join(f"someone {i} unknown" for i in range(n))
        wrong = seconds(lambda ex=ex, unknown=unknown: ex.check(unknown))
        print(
            f"{n:>8,} {'check: n words it cannot place':<34}{wrong:>9.4f}{wrong / base:>11.1f}x"
        )


def main() -> None:
    print(f"coproduction {cp.__version__}")
    course()
    long_answers()


if __name__ == "__main__":
    main()
