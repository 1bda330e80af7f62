"""`Policy`: every threshold and weight the analysis uses, each with its reason."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final

from attrs import Factory, field, frozen

from coproduction._fields import FrozenDict
from coproduction.model import Action, Perspective
from coproduction.types import ActionName, PerspectiveName

__all__ = ["ACTION_WEIGHTS", "Policy"]

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
"""The default voice weight of each action: being present, being told or abstaining
counts for nothing, a view or a vote for 1, a proposal for 2 and the final say for 3."""


def _perspectives(
    value: Iterable[Perspective | PerspectiveName] | Perspective | PerspectiveName,
) -> frozenset[Perspective]:
    if isinstance(value, str | Perspective):
        value = [value]
    return frozenset(Perspective(p) for p in value)


def _weights(given: Mapping[Action | ActionName, float]) -> FrozenDict[Action, float]:
    """The default weights, overridden by those given (by action or its name), frozen."""
    return FrozenDict(
        {**ACTION_WEIGHTS, **{Action(k): float(v) for k, v in given.items()}}
    )


@frozen(kw_only=True)
class Policy:
    """Every threshold the analysis uses, each with a default and the reason for it.

    Examples:
        >>> Policy().equal_weight_ratio
        0.5
        >>> Policy(feedback_days=28).feedback_days
        28
        >>> sorted(p.value for p in Policy(lived_experience={"lived_experience", "carer"}).lived_experience)
        ['carer', 'lived_experience']

    Added in 0.1.
    """

    action_weights: Mapping[Action, float] = field(
        default=Factory(lambda: dict(ACTION_WEIGHTS)), converter=_weights
    )
    """Voice weight of each action: presence and abstaining 0, a view or a vote 1, a
    proposal 2, the final say 3, so that shaping a decision counts for more than being
    there. Actions left out keep their default weight."""
    adopted_factor: float = 2.0
    """In influence, an adopted contribution counts double: an idea that became the
    decision shaped it most."""
    lived_experience: frozenset[Perspective] = field(
        default=frozenset({Perspective.LIVED_EXPERIENCE}), converter=_perspectives
    )
    """The perspectives that count as lived experience: by default people who use
    services only, because a relative's own view is not the person's wish. A carers'
    service, whose members live the caring themselves, adds ``carer``."""
    equal_weight_ratio: float = 0.5
    """`professional_dominance` when lived experience holds less than half the influence its
    share of members would give it: a gap of this size is no accident of one meeting."""
    dominance_concern_ratio: float = 0.25
    """...and it is a concern below a quarter: lived experience is then barely heard."""
    tokenism_min_decisions: int = 3
    """`tokenism` needs views put forward on at least three decisions, so that one or two
    rejected ideas (which any fair group has) are not called tokenism."""
    single_decider_share: float = 0.5
    """`single_decider` when one person has the final say on more than half of the
    decisions that record one: that is "most", by the plain meaning of the word."""
    single_decider_min_decisions: int = 3
    """...counted only over at least three such decisions, so that two are not a pattern."""
    formal_power_margin: float = 0.2
    """`formal_power_concentration` when a perspective's Banzhaf power exceeds its share of
    members by more than 20 points: votes and vetoes then outweigh numbers."""
    quota: int | None = None
    """Votes a coalition needs in the formal voting game; None means a simple majority."""
    overstated_concern_gap: int = 2
    """`level_overstated` is a concern when the stated level is two or more rungs above the
    observed one (e.g. "co-producing" where people were only consulted)."""
    feedback_days: int = 90
    """Feedback is `feedback_unanswered` after 90 days without a response: a quarter, the
    usual interval of a service review."""
    representation_min_share: float = 0.05
    """`under_represented` looks only at groups that are at least 5% of the people served,
    so that a group of one or two is not expected to have a member of its own."""
    outvoted_share: float = 0.5
    """`outvoted` when people with lived experience lost to a majority of others on at
    least half the contested votes they took part in: a group that weighed their view
    equally would see them win about as often as lose."""
    outvoted_concern_share: float = 0.75
    """...and it is a concern when they lost three contested votes in four or more: the
    vote has become a way of overruling them."""
    outvoted_min_votes: int = 3
    """`outvoted` needs at least three contested votes, so that losing one or two (which
    any fair vote brings) is not called a pattern."""
    min_lived_experience_membership: float = 1 / 3
    """`membership_imbalance` when fewer than one member in three has lived experience.
    No published figure exists; this is the project's choice: below it, people with lived
    experience are outnumbered two to one, the one or two voices among professionals
    that co-production sets out to end. Set 0.5 to ask for parity."""
