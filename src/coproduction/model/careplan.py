"""Person-centred care planning: `CarePlan` and `CarePlanItem`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from attrs import field, frozen

from coproduction._choice import Choice
from coproduction._fields import (
    check_id,
    check_id_set,
    check_optional_date,
    check_records,
    check_text,
    collecting,
    to_id_set,
    to_records,
)
from coproduction.types import ItemKindName

__all__ = ["CarePlan", "CarePlanItem", "ItemKind"]


class ItemKind(Choice):
    """What a care plan item records.

    Examples:
        >>> ItemKind("goal")
        <ItemKind.GOAL: 'goal'>

    Added in 0.1.
    """

    PREFERENCE = "preference"
    """How the person likes things done: routines, food, company."""
    GOAL = "goal"
    """Something the person wants to achieve."""
    SUPPORT = "support"
    """Help the person has agreed to receive."""


def _to_item_kind(value: ItemKind | ItemKindName) -> ItemKind:
    return ItemKind(value)


@collecting
@frozen(kw_only=True)
class CarePlanItem:
    """One thing agreed with the person, in their own words.

    Examples:
        >>> item = CarePlanItem(area="daily routine", kind="preference",
        ...                     text="I like a lie-in and breakfast at ten",
        ...                     agreed_by={"alice", "kim"})
        >>> item.kind.value
        'preference'

    Added in 0.1.
    """

    area: str = field(validator=check_text)
    """The area of life, e.g. ``"daily routine"``, ``"hobbies"``, ``"social life"``."""
    text: str = field(validator=check_text)
    """The preference, goal or support, in the person's words."""
    kind: ItemKind = field(default=ItemKind.PREFERENCE, converter=_to_item_kind)
    agreed_by: frozenset[str] = field(
        factory=frozenset, converter=to_id_set, validator=check_id_set
    )
    """Ids of everyone who agreed it; person-centred planning expects the person among them."""


def _to_items(value: Iterable[CarePlanItem]) -> tuple[CarePlanItem, ...]:
    return to_records(value)


@collecting
@frozen(kw_only=True)
class CarePlan:
    """A person's care plan: what matters to them and what was agreed.

    Examples:
        >>> plan = CarePlan(id="cp-alice", person="alice", items=[
        ...     CarePlanItem(area="hobbies", text="Gardening on dry mornings",
        ...                  agreed_by={"alice"})])
        >>> plan.items[0].area
        'hobbies'

    Added in 0.1.
    """

    id: str = field(validator=check_id)
    """Unique within the initiative."""
    person: str = field(validator=check_id)
    """The id of the person whose plan it is."""
    title: str = field(default="", validator=check_text)
    items: tuple[CarePlanItem, ...] = field(
        factory=tuple, converter=_to_items, validator=check_records(CarePlanItem)
    )
    agreed: dt.date | None = field(default=None, validator=check_optional_date)
    """When the plan was agreed."""
    review: dt.date | None = field(default=None, validator=check_optional_date)
    """When it is next reviewed."""
