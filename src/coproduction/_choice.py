"""Base classes for the enumerations: lower-case string values, friendly refusals, order.

This module sits at the bottom of the layers beside `errors`, so that `model`,
`improvement` and `analysis` can all build their enumerations on it.
"""

from __future__ import annotations

from enum import Enum
from typing import Self

from coproduction.errors import ValidationError

__all__ = ["Choice", "OrderedChoice", "refusal"]


def refusal(cls: type[Enum], value: object) -> str:
    """The message for a value that is not one of `cls`'s, listing those that are."""
    allowed = ", ".join(repr(m.value) for m in cls)
    article = "an" if cls.__name__[0] in "AEIOU" else "a"
    return f"{value!r} is not {article} {cls.__name__}; choose one of {allowed}"


class Choice(Enum):
    """An enumeration whose values are the lower-case strings used in YAML and JSON.

    Calling the class with a member or its value returns the member; any other value
    raises `ValidationError` naming the allowed values. Members hash by identity, as
    they compare: `enum.Enum` hashes by name in Python, which made every set or dict
    look-up of an action or a level eight times slower than it need be.
    """

    __hash__ = object.__hash__

    def __init__(self, *_: object) -> None:
        # Declaration order, taken as each member is made (aliases are not allowed).
        self._position = len(type(self)._member_names_)

    @classmethod
    def _missing_(cls, value: object) -> Self:
        raise ValidationError(refusal(cls, value), code="not_a_choice", input=value)

    def __str__(self) -> str:
        return str(self.value)

    @property
    def rank(self) -> int:
        """The 0-based position of this member in declaration order (for sorting)."""
        return self._position


class OrderedChoice(Choice):
    """A `Choice` whose members compare in the order they are declared."""

    def __lt__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._position < other._position

    def __le__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._position <= other._position

    def __gt__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._position > other._position

    def __ge__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._position >= other._position
