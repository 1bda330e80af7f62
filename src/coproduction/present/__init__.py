"""For people to read and look at: summaries and reports as text."""

from coproduction.present.summary import summary, summary_text

__all__ = ["summary", "summary_text"]
