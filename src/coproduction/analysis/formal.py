"""Formal power: the share of voting power each member's roles give them.

Each member's votes are the sum of the votes of the roles they hold, and a member holding
any role with a veto belongs to every winning coalition. A coalition wins when it holds
at least the quota of votes (a simple majority unless told otherwise) and every veto
holder. Each member's formal power is their normalised Banzhaf index in that game.
"""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction

from coproduction._fields import is_count
from coproduction.errors import ValidationError
from coproduction.initiative import Initiative

__all__ = ["formal_power", "voting_game"]


def voting_game(initiative: Initiative) -> dict[str, tuple[int, bool]]:
    """Each member's votes and whether they hold a veto, from the roles they hold.

    Examples:
        >>> import coproduction as cp
        >>> ini = cp.Initiative(id="x",
        ...     stakeholders=[cp.Stakeholder(id="a", name="A"),
        ...                   cp.Stakeholder(id="m", name="M", kind="manager")],
        ...     roles=[cp.Role(id="member"), cp.Role(id="chair", votes=2, veto=True)],
        ...     memberships=[cp.Membership(stakeholder="a", role="member"),
        ...                  cp.Membership(stakeholder="m", role="chair")])
        >>> voting_game(ini)
        {'a': (1, False), 'm': (2, True)}

    Added in 0.1.
    """
    initiative = initiative.snapshot()  # a still picture: never a change half made
    votes: dict[str, int] = defaultdict(int)
    veto: dict[str, bool] = defaultdict(bool)
    for m in initiative.memberships:
        role = initiative.role(m.role)
        votes[m.stakeholder] += role.votes
        veto[m.stakeholder] |= role.veto
    return {person: (votes[person], veto[person]) for person in votes}


def formal_power(
    initiative: Initiative, *, quota: int | None = None
) -> dict[str, Fraction]:
    """Each member's share of formal voting power (normalised Banzhaf, with vetoes).

    Args:
        initiative: Its roles and memberships define the game.
        quota: Votes a coalition needs; by default a simple majority of all votes.

    Returns:
        Member id to share, summing to 1 (an empty dict when no one holds a role, and all
        zeros when no coalition can win).

    Raises:
        ValidationError: If `quota` is not a whole number of at least 1.

    Examples:
        >>> import coproduction as cp
        >>> ini = cp.Initiative(id="x",
        ...     stakeholders=[cp.Stakeholder(id=i, name=i) for i in ("a", "b", "c")]
        ...         + [cp.Stakeholder(id="m", name="M", kind="manager")],
        ...     roles=[cp.Role(id="member"), cp.Role(id="chair", veto=True)],
        ...     memberships=[cp.Membership(stakeholder=i, role="member") for i in ("a", "b", "c")]
        ...         + [cp.Membership(stakeholder="m", role="chair")])
        >>> {k: str(v) for k, v in formal_power(ini).items()}
        {'a': '1/5', 'b': '1/5', 'c': '1/5', 'm': '2/5'}

    Notes:
        Three residents hold three of the four votes, yet the manager's veto gives the
        manager 40% of the power, twice any resident's: nothing passes without them.

    References:
        Banzhaf JF (1965) Weighted voting doesn't work: a mathematical analysis.
        Rutgers Law Review 19:317-343.

    Added in 0.1.
    """
    initiative = initiative.snapshot()  # a still picture: never a change half made
    if quota is not None and not is_count(quota, least=1):
        msg = f"quota must be a whole number of votes of at least 1, got {quota!r}"
        raise ValidationError(msg, "$.quota", code="wrong_type")
    game = voting_game(initiative)
    if not game:
        return {}
    if quota is None:
        quota = sum(v for v, _ in game.values()) // 2 + 1
    swings = _veto_swings(quota, game)
    grand = sum(swings.values())
    return {p: Fraction(s, grand) if grand else Fraction(0) for p, s in swings.items()}


def _veto_swings(quota: int, game: dict[str, tuple[int, bool]]) -> dict[str, int]:
    """Swing counts in the game "at least `quota` votes and every veto holder".

    ``ways[t]`` counts the subsets of the members without a veto that hold exactly
    ``t`` votes: the coefficients of the product of ``(1 + x**w)`` over their weights.
    The subsets of everyone but one member come from dividing that product by the
    member's own factor, so each member costs one pass over ``ways`` instead of a new
    product, and members with equal votes share one division.
    """
    vetoes = [p for p, (_, v) in game.items() if v]
    others = [game[p][0] for p, (_, v) in game.items() if not v]
    need = quota - sum(game[p][0] for p in vetoes)  # votes the others must add
    ways = [1] + [0] * sum(others)
    for w in others:
        if w:
            for total in range(len(ways) - 1, w - 1, -1):
                ways[total] += ways[total - w]
        else:
            ways = [2 * n for n in ways]
    winning = sum(n for t, n in enumerate(ways) if t >= need)
    by_weight = {w: _swings_with(ways, w, need) for w in set(others)}
    return {
        p: winning if veto else by_weight[votes] for p, (votes, veto) in game.items()
    }


def _swings_with(ways: list[int], w: int, need: int) -> int:
    """Swings of one member with `w` votes, given `ways` counted with them included.

    They swing when the others hold between ``need - w`` and ``need - 1`` votes.
    """
    if w == 0:
        return 0  # no votes: never decisive (a veto holder is counted apart)
    rest = ways[:]
    for total in range(w, len(rest)):  # ways = rest * (1 + x**w), solved for rest
        rest[total] = ways[total] - rest[total - w]
    return sum(rest[max(0, need - w) : max(0, need)])
