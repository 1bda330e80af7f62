import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coproduction as cp
from coproduction.errors import NotFoundError, ValidationError
from coproduction.testing import initiatives

DAY = dt.date(2026, 1, 10)


def people() -> list[cp.Stakeholder]:
    return [
        cp.Stakeholder(id="alice", name="Alice"),
        cp.Stakeholder(id="mo", name="Mo", kind="manager"),
        cp.Stakeholder(id="jo", name="Jo", kind="family_carer", represents={"alice"}),
    ]


@pytest.fixture
def ini() -> cp.Initiative:
    return cp.Initiative(
        id="oak",
        title="Mealtimes",
        stakeholders=people(),
        roles=[cp.Role(id="chair", veto=True)],
        meetings=[cp.Meeting(id="m1", date=DAY, attendees={"alice", "mo"})],
        decisions=[
            cp.Decision(id="d1", title="Curry", level="consulting", meeting="m1")
        ],
        feedback=[cp.Feedback(id="f1", received=DAY, text="More curry")],
    )


def refusal(call, *args) -> str:
    with pytest.raises(ValidationError) as e:
        call(*args)
    return str(e.value)


class TestRefusals:
    """Every rule the initiative enforces, with the exact message it gives."""

    def test_duplicate_stakeholder(self, ini):
        """A second stakeholder with a known id is refused."""
        assert refusal(
            ini.add_stakeholder, cp.Stakeholder(id="mo", name="Mo again")
        ) == (
            "$.stakeholders[3].id: duplicate id 'mo'; $.stakeholders[1] has it already"
        )

    def test_duplicate_in_constructor(self):
        """Duplicates passed at once are refused with the path of the second."""
        assert refusal(
            lambda: cp.Initiative(id="x", roles=[cp.Role(id="r"), cp.Role(id="r")])
        ) == ("$.roles[1].id: duplicate id 'r'; $.roles[0] has it already")

    def test_unknown_contributor(self, ini):
        """A contribution by someone unknown is refused, with a suggestion."""
        d = cp.Decision(
            id="d2",
            title="t",
            level="consulting",
            contributions=[cp.Contribution(by="alise", action="spoke")],
        )
        assert refusal(ini.record_decision, d) == (
            "$.decisions[1].contributions[0].by: unknown stakeholder 'alise' (did you mean 'alice'?)"
        )

    def test_unknown_on_behalf_of(self, ini):
        """A contribution on behalf of someone unknown is refused."""
        d = cp.Decision(
            id="d2",
            title="t",
            level="consulting",
            contributions=[
                cp.Contribution(by="jo", action="spoke", on_behalf_of="zed")
            ],
        )
        assert (
            refusal(ini.record_decision, d)
            == "$.decisions[1].contributions[0].on_behalf_of: unknown stakeholder 'zed'"
        )

    def test_on_behalf_without_representing(self, ini):
        """Acting for someone you do not represent is refused."""
        d = cp.Decision(
            id="d2",
            title="t",
            level="consulting",
            contributions=[
                cp.Contribution(by="mo", action="spoke", on_behalf_of="alice")
            ],
        )
        assert refusal(ini.record_decision, d) == (
            "$.decisions[1].contributions[0].on_behalf_of: 'mo' does not represent 'alice'; "
            "add 'alice' to the 'represents' of 'mo' first"
        )

    def test_unknown_affected(self, ini):
        """A decision affecting someone unknown is refused."""
        d = cp.Decision(id="d2", title="t", level="consulting", affects={"bob"})
        assert (
            refusal(ini.record_decision, d)
            == "$.decisions[1].affects: unknown stakeholder 'bob'"
        )

    def test_unknown_meeting(self, ini):
        """A decision in an unknown meeting is refused."""
        d = cp.Decision(id="d2", title="t", level="consulting", meeting="m9")
        assert (
            refusal(ini.record_decision, d)
            == "$.decisions[1].meeting: unknown meeting 'm9'"
        )

    def test_decision_dated_outside_meeting(self, ini):
        """A decision must fall on its meeting's date."""
        d = cp.Decision(
            id="d2",
            title="t",
            level="consulting",
            meeting="m1",
            date=dt.date(2026, 1, 11),
        )
        assert refusal(ini.record_decision, d) == (
            "$.decisions[1].date: decision dated 2026-01-11 but its meeting 'm1' was on 2026-01-10"
        )

    def test_unknown_attendee(self, ini):
        """A meeting attended by someone unknown is refused."""
        m = cp.Meeting(id="m2", date=DAY, attendees={"alice", "ghost"})
        assert (
            refusal(ini.add_meeting, m)
            == "$.meetings[1].attendees: unknown stakeholder 'ghost'"
        )

    def test_unknown_represented(self, ini):
        """Representing someone unknown is refused."""
        s = cp.Stakeholder(id="sam", name="Sam", kind="advocate", represents={"bob"})
        assert (
            refusal(ini.add_stakeholder, s)
            == "$.stakeholders[3].represents: unknown stakeholder 'bob'"
        )

    def test_self_representation(self, ini):
        """No one represents themself."""
        s = cp.Stakeholder(id="sam", name="Sam", kind="advocate", represents={"sam"})
        assert refusal(ini.add_stakeholder, s) == (
            "$.stakeholders[3].represents: 'sam' cannot represent themself; people speak for themselves"
        )

    def test_representation_loop(self):
        """Representation that goes round in a loop is refused."""
        loop = [
            cp.Stakeholder(id="a", name="A", kind="advocate", represents={"b"}),
            cp.Stakeholder(id="b", name="B", kind="advocate", represents={"c"}),
            cp.Stakeholder(id="c", name="C", kind="advocate", represents={"a"}),
        ]
        message = refusal(lambda: cp.Initiative(id="x", stakeholders=loop))
        assert message.startswith("$.stakeholders[")
        assert "representation goes round in a loop: " in message
        assert message.endswith(
            "(read 'a -> b' as 'a speaks for b'); someone in it must speak for themself"
        )

    def test_unknown_role(self, ini):
        """Assigning an unknown role is refused."""
        assert (
            refusal(ini.assign, "mo", "treasurer")
            == "$.memberships[0].role: unknown role 'treasurer'"
        )

    def test_repeated_assignment(self, ini):
        """The same role is not given twice to the same person."""
        ini.assign("mo", "chair")
        assert (
            refusal(ini.assign, "mo", "chair")
            == "$.memberships[1]: 'mo' already holds the role 'chair'"
        )

    def test_response_to_unknown_feedback(self, ini):
        """A response must answer known feedback."""
        r = cp.Response(feedback="f9", date=DAY, action="Done")
        assert (
            refusal(ini.respond, r) == "$.responses[0].feedback: unknown feedback 'f9'"
        )

    def test_response_unknown_decision(self, ini):
        """A response can only point to a known decision."""
        r = cp.Response(feedback="f1", date=DAY, action="Done", decision="d9")
        assert (
            refusal(ini.respond, r) == "$.responses[0].decision: unknown decision 'd9'"
        )

    def test_feedback_unknown_author(self, ini):
        """Named feedback must come from a known stakeholder."""
        f = cp.Feedback(id="f2", received=DAY, text="x", by="nobody")
        assert (
            refusal(ini.add_feedback, f)
            == "$.feedback[1].by: unknown stakeholder 'nobody'"
        )

    def test_care_plan_unknown_person(self, ini):
        """A care plan is for a known person, agreed by known people."""
        plan = cp.CarePlan(
            id="p",
            person="zoe",
            items=[cp.CarePlanItem(area="a", text="t", agreed_by={"kim"})],
        )
        assert refusal(ini.add_care_plan, plan) == (
            "2 problems:\n"
            "  $.care_plans[0].person: unknown stakeholder 'zoe'\n"
            "  $.care_plans[0].items[0].agreed_by: unknown stakeholder 'kim'"
        )

    def test_wrong_record_type(self, ini):
        """Passing the wrong kind of record is refused."""
        assert refusal(ini.add_meeting, cp.Role(id="r")) == (
            "$: expected a Meeting, got Role Role(id='r', name='', may_propose=True, votes=1, veto=False)"
        )

    def test_bad_population(self):
        """Population counts are whole numbers of people."""
        assert refusal(
            lambda: cp.Initiative(id="x", population={"ethnicity": {"a": -2}})
        ) == (
            "$.population['ethnicity']['a']: expected a count of people (a whole number of at least 0), got -2"
        )

    def test_every_problem_at_once(self):
        """One constructor call lists every problem in every collection, with hints."""
        with pytest.raises(ValidationError) as e:
            cp.Initiative(
                id="x",
                stakeholders=[
                    cp.Stakeholder(id="alice", name="Alice"),
                    cp.Stakeholder(
                        id="jo", name="Jo", kind="family_carer", represents={"alise"}
                    ),
                ],
                aims=[
                    cp.Aim(
                        id="meals",
                        what="w",
                        how_much="h",
                        for_whom="f",
                        by_when=DAY,
                    )
                ],
                drivers=[cp.Driver(id="p", title="P", kind="primary", aim="meal")],
                change_ideas=[cp.ChangeIdea(id="curry", title="Curry")],
                measures=[cp.Measure(id="sat", name="Satisfied", kind="outcome")],
                observations=[cp.Observation(measure="st", at=DAY, value=1)],
                cycles=[cp.Cycle(id="c1", change_idea="cury")],
            )
        assert [(p.path, p.message) for p in e.value.problems] == [
            (
                "$.stakeholders[1].represents",
                "unknown stakeholder 'alise' (did you mean 'alice'?)",
            ),
            (
                "$.observations[0].measure",
                "unknown measure 'st' (did you mean 'sat'?)",
            ),
            (
                "$.cycles[0].change_idea",
                "unknown change idea 'cury' (did you mean 'curry'?)",
            ),
            ("$.drivers[0].aim", "unknown aim 'meal' (did you mean 'meals'?)"),
        ]

    def test_bad_id(self):
        """An initiative needs an id."""
        assert (
            refusal(lambda: cp.Initiative(id=""))
            == "$.id: an initiative needs an id (a non-empty string), got ''"
        )


class TestLookups:
    def test_found(self, ini):
        """Records are found by id."""
        assert ini.stakeholder("mo").name == "Mo"
        assert ini.meeting("m1").date == DAY
        assert ini.decision("d1").title == "Curry"
        assert ini.feedback_item("f1").text == "More curry"
        assert ini.role("chair").veto

    def test_not_found(self, ini):
        """An unknown id raises NotFoundError, a KeyError, with a hint."""
        with pytest.raises(NotFoundError) as e:
            ini.decision("d2")
        assert str(e.value) == "no decision with id 'd2'"
        with pytest.raises(KeyError):
            ini.care_plan("nothing")

    def test_roles_and_responses(self, ini):
        """roles_of and responses_to follow the links."""
        ini.assign("mo", "chair")
        ini.respond(
            cp.Response(
                feedback="f1", date=DAY, action="Added curry night", decision="d1"
            )
        )
        assert [r.id for r in ini.roles_of("mo")] == ["chair"]
        assert [r.action for r in ini.responses_to("f1")] == ["Added curry night"]


class TestEquality:
    def test_equal_when_same_state(self, ini):
        """Two initiatives with the same records are equal; a change makes them differ."""
        other = cp.from_dict(cp.Initiative, cp.to_dict(ini))
        assert other == ini
        other.add_stakeholder(cp.Stakeholder(id="new", name="New"))
        assert other != ini

    def test_unhashable(self, ini):
        """An initiative changes, so it cannot be hashed."""
        with pytest.raises(TypeError):
            hash(ini)

    def test_repr(self, ini):
        """The repr says what it holds without dumping personal data."""
        assert (
            repr(ini)
            == "<Initiative 'oak' 'Mealtimes': 3 stakeholders, 1 meetings, 1 decisions>"
        )


REFUSED_CALLS = [
    ("add_stakeholder", cp.Stakeholder(id="x", name="X", represents={"no-one"})),
    ("add_meeting", cp.Meeting(id="x", date=DAY, attendees={"no-one"})),
    (
        "record_decision",
        cp.Decision(
            id="x",
            title="t",
            level="consulting",
            contributions=[cp.Contribution(by="no-one", action="spoke")],
        ),
    ),
    ("add_feedback", cp.Feedback(id="x", received=DAY, text="t", by="no-one")),
    ("respond", cp.Response(feedback="no-one", date=DAY, action="t")),
    ("add_care_plan", cp.CarePlan(id="x", person="no-one")),
    ("add_role", "not a role"),
    ("assign", ("no-one", "no-role")),
    ("add_aim", "not an aim"),
    ("add_driver", cp.Driver(id="x", title="X", kind="primary", aim="no-aim")),
    ("add_change_idea", cp.ChangeIdea(id="x", title="X", feeds={"no-driver"})),
    ("add_measure", "not a measure"),
    ("record_observation", cp.Observation(measure="no-measure", at=DAY, value=1)),
    ("start_cycle", ("x", "no-idea")),
]
"""One refused call of each changing method: a record, or a tuple of arguments."""
BAD_CALLS = st.sampled_from(REFUSED_CALLS)


SLOW_EXAMPLES = 30
"""Each example builds whole initiatives and tries every kind of call on them: 30 examples
keep these properties to a second or two each while still reaching every kind."""


class TestInvariants:
    @settings(max_examples=SLOW_EXAMPLES)
    @given(initiatives(), BAD_CALLS)
    def test_refused_call_changes_nothing(self, ini, call):
        """A refused call leaves the initiative exactly as it was."""
        before = cp.to_dict(ini)
        method, record = call
        arguments = record if isinstance(record, tuple) else (record,)
        with pytest.raises(ValidationError):
            getattr(ini, method)(*arguments)
        assert cp.to_dict(ini) == before

    def test_every_changing_method_is_tried(self):
        """Each add_, record_, assign, respond and start_cycle has a refused call above."""
        changing = [
            m
            for m in dir(cp.Initiative)
            if m.startswith(("add_", "record_"))
            or m in {"assign", "respond", "start_cycle"}
        ]
        tried = {method for method, _ in REFUSED_CALLS}
        assert sorted(set(changing) - tried) == []

    @settings(max_examples=SLOW_EXAMPLES)
    @given(initiatives())
    def test_duplicates_refused_and_change_nothing(self, ini):
        """Adding any existing record again is refused and changes nothing."""
        before = cp.to_dict(ini)
        for method, records in [
            ("add_stakeholder", ini.stakeholders),
            ("add_meeting", ini.meetings),
            ("record_decision", ini.decisions),
            ("add_care_plan", ini.care_plans),
        ]:
            for record in records:
                with pytest.raises(ValidationError, match="duplicate id"):
                    getattr(ini, method)(record)
        assert cp.to_dict(ini) == before

    @settings(max_examples=SLOW_EXAMPLES)
    @given(initiatives())
    def test_incremental_equals_bulk(self, ini):
        """Adding records one by one builds the same initiative as passing them at once."""
        times = iter([e.at for c in ini.cycles for e in c.events])
        built = cp.Initiative(
            id=ini.id,
            title=ini.title,
            description=ini.description,
            population=ini.population,
            clock=lambda: next(times),
        )
        # People first without representation, so that order does not matter.
        for s in ini.stakeholders:
            if not s.represents:
                built.add_stakeholder(s)
        for s in ini.stakeholders:
            if s.represents:
                built.add_stakeholder(s)
        for r in ini.roles:
            built.add_role(r)
        for m in ini.memberships:
            built.assign(m.stakeholder, m.role)
        for method, records in [
            ("add_meeting", ini.meetings),
            ("record_decision", ini.decisions),
            ("add_feedback", ini.feedback),
            ("add_care_plan", ini.care_plans),
            ("add_aim", ini.aims),
            ("add_driver", ini.drivers),
            ("add_change_idea", ini.change_ideas),
            ("add_measure", ini.measures),
            ("record_observation", ini.observations),
        ]:
            for record in records:
                getattr(built, method)(record)
        for c in ini.cycles:
            replay_calls(built.start_cycle(c.id, c.change_idea), c)
        for r in ini.responses:
            built.respond(r)
        built.validate()
        # The same records passed at once, people in the order they were added here.
        data = cp.to_dict(ini)
        if built.stakeholders:
            data["stakeholders"] = [cp.to_dict(s) for s in built.stakeholders]
        assert built == cp.from_dict(cp.Initiative, data)
        assert built.stakeholders == ini.stakeholders or built != ini


def replay_calls(cycle: cp.Cycle, recorded: cp.Cycle) -> None:
    """Drive `cycle` through the calls that made `recorded`'s events.

    The recorded cycles were studied before an initiative held them, with the views
    an initiative of the same records gives, so `cycle` reads the same measures.
    """
    for event in recorded.events[1:]:
        payload = event.payload
        if event.kind == "planned":
            start = payload.get("start")
            cycle.plan(
                recorded.objective or "",
                recorded.predictions,
                recorded.tasks,
                by=event.by,
                start=dt.date.fromisoformat(start) if start else None,
                end=recorded.end,
            )
        elif event.kind == "done":
            cycle.do(payload["notes"], by=event.by)
        elif event.kind == "studied":
            cycle.study(by=event.by)
        else:
            cycle.act(payload["outcome"], payload["rationale"], by=event.by)
