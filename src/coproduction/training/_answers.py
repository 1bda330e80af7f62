"""The analyses an exercise's answer comes from, each giving a `Part` of the answer.

Every reference answer is worked out here, from the scenario, by the library's own
analysis: the findings, the observed rung of the ladder, voice and influence, a PDSA
cycle's study. Nothing here is typed by hand but the words that explain it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final, cast

from attrs import field, frozen

from coproduction._words import and_list, long_date
from coproduction.analysis import (
    THEMES,
    FindingKind,
    Theme,
    find_imbalances,
    influence_graph,
    influence_shares,
    membership_shares,
    observed_level,
    voice_shares,
)
from coproduction.errors import ValidationError
from coproduction.improvement import Cycle, PredictionResult
from coproduction.initiative import Initiative
from coproduction.model import Action, Capacity, Decision, Level, Perspective
from coproduction.training._reading import Vocabulary

__all__ = [
    "ANALYSES",
    "PRINCIPLES",
    "TAKES",
    "Part",
    "check_spec",
    "compute",
]

PRINCIPLES: Final[Mapping[Theme, str]] = {
    Theme.REDUCING_POWER_IMBALANCES: (
        "Co-production shares power: lived experience carries as much weight as "
        "professional expertise, and people can challenge decisions that do not meet "
        "their needs."
    ),
    Theme.EMPOWERMENT: (
        "Co-production makes people shapers of their services, not passive recipients: "
        "being heard is not enough unless what they say can change the result."
    ),
    Theme.PERSON_CENTRED_CARE: (
        "Decisions about a person's own life are made with them and led by their "
        "wishes; where they lack capacity for a decision, the Mental Capacity Act 2005 "
        "sets what must be weighed."
    ),
    Theme.MORE_THAN_CONSULTING: (
        "Co-production is more than consulting: people share in designing and "
        "deciding, and a decision is described at the rung it really reached."
    ),
    Theme.RELATIONSHIPS_AND_OWNERSHIP: (
        "Shared decisions build trust and a sense of ownership; when one person has "
        "the final say on most things, the others are subjects of care, not partners."
    ),
    Theme.INCLUSIVITY_AND_DIVERSITY: (
        "Every voice counts equally, so a group makes the adjustments people need to "
        "take part, and reaches the people it serves, whatever their background."
    ),
    Theme.CONTINUOUS_IMPROVEMENT: (
        "Improvement runs on a feedback loop with the people who use the service: "
        "they help study the evidence, and hear back what was done."
    ),
    Theme.FAMILIES_AND_ADVOCATES: (
        "Families and advocates help a person's own voice be heard: they convey the "
        "person's wishes, and their own views are theirs, not the person's."
    ),
}
"""The principle of co-production behind each theme, in a sentence."""

TAKES: Final = (
    "people",
    "decisions",
    "meetings",
    "cycles",
    "feedback",
    "measures",
    "groups",
)
"""What an answer drawn from findings may name, among a finding's subjects."""

_LEVEL_WORDS: Final[Mapping[Level, tuple[str, ...]]] = {
    Level.COERCING: ("coerced", "coercion"),
    Level.EDUCATING: ("educated", "education"),
    Level.INFORMING: ("informed", "information"),
    Level.CONSULTING: ("consulted", "consultation"),
    Level.ENGAGING: ("engaged", "engagement"),
    Level.CO_DESIGNING: ("co designed", "co design", "codesigning", "codesigned"),
    Level.CO_PRODUCING: ("co produced", "co production", "coproducing", "coproduced"),
}
_LEVEL_MEANS: Final[Mapping[Level, str]] = {
    Level.COERCING: "people are made to attend or accept, and have no say",
    Level.EDUCATING: "people are helped to understand a service already decided",
    Level.INFORMING: "people are told what has been decided",
    Level.CONSULTING: "people's views are asked, and others decide whether to act on them",
    Level.ENGAGING: "people put ideas and views forward and are heard, but others decide",
    Level.CO_DESIGNING: "people's ideas shape what is designed, and the final say lies with others",
    Level.CO_PRODUCING: "people's ideas are adopted and they share the final say",
}
_YES: Final = (
    "y",
    "yes",
    "true",
    "it did",
    "yes it did",
    "met",
    "lawful",
    "it was",
    "yes it was",
    "correct",
)
_NO: Final = (
    "n",
    "no",
    "false",
    "it did not",
    "it didn't",
    "did not",
    "not met",
    "not lawful",
    "unlawful",
    "it was not",
    "it wasn't",
    "no it was not",
    "no it did not",
    "no it wasn't",
    "no it didn't",
)
_EARLY: Final = (
    "too early",
    "too early to tell",
    "not yet",
    "cannot tell yet",
    "can't tell yet",
    "unknown",
    "not sure yet",
)
_SIGNALS: Final[Mapping[str, tuple[str, ...]]] = {
    "shift": ("a shift", "shift", "run", "a run", "long run", "a long run", "shifts"),
    "too_few_crossings": (
        "too few crossings",
        "crossings",
        "few crossings",
        "fewer crossings",
    ),
}
_BEST_INTERESTS: Final[Mapping[str, tuple[str, ...]]] = {
    "wishes": (
        "wishes",
        "the person's wishes",
        "their wishes",
        "her wishes",
        "his wishes",
        "views",
        "wishes and feelings",
    ),
    "consultation": (
        "consultation",
        "consulting those close",
        "family",
        "those close",
        "people close",
        "imca",
        "independent advocate",
        "consultation of family",
    ),
    "decision_maker": (
        "decision maker",
        "a decision maker",
        "named decision maker",
        "who decided",
        "the decision maker",
    ),
    "capacity_assessment": (
        "capacity assessment",
        "assessment of capacity",
        "capacity",
        "a capacity assessment",
        "mental capacity assessment",
        "assessment",
    ),
}
_BEST_INTERESTS_WORDS: Final[Mapping[str, str]] = {
    "wishes": "the person's own wishes",
    "consultation": "consultation of those close to them (or an independent advocate)",
    "decision_maker": "a named decision-maker",
    "capacity_assessment": "an assessment finding that they lack capacity for it",
}
_PERSPECTIVE_WORDS: Final[Mapping[Perspective, tuple[str, ...]]] = {
    Perspective.LIVED_EXPERIENCE: (
        "people who use services",
        "residents",
        "service users",
        "lived",
    ),
    Perspective.CARER: ("carers", "family", "families", "family carers"),
    Perspective.ADVOCACY: ("advocates", "advocate", "advocacy workers"),
    Perspective.PROFESSIONAL: ("professionals", "staff", "professional staff"),
}


@frozen
class Part:
    """One part of a reference answer, as an analysis worked it out."""

    keys: frozenset[str]
    """What the answer names (ids, or a rung, or yes / no)."""
    vocabulary: Vocabulary
    """Everything a learner could name in this part, with its spellings."""
    why: tuple[str, ...]
    """Sentences from the analysis saying why this is the answer."""
    theme: Theme | None = None
    """The theme of the findings behind it, if any."""
    why_not: Callable[[str], str] = field(default=lambda _: "", eq=False, repr=False)
    """Why a key of the vocabulary is not part of the answer (may be empty)."""


Spec = Mapping[str, Any]
Analysis = Callable[[Initiative, Spec], Part]


# --- the vocabularies -------------------------------------------------------------


def _people(ini: Initiative) -> Vocabulary:
    names: dict[str, list[str]] = {}
    for s in ini.stakeholders:
        spellings = [s.name]
        if s.name.split():
            spellings.append(s.name.split()[0])
        names[s.id] = spellings
    labels = {s.id: f"{s.name} ({s.id})" for s in ini.stakeholders}
    return Vocabulary.of(names, labels)


def _named(pairs: Iterable[tuple[str, str]], *, quoted: bool) -> Vocabulary:
    """Records known by their id and one text (a title, a name), labelled with both."""
    names: dict[str, list[str]] = {}
    labels: dict[str, str] = {}
    for id, text in pairs:
        names[id] = [text]
        labels[id] = f'"{text}" ({id})' if quoted else f"{text} ({id})"
    return Vocabulary.of(names, labels)


def _decisions(ini: Initiative) -> Vocabulary:
    return _named(((d.id, d.title) for d in ini.decisions), quoted=True)


def _meetings(ini: Initiative) -> Vocabulary:
    names = {
        m.id: [m.title, m.date.isoformat(), long_date(m.date)]
        if m.title
        else [m.date.isoformat(), long_date(m.date)]
        for m in ini.meetings
    }
    labels = {
        m.id: f"the meeting on {long_date(m.date)} ({m.id})" for m in ini.meetings
    }
    return Vocabulary.of(names, labels)


def _cycles(ini: Initiative) -> Vocabulary:
    ideas = {c.id: c.title for c in ini.change_ideas}
    names: dict[str, list[str]] = {c.id: [] for c in ini.cycles}
    labels = {
        c.id: f'the cycle {c.id} (testing "{ideas.get(c.change_idea, c.change_idea)}")'
        for c in ini.cycles
    }
    return Vocabulary.of(names, labels)


def _feedback(ini: Initiative) -> Vocabulary:
    return _named(((f.id, f.text) for f in ini.feedback), quoted=True)


def _measures(ini: Initiative) -> Vocabulary:
    return _named(((m.id, m.name) for m in ini.measures), quoted=False)


def _groups(ini: Initiative, found: Iterable[str] = ()) -> Vocabulary:
    keys = {
        f"{characteristic}:{value}"
        for characteristic, counts in ini.population.items()
        for value in counts
    } | set(found)
    names = {}
    labels = {}
    for key in keys:
        characteristic, _, value = key.partition(":")
        names[key] = [value, f"{characteristic} {value}", f"{value} {characteristic}"]
        labels[key] = f"{characteristic} {value!r}"
    return Vocabulary.of(names, labels)


def _levels() -> Vocabulary:
    names = {level.value: _LEVEL_WORDS[level] for level in Level}
    labels = {level.value: level.value for level in Level}
    return Vocabulary.of(names, labels, single=True)


def _yes_no(*, early: bool = False) -> Vocabulary:
    names: dict[str, tuple[str, ...]] = {"yes": _YES, "no": _NO}
    labels = {"yes": "yes", "no": "no"}
    if early:
        names["too_early"] = _EARLY
        labels["too_early"] = "too early to tell"
    return Vocabulary.of(names, labels, single=True)


def _perspectives() -> Vocabulary:
    names = {p.value: _PERSPECTIVE_WORDS[p] for p in Perspective}
    labels = {p.value: p.value.replace("_", " ") for p in Perspective}
    return Vocabulary.of(names, labels, single=True)


_TAKE_VOCABULARY: Final[Mapping[str, Callable[[Initiative], Vocabulary]]] = {
    "people": _people,
    "decisions": _decisions,
    "meetings": _meetings,
    "cycles": _cycles,
    "feedback": _feedback,
    "measures": _measures,
}


# --- the analyses -----------------------------------------------------------------


def _kinds(value: object) -> tuple[FindingKind, ...]:
    items = value if isinstance(value, list | tuple) else [value]
    return tuple(FindingKind(k) for k in items)


def _findings(ini: Initiative, spec: Spec) -> Part:
    kinds = _kinds(spec["findings"])
    take = spec.get("take", "people")
    about = spec.get("about")
    found = [
        f
        for f in find_imbalances(ini, kinds=kinds)
        if about is None or about in f.subjects
    ]
    if take == "groups":
        subjects = {s for f in found for s in f.subjects if ":" in s}
        vocabulary = _groups(ini, subjects)
    else:
        vocabulary = _TAKE_VOCABULARY[take](ini)
    keys = frozenset(s for f in found for s in f.subjects if s in vocabulary.labels)
    what = _KIND_WORDS[kinds[0]] if len(kinds) == 1 else "finding of these kinds"
    why = tuple(dict.fromkeys(f.message for f in found)) or (
        f"The analysis finds no {what} in this scenario.",
    )

    def why_not(_: str) -> str:
        return f"the analysis finds no {what} here."

    theme = found[0].theme if found else THEMES[kinds[0]]
    return Part(keys, vocabulary, why, theme, why_not)


_KIND_WORDS: Final[Mapping[FindingKind, str]] = {
    FindingKind.PROFESSIONAL_DOMINANCE: "sign of professionals holding most of the influence",
    FindingKind.TOKENISM: "sign of views asked for and never acted on",
    FindingKind.AFFECTED_ABSENT: "decision made without the people it affects",
    FindingKind.LEVEL_OVERSTATED: "decision described above the rung it reached",
    FindingKind.FORMAL_POWER_CONCENTRATION: "concentration of voting power",
    FindingKind.SINGLE_DECIDER: "single person with the final say",
    FindingKind.ACCESS_UNMET: "access need left unmet",
    FindingKind.UNDER_REPRESENTED: "group of the people served left without a member",
    FindingKind.REVIEW_WITHOUT_LIVED_EXPERIENCE: "PDSA review without lived experience",
    FindingKind.FEEDBACK_UNANSWERED: "feedback left unanswered too long",
    FindingKind.PROXY_ONLY: "person heard only through others",
    FindingKind.OBJECTION_OVERRIDDEN: "lived-experience objection overridden",
    FindingKind.OUTVOTED: "pattern of lived experience outvoted",
    FindingKind.MEMBERSHIP_IMBALANCE: "shortage of lived experience among the members",
    FindingKind.AFFECTED_OVERRULED: "person overruled on a decision about their own life",
    FindingKind.BEST_INTERESTS_INCOMPLETE: "incomplete best-interests record",
    FindingKind.CARE_PLAN_NOT_AGREED: "care plan not agreed with the person",
    FindingKind.CARE_PLAN_REVIEW_OVERDUE: "overdue care plan review",
    FindingKind.BALANCING_CONCERN: "balancing measure moving the wrong way",
}


def _observed_level(ini: Initiative, spec: Spec) -> Part:
    decision = ini.decision(spec["observed_level"])
    seen = observed_level(ini, decision.id)
    stated = decision.level
    why = [
        (
            f'"{decision.title}" is described as {stated.value}; what people with lived '
            f"experience did shows {seen.value}: {_LEVEL_MEANS[seen]}."
        )
    ]
    if seen < stated:
        why.append(
            f"To be {stated.value}, {_LEVEL_MEANS[stated]}: describe it as it was, "
            "or give people that part next time."
        )
    why += [
        f.message
        for f in find_imbalances(ini, kinds=[FindingKind.LEVEL_OVERSTATED])
        if decision.id in f.subjects
    ]

    def why_not(key: str) -> str:
        return f"that would mean {_LEVEL_MEANS[Level(key)]}."

    return Part(
        frozenset({seen.value}),
        _levels(),
        tuple(why),
        Theme.MORE_THAN_CONSULTING,
        why_not,
    )


def _edges(ini: Initiative, decision: Decision) -> dict[str, list[dict[str, Any]]]:
    """Each person's entries on `decision`, as the influence graph has them."""
    graph = influence_graph(ini)
    node = f"decision/{decision.id}"
    by: dict[str, list[dict[str, Any]]] = {}
    for source, _, data in graph.in_edges(node, data=True):
        if data.get("relation") != "contribution":
            continue
        person = graph.nodes[source]["id"]
        by.setdefault(person, []).append(data)
    return by


def _who_did_what(
    ini: Initiative, decision: Decision
) -> tuple[dict[str, list[dict[str, Any]]], list[str]]:
    by = _edges(ini, decision)
    lines = []
    for person in sorted(by, key=lambda p: ini.stakeholder(p).name):
        entries = by[person]
        did = _and(_action_words(e, ini) for e in entries)
        voice = sum(e["voice"] for e in entries)
        influence = sum(e["influence"] for e in entries)
        if influence > 0:
            effect = "heard, and shaped the result"
        elif voice > 0:
            effect = "heard, but did not shape the result"
        else:
            effect = "present, but not heard"
        lines.append(f"{ini.stakeholder(person).name} {did}: {effect}.")
    return by, lines


def _action_words(entry: Mapping[str, Any], ini: Initiative) -> str:
    words = str(entry["action"]).replace("_", " ")
    if entry.get("adopted"):
        words += " (adopted)"
    conveyed = (
        entry.get("by")
        and entry["by"] != entry.get("on_behalf_of")
        and entry.get("on_behalf_of")
    )
    if conveyed:
        words += f" (through {ini.stakeholder(entry['by']).name})"
    return words


def _titles(titles: Iterable[str]) -> str:
    return _and(f'"{t}"' for t in sorted(set(titles)))


def _and(words: Iterable[str]) -> str:
    """The words, each once, joined as in a sentence."""
    return and_list(dict.fromkeys(words))


def _heard(ini: Initiative, spec: Spec, *, shaped: bool) -> Part:
    name = "influence" if shaped else "voice"
    decision = ini.decision(spec[name])
    by, lines = _who_did_what(ini, decision)
    measure = "influence" if shaped else "voice"
    keys = frozenset(
        p for p, entries in by.items() if sum(e[measure] for e in entries) > 0
    )
    vocabulary = _people(ini)

    def why_not(key: str) -> str:
        if key not in by:
            return "took no part in this decision."
        if shaped:
            return "was heard, but what they said did not shape the result."
        return "was there, or was told, but was not heard."

    intro = (
        f'On "{decision.title}", influence (shaping the result) went to those whose '
        "entries were adopted or on the winning side; voice (being heard) to everyone "
        "who put a view."
    )
    return Part(keys, vocabulary, (intro, *lines), Theme.EMPOWERMENT, why_not)


def _voice(ini: Initiative, spec: Spec) -> Part:
    return _heard(ini, spec, shaped=False)


def _influence(ini: Initiative, spec: Spec) -> Part:
    return _heard(ini, spec, shaped=True)


def _most_influence(ini: Initiative, _: Spec) -> Part:
    members = membership_shares(ini)
    voice = voice_shares(ini)
    influence = influence_shares(ini)
    top = max(Perspective, key=lambda p: (influence[p], -p.rank))
    why = [
        f"{p.value.replace('_', ' ').capitalize()}: {members[p]:.0%} of the members, "
        f"{voice[p]:.0%} of the voice, {influence[p]:.0%} of the influence."
        for p in Perspective
        if members[p] or voice[p] or influence[p]
    ]
    vocabulary = _perspectives()

    def why_not(key: str) -> str:
        return f"held {influence[Perspective(key)]:.0%} of the influence."

    return Part(
        frozenset({top.value}),
        vocabulary,
        tuple(why),
        Theme.REDUCING_POWER_IMBALANCES,
        why_not,
    )


def _prediction(
    ini: Initiative, spec: Spec, name: str
) -> tuple[Cycle, PredictionResult]:
    cycle = ini.cycle(spec[name])
    result = cycle.study_result
    if result is None:
        msg = f"cycle {cycle.id!r} has not been studied yet; ask about a studied cycle"
        raise ValidationError(msg, f"$.{name}", code="not_allowed", input=cycle.id)
    measure = spec.get("measure")
    for found in result.predictions:
        if measure is None or found.prediction.measure == measure:
            return cycle, found
    msg = f"cycle {cycle.id!r} made no prediction about measure {measure!r}"
    raise ValidationError(msg, "$.measure", code="unknown_reference", input=measure)


def _signals(found: PredictionResult) -> frozenset[str]:
    """The run-chart rules that signalled the way predicted since the change."""
    rules = set()
    if (
        found.longest_run is not None
        and found.longest_run_max is not None
        and found.longest_run > found.longest_run_max
    ):
        rules.add("shift")
    direction = found.prediction.direction
    if (
        found.crossings is not None
        and found.crossings_min is not None
        and found.crossings < found.crossings_min
        and found.median is not None
        and found.centre is not None
        and (
            found.median > found.centre
            if direction == "increase"
            else found.median < found.centre
        )
    ):
        rules.add("too_few_crossings")
    return frozenset(rules)


_RULES_MEAN: Final = (
    "A shift is more values in a row on one side of the baseline median than chance "
    "allows; too few crossings is the line crossing its median less often than "
    "chance would. One good month is neither: it could be chance."
)


def _improved(ini: Initiative, spec: Spec) -> Part:
    _, found = _prediction(ini, spec, "improved")
    if _signals(found):
        key = "yes"
    elif found.met is None:
        key = "too_early"
    else:
        key = "no"
    return Part(
        frozenset({key}),
        _yes_no(early=True),
        (found.sentence, _RULES_MEAN),
        Theme.CONTINUOUS_IMPROVEMENT,
    )


def _signal(ini: Initiative, spec: Spec) -> Part:
    _, found = _prediction(ini, spec, "signal")
    names = dict(_SIGNALS)
    labels = {"shift": "a shift", "too_few_crossings": "too few crossings"}
    limits = []
    if found.longest_run_max is not None:
        limits.append(
            f"The longest run the predicted way was {found.longest_run}, where chance "
            f"allows at most {found.longest_run_max}."
        )
    if found.crossings_min is not None:
        limits.append(
            f"The line crossed the median {found.crossings} times, where chance would "
            f"give at least {found.crossings_min}."
        )

    def why_not(_: str) -> str:
        return "not what the run chart shows here."

    return Part(
        _signals(found),
        Vocabulary.of(names, labels, fixed=True),
        (found.sentence, *limits, _RULES_MEAN),
        Theme.CONTINUOUS_IMPROVEMENT,
        why_not,
    )


def _person_of(decision: Decision, spec: Spec) -> str:
    person = spec.get("person")
    if person is not None:
        return str(person)
    return min(decision.affects) if decision.affects else ""


def _best_interests(
    ini: Initiative, spec: Spec, name: str
) -> tuple[frozenset[str], list[str]]:
    """What a lawful best-interests decision needs and this record lacks, and why."""
    decision = ini.decision(spec[name])
    person = _person_of(decision, spec)
    who = ini.stakeholder(person).name if person else "the person"
    capacity = decision.capacity.get(person)
    decided = [c.by for c in decision.contributions if c.action is Action.DECIDED]
    if capacity is not Capacity.LACKS:
        if decided and set(decided) <= {person}:
            msg = (
                f'{who} made "{decision.title}" themself, so it was no best-interests '
                "decision; ask about a decision someone made for them"
            )
            raise ValidationError(
                msg, f"$.{name}", code="not_allowed", input=decision.id
            )
        messages = [
            f.message
            for f in find_imbalances(ini, kinds=[FindingKind.AFFECTED_OVERRULED])
            if decision.id in f.subjects
        ]
        return frozenset({"capacity_assessment"}), [
            (
                f"No assessment records that {who} lacks capacity for "
                f'"{decision.title}", so {who} is presumed to have it (Mental Capacity '
                "Act 2005, section 1(2)), and a best-interests decision cannot be made "
                "for them: the decision is theirs, with support if they need it."
            ),
            *messages,
        ]
    found = [
        f
        for f in find_imbalances(ini, kinds=[FindingKind.BEST_INTERESTS_INCOMPLETE])
        if decision.id in f.subjects and person in f.subjects
    ]
    if found:
        missing = frozenset(
            str(m) for f in found for m in cast("list[str]", f.evidence["missing"])
        )
        return missing, [f.message for f in found]
    names = ini.stakeholder
    deciders = _and(names(d).name for d in decided)
    close = sorted(
        {
            names(c.by).name
            for c in decision.contributions
            if c.by != person and person in names(c.by).represents
        }
    )
    heard_from = (
        f", the views of {_and(close)}"
        if close
        else ", consultation of those close to them"
    )
    return frozenset(), [
        (
            f'{who} lacks capacity for "{decision.title}" (assessed and recorded), and '
            f"the record shows {who}'s own wishes{heard_from}, and a named "
            f"decision-maker ({deciders}): what a best-interests decision must weigh "
            "(Mental Capacity Act 2005, section 4)."
        )
    ]


def _lawful_best_interests(ini: Initiative, spec: Spec) -> Part:
    missing, why = _best_interests(ini, spec, "lawful_best_interests")
    return Part(
        frozenset({"no" if missing else "yes"}),
        _yes_no(),
        tuple(why),
        Theme.PERSON_CENTRED_CARE,
    )


def _best_interests_missing(ini: Initiative, spec: Spec) -> Part:
    missing, why = _best_interests(ini, spec, "best_interests_missing")
    labels = dict(_BEST_INTERESTS_WORDS)

    def why_not(_: str) -> str:
        return "the record shows it."

    return Part(
        missing,
        Vocabulary.of(_BEST_INTERESTS, labels, fixed=True),
        tuple(why),
        Theme.PERSON_CENTRED_CARE,
        why_not,
    )


def _conveyed_by(ini: Initiative, spec: Spec) -> Part:
    person = ini.stakeholder(spec["conveyed_by"])
    through: dict[str, list[str]] = {}
    own: dict[str, list[str]] = {}
    for d in ini.decisions:
        for c in d.contributions:
            if c.on_behalf_of == person.id and c.by != person.id:
                through.setdefault(c.by, []).append(d.title)
            elif c.by in through or (
                c.by != person.id and person.id in ini.stakeholder(c.by).represents
            ):
                own.setdefault(c.by, []).append(d.title)
    why = [
        f"{ini.stakeholder(p).name} conveyed {person.name}'s own wishes on "
        f"{_titles(titles)}."
        for p, titles in sorted(through.items())
    ]
    why += [
        f"{ini.stakeholder(p).name} also gave views of their own (on "
        f"{_titles(titles)}): those are theirs, not {person.name}'s."
        for p, titles in sorted(own.items())
    ]
    vocabulary = _people(ini)

    def why_not(_: str) -> str:
        return f"never conveyed {person.name}'s wishes."

    return Part(
        frozenset(through),
        vocabulary,
        tuple(why),
        Theme.FAMILIES_AND_ADVOCATES,
        why_not,
    )


ANALYSES: Final[Mapping[str, Analysis]] = {
    "findings": _findings,
    "observed_level": _observed_level,
    "voice": _voice,
    "influence": _influence,
    "most_influence": _most_influence,
    "improved": _improved,
    "signal": _signal,
    "lawful_best_interests": _lawful_best_interests,
    "best_interests_missing": _best_interests_missing,
    "conveyed_by": _conveyed_by,
}
"""Each analysis an answer may come from, by the key that names it in YAML.

Examples:
    >>> list(ANALYSES)[:4]
    ['findings', 'observed_level', 'voice', 'influence']
"""

_OPTIONS: Final[Mapping[str, frozenset[str]]] = {
    "findings": frozenset({"take", "about"}),
    "improved": frozenset({"measure"}),
    "signal": frozenset({"measure"}),
    "lawful_best_interests": frozenset({"person"}),
    "best_interests_missing": frozenset({"person"}),
}
_REFERS: Final[Mapping[str, str]] = {
    "observed_level": "decision",
    "voice": "decision",
    "influence": "decision",
    "improved": "cycle",
    "signal": "cycle",
    "lawful_best_interests": "decision",
    "best_interests_missing": "decision",
    "conveyed_by": "stakeholder",
}


def check_spec(
    spec: object, ini: Initiative | None, path: str
) -> list[ValidationError]:
    """Every problem with one analysis spec, at its path (references need `ini`)."""
    if not isinstance(spec, Mapping):
        return [
            _wrong(
                spec,
                "a mapping naming an analysis, such as {findings: access_unmet, take: people}",
                path,
            )
        ]
    named = [k for k in spec if k in ANALYSES]
    listed = ", ".join(repr(a) for a in ANALYSES)
    if not named:
        msg = f"names no analysis; give one of {listed}"
        return [ValidationError(msg, path, code="not_a_choice", input=dict(spec))]
    if len(named) > 1:
        msg = f"names {len(named)} analyses ({', '.join(map(repr, named))}); give one"
        return [ValidationError(msg, path, code="not_allowed", input=dict(spec))]
    name = named[0]
    problems = [
        ValidationError(
            f"unknown key {key!r} for the analysis {name!r}; allowed: "
            + ", ".join(repr(k) for k in sorted({name, *_OPTIONS.get(name, ())})),
            f"{path}.{key}",
            code="unknown_key",
            input=key,
        )
        for key in spec
        if key != name and key not in _OPTIONS.get(name, ())
    ]
    problems += _check_value(spec, name, ini, path)
    for key in ("measure", "person"):
        if key in spec and ini is not None:
            kind = "measure" if key == "measure" else "stakeholder"
            problems += _check_reference(ini, kind, spec[key], f"{path}.{key}")
    if not problems and ini is not None:
        try:
            compute(ini, spec)
        except ValidationError as err:
            problems.append(err.under(path))
    return problems


def _check_value(
    spec: Spec, name: str, ini: Initiative | None, path: str
) -> list[ValidationError]:
    """The problems with the value naming the analysis: a finding kind, an id."""
    value = spec[name]
    if name == "findings":
        return _check_findings(spec, f"{path}.{name}", path)
    if name == "most_influence":
        if value == "perspective":
            return []
        return [
            ValidationError(
                f"{value!r} is not what most_influence compares; say 'perspective'",
                f"{path}.{name}",
                code="not_a_choice",
                input=value,
            )
        ]
    if not isinstance(value, str) or not value:
        return [_wrong(value, f"the id of a {_REFERS[name]}", f"{path}.{name}")]
    if ini is None:
        return []
    return _check_reference(ini, _REFERS[name], value, f"{path}.{name}")


def _check_findings(spec: Spec, at: str, path: str) -> list[ValidationError]:
    problems = []
    kinds = spec["findings"]
    for i, kind in enumerate(kinds if isinstance(kinds, list) else [kinds]):
        try:
            FindingKind(kind)
        except ValidationError as err:
            where = f"{at}[{i}]" if isinstance(kinds, list) else at
            problems.append(err.under(where))
    take = spec.get("take", "people")
    if take not in TAKES:
        listed = ", ".join(repr(t) for t in TAKES)
        problems.append(
            ValidationError(
                f"{take!r} is not something a finding names; choose one of {listed}",
                f"{path}.take",
                code="not_a_choice",
                input=take,
            )
        )
    return problems


def _check_reference(
    ini: Initiative, kind: str, value: object, path: str
) -> list[ValidationError]:
    look_up = {
        "decision": ini.decision,
        "cycle": ini.cycle,
        "stakeholder": ini.stakeholder,
        "measure": ini.measure,
    }[kind]
    if not isinstance(value, str):
        return [_wrong(value, f"the id of a {kind}", path)]
    try:
        look_up(value)
    except KeyError as err:  # NotFoundError, whose message suggests a close id
        return [
            ValidationError(
                str(err.args[0]) if err.args else f"no {kind} {value!r}",
                path,
                code="unknown_reference",
                input=value,
            )
        ]
    return []


def _wrong(value: object, expected: str, path: str) -> ValidationError:
    return ValidationError(
        f"expected {expected}, got {type(value).__name__} {value!r}",
        path,
        code="wrong_type",
        input=value,
    )


def compute(ini: Initiative, spec: Spec) -> Part:
    """The part of the answer the analysis named in `spec` gives on `ini`."""
    name = next(k for k in spec if k in ANALYSES)
    return ANALYSES[name](ini, spec)
