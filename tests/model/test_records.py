import datetime as dt
import re

import attrs
import pytest

import coproduction as cp
from coproduction.errors import ValidationError


def message(excinfo: pytest.ExceptionInfo[ValidationError]) -> str:
    return str(excinfo.value)


class TestStakeholder:
    def test_perspective_from_kind(self):
        """Each kind in the taxonomy implies its perspective."""
        assert (
            cp.Stakeholder(id="a", name="A").perspective
            is cp.Perspective.LIVED_EXPERIENCE
        )
        assert (
            cp.Stakeholder(id="a", name="A", kind="family_carer").perspective
            is cp.Perspective.CARER
        )
        assert (
            cp.Stakeholder(id="a", name="A", kind="advocate").perspective
            is cp.Perspective.ADVOCACY
        )
        assert (
            cp.Stakeholder(id="a", name="A", kind="social_worker").perspective
            is cp.Perspective.PROFESSIONAL
        )

    def test_perspective_given_wins(self):
        """A perspective given explicitly overrides the kind's."""
        s = cp.Stakeholder(
            id="a", name="A", kind="volunteer", perspective="lived_experience"
        )
        assert s.perspective is cp.Perspective.LIVED_EXPERIENCE

    def test_other_needs_perspective(self):
        """Kind 'other' implies no perspective, so one must be given."""
        with pytest.raises(ValidationError) as e:
            cp.Stakeholder(id="a", name="A", kind="other")
        assert (
            message(e)
            == "$.perspective: a stakeholder of kind 'other' must say its perspective"
        )

    def test_unknown_kind(self):
        """An unknown kind is refused with the list of kinds."""
        with pytest.raises(ValidationError) as e:
            cp.Stakeholder(id="a", name="A", kind="nurse")
        assert message(e) == (
            "$.kind: 'nurse' is not a kind of stakeholder; choose one of 'person', 'family_carer', "
            "'advocate', 'attorney', 'deputy', 'care_worker', 'manager', 'health_professional', 'social_worker', "
            "'commissioner', 'volunteer', 'other'"
        )

    def test_unknown_perspective(self):
        """An unknown perspective is refused with the allowed values."""
        with pytest.raises(ValidationError) as e:
            cp.Stakeholder(id="a", name="A", perspective="expert")
        assert (
            message(e)
            == "$.perspective: 'expert' is not a Perspective; choose one of 'lived_experience', 'carer', 'professional', 'advocacy'"
        )

    def test_lone_string_as_set(self):
        """A lone string where a set is expected is refused, not split into letters."""
        with pytest.raises(ValidationError) as e:
            cp.Stakeholder(id="a", name="A", access_needs="easy_read")
        assert (
            message(e)
            == "$.access_needs: expected a set of ids, got the single string 'easy_read'; write ['easy_read']"
        )

    @pytest.mark.parametrize(
        ("changes", "expected"),
        [
            (
                {"id": ""},
                "$.id: an id must be non-empty with no surrounding spaces, got ''",
            ),
            (
                {"id": " a"},
                "$.id: an id must be non-empty with no surrounding spaces, got ' a'",
            ),
            ({"id": 7}, "$.id: expected an id (a string), got int 7"),
            ({"name": None}, "$.name: expected a string, got NoneType None"),
            (
                {"represents": [1]},
                "$.represents: expected ids (non-empty strings), got int 1",
            ),
            (
                {"characteristics": {"age": 80}},
                "$.characteristics['age']: expected text keys and values, got 'age': 80",
            ),
        ],
    )
    def test_bad_fields(self, changes, expected):
        """Each field refuses values of the wrong shape with an exact message."""
        fields = {"id": "a", "name": "A"} | changes
        with pytest.raises(ValidationError) as e:
            cp.Stakeholder(**fields)
        assert message(e) == expected

    def test_frozen(self):
        """Records cannot be changed in place; use attrs.evolve."""
        s = cp.Stakeholder(id="a", name="A")
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            s.name = "B"  # type: ignore[misc]
        assert attrs.evolve(s, name="B").name == "B"


class TestRole:
    def test_defaults(self):
        """A role may propose and has one vote and no veto unless told otherwise."""
        assert cp.Role(id="member") == cp.Role(
            id="member", may_propose=True, votes=1, veto=False
        )

    @pytest.mark.parametrize(
        ("changes", "expected"),
        [
            (
                {"votes": -1},
                "$.votes: expected a whole number of at least 0, got int -1",
            ),
            (
                {"votes": True},
                "$.votes: expected a whole number of at least 0, got bool True",
            ),
            ({"veto": "no"}, "$.veto: expected true or false, got str 'no'"),
        ],
    )
    def test_bad_fields(self, changes, expected):
        """Votes are whole numbers and veto a real boolean."""
        with pytest.raises(ValidationError) as e:
            cp.Role(id="r", **changes)
        assert message(e) == expected


class TestLevel:
    def test_order(self):
        """The rungs compare in the order of the ladder."""
        levels = list(cp.Level)
        assert levels == sorted(levels)
        assert (
            cp.Level.COERCING
            < cp.Level.EDUCATING
            < cp.Level.INFORMING
            < cp.Level.CONSULTING
        )
        assert (
            cp.Level.CONSULTING
            < cp.Level.ENGAGING
            < cp.Level.CO_DESIGNING
            < cp.Level.CO_PRODUCING
        )
        assert cp.Level.CO_PRODUCING >= cp.Level.CO_PRODUCING

    def test_not_comparable_with_other_types(self):
        """Comparing a level with a string is a TypeError, not a silent answer."""
        with pytest.raises(TypeError):
            _ = cp.Level.CONSULTING < "engaging"  # type: ignore[operator]

    def test_string_values(self):
        """Values are the lower-case strings used in YAML, and str() gives them."""
        assert cp.Level("co_producing") is cp.Level.CO_PRODUCING
        assert str(cp.Level.CO_DESIGNING) == "co_designing"


class TestMeeting:
    def test_needs_date(self):
        """A meeting without a date is refused."""
        with pytest.raises(ValidationError) as e:
            cp.Meeting(id="m", date=None)  # type: ignore[arg-type]
        assert message(e) == "$.date: expected a date (YYYY-MM-DD), got None"

    def test_datetime_refused(self):
        """A datetime is not a date: meetings happen on days."""
        with pytest.raises(ValidationError) as e:
            cp.Meeting(id="m", date=dt.datetime(2026, 1, 1, 10, 0))  # noqa: DTZ001
        assert (
            message(e)
            == "$.date: expected a date (YYYY-MM-DD), got datetime datetime.datetime(2026, 1, 1, 10, 0)"
        )


class TestDecision:
    def test_accepts_strings_for_enums(self):
        """Level, rule and action may be given as their string values."""
        d = cp.Decision(
            id="d",
            title="t",
            level="engaging",
            rule="majority",
            contributions=[cp.Contribution(by="a", action="voted_for")],
        )
        assert (d.level, d.rule, d.contributions[0].action) == (
            cp.Level.ENGAGING,
            cp.Rule.MAJORITY,
            cp.Action.VOTED_FOR,
        )

    def test_contributions_are_contributions(self):
        """Contributions must be Contribution records, not dicts."""
        with pytest.raises(ValidationError) as e:
            cp.Decision(
                id="d", title="t", level="engaging", contributions=[{"by": "a"}]
            )  # type: ignore[list-item]
        assert (
            message(e)
            == "$.contributions[0]: expected a Contribution, got dict {'by': 'a'}"
        )

    def test_unknown_action(self):
        """An unknown action lists the actions."""
        with pytest.raises(
            ValidationError,
            match=re.escape("'nodded' is not an Action; choose one of 'attended'"),
        ):
            cp.Contribution(by="a", action="nodded")


class TestContribution:
    @pytest.mark.parametrize("action", ["attended", "informed"])
    def test_presence_cannot_be_adopted(self, action):
        """A practitioner cannot adopt someone's being there: nothing was put forward."""
        with pytest.raises(ValidationError) as info:
            cp.Contribution(by="edna", action=action, adopted=True)
        assert str(info.value) == (
            f"$.adopted: {action!r} puts nothing forward to adopt; record what edna "
            "proposed or said, and mark that adopted"
        )

    @pytest.mark.parametrize(
        "action",
        [a for a in cp.Action if a not in {cp.Action.ATTENDED, cp.Action.INFORMED}],
    )
    def test_anything_else_can_be_adopted(self, action):
        assert cp.Contribution(by="edna", action=action, adopted=True).adopted

    def test_refused_in_a_file_with_its_line(self):
        text = (
            "coproduction: 1\nid: oak\nstakeholders:\n  - {id: edna, name: Edna}\n"
            "decisions:\n  - id: d1\n    title: Tea\n    level: informing\n"
            "    contributions:\n      - {by: edna, action: informed, adopted: true}\n"
        )
        with pytest.raises(ValidationError) as info:
            cp.loads(text, source_name="oak.yaml")
        assert str(info.value).startswith(
            "oak.yaml:10: $.decisions[0].contributions[0].adopted: 'informed' puts nothing"
        )


class TestCarePlan:
    def test_items_are_items(self):
        """Items must be CarePlanItem records."""
        with pytest.raises(ValidationError) as e:
            cp.CarePlan(id="p", person="a", items=["walks"])  # type: ignore[list-item]
        assert message(e) == "$.items[0]: expected a CarePlanItem, got str 'walks'"

    def test_kind_default(self):
        """An item records a preference unless told otherwise."""
        assert (
            cp.CarePlanItem(area="food", text="Porridge").kind is cp.ItemKind.PREFERENCE
        )


class TestFeedback:
    def test_anonymous(self):
        """Feedback may be anonymous."""
        f = cp.Feedback(id="f", received=dt.date(2026, 1, 1), text="More music")
        assert f.by is None

    def test_kind_default(self):
        """Feedback is a suggestion unless told otherwise."""
        f = cp.Feedback(id="f", received=dt.date(2026, 1, 1), text="More music")
        assert f.kind is cp.FeedbackKind.SUGGESTION

    def test_unknown_kind(self):
        """An unknown kind is refused with the kinds there are."""
        with pytest.raises(ValidationError) as e:
            cp.Feedback(id="f", received=dt.date(2026, 1, 1), text="Hm", kind="moan")
        assert message(e) == (
            "$.kind: 'moan' is not a FeedbackKind; choose one of 'complaint', 'suggestion', "
            "'question', 'compliment'"
        )


class TestResponse:
    def test_kind_default(self):
        """A response records something done unless told otherwise."""
        r = cp.Response(feedback="f", date=dt.date(2026, 1, 2), action="Done")
        assert r.kind is cp.ResponseKind.DONE

    def test_declined_with_a_reason(self):
        r = cp.Response(
            feedback="f",
            date=dt.date(2026, 1, 2),
            action="No: the minibus is booked on Fridays",
            kind="declined",
        )
        assert r.kind is cp.ResponseKind.DECLINED

    @pytest.mark.parametrize("action", ["", "   "])
    def test_declined_needs_a_reason(self, action):
        """Saying no without saying why is not an answer."""
        with pytest.raises(ValidationError) as e:
            cp.Response(
                feedback="f", date=dt.date(2026, 1, 2), action=action, kind="declined"
            )
        assert message(e) == (
            "$.action: a declined response must say why it was declined; write the "
            "reason in 'action', in plain words"
        )

    def test_unknown_kind(self):
        with pytest.raises(ValidationError) as e:
            cp.Response(
                feedback="f", date=dt.date(2026, 1, 2), action="x", kind="maybe"
            )
        assert message(e) == (
            "$.kind: 'maybe' is not a ResponseKind; choose one of 'done', 'declined', 'holding'"
        )

    def test_before_its_feedback_is_refused(self):
        """A response dated before the feedback it answers is refused, naming both dates."""
        ini = cp.Initiative(
            id="x",
            feedback=[cp.Feedback(id="f1", received=dt.date(2026, 3, 2), text="Tea")],
        )
        early = cp.Response(feedback="f1", date=dt.date(2026, 3, 1), action="Pot")
        with pytest.raises(ValidationError) as e:
            ini.respond(early)
        assert message(e) == (
            "$.responses[0].date: response dated 2026-03-01 but the feedback 'f1' it "
            "answers was received on 2026-03-02; a response cannot come before what it "
            "answers"
        )
        assert ini.responses == ()  # a refused call changes nothing

    def test_on_the_day_is_accepted(self):
        ini = cp.Initiative(
            id="x",
            feedback=[cp.Feedback(id="f1", received=dt.date(2026, 3, 2), text="Tea")],
        )
        ini.respond(cp.Response(feedback="f1", date=dt.date(2026, 3, 2), action="Pot"))
        assert len(ini.responses) == 1

    def test_in_a_file_with_its_line(self):
        text = (
            "coproduction: 1\nid: oak\n"
            "feedback:\n  - {id: f1, received: 2026-03-02, text: Tea, kind: complaint}\n"
            "responses:\n  - {feedback: f1, date: 2026-03-01, action: Pot}\n"
        )
        with pytest.raises(ValidationError) as e:
            cp.loads(text, source_name="oak.yaml")
        assert str(e.value).startswith(
            "oak.yaml:6: $.responses[0].date: response dated 2026-03-01"
        )
