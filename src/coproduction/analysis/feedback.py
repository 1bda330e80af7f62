"""The feedback loop: "you said, we did"."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from typing import Any, Final

from attrs import frozen

from coproduction._display import render as render_html_display
from coproduction.improvement import Cycle, Outcome, Phase
from coproduction.initiative import Initiative
from coproduction.model import Response, ResponseKind

__all__ = ["STATUSES", "FeedbackRow", "FeedbackRows", "you_said_we_did"]

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


@frozen(kw_only=True)
class FeedbackRow:
    """One piece of feedback and what became of it: a row of `you_said_we_did`.

    Its fields read as attributes or by name, as a mapping's would (``row["status"]``).

    Examples:
        >>> import datetime as dt
        >>> row = FeedbackRow(feedback="f1", said="More trips out", by="Alice",
        ...     received=dt.date(2026, 3, 2), theme="", status="open", done=(),
        ...     when=None, who=())
        >>> row.status, row["said"]
        ('open', 'More trips out')

    Added in 0.2.
    """

    feedback: str
    """The feedback's id."""
    said: str
    """What was said."""
    by: str
    """The name of who said it, or "anonymous"."""
    received: dt.date
    """When it was received."""
    theme: str
    """Its theme, or "" if it has none."""
    status: str
    """What became of it: one of `STATUSES`."""
    done: tuple[str, ...]
    """What was done, in the order recorded."""
    when: dt.date | None
    """The latest response's date, or None."""
    who: tuple[str, ...]
    """The names of those who did it, sorted."""

    def __getitem__(self, name: str) -> Any:
        """A field by name, so that ``row["status"]`` reads as ``row.status``.

        Raises:
            KeyError: If the row has no such field.
        """
        if name not in _ROW_FIELDS:
            raise KeyError(name)
        return getattr(self, name)


_ROW_FIELDS: Final = frozenset(
    ("feedback", "said", "by", "received", "theme", "status", "done", "when", "who")
)


class FeedbackRows(tuple[FeedbackRow, ...]):
    """The rows of `you_said_we_did`: a tuple that shows as a table in a notebook.

    Examples:
        >>> import coproduction as cp
        >>> rows = cp.you_said_we_did(cp.scenarios.load_bundled("service_review_activities"))
        >>> isinstance(rows, tuple), "<table" in rows._repr_html_()
        (True, True)

    Added in 0.2.
    """

    __slots__ = ()

    def _repr_html_(self) -> str | None:
        """How Jupyter shows it: the HTML that `coproduction.present.html` registered."""
        return render_html_display(self)


def you_said_we_did(initiative: Initiative) -> FeedbackRows:
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
        `FeedbackRow` records, in a `FeedbackRows` tuple that shows as a table in a
        notebook, with ``feedback`` (id), ``said``, ``by`` (the name, or
        "anonymous"), ``received``, ``theme``, ``status``, ``done`` (what was done, in
        the order recorded), ``when`` (the latest response's date, or None) and ``who``
        (the names of those who did it, sorted). A field reads as an attribute or by
        name: ``row.status`` or ``row["status"]``.

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

    Added in 0.1. Rows are `FeedbackRow` records (they were dicts) since 0.2.
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
            FeedbackRow(
                feedback=f.id,
                said=f.text,
                by=names[f.by] if f.by else "anonymous",
                received=f.received,
                theme=f.theme,
                status=_status(initiative, responses, testing, order),
                done=tuple(r.action for r in responses),
                when=max((r.date for r in responses), default=None),
                who=tuple(sorted({names[p] for r in responses for p in r.by})),
            )
        )
    return FeedbackRows(rows)


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
