import io

import networkx as nx
import pytest
from hypothesis import given, settings

import coproduction as cp
from coproduction.analysis.graph import decision_node, stakeholder_node
from coproduction.testing import initiatives

STAKEHOLDER_KEYS = {
    "type",
    "id",
    "name",
    "kind",
    "perspective",
    "access_needs",
    "roles",
    "votes",
    "veto",
    "lived_experience",
    "voice",
    "influence",
}
DECISION_KEYS = {
    "type",
    "id",
    "title",
    "stated_level",
    "observed_level",
    "rule",
    "scope",
    "result",
    "chosen",
    "meeting",
    "date",
}


@pytest.fixture
def ini() -> cp.Initiative:
    return cp.Initiative(
        id="x",
        stakeholders=[
            cp.Stakeholder(id="rhys", name="Rhys"),
            cp.Stakeholder(
                id="bethan", name="Bethan", kind="advocate", represents={"rhys"}
            ),
            cp.Stakeholder(
                id="mo",
                name="Mo",
                kind="manager",
                access_needs={"large_print", "easy_read"},
            ),
        ],
        roles=[cp.Role(id="chair", votes=2, veto=True)],
        memberships=[cp.Membership(stakeholder="mo", role="chair")],
        decisions=[
            cp.Decision(
                id="rhys",  # the same id as a stakeholder: node keys keep them apart
                rule="single_decider",
                title="Day service",
                level="co_designing",
                contributions=[
                    cp.Contribution(
                        by="bethan",
                        action="proposed",
                        adopted=True,
                        on_behalf_of="rhys",
                    ),
                    cp.Contribution(by="mo", action="decided"),
                ],
            )
        ],
    )


class TestInfluenceGraph:
    def test_graph_attributes(self, ini):
        """The graph names its initiative and the library version that built it."""
        assert cp.influence_graph(ini).graph == {
            "id": ini.id,
            "title": ini.title,
            "coproduction_version": cp.__version__,
        }

    def test_nodes(self, ini):
        """Stakeholders and decisions are nodes with the documented attributes."""
        g = cp.influence_graph(ini)
        assert set(g.nodes) == {
            "stakeholder/rhys",
            "stakeholder/bethan",
            "stakeholder/mo",
            "decision/rhys",
        }
        assert set(g.nodes[stakeholder_node("mo")]) == STAKEHOLDER_KEYS
        assert set(g.nodes[decision_node("rhys")]) == DECISION_KEYS
        mo = g.nodes[stakeholder_node("mo")]
        assert (mo["roles"], mo["votes"], mo["veto"], mo["access_needs"]) == (
            "chair",
            2,
            True,
            "easy_read,large_print",
        )
        d = g.nodes[decision_node("rhys")]
        assert (d["stated_level"], d["observed_level"], d["date"]) == (
            "co_designing",
            "co_designing",
            "",
        )

    def test_edges(self, ini):
        """Contributions are credited to the person represented; the advocate keeps an edge too."""
        g = cp.influence_graph(ini)
        edges = sorted(
            (u, v, a["relation"], round(a.get("weight", -1), 4))
            for u, v, a in g.edges(data=True)
        )
        assert edges == [
            ("stakeholder/bethan", "decision/rhys", "representation", 0.0),
            ("stakeholder/bethan", "stakeholder/rhys", "represents", 0.0),
            ("stakeholder/mo", "decision/rhys", "contribution", 0.4286),
            ("stakeholder/rhys", "decision/rhys", "contribution", 0.5714),
        ]

    def test_options(self):
        """A proposer of an option gets an edge for it; the chosen one counts as adopted."""
        people = [cp.Stakeholder(id=i, name=i.title()) for i in ("ann", "bob")]
        d = cp.Decision(
            id="paint",
            title="Lounge colour",
            level="co_producing",
            rule="majority",
            options=[
                cp.Option(id="sage", proposed_by={"ann"}),
                cp.Option(id="teal", proposed_by={"bob"}),
            ],
            contributions=[
                cp.Contribution(by="ann", action="voted_for", option="sage"),
                cp.Contribution(by="bob", action="voted_for", option="sage"),
            ],
        )
        g = cp.influence_graph(
            cp.Initiative(id="x", stakeholders=people, decisions=[d])
        )
        proposals = sorted(
            (
                u,
                a["option"],
                a["adopted"],
                round(a["voice"], 4),
                round(a["influence"], 4),
            )
            for u, _, a in g.edges(data=True)
            if a["action"] == "proposed"
        )
        assert proposals == [
            ("stakeholder/ann", "sage", True, 0.3333, 0.6667),
            ("stakeholder/bob", "teal", False, 0.3333, 0.0),
        ]
        assert g.nodes["decision/paint"]["chosen"] == "sage"
        assert g.nodes["decision/paint"]["result"] == "carried"

    @settings(max_examples=30)  # each example builds a whole initiative and its graph
    @given(initiatives())
    def test_out_degree_is_influence(self, ini):
        """Each stakeholder's weighted out-degrees are their influence and their voice."""
        g = cp.influence_graph(ini)
        influence = cp.influence_by_stakeholder(ini)
        voice = cp.voice_by_stakeholder(ini)
        for person, amount in influence.items():
            node = stakeholder_node(person)
            assert g.out_degree(node, weight="weight") == pytest.approx(amount)
            assert g.out_degree(node, weight="influence") == pytest.approx(amount)
            assert g.out_degree(node, weight="voice") == pytest.approx(voice[person])
            assert g.nodes[node]["influence"] == pytest.approx(amount)

    @settings(max_examples=30)
    @given(initiatives())
    def test_graphml(self, ini):
        """The graph can be written as GraphML and read back with the same shape."""
        g = cp.influence_graph(ini)
        buffer = io.BytesIO()
        nx.write_graphml(g, buffer)
        back = nx.read_graphml(io.BytesIO(buffer.getvalue()), force_multigraph=True)
        assert set(back.nodes) == set(g.nodes)
        assert back.number_of_edges() == g.number_of_edges()
