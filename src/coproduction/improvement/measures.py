"""What is measured to know whether a change is an improvement: `Measure` and `Observation`.

The Model for Improvement asks "How will we know that a change is an improvement?"
and answers with a small family of measures: *outcome* measures (what matters to the
people served), *process* measures (whether the change is being done) and *balancing*
measures (what might get worse elsewhere). Each is observed over time, and the
observations are read on a run chart (`run_chart`) or an XmR chart (`xmr`).

The field checks come from `coproduction._fields`, at the bottom of the layers beside
`errors`, which `model/` uses too. The plain-data checks below serve the cycle's calls
and events; they are not public API.

References:
    Langley GJ, Moen RD, Nolan KM, Nolan TW, Norman CL, Provost LP (2009). The
    Improvement Guide: A Practical Approach to Enhancing Organizational Performance,
    2nd ed. Jossey-Bass.

    NHS England and NHS Improvement (2019). Making Data Count.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, get_args

from attrs import field, frozen

from coproduction._choice import Choice
from coproduction._fields import (
    Attribute,
    check_date,
    check_id,
    check_text,
    describe,
    to_id_set,
)
from coproduction.errors import ValidationError
from coproduction.improvement._spc import Improvement

__all__ = ["Improvement", "Measure", "MeasureKind", "Observation"]

# Plain-data checks for the cycle's calls and events, shared with `drivers` and `cycle`.


def text(value: object, path: str) -> str:
    """`value` if it is a string; else a ValidationError naming `path`."""
    if not isinstance(value, str):
        msg = f"expected a string, got {type(value).__name__} {value!r}"
        raise ValidationError(msg, path)
    return value


def texts(value: object, path: str) -> tuple[str, ...]:
    """The strings of a list; else a ValidationError naming `path`."""
    return tuple(
        text(item, f"{path}[{i}]") for i, item in enumerate(listed(value, path))
    )


def day(value: object, path: str) -> dt.date | None:
    """`value` if it is a date (not a datetime) or None; else a ValidationError."""
    if value is not None and (
        not isinstance(value, dt.date) or isinstance(value, dt.datetime)
    ):
        msg = f"expected a date or None, got {describe(value)}"
        raise ValidationError(msg, path)
    return value


def listed(value: object, path: str) -> list[Any]:
    """The items of a list (a lone string or a mapping is refused)."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        msg = f"expected a list, got {type(value).__name__} {value!r}"
        raise ValidationError(msg, path)
    return list(value)


def participants(by: object) -> frozenset[str]:
    """The ids of the people who took part in a step: a non-empty set of ids."""
    try:
        people = to_id_set(listed(by, "$.by") if not isinstance(by, str) else by)
    except ValidationError as err:
        raise ValidationError(err.message, "$.by") from None
    for item in sorted(people, key=repr):
        if not isinstance(item, str) or not item or item != item.strip():
            msg = (
                f"expected ids (non-empty strings), got {type(item).__name__} {item!r}"
            )
            raise ValidationError(msg, "$.by")
    if not people:
        msg = "name at least one person who took part"
        raise ValidationError(msg, "$.by")
    return people


def read_fields(
    data: object, required: set[str], optional: set[str], path: str
) -> dict[str, Any]:
    """A plain mapping as a dict, refusing missing and unknown keys by name."""
    if not isinstance(data, Mapping):
        msg = f"expected a mapping, got {type(data).__name__} {data!r}"
        raise ValidationError(msg, path)
    allowed = ", ".join(repr(k) for k in sorted(required | optional))
    unknown = sorted(set(data) - required - optional, key=repr)
    if unknown:
        msg = f"unknown key {unknown[0]!r}; allowed keys: {allowed}"
        raise ValidationError(msg, path)
    missing = sorted(required - set(data))
    if missing:
        msg = f"missing key {missing[0]!r}; allowed keys: {allowed}"
        raise ValidationError(msg, path)
    return dict(data)


def to_plain(value: object, path: str) -> Any:
    """A deep copy of `value` as JSON-ready data (dates as ISO text), or a ValidationError."""
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            msg = f"expected a finite number, got {value!r}"
            raise ValidationError(msg, path)
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        plain = {}
        for key, item in value.items():
            if not isinstance(key, str):
                msg = f"expected text keys, got {type(key).__name__} {key!r}"
                raise ValidationError(msg, path)
            plain[key] = to_plain(item, f"{path}[{key!r}]")
        return plain
    if isinstance(value, list | tuple):
        return [to_plain(item, f"{path}[{i}]") for i, item in enumerate(value)]
    msg = f"expected plain data (text, numbers, true or false, null, lists or mappings), got {type(value).__name__} {value!r}"
    raise ValidationError(msg, path)


class MeasureKind(Choice):
    """The part a measure plays in the family of measures of an improvement.

    Examples:
        >>> MeasureKind("balancing")
        <MeasureKind.BALANCING: 'balancing'>

    Added in 0.1.
    """

    OUTCOME = "outcome"
    """What matters to the people served, e.g. residents satisfied with their meals."""
    PROCESS = "process"
    """Whether the change is carried out as planned, e.g. menus chosen with residents."""
    BALANCING = "balancing"
    """What might get worse because of the change, e.g. food wasted."""


def _check_improvement(_: object, attribute: Attribute, value: object) -> None:
    if not isinstance(value, str) or value not in get_args(Improvement):
        msg = f"{value!r} is not an improvement direction; choose 'increase', 'decrease' or 'neutral'"
        raise ValidationError(msg, f"$.{attribute.name}")


@frozen(kw_only=True)
class Measure:
    """Something observed over time to tell whether a change is an improvement.

    Examples:
        >>> m = Measure(id="satisfaction", name="Residents satisfied with meals",
        ...             kind="outcome", unit="%")
        >>> m.kind, m.improvement
        (<MeasureKind.OUTCOME: 'outcome'>, 'increase')
        >>> Measure(id="waste", name="Food wasted", kind="balancing", unit="kg",
        ...         improvement="decrease").improvement
        'decrease'

    See Also:
        Observation, MeasureKind

    Added in 0.1.
    """

    id: str = field(validator=check_id)
    """Unique within the initiative."""
    name: str = field(validator=check_text)
    """What is measured, in words a care team uses."""
    kind: MeasureKind = field(converter=MeasureKind)
    """Outcome, process or balancing."""
    unit: str = field(default="", validator=check_text)
    """The unit of its values, e.g. ``"%"`` or ``"falls"``; empty for a plain count."""
    improvement: Improvement = field(default="increase", validator=_check_improvement)
    """Which way is better: "increase", "decrease" or "neutral" (as `xmr` takes it)."""
    description: str = field(default="", validator=check_text)
    """How it is measured: the operational definition."""


def _to_value(value: object) -> float | None:
    """A measured value as a float; None for a missing one; refuse anything else."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real | Decimal):
        msg = f"expected a number, or None for a missing value, got {type(value).__name__} {value!r}"
        raise ValidationError(msg, "$.value")
    number = float(value)
    if not math.isfinite(number):
        msg = f"expected a finite number, or None for a missing value, got {value!r}"
        raise ValidationError(msg, "$.value")
    return number


@frozen(kw_only=True)
class Observation:
    """One value of a measure at a date; None records that the value is missing.

    Whole numbers are stored as floats. NaN and infinities are refused rather than
    read as missing, so that a broken calculation is not silently taken for a gap.

    Examples:
        >>> import datetime as dt
        >>> Observation(measure="satisfaction", at=dt.date(2026, 1, 31), value=62)
        Observation(measure='satisfaction', at=datetime.date(2026, 1, 31), value=62.0)
        >>> Observation(measure="satisfaction", at=dt.date(2026, 2, 28), value=None).value is None
        True
        >>> Observation(measure="satisfaction", at=dt.date(2026, 3, 31), value=float("nan"))
        Traceback (most recent call last):
        ...
        coproduction.errors.ValidationError: $.value: expected a finite number, or None for a missing value, got nan

    See Also:
        Measure

    Added in 0.1.
    """

    measure: str = field(validator=check_id)
    """The id of the measure observed."""
    at: dt.date = field(validator=check_date)
    """The date the value belongs to (e.g. the last day of the month it sums up)."""
    value: float | None = field(converter=_to_value)
    """The value, or None if it is missing."""
