"""A short account of what an initiative holds: who, which roles, meetings, decisions, feedback."""

from __future__ import annotations

from collections import Counter
from typing import Any

from coproduction.initiative import Initiative
from coproduction.model import Level, Perspective, ResponseKind

__all__ = ["summary", "summary_text"]


def summary(initiative: Initiative) -> dict[str, Any]:
    """Counts that describe an initiative, as plain data.

    Returns:
        A dict with ``people`` (counts by perspective and by kind), ``roles`` (holders
        of each role), ``meetings``, ``decisions`` (by stated level), ``feedback``
        (received, answered) and ``care_plans``. Every perspective and level appears,
        with 0 where there is none, so tables line up across initiatives.

    Examples:
        >>> import coproduction as cp
        >>> s = summary(cp.scenarios.load_bundled("oak_house_meals"))
        >>> sorted(s)
        ['care_plans', 'decisions', 'feedback', 'id', 'meetings', 'people', 'roles', 'title']
        >>> sum(s["people"]["by_perspective"].values()) == sum(s["people"]["by_kind"].values())
        True

    Added in 0.1.
    """
    initiative = initiative.snapshot()  # a still picture: never a change half made
    people = initiative.stakeholders
    by_perspective = Counter(s.perspective for s in people)
    by_kind = Counter(s.kind for s in people)
    by_level = Counter(d.level for d in initiative.decisions)
    answered = {
        r.feedback
        for r in initiative.responses
        if r.kind is not ResponseKind.HOLDING  # a holding reply is not an answer
    }
    holders = Counter(m.role for m in initiative.memberships)
    return {
        "id": initiative.id,
        "title": initiative.title,
        "people": {
            "by_perspective": {p.value: by_perspective[p] for p in Perspective},
            "by_kind": dict(sorted(by_kind.items())),
        },
        "roles": {r.id: holders[r.id] for r in initiative.roles},
        "meetings": len(initiative.meetings),
        "decisions": {
            "total": len(initiative.decisions),
            "by_stated_level": {level.value: by_level[level] for level in Level},
        },
        "feedback": {
            "received": len(initiative.feedback),
            "answered": sum(1 for f in initiative.feedback if f.id in answered),
        },
        "care_plans": len(initiative.care_plans),
    }


def summary_text(initiative: Initiative) -> str:
    """The `summary` of an initiative as text for a terminal.

    Examples:
        >>> import coproduction as cp
        >>> ini = cp.Initiative(id="oak", title="Mealtimes", stakeholders=[
        ...     cp.Stakeholder(id="alice", name="Alice"),
        ...     cp.Stakeholder(id="mo", name="Mo", kind="manager")])
        >>> print(summary_text(ini))
        Mealtimes (oak)
        People: 2
          lived experience   1   person 1
          carer              0
          professional       1   manager 1
          advocacy           0
        Roles: none
        Meetings: 0
        Decisions: 0
        Feedback: 0 received, 0 answered
        Care plans: 0

    Added in 0.1.
    """
    initiative = initiative.snapshot()  # a still picture: never a change half made
    s = summary(initiative)
    people = initiative.stakeholders
    lines = [f"{s['title'] or s['id']} ({s['id']})", f"People: {len(people)}"]
    for perspective in Perspective:
        kinds = Counter(p.kind for p in people if p.perspective is perspective)
        listed = ", ".join(
            f"{k.replace('_', ' ')} {n}" for k, n in sorted(kinds.items())
        )
        count = s["people"]["by_perspective"][perspective.value]
        label = perspective.value.replace("_", " ")
        lines.append(f"  {label:<18}{count:>2}   {listed}".rstrip())
    roles = ", ".join(f"{r} ({n} held)" for r, n in s["roles"].items()) or "none"
    lines.append(f"Roles: {roles}")
    lines.append(f"Meetings: {s['meetings']}")
    decisions = s["decisions"]
    lines.append(f"Decisions: {decisions['total']}")
    for level, count in decisions["by_stated_level"].items():
        if count:
            lines.append(f"  stated {level.replace('_', '-'):<14}{count:>3}")
    fb = s["feedback"]
    lines.append(f"Feedback: {fb['received']} received, {fb['answered']} answered")
    lines.append(f"Care plans: {s['care_plans']}")
    return "\n".join(lines)
