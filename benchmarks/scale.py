"""Does the analysis scale linearly? Synthetic initiatives up to a million contributions.

Run: python benchmarks/scale.py [--sizes 10000 100000 1000000] [--no-memory]

Two shapes, each at every size:

- ``meetings``: many meetings. About 10 contributions a decision and 10 decisions a
  meeting, so 10^4 meetings and 10^5 decisions at 10^6 contributions.
- ``people``: many people and few meetings. Twelve meetings in all, one stakeholder for
  every 20 contributions (50,000 people at 10^6), each decision affecting several.

People and professionals grow with the size; twelve hold roles (a committee); some
people have access needs, a relative who speaks for them, and feedback with responses.

Every figure is compared with a baseline timed in the same run on the same data, so the
ratios hold on a slower or busier machine:

- `find_imbalances` against one pass that counts each stakeholder's contributions in a
  dict: the least work any analysis of the record must do (target: at most 20x);
- its growth from 10^5 to 10^6 contributions (target: at most 12x, linear is 10x);
- `influence_graph` plus `find_imbalances` against bare networkx building a
  MultiDiGraph from the same (by, decision, action) tuples (target: at most 3x at 10^6);
- `load` of the YAML text at 10^5 against PyYAML's ``yaml.load(text, CSafeLoader)``,
  which builds plain data only (target: at least 2.5x faster);
- `dump` at 10^5 against ``yaml.dump(to_dict(x), Dumper=CSafeDumper)`` (target: no
  slower);
- peak memory of `load` then `find_imbalances` in a fresh process, above what importing
  the library takes, per contribution (target: at most 1.5 KB). The text is handed to
  that process on its standard input.

It prints one table (Markdown, to paste into the docs) and writes nothing else; each
row is echoed to stderr as it is measured.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import itertools
import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

import networkx as nx
import yaml

import coproduction as cp

SHAPES = ("meetings", "people")
ACTIONS = (
    ["spoke"] * 3
    + ["proposed"] * 2
    + ["supported"] * 2
    + ["objected", "voted_for", "voted_against", "consulted", "attended", "decided"]
)
PRESENT = {"attended", "informed"}  # being there puts nothing forward to adopt
KINDS = ["care_worker", "manager", "health_professional", "social_worker"]
NEEDS = ["hearing_loop", "easy_read", "large_print", "step_free_access"]
LEVELS = ["consulting", "engaging", "co_designing", "co_producing"]
RULES = ["consensus", "consent", "majority", "single_decider"]
START = dt.date(2020, 1, 1)

MEMORY_CHILD = """
import sys
import coproduction as cp

def peak():  # the process's high-water mark of resident memory, in bytes (Linux)
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024

before = peak()
text = sys.stdin.read()
ini = cp.loads(text, max_bytes=len(text.encode()))
del text
report = cp.find_imbalances(ini)
print(peak() - before)
"""
# VmHWM, not getrusage's ru_maxrss: a child forked from this (large) process starts
# with the parent's ru_maxrss, whereas exec gives it a new high-water mark.


def synthetic(contributions: int, shape: str, seed: int = 1) -> cp.Initiative:
    """A consistent initiative of about `contributions` contributions in `shape`."""
    rng = random.Random(seed)
    decisions = max(1, contributions // 10)
    if shape == "meetings":
        n_people, n_meetings = max(20, contributions // 1_000), max(1, decisions // 10)
    else:
        n_people, n_meetings = max(20, contributions // 20), 12
    n_staff = max(5, n_people // 10)
    people = [
        cp.Stakeholder(
            id=f"p{i}",
            name=f"Person {i}",
            access_needs={rng.choice(NEEDS)} if rng.random() < 0.1 else set(),
            characteristics={"ethnicity": rng.choice(["a", "b", "c", "d"])},
        )
        for i in range(n_people)
    ]
    relatives = [
        cp.Stakeholder(
            id=f"r{i}", name=f"Relative {i}", kind="family_carer", represents={p.id}
        )
        for i, p in enumerate(people[: max(1, n_people // 20)])
    ]
    staff = [
        cp.Stakeholder(id=f"s{i}", name=f"Staff {i}", kind=rng.choice(KINDS))
        for i in range(n_staff)
    ]
    ids = [s.id for s in people + staff]
    roles = [cp.Role(id="member"), cp.Role(id="chair", votes=2, veto=True)]
    committee = [p.id for p in people[:8]] + [s.id for s in staff[:3]]
    memberships = [cp.Membership(stakeholder=s, role="member") for s in committee]
    memberships.append(cp.Membership(stakeholder=staff[3].id, role="chair"))
    meetings = [
        cp.Meeting(
            id=f"m{i}",
            date=START + dt.timedelta(days=i % 3000),
            attendees=set(rng.sample(ids, min(20, len(ids)))),
            accommodations={rng.choice(NEEDS)},
        )
        for i in range(n_meetings)
    ]
    return cp.Initiative(
        id=f"scale-{shape}",
        title=f"{contributions:,} contributions, many {shape}",
        population={"ethnicity": {"a": 50, "b": 30, "c": 15, "d": 4, "e": 1}},
        stakeholders=people + relatives + staff,
        roles=roles,
        memberships=memberships,
        meetings=meetings,
        decisions=[
            _decision(
                rng,
                i,
                meeting=meetings[i % n_meetings],
                ids=ids,
                relatives=relatives,
                shape=shape,
            )
            for i in range(decisions)
        ],
        feedback=[
            cp.Feedback(
                id=f"f{i}",
                received=START + dt.timedelta(days=i % 3000),
                text=f"Feedback {i}",
                by=rng.choice(ids),
            )
            for i in range(max(1, contributions // 100))
        ],
        responses=[
            cp.Response(
                feedback=f"f{i}",
                date=START + dt.timedelta(days=i % 3000 + 10),
                action="Talked it through",
                by={rng.choice(ids)},
            )
            for i in range(0, max(1, contributions // 100), 2)
        ],
    )


def _decision(
    rng: random.Random,
    i: int,
    *,
    meeting: cp.Meeting,
    ids: list[str],
    relatives: list[cp.Stakeholder],
    shape: str,
) -> cp.Decision:
    # One decision in five is a choice among three options, voted on or decided.
    options = (
        [cp.Option(id=o, proposed_by={rng.choice(ids)}) for o in ("a", "b", "c")]
        if rng.random() < 0.2
        else []
    )
    voted: set[str] = set()
    contributions = []
    for _ in range(10):
        by, action = rng.choice(ids), rng.choice(ACTIONS)
        if action.startswith("voted"):
            if by in voted:
                action = "supported"  # one vote per person per option
            voted.add(by)
        contributions.append(
            cp.Contribution(
                by=by,
                action=action,
                adopted=action not in PRESENT and rng.random() < 0.3,
                option=rng.choice(options).id if options else None,
            )
        )
    if rng.random() < 0.2:
        relative = rng.choice(relatives)
        (person,) = relative.represents
        contributions[0] = cp.Contribution(
            by=relative.id, action="spoke", on_behalf_of=person
        )
    # Most decisions affect people who took part; one in ten affects someone who did
    # not, so that affected_absent findings grow with the size too.
    took_part = sorted({c.on_behalf_of or c.by for c in contributions})
    pool = took_part if rng.random() < 0.9 else ids
    return cp.Decision(
        id=f"d{i}",
        title=f"Decision {i}",
        level=rng.choice(LEVELS),
        rule=rng.choice(RULES),
        meeting=meeting.id,
        affects=set(rng.sample(pool, min(len(pool), 3 if shape == "people" else 1))),
        options=options,
        contributions=contributions,
    )


def committee(members: int) -> cp.Initiative:
    """A large committee: members with 1, 2 or 3 votes, and a chair with a veto."""
    people = [cp.Stakeholder(id=f"p{i}", name=f"Person {i}") for i in range(members)]
    chair = cp.Stakeholder(id="chair", name="Chair", kind="manager")
    return cp.Initiative(
        id="committee",
        stakeholders=[*people, chair],
        roles=[cp.Role(id=f"v{k}", votes=k) for k in (1, 2, 3)]
        + [cp.Role(id="chair", veto=True)],
        memberships=[
            cp.Membership(stakeholder=p.id, role=f"v{1 + i % 3}")
            for i, p in enumerate(people)
        ]
        + [cp.Membership(stakeholder="chair", role="chair")],
    )


def seconds(action: Callable[[], object], repeat: int = 1) -> float:
    """The best of `repeat` timings of `action`, with the collector run before each."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def one_pass(ini: cp.Initiative) -> dict[str, int]:
    """The baseline: each stakeholder's contributions counted in one pass."""
    counts: dict[str, int] = {}
    for d in ini.decisions:
        for c in d.contributions:
            counts[c.by] = counts.get(c.by, 0) + 1
    return counts


def bare_graph(triples: list[tuple[str, str, str]]) -> nx.MultiDiGraph[str]:
    """The baseline for the graph: networkx alone, from (by, decision, action) tuples."""
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    graph.add_edges_from((by, d, {"action": a}) for by, d, a in triples)
    return graph


def peak_bytes(text: str) -> int:
    """Peak memory of `load` then `find_imbalances` in a fresh process, above the import."""
    done = subprocess.run(  # noqa: S603  # this interpreter, on our own fixed script
        [sys.executable, "-c", MEMORY_CHILD],
        input=text,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(done.stderr)
    return int(done.stdout)


@dataclass
class Row:
    shape: str
    size: str
    step: str
    figure: str
    baseline: str
    ratio: str
    target: str
    met: bool | None


class Table:
    """The rows measured so far; each is echoed to stderr as it comes, to show progress."""

    def __init__(self) -> None:
        self.rows: list[Row] = []

    def timed(  # noqa: PLR0917  # one call per row reads best
        self, shape: str, size: int, step: str, took: float, base: float, limit: float
    ) -> None:
        """A time against a baseline; the target is a ratio at most `limit`."""
        ratio = took / base
        target = f"<= {limit:g}x" if limit >= 1 else f">= {1 / limit:g}x faster"
        self.add(
            Row(
                shape,
                f"{size:,}",
                step,
                f"{took:.3f} s",
                f"{base:.3f} s",
                f"{ratio:.2f}x",
                target,
                ratio <= limit,
            )
        )

    def add(self, row: Row) -> None:
        self.rows.append(row)
        print(
            "  ".join(str(v) for v in vars(row).values()), file=sys.stderr, flush=True
        )

    def markdown(self) -> str:
        head = "| shape | contributions | step | figure | baseline | ratio | target | met |"
        lines = [head, "|---|---:|---|---:|---:|---:|---|---|"]
        for r in self.rows:
            met = {True: "yes", False: "**no**", None: ""}[r.met]
            lines.append(
                f"| {r.shape} | {r.size} | {r.step} | {r.figure} | {r.baseline} "
                f"| {r.ratio} | {r.target} | {met} |"
            )
        return "\n".join(lines)


def measure_committees(table: Table) -> None:
    """formal_power on committees of 100, 200 and 400 members."""
    previous = 0.0
    for members in (100, 200, 400):
        ini = committee(members)
        took = seconds(lambda ini=ini: cp.formal_power(ini), repeat=3)
        growth = f"{took / previous:.2f}x for 2x the members" if previous else ""
        table.add(
            Row(
                "committee",
                f"{members} members",
                "formal_power",
                f"{took:.3f} s",
                "",
                growth,
                "",
                None,
            )
        )
        previous = took


def measure_shape(
    table: Table, shape: str, sizes: list[int], io_size: int, memory: bool
) -> None:
    """Every figure for one shape, each size measured in a fresh process of its own.

    A fresh process for each size keeps one measurement's heap (the objects and the
    holes the previous size left) from slowing the next, so sizes compare fairly.
    """
    found_in: dict[int, float] = {}
    counted_in: dict[int, float] = {}  # the one-pass baseline at each size
    for n in sizes:
        flags = ["--io"] * (n == io_size) + ["--memory"] * (memory and n == max(sizes))
        done = subprocess.run(  # noqa: S603  # this interpreter, this script
            [sys.executable, __file__, "--one", shape, str(n), *flags],
            stdout=subprocess.PIPE,
            text=True,
            check=True,
        )
        measured = json.loads(done.stdout)
        table.rows += [Row(**row) for row in measured["rows"]]
        found_in[n], counted_in[n] = measured["find"], measured["count"]
    for small, large in itertools.pairwise(sorted(sizes)):
        growth = found_in[large] / found_in[small]
        limit = 1.2 * large / small
        table.add(
            Row(
                shape,
                f"{small:,} -> {large:,}",
                "growth of find_imbalances (baseline: of the one-pass count)",
                f"{growth:.2f}x",
                f"{counted_in[large] / counted_in[small]:.2f}x",
                "",
                f"<= {limit:g}x",
                growth <= limit,
            )
        )


def measure_one(shape: str, n: int, *, io: bool, memory: bool) -> None:
    """Measure one shape at one size, and print the rows as JSON for `measure_shape`."""
    table = Table()
    ini = synthetic(n, shape)
    count = sum(len(d.contributions) for d in ini.decisions)
    repeat = 5 if n <= 100_000 else 3  # small runs are the noisiest
    base = seconds(lambda: one_pass(ini), repeat=2 * repeat)
    found = seconds(lambda: cp.find_imbalances(ini), repeat=repeat)
    table.timed(shape, count, "find_imbalances / one-pass count", found, base, 20)
    triples = [
        (c.by, d.id, c.action.value) for d in ini.decisions for c in d.contributions
    ]
    bare = seconds(lambda: bare_graph(triples), repeat=2)
    both = seconds(lambda: (cp.influence_graph(ini), cp.find_imbalances(ini)), repeat=2)
    table.timed(
        shape, count, "influence_graph + find_imbalances / bare networkx", both, bare, 3
    )
    if io:
        measure_io(table, shape, count, ini)
    if memory:
        per = peak_bytes(cp.dumps(ini)) / count
        table.add(
            Row(
                shape,
                f"{count:,}",
                "peak memory of load + find_imbalances",
                f"{per:,.0f} B a contribution",
                "",
                "",
                "<= 1,536 B",
                per <= 1536,
            )
        )
    rows = [vars(row) for row in table.rows]
    print(json.dumps({"rows": rows, "find": found, "count": base}))


def measure_io(table: Table, shape: str, count: int, ini: cp.Initiative) -> None:
    """load and dump against PyYAML's own C loader and dumper on the same data."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = cp.dumps(ini)
    ours = seconds(lambda: cp.loads(text), repeat=2)
    theirs = seconds(lambda: yaml.load(text, Loader=loader), repeat=2)  # noqa: S506  # the safe loader
    table.timed(shape, count, "load / yaml.load(CSafeLoader)", ours, theirs, 1 / 2.5)
    ours = seconds(lambda: cp.dumps(ini), repeat=2)
    theirs = seconds(lambda: yaml.dump(cp.to_dict(ini), Dumper=dumper), repeat=2)
    table.timed(shape, count, "dump / yaml.dump(to_dict, CSafeDumper)", ours, theirs, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000]
    )
    parser.add_argument("--shapes", nargs="+", choices=SHAPES, default=list(SHAPES))
    parser.add_argument(
        "--io-size", type=int, default=100_000, help="the size to time load and dump at"
    )
    parser.add_argument(
        "--no-memory", action="store_true", help="skip the memory measurement"
    )
    parser.add_argument(
        "--one", nargs=2, metavar=("SHAPE", "SIZE"), help=argparse.SUPPRESS
    )
    parser.add_argument("--io", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--memory", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:  # a child of measure_shape
        measure_one(args.one[0], int(args.one[1]), io=args.io, memory=args.memory)
        return
    table = Table()
    measure_committees(table)
    for shape in args.shapes:
        measure_shape(table, shape, args.sizes, args.io_size, memory=not args.no_memory)
    print(
        f"coproduction {cp.__version__}, Python {sys.version.split()[0]}, "
        f"networkx {nx.__version__}, PyYAML {yaml.__version__}, "
        f"{os.cpu_count()} cores\n"
    )
    print(table.markdown())


if __name__ == "__main__":
    main()
