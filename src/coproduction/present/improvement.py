"""Continuous improvement for people to read: the ramps of PDSA cycles, and "you said, we did"."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

from coproduction._words import amount, long_date
from coproduction.analysis.feedback import FeedbackRow
from coproduction.improvement import Cycle, Measure, Prediction
from coproduction.initiative import Initiative

__all__ = ["cycles_text", "predicted", "you_said_we_did_text"]


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
    initiative = initiative.snapshot()  # a still picture: never a change half made
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
            lines += _cycle_details(cycle, initiative)
    return "\n".join(lines)


def _cycle_details(cycle: Cycle, initiative: Initiative) -> list[str]:
    lines = [f"    Objective: {cycle.objective}"] if cycle.objective else []
    lines += [
        f"    Predicts: {predicted(p, _measure(initiative, p.measure))}"
        for p in cycle.predictions
    ]
    result = cycle.study_result
    for r in result.predictions if result is not None else ():
        lines.append(f"    Study ({_VERDICTS[r.met]}): {r.sentence}")
    for w in result.warnings if result is not None else ():
        lines.append(f"    Balancing warning: {w.sentence}")
    if cycle.rationale:
        lines.append(f"    Act: {cycle.rationale}")
    return lines


_VERDICTS: Final = {True: "met", False: "not met", None: "too early to tell"}


def _measure(initiative: Initiative, id: str) -> Measure | None:
    return next((m for m in initiative.measures if m.id == id), None)


def predicted(prediction: Prediction, measure: Measure | None = None) -> str:
    """What a prediction says, in words that follow "Predicts": the measure and what it should do.

    Examples:
        >>> import coproduction as cp
        >>> falls = cp.Measure(id="falls", name="Falls", kind="balancing",
        ...                    unit="falls", improvement="decrease")
        >>> predicted(cp.Prediction(measure="falls", target=5), falls)
        'falls to be at most 5 falls'
        >>> predicted(cp.Prediction(measure="falls", direction="stay_below", target=5), falls)
        'falls to stay at or below 5 falls'
        >>> predicted(cp.Prediction(measure="sat", direction="increase", target=75))
        "measure 'sat' to rise to at least 75"

    Added in 0.2.
    """
    name = measure.name if measure is not None else f"measure {prediction.measure!r}"
    unit = measure.unit if measure is not None else ""
    if name[:1].isupper() and not name[1:2].isupper():
        name = name[:1].lower() + name[1:]
    target = prediction.target
    level = "" if target is None else amount(target, unit)
    match prediction.direction:
        case "stay_below":
            return f"{name} to stay at or below {level}"
        case "stay_above":
            return f"{name} to stay at or above {level}"
        case "increase" | "decrease" as way:
            moves, bound = (
                ("rise", "at least") if way == "increase" else ("fall", "at most")
            )
            return f"{name} to {moves}" + (f" to {bound} {level}" if level else "")
    better = None if measure is None else measure.improvement
    bound = {"increase": "at least ", "decrease": "at most "}.get(better or "", "")
    return f"{name} to be {bound}{level}"


def you_said_we_did_text(
    rows: Iterable[FeedbackRow] | Iterable[Mapping[str, Any]],
) -> str:
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
