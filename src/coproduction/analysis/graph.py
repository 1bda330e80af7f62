"""The influence graph: who shaped which decision, and who speaks for whom, as networkx.

Node keys are ``"stakeholder/<id>"`` and ``"decision/<id>"`` (a stakeholder and a decision
may share an id). Every attribute is a string, number or boolean, so the graph can be
written with `networkx.write_graphml` as it is. The schema is on the docs page
"The influence graph".
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from coproduction.analysis.formal import voting_game
from coproduction.analysis.participation import (
    contribution_weights,
    credited,
    influence_by_stakeholder,
    observed_level,
)
from coproduction.initiative import Initiative

__all__ = ["decision_node", "driver_diagram", "influence_graph", "stakeholder_node"]


def stakeholder_node(id: str) -> str:
    """The key of a stakeholder's node.

    Examples:
        >>> stakeholder_node("alice")
        'stakeholder/alice'
    """
    return f"stakeholder/{id}"


def decision_node(id: str) -> str:
    """The key of a decision's node.

    Examples:
        >>> decision_node("d1")
        'decision/d1'
    """
    return f"decision/{id}"


def influence_graph(initiative: Initiative) -> nx.MultiDiGraph[str]:
    """Who shaped which decision, and who speaks for whom.

    Nodes:
        stakeholders (``type="stakeholder"``, ``id``, ``name``, ``kind``,
        ``perspective``, ``access_needs`` (comma-separated), ``roles``
        (comma-separated), ``votes``, ``veto``, ``influence``) and decisions
        (``type="decision"``, ``id``, ``title``, ``stated_level``, ``observed_level``,
        ``rule``, ``meeting``, ``date``; empty strings where there is none).

    Edges:
        ``relation="contribution"``: one per contribution, from the person it is
        credited to (the person represented, or the contributor) to the decision, with
        ``action``, ``adopted``, ``weight`` (its normalised share of the decision),
        ``by`` and ``on_behalf_of``. ``relation="representation"``: the representative's
        own edge to the decision when they acted for someone (weight 0, ``on_behalf_of``
        set). ``relation="represents"``: from each representative to each person they
        speak for (weight 0, so that weighted degrees count influence only).

    Examples:
        >>> import coproduction as cp
        >>> ini = cp.scenarios.load_bundled("advocate_care_planning")
        >>> g = cp.influence_graph(ini)
        >>> g.nodes["stakeholder/rhys"]["perspective"]
        'lived_experience'
        >>> sorted({r for _, _, r in g.edges(data="relation")})
        ['contribution', 'representation', 'represents']
        >>> out = g.out_degree("stakeholder/rhys", weight="weight")
        >>> round(out, 9) == round(cp.influence_by_stakeholder(ini)["rhys"], 9)
        True

    See Also:
        `influence_by_stakeholder`: the weighted out-degree of each stakeholder node.

    Added in 0.1.
    """
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph(
        id=initiative.id, title=initiative.title
    )
    influence = influence_by_stakeholder(initiative)
    game = voting_game(initiative)
    roles: dict[str, list[str]] = defaultdict(list)
    for m in initiative.memberships:
        roles[m.stakeholder].append(m.role)
    for s in initiative.stakeholders:
        votes, veto = game.get(s.id, (0, False))
        graph.add_node(
            stakeholder_node(s.id),
            type="stakeholder",
            id=s.id,
            name=s.name,
            kind=s.kind,
            perspective=s.perspective.value,
            access_needs=",".join(sorted(s.access_needs)),
            roles=",".join(roles[s.id]),
            votes=votes,
            veto=veto,
            influence=influence[s.id],
        )
    for s in initiative.stakeholders:
        for person in sorted(s.represents):
            graph.add_edge(
                stakeholder_node(s.id),
                stakeholder_node(person),
                relation="represents",
                weight=0.0,
            )
    for d in initiative.decisions:
        node = decision_node(d.id)
        graph.add_node(
            node,
            type="decision",
            id=d.id,
            title=d.title,
            stated_level=d.level.value,
            observed_level=observed_level(initiative, d.id).value,
            rule=d.rule.value,
            meeting=d.meeting or "",
            date=d.date.isoformat() if d.date else "",
        )
        for c, share in zip(d.contributions, contribution_weights(d), strict=True):
            common = {
                "action": c.action.value,
                "adopted": c.adopted,
                "by": c.by,
                "on_behalf_of": c.on_behalf_of or "",
            }
            graph.add_edge(
                stakeholder_node(credited(c)),
                node,
                relation="contribution",
                weight=share,
                **common,
            )
            if c.on_behalf_of:
                graph.add_edge(
                    stakeholder_node(c.by),
                    node,
                    relation="representation",
                    weight=0.0,
                    **common,
                )
    return graph


def driver_diagram(initiative: Initiative) -> nx.DiGraph[str]:
    """The initiative's driver diagram: change ideas → secondary → primary drivers → aims.

    Nodes are keyed by id with a ``kind`` ("aim", "primary", "secondary" or
    "change_idea"), a ``title`` and the ``record``; edges point the way influence flows.
    The graph is checked to be acyclic when the records are added.

    Examples:
        >>> import networkx as nx
        >>> import coproduction as cp
        >>> g = cp.driver_diagram(cp.scenarios.load_bundled("oak_house_meals"))
        >>> nx.is_directed_acyclic_graph(g)
        True
        >>> [n for n, k in g.nodes(data="kind") if k == "aim"]
        ['enjoy-meals']

    See Also:
        `coproduction.improvement.driver_diagram`, the same from the records alone.

    Added in 0.1.
    """
    return initiative.driver_diagram()
