"""The one place each field check is written, for `model/`, `improvement/` and the rest.

Every refusal is a `ValidationError` whose path names the field: ``$.name`` for a
field or a function's argument, ``$.items[2]`` for an item of it. This module sits at
the bottom of the layers, beside `errors`, and imports nothing else of the library, so
every layer can use it.

Two kinds of check live here. *Validators* (``check_*``) take attrs' ``(instance,
attribute, value)`` and name the attribute; records check their own fields with them
when they are built, so a record that exists is well formed. *Readers* take
``(value, path)``, return the value checked (and sometimes converted) and name `path`
when they refuse it; the calls and events of a PDSA cycle read plain data with them.
References between records (ids) are checked by the `Initiative` that holds them.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import numbers
import operator
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import (
    TYPE_CHECKING,
    Any,
    Literal,
    SupportsIndex,
    TypeAlias,
    TypeGuard,
    TypeVar,
    cast,
)

from coproduction.errors import ValidationError

__all__ = [
    "IMPROVEMENTS",
    "FrozenDict",
    "FrozenList",
    "Improvement",
    "as_improvement",
    "as_int",
    "check_bool",
    "check_date",
    "check_id",
    "check_id_set",
    "check_int",
    "check_optional_date",
    "check_optional_id",
    "check_records",
    "check_text",
    "check_text_map",
    "choose",
    "collecting",
    "day",
    "describe",
    "freeze",
    "is_count",
    "is_id",
    "is_number",
    "listed",
    "optional",
    "participants",
    "read_fields",
    "step",
    "text",
    "texts",
    "thaw",
    "to_id_set",
    "to_plain",
    "to_records",
    "to_text_map",
]


if TYPE_CHECKING:  # for the annotations only: nothing but stdlib at run time
    from collections.abc import Callable

    import attrs

    Attribute: TypeAlias = attrs.Attribute[Any]
    """What attrs passes a validator: the field, whose name the path gives."""

    Validator: TypeAlias = Callable[[Any, Attribute, Any], None]
    """An attrs validator: ``(instance, attribute, value)``, raising if refused."""

R = TypeVar("R")

Improvement = Literal["increase", "decrease", "neutral"]
"""Which way a measure is better, as `Measure` and `xmr` take it."""

IMPROVEMENTS: tuple[Improvement, ...] = ("increase", "decrease", "neutral")
"""The improvement directions, in the order a refusal lists them."""


def _where(attribute: Attribute) -> str:
    return f"$.{attribute.name}"


def describe(value: object) -> str:
    """A value as a refusal names it: its type, then its repr.

    Examples:
        >>> describe(3)
        'int 3'
    """
    return f"{type(value).__name__} {value!r}"


def step(key: object) -> str:
    """The step a path takes to `key`: ``.name`` for a field, ``[2]`` for an index, ``['key']`` else.

    A string that could be a field's name is a field; any other key of a mapping is
    written as Python writes it, in brackets, so every path has the one style.

    Examples:
        >>> "$" + step("stakeholders") + step(2) + step("kind")
        '$.stakeholders[2].kind'
        >>> "$.population" + step("65+")
        "$.population['65+']"
    """
    if isinstance(key, int) and not isinstance(key, bool):
        return f"[{key}]"
    if isinstance(key, str) and key.isidentifier():
        return f".{key}"
    return f"[{key!r}]"


# Predicates and conversions: what a value is, whatever the message says about it.


def is_id(value: object) -> bool:
    """Whether `value` is an id: a non-empty string without surrounding spaces.

    Examples:
        >>> is_id("alice"), is_id(" alice"), is_id(""), is_id(3)
        (True, False, False, False)
    """
    return isinstance(value, str) and bool(value) and value == value.strip()


def is_count(value: object, least: int | None = 0) -> bool:
    """Whether `value` is an `int` of at least `least` (any int if None); never a bool.

    Examples:
        >>> is_count(3), is_count(0, least=1), is_count(-2, least=None)
        (True, False, True)
        >>> is_count(True), is_count(2.0), is_count("2")
        (False, False, False)
    """
    if isinstance(value, bool) or not isinstance(value, int):
        return False
    return least is None or value >= least


def is_number(value: object) -> TypeGuard[numbers.Real | Decimal]:
    """Whether `value` is a real number (numpy's too, and `Decimal`); never a bool.

    NaN and the infinities are numbers here; whether they are allowed is the
    caller's rule.

    Examples:
        >>> is_number(2.5), is_number(Decimal("1")), is_number(True), is_number("2")
        (True, True, False, False)
    """
    return not isinstance(value, bool) and isinstance(value, numbers.Real | Decimal)


def as_int(value: object) -> int | None:
    """The int that `value` is (numpy's integers too, by `__index__`), or None.

    A bool is never an int here, and neither is a float, however whole.

    Examples:
        >>> as_int(3), as_int(True), as_int(3.0)
        (3, None, None)
    """
    if isinstance(value, bool) or not isinstance(value, SupportsIndex):
        return None
    return operator.index(value)


def choose(value: object, choices: tuple[object, ...], what: str, path: str) -> Any:
    """`value` if it is one of `choices`; else a ValidationError listing them.

    Examples:
        >>> choose("up", ("increase", "decrease", None), "a direction", "$.direction")
        Traceback (most recent call last):
        ...
        coproduction.errors.ValidationError: $.direction: 'up' is not a direction; choose 'increase', 'decrease' or None
    """
    if any(value is c or (isinstance(value, str) and value == c) for c in choices):
        return value
    *others, last = (repr(c) for c in choices)
    listing = f"{', '.join(others)} or {last}" if others else last
    msg = f"{value!r} is not {what}; choose {listing}"
    raise ValidationError(msg, path, code="not_a_choice", input=value)


def as_improvement(value: object, path: str) -> Improvement:
    """`value` if it is "increase", "decrease" or "neutral"; else a ValidationError.

    Examples:
        >>> as_improvement("decrease", "$.improvement")
        'decrease'
    """
    return cast(
        "Improvement", choose(value, IMPROVEMENTS, "an improvement direction", path)
    )


# Validators, for attrs fields.


def optional(check: Validator) -> Validator:
    """A validator that accepts None, or whatever `check` accepts.

    Examples:
        >>> from attrs import field, frozen
        >>> @frozen
        ... class Reply:
        ...     to: str | None = field(default=None, validator=optional(check_id))
        >>> Reply().to, Reply(to="f1").to
        (None, 'f1')
        >>> Reply(to="")
        Traceback (most recent call last):
        ...
        coproduction.errors.ValidationError: $.to: an id must be non-empty with no surrounding spaces, got ''
    """

    def checked(instance: Any, attribute: Attribute, value: Any) -> None:
        if value is not None:
            check(instance, attribute, value)

    return checked


def check_id(_: object, attribute: Attribute, value: object) -> None:
    """Refuse anything but an id: a non-empty string without surrounding spaces."""
    if is_id(value):
        return
    if not isinstance(value, str):
        msg = f"expected an id (a string), got {describe(value)}"
        raise ValidationError(msg, _where(attribute), code="wrong_type", input=value)
    msg = f"an id must be non-empty with no surrounding spaces, got {value!r}"
    raise ValidationError(msg, _where(attribute), code="not_an_id", input=value)


check_optional_id: Validator = optional(check_id)
"""Like `check_id`, but `None` (no reference) is allowed."""


def check_text(_: object, attribute: Attribute, value: object) -> None:
    """Refuse anything but a string."""
    if not isinstance(value, str):
        msg = f"expected a string, got {describe(value)}"
        raise ValidationError(msg, _where(attribute), code="wrong_type", input=value)


def check_bool(_: object, attribute: Attribute, value: object) -> None:
    """Refuse anything but `True` or `False` (no truthy strings such as ``"no"``)."""
    if not isinstance(value, bool):
        msg = f"expected true or false, got {describe(value)}"
        raise ValidationError(msg, _where(attribute), code="wrong_type", input=value)


def check_int(_: object, attribute: Attribute, value: object) -> None:
    """Accept an `int` (or a subclass of it) that is 0 or more; refuse all else.

    Refused: negative ints, `True` and `False` (bools are ints to Python, but not
    counts), floats even when whole (``2.0``), strings such as ``"2"``, None, and
    integers of other types, such as numpy's, that are not `int` subclasses.

    Examples:
        >>> import attrs
        >>> @attrs.frozen
        ... class Votes:
        ...     n: int = attrs.field(validator=check_int)
        >>> Votes(0).n
        0
        >>> Votes(True)
        Traceback (most recent call last):
        ...
        coproduction.errors.ValidationError: $.n: expected a whole number of at least 0, got bool True
    """
    if not is_count(value):
        msg = f"expected a whole number of at least 0, got {describe(value)}"
        raise ValidationError(msg, _where(attribute), code="wrong_type", input=value)


def check_date(_: object, attribute: Attribute, value: object) -> None:
    """Refuse anything but a calendar date (a datetime is refused too)."""
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        got = "None" if value is None else describe(value)
        msg = f"expected a date (YYYY-MM-DD), got {got}"
        raise ValidationError(msg, _where(attribute), code="wrong_type", input=value)


check_optional_date: Validator = optional(check_date)
"""Like `check_date`, but `None` (no date) is allowed."""


def to_id_set(value: Iterable[str] | None) -> frozenset[str]:
    """Store a collection of ids as a `frozenset`; a lone string or a non-collection is refused."""
    if value is None:
        return frozenset()
    if isinstance(value, str):
        # A lone string would otherwise become a set of its letters.
        msg = (
            f"expected a set of ids, got the single string {value!r}; write [{value!r}]"
        )
        raise ValidationError(msg, code="wrong_type", input=value)
    if isinstance(value, Mapping) or not isinstance(value, Iterable):
        msg = f"expected a set of ids, got {describe(value)}"
        raise ValidationError(msg, code="wrong_type", input=value)
    items = tuple(value)
    try:
        return frozenset(items)
    except TypeError:  # an unhashable item, such as a list: it cannot be an id
        bad = next(item for item in items if not isinstance(item, str))
        msg = f"expected ids (non-empty strings), got {describe(bad)}"
        raise ValidationError(msg, code="wrong_type", input=bad) from None


def _refuse_non_ids(items: Iterable[object], path: str) -> None:
    """Refuse the first item, in a stable order, that is not an id."""
    for item in sorted(items, key=repr):
        if not is_id(item):
            msg = f"expected ids (non-empty strings), got {describe(item)}"
            raise ValidationError(msg, path, code="wrong_type", input=item)


def check_id_set(_: object, attribute: Attribute, value: frozenset[object]) -> None:
    """Refuse a set holding anything but ids."""
    _refuse_non_ids(value, _where(attribute))


def to_text_map(value: Mapping[str, str] | None) -> FrozenDict[str, str]:
    """Store a mapping as a `FrozenDict` of its own, so the record cannot be changed through it.

    Examples:
        >>> to_text_map({"ethnicity": "white_british"})
        {'ethnicity': 'white_british'}
        >>> to_text_map(["ethnicity"])
        Traceback (most recent call last):
        ...
        coproduction.errors.ValidationError: $: expected a mapping, got list ['ethnicity']
    """
    if value is None:
        return FrozenDict()
    if not isinstance(value, Mapping):
        msg = f"expected a mapping, got {describe(value)}"
        raise ValidationError(msg, code="wrong_type", input=value)
    return FrozenDict(value)


def to_records(value: Iterable[R]) -> tuple[R, ...]:
    """Store a list of records as a tuple; a lone string, a mapping or a non-list is refused.

    Examples:
        >>> to_records([1, 2])
        (1, 2)
        >>> to_records(5)
        Traceback (most recent call last):
        ...
        coproduction.errors.ValidationError: $: expected a list, got int 5
    """
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        msg = f"expected a list, got {describe(value)}"
        raise ValidationError(msg, code="wrong_type", input=value)
    return tuple(value)


def check_text_map(
    _: object, attribute: Attribute, value: Mapping[object, object]
) -> None:
    """Refuse a mapping with anything but text keys and text values."""
    for key, item in value.items():
        if not isinstance(key, str) or not isinstance(item, str):
            msg = f"expected text keys and values, got {key!r}: {item!r}"
            raise ValidationError(
                msg, f"{_where(attribute)}[{key!r}]", code="wrong_type", input=item
            )


def check_records(cls: type) -> Validator:
    """A validator for a tuple that must hold only `cls` records, naming the first that does not."""

    def check(_: object, attribute: Attribute, value: tuple[object, ...]) -> None:
        for index, item in enumerate(value):
            if not isinstance(item, cls):
                msg = f"expected a {cls.__name__}, got {type(item).__name__} {item!r}"
                raise ValidationError(
                    msg, f"{_where(attribute)}[{index}]", code="wrong_type", input=item
                )

    return check


# Every problem at once: records report each field's problem at its own path.


class _UnreadyError(Exception):
    """A check read a field that is not there, or not fine: it is left until it is."""


class _Draft:
    """A record being checked field by field: it gives the fields read so far."""

    def __init__(self, values: dict[str, Any], reads: set[str]) -> None:
        object.__setattr__(self, "_values", values)
        object.__setattr__(self, "_reads", reads)

    def __getattr__(self, name: str) -> Any:
        self._reads.add(name)
        try:
            return self._values[name]
        except KeyError:
            raise _UnreadyError(name) from None


def _at_field(err: ValidationError, name: str) -> ValidationError:
    """`err` at the field `name`: a problem at ``$`` (a converter's) is rooted there."""
    if len(err.problems) > 1:
        return ValidationError.collect(_at_field(p, name) for p in err.problems)
    return err.under(f"$.{name}") if err.path == "$" else err


def _each_check(validator: Any) -> tuple[Any, ...]:
    """The validators an attrs field runs, one by one (attrs joins a list of them)."""
    if validator is None:
        return ()
    inner = getattr(validator, "_validators", None)
    return tuple(inner) if inner is not None else (validator,)


def _converted(
    fields: list[Any], given: Mapping[str, Any]
) -> tuple[dict[str, Any], list[tuple[int, ValidationError]]]:
    """Each field's value as its converter makes it, and each converter's refusal."""
    import attrs  # noqa: PLC0415  # attrs is there when a record is built

    values: dict[str, Any] = {}
    problems: list[tuple[int, ValidationError]] = []
    for index, f in enumerate(fields):
        try:
            if f.alias in given:
                value = given[f.alias]
            elif isinstance(f.default, attrs.Factory):  # type: ignore[arg-type]
                made = f.default.factory
                takes = f.default.takes_self
                value = made(_Draft(values, set())) if takes else made()
            elif f.default is not attrs.NOTHING:
                value = f.default
            else:
                continue  # missing: attrs says so itself
            if f.converter is not None:  # attrs converts defaults too
                value = f.converter(value)
        except _UnreadyError:
            continue
        except ValidationError as err:
            problems.append((index, _at_field(err, f.name)))
            continue
        values[f.name] = value
    return values, problems


def _field_problems(cls: type, given: Mapping[str, Any]) -> list[ValidationError]:
    """Every problem with the fields `given` to `cls`, each at its field's path, in order.

    Each field's converter and validators run on their own. A check that reads
    another field (a cross-field check) counts only when that field is fine.
    """
    import attrs  # noqa: PLC0415

    fields = [f for f in attrs.fields(cls) if f.init]
    values, converting = _converted(fields, given)
    bad = {fields[i].name for i, _ in converting} | {
        f.name for f in fields if f.name not in values
    }
    reads: set[str] = set()
    draft = _Draft(values, reads)
    checking: list[tuple[int, frozenset[str], ValidationError]] = []
    for index, f in enumerate(fields):
        for check in _each_check(f.validator) if f.name in values else ():
            reads.clear()
            try:
                check(draft, f, values[f.name])
            except _UnreadyError:
                break
            except ValidationError as err:
                bad.add(f.name)
                checking.append((index, frozenset(reads), _at_field(err, f.name)))
                break
    found = [(i, err) for i, err in converting]
    found += [(i, err) for i, read, err in checking if not (read & bad)]
    return [err for _, err in sorted(found, key=lambda pair: pair[0])]


def collecting(cls: type[R]) -> type[R]:
    """A class decorator for an attrs record: a refusal lists every problem, each at its field.

    attrs stops at the first field it refuses. When it does, each field's converter
    and validators run again on their own, and every problem found is raised at
    once, each at its field's path (``$.level``; a converter's ``$`` is rooted at
    its field). Checks across fields run only when the fields they read are fine;
    when every field is fine, the record's own refusal is raised as it was.

    Examples:
        >>> from attrs import field, frozen
        >>> @collecting
        ... @frozen(kw_only=True)
        ... class Note:
        ...     id: str = field(validator=check_id)
        ...     text: str = field(validator=check_text)
        >>> Note(id="", text=5)
        Traceback (most recent call last):
        ...
        coproduction.errors.ValidationError: 2 problems:
          $.id: an id must be non-empty with no surrounding spaces, got ''
          $.text: expected a string, got int 5
    """
    built = cls.__init__

    @functools.wraps(built)
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:  # noqa: N807
        try:
            built(self, *args, **kwargs)
        except ValidationError:
            import attrs  # noqa: PLC0415

            fields = attrs.fields(cast("Any", cls))
            named = [f.alias for f in fields if f.init and not f.kw_only]
            found = _field_problems(
                cls, {**dict(zip(named, args, strict=False)), **kwargs}
            )
            if not found:
                raise
            raise ValidationError.collect(found) from None

    cls.__init__ = __init__  # type: ignore[method-assign]
    return cls


# Readers, for plain data: the calls and events of a PDSA cycle.


def text(value: object, path: str) -> str:
    """`value` if it is a string; else a ValidationError naming `path`.

    Examples:
        >>> text(5, "$.notes")
        Traceback (most recent call last):
        ...
        coproduction.errors.ValidationError: $.notes: expected a string, got int 5
    """
    if not isinstance(value, str):
        msg = f"expected a string, got {describe(value)}"
        raise ValidationError(msg, path, code="wrong_type", input=value)
    return value


def texts(value: object, path: str) -> tuple[str, ...]:
    """The strings of a list; else a ValidationError naming `path` or the item.

    Examples:
        >>> texts(["a", "b"], "$.tasks")
        ('a', 'b')
    """
    return tuple(
        text(item, f"{path}[{i}]") for i, item in enumerate(listed(value, path))
    )


def day(value: object, path: str) -> dt.date | None:
    """`value` if it is a date (not a datetime) or None; else a ValidationError.

    Examples:
        >>> day(None, "$.start") is None
        True
    """
    if value is not None and (
        not isinstance(value, dt.date) or isinstance(value, dt.datetime)
    ):
        msg = f"expected a date or None, got {describe(value)}"
        raise ValidationError(msg, path, code="wrong_type", input=value)
    return value


def listed(value: object, path: str) -> list[Any]:
    """The items of a list (a lone string or a mapping is refused).

    Examples:
        >>> listed(("a", "b"), "$.tasks")
        ['a', 'b']
    """
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        msg = f"expected a list, got {describe(value)}"
        raise ValidationError(msg, path, code="wrong_type", input=value)
    return list(value)


def participants(by: object) -> frozenset[str]:
    """The ids of the people who took part in a step: a non-empty set of ids.

    Examples:
        >>> sorted(participants(["mo", "alice"]))
        ['alice', 'mo']
    """
    try:
        people = to_id_set(listed(by, "$.by") if not isinstance(by, str) else by)
    except ValidationError as err:
        raise ValidationError(
            err.message, "$.by", code=err.code, input=err.input
        ) from None
    _refuse_non_ids(people, "$.by")
    if not people:
        msg = "name at least one person who took part"
        raise ValidationError(msg, "$.by", code="empty")
    return people


def read_fields(
    data: object, required: set[str], optional: set[str], path: str
) -> dict[str, Any]:
    """A plain mapping as a dict, refusing missing and unknown keys by name.

    Frozen values (an event's payload) come back as plain dicts and lists, as `thaw`
    gives them.

    Examples:
        >>> read_fields({"notes": "ok"}, {"notes"}, {"start"}, "$")
        {'notes': 'ok'}
    """
    if not isinstance(data, Mapping):
        msg = f"expected a mapping, got {describe(data)}"
        raise ValidationError(msg, path, code="wrong_type", input=data)
    allowed = ", ".join(repr(k) for k in sorted(required | optional))
    unknown = sorted(set(data) - required - optional, key=repr)
    if unknown:
        msg = f"unknown key {unknown[0]!r}; allowed keys: {allowed}"
        raise ValidationError(msg, path, code="unknown_key", input=unknown[0])
    missing = sorted(required - set(data))
    if missing:
        msg = f"missing key {missing[0]!r}; allowed keys: {allowed}"
        raise ValidationError(msg, path, code="missing_key", input=missing[0])
    return {key: thaw(item) for key, item in data.items()}  # readers test for lists


def to_plain(value: object, path: str) -> Any:
    """A deep copy of `value` as JSON-ready data (dates as ISO text), or a ValidationError.

    Examples:
        >>> import datetime as dt
        >>> to_plain({"start": dt.date(2026, 2, 1), "tasks": ("a",)}, "$.payload")
        {'start': '2026-02-01', 'tasks': ['a']}
    """
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            msg = f"expected a finite number, got {value!r}"
            raise ValidationError(msg, path, code="wrong_type", input=value)
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return _plain_mapping(value, path)
    if isinstance(value, list | tuple):
        return [to_plain(item, f"{path}[{i}]") for i, item in enumerate(value)]
    msg = f"expected plain data (text, numbers, true or false, null, lists or mappings), got {describe(value)}"
    raise ValidationError(msg, path, code="wrong_type", input=value)


def _plain_mapping(value: Mapping[Any, Any], path: str) -> dict[str, Any]:
    plain = {}
    for key, item in value.items():
        if not isinstance(key, str):
            msg = f"expected text keys, got {describe(key)}"
            raise ValidationError(msg, path, code="wrong_type", input=key)
        plain[key] = to_plain(item, f"{path}[{key!r}]")
    return plain


# Frozen containers: what a record holds cannot be changed behind its back.

K = TypeVar("K")
V = TypeVar("V")
T_co = TypeVar("T_co", covariant=True)


class FrozenDict(Mapping[K, V]):
    """A mapping that cannot change: hashable, picklable, and equal to a `dict` of the same items.

    Records hold their mappings as frozen dicts, so that a record, once built, stays
    as it was checked, and can be a dict key or a set member. It reads like a dict
    (``[key]``, ``get``, ``items``, ``in``) and prints like one; it has no
    ``__setitem__``, so an assignment raises `TypeError`. Build a changed copy with
    ``FrozenDict({**old, "key": "value"})`` or ``old | {"key": "value"}``.

    `types.MappingProxyType` is not used: it neither hashes nor pickles.

    Examples:
        >>> d = FrozenDict({"ethnicity": "black_caribbean"})
        >>> d
        {'ethnicity': 'black_caribbean'}
        >>> d == {"ethnicity": "black_caribbean"}, {"ethnicity": "black_caribbean"} == d
        (True, True)
        >>> hash(d) == hash(FrozenDict(ethnicity="black_caribbean"))
        True
        >>> d["ethnicity"] = "x"
        Traceback (most recent call last):
        ...
        TypeError: 'FrozenDict' object does not support item assignment
    """

    __slots__ = ("_hash", "_items")

    _items: dict[K, V]
    _hash: int | None

    def __init__(
        self, items: Mapping[K, V] | Iterable[tuple[K, V]] = (), /, **more: V
    ) -> None:
        object.__setattr__(self, "_items", dict(items, **more))
        object.__setattr__(self, "_hash", None)

    def __getitem__(self, key: K) -> V:
        return self._items[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenDict):
            return self._items == other._items
        if isinstance(other, Mapping):
            return self._items == dict(other.items())
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:
        if self._hash is None:
            object.__setattr__(self, "_hash", hash(frozenset(self._items.items())))
        return cast("int", self._hash)

    def __repr__(self) -> str:
        return repr(self._items)

    def __or__(self, other: Mapping[K, V]) -> FrozenDict[K, V]:
        if not isinstance(other, Mapping):
            return NotImplemented
        return FrozenDict({**self._items, **other})

    def __ror__(self, other: Mapping[K, V]) -> dict[K, V]:
        if not isinstance(other, Mapping):
            return NotImplemented
        return {**other, **self._items}

    def __setattr__(self, name: str, value: object) -> None:
        msg = f"{type(self).__name__!r} object is immutable"
        raise AttributeError(msg)

    def __delattr__(self, name: str) -> None:
        msg = f"{type(self).__name__!r} object is immutable"
        raise AttributeError(msg)

    def __reduce__(self) -> tuple[type[FrozenDict[K, V]], tuple[dict[K, V]]]:
        return (type(self), (dict(self._items),))

    def __copy__(self) -> FrozenDict[K, V]:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> FrozenDict[K, V]:
        return self


class FrozenList(tuple[T_co, ...]):
    """A tuple that compares equal to a `list` of the same items, and prints like one.

    Plain data held by a record (an event's payload, a finding's evidence) keeps its
    lists as frozen lists: immutable and hashable, yet ``payload == {"tasks": ["a"]}``
    still holds, as it did when the list was a list.

    Examples:
        >>> tasks = FrozenList(["a", "b"])
        >>> tasks, tasks == ["a", "b"], ["a", "b"] == tasks, tasks == ("a", "b")
        (['a', 'b'], True, True, True)
        >>> hash(tasks) == hash(("a", "b"))
        True
    """

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, list):
            return tuple(self) == tuple(other)
        return tuple.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:
        return tuple.__hash__(self)

    def __repr__(self) -> str:
        return repr(list(self))


def freeze(value: object) -> Any:
    """`value` with every mapping, list and set inside it made immutable.

    Mappings become `FrozenDict`, lists `FrozenList`, sets `frozenset`, and a
    tuple's items are frozen in turn; anything else is returned as it is.

    Examples:
        >>> freeze({"tasks": ["a"], "seen": {"mo"}})
        {'tasks': ['a'], 'seen': frozenset({'mo'})}
        >>> type(freeze({"a": [1]})["a"]).__name__
        'FrozenList'
    """
    if isinstance(value, FrozenDict | FrozenList | frozenset):
        return value
    if isinstance(value, Mapping):
        return FrozenDict({key: freeze(item) for key, item in value.items()})
    if isinstance(value, list):
        return FrozenList(freeze(item) for item in value)
    if isinstance(value, tuple) and type(value) is tuple:
        return tuple(freeze(item) for item in value)
    if isinstance(value, set):
        return frozenset(freeze(item) for item in value)
    return value


def thaw(value: object) -> Any:
    """`value` with every `FrozenDict` made a `dict` and every `FrozenList` a `list` again.

    The inverse of `freeze` for plain data: what it gives can be changed freely, and
    the record it came from is not touched.

    Examples:
        >>> thaw(freeze({"tasks": ["a"]}))
        {'tasks': ['a']}
        >>> type(thaw(freeze({"tasks": ["a"]}))["tasks"]).__name__
        'list'
    """
    if isinstance(value, FrozenDict):
        return {key: thaw(item) for key, item in value.items()}
    if isinstance(value, FrozenList):
        return [thaw(item) for item in value]
    return value
