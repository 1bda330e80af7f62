"""The feedback loop: "you said, we did"."""

from __future__ import annotations

from typing import Any, Final

from coproduction.improvement import Cycle, Outcome, Phase
from coproduction.initiative import Initiative

__all__ = ["STATUSES", "you_said_we_did"]

STATUSES: Final = (
    "open",
    "being_tested",
    "adopted",
    "adapted",
    "abandoned",
    "answered",
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
    - ``answered``: there is a response, but no cycle tests it.

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

    See Also:
        `find_imbalances`, whose `feedback_unanswered` finding flags old open rows.

    Added in 0.1.
    """
    rows = []
    for f in initiative.feedback:
        responses = initiative.responses_to(f.id)
        who = sorted({initiative.stakeholder(p).name for r in responses for p in r.by})
        rows.append(
            {
                "feedback": f.id,
                "said": f.text,
                "by": initiative.stakeholder(f.by).name if f.by else "anonymous",
                "received": f.received,
                "theme": f.theme,
                "status": _status(initiative, responses),
                "done": [r.action for r in responses],
                "when": max((r.date for r in responses), default=None),
                "who": who,
            }
        )
    return rows


def _status(initiative: Initiative, responses: tuple[Any, ...]) -> str:
    if not responses:
        return "open"
    linked: list[Cycle] = []
    for r in responses:
        if r.cycle is not None:
            linked.append(initiative.cycle(r.cycle))
        if r.change_idea is not None:
            linked += [c for c in initiative.cycles if c.change_idea == r.change_idea]
    if not linked:
        return "answered"
    latest = max(linked, key=lambda c: (c.events[-1].at, initiative.cycles.index(c)))
    if latest.phase is Phase.ACTED and latest.outcome is not None:
        return _AFTER_ACT[latest.outcome]
    return "being_tested"
