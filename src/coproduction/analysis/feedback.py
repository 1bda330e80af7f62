"""The feedback loop: "you said, we did"."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any, Final

from coproduction.improvement import Cycle, Outcome, Phase
from coproduction.initiative import Initiative
from coproduction.model import Response, ResponseKind

__all__ = ["STATUSES", "you_said_we_did"]

STATUSES: Final = (
    "open",
    "being_tested",
    "adopted",
    "adapted",
    "abandoned",
    "answered",
    "declined",
    "holding",
)
"""What can have become of a piece of feedback."""

_AFTER_ACT: Final = {
    Outcome.ADOPT: "adopted",
    Outcome.ADAPT: "adapted",
    Outcome.ABANDON: "abandoned",
}


def you_said_we_did(initiative: Initiative) -> list[dict[str, Any]]:
    """One row per piece of feedback: what was said, by whom, and what became of it.

    A row's ``status`` is:

    - ``open``: nothing has been recorded in response;
    - ``being_tested``: a response points to a PDSA cycle (or a change idea with a
      cycle) that is still under way;
    - ``adopted``, ``adapted`` or ``abandoned``: the latest such cycle was acted on so;
    - ``answered``: something was done about it, and no cycle tests it;
    - ``declined``: the latest answer said no, and why, and no cycle tests it;
    - ``holding``: only holding replies ("we'll look at it again") were sent: not yet
      an answer.

    Returns:
        Rows with ``feedback`` (id), ``said``, ``by`` (the name, or "anonymous"),
        ``received``, ``theme``, ``status``, ``done`` (what was done, in the order
        recorded), ``when`` (the latest response's date, or None) and ``who`` (the names
        of those who did it, sorted).

    Examples:
        >>> import coproduction as cp
        >>> rows = cp.you_said_we_did(cp.scenarios.load_bundled("service_review_activities"))
        >>> {r["status"] for r in rows} <= set(cp.analysis.STATUSES)
        True
        >>> [r["status"] for r in rows if r["feedback"] == "f3-mens-group"]
        ['open']
        >>> import datetime as dt
        >>> ini = cp.Initiative(id="x", feedback=[
        ...     cp.Feedback(id="f1", received=dt.date(2026, 3, 2), text="A pond?")])
        >>> ini.respond(cp.Response(feedback="f1", date=dt.date(2026, 3, 9),
        ...     action="We will look at it again in May", kind="holding"))
        >>> [r["status"] for r in cp.you_said_we_did(ini)]
        ['holding']
        >>> ini.respond(cp.Response(feedback="f1", date=dt.date(2026, 5, 4),
        ...     action="No: the garden floods in winter", kind="declined"))
        >>> [r["status"] for r in cp.you_said_we_did(ini)]
        ['declined']

    See Also:
        `find_imbalances`, whose `feedback_unanswered` finding flags old open rows.

    Added in 0.1.
    """
    initiative = initiative.snapshot()  # a still picture: never a change half made
    responses_to: dict[str, list[Response]] = defaultdict(list)
    for r in initiative.responses:
        responses_to[r.feedback].append(r)
    cycles = initiative.cycles
    testing: dict[str, list[Cycle]] = defaultdict(list)  # change idea -> its cycles
    for c in cycles:
        testing[c.change_idea].append(c)
    order = {c.id: i for i, c in enumerate(cycles)}
    names = {s.id: s.name for s in initiative.stakeholders}
    rows = []
    for f in initiative.feedback:
        responses = responses_to.get(f.id, [])
        rows.append(
            {
                "feedback": f.id,
                "said": f.text,
                "by": names[f.by] if f.by else "anonymous",
                "received": f.received,
                "theme": f.theme,
                "status": _status(initiative, responses, testing, order),
                "done": [r.action for r in responses],
                "when": max((r.date for r in responses), default=None),
                "who": sorted({names[p] for r in responses for p in r.by}),
            }
        )
    return rows


def _status(
    initiative: Initiative,
    responses: list[Response],
    testing: Mapping[str, list[Cycle]],
    order: Mapping[str, int],
) -> str:
    if not responses:
        return "open"
    linked: list[Cycle] = []
    for r in responses:
        if r.cycle is not None:
            linked.append(initiative.cycle(r.cycle))
        if r.change_idea is not None:
            linked += testing.get(r.change_idea, [])
    if not linked:
        answers = [r for r in responses if r.kind is not ResponseKind.HOLDING]
        if not answers:
            return "holding"
        latest_answer = max(enumerate(answers), key=lambda ir: (ir[1].date, ir[0]))[1]
        return "declined" if latest_answer.kind is ResponseKind.DECLINED else "answered"
    latest = max(linked, key=lambda c: (c.events[-1].at, order[c.id]))
    if latest.phase is Phase.ACTED and latest.outcome is not None:
        return _AFTER_ACT[latest.outcome]
    return "being_tested"
