"""Tests for `coproduction.improvement.measures`: measures, observations and their checks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import attrs
import pytest

from coproduction.errors import ValidationError
from coproduction.improvement import measures
from coproduction.improvement.measures import Measure, MeasureKind, Observation

DAY = dt.date(2026, 1, 31)


class TestMeasureKind:
    def test_values(self):
        """The kinds are the Model for Improvement's family of measures."""
        assert [k.value for k in MeasureKind] == ["outcome", "process", "balancing"]

    def test_refuses_unknown(self):
        """An unknown kind is refused with the allowed values."""
        with pytest.raises(ValidationError) as info:
            MeasureKind("output")
        assert str(info.value) == (
            "$: 'output' is not a MeasureKind; choose one of 'outcome', 'process', "
            "'balancing'"
        )


class TestMeasure:
    def test_defaults(self):
        """Unit and description default to empty; improvement is unstated, not "increase"."""
        m = Measure(id="sat", name="Satisfied with meals", kind="outcome")
        assert (m.kind, m.unit, m.improvement, m.description, m.of) == (
            MeasureKind.OUTCOME,
            "",
            None,
            "",
            frozenset(),
        )

    @pytest.mark.parametrize(
        ("better", "kept", "charted"),
        [
            ("increase", "increase", "increase"),
            ("decrease", "decrease", "decrease"),
            ("neither", "neither", "neutral"),
            ("neutral", "neither", "neutral"),  # the word xmr uses, read as "neither"
            (None, None, "neutral"),
        ],
    )
    def test_improvement_directions(self, better, kept, charted):
        """Each direction is kept, and charted as `xmr` takes it."""
        m = Measure(id="m", name="M", kind="process", improvement=better)
        assert (m.improvement, m.chart_improvement) == (kept, charted)

    def test_refuses_unknown_improvement(self):
        """Another direction is refused, naming those allowed."""
        with pytest.raises(ValidationError) as info:
            Measure(id="m", name="M", kind="process", improvement="up")
        assert str(info.value) == (
            "$.improvement: 'up' is not an improvement direction; choose 'increase', "
            "'decrease', 'neither' or None"
        )

    def test_of_is_a_set_of_ids(self):
        """What a measure measures is a set of ids; a lone string is refused."""
        m = Measure(id="m", name="M", kind="balancing", of=["curry", "meals"])
        assert m.of == frozenset({"curry", "meals"})
        with pytest.raises(ValidationError) as info:
            Measure(id="m", name="M", kind="balancing", of="curry")
        assert str(info.value).endswith(
            "expected a set of ids, got the single string 'curry'; write ['curry']"
        )

    def test_refuses_bad_id(self):
        """An id with surrounding spaces is refused."""
        with pytest.raises(ValidationError) as info:
            Measure(id=" m", name="M", kind="process")
        assert str(info.value) == (
            "$.id: an id must be non-empty with no surrounding spaces, got ' m'"
        )

    def test_refuses_non_text_name(self):
        """A name must be a string."""
        with pytest.raises(ValidationError) as info:
            Measure(id="m", name=3, kind="process")
        assert str(info.value) == "$.name: expected a string, got int 3"

    def test_frozen(self):
        """A measure cannot be changed in place."""
        m = Measure(id="m", name="M", kind="process")
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            m.name = "N"


class TestObservation:
    @pytest.mark.parametrize(
        ("given", "stored"),
        [(62, 62.0), (62.5, 62.5), (Decimal("1.5"), 1.5), (Fraction(1, 4), 0.25)],
    )
    def test_numbers_stored_as_float(self, given, stored):
        """Whole and other real numbers are stored as floats."""
        value = Observation(measure="m", at=DAY, value=given).value
        assert value == stored
        assert type(value) is float

    def test_missing(self):
        """None records a missing value."""
        assert Observation(measure="m", at=DAY, value=None).value is None

    @pytest.mark.parametrize(
        ("bad", "shown"),
        [(float("nan"), "nan"), (float("inf"), "inf"), (float("-inf"), "-inf")],
    )
    def test_refuses_non_finite(self, bad, shown):
        """NaN and infinities are refused, not taken for a missing value."""
        with pytest.raises(ValidationError) as info:
            Observation(measure="m", at=DAY, value=bad)
        assert str(info.value) == (
            "$.value: expected a finite number, or None for a missing value, "
            f"got {shown}"
        )

    @pytest.mark.parametrize(
        ("bad", "shown"), [(True, "bool True"), ("3", "str '3'"), ([1], "list [1]")]
    )
    def test_refuses_non_numbers(self, bad, shown):
        """Booleans, strings and the like are refused, naming their type."""
        with pytest.raises(ValidationError) as info:
            Observation(measure="m", at=DAY, value=bad)
        assert str(info.value) == (
            f"$.value: expected a number, or None for a missing value, got {shown}"
        )

    def test_refuses_datetime(self):
        """An observation belongs to a date, not a moment."""
        with pytest.raises(ValidationError) as info:
            Observation(
                measure="m", at=dt.datetime(2026, 1, 31, tzinfo=dt.UTC), value=1
            )
        assert str(info.value) == (
            "$.at: expected a date (YYYY-MM-DD), got datetime "
            "datetime.datetime(2026, 1, 31, 0, 0, tzinfo=datetime.timezone.utc)"
        )

    def test_refuses_missing_date(self):
        """A date is required."""
        with pytest.raises(ValidationError) as info:
            Observation(measure="m", at=None, value=1)
        assert str(info.value) == "$.at: expected a date (YYYY-MM-DD), got None"


class TestModule:
    def test_in_all(self):
        """The public names are in `__all__`, the shared checks are not."""
        assert measures.__all__ == [
            "Better",
            "Improvement",
            "Measure",
            "MeasureKind",
            "Observation",
        ]
