"""Continuous improvement: aims, drivers and change ideas; measures; the PDSA engine; charts."""

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
from coproduction.improvement.cycle import (
    EVENT_KINDS,
    MIN_POINTS,
    TRANSITIONS,
    Cycle,
    Event,
    Outcome,
    Phase,
    Prediction,
    PredictionResult,
    StudyResult,
)
from coproduction.improvement.drivers import (
    Aim,
    ChangeIdea,
    Driver,
    DriverKind,
    driver_diagram,
)
from coproduction.improvement.measures import Measure, MeasureKind, Observation

__all__ = [
    "EVENT_KINDS",
    "MIN_POINTS",
    "TRANSITIONS",
    "Aim",
    "ChangeIdea",
    "ChartPoint",
    "ControlChart",
    "ControlGroup",
    "Cycle",
    "Driver",
    "DriverKind",
    "Event",
    "Measure",
    "MeasureKind",
    "Observation",
    "Outcome",
    "Phase",
    "Prediction",
    "PredictionResult",
    "RunChart",
    "RunPoint",
    "StudyResult",
    "crossings_min",
    "driver_diagram",
    "longest_run_max",
    "run_chart",
    "xmr",
]
