"""Errors a form can show: every problem at once, each at its field, with a code and the input."""

import ast
import datetime as dt
import pickle
import re
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coproduction as cp
from coproduction._fields import check_id, check_text, collecting
from coproduction.errors import NotFoundError, ValidationError
from coproduction.testing import initiatives

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "coproduction"

PATH = re.compile(
    r"""^\$(?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\]|\[(?:'[^']*'|"[^"]*")\])*$"""
)
"""One path style: `.field`, `[index]` and `['key']` after the `$`."""


def documented_codes() -> set[str]:
    text = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\| `([a-z0-9_]+)` \|", text, flags=re.MULTILINE))


def refused(make) -> ValidationError:
    with pytest.raises(ValidationError) as e:
        make()
    return e.value


def listed(err: ValidationError) -> list[tuple[str, str, object]]:
    return [(p.path, p.code, p.input) for p in err.problems]


class TestEveryProblemAtOnce:
    def test_decision_reports_each_field(self):
        """The issue's example: four problems, each at its field, in field order."""
        err = refused(lambda: cp.Decision(id="", title=5, level="bogus", rule="vote"))
        assert listed(err) == [
            ("$.id", "not_an_id", ""),
            ("$.title", "wrong_type", 5),
            ("$.level", "not_a_choice", "bogus"),
            ("$.rule", "not_a_choice", "vote"),
        ]
        assert [p.message for p in err.problems] == [
            "an id must be non-empty with no surrounding spaces, got ''",
            "expected a string, got int 5",
            (
                "'bogus' is not a Level; choose one of 'coercing', 'educating', "
                "'informing', 'consulting', 'engaging', 'co_designing', 'co_producing'"
            ),
            (
                "'vote' is not a Rule; choose one of 'consensus', 'consent', "
                "'majority', 'weighted_vote', 'single_decider', 'advice'"
            ),
        ]

    def test_id_sets_name_their_field(self):
        """A lone string where a set of ids goes is refused at the field."""
        err = refused(
            lambda: cp.Decision(id="d", title="t", level="engaging", affects="bob")
        )
        assert listed(err) == [("$.affects", "wrong_type", "bob")]
        assert str(err) == (
            "$.affects: expected a set of ids, got the single string 'bob'; write ['bob']"
        )

    def test_cross_field_check_waits_for_its_fields(self):
        """An adopted 'attended' is not also blamed when the action itself is wrong."""
        err = refused(lambda: cp.Contribution(by="", action="shouted", adopted=True))
        assert [p.path for p in err.problems] == ["$.by", "$.action"]

    def test_cross_field_check_runs_when_fields_are_fine(self):
        """With its fields fine, a cross-field check reports as it always has."""
        err = refused(lambda: cp.Contribution(by="", action="attended", adopted=True))
        assert listed(err) == [("$.by", "not_an_id", "")]
        err = refused(
            lambda: cp.Contribution(by="sam", action="attended", adopted=True)
        )
        assert listed(err) == [("$.adopted", "not_allowed", None)]

    def test_whole_record_rules_still_refused(self):
        """A rule of the whole record (a result the votes contradict) still reports alone."""
        err = refused(
            lambda: cp.Decision(
                id="d",
                title="t",
                level="engaging",
                rule="majority",
                result="rejected",
                contributions=[cp.Contribution(by="a", action="voted_for")],
            )
        )
        assert listed(err) == [("$.result", "not_allowed", None)]

    def test_nested_records_name_their_place(self):
        """In a document, a contribution's field is named by its place."""
        data = {
            "id": "d",
            "title": "t",
            "level": "engaging",
            "contributions": [
                {"by": "a", "action": "spoke"},
                {"by": "b", "action": "spoke"},
                {"by": 7, "action": "spoke"},
            ],
        }
        err = refused(lambda: cp.from_dict(cp.Decision, data))
        assert listed(err) == [("$.contributions[2].by", "wrong_type", 7)]

    @given(
        st.sets(st.sampled_from(["id", "date", "title", "attendees", "invited"])),
    )
    def test_each_bad_field_is_reported_once(self, bad):
        """Whichever fields are wrong, exactly those are reported, each once."""
        wrong = {
            "id": " m",
            "date": "2026-01-01",
            "title": 3,
            "attendees": "a",
            "invited": [1],
        }
        fine = {
            "id": "m",
            "date": dt.date(2026, 1, 1),
            "title": "t",
            "attendees": ["a"],
            "invited": [],
        }
        given_fields = {k: wrong[k] if k in bad else fine[k] for k in fine}
        if not bad:
            assert cp.Meeting(**given_fields).id == "m"
            return
        err = refused(lambda: cp.Meeting(**given_fields))
        order = list(fine)
        assert [p.path for p in err.problems] == [f"$.{k}" for k in order if k in bad]

    def test_positional_fields_are_collected_too(self):
        """A record built positionally collects its problems in the same way."""

        @collecting
        @attrs.frozen
        class Note:
            id: str = attrs.field(validator=check_id)
            text: str = attrs.field(validator=check_text)

        err = refused(lambda: Note(5, 6))
        assert [p.path for p in err.problems] == ["$.id", "$.text"]
        assert Note("n", text="t").text == "t"


class TestCodes:
    def test_every_raise_site_has_a_documented_code(self):
        """Every ValidationError the library makes has a code, and each code is in the docs' table."""
        documented = documented_codes()
        missing, undocumented = [], []
        for path in sorted(SRC.rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "id", getattr(node.func, "attr", None))
                code = next((k.value for k in node.keywords if k.arg == "code"), None)
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                if name == "ValidationError" and code is None:
                    missing.append(where)
                if isinstance(code, ast.Constant) and code.value not in documented:
                    undocumented.append(f"{where}: {code.value}")
                elif code is not None and not isinstance(code, ast.Constant):
                    # passed on from the problem it re-places
                    assert isinstance(code, ast.Attribute | ast.Name), where
        assert missing == []
        assert undocumented == []

    def test_enough_kinds(self):
        """The codes the issue names are all in the table."""
        assert {
            "unknown_reference",
            "duplicate_id",
            "not_a_choice",
            "wrong_type",
            "out_of_order",
            "missing_key",
            "unknown_key",
            "not_valid_yaml",
            "too_large",
            "too_deep",
            "empty",
            "not_allowed",
        } <= documented_codes()

    def test_default_code(self):
        """An error made without a code says so."""
        err = ValidationError("x")
        assert (err.code, err.input) == ("invalid", None)

    def test_kept_through_collect_located_and_pickling(self):
        """code and input survive collecting, locating and pickling."""
        a = ValidationError("a", "$.a", code="wrong_type", input=5)
        b = ValidationError("b", "$.b[0]", code="unknown_reference", input="zed")
        err = ValidationError.collect([a, b])
        for seen in (
            err,
            err.located("f.yaml", {"$.a": 2}),
            pickle.loads(pickle.dumps(err)),
        ):
            assert listed(seen) == [
                ("$.a", "wrong_type", 5),
                ("$.b[0]", "unknown_reference", "zed"),
            ]
        one = pickle.loads(pickle.dumps(a.located("f.yaml", {"$.a": 2})))
        assert (one.code, one.input, one.line, str(one)) == (
            "wrong_type",
            5,
            2,
            "f.yaml:2: $.a: a",
        )

    def test_under_reroots(self):
        """under() places a problem at `$` (or inside it) under a path."""
        a = ValidationError("a", code="not_a_choice", input="x")
        assert listed(a.under("$.level")) == [("$.level", "not_a_choice", "x")]
        b = ValidationError("b", "$.by[0]", code="not_an_id", input="")
        assert listed(b.under("$.contributions[2]")) == [
            ("$.contributions[2].by[0]", "not_an_id", "")
        ]

    def test_not_found_has_kind_and_id(self):
        """A failed lookup names what it looked for, and keeps its message."""
        ini = cp.scenarios.load_bundled("oak_house_meals")
        with pytest.raises(NotFoundError) as e:
            ini.stakeholder("ednna")
        assert (e.value.kind, e.value.id) == ("stakeholder", "ednna")
        assert str(e.value) == "no stakeholder with id 'ednna' (did you mean 'edna'?)"
        back = pickle.loads(pickle.dumps(e.value))
        assert (back.kind, back.id, str(back)) == ("stakeholder", "ednna", str(e.value))
        with pytest.raises(NotFoundError) as e:
            cp.scenarios.load_bundled("nowhere")
        assert (e.value.kind, e.value.id) == ("scenario", "nowhere")


class TestCheck:
    def test_problems_without_adding(self):
        """check() lists the problems of adding a record, and changes nothing."""
        ini = cp.scenarios.load_bundled("oak_house_meals")
        before, version = cp.to_dict(ini), ini.version
        meeting = cp.Meeting(
            id="m2-tasting", date=dt.date(2026, 3, 1), attendees={"edna", "zed"}
        )
        problems = ini.check(meeting)
        assert [(p.path, p.code, p.input) for p in problems] == [
            ("$.meetings[5].id", "duplicate_id", "m2-tasting"),
            ("$.meetings[5].attendees", "unknown_reference", "zed"),
        ]
        assert cp.to_dict(ini) == before
        assert ini.version == version

    def test_same_problems_as_adding(self):
        """What check() finds is what adding refuses."""
        ini = cp.scenarios.load_bundled("oak_house_meals")
        meeting = cp.Meeting(
            id="m9", date=dt.date(2026, 3, 1), attendees={"edna", "zed"}
        )
        found = ini.check(meeting)
        err = refused(lambda: ini.add_meeting(meeting))
        assert [str(p) for p in found] == [str(p) for p in err.problems]
        assert [p.code for p in found] == ["unknown_reference"]

    def test_nothing_to_report(self):
        """A record that could be added gives no problems, and is not added."""
        ini = cp.scenarios.load_bundled("oak_house_meals")
        meeting = cp.Meeting(id="m9", date=dt.date(2026, 3, 1), attendees={"edna"})
        assert ini.check(meeting) == ()
        assert "m9" not in [m.id for m in ini.meetings]
        ini.add_meeting(meeting)
        assert ini.meeting("m9") == meeting

    def test_not_a_record(self):
        """Something that is no record is a problem, not an exception."""
        ini = cp.Initiative(id="oak")
        (problem,) = ini.check("a meeting")
        assert (problem.path, problem.code, problem.input) == (
            "$",
            "wrong_type",
            "a meeting",
        )
        assert problem.message.startswith("expected a record (Stakeholder, Role, ")

    def test_snapshot_can_check(self):
        """A snapshot, which cannot change, can still be asked."""
        ini = cp.scenarios.load_bundled("oak_house_meals")
        still = ini.snapshot()
        aim = cp.Aim(
            id="more-curry",
            what="More curry",
            how_much="twice a month",
            for_whom="residents",
            by_when=dt.date(2026, 6, 1),
        )
        assert still.check(aim) == ()
        assert [p.code for p in still.check(attrs.evolve(aim, id="enjoy-meals"))] == [
            "duplicate_id"
        ]


class TestFromDict:
    def test_shape_and_reference_problems_together(self):
        """A wrong kind does not hide an unknown attendee, and both keep their places."""
        data = cp.to_dict(cp.scenarios.load_bundled("oak_house_meals"))
        data["stakeholders"][2]["kind"] = "nurse"
        data["meetings"][1]["attendees"].append("zed")
        data["decisions"][1]["level"] = "bogus"
        err = refused(lambda: cp.from_dict(cp.Initiative, data))
        assert listed(err) == [
            ("$.stakeholders[2].kind", "not_a_choice", "nurse"),
            ("$.decisions[1].level", "not_a_choice", "bogus"),
            ("$.meetings[1].attendees", "unknown_reference", "zed"),
        ]

    def test_references_to_refused_records_are_left_out(self):
        """A record refused for its shape is not reported again as unknown wherever it is named."""
        data = cp.to_dict(cp.scenarios.load_bundled("oak_house_meals"))
        data["stakeholders"][0]["kind"] = "nurse"  # edna, named all over
        err = refused(lambda: cp.from_dict(cp.Initiative, data))
        assert [p.path for p in err.problems] == ["$.stakeholders[0].kind"]

    def test_later_records_keep_their_index(self):
        """A reference problem after a refused record names its index in the document."""
        data = cp.to_dict(cp.scenarios.load_bundled("oak_house_meals"))
        data["meetings"][0]["date"] = "someday"
        data["meetings"][2]["attendees"].append("zed")
        err = refused(lambda: cp.from_dict(cp.Initiative, data))
        assert [(p.path, p.code) for p in err.problems] == [
            ("$.meetings[0].date", "wrong_type"),
            ("$.meetings[2].attendees", "unknown_reference"),
        ]


def sample_problems() -> list[ValidationError]:
    """Problems from each place paths are made: records, documents, files, replay, calls."""
    errors = []

    def catch(make):
        try:
            make()
        except ValidationError as err:
            errors.extend(err.problems)

    oak = cp.scenarios.load_bundled("oak_house_meals")
    data = cp.to_dict(oak)
    data["stakeholders"][2]["kind"] = "nurse"
    data["stakeholders"][3]["colour"] = "blue"
    data["meetings"][1]["attendees"].append("zed")
    data["population"] = {"age": {"65+": "many"}}
    catch(lambda: cp.from_dict(cp.Initiative, data))
    catch(lambda: cp.Decision(id="", title=5, level="bogus", rule="vote", affects=[3]))
    catch(lambda: cp.Meeting(id="m", date=dt.date(2026, 1, 1), apologies={"a b": 3}))
    catch(
        lambda: cp.load(
            "coproduction: 1\nid: x\nstakeholders: [{id: a, name: A, kind: bogus}]\n"
        )
    )
    events = [e.to_dict() for e in oak.cycle("curry-1").events]
    events[1]["payload"]["objective"] = 5
    catch(lambda: cp.Cycle.replay(events))
    events = [e.to_dict() for e in oak.cycle("curry-1").events]
    events[1]["payload"]["predictions"][0]["weight"] = 2
    catch(lambda: cp.Cycle.replay(events))
    catch(
        lambda: cp.Cycle(id="c", change_idea="x").plan(
            by=["a"], objective=5, predictions=[]
        )
    )
    catch(lambda: cp.xmr([1, "x", 3]))
    errors.extend(
        oak.check(cp.Meeting(id="m1", date=dt.date(2026, 1, 1), attendees={"zed"}))
    )
    return errors


class TestOnePathStyle:
    def test_every_path_has_one_style(self):
        """Fields as `.name`, items as `[0]`, mapping keys as `['key']`: everywhere."""
        problems = sample_problems()
        assert len(problems) >= 15
        odd = [p.path for p in problems if not PATH.match(p.path)]
        assert odd == []

    def test_replay_and_live_calls_agree(self):
        """Replay names a payload's key as the live call names its argument, under the event."""
        oak = cp.scenarios.load_bundled("oak_house_meals")
        events = [e.to_dict() for e in oak.cycle("curry-1").events]
        events[1]["payload"]["objective"] = 5
        err = refused(lambda: cp.Cycle.replay(events))
        assert listed(err) == [("$.events[1].payload['objective']", "wrong_type", 5)]


class NotAValue:
    """A value no field accepts, whose repr is stable."""

    def __repr__(self) -> str:
        return "NotAValue()"


RECORDS = [
    cp.Stakeholder,
    cp.Meeting,
    cp.Decision,
    cp.Contribution,
    cp.Option,
    cp.Feedback,
    cp.Response,
    cp.CarePlan,
    cp.Aim,
    cp.Driver,
    cp.ChangeIdea,
    cp.Measure,
    cp.Observation,
]


class TestEveryRecord:
    @settings(max_examples=40)
    @given(initiatives(), st.data())
    def test_a_wrong_field_is_named(self, ini, data):
        """In any record, a field given a value it cannot take is refused at that field."""
        records = [
            r
            for r in (*ini.stakeholders, *ini.meetings, *ini.decisions, *ini.feedback)
            if type(r) in RECORDS
        ]
        if not records:
            return
        record = data.draw(st.sampled_from(records))
        names = [
            f.name
            for f in attrs.fields(type(record))
            if f.init and (f.validator is not None or f.converter is not None)
        ]
        name = data.draw(st.sampled_from(names))
        fields = {
            f.alias: getattr(record, f.name)
            for f in attrs.fields(type(record))
            if f.init
        }
        err = refused(lambda: type(record)(**{**fields, name: NotAValue()}))
        assert [p.path.startswith(f"$.{name}") for p in err.problems] == [True]
        assert err.problems[0].code in documented_codes()

    def test_every_record_class_collects(self):
        """Each public record class is built with `collecting`."""
        for cls in RECORDS:
            assert cls.__init__.__wrapped__ is not None, cls.__name__
