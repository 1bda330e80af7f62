"""How a decision's contributions are read: weights, who is credited, the level reached.

Shared by `participation` (one decision or one initiative at a time), `graph` and the
one-pass tally behind `find_imbalances`, so that every figure comes from one reading.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from collections.abc import Set as AbstractSet
from typing import Final

from coproduction.initiative import Initiative
from coproduction.model import Action, Contribution, Decision, Level, Perspective, Rule

__all__ = [
    "FINAL_SAY",
    "VIEWS",
    "credited",
    "level_of",
    "lived_among",
    "observed",
    "raw_weights",
]

VIEWS: Final = frozenset(
    {Action.CONSULTED, Action.SPOKE, Action.PROPOSED, Action.SUPPORTED, Action.OBJECTED}
)
"""Actions that put a view forward (votes are not views)."""

FINAL_SAY: Final = frozenset({Action.DECIDED, Action.VETOED})
"""Actions that settle a decision alone."""

_SHARED_SAY: Final = frozenset(
    {Action.DECIDED, Action.VETOED, Action.VOTED_FOR, Action.VOTED_AGAINST}
)
_SHARED_SAY_BLOCKING: Final = _SHARED_SAY | {Action.OBJECTED}
"""Under consensus and consent an objection is a share of the final say too."""
_BLOCKING_RULES: Final = frozenset({Rule.CONSENSUS, Rule.CONSENT})
_ENGAGED: Final = frozenset(
    {
        Action.PROPOSED,
        Action.SPOKE,
        Action.SUPPORTED,
        Action.OBJECTED,
        Action.VOTED_FOR,
        Action.VOTED_AGAINST,
        Action.ABSTAINED,
        Action.DECIDED,
        Action.VETOED,
    }
)


def credited(contribution: Contribution) -> str:
    """The person a contribution speaks for: the one represented, or the contributor.

    Examples:
        >>> credited(Contribution(by="sam", action="spoke", on_behalf_of="alice"))
        'alice'
    """
    return contribution.on_behalf_of or contribution.by


def raw_weights(
    contributions: tuple[Contribution, ...],
    weights: Mapping[Action, float],
    adopted_factor: float,
) -> list[float]:
    """Each contribution's weight before the decision's weights are normalised.

    Examples:
        >>> raw_weights((Contribution(by="a", action="proposed", adopted=True),
        ...              Contribution(by="m", action="decided")),
        ...             {Action.PROPOSED: 2.0, Action.DECIDED: 3.0}, 2.0)
        [4.0, 3.0]
    """
    return [
        weights[c.action] * adopted_factor if c.adopted else weights[c.action]
        for c in contributions
    ]


def lived_among(initiative: Initiative, ids: Iterable[str]) -> set[str]:
    """Those of `ids` who are stakeholders with lived experience.

    Examples:
        >>> import coproduction as cp
        >>> ini = cp.scenarios.load_bundled("oak_house_meals")
        >>> sorted(lived_among(ini, ["edna", "priya"]))
        ['edna']
    """
    return {
        i
        for i in ids
        if initiative.stakeholder(i).perspective is Perspective.LIVED_EXPERIENCE
    }


def observed(decision: Decision, lived: Container[str]) -> Level:
    """The observed level of `decision`, given who has lived experience (see `observed_level`).

    `lived` holds (at least) the ids of the stakeholders with lived experience among
    those the decision's contributions are credited to; analysing a whole initiative,
    it is one set made once, so that each decision costs only its own contributions.

    Examples:
        >>> d = Decision(id="d", title="Tea", level="co_producing", contributions=[
        ...     Contribution(by="alice", action="proposed", adopted=True),
        ...     Contribution(by="mo", action="decided")])
        >>> observed(d, {"alice"})
        <Level.CO_DESIGNING: 'co_designing'>
    """
    theirs = [c for c in decision.contributions if (c.on_behalf_of or c.by) in lived]
    return level_of(
        {c.action for c in theirs},
        {c.action for c in theirs if c.adopted},
        decision.rule,
    )


def level_of(
    actions: AbstractSet[Action], adopted: AbstractSet[Action], rule: Rule
) -> Level:
    """The observed level, from what people with lived experience did in a decision.

    Args:
        actions: The actions of the contributions credited to them.
        adopted: The actions of those of their contributions that were adopted.
        rule: How the decision was made.

    Examples:
        >>> level_of({Action.PROPOSED, Action.VOTED_FOR}, {Action.PROPOSED}, Rule.MAJORITY)
        <Level.CO_PRODUCING: 'co_producing'>
        >>> level_of(set(), set(), Rule.CONSENSUS)
        <Level.COERCING: 'coercing'>
    """
    if not actions:
        return Level.COERCING
    say = _SHARED_SAY_BLOCKING if rule in _BLOCKING_RULES else _SHARED_SAY
    if adopted and not actions.isdisjoint(say):
        return Level.CO_PRODUCING
    if not adopted.isdisjoint(VIEWS):
        return Level.CO_DESIGNING
    if not actions.isdisjoint(_ENGAGED):
        return Level.ENGAGING
    if Action.CONSULTED in actions:
        return Level.CONSULTING
    return Level.INFORMING
