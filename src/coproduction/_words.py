"""Words shared by every layer's messages, at the bottom of the layers beside `errors`."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from typing import Final

__all__ = [
    "amount",
    "and_list",
    "did_you_mean",
    "duplicate_id",
    "long_date",
]

_MONTHS: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(day: dt.date) -> str:
    """A date as people write it in a sentence, in English whatever the machine's locale.

    `strftime("%B")` would follow the locale, giving a month in another language in the
    middle of an English sentence.

    Examples:
        >>> long_date(dt.date(2025, 11, 6))
        '6 November 2025'
    """
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def and_list(words: Iterable[str]) -> str:
    """Words joined as in an English sentence: "A", "A and B", "A, B and C".

    Examples:
        >>> and_list(["Edna"]), and_list(["Edna", "Winston"]), and_list("abc"), and_list([])
        ('Edna', 'Edna and Winston', 'a, b and c', '')
    """
    items = list(words)
    if len(items) < 2:  # noqa: PLR2004 - one word needs no joining
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def duplicate_id(id: str, first: str) -> str:
    """The one wording for an id given twice: where the first holder of the id is.

    Examples:
        >>> duplicate_id("mo", "$.stakeholders[1]")
        "duplicate id 'mo'; $.stakeholders[1] has it already"
    """
    return f"duplicate id {id!r}; {first} has it already"


def did_you_mean(known: Iterable[str], id: str) -> str:
    """A "did you mean" to add to a message about an unknown id, or nothing.

    Examples:
        >>> did_you_mean(["alice", "mo"], "alise")
        " (did you mean 'alice'?)"
        >>> did_you_mean(["alice", "mo"], "zed")
        ''
    """
    close = difflib.get_close_matches(id, list(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def amount(value: float, unit: str) -> str:
    """A value as a care team would write it: ``62%``, ``3.5 falls``, ``12``.

    Examples:
        >>> amount(62.0, "%"), amount(3.5, "falls"), amount(2 / 3, ""), amount(0.004, "")
        ('62%', '3.5 falls', '0.67', '0.004')
    """
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    if value and abs(value) < 0.01:  # noqa: PLR2004 - two decimals would show 0
        text = f"{value:.3g}"
    if text == "-0":
        text = "0"
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit}" if unit else text
