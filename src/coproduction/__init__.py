"""Model co-production in adult social care: who takes part, who really decides, how services improve.

Examples:
    >>> import coproduction as cp
    >>> ini = cp.scenarios.load_bundled("oak_house_meals")
    >>> ini.title
    'Mealtimes at Oak House'
"""

from coproduction import scenarios
from coproduction._version import __version__
from coproduction.analysis import (
    Finding,
    FindingKind,
    Policy,
    Report,
    Severity,
    Theme,
    banzhaf,
    dummy_players,
    find_imbalances,
    formal_power,
    gini,
    influence_by_stakeholder,
    influence_graph,
    influence_shares,
    observed_level,
    participation_summary,
    shapley_shubik,
    veto_players,
)
from coproduction.errors import CoproductionError, NotFoundError, ValidationError
from coproduction.improvement import (
    ChartPoint,
    ControlChart,
    RunChart,
    crossings_min,
    longest_run_max,
    run_chart,
    xmr,
)
from coproduction.initiative import Initiative
from coproduction.io import FORMAT_VERSION, dump, from_dict, load, schema, to_dict
from coproduction.model import (
    KINDS,
    Action,
    CarePlan,
    CarePlanItem,
    Contribution,
    Decision,
    Feedback,
    ItemKind,
    Level,
    Meeting,
    Membership,
    Perspective,
    Response,
    Role,
    Rule,
    Stakeholder,
)

__all__ = [
    "FORMAT_VERSION",
    "KINDS",
    "Action",
    "CarePlan",
    "CarePlanItem",
    "ChartPoint",
    "Contribution",
    "ControlChart",
    "CoproductionError",
    "Decision",
    "Feedback",
    "Finding",
    "FindingKind",
    "Initiative",
    "ItemKind",
    "Level",
    "Meeting",
    "Membership",
    "NotFoundError",
    "Perspective",
    "Policy",
    "Report",
    "Response",
    "Role",
    "Rule",
    "RunChart",
    "Severity",
    "Stakeholder",
    "Theme",
    "ValidationError",
    "__version__",
    "banzhaf",
    "crossings_min",
    "dummy_players",
    "dump",
    "find_imbalances",
    "formal_power",
    "from_dict",
    "gini",
    "influence_by_stakeholder",
    "influence_graph",
    "influence_shares",
    "load",
    "longest_run_max",
    "observed_level",
    "participation_summary",
    "run_chart",
    "scenarios",
    "schema",
    "shapley_shubik",
    "to_dict",
    "veto_players",
    "xmr",
]
