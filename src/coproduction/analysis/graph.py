"""The influence graph: who shaped which decision, and who speaks for whom, as networkx.

Node keys are ``"stakeholder/<id>"`` and ``"decision/<id>"`` (a stakeholder and a decision
may share an id). Every attribute is a string, number or boolean, so the graph can be
written with `networkx.write_graphml` as it is. The schema is on the docs page
"The influence graph".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final

import networkx as nx

from coproduction._version import __version__
from coproduction.analysis._reading import Reading, lived_among, observed, read
from coproduction.analysis.formal import voting_game
from coproduction.analysis.policy import Policy
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


def influence_graph(
    initiative: Initiative, policy: Policy | None = None
) -> nx.MultiDiGraph[str]:
    """Who was heard in which decision, who shaped it, and who speaks for whom.

    The graph's own attributes are the initiative's ``id`` and ``title`` and the
    ``coproduction_version`` that built it.

    Nodes:
        stakeholders (``type="stakeholder"``, ``id``, ``name``, ``kind``,
        ``perspective``, ``lived_experience`` (whether the policy counts their
        perspective as lived experience), ``access_needs`` (comma-separated), ``roles``
        (comma-separated), ``votes``, ``veto``, ``voice``, ``influence``) and decisions
        (``type="decision"``, ``id``, ``title``, ``stated_level``, ``observed_level``,
        ``rule``, ``scope``, ``result``, ``chosen`` (comma-separated option ids),
        ``meeting``, ``date``; empty strings where there is none).

    Edges:
        ``relation="contribution"``: one per entry (each contribution, and each
        proposal of an option by its proposer), from the person it is credited to (the
        person represented, or the contributor) to the decision, with ``action``,
        ``adopted`` (as recorded, or a proposal of the chosen option), ``option``,
        ``voice`` and ``influence`` (its shares of the decision's voice and
        influence), ``weight`` (the same as ``influence``), ``by`` and
        ``on_behalf_of``. ``relation="representation"``: the representative's own edge
        to the decision when they acted for someone (all weights 0, ``on_behalf_of``
        set). ``relation="represents"``: from each representative to each person they
        speak for (all weights 0, so that weighted degrees count voice or influence
        only).

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

        >>> voice = g.out_degree("stakeholder/rhys", weight="voice")
        >>> round(voice, 9) == round(cp.voice_by_stakeholder(ini)["rhys"], 9)
        True

    See Also:
        `influence_by_stakeholder` and `voice_by_stakeholder`: the weighted out-degrees
        of each stakeholder node.

    Added in 0.1.
    """
    initiative = initiative.snapshot()  # a still picture: never a change half made
    policy = policy if policy is not None else Policy()
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph(
        id=initiative.id, title=initiative.title, coproduction_version=__version__
    )
    stakeholders = initiative.stakeholders
    node_of = {s.id: stakeholder_node(s.id) for s in stakeholders}
    lived = lived_among(initiative, node_of, policy.lived_experience)
    game = voting_game(initiative)
    votes = {p: v for p, (v, _) in game.items()}
    readings = [
        (d, read(d, policy.action_weights, policy.adopted_factor))
        for d in initiative.decisions
    ]
    voice = dict.fromkeys(node_of, 0.0)
    influence = dict.fromkeys(node_of, 0.0)
    for _, r in readings:
        for person, v, i in zip(r.people, r.voice, r.influence, strict=True):
            voice[person] += v
            influence[person] += i
    roles: dict[str, list[str]] = defaultdict(list)
    for m in initiative.memberships:
        roles[m.stakeholder].append(m.role)
    graph.add_nodes_from(
        (
            node_of[s.id],
            _stakeholder_attributes(s, roles, game, s.id in lived)
            | {"voice": voice[s.id], "influence": influence[s.id]},
        )
        for s in stakeholders
    )
    graph.add_edges_from(
        (node_of[s.id], node_of[person], {**_REPRESENTS})
        for s in stakeholders
        for person in sorted(s.represents)
    )
    graph.add_nodes_from(
        (
            decision_node(d.id),
            _decision_attributes(d, observed(d, lived, r, votes).value),
        )
        for d, r in readings
    )
    graph.add_edges_from(_contribution_edges(readings, node_of))
    return graph


_REPRESENTS: Final = {
    "relation": "represents",
    "weight": 0.0,
    "voice": 0.0,
    "influence": 0.0,
}


def _stakeholder_attributes(
    s: Stakeholder,
    roles: Mapping[str, list[str]],
    game: Mapping[str, tuple[int, bool]],
    lived: bool,
) -> dict[str, Any]:
    votes, veto = game.get(s.id, (0, False))
    return {
        "type": "stakeholder",
        "id": s.id,
        "name": s.name,
        "kind": s.kind,
        "perspective": s.perspective.value,
        "lived_experience": lived,
        "access_needs": ",".join(sorted(s.access_needs)),
        "roles": ",".join(roles.get(s.id, ())),
        "votes": votes,
        "veto": veto,
    }


def _decision_attributes(d: Decision, observed_level: str) -> dict[str, Any]:
    return {
        "type": "decision",
        "id": d.id,
        "title": d.title,
        "stated_level": d.level.value,
        "observed_level": observed_level,
        "rule": d.rule.value,
        "scope": d.scope.value,
        "result": d.result.value,
        "chosen": ",".join(sorted(d.chosen)),
        "meeting": d.meeting or "",
        "date": d.date.isoformat() if d.date else "",
    }


def _contribution_edges(
    readings: Iterable[tuple[Decision, Reading]], node_of: Mapping[str, str]
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Each entry's edge, and a representative's own edge beside it."""
    for d, r in readings:
        node = decision_node(d.id)
        for c, voice, influence, adopted in zip(
            r.entries, r.voice, r.influence, r.adopted, strict=True
        ):
            edge = {
                "relation": "contribution",
                "weight": influence,
                "voice": voice,
                "influence": influence,
                "action": _ACTION_VALUES[c.action],
                "adopted": adopted,
                "option": c.option or "",
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
                {
                    **edge,
                    "relation": "representation",
                    "weight": 0.0,
                    "voice": 0.0,
                    "influence": 0.0,
                },
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
    initiative = initiative.snapshot()  # a still picture: never a change half made
    return initiative.driver_diagram()
