"""Names for type checkers: the values each enumeration takes, and the shapes of plain data.

Every parameter that takes an enumeration takes the member or its value, and its
value is typed as a `Literal` of the allowed strings, so ``mypy --strict`` refuses a
string that is not one of them before the code runs:

    >>> import coproduction as cp
    >>> cp.Decision(id="d1", title="Menus", level="co_producing").level
    <Level.CO_PRODUCING: 'co_producing'>

``cp.Decision(id="d1", title="Menus", level="co_produce")`` is refused by mypy
(``arg-type``) as well as at run time. Each alias here has exactly its enumeration's
values (a test checks it), so a function of yours can take the same strings:

    >>> from typing import get_args
    >>> from coproduction.types import LevelName
    >>> get_args(LevelName)[:3]
    ('coercing', 'educating', 'informing')

This module sits at the bottom of the layers beside `errors`: it imports nothing of
the library, so any layer may use it. At run time the aliases are plain `Literal`
types; the library does not check values against them (the enumerations do that).

Added in 0.3.
"""

from __future__ import annotations

from typing import Literal, TypeAlias

__all__ = [
    "ActionName",
    "CapacityName",
    "DriverKindName",
    "FeedbackKindName",
    "FindingKindName",
    "ItemKindName",
    "LevelName",
    "MeasureKindName",
    "OutcomeName",
    "PerspectiveName",
    "PhaseName",
    "ResponseKindName",
    "ResultName",
    "RuleName",
    "ScopeName",
    "SeverityName",
    "StakeholderKind",
    "ThemeName",
]

LevelName: TypeAlias = Literal[
    "coercing",
    "educating",
    "informing",
    "consulting",
    "engaging",
    "co_designing",
    "co_producing",
]
"""The values of `Level`, lowest rung first."""

ActionName: TypeAlias = Literal[
    "attended",
    "informed",
    "consulted",
    "spoke",
    "proposed",
    "supported",
    "objected",
    "voted_for",
    "voted_against",
    "abstained",
    "decided",
    "vetoed",
]
"""The values of `Action`."""

RuleName: TypeAlias = Literal[
    "consensus", "consent", "majority", "weighted_vote", "single_decider", "advice"
]
"""The values of `Rule`."""

ResultName: TypeAlias = Literal["pending", "carried", "rejected", "deferred"]
"""The values of `Result`."""

CapacityName: TypeAlias = Literal["has", "lacks"]
"""The values of `Capacity`."""

ScopeName: TypeAlias = Literal["personal", "collective"]
"""The values of `Scope`."""

PerspectiveName: TypeAlias = Literal[
    "lived_experience", "carer", "professional", "advocacy"
]
"""The values of `Perspective`."""

StakeholderKind: TypeAlias = Literal[
    "person",
    "family_carer",
    "advocate",
    "attorney",
    "deputy",
    "care_worker",
    "manager",
    "health_professional",
    "social_worker",
    "commissioner",
    "volunteer",
    "other",
]
"""The kinds of stakeholder: the keys of `coproduction.model.people.KINDS`."""

FeedbackKindName: TypeAlias = Literal[
    "complaint", "suggestion", "question", "compliment"
]
"""The values of `FeedbackKind`."""

ResponseKindName: TypeAlias = Literal["done", "declined", "holding"]
"""The values of `ResponseKind`."""

ItemKindName: TypeAlias = Literal["preference", "goal", "support"]
"""The values of `ItemKind`, the kinds of care plan item."""

PhaseName: TypeAlias = Literal["new", "planned", "done", "studied", "acted"]
"""The values of `Phase`, the phases of a PDSA cycle."""

OutcomeName: TypeAlias = Literal["adopt", "adapt", "abandon"]
"""The values of `Outcome`, what a cycle's act decides."""

DriverKindName: TypeAlias = Literal["primary", "secondary"]
"""The values of `DriverKind`."""

MeasureKindName: TypeAlias = Literal["outcome", "process", "balancing"]
"""The values of `MeasureKind`."""

SeverityName: TypeAlias = Literal["info", "warning", "concern"]
"""The values of `Severity`, least serious first."""

FindingKindName: TypeAlias = Literal[
    "professional_dominance",
    "tokenism",
    "affected_absent",
    "level_overstated",
    "formal_power_concentration",
    "single_decider",
    "access_unmet",
    "under_represented",
    "review_without_lived_experience",
    "feedback_unanswered",
    "proxy_only",
    "objection_overridden",
    "outvoted",
    "membership_imbalance",
    "affected_overruled",
    "best_interests_incomplete",
    "care_plan_not_agreed",
    "care_plan_review_overdue",
    "balancing_concern",
]
"""The values of `FindingKind`."""

ThemeName: TypeAlias = Literal[
    "reducing_power_imbalances",
    "empowerment",
    "person_centred_care",
    "more_than_consulting",
    "relationships_and_ownership",
    "inclusivity_and_diversity",
    "continuous_improvement",
    "families_and_advocates",
]
"""The values of `Theme`."""
