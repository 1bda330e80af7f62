"""Continuous improvement for people to read: the ramps of PDSA cycles, and "you said, we did"."""

from __future__ import annotations

from typing import Any

from coproduction._words import long_date
from coproduction.improvement import Cycle
from coproduction.initiative import Initiative

__all__ = ["cycles_text", "you_said_we_did_text"]


def cycles_text(initiative: Initiative) -> str:
    """Each ramp of PDSA cycles: every cycle's phase, predictions and what the Study found.

    Examples:
        >>> import coproduction as cp
        >>> ini = cp.Initiative(id="oak", title="Meals",
        ...     change_ideas=[cp.ChangeIdea(id="curry", title="A curry night")])
        >>> cycle = ini.start_cycle(id="c1", change_idea="curry")
        >>> print(cycles_text(ini))
        Meals (oak): 1 PDSA cycle in 1 ramp
        <BLANKLINE>
        Ramp 1: A curry night (curry)
          c1  new

    Added in 0.1.
    """
    ramps = initiative.ramps()
    count = len(initiative.cycles)
    plural = ("s" if count != 1 else "", "s" if len(ramps) != 1 else "")
    heading = (
        f"{initiative.title or initiative.id} ({initiative.id}): {count} PDSA "
        f"cycle{plural[0]} in {len(ramps)} ramp{plural[1]}"
    )
    lines = [heading]
    shown: set[str] = set()
    for n, ramp in enumerate(ramps, start=1):
        idea = initiative.change_idea(ramp[0].change_idea)
        lines += ["", f"Ramp {n}: {idea.title} ({idea.id})"]
        for cycle in ramp:
            if cycle.id in shown:
                lines.append(f"  {cycle.id}  (shown above)")
                continue
            shown.add(cycle.id)
            phase = cycle.phase.value
            if cycle.outcome is not None:
                phase += f": {cycle.outcome.value}"
            lines.append(f"  {cycle.id}  {phase}")
            lines += _cycle_details(cycle)
    return "\n".join(lines)


def _cycle_details(cycle: Cycle) -> list[str]:
    lines = [f"    Objective: {cycle.objective}"] if cycle.objective else []
    for p in cycle.predictions:
        expected: str = p.direction or ""
        if p.target is not None:
            expected = f"{expected} to {p.target:g}".strip()
        lines.append(f"    Predicts: {p.measure} {expected}")
    result = cycle.study_result
    for r in result.predictions if result is not None else ():
        verdict = "met" if r.met else "not met"
        lines.append(f"    Study ({verdict}): {r.sentence}")
    if cycle.rationale:
        lines.append(f"    Act: {cycle.rationale}")
    return lines


def you_said_we_did_text(rows: list[dict[str, Any]]) -> str:
    """The rows of `you_said_we_did` as text, one block per piece of feedback.

    Examples:
        >>> import datetime as dt
        >>> print(you_said_we_did_text([{"feedback": "f1", "said": "More trips out",
        ...     "by": "Alice", "received": dt.date(2026, 3, 2), "theme": "activities",
        ...     "status": "answered", "done": ["Monthly minibus trips"],
        ...     "when": dt.date(2026, 3, 20), "who": ["Mo"]}]))
        You said (Alice, 2 March 2026): More trips out
          We did (answered, 20 March 2026, Mo): Monthly minibus trips

    Added in 0.1.
    """
    blocks = []
    for row in rows:
        received = row["received"]
        said = f"You said ({row['by']}, {long_date(received)}): {row['said']}"
        if not row["done"]:
            blocks.append(f"{said}\n  Nothing recorded yet (open).")
            continue
        when = row["when"]
        who = ", ".join(row["who"])
        detail = ", ".join(x for x in (row["status"], long_date(when), who) if x)
        blocks.append(f"{said}\n  We did ({detail}): {'; '.join(row['done'])}")
    return "\n".join(blocks)
