"""One pass over every decision, collecting all that the detectors of `imbalance` read.

At a million contributions each separate pass costs about as much as the whole of a
simple count, so the detectors do not walk the contributions themselves: this module
reads each decision once (`_reading.read`), and each detector reads what it needs from
the `Tally`, decision by decision or person by person.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from typing import Final

from attrs import Factory, define

from coproduction.analysis._reading import (
    BLOCKING,
    FINAL_SAY,
    HEARD,
    TALLIED,
    VIEWS,
    VOTES,
    Reading,
    observed,
    read,
    stance,
)
from coproduction.analysis.policy import Policy
from coproduction.initiative import Initiative
from coproduction.model import (
    Action,
    Capacity,
    Decision,
    Level,
    Perspective,
    Result,
    Rule,
    Scope,
)

__all__ = ["PUT_FORWARD", "Contest", "Tally"]

PUT_FORWARD = VIEWS - {Action.SUPPORTED}
"""Views of one's own, for `tokenism`: backing someone else's idea is not putting one forward."""

_BLOCKING: Final = BLOCKING
_HEARD, _VIEW, _FINAL = 1, 2, 4
_ROLES: Final[Mapping[Action, int]] = {
    action: (_HEARD if action in HEARD else 0)
    | (_VIEW if action in PUT_FORWARD else 0)
    | (_FINAL if action in FINAL_SAY else 0)
    for action in Action
}
"""What each action counts towards, as bits: being heard, a view of one's own, the
final say (when it held)."""
_ADVISORY: Final = frozenset({Rule.SINGLE_DECIDER, Rule.ADVICE})
_POSITIONS: Final = frozenset(
    {
        Action.PROPOSED,
        Action.SUPPORTED,
        Action.OBJECTED,
        Action.VOTED_FOR,
        Action.VOTED_AGAINST,
        Action.VETOED,
    }
)


@define
class Contest:
    """A contested vote in which people with lived experience voted."""

    decision: Decision
    lost: bool
    """Whether most of their votes were on the losing side, against a winning side
    made up mostly of others."""


@define
class Tally:
    """What the decisions show, gathered in one pass by `Tally.of`."""

    influence: dict[str, float]
    """Each stakeholder's influence, as `influence_by_stakeholder` counts it."""
    voice: dict[str, float]
    """Each stakeholder's voice, as `voice_by_stakeholder` counts it."""
    observed: list[Level] = Factory(list)
    """Each decision's observed level, in the order of the decisions."""
    views: dict[str, int] = Factory(dict)
    """Person -> how many decisions they put a view of their own forward on."""
    others_adopted: dict[str, int] = Factory(dict)
    """Person -> how many of those decisions adopted someone else's view."""
    ever_adopted: set[str] = Factory(set)
    """The people with at least one view of their own adopted."""
    group_views: Counter[Perspective] = Factory(Counter)
    """Perspective -> decisions where someone of it put a view of their own forward."""
    group_others_adopted: Counter[Perspective] = Factory(Counter)
    """Perspective -> how many of those adopted a view of another perspective."""
    group_adopted: set[Perspective] = Factory(set)
    """The perspectives with at least one view adopted."""
    absent: list[tuple[tuple[str, ...], Decision]] = Factory(list)
    """(people, decision): on a personal decision, each affected person not heard (one
    entry each); on a collective one, all the affected when none of them was heard.
    Heard means in their own right or through someone conveying their wishes."""
    final_say: Counter[str] = Factory(Counter)
    """Person -> the decisions they settled alone (decided, or a veto that held), leaving
    out people deciding personal decisions about their own lives."""
    with_final_say: int = 0
    """How many decisions were settled by someone alone (as counted in `final_say`)."""
    heard_directly: set[str] = Factory(set)
    """Who, of those someone may speak for, was heard in their own right at least once."""
    heard_through: defaultdict[str, set[str]] = Factory(lambda: defaultdict(set))
    """Person -> who spoke on their behalf."""
    overridden: list[tuple[Decision, tuple[str, ...]]] = Factory(list)
    """(decision, objectors): under consensus or consent, objections of people with lived
    experience not taken up, and the decision carried."""
    opposed: list[tuple[Decision, tuple[str, ...]]] = Factory(list)
    """(decision, people): under single_decider or advice, everyone with lived experience
    who took a position opposed the result."""
    contests: list[Contest] = Factory(list)
    """The contested votes (majority, weighted_vote) in which lived experience voted."""
    overruled: list[tuple[str, Decision, tuple[str, ...]]] = Factory(list)
    """(person, decision, who prevailed): a personal decision went against the wish of
    the person it is about, who is presumed to have capacity for it."""
    best_interests: list[tuple[str, Decision, tuple[str, ...]]] = Factory(list)
    """(person, decision, what is missing): a best-interests decision (the person lacks
    capacity for it) whose record lacks their wishes, consultation or a decision-maker."""

    @classmethod
    def of(
        cls,
        initiative: Initiative,
        *,
        policy: Policy,
        lived: AbstractSet[str],
        speakers: Mapping[str, AbstractSet[str]],
        perspective: Mapping[str, Perspective],
        votes: Mapping[str, int],
        close: AbstractSet[str] = frozenset(),
    ) -> Tally:
        """Read every decision once.

        Args:
            initiative: What to read.
            policy: The weights to use.
            lived: The ids of the stakeholders with lived experience.
            speakers: Person -> who may speak for them (their representatives).
            perspective: Person -> their perspective.
            votes: Member -> their role votes.
            close: Those who may be consulted about a best-interests decision: family
                carers, advocates, attorneys and deputies.
        """
        people = [s.id for s in initiative.stakeholders]
        tally = cls(dict.fromkeys(people, 0.0), dict.fromkeys(people, 0.0))
        weights, factor = policy.action_weights, policy.adopted_factor
        for decision in initiative.decisions:
            reading = read(decision, weights, factor)
            tally._add(decision, reading, lived, speakers, perspective, votes, close)
        return tally

    def viewers_of(
        self, group: Perspective, perspective: Mapping[str, Perspective]
    ) -> set[str]:
        """The people of a perspective who put views of their own forward."""
        return {p for p in self.views if perspective[p] is group}

    def _add(  # noqa: C901, PLR0912, PLR0917  # one pass on purpose: a branch per detector's fact
        self,
        decision: Decision,
        reading: Reading,
        lived: AbstractSet[str],
        speakers: Mapping[str, AbstractSet[str]],
        perspective: Mapping[str, Perspective],
        votes: Mapping[str, int],
        close: AbstractSet[str],
    ) -> None:
        influence, voice, heard_through = self.influence, self.voice, self.heard_through
        heard: set[str] = set()
        viewers: set[str] = set()  # who put a view of their own forward...
        adopters: set[str] = set()  # ...and whose was adopted
        settlers: set[str] = set()
        theirs: list[int] = []  # the entries credited to people with lived experience
        roles = _ROLES
        for index, (c, person, v, i) in enumerate(
            zip(
                reading.entries,
                reading.people,
                reading.voice,
                reading.influence,
                strict=True,
            )
        ):
            if v:
                voice[person] += v
            if i:
                influence[person] += i
            if person in lived:
                theirs.append(index)
            role = roles[c.action]
            if not role:
                continue
            if role & _HEARD:
                heard.add(person)
                if c.on_behalf_of:
                    heard_through[person].add(c.by)
                elif person in speakers:
                    self.heard_directly.add(person)
            if role & _VIEW:
                viewers.add(person)
                if reading.adopted[index]:
                    adopters.add(person)
            if role & _FINAL and reading.aligned[index]:
                settlers.add(person)
        self.observed.append(observed(decision, lived, reading, votes, theirs))
        if viewers:
            self._count_views(viewers, adopters, perspective)
        if decision.scope is Scope.PERSONAL:
            # deciding about one's own life is not hoarding power
            settlers -= decision.affects
        if settlers:
            self.with_final_say += 1
            for person in settlers:
                self.final_say[person] += 1
        if decision.affects:
            self._absent(decision, heard)
        if decision.scope is Scope.PERSONAL:
            self._personal(decision, reading, close)
        if not theirs:
            return
        rule = decision.rule
        if decision.scope is Scope.PERSONAL:
            # the person's own wishes are judged by affected_overruled, not here
            lived = lived - decision.affects
        if rule in _BLOCKING or rule in _ADVISORY:
            self._overruled(decision, reading, lived)
        elif rule in TALLIED:
            self._contest(decision, reading, lived, votes)

    def _count_views(
        self,
        viewers: set[str],
        adopters: set[str],
        perspective: Mapping[str, Perspective],
    ) -> None:
        views = self.views
        for person in viewers:
            views[person] = views.get(person, 0) + 1
        if adopters:
            others_adopted = self.others_adopted
            for person in viewers:
                if len(adopters) > 1 or person not in adopters:
                    others_adopted[person] = others_adopted.get(person, 0) + 1
            self.ever_adopted |= adopters
        look_up = perspective.__getitem__
        groups = set(map(look_up, viewers))
        adopted_groups = set(map(look_up, adopters))
        group_views = self.group_views
        for group in groups:
            group_views[group] += 1
            if adopted_groups and (
                len(adopted_groups) > 1 or group not in adopted_groups
            ):
                self.group_others_adopted[group] += 1
        self.group_adopted |= adopted_groups

    def _personal(
        self, decision: Decision, reading: Reading, close: AbstractSet[str]
    ) -> None:
        """The person's own wishes and capacity on a decision about their life."""
        people, entries = reading.people, reading.entries
        for person in sorted(decision.affects):
            theirs = [i for i, p in enumerate(people) if p == person]
            if decision.capacity.get(person) is Capacity.LACKS:
                missing = []
                if not any(entries[i].action in HEARD for i in theirs):
                    missing.append("wishes")
                if not any(
                    c.by in close and c.by != person and c.action in HEARD
                    for c in entries
                ):
                    missing.append("consultation")
                if not any(c.action is Action.DECIDED for c in entries):
                    missing.append("decision_maker")
                if missing:
                    self.best_interests.append((person, decision, tuple(missing)))
                continue
            stances = [
                stance(decision, entries[i], reading.adopted[i])
                for i in theirs
                if entries[i].action in _POSITIONS
            ]
            if any(s < 0 for s in stances) and not any(s > 0 for s in stances):
                winners = {
                    p
                    for c, p, aligned in zip(
                        entries, people, reading.aligned, strict=True
                    )
                    if aligned and p != person and c.action is not Action.ATTENDED
                }
                self.overruled.append((person, decision, tuple(sorted(winners))))

    def _absent(self, decision: Decision, heard: set[str]) -> None:
        affects = decision.affects
        if not affects:
            return
        unheard = sorted(affects - heard)
        if decision.scope is Scope.PERSONAL:
            self.absent.extend(((person,), decision) for person in unheard)
        elif len(unheard) == len(affects):
            self.absent.append((tuple(unheard), decision))

    def _overruled(
        self, decision: Decision, reading: Reading, lived: AbstractSet[str]
    ) -> None:
        result = decision.result
        if result is not Result.CARRIED and result is not Result.REJECTED:
            return
        if decision.rule in _BLOCKING:
            if result is not Result.CARRIED:
                return
            objectors = sorted(
                {
                    p
                    for c, p in zip(reading.entries, reading.people, strict=True)
                    if p in lived and c.action is Action.OBJECTED and not c.adopted
                }
            )
            if objectors:
                self.overridden.append((decision, tuple(objectors)))
            return
        with_it: set[str] = set()
        against: set[str] = set()
        for c, p, adopted in zip(
            reading.entries, reading.people, reading.adopted, strict=True
        ):
            if p in lived and c.action in _POSITIONS:
                s = stance(decision, c, adopted)
                if s > 0:
                    with_it.add(p)
                elif s < 0:
                    against.add(p)
        if against and not with_it:
            self.opposed.append((decision, tuple(sorted(against))))

    def _contest(
        self,
        decision: Decision,
        reading: Reading,
        lived: AbstractSet[str],
        votes: Mapping[str, int],
    ) -> None:
        result = decision.result
        if result is not Result.CARRIED and result is not Result.REJECTED:
            return
        if any(
            aligned and c.action is Action.VETOED
            for c, aligned in zip(reading.entries, reading.aligned, strict=True)
        ):
            return  # a veto that held decided it, not the votes
        weighted = decision.rule is Rule.WEIGHTED_VOTE
        won = {True: 0.0, False: 0.0}  # lived experience, others: on the winning side
        lost = {True: 0.0, False: 0.0}
        for c, p, aligned in zip(
            reading.entries, reading.people, reading.aligned, strict=True
        ):
            if c.action not in VOTES:
                continue
            weight = float(votes.get(p, 0)) if weighted else 1.0
            side = won if aligned else lost
            side[p in lived] += weight
        contested = (won[True] + won[False]) > 0 and (lost[True] + lost[False]) > 0
        if not contested or not (won[True] or lost[True]):
            return
        beaten = lost[True] > won[True] and won[False] > won[True]
        self.contests.append(Contest(decision, beaten))
