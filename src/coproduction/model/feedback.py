"""What people say about a service and what was done about it: `Feedback` and `Response`."""

from __future__ import annotations

import datetime as dt

from attrs import field, frozen

from coproduction._fields import (
    check_date,
    check_id,
    check_id_set,
    check_optional_id,
    check_text,
    to_id_set,
)

__all__ = ["Feedback", "Response"]


@frozen(kw_only=True)
class Feedback:
    """Something someone said about the service: a compliment, a worry, an idea.

    Examples:
        >>> import datetime as dt
        >>> f = Feedback(id="f1", by="alice", received=dt.date(2026, 3, 2),
        ...              text="I'd like more trips out", theme="activities")
        >>> f.theme
        'activities'
        >>> Feedback(id="f2", received=dt.date(2026, 3, 3), text="Tea is cold").by is None
        True

    Added in 0.1.
    """

    id: str = field(validator=check_id)
    """Unique within the initiative."""
    received: dt.date = field(validator=check_date)
    """When it was received."""
    text: str = field(validator=check_text)
    """What was said, in the person's words."""
    by: str | None = field(default=None, validator=check_optional_id)
    """Who said it; `None` for anonymous feedback."""
    theme: str = field(default="", validator=check_text)
    """A short label to group feedback, e.g. ``"meals"``."""


@frozen(kw_only=True)
class Response:
    """What was done about a piece of feedback ("you said, we did").

    Examples:
        >>> import datetime as dt
        >>> r = Response(feedback="f1", date=dt.date(2026, 3, 20),
        ...              action="Monthly trips chosen at the residents' meeting",
        ...              by={"mo"}, decision="d7")
        >>> r.decision
        'd7'

    Added in 0.1.
    """

    feedback: str = field(validator=check_id)
    """The id of the feedback answered."""
    date: dt.date = field(validator=check_date)
    """When it was done."""
    action: str = field(validator=check_text)
    """What was done, in plain words."""
    by: frozenset[str] = field(
        factory=frozenset, converter=to_id_set, validator=check_id_set
    )
    """Who did it."""
    decision: str | None = field(default=None, validator=check_optional_id)
    """The decision it led to, if any."""
    change_idea: str | None = field(default=None, validator=check_optional_id)
    """The change idea it became, if any."""
    cycle: str | None = field(default=None, validator=check_optional_id)
    """The PDSA cycle that tests it, if any."""
