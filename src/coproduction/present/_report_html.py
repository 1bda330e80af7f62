"""What a reader sees of a report (`view`), and that view as HTML.

`view` turns a report's JSON data into words and numbers ready to show; the text,
Markdown and HTML renderers all draw the same view, so they cannot disagree.

In HTML every piece of text passes through `html.escape` (names and messages come from
user data). The style is inline and scoped to the ``cp-report`` class, and nothing
outside the page is referred to: no scripts, links, fonts or images. Bars are drawn with
CSS widths and borders, so they survive printing, and every number is also written out.
Each perspective has three bars (voice, influence, members) in the colours of the legend
under the table, and the perspectives the policy counts as lived experience are marked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from html import escape
from typing import Any, Final

import attrs

from coproduction._words import and_list, long_date
from coproduction.analysis.findings import Severity
from coproduction.initiative import Initiative
from coproduction.model import Level, Perspective

__all__ = [
    "DECISIONS_HEADING",
    "LEGEND",
    "LIVED_MARK",
    "SHARES_HEADING",
    "Row",
    "Share",
    "View",
    "document",
    "fragment",
    "labels",
    "view",
]


@attrs.frozen
class Item:
    """One finding, ready to show."""

    kind: str
    theme: str
    about: str
    message: str


@attrs.frozen
class Share:
    """One perspective's figures: how much it was heard, how much it shaped, its members."""

    perspective: str
    voice: float
    influence: float
    members: float
    lived: bool
    """Whether the policy counts this perspective as lived experience."""

    @property
    def label(self) -> str:
        """The perspective's name, marked with `LIVED_MARK` when it counts as lived experience."""
        return f"{self.perspective} {LIVED_MARK}" if self.lived else self.perspective


SHARES_HEADING: Final = "Voice and influence by perspective"
"""The heading over each perspective's voice, influence and members, in every format."""

LIVED_MARK: Final = "*"
"""The mark beside a perspective that the policy counts as lived experience."""

LEGEND: Final = (
    "Voice is being heard; influence is shaping what was decided; "
    "members is the share of the group."
)
"""What the three figures of each perspective mean, in plain words."""


@attrs.frozen
class Row:
    """One decision in the table of decisions, ready to show."""

    title: str
    date: str
    stated: str
    observed: str
    voice: str
    """Who was heard, with their share of the decision's voice, most first."""
    influence: str
    """Who shaped it, with their share of the decision's influence, most first."""


DECISIONS_HEADING: Final = "Decisions"
"""The heading over the influence picture and the table of decisions."""


@attrs.frozen
class View:
    """A report as display-ready words and numbers, in the order every format shows them."""

    heading: str
    as_of: str | None
    as_of_words: str
    policy_words: str
    shares: tuple[Share, ...]
    lived_words: str
    decisions_words: str
    levels: tuple[tuple[str, int, int], ...]
    counts_words: str
    groups: tuple[tuple[Severity, tuple[Item, ...]], ...]
    picture: str = ""
    """The influence picture as inline SVG, or empty when there is no initiative."""
    decisions: tuple[Row, ...] = ()
    """The initiative's decisions, in date order, for the HTML table."""


def view(
    data: Mapping[str, Any], names: Mapping[str, str], default_policy: dict[str, Any]
) -> View:
    """The view of a report's JSON data; `names` label subjects by id."""
    summary, about = data["summary"], data["initiative"]
    heading = "Co-production report"
    if about is not None:
        name = f"{about['title']} ({about['id']})" if about["title"] else about["id"]
        heading = f"{heading}: {clean(name)}"
    items: dict[Severity, list[Item]] = {s: [] for s in reversed(Severity)}
    for f in data["findings"]:
        subjects = "; ".join(clean(names.get(s, s)) for s in f["subjects"]) or "-"
        theme = f["theme"].replace("_", " ")
        item = Item(f["kind"], theme, subjects, clean(f["message"]))
        items[Severity(f["severity"])].append(item)
    found = summary["findings"]
    as_of = data["as_of"]
    lived = set(summary["lived_experience"])
    return View(
        heading=heading,
        as_of=as_of,
        as_of_words="" if as_of is None else long_date(dt.date.fromisoformat(as_of)),
        policy_words=_policy_words(data["policy"], default_policy),
        shares=tuple(
            Share(
                perspective=_words(p),
                voice=summary["voice_shares"][p.value],
                influence=summary["influence_shares"][p.value],
                members=summary["membership_shares"][p.value],
                lived=p.value in lived,
            )
            for p in Perspective
        ),
        lived_words=(
            f"Counted as lived experience under this policy (marked {LIVED_MARK}): "
            f"{and_list([_WHO[p] for p in Perspective if p.value in lived]) or 'no one'}."
        ),
        decisions_words=_count(summary["decisions"], "decision"),
        levels=tuple(
            (
                level.value.replace("_", "-"),
                summary["stated_levels"][level.value],
                summary["observed_levels"][level.value],
            )
            for level in reversed(Level)
        ),
        counts_words=", ".join(
            _count(found[s.value], s.value)
            for s in reversed(Severity)
            if found[s.value]
        ),
        groups=tuple((s, tuple(listed)) for s, listed in items.items() if listed),
    )


def labels(initiative: Initiative | None) -> dict[str, str]:
    """Label each person, decision, meeting, cycle and measure "Name (id)".

    People win a clash of ids, then decisions, then meetings.
    """
    if initiative is None:
        return {}
    found = {c.id: f"PDSA cycle {c.id}" for c in initiative.cycles}
    named = [(m.id, m.name) for m in initiative.measures]
    named += [(m.id, m.title) for m in initiative.meetings]
    named += [(d.id, d.title) for d in initiative.decisions]
    named += [(s.id, s.name) for s in initiative.stakeholders]
    found |= {id: f"{name} ({id})" if name and name != id else id for id, name in named}
    return found


def clean(text: str) -> str:
    """One line: control characters (terminal escapes, newlines) become spaces."""
    return " ".join("".join(" " if _control(c) else c for c in text).split())


_STYLE: Final = """\
.cp-report{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;
  line-height:1.45;color:#1a1a1a;background:#fff;max-width:52rem;padding:.5rem 1rem}
.cp-report h1,.cp-report h2,.cp-report h3{line-height:1.2;margin:1.2em 0 .4em}
.cp-report .cp-meta{color:#3d3d3d}
.cp-report table{border-collapse:collapse;margin:.5em 0 1em}
.cp-report caption{text-align:left;font-weight:600;padding:.25em 0}
.cp-report table.cp-levels{min-width:min(30rem,100%)}
.cp-report th,.cp-report td{border-bottom:1px solid #c8c8c8;padding:.3em .8em;
  text-align:left;vertical-align:middle}
.cp-report .cp-num{text-align:right;font-variant-numeric:tabular-nums}
.cp-report .cp-bar{display:block;width:clamp(3rem,12vw,8rem);height:.7em;
  border:1px solid #555;margin:.2em 0 0 auto;background:#fff}
.cp-report .cp-fill{display:block;height:0;border-top:.7em solid}
.cp-report ul.cp-legend{list-style:none;padding:0;margin:.2em 0}
.cp-report ul.cp-legend li{margin:.15em 0}
.cp-report .cp-swatch{display:inline-block;width:1.4em;height:0;vertical-align:middle;
  border:1px solid #555;border-top:.7em solid;margin-right:.4em}
.cp-report .cp-voice .cp-fill,.cp-report .cp-voice .cp-swatch{border-top-color:#1d4f7a}
.cp-report .cp-influence .cp-fill,.cp-report .cp-influence .cp-swatch{
  border-top-color:#0b5f5f}
.cp-report .cp-members .cp-fill,.cp-report .cp-members .cp-swatch{
  border-top-color:#767676}
.cp-report .cp-note{color:#3d3d3d;margin-bottom:1em}
.cp-report ul.cp-findings{list-style:none;padding:0}
.cp-report li.cp-finding{border:1px solid #c8c8c8;border-left:.4em solid;
  padding:.4em .8em;margin:.6em 0;break-inside:avoid}
.cp-report li.cp-concern{border-left-color:#a4161a;background:#fdf0f0}
.cp-report li.cp-warning{border-left-color:#8a5a00;background:#fff7e0}
.cp-report li.cp-info{border-left-color:#1d4f7a;background:#eef4fa}
.cp-report .cp-badge{font-weight:700;text-transform:uppercase;letter-spacing:.04em}
.cp-report .cp-concern .cp-badge{color:#a4161a}
.cp-report .cp-warning .cp-badge{color:#6b4600}
.cp-report .cp-info .cp-badge{color:#1d4f7a}
.cp-report p{margin:.3em 0}
.cp-report code{font-family:ui-monospace,Consolas,monospace;font-size:.95em}
@media (max-width:40rem){.cp-report{padding:.5rem 0}
  .cp-report th,.cp-report td{padding:.3em .4em}}
.cp-report figure.cp-picture{margin:.5em 0 1em}
.cp-report figure.cp-picture svg{display:block;width:100%;height:auto;max-width:48rem}
.cp-report figcaption{color:#3d3d3d;font-size:.9em}
.cp-report table.cp-decisions{font-size:.92em}
.cp-report table.cp-decisions th,.cp-report table.cp-decisions td{vertical-align:top}
.cp-report td.cp-date{white-space:nowrap}
@media print{@page{size:A4;margin:15mm 12mm}
  .cp-report{max-width:none;color:#000;padding:0;font-size:10.5pt}
  .cp-report *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  .cp-report h1,.cp-report h2,.cp-report h3{break-after:avoid}
  .cp-report tr,.cp-report li,.cp-report figure{break-inside:avoid}
  .cp-report thead{display:table-header-group}
  .cp-report figure.cp-picture svg{max-height:240mm;max-width:100%}}
"""


def document(view: View) -> str:
    """A whole HTML5 page: the style in its head, the report (from ``<h1>``) in its body."""
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(view.heading)}</title>",
            f"<style>\n{_STYLE}</style>",
            "</head>",
            "<body>",
            _body(view, top=1, style=False),
            "</body>",
            "</html>",
        ]
    )


def fragment(view: View) -> str:
    """The report alone, with its scoped style, starting at ``<h2>``."""
    return _body(view, top=2, style=True)


def _body(view: View, *, top: int, style: bool) -> str:
    h1, h2, h3 = (f"h{top + n}" for n in range(3))
    out = ['<div class="cp-report">']
    if style:
        out.append(f"<style>\n{_STYLE}</style>")
    out.append(f"<{h1}>{escape(view.heading)}</{h1}>")
    meta = []
    if view.as_of:
        day = f'<time datetime="{escape(view.as_of)}">{escape(view.as_of_words)}</time>'
        meta.append(f"As of {day}.")
    meta.append(f"Policy: {escape(view.policy_words)}.")
    out.append(f'<p class="cp-meta">{" ".join(meta)}</p>')

    out.append(f"<{h2}>{SHARES_HEADING}</{h2}>")
    out += [
        '<table class="cp-shares">',
        (
            "<caption>Each perspective's share of voice and of influence over the "
            "decisions, beside its share of the members</caption>"
        ),
        "<thead><tr>" + _column_headers(_SHARE_COLUMNS) + "</tr></thead>",
        "<tbody>",
    ]
    out += [
        f'<tr><th scope="row">{_row_label(share)}</th>'
        + "".join(
            _bar_cell(value, kind)
            for value, kind in zip(
                (share.voice, share.influence, share.members), _BAR_KINDS, strict=True
            )
        )
        + "</tr>"
        for share in view.shares
    ]
    out += ["</tbody>", "</table>"]
    out.append(_legend(view))

    out.append(f"<{h2}>Decisions by level</{h2}>")
    out += [
        '<table class="cp-levels">',
        f"<caption>{view.decisions_words}, by the level stated and observed</caption>",
        "<thead><tr>" + _column_headers(_LEVEL_COLUMNS) + "</tr></thead>",
        "<tbody>",
    ]
    out += [
        f'<tr><th scope="row">{escape(level)}</th>'
        f'<td class="cp-num">{stated}</td><td class="cp-num">{observed}</td></tr>'
        for level, stated, observed in view.levels
    ]
    out += ["</tbody>", "</table>"]
    out += _decisions(view, h2)

    out.append(f"<{h2}>Findings</{h2}>")
    if not view.groups:
        out.append("<p>No imbalances found.</p>")
    else:
        out.append(f"<p>{escape(view.counts_words)}.</p>")
    for severity, items in view.groups:
        name = severity.value
        out.append(f"<{h3}>{name.capitalize()} ({len(items)})</{h3}>")
        out.append('<ul class="cp-findings">')
        out += [_finding(item, name) for item in items]
        out.append("</ul>")
    out.append("</div>")
    return "\n".join(out)


_DECISION_COLUMNS: Final = (
    "Decision",
    "Date",
    "Stated",
    "Observed",
    "Who had voice",
    "Who had influence",
)


def _decisions(view: View, h2: str) -> list[str]:
    """The influence picture and a table of the decisions, when there is an initiative."""
    if not view.picture and not view.decisions:
        return []
    out = [f"<{h2}>{DECISIONS_HEADING}</{h2}>"]
    if view.picture:
        out += [
            '<figure class="cp-picture">',
            view.picture,  # built by present.svg, where every string is escaped
            (
                "<figcaption>Who shaped which decision: people on the left, "
                "decisions on the right. Wider lines mean more influence; thin grey "
                "lines mean voice; dashed lines mean representation.</figcaption>"
            ),
            "</figure>",
        ]
    if not view.decisions:
        return out
    heads = "".join(f'<th scope="col">{name}</th>' for name in _DECISION_COLUMNS)
    out += [
        '<table class="cp-decisions">',
        (
            "<caption>Each decision, the rung of the ladder stated and the rung "
            "observed, and who was heard and who shaped it</caption>"
        ),
        f"<thead><tr>{heads}</tr></thead>",
        "<tbody>",
    ]
    out += [
        f'<tr><th scope="row">{escape(row.title)}</th>'
        f'<td class="cp-date">{escape(row.date)}</td><td>{escape(row.stated)}</td>'
        f"<td>{escape(row.observed)}</td><td>{escape(row.voice)}</td>"
        f"<td>{escape(row.influence)}</td></tr>"
        for row in view.decisions
    ]
    out += ["</tbody>", "</table>"]
    return out


_SHARE_COLUMNS: Final = ("Perspective", "Voice", "Influence", "Members")
_BAR_KINDS: Final = ("cp-voice", "cp-influence", "cp-members")
_LEGEND_KEYS: Final = (
    ("cp-voice", "Voice", "being heard"),
    ("cp-influence", "Influence", "shaping what was decided"),
    ("cp-members", "Members", "share of the group"),
)
_LEVEL_COLUMNS: Final = ("Level", "Stated", "Observed")


def _bar_cell(share: float, kind: str) -> str:
    width = min(max(share, 0.0), 1.0) * 100
    return (
        f'<td class="cp-num {kind}">{share:.0%}'
        f'<span class="cp-bar" aria-hidden="true">'
        f'<span class="cp-fill" style="width:{width:.1f}%"></span></span></td>'
    )


def _row_label(share: Share) -> str:
    """The perspective, its mark kept on the same line as the last word."""
    if not share.lived:
        return escape(share.perspective)
    return f"{escape(share.perspective)}&nbsp;{LIVED_MARK}"


def _column_headers(names: tuple[str, ...]) -> str:
    """The first column names rows; the others hold numbers, so they align right."""
    first, *numbers = names
    return f'<th scope="col">{first}</th>' + "".join(
        f'<th scope="col" class="cp-num">{name}</th>' for name in numbers
    )


def _legend(view: View) -> str:
    keys = "".join(
        f'<li class="{kind}"><span class="cp-swatch" aria-hidden="true"></span>'
        f"<strong>{name}</strong>: {meaning}</li>"
        for kind, name, meaning in _LEGEND_KEYS
    )
    return (
        f'<ul class="cp-legend">{keys}</ul>'
        f'<p class="cp-note">{escape(view.lived_words)}</p>'
    )


def _finding(item: Item, severity: str) -> str:
    return (
        f'<li class="cp-finding cp-{severity}">'
        f'<p><strong class="cp-badge">{severity}</strong> '
        f"<code>{escape(item.kind)}</code> ({escape(item.theme)})</p>"
        f'<p class="cp-about">About: {escape(item.about)}</p>'
        f"<p>{escape(item.message)}</p></li>"
    )


_WHO: Final = {
    Perspective.LIVED_EXPERIENCE: "people who use services",
    Perspective.CARER: "unpaid carers",
    Perspective.PROFESSIONAL: "professionals",
    Perspective.ADVOCACY: "advocates",
}
"""Who each perspective is, in the words of a sentence."""


def _words(perspective: Perspective) -> str:
    return perspective.value.replace("_", " ")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 or noun == "info" else f"{n} {noun}s"


def _number(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, list):  # a set of choices, such as the lived-experience ones
        return "{" + ", ".join(str(v) for v in value) + "}"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _policy_words(policy: dict[str, Any], default: dict[str, Any]) -> str:
    weights, usual = policy["action_weights"], default["action_weights"]
    changes = [
        f"action weight of {a} {_number(weights.get(a))} (default {_number(usual[a])})"
        for a in usual
        if weights.get(a) != usual[a]
    ]
    changes += [
        f"{key} {_number(value)} (default {_number(default[key])})"
        for key, value in policy.items()
        if key != "action_weights" and value != default[key]
    ]
    if not changes:
        return "the default"
    return "differs from the default in " + "; ".join(changes)


def _control(c: str) -> bool:
    return ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0  # noqa: PLR2004 - C0 and C1 controls
