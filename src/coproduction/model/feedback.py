"""What people say about a service and what was done about it: `Feedback` and `Response`."""

from __future__ import annotations

import datetime as dt

from attrs import field, frozen

from coproduction._choice import Choice
from coproduction._fields import (
    check_date,
    check_id,
    check_id_set,
    check_optional_id,
    check_text,
    collecting,
    to_id_set,
)
from coproduction.errors import ValidationError
from coproduction.types import FeedbackKindName, ResponseKindName

__all__ = ["Feedback", "FeedbackKind", "Response", "ResponseKind"]


class FeedbackKind(Choice):
    """What kind of thing someone said: only a compliment needs no answer.

    Examples:
        >>> FeedbackKind("complaint")
        <FeedbackKind.COMPLAINT: 'complaint'>
        >>> Feedback(id="f1", received=dt.date(2026, 3, 2), text="Lovely lunch",
        ...          kind="compliment").kind.value
        'compliment'

    Added in 0.1.
    """

    COMPLAINT = "complaint"
    """Something went wrong, or is not good enough."""
    SUGGESTION = "suggestion"
    """An idea for doing something better, or differently."""
    QUESTION = "question"
    """Something the person wants to know."""
    COMPLIMENT = "compliment"
    """Praise or thanks: welcome, and it needs no answer."""


class ResponseKind(Choice):
    """What a response did: acted, said no with a reason, or asked for time.

    Examples:
        >>> ResponseKind("holding")
        <ResponseKind.HOLDING: 'holding'>
        >>> Response(feedback="f1", date=dt.date(2026, 3, 20),
        ...          action="We will look at it again in April", kind="holding").kind.value
        'holding'

    Added in 0.1.
    """

    DONE = "done"
    """Something was done about it."""
    DECLINED = "declined"
    """It will not be done, and the response says why."""
    HOLDING = "holding"
    """A holding reply ("we'll look at it again"): not yet an answer."""


def _to_feedback_kind(value: FeedbackKind | FeedbackKindName) -> FeedbackKind:
    return FeedbackKind(value)


def _to_response_kind(value: ResponseKind | ResponseKindName) -> ResponseKind:
    return ResponseKind(value)


@collecting
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
        >>> Feedback(id="f2", received=dt.date(2026, 3, 3), text="Tea is cold").kind.value
        'suggestion'

    Added in 0.1.
    """

    id: str = field(validator=check_id)
    """Unique within the initiative."""
    received: dt.date = field(validator=check_date)
    """When it was received."""
    text: str = field(validator=check_text)
    """What was said, in the person's words."""
    kind: FeedbackKind = field(
        default=FeedbackKind.SUGGESTION, converter=_to_feedback_kind
    )
    """A complaint, a suggestion (the default), a question or a compliment."""
    by: str | None = field(default=None, validator=check_optional_id)
    """Who said it; `None` for anonymous feedback."""
    theme: str = field(default="", validator=check_text)
    """A short label to group feedback, e.g. ``"meals"``."""


def _check_reason(instance: Response, _: object, kind: ResponseKind) -> None:
    if kind is ResponseKind.DECLINED and not instance.action.strip():
        msg = (
            "a declined response must say why it was declined; write the reason in "
            "'action', in plain words"
        )
        raise ValidationError(msg, "$.action", code="empty")


@collecting
@frozen(kw_only=True)
class Response:
    """What was done about a piece of feedback ("you said, we did").

    Examples:
        >>> import datetime as dt
        >>> r = Response(feedback="f1", date=dt.date(2026, 3, 20),
        ...              action="Monthly trips chosen at the residents' meeting",
        ...              by={"mo"}, decision="d7")
        >>> r.decision, r.kind.value
        ('d7', 'done')
        >>> Response(feedback="f1", date=dt.date(2026, 3, 20), action="", kind="declined")
        Traceback (most recent call last):
        ...
        coproduction.errors.ValidationError: $.action: a declined response must say why it was declined; write the reason in 'action', in plain words

    Added in 0.1.
    """

    feedback: str = field(validator=check_id)
    """The id of the feedback answered."""
    date: dt.date = field(validator=check_date)
    """When it was done."""
    action: str = field(validator=check_text)
    """What was done, in plain words; for a declined response, why not."""
    kind: ResponseKind = field(
        default=ResponseKind.DONE, converter=_to_response_kind, validator=_check_reason
    )
    """Done (the default), declined (with the reason in `action`) or a holding reply."""
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
