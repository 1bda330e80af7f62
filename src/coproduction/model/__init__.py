"""Records of people and decisions: attrs classes, standard library only."""

from coproduction.model.access import ACCESS_NEEDS, normalise_need
from coproduction.model.careplan import CarePlan, CarePlanItem, ItemKind
from coproduction.model.decisions import (
    Action,
    Contribution,
    Decision,
    Level,
    Meeting,
    Option,
    Result,
    Rule,
    Scope,
)
from coproduction.model.feedback import Feedback, Response
from coproduction.model.people import KINDS, Membership, Perspective, Role, Stakeholder

__all__ = [
    "ACCESS_NEEDS",
    "KINDS",
    "Action",
    "CarePlan",
    "CarePlanItem",
    "Contribution",
    "Decision",
    "Feedback",
    "ItemKind",
    "Level",
    "Meeting",
    "Membership",
    "Option",
    "Perspective",
    "Response",
    "Result",
    "Role",
    "Rule",
    "Scope",
    "Stakeholder",
    "normalise_need",
]
