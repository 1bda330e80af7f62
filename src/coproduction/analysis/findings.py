"""The vocabulary of findings: `Severity`, `FindingKind`, `Theme`, `Policy`, `Finding`, `Report`."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Final, overload

from attrs import Factory, field, frozen

from coproduction._choice import Choice, OrderedChoice
from coproduction.analysis.participation import ACTION_WEIGHTS
from coproduction.model import Action

__all__ = ["THEMES", "Finding", "FindingKind", "Policy", "Report", "Severity", "Theme"]


class Severity(OrderedChoice):
    """How much a finding matters, lowest first; members compare in order.

    Examples:
        >>> Severity.INFO < Severity.WARNING < Severity.CONCERN
        True

    Added in 0.1.
    """

    INFO = "info"
    """Worth knowing; not a problem in itself."""
    WARNING = "warning"
    """A pattern that weakens co-production; look into it."""
    CONCERN = "concern"
    """Someone is shut out of decisions about their life; act on it."""


class FindingKind(Choice):
    """The kinds of imbalance the analysis looks for (values as in JSON).

    Examples:
        >>> FindingKind("access_unmet").value
        'access_unmet'

    Added in 0.1.
    """

    PROFESSIONAL_DOMINANCE = "professional_dominance"
    TOKENISM = "tokenism"
    AFFECTED_ABSENT = "affected_absent"
    LEVEL_OVERSTATED = "level_overstated"
    FORMAL_POWER_CONCENTRATION = "formal_power_concentration"
    SINGLE_DECIDER = "single_decider"
    ACCESS_UNMET = "access_unmet"
    UNDER_REPRESENTED = "under_represented"
    REVIEW_WITHOUT_LIVED_EXPERIENCE = "review_without_lived_experience"
    FEEDBACK_UNANSWERED = "feedback_unanswered"
    PROXY_ONLY = "proxy_only"


class Theme(Choice):
    """The idea of co-production a finding touches, after the training guide's sections.

    Examples:
        >>> THEMES[FindingKind.ACCESS_UNMET]
        <Theme.INCLUSIVITY_AND_DIVERSITY: 'inclusivity_and_diversity'>

    Added in 0.1.
    """

    REDUCING_POWER_IMBALANCES = "reducing_power_imbalances"
    EMPOWERMENT = "empowerment"
    PERSON_CENTRED_CARE = "person_centred_care"
    MORE_THAN_CONSULTING = "more_than_consulting"
    RELATIONSHIPS_AND_OWNERSHIP = "relationships_and_ownership"
    INCLUSIVITY_AND_DIVERSITY = "inclusivity_and_diversity"
    CONTINUOUS_IMPROVEMENT = "continuous_improvement"
    FAMILIES_AND_ADVOCATES = "families_and_advocates"


THEMES: Final[Mapping[FindingKind, Theme]] = {
    FindingKind.PROFESSIONAL_DOMINANCE: Theme.REDUCING_POWER_IMBALANCES,
    FindingKind.TOKENISM: Theme.EMPOWERMENT,
    FindingKind.AFFECTED_ABSENT: Theme.PERSON_CENTRED_CARE,
    FindingKind.LEVEL_OVERSTATED: Theme.MORE_THAN_CONSULTING,
    FindingKind.FORMAL_POWER_CONCENTRATION: Theme.REDUCING_POWER_IMBALANCES,
    FindingKind.SINGLE_DECIDER: Theme.RELATIONSHIPS_AND_OWNERSHIP,
    FindingKind.ACCESS_UNMET: Theme.INCLUSIVITY_AND_DIVERSITY,
    FindingKind.UNDER_REPRESENTED: Theme.INCLUSIVITY_AND_DIVERSITY,
    FindingKind.REVIEW_WITHOUT_LIVED_EXPERIENCE: Theme.CONTINUOUS_IMPROVEMENT,
    FindingKind.FEEDBACK_UNANSWERED: Theme.CONTINUOUS_IMPROVEMENT,
    FindingKind.PROXY_ONLY: Theme.FAMILIES_AND_ADVOCATES,
}
"""The theme of each kind of finding."""


def _weights(given: Mapping[Action | str, float]) -> dict[Action, float]:
    """The default weights, overridden by those given (by action or its name)."""
    return {**ACTION_WEIGHTS, **{Action(k): float(v) for k, v in given.items()}}


@frozen(kw_only=True)
class Policy:
    """Every threshold the analysis uses, each with a default and the reason for it.

    Examples:
        >>> Policy().equal_weight_ratio
        0.5
        >>> Policy(feedback_days=28).feedback_days
        28

    Added in 0.1.
    """

    action_weights: Mapping[Action, float] = field(
        default=Factory(lambda: dict(ACTION_WEIGHTS)), converter=_weights
    )
    """Weight of each action: presence 0, a view or a vote 1, a proposal 2, the final say 3,
    so that shaping a decision counts for more than being there. Actions left out keep
    their default weight."""
    adopted_factor: float = 2.0
    """An adopted contribution counts double: an idea that became the decision shaped it most."""
    equal_weight_ratio: float = 0.5
    """`professional_dominance` when lived experience holds less than half the influence its
    share of members would give it: a gap of this size is no accident of one meeting."""
    dominance_concern_ratio: float = 0.25
    """...and it is a concern below a quarter: lived experience is then barely heard."""
    tokenism_min_decisions: int = 3
    """`tokenism` needs views put forward on at least three decisions, so that one or two
    rejected ideas (which any fair group has) are not called tokenism."""
    single_decider_share: float = 0.5
    """`single_decider` when one person has the final say on more than half of the
    decisions that record one: that is "most", by the plain meaning of the word."""
    single_decider_min_decisions: int = 3
    """...counted only over at least three such decisions, so that two are not a pattern."""
    formal_power_margin: float = 0.2
    """`formal_power_concentration` when a perspective's Banzhaf power exceeds its share of
    members by more than 20 points: votes and vetoes then outweigh numbers."""
    quota: int | None = None
    """Votes a coalition needs in the formal voting game; None means a simple majority."""
    overstated_concern_gap: int = 2
    """`level_overstated` is a concern when the stated level is two or more rungs above the
    observed one (e.g. "co-producing" where people were only consulted)."""
    feedback_days: int = 90
    """Feedback is `feedback_unanswered` after 90 days without a response: a quarter, the
    usual interval of a service review."""
    representation_min_share: float = 0.05
    """`under_represented` looks only at groups that are at least 5% of the people served,
    so that a group of one or two is not expected to have a member of its own."""


@frozen(kw_only=True, repr=False)
class Finding:
    """One thing the analysis found, explained.

    Examples:
        >>> import coproduction as cp
        >>> report = cp.find_imbalances(cp.scenarios.load_bundled("oak_house_meals"))
        >>> f = report[0]
        >>> f.kind, f.severity, f.subjects
        (<FindingKind.ACCESS_UNMET: 'access_unmet'>, <Severity.CONCERN: 'concern'>, ('edna', 'm3-garden-room'))
        >>> f
        <Finding concern access_unmet: 'edna', 'm3-garden-room'>

    Added in 0.1.
    """

    kind: FindingKind
    severity: Severity
    subjects: tuple[str, ...]
    """Ids of the people, decisions, meetings, feedback or cycles concerned."""
    evidence: dict[str, Any] = field(factory=dict)
    """The numbers behind the finding, as plain data."""
    message: str
    """A sentence a care manager understands, saying what to do about it."""
    theme: Theme

    def __repr__(self) -> str:
        subjects = ", ".join(repr(s) for s in self.subjects)
        return f"<Finding {self.severity.value} {self.kind.value}: {subjects}>"


@frozen(kw_only=True, repr=False)
class Report(Sequence[Finding]):
    """The findings about an initiative, most serious first, with the policy and figures used.

    A report is a sequence of `Finding`: iterate over it, index it, take its `len`.

    Examples:
        >>> import coproduction as cp
        >>> report = cp.find_imbalances(cp.scenarios.load_bundled("home_adaptations"))
        >>> len(report.at_least(cp.Severity.WARNING))
        0
        >>> round(report.summary["influence_shares"]["lived_experience"], 2)
        0.61
        >>> cp.find_imbalances(cp.scenarios.load_bundled("deaf_communication_policy"))
        <Report as of 2026-01-22: 4 findings (concern 4): level_overstated 2, access_unmet 2>
        >>> cp.find_imbalances(cp.scenarios.load_bundled("shared_lounge_decoration"))
        <Report as of 2026-02-04: 1 finding (warning 1): tokenism 1>
        >>> cp.find_imbalances(cp.Initiative(id="new"))
        <Report: no findings>

    Added in 0.1.
    """

    findings: tuple[Finding, ...]
    policy: Policy
    summary: dict[str, Any]
    """Figures about the whole initiative: influence and membership shares by perspective,
    decisions by stated and observed level, counts of findings by severity."""
    as_of: dt.date | None
    """The date that ages were measured from."""

    def __repr__(self) -> str:
        when = f" as of {self.as_of.isoformat()}" if self.as_of else ""
        if not self.findings:
            return f"<Report{when}: no findings>"
        severities = Counter(f.severity for f in self.findings)
        by_severity = ", ".join(
            f"{s.value} {severities[s]}" for s in reversed(Severity) if severities[s]
        )
        kinds = Counter(f.kind.value for f in self.findings).most_common()
        by_kind = ", ".join(f"{kind} {n}" for kind, n in kinds)
        count = len(self.findings)
        noun = "finding" if count == 1 else "findings"
        return f"<Report{when}: {count} {noun} ({by_severity}): {by_kind}>"

    @overload
    def __getitem__(self, index: int) -> Finding: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Finding]: ...
    def __getitem__(self, index: int | slice) -> Finding | Sequence[Finding]:
        return self.findings[index]

    def __len__(self) -> int:
        return len(self.findings)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def at_least(self, severity: Severity | str) -> tuple[Finding, ...]:
        """The findings at or above a severity.

        Examples:
            >>> import coproduction as cp
            >>> r = cp.find_imbalances(cp.scenarios.load_bundled("day_centre_timetable"))
            >>> {f.kind.value for f in r.at_least("warning")} >= {"single_decider"}
            True
        """
        floor = Severity(severity)
        return tuple(f for f in self.findings if f.severity >= floor)

    def of_kind(self, kind: FindingKind | str) -> tuple[Finding, ...]:
        """The findings of one kind.

        Examples:
            >>> import coproduction as cp
            >>> r = cp.find_imbalances(cp.scenarios.load_bundled("oak_house_meals"))
            >>> [f.subjects for f in r.of_kind("access_unmet")]
            [('edna', 'm3-garden-room')]
        """
        wanted = FindingKind(kind)
        return tuple(f for f in self.findings if f.kind is wanted)

    @property
    def worst(self) -> Severity | None:
        """The highest severity found, or None when nothing was found."""
        return max((f.severity for f in self.findings), default=None)
