"""Records of people and decisions: attrs classes, standard library only."""

from coproduction.model.access import ACCESS_NEEDS, normalise_need
from coproduction.model.careplan import CarePlan, CarePlanItem, ItemKind
from coproduction.model.decisions import (
    Action,
    Capacity,
    Contribution,
    Decision,
    Level,
    Meeting,
    Option,
    Result,
    Rule,
    Scope,
)
from coproduction.model.feedback import (
    Feedback,
    FeedbackKind,
    Response,
    ResponseKind,
)
from coproduction.model.people import KINDS, Membership, Perspective, Role, Stakeholder

__all__ = [
    "ACCESS_NEEDS",
    "KINDS",
    "Action",
    "Capacity",
    "CarePlan",
    "CarePlanItem",
    "Contribution",
    "Decision",
    "Feedback",
    "FeedbackKind",
    "ItemKind",
    "Level",
    "Meeting",
    "Membership",
    "Option",
    "Perspective",
    "Response",
    "ResponseKind",
    "Result",
    "Role",
    "Rule",
    "Scope",
    "Stakeholder",
    "normalise_need",
]
