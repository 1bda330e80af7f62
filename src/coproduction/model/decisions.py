"""Meetings and the decisions taken in them: `Meeting`, `Decision`, `Contribution` and their enumerations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Final

from attrs import field, frozen

from coproduction._choice import Choice, OrderedChoice
from coproduction._fields import (
    check_bool,
    check_date,
    check_id,
    check_id_set,
    check_optional_date,
    check_optional_id,
    check_records,
    check_text,
    to_id_set,
)
from coproduction.errors import ValidationError

__all__ = [
    "Action",
    "Contribution",
    "Decision",
    "Level",
    "Meeting",
    "Rule",
]


class Level(OrderedChoice):
    """The rungs of the ladder of co-production, lowest first; members compare in order.

    The ladder is Think Local Act Personal's, after Arnstein's ladder of citizen
    participation (Arnstein 1969): the lower rungs do things *to* or *for* people,
    the upper rungs *with* them.

    Examples:
        >>> Level.CONSULTING < Level.CO_PRODUCING
        True
        >>> max(Level("informing"), Level.ENGAGING)
        <Level.ENGAGING: 'engaging'>

    Added in 0.1.
    """

    COERCING = "coercing"
    """People are made to attend or accept; they have no say."""
    EDUCATING = "educating"
    """People are helped to understand a service already decided."""
    INFORMING = "informing"
    """People are told what has been decided."""
    CONSULTING = "consulting"
    """People's views are asked; others decide whether to act on them."""
    ENGAGING = "engaging"
    """People put ideas and views forward and are heard, but others decide."""
    CO_DESIGNING = "co_designing"
    """People's ideas shape what is designed; the final say lies with others."""
    CO_PRODUCING = "co_producing"
    """People share the power: their ideas are adopted and they share the final say."""


class Action(Choice):
    """What someone did in a decision.

    Examples:
        >>> Action("voted_for")
        <Action.VOTED_FOR: 'voted_for'>

    Added in 0.1.
    """

    ATTENDED = "attended"
    INFORMED = "informed"
    CONSULTED = "consulted"
    SPOKE = "spoke"
    PROPOSED = "proposed"
    SUPPORTED = "supported"
    OBJECTED = "objected"
    VOTED_FOR = "voted_for"
    VOTED_AGAINST = "voted_against"
    ABSTAINED = "abstained"
    DECIDED = "decided"
    VETOED = "vetoed"


class Rule(Choice):
    """How a decision is taken.

    Examples:
        >>> Rule.CONSENT.value
        'consent'

    Added in 0.1.
    """

    CONSENSUS = "consensus"
    """Everyone agrees."""
    CONSENT = "consent"
    """No one has a reasoned objection."""
    MAJORITY = "majority"
    """More votes for than against."""
    WEIGHTED_VOTE = "weighted_vote"
    """Votes weighted by role (see `Role.votes`)."""
    SINGLE_DECIDER = "single_decider"
    """One person decides."""
    ADVICE = "advice"
    """One person decides after seeking the advice of those affected."""


@frozen(kw_only=True)
class Meeting:
    """A meeting where decisions are made, who came, and the adjustments made for them.

    Examples:
        >>> import datetime as dt
        >>> m = Meeting(id="m1", date=dt.date(2026, 1, 10), attendees={"alice", "mo"},
        ...             accommodations={"hearing_loop"})
        >>> sorted(m.attendees)
        ['alice', 'mo']

    Added in 0.1.
    """

    id: str = field(validator=check_id)
    """Unique within the initiative."""
    date: dt.date = field(validator=check_date)
    """The day it took place."""
    title: str = field(default="", validator=check_text)
    """What it was, e.g. ``"Residents' meeting"``."""
    attendees: frozenset[str] = field(
        factory=frozenset, converter=to_id_set, validator=check_id_set
    )
    """Ids of the stakeholders who took part."""
    accommodations: frozenset[str] = field(
        factory=frozenset, converter=to_id_set, validator=check_id_set
    )
    """Access needs that were met, in the words of `Stakeholder.access_needs`."""


_PUT_NOTHING_FORWARD: Final = frozenset({Action.ATTENDED, Action.INFORMED})


def _check_adoptable(
    instance: Contribution, _: object, adopted: bool
) -> None:  # attrs passes the value positionally
    if adopted and instance.action in _PUT_NOTHING_FORWARD:
        msg = (
            f"{instance.action.value!r} puts nothing forward to adopt; record what "
            f"{instance.by} proposed or said, and mark that adopted"
        )
        raise ValidationError(msg, "$.adopted")


@frozen(kw_only=True)
class Contribution:
    """One thing one stakeholder did in a decision.

    Examples:
        >>> c = Contribution(by="sam", action="proposed", adopted=True, on_behalf_of="alice")
        >>> c.action, c.adopted
        (<Action.PROPOSED: 'proposed'>, True)
        >>> Contribution(by="sam", action="attended", adopted=True)
        Traceback (most recent call last):
        ...
        coproduction.errors.ValidationError: $.adopted: 'attended' puts nothing forward to adopt; record what sam proposed or said, and mark that adopted

    Added in 0.1.
    """

    by: str = field(validator=check_id)
    """Who acted."""
    action: Action = field(converter=Action)
    """What they did."""
    adopted: bool = field(default=False, validator=[check_bool, _check_adoptable])
    """Whether what they put forward became part of the decision (never for `attended`
    or `informed`: being there or being told puts nothing forward)."""
    on_behalf_of: str | None = field(default=None, validator=check_optional_id)
    """The person they spoke for, if they acted as a representative."""
    note: str = field(default="", validator=check_text)
    """What was said, in brief."""


def _to_contributions(value: Iterable[Contribution]) -> tuple[Contribution, ...]:
    return tuple(value)


@frozen(kw_only=True)
class Decision:
    """A decision, who it affects, the level it claims and who shaped it.

    Examples:
        >>> d = Decision(id="d1", title="Curry night", meeting="m1", affects={"alice"},
        ...              level="co_producing", rule="consensus",
        ...              contributions=[Contribution(by="alice", action="proposed", adopted=True)])
        >>> d.level > Level.CONSULTING, len(d.contributions)
        (True, 1)

    Added in 0.1.
    """

    id: str = field(validator=check_id)
    """Unique within the initiative."""
    title: str = field(validator=check_text)
    """What was decided, in a few words."""
    level: Level = field(converter=Level)
    """The level of co-production the decision claims (its *stated* level)."""
    rule: Rule = field(default=Rule.CONSENSUS, converter=Rule)
    """How it was taken."""
    meeting: str | None = field(default=None, validator=check_optional_id)
    """The meeting it was taken in, if any."""
    affects: frozenset[str] = field(
        factory=frozenset, converter=to_id_set, validator=check_id_set
    )
    """Ids of the people whose lives it changes."""
    contributions: tuple[Contribution, ...] = field(
        factory=tuple,
        converter=_to_contributions,
        validator=check_records(Contribution),
    )
    """Who did what, in order."""
    outcome: str = field(default="", validator=check_text)
    """What was decided, in full."""
    date: dt.date | None = field(default=None, validator=check_optional_date)
    """When; must be the meeting's date when both are given."""
