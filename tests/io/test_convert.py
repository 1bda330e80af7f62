import datetime as dt

import pytest
from hypothesis import given

import coproduction as cp
from coproduction.errors import ValidationError
from coproduction.testing import initiatives


def refusal(cls, data) -> str:
    with pytest.raises(ValidationError) as e:
        cp.from_dict(cls, data)
    return str(e.value)


class TestRoundTrip:
    @given(initiatives())
    def test_from_dict_to_dict_is_identity(self, ini):
        """from_dict(to_dict(x)) == x for every initiative."""
        data = cp.to_dict(ini)
        assert cp.from_dict(cp.Initiative, data) == ini

    def test_records(self):
        """Single records round-trip too."""
        d = cp.Decision(
            id="d",
            title="t",
            level="engaging",
            date=dt.date(2026, 1, 2),
            contributions=[cp.Contribution(by="a", action="proposed", adopted=True)],
        )
        assert cp.from_dict(cp.Decision, cp.to_dict(d)) == d

    def test_plain_json_data(self):
        """to_dict gives JSON-ready data: sorted lists, string enums, ISO dates, no defaults."""
        m = cp.Meeting(id="m", date=dt.date(2026, 1, 2), attendees={"b", "a"})
        assert cp.to_dict(m) == {
            "id": "m",
            "date": "2026-01-02",
            "attendees": ["a", "b"],
        }


class TestStrictness:
    def test_unknown_key_lists_allowed(self):
        """Unknown keys are errors that list the allowed keys."""
        assert refusal(cp.Role, {"id": "r", "vote": 2}) == (
            "$.vote: unknown key 'vote'; allowed keys: 'id', 'name', 'may_propose', 'votes', 'veto'"
        )

    def test_number_is_not_text(self):
        """A number is never silently turned into text."""
        assert refusal(cp.Role, {"id": 123}) == (
            "$.id: expected a string, got int 123 (put it in quotes if it is meant as text)"
        )

    def test_missing_required(self):
        """A missing required key is named."""
        assert refusal(cp.Meeting, {"id": "m"}) == "$.date: required key missing"

    def test_bad_enum(self):
        """An unknown enum value lists the allowed values."""
        assert refusal(cp.Contribution, {"by": "a", "action": 3}) == (
            "$.action: 3 is not an Action; choose one of 'attended', 'informed', 'consulted', 'spoke', "
            "'proposed', 'supported', 'objected', 'voted_for', 'voted_against', 'abstained', 'decided', 'vetoed'"
        )

    def test_bad_date(self):
        """Dates are YYYY-MM-DD."""
        assert refusal(cp.Meeting, {"id": "m", "date": "10/01/2026"}) == (
            "$.date: expected a date written YYYY-MM-DD, got str '10/01/2026'"
        )

    def test_text_for_list(self):
        """A string where a list is expected is refused, not split into letters."""
        assert refusal(
            cp.Meeting, {"id": "m", "date": "2026-01-01", "attendees": "alice"}
        ) == ("$.attendees: expected a list, got str 'alice'")

    def test_record_not_mapping(self):
        """A record given as something other than a mapping is refused."""
        assert refusal(cp.Role, ["chair"]) == (
            "$: expected a mapping with keys 'id', 'name', 'may_propose', 'votes', 'veto'; got list ['chair']"
        )

    def test_every_problem_listed(self):
        """Problems in several places are all reported at once."""
        data = {
            "coproduction": 1,
            "id": "x",
            "stakeholders": [{"id": "a", "name": 1}],
            "meetings": [{"id": "m", "date": "soon"}],
            "colour": "blue",
        }
        assert refusal(cp.Initiative, data) == (
            "3 problems:\n"
            "  $.colour: unknown key 'colour'; allowed keys: 'coproduction', 'id', 'title', 'description', "
            "'population', 'stakeholders', 'roles', 'memberships', 'meetings', 'decisions', 'feedback', "
            "'responses', 'care_plans', 'aims', 'drivers', 'change_ideas', 'measures', 'observations', "
            "'cycles'\n"
            "  $.stakeholders[0].name: expected a string, got int 1 (put it in quotes if it is meant as text)\n"
            "  $.meetings[0].date: expected a date written YYYY-MM-DD, got str 'soon'"
        )


class TestVersion:
    def test_missing(self):
        """The format version is required."""
        assert (
            refusal(cp.Initiative, {"id": "x"})
            == "$: missing the format version: start with 'coproduction: 1'"
        )

    def test_unknown(self):
        """An unknown version is a clear error."""
        assert refusal(cp.Initiative, {"coproduction": 2, "id": "x"}) == (
            "$.coproduction: unknown format version 2; this version of coproduction reads version 1"
        )

    def test_written(self):
        """to_dict writes the version first."""
        assert next(iter(cp.to_dict(cp.Initiative(id="x")))) == "coproduction"


class TestToDict:
    def test_refuses_other_objects(self):
        """to_dict takes an initiative or a record."""
        with pytest.raises(ValidationError) as e:
            cp.to_dict({"id": "x"})  # type: ignore[arg-type]
        assert (
            str(e.value)
            == "$: to_dict() takes an Initiative or a record, got dict {'id': 'x'}"
        )
