"""One pass over every contribution, collecting all that the detectors of `imbalance` read.

At a million contributions each separate pass costs about as much as the whole of a
simple count, so the detectors do not walk the contributions themselves: this module
walks them once, and each detector reads what it needs from the `Tally`, decision by
decision or person by person.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from typing import Final

from attrs import Factory, define

from coproduction.analysis._reading import FINAL_SAY, VIEWS, level_of, raw_weights
from coproduction.initiative import Initiative
from coproduction.model import Action, Decision, Level

__all__ = ["PUT_FORWARD", "Tally"]

PUT_FORWARD = VIEWS - {Action.SUPPORTED}
"""Views of one's own, for `tokenism`: backing someone else's idea is not putting one forward."""

HEARD = frozenset(Action) - {Action.ATTENDED, Action.INFORMED}
"""Actions in which someone is heard, for `proxy_only`: being there or being told is not."""


@define
class Tally:
    """What the contributions show, gathered in one pass by `Tally.of`."""

    influence: dict[str, float]
    """Each stakeholder's influence, as `influence_by_stakeholder` counts it."""
    observed: list[Level] = Factory(list)
    """Each decision's observed level, in the order of the decisions."""
    views: dict[str, int] = Factory(dict)
    """Person -> how many decisions they put a view of their own forward on."""
    others_adopted: dict[str, int] = Factory(dict)
    """Person -> how many of those decisions adopted someone else's view."""
    ever_adopted: set[str] = Factory(set)
    """The people with at least one view of their own adopted."""
    absent: list[tuple[str, Decision]] = Factory(list)
    """(person, decision): the decision affects them, and neither they nor anyone who
    may speak for them took part. In the order of the decisions, people sorted."""
    final_say: Counter[str] = Factory(Counter)
    """Person -> the decisions on which they had the final say (decided, vetoed)."""
    with_final_say: int = 0
    """How many decisions record a final say."""
    heard_directly: set[str] = Factory(set)
    """Who, of those someone may speak for, was heard in their own right at least once."""
    heard_through: defaultdict[str, set[str]] = Factory(lambda: defaultdict(set))
    """Person -> who spoke on their behalf."""

    @classmethod
    def of(
        cls,
        initiative: Initiative,
        *,
        weights: Mapping[Action, float],
        adopted_factor: float,
        lived: AbstractSet[str],
        speakers: Mapping[str, AbstractSet[str]],
    ) -> Tally:
        """Walk every contribution once.

        Args:
            initiative: What to walk.
            weights: The weight of each action, for influence.
            adopted_factor: What an adopted contribution's weight is multiplied by.
            lived: The ids of the stakeholders with lived experience.
            speakers: Person -> who may speak for them (their representatives).
        """
        tally = cls(dict.fromkeys((s.id for s in initiative.stakeholders), 0.0))
        for decision in initiative.decisions:
            tally._add(decision, weights, adopted_factor, lived, speakers)
        return tally

    def _add(  # noqa: C901, PLR0912  # one pass on purpose: a branch per detector's fact
        self,
        decision: Decision,
        weights: Mapping[Action, float],
        adopted_factor: float,
        lived: AbstractSet[str],
        speakers: Mapping[str, AbstractSet[str]],
    ) -> None:
        contributions = decision.contributions
        raw = raw_weights(contributions, weights, adopted_factor)
        total = sum(raw)
        influence, heard_through = self.influence, self.heard_through
        lived_did: set[Action] = set()  # what people with lived experience did...
        lived_adopted: set[Action] = set()  # ...and which of it was adopted
        took_part: set[str] = set()
        viewers: set[str] = set()  # who put a view of their own forward...
        adopters: set[str] = set()  # ...and whose was adopted
        deciders: set[str] = set()
        for c, weight in zip(contributions, raw, strict=True):
            by, behalf = c.by, c.on_behalf_of
            person = behalf or by
            took_part.add(person)
            if weight:  # and so total > 0
                influence[person] += weight / total
            action = c.action
            if person in lived:
                lived_did.add(action)
                if c.adopted:
                    lived_adopted.add(action)
            role = _ROLES[action]
            if role & _VIEW:
                viewers.add(person)
                if c.adopted:
                    adopters.add(person)
            if role & _FINAL:
                deciders.add(by)
            if behalf:
                took_part.add(by)
                if role & _HEARD:
                    heard_through[behalf].add(by)
            elif role & _HEARD and by in speakers:
                self.heard_directly.add(by)
        self.observed.append(level_of(lived_did, lived_adopted, decision.rule))
        if viewers:
            self._count_views(viewers, adopters)
        if deciders:
            self.with_final_say += 1
            for person in deciders:
                self.final_say[person] += 1
        for person in sorted(decision.affects - took_part):
            if took_part.isdisjoint(speakers.get(person, ())):
                self.absent.append((person, decision))

    def _count_views(self, viewers: set[str], adopters: set[str]) -> None:
        views = self.views
        for person in viewers:
            views[person] = views.get(person, 0) + 1
        if adopters:
            others_adopted = self.others_adopted
            for person in viewers:
                if len(adopters) > 1 or person not in adopters:
                    others_adopted[person] = others_adopted.get(person, 0) + 1
            self.ever_adopted |= adopters


_VIEW, _FINAL, _HEARD = 1, 2, 4
_ROLES: Final[Mapping[Action, int]] = {
    action: (_VIEW if action in PUT_FORWARD else 0)
    | (_FINAL if action in FINAL_SAY else 0)
    | (_HEARD if action in HEARD else 0)
    for action in Action
}
"""What each action counts towards, as bits: a view of one's own, the final say, being heard."""
