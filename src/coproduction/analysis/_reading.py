"""How a decision is read: voice, influence, the final say and the level reached.

Shared by `participation` (one decision or one initiative at a time), `graph` and the
one-pass tally behind `find_imbalances`, so that every figure comes from one reading.
The rules are those of the docs page "How findings are computed":

- **voice** (being heard): each entry weighs by its action;
- **influence** (shaping the result): the same weight, doubled when adopted, but only
  for entries aligned with the result: adopted, a proposal of the chosen option, a vote
  or support on the winning side (under `single_decider` and `advice` only when marked
  adopted: advice is voice), a `decided` entry, or a veto that held;
- the **final say** follows the rule: the decider, the voters on the winning side, or
  everyone taking part without a standing objection; a veto that held is the vetoer's.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from typing import Final

from coproduction.analysis.policy import Policy
from coproduction.initiative import Initiative
from coproduction.model import (
    Action,
    Contribution,
    Decision,
    Level,
    Result,
    Rule,
    Scope,
)
from coproduction.model.votes import count, weigh_by

__all__ = [
    "BLOCKING",
    "FINAL_SAY",
    "HEARD",
    "TALLIED",
    "VIEWS",
    "Reading",
    "credited",
    "entries",
    "lived_among",
    "observed",
    "read",
    "stance",
]

VIEWS: Final = frozenset(
    {Action.CONSULTED, Action.SPOKE, Action.PROPOSED, Action.SUPPORTED, Action.OBJECTED}
)
"""Actions that put a view forward (votes are not views)."""

FINAL_SAY: Final = frozenset({Action.DECIDED, Action.VETOED})
"""Actions that settle a decision alone."""

HEARD: Final = frozenset(Action) - {Action.ATTENDED, Action.INFORMED}
"""Actions in which someone is heard: being there or being told is not."""

VOTES: Final = frozenset({Action.VOTED_FOR, Action.VOTED_AGAINST})

_TAKING_PART: Final = HEARD - {Action.CONSULTED}
"""Under consensus and consent, those who take part in deciding (being asked is not)."""
_ENGAGED: Final = _TAKING_PART
"""What puts someone at `engaging` or above: a view, a vote, an abstention, a say."""
_ADVISORY: Final = frozenset({Rule.SINGLE_DECIDER, Rule.ADVICE})
TALLIED: Final = frozenset({Rule.MAJORITY, Rule.WEIGHTED_VOTE})
"""The rules under which votes decide."""
BLOCKING: Final = frozenset({Rule.CONSENSUS, Rule.CONSENT})
"""The rules under which an objection stops a decision until it is resolved."""
_SETTLED: Final = frozenset({Result.CARRIED, Result.REJECTED})


def credited(contribution: Contribution) -> str:
    """The person a contribution speaks for: the one represented, or the contributor.

    Examples:
        >>> credited(Contribution(by="sam", action="spoke", on_behalf_of="alice"))
        'alice'
    """
    return contribution.on_behalf_of or contribution.by


def entries(decision: Decision) -> tuple[Contribution, ...]:
    """The decision's contributions, and a proposal for each option's proposer.

    Whoever `Option.proposed_by` names counts as having proposed that option, unless
    a `proposed` contribution of theirs about it is already recorded.

    Examples:
        >>> from coproduction.model import Option
        >>> d = Decision(id="d", title="Colour", level="engaging",
        ...     options=[Option(id="sage", proposed_by={"alice"})])
        >>> [(c.by, c.action.value, c.option) for c in entries(d)]
        [('alice', 'proposed', 'sage')]
    """
    if not decision.options:
        return decision.contributions
    said = {
        (c.by, c.option)
        for c in decision.contributions
        if c.action is Action.PROPOSED and c.option is not None
    }
    implied = [
        Contribution(by=person, action=Action.PROPOSED, option=o.id)
        for o in decision.options
        for person in sorted(o.proposed_by)
        if (person, o.id) not in said
    ]
    return (*decision.contributions, *implied)


class Reading:
    """One decision read once: each entry's person, weights and part in the result."""

    __slots__ = ("adopted", "aligned", "entries", "influence", "people", "voice")

    def __init__(
        self,
        decision: Decision,
        weights: Mapping[Action, float],
        adopted_factor: float,
    ) -> None:
        ents = entries(decision)
        result, chosen = decision.result, decision.chosen
        people: list[str] = []
        voice: list[float] = []
        self.entries, self.people, self.voice = ents, people, voice
        if result not in _SETTLED:  # nothing shaped: voice only
            for c in ents:
                people.append(c.on_behalf_of or c.by)
                voice.append(weights[c.action])
            self.adopted = [c.adopted for c in ents]
            self.aligned = [False] * len(ents)
            self.influence = [0.0] * len(ents)
            self.voice = _normalised(voice)
            return
        carried, rejected = result is Result.CARRIED, result is not Result.CARRIED
        advisory, blocking = decision.rule in _ADVISORY, decision.rule in BLOCKING
        side = _side(carried, advisory, blocking)
        adopted_list: list[bool] = []
        aligned_list: list[bool] = []
        influence: list[float] = []
        for c in ents:
            action = c.action
            people.append(c.on_behalf_of or c.by)
            w = weights[action]
            voice.append(w)
            option = c.option
            if option is None:
                adopted = c.adopted
                aligned = adopted or side[action]
            else:
                adopted = c.adopted or (
                    carried and action is Action.PROPOSED and option in chosen
                )
                aligned = (
                    adopted
                    or _aligned(action, option, chosen, carried, rejected, advisory)
                    or (blocking and rejected and action is Action.OBJECTED)
                )
            adopted_list.append(adopted)
            aligned_list.append(aligned)
            influence.append((w * adopted_factor if adopted else w) if aligned else 0.0)
        self.adopted, self.aligned = adopted_list, aligned_list
        self.voice = _normalised(voice)
        self.influence = _normalised(influence)


_SIDES: dict[tuple[bool, bool, bool], dict[Action, bool]] = {}


def _side(carried: bool, advisory: bool, blocking: bool) -> dict[Action, bool]:
    """Whether each action, not adopted and about no option, is on the side of the result.

    There are only eight combinations of result and rule, so each table is made once.
    """
    key = (carried, advisory, blocking)
    table = _SIDES.get(key)
    if table is None:
        rejected = not carried
        table = {
            action: _aligned(action, None, frozenset(), carried, rejected, advisory)
            or (blocking and rejected and action is Action.OBJECTED)
            for action in Action
        }
        _SIDES[key] = table
    return table


def _aligned(  # noqa: PLR0917  # called once per entry: plain arguments are fastest
    action: Action,
    option: str | None,
    chosen: frozenset[str],
    carried: bool,
    rejected: bool,
    advisory: bool,
) -> bool:
    """Whether an entry not adopted is on the side of the result (see the module).

    Under consensus and consent an objection to a decision that fell stopped it: the
    caller counts that.
    """
    if action is Action.DECIDED:
        return True
    if action is Action.VETOED:
        return rejected if option is None else option not in chosen
    if advisory:
        return False
    if action is Action.VOTED_FOR or action is Action.SUPPORTED:
        return carried if option is None else option in chosen
    if action is Action.VOTED_AGAINST:
        return rejected if option is None else option not in chosen
    return False


def _normalised(raw: list[float]) -> list[float]:
    total = sum(raw)
    return [w / total for w in raw] if total > 0 else [0.0] * len(raw)


def read(
    decision: Decision,
    weights: Mapping[Action, float],
    adopted_factor: float,
) -> Reading:
    """Read a decision: its entries, each with its voice and influence shares.

    Examples:
        >>> from coproduction.analysis.policy import ACTION_WEIGHTS
        >>> d = Decision(id="d", title="Tea", level="consulting", rule="single_decider",
        ...     contributions=[Contribution(by="alice", action="consulted"),
        ...                    Contribution(by="mo", action="decided")])
        >>> r = read(d, ACTION_WEIGHTS, 2.0)
        >>> r.voice, r.influence
        ([0.25, 0.75], [0.0, 1.0])
    """
    return Reading(decision, weights, adopted_factor)


def final_say(
    decision: Decision,
    reading: Reading,
    votes: Mapping[str, int] | None = None,
) -> set[str]:
    """Who held the final say, by the decision's rule (see the module).

    `votes` gives each member's role votes, so that under `weighted_vote` a voter with
    no votes holds no share of it.
    """
    if decision.result not in _SETTLED:
        return set()
    ents, people, aligned = reading.entries, reading.people, reading.aligned
    vetoers = {
        p
        for c, p, a in zip(ents, people, aligned, strict=True)
        if a and c.action is Action.VETOED
    }
    if vetoers:
        return vetoers
    deciders = {
        p for c, p in zip(ents, people, strict=True) if c.action is Action.DECIDED
    }
    rule = decision.rule
    if rule in _ADVISORY:
        return deciders
    if rule in TALLIED:
        weighted = rule is Rule.WEIGHTED_VOTE and votes is not None
        winners = {
            p
            for c, p, a in zip(ents, people, aligned, strict=True)
            if a and c.action in VOTES and (not weighted or votes.get(p, 0) > 0)  # type: ignore[union-attr]
        }
        return winners or deciders
    carried = decision.result is Result.CARRIED
    overruled = {
        p
        for c, p in zip(ents, people, strict=True)
        if carried and c.action is Action.OBJECTED and not c.adopted
    }
    takers = {p for c, p in zip(ents, people, strict=True) if c.action in _TAKING_PART}
    return (takers - overruled) | deciders


def pivotal(
    decision: Decision,
    group: Container[str],
    votes: Mapping[str, int] | None = None,
) -> bool:
    """Whether the votes of `group` made the result: without them it would differ.

    Among options: the chosen options would not have won. On a motion: it would not
    have carried, or not have fallen. Only under `majority` and `weighted_vote` (where
    votes decide, weighed by `votes` under the latter) and for a result the votes gave.

    Examples:
        >>> from coproduction.model import Option
        >>> d = Decision(id="d", title="Colour", level="co_producing", rule="majority",
        ...     options=[Option(id="sage"), Option(id="teal")],
        ...     contributions=[Contribution(by="a", action="voted_for", option="sage"),
        ...                    Contribution(by="b", action="voted_for", option="sage"),
        ...                    Contribution(by="m", action="voted_for", option="teal")])
        >>> pivotal(d, {"a"}), pivotal(d, {"m"})
        (True, False)
    """
    if decision.rule not in TALLIED or decision.result not in _SETTLED:
        return False
    contributions = decision.contributions
    if not any(c.action in VOTES and credited(c) in group for c in contributions):
        return False
    options = [o.id for o in decision.options]
    places = max(1, len(decision.chosen))
    weigh = (
        weigh_by(votes)
        if votes is not None and decision.rule is Rule.WEIGHTED_VOTE
        else None
    )
    before = count(contributions, options, weigh, places)
    if before.result != decision.result.value or before.chosen != decision.chosen:
        return False  # the votes did not give this result (a veto, a casting vote)
    rest = [
        c for c in contributions if not (c.action in VOTES and credited(c) in group)
    ]
    without = count(rest, options, weigh, places)
    return without.result != before.result or without.chosen != before.chosen


def observed(  # noqa: PLR0911  # one return per rung of the ladder
    decision: Decision,
    lived: Container[str],
    reading: Reading,
    votes: Mapping[str, int] | None = None,
    theirs: list[int] | None = None,
) -> Level:
    """The observed level of `decision` (see `observed_level`).

    `lived` holds (at least) the ids of the stakeholders with lived experience among
    those the decision's entries are credited to. On a personal decision the level is
    read from the part of the people it affects who have lived experience (or of all
    it affects, when none has) instead. `theirs`, when given, lists
    the indices of the entries credited to people in `lived` (a caller that has them
    saves a pass).

    Examples:
        >>> from coproduction.analysis.policy import ACTION_WEIGHTS
        >>> d = Decision(id="d", title="Tea", level="co_producing", rule="single_decider",
        ...     contributions=[Contribution(by="alice", action="proposed", adopted=True),
        ...                    Contribution(by="mo", action="decided")])
        >>> observed(d, {"alice"}, read(d, ACTION_WEIGHTS, 2.0))
        <Level.CO_DESIGNING: 'co_designing'>
    """
    personal = decision.scope is Scope.PERSONAL
    group: Container[str] = lived
    if (
        personal
    ):  # the person it is about; a carer it affects too has a view, not theirs
        group = {p for p in decision.affects if p in lived} or decision.affects
    if theirs is None or personal:
        people = reading.people
        theirs = [i for i in range(len(people)) if people[i] in group]
    if not theirs:
        return Level.COERCING
    entries, adopted = reading.entries, reading.adopted
    actions = {entries[i].action for i in theirs}
    settled = decision.result in _SETTLED
    if settled and decision.scope is Scope.PERSONAL and Action.DECIDED in actions:
        return Level.CO_PRODUCING  # the person decided it themself
    shaped = (
        any(adopted[i] for i in theirs)
        or any(
            aligned and c.action is Action.VETOED
            for c, p, aligned in zip(
                reading.entries, reading.people, reading.aligned, strict=True
            )
            if p in group
        )
        or pivotal(decision, group, votes)
    )
    if shaped:
        say = final_say(decision, reading, votes)
        if any(p in group for p in say):
            return Level.CO_PRODUCING
        return Level.CO_DESIGNING
    if not actions.isdisjoint(_ENGAGED):
        return Level.ENGAGING
    if Action.CONSULTED in actions:
        return Level.CONSULTING
    return Level.INFORMING


def stance(decision: Decision, c: Contribution, adopted: bool) -> int:  # noqa: PLR0911  # one return per kind of wish
    """A wish compared with the result: 1 with it, -1 against it, 0 no wish or no result.

    A wish is a proposal, support, objection, vote or veto; a `decided` entry is with
    the result by definition.

    Examples:
        >>> d = Decision(id="d", title="Trip", level="engaging", rule="majority",
        ...     contributions=[Contribution(by=p, action="voted_for") for p in "ab"]
        ...     + [Contribution(by="c", action="voted_against")])
        >>> [stance(d, c, c.adopted) for c in d.contributions]
        [1, 1, -1]
    """
    if decision.result not in _SETTLED:
        return 0
    carried = decision.result is Result.CARRIED
    chosen, option, action = decision.chosen, c.option, c.action
    if adopted or action is Action.DECIDED:
        return 1
    if action is Action.OBJECTED:
        return -1 if carried else 1
    if action is Action.VETOED:
        held = not carried if option is None else option not in chosen
        return 1 if held else -1
    if action is Action.VOTED_AGAINST:
        on_side = not carried if option is None else option not in chosen
        return 1 if on_side else -1
    if action in (Action.VOTED_FOR, Action.SUPPORTED, Action.PROPOSED):
        if option is not None:
            return 1 if option in chosen else -1
        if action is Action.PROPOSED:
            return (
                0 if carried else -1
            )  # an unadopted proposal may have been one of many
        return 1 if carried else -1
    return 0


def lived_among(
    initiative: Initiative,
    ids: Iterable[str],
    perspectives: Container[object] | None = None,
) -> set[str]:
    """Those of `ids` who are stakeholders whose perspective counts as lived experience.

    Args:
        initiative: Where the stakeholders are.
        ids: The ids to look at.
        perspectives: What counts as lived experience; by default
            `Policy().lived_experience` (people who use services).

    Examples:
        >>> import coproduction as cp
        >>> ini = cp.scenarios.load_bundled("oak_house_meals")
        >>> sorted(lived_among(ini, ["edna", "priya"]))
        ['edna']
    """
    if perspectives is None:
        perspectives = Policy().lived_experience
    return {i for i in ids if initiative.stakeholder(i).perspective in perspectives}
