"""What a reader sees of a report (`view`), and that view as HTML.

`view` turns a report's JSON data into words and numbers ready to show; the text,
Markdown and HTML renderers all draw the same view, so they cannot disagree.

In HTML every piece of text passes through `html.escape` (names and messages come from
user data). The style is inline and scoped to the ``cp-report`` class, and nothing
outside the page is referred to: no scripts, links, fonts or images. Bars are drawn with
CSS widths and borders, so they survive printing, and every number is also written out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from html import escape
from typing import Any, Final

import attrs

from coproduction._words import long_date
from coproduction.analysis.findings import Severity
from coproduction.initiative import Initiative
from coproduction.model import Level, Perspective

__all__ = ["View", "document", "fragment", "labels", "view"]


@attrs.frozen
class Item:
    """One finding, ready to show."""

    kind: str
    theme: str
    about: str
    message: str


@attrs.frozen
class View:
    """A report as display-ready words and numbers, in the order every format shows them."""

    heading: str
    as_of: str | None
    as_of_words: str
    policy_words: str
    shares: tuple[tuple[str, float, float], ...]
    decisions_words: str
    levels: tuple[tuple[str, int, int], ...]
    counts_words: str
    groups: tuple[tuple[Severity, tuple[Item, ...]], ...]


def view(
    data: dict[str, Any], names: Mapping[str, str], default_policy: dict[str, Any]
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
    return View(
        heading=heading,
        as_of=as_of,
        as_of_words="" if as_of is None else long_date(dt.date.fromisoformat(as_of)),
        policy_words=_policy_words(data["policy"], default_policy),
        shares=tuple(
            (
                p.value.replace("_", " "),
                summary["influence_shares"][p.value],
                summary["membership_shares"][p.value],
            )
            for p in Perspective
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
    """Label each person, decision and meeting "Name (id)"; people win a clash of ids."""
    if initiative is None:
        return {}
    named = [(m.id, m.title) for m in initiative.meetings]
    named += [(d.id, d.title) for d in initiative.decisions]
    named += [(s.id, s.name) for s in initiative.stakeholders]
    return {id: f"{name} ({id})" if name and name != id else id for id, name in named}


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
.cp-report th,.cp-report td{border-bottom:1px solid #c8c8c8;padding:.3em .8em;
  text-align:left;vertical-align:middle}
.cp-report td.cp-num{text-align:right;font-variant-numeric:tabular-nums}
.cp-report .cp-bar{display:block;width:10rem;height:.7em;border:1px solid #555;
  margin:.2em 0 0 auto;background:#fff}
.cp-report .cp-fill{display:block;height:0;border-top:.7em solid #0b5f5f}
.cp-report .cp-members .cp-fill{border-top-color:#767676}
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
@media print{.cp-report{max-width:none;color:#000}
  .cp-report *{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
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

    out.append(f"<{h2}>Influence by perspective</{h2}>")
    out += [
        "<table>",
        "<caption>Share of influence over decisions beside share of members</caption>",
        "<thead><tr>"
        + "".join(f'<th scope="col">{c}</th>' for c in _SHARE_COLUMNS)
        + "</tr></thead>",
        "<tbody>",
    ]
    for perspective, influence, members in view.shares:
        out.append(
            f'<tr><th scope="row">{escape(perspective)}</th>'
            f"{_bar_cell(influence, 'cp-influence')}{_bar_cell(members, 'cp-members')}</tr>"
        )
    out += ["</tbody>", "</table>"]

    out.append(f"<{h2}>Decisions by level</{h2}>")
    out += [
        "<table>",
        f"<caption>{view.decisions_words}, by the level stated and observed</caption>",
        "<thead><tr>"
        + "".join(f'<th scope="col">{c}</th>' for c in _LEVEL_COLUMNS)
        + "</tr></thead>",
        "<tbody>",
    ]
    out += [
        f'<tr><th scope="row">{escape(level)}</th>'
        f'<td class="cp-num">{stated}</td><td class="cp-num">{observed}</td></tr>'
        for level, stated, observed in view.levels
    ]
    out += ["</tbody>", "</table>"]

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


_SHARE_COLUMNS: Final = ("Perspective", "Influence", "Members")
_LEVEL_COLUMNS: Final = ("Level", "Stated", "Observed")


def _bar_cell(share: float, kind: str) -> str:
    width = min(max(share, 0.0), 1.0) * 100
    return (
        f'<td class="cp-num {kind}">{share:.0%}'
        f'<span class="cp-bar" aria-hidden="true">'
        f'<span class="cp-fill" style="width:{width:.1f}%"></span></span></td>'
    )


def _finding(item: Item, severity: str) -> str:
    return (
        f'<li class="cp-finding cp-{severity}">'
        f'<p><strong class="cp-badge">{severity}</strong> '
        f"<code>{escape(item.kind)}</code> ({escape(item.theme)})</p>"
        f'<p class="cp-about">About: {escape(item.about)}</p>'
        f"<p>{escape(item.message)}</p></li>"
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 or noun == "info" else f"{n} {noun}s"


def _number(value: Any) -> str:
    if value is None:
        return "none"
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
