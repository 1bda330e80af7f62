"""The vocabulary of findings: `Severity`, `FindingKind`, `Theme`, `Policy`, `Finding`, `Report`."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Final, cast, overload

from attrs import field, frozen

from coproduction._choice import Choice, OrderedChoice
from coproduction._display import render as render_html_display
from coproduction._fields import FrozenDict, freeze
from coproduction.analysis.policy import Policy
from coproduction.initiative import Initiative
from coproduction.types import FindingKindName, SeverityName, Summary

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
    OBJECTION_OVERRIDDEN = "objection_overridden"
    OUTVOTED = "outvoted"
    MEMBERSHIP_IMBALANCE = "membership_imbalance"
    AFFECTED_OVERRULED = "affected_overruled"
    BEST_INTERESTS_INCOMPLETE = "best_interests_incomplete"
    CARE_PLAN_NOT_AGREED = "care_plan_not_agreed"
    CARE_PLAN_REVIEW_OVERDUE = "care_plan_review_overdue"
    BALANCING_CONCERN = "balancing_concern"


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
    FindingKind.OBJECTION_OVERRIDDEN: Theme.REDUCING_POWER_IMBALANCES,
    FindingKind.OUTVOTED: Theme.REDUCING_POWER_IMBALANCES,
    FindingKind.MEMBERSHIP_IMBALANCE: Theme.MORE_THAN_CONSULTING,
    FindingKind.AFFECTED_OVERRULED: Theme.PERSON_CENTRED_CARE,
    FindingKind.BEST_INTERESTS_INCOMPLETE: Theme.PERSON_CENTRED_CARE,
    FindingKind.CARE_PLAN_NOT_AGREED: Theme.PERSON_CENTRED_CARE,
    FindingKind.CARE_PLAN_REVIEW_OVERDUE: Theme.PERSON_CENTRED_CARE,
    FindingKind.BALANCING_CONCERN: Theme.CONTINUOUS_IMPROVEMENT,
}
"""The theme of each kind of finding."""


def _frozen(value: Mapping[str, Any]) -> FrozenDict[str, Any]:
    frozen_value: FrozenDict[str, Any] = freeze(value)
    return frozen_value


def _summary(value: Mapping[str, Any]) -> Summary:
    # Frozen at run time; described for type checkers by `Summary`.
    return cast("Summary", freeze(value))


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
        >>> f.template, f.params["name"], f.params["needs"]
        ('access_unmet.meeting', 'Edna Whitfield', ['hearing_loop'])

    Added in 0.1; `template` and `params` in 0.2.
    """

    kind: FindingKind
    severity: Severity
    subjects: tuple[str, ...]
    """Ids of the people, decisions, meetings, feedback or cycles concerned."""
    evidence: Mapping[str, object] = field(factory=FrozenDict, converter=_frozen)
    """The numbers behind the finding, as plain data that cannot be changed: its
    mappings are `FrozenDict` and its lists `FrozenList`, which compare equal to dicts
    and lists. Its keys for each kind are described by a TypedDict in
    `coproduction.types` (`EVIDENCE`): ``cast(OutvotedEvidence, f.evidence)`` reads it
    with its types."""
    message: str
    """A sentence a care manager understands, saying what to do about it."""
    theme: Theme
    template: str = ""
    """The id of the template `message` was written from (one of `MESSAGE_TEMPLATES`, listed
    on the "Messages in other languages" page), for rendering it in another language
    with `render_message`; empty for a finding made by hand with a message of its own."""
    params: FrozenDict[str, Any] = field(factory=FrozenDict, converter=_frozen)
    """The values `message` was written from: names, ids, counts, shares as fractions,
    dates as ISO text, lists of names as lists (frozen, as `evidence` is)."""

    def _repr_html_(self) -> str | None:
        """How Jupyter shows it: the HTML that `coproduction.present.html` registered."""
        return render_html_display(self)

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
        0.42
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
    summary: Summary = field(converter=_summary)
    """Figures about the whole initiative: influence and membership shares by perspective,
    decisions by stated and observed level, counts of findings by severity (frozen, as
    `evidence` is)."""
    as_of: dt.date | None
    """The date that ages were measured from."""
    initiative: Initiative | None = field(default=None, eq=False, repr=False)
    """A still picture (`Initiative.snapshot`) of what was analysed, for showing the
    report with its influence picture and decisions; not part of equality. Added in 0.2."""

    def _repr_html_(self) -> str | None:
        """How Jupyter shows it: the HTML that `coproduction.present.html` registered."""
        return render_html_display(self)

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

    def at_least(self, severity: Severity | SeverityName) -> tuple[Finding, ...]:
        """The findings at or above a severity.

        Examples:
            >>> import coproduction as cp
            >>> r = cp.find_imbalances(cp.scenarios.load_bundled("day_centre_timetable"))
            >>> {f.kind.value for f in r.at_least("warning")} >= {"single_decider"}
            True
        """
        floor = Severity(severity)
        return tuple(f for f in self.findings if f.severity >= floor)

    def of_kind(self, kind: FindingKind | FindingKindName) -> tuple[Finding, ...]:
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
