"""The influence picture as SVG: one shape per node and edge, the same bytes every time."""

import datetime as dt
import itertools
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings

import coproduction as cp
from coproduction.present.svg import PERSPECTIVE_COLOURS
from coproduction.testing import initiatives

NS = {"svg": "http://www.w3.org/2000/svg"}
SCENARIOS = cp.scenarios.list_bundled()
XSS = "<script>alert(1)</script>"
BREAKOUT = '"><img src=x onerror=alert(1)>'


def svg_root(svg):
    """The parsed picture; parsing fails on anything that is not well-formed XML."""
    return ET.fromstring(svg)  # noqa: S314 - our own output, parsed to check it


def groups(root, kind):
    """The <g> elements whose class names `kind` (cp-person, cp-represents, ...)."""
    return [
        g
        for g in root.iter("{http://www.w3.org/2000/svg}g")
        if kind in g.get("class", "").split()
    ]


def titles(root, kind):
    return [g.find("svg:title", NS).text for g in groups(root, kind)]


def small(name="Alice Brown", title="Curry night"):
    """Alice proposes, Fay supports for Bert, Mo decides: every kind of edge."""
    return cp.Initiative(
        id="oak",
        title="Mealtimes at Oak House",
        stakeholders=[
            cp.Stakeholder(id="alice", name=name),
            cp.Stakeholder(id="bert", name="Bert Cole"),
            cp.Stakeholder(
                id="fay", name="Fay Cole", kind="family_carer", represents={"bert"}
            ),
            cp.Stakeholder(id="mo", name="Mo Patel", kind="manager"),
        ],
        decisions=[
            cp.Decision(
                id="d1",
                title=title,
                date=dt.date(2026, 1, 10),
                affects={"alice", "bert"},
                level="co_producing",
                rule="single_decider",
                contributions=[
                    cp.Contribution(by="alice", action="proposed", adopted=True),
                    cp.Contribution(by="fay", action="supported", on_behalf_of="bert"),
                    cp.Contribution(by="mo", action="decided"),
                ],
            )
        ],
    )


def large(people=60, decisions=100):
    """Many people, many decisions, each decision shaped by a few of them."""
    kinds = ["person", "family_carer", "care_worker", "advocate"]
    return cp.Initiative(
        id="big",
        title="A large initiative",
        stakeholders=[
            cp.Stakeholder(id=f"p{n:02}", name=f"Person {n}", kind=kinds[n % 4])
            for n in range(people)
        ],
        decisions=[
            cp.Decision(
                id=f"d{n:03}",
                title=f"Decision number {n}",
                date=dt.date(2026, 1, 1) + dt.timedelta(days=n),
                level="consulting",
                rule="consensus",
                contributions=[
                    cp.Contribution(by=f"p{(n + k) % people:02}", action="proposed")
                    for k in range(3)
                ],
            )
            for n in range(decisions)
        ],
    )


class TestInfluenceSvg:
    def test_exported(self):
        """The picture is at the top level and in coproduction.present."""
        assert cp.influence_svg is cp.present.influence_svg

    @pytest.mark.parametrize("name", SCENARIOS)
    def test_counts_match_the_graph(self, name):
        """One shape per person, per decision and per edge of each relation."""
        ini = cp.scenarios.load_bundled(name)
        graph = cp.influence_graph(ini)
        root = svg_root(cp.influence_svg(ini))
        kinds = Counter(kind for _, kind in graph.nodes(data="type"))
        assert len(groups(root, "cp-person")) == kinds["stakeholder"]
        assert len(groups(root, "cp-decision")) == kinds["decision"]
        relations = Counter(r for _, _, r in graph.edges(data="relation"))
        for relation in ("contribution", "representation", "represents"):
            assert len(groups(root, f"cp-{relation}")) == relations[relation]
        assert len(groups(root, "cp-edge")) == graph.number_of_edges()

    def test_small_exactly(self):
        """Each node's title gives its name and id; each kind of edge is drawn its way."""
        root = svg_root(cp.influence_svg(small()))
        assert titles(root, "cp-person") == [
            "Alice Brown (alice), lived experience",
            "Bert Cole (bert), lived experience",
            "Fay Cole (fay), carer",
            "Mo Patel (mo), professional",
        ]
        assert titles(root, "cp-decision") == ["Curry night (d1)"]
        dashed = [
            shape.get("stroke-dasharray")
            for kind in ("cp-represents", "cp-representation")
            for g in groups(root, kind)
            for shape in g
        ]
        assert dashed == ["5 3", "5 3"]
        thin = {
            line.get("stroke-width")
            for g in groups(root, "cp-contribution")
            for line in g.findall("svg:line", NS)[:1]
        }
        assert thin == {"1"}
        assert root.find("svg:title", NS).text == (
            "Who shaped which decision: Mealtimes at Oak House"
        )

    def test_edge_width_follows_influence(self):
        """A wider line means a larger share of the decision's influence."""
        ini = small()
        graph = cp.influence_graph(ini)
        root = svg_root(cp.influence_svg(ini))
        shares = sorted(
            d["influence"]
            for _, _, d in graph.edges(data=True)
            if d["relation"] == "contribution" and d["influence"] > 0
        )
        widths = sorted(
            float(g.findall("svg:line", NS)[1].get("stroke-width"))
            for g in groups(root, "cp-contribution")
            if len(g.findall("svg:line", NS)) == 2
        )
        assert len(widths) == len(shares) > 0
        assert widths == [round(0.8 + 7 * s, 2) for s in shares]

    def test_people_coloured_by_perspective(self):
        """Each person's circle is in their perspective's colour, as in the legend."""
        root = svg_root(cp.influence_svg(small()))
        fills = [
            g.find("svg:circle", NS).get("fill") for g in groups(root, "cp-person")
        ]
        assert fills == [
            PERSPECTIVE_COLOURS[cp.Perspective.LIVED_EXPERIENCE],
            PERSPECTIVE_COLOURS[cp.Perspective.LIVED_EXPERIENCE],
            PERSPECTIVE_COLOURS[cp.Perspective.CARER],
            PERSPECTIVE_COLOURS[cp.Perspective.PROFESSIONAL],
        ]
        legend = [t.text for t in groups(root, "cp-legend")[0].findall("svg:text", NS)]
        assert legend == [
            "lived experience",
            "carer",
            "professional",
            "advocacy",
            "decision",
            "influence (wider is more)",
            "voice",
            "representation",
        ]

    @pytest.mark.parametrize("name", SCENARIOS)
    def test_same_bytes(self, name):
        """The same initiative, loaded twice, draws to the same text."""
        first = cp.influence_svg(cp.scenarios.load_bundled(name))
        assert first == cp.influence_svg(cp.scenarios.load_bundled(name))

    @pytest.mark.parametrize("evil", [XSS, BREAKOUT, "a & b\x1b[31m\nred"])
    def test_escapes_names_and_titles(self, evil):
        """A name or title that is markup stays text, and the SVG stays well formed."""
        svg = cp.influence_svg(small(name=evil, title=evil))
        assert "<script" not in svg
        assert "<img" not in svg
        assert "\x1b" not in svg
        root = svg_root(svg)
        clean = " ".join(evil.replace("\x1b", " ").split())
        assert titles(root, "cp-person")[0] == f"{clean} (alice), lived experience"
        assert titles(root, "cp-decision") == [f"{clean} (d1)"]

    def test_large_is_readable(self):
        """At 60 people and 100 decisions every row has room for its label."""
        ini = large()
        root = svg_root(cp.influence_svg(ini))
        assert len(groups(root, "cp-person")) == 60
        assert len(groups(root, "cp-decision")) == 100
        ys = sorted(
            float(g.find("svg:rect", NS).get("y")) for g in groups(root, "cp-decision")
        )
        assert min(b - a for a, b in itertools.pairwise(ys)) >= 18
        width, height = (float(v) for v in root.get("viewBox").split()[2:])
        assert (width, height) == (760, 96 + 100 * 20 + 16)

    def test_empty_initiative(self):
        """An initiative with no one in it still draws a legend and no nodes."""
        root = svg_root(cp.influence_svg(cp.Initiative(id="empty")))
        assert groups(root, "cp-node") == []
        assert len(groups(root, "cp-legend")) == 1

    @settings(
        max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )
    @given(initiatives())
    def test_any_initiative(self, ini):
        """Any consistent initiative draws to well-formed SVG with a node per record."""
        svg = cp.influence_svg(ini)
        root = svg_root(svg)
        assert len(groups(root, "cp-person")) == len(ini.stakeholders)
        assert len(groups(root, "cp-decision")) == len(ini.decisions)
        assert svg == cp.influence_svg(ini)
