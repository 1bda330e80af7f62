"""The limits on plain data from outside: how deep it nests, how large its numbers are.

Both `load` (while it reads YAML) and `from_dict` and `Cycle.replay` (before they
convert anything) refuse data beyond these limits, so odd input is refused quickly,
in bounded memory, and never reaches a recursion that could hit Python's limit nor a
conversion of a 100,000-digit number.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Final

from coproduction.errors import ValidationError

__all__ = [
    "MAX_DEPTH",
    "MAX_DIGITS",
    "check_plain",
    "depth_message",
    "digits_message",
]

MAX_DEPTH: Final = 100
"""The deepest nesting of mappings and lists accepted; a scenario file needs about 8."""

MAX_DIGITS: Final = 100
"""The most digits a number may be written with."""

_LARGEST: Final = 10**MAX_DIGITS


def depth_message() -> str:
    """What a refusal of data nested too deep says.

    Examples:
        >>> depth_message()
        'nested deeper than 100 levels of mappings and lists; a scenario needs far fewer'
    """
    return (
        f"nested deeper than {MAX_DEPTH} levels of mappings and lists; "
        "a scenario needs far fewer"
    )


def digits_message(digits: int) -> str:
    """What a refusal of a number too large to read says.

    Examples:
        >>> digits_message(100_000)
        'a number written with 100,000 digits; at most 100 are allowed'
    """
    return f"a number written with {digits:,} digits; at most {MAX_DIGITS} are allowed"


def check_plain(data: object, path: str = "$") -> None:
    """Refuse plain data nested deeper than `MAX_DEPTH`, or with an int beyond `MAX_DIGITS`.

    A mapping's keys must be text, as in every YAML or JSON document. The walk keeps
    its own stack, so it cannot hit Python's recursion limit, and stops
    at the first level too deep. Mappings, lists, tuples and sets are walked.

    Raises:
        ValidationError: Naming the path where the data got too deep, or the number.

    Examples:
        >>> check_plain({"a": [1, {"b": 2}]})
        >>> deep: list[object] = []
        >>> for _ in range(200):
        ...     deep = [deep]
        >>> try:
        ...     check_plain({"a": deep})
        ... except ValidationError as err:
        ...     print(err.path[:9], err.path.count("[0]"), err.message)
        $.a[0][0] 99 nested deeper than 100 levels of mappings and lists; a scenario needs far fewer
        >>> check_plain({"n": [10**200]})
        Traceback (most recent call last):
        ...
        coproduction.errors.ValidationError: $.n[0]: a number written with 201 digits; at most 100 are allowed
    """
    if not _worth_a_look(data):
        return
    _find_the_place(data, path)


def _worth_a_look(data: object) -> bool:  # noqa: C901 - one fast path per type
    """Whether `data` might break a limit: a quick walk that keeps no paths.

    Most documents break none, so this walk comes first, and the slower one that names
    the place runs only when something here looks wrong.
    """
    stack: list[tuple[object, int]] = [(data, 0)]
    pop, push = stack.pop, stack.append
    while stack:
        value, depth = pop()
        kind = type(value)
        if kind is dict or (
            kind is not list and kind is not tuple and isinstance(value, Mapping)
        ):
            if depth >= MAX_DEPTH:
                return True
            for key, item in value.items():  # type: ignore[attr-defined]
                if type(key) is not str and not isinstance(key, str):
                    return True
                if type(item) is str or item is None:
                    continue
                push((item, depth + 1))
        elif (
            kind is list
            or kind is tuple
            or isinstance(value, list | tuple | set | frozenset)
        ):
            if depth >= MAX_DEPTH:
                return True
            for item in value:  # type: ignore[attr-defined]
                if type(item) is str or item is None:
                    continue
                push((item, depth + 1))
        elif kind is int and not -_LARGEST < value < _LARGEST:  # type: ignore[operator]
            return True
    return False


def _find_the_place(data: object, path: str) -> None:
    """The walk that keeps paths, to say where `data` breaks a limit."""
    steps: list[str] = []
    frames: list[Iterator[tuple[str, object]]] = []
    value = data
    while True:
        if isinstance(value, Mapping):
            _refuse_keys_not_text(value, path + "".join(steps))
        children = _children(value)
        if children is not None:
            if len(frames) >= MAX_DEPTH:
                raise ValidationError(
                    depth_message(), path + "".join(steps), code="too_deep"
                )
            frames.append(children)
            steps.append("")
        elif type(value) is int and not -_LARGEST < value < _LARGEST:
            where = path + "".join(steps)
            raise ValidationError(
                digits_message(_digit_count(value)), where, code="too_large"
            )
        while frames:
            step = next(frames[-1], None)
            if step is not None:
                steps[-1] = step[0]
                value = step[1]
                break
            frames.pop()
            steps.pop()
        else:
            return


def _children(value: object) -> Iterator[tuple[str, object]] | None:
    """The (step, item) pairs of a collection, or None for a value that is not one."""
    if isinstance(value, Mapping):
        return ((f".{key}", item) for key, item in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return ((f"[{index}]", item) for index, item in enumerate(value))
    return None


def _digit_count(value: int) -> int:
    """How many decimal digits `value` has, without converting it to text."""
    size = abs(value)
    digits = max(1, size.bit_length() * 30103 // 100000)  # log10(2) is 0.30103
    while 10**digits <= size:
        digits += 1
    return digits


def _refuse_keys_not_text(mapping: Mapping[object, object], path: str) -> None:
    """Refuse a key that is not text: no document (YAML or JSON) has one."""
    for key in mapping:
        if not isinstance(key, str):
            shown = (
                f"a number of {_digit_count(key):,} digits"
                if type(key) is int and not -_LARGEST < key < _LARGEST
                else repr(key)
            )
            msg = f"expected text keys, got {type(key).__name__} {shown}"
            raise ValidationError(msg, path, code="wrong_type", input=key)
