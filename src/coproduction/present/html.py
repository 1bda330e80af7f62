"""How the main objects look in a notebook: ``_repr_html_`` for each, registered here.

Importing this module registers one renderer per class in `coproduction._display`
(the package's ``__init__`` imports it, so ``import coproduction`` is enough); each
object's ``_repr_html_`` looks itself up there. The HTML is self-contained: no
scripts, no links, no images from elsewhere, and every style is inline, so it shows
the same in Jupyter, VS Code and a saved notebook. Every piece of text that came from
the user passes through `html.escape`.

Tables are cut at `MAX_ROWS` rows, with a last line that says how many more there
are. Severity is shown by colour and by its name; the ladder of co-production is
drawn as seven rungs, with the stated and the observed rung each marked by a word.

Examples:
    >>> import coproduction as cp
    >>> ini = cp.scenarios.load_bundled("oak_house_meals")
    >>> html = ini._repr_html_()
    >>> html.startswith('<div class="cp-display cp-initiative"'), "<script" in html
    (True, False)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from html import escape
from typing import Any, Final

from coproduction._display import register
from coproduction._words import long_date
from coproduction.analysis.feedback import FeedbackRows
from coproduction.analysis.findings import Finding, Report, Severity
from coproduction.analysis.participation import (
    influence_shares,
    observed_level,
    voice_shares,
)
from coproduction.improvement import (
    ControlChart,
    Cycle,
    RunChart,
    StudyResult,
)
from coproduction.initiative import Initiative
from coproduction.model import Decision, Level, Stakeholder
from coproduction.present.svg import influence_svg

__all__ = [
    "MAX_ROWS",
    "PICTURE_DECISIONS",
    "PICTURE_PEOPLE",
    "SEVERITY_COLOURS",
    "ladder_html",
    "severity_html",
]

MAX_ROWS: Final = 20
"""The most rows a table shows; a last line says how many more there are."""

SEVERITY_COLOURS: Final = {
    Severity.INFO: "#1d4f7a",
    Severity.WARNING: "#6b4600",
    Severity.CONCERN: "#a4161a",
}
"""The colour of each severity, always shown beside its name (never colour alone)."""

_BOX: Final = (
    "font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;"
    "line-height:1.4;color:#1a1a1a;background:#fff;max-width:52rem"
)
_TABLE: Final = "border-collapse:collapse;margin:.3em 0 .8em"
_CELL: Final = "border-bottom:1px solid #c8c8c8;padding:.2em .6em;text-align:left"
_NUM: Final = _CELL.replace("text-align:left", "text-align:right")
_MUTED: Final = "color:#3d3d3d"
_VOICE: Final = "#1d4f7a"
_INFLUENCE: Final = "#0b5f5f"
_STATED: Final = "#1d4f7a"
_OBSERVED: Final = "#0b5f5f"


def severity_html(severity: Severity) -> str:
    """A severity as a coloured label that names it, so colour is never alone.

    Examples:
        >>> severity_html(Severity.CONCERN)
        '<span class="cp-severity" style="color:#a4161a;border:1px solid #a4161a;padding:0 .3em;font-weight:700">concern</span>'
    """
    colour = SEVERITY_COLOURS[severity]
    style = f"color:{colour};border:1px solid {colour};padding:0 .3em;font-weight:700"
    return f'<span class="cp-severity" style="{style}">{severity.value}</span>'


def ladder_html(stated: Level, observed: Level | None = None) -> str:
    """The ladder of co-production as seven rungs, highest first, with marks.

    The stated rung is marked "stated", the observed rung (if given) "observed".

    Examples:
        >>> html = ladder_html(Level.CO_PRODUCING, Level.CONSULTING)
        >>> html.count('class="cp-rung"'), html.count("stated"), html.count("observed")
        (7, 1, 1)
    """
    rows = []
    for level in reversed(Level):
        marks = []
        if level is stated:
            marks.append(_mark("stated", _STATED))
        if level is observed:
            marks.append(_mark("observed", _OBSERVED))
        shade = "#e8eef4" if marks else "#fff"
        rows.append(
            f'<tr class="cp-rung" data-rung="{level.value}">'
            f'<td style="{_CELL};background:{shade}">{_level_name(level)}</td>'
            f'<td style="{_CELL}">{" ".join(marks)}</td></tr>'
        )
    return (
        f'<table class="cp-ladder" style="{_TABLE}">'
        f'<caption style="text-align:left;font-weight:600">The ladder</caption>'
        f"{''.join(rows)}</table>"
    )


def _mark(word: str, colour: str) -> str:
    return (
        f'<span class="cp-mark" style="color:#fff;background:{colour};'
        f'padding:0 .3em">{word}</span>'
    )


def _mini_ladder(stated: Level, observed: Level | None) -> str:
    """Seven small rungs in a row, lowest first; S marks the stated, O the observed."""
    cells = []
    for level in Level:
        text = ("S" if level is stated else "") + ("O" if level is observed else "")
        fill = "#e8eef4" if text else "#fff"
        cells.append(
            f'<span class="cp-rung" data-rung="{level.value}" '
            f'title="{_level_name(level)}" style="display:inline-block;width:1.6em;'
            f"text-align:center;border:1px solid #555;margin-right:1px;"
            f'font-size:.8em;background:{fill}">{text or "&nbsp;"}</span>'
        )
    # one line, whatever the column's width: a rung that wrapped would look a rung apart
    return f'<span style="white-space:nowrap">{"".join(cells)}</span>'


def _level_name(level: Level) -> str:
    return level.value.replace("_", "-")


def _box(kind: str, heading: str, body: Iterable[str]) -> str:
    return (
        f'<div class="cp-display cp-{kind}" style="{_BOX}">'
        f'<h3 style="margin:.3em 0">{heading}</h3>{"".join(body)}</div>'
    )


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return escape(long_date(value))
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (frozenset, set)):
        return escape(", ".join(sorted(str(v) for v in value)))
    if isinstance(value, (tuple, list)):
        return escape(", ".join(str(v) for v in value))
    return escape(str(getattr(value, "value", value)))


def _fields(pairs: Iterable[tuple[str, object]]) -> str:
    rows = "".join(
        f'<tr><th style="{_CELL}">{escape(name)}</th><td style="{_CELL}">{_text(v)}</td></tr>'
        for name, v in pairs
        if v not in (None, "", (), frozenset(), {})
    )
    return f'<table class="cp-fields" style="{_TABLE}">{rows}</table>'


def _table(
    headers: Sequence[str],
    rows: Sequence[Any],
    cells: Callable[[Any], Sequence[str]],
    caption: str = "",
) -> str:
    """A table of the first `MAX_ROWS` rows, each drawn by `cells` (already HTML)."""
    head = "".join(f'<th style="{_CELL}">{escape(h)}</th>' for h in headers)
    body = [
        "<tr>" + "".join(f'<td style="{_CELL}">{c}</td>' for c in cells(row)) + "</tr>"
        for row in rows[:MAX_ROWS]
    ]
    more = len(rows) - MAX_ROWS
    if more > 0:
        body.append(
            f'<tr class="cp-more"><td colspan="{len(headers)}" style="{_CELL};{_MUTED}">'
            f"and {more} more</td></tr>"
        )
    title = f'<caption style="text-align:left;font-weight:600">{caption}</caption>'
    return (
        f'<table style="{_TABLE}">{title if caption else ""}'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def _bar(share: float, colour: str) -> str:
    width = max(0.0, min(1.0, share)) * 100
    return (
        f'<span class="cp-bar" style="display:inline-block;width:8em;height:.7em;'
        f'border:1px solid #555;vertical-align:middle;background:#fff">'
        f'<span style="display:block;height:100%;width:{width:.1f}%;'
        f'background:{colour}"></span></span> {share:.0%}'
    )


def _stakeholder(s: Stakeholder) -> str:
    return _box(
        "stakeholder",
        escape(s.name),
        [
            _fields(
                [
                    ("id", s.id),
                    ("kind", s.kind),
                    ("perspective", s.perspective),
                    ("access needs", s.access_needs),
                    ("represents", s.represents),
                    *((escape(k), v) for k, v in sorted(s.characteristics.items())),
                ]
            )
        ],
    )


def _decision(d: Decision) -> str:
    return _box(
        "decision",
        escape(d.title),
        [
            _fields(
                [
                    ("id", d.id),
                    ("stated level", _level_name(d.level)),
                    ("rule", d.rule),
                    ("meeting", d.meeting),
                    ("affects", d.affects),
                    ("scope", d.scope),
                    ("result", d.result),
                ]
            ),
            ladder_html(d.level),
            (
                f'<p style="{_MUTED}">The observed rung needs the initiative: '
                "show the initiative, or ask <code>observed_level</code>.</p>"
            ),
        ],
    )


PICTURE_PEOPLE: Final = 60
"""The most people an initiative's view draws in its influence picture."""

PICTURE_DECISIONS: Final = 100
"""The most decisions an initiative's view draws in its influence picture."""


def _influence_picture(initiative: Initiative) -> str:
    """The influence picture in the initiative's view: who was heard and who shaped what.

    Drawn in pure Python (`influence_svg`), so it shows without matplotlib; the
    namespace attribute is left out, as inline SVG in HTML needs none.
    """
    if not initiative.stakeholders and not initiative.decisions:
        return ""
    people, decisions = len(initiative.stakeholders), len(initiative.decisions)
    if people > PICTURE_PEOPLE or decisions > PICTURE_DECISIONS:
        return (
            f'<p style="{_MUTED}">No picture of who shaped what: {people} people and '
            f"{decisions} decisions are more than one picture can show readably (at "
            f"most {PICTURE_PEOPLE} people and {PICTURE_DECISIONS} decisions). Draw one "
            "for a part of the initiative with influence_svg or draw_influence.</p>"
        )
    picture = influence_svg(initiative).replace(
        ' xmlns="http://www.w3.org/2000/svg"', ""
    )
    return f'<div style="max-width:100%;overflow-x:auto">{picture}</div>'


def _decisions_table(ini: Initiative) -> str:
    """Each decision: its date, the rung it claimed and the rung it reached."""
    names = {m.id: m for m in ini.meetings}

    def decision_row(d: Decision) -> list[str]:
        seen = observed_level(ini, d.id)
        meeting = names.get(d.meeting) if d.meeting else None
        return [
            escape(d.title),
            _text(meeting.date) if meeting is not None else "",
            _level_name(d.level),
            _level_name(seen),
            _mini_ladder(d.level, seen),
        ]

    return _table(
        ["decision", "date", "stated", "observed", "ladder (S stated, O observed)"],
        ini.decisions,
        decision_row,
        "Decisions",
    )


def _initiative(live: Initiative) -> str:
    ini = live.snapshot()
    counts = [
        (len(ini.stakeholders), "stakeholder"),
        (len(ini.meetings), "meeting"),
        (len(ini.decisions), "decision"),
        (len(ini.cycles), "cycle"),
        (len(ini.feedback), "piece of feedback"),
    ]
    summary = ", ".join(
        f"{n} {noun if n == 1 else noun.replace('piece', 'pieces') if 'piece' in noun else noun + 's'}"
        for n, noun in counts
    )
    voice = voice_shares(ini)
    influence = influence_shares(ini)
    shares = _table(
        ["perspective", "voice", "influence"],
        list(voice),
        lambda p: [
            escape(p.value.replace("_", " ")),
            _bar(voice[p], _VOICE),
            _bar(influence.get(p, 0.0), _INFLUENCE),
        ],
        "Who was heard (voice) and who shaped decisions (influence)",
    )
    decisions = _decisions_table(ini)
    people = _table(
        ["name", "kind", "perspective"],
        ini.stakeholders,
        lambda s: [escape(s.name), escape(s.kind), _text(s.perspective)],
        "Stakeholders",
    )
    return _box(
        "initiative",
        escape(ini.title or ini.id),
        [
            f'<p style="{_MUTED}">{escape(ini.id)}: {summary}</p>',
            _influence_picture(ini),
            shares,
            decisions,
            people,
        ],
    )


def _finding(f: Finding) -> str:
    return _box(
        "finding",
        f"{severity_html(f.severity)} {escape(f.kind.value.replace('_', ' '))}",
        [
            f'<p style="margin:.3em 0">{escape(f.message)}</p>',
            _fields([("theme", f.theme), ("about", f.subjects)]),
        ],
    )


def _report(r: Report) -> str:
    when = f" as of {escape(long_date(r.as_of))}" if r.as_of else ""
    n = len(r.findings)
    shown = (
        [
            f'<p style="{_MUTED}">{n} finding{"" if n == 1 else "s"}</p>',
            _table(
                ["severity", "finding", "about", "message"],
                r.findings,
                lambda f: [
                    severity_html(f.severity),
                    escape(f.kind.value.replace("_", " ")),
                    _text(f.subjects),
                    escape(f.message),
                ],
            ),
        ]
        if r.findings
        else ["<p>No imbalances found.</p>"]
    )
    if r.initiative is not None:  # what was analysed: who shaped what, and how far
        shown += [_influence_picture(r.initiative), _decisions_table(r.initiative)]
    return _box("report", f"Report{when}", shown)


def _cycle(c: Cycle) -> str:
    result = c.study_result
    body = [
        _fields(
            [
                ("change idea", c.change_idea),
                ("phase", c.phase),
                ("objective", c.objective),
                ("start", c.start),
                ("end", c.end),
                ("outcome", c.outcome),
                ("rationale", c.rationale),
            ]
        )
    ]
    if result is not None:
        body.append(_study(result, heading=False))
    return _box("cycle", f"PDSA cycle {escape(c.id)}", body)


def _verdict(met: bool | None) -> str:
    word, colour = {
        True: ("met", "#0b5f5f"),
        False: ("not met", "#a4161a"),
        None: ("too early to tell", "#3d3d3d"),
    }[met]
    return (
        f'<span class="cp-verdict" style="color:{colour};font-weight:700">{word}</span>'
    )


def _study(s: StudyResult, heading: bool = True) -> str:
    body = [
        _table(
            ["measure", "verdict", "what it shows"],
            s.predictions,
            lambda p: [
                escape(p.prediction.measure),
                _verdict(p.met),
                escape(p.sentence),
            ],
            "Predictions",
        )
    ]
    if s.warnings:
        body.append(
            _table(
                ["measure", "chart", "warning"],
                s.warnings,
                lambda w: [escape(w.measure), escape(w.chart), escape(w.sentence)],
                "Balancing measures",
            )
        )
    table = "".join(body)
    if not heading:
        return table
    return _box("study", f"Study: {_verdict(s.met)}", [table])


def _run_chart(c: RunChart) -> str:
    signal = "a signal of non-random variation" if c.signal else "no signal"
    return _box(
        "run-chart",
        f"Run chart: {signal}",
        [
            _fields(
                [
                    ("centre (median)", c.centre),
                    ("values", c.n_obs),
                    ("useful values", c.n_useful),
                    ("longest run", c.longest_run),
                    ("longest run expected at most", c.longest_run_max),
                    ("crossings", c.crossings),
                    ("crossings expected at least", c.crossings_min),
                    ("shift", "yes" if c.shift else "no"),
                    ("too few crossings", "yes" if c.too_few_crossings else "no"),
                ]
            )
        ],
    )


def _control_chart(c: ControlChart) -> str:
    special = set(c.special_causes)
    points = _table(
        ["#", "value", "mean", "lower", "upper", "variation"],
        list(enumerate(c.points)),
        lambda ip: [
            str(ip[0] + 1),
            _text(ip[1].value),
            _text(ip[1].mean),
            _text(ip[1].lower),
            _text(ip[1].upper),
            _text(ip[1].variation) + (" (special cause)" if ip[0] in special else ""),
        ],
        "Points",
    )
    n = len(c.special_causes)
    return _box(
        "control-chart",
        f"XmR chart: {n} point{'' if n == 1 else 's'} of special cause",
        [
            _fields([("improvement", c.improvement), ("groups", len(c.groups))]),
            points,
        ],
    )


def _feedback_rows(rows: FeedbackRows) -> str:
    table = _table(
        ["you said", "by", "received", "status", "we did", "when", "who"],
        rows,
        lambda r: [
            escape(r.said),
            escape(r.by),
            _text(r.received),
            escape(r.status.replace("_", " ")),
            escape("; ".join(r.done)),
            _text(r.when),
            _text(r.who),
        ],
    )
    return _box("you-said-we-did", "You said, we did", [table])


for _cls, _renderer in (
    (Initiative, _initiative),
    (Stakeholder, _stakeholder),
    (Decision, _decision),
    (Report, _report),
    (Finding, _finding),
    (Cycle, _cycle),
    (StudyResult, _study),
    (RunChart, _run_chart),
    (ControlChart, _control_chart),
    (FeedbackRows, _feedback_rows),
):
    register(_cls, _renderer)
