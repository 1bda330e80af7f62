"""For people to read and look at: summaries, and reports in text, Markdown, JSON and HTML."""

from coproduction.present.improvement import cycles_text, you_said_we_did_text
from coproduction.present.plot import (
    draw_influence,
    plot_ladder,
    plot_run_chart,
    plot_xmr,
)
from coproduction.present.report import (
    FORMATS,
    REPORT_JSON_SCHEMA,
    render,
    render_html,
    render_json,
    render_markdown,
    render_text,
    report_html_fragment,
    to_json_data,
)
from coproduction.present.summary import summary, summary_text
from coproduction.present.svg import influence_svg

__all__ = [
    "FORMATS",
    "REPORT_JSON_SCHEMA",
    "cycles_text",
    "draw_influence",
    "influence_svg",
    "plot_ladder",
    "plot_run_chart",
    "plot_xmr",
    "render",
    "render_html",
    "render_json",
    "render_markdown",
    "render_text",
    "report_html_fragment",
    "summary",
    "summary_text",
    "to_json_data",
    "you_said_we_did_text",
]
