"""What is measured to know whether a change is an improvement: `Measure` and `Observation`.

The Model for Improvement asks "How will we know that a change is an improvement?"
and answers with a small family of measures: *outcome* measures (what matters to the
people served), *process* measures (whether the change is being done) and *balancing*
measures (what might get worse elsewhere). Each is observed over time, and the
observations are read on a run chart (`run_chart`) or an XmR chart (`xmr`).

The field checks come from `coproduction._fields`, at the bottom of the layers beside
`errors`, which `model/` uses too.

References:
    Langley GJ, Moen RD, Nolan KM, Nolan TW, Norman CL, Provost LP (2009). The
    Improvement Guide: A Practical Approach to Enhancing Organizational Performance,
    2nd ed. Jossey-Bass.

    NHS England and NHS Improvement (2019). Making Data Count.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Final, Literal, TypeAlias

from attrs import field, frozen

from coproduction._choice import Choice
from coproduction._fields import (
    Improvement,
    check_date,
    check_id,
    check_id_set,
    check_text,
    choose,
    collecting,
    is_number,
    to_id_set,
)
from coproduction.errors import ValidationError
from coproduction.types import MeasureKindName

__all__ = ["Better", "Improvement", "Measure", "MeasureKind", "Observation"]

Better: TypeAlias = Literal["increase", "decrease", "neither"]
"""Which way a measure is better: up, down, or neither (a measure only watched)."""

_BETTER: Final = ("increase", "decrease", "neither", None)


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


def _to_measure_kind(value: MeasureKind | MeasureKindName) -> MeasureKind:
    return MeasureKind(value)


def _to_better(value: Better | Literal["neutral"] | None) -> Better | None:
    """A measure's improvement direction, with "neutral" read as "neither"."""
    if isinstance(value, str) and value == "neutral":
        return "neither"
    found: Better | None = choose(
        value, _BETTER, "an improvement direction", "$.improvement"
    )
    return found


@collecting
@frozen(kw_only=True)
class Measure:
    """Something observed over time to tell whether a change is an improvement.

    Examples:
        >>> m = Measure(id="satisfaction", name="Residents satisfied with meals",
        ...             kind="outcome", unit="%")
        >>> m.kind, m.improvement is None
        (<MeasureKind.OUTCOME: 'outcome'>, True)
        >>> waste = Measure(id="waste", name="Food wasted", kind="balancing", unit="kg",
        ...                 improvement="decrease", of={"curry-night"})
        >>> waste.improvement, sorted(waste.of)
        ('decrease', ['curry-night'])
        >>> Measure(id="waste", name="Food wasted", kind="balancing", improvement="less")
        Traceback (most recent call last):
        ...
        coproduction.errors.ValidationError: $.improvement: 'less' is not an improvement direction; choose 'increase', 'decrease', 'neither' or None

    See Also:
        Observation, MeasureKind

    Added in 0.1.
    """

    id: str = field(validator=check_id)
    """Unique within the initiative."""
    name: str = field(validator=check_text)
    """What is measured, in words a care team uses."""
    kind: MeasureKind = field(converter=_to_measure_kind)
    """Outcome, process or balancing."""
    unit: str = field(default="", validator=check_text)
    """The unit of its values, e.g. ``"%"`` or ``"falls"``; empty for a plain count."""
    improvement: Better | None = field(default=None, converter=_to_better)
    """Which way is better: "increase", "decrease" or "neither"; None while unstated.

    A target alone is read in this direction (at least the target for "increase",
    at most for "decrease"), and a balancing measure's signals are read as a
    concern when they go the other way. "neutral", the word `xmr` uses, is read as
    "neither"."""
    description: str = field(default="", validator=check_text)
    """How it is measured: the operational definition."""
    of: frozenset[str] = field(
        factory=frozenset, converter=to_id_set, validator=check_id_set
    )
    """The ids of the aims, drivers or change ideas it measures; may be empty.

    A balancing measure is watched in the Study of every change it is linked to:
    a change idea it names, or one that feeds (through the driver diagram) a
    driver or aim it names. One that names nothing is watched for every change."""

    @property
    def chart_improvement(self) -> Improvement:
        """`improvement` as `xmr` takes it: "neutral" for "neither" or unstated.

        Examples:
            >>> Measure(id="falls", name="Falls", kind="balancing",
            ...         improvement="decrease").chart_improvement
            'decrease'
            >>> Measure(id="visits", name="Visits", kind="process").chart_improvement
            'neutral'
        """
        better = self.improvement
        return "neutral" if better is None or better == "neither" else better


def _to_value(value: object) -> float | None:
    """A measured value as a float; None for a missing one; refuse anything else."""
    if value is None:
        return None
    if not is_number(value):
        msg = f"expected a number, or None for a missing value, got {type(value).__name__} {value!r}"
        raise ValidationError(msg, "$.value", code="wrong_type")
    number = float(value)
    if not math.isfinite(number):
        msg = f"expected a finite number, or None for a missing value, got {value!r}"
        raise ValidationError(msg, "$.value", code="wrong_type")
    return number


@collecting
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
