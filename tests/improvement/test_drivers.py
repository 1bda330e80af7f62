"""Tests for `coproduction.improvement.drivers`: aims, drivers, change ideas, the diagram."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest

from coproduction.errors import ValidationError
from coproduction.improvement import drivers
from coproduction.improvement.drivers import (
    Aim,
    ChangeIdea,
    Driver,
    DriverKind,
    driver_diagram,
)

AIM = Aim(
    id="meals",
    what="Residents enjoy their meals",
    how_much="from 62% to 80% satisfied",
    for_whom="residents of Oak House",
    by_when=dt.date(2026, 12, 31),
)
CHOICE = Driver(id="choice", title="Residents choose", kind="primary", aim="meals")
SOCIAL = Driver(id="social", title="Meals are social", kind="primary", aim="meals")
MEETINGS = Driver(
    id="meetings", title="Menu meetings", kind="secondary", feeds={"choice", "social"}
)
CURRY = ChangeIdea(id="curry", title="Curry night", feeds={"meetings"})


def secondary(id, *feeds):
    return Driver(id=id, title=id.upper(), kind="secondary", feeds=set(feeds))


def refusal(call):
    with pytest.raises(ValidationError) as info:
        call()
    return str(info.value)


class TestAim:
    def test_fields(self):
        """An aim says what, how much, for whom and by when."""
        assert (AIM.what, AIM.how_much, AIM.for_whom, AIM.by_when.year) == (
            "Residents enjoy their meals",
            "from 62% to 80% satisfied",
            "residents of Oak House",
            2026,
        )

    def test_refuses_datetime_deadline(self):
        """`by_when` is a date."""
        assert refusal(
            lambda: Aim(id="a", what="w", how_much="h", for_whom="f", by_when="2026")
        ) == ("$.by_when: expected a date (YYYY-MM-DD), got str '2026'")

    def test_keyword_only(self):
        """Fields are given by name."""
        with pytest.raises(TypeError):
            Aim("a", "w", "h", "f", dt.date(2026, 1, 1))


class TestDriver:
    def test_kinds(self):
        """Kinds are "primary" and "secondary", and strings are accepted."""
        assert [k.value for k in DriverKind] == ["primary", "secondary"]
        assert CHOICE.kind is DriverKind.PRIMARY
        assert MEETINGS.feeds == frozenset({"choice", "social"})

    def test_primary_needs_aim(self):
        """A primary driver names the aim it drives."""
        assert refusal(lambda: Driver(id="p", title="P", kind="primary")) == (
            "$.aim: a primary driver needs the id of the aim it drives"
        )

    def test_primary_feeds_nothing(self):
        """A primary driver drives its aim, not other drivers."""
        assert refusal(
            lambda: Driver(id="p", title="P", kind="primary", aim="a", feeds={"x"})
        ) == (
            "$.feeds: a primary driver drives its aim, not other drivers; got feeds ['x']"
        )

    def test_secondary_has_no_aim(self):
        """A secondary driver moves drivers, not an aim."""
        assert refusal(
            lambda: Driver(id="s", title="S", kind="secondary", aim="a", feeds={"p"})
        ) == (
            "$.aim: a secondary driver moves other drivers, not an aim; got aim 'a' "
            "(name its drivers in feeds)"
        )

    def test_secondary_needs_feeds(self):
        """A secondary driver names at least one driver it moves."""
        assert refusal(lambda: Driver(id="s", title="S", kind="secondary")) == (
            "$.feeds: a secondary driver needs the ids of the drivers it moves"
        )

    def test_refuses_unknown_kind(self):
        """An unknown kind is refused with the allowed values."""
        assert refusal(
            lambda: Driver(id="s", title="S", kind="tertiary", feeds={"p"})
        ) == (
            "$.kind: 'tertiary' is not a DriverKind; choose one of 'primary', 'secondary'"
        )

    def test_refuses_lone_string_feeds(self):
        """A lone string is not taken for a set of its letters."""
        assert refusal(
            lambda: Driver(id="s", title="S", kind="secondary", feeds="choice")
        ) == (
            "$.feeds: expected a set of ids, got the single string 'choice'; write ['choice']"
        )


class TestChangeIdea:
    def test_defaults(self):
        """A change idea may come without a description or drivers yet."""
        idea = ChangeIdea(id="curry", title="Curry night")
        assert (idea.description, idea.feeds) == ("", frozenset())

    def test_refuses_bad_feeds(self):
        """Feeds hold ids."""
        assert refusal(lambda: ChangeIdea(id="c", title="C", feeds={3})) == (
            "$.feeds: expected ids (non-empty strings), got int 3"
        )


class TestDriverDiagram:
    def test_nodes_and_edges(self):
        """Edges point from change ideas through drivers to the aim."""
        g = driver_diagram([AIM], [CHOICE, SOCIAL, MEETINGS], [CURRY])
        assert isinstance(g, nx.DiGraph)
        assert sorted(g.edges) == [
            ("choice", "meals"),
            ("curry", "meetings"),
            ("meetings", "choice"),
            ("meetings", "social"),
            ("social", "meals"),
        ]
        assert {n: g.nodes[n]["kind"] for n in g} == {
            "meals": "aim",
            "choice": "primary",
            "social": "primary",
            "meetings": "secondary",
            "curry": "change_idea",
        }
        assert g.nodes["meals"]["title"] == "Residents enjoy their meals"
        assert g.nodes["curry"]["record"] is CURRY

    def test_is_acyclic(self):
        """The diagram is a DAG: every change idea leads to the aim."""
        g = driver_diagram([AIM], [CHOICE, SOCIAL, MEETINGS], [CURRY])
        assert nx.is_directed_acyclic_graph(g)
        assert nx.has_path(g, "curry", "meals")

    def test_unlinked_change_idea(self):
        """A change idea that feeds nothing yet is a node without edges."""
        g = driver_diagram([AIM], [CHOICE], [ChangeIdea(id="later", title="Later")])
        assert g.degree("later") == 0

    def test_change_idea_may_feed_a_primary(self):
        """A change idea may move a primary driver directly."""
        g = driver_diagram(
            [AIM], [CHOICE], [ChangeIdea(id="c", title="C", feeds={"choice"})]
        )
        assert list(g.successors("c")) == ["choice"]

    def test_empty(self):
        """No records make an empty diagram."""
        assert driver_diagram([], []).number_of_nodes() == 0

    def test_unknown_aim(self):
        """A primary driver must drive a known aim."""
        bad = Driver(id="p", title="P", kind="primary", aim="meal")
        assert refusal(lambda: driver_diagram([AIM], [CHOICE, bad])) == (
            "$.drivers[1].aim: unknown aim 'meal'"
        )

    def test_unknown_driver_fed_by_driver(self):
        """A secondary driver must feed known drivers."""
        assert refusal(
            lambda: driver_diagram([AIM], [CHOICE, secondary("s", "x")])
        ) == ("$.drivers[1].feeds: unknown driver 'x'")

    def test_unknown_driver_fed_by_change_idea(self):
        """A change idea must feed known drivers; an aim is not a driver."""
        idea = ChangeIdea(id="c", title="C", feeds={"meals"})
        assert refusal(lambda: driver_diagram([AIM], [CHOICE], [CURRY, idea])) == (
            "$.change_ideas[0].feeds: unknown driver 'meetings'"
        )
        assert refusal(lambda: driver_diagram([AIM], [CHOICE], [idea])) == (
            "$.change_ideas[0].feeds: unknown driver 'meals'"
        )

    def test_loop(self):
        """Drivers that feed each other in a loop are refused, naming the loop."""
        loop = [
            CHOICE,
            secondary("s1", "s2", "choice"),
            secondary("s2", "s3"),
            secondary("s3", "s1"),
        ]
        assert refusal(lambda: driver_diagram([AIM], loop)) == (
            "$.drivers[1].feeds: drivers feed each other in a loop: "
            "'s1' -> 's2' -> 's3' -> 's1' (read 'a -> b' as 'a feeds b')"
        )

    def test_loop_named_from_first_record(self):
        """The loop is named from the record that comes first, wherever it is found."""
        loop = [
            CHOICE,
            secondary("s3", "s1"),
            secondary("s1", "s2"),
            secondary("s2", "s3"),
        ]
        assert refusal(lambda: driver_diagram([AIM], loop)) == (
            "$.drivers[1].feeds: drivers feed each other in a loop: "
            "'s3' -> 's1' -> 's2' -> 's3' (read 'a -> b' as 'a feeds b')"
        )

    def test_self_loop(self):
        """A driver that feeds itself is a loop of one."""
        assert refusal(
            lambda: driver_diagram([AIM], [CHOICE, secondary("s", "s")])
        ) == (
            "$.drivers[1].feeds: drivers feed each other in a loop: "
            "'s' -> 's' (read 'a -> b' as 'a feeds b')"
        )

    def test_duplicate_id(self):
        """Ids are unique across aims, drivers and change ideas."""
        clash = secondary("meals", "choice")
        assert refusal(lambda: driver_diagram([AIM], [CHOICE, clash])) == (
            "$.drivers[1].id: duplicate id 'meals'; $.aims[0] has it already"
        )

    def test_wrong_record(self):
        """Each argument holds records of its own kind."""
        assert refusal(lambda: driver_diagram([AIM], [AIM])) == (
            "$.drivers[0]: expected Driver, got Aim " + repr(AIM)
        )

    def test_in_all(self):
        """The public names are in `__all__`."""
        assert drivers.__all__ == [
            "Aim",
            "ChangeIdea",
            "Driver",
            "DriverKind",
            "driver_diagram",
        ]
