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

Added in 0.2.
"""

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any, Final, Literal, NotRequired, TypeAlias, TypedDict

__all__ = [
    "EVIDENCE",
    "AccessUnmetEvidence",
    "ActionName",
    "AffectedAbsentEvidence",
    "AffectedOverruledEvidence",
    "AimDocument",
    "BalancingConcernEvidence",
    "BestInterestsIncompleteEvidence",
    "CapacityName",
    "CarePlanDocument",
    "CarePlanItemDocument",
    "CarePlanNotAgreedEvidence",
    "CarePlanReviewOverdueEvidence",
    "ChangeIdeaDocument",
    "ContributionDocument",
    "CycleDocument",
    "DecisionDocument",
    "DriverDocument",
    "DriverKindName",
    "EventDocument",
    "Evidence",
    "FeedbackDocument",
    "FeedbackKindName",
    "FeedbackUnansweredEvidence",
    "FindingJSON",
    "FindingKindName",
    "FormalPowerConcentrationEvidence",
    "InitiativeDocument",
    "InitiativeJSON",
    "ItemKindName",
    "LevelName",
    "LevelOverstatedEvidence",
    "MeasureDocument",
    "MeasureKindName",
    "MeetingDocument",
    "MembershipDocument",
    "MembershipImbalanceEvidence",
    "ObjectionOverriddenEvidence",
    "ObservationDocument",
    "OptionDocument",
    "OutcomeName",
    "OutvotedEvidence",
    "PerspectiveName",
    "PhaseName",
    "ProfessionalDominanceEvidence",
    "ProxyOnlyEvidence",
    "ReportJSON",
    "ResponseDocument",
    "ResponseKindName",
    "ResultName",
    "ReviewWithoutLivedExperienceEvidence",
    "RoleDocument",
    "RuleName",
    "ScopeName",
    "SeverityName",
    "SingleDeciderEvidence",
    "StakeholderDocument",
    "StakeholderKind",
    "Summary",
    "ThemeName",
    "TokenismEvidence",
    "UnderRepresentedEvidence",
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


# The shapes of plain data, for type checkers. At run time these are the dicts that
# `to_dict` and `to_json_data` return and the frozen mappings of `Finding.evidence`
# and `Report.summary`; a TypedDict describes them and checks nothing. Keys that
# `to_dict` leaves out when they hold their default are NotRequired.


class ContributionDocument(TypedDict):
    """A `Contribution` as `to_dict` gives it.

    Examples:
        >>> sorted(ContributionDocument.__required_keys__)
        ['action', 'by']
    """

    by: str
    action: ActionName
    adopted: NotRequired[bool]
    on_behalf_of: NotRequired[str]
    option: NotRequired[str]
    note: NotRequired[str]
    supported_by: NotRequired[str]


class OptionDocument(TypedDict):
    """An `Option` as `to_dict` gives it.

    Examples:
        >>> sorted(OptionDocument.__required_keys__)
        ['id']
    """

    id: str
    title: NotRequired[str]
    proposed_by: NotRequired[list[str]]


class StakeholderDocument(TypedDict):
    """A `Stakeholder` as `to_dict` gives it.

    Examples:
        >>> sorted(StakeholderDocument.__required_keys__)
        ['id', 'name']
    """

    id: str
    name: str
    kind: NotRequired[StakeholderKind]
    perspective: NotRequired[PerspectiveName]
    access_needs: NotRequired[list[str]]
    characteristics: NotRequired[dict[str, str]]
    represents: NotRequired[list[str]]


class RoleDocument(TypedDict):
    """A `Role` as `to_dict` gives it.

    Examples:
        >>> sorted(RoleDocument.__required_keys__)
        ['id']
    """

    id: str
    name: NotRequired[str]
    may_propose: NotRequired[bool]
    votes: NotRequired[int]
    veto: NotRequired[bool]


class MembershipDocument(TypedDict):
    """A `Membership` as `to_dict` gives it.

    Examples:
        >>> sorted(MembershipDocument.__required_keys__)
        ['role', 'stakeholder']
    """

    stakeholder: str
    role: str


class MeetingDocument(TypedDict):
    """A `Meeting` as `to_dict` gives it (its date an ISO string).

    Examples:
        >>> sorted(MeetingDocument.__required_keys__)
        ['date', 'id']
    """

    id: str
    date: str
    title: NotRequired[str]
    attendees: NotRequired[list[str]]
    accommodations: NotRequired[list[str]]
    invited: NotRequired[list[str]]
    apologies: NotRequired[dict[str, str]]


class DecisionDocument(TypedDict):
    """A `Decision` as `to_dict` gives it.

    Examples:
        >>> sorted(DecisionDocument.__required_keys__)
        ['id', 'level', 'title']
    """

    id: str
    title: str
    level: LevelName
    rule: NotRequired[RuleName]
    meeting: NotRequired[str]
    affects: NotRequired[list[str]]
    scope: NotRequired[ScopeName]
    capacity: NotRequired[dict[str, CapacityName]]
    options: NotRequired[list[OptionDocument]]
    contributions: NotRequired[list[ContributionDocument]]
    result: NotRequired[ResultName]
    chosen: NotRequired[list[str]]
    outcome: NotRequired[str]
    date: NotRequired[str]
    revisits: NotRequired[str]


class FeedbackDocument(TypedDict):
    """A `Feedback` as `to_dict` gives it.

    Examples:
        >>> sorted(FeedbackDocument.__required_keys__)
        ['id', 'received', 'text']
    """

    id: str
    received: str
    text: str
    kind: NotRequired[FeedbackKindName]
    by: NotRequired[str]
    theme: NotRequired[str]


class ResponseDocument(TypedDict):
    """A `Response` as `to_dict` gives it.

    Examples:
        >>> sorted(ResponseDocument.__required_keys__)
        ['action', 'date', 'feedback']
    """

    feedback: str
    date: str
    action: str
    kind: NotRequired[ResponseKindName]
    by: NotRequired[list[str]]
    decision: NotRequired[str]
    change_idea: NotRequired[str]
    cycle: NotRequired[str]


class CarePlanItemDocument(TypedDict):
    """A `CarePlanItem` as `to_dict` gives it.

    Examples:
        >>> sorted(CarePlanItemDocument.__required_keys__)
        ['area', 'text']
    """

    area: str
    text: str
    kind: NotRequired[ItemKindName]
    agreed_by: NotRequired[list[str]]


class CarePlanDocument(TypedDict):
    """A `CarePlan` as `to_dict` gives it.

    Examples:
        >>> sorted(CarePlanDocument.__required_keys__)
        ['id', 'person']
    """

    id: str
    person: str
    title: NotRequired[str]
    items: NotRequired[list[CarePlanItemDocument]]
    agreed: NotRequired[str]
    review: NotRequired[str]


class AimDocument(TypedDict):
    """An `Aim` as `to_dict` gives it.

    Examples:
        >>> sorted(AimDocument.__required_keys__)
        ['by_when', 'for_whom', 'how_much', 'id', 'what']
    """

    id: str
    what: str
    how_much: str
    for_whom: str
    by_when: str


class DriverDocument(TypedDict):
    """A `Driver` as `to_dict` gives it.

    Examples:
        >>> sorted(DriverDocument.__required_keys__)
        ['id', 'kind', 'title']
    """

    id: str
    title: str
    kind: DriverKindName
    aim: NotRequired[str]
    feeds: NotRequired[list[str]]


class ChangeIdeaDocument(TypedDict):
    """A `ChangeIdea` as `to_dict` gives it.

    Examples:
        >>> sorted(ChangeIdeaDocument.__required_keys__)
        ['id', 'title']
    """

    id: str
    title: str
    description: NotRequired[str]
    feeds: NotRequired[list[str]]


class MeasureDocument(TypedDict):
    """A `Measure` as `to_dict` gives it.

    Examples:
        >>> sorted(MeasureDocument.__required_keys__)
        ['id', 'kind', 'name']
    """

    id: str
    name: str
    kind: MeasureKindName
    unit: NotRequired[str]
    improvement: NotRequired[Literal["increase", "decrease", "neither"]]
    description: NotRequired[str]
    of: NotRequired[list[str]]


class ObservationDocument(TypedDict):
    """An `Observation` as `to_dict` gives it (a missing value is None).

    Examples:
        >>> sorted(ObservationDocument.__required_keys__)
        ['at', 'measure', 'value']
    """

    measure: str
    at: str
    value: float | None


class EventDocument(TypedDict):
    """One event of a cycle's stream.

    Examples:
        >>> sorted(EventDocument.__required_keys__)
        ['at', 'kind', 'payload', 'version']
    """

    kind: str
    at: str
    payload: dict[str, Any]
    version: int


class CycleDocument(TypedDict):
    """A `Cycle` as `to_dict` gives it: its id, change idea and events.

    Examples:
        >>> sorted(CycleDocument.__required_keys__)
        ['change_idea', 'id']
    """

    id: str
    change_idea: str
    parent: NotRequired[str]
    events: NotRequired[list[EventDocument]]


class InitiativeDocument(TypedDict):
    """An `Initiative` as `to_dict` gives it: the version key, then each collection.

    Examples:
        >>> import coproduction as cp
        >>> doc: InitiativeDocument = {"coproduction": 1, "id": "oak"}
        >>> cp.from_dict(cp.Initiative, doc).id
        'oak'
    """

    coproduction: int
    id: str
    title: NotRequired[str]
    description: NotRequired[str]
    population: NotRequired[dict[str, dict[str, int]]]
    stakeholders: NotRequired[list[StakeholderDocument]]
    roles: NotRequired[list[RoleDocument]]
    memberships: NotRequired[list[MembershipDocument]]
    meetings: NotRequired[list[MeetingDocument]]
    decisions: NotRequired[list[DecisionDocument]]
    feedback: NotRequired[list[FeedbackDocument]]
    responses: NotRequired[list[ResponseDocument]]
    care_plans: NotRequired[list[CarePlanDocument]]
    aims: NotRequired[list[AimDocument]]
    drivers: NotRequired[list[DriverDocument]]
    change_ideas: NotRequired[list[ChangeIdeaDocument]]
    measures: NotRequired[list[MeasureDocument]]
    observations: NotRequired[list[ObservationDocument]]
    cycles: NotRequired[list[CycleDocument]]


# Evidence, by kind of finding. Any finding about a decision that a later one put
# right also has ``revisited_by``, the later decision's id.


class ProfessionalDominanceEvidence(TypedDict):
    """The evidence of a `professional_dominance` finding (shares from 0 to 1).

    Examples:
        >>> sorted(ProfessionalDominanceEvidence.__required_keys__)
        ['lived_experience_share', 'lived_experience_voice', 'membership_share', 'threshold']
    """

    lived_experience_share: float
    lived_experience_voice: float
    membership_share: float
    threshold: float
    revisited_by: NotRequired[str]


class TokenismEvidence(TypedDict):
    """The evidence of a `tokenism` finding; `perspective` when it is about a group.

    Examples:
        >>> sorted(TokenismEvidence.__required_keys__)
        ['adopted', 'decisions_with_views', 'others_adopted_in']
    """

    decisions_with_views: int
    adopted: int
    others_adopted_in: int
    perspective: NotRequired[PerspectiveName]
    revisited_by: NotRequired[str]


class AffectedAbsentEvidence(TypedDict):
    """The evidence of an `affected_absent` finding.

    Examples:
        >>> sorted(AffectedAbsentEvidence.__required_keys__)
        ['scope']
    """

    scope: ScopeName
    affected: NotRequired[int]
    people: NotRequired[Sequence[str]]
    uninvited: NotRequired[bool]
    revisited_by: NotRequired[str]


class LevelOverstatedEvidence(TypedDict):
    """The evidence of a `level_overstated` finding.

    Examples:
        >>> sorted(LevelOverstatedEvidence.__required_keys__)
        ['observed', 'rungs_apart', 'stated']
    """

    stated: LevelName
    observed: LevelName
    rungs_apart: int
    revisited_by: NotRequired[str]


class FormalPowerConcentrationEvidence(TypedDict):
    """The evidence of a `formal_power_concentration` finding.

    Examples:
        >>> sorted(FormalPowerConcentrationEvidence.__required_keys__)
        ['banzhaf', 'membership_share', 'perspective', 'power_share']
    """

    perspective: PerspectiveName
    power_share: float
    membership_share: float
    banzhaf: Mapping[str, float]
    revisited_by: NotRequired[str]


class SingleDeciderEvidence(TypedDict):
    """The evidence of a `single_decider` finding.

    Examples:
        >>> sorted(SingleDeciderEvidence.__required_keys__)
        ['decisions_with_final_say', 'final_say', 'share']
    """

    final_say: int
    decisions_with_final_say: int
    share: float
    revisited_by: NotRequired[str]


class AccessUnmetEvidence(TypedDict):
    """The evidence of an `access_unmet` finding.

    Examples:
        >>> sorted(AccessUnmetEvidence.__required_keys__)
        ['decisions_taken', 'missing']
    """

    missing: Sequence[str]
    decisions_taken: int
    stayed_away: NotRequired[bool]
    revisited_by: NotRequired[str]


class UnderRepresentedEvidence(TypedDict):
    """The evidence of an `under_represented` finding.

    Examples:
        >>> sorted(UnderRepresentedEvidence.__required_keys__)
        ['characteristic', 'group', 'served', 'share']
    """

    characteristic: str
    group: str
    served: int
    share: float
    revisited_by: NotRequired[str]


class ReviewWithoutLivedExperienceEvidence(TypedDict):
    """The evidence of a `review_without_lived_experience` finding.

    Examples:
        >>> sorted(ReviewWithoutLivedExperienceEvidence.__required_keys__)
        ['phases', 'took_part']
    """

    phases: Sequence[str]
    took_part: Sequence[str]
    revisited_by: NotRequired[str]


class FeedbackUnansweredEvidence(TypedDict):
    """The evidence of a `feedback_unanswered` finding; the reply's date if one held it.

    Examples:
        >>> sorted(FeedbackUnansweredEvidence.__required_keys__)
        ['age_days', 'limit_days']
    """

    age_days: int
    limit_days: int
    holding_reply: NotRequired[str]
    days_since_reply: NotRequired[int]
    revisited_by: NotRequired[str]


class ProxyOnlyEvidence(TypedDict):
    """The evidence of a `proxy_only` finding.

    Examples:
        >>> sorted(ProxyOnlyEvidence.__required_keys__)
        ['represented_by']
    """

    represented_by: Sequence[str]
    revisited_by: NotRequired[str]


class ObjectionOverriddenEvidence(TypedDict):
    """The evidence of an `objection_overridden` finding.

    Examples:
        >>> sorted(ObjectionOverriddenEvidence.__required_keys__)
        ['rule']
    """

    rule: RuleName
    objectors: NotRequired[Sequence[str]]
    opposed: NotRequired[Sequence[str]]
    revisited_by: NotRequired[str]


class OutvotedEvidence(TypedDict):
    """The evidence of an `outvoted` finding.

    Examples:
        >>> sorted(OutvotedEvidence.__required_keys__)
        ['contested', 'lost', 'share']
    """

    contested: int
    lost: int
    share: float
    revisited_by: NotRequired[str]


class MembershipImbalanceEvidence(TypedDict):
    """The evidence of a `membership_imbalance` finding.

    Examples:
        >>> sorted(MembershipImbalanceEvidence.__required_keys__)
        ['lived_experience_members', 'members', 'minimum', 'share']
    """

    lived_experience_members: int
    members: int
    share: float
    minimum: float
    revisited_by: NotRequired[str]


class AffectedOverruledEvidence(TypedDict):
    """The evidence of an `affected_overruled` finding.

    Examples:
        >>> sorted(AffectedOverruledEvidence.__required_keys__)
        ['prevailed']
    """

    prevailed: Sequence[str]
    revisited_by: NotRequired[str]


class BestInterestsIncompleteEvidence(TypedDict):
    """The evidence of a `best_interests_incomplete` finding.

    Examples:
        >>> sorted(BestInterestsIncompleteEvidence.__required_keys__)
        ['missing']
    """

    missing: Sequence[str]
    revisited_by: NotRequired[str]


class CarePlanNotAgreedEvidence(TypedDict):
    """The evidence of a `care_plan_not_agreed` finding.

    Examples:
        >>> sorted(CarePlanNotAgreedEvidence.__required_keys__)
        ['agreed_by', 'items']
    """

    items: int
    agreed_by: Sequence[str]


class CarePlanReviewOverdueEvidence(TypedDict):
    """The evidence of a `care_plan_review_overdue` finding.

    Examples:
        >>> sorted(CarePlanReviewOverdueEvidence.__required_keys__)
        ['days_overdue', 'review']
    """

    review: str
    days_overdue: int


class BalancingConcernEvidence(TypedDict):
    """The evidence of a `balancing_concern` finding.

    Examples:
        >>> sorted(BalancingConcernEvidence.__required_keys__)
        ['at', 'chart', 'rule', 'studied']
    """

    chart: str
    rule: str
    at: str | None
    studied: str


Evidence: TypeAlias = (
    ProfessionalDominanceEvidence
    | TokenismEvidence
    | AffectedAbsentEvidence
    | LevelOverstatedEvidence
    | FormalPowerConcentrationEvidence
    | SingleDeciderEvidence
    | AccessUnmetEvidence
    | UnderRepresentedEvidence
    | ReviewWithoutLivedExperienceEvidence
    | FeedbackUnansweredEvidence
    | ProxyOnlyEvidence
    | ObjectionOverriddenEvidence
    | OutvotedEvidence
    | MembershipImbalanceEvidence
    | AffectedOverruledEvidence
    | BestInterestsIncompleteEvidence
    | CarePlanNotAgreedEvidence
    | CarePlanReviewOverdueEvidence
    | BalancingConcernEvidence
)
"""The evidence of any finding: one TypedDict per `FindingKind`, in the kinds' order.

`Finding.evidence` is typed as a `Mapping[str, object]`; once the kind is known, `cast`
it to that kind's TypedDict to read it with its types.
"""

EVIDENCE: Final[Mapping[str, type]] = MappingProxyType(
    {
        "professional_dominance": ProfessionalDominanceEvidence,
        "tokenism": TokenismEvidence,
        "affected_absent": AffectedAbsentEvidence,
        "level_overstated": LevelOverstatedEvidence,
        "formal_power_concentration": FormalPowerConcentrationEvidence,
        "single_decider": SingleDeciderEvidence,
        "access_unmet": AccessUnmetEvidence,
        "under_represented": UnderRepresentedEvidence,
        "review_without_lived_experience": ReviewWithoutLivedExperienceEvidence,
        "feedback_unanswered": FeedbackUnansweredEvidence,
        "proxy_only": ProxyOnlyEvidence,
        "objection_overridden": ObjectionOverriddenEvidence,
        "outvoted": OutvotedEvidence,
        "membership_imbalance": MembershipImbalanceEvidence,
        "affected_overruled": AffectedOverruledEvidence,
        "best_interests_incomplete": BestInterestsIncompleteEvidence,
        "care_plan_not_agreed": CarePlanNotAgreedEvidence,
        "care_plan_review_overdue": CarePlanReviewOverdueEvidence,
        "balancing_concern": BalancingConcernEvidence,
    }
)
"""The TypedDict of each kind of finding's evidence, by the kind's value."""


class Summary(TypedDict):
    """`Report.summary`: figures about the whole initiative (shares from 0 to 1).

    Examples:
        >>> sorted(Summary.__required_keys__)
        ['decisions', 'findings', 'influence_shares', 'lived_experience', 'membership_shares', 'observed_levels', 'stated_levels', 'voice_shares']
    """

    decisions: int
    influence_shares: Mapping[str, float]
    voice_shares: Mapping[str, float]
    membership_shares: Mapping[str, float]
    stated_levels: Mapping[str, int]
    observed_levels: Mapping[str, int]
    findings: Mapping[str, int]
    lived_experience: Sequence[PerspectiveName]


class FindingJSON(TypedDict):
    """One finding in the report's JSON.

    Examples:
        >>> sorted(FindingJSON.__required_keys__)
        ['evidence', 'kind', 'message', 'severity', 'subjects', 'theme']
    """

    kind: FindingKindName
    severity: SeverityName
    theme: ThemeName
    subjects: list[str]
    message: str
    evidence: dict[str, Any]


class InitiativeJSON(TypedDict):
    """The initiative a report's JSON is about.

    Examples:
        >>> sorted(InitiativeJSON.__required_keys__)
        ['id', 'title']
    """

    id: str
    title: str


class ReportJSON(TypedDict):
    """The report as `to_json_data` gives it (see the Reports page for each key).

    Examples:
        >>> sorted(ReportJSON.__required_keys__)
        ['as_of', 'coproduction_version', 'findings', 'format', 'initiative', 'policy', 'summary', 'version']
    """

    format: Literal["coproduction-report"]
    version: int
    coproduction_version: str
    initiative: InitiativeJSON | None
    as_of: str | None
    policy: dict[str, Any]
    summary: dict[str, Any]
    findings: list[FindingJSON]
