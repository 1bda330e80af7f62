"""The influence graph: who shaped which decision, and who speaks for whom, as networkx.

Node keys are ``"stakeholder/<id>"`` and ``"decision/<id>"`` (a stakeholder and a decision
may share an id). Every attribute is a string, number or boolean, so the graph can be
written with `networkx.write_graphml` as it is. The schema is on the docs page
"The influence graph".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from typing import Any, Final

import networkx as nx

from coproduction._version import __version__
from coproduction.analysis._reading import lived_among, observed
from coproduction.analysis.formal import voting_game
from coproduction.analysis.participation import (
    contribution_weights,
    influence_by_stakeholder,
)
from coproduction.initiative import Initiative
from coproduction.model import Action, Decision, Stakeholder

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

    The graph's own attributes are the initiative's ``id`` and ``title`` and the
    ``coproduction_version`` that built it.

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
        id=initiative.id, title=initiative.title, coproduction_version=__version__
    )
    stakeholders = initiative.stakeholders
    node_of = {s.id: stakeholder_node(s.id) for s in stakeholders}
    lived = lived_among(initiative, node_of)
    influence = influence_by_stakeholder(initiative)
    game = voting_game(initiative)
    roles: dict[str, list[str]] = defaultdict(list)
    for m in initiative.memberships:
        roles[m.stakeholder].append(m.role)
    graph.add_nodes_from(
        (node_of[s.id], _stakeholder_attributes(s, roles, game, influence))
        for s in stakeholders
    )
    graph.add_edges_from(
        (node_of[s.id], node_of[person], {"relation": "represents", "weight": 0.0})
        for s in stakeholders
        for person in sorted(s.represents)
    )
    decisions = initiative.decisions
    graph.add_nodes_from(
        (decision_node(d.id), _decision_attributes(d, lived)) for d in decisions
    )
    graph.add_edges_from(_contribution_edges(decisions, node_of))
    return graph


def _stakeholder_attributes(
    s: Stakeholder,
    roles: Mapping[str, list[str]],
    game: Mapping[str, tuple[int, bool]],
    influence: Mapping[str, float],
) -> dict[str, Any]:
    votes, veto = game.get(s.id, (0, False))
    return {
        "type": "stakeholder",
        "id": s.id,
        "name": s.name,
        "kind": s.kind,
        "perspective": s.perspective.value,
        "access_needs": ",".join(sorted(s.access_needs)),
        "roles": ",".join(roles.get(s.id, ())),
        "votes": votes,
        "veto": veto,
        "influence": influence[s.id],
    }


def _decision_attributes(d: Decision, lived: AbstractSet[str]) -> dict[str, Any]:
    return {
        "type": "decision",
        "id": d.id,
        "title": d.title,
        "stated_level": d.level.value,
        "observed_level": observed(d, lived).value,
        "rule": d.rule.value,
        "meeting": d.meeting or "",
        "date": d.date.isoformat() if d.date else "",
    }


def _contribution_edges(
    decisions: Iterable[Decision], node_of: Mapping[str, str]
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Each contribution's edge, and a representative's own edge beside it."""
    for d in decisions:
        node = decision_node(d.id)
        for c, share in zip(d.contributions, contribution_weights(d), strict=True):
            edge = {
                "relation": "contribution",
                "weight": share,
                "action": _ACTION_VALUES[c.action],
                "adopted": c.adopted,
                "by": c.by,
                "on_behalf_of": c.on_behalf_of or "",
            }
            if not c.on_behalf_of:
                yield node_of[c.by], node, edge
                continue
            yield node_of[c.on_behalf_of], node, edge
            yield (
                node_of[c.by],
                node,
                {**edge, "relation": "representation", "weight": 0.0},
            )


_ACTION_VALUES: Final = {action: action.value for action in Action}
"""Each action's name, looked up once: `Enum.value` is a Python-level property."""


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
