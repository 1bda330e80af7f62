"""Who took part, how much each shaped the decisions, and the level really reached.

Influence is counted as the docs page "How findings are computed" describes: each
contribution weighs by its action (adopted ones count double), the weights within a
decision are normalised to sum to 1, and a contribution made on someone's behalf is
credited to the person represented.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

from coproduction.analysis._reading import (
    FINAL_SAY,
    VIEWS,
    credited,
    lived_among,
    observed,
    raw_weights,
)
from coproduction.initiative import Initiative
from coproduction.model import Action, Decision, Level, Perspective

__all__ = [
    "ACTION_WEIGHTS",
    "FINAL_SAY",
    "VIEWS",
    "contribution_weights",
    "influence_by_stakeholder",
    "influence_shares",
    "membership_shares",
    "observed_level",
    "participation_summary",
]

ACTION_WEIGHTS: Final[Mapping[Action, float]] = MappingProxyType(
    {
        Action.ATTENDED: 0.0,
        Action.INFORMED: 0.0,
        Action.CONSULTED: 1.0,
        Action.SPOKE: 1.0,
        Action.PROPOSED: 2.0,
        Action.SUPPORTED: 1.0,
        Action.OBJECTED: 1.0,
        Action.VOTED_FOR: 1.0,
        Action.VOTED_AGAINST: 1.0,
        Action.ABSTAINED: 0.0,
        Action.DECIDED: 3.0,
        Action.VETOED: 3.0,
    }
)
"""The default weight of each action: being present counts for nothing, a view for 1, a
proposal for 2 and the final say for 3."""


def contribution_weights(
    decision: Decision,
    *,
    weights: Mapping[Action, float] = ACTION_WEIGHTS,
    adopted_factor: float = 2.0,
) -> list[float]:
    """Each contribution's share of one decision's influence; the shares sum to 1.

    A decision where nothing carried weight (everyone only attended) gives all zeros.

    Examples:
        >>> import coproduction as cp
        >>> d = cp.Decision(id="d", title="t", level="co_producing", contributions=[
        ...     cp.Contribution(by="alice", action="proposed", adopted=True),
        ...     cp.Contribution(by="mo", action="decided")])
        >>> contribution_weights(d)
        [0.5714285714285714, 0.42857142857142855]

    Added in 0.1.
    """
    raw = raw_weights(decision.contributions, weights, adopted_factor)
    total = sum(raw)
    return [w / total for w in raw] if total > 0 else [0.0] * len(raw)


def influence_by_stakeholder(
    initiative: Initiative,
    *,
    weights: Mapping[Action, float] = ACTION_WEIGHTS,
    adopted_factor: float = 2.0,
) -> dict[str, float]:
    """Each stakeholder's influence: the sum of their shares over all decisions.

    Every stakeholder appears, with 0.0 if they shaped nothing; the values sum to the
    number of decisions in which anything carried weight.

    Examples:
        >>> import coproduction as cp
        >>> ini = cp.scenarios.load_bundled("home_adaptations")
        >>> influence = cp.influence_by_stakeholder(ini)
        >>> round(sum(influence.values()), 6) == len(ini.decisions)
        True

    See Also:
        `influence_shares`, the same grouped by perspective.

    Added in 0.1.
    """
    totals = dict.fromkeys((s.id for s in initiative.stakeholders), 0.0)
    for decision in initiative.decisions:
        contributions = decision.contributions
        raw = raw_weights(contributions, weights, adopted_factor)
        total = sum(raw)
        if total <= 0:
            continue
        for c, weight in zip(contributions, raw, strict=True):
            if weight:
                totals[c.on_behalf_of or c.by] += weight / total
    return totals


def influence_shares(
    initiative: Initiative,
    *,
    weights: Mapping[Action, float] = ACTION_WEIGHTS,
    adopted_factor: float = 2.0,
) -> dict[Perspective, float]:
    """The share of all influence held by each perspective; the shares sum to 1.

    Every perspective appears. With no influence recorded at all the shares are all 0.0.

    Examples:
        >>> import coproduction as cp
        >>> shares = cp.influence_shares(cp.scenarios.load_bundled("home_adaptations"))
        >>> round(sum(shares.values()), 9)
        1.0
        >>> shares[cp.Perspective.LIVED_EXPERIENCE] > 0.4
        True

    See Also:
        `membership_shares`, what equal weight would look like.

    Added in 0.1.
    """
    by_person = influence_by_stakeholder(
        initiative, weights=weights, adopted_factor=adopted_factor
    )
    totals = dict.fromkeys(Perspective, 0.0)
    for person, amount in by_person.items():
        totals[initiative.stakeholder(person).perspective] += amount
    grand = sum(totals.values())
    return {p: (v / grand if grand else 0.0) for p, v in totals.items()}


def membership_shares(initiative: Initiative) -> dict[Perspective, float]:
    """Each perspective's share of the members (of everyone, where no roles are held).

    Examples:
        >>> import coproduction as cp
        >>> ini = cp.Initiative(id="x", stakeholders=[
        ...     cp.Stakeholder(id="a", name="A"), cp.Stakeholder(id="b", name="B", kind="manager")])
        >>> membership_shares(ini)[cp.Perspective.LIVED_EXPERIENCE]
        0.5

    Added in 0.1.
    """
    members = {m.stakeholder for m in initiative.memberships} or {
        s.id for s in initiative.stakeholders
    }
    counts = dict.fromkeys(Perspective, 0)
    for person in members:
        counts[initiative.stakeholder(person).perspective] += 1
    total = sum(counts.values())
    return {p: (n / total if total else 0.0) for p, n in counts.items()}


def observed_level(initiative: Initiative, decision_id: str) -> Level:
    """The rung of the ladder a decision really reached, read from its contributions.

    Only contributions by or on behalf of people with lived experience count:

    | observed | when |
    |---|---|
    | co_producing | one of theirs was adopted **and** they shared the final say (decided, voted, vetoed, or objected under consensus or consent) |
    | co_designing | a proposal or view of theirs was adopted; the final say lay with others |
    | engaging | they proposed, spoke, supported, objected or voted; nothing of theirs adopted |
    | consulting | their views were asked (`consulted`); nothing of theirs adopted |
    | informing | they were only informed, or only attended |
    | coercing | no one with lived experience took part |

    Raises:
        NotFoundError: If there is no such decision.

    Examples:
        >>> import coproduction as cp
        >>> ini = cp.scenarios.load_bundled("deaf_communication_policy")
        >>> d = ini.decision("d5-out-of-hours")
        >>> d.level, cp.observed_level(ini, d.id)
        (<Level.CO_PRODUCING: 'co_producing'>, <Level.CONSULTING: 'consulting'>)

    Notes:
        Votes and abstentions are not views, but they are taking part: a decision where
        people with lived experience only voted is observed as ``engaging``.
        ``educating`` is a stated level only; no contribution shows it.

    References:
        Arnstein SR (1969) A ladder of citizen participation. Journal of the American
        Institute of Planners 35(4):216-224. Think Local Act Personal, Ladder of
        co-production.

    Added in 0.1.
    """
    decision = initiative.decision(decision_id)
    credited_to = {credited(c) for c in decision.contributions}
    return observed(decision, lived_among(initiative, credited_to))


def participation_summary(initiative: Initiative) -> dict[str, Any]:
    """What happened, per decision and per stakeholder, as plain data.

    Returns:
        ``{"decisions": [...], "stakeholders": [...]}``. Each decision row has ``id``,
        ``title``, ``stated`` and ``observed`` levels (strings), ``contributions`` and
        ``lived_experience_share`` (the share of its influence credited to people with
        lived experience). Each stakeholder row has ``id``, ``name``, ``perspective``,
        ``decisions`` (how many they shaped), ``contributions``, ``views``, ``adopted``,
        ``adoption_rate`` (adopted views over views, or None) and ``influence``.

    Examples:
        >>> import coproduction as cp
        >>> s = cp.participation_summary(cp.scenarios.load_bundled("oak_house_meals"))
        >>> sorted(s["decisions"][0])
        ['contributions', 'id', 'lived_experience_share', 'observed', 'stated', 'title']

    Added in 0.1.
    """
    influence = influence_by_stakeholder(initiative)
    lived_ids = lived_among(initiative, (s.id for s in initiative.stakeholders))
    decisions = []
    counts: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"decisions": set(), "contributions": 0, "views": 0, "adopted": 0}
    )
    for d in initiative.decisions:
        shares = contribution_weights(d)
        lived = sum(
            share
            for c, share in zip(d.contributions, shares, strict=True)
            if credited(c) in lived_ids
        )
        decisions.append(
            {
                "id": d.id,
                "title": d.title,
                "stated": d.level.value,
                "observed": observed(d, lived_ids).value,
                "contributions": len(d.contributions),
                "lived_experience_share": lived,
            }
        )
        for c in d.contributions:
            row = counts[credited(c)]
            row["decisions"].add(d.id)
            row["contributions"] += 1
            if c.action in VIEWS:
                row["views"] += 1
                row["adopted"] += int(c.adopted)
    people = []
    for s in initiative.stakeholders:
        row = counts[s.id]
        people.append(
            {
                "id": s.id,
                "name": s.name,
                "perspective": s.perspective.value,
                "decisions": len(row["decisions"]),
                "contributions": row["contributions"],
                "views": row["views"],
                "adopted": row["adopted"],
                "adoption_rate": row["adopted"] / row["views"]
                if row["views"]
                else None,
                "influence": influence[s.id],
            }
        )
    return {"decisions": decisions, "stakeholders": people}
