"""Continuous improvement: run charts and control charts (the PDSA engine builds on them)."""

from coproduction.improvement.charts import (
    ChartPoint,
    ControlChart,
    ControlGroup,
    RunChart,
    RunPoint,
    crossings_min,
    longest_run_max,
    run_chart,
    xmr,
)

__all__ = [
    "ChartPoint",
    "ControlChart",
    "ControlGroup",
    "RunChart",
    "RunPoint",
    "crossings_min",
    "longest_run_max",
    "run_chart",
    "xmr",
]
