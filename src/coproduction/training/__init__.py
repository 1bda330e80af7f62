"""Exercises that check a learner's answer about a scenario, and explain it.

Each `Exercise` asks a question about a bundled scenario (or a scenario file of your
own), such as "Whose access need was not met, and at which meeting?". Its reference
`answer` is worked out by the library's analysis, never typed by hand, and `check`
reads a learner's answer forgivingly (ids or names, any order, any case) and returns a
`Verdict` that says what is right, what is missing, and why, from the analysis.

Examples:
    >>> from coproduction import training
    >>> ex = training.exercise("access-unmet-oak-house")
    >>> ex.question
    'Whose access need was not met at Oak House, and at which meeting?'
    >>> ex.check({"who": "Edna", "where": "m3-garden-room"}).right
    True
    >>> verdict = ex.check("edna")
    >>> verdict.right, verdict.missing
    (False, ('where: the meeting on 6 November 2025 (m3-garden-room)',))
    >>> print(ex.hint())
    Hint 1 of 2: Look for an attendee whose need is listed under access_needs but not under the meeting's accommodations.

Trainers write their own exercises in YAML and read them with `load_exercises` or
`loads_exercises`; the docs page "Teaching with coproduction" shows how.

Added in 0.3.
"""

from __future__ import annotations

import functools
import html
import os
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import IO, Any, Final, cast

from attrs import Attribute, field, frozen

from coproduction._choice import Choice
from coproduction._fields import FrozenDict, check_id, collecting, freeze
from coproduction.analysis import Theme
from coproduction.errors import NotFoundError, ValidationError
from coproduction.initiative import Initiative
from coproduction.io.yaml import load, parse
from coproduction.scenarios import list_bundled, load_bundled
from coproduction.training._answers import (
    ANALYSES,
    PRINCIPLES,
    Part,
    check_spec,
    compute,
)
from coproduction.training._reading import Reading, normalise, read

__all__ = [
    "ANALYSES",
    "Exercise",
    "Exercises",
    "Idea",
    "Verdict",
    "exercise",
    "list_exercises",
    "load_exercises",
    "loads_exercises",
]


class Idea(Choice):
    """The ideas of why co-production matters, as a training course for care staff sets them out.

    An exercise names the ideas it teaches, so a trainer can pick exercises for a
    session on, say, families and advocates.

    Examples:
        >>> Idea("better_outcomes")
        <Idea.BETTER_OUTCOMES: 'better_outcomes'>
        >>> len(Idea)
        9

    Added in 0.3.
    """

    EMPOWERMENT = "empowerment"
    """People who use services shape them, rather than receive them."""
    BETTER_OUTCOMES = "better_outcomes"
    """Lived experience shows what professionals miss, and services improve."""
    RELATIONSHIPS = "relationships"
    """Trust, openness and partnership between staff, people and families."""
    INCLUSIVITY_AND_DIVERSITY = "inclusivity_and_diversity"
    """Every voice counts, whatever a person's background, culture or disability."""
    PERSON_CENTRED_CARE = "person_centred_care"
    """Care led by the person's own wishes, choices and priorities."""
    CONTINUOUS_IMPROVEMENT = "continuous_improvement"
    """A feedback loop: people help review services and hear what changed."""
    OWNERSHIP = "ownership"
    """People who shape a service feel it is theirs, and invest in it."""
    REDUCING_POWER_IMBALANCES = "reducing_power_imbalances"
    """Working with people rather than doing to them; an equal say."""
    FAMILIES_AND_ADVOCATES = "families_and_advocates"
    """Families, carers and advocates help a person's own voice be heard."""


_IDEAS_OF: Final[Mapping[Theme, tuple[Idea, ...]]] = {
    Theme.REDUCING_POWER_IMBALANCES: (Idea.REDUCING_POWER_IMBALANCES,),
    Theme.EMPOWERMENT: (Idea.EMPOWERMENT,),
    Theme.PERSON_CENTRED_CARE: (Idea.PERSON_CENTRED_CARE,),
    Theme.MORE_THAN_CONSULTING: (Idea.EMPOWERMENT,),
    Theme.RELATIONSHIPS_AND_OWNERSHIP: (Idea.RELATIONSHIPS, Idea.OWNERSHIP),
    Theme.INCLUSIVITY_AND_DIVERSITY: (Idea.INCLUSIVITY_AND_DIVERSITY,),
    Theme.CONTINUOUS_IMPROVEMENT: (Idea.CONTINUOUS_IMPROVEMENT,),
    Theme.FAMILIES_AND_ADVOCATES: (Idea.FAMILIES_AND_ADVOCATES,),
}

Answer = str | tuple[str, ...] | dict[str, str | tuple[str, ...]]
"""A reference answer: one value, a tuple of ids, or one of those for each part."""


@frozen
class Verdict:
    """What `Exercise.check` made of an answer.

    Attributes:
        right: Whether the answer is right: everything in it, and nothing more.
        missing: What a partly right answer left out, as a person reads it (prefixed
            with the part's name when the question has parts); after
            ``check(..., reveal=False)``, only how many (``"where: 1 more"``).
        extra: What the answer named that is not part of it, or could not be placed.
        explanation: Why, from the analysis: the verdict, what was wrong, the answer,
            the finding behind it and the principle of co-production at stake.
        partly: Whether a wrong answer has some of the answer right.

    Examples:
        >>> from coproduction import training
        >>> v = training.exercise("access-unmet-oak-house").check(
        ...     {"who": ["Edna", "Winston"], "where": "m3-garden-room"})
        >>> v.right, v.extra
        (False, ('who: Winston Clarke (winston)',))

    Added in 0.3.
    """

    right: bool
    missing: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()
    explanation: str = ""
    partly: bool = False

    def __str__(self) -> str:
        return self.explanation

    def _repr_html_(self) -> str:
        colour, word = (
            ("#1b5e20", "Right")
            if self.right
            else ("#6b4600", "Partly right")
            if self.partly
            else ("#8b1a1a", "Not right")
        )
        lines = self.explanation.split("\n")
        # The first line's word shows as the heading; what follows it on that line
        # (what a partly right answer is missing) is kept.
        first = lines[0].removeprefix(f"{word}.").strip() if lines else ""
        body = "".join(
            f"<p style='margin:.3em 0'>{html.escape(line)}</p>"
            for line in [first, *lines[1:]]
            if line
        )
        return (
            f'<div class="cp-display cp-verdict" style="border-left:4px solid {colour};'
            f'padding:.4em .8em"><p style="margin:.2em 0;color:{colour};font-weight:700">'
            f"{word}</p>{body}</div>"
        )


def _check_text(_: object, attribute: Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        msg = f"expected text, got {type(value).__name__} {value!r}"
        raise ValidationError(
            msg, f"$.{attribute.name}", code="wrong_type", input=value
        )
    if not value.strip():
        msg = f"{attribute.name} must not be empty"
        raise ValidationError(msg, f"$.{attribute.name}", code="empty", input=value)


def _to_theme(value: object) -> Theme:
    return Theme(value)


def _to_texts(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if value is None:
        return ()
    if not isinstance(value, Iterable):
        msg = f"expected a list of texts, got {type(value).__name__} {value!r}"
        raise ValidationError(msg, "$.hints", code="wrong_type", input=value)
    return tuple(value)


def _check_hints(_: object, __: Attribute[Any], value: tuple[object, ...]) -> None:
    for i, hint in enumerate(value):
        if not isinstance(hint, str):
            msg = f"a hint must be text, got {type(hint).__name__} {hint!r}"
            raise ValidationError(msg, f"$.hints[{i}]", code="wrong_type", input=hint)
        if not hint.strip():
            msg = "a hint must not be empty"
            raise ValidationError(msg, f"$.hints[{i}]", code="empty", input=hint)


def _to_ideas(value: object) -> tuple[Idea, ...]:
    if value is None:
        return ()
    items = [value] if isinstance(value, str | Idea) else value
    if not isinstance(items, Iterable):
        msg = f"expected a list of ideas, got {type(value).__name__} {value!r}"
        raise ValidationError(msg, "$.ideas", code="wrong_type", input=value)
    ideas = []
    for i, item in enumerate(items):
        try:
            ideas.append(Idea(item))
        except ValidationError as err:
            raise err.under(f"$.ideas[{i}]") from None
    return tuple(ideas)


def _to_scenario(value: object) -> Any:
    return os.fspath(value) if isinstance(value, os.PathLike) else value


def _check_scenario(_: object, __: Attribute[Any], value: object) -> None:
    if not isinstance(value, str | os.PathLike) or not str(value).strip():
        msg = f"expected the name of a bundled scenario or a path, got {value!r}"
        raise ValidationError(msg, "$.scenario", code="wrong_type", input=value)


def _to_spec(value: object) -> FrozenDict[str, Any]:
    problems = _spec_problems(value, None, "$.analysis")
    if problems:
        raise ValidationError.collect(problems)
    return cast("FrozenDict[str, Any]", freeze(dict(cast("Mapping[str, Any]", value))))


def _in_parts(value: object) -> bool:
    """Whether an analysis spec gives one analysis per part: every value a mapping."""
    return (
        isinstance(value, Mapping)
        and bool(value)
        and all(isinstance(v, Mapping) for v in value.values())
    )


def _spec_problems(
    value: object, ini: Initiative | None, path: str
) -> list[ValidationError]:
    """Every problem with an analysis spec: one analysis, or a mapping of parts."""
    if _in_parts(value):
        problems = []
        for name, spec in cast("Mapping[object, object]", value).items():
            if not isinstance(name, str) or not name.strip():
                problems.append(
                    ValidationError(
                        f"a part needs a name, got {name!r}",
                        path,
                        code="wrong_type",
                        input=name,
                    )
                )
                continue
            problems += check_spec(spec, ini, f"{path}.{name}")
        return problems
    return check_spec(value, ini, path)


@collecting
@frozen(kw_only=True)
class Exercise:
    """A question about a scenario, with an answer the analysis works out.

    Attributes:
        id: A short id, unique in its set of exercises.
        scenario: The name of a bundled scenario (see `coproduction.scenarios`), or a
            path to a scenario file.
        question: The question, as a learner reads it.
        theme: The theme of co-production it is about (a `Theme`).
        analysis: Which analysis gives the answer: one (``{"findings":
            "access_unmet", "take": "people"}``), or one for each part of the question
            (``{"who": {...}, "where": {...}}``). `ANALYSES` lists them.
        hints: Hints, revealed one at a time by `hint`.
        ideas: The ideas of co-production it teaches (`Idea`); by default those of its
            theme.

    Examples:
        >>> ex = Exercise(id="who-decides", scenario="day_centre_timetable",
        ...     question="Who has the final say on most decisions?",
        ...     theme="relationships_and_ownership",
        ...     analysis={"findings": "single_decider", "take": "people"})
        >>> ex.answer
        ('gary',)
        >>> ex.check("Gary Holt").right
        True

    Raises:
        ValidationError: For a field of the wrong kind or an analysis that is not one;
            a reference the scenario lacks is refused when the answer is first worked
            out (exercises read from YAML are checked in full as they load).

    Added in 0.3.
    """

    id: str = field(validator=check_id)
    scenario: str = field(converter=_to_scenario, validator=_check_scenario)
    question: str = field(validator=_check_text)
    theme: Theme = field(converter=_to_theme)
    analysis: FrozenDict[str, Any] = field(converter=_to_spec, repr=False)
    hints: tuple[str, ...] = field(
        default=(), converter=_to_texts, validator=_check_hints, repr=False
    )
    ideas: tuple[Idea, ...] = field(default=(), converter=_to_ideas, repr=False)
    _state: dict[str, Any] = field(
        factory=dict, init=False, eq=False, repr=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        if not self.ideas:
            object.__setattr__(self, "ideas", _IDEAS_OF[self.theme])

    def __reduce__(self) -> tuple[Any, ...]:
        # The worked-out answer holds functions that do not pickle; it is worked out
        # again on the other side. How many hints were shown travels.
        fields = {
            "id": self.id,
            "scenario": self.scenario,
            "question": self.question,
            "theme": self.theme,
            "analysis": _thawed(self.analysis),
            "hints": self.hints,
            "ideas": self.ideas,
        }
        return (_rebuild_exercise, (fields, self._state.get("hints", 0)))

    @property
    def initiative(self) -> Initiative:
        """The scenario, freshly loaded: change it freely, the answer stays as it was.

        Examples:
            >>> exercise("access-unmet-oak-house").initiative.title
            'Mealtimes at Oak House'
        """
        return _scenario(self.scenario)

    @property
    def parts(self) -> tuple[str, ...]:
        """The names of the question's parts; ``()`` for a question in one part.

        Examples:
            >>> exercise("access-unmet-oak-house").parts
            ('who', 'where')
        """
        return tuple(self.analysis) if _in_parts(self.analysis) else ()

    def _parts(self) -> dict[str, Part]:
        found = self._state.get("parts")
        if found is None:
            ini = self.initiative
            problems = _spec_problems(dict(self.analysis), ini, "$.analysis")
            if problems:
                raise ValidationError.collect(problems)
            if self.parts:
                found = {name: compute(ini, self.analysis[name]) for name in self.parts}
            else:
                found = {"": compute(ini, self.analysis)}
            self._state["parts"] = found
        return found

    @property
    def answer(self) -> Answer:
        """The reference answer, worked out from the scenario by the analysis.

        A tuple of ids (sorted), one value for a question with one (a rung, yes or
        no), or a dict with one of those for each part. `check` takes it as right.

        Examples:
            >>> exercise("access-unmet-oak-house").answer
            {'who': ('edna',), 'where': ('m3-garden-room',)}
            >>> exercise("rung-of-final-wording").answer
            'consulting'
        """
        parts = self._parts()
        given = {name: _plain(part) for name, part in parts.items()}
        return given.get("", given)

    def hint(self) -> str:
        """The next hint, one at a time; after the last, says there are no more.

        Examples:
            >>> ex = exercise("rung-of-final-wording")
            >>> ex.hint().startswith("Hint 1 of")
            True
        """
        shown = self._state.get("hints", 0)
        total = len(self.hints)
        if shown >= total:
            if not total:
                return "This exercise has no hints: check() your answer, and read its explanation."
            return f"That was the last hint ({total} of {total}). check() your answer, and read its explanation."
        self._state["hints"] = shown + 1
        return f"Hint {shown + 1} of {total}: {self.hints[shown]}"

    def check(self, answer: object, *, reveal: bool = True) -> Verdict:
        """Check a learner's answer against the analysis, and explain.

        Names or ids, in any order, any case, with spaces or dashes as you like; a
        list, or one string with commas or "and"; ``True``/``False`` or "yes"/"no";
        a `Level` or its name. A question with parts takes a dict with one answer per
        part (a flat answer is shared out when each piece fits only one part).

        Args:
            answer: The learner's answer.
            reveal: Whether a wrong answer's verdict shows the answer and the analysis
                behind it. With ``False`` it says only what is wrong and why, and how
                many are missing from each part, so a learner can try again; a right
                answer is always explained in full.

        Examples:
            >>> ex = exercise("rung-of-final-wording")
            >>> ex.check("Consulting").right
            True
            >>> print(ex.check("co-producing").explanation.splitlines()[0])
            Not right.
            >>> print(exercise("levels-overstated").check("d6-final-wording", reveal=False))
            Partly right. Missing: 1 more.
        """
        parts = self._parts()
        readings, problem = _readings(answer, parts)
        if problem:
            why = self._why(parts) if reveal else self._choices_line(parts)
            return Verdict(
                right=False, explanation="\n".join(filter(None, [problem, why]))
            )
        missing: list[str] = []
        extra: list[str] = []
        why_not: list[str] = []
        found = False
        for name, part in parts.items():
            marked = _mark(name, part, readings[name], reveal=reveal)
            missing += marked.missing
            extra += marked.extra
            why_not += marked.why_not
            found = found or marked.found
        right = not missing and not extra
        if right:
            head = "Right."
        elif found:
            head = "Partly right." + (
                f" Missing: {'; '.join(missing)}." if missing else ""
            )
        else:
            head = "Not right." + (
                f" Missing: {'; '.join(missing)}." if missing and not reveal else ""
            )
        lines = [head]
        reasons = [r for reading in readings.values() for r in reading.reasoning]
        if reasons:
            lines.append(f"Read as your reasons: {'; '.join(map(repr, reasons))}.")
        if extra:
            lines.append("Not part of the answer: " + "; ".join(extra) + ".")
        lines += why_not
        if reveal or right:
            lines.append(self._why(parts))
        return Verdict(
            right=right,
            missing=tuple(missing),
            extra=tuple(extra),
            explanation="\n".join(lines),
            partly=found and not right,
        )

    @property
    def choices(self) -> dict[str, tuple[str, ...]]:
        """The words each part answered from a fixed list takes (a rung, yes or no).

        Parts that name people, decisions or meetings of the scenario are not listed.

        Examples:
            >>> exercise("curry-night-shift").choices
            {'changed': ('yes', 'no', 'too early to tell'), 'how': ('a shift', 'too few crossings')}
        """
        return {
            name: tuple(part.vocabulary.labels.values())
            for name, part in self._parts().items()
            if part.vocabulary.fixed
        }

    def _fixed_choices(self) -> dict[str, tuple[str, ...]]:
        """`choices`, or none when the scenario cannot be read (the display must not fail)."""
        try:
            return self.choices
        except (ValidationError, OSError):
            return {}

    def _choices_line(self, parts: Mapping[str, Part]) -> str:
        listed = [
            (f"{name}: " if name else "") + ", ".join(part.vocabulary.labels.values())
            for name, part in parts.items()
            if part.vocabulary.fixed
        ]
        return ("Answer from: " + "; ".join(listed) + ".") if listed else ""

    def _why(self, parts: Mapping[str, Part]) -> str:
        answer = []
        for name, part in parts.items():
            labels = [part.vocabulary.label(k) for k in sorted(part.keys)] or ["none"]
            answer.append((f"{name}: " if name else "") + ", ".join(labels))
        lines = ["The answer: " + "; ".join(answer) + "."]
        lines += list(
            dict.fromkeys(line for part in parts.values() for line in part.why)
        )
        themes = [self.theme] + [p.theme for p in parts.values() if p.theme is not None]
        lines += [f"The principle: {PRINCIPLES[t]}" for t in dict.fromkeys(themes)][:1]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        hints = len(self.hints)
        rows = [
            ("Scenario", self.scenario),
            ("Theme", self.theme.value.replace("_", " ")),
            ("Ideas", ", ".join(i.value.replace("_", " ") for i in self.ideas)),
            ("Answer in parts", ", ".join(self.parts) if self.parts else "one answer"),
            *(
                (f"Answers for {name}" if name else "Answers", ", ".join(words))
                for name, words in self._fixed_choices().items()
            ),
            ("Hints", f"{hints}: call hint() for one at a time" if hints else "none"),
        ]
        table = "".join(
            f"<tr><th style='text-align:left;padding-right:1em'>{html.escape(k)}</th>"
            f"<td>{html.escape(v)}</td></tr>"
            for k, v in rows
        )
        return (
            f'<div class="cp-display cp-exercise"><p><strong>{html.escape(self.question)}'
            f"</strong></p><table>{table}</table><p style='color:#555'>Answer with "
            f"<code>check(...)</code>; exercise id <code>{html.escape(self.id)}</code>."
            "</p></div>"
        )


@frozen
class _Marked:
    """What one part of an answer missed, added, and why; and whether any was right."""

    missing: list[str]
    extra: list[str]
    why_not: list[str]
    found: bool


def _mark(name: str, part: Part, reading: Reading, *, reveal: bool) -> _Marked:
    prefix = f"{name}: " if name else ""
    keys = set(reading.keys)
    lost = sorted(part.keys - keys)
    wrong = sorted(keys - part.keys)
    if reveal:
        missing = [prefix + part.vocabulary.label(k) for k in lost]
    else:
        missing = [f"{prefix}{len(lost)} more"] if lost else []
    if not part.keys and not keys and not reading.said_none and not reading.unknown:
        missing.append(prefix + "that there are none")
    extra = [prefix + part.vocabulary.label(k) for k in wrong]
    extra += [repr(u) for u in reading.unknown]
    why_not = [
        f"{part.vocabulary.label(k)}: {part.why_not(k)}"
        for k in wrong
        if part.why_not(k)
    ]
    why_not += [_unplaced(u, part) for u in reading.unknown]
    found = bool(part.keys & keys) or (not part.keys and reading.said_none)
    return _Marked(missing, extra, why_not, found)


def _unplaced(piece: str, part: Part) -> str:
    """Why a piece of an answer could not be placed, and what the part takes."""
    if part.vocabulary.fixed:
        words = ", ".join(part.vocabulary.labels.values())
        return f"{piece!r} is not one of the answers here: {words}."
    return f"{piece!r} names nothing in this scenario; use a name or an id."


def _thawed(value: Any) -> Any:
    """Plain dicts and lists again, from the frozen mappings a spec is kept in."""
    if isinstance(value, Mapping):
        return {k: _thawed(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_thawed(v) for v in value]
    return value


def _rebuild_exercise(fields: dict[str, Any], hints_shown: int) -> Exercise:
    exercise = Exercise(**fields)
    exercise._state["hints"] = hints_shown  # noqa: SLF001  # its own module
    return exercise


def _plain(part: Part) -> str | tuple[str, ...]:
    keys = sorted(part.keys)
    if part.vocabulary.single and len(keys) == 1:
        return keys[0]
    return tuple(keys)


def _readings(
    answer: object, parts: Mapping[str, Part]
) -> tuple[dict[str, Reading], str]:
    """The answer read for each part, or the reason it cannot be shared out."""
    if "" in parts:
        return {"": read(answer, parts[""].vocabulary)}, ""
    names = list(parts)
    if isinstance(answer, Mapping):
        given: dict[str, object] = {}
        unknown = []
        by_name = {normalise(n): n for n in names}
        for key, value in answer.items():
            name = by_name.get(normalise(str(key)))
            if name is None:
                unknown.append(repr(key))
            else:
                given[name] = value
        if unknown:
            listed = ", ".join(repr(n) for n in names)
            return (
                {},
                f"This question's parts are {listed}; {', '.join(unknown)} is not one of them.",
            )
        return {
            n: read(given[n], parts[n].vocabulary)
            if n in given
            else Reading(frozenset(), (), said_none=False)
            for n in names
        }, ""
    spellings = [set(parts[n].vocabulary.spellings) for n in names]
    shared = any(
        spellings[i] & spellings[j]
        for i in range(len(names))
        for j in range(i + 1, len(names))
    )
    if shared:
        listed = " and ".join(repr(n) for n in names)
        example = "{" + ", ".join(f"{n!r}: [...]" for n in names) + "}"
        return (
            {},
            f"This question has parts, {listed}, that can name the same things: answer each, as {example}.",
        )
    readings = {n: read(answer, parts[n].vocabulary) for n in names}
    unknown_everywhere = [
        u
        for u in readings[names[0]].unknown
        if all(u in r.unknown for r in readings.values())
    ]
    return {
        n: Reading(r.keys, tuple(unknown_everywhere) if i == 0 else (), r.said_none)
        for i, (n, r) in enumerate(readings.items())
    }, ""


def _scenario(name: str) -> Initiative:
    """A bundled scenario by its name, or else the scenario file at that path."""
    if name in list_bundled():
        return load_bundled(name)
    return load(name)


# --- exercises in YAML ------------------------------------------------------------

_KEYS: Final = ("id", "scenario", "question", "theme", "ideas", "hints", "analysis")
_REQUIRED: Final = ("id", "scenario", "question", "theme", "analysis")
_STAND_INS: Final[Mapping[str, Any]] = {
    "id": "x",
    "scenario": "oak_house_meals",
    "question": "?",
    "theme": "empowerment",
    "analysis": {"findings": "tokenism"},
}
"""Fields put in for those missing, so that the others' problems are found too."""


def loads_exercises(
    text: str,
    *,
    source_name: str | None = None,
    folder: str | os.PathLike[str] | None = None,
) -> tuple[Exercise, ...]:
    """Read exercises from YAML text, checking each against its scenario.

    The text holds a mapping with a list under ``exercises``; each has an ``id``, a
    ``scenario``, a ``question``, a ``theme``, an ``analysis``, and optional ``hints``
    and ``ideas``. Reading is safe (no tags, no code), and every problem is reported
    at once, with its line.

    Args:
        text: The YAML text.
        source_name: The file's name, for errors.
        folder: Where a scenario given as a relative path is read from (by default
            the current folder).

    Raises:
        ValidationError: For every problem found, each at its path and line.

    Examples:
        >>> exs = loads_exercises('''
        ... exercises:
        ...   - id: lounge-tokenism
        ...     scenario: shared_lounge_decoration
        ...     question: Whose views are asked for, and never acted on?
        ...     theme: empowerment
        ...     analysis: {findings: tokenism, take: people}
        ... ''')
        >>> exs[0].answer
        ('stanley',)
        >>> loads_exercises('''
        ... exercises:
        ...   - id: typo
        ...     scenario: oak_house_meals
        ...     question: Which rung?
        ...     theme: empowerment
        ...     analysis: {observed_level: d99}
        ... ''', source_name="mine.yaml")
        Traceback (most recent call last):
        ...
        coproduction.errors.ValidationError: mine.yaml:7: $.exercises[0].analysis.observed_level: no decision with id 'd99'...
    """
    data, lines = parse(text, source_name=source_name)
    try:
        return _exercises(data, Path(folder) if folder is not None else None)
    except ValidationError as err:
        placed = err.located(source_name, lines).problems
        in_order = sorted(placed, key=lambda p: p.line or 0)  # as a reader meets them
        raise ValidationError.collect(in_order) from None


def load_exercises(file: str | os.PathLike[str] | IO[str]) -> tuple[Exercise, ...]:
    r"""Read exercises from a YAML file (a path or an open file); see `loads_exercises`.

    A scenario given as a relative path is read from the exercises file's folder.

    Raises:
        ValidationError: For every problem found, each at its path and line.
        FileNotFoundError: If there is no such file.

    Examples:
        >>> import io
        >>> exs = load_exercises(io.StringIO(
        ...     "exercises:\n"
        ...     "  - {id: a, scenario: oak_house_meals, question: Who?, theme: inclusivity_and_diversity,\n"
        ...     "     analysis: {findings: access_unmet, take: people}}\n"))
        >>> exs[0].answer
        ('edna',)
    """
    if isinstance(file, str | os.PathLike):
        path = Path(file)
        return loads_exercises(
            path.read_text(encoding="utf-8"), source_name=str(file), folder=path.parent
        )
    name = getattr(file, "name", None)
    return loads_exercises(
        file.read(), source_name=name if isinstance(name, str) else None
    )


def _exercises(data: object, folder: Path | None) -> tuple[Exercise, ...]:
    msg = "an exercises file is a mapping with a list under 'exercises'"
    if not isinstance(data, Mapping):
        raise ValidationError(msg, "$", code="wrong_type", input=data)
    if "exercises" not in data:
        raise ValidationError(msg, "$", code="missing_key")
    problems = [
        ValidationError(
            f"unknown key {k!r}; allowed keys: 'exercises'",
            f"$.{k}",
            code="unknown_key",
            input=k,
        )
        for k in data
        if k != "exercises"
    ]
    items = data["exercises"]
    if not isinstance(items, list):
        problems.append(
            ValidationError(
                f"expected a list of exercises, got {type(items).__name__}",
                "$.exercises",
                code="wrong_type",
                input=items,
            )
        )
        raise ValidationError.collect(problems)
    built = []
    seen: dict[str, int] = {}
    scenarios: dict[str, Initiative | None] = {}
    for i, item in enumerate(items):
        path = f"$.exercises[{i}]"
        found, exercise_problems = _one(item, path, folder, scenarios)
        problems += exercise_problems
        id = item.get("id") if isinstance(item, Mapping) else None
        if isinstance(id, str) and id in seen:
            problems.append(
                ValidationError(
                    f"duplicate exercise id {id!r}; the first is exercises[{seen[id]}]",
                    f"{path}.id",
                    code="duplicate_id",
                    input=id,
                )
            )
        elif isinstance(id, str):
            seen[id] = i
        if found is not None:
            built.append(found)
    if problems:
        raise ValidationError.collect(problems)
    return tuple(built)


def _one(
    item: object,
    path: str,
    folder: Path | None,
    scenarios: dict[str, Initiative | None],
) -> tuple[Exercise | None, list[ValidationError]]:
    if not isinstance(item, Mapping):
        return None, [
            ValidationError(
                f"expected a mapping for an exercise, got {type(item).__name__} {item!r}",
                path,
                code="wrong_type",
                input=item,
            )
        ]
    problems = [
        ValidationError(
            f"unknown key {k!r}; allowed keys: " + ", ".join(repr(a) for a in _KEYS),
            f"{path}.{k}",
            code="unknown_key",
            input=k,
        )
        for k in item
        if k not in _KEYS
    ]
    problems += [
        ValidationError(
            f"an exercise needs {k!r}", path, code="missing_key", input=None
        )
        for k in _REQUIRED
        if k not in item
    ]
    fields = {k: v for k, v in item.items() if k in _KEYS}
    scenario = fields.get("scenario")
    ini = None
    if isinstance(scenario, str) and scenario.strip():
        if (
            scenario not in list_bundled()
            and folder is not None
            and not Path(scenario).is_absolute()
        ):
            scenario = str(folder / scenario)
            fields["scenario"] = scenario
        ini = _scenario_for(scenario, scenarios, f"{path}.scenario", problems)
    if "analysis" in fields:
        spec_problems = _spec_problems(fields["analysis"], ini, f"{path}.analysis")
        problems += spec_problems
        if spec_problems:
            fields.pop("analysis")
    try:
        built = Exercise(**{**_STAND_INS, **fields})
    except ValidationError as err:
        problems += [
            p
            for p in err.under(path).problems
            if p.path.removeprefix(path).lstrip(".").split(".")[0].split("[")[0]
            in fields
        ]
    if problems:
        return None, problems
    return built, []


def _scenario_for(
    name: str,
    cache: dict[str, Initiative | None],
    path: str,
    problems: list[ValidationError],
) -> Initiative | None:
    if name not in cache:
        try:
            cache[name] = _scenario(name)
        except FileNotFoundError:
            known = ", ".join(repr(n) for n in list_bundled())
            problems.append(
                ValidationError(
                    f"no bundled scenario or scenario file {name!r}; the bundled ones are {known}",
                    path,
                    code="unknown_reference",
                    input=name,
                )
            )
            cache[name] = None
        except ValidationError as err:
            first = err.problems[0]
            problems.append(
                ValidationError(
                    f"the scenario file {name!r} does not load: {first}",
                    path,
                    code=first.code,
                    input=name,
                )
            )
            cache[name] = None
    return cache[name]


@functools.cache
def _bundled() -> tuple[tuple[str, Mapping[str, Any]], ...]:
    """The bundled exercises' fields, read and checked once."""
    text = (
        resources.files(__name__).joinpath("exercises.yaml").read_text(encoding="utf-8")
    )
    found = loads_exercises(text, source_name="exercises.yaml")
    return tuple(
        (
            ex.id,
            {
                "id": ex.id,
                "scenario": ex.scenario,
                "question": ex.question,
                "theme": ex.theme,
                "analysis": ex.analysis,
                "hints": ex.hints,
                "ideas": ex.ideas,
            },
        )
        for ex in found
    )


class Exercises(tuple[Exercise, ...]):
    """Exercises, as `list_exercises` gives them: a tuple that shows itself as a table.

    Examples:
        >>> exercises = list_exercises(theme="empowerment")
        >>> [ex.id for ex in exercises]
        ['voice-or-influence-harbour-walks', 'asked-but-not-heeded']
        >>> "<table" in exercises._repr_html_()
        True

    Added in 0.3.
    """

    __slots__ = ()

    def _repr_html_(self) -> str:
        head = "".join(
            f"<th style='text-align:left;padding-right:1em'>{h}</th>"
            for h in ("id", "theme", "scenario", "question")
        )
        rows = "".join(
            "<tr>"
            + "".join(
                f"<td style='text-align:left;padding-right:1em'>{html.escape(v)}</td>"
                for v in (
                    ex.id,
                    ex.theme.value.replace("_", " "),
                    ex.scenario,
                    ex.question,
                )
            )
            + "</tr>"
            for ex in self
        )
        return (
            f'<div class="cp-display cp-exercises"><p>{len(self)} exercises</p>'
            f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>"
        )


def list_exercises(
    *,
    theme: Theme | str | None = None,
    idea: Idea | str | None = None,
    scenario: str | None = None,
) -> Exercises:
    """The bundled exercises, in course order; each call gives fresh ones (hints unshown).

    Args:
        theme: Only those about this theme.
        idea: Only those teaching this idea.
        scenario: Only those about this bundled scenario.

    Examples:
        >>> len(list_exercises()) >= 12
        True
        >>> [ex.id for ex in list_exercises(idea="families_and_advocates")][:2]
        ['heard-through-others', 'lawful-where-to-live']
    """
    wanted_theme = Theme(theme) if theme is not None else None
    wanted_idea = Idea(idea) if idea is not None else None
    found = []
    for _, fields in _bundled():
        ex = Exercise(**fields)
        if wanted_theme is not None and ex.theme is not wanted_theme:
            continue
        if wanted_idea is not None and wanted_idea not in ex.ideas:
            continue
        if scenario is not None and ex.scenario != scenario:
            continue
        found.append(ex)
    return Exercises(found)


def exercise(id: str) -> Exercise:
    """The bundled exercise with this id, fresh (its hints unshown).

    Raises:
        NotFoundError: If there is none; the message lists those there are.

    Examples:
        >>> exercise("curry-night-shift").theme
        <Theme.CONTINUOUS_IMPROVEMENT: 'continuous_improvement'>
        >>> exercise("curry")
        Traceback (most recent call last):
        ...
        coproduction.errors.NotFoundError: no exercise 'curry'; did you mean 'curry-night-shift'? the exercises are ...
    """
    ids = [i for i, _ in _bundled()]
    for found, fields in _bundled():
        if found == id:
            return Exercise(**fields)
    close = [i for i in ids if isinstance(id, str) and id and (id in i or i in id)]
    hint = f"did you mean {close[0]!r}? " if close else ""
    msg = f"no exercise {id!r}; {hint}the exercises are " + ", ".join(
        repr(i) for i in ids
    )
    raise NotFoundError(msg, kind="exercise", id=str(id))
