"""Words shared by every layer's messages, at the bottom of the layers beside `errors`."""

from __future__ import annotations

import datetime as dt
from typing import Final

__all__ = ["long_date"]

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
