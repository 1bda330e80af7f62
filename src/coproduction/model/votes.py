"""Counting the votes of a decision: the result and the choice they give.

The rules are those of the docs page "How findings are computed": one vote per person
per option (a vote cast on someone's behalf is theirs), the plurality wins, a tie is
`deferred`; a motion without options carries with more votes for than against. Under
`weighted_vote` each vote weighs its voter's `Role.votes`, which only the initiative
knows: it passes them in as `weight_of`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Final

from attrs import field, frozen

from coproduction._fields import FrozenDict
from coproduction._words import did_you_mean, duplicate_id
from coproduction.errors import ValidationError

if TYPE_CHECKING:
    from coproduction.model.decisions import Contribution, Decision, Option

__all__ = [
    "TALLIED",
    "Count",
    "count",
    "count_votes",
    "default_chosen",
    "default_result",
    "option_problems",
    "outcome_problems",
    "voter",
    "weigh_by",
    "worked_out",
]

# The values of the enumerations this module reads, as strings: `decisions` imports
# this module, so it cannot import the enumerations back.
_FOR: Final = "voted_for"
_AGAINST: Final = "voted_against"
_VOTES: Final = frozenset({_FOR, _AGAINST})
TALLIED: Final = frozenset({"majority", "weighted_vote"})
"""The rules under which votes decide."""


def _to_chosen(value: Iterable[str]) -> frozenset[str]:
    return frozenset(value)


def _to_tally(value: Mapping[str, float]) -> FrozenDict[str, float]:
    return FrozenDict(value)


@frozen
class Count:
    """What the votes of a decision say.

    Examples:
        >>> Count(result="carried", chosen=frozenset(), tally={"for": 3, "against": 1})
        Count(result='carried', chosen=frozenset(), tally={'for': 3, 'against': 1}, motion=True)
    """

    result: str | None
    """``carried``, ``rejected`` or ``deferred`` (a tie); None when no vote was cast."""
    chosen: frozenset[str] = field(converter=_to_chosen)
    """The winning options (none for a motion)."""
    tally: FrozenDict[str, float] = field(converter=_to_tally)
    """Votes for each option, or ``for`` and ``against`` a motion (it cannot be changed)."""
    motion: bool = True
    """Whether the votes were for and against one proposal, not among options."""

    def describe(self) -> str:
        """The tally in words, e.g. ``"'sage' 5, 'teal' 2"`` or ``"3 for, 1 against"``.

        Examples:
            >>> Count("carried", frozenset(), {"for": 3, "against": 1}).describe()
            '3 for, 1 against'
        """
        if self.motion:
            return f"{_n(self.tally['for'])} for, {_n(self.tally['against'])} against"
        ranked = sorted(self.tally.items(), key=lambda kv: (-kv[1], kv[0]))
        return ", ".join(f"{k!r} {_n(v)}" for k, v in ranked)


def _n(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def voter(c: Contribution) -> str:
    """Whose vote a contribution is: the person represented, or the contributor.

    Examples:
        >>> from coproduction.model import Contribution
        >>> voter(Contribution(by="sam", action="voted_for", on_behalf_of="george"))
        'george'
    """
    return c.on_behalf_of or c.by


def count_votes(
    decision: Decision,
    weight_of: Callable[[str], float] | None = None,
    places: int = 1,
) -> Count:
    """Count the votes of `decision`, each weighing `weight_of(voter)` (1 by default).

    `places` is how many options are to be chosen (the number recorded, or one).

    Examples:
        >>> from coproduction.model import Contribution, Decision
        >>> d = Decision(id="d", title="Trip", level="engaging", rule="majority",
        ...     contributions=[Contribution(by=p, action="voted_for") for p in "abc"]
        ...     + [Contribution(by="m", action="voted_against")])
        >>> count_votes(d).describe(), count_votes(d).result
        ('3 for, 1 against', 'carried')
    """
    options = [o.id for o in decision.options]
    return count(decision.contributions, options, weight_of, places)


def count(  # noqa: PLR0911  # one return per outcome of the count
    contributions: Iterable[Contribution],
    options: list[str],
    weight_of: Callable[[str], float] | None = None,
    places: int = 1,
) -> Count:
    """`count_votes` over given contributions and option ids (to ask "what if not").

    Examples:
        >>> from coproduction.model import Contribution
        >>> votes = [Contribution(by="a", action="voted_for", option="sage"),
        ...          Contribution(by="b", action="voted_for", option="teal")]
        >>> count(votes, ["sage", "teal"]).result  # a tie
        'deferred'
    """
    weigh = weight_of or (lambda _: 1.0)
    votes = [c for c in contributions if c.action.value in _VOTES]
    if options:
        tally = dict.fromkeys(options, 0.0)
        against = dict.fromkeys(options, 0.0)
        for c in votes:
            if c.option is not None:
                side = tally if c.action.value == _FOR else against
                side[c.option] += weigh(voter(c))
        if not votes:
            return Count(None, frozenset(), tally, motion=False)
        # an option more people voted against than for cannot be chosen
        standing = {o: (n if n > against[o] else 0.0) for o, n in tally.items()}
        if not any(standing.values()):
            return Count("rejected", frozenset(), tally, motion=False)
        return _plurality(standing, max(1, places), tally)
    tally = {"for": 0.0, "against": 0.0}
    for c in votes:
        tally["for" if c.action.value == _FOR else "against"] += weigh(voter(c))
    if not votes:
        return Count(None, frozenset(), tally)
    if tally["for"] > tally["against"]:
        return Count("carried", frozenset(), tally)
    if tally["for"] < tally["against"]:
        return Count("rejected", frozenset(), tally)
    return Count("deferred", frozenset(), tally)


def _plurality(
    standing: dict[str, float], places: int, tally: dict[str, float]
) -> Count:
    """The `places` options with the most votes, or a tie at the last place."""
    ranked = sorted(standing.values(), reverse=True)
    if places >= len(ranked):
        chosen = frozenset(k for k, v in standing.items() if v > 0)
        return Count("carried", chosen, tally, motion=False)
    last, first_out = ranked[places - 1], ranked[places]
    if last in {first_out, 0}:
        return Count("deferred", frozenset(), tally, motion=False)
    chosen = frozenset(k for k, v in standing.items() if v >= last)
    return Count("carried", chosen, tally, motion=False)


def default_result(decision: Decision, count: Count) -> str:
    """The result when none is recorded.

    The votes where they decide (a casting vote settles a tie); otherwise a veto
    rejects, a `decided` or adopted entry carries, and anything else is pending.

    Examples:
        >>> from coproduction.model import Contribution, Decision
        >>> d = Decision(id="d", title="t", level="engaging", rule="single_decider",
        ...     contributions=[Contribution(by="mo", action="decided")])
        >>> default_result(d, count_votes(d))
        'carried'
    """
    actions = {c.action.value for c in decision.contributions}
    if "vetoed" in actions:
        return "rejected"
    if decision.rule.value in TALLIED and count.result is not None:
        if count.result == "deferred" and "decided" in actions:
            return "carried"  # the chair's casting vote
        return count.result
    if "decided" in actions or any(c.adopted for c in decision.contributions):
        return "carried"
    return "pending"


def default_chosen(decision: Decision, result: str, count: Count) -> frozenset[str]:
    """The chosen options when none are recorded.

    The winners of the votes, else the options of the `decided` entries, else those of
    the adopted ones.

    Examples:
        >>> from coproduction.model import Contribution, Decision, Option
        >>> d = Decision(id="d", title="t", level="engaging", rule="single_decider",
        ...     options=[Option(id="sage"), Option(id="teal")],
        ...     contributions=[Contribution(by="mo", action="decided", option="teal")])
        >>> sorted(default_chosen(d, "carried", count_votes(d)))
        ['teal']
    """
    if result != "carried" or not decision.options:
        return frozenset()
    if decision.rule.value in TALLIED and count.result == "carried":
        return count.chosen  # (a casting vote falls through to the `decided` entries)
    for picked in (
        {c.option for c in decision.contributions if c.action.value == "decided"},
        {c.option for c in decision.contributions if c.adopted},
    ):
        named = frozenset(o for o in picked if o is not None)
        if named:
            return named
    return frozenset()


def worked_out(
    decision: Decision,
    weight_of: Callable[[str], float] | None = None,
    places: int = 1,
) -> tuple[str, frozenset[str]]:
    """The result and choice the record gives by itself, when none are recorded.

    Examples:
        >>> from coproduction.model import Contribution, Decision
        >>> worked_out(Decision(id="d", title="t", level="engaging", rule="majority",
        ...     contributions=[Contribution(by="a", action="voted_against")]))
        ('rejected', frozenset())
    """
    counted = count_votes(decision, weight_of, places)
    result = default_result(decision, counted)
    return result, default_chosen(decision, result, counted)


def outcome_problems(  # noqa: PLR0911  # one return per way a record can agree
    decision: Decision,
    result: str,
    chosen: frozenset[str],
    weight_of: Callable[[str], float] | None = None,
) -> Iterator[ValidationError]:
    """What is wrong with a recorded result and choice, given what the votes say.

    What the record gives by itself (`worked_out`) is never wrong, so a result written
    out and read back is always accepted.

    Examples:
        >>> from coproduction.model import Contribution, Decision
        >>> d = Decision(id="d", title="t", level="engaging", rule="majority",
        ...     contributions=[Contribution(by="a", action="voted_for")])
        >>> [p.message for p in outcome_problems(d, "rejected", frozenset())]  # doctest: +ELLIPSIS
        ['the votes make it carried (1 for, 0 against), so it cannot be rejected unless ...']
    """
    vetoed = any(c.action.value == "vetoed" for c in decision.contributions)
    if chosen and result != "carried":
        msg = (
            f"a decision that is {result!r} chose nothing; record result: carried, "
            "or leave chosen out"
        )
        yield ValidationError(msg, "$.chosen", code="not_allowed")
        return
    if decision.rule.value not in TALLIED:
        return
    if (result, chosen) == worked_out(decision, weight_of):
        return
    count = count_votes(decision, weight_of, max(1, len(chosen)))
    if count.result is None:
        return
    if result == count.result and (not chosen or chosen == count.chosen):
        return
    if result == "rejected" and vetoed:
        return  # a veto that held explains a majority rejected
    casting = any(c.action.value == "decided" for c in decision.contributions)
    if count.result == "deferred" and casting and result in ("carried", "rejected"):
        return  # the chair's casting vote settled the tie
    if count.result == "deferred" and result != "deferred":
        msg = (
            f"the votes tie ({count.describe()}); record the result as deferred, or "
            "the chair's casting vote as a 'decided' entry"
        )
        yield ValidationError(msg, "$.result", code="not_allowed")
    elif result != count.result:
        because = " unless someone vetoed it" if result == "rejected" else ""
        msg = (
            f"the votes make it {count.result} ({count.describe()}), so it cannot be "
            f"{result}{because}; correct the votes or the result"
        )
        yield ValidationError(msg, "$.result", code="not_allowed")
    else:
        winners = ", ".join(repr(o) for o in sorted(count.chosen))
        msg = (
            f"the votes choose {winners} ({count.describe()}); record chosen: "
            f"[{', '.join(sorted(count.chosen))}], or correct the votes"
        )
        yield ValidationError(msg, "$.chosen", code="not_allowed")


def option_problems(
    contributions: Iterable[Contribution], options: Iterable[Option], tallied: bool
) -> Iterator[ValidationError]:
    """Options named that do not exist, votes without an option, votes given twice.

    Examples:
        >>> from coproduction.model import Contribution, Option
        >>> found = option_problems([Contribution(by="a", action="voted_for", option="saeg")],
        ...                         [Option(id="sage")], tallied=True)
        >>> [(p.path, p.message) for p in found]
        [('$.contributions[0].option', "unknown option 'saeg' (did you mean 'sage'?)")]
    """
    known: dict[str, int] = {}
    for i, o in enumerate(options):
        if o.id in known:
            yield ValidationError(
                duplicate_id(o.id, f"options[{known[o.id]}]"),
                f"$.options[{i}].id",
                code="duplicate_id",
            )
        else:
            known[o.id] = i
    cast: dict[tuple[str, str | None], int] = {}
    for j, c in enumerate(contributions):
        here = f"$.contributions[{j}]"
        if c.option is not None and c.option not in known:
            if known:
                msg = f"unknown option {c.option!r}{did_you_mean(known, c.option)}"
            else:
                msg = (
                    f"unknown option {c.option!r}; this decision has no options: "
                    "list them under 'options' first"
                )
            yield ValidationError(msg, f"{here}.option", code="unknown_reference")
            continue
        if c.action.value not in _VOTES:
            continue
        if known and c.option is None and tallied:
            msg = "this decision is a choice among options; say which option the vote is for"
            yield ValidationError(msg, f"{here}.option", code="not_allowed")
            continue
        key = (voter(c), c.option)
        if key in cast:
            about = f" on option {c.option!r}" if c.option else ""
            msg = (
                f"{voter(c)!r} has voted{about} already (contributions[{cast[key]}]); "
                "one vote per person per option"
            )
            yield ValidationError(msg, here, code="not_allowed")
        else:
            cast[key] = j


def weigh_by(votes: Mapping[str, int]) -> Callable[[str], float]:
    """`weight_of` for `count_votes` from each member's votes (0 for non-members).

    Examples:
        >>> weigh = weigh_by({"mo": 3})
        >>> weigh("mo"), weigh("ann")
        (3.0, 0.0)
    """
    return lambda person: float(votes.get(person, 0))
