"""What the model reveals: influence, formal power, observed levels and imbalances."""

from coproduction.analysis.feedback import (
    STATUSES,
    FeedbackRow,
    FeedbackRows,
    you_said_we_did,
)
from coproduction.analysis.findings import (
    THEMES,
    Finding,
    FindingKind,
    Policy,
    Report,
    Severity,
    Theme,
)
from coproduction.analysis.formal import formal_power, voting_game
from coproduction.analysis.graph import (
    decision_node,
    driver_diagram,
    influence_graph,
    stakeholder_node,
)
from coproduction.analysis.imbalance import find_imbalances, latest_date
from coproduction.analysis.messages import ENGLISH, MESSAGE_TEMPLATES, render_message
from coproduction.analysis.participation import (
    ACTION_WEIGHTS,
    contribution_weights,
    influence_by_stakeholder,
    influence_shares,
    membership_shares,
    observed_level,
    participation_summary,
    voice_by_stakeholder,
    voice_shares,
)
from coproduction.analysis.power import (
    banzhaf,
    dummy_players,
    gini,
    shapley_shubik,
    veto_players,
)

__all__ = [
    "ACTION_WEIGHTS",
    "ENGLISH",
    "MESSAGE_TEMPLATES",
    "STATUSES",
    "THEMES",
    "FeedbackRow",
    "FeedbackRows",
    "Finding",
    "FindingKind",
    "Policy",
    "Report",
    "Severity",
    "Theme",
    "banzhaf",
    "contribution_weights",
    "decision_node",
    "driver_diagram",
    "dummy_players",
    "find_imbalances",
    "formal_power",
    "gini",
    "influence_by_stakeholder",
    "influence_graph",
    "influence_shares",
    "latest_date",
    "membership_shares",
    "observed_level",
    "participation_summary",
    "render_message",
    "shapley_shubik",
    "stakeholder_node",
    "veto_players",
    "voice_by_stakeholder",
    "voice_shares",
    "voting_game",
    "you_said_we_did",
]
