"""Tests for `coproduction.analysis.power`: exact power indices, the Gini coefficient."""

from __future__ import annotations

import itertools
import json
import math
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coproduction.analysis import power
from coproduction.analysis.power import (
    banzhaf,
    dummy_players,
    gini,
    shapley_shubik,
    veto_players,
)
from coproduction.errors import ValidationError

REFERENCE = Path(__file__).resolve().parents[1] / "reference" / "power_indices.json"
DATA = json.loads(REFERENCE.read_text(encoding="utf-8"))
GAMES = {game["id"]: game for game in DATA["games"]}
GINI_CASES = {case["id"]: case for case in DATA["gini"]}
GAME_FUNCTIONS = [banzhaf, shapley_shubik, veto_players, dummy_players]


def exact(strings):
    """The reference file's fractions, written as strings, as Fractions."""
    return [Fraction(s) for s in strings]


@st.composite
def games(draw, max_players=7):
    """A valid weighted voting game: weights 0..6 and a quota in 1..sum(weights)."""
    weights = draw(
        st.lists(st.integers(0, 6), min_size=1, max_size=max_players).filter(any)
    )
    return draw(st.integers(1, sum(weights))), weights


def brute_swings(quota, weights):
    """Swings of each player, over all 2**n coalitions."""
    swings = [0] * len(weights)
    for members in itertools.product((False, True), repeat=len(weights)):
        total = sum(w for w, inside in zip(weights, members, strict=True) if inside)
        if total < quota:
            continue
        for i, inside in enumerate(members):
            if inside and total - weights[i] < quota:
                swings[i] += 1
    return swings


def brute_winning(quota, weights):
    """Every winning coalition, as a set of indices, over all 2**n coalitions."""
    n = len(weights)
    return [
        set(c)
        for size in range(n + 1)
        for c in itertools.combinations(range(n), size)
        if sum(weights[i] for i in c) >= quota
    ]


def brute_shapley_shubik(quota, weights):
    """Share of the n! orders in which each player's votes first reach the quota."""
    pivotal = [0] * len(weights)
    for order in itertools.permutations(range(len(weights))):
        total = 0
        for i in order:
            total += weights[i]
            if total >= quota:
                pivotal[i] += 1
                break
    return [Fraction(p, math.factorial(len(weights))) for p in pivotal]


def brute_gini(values, corrected=False):
    """The Gini coefficient from its definition, over all ordered pairs."""
    n, total = len(values), sum(values)
    if total == 0 or n == 1:
        return Fraction(0)
    pairs = sum(abs(Fraction(a) - Fraction(b)) for a in values for b in values)
    value = pairs / (2 * n * total)
    return value * Fraction(n, n - 1) if corrected else value


class TestReference:
    """The published games and Gini cases of ``power_indices.json``."""

    @pytest.mark.parametrize("game", GAMES.values(), ids=GAMES)
    def test_banzhaf_normalised(self, game):
        """Normalised Banzhaf equals the published shares of swings."""
        expected = exact(game["banzhaf_normalised"])
        assert banzhaf(game["quota"], game["weights"]) == expected

    @pytest.mark.parametrize("game", GAMES.values(), ids=GAMES)
    def test_banzhaf_raw(self, game):
        """Raw Banzhaf equals the published Penrose measure."""
        got = banzhaf(game["quota"], game["weights"], normalised=False)
        assert got == exact(game["banzhaf_raw"])

    @pytest.mark.parametrize("game", GAMES.values(), ids=GAMES)
    def test_shapley_shubik(self, game):
        """Shapley-Shubik equals the published index."""
        expected = exact(game["shapley_shubik"])
        assert shapley_shubik(game["quota"], game["weights"]) == expected

    @pytest.mark.parametrize("game", GAMES.values(), ids=GAMES)
    def test_veto_players(self, game):
        """The veto players are the published ones."""
        assert veto_players(game["quota"], game["weights"]) == game["veto_players"]

    @pytest.mark.parametrize("game", GAMES.values(), ids=GAMES)
    def test_dummy_players(self, game):
        """The dummy players are the published ones."""
        assert dummy_players(game["quota"], game["weights"]) == game["dummy_players"]

    @pytest.mark.parametrize("case", GINI_CASES.values(), ids=GINI_CASES)
    def test_gini(self, case):
        """The plain Gini coefficient equals the published value."""
        assert gini(case["values"]) == Fraction(case["gini"])

    @pytest.mark.parametrize("case", GINI_CASES.values(), ids=GINI_CASES)
    def test_gini_corrected(self, case):
        """The small-sample Gini coefficient equals the published value."""
        assert gini(case["values"], corrected=True) == Fraction(case["gini_corrected"])


class TestBanzhaf:
    """`banzhaf`: swings counted by generating functions."""

    @given(games())
    def test_equals_brute_force(self, game):
        """Both forms equal a count over all 2**n coalitions."""
        quota, weights = game
        swings = brute_swings(quota, weights)
        raw = [Fraction(s, 2 ** (len(weights) - 1)) for s in swings]
        assert banzhaf(quota, weights, normalised=False) == raw
        assert banzhaf(quota, weights) == [Fraction(s, sum(swings)) for s in swings]

    @given(games())
    def test_normalised_sums_to_one(self, game):
        """Every valid game has a swing, so the shares sum to exactly 1."""
        assert sum(banzhaf(*game)) == 1

    @given(games())
    def test_raw_is_a_probability(self, game):
        """Each raw index lies in [0, 1]."""
        assert all(0 <= p <= 1 for p in banzhaf(*game, normalised=False))

    @given(games())
    def test_a_null_player_changes_nothing(self, game):
        """A player with no votes adds no power and leaves the others' unchanged."""
        quota, weights = game
        for normalised in (True, False):
            before = banzhaf(quota, weights, normalised=normalised)
            after = banzhaf(quota, [*weights, 0], normalised=normalised)
            assert after == [*before, 0]

    @given(games(), st.integers(2, 50))
    def test_scaling_changes_nothing(self, game, factor):
        """Multiplying every weight and the quota by one factor keeps the power."""
        quota, weights = game
        scaled = banzhaf(quota * factor, [w * factor for w in weights])
        assert scaled == banzhaf(quota, weights)

    @given(games())
    def test_dual_game_has_the_same_swings(self, game):
        """The quota ``sum(weights) - quota + 1`` gives the same raw power."""
        quota, weights = game
        dual = sum(weights) - quota + 1
        assert banzhaf(dual, weights, normalised=False) == banzhaf(
            quota, weights, normalised=False
        )

    @given(games())
    def test_veto_player_swings_in_every_winning_coalition(self, game):
        """A veto player's raw power is the count of winning coalitions / 2**(n-1)."""
        quota, weights = game
        raw = banzhaf(quota, weights, normalised=False)
        winning = len(brute_winning(quota, weights))
        for i in veto_players(quota, weights):
            assert raw[i] == Fraction(winning, 2 ** (len(weights) - 1)) == max(raw)

    def test_two_hundred_equal_members(self):
        """With n equal members each has 1/n, and the raw index is a binomial."""
        n, quota = 200, 101
        assert banzhaf(quota, [1] * n) == [Fraction(1, n)] * n
        raw = Fraction(math.comb(n - 1, quota - 1), 2 ** (n - 1))
        assert banzhaf(quota, [1] * n, normalised=False) == [raw] * n

    def test_large_weights_are_reduced_exactly(self):
        """Weights with a common divisor give the power of the divided game."""
        assert banzhaf(6_000_000, [4_000_000, 3_000_000, 2_000_000, 1_000_000]) == (
            banzhaf(6, [4, 3, 2, 1])
        )


class TestShapleyShubik:
    """`shapley_shubik`: pivots counted by size and weight."""

    @given(games())
    def test_equals_brute_force(self, game):
        """The index equals a count over all n! orders."""
        assert shapley_shubik(*game) == brute_shapley_shubik(*game)

    @given(games())
    def test_sums_to_one(self, game):
        """Exactly one player is pivotal in each order, so the indices sum to 1."""
        assert sum(shapley_shubik(*game)) == 1

    @given(games())
    def test_a_null_player_changes_nothing(self, game):
        """A player with no votes adds no power and leaves the others' unchanged."""
        quota, weights = game
        assert shapley_shubik(quota, [0, *weights]) == [0, *shapley_shubik(*game)]

    @given(games())
    def test_dual_game_has_the_same_pivots(self, game):
        """The quota ``sum(weights) - quota + 1`` gives the same index."""
        quota, weights = game
        dual = sum(weights) - quota + 1
        assert shapley_shubik(dual, weights) == shapley_shubik(quota, weights)

    @given(games())
    def test_dummies_have_no_power_by_either_index(self, game):
        """A player has 0 Shapley-Shubik power exactly when its Banzhaf power is 0."""
        ss, bz = shapley_shubik(*game), banzhaf(*game)
        assert [p == 0 for p in ss] == [p == 0 for p in bz]

    def test_two_hundred_members_with_weights_one_to_five(self):
        """A 200-member committee is exact: the indices sum to 1 and follow weight."""
        weights = [1 + i % 5 for i in range(200)]
        index = shapley_shubik(sum(weights) // 2 + 1, weights)
        assert sum(index) == 1
        by_weight = dict(zip(weights, index, strict=True))
        assert [by_weight[w] for w in range(1, 6)] == sorted(by_weight.values())
        assert index[:5] == [by_weight[w] for w in range(1, 6)]

    def test_two_hundred_equal_members(self):
        """With n equal members each is pivotal in 1/n of the orders."""
        assert shapley_shubik(101, [1] * 200) == [Fraction(1, 200)] * 200


class TestBothIndices:
    """Properties that Banzhaf and Shapley-Shubik power share."""

    @pytest.mark.parametrize("index", [banzhaf, shapley_shubik])
    @given(game=games(), rng=st.randoms(use_true_random=False))
    def test_permuting_players_permutes_power(self, index, game, rng):
        """Reordering the weights reorders the indices the same way."""
        quota, weights = game
        order = list(range(len(weights)))
        rng.shuffle(order)
        before = index(quota, weights)
        after = index(quota, [weights[i] for i in order])
        assert after == [before[i] for i in order]

    @pytest.mark.parametrize("index", [banzhaf, shapley_shubik])
    @given(game=games())
    def test_more_votes_never_mean_less_power(self, index, game):
        """Equal weights give equal power and a larger weight at least as much."""
        quota, weights = game
        power_ = index(quota, weights)
        for (wa, pa), (wb, pb) in itertools.combinations(
            zip(weights, power_, strict=True), 2
        ):
            assert (wa == wb) <= (pa == pb)
            assert (wa > wb) <= (pa >= pb)


class TestVetoPlayers:
    """`veto_players`: members of every winning coalition."""

    @given(games())
    def test_equals_brute_force(self, game):
        """The veto players are those in every winning coalition."""
        winning = brute_winning(*game)
        assert set(veto_players(*game)) == set.intersection(*winning)

    @given(games())
    def test_a_veto_player_who_wins_alone_has_all_the_power(self, game):
        """A dictator, a veto player whose weight reaches the quota, has power 1."""
        quota, weights = game
        for i in veto_players(quota, weights):
            if weights[i] >= quota:
                alone = [Fraction(int(j == i)) for j in range(len(weights))]
                assert banzhaf(*game) == shapley_shubik(*game) == alone

    def test_unanimity_makes_every_voter_a_veto_player(self):
        """When all votes are needed every player with a vote has a veto."""
        assert veto_players(6, [1, 2, 0, 3]) == [0, 1, 3]


class TestDummyPlayers:
    """`dummy_players`: players that are never a swing."""

    @given(games())
    def test_equals_brute_force(self, game):
        """The dummies are the players with no swing in any coalition."""
        swings = brute_swings(*game)
        assert dummy_players(*game) == [i for i, s in enumerate(swings) if s == 0]

    @given(games())
    def test_players_without_votes_are_dummies(self, game):
        """Every player of weight 0 is a dummy."""
        quota, weights = game
        zero = [i for i, w in enumerate(weights) if w == 0]
        assert set(zero) <= set(dummy_players(quota, weights))


class TestErrorPaths:
    """A refused argument is named `$.<argument>`, an item of it `$.<argument>[i]`."""

    @pytest.mark.parametrize(
        ("call", "path"),
        [
            (lambda: banzhaf(quota=6, weights=[1, -2]), "$.weights[1]"),
            (lambda: shapley_shubik(quota=0, weights=[1, 2]), "$.quota"),
            (lambda: veto_players(quota=1, weights=5), "$.weights"),
            (lambda: gini([1, -1]), "$.values[1]"),
        ],
    )
    def test_path_names_the_argument(self, call, path):
        with pytest.raises(ValidationError) as caught:
            call()
        assert caught.value.path == path


class TestGameValidation:
    """Every game function refuses an invalid game with an exact message."""

    @pytest.mark.parametrize("function", GAME_FUNCTIONS)
    @pytest.mark.parametrize(
        ("quota", "weights", "path", "message"),
        [
            (3, 5, "$.weights", "weights must be a sequence of ints, got 5"),
            (3, [], "$.weights", "weights must hold at least one item, got []"),
            (
                3,
                [1, 2.5],
                "$.weights[1]",
                "weight must be a whole number of votes (an int), got 2.5",
            ),
            (
                3,
                [True, 2],
                "$.weights[0]",
                "weight must be a whole number of votes (an int), got True",
            ),
            (
                3,
                [1, "2"],
                "$.weights[1]",
                "weight must be a whole number of votes (an int), got '2'",
            ),
            (3, [1, 2, -1], "$.weights[2]", "weight must not be negative, got -1"),
            (2.5, [1, 2], "$.quota", "quota must be an int, got 2.5"),
            (True, [1, 2], "$.quota", "quota must be an int, got True"),
            (
                Fraction(3),
                [1, 2],
                "$.quota",
                "quota must be an int, got Fraction(3, 1)",
            ),
            (None, [1, 2], "$.quota", "quota must be an int, got None"),
            (0, [1, 2], "$.quota", "quota must be positive, got 0"),
            (-4, [1, 2], "$.quota", "quota must be positive, got -4"),
            (
                4,
                [1, 2],
                "$.quota",
                "quota 4 is more than the total weight 3, so no coalition could win",
            ),
            (
                1,
                [0, 0],
                "$.quota",
                "quota 1 is more than the total weight 0, so no coalition could win",
            ),
        ],
    )
    def test_refuses(self, function, quota, weights, path, message):
        """An invalid game raises a ValidationError naming the value and its path."""
        with pytest.raises(ValidationError) as info:
            function(quota, weights)
        assert info.value.path == path
        assert info.value.message == message
        assert str(info.value) == f"{path}: {message}"
        assert isinstance(info.value, ValueError)

    @pytest.mark.parametrize("function", GAME_FUNCTIONS)
    def test_accepts_integer_like_numbers(self, function):
        """Integers of other libraries (anything with ``__index__``) are accepted."""

        class Votes:
            def __init__(self, value):
                self.value = value

            def __index__(self):
                return self.value

        plain = function(6, [4, 3, 2, 1])
        assert function(Votes(6), [Votes(4), 3, Votes(2), 1]) == plain

    def test_accepts_any_iterable(self):
        """Weights may come from a generator."""
        assert banzhaf(6, (w for w in [4, 3, 2, 1])) == banzhaf(6, [4, 3, 2, 1])


class TestGini:
    """`gini`: inequality of non-negative values by the sorted formula."""

    values = st.lists(
        st.integers(0, 1000) | st.fractions(0, 100, max_denominator=50),
        min_size=1,
        max_size=30,
    )

    @given(values)
    def test_equals_the_pairwise_definition(self, values):
        """Both forms equal the definition over all ordered pairs, exactly."""
        assert gini(values) == brute_gini(values)
        assert gini(values, corrected=True) == brute_gini(values, corrected=True)

    @given(values)
    def test_lies_in_the_unit_interval(self, values):
        """The plain form lies in [0, 1) and the corrected form in [0, 1]."""
        assert 0 <= gini(values) < 1
        assert 0 <= gini(values, corrected=True) <= 1

    @given(values, st.fractions(min_value=0, max_value=1000).filter(bool))
    def test_scale_invariant(self, values, factor):
        """Multiplying every value by one positive factor keeps the coefficient."""
        assert gini([v * factor for v in values]) == gini(values)

    @given(values, st.randoms(use_true_random=False))
    def test_permutation_invariant(self, values, rng):
        """The order of the values does not matter."""
        shuffled = values.copy()
        rng.shuffle(shuffled)
        assert gini(shuffled) == gini(values)

    @given(st.lists(st.floats(0, 1e6), min_size=1, max_size=30))
    def test_floats_give_a_close_float(self, values):
        """Floats give a float within rounding of the exact value."""
        got = gini(values)
        assert isinstance(got, float)
        assert 0 <= got < 1
        assert got == pytest.approx(float(brute_gini(values)), rel=1e-12, abs=1e-15)

    def test_exact_for_ints_and_fractions(self):
        """Ints and Fractions give a Fraction; a float anywhere gives a float."""
        assert gini([1, Fraction(1, 2), 3]) == Fraction(10, 27)
        assert isinstance(gini([1, 2]), Fraction)
        assert gini([1, 2.0]) == pytest.approx(1 / 6)
        assert isinstance(gini([1, 2.0]), float)

    def test_accepts_numbers_of_other_libraries(self):
        """Integer-likes (``__index__``) stay exact and float subclasses give floats."""

        class Count:
            def __index__(self):
                return 3

        class Real(float):
            pass

        assert gini([Count(), 0, 1]) == gini([3, 0, 1]) == Fraction(1, 2)
        assert gini([Real(3.0), 0.0, 1.0]) == pytest.approx(0.5)

    def test_one_holds_everything(self):
        """When one of n holds everything the plain form is (n-1)/n, corrected 1."""
        assert gini([0, 0, 9]) == Fraction(2, 3)
        assert gini([0, 0, 9], corrected=True) == 1

    @pytest.mark.parametrize("corrected", [False, True])
    def test_all_zeros_are_equal(self, corrected):
        """Values that are all zero give 0, as an exact or a float zero."""
        assert gini([0, 0, 0], corrected=corrected) == Fraction(0)
        assert gini([0.0, 0.0], corrected=corrected) == 0.0
        assert isinstance(gini([0.0, 0.0], corrected=corrected), float)

    @pytest.mark.parametrize("corrected", [False, True])
    def test_a_single_value_gives_zero(self, corrected):
        """One value cannot be unequal to itself, so even the corrected form is 0."""
        assert gini([7], corrected=corrected) == Fraction(0)
        assert gini([7.5], corrected=corrected) == 0.0

    def test_a_million_values(self):
        """A million values take the O(n log n) route."""
        n = 1_000_000
        assert gini(list(range(n))) == Fraction(n + 1, 3 * n)

    @pytest.mark.parametrize(
        ("values", "path", "message"),
        [
            (5, "$.values", "values must be a sequence of numbers, got 5"),
            ([], "$.values", "values must hold at least one item, got []"),
            ([1, -1], "$.values[1]", "value must not be negative, got -1"),
            (
                [Fraction(-1, 2)],
                "$.values[0]",
                "value must not be negative, got Fraction(-1, 2)",
            ),
            ([1, -0.5], "$.values[1]", "value must not be negative, got -0.5"),
            ([math.nan], "$.values[0]", "value must be finite, got nan"),
            ([1, math.inf], "$.values[1]", "value must be finite, got inf"),
            (
                [True],
                "$.values[0]",
                "value must be an int, Fraction or float, got True",
            ),
            (
                [1, "2"],
                "$.values[1]",
                "value must be an int, Fraction or float, got '2'",
            ),
            (
                [Decimal(1)],
                "$.values[0]",
                "value must be an int, Fraction or float, got Decimal('1')",
            ),
        ],
    )
    def test_refuses(self, values, path, message):
        """Invalid values raise a ValidationError naming the value and its path."""
        with pytest.raises(ValidationError) as info:
            gini(values)
        assert (info.value.path, info.value.message) == (path, message)


class TestNamespace:
    """The module's public names."""

    def test_all_is_sorted_and_public(self):
        """``__all__`` is sorted and names every public function of the module."""
        assert power.__all__ == sorted(power.__all__)
        public = {
            name
            for name, value in vars(power).items()
            if callable(value)
            and not name.startswith("_")
            and getattr(value, "__module__", None) == power.__name__
        }
        assert set(power.__all__) == public

    @pytest.mark.parametrize("name", power.__all__)
    def test_documented(self, name):
        """Every public function has examples, references to siblings and a version."""
        doc = getattr(power, name).__doc__
        for section in ("Examples:", "See Also:", "Notes:", "Added in 0.1."):
            assert section in doc
