"""An mkdocs hook: draw the pictures on docs/pictures.md into the built site.

The pictures are drawn afresh at each build with matplotlib's Agg backend (no
screen needed), from the bundled scenarios and fixed series, so they always show
what the code draws today; none is committed by hand.
"""

from __future__ import annotations

import io
from typing import Any

import matplotlib as mpl

mpl.use("Agg")

import matplotlib.pyplot as plt
from mkdocs.structure.files import File, Files

import coproduction as cp

FOLDER = "pictures"
XMR_VALUES = [5, 6, 4, 5, 6, 4, 5, 6, 4, 5, 7, 7, 6, 7, 8, 6, 7, 6, 7, 6]
RUN_VALUES = [3, 4, 3, 4, 3, 4, 3, 4, 9, 8, 9, 8, 9, 8, 9, 8, 9, 8]


def pictures() -> dict[str, Any]:
    """The file name of each picture and what draws it."""
    deaf = cp.scenarios.load_bundled("deaf_communication_policy")
    return {
        "influence.png": lambda: cp.draw_influence(
            cp.scenarios.load_bundled("advocate_care_planning")
        ),
        "run-chart.png": lambda: cp.plot_run_chart(
            cp.run_chart(RUN_VALUES, freeze=8), cycles=[8]
        ),
        "xmr.png": lambda: cp.plot_xmr(cp.xmr(XMR_VALUES), cycles=[10]),
        "ladder.png": lambda: cp.plot_ladder(deaf),
    }


def on_files(files: Files, config: Any, **_: Any) -> Files:
    """Add each picture to the site as a generated file, so links to it are checked."""
    for name, draw in pictures().items():
        ax = draw()
        buffer = io.BytesIO()
        ax.figure.savefig(buffer, format="png", dpi=96, bbox_inches="tight")
        plt.close(ax.figure)
        files.append(
            File.generated(config, f"{FOLDER}/{name}", content=buffer.getvalue())
        )
    return files
