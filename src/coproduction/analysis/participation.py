"""Who was heard, who shaped the decisions, and the level really reached.

Voice and influence are counted as the docs page "How findings are computed" says:

- **voice** (being heard): each entry weighs by its action (`Policy.action_weights`);
- **influence** (shaping the result): the same weight, times `Policy.adopted_factor`
  when adopted, counted only for entries aligned with the decision's result.

Within each decision both are normalised to sum to 1, and an entry made on someone's
behalf is credited to the person represented.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from coproduction.analysis._reading import (
    FINAL_SAY,
    VIEWS,
    lived_among,
    observed,
    read,
)
from coproduction.analysis.formal import voting_game
from coproduction.analysis.policy import ACTION_WEIGHTS, Policy
from coproduction.initiative import Initiative
from coproduction.model import Decision, Level, Perspective

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
    "perspective_shares",
    "voice_by_stakeholder",
    "voice_shares",
]


def contribution_weights(
    decision: Decision, policy: Policy | None = None
) -> list[float]:
    """Each contribution's share of one decision's influence.

    The shares sum to 1 over the decision's entries: its contributions, and the
    proposals its options' proposers are counted as making (these come last, and are
    not returned here). A decision that shaped nothing (pending, deferred, or no
    entry aligned with its result) gives all zeros.

    Examples:
        >>> import coproduction as cp
        >>> d = cp.Decision(id="d", title="t", level="co_producing", rule="single_decider",
        ...     contributions=[cp.Contribution(by="alice", action="proposed", adopted=True),
        ...                    cp.Contribution(by="mo", action="decided")])
        >>> contribution_weights(d)
        [0.5714285714285714, 0.42857142857142855]

    Added in 0.1. Counts only entries aligned with the result since 0.2.
    """
    policy = policy if policy is not None else Policy()
    reading = read(decision, policy.action_weights, policy.adopted_factor)
    return reading.influence[: len(decision.contributions)]


def _by_stakeholder(
    initiative: Initiative, policy: Policy | None, *, voice: bool
) -> dict[str, float]:
    policy = policy if policy is not None else Policy()
    weights, factor = policy.action_weights, policy.adopted_factor
    totals = dict.fromkeys((s.id for s in initiative.stakeholders), 0.0)
    for decision in initiative.decisions:
        reading = read(decision, weights, factor)
        shares = reading.voice if voice else reading.influence
        for person, share in zip(reading.people, shares, strict=True):
            if share:
                totals[person] += share
    return totals


def perspective_shares(
    by_person: Mapping[str, float], perspective: Mapping[str, Perspective]
) -> dict[Perspective, float]:
    """Amounts per person summed by perspective, as shares of the whole (zeros if none).

    Examples:
        >>> lived, staff = Perspective.LIVED_EXPERIENCE, Perspective.PROFESSIONAL
        >>> shares = perspective_shares({"ann": 1.0, "mo": 3.0}, {"ann": lived, "mo": staff})
        >>> shares[lived], shares[staff]
        (0.25, 0.75)
    """
    totals = dict.fromkeys(Perspective, 0.0)
    for person, amount in by_person.items():
        totals[perspective[person]] += amount
    grand = sum(totals.values())
    return {p: (v / grand if grand else 0.0) for p, v in totals.items()}


def _by_perspective(
    initiative: Initiative, by_person: dict[str, float]
) -> dict[Perspective, float]:
    return perspective_shares(
        by_person, {s.id: s.perspective for s in initiative.stakeholders}
    )


def voice_by_stakeholder(
    initiative: Initiative, policy: Policy | None = None
) -> dict[str, float]:
    """Each stakeholder's voice (being heard): the sum of their shares over all decisions.

    Every stakeholder appears, with 0.0 if they were never heard. Within a decision the
    shares sum to 1, each entry weighing by its action (`Policy.action_weights`), so
    the values sum to the number of decisions in which anyone was heard.

    Examples:
        >>> import coproduction as cp
        >>> ini = cp.scenarios.load_bundled("home_adaptations")
        >>> voice = cp.voice_by_stakeholder(ini)
        >>> round(sum(voice.values()), 6) == len(ini.decisions)
        True

    See Also:
        `influence_by_stakeholder`: shaping the result, not only being heard.

    Added in 0.2.
    """
    initiative = initiative.snapshot()  # a still picture: never a change half made
    return _by_stakeholder(initiative, policy, voice=True)


def voice_shares(
    initiative: Initiative, policy: Policy | None = None
) -> dict[Perspective, float]:
    """The share of all voice (being heard) held by each perspective; the shares sum to 1.

    Every perspective appears; with no one heard at all the shares are all 0.0.

    Examples:
        >>> import coproduction as cp
        >>> ini = cp.scenarios.load_bundled("deaf_communication_policy")
        >>> voice, influence = cp.voice_shares(ini), cp.influence_shares(ini)
        >>> lived = cp.Perspective.LIVED_EXPERIENCE
        >>> voice[lived] > influence[lived]
        True

    Added in 0.2.
    """
    initiative = initiative.snapshot()  # a still picture: never a change half made
    return _by_perspective(initiative, voice_by_stakeholder(initiative, policy))


def influence_by_stakeholder(
    initiative: Initiative, policy: Policy | None = None
) -> dict[str, float]:
    """Each stakeholder's influence (shaping the result): their shares over all decisions.

    Every stakeholder appears, with 0.0 if they shaped nothing. Only entries aligned
    with a decision's result carry influence: an adopted entry (counted
    `Policy.adopted_factor` times), a proposal of the chosen option, a vote or support on
    the winning side (under `single_decider` and `advice` only when adopted), a
    `decided` entry, a veto that held. The values sum to the number of decisions that
    were settled by something recorded.

    Examples:
        >>> import coproduction as cp
        >>> ini = cp.scenarios.load_bundled("home_adaptations")
        >>> influence = cp.influence_by_stakeholder(ini)
        >>> 0 < round(sum(influence.values()), 6) <= len(ini.decisions)
        True

    See Also:
        `influence_shares`, the same grouped by perspective; `voice_by_stakeholder`.

    Added in 0.1. Counts only what shaped the result since 0.2.
    """
    initiative = initiative.snapshot()  # a still picture: never a change half made
    return _by_stakeholder(initiative, policy, voice=False)


def influence_shares(
    initiative: Initiative, policy: Policy | None = None
) -> dict[Perspective, float]:
    """The share of all influence held by each perspective; the shares sum to 1.

    Every perspective appears. With no influence recorded at all the shares are all 0.0.

    Examples:
        >>> import coproduction as cp
        >>> shares = cp.influence_shares(cp.scenarios.load_bundled("home_adaptations"))
        >>> round(sum(shares.values()), 9)
        1.0

    See Also:
        `membership_shares`, what equal weight would look like; `voice_shares`.

    Added in 0.1.
    """
    initiative = initiative.snapshot()  # a still picture: never a change half made
    return _by_perspective(initiative, influence_by_stakeholder(initiative, policy))


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
    initiative = initiative.snapshot()  # a still picture: never a change half made
    members = {m.stakeholder for m in initiative.memberships} or {
        s.id for s in initiative.stakeholders
    }
    counts = dict.fromkeys(Perspective, 0)
    for person in members:
        counts[initiative.stakeholder(person).perspective] += 1
    total = sum(counts.values())
    return {p: (n / total if total else 0.0) for p, n in counts.items()}


def observed_level(
    initiative: Initiative, decision_id: str, policy: Policy | None = None
) -> Level:
    """The rung of the ladder a decision really reached, read from what people did.

    It is read from the part played by people with lived experience (those whose
    perspective is in `Policy.lived_experience`, and anyone conveying their wishes); on
    a personal decision, from the part of the person it is about (of those it affects,
    the ones with lived experience: a carer it also affects has a view of their own):

    | observed | when |
    |---|---|
    | co_producing | they shared the final say **and** shaped the content (an adopted entry of theirs, or the chosen option would not have won without their votes); on a personal decision, the person deciding it themself |
    | co_designing | they shaped the content, but the final say lay with others |
    | engaging | they put views forward (proposed, spoke, supported, objected, voted, abstained); none shaped the result |
    | consulting | their views were asked (`consulted`); none shaped the result |
    | informing | they were only informed, or only attended |
    | coercing | no one with lived experience (nor anyone conveying their wishes) is recorded |

    The final say follows the rule: the decider under `single_decider` and `advice`
    (advisers have voice only), the voters on the winning side under `majority` and
    `weighted_vote`, everyone taking part without a standing objection under
    `consensus` and `consent`; a veto that held belongs to the vetoer.

    Raises:
        NotFoundError: If there is no such decision.

    Examples:
        >>> import coproduction as cp
        >>> ini = cp.scenarios.load_bundled("deaf_communication_policy")
        >>> d = ini.decision("d5-out-of-hours")
        >>> d.level, cp.observed_level(ini, d.id)
        (<Level.CO_PRODUCING: 'co_producing'>, <Level.CONSULTING: 'consulting'>)

    Notes:
        ``educating`` is a stated level only; no contribution shows it.

    References:
        Arnstein SR (1969) A ladder of citizen participation. Journal of the American
        Institute of Planners 35(4):216-224. Think Local Act Personal, Ladder of
        co-production.

    Added in 0.1. Follows the rule's final say and the result since 0.2.
    """
    initiative = initiative.snapshot()  # a still picture: never a change half made
    policy = policy if policy is not None else Policy()
    decision = initiative.decision(decision_id)
    reading = read(decision, policy.action_weights, policy.adopted_factor)
    lived = lived_among(
        initiative, {*reading.people, *decision.affects}, policy.lived_experience
    )
    votes = {p: v for p, (v, _) in voting_game(initiative).items()}
    return observed(decision, lived, reading, votes)


def participation_summary(
    initiative: Initiative, policy: Policy | None = None
) -> dict[str, Any]:
    """What happened, per decision and per stakeholder, as plain data.

    Returns:
        ``{"decisions": [...], "stakeholders": [...]}``. Each decision row has ``id``,
        ``title``, ``stated`` and ``observed`` levels, ``rule``, ``scope``, ``result``
        (strings), ``contributions``, and ``lived_experience_voice`` and
        ``lived_experience_influence`` (the shares of its voice and influence credited
        to people with lived experience). Each stakeholder row has ``id``, ``name``,
        ``perspective``, ``decisions`` (how many they took part in), ``contributions``,
        ``views``, ``adopted``, ``adoption_rate`` (adopted views over views, or None),
        ``voice`` and ``influence``.

    Examples:
        >>> import coproduction as cp
        >>> s = cp.participation_summary(cp.scenarios.load_bundled("oak_house_meals"))
        >>> sorted(s["decisions"][0])  # doctest: +NORMALIZE_WHITESPACE
        ['contributions', 'id', 'lived_experience_influence', 'lived_experience_voice',
         'observed', 'result', 'rule', 'scope', 'stated', 'title']

    Added in 0.1.
    """
    initiative = initiative.snapshot()  # a still picture: never a change half made
    policy = policy if policy is not None else Policy()
    weights, factor = policy.action_weights, policy.adopted_factor
    lived_ids = lived_among(
        initiative, (s.id for s in initiative.stakeholders), policy.lived_experience
    )
    votes = {p: v for p, (v, _) in voting_game(initiative).items()}
    decisions = []
    voice: dict[str, float] = defaultdict(float)
    influence: dict[str, float] = defaultdict(float)
    counts: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"decisions": set(), "contributions": 0, "views": 0, "adopted": 0}
    )
    for d in initiative.decisions:
        r = read(d, weights, factor)
        decisions.append(
            {
                "id": d.id,
                "title": d.title,
                "stated": d.level.value,
                "observed": observed(d, lived_ids, r, votes).value,
                "rule": d.rule.value,
                "scope": d.scope.value,
                "result": d.result.value,
                "contributions": len(d.contributions),
                "lived_experience_voice": sum(
                    v for p, v in zip(r.people, r.voice, strict=True) if p in lived_ids
                ),
                "lived_experience_influence": sum(
                    v
                    for p, v in zip(r.people, r.influence, strict=True)
                    if p in lived_ids
                ),
            }
        )
        for c, person, v, i, adopted in zip(
            r.entries, r.people, r.voice, r.influence, r.adopted, strict=True
        ):
            voice[person] += v
            influence[person] += i
            row = counts[person]
            row["decisions"].add(d.id)
            row["contributions"] += 1
            if c.action in VIEWS:
                row["views"] += 1
                row["adopted"] += int(adopted)
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
                "voice": voice[s.id],
                "influence": influence[s.id],
            }
        )
    return {"decisions": decisions, "stakeholders": people}
