"""Tests for `coproduction.analysis.formal`: the voting game roles define, and its power."""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

import coproduction as cp
from coproduction.analysis.formal import formal_power, voting_game
from coproduction.errors import ValidationError


def committee(members, *, kinds=None):
    """An initiative where member i holds one role of ``members[i] = (votes, veto)``."""
    ids = [f"p{i}" for i in range(len(members))]
    kinds = kinds or ["person"] * len(members)
    return cp.Initiative(
        id="committee",
        stakeholders=[
            cp.Stakeholder(id=i, name=i.upper(), kind=k)
            for i, k in zip(ids, kinds, strict=True)
        ],
        roles=[
            cp.Role(id=f"seat-{i}", votes=votes, veto=veto)
            for i, (votes, veto) in zip(ids, members, strict=True)
        ],
        memberships=[cp.Membership(stakeholder=i, role=f"seat-{i}") for i in ids],
    )


def brute_force(members, quota=None):
    """Normalised Banzhaf power over all 2**n coalitions; winners hold every veto."""
    n = len(members)
    votes = [v for v, _ in members]
    vetoes = {i for i, (_, veto) in enumerate(members) if veto}
    quota = sum(votes) // 2 + 1 if quota is None else quota

    def wins(coalition):
        return sum(votes[i] for i in coalition) >= quota and vetoes <= coalition

    swings = [0] * n
    for size in range(n + 1):
        for chosen in itertools.combinations(range(n), size):
            coalition = set(chosen)
            if not wins(coalition):
                continue
            for i in coalition:
                if not wins(coalition - {i}):
                    swings[i] += 1
    total = sum(swings)
    return {
        f"p{i}": Fraction(s, total) if total else Fraction(0)
        for i, s in enumerate(swings)
    }


members_strategy = st.lists(
    st.tuples(st.integers(0, 3), st.booleans()), min_size=1, max_size=7
)


class TestVotingGame:
    def test_votes_add_up_across_roles(self):
        """A member's votes are the sum of their roles' votes; any veto makes them a veto holder."""
        ini = cp.Initiative(
            id="x",
            stakeholders=[
                cp.Stakeholder(id="alice", name="Alice"),
                cp.Stakeholder(id="mo", name="Mo", kind="manager"),
                cp.Stakeholder(id="cat", name="Cat", kind="care_worker"),
            ],
            roles=[
                cp.Role(id="member"),
                cp.Role(id="chair", votes=2, veto=True),
                cp.Role(id="observer", votes=0),
            ],
            memberships=[
                cp.Membership(stakeholder="mo", role="member"),
                cp.Membership(stakeholder="alice", role="member"),
                cp.Membership(stakeholder="mo", role="chair"),
            ],
        )
        assert voting_game(ini) == {"mo": (3, True), "alice": (1, False)}

    def test_zero_vote_role_is_still_membership(self):
        """Someone holding only a role without votes is a member with 0 votes."""
        ini = committee([(0, False), (1, False)])
        assert voting_game(ini) == {"p0": (0, False), "p1": (1, False)}

    def test_no_memberships(self):
        """No one holding a role gives an empty game."""
        assert voting_game(cp.Initiative(id="x")) == {}


class TestFormalPower:
    def test_manager_veto(self):
        """Three residents and a manager with a veto: the veto doubles the manager's power."""
        ini = committee(
            [(1, False), (1, False), (1, False), (1, True)],
            kinds=["person", "person", "person", "manager"],
        )
        assert formal_power(ini) == {
            "p0": Fraction(1, 5),
            "p1": Fraction(1, 5),
            "p2": Fraction(1, 5),
            "p3": Fraction(2, 5),
        }

    def test_three_votes_and_a_veto(self):
        """Three votes and a veto against three single votes leave the others 10% each."""
        ini = committee([(1, False), (1, False), (1, False), (3, True)])
        assert formal_power(ini) == {
            "p0": Fraction(1, 10),
            "p1": Fraction(1, 10),
            "p2": Fraction(1, 10),
            "p3": Fraction(7, 10),
        }

    def test_dummy_gets_nothing(self):
        """A member whose votes never turn a losing coalition into a winning one has 0."""
        # 4 votes in all, quota 3: the 3-vote member wins alone, the 1-vote one never matters
        assert formal_power(committee([(3, False), (1, False)])) == {
            "p0": Fraction(1),
            "p1": Fraction(0),
        }

    def test_zero_votes_without_veto_is_a_dummy(self):
        """A member with no votes and no veto has no power."""
        power = formal_power(committee([(0, False), (1, False), (1, False)]))
        assert power == {"p0": 0, "p1": Fraction(1, 2), "p2": Fraction(1, 2)}

    def test_veto_without_votes_still_blocks(self):
        """A veto alone is power: nothing passes without its holder."""
        power = formal_power(committee([(0, True), (1, False), (1, False)]))
        # quota 2: only {p0, p1, p2} wins, and every one of them is a swing
        assert power == {
            "p0": Fraction(1, 3),
            "p1": Fraction(1, 3),
            "p2": Fraction(1, 3),
        }

    def test_simple_majority_is_the_default_quota(self):
        """With no quota given a coalition needs more than half of all votes."""
        members = [(2, False), (1, False), (1, False), (1, False)]
        assert formal_power(committee(members)) == formal_power(
            committee(members), quota=3
        )

    def test_quota_argument(self):
        """A unanimity quota makes every member with a vote equally powerful."""
        power = formal_power(committee([(3, False), (1, False), (1, False)]), quota=5)
        assert power == dict.fromkeys(["p0", "p1", "p2"], Fraction(1, 3))

    def test_quota_no_one_can_reach(self):
        """A quota above all the votes there are gives everyone 0."""
        power = formal_power(committee([(1, False), (1, False)]), quota=3)
        assert power == {"p0": 0, "p1": 0}

    def test_no_members(self):
        """No one holding a role gives an empty dict."""
        assert formal_power(cp.Initiative(id="x")) == {}

    @pytest.mark.parametrize("quota", [0, -1, True, 2.5, "3"])
    def test_bad_quota(self, quota):
        """A quota that is not a whole number of at least 1 is refused, naming the value."""
        with pytest.raises(ValidationError) as caught:
            formal_power(committee([(1, False), (1, False)]), quota=quota)
        err = caught.value
        assert err.path == "$.quota"
        assert str(err) == (
            f"$.quota: quota must be a whole number of votes of at least 1, got {quota!r}"
        )

    def test_bad_quota_without_members(self):
        """A bad quota is refused even when no one holds a role."""
        with pytest.raises(ValidationError) as caught:
            formal_power(cp.Initiative(id="x"), quota=0)
        assert str(caught.value) == (
            "$.quota: quota must be a whole number of votes of at least 1, got 0"
        )

    @given(members_strategy)
    def test_matches_brute_force(self, members):
        """The power of every small committee equals a count over all coalitions."""
        assert formal_power(committee(members)) == brute_force(members)

    @given(members_strategy, st.integers(1, 22))
    def test_matches_brute_force_with_quota(self, members, quota):
        """Any quota, reachable or not, agrees with the count over all coalitions."""
        assert formal_power(committee(members), quota=quota) == brute_force(
            members, quota
        )

    @given(st.integers(1, 7), st.integers(1, 3))
    def test_equal_votes_no_veto_equal_power(self, n, votes):
        """Equal votes and no veto give everyone 1/n."""
        power = formal_power(committee([(votes, False)] * n))
        assert set(power.values()) == {Fraction(1, n)}

    @given(members_strategy)
    def test_shares_sum_to_one_or_all_zero(self, members):
        """The shares sum to 1, or are all 0 when no coalition can win."""
        total = sum(formal_power(committee(members)).values())
        assert total in {0, 1}
