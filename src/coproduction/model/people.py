"""The people involved and the parts they play: `Stakeholder`, `Perspective`, `Role`, `Membership`."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from attrs import Factory, field, frozen

from coproduction._choice import Choice
from coproduction._display import render as render_html_display
from coproduction._fields import (
    FrozenDict,
    check_bool,
    check_id,
    check_id_set,
    check_int,
    check_text,
    check_text_map,
    collecting,
    to_id_set,
    to_text_map,
)
from coproduction.errors import ValidationError
from coproduction.types import PerspectiveName, StakeholderKind

__all__ = [
    "KINDS",
    "Membership",
    "Perspective",
    "Role",
    "Stakeholder",
]


class Perspective(Choice):
    """Where a stakeholder's knowledge comes from.

    Co-production asks that knowledge from living with care and support carry equal
    weight with professional expertise. Family and unpaid carers live close to care
    but are not the people who receive it: their own view is not the person's wish, so
    they have a perspective of their own, and `Policy.lived_experience` says whether it
    counts as lived experience (by default it does not; a carers' service counts it).
    Advocacy is kept apart because an advocate speaks *for* someone with lived
    experience without having it.

    Examples:
        >>> Perspective("lived_experience") is Perspective.LIVED_EXPERIENCE
        True

    Added in 0.1.
    """

    LIVED_EXPERIENCE = "lived_experience"
    """People who use care and support services."""
    CARER = "carer"
    """Family members, friends and other unpaid carers of someone who uses services."""
    PROFESSIONAL = "professional"
    """Paid staff and officials: care workers, managers, clinicians, commissioners."""
    ADVOCACY = "advocacy"
    """Independent advocates and volunteers who help people be heard."""


KINDS: MappingProxyType[str, Perspective | None] = MappingProxyType(
    {
        "person": Perspective.LIVED_EXPERIENCE,
        "family_carer": Perspective.CARER,
        "advocate": Perspective.ADVOCACY,
        "attorney": Perspective.ADVOCACY,
        "deputy": Perspective.ADVOCACY,
        "care_worker": Perspective.PROFESSIONAL,
        "manager": Perspective.PROFESSIONAL,
        "health_professional": Perspective.PROFESSIONAL,
        "social_worker": Perspective.PROFESSIONAL,
        "commissioner": Perspective.PROFESSIONAL,
        "volunteer": Perspective.ADVOCACY,
        "other": None,
    }
)
"""The default taxonomy of stakeholder kinds and the perspective each implies.

An ``attorney`` holds a lasting power of attorney for health and welfare, a ``deputy``
was appointed by the Court of Protection: either may make decisions for someone who
lacks capacity, within the power they hold.

``other`` implies none: a stakeholder of kind ``other`` must say its perspective.
"""


def _to_kind(value: StakeholderKind) -> str:
    # Only for the type: mypy refuses a kind not in KINDS; the validator explains.
    return value


def _check_kind(_: object, __: object, value: object) -> None:
    if value not in KINDS:
        allowed = ", ".join(repr(k) for k in KINDS)
        msg = f"{value!r} is not a kind of stakeholder; choose one of {allowed}"
        raise ValidationError(msg, "$.kind", code="not_a_choice", input=value)


def _default_perspective(
    self: Stakeholder,
) -> Any:  # None for `other`: the validator explains
    return KINDS.get(self.kind)


def _to_perspective(value: Perspective | PerspectiveName | None) -> Perspective | None:
    return None if value is None else Perspective(value)


def _check_perspective(instance: Stakeholder, _: object, value: object) -> None:
    if value is None:
        msg = f"a stakeholder of kind {instance.kind!r} must say its perspective"
        raise ValidationError(msg, "$.perspective", code="empty")


@collecting
@frozen(kw_only=True)
class Stakeholder:
    """Someone involved in the initiative: a person using services, family, staff, ...

    Examples:
        >>> alice = Stakeholder(id="alice", name="Alice", kind="person",
        ...                     access_needs={"hearing_loop"})
        >>> alice.perspective
        <Perspective.LIVED_EXPERIENCE: 'lived_experience'>
        >>> Stakeholder(id="mo", name="Mo", kind="manager").perspective.value
        'professional'

    Added in 0.1.
    """

    id: str = field(validator=check_id)
    """Unique within the initiative."""
    name: str = field(validator=check_text)
    """How the person likes to be called."""
    kind: str = field(
        default="person", converter=_to_kind, validator=[check_text, _check_kind]
    )
    """One of `KINDS`."""
    perspective: Perspective = field(
        default=Factory(_default_perspective, takes_self=True),
        converter=_to_perspective,
        validator=_check_perspective,
    )
    """Derived from `kind` unless given."""
    access_needs: frozenset[str] = field(
        factory=frozenset, converter=to_id_set, validator=check_id_set
    )
    """Adjustments the person needs to take part, e.g. ``bsl_interpreter``, ``easy_read``."""
    characteristics: FrozenDict[str, str] = field(
        factory=FrozenDict, converter=to_text_map, validator=check_text_map
    )
    """Protected and other characteristics, e.g. ``{"ethnicity": "black_caribbean"}``,
    held as a `FrozenDict`: it reads and compares like a dict, but cannot be changed
    (give a changed copy with `attrs.evolve`)."""
    represents: frozenset[str] = field(
        factory=frozenset, converter=to_id_set, validator=check_id_set
    )
    """Ids of the people this stakeholder speaks for (family carers and advocates)."""

    def _repr_html_(self) -> str | None:
        """How Jupyter shows it: the HTML that `coproduction.present.html` registered."""
        return render_html_display(self)


@collecting
@frozen(kw_only=True)
class Role:
    """A part someone plays in the initiative's decisions, with its formal rights.

    Examples:
        >>> chair = Role(id="chair", votes=1, veto=True)
        >>> chair.may_propose, chair.votes, chair.veto
        (True, 1, True)

    Added in 0.1.
    """

    id: str = field(validator=check_id)
    """Unique within the initiative."""
    name: str = field(default="", validator=check_text)
    """A readable title, e.g. ``"Chair of the residents' committee"``."""
    may_propose: bool = field(default=True, validator=check_bool)
    """Whether holders may put proposals forward."""
    votes: int = field(default=1, validator=check_int)
    """Votes each holder casts in the initiative's formal decisions."""
    veto: bool = field(default=False, validator=check_bool)
    """Whether a holder can block any decision alone."""


@collecting
@frozen(kw_only=True)
class Membership:
    """A stakeholder holding a role.

    Examples:
        >>> Membership(stakeholder="mo", role="chair")
        Membership(stakeholder='mo', role='chair')

    Added in 0.1.
    """

    stakeholder: str = field(validator=check_id)
    role: str = field(validator=check_id)
