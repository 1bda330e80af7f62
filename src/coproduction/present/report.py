"""A `Report` of findings as text, Markdown, JSON or one self-contained HTML page.

Every format is drawn from the same data (`to_json_data`), so all four say the same
thing in the same order: who the report is about, the date and any policy that differs
from the default, each perspective's share of voice (being heard) and of influence
(shaping what was decided) beside its share of members, with the perspectives the policy
counts as lived experience marked, decisions by stated and observed level, then the
findings, most serious first.

Text from the scenario (names, titles, messages) is escaped for Markdown and HTML and
has its control characters removed, so a stakeholder's name can never become markup or a
terminal escape. Nothing depends on the clock or the locale: the same report renders to
the same characters every time.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import textwrap
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from enum import Enum
from fractions import Fraction
from typing import Any, Final, cast

import attrs

from coproduction._fields import is_count
from coproduction._version import __version__
from coproduction.analysis.findings import FindingKind, Policy, Report, Severity, Theme
from coproduction.analysis.graph import influence_graph
from coproduction.errors import ValidationError
from coproduction.initiative import Initiative
from coproduction.model import Action, Level, Perspective
from coproduction.present import _report_html
from coproduction.present.svg import influence_svg
from coproduction.types import ReportJSON

__all__ = [
    "FORMATS",
    "REPORT_JSON_SCHEMA",
    "render",
    "render_html",
    "render_json",
    "render_markdown",
    "render_text",
    "report_html_fragment",
    "to_json_data",
]

FORMATS: Final = ("text", "markdown", "json", "html")
"""The formats `render` knows, in the order they are listed to users."""


def render(report: Report, format: str, initiative: Initiative | None = None) -> str:
    """Render a report in one of the `FORMATS`.

    Args:
        report: What `find_imbalances` found.
        format: ``"text"``, ``"markdown"``, ``"json"`` or ``"html"``.
        initiative: The initiative the report is about, for its title and people's names.

    Returns:
        The report in that format.

    Raises:
        ValidationError: If the format is not one of `FORMATS`.

    Examples:
        >>> import coproduction as cp
        >>> report = cp.find_imbalances(cp.scenarios.load_bundled("oak_house_meals"))
        >>> render(report, "text").splitlines()[4]
        'Voice and influence by perspective'
        >>> render(report, "pdf")
        Traceback (most recent call last):
        ...
        coproduction.errors.ValidationError: $.format: Unknown format: 'pdf'. Available formats: 'text', 'markdown', 'json', 'html'.

    Added in 0.1.
    """
    renderers: dict[str, Callable[[Report, Initiative | None], str]] = {
        "text": render_text,
        "markdown": render_markdown,
        "json": render_json,
        "html": render_html,
    }
    if format not in renderers:
        available = ", ".join(repr(f) for f in FORMATS)
        msg = f"Unknown format: {format!r}. Available formats: {available}."
        raise ValidationError(msg, path="$.format", code="not_a_choice", input=format)
    return renderers[format](report, initiative)


def render_text(
    report: Report, initiative: Initiative | None = None, *, width: int = 88
) -> str:
    """Render a report as plain text for a terminal (no colour codes).

    Args:
        report: What `find_imbalances` found.
        initiative: The initiative the report is about, for its title and people's names.
        width: The column at which findings are wrapped; at least 40.

    Returns:
        The report as lines of text, with no newline at the end.

    Raises:
        ValidationError: If `width` is below 40.

    Examples:
        >>> import coproduction as cp
        >>> ini = cp.scenarios.load_bundled("oak_house_meals")
        >>> text = render_text(cp.find_imbalances(ini), ini, width=60)
        >>> print(text[text.index("CONCERN") : text.index("INFO (")].rstrip())
        CONCERN (1)
        <BLANKLINE>
          access_unmet (inclusivity and diversity)
            About: Edna Whitfield (edna); Mealtimes group in the
            garden room, while the lounge was being decorated
            (m3-garden-room)
            Edna Whitfield needs a hearing loop, which was not
            provided at the meeting on 6 November 2025 ("Mealtimes
            group in the garden room, while the lounge was being
            decorated"). Provide it at every meeting Edna attends,
            and check with Edna how the 2 decisions taken there
            should be revisited.

    Added in 0.1.
    """
    if not is_count(width, least=_MIN_WIDTH):
        msg = f"width must be a whole number of at least {_MIN_WIDTH}, got {width!r}"
        raise ValidationError(msg, path="$.width", code="wrong_type")
    v = _view(report, initiative)
    lines = _wrap(v.heading, width, "", "  ")
    if v.as_of:
        lines.append(f"As of {v.as_of_words}")
    lines += _wrap(f"Policy: {v.policy_words}", width, "", "  ")
    lines += ["", _report_html.SHARES_HEADING]
    lines.append(f"  {'':<18}{'voice':>11}{'influence':>11}{'members':>11}")
    lines += [
        f"  {s.label:<18}{s.voice:>11.0%}{s.influence:>11.0%}{s.members:>11.0%}"
        for s in v.shares
    ]
    lines += _wrap(v.lived_words, width, "  ", "  ")
    lines += _wrap(_report_html.LEGEND, width, "  ", "  ")
    lines += ["", f"Decisions by level ({v.decisions_words})"]
    lines.append(f"  {'':<18}{'stated':>10}{'observed':>10}")
    lines += [f"  {level:<18}{s:>10}{o:>10}" for level, s, o in v.levels]
    lines += ["", f"Findings: {v.counts_words}" if v.groups else _NONE_FOUND]
    for severity, items in v.groups:
        lines += ["", f"{severity.value.upper()} ({len(items)})"]
        for item in items:
            lines += ["", f"  {item.kind} ({item.theme})"]
            lines += _wrap(f"About: {item.about}", width, "    ", "    ")
            lines += _wrap(item.message, width, "    ", "    ")
    return "\n".join(lines)


def render_markdown(report: Report, initiative: Initiative | None = None) -> str:
    r"""Render a report as Markdown: headings, two tables of figures, a list per severity.

    Examples:
        >>> import coproduction as cp
        >>> ini = cp.scenarios.load_bundled("shared_lounge_decoration")
        >>> md = render_markdown(cp.find_imbalances(ini), ini)
        >>> [line for line in md.splitlines() if line.startswith("##")]
        ['## Voice and influence by perspective', '## Decisions by level', '## Findings', '### Warning (1)']
        >>> print(next(line for line in md.splitlines() if line.startswith("| lived")))
        | lived experience \* | 62% | 50% | 50% |

    Added in 0.1.
    """
    v = _view(report, initiative)
    meta = f"As of {_md(v.as_of_words)}. " if v.as_of else ""
    lines = [f"# {_md(v.heading)}", "", f"{meta}Policy: {_md(v.policy_words)}.", ""]
    lines += [f"## {_report_html.SHARES_HEADING}", ""]
    lines += [
        "| Perspective | Voice | Influence | Members |",
        "| --- | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {_md(s.label)} | {s.voice:.0%} | {s.influence:.0%} | {s.members:.0%} |"
        for s in v.shares
    ]
    lines += ["", f"{_md(v.lived_words)} {_md(_report_html.LEGEND)}"]
    lines += ["", "## Decisions by level", "", f"{v.decisions_words}."]
    lines += ["", "| Level | Stated | Observed |", "| --- | ---: | ---: |"]
    lines += [f"| {level} | {s} | {o} |" for level, s, o in v.levels]
    lines += ["", "## Findings", "", f"{v.counts_words}." if v.groups else _NONE_FOUND]
    for severity, items in v.groups:
        lines += ["", f"### {severity.value.capitalize()} ({len(items)})", ""]
        for item in items:
            lines.append(f"- **{item.kind}** ({item.theme}), about {_md(item.about)}")
            lines += ["", f"  {_md(item.message)}", ""]
        lines.pop()
    return "\n".join(lines)


def render_json(report: Report, initiative: Initiative | None = None) -> str:
    """Render a report as JSON text of the documented shape (`REPORT_JSON_SCHEMA`).

    Keys come in a fixed order and the text is indented by two spaces; non-ASCII
    characters are kept as they are.

    Examples:
        >>> import json
        >>> import coproduction as cp
        >>> report = cp.find_imbalances(cp.scenarios.load_bundled("oak_house_meals"))
        >>> list(json.loads(render_json(report)))
        ['format', 'version', 'coproduction_version', 'initiative', 'as_of', 'policy', 'summary', 'findings']

    Added in 0.1.
    """
    data = to_json_data(report, initiative)
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)


def to_json_data(report: Report, initiative: Initiative | None = None) -> ReportJSON:
    """The report as plain data (dicts, lists, strings, numbers, None) ready for JSON.

    Enumerations become their values, dates ISO strings, and every key comes in a fixed
    order. The shape is described key by key in the Reports page of the documentation
    and by `REPORT_JSON_SCHEMA`; it changes only with ``version``.

    Examples:
        >>> import coproduction as cp
        >>> ini = cp.scenarios.load_bundled("oak_house_meals")
        >>> data = to_json_data(cp.find_imbalances(ini), ini)
        >>> data["initiative"], data["as_of"]
        ({'id': 'oak-house-meals', 'title': 'Mealtimes at Oak House'}, '2026-05-07')
        >>> data["findings"][0]["kind"], data["findings"][0]["subjects"]
        ('access_unmet', ['edna', 'm3-garden-room'])

    Added in 0.1.
    """
    about = (
        None if initiative is None else {"id": initiative.id, "title": initiative.title}
    )
    data: dict[str, Any] = {
        "format": "coproduction-report",
        "version": 1,
        "coproduction_version": __version__,
        "initiative": about,
        "as_of": None if report.as_of is None else report.as_of.isoformat(),
        "policy": _policy_data(report.policy),
        "summary": _summary_data(report),
        "findings": [
            {
                "kind": f.kind.value,
                "severity": f.severity.value,
                "theme": f.theme.value,
                "subjects": list(f.subjects),
                "message": f.message,
                "evidence": _plain(f.evidence),
                "template": f.template,
                "params": _plain(f.params),
            }
            for f in report
        ],
    }
    return cast("ReportJSON", data)


def render_html(report: Report, initiative: Initiative | None = None) -> str:
    """Render a report as one self-contained, accessible HTML5 page.

    The page has its style inline and refers to nothing outside itself (no scripts,
    fonts, images or links), so it can be attached to an email or printed as it is.
    Severity is written in words as well as shown by colour.

    Examples:
        >>> import coproduction as cp
        >>> ini = cp.scenarios.load_bundled("oak_house_meals")
        >>> page = render_html(cp.find_imbalances(ini), ini)
        >>> page.splitlines()[:2]
        ['<!DOCTYPE html>', '<html lang="en">']

    Added in 0.1.
    """
    return _report_html.document(_html_view(report, initiative))


def report_html_fragment(report: Report, initiative: Initiative | None = None) -> str:
    """The report as an HTML fragment (no ``<html>`` or ``<head>``) for embedding.

    The fragment carries its own style, scoped to its ``cp-report`` class, and starts
    at an ``<h2>`` heading, so it suits a notebook cell or a page that has its own title.

    Examples:
        >>> import coproduction as cp
        >>> report = cp.find_imbalances(cp.scenarios.load_bundled("home_adaptations"))
        >>> html = report_html_fragment(report)
        >>> html.startswith('<div class="cp-report">'), "<html" in html
        (True, False)

    Added in 0.1.
    """
    return _report_html.fragment(_html_view(report, initiative))


_MIN_WIDTH: Final = 40
_NONE_FOUND: Final = "No imbalances found."
_MD_SPECIAL: Final = frozenset("\\`*_[]<>#|~&")


def _object(properties: dict[str, Any], *, extra: bool = False) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": extra,
    }


def _each(members: Iterable[Enum], schema: dict[str, Any]) -> dict[str, Any]:
    return _object({m.value: schema for m in members})


_NUMBER: Final = {"type": "number"}
_INTEGER: Final = {"type": "integer"}
_COUNT: Final = {"type": "integer", "minimum": 0}
_SHARE: Final = {"type": "number", "minimum": 0, "maximum": 1}
_PERSPECTIVES: Final = {
    "type": "array",
    "items": {"enum": [p.value for p in Perspective]},
    "uniqueItems": True,
}
_POLICY: Final = {
    "action_weights": {**_each(Action, _NUMBER), "required": []},
    "adopted_factor": _NUMBER,
    "lived_experience": _PERSPECTIVES,
    "equal_weight_ratio": _NUMBER,
    "dominance_concern_ratio": _NUMBER,
    "tokenism_min_decisions": _INTEGER,
    "single_decider_share": _NUMBER,
    "single_decider_min_decisions": _INTEGER,
    "formal_power_margin": _NUMBER,
    "quota": {"type": ["integer", "null"]},
    "overstated_concern_gap": _INTEGER,
    "feedback_days": _INTEGER,
    "representation_min_share": _NUMBER,
    "outvoted_share": _NUMBER,
    "outvoted_concern_share": _NUMBER,
    "outvoted_min_votes": _INTEGER,
    "min_lived_experience_membership": _NUMBER,
}
_SUMMARY: Final = {
    "decisions": _COUNT,
    "influence_shares": _each(Perspective, _SHARE),
    "membership_shares": _each(Perspective, _SHARE),
    "stated_levels": _each(Level, _COUNT),
    "observed_levels": _each(Level, _COUNT),
    "findings": _each(Severity, _COUNT),
    "lived_experience": _PERSPECTIVES,
    "voice_shares": _each(Perspective, _SHARE),
}
_FINDING: Final = {
    "kind": {"enum": [k.value for k in FindingKind]},
    "severity": {"enum": [s.value for s in Severity]},
    "theme": {"enum": [t.value for t in Theme]},
    "subjects": {"type": "array", "items": {"type": "string"}},
    "message": {"type": "string"},
    "evidence": {"type": "object"},
    "template": {"type": "string"},
    "params": {"type": "object"},
}
_ISO_DATE: Final = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_ABOUT: Final = _object({"id": {"type": "string"}, "title": {"type": "string"}})

REPORT_JSON_SCHEMA: Final[dict[str, Any]] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "coproduction report, version 1",
    **_object(
        {
            "format": {"const": "coproduction-report"},
            "version": {"const": 1},
            "coproduction_version": {"type": "string"},
            "initiative": {"anyOf": [{"type": "null"}, _ABOUT]},
            "as_of": {"anyOf": [{"type": "null"}, _ISO_DATE]},
            "policy": _object(_POLICY),
            "summary": _object(_SUMMARY, extra=True),
            "findings": {"type": "array", "items": _object(_FINDING)},
        }
    ),
}
"""A JSON Schema (draft 2020-12) of what `render_json` writes. ``summary`` may gain
figures within a version; every other object has exactly the keys listed.

Added in 0.1."""


def _policy_data(policy: Policy) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in attrs.fields(Policy):
        value = getattr(policy, f.name)
        if f.name == "action_weights":
            given = {Action(k): v for k, v in value.items()}
            value = {a.value: given[a] for a in Action if a in given}
        out[f.name] = _plain(value)
    return out


def _summary_data(report: Report) -> dict[str, Any]:
    given: Mapping[str, Any] = report.summary  # read as plain data, any key

    def by(key: str, members: Iterable[Enum], zero: float) -> dict[str, Any]:
        values = {str(_plain(k)): v for k, v in given.get(key, {}).items()}
        return {m.value: _plain(values.get(m.value, zero)) for m in members}

    counts = Counter(f.severity for f in report)
    out: dict[str, Any] = {
        "decisions": int(given.get("decisions", 0)),
        "influence_shares": by("influence_shares", Perspective, 0.0),
        "membership_shares": by("membership_shares", Perspective, 0.0),
        "stated_levels": by("stated_levels", Level, 0),
        "observed_levels": by("observed_levels", Level, 0),
        "findings": {s.value: counts[s] for s in Severity},
        "lived_experience": _plain(report.policy.lived_experience),
        "voice_shares": by("voice_shares", Perspective, 0.0),
    }
    for key in sorted(str(k) for k in given if str(k) not in out):
        out[key] = _plain(given[key])
    return out


def _plain(value: Any) -> Any:
    """Plain JSON data: enumerations by value, dates as ISO text, sets sorted."""
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, float | Fraction):
        value = float(value) if math.isfinite(value) else None
    elif isinstance(value, dt.date):
        value = value.isoformat()
    elif isinstance(value, Mapping):
        value = {str(_plain(k)): _plain(v) for k, v in value.items()}
    elif isinstance(value, set | frozenset):
        value = sorted((_plain(v) for v in value), key=json.dumps)
    elif isinstance(value, list | tuple):
        value = [_plain(v) for v in value]
    elif not (value is None or isinstance(value, bool | int | str)):
        value = str(value)
    return value


def _view(report: Report, initiative: Initiative | None) -> _report_html.View:
    data = to_json_data(report, initiative)
    default = _policy_data(Policy())
    return _report_html.view(data, _report_html.labels(initiative), default)


_SVG_NAMESPACE: Final = ' xmlns="http://www.w3.org/2000/svg"'


def _html_view(report: Report, initiative: Initiative | None) -> _report_html.View:
    """The view, with the picture and the table of decisions when there is an initiative."""
    found = _view(report, initiative)
    if initiative is None:
        return found
    return attrs.evolve(
        found,
        # Inline SVG in HTML takes its namespace from the page, so the page names no URL.
        picture=influence_svg(initiative, report.policy).replace(_SVG_NAMESPACE, "", 1),
        decisions=_decision_rows(initiative, report.policy),
    )


def _decision_rows(
    initiative: Initiative, policy: Policy
) -> tuple[_report_html.Row, ...]:
    """Each decision in date order (undated last), with who was heard and who shaped it."""
    graph = influence_graph(initiative, policy)
    voice: dict[str, Counter[str]] = {}
    influence: dict[str, Counter[str]] = {}
    for source, target, data in graph.edges(data=True):
        if data["relation"] == "contribution":
            voice.setdefault(target, Counter())[source] += data["voice"]
            influence.setdefault(target, Counter())[source] += data["influence"]

    def who(shares: Counter[str] | None) -> str:
        if not shares:
            return "no one"
        named = sorted(
            (
                (share, _report_html.clean(str(graph.nodes[p]["name"])))
                for p, share in shares.items()
                if share > 0
            ),
            key=lambda pair: (-round(pair[0], 9), pair[1]),
        )
        return ", ".join(f"{name} {share:.0%}" for share, name in named) or "no one"

    decisions = sorted(
        (key for key in graph.nodes if graph.nodes[key]["type"] == "decision"),
        key=lambda key: (graph.nodes[key]["date"] == "", graph.nodes[key]["date"], key),
    )
    return tuple(
        _report_html.Row(
            title=_report_html.clean(
                str(graph.nodes[key]["title"] or graph.nodes[key]["id"])
            ),
            date=graph.nodes[key]["date"] or "undated",
            stated=graph.nodes[key]["stated_level"].replace("_", "-"),
            observed=graph.nodes[key]["observed_level"].replace("_", "-"),
            voice=who(voice.get(key)),
            influence=who(influence.get(key)),
        )
        for key in decisions
    )


def _md(text: str) -> str:
    """Markdown that shows `text` as it is: no markup, HTML, link or list marker."""
    escaped = "".join(f"\\{c}" if c in _MD_SPECIAL else c for c in text)
    marker = re.match(r"\d*[-+=.)]", escaped)
    if marker:  # a leading "-", "+", "1." or "1)" would start a list or underline
        cut = marker.end() - 1
        escaped = f"{escaped[:cut]}\\{escaped[cut:]}"
    return escaped


def _wrap(text: str, width: int, first: str, rest: str) -> list[str]:
    return textwrap.wrap(
        text,
        width,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    )
