"""Pictures with matplotlib: the artists drawn, not the pixels."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.collections import LineCollection, PathCollection  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

import coproduction as cp  # noqa: E402
from coproduction.present import plot  # noqa: E402
from coproduction.present.svg import PERSPECTIVE_COLOURS as SVG_COLOURS  # noqa: E402

DAY = dt.date(2025, 1, 1)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def legend(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


def big(people: int = 60, decisions: int = 100) -> cp.Initiative:
    kinds = ["person", "family_carer", "advocate", "care_worker"]
    stakeholders = [
        cp.Stakeholder(
            id=f"p{i}",
            name=f"Person {i}",
            kind=kinds[i % 4],
            represents={f"p{i - 2}"} if i % 4 == 2 else set(),
        )
        for i in range(people)
    ]
    return cp.Initiative(
        id="big",
        title="Big",
        stakeholders=stakeholders,
        decisions=[
            cp.Decision(
                id=f"d{i}",
                title=f"Decision {i}",
                level="co_producing",
                rule="single_decider",
                contributions=[
                    cp.Contribution(by=f"p{(i * 7) % people}", action="spoke"),
                    cp.Contribution(
                        by=f"p{(i * 3 + 1) % people}", action="proposed", adopted=True
                    ),
                    cp.Contribution(by=f"p{(i * 5 + 3) % people}", action="decided"),
                ],
            )
            for i in range(decisions)
        ],
    )


def scatter_points(ax):
    found = {}
    for c in ax.collections:
        if isinstance(c, PathCollection):
            found[c.get_label()] = len(c.get_offsets())
    return found


class TestDrawInfluence:
    def test_nodes_edges_and_legend(self):
        ini = cp.scenarios.load_bundled("advocate_care_planning")
        ax = plot.draw_influence(ini)
        counts = scatter_points(ax)
        assert counts["decision"] == len(ini.decisions)
        assert sum(counts.values()) == len(ini.stakeholders) + len(ini.decisions)
        assert legend(ax)[-4:] == ["decision", "voice", "influence", "speaks for"]
        lines = [c for c in ax.collections if isinstance(c, LineCollection)]
        assert len(lines) == 3
        assert list(lines[2].get_linestyle()[0][1] or []) != []  # dashed
        assert len(lines[2].get_segments()) > 0

    def test_perspectives_are_coloured_and_named(self):
        ax = plot.draw_influence(big(8, 4))
        assert legend(ax) == [
            "lived experience",
            "carer",
            "advocacy",
            "professional",
            "decision",
            "voice",
            "influence",
            "speaks for",
        ]
        colours = {
            c.get_label(): tuple(c.get_facecolor()[0])
            for c in ax.collections
            if isinstance(c, PathCollection)
        }
        assert colours["lived experience"] == matplotlib.colors.to_rgba(
            SVG_COLOURS[cp.Perspective.LIVED_EXPERIENCE]
        )

    def test_each_perspective_has_the_colour_of_the_notebook_picture(self):
        # An initiative's notebook view (influence_svg) and draw_influence are often
        # seen one after the other: a perspective must not change colour between them.
        for perspective, colour in SVG_COLOURS.items():
            assert plot.PERSPECTIVE_COLOURS[perspective.value] == colour

    def test_names_sit_outside_the_ring_clear_of_their_circles(self):
        """A name beside a circle on the left or right runs away from it, not over it."""
        ax = plot.draw_influence(cp.scenarios.load_bundled("best_interests_move"))
        sides = {"left": 0, "right": 0}
        for text in ax.texts:
            x, _ = text.xy  # the person's circle
            if x > 0.3:
                assert text.get_ha() == "left", text.get_text()
                sides["left"] += 1
            elif x < -0.3:
                assert text.get_ha() == "right", text.get_text()
                sides["right"] += 1
        assert sides["left"] > 0
        assert sides["right"] > 0

    def test_sixty_people_and_a_hundred_decisions(self):
        ax = plot.draw_influence(big())
        counts = scatter_points(ax)
        assert counts["decision"] == 100
        assert sum(counts.values()) == 160
        assert len(ax.texts) == 0  # too many to name: the legend says who is who

    def test_same_seed_same_picture(self):
        ini = big(20, 30)
        a = plot.draw_influence(ini, seed=3)
        b = plot.draw_influence(ini, seed=3)
        c = plot.draw_influence(ini, seed=4)
        squares = [
            next(x for x in ax.collections if x.get_label() == "decision").get_offsets()
            for ax in (a, b, c)
        ]
        assert squares[0].tolist() == squares[1].tolist()
        assert squares[0].tolist() != squares[2].tolist()

    def test_draws_on_the_axes_given(self):
        _, ax = plt.subplots()
        assert plot.draw_influence(big(4, 2), ax) is ax

    def test_an_empty_initiative(self):
        ax = plot.draw_influence(cp.Initiative(id="empty"))
        assert scatter_points(ax) == {"decision": 0}


class TestRunChart:
    def test_points_centre_shift_and_cycles(self):
        values = [3, 4, 3, 4, 3, 4, 3, 4, 9, 8, 9, 8, 9, 8, 9, 8, 9, 8]
        chart = cp.run_chart(values, freeze=8)
        ax = plot.plot_run_chart(chart, cycles=[8, 12])
        value, median, band, cycle1, cycle2 = ax.lines
        assert list(value.get_ydata()) == values
        assert list(median.get_ydata()) == [3.5, 3.5]
        assert list(band.get_xdata()) == list(range(7, 18))  # 4 is above 3.5 too
        assert list(cycle1.get_xdata()) == [8, 8]
        assert list(cycle2.get_xdata()) == [12, 12]
        (shifted,) = [c for c in ax.collections if isinstance(c, PathCollection)]
        assert len(shifted.get_offsets()) == 11
        assert legend(ax) == ["value", "median", "shift", "PDSA cycle began"]
        assert ax.get_title() == "Run chart: a shift"

    def test_both_signals_in_the_title(self):
        chart = cp.run_chart([3, 4, 3, 4, 3, 4, 3, 4, 9, 8, 9, 8, 9, 8, 9, 8, 9, 8])
        assert (chart.shift, chart.too_few_crossings) == (True, True)
        assert plot.plot_run_chart(chart).get_title() == (
            "Run chart: a shift and too few crossings"
        )

    def test_random_variation_marks_nothing(self):
        ax = plot.plot_run_chart(cp.run_chart([3, 1, 4, 1, 5]))
        assert legend(ax) == ["value", "median"]
        assert ax.get_title() == "Run chart"

    def test_missing_values_leave_gaps(self):
        ax = plot.plot_run_chart(cp.run_chart([1, None, 3]))
        ys = list(ax.lines[0].get_ydata())
        assert ys[0] == 1
        assert ys[1] != ys[1]  # NaN: a gap in the line
        assert ys[2] == 3


class TestXmR:
    def test_mean_limits_special_causes_and_runs(self):
        values = [5, 6, 4, 5, 6, 4, 5, 6, 4, 5, 7, 7, 6, 7, 8, 6, 7, 6, 7, 6]
        chart = cp.xmr(values)
        ax = plot.plot_xmr(chart, cycles=[10])
        assert list(ax.lines[0].get_ydata()) == values
        mean, limits = ax.collections[0], ax.collections[1]
        assert len(mean.get_segments()) == 1
        assert len(limits.get_segments()) == 2
        (lower, upper) = sorted(s[0][1] for s in limits.get_segments())
        assert lower == pytest.approx(chart.groups[0].lower)
        assert upper == pytest.approx(chart.groups[0].upper)
        (improved,) = [c for c in ax.collections if isinstance(c, PathCollection)]
        assert len(improved.get_offsets()) == 10
        assert tuple(improved.get_facecolor()[0]) == matplotlib.colors.to_rgba(
            plot.IMPROVEMENT
        )
        assert legend(ax) == [
            "value",
            "mean",
            "process limits",
            "improvement",
            "shift",
            "PDSA cycle began",
        ]

    def test_concern_and_neutral_and_outside(self):
        values = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]
        ax = plot.plot_xmr(cp.xmr(values, improvement="decrease"))
        assert "concern" in legend(ax)
        ax = plot.plot_xmr(cp.xmr(values, improvement="neutral"))
        assert "neutral" in legend(ax)
        assert "shift" not in legend(ax)

    def test_a_trend_is_marked(self):
        values = [5, 4, 6, 5, 4, 6, 5, 1, 2, 3, 4, 5, 6, 7, 8]
        chart = cp.xmr(values)
        assert any(p.rule == "trend" for p in chart.points)
        assert "trend" in legend(plot.plot_xmr(chart))

    def test_each_group_has_its_own_lines(self):
        chart = cp.xmr(range(20), rebase=[8])
        ax = plot.plot_xmr(chart)
        mean0, limits0, mean1, limits1 = [
            c for c in ax.collections if isinstance(c, LineCollection)
        ]
        assert [s[:, 0].tolist() for s in mean0.get_segments()] == [[0, 7]]
        assert [s[:, 0].tolist() for s in mean1.get_segments()] == [[8, 19]]
        assert mean1.get_segments()[0][0][1] == 13.5
        assert len(limits0.get_segments()) == len(limits1.get_segments()) == 2
        assert legend(ax).count("mean") == 1


MONTHS = tuple(
    f"{m} {y}"
    for y in (24, 25)
    for m in (
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "May",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Oct",
        "Nov",
        "Dec",
    )
)


class TestLabelsAndKey:
    """A chart of monthly figures says which month each point is, and its key hides none."""

    @pytest.mark.parametrize("draw", ["run", "xmr"])
    def test_each_point_named_by_its_month(self, draw):
        values = [float(i % 5) for i in range(12)]
        ax = (
            cp.plot_run_chart(cp.run_chart(values), labels=list(MONTHS[:12]))
            if draw == "run"
            else cp.plot_xmr(cp.xmr(values), labels=list(MONTHS[:12]))
        )
        assert [t.get_text() for t in ax.get_xticklabels()] == list(MONTHS[:12])
        assert ax.get_xlabel() == ""

    def test_many_points_every_second_month(self):
        values = [float(i % 5) for i in range(48)]
        ax = cp.plot_run_chart(cp.run_chart(values), labels=MONTHS * 2)
        assert [t.get_text() for t in ax.get_xticklabels()][:3] == [
            "Jan 24",
            "Mar 24",
            "May 24",
        ]

    def test_without_labels_the_points_are_counted(self):
        ax = cp.plot_run_chart(cp.run_chart([1.0, 2.0, 3.0]))
        assert ax.get_xlabel() == "point"

    def test_a_label_for_each_point(self):
        with pytest.raises(
            ValueError, match=r"^labels: 2 given for 3 points; give one for each point$"
        ):
            cp.plot_xmr(cp.xmr([1.0, 2.0, 3.0]), labels=["Jan", "Feb"])

    @pytest.mark.parametrize("draw", ["run", "xmr"])
    def test_the_key_sits_beside_the_chart(self, draw):
        values = [float(i % 5) for i in range(12)]
        ax = (
            cp.plot_run_chart(cp.run_chart(values))
            if draw == "run"
            else cp.plot_xmr(cp.xmr(values))
        )
        ax.figure.canvas.draw()
        key = ax.get_legend().get_window_extent()
        assert key.x0 >= ax.get_window_extent().x1


class TestLadder:
    def test_bars_side_by_side(self):
        ini = cp.scenarios.load_bundled("deaf_communication_policy")
        ax = plot.plot_ladder(ini)
        bars = [p for p in ax.patches if isinstance(p, Rectangle)]
        assert len(bars) == 2 * len(ini.decisions)
        n = len(ini.decisions)
        stated = [round(b.get_height()) for b in bars[:n]]
        observed = [round(b.get_height()) for b in bars[n:]]
        rungs = list(cp.Level)
        assert stated == [rungs.index(d.level) + 1 for d in ini.decisions]
        assert observed == [
            rungs.index(cp.observed_level(ini, d.id)) + 1 for d in ini.decisions
        ]
        assert legend(ax) == ["stated", "observed"]
        assert [t.get_text() for t in ax.get_yticklabels()] == [
            "coercing",
            "educating",
            "informing",
            "consulting",
            "engaging",
            "co designing",
            "co producing",
        ]
        assert [t.get_text() for t in ax.get_xticklabels()] == [
            d.id for d in ini.decisions
        ]

    def test_a_hundred_decisions_are_not_named(self):
        ax = plot.plot_ladder(big())
        assert len(ax.patches) == 200
        assert len(ax.get_xticklabels()) == 0


class TestWithoutMatplotlib:
    @pytest.mark.parametrize(
        ("draw", "thing"),
        [
            (plot.draw_influence, cp.Initiative(id="x")),
            (plot.plot_run_chart, cp.run_chart([1, 2, 3])),
            (plot.plot_xmr, cp.xmr([1, 2, 3])),
            (plot.plot_ladder, cp.Initiative(id="x")),
        ],
    )
    def test_names_the_extra(self, monkeypatch, draw, thing):
        monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)  # not installed
        with pytest.raises(ImportError) as raised:
            draw(thing)
        assert str(raised.value) == (
            "coproduction.present.plot needs matplotlib, which comes with the 'plot' "
            'extra: pip install "coproduction[plot]"'
        )

    def test_importing_coproduction_does_not_import_matplotlib(self):
        probe = (
            "import sys, coproduction, coproduction.present.plot;"
            " print('matplotlib' in sys.modules, callable(coproduction.plot_xmr))"
        )
        result = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, check=True
        )
        assert result.stdout == "False True\n"


def test_nothing_is_shown_or_saved(monkeypatch):
    shown = []
    monkeypatch.setattr(plt, "show", lambda *a, **_: shown.append(a))
    monkeypatch.setattr(
        matplotlib.figure.Figure, "savefig", lambda *a, **_: shown.append(a)
    )
    plot.plot_xmr(cp.xmr([1, 2, 3, 4]))
    plot.plot_ladder(big(4, 2))
    assert shown == []
