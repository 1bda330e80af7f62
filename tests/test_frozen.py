"""Records cannot be changed behind the initiative's back: their mappings are frozen.

Issue 12: a "frozen" record held a plain dict, so ``person.characteristics["ethnicity"]
= "x"`` changed the initiative that held the person, and no record could be hashed.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import pickle
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coproduction as cp
from coproduction._fields import FrozenDict, FrozenList, freeze
from coproduction._records import TABLE
from coproduction.improvement import Event
from coproduction.model.votes import Count
from coproduction.present.report import to_json_data
from coproduction.testing import initiatives

AT = dt.datetime(2026, 2, 1, 9, tzinfo=dt.UTC)


def _oak() -> cp.Initiative:
    return cp.scenarios.load_bundled("oak_house_meals")


# The defect from the issue.


def test_changing_a_characteristic_is_refused_and_the_initiative_is_unchanged() -> None:
    ini = cp.Initiative(id="oak")
    ini.add_stakeholder(
        cp.Stakeholder(id="alice", name="Alice", characteristics={"ethnicity": "a"})
    )
    before = cp.to_dict(ini)
    person = ini.stakeholders[0]
    with pytest.raises(TypeError, match="does not support item assignment"):
        person.characteristics["ethnicity"] = "x"  # type: ignore[index]
    assert person.characteristics == {"ethnicity": "a"}
    assert cp.to_dict(ini) == before


def test_a_stakeholder_hashes() -> None:
    a = cp.Stakeholder(id="alice", name="Alice", characteristics={"age": "80s"})
    b = cp.Stakeholder(id="alice", name="Alice", characteristics={"age": "80s"})
    assert a == b
    assert hash(a) == hash(b)
    assert len({a, b}) == 1


# Each mapping field of each record refuses a change and stays as it was.


def _records() -> list[tuple[object, str, str]]:
    """A record, the name of a mapping field of it, and a key in that mapping."""
    meeting = cp.Meeting(
        id="m1", date=dt.date(2026, 1, 10), apologies={"bea": "ill"}, invited={"bea"}
    )
    decision = cp.Decision(
        id="d1",
        title="Move",
        level="consulting",
        affects={"alice"},
        capacity={"alice": "lacks"},
        contributions=[cp.Contribution(by="alice", action="spoke")],
    )
    event = Event(
        kind="done",
        at=AT,
        by={"alice"},
        payload={"notes": "x", "start": "2026-02-01"},
        version=3,
    )
    finding = cp.Finding(
        kind="access_unmet",
        severity="concern",
        subjects=("edna",),
        evidence={"needs": ["bsl"], "shares": {"a": 0.5}},
        message="m",
        theme="inclusivity_and_diversity",
    )
    return [
        (
            cp.Stakeholder(id="a", name="A", characteristics={"age": "80s"}),
            "characteristics",
            "age",
        ),
        (meeting, "apologies", "bea"),
        (decision, "capacity", "alice"),
        (Count("carried", frozenset(), {"for": 3, "against": 1}), "tally", "for"),
        (event, "payload", "notes"),
        (finding, "evidence", "needs"),
        (cp.find_imbalances(_oak()), "summary", "influence_shares"),
    ]


@pytest.mark.parametrize(
    ("record", "name", "key"),
    _records(),
    ids=lambda v: type(v).__name__ if attrs.has(type(v)) else str(v),
)
def test_every_mapping_field_refuses_a_change(record: Any, name: str, key: str) -> None:
    mapping = getattr(record, name)
    before = pickle.dumps(record)
    assert isinstance(mapping, FrozenDict)
    with pytest.raises(TypeError, match="does not support item assignment"):
        mapping[key] = "changed"
    with pytest.raises(TypeError, match="does not support item deletion"):
        del mapping[key]
    with pytest.raises(AttributeError):
        mapping.update({key: "changed"})
    with pytest.raises(AttributeError):
        mapping.clear()
    with pytest.raises(AttributeError, match="'FrozenDict' object is immutable"):
        mapping._items = {}
    assert pickle.dumps(record) == before
    hash(record)


def test_nested_plain_data_is_frozen_too() -> None:
    finding = _records()[5][0]
    assert isinstance(finding, cp.Finding)
    assert isinstance(finding.evidence["needs"], FrozenList)
    assert isinstance(finding.evidence["shares"], FrozenDict)
    with pytest.raises(AttributeError):
        finding.evidence["needs"].append("x")
    with pytest.raises(TypeError, match="does not support item assignment"):
        finding.evidence["shares"]["a"] = 1.0
    assert finding.evidence == {"needs": ["bsl"], "shares": {"a": 0.5}}


def test_a_decision_in_an_initiative_keeps_its_capacity() -> None:
    ini = _oak()
    before = cp.to_dict(ini)
    for decision in ini.decisions:
        with pytest.raises(TypeError):
            decision.capacity["edna"] = cp.Capacity.LACKS  # type: ignore[index]
    for meeting in ini.meetings:
        with pytest.raises(TypeError):
            meeting.apologies["edna"] = "ill"  # type: ignore[index]
    assert cp.to_dict(ini) == before


# An event's payload: frozen, yet equal to the plain data it was given.


def test_an_event_payload_equals_plain_dicts_and_lists() -> None:
    event = Event(
        kind="planned",
        at=AT,
        by={"alice"},
        payload={"notes": "x", "tasks": ["a"], "n": {"k": [1, 2]}},
        version=2,
    )
    assert event.payload == {"notes": "x", "tasks": ["a"], "n": {"k": [1, 2]}}
    assert event.payload == {"notes": "x", "tasks": ["a"], "n": {"k": [1, 2]}}
    assert event.payload["tasks"] == ["a"]
    assert event.payload["tasks"] == ["a"]
    assert event.payload != {"notes": "x", "tasks": ["b"], "n": {"k": [1, 2]}}
    assert repr(event.payload) == "{'notes': 'x', 'tasks': ['a'], 'n': {'k': [1, 2]}}"
    plain = event.to_dict()["payload"]
    assert plain == {"notes": "x", "tasks": ["a"], "n": {"k": [1, 2]}}
    assert type(plain) is dict
    assert type(plain["tasks"]) is list
    assert type(plain["n"]) is dict
    assert type(plain["n"]["k"]) is list
    assert Event.from_dict(event.to_dict()) == event
    assert hash(Event.from_dict(event.to_dict())) == hash(event)
    json.dumps(event.to_dict())


def test_a_cycle_event_cannot_be_changed_through_its_payload() -> None:
    cycles = _oak().cycles
    before = [e.to_dict() for e in cycles[0].events]
    first = cycles[0].events[0]
    with pytest.raises(TypeError):
        first.payload["cycle"] = "other"  # type: ignore[index]
    assert [e.to_dict() for e in cycles[0].events] == before


# The frozen types themselves.


def test_frozen_dict_equals_a_dict_both_ways_and_unequal_to_others() -> None:
    d = FrozenDict({"a": 1})
    assert d == {"a": 1}
    assert d == {"a": 1}
    assert d != {"a": 2}
    assert d != {"a": 2}
    assert d != [("a", 1)]
    assert d != "a"
    assert d == FrozenDict(a=1)
    assert repr(d) == "{'a': 1}"
    assert repr(FrozenDict()) == "{}"
    assert d | {"b": 2} == {"a": 1, "b": 2}
    assert isinstance(d | {"b": 2}, FrozenDict)
    assert d == {"a": 1}  # `|` made a copy


def test_frozen_list_equals_a_list_both_ways() -> None:
    tasks = FrozenList(["a", "b"])
    assert tasks == ["a", "b"]
    assert tasks == ["a", "b"]
    assert tasks != ["a"]
    assert tasks != ["b", "a"]
    assert tasks == ("a", "b")
    assert hash(tasks) == hash(("a", "b"))
    assert repr(tasks) == "['a', 'b']"
    assert json.dumps({"tasks": tasks}) == '{"tasks": ["a", "b"]}'


def test_freeze_keeps_tuples_as_tuples_and_freezes_sets() -> None:
    frozen = freeze({"pair": ("a", ["b"]), "seen": {"mo"}, "n": 1})
    assert type(frozen["pair"]) is tuple
    assert type(frozen["pair"][1]) is FrozenList
    assert frozen["seen"] == frozenset({"mo"})
    assert type(frozen["seen"]) is frozenset


@given(
    st.dictionaries(
        st.text(max_size=4),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=4),
            lambda inner: (
                st.lists(inner, max_size=3)
                | st.dictionaries(st.text(max_size=4), inner, max_size=3)
            ),
            max_leaves=8,
        ),
        max_size=4,
    )
)
def test_freezing_plain_data_keeps_it_equal_and_makes_it_hashable(
    data: dict[str, Any],
) -> None:
    frozen = freeze(data)
    assert frozen == data
    assert data == frozen
    assert freeze(copy.deepcopy(data)) == frozen
    assert hash(freeze(copy.deepcopy(data))) == hash(frozen)
    assert pickle.loads(pickle.dumps(frozen)) == frozen
    assert (
        json.loads(
            json.dumps(
                cp.Event(kind="done", at=AT, payload=data, version=3).to_dict()[
                    "payload"
                ]
            )
        )
        == data
    )


# Every record hashes, pickles and round-trips.


def _every_record(ini: cp.Initiative) -> list[object]:
    records: list[object] = []
    for row in TABLE:
        if row.field != "cycles":
            records.extend(getattr(ini, row.field))
    for cycle in ini.cycles:
        records.extend(cycle.events)
    for decision in ini.decisions:
        records.extend(decision.contributions)
        records.extend(decision.options)
    for plan in ini.care_plans:
        records.extend(plan.items)
    return records


@settings(max_examples=25, deadline=None)
@given(initiatives(max_people=4, max_decisions=3))
def test_every_record_hashes_and_equal_records_hash_equal(ini: cp.Initiative) -> None:
    for record in _every_record(ini):
        twin = (
            cp.from_dict(type(record), cp.to_dict(record))
            if not isinstance(record, Event)
            else Event.from_dict(record.to_dict())
        )
        assert twin == record
        assert hash(twin) == hash(record)
        assert pickle.loads(pickle.dumps(record)) == record
        assert hash(pickle.loads(pickle.dumps(record))) == hash(record)
    report = cp.find_imbalances(ini)
    for finding in report:
        assert hash(finding) == hash(copy.deepcopy(finding))
    json.dumps(to_json_data(report, ini))


@settings(max_examples=25, deadline=None)
@given(initiatives(max_people=4, max_decisions=3))
def test_round_trips_are_unchanged(ini: cp.Initiative) -> None:
    assert cp.from_dict(cp.Initiative, cp.to_dict(ini)) == ini
    assert cp.loads(cp.dumps(ini)) == ini
    json.dumps(cp.to_dict(ini))


@pytest.mark.parametrize("name", ["oak_house_meals", "person_centred_care_plan"])
def test_a_report_is_plain_json_data(name: str) -> None:
    ini = cp.scenarios.load_bundled(name)
    report = cp.find_imbalances(ini)
    data = to_json_data(report, ini)
    assert json.loads(json.dumps(data)) == data
