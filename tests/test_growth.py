"""No step is quadratic: the work grows in proportion to the record, counted, not timed.

Each operation runs on an initiative of size k and of size 4k, in which every count
grows together (people, professionals, relatives, meetings, decisions, feedback,
responses, care plans, observations), so that a step doing work for each pair of two
counts (meetings x decisions, people x decisions, decisions x feedback) grows sixteen
times instead of four. The work is the number of lines of the library's own code that
run, counted with a tracer: the same on any machine, however busy.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

import coproduction as cp
from coproduction.present.report import render

PACKAGE = str(Path(cp.__file__).parent)
DAY = dt.date(2025, 1, 1)
LINEAR = 4 * 1.3
"""Allowed growth for four times the record: linear, with room for n log n sorting."""


def grown(k: int) -> cp.Initiative:
    """An initiative in which every count is a multiple of `k`."""
    people = [
        cp.Stakeholder(
            id=f"p{i}",
            name=f"Person {i}",
            access_needs={"hearing_loop"} if i % 3 == 0 else set(),
            characteristics={"ethnicity": "ab"[i % 2]},
        )
        for i in range(10 * k)
    ]
    relatives = [
        cp.Stakeholder(
            id=f"r{i}", name=f"Relative {i}", kind="family_carer", represents={f"p{i}"}
        )
        for i in range(k)
    ]
    staff = [
        cp.Stakeholder(id=f"s{i}", name=f"Staff {i}", kind="care_worker")
        for i in range(3 * k)
    ]
    ids = [s.id for s in people + staff]
    meetings = [
        cp.Meeting(
            id=f"m{i}",
            date=DAY + dt.timedelta(days=i),
            attendees={ids[i % len(ids)], ids[(i * 7) % len(ids)]},
        )
        for i in range(5 * k)
    ]

    def contributions(i: int) -> list[cp.Contribution]:
        made = [
            cp.Contribution(
                by=ids[(i * 5 + j) % len(ids)],
                action=["proposed", "spoke", "objected", "voted_for", "decided"][j],
                adopted=j == i % 5,
            )
            for j in range(5)
        ]
        if i % 4 == 0:
            made.append(
                cp.Contribution(
                    by=f"r{i % k}", action="spoke", on_behalf_of=f"p{i % k}"
                )
            )
        return made

    decisions = [
        cp.Decision(
            id=f"d{i}",
            title=f"Decision {i}",
            level="co_producing",
            rule=["consensus", "majority", "single_decider"][i % 3],
            meeting=f"m{i % (5 * k)}",
            affects={ids[(i * 11) % len(ids)]},
            contributions=contributions(i),
        )
        for i in range(20 * k)
    ]
    feedback = [
        cp.Feedback(
            id=f"f{i}",
            received=DAY + dt.timedelta(days=i),
            text=f"Feedback {i}",
            by=ids[i % len(ids)],
        )
        for i in range(10 * k)
    ]
    responses = [
        cp.Response(
            feedback=f"f{i}",
            date=DAY + dt.timedelta(days=i + 5),
            action="Done",
            decision=f"d{i}",
        )
        for i in range(0, 10 * k, 2)
    ]
    care_plans = [
        cp.CarePlan(
            id=f"cp{i}",
            person=f"p{i}",
            items=[
                cp.CarePlanItem(
                    area="Sleep", text="Lights out at ten", agreed_by={f"p{i}"}
                )
            ],
        )
        for i in range(k)
    ]
    return cp.Initiative(
        id="grown",
        population={"ethnicity": {"a": 10, "b": 10, "c": 5}},
        stakeholders=people + relatives + staff,
        roles=[cp.Role(id="member"), cp.Role(id="chair", veto=True)],
        memberships=[cp.Membership(stakeholder=i, role="member") for i in ids[:12]]
        + [cp.Membership(stakeholder="s0", role="chair")],
        meetings=meetings,
        decisions=decisions,
        feedback=feedback,
        responses=responses,
        care_plans=care_plans,
        measures=[cp.Measure(id="m", name="Measure", kind="outcome", unit="%")],
        observations=[
            cp.Observation(measure="m", at=DAY + dt.timedelta(days=i), value=float(i))
            for i in range(10 * k)
        ],
    )


def lines_run(action: Callable[[], Any]) -> int:
    """How many lines of the library's own code run during `action()`."""
    count = 0

    def local(frame: FrameType, event: str, arg: Any) -> Any:  # noqa: ARG001
        nonlocal count
        if event == "line":
            count += 1
        return local

    def call(frame: FrameType, event: str, arg: Any) -> Any:  # noqa: ARG001
        return local if frame.f_code.co_filename.startswith(PACKAGE) else None

    previous = sys.gettrace()
    sys.settrace(call)
    try:
        action()
    finally:
        sys.settrace(previous)
    return count


SMALL, LARGE = grown(2), grown(8)
TEXT = {id(SMALL): cp.dumps(SMALL), id(LARGE): cp.dumps(LARGE)}
DATA = {id(SMALL): cp.to_dict(SMALL), id(LARGE): cp.to_dict(LARGE)}

OPERATIONS: dict[str, Callable[[cp.Initiative], Any]] = {
    "find_imbalances": cp.find_imbalances,
    "influence_graph": cp.influence_graph,
    "influence_shares": cp.influence_shares,
    "participation_summary": cp.participation_summary,
    "observed levels": lambda ini: [
        cp.observed_level(ini, d.id) for d in ini.decisions
    ],
    "you_said_we_did": cp.you_said_we_did,
    "validate": lambda ini: ini.validate(),
    "to_dict": cp.to_dict,
    "from_dict": lambda ini: cp.from_dict(cp.Initiative, DATA[id(ini)]),
    "dumps": cp.dumps,
    "loads": lambda ini: cp.loads(TEXT[id(ini)]),
    "report (text, JSON and HTML)": lambda ini: [
        render(cp.find_imbalances(ini), format, ini)
        for format in ("text", "json", "html")
    ],
}


@pytest.mark.parametrize("name", OPERATIONS)
def test_work_grows_in_proportion(name):
    operation = OPERATIONS[name]
    small = lines_run(lambda: operation(SMALL))
    large = lines_run(lambda: operation(LARGE))
    assert large <= LINEAR * small, (
        f"{name}: {large:,} lines for 4x the record, against {small:,}"
    )


def test_the_record_grows_fourfold():
    """The two sizes really are four times apart in every count the checks rely on."""
    for name in ("stakeholders", "meetings", "decisions", "feedback", "responses"):
        assert len(getattr(LARGE, name)) == 4 * len(getattr(SMALL, name)), name


def test_a_quadratic_step_is_caught():
    """The measure itself: a step doing work for each meeting and decision is flagged.

    The step is compiled under a file name inside the package, so that the tracer
    counts it as the library's own code.
    """
    code = compile(
        "def run(ini):\n"
        "    n = 0\n"
        "    for m in ini.meetings:\n"
        "        for d in ini.decisions:\n"
        "            n += d.meeting == m.id\n"
        "    return n\n",
        str(Path(PACKAGE) / "quadratic_example.py"),
        "exec",
    )
    namespace: dict[str, Any] = {}
    exec(code, namespace)  # noqa: S102  # a fixed snippet, to be traced as library code
    small = lines_run(lambda: namespace["run"](SMALL))
    large = lines_run(lambda: namespace["run"](LARGE))
    assert large > LINEAR * small
