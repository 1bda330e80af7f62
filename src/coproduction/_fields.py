"""Validators and converters shared by the records of `model/` and `improvement/`.

Every refusal is a `ValidationError`. This module sits at the bottom of the layers,
beside `errors`, so both sibling layers can use it without importing each other.

Records check their own fields when they are built, so a record that exists is well
formed. References between records (ids) are checked by the `Initiative` that holds them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from coproduction.errors import ValidationError

__all__ = [
    "Attribute",
    "check_bool",
    "check_date",
    "check_id",
    "check_id_set",
    "check_int",
    "check_optional_date",
    "check_optional_id",
    "check_records",
    "check_text",
    "check_text_map",
    "describe",
    "to_id_set",
    "to_text_map",
]

if TYPE_CHECKING:
    Attribute = attrs.Attribute[Any]
else:
    Attribute = attrs.Attribute


def _where(attribute: Attribute) -> str:
    return f"$.{attribute.name}"


def describe(value: object) -> str:
    return f"{type(value).__name__} {value!r}"


def check_id(_: object, attribute: Attribute, value: object) -> None:
    """Refuse anything but a non-empty string without surrounding spaces."""
    if not isinstance(value, str):
        msg = f"expected an id (a string), got {describe(value)}"
        raise ValidationError(msg, _where(attribute))
    if not value or value != value.strip():
        msg = f"an id must be non-empty with no surrounding spaces, got {value!r}"
        raise ValidationError(msg, _where(attribute))


def check_optional_id(instance: object, attribute: Attribute, value: object) -> None:
    """Like `check_id`, but `None` (no reference) is allowed."""
    if value is not None:
        check_id(instance, attribute, value)


def check_text(_: object, attribute: Attribute, value: object) -> None:
    """Refuse anything but a string."""
    if not isinstance(value, str):
        msg = f"expected a string, got {describe(value)}"
        raise ValidationError(msg, _where(attribute))


def check_bool(_: object, attribute: Attribute, value: object) -> None:
    """Refuse anything but `True` or `False` (no truthy strings such as ``"no"``)."""
    if not isinstance(value, bool):
        msg = f"expected true or false, got {describe(value)}"
        raise ValidationError(msg, _where(attribute))


def check_int(_: object, attribute: Attribute, value: object) -> None:
    """Refuse anything but a non-negative whole number (booleans included)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        msg = f"expected a whole number of at least 0, got {describe(value)}"
        raise ValidationError(msg, _where(attribute))


def check_optional_date(_: object, attribute: Attribute, value: object) -> None:
    """Refuse anything but a calendar date or `None` (a datetime is refused too)."""
    if value is not None and (
        not isinstance(value, dt.date) or isinstance(value, dt.datetime)
    ):
        msg = f"expected a date (YYYY-MM-DD), got {describe(value)}"
        raise ValidationError(msg, _where(attribute))


def check_date(instance: object, attribute: Attribute, value: object) -> None:
    """Refuse anything but a calendar date."""
    if value is None:
        msg = "expected a date (YYYY-MM-DD), got None"
        raise ValidationError(msg, _where(attribute))
    check_optional_date(instance, attribute, value)


def to_id_set(value: Iterable[str] | None) -> frozenset[str]:
    """Store a collection of ids as a `frozenset`; a lone string or a non-collection is refused."""
    if value is None:
        return frozenset()
    if isinstance(value, str):
        # A lone string would otherwise become a set of its letters.
        msg = (
            f"expected a set of ids, got the single string {value!r}; write [{value!r}]"
        )
        raise ValidationError(msg)
    if isinstance(value, Mapping) or not isinstance(value, Iterable):
        msg = f"expected a set of ids, got {describe(value)}"
        raise ValidationError(msg)
    return frozenset(value)


def check_id_set(_: object, attribute: Attribute, value: frozenset[object]) -> None:
    """Refuse a set holding anything but ids."""
    for item in sorted(value, key=repr):
        if not isinstance(item, str) or not item or item != item.strip():
            msg = f"expected ids (non-empty strings), got {describe(item)}"
            raise ValidationError(msg, _where(attribute))


def to_text_map(value: Mapping[str, str] | None) -> dict[str, str]:
    """Store a mapping as a plain `dict` of its own."""
    return {} if value is None else dict(value)


def check_text_map(
    _: object, attribute: Attribute, value: dict[object, object]
) -> None:
    """Refuse a mapping with anything but text keys and text values."""
    for key, item in value.items():
        if not isinstance(key, str) or not isinstance(item, str):
            msg = f"expected text keys and values, got {key!r}: {item!r}"
            raise ValidationError(msg, f"{_where(attribute)}[{key!r}]")


def check_records(cls: type) -> Any:
    """A validator for a tuple that must hold only `cls` records, naming the first that does not."""

    def check(_: object, attribute: Attribute, value: tuple[object, ...]) -> None:
        for index, item in enumerate(value):
            if not isinstance(item, cls):
                msg = f"expected a {cls.__name__}, got {type(item).__name__} {item!r}"
                raise ValidationError(msg, f"{_where(attribute)}[{index}]")

    return check
