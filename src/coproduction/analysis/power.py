"""Formal voting power in weighted committees, and how unequally it is shared.

A committee deciding by weighted vote is a *weighted voting game*: player ``i``
casts ``weights[i]`` votes and a coalition wins when its votes reach ``quota``.
Votes are not power: with weights ``[3, 2, 1, 1]`` and quota 6, the members with
three votes and with two have equal power, as neither can win without the other.
The indices say, exactly, how often a member's vote changes an outcome; `gini`
says how unequally anything (power, influence) is shared.

Examples:
    >>> from coproduction.analysis.power import banzhaf, gini
    >>> [str(p) for p in banzhaf(6, [3, 2, 1, 1])], gini([1, 1, 1, 7])
    (['3/8', '3/8', '1/8', '1/8'], Fraction(9, 20))
"""

from __future__ import annotations

import math
import operator
from collections.abc import Iterable
from fractions import Fraction
from typing import cast, overload

from coproduction._fields import as_int
from coproduction.errors import ValidationError

__all__ = [
    "banzhaf",
    "dummy_players",
    "gini",
    "shapley_shubik",
    "veto_players",
]


def banzhaf(
    quota: int, weights: Iterable[int], *, normalised: bool = True
) -> list[Fraction]:
    """The Banzhaf power of each player of a weighted voting game.

    Player ``i`` is a *swing* in a winning coalition that loses without it. The
    normalised index is ``i``'s share of all swings; the raw (Penrose) index is
    the probability that ``i`` decides the outcome when every other player votes
    yes or no with even odds: its swings divided by ``2 ** (n - 1)``.

    Args:
        quota: Votes a coalition needs to win: an int, ``0 < quota <=
            sum(weights)`` (for "more than half", ``sum(weights) // 2 + 1``).
        weights: Votes of each player: non-negative ints (a bool is refused).
        normalised: Shares of all swings if true, else the raw Penrose measure.

    Returns:
        One exact `Fraction` per player, in the order of ``weights``.

    Raises:
        ValidationError: If ``weights`` or ``quota`` break the rules above; its
            ``path`` is ``"$.weights[i]"``, ``"$.weights"`` or ``"$.quota"``.

    Examples:
        >>> [str(p) for p in banzhaf(6, [4, 3, 2, 1])]
        ['5/12', '1/4', '1/4', '1/12']
        >>> [str(p) for p in banzhaf(6, [4, 3, 2, 1], normalised=False)]
        ['5/8', '3/8', '3/8', '1/8']
        >>> banzhaf(0, [1, 1])
        Traceback (most recent call last):
        ...
        coproduction.errors.ValidationError: $.quota: quota must be positive, got 0

    See Also:
        shapley_shubik: Power as the chance of being pivotal in a random order.
        dummy_players: The players whose Banzhaf power is 0.

    Notes:
        A valid game always has a swing (the empty coalition loses, everyone
        together wins), so the normalised index is defined and sums to 1.

        Coalitions are counted by weight with the generating function
        ``prod(1 + x**w)`` (Brams and Affuso 1976; Bilbao et al. 2000),
        truncated below the quota and divided exactly by ``1 + x**w`` once per
        *distinct* weight: ``O(n * quota)`` steps on Python ints, after dividing
        out the weights' common divisor and taking the dual game's quota
        ``sum(weights) - quota + 1`` if smaller (neither changes a swing).

        References: Penrose LS (1946) "The elementary statistics of majority
        voting", Journal of the Royal Statistical Society 109(1):53-57.
        Banzhaf JF (1965) "Weighted voting doesn't work: a mathematical
        analysis", Rutgers Law Review 19:317-343. Brams SJ, Affuso PJ (1976)
        "Power and size: a new paradox", Theory and Decision 7:29-56. Bilbao JM,
        Fernández JR, Jiménez Losada A, López JJ (2000) "Generating functions
        for computing power indices efficiently", TOP 8(2):191-213.

    Added in 0.1.
    """
    quota, weights = _checked_game(quota, weights)
    swings = _swings(quota, weights)
    counts = [swings[w] for w in weights]
    scale = sum(counts) if normalised else 2 ** (len(weights) - 1)
    return [Fraction(count, scale) for count in counts]


def shapley_shubik(quota: int, weights: Iterable[int]) -> list[Fraction]:
    """The Shapley-Shubik power of each player of a weighted voting game.

    Let the players join one by one in each of the ``n!`` orders; the one whose
    votes first reach the quota is *pivotal*. A player's index is the share of
    the orders in which it is pivotal; the indices sum to 1.

    Args:
        quota: Votes a coalition needs to win, as for `banzhaf`.
        weights: Votes of each player, as for `banzhaf`.

    Returns:
        One exact `Fraction` per player, in the order of ``weights``.

    Raises:
        ValidationError: As for `banzhaf`.

    Examples:
        >>> [str(p) for p in shapley_shubik(6, [3, 2, 1, 1])]
        ['5/12', '5/12', '1/12', '1/12']
        >>> sum(shapley_shubik(51, [50, 49, 1]))
        Fraction(1, 1)

    See Also:
        banzhaf: Power as the share of swings, or the chance of deciding.

    Notes:
        A player of weight ``w`` is pivotal after ``k`` others whose weight lies
        in ``[quota - w, quota)`` in ``k! (n - k - 1)!`` of the ``n!`` orders.
        They are counted by size and weight with the generating function
        ``prod(1 + y * x**w)`` (Bilbao et al. 2000), divided exactly once per
        distinct weight: ``O(n**2)`` operations on Python ints that each pack a
        row of counts (Kronecker substitution), after the reductions of
        `banzhaf`. 200 players with weights 1 to 5 take under 0.1 s.

        References: Shapley LS, Shubik M (1954) "A method for evaluating the
        distribution of power in a committee system", American Political
        Science Review 48(3):787-792. Bilbao et al. (2000), as for `banzhaf`.

    Added in 0.1.
    """
    quota, weights = _checked_game(quota, weights)
    pivots = _pivots(quota, weights)
    return [pivots[w] for w in weights]


def veto_players(quota: int, weights: Iterable[int]) -> list[int]:
    """The players that belong to every winning coalition (0-based indices).

    Without a veto player the others cannot win, however they vote:
    ``sum(weights) - weights[i] < quota``.

    Args:
        quota: Votes a coalition needs to win, as for `banzhaf`.
        weights: Votes of each player, as for `banzhaf`.

    Returns:
        The indices of the veto players, ascending.

    Raises:
        ValidationError: As for `banzhaf`.

    Examples:
        >>> veto_players(6, [3, 2, 1, 1])
        [0, 1]
        >>> veto_players(6, [4, 3, 2, 1])
        []

    See Also:
        dummy_players: The players that never matter.

    Notes:
        A veto player is a swing in every winning coalition, so its raw Banzhaf
        power is the number of winning coalitions over ``2 ** (n - 1)``, the
        most any player can have. A *dictator* (who also wins alone) is a veto
        player whose weight reaches the quota; its power is 1 by both indices.

    Added in 0.1.
    """
    quota, weights = _checked_game(quota, weights)
    total = sum(weights)
    return [i for i, w in enumerate(weights) if total - w < quota]


def dummy_players(quota: int, weights: Iterable[int]) -> list[int]:
    """The players that are never a swing (0-based indices).

    A dummy's vote never changes an outcome, so its power is 0 by both indices.

    Args:
        quota: Votes a coalition needs to win, as for `banzhaf`.
        weights: Votes of each player, as for `banzhaf`.

    Returns:
        The indices of the dummy players, ascending.

    Raises:
        ValidationError: As for `banzhaf`.

    Examples:
        >>> dummy_players(12, [4, 4, 4, 2, 2, 1])
        [5]

    See Also:
        veto_players: The players without whom no coalition wins.
        banzhaf: The swing counts behind this test.

    Notes:
        The example is the EEC's Council of 1958 to 1972: Luxembourg's vote
        could never change a decision by qualified majority, whatever its weight.

    Added in 0.1.
    """
    quota, weights = _checked_game(quota, weights)
    swings = _swings(quota, weights)
    return [i for i, w in enumerate(weights) if swings[w] == 0]


# mypy lets an int stand for a float, so these overlap; the first wins for ints.
@overload
def gini(  # type: ignore[overload-overlap]
    values: Iterable[int | Fraction], corrected: bool = False
) -> Fraction: ...
@overload
def gini(values: Iterable[float | Fraction], corrected: bool = False) -> float: ...
def gini(
    values: Iterable[float | Fraction], corrected: bool = False
) -> Fraction | float:
    """The Gini coefficient of non-negative values: 0 when all are equal.

    ``sum(|x_i - x_j|) / (2 * n**2 * mean)`` over all ordered pairs; with
    ``corrected`` the small-sample form, multiplied by ``n / (n - 1)``, which
    is 1 when one value holds everything.

    Args:
        values: Non-negative ints, Fractions or floats (bools are refused).
        corrected: Apply the small-sample correction ``n / (n - 1)``.

    Returns:
        An exact `Fraction` if every value is an int or a `Fraction`, else a float.

    Raises:
        ValidationError: If ``values`` is empty or a value is not a finite,
            non-negative number (path ``"$.values"`` or ``"$.values[i]"``).

    Examples:
        >>> gini([0, 0, 0, 0, 1])
        Fraction(4, 5)
        >>> gini([0, 0, 0, 0, 1], corrected=True)
        Fraction(1, 1)
        >>> gini([0.5, 0.5, 2.0])
        0.3333333333333333
        >>> gini([0, 0])
        Fraction(0, 1)

    See Also:
        banzhaf: Shares of formal power whose spread `gini` can measure.

    Notes:
        All zeros give 0. A single value gives 0, corrected or not: one value
        cannot be unequal to itself (and ``n / (n - 1)`` is undefined there).

        Half the pairwise sum is ``sum((2 * i - n - 1) * x_(i))`` over the
        sorted values (Dorfman 1979), so a million values take about a second.
        For floats it is computed as the equal sum over the gaps between
        neighbours, ``sum(k * (n - k) * (x_(k+1) - x_(k)))``, with `math.fsum`:
        no term is negative, so neither is a rounded result.

        References: Gini C (1912) "Variabilità e mutabilità", Bologna: Cuppini.
        Dorfman R (1979) "A formula for the Gini coefficient", The Review of
        Economics and Statistics 61(1):146-149.

    Added in 0.1.
    """
    items = _checked_values(values)
    n = len(items)
    divisor = n - 1 if corrected else n
    kinds = set(map(type, items))
    if float not in kinds:
        exact = cast("list[int | Fraction]", items)
        if kinds != {int}:  # bring the Fractions to a common denominator
            scale = math.lcm(*{x.denominator for x in exact})
            exact = [x.numerator * (scale // x.denominator) for x in exact]
        ordered = sorted(exact)
        spread = sum(map(operator.mul, range(1 - n, n, 2), ordered))
        return Fraction(spread, sum(ordered) * divisor) if spread else Fraction(0)
    floats = sorted(cast("list[float]", items))
    # k * (n - k) pairs straddle the gap between the k-th and (k+1)-th smallest.
    straddling = map(operator.mul, range(1, n), range(n - 1, 0, -1))
    gaps = map(operator.sub, floats[1:], floats)
    spread_f = math.fsum(map(operator.mul, straddling, gaps))
    return spread_f / (math.fsum(floats) * divisor) if spread_f else 0.0


def _checked_game(quota: object, weights: object) -> tuple[int, list[int]]:
    """The quota and the list of weights, or a `ValidationError` naming the fault."""
    checked = []
    for i, weight in enumerate(_items(weights, "weights", "a sequence of ints")):
        value, path = as_int(weight), f"$.weights[{i}]"
        if value is None:
            msg = f"weight must be a whole number of votes (an int), got {weight!r}"
            raise ValidationError(msg, path=path, code="wrong_type")
        if value < 0:
            raise ValidationError(
                f"weight must not be negative, got {weight!r}",
                path,
                code="out_of_range",
            )
        checked.append(value)
    need, total = as_int(quota), sum(checked)
    if need is None:
        raise ValidationError(
            f"quota must be an int, got {quota!r}", path="$.quota", code="wrong_type"
        )
    if need <= 0:
        raise ValidationError(
            f"quota must be positive, got {quota!r}",
            path="$.quota",
            code="out_of_range",
        )
    if need > total:
        msg = f"quota {quota!r} is more than the total weight {total}, so no coalition could win"
        raise ValidationError(msg, path="$.quota", code="out_of_range")
    return need, checked


def _checked_values(values: object) -> list[int | Fraction | float]:
    """The values for `gini`, or a `ValidationError` naming the fault.

    Each is an int, a `Fraction` or a float (not a subclass), so that `gini` can
    tell from the types alone whether it can be exact.
    """
    items = _items(values, "values", "a sequence of numbers")
    kinds = set(map(type, items))
    numbers = cast("list[int | Fraction | float]", items)  # if kinds say so
    plain = kinds <= {int, Fraction} or (
        kinds == {float} and all(map(math.isfinite, numbers))
    )
    if plain and min(numbers) >= 0:
        return numbers  # the common cases, checked without a Python loop
    return [_checked_value(value, f"$.values[{i}]") for i, value in enumerate(items)]


def _checked_value(value: object, path: str) -> int | Fraction | float:
    if isinstance(value, Fraction):
        number: int | Fraction | float | None = value
    else:
        number = float(value) if isinstance(value, float) else as_int(value)
    if number is None:
        msg = f"value must be an int, Fraction or float, got {value!r}"
        raise ValidationError(msg, path=path, code="wrong_type")
    if isinstance(number, float) and not math.isfinite(number):
        raise ValidationError(
            f"value must be finite, got {value!r}", path=path, code="out_of_range"
        )
    if number < 0:
        raise ValidationError(
            f"value must not be negative, got {value!r}", path=path, code="out_of_range"
        )
    return number


def _items(container: object, name: str, expected: str) -> list[object]:
    """The items of a non-empty iterable argument called `name`."""
    if not isinstance(container, Iterable):
        msg = f"{name} must be {expected}, got {container!r}"
        raise ValidationError(msg, path=f"$.{name}", code="wrong_type")
    items = list(container)
    if not items:
        msg = f"{name} must hold at least one item, got {container!r}"
        raise ValidationError(msg, path=f"$.{name}", code="empty")
    return items


def _reduced(quota: int, weights: list[int]) -> tuple[int, list[int]]:
    """An equivalent game with the smallest quota: the same swings and pivots.

    Dividing by the weights' common divisor keeps every coalition's outcome. The
    dual game (quota ``total - quota + 1``) maps each swing of ``i`` onto one in
    the complement among the others, of complementary size.
    """
    divisor = math.gcd(*weights)
    weights = [w // divisor for w in weights]
    quota = -(-quota // divisor)
    return min(quota, sum(weights) - quota + 1), weights


def _swings(quota: int, weights: list[int]) -> dict[int, int]:
    """The number of swings of a player of each distinct weight."""
    quota, reduced = _reduced(quota, weights)
    # counts[s]: coalitions of all the players with weight s, for s < quota.
    counts = [1] + [0] * (quota - 1)
    for w in reduced:
        counts[w:] = [a + b for a, b in zip(counts[w:], counts, strict=False)]
    swings = {}
    for original, w in dict(zip(weights, reduced, strict=True)).items():
        if w == 0:
            swings[original] = 0
            continue
        others = counts.copy()  # counts divided by 1 + x**w: coalitions of others
        for s in range(w, quota):
            others[s] -= others[s - w]
        swings[original] = sum(others[max(0, quota - w) :])
    return swings


def _pivots(quota: int, weights: list[int]) -> dict[int, Fraction]:
    """The Shapley-Shubik index of a player of each distinct weight."""
    quota, reduced = _reduced(quota, weights)
    n = len(reduced)
    bits = n + 1  # no count reaches 2**n, so each fits its slot of bits
    slot = (1 << bits) - 1
    below_quota = (1 << (quota * bits)) - 1
    # rows[k] packs the counts of k-player coalitions by weight: slot s, weight s.
    rows = [1] + [0] * n
    for j, w in enumerate(reduced, start=1):
        for k in range(j, 0, -1):
            rows[k] = (rows[k] + (rows[k - 1] << (w * bits))) & below_quota
    orders = [math.factorial(k) * math.factorial(n - k - 1) for k in range(n)]
    pivots = {}
    for original, w in dict(zip(weights, reduced, strict=True)).items():
        if w == 0:
            pivots[original] = Fraction(0)
            continue
        low = max(0, quota - w)
        # Multiplying the window by slots of ones leaves its sum in the top slot.
        ones = ((1 << ((quota - low) * bits)) - 1) // slot
        top = (quota - low - 1) * bits
        others, pivotal = 1, 0  # others: rows divided by 1 + y * x**w
        for k in range(n):
            if k:
                others = rows[k] - ((others << (w * bits)) & below_quota)
            pivotal += orders[k] * ((((others >> (low * bits)) * ones) >> top) & slot)
        pivots[original] = Fraction(pivotal, math.factorial(n))
    return pivots
