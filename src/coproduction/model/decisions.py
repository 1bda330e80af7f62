"""Meetings and the decisions taken in them: `Meeting`, `Decision`, `Contribution` and their enumerations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Final

from attrs import Attribute, Factory, field, frozen

from coproduction._choice import Choice, OrderedChoice
from coproduction._display import render as render_html_display
from coproduction._fields import (
    FrozenDict,
    check_bool,
    check_date,
    check_id,
    check_id_set,
    check_optional_date,
    check_optional_id,
    check_records,
    check_text,
    check_text_map,
    collecting,
    describe,
    is_id,
    to_id_set,
    to_records,
    to_text_map,
)
from coproduction.errors import ValidationError
from coproduction.model.votes import (
    TALLIED,
    count_votes,
    default_chosen,
    default_result,
    option_problems,
    outcome_problems,
)
from coproduction.types import (
    ActionName,
    CapacityName,
    LevelName,
    ResultName,
    RuleName,
    ScopeName,
)

__all__ = [
    "Action",
    "Capacity",
    "Contribution",
    "Decision",
    "Level",
    "Meeting",
    "Option",
    "Result",
    "Rule",
    "Scope",
    "stayed_away_for_access",
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


class Result(Choice):
    """What became of a decision.

    Examples:
        >>> Result("carried") is Result.CARRIED
        True

    Added in 0.2.
    """

    PENDING = "pending"
    """Not decided yet: nothing carried, nothing was stopped."""
    CARRIED = "carried"
    """Agreed: the proposal, or the chosen option, goes ahead."""
    REJECTED = "rejected"
    """Turned down, voted down or vetoed."""
    DEFERRED = "deferred"
    """Put off to another day, as a tied vote must be."""


class Capacity(Choice):
    """Whether a person has the mental capacity to make a particular decision.

    Capacity is decision-specific and presumed (Mental Capacity Act 2005, section 1(2)):
    record `LACKS` only where an assessment for this decision found it.

    Examples:
        >>> Capacity("lacks") is Capacity.LACKS
        True

    Added in 0.2.
    """

    HAS = "has"
    """Able to make this decision, with the support they need (section 1(3))."""
    LACKS = "lacks"
    """Unable to make this decision at the time: it is made in their best interests
    (section 4), by whoever decides it, with their wishes and those close to them heard."""


def _to_capacity(
    value: Mapping[str, Capacity | CapacityName] | None,
) -> FrozenDict[str, Capacity]:
    if value is None:
        return FrozenDict()
    if not isinstance(value, Mapping):
        msg = f"expected each affected person's capacity by id, got {describe(value)}"
        raise ValidationError(msg, code="wrong_type", input=value)
    return FrozenDict({k: Capacity(v) for k, v in value.items()})


def _check_capacity(
    instance: Decision, _: object, value: FrozenDict[str, Capacity]
) -> None:
    for person in value:
        if not is_id(person):
            msg = f"expected the id of a person it affects, got {person!r}"
            raise ValidationError(msg, f"$.capacity[{person!r}]", code="wrong_type")
    if value and instance.scope is not Scope.PERSONAL:
        msg = (
            "capacity is judged for a decision about someone's own life; mark the "
            "decision scope: personal, or leave capacity out"
        )
        raise ValidationError(msg, "$.capacity", code="not_allowed")
    strangers = sorted(set(value) - instance.affects)
    if strangers:
        msg = (
            f"{strangers[0]!r} is not among the people it affects; capacity is recorded "
            "for the person the decision is about"
        )
        raise ValidationError(msg, f"$.capacity[{strangers[0]!r}]", code="not_allowed")


class Scope(Choice):
    """Whose life a decision is about.

    Examples:
        >>> Scope.PERSONAL.value
        'personal'

    Added in 0.2.
    """

    PERSONAL = "personal"
    """About the life of the person (or people) it affects: their care, their home,
    their day. The observed level is read from their own part."""
    COLLECTIVE = "collective"
    """About a service many people share: menus, the lounge, the timetable."""


# Typed converters: attrs' mypy plugin takes a field's __init__ type from its
# converter's first parameter, so mypy refuses a string that is not a value.


def _to_level(value: Level | LevelName) -> Level:
    return Level(value)


def _to_action(value: Action | ActionName) -> Action:
    return Action(value)


def _to_rule(value: Rule | RuleName) -> Rule:
    return Rule(value)


def _to_scope(value: Scope | ScopeName) -> Scope:
    return Scope(value)


@collecting
@frozen(kw_only=True)
class Option:
    """One of the choices put to a decision, and who proposed it.

    Examples:
        >>> Option(id="sage", title="Sage green", proposed_by={"alice"})
        Option(id='sage', title='Sage green', proposed_by=frozenset({'alice'}))

    Added in 0.2.
    """

    id: str = field(validator=check_id)
    """Unique within the decision."""
    title: str = field(default="", validator=check_text)
    """What the option is, in a few words."""
    proposed_by: frozenset[str] = field(
        factory=frozenset, converter=to_id_set, validator=check_id_set
    )
    """Who put it forward: each counts as having proposed it."""


def _check_apologies(
    instance: Meeting,
    attribute: Attribute[FrozenDict[str, str]],
    value: FrozenDict[str, str],
) -> None:
    check_text_map(instance, attribute, value)  # type: ignore[arg-type]
    for person in value:
        if not is_id(person):
            msg = f"expected the id of a person invited, got {person!r}"
            raise ValidationError(msg, f"$.apologies[{person!r}]", code="wrong_type")
        if person in instance.attendees:
            msg = f"{person!r} attended, so sent no apologies; record one or the other"
            raise ValidationError(msg, f"$.apologies[{person!r}]", code="not_allowed")


def stayed_away_for_access(reason: str) -> bool:
    """Whether an apology's reason says a need could not be met.

    Examples:
        >>> stayed_away_for_access("access: step_free_access"), stayed_away_for_access("ill")
        (True, False)
    """
    return reason.strip().lower().split(":")[0].strip() == "access"


@collecting
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
    invited: frozenset[str] = field(
        factory=frozenset, converter=to_id_set, validator=check_id_set
    )
    """Ids of the people invited, where the invitations are recorded (empty: not
    recorded). Everyone who attended or sent apologies counts as invited."""
    apologies: FrozenDict[str, str] = field(
        factory=FrozenDict,
        converter=to_text_map,
        validator=_check_apologies,
    )
    """Who sent apologies, and why, in a few words; ``access`` (or ``access: <need>``,
    e.g. ``access: step_free_access``) when they stayed away because a need of theirs
    could not be met. A `FrozenDict`: it reads like a dict, but cannot be changed."""


_PUT_NOTHING_FORWARD: Final = frozenset({Action.ATTENDED, Action.INFORMED})


def _check_adoptable(
    instance: Contribution, _: object, adopted: bool
) -> None:  # attrs passes the value positionally
    if adopted and instance.action in _PUT_NOTHING_FORWARD:
        msg = (
            f"{instance.action.value!r} puts nothing forward to adopt; record what "
            f"{instance.by} proposed or said, and mark that adopted"
        )
        raise ValidationError(msg, "$.adopted", code="not_allowed")


def _check_supported_by(
    instance: Contribution, _: object, supporter: str | None
) -> None:
    if supporter is None:
        return
    if instance.on_behalf_of is not None:
        msg = (
            f"communication support is for the person's own words, but this entry conveys "
            f"{instance.on_behalf_of}'s wishes through {instance.by}; record it as "
            f"{instance.on_behalf_of}'s own entry supported by {supporter}, or leave "
            "out supported_by"
        )
        raise ValidationError(msg, "$.supported_by", code="not_allowed")
    if supporter == instance.by:
        msg = f"{instance.by} cannot give communication support to themselves"
        raise ValidationError(msg, "$.supported_by", code="not_allowed")


@collecting
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

    With communication support the words are still the person's own, credited to them:

        >>> Contribution(by="dev", action="objected", supported_by="ines").supported_by
        'ines'
        >>> Contribution(by="ines", action="spoke", on_behalf_of="dev", supported_by="sam")
        Traceback (most recent call last):
        ...
        coproduction.errors.ValidationError: $.supported_by: communication support is for the person's own words, but this entry conveys dev's wishes through ines; record it as dev's own entry supported by sam, or leave out supported_by

    Added in 0.1. `supported_by` added in 0.2.
    """

    by: str = field(validator=check_id)
    """Who acted."""
    action: Action = field(converter=_to_action)
    """What they did."""
    adopted: bool = field(default=False, validator=[check_bool, _check_adoptable])
    """Whether what they put forward became part of the decision (never for `attended`
    or `informed`: being there or being told puts nothing forward)."""
    on_behalf_of: str | None = field(default=None, validator=check_optional_id)
    """The person whose own wishes they conveyed, if they acted as a representative;
    the contribution is then credited to that person."""
    option: str | None = field(default=None, validator=check_optional_id)
    """The option of the decision it is about, e.g. the option voted for."""
    note: str = field(default="", validator=check_text)
    """What was said, in brief."""
    supported_by: str | None = field(
        default=None, validator=[check_optional_id, _check_supported_by]
    )
    """Who gave communication support (an interpreter, a communication partner,
    easy-read support), if anyone. The words are the person's own: this is not
    representation, the entry is credited to `by`, and the supporter need not
    represent them."""


def _to_contributions(value: Iterable[Contribution]) -> tuple[Contribution, ...]:
    return to_records(value)


def _to_options(value: Iterable[Option]) -> tuple[Option, ...]:
    return to_records(value)


def _default_scope(self: Decision) -> Scope:
    return Scope.PERSONAL if len(self.affects) == 1 else Scope.COLLECTIVE


def _to_result(value: Result | ResultName | None) -> Result | None:
    return None if value is None else Result(value)


def _to_chosen(value: Iterable[str] | None) -> frozenset[str] | None:
    return None if value is None else to_id_set(value)


@collecting
@frozen(kw_only=True)
class Decision:
    """A decision, who it affects, the level it claims, who shaped it and what became of it.

    The `result` and the `chosen` options may be left out: under `majority` they come
    from the votes (one vote per person per option; the plurality wins; a tie is
    deferred), under `weighted_vote` from the votes weighed by role once the decision
    is recorded in an initiative; otherwise a veto makes it rejected, a `decided` or
    adopted entry carried, and anything else pending. A recorded result that the
    votes contradict is refused. `attrs.evolve` passes the worked-out result on as
    recorded: give ``result=None, chosen=None`` to have them worked out again (under
    `weighted_vote`, before the decision is recorded, the result is a head count).

    Examples:
        >>> d = Decision(id="d1", title="Curry night", meeting="m1", affects={"alice"},
        ...              level="co_producing", rule="consensus",
        ...              contributions=[Contribution(by="alice", action="proposed", adopted=True)])
        >>> d.level > Level.CONSULTING, d.result, d.scope
        (True, <Result.CARRIED: 'carried'>, <Scope.PERSONAL: 'personal'>)
        >>> paint = Decision(id="paint", title="Lounge colour", level="co_producing",
        ...     rule="majority", options=[Option(id="sage"), Option(id="teal")],
        ...     contributions=[Contribution(by=p, action="voted_for", option="sage")
        ...                    for p in ("alice", "bea")]
        ...     + [Contribution(by="mo", action="voted_for", option="teal")])
        >>> paint.result.value, sorted(paint.chosen)
        ('carried', ['sage'])
        >>> Decision(id="d2", title="Trip", level="engaging", rule="majority", result="rejected",
        ...     contributions=[Contribution(by="alice", action="voted_for")])
        Traceback (most recent call last):
        ...
        coproduction.errors.ValidationError: $.result: the votes make it carried (1 for, 0 against), so it cannot be rejected unless someone vetoed it; correct the votes or the result

    Added in 0.1. `scope`, `capacity`, `options`, `result` and `chosen` added in 0.2.
    """

    id: str = field(validator=check_id)
    """Unique within the initiative."""
    title: str = field(validator=check_text)
    """What was decided, in a few words."""
    level: Level = field(converter=_to_level)
    """The level of co-production the decision claims (its *stated* level)."""
    rule: Rule = field(default=Rule.CONSENSUS, converter=_to_rule)
    """How it was taken."""
    meeting: str | None = field(default=None, validator=check_optional_id)
    """The meeting it was taken in, if any."""
    affects: frozenset[str] = field(
        factory=frozenset, converter=to_id_set, validator=check_id_set
    )
    """Ids of the people whose lives it changes."""
    scope: Scope = field(
        default=Factory(_default_scope, takes_self=True), converter=_to_scope
    )
    """Personal (about the life of those it affects) or collective (a shared service);
    by default personal when it affects exactly one person."""
    capacity: FrozenDict[str, Capacity] = field(
        factory=FrozenDict, converter=_to_capacity, validator=_check_capacity
    )
    """For a personal decision, each affected person's capacity to make it; absent
    means presumed to have it (Mental Capacity Act 2005, section 1(2)). A `FrozenDict`:
    it reads like a dict, but cannot be changed."""
    options: tuple[Option, ...] = field(
        factory=tuple, converter=_to_options, validator=check_records(Option)
    )
    """The choices put to it, if it was a choice among options."""
    contributions: tuple[Contribution, ...] = field(
        factory=tuple,
        converter=_to_contributions,
        validator=check_records(Contribution),
    )
    """Who did what, in order."""
    result: Result = field(default=None, converter=_to_result)
    """What became of it; worked out from the record when not given (see above)."""
    chosen: frozenset[str] = field(default=None, converter=_to_chosen)
    """The ids of the options chosen; worked out from the record when not given."""
    outcome: str = field(default="", validator=check_text)
    """What was decided, in full."""
    date: dt.date | None = field(default=None, validator=check_optional_date)
    """When; must be the meeting's date when both are given."""
    revisits: str | None = field(default=None, validator=check_optional_id)
    """The id of an earlier decision this one reconsiders: a finding on that one that
    this one puts right (the person heard this time) is kept, as information."""
    result_recorded: bool = field(init=False, default=False, eq=False, repr=False)
    """Whether `result` was given (True) or worked out from the record (False)."""

    def _repr_html_(self) -> str | None:
        """How Jupyter shows it: the HTML that `coproduction.present.html` registered."""
        return render_html_display(self)

    def __attrs_post_init__(self) -> None:
        tallied = self.rule.value in TALLIED
        problems = list(option_problems(self.contributions, self.options, tallied))
        if self.scope is Scope.PERSONAL and not self.affects:
            msg = "a personal decision is about someone's life; say whom it affects"
            problems.append(ValidationError(msg, "$.scope", code="empty"))
        given = self.chosen is not None and bool(self.chosen)
        if self.chosen:
            known = {o.id for o in self.options}
            problems += [
                ValidationError(
                    f"unknown option {o!r}", "$.chosen", code="unknown_reference"
                )
                for o in sorted(self.chosen - known)
            ]
        if problems:
            raise ValidationError.collect(problems)
        count = count_votes(self, places=len(self.chosen) if self.chosen else 1)
        recorded = self.result is not None
        if recorded:
            result = self.result.value
        else:
            result = default_result(self, count)
            if result == "pending" and given:
                result = "carried"  # a choice was recorded: something carried
        chosen = (
            self.chosen
            if self.chosen is not None
            else default_chosen(self, result, count)
        )
        if (recorded or given) and self.rule is not Rule.WEIGHTED_VOTE:
            found = list(outcome_problems(self, result, chosen))
            if found:
                raise ValidationError.collect(found)
        object.__setattr__(self, "result", Result(result))
        object.__setattr__(self, "chosen", chosen)
        object.__setattr__(self, "result_recorded", recorded)
