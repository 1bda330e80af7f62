"""Pictures with matplotlib: the influence graph, run and XmR charts, and the ladder.

They need the ``plot`` extra (``pip install "coproduction[plot]"``). Importing this
module does not import matplotlib; each function does, when it is called, and says
which extra to install if it cannot. Each draws on the `Axes` it is given (a new
figure's when none is) and returns it: nothing is shown or saved on its own, so a
notebook shows it, and a script calls ``ax.figure.savefig(...)``.

The charts follow NHS England's "Making Data Count": grey points of common cause,
special causes coloured blue for an improvement, orange for a concern and purple
where neither direction is better, a solid centre line and dashed process limits.
"""

from __future__ import annotations

import importlib
from collections import defaultdict
from typing import TYPE_CHECKING, Any, Final

from coproduction.analysis import influence_graph, observed_level
from coproduction.improvement import ControlChart, RunChart
from coproduction.initiative import Initiative
from coproduction.model import Level, Perspective
from coproduction.present.svg import PERSPECTIVE_COLOURS as _SVG_COLOURS

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from matplotlib.axes import Axes

__all__ = [
    "CONCERN",
    "IMPROVEMENT",
    "LABEL_LIMIT",
    "NEUTRAL",
    "PERSPECTIVE_COLOURS",
    "draw_influence",
    "plot_ladder",
    "plot_run_chart",
    "plot_xmr",
]

IMPROVEMENT: Final = "#289de0"
"""Making Data Count's blue: a special cause in the better direction."""
CONCERN: Final = "#fab428"
"""Making Data Count's orange: a special cause in the worse direction."""
NEUTRAL: Final = "#490092"
"""Making Data Count's purple: a special cause where neither direction is better."""
_COMMON: Final = "#7b7d7d"
_VARIATION_COLOURS: Final = {
    "improvement": IMPROVEMENT,
    "concern": CONCERN,
    "neutral": NEUTRAL,
}

PERSPECTIVE_COLOURS: Final = {
    perspective.value: _SVG_COLOURS[perspective]
    for perspective in (
        Perspective.LIVED_EXPERIENCE,
        Perspective.CARER,
        Perspective.ADVOCACY,
        Perspective.PROFESSIONAL,
    )
} | {"": "#999999"}
"""The colour of each perspective in `draw_influence` (Okabe and Ito's palette, safe
for colour blindness); ``""`` for a stakeholder with none. The same colours as the
influence picture of an initiative's notebook view, so that a perspective keeps its
colour from one picture to the next; the order is the order round the ring."""

_SIDE: Final = 0.3
"""How far left or right of the ring's centre a circle is on the side of the ring, where
its name starts beside it rather than centred over it."""

LABEL_LIMIT: Final = 30
"""`draw_influence` writes people's names, and `plot_ladder` decisions' ids, only up to
this many; beyond it the picture would be ink, and the legend and the tables say who."""

_EXTRA_MESSAGE: Final = (
    "coproduction.present.plot needs matplotlib, which comes with the 'plot' extra: "
    'pip install "coproduction[plot]"'
)


def _pyplot() -> Any:
    """matplotlib.pyplot, or an ImportError that names the extra."""
    try:
        return importlib.import_module("matplotlib.pyplot")
    except ImportError as error:
        raise ImportError(_EXTRA_MESSAGE) from error


def _axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    plt = _pyplot()
    if ax is not None:
        return ax
    _, new = plt.subplots(figsize=size)
    return new  # type: ignore[no-any-return]


def _words(value: str) -> str:
    return value.replace("_", " ") if value else "no perspective"


def draw_influence(
    initiative: Initiative, ax: Axes | None = None, *, seed: int = 0
) -> Axes:
    """Draw who was heard in which decision, and who shaped it.

    People are circles coloured by perspective, on a ring grouped by perspective;
    decisions are squares inside it, placed near the people who took part (a spring
    layout started from `seed`, so the same seed draws the same picture). A thin grey
    line beneath shows voice; a darker line over it, as wide as the share of
    influence, shows influence; a dashed line joins a representative to the people
    they speak for and to the decisions where they spoke for them. Names are written
    up to `LABEL_LIMIT` people.

    Args:
        initiative: The initiative to draw.
        ax: The axes to draw on; None for a new figure's.
        seed: Seeds the layout: the same seed, the same picture.

    Returns:
        The axes drawn on.

    Raises:
        ImportError: If matplotlib is not installed.

    Examples:
        >>> import coproduction as cp
        >>> ax = cp.draw_influence(cp.scenarios.load_bundled("oak_house_meals"))
        >>> [t.get_text() for t in ax.get_legend().get_texts()][-3:]
        ['voice', 'influence', 'speaks for']

    Added in 0.3.
    """
    _pyplot()
    collections = importlib.import_module("matplotlib.collections")
    lines_module = importlib.import_module("matplotlib.lines")
    nx = importlib.import_module("networkx")
    ax = _axes(ax, (10.0, 10.0))
    graph = influence_graph(initiative)
    people = sorted(
        (n for n in graph.nodes if graph.nodes[n]["type"] == "stakeholder"),
        key=lambda n: (_perspective_rank(graph.nodes[n]["perspective"]), n),
    )
    decisions = sorted(n for n in graph.nodes if graph.nodes[n]["type"] == "decision")
    position = _layout(nx, graph, people, decisions, seed)

    voice: dict[tuple[str, str], float] = defaultdict(float)
    influence: dict[tuple[str, str], float] = defaultdict(float)
    speaks_for: set[tuple[str, str]] = set()
    for a, b, data in graph.edges(data=True):
        if data["relation"] == "contribution":
            voice[a, b] += data["voice"]
            influence[a, b] += data["influence"]
        else:
            speaks_for.add((a, b))

    def segment(pair: tuple[str, str]) -> list[tuple[float, float]]:
        return [position[pair[0]], position[pair[1]]]

    voiced = sorted(p for p, v in voice.items() if v > 0)
    ax.add_collection(
        collections.LineCollection(
            [segment(p) for p in voiced], colors="#bbbbbb", linewidths=0.6, zorder=1
        )
    )
    shaped = sorted(p for p, i in influence.items() if i > 0)
    ax.add_collection(
        collections.LineCollection(
            [segment(p) for p in shaped],
            colors="#333333",
            linewidths=[0.6 + 4.0 * influence[p] for p in shaped],
            alpha=0.7,
            zorder=2,
        )
    )
    ax.add_collection(
        collections.LineCollection(
            [segment(p) for p in sorted(speaks_for)],
            colors="#7f7f7f",
            linestyles="dashed",
            linewidths=1.0,
            zorder=2,
        )
    )
    by_perspective: dict[str, list[str]] = defaultdict(list)
    for n in people:
        by_perspective[graph.nodes[n]["perspective"]].append(n)
    for perspective, nodes in by_perspective.items():
        ax.scatter(
            [position[n][0] for n in nodes],
            [position[n][1] for n in nodes],
            s=120,
            c=PERSPECTIVE_COLOURS.get(perspective, PERSPECTIVE_COLOURS[""]),
            edgecolors="white",
            label=_words(perspective),
            zorder=3,
        )
    ax.scatter(
        [position[n][0] for n in decisions],
        [position[n][1] for n in decisions],
        s=60,
        marker="s",
        c="#f0f0f0",
        edgecolors="#333333",
        label="decision",
        zorder=3,
    )
    if len(people) <= LABEL_LIMIT:
        for n in people:
            x, y = position[n]
            # a name runs outward from its circle, so it never covers it
            side = "left" if x > _SIDE else "right" if x < -_SIDE else "center"
            ax.annotate(
                graph.nodes[n]["name"],
                (x, y),
                xytext=(x * 1.08, y * 1.12),
                ha=side,
                va="center",
                fontsize=8,
            )
    handles, _ = ax.get_legend_handles_labels()
    handles += [
        lines_module.Line2D([], [], color="#bbbbbb", linewidth=0.6, label="voice"),
        lines_module.Line2D([], [], color="#333333", linewidth=3.0, label="influence"),
        lines_module.Line2D(
            [], [], color="#7f7f7f", linestyle="dashed", label="speaks for"
        ),
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.set_title(graph.graph["title"] or graph.graph["id"])
    ax.set_aspect("equal")
    ax.set_xlim(-1.4, 1.4)
    ax.set_ylim(-1.4, 1.4)
    ax.set_axis_off()
    return ax


def _perspective_rank(perspective: str) -> int:
    order = list(PERSPECTIVE_COLOURS)
    return order.index(perspective) if perspective in order else len(order)


_INSIDE: Final = 0.85


def _layout(
    nx: Any, graph: Any, people: list[str], decisions: list[str], seed: int
) -> dict[str, tuple[float, float]]:
    """People on a ring in their order; decisions placed among them by a spring."""
    import math  # noqa: PLC0415

    position: dict[str, tuple[float, float]] = {}
    for i, n in enumerate(people):
        angle = 2 * math.pi * i / max(len(people), 1)
        position[n] = (math.cos(angle), math.sin(angle))
    if not decisions:
        return position
    simple = nx.Graph()
    simple.add_nodes_from(people + decisions)
    simple.add_edges_from((a, b) for a, b in graph.edges() if a != b)
    placed = nx.spring_layout(
        simple,
        pos=position or None,
        fixed=people or None,
        seed=seed,
        k=0.9 / math.sqrt(len(people) + len(decisions)),
    )
    for n in decisions:
        x, y = (float(v) for v in placed[n])
        radius = math.hypot(x, y)
        if radius > _INSIDE:  # keep squares inside the ring of people
            x, y = x * _INSIDE / radius, y * _INSIDE / radius
        position[n] = (x, y)
    return position


def plot_run_chart(
    chart: RunChart,
    ax: Axes | None = None,
    *,
    cycles: Iterable[float] = (),
    labels: Sequence[str] | None = None,
) -> Axes:
    """Draw a run chart: the values, the median, and any shift marked.

    Points of a run longer than the chart's `longest_run_max` (a shift) are purple
    and underlined by a wide band; a run chart knows no better direction, so a shift
    is neither improvement nor concern. The title says which signals the chart
    shows: a shift, too few crossings, or both.

    Args:
        chart: A run chart from `run_chart`.
        ax: The axes to draw on; None for a new figure's.
        cycles: Where PDSA cycles began, as 0-based indices of the chart's points
            (the x axis counts points, not dates); a dotted vertical line at each.
        labels: A label for each point, such as its month (``"Sep 25"``), written
            under the x axis in place of the points' numbers; as many as there are
            points. When there are many, every second (or third...) is written.

    Returns:
        The axes drawn on.

    Raises:
        ImportError: If matplotlib is not installed.
        ValueError: If `labels` does not give one label for each point.

    Examples:
        >>> import coproduction as cp
        >>> values = [3, 4, 3, 4, 3, 4, 3, 4, 9, 8, 9, 8, 9, 8, 9, 8, 9, 8]
        >>> chart = cp.run_chart(values, freeze=8)
        >>> ax = cp.plot_run_chart(chart, cycles=[8])
        >>> [t.get_text() for t in ax.get_legend().get_texts()]
        ['value', 'median', 'shift', 'PDSA cycle began']
        >>> months = [f"{m} 25" for m in "Jan Feb Mar Apr May Jun Jul Aug Sep".split()]
        >>> ax = cp.plot_run_chart(cp.run_chart(values[:9]), labels=months)
        >>> [t.get_text() for t in ax.get_xticklabels()][:3]
        ['Jan 25', 'Feb 25', 'Mar 25']

    Added in 0.3.
    """
    ax = _axes(ax, (8.0, 4.0))
    values = [p.value for p in chart.points]
    xs = range(len(values))
    ax.plot(xs, _gaps(values), color=_COMMON, marker="o", markersize=4, label="value")
    if chart.centre is not None:
        ax.axhline(chart.centre, color="#333333", linewidth=1.2, label="median")
    limit = chart.longest_run_max
    lengths: dict[int, int] = defaultdict(int)
    for p in chart.points:
        if p.run is not None:
            lengths[p.run] += 1
    shifted = [
        i
        for i, p in enumerate(chart.points)
        if p.run is not None and limit is not None and lengths[p.run] > limit
    ]
    _mark_runs(ax, values, shifted, NEUTRAL, "shift")
    ax.scatter(
        shifted, _gaps([values[i] for i in shifted]), color=NEUTRAL, zorder=3, s=30
    )
    _cycles(ax, cycles)
    signals = [
        said
        for said, seen in (
            ("a shift", chart.shift),
            ("too few crossings", chart.too_few_crossings),
        )
        if seen
    ]
    ax.set_title("Run chart" + (": " + " and ".join(signals) if signals else ""))
    _x_axis(ax, labels, len(values))
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return ax


def plot_xmr(
    chart: ControlChart,
    ax: Axes | None = None,
    *,
    cycles: Iterable[float] = (),
    labels: Sequence[str] | None = None,
) -> Axes:
    """Draw an XmR chart in the Making Data Count style.

    Each group has its mean (solid) and its process limits (dashed) drawn over its
    own points. Points of common cause are grey; special causes are blue for an
    improvement, orange for a concern, purple when neither direction is better. Runs
    of the "shift" and "trend" rules are underlined by a wide band in their colour.

    Args:
        chart: A control chart from `xmr`.
        ax: The axes to draw on; None for a new figure's.
        cycles: Where PDSA cycles began, as 0-based indices of the chart's points
            (the x axis counts points, not dates); a dotted vertical line at each.
        labels: A label for each point, such as its month (``"Sep 25"``), written
            under the x axis in place of the points' numbers; as many as there are
            points. When there are many, every second (or third...) is written.

    Returns:
        The axes drawn on.

    Raises:
        ImportError: If matplotlib is not installed.
        ValueError: If `labels` does not give one label for each point.

    Examples:
        >>> import coproduction as cp
        >>> chart = cp.xmr([5, 6, 4, 5, 6, 4, 5, 6, 4, 5, 7, 7, 6, 7, 8, 6, 7, 6, 7, 6])
        >>> ax = cp.plot_xmr(chart, cycles=[10])
        >>> [t.get_text() for t in ax.get_legend().get_texts()]
        ['value', 'mean', 'process limits', 'improvement', 'shift', 'PDSA cycle began']

    Added in 0.3.
    """
    ax = _axes(ax, (8.0, 4.0))
    values = [p.value for p in chart.points]
    ax.plot(
        range(len(values)),
        _gaps(values),
        color=_COMMON,
        marker="o",
        markersize=4,
        label="value",
    )
    for number, g in enumerate(chart.groups):
        first = number == 0
        last = g.stop - 1
        if g.mean is not None:
            ax.hlines(
                g.mean,
                g.start,
                last,
                color="#333333",
                linewidth=1.2,
                label="mean" if first else "_nolegend_",
            )
        limits = [v for v in (g.lower, g.upper) if v is not None]
        if limits:
            ax.hlines(
                limits,
                g.start,
                last,
                color=_COMMON,
                linestyles="dashed",
                linewidth=1.0,
                label="process limits" if first else "_nolegend_",
            )
    for variation, colour in _VARIATION_COLOURS.items():
        found = [i for i, p in enumerate(chart.points) if p.variation == variation]
        if found:
            ax.scatter(
                found,
                _gaps([values[i] for i in found]),
                color=colour,
                s=30,
                zorder=3,
                label=variation,
            )
    for rule in ("shift", "trend"):
        marked = [i for i, p in enumerate(chart.points) if p.rule == rule]
        colour = _VARIATION_COLOURS.get(
            chart.points[marked[0]].variation if marked else "", NEUTRAL
        )
        _mark_runs(ax, values, marked, colour, rule)
    _cycles(ax, cycles)
    ax.set_title("XmR chart")
    _x_axis(ax, labels, len(values))
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return ax


_MOST_TICKS: Final = 24
"""The most labels written under a chart's x axis; past it, every k-th."""


def _x_axis(ax: Axes, labels: Sequence[str] | None, count: int) -> None:
    """Number the points, or write their labels (thinned out when there are many)."""
    if labels is None:
        ax.set_xlabel("point")
        return
    given = list(labels)
    if len(given) != count:
        msg = f"labels: {len(given)} given for {count} points; give one for each point"
        raise ValueError(msg)
    step = max(1, -(-count // _MOST_TICKS))
    ticks = list(range(0, count, step))
    ax.set_xticks(ticks, [given[i] for i in ticks], rotation=45, ha="right")


def _gaps(values: Sequence[float | None]) -> list[float]:
    return [float("nan") if v is None else v for v in values]


def _mark_runs(
    ax: Axes,
    values: Sequence[float | None],
    indices: Sequence[int],
    colour: str,
    label: str,
) -> None:
    """A wide pale band under each stretch of consecutive `indices`, labelled once."""
    stretches: list[list[int]] = []
    for i in indices:
        if stretches and stretches[-1][-1] == i - 1:
            stretches[-1].append(i)
        else:
            stretches.append([i])
    for number, stretch in enumerate(stretches):
        ax.plot(
            stretch,
            _gaps([values[i] for i in stretch]),
            color=colour,
            linewidth=8,
            alpha=0.25,
            solid_capstyle="round",
            zorder=0,
            label=label if number == 0 else "_nolegend_",
        )


def _cycles(ax: Axes, cycles: Iterable[float]) -> None:
    for number, at in enumerate(cycles):
        ax.axvline(
            at,
            color="#333333",
            linestyle="dotted",
            linewidth=1.0,
            label="PDSA cycle began" if number == 0 else "_nolegend_",
        )


_RUNGS: Final = tuple(Level)


def plot_ladder(initiative: Initiative, ax: Axes | None = None) -> Axes:
    """Draw each decision's stated and observed rung of the ladder, side by side.

    One pair of bars per decision, in the initiative's order: the stated rung
    (hollow) and the observed one (filled), on a scale of the seven rungs from
    coercing to co-producing. A gap between the two is the gap between what was
    promised and what happened. Decisions' ids are written up to `LABEL_LIMIT`.

    Args:
        initiative: The initiative whose decisions to draw.
        ax: The axes to draw on; None for a new figure's.

    Returns:
        The axes drawn on.

    Raises:
        ImportError: If matplotlib is not installed.

    Examples:
        >>> import coproduction as cp
        >>> ax = cp.plot_ladder(cp.scenarios.load_bundled("deaf_communication_policy"))
        >>> [t.get_text() for t in ax.get_legend().get_texts()]
        ['stated', 'observed']
        >>> [t.get_text() for t in ax.get_yticklabels()][-1]
        'co producing'

    Added in 0.3.
    """
    decisions = initiative.snapshot().decisions
    ax = _axes(ax, (max(6.0, 0.35 * len(decisions)), 4.0))
    stated = [_RUNGS.index(d.level) + 1 for d in decisions]
    seen = [_RUNGS.index(observed_level(initiative, d.id)) + 1 for d in decisions]
    xs = range(len(decisions))
    width = 0.4
    ax.bar(
        [x - width / 2 for x in xs],
        stated,
        width,
        facecolor="white",
        edgecolor="#0072b2",
        hatch="//",
        label="stated",
    )
    ax.bar(
        [x + width / 2 for x in xs],
        seen,
        width,
        color="#0072b2",
        label="observed",
    )
    ax.set_yticks(range(1, len(_RUNGS) + 1), [_words(r.value) for r in _RUNGS])
    ax.set_ylim(0, len(_RUNGS) + 0.5)
    if len(decisions) <= LABEL_LIMIT:
        ax.set_xticks(list(xs), [d.id for d in decisions], rotation=45, ha="right")
    else:
        ax.set_xticks([])
    ax.set_xlabel("decision")
    ax.set_title("The ladder: stated and observed rung")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return ax
