"""The influence picture as SVG, in pure Python: it shows without matplotlib.

People stand on the left, one row each, grouped by perspective and coloured by it;
decisions stand on the right as squares, in date order. A line joins a person to each
decision they took part in: a thin grey line for voice (being heard) and, over it, a
line as wide as their share of the decision's influence (shaping what was decided).
A representative's own part in a decision, and the line from a representative to the
person they speak for, are dashed. A legend sits above the picture, and each person and
decision has a ``<title>`` (name and id) that screen readers and tooltips show.

The layout depends on the initiative alone, and every number is written with a fixed
number of decimals, so the same initiative gives the same bytes every time. Every piece
of text from the scenario is escaped and has its control characters removed.
"""

from __future__ import annotations

from html import escape
from typing import Any, Final

from coproduction.analysis import Policy, influence_graph
from coproduction.initiative import Initiative
from coproduction.model import Perspective

__all__ = ["PERSPECTIVE_COLOURS", "influence_svg"]

PERSPECTIVE_COLOURS: Final = {
    Perspective.LIVED_EXPERIENCE: "#d55e00",
    Perspective.CARER: "#009e73",
    Perspective.PROFESSIONAL: "#0072b2",
    Perspective.ADVOCACY: "#cc79a7",
}
"""The colour of each perspective's people in the picture (Okabe and Ito's palette,
which people with the common kinds of colour blindness can tell apart).

Examples:
    >>> from coproduction.model import Perspective
    >>> PERSPECTIVE_COLOURS[Perspective.CARER]
    '#009e73'
"""

_WIDTH: Final = 760
_PERSON_X: Final = 250
_DECISION_X: Final = 510
_ROW: Final = 20
_TOP: Final = 96
_LABEL_CHARS: Final = 34
_INK: Final = "#1a1a1a"
_VOICE: Final = "#b4b4b4"
_INFLUENCE: Final = "#0b5f5f"
_REPRESENT: Final = "#555555"


def influence_svg(initiative: Initiative, policy: Policy | None = None) -> str:
    """The influence graph (`coproduction.influence_graph`) drawn as an SVG document.

    People are circles on the left, coloured by perspective; decisions are squares on
    the right. Edge width follows influence, a thin line beneath shows voice, and
    representation is dashed. The picture scales to its container (it has a
    ``viewBox``) and has a title, a description and a legend. Put it inline in an HTML
    page, or save it as a ``.svg`` file.

    Args:
        initiative: the initiative to draw.
        policy: how voice, influence and lived experience are read; the default policy
            when not given.

    Returns:
        The SVG as text, starting at ``<svg``. The same initiative gives the same text.

    Examples:
        >>> import coproduction as cp
        >>> ini = cp.scenarios.load_bundled("advocate_care_planning")
        >>> svg = cp.influence_svg(ini)
        >>> svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
        True
        >>> svg == cp.influence_svg(ini)
        True

    Added in 0.2.
    """
    graph = influence_graph(initiative, policy)
    people = sorted(
        (key for key in graph.nodes if graph.nodes[key]["type"] == "stakeholder"),
        key=lambda key: (_ORDER[graph.nodes[key]["perspective"]], key),
    )
    decisions = sorted(
        (key for key in graph.nodes if graph.nodes[key]["type"] == "decision"),
        key=lambda key: (graph.nodes[key]["date"] == "", graph.nodes[key]["date"], key),
    )
    rows = max(len(people), len(decisions), 1)
    height = _TOP + rows * _ROW + 16
    y_of = _rows(people, rows) | _rows(decisions, rows)
    title = _clean(str(graph.graph.get("title") or graph.graph.get("id") or ""))
    out = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="cp-influence-graph" '
            f'viewBox="0 0 {_WIDTH} {height}" width="{_WIDTH}" height="{height}" '
            f'role="img" aria-labelledby="cp-svg-title cp-svg-desc" '
            f'font-family="system-ui, Arial, sans-serif" font-size="12">'
        ),
        f'<title id="cp-svg-title">Who shaped which decision: {_text(title)}</title>',
        (
            f'<desc id="cp-svg-desc">{len(people)} people on the left, coloured by '
            f"perspective, and {len(decisions)} decisions on the right, as squares. Line "
            "width shows influence; a thin grey line shows voice; dashed lines show "
            "representation.</desc>"
        ),
        f'<rect width="{_WIDTH}" height="{height}" fill="#ffffff"></rect>',
    ]
    out += _legend()
    out.append(
        f'<text x="{_PERSON_X}" y="{_TOP - 14}" text-anchor="end" '
        f'font-weight="700" fill="{_INK}">People</text>'
    )
    out.append(
        f'<text x="{_DECISION_X}" y="{_TOP - 14}" font-weight="700" '
        f'fill="{_INK}">Decisions</text>'
    )
    edges = sorted(
        graph.edges(keys=True, data=True),
        key=lambda e: (_EDGE_ORDER[e[3]["relation"]], e[0], e[1], e[2]),
    )
    out.append('<g class="cp-edges" fill="none">')
    out += [_edge(source, target, data, y_of) for source, target, _, data in edges]
    out.append("</g>")
    out.append('<g class="cp-nodes">')
    out += [_person(graph.nodes[key], y_of[key]) for key in people]
    out += [_decision(graph.nodes[key], y_of[key]) for key in decisions]
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


_ORDER: Final = {p.value: n for n, p in enumerate(PERSPECTIVE_COLOURS)}
_EDGE_ORDER: Final = {"represents": 0, "representation": 1, "contribution": 2}


def _rows(keys: list[str], rows: int) -> dict[str, float]:
    """Spread a column's nodes over the picture's height, centred when it is short."""
    gap = rows * _ROW / max(len(keys), 1)
    return {key: _TOP + (n + 0.5) * gap for n, key in enumerate(keys)}


def _legend() -> list[str]:
    out = ['<g class="cp-legend">']
    x = 12.0
    for perspective, colour in PERSPECTIVE_COLOURS.items():
        words = perspective.value.replace("_", " ")
        out.append(
            f'<circle cx="{x + 6:.1f}" cy="20" r="6" fill="{colour}" stroke="{_INK}" '
            'stroke-width="0.5"></circle>'
        )
        out.append(f'<text x="{x + 16:.1f}" y="24" fill="{_INK}">{words}</text>')
        x += 30 + 7 * len(words)
    out.append(
        f'<rect x="{x:.1f}" y="14" width="12" height="12" fill="#ffffff" '
        f'stroke="{_INK}" stroke-width="1.5"></rect>'
    )
    out.append(f'<text x="{x + 18:.1f}" y="24" fill="{_INK}">decision</text>')
    keys = (
        (f'stroke="{_INFLUENCE}" stroke-width="5"', "influence (wider is more)"),
        (f'stroke="{_VOICE}" stroke-width="1.5"', "voice"),
        (
            f'stroke="{_REPRESENT}" stroke-width="1.5" stroke-dasharray="5 3"',
            "representation",
        ),
    )
    x = 12.0
    for stroke, words in keys:
        out.append(
            f'<line x1="{x:.1f}" y1="48" x2="{x + 28:.1f}" y2="48" {stroke}></line>'
        )
        out.append(f'<text x="{x + 34:.1f}" y="52" fill="{_INK}">{words}</text>')
        x += 60 + 7 * len(words)
    out.append("</g>")
    return out


def _edge(
    source: str, target: str, data: dict[str, Any], y_of: dict[str, float]
) -> str:
    relation = data["relation"]
    y1, y2 = y_of[source], y_of[target]
    x1, x2 = _PERSON_X + 7, _DECISION_X - 7
    if relation == "represents":
        # From a representative to the person they speak for, both on the left: a
        # dashed curve that bows out into the space between the columns.
        bow = _PERSON_X + 20 + min(abs(y2 - y1) / 3, 90)
        return (
            f'<g class="cp-edge cp-represents"><path d="M{x1} {y1:.1f} '
            f'Q{bow:.1f} {(y1 + y2) / 2:.1f} {x1} {y2:.1f}" stroke="{_REPRESENT}" '
            'stroke-width="1.2" stroke-dasharray="5 3"></path></g>'
        )
    line = f'x1="{x1}" y1="{y1:.1f}" x2="{x2}" y2="{y2:.1f}"'
    if relation == "representation":
        return (
            f'<g class="cp-edge cp-representation"><line {line} '
            f'stroke="{_REPRESENT}" stroke-width="1.2" stroke-dasharray="5 3"></line></g>'
        )
    parts = [
        (
            f'<g class="cp-edge cp-contribution"><line {line} stroke="{_VOICE}" '
            'stroke-width="1"></line>'
        )
    ]
    influence = float(data["influence"])
    if influence > 0:
        width = 0.8 + 7 * min(influence, 1.0)
        parts.append(
            f'<line {line} stroke="{_INFLUENCE}" stroke-width="{width:.2f}" '
            'stroke-opacity="0.7" stroke-linecap="round"></line>'
        )
    parts.append("</g>")
    return "".join(parts)


def _person(node: dict[str, Any], y: float) -> str:
    name = _clean(str(node["name"]))
    ident = _clean(str(node["id"]))
    colour = PERSPECTIVE_COLOURS[Perspective(node["perspective"])]
    words = str(node["perspective"]).replace("_", " ")
    return (
        f'<g class="cp-node cp-person"><title>{_text(_named(name, ident))}, '
        f"{words}</title>"
        f'<circle cx="{_PERSON_X}" cy="{y:.1f}" r="6.5" fill="{colour}" '
        f'stroke="{_INK}" stroke-width="0.5"></circle>'
        f'<text x="{_PERSON_X - 12}" y="{y + 4:.1f}" text-anchor="end" '
        f'fill="{_INK}">{_text(_short(name or ident))}</text></g>'
    )


def _decision(node: dict[str, Any], y: float) -> str:
    title = _clean(str(node["title"]))
    ident = _clean(str(node["id"]))
    return (
        f'<g class="cp-node cp-decision"><title>{_text(_named(title, ident))}</title>'
        f'<rect x="{_DECISION_X - 6}" y="{y - 6:.1f}" width="12" height="12" '
        f'fill="#ffffff" stroke="{_INK}" stroke-width="1.5"></rect>'
        f'<text x="{_DECISION_X + 12}" y="{y + 4:.1f}" '
        f'fill="{_INK}">{_text(_short(title or ident))}</text></g>'
    )


def _named(name: str, ident: str) -> str:
    return f"{name} ({ident})" if name and name != ident else ident


def _short(text: str) -> str:
    """A label that fits its column; the whole is in the node's title."""
    return text if len(text) <= _LABEL_CHARS else text[: _LABEL_CHARS - 1] + "…"


def _text(text: str) -> str:
    return escape(text, quote=True)


def _clean(text: str) -> str:
    """One line of characters XML allows: controls and non-characters become spaces."""
    return " ".join("".join(" " if _banned(c) else c for c in text).split())


def _banned(c: str) -> bool:
    n = ord(c)
    return (
        n < 0x20  # noqa: PLR2004 - C0 controls
        or 0x7F <= n < 0xA0  # noqa: PLR2004 - DEL and C1 controls
        or 0xD800 <= n < 0xE000  # noqa: PLR2004 - surrogates
        or n in (0xFFFE, 0xFFFF)
    )
