"""Find power imbalances, and explain each in words a care manager can act on.

`find_imbalances` runs one detector per kind of finding. Each detector is a plain
function of the initiative, the policy and figures computed once; each finding names the
people, decisions and meetings concerned, shows the numbers behind it and says what to
do. Nothing depends on the wall clock: ages are measured from `as_of`, which defaults to
the latest date the initiative records.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Final

import attrs
from attrs import frozen

from coproduction._words import did_you_mean
from coproduction.analysis._reading import credited, lived_among
from coproduction.analysis._tally import Tally
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
from coproduction.analysis.messages import render_message
from coproduction.analysis.participation import membership_shares, perspective_shares
from coproduction.errors import ValidationError
from coproduction.improvement import Cycle
from coproduction.initiative import Initiative
from coproduction.model import (
    Action,
    Decision,
    FeedbackKind,
    Level,
    Meeting,
    Perspective,
    ResponseKind,
    Scope,
    Stakeholder,
)
from coproduction.model.access import normalise_need
from coproduction.model.decisions import stayed_away_for_access
from coproduction.types import FindingKindName

__all__ = [
    "Finding",
    "FindingKind",
    "Policy",
    "Report",
    "Severity",
    "Theme",
    "find_imbalances",
    "latest_date",
]

_PHASES: Final = {"studied": "study", "acted": "act"}
"""The events of a PDSA cycle that judge it, and the phase each belongs to."""


def find_imbalances(
    initiative: Initiative,
    policy: Policy | None = None,
    *,
    as_of: dt.date | None = None,
    kinds: Iterable[FindingKind | FindingKindName]
    | FindingKind
    | FindingKindName
    | None = None,
) -> Report:
    """Look for every kind of imbalance and explain what was found.

    Args:
        initiative: What to examine.
        policy: The thresholds to use; `Policy()` by default.
        as_of: The date ages are measured from (for unanswered feedback); by default the
            latest date the initiative records, never today's date, so that a report
            is the same whenever it is run.
        kinds: The kinds of finding to look for, as `FindingKind`s or their values
            (one kind alone may be given as it is); only their detectors run, which is
            quicker when a page shows one kind. The thresholds and the report's
            summary figures are unchanged, so the findings are exactly those of the
            full report of these kinds. `None`, the default, looks for every kind.

    Returns:
        A `Report`: the findings sorted by severity (most serious first), kind and
        subjects, with the policy and summary figures.

    Examples:
        >>> import coproduction as cp
        >>> report = cp.find_imbalances(cp.scenarios.load_bundled("oak_house_meals"))
        >>> for f in report:
        ...     print(f.severity.value, f.kind.value, f.subjects)
        concern access_unmet ('edna', 'm3-garden-room')
        info balancing_concern ('curry-2', 'kitchen-overtime')
        >>> print(report[0].message)
        Edna Whitfield needs a hearing loop, which was not provided at the meeting on 6 November 2025 ("Mealtimes group in the garden room, while the lounge was being decorated"). Provide it at every meeting Edna attends, and check with Edna how the 2 decisions taken there should be revisited.

        Only some kinds:

        >>> ini = cp.scenarios.load_bundled("oak_house_meals")
        >>> [f.kind.value for f in cp.find_imbalances(ini, kinds=["balancing_concern"])]
        ['balancing_concern']
        >>> cp.find_imbalances(ini, kinds=["acess_unmet"])
        Traceback (most recent call last):
        ...
        coproduction.errors.ValidationError: $.kinds[0]: 'acess_unmet' is not a kind of finding (did you mean 'access_unmet'?)

    Raises:
        ValidationError: If a kind is not a `FindingKind` or the value of one; the
            message names it, with a "did you mean" where a kind is close.

    See Also:
        `influence_shares`, `observed_level`, `formal_power`: the figures behind findings.

    Added in 0.1.
    """
    wanted = _wanted(kinds)
    initiative = initiative.snapshot()  # a still picture: never a change half made
    policy = policy if policy is not None else Policy()
    as_of = as_of if as_of is not None else latest_date(initiative)
    context = _Context.of(initiative, policy, as_of)
    detectors = [_DETECTOR_OF[kind] for kind in wanted]
    found = _revisited([f for detect in detectors for f in detect(context)], context)
    found.sort(key=lambda f: (-f.severity.rank, f.kind.rank, f.subjects))
    counts = Counter(f.severity for f in found)
    summary = {
        "decisions": len(initiative.decisions),
        "voice_shares": {p.value: context.voice[p] for p in Perspective},
        "influence_shares": {p.value: context.shares[p] for p in Perspective},
        "membership_shares": {p.value: context.members[p] for p in Perspective},
        "lived_experience": sorted(p.value for p in policy.lived_experience),
        "stated_levels": _level_counts(d.level for d in initiative.decisions),
        "observed_levels": _level_counts(context.tally.observed),
        "findings": {s.value: counts[s] for s in Severity},
    }
    return Report(
        findings=tuple(found),
        policy=policy,
        summary=summary,
        as_of=as_of,
        initiative=initiative,
    )


def latest_date(initiative: Initiative) -> dt.date | None:
    """The latest date the initiative records, the default `as_of` of `find_imbalances`.

    It looks at meetings, decisions, feedback, responses, care plans, observations and
    the events of PDSA cycles.

    Examples:
        >>> import coproduction as cp
        >>> latest_date(cp.scenarios.load_bundled("home_adaptations")).year >= 2025
        True
    """
    initiative = initiative.snapshot()  # a still picture: never a change half made
    dates = [m.date for m in initiative.meetings]
    dates += [d.date for d in initiative.decisions if d.date]
    dates += [f.received for f in initiative.feedback]
    dates += [r.date for r in initiative.responses]
    dates += [p.agreed for p in initiative.care_plans if p.agreed]
    dates += [o.at for o in initiative.observations]
    dates += [e.at.date() for c in initiative.cycles for e in c.events]
    return max(dates, default=None)


@frozen
class _Context:
    """What every detector reads, computed once (the decisions in one pass)."""

    ini: Initiative
    policy: Policy
    as_of: dt.date | None
    stakeholders: dict[str, Stakeholder]
    lived_ids: frozenset[str]
    tally: Tally
    shares: dict[Perspective, float]
    voice: dict[Perspective, float]
    members: dict[Perspective, float]
    perspective: dict[str, Perspective]

    @classmethod
    def of(cls, ini: Initiative, policy: Policy, as_of: dt.date | None) -> _Context:
        stakeholders = {s.id: s for s in ini.stakeholders}
        lived_ids = frozenset(lived_among(ini, stakeholders, policy.lived_experience))
        speakers: dict[str, set[str]] = defaultdict(set)  # who may speak for whom
        for s in stakeholders.values():
            for person in s.represents:
                speakers[person].add(s.id)
        perspective = {i: s.perspective for i, s in stakeholders.items()}
        close = frozenset(i for i, s in stakeholders.items() if s.kind in _CLOSE)
        tally = Tally.of(
            ini,
            policy=policy,
            lived=lived_ids,
            speakers=speakers,
            perspective=perspective,
            votes={p: v for p, (v, _) in voting_game(ini).items()},
            close=close,
        )
        return cls(
            ini,
            policy,
            as_of,
            stakeholders,
            lived_ids,
            tally,
            perspective_shares(tally.influence, perspective),
            perspective_shares(tally.voice, perspective),
            membership_shares(ini),
            perspective,
        )

    def name(self, person: str) -> str:
        return self.stakeholders[person].name

    def lived(self, person: str) -> bool:
        return person in self.lived_ids

    @property
    def lived_share(self) -> float:
        """Lived experience's share of the influence."""
        return sum(self.shares[p] for p in self.policy.lived_experience)

    @property
    def lived_members(self) -> float:
        """Lived experience's share of the members."""
        return sum(self.members[p] for p in self.policy.lived_experience)

    @property
    def with_carers(self) -> bool:
        """Whether the policy counts family carers as having lived experience."""
        return Perspective.CARER in self.policy.lived_experience


def _finding(
    kind: FindingKind,
    severity: Severity,
    subjects: tuple[str, ...],
    template: str,
    params: dict[str, Any],
    **evidence: Any,
) -> Finding:
    """A finding whose English message is rendered from its template and params."""
    return Finding(
        kind=kind,
        severity=severity,
        subjects=subjects,
        evidence=evidence,
        message=render_message(template, params),
        theme=THEMES[kind],
        template=template,
        params=params,
    )


def _professional_dominance(c: _Context) -> Iterator[Finding]:
    share, members = c.lived_share, c.lived_members
    if (
        not members
        or not any(c.shares.values())  # no one shaped anything: no one dominates
        or share >= c.policy.equal_weight_ratio * members
    ):
        return
    severity = (
        Severity.CONCERN
        if share < c.policy.dominance_concern_ratio * members
        else Severity.WARNING
    )
    proposed = any(c.tally.views.get(p) for p in c.lived_ids)
    voice = sum(c.voice[p] for p in c.policy.lived_experience)
    params = {
        "with_carers": c.with_carers,
        "members": members,
        "voice": voice,
        "influence": share,
        "proposed": proposed,
    }
    subjects = tuple(sorted(c.lived_ids))
    yield _finding(
        FindingKind.PROFESSIONAL_DOMINANCE,
        severity,
        subjects,
        "professional_dominance",
        params,
        lived_experience_share=share,
        lived_experience_voice=voice,
        membership_share=members,
        threshold=c.policy.equal_weight_ratio * members,
    )


def _tokenism(c: _Context) -> Iterator[Finding]:
    views, others = c.tally.views, c.tally.others_adopted
    for person in sorted(views.keys() - c.tally.ever_adopted):
        decisions = views[person]
        if decisions < c.policy.tokenism_min_decisions or person not in others:
            continue
        params = {
            "person": person,
            "name": c.name(person),
            "decisions": decisions,
            "others_adopted": others[person],
        }
        yield _finding(
            FindingKind.TOKENISM,
            Severity.WARNING,
            (person,),
            "tokenism.person",
            params,
            decisions_with_views=decisions,
            adopted=0,
            others_adopted_in=others[person],
        )
    yield from _group_tokenism(c)


def _group_tokenism(c: _Context) -> Iterator[Finding]:
    """A perspective whose views, taken together, are never adopted."""
    t = c.tally
    for group in Perspective:
        viewers = t.viewers_of(group, c.perspective)
        decisions = t.group_views[group]
        if (
            group is Perspective.PROFESSIONAL
            or len(viewers) < _A_GROUP  # one person: their own finding says it
            or group in t.group_adopted
            or decisions < c.policy.tokenism_min_decisions
            or not t.group_others_adopted[group]
        ):
            continue
        params = {
            "perspective": group.value,
            "people": len(viewers),
            "decisions": decisions,
            "others_adopted": t.group_others_adopted[group],
        }
        yield _finding(
            FindingKind.TOKENISM,
            Severity.WARNING,
            tuple(sorted(viewers)),
            "tokenism.group",
            params,
            perspective=group.value,
            decisions_with_views=decisions,
            adopted=0,
            others_adopted_in=t.group_others_adopted[group],
        )


_A_GROUP: Final = 2
"""People of one perspective needed for a finding about the perspective as a whole."""


def _affected_absent(c: _Context) -> Iterator[Finding]:
    for people, d in c.tally.absent:
        if d.scope is Scope.PERSONAL:
            (person,) = people
            name = c.name(person)
            meeting = c.ini.meeting(d.meeting) if d.meeting else None
            uninvited = (
                meeting is not None
                and bool(meeting.invited)
                and person
                not in meeting.invited | meeting.attendees | set(meeting.apologies)
            )
            params = {
                "person": person,
                "name": name,
                "decision": d.id,
                "title": d.title,
                "uninvited": uninvited,
            }
            yield _finding(
                FindingKind.AFFECTED_ABSENT,
                Severity.CONCERN,
                (person, d.id),
                "affected_absent.personal",
                params,
                scope="personal",
                **({"uninvited": True} if uninvited else {}),
            )
            continue
        count = len(people)
        params = {"decision": d.id, "title": d.title, "affected": count}
        yield _finding(
            FindingKind.AFFECTED_ABSENT,
            Severity.CONCERN,
            (d.id,),
            "affected_absent.collective",
            params,
            scope="collective",
            affected=count,
            people=list(people),
        )


def _level_overstated(c: _Context) -> Iterator[Finding]:
    for d, seen in zip(c.ini.decisions, c.tally.observed, strict=True):
        if d.level <= seen:
            continue
        gap = d.level.rank - seen.rank
        severity = (
            Severity.CONCERN
            if gap >= c.policy.overstated_concern_gap
            else Severity.WARNING
        )
        params = {
            "decision": d.id,
            "title": d.title,
            "stated": d.level.value,
            "observed": seen.value,
            "personal": d.scope is Scope.PERSONAL,
        }
        unrecorded = seen is Level.COERCING
        yield _finding(
            FindingKind.LEVEL_OVERSTATED,
            severity,
            (d.id,),
            "level_overstated.unrecorded" if unrecorded else "level_overstated",
            params,
            stated=d.level.value,
            observed=seen.value,
            rungs_apart=gap,
        )


def _formal_power_concentration(c: _Context) -> Iterator[Finding]:
    power = formal_power(c.ini, quota=c.policy.quota)
    if not power:
        return
    for perspective in Perspective:
        holders = sorted(
            p for p in power if c.stakeholders[p].perspective is perspective
        )
        share = float(sum(power[p] for p in holders))
        members = len(holders) / len(power)
        if share - members <= c.policy.formal_power_margin:
            continue
        strongest = min(holders, key=lambda p: (-power[p], c.name(p), p))
        params = {
            "perspective": perspective.value,
            "members": members,
            "power": share,
            "strongest": c.name(strongest),
            "strongest_power": float(power[strongest]),
        }
        yield _finding(
            FindingKind.FORMAL_POWER_CONCENTRATION,
            Severity.WARNING,
            tuple(holders),
            "formal_power_concentration",
            params,
            perspective=perspective.value,
            power_share=share,
            membership_share=members,
            banzhaf={p: float(power[p]) for p in sorted(power)},
        )


def _single_decider(c: _Context) -> Iterator[Finding]:
    final, said = c.tally.with_final_say, c.tally.final_say
    if final < c.policy.single_decider_min_decisions:
        return
    for person, count in sorted(said.items()):
        share = count / final
        if share <= c.policy.single_decider_share:
            continue
        params = {
            "person": person,
            "name": c.name(person),
            "final_say": count,
            "decisions": final,
        }
        yield _finding(
            FindingKind.SINGLE_DECIDER,
            Severity.WARNING,
            (person,),
            "single_decider",
            params,
            final_say=count,
            decisions_with_final_say=final,
            share=share,
        )


def _access_unmet(c: _Context) -> Iterator[Finding]:
    taken_at = Counter(
        d.meeting for d in c.ini.decisions
    )  # one pass, not one a meeting
    for m in c.ini.meetings:
        met = {normalise_need(a) for a in m.accommodations}
        for person in sorted(m.attendees):
            needs = c.stakeholders[person].access_needs
            if not needs:
                continue
            missing = sorted(n for n in needs if normalise_need(n) not in met)
            if missing:
                yield _access_finding(c, person, m, missing, taken_at[m.id])
        for person, reason in sorted(m.apologies.items()):
            if stayed_away_for_access(reason):
                yield _stayed_away(c, person, m, reason, taken_at[m.id])


def _stayed_away(
    c: _Context, person: str, m: Meeting, reason: str, taken: int
) -> Finding:
    stated = reason.partition(":")[2].strip()
    needs = [stated] if stated else sorted(c.stakeholders[person].access_needs)
    return _access_finding(c, person, m, needs, taken, stayed_away=True)


def _access_finding(
    c: _Context,
    person: str,
    m: Meeting,
    missing: list[str],
    taken: int,
    *,
    stayed_away: bool = False,
) -> Finding:
    """An unmet access need at a meeting: not provided there, or kept someone away."""
    params = {
        "person": person,
        "name": c.name(person),
        "needs": missing,
        "meeting": m.id,
        "date": m.date.isoformat(),
        "title": m.title,
        "decisions_taken": taken,
    }
    template = "access_unmet.stayed_away" if stayed_away else "access_unmet.meeting"
    evidence: dict[str, Any] = {"missing": missing, "decisions_taken": taken}
    if stayed_away:
        evidence["stayed_away"] = True
    return _finding(
        FindingKind.ACCESS_UNMET,
        Severity.CONCERN,
        (person, m.id),
        template,
        params,
        **evidence,
    )


def _under_represented(c: _Context) -> Iterator[Finding]:
    lived = [s for s in c.ini.stakeholders if c.lived(s.id)]
    for characteristic, groups in sorted(c.ini.population.items()):
        served = sum(groups.values())
        for group, count in sorted(groups.items()):
            share = count / served if served else 0.0
            if not count or share < c.policy.representation_min_share:
                continue
            if any(s.characteristics.get(characteristic) == group for s in lived):
                continue
            params = {
                "characteristic": characteristic,
                "group": group,
                "count": count,
                "served": served,
                "share": share,
            }
            yield _finding(
                FindingKind.UNDER_REPRESENTED,
                Severity.WARNING,
                (f"{characteristic}:{group}",),
                "under_represented",
                params,
                characteristic=characteristic,
                group=group,
                served=count,
                share=share,
            )


def _review_without_lived_experience(c: _Context) -> Iterator[Finding]:
    for cycle in c.ini.cycles:
        missing = [
            e
            for e in cycle.events
            if e.kind in _PHASES and not any(c.lived(p) for p in e.by)
        ]
        if not missing:
            continue
        took_part = sorted({p for e in missing for p in e.by})
        params = {
            "cycle": cycle.id,
            "idea": c.ini.change_idea(cycle.change_idea).title,
            "names": sorted(c.name(p) for p in took_part),
            "did": [e.kind for e in missing],
            "dates": [d.isoformat() for d in sorted({e.at.date() for e in missing})],
        }
        yield _finding(
            FindingKind.REVIEW_WITHOUT_LIVED_EXPERIENCE,
            Severity.WARNING,
            (cycle.id,),
            "review_without_lived_experience",
            params,
            phases=[_PHASES[e.kind] for e in missing],
            took_part=took_part,
        )


def _feedback_unanswered(c: _Context) -> Iterator[Finding]:
    if c.as_of is None:
        return
    as_of = c.as_of
    answered: set[str] = set()
    holding: dict[str, dt.date] = {}  # feedback -> its latest holding reply
    for r in c.ini.responses:
        if r.date > as_of:
            continue
        if r.kind is not ResponseKind.HOLDING:
            answered.add(r.feedback)
        elif r.date > holding.get(r.feedback, dt.date.min):
            holding[r.feedback] = r.date
    for f in c.ini.feedback:
        if f.id in answered or f.kind is FeedbackKind.COMPLIMENT:
            continue
        age = (as_of - f.received).days
        held = holding.get(f.id)
        waited = age if held is None else (as_of - held).days
        if waited <= c.policy.feedback_days:
            continue
        params: dict[str, Any] = {
            "feedback": f.id,
            "name": c.name(f.by) if f.by else None,
            "text": f.text,
            "received": f.received.isoformat(),
            "age": age,
            "as_of": as_of.isoformat(),
        }
        evidence: dict[str, Any] = {}
        template = "feedback_unanswered"
        if held is not None:
            template = "feedback_unanswered.holding_reply"
            params |= {"holding_reply": held.isoformat(), "waited": waited}
            evidence = {"holding_reply": held.isoformat(), "days_since_reply": waited}
        yield _finding(
            FindingKind.FEEDBACK_UNANSWERED,
            Severity.WARNING,
            (f.id,),
            template,
            params,
            age_days=age,
            limit_days=c.policy.feedback_days,
            **evidence,
        )


def _proxy_only(c: _Context) -> Iterator[Finding]:
    own, through = c.tally.heard_directly, c.tally.heard_through
    for person in sorted(set(through) - own):
        params = {
            "person": person,
            "name": c.name(person),
            "speakers": sorted(c.name(s) for s in through[person]),
        }
        yield _finding(
            FindingKind.PROXY_ONLY,
            Severity.INFO,
            (person,),
            "proxy_only",
            params,
            represented_by=sorted(through[person]),
        )


def _objection_overridden(c: _Context) -> Iterator[Finding]:
    for d, objectors in c.tally.overridden:
        rule = d.rule.value
        params = {
            "decision": d.id,
            "title": d.title,
            "rule": rule,
            "names": sorted(c.name(p) for p in objectors),
        }
        yield _finding(
            FindingKind.OBJECTION_OVERRIDDEN,
            Severity.CONCERN,
            (*objectors, d.id),
            "objection_overridden",
            params,
            rule=rule,
            objectors=list(objectors),
        )
    for d, people in c.tally.opposed:
        params = {
            "decision": d.id,
            "title": d.title,
            "rule": d.rule.value,
            "names": sorted(c.name(p) for p in people),
        }
        yield _finding(
            FindingKind.OBJECTION_OVERRIDDEN,
            Severity.WARNING,
            (*people, d.id),
            "objection_overridden.opposed",
            params,
            rule=d.rule.value,
            opposed=list(people),
        )


def _outvoted(c: _Context) -> Iterator[Finding]:
    contests = c.tally.contests
    lost = [x for x in contests if x.lost]
    if len(contests) < c.policy.outvoted_min_votes or not lost:
        return
    share = len(lost) / len(contests)
    if share < c.policy.outvoted_share:
        return
    severity = (
        Severity.CONCERN
        if share >= c.policy.outvoted_concern_share
        else Severity.WARNING
    )
    params = {
        "with_carers": c.with_carers,
        "titles": [x.decision.title for x in lost],
        "contested": len(contests),
        "share": share,
    }
    yield _finding(
        FindingKind.OUTVOTED,
        severity,
        tuple(x.decision.id for x in lost),
        "outvoted",
        params,
        contested=len(contests),
        lost=len(lost),
        share=share,
    )


def _membership_imbalance(c: _Context) -> Iterator[Finding]:
    share, floor = c.lived_members, c.policy.min_lived_experience_membership
    if not c.ini.stakeholders or share >= floor:
        return
    if c.ini.decisions and all(d.scope is Scope.PERSONAL for d in c.ini.decisions):
        return  # planning one person's life: the person is the one with lived experience
    members = {m.stakeholder for m in c.ini.memberships} or set(c.stakeholders)
    lived = sorted(m for m in members if c.lived(m))
    params = {
        "with_carers": c.with_carers,
        "lived": len(lived),
        "members": len(members),
        "share": share,
        "minimum": floor,
    }
    yield _finding(
        FindingKind.MEMBERSHIP_IMBALANCE,
        Severity.WARNING,
        tuple(lived),
        "membership_imbalance",
        params,
        lived_experience_members=len(lived),
        members=len(members),
        share=share,
        minimum=floor,
    )


_CURABLE: Final = frozenset(
    {
        FindingKind.AFFECTED_ABSENT,
        FindingKind.AFFECTED_OVERRULED,
        FindingKind.BEST_INTERESTS_INCOMPLETE,
        FindingKind.OBJECTION_OVERRIDDEN,
    }
)
"""Findings about one decision that a later decision revisiting it can put right."""


def _revisited(found: list[Finding], c: _Context) -> list[Finding]:
    """Findings on a decision that a later one revisited and put right, kept as info.

    A finding is put right when a decision that `revisits` its decision raises no
    finding of the same kind about the same people, and those people (for a collective
    decision, any of those it affects) were heard in it.
    """
    later: dict[str, list[Decision]] = defaultdict(list)
    for d in c.ini.decisions:
        if d.revisits is not None:
            later[d.revisits].append(d)
    if not later:
        return found
    keys = {(f.kind, f.subjects) for f in found}
    kept = []
    for f in found:
        decision_id = f.subjects[-1] if f.subjects else ""
        cure = (
            _cure(f, c.ini.decision(decision_id), later[decision_id], keys)
            if f.kind in _CURABLE and decision_id in later
            else None
        )
        kept.append(f if cure is None else _as_revisited(f, cure))
    return kept


def _cure(
    f: Finding,
    d: Decision,
    revisits: list[Decision],
    keys: set[tuple[FindingKind, tuple[str, ...]]],
) -> Decision | None:
    people = set(f.subjects[:-1]) or set(d.affects)
    for r in revisits:
        heard = {credited(x) for x in r.contributions if x.action not in _NOT_HEARD}
        again = (f.kind, (*f.subjects[:-1], r.id))
        if again not in keys and (
            people & heard if not f.subjects[:-1] else people <= heard
        ):
            return r
    return None


_NOT_HEARD: Final = frozenset({Action.ATTENDED, Action.INFORMED})


def _as_revisited(f: Finding, r: Decision) -> Finding:
    params = {
        **f.params,
        "revisited": {
            "decision": r.id,
            "title": r.title,
            "date": None if r.date is None else r.date.isoformat(),
        },
    }
    return attrs.evolve(
        f,
        severity=Severity.INFO,
        message=render_message(f.template, params),
        params=params,
        evidence={**f.evidence, "revisited_by": r.id},
    )


_CLOSE: Final = frozenset({"family_carer", "advocate", "attorney", "deputy"})
"""The kinds of stakeholder a best-interests decision consults: those close to the
person, and those who speak or decide for them (Mental Capacity Act 2005, s. 4(7))."""


def _role(c: _Context, person: str) -> str:
    """What someone is, for a message about a person's own decision.

    Their kind of stakeholder where the messages have words for it, else their
    perspective.
    """
    kind = c.stakeholders[person].kind
    return kind if kind in _KINDS_NAMED else c.perspective[person].value


_KINDS_NAMED: Final = frozenset({"attorney", "deputy", "family_carer", "volunteer"})


def _affected_overruled(c: _Context) -> Iterator[Finding]:
    for person, d, winners in c.tally.overruled:
        name = c.name(person)
        params = {
            "person": person,
            "name": name,
            "decision": d.id,
            "title": d.title,
            "prevailed": [{"name": c.name(w), "role": _role(c, w)} for w in winners],
        }
        yield _finding(
            FindingKind.AFFECTED_OVERRULED,
            Severity.CONCERN,
            (person, d.id),
            "affected_overruled",
            params,
            prevailed=list(winners),
        )


def _best_interests_incomplete(c: _Context) -> Iterator[Finding]:
    for person, d, missing in c.tally.best_interests:
        name = c.name(person)
        params = {
            "person": person,
            "name": name,
            "decision": d.id,
            "title": d.title,
            "missing": list(missing),
        }
        yield _finding(
            FindingKind.BEST_INTERESTS_INCOMPLETE,
            Severity.CONCERN,
            (person, d.id),
            "best_interests_incomplete",
            params,
            missing=list(missing),
        )


def _care_plan_not_agreed(c: _Context) -> Iterator[Finding]:
    for plan in c.ini.care_plans:
        person = plan.person
        agreed = set().union(*(item.agreed_by for item in plan.items))
        speakers = {s for s in agreed if person in c.stakeholders[s].represents}
        if person in agreed or speakers:
            continue
        params = {
            "person": person,
            "name": c.name(person),
            "plan": plan.id,
            "title": plan.title,
        }
        yield _finding(
            FindingKind.CARE_PLAN_NOT_AGREED,
            Severity.CONCERN,
            (person, plan.id),
            "care_plan_not_agreed",
            params,
            items=len(plan.items),
            agreed_by=sorted(agreed),
        )


def _care_plan_review_overdue(c: _Context) -> Iterator[Finding]:
    if c.as_of is None:
        return
    as_of = c.as_of
    for plan in c.ini.care_plans:
        if plan.review is None or plan.review >= as_of:
            continue
        days = (as_of - plan.review).days
        params = {
            "person": plan.person,
            "name": c.name(plan.person),
            "plan": plan.id,
            "title": plan.title,
            "review": plan.review.isoformat(),
            "days": days,
            "as_of": as_of.isoformat(),
        }
        yield _finding(
            FindingKind.CARE_PLAN_REVIEW_OVERDUE,
            Severity.WARNING,
            (plan.person, plan.id),
            "care_plan_review_overdue",
            params,
            review=plan.review.isoformat(),
            days_overdue=days,
        )


def _balancing_concern(c: _Context) -> Iterator[Finding]:
    cycles = c.ini.cycles
    later = _later_studies(cycles)
    for cycle in cycles:
        result = cycle.study_result
        if result is None or not result.warnings:
            continue
        studied = _studied_on(cycle)
        last, warned_again = later.get(cycle.id, (None, frozenset()))
        idea = c.ini.change_idea(cycle.change_idea).title
        for warning in result.warnings:
            if warning.measure in warned_again:
                continue  # a later study of the ramp warns again, and says it then
            params = {
                "cycle": cycle.id,
                "idea": idea,
                "studied": studied.isoformat(),
                "measure": warning.measure,
                "warning": warning.sentence,
                "cleared": None if last is None else last.isoformat(),
            }
            severity = Severity.WARNING if last is None else Severity.INFO
            yield _finding(
                FindingKind.BALANCING_CONCERN,
                severity,
                (cycle.id, warning.measure),
                "balancing_concern",
                params,
                chart=warning.chart,
                rule=warning.rule,
                at=None if warning.at is None else warning.at.isoformat(),
                studied=studied.isoformat(),
            )


def _after(
    followers: Iterable[Cycle],
    found: Mapping[str, tuple[dt.date | None, frozenset[str]]],
) -> tuple[dt.date | None, frozenset[str]]:
    """The last study, and the warned measures, of `followers` and the cycles after them."""
    days: list[dt.date] = []
    warned: set[str] = set()
    for f in followers:
        their_last, their_warned = found.get(f.id, (None, frozenset()))
        days += [] if their_last is None else [their_last]
        warned |= their_warned
        result = f.study_result
        if result is not None:
            days.append(_studied_on(f))
            warned |= {w.measure for w in result.warnings}
    return (max(days) if days else None), frozenset(warned)


def _studied_on(cycle: Cycle) -> dt.date:
    return next(e.at.date() for e in cycle.events if e.kind == "studied")


def _later_studies(
    cycles: tuple[Cycle, ...],
) -> dict[str, tuple[dt.date | None, frozenset[str]]]:
    """For each cycle, the last study of the cycles after it in its ramp, and what they warned of.

    One pass over the ramps, the followers of a cycle worked out before it, so that a
    long ramp costs no more than its length.
    """
    followers: dict[str, list[Cycle]] = defaultdict(list)
    for cycle in cycles:
        if cycle.parent is not None:
            followers[cycle.parent].append(cycle)
    found: dict[str, tuple[dt.date | None, frozenset[str]]] = {}
    for root in cycles:
        stack = [(root, False)]
        while stack:
            here, expanded = stack.pop()
            if here.id in found:
                continue
            if not expanded:
                stack.append((here, True))
                stack += [
                    (f, False) for f in followers.get(here.id, ()) if f.id not in found
                ]
                continue
            found[here.id] = _after(followers.get(here.id, ()), found)
    return found


_DETECTORS: tuple[Callable[[_Context], Iterator[Finding]], ...] = (
    _professional_dominance,
    _tokenism,
    _affected_absent,
    _level_overstated,
    _formal_power_concentration,
    _single_decider,
    _access_unmet,
    _under_represented,
    _review_without_lived_experience,
    _feedback_unanswered,
    _proxy_only,
    _objection_overridden,
    _outvoted,
    _membership_imbalance,
    _affected_overruled,
    _best_interests_incomplete,
    _care_plan_not_agreed,
    _care_plan_review_overdue,
    _balancing_concern,
)


_DETECTOR_OF: Final = dict(zip(FindingKind, _DETECTORS, strict=True))
"""The detector of each kind of finding (`_DETECTORS` is in the order of the kinds)."""


def _wanted(
    kinds: Iterable[FindingKind | str] | FindingKind | str | None,
) -> tuple[FindingKind, ...]:
    """The kinds asked for, in declaration order; every problem refused at once."""
    if kinds is None:
        return tuple(FindingKind)
    if isinstance(kinds, FindingKind | str):
        kinds = [kinds]
    known = [k.value for k in FindingKind]
    asked: set[FindingKind] = set()
    problems = []
    for i, kind in enumerate(kinds):
        if isinstance(kind, FindingKind):
            asked.add(kind)
        elif isinstance(kind, str) and kind in known:
            asked.add(FindingKind(kind))
        else:
            close = did_you_mean(known, kind) if isinstance(kind, str) else ""
            hint = close or "; the kinds are the values of FindingKind"
            msg = f"{kind!r} is not a kind of finding{hint}"
            problems.append(
                ValidationError(msg, f"$.kinds[{i}]", code="not_a_choice", input=kind)
            )
    if problems:
        raise ValidationError.collect(problems)
    return tuple(k for k in FindingKind if k in asked)


def _level_counts(levels: Any) -> dict[str, int]:
    counts = Counter(levels)
    return {level.value: counts[level] for level in Level}
