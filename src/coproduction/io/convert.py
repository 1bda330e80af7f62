"""Plain data in and out: `to_dict` and `from_dict`, through one cattrs converter.

The converter is strict: unknown keys are errors that list the allowed keys, a number
is never silently turned into a string, and every problem found anywhere in the input
comes back as one `ValidationError` with a `$.path` for each problem.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from enum import Enum
from typing import Any, Final, Literal, TypeVar, get_args, get_origin, overload

import attrs
from cattrs import Converter
from cattrs.errors import (
    BaseValidationError,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from coproduction._choice import refusal
from coproduction._fields import step
from coproduction._limits import check_plain
from coproduction._records import TABLE
from coproduction.errors import ValidationError
from coproduction.improvement import (
    Aim,
    ChangeIdea,
    Cycle,
    Driver,
    Event,
    Measure,
    Observation,
)
from coproduction.initiative import Initiative
from coproduction.model import (
    CarePlan,
    CarePlanItem,
    Contribution,
    Decision,
    Feedback,
    Meeting,
    Membership,
    Option,
    Response,
    Role,
    Stakeholder,
)
from coproduction.types import (
    AimDocument,
    CarePlanDocument,
    CarePlanItemDocument,
    ChangeIdeaDocument,
    ContributionDocument,
    CycleDocument,
    DecisionDocument,
    DriverDocument,
    EventDocument,
    FeedbackDocument,
    InitiativeDocument,
    MeasureDocument,
    MeetingDocument,
    MembershipDocument,
    ObservationDocument,
    OptionDocument,
    ResponseDocument,
    RoleDocument,
    StakeholderDocument,
)

__all__ = ["FORMAT_VERSION", "from_dict", "to_dict"]

T = TypeVar("T")

FORMAT_VERSION: Final = 1
"""The version of the scenario format written by `to_dict` and `dumps`."""

VERSION_KEY: Final = "coproduction"

COLLECTIONS: Final[dict[str, type]] = {row.field: row.cls for row in TABLE}
"""The record collections of an initiative, in the order they are written."""

INITIATIVE_KEYS: Final = (
    VERSION_KEY,
    "id",
    "title",
    "description",
    "population",
    *COLLECTIONS,
)


@overload
def to_dict(obj: Initiative) -> InitiativeDocument: ...
@overload
def to_dict(obj: Stakeholder) -> StakeholderDocument: ...
@overload
def to_dict(obj: Role) -> RoleDocument: ...
@overload
def to_dict(obj: Membership) -> MembershipDocument: ...
@overload
def to_dict(obj: Meeting) -> MeetingDocument: ...
@overload
def to_dict(obj: Decision) -> DecisionDocument: ...
@overload
def to_dict(obj: Contribution) -> ContributionDocument: ...
@overload
def to_dict(obj: Option) -> OptionDocument: ...
@overload
def to_dict(obj: Feedback) -> FeedbackDocument: ...
@overload
def to_dict(obj: Response) -> ResponseDocument: ...
@overload
def to_dict(obj: CarePlan) -> CarePlanDocument: ...
@overload
def to_dict(obj: CarePlanItem) -> CarePlanItemDocument: ...
@overload
def to_dict(obj: Aim) -> AimDocument: ...
@overload
def to_dict(obj: Driver) -> DriverDocument: ...
@overload
def to_dict(obj: ChangeIdea) -> ChangeIdeaDocument: ...
@overload
def to_dict(obj: Measure) -> MeasureDocument: ...
@overload
def to_dict(obj: Observation) -> ObservationDocument: ...
@overload
def to_dict(obj: Cycle) -> CycleDocument: ...
@overload
def to_dict(obj: Event) -> EventDocument: ...
@overload
def to_dict(obj: attrs.AttrsInstance) -> dict[str, Any]: ...
def to_dict(obj: Initiative | attrs.AttrsInstance) -> Any:
    """Turn an initiative or a record into plain data (dicts, lists, strings, numbers).

    Fields that hold their default are left out, sets become sorted lists, enumerations
    their string values and dates ISO strings, so the result is ready for JSON as it is.

    Examples:
        >>> import coproduction as cp
        >>> cp.to_dict(cp.Stakeholder(id="alice", name="Alice", access_needs={"easy_read"}))
        {'id': 'alice', 'name': 'Alice', 'access_needs': ['easy_read']}
        >>> cp.to_dict(cp.Initiative(id="oak", title="Mealtimes"))
        {'coproduction': 1, 'id': 'oak', 'title': 'Mealtimes'}

    See Also:
        `from_dict`, the inverse; `dumps`, the same as YAML text.

    Added in 0.1.
    """
    return _unstructure(_JSON, obj)


def from_dict(cls: type[T], data: Any) -> T:
    """Build an initiative or a record of type `cls` from plain data, strictly.

    Raises:
        ValidationError: Listing every problem, each with its `$.path`.

    Examples:
        >>> import coproduction as cp
        >>> cp.from_dict(cp.Role, {"id": "chair", "veto": True})
        Role(id='chair', name='', may_propose=True, votes=1, veto=True)
        >>> cp.from_dict(cp.Role, {"id": "chair", "vetoes": True})
        Traceback (most recent call last):
        ...
        coproduction.errors.ValidationError: $.vetoes: unknown key 'vetoes'; allowed keys: 'id', 'name', 'may_propose', 'votes', 'veto'

    Data nested deeper than `MAX_DEPTH` (100) levels, or holding an int of more than
    `MAX_DIGITS` (100) digits, is refused before anything is converted.

    See Also:
        `to_dict`, the inverse; `loads`, the same from YAML text.

    Added in 0.1.
    """
    check_plain(data)  # bounded: no recursion nor huge number reaches the converter
    return structure(_JSON, cls, data)


def structure(converter: Converter, cls: type[T], data: Any) -> T:
    """`from_dict` with a given converter (the YAML one keeps dates as dates)."""
    try:
        return converter.structure(data, cls)
    except ValidationError:
        raise
    except (
        BaseValidationError,
        ValueError,
        TypeError,
        KeyError,
        AttributeError,
    ) as err:
        raise ValidationError.collect(list(_flatten(err, "$"))) from None


def _unstructure(converter: Converter, obj: Any) -> dict[str, Any]:
    if not isinstance(obj, Initiative) and not attrs.has(type(obj)):
        msg = f"to_dict() takes an Initiative or a record, got {type(obj).__name__} {obj!r}"
        raise ValidationError(msg, code="wrong_type")
    result: dict[str, Any] = converter.unstructure(obj)
    return result


# -- the converter --------------------------------------------------------------------


def _describe(value: object) -> str:
    hint = ""
    if isinstance(value, bool | int | float | dt.date):
        hint = " (put it in quotes if it is meant as text)"
    return f"{type(value).__name__} {value!r}{hint}"


def _structure_str(value: object, _: type) -> str:
    if not isinstance(value, str):
        msg = f"expected a string, got {_describe(value)}"
        raise ValidationError(msg, code="wrong_type", input=value)
    return value


def _structure_bool(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        msg = f"expected true or false, got {type(value).__name__} {value!r}"
        raise ValidationError(msg, code="wrong_type", input=value)
    return value


def _structure_int(value: object, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        msg = f"expected a whole number, got {type(value).__name__} {value!r}"
        raise ValidationError(msg, code="wrong_type", input=value)
    return value


def _structure_float(value: object, _: type) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        msg = f"expected a number, got {type(value).__name__} {value!r}"
        raise ValidationError(msg, code="wrong_type", input=value)
    return float(value)


def _structure_date(value: object, _: type) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    msg = f"expected a date written YYYY-MM-DD, got {type(value).__name__} {value!r}"
    raise ValidationError(msg, code="wrong_type", input=value)


def _structure_enum(value: object, cls: type[Enum]) -> Enum:
    if isinstance(value, cls):
        return value
    if not isinstance(value, str):
        raise ValidationError(refusal(cls, value), code="not_a_choice", input=value)
    return cls(value)


def _frozenset_hook(converter: Converter) -> Callable[[Any, type], frozenset[Any]]:
    def structure_frozenset(value: object, cls: type) -> frozenset[Any]:
        if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
            msg = f"expected a list, got {type(value).__name__} {value!r}"
            raise ValidationError(msg, code="wrong_type", input=value)
        (item_type,) = get_args(cls) or (Any,)
        return frozenset(converter.structure(item, item_type) for item in value)

    return structure_frozenset


def _mapping_check(
    cl: type, inner: Callable[[Mapping[str, Any], type], Any]
) -> Callable[[Any, type], Any]:
    keys = [a.alias or a.name for a in attrs.fields(cl) if a.init]
    allowed = ", ".join(repr(k) for k in keys)

    def structure_record(value: Any, t: type) -> Any:
        if not isinstance(value, Mapping):
            msg = f"expected a mapping with keys {allowed}; got {type(value).__name__} {value!r}"
            raise ValidationError(msg, code="wrong_type", input=value)
        return inner(value, t)

    return structure_record


def _is_literal(t: Any) -> bool:
    origin: object = get_origin(t)
    return origin is Literal


def _is_frozenset(t: Any) -> bool:
    return t is frozenset or get_origin(t) is frozenset


def _make_converter(*, dates_as_text: bool) -> Converter:
    converter = Converter(forbid_extra_keys=True)
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(float, _structure_float)
    converter.register_structure_hook(dt.date, _structure_date)
    converter.register_structure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, Enum), _structure_enum
    )
    converter.register_structure_hook_func(_is_frozenset, _frozenset_hook(converter))
    # A record checks its own choices (and reads an old spelling as the new one), with
    # a message that lists them; cattrs would refuse with its own words first.
    converter.register_structure_hook_func(_is_literal, lambda value, _: value)
    converter.register_unstructure_hook_func(_is_frozenset, sorted)
    if dates_as_text:
        converter.register_unstructure_hook(dt.date, dt.date.isoformat)
    else:
        converter.register_unstructure_hook(dt.date, lambda d: d)

    def structure_factory(cl: type) -> Callable[[Any, type], Any]:
        inner: Callable[[Mapping[str, Any], type], Any] = make_dict_structure_fn(
            cl, converter, _cattrs_forbid_extra_keys=True
        )
        return _mapping_check(cl, inner)

    def unstructure_factory(cl: type) -> Callable[[Any], Any]:
        if cl is Decision:
            return _unstructure_decision(
                make_dict_unstructure_fn(
                    cl,
                    converter,
                    _cattrs_omit_if_default=True,
                    result=override(omit_if_default=False),
                )
            )
        return make_dict_unstructure_fn(cl, converter, _cattrs_omit_if_default=True)

    converter.register_structure_hook_factory(attrs.has, structure_factory)
    converter.register_unstructure_hook_factory(attrs.has, unstructure_factory)
    converter.register_structure_hook(Cycle, _structure_cycle)
    converter.register_unstructure_hook(Cycle, _unstructure_cycle)
    converter.register_structure_hook(
        Initiative, lambda data, _: _structure_initiative(converter, data)
    )
    converter.register_unstructure_hook(
        Initiative, lambda ini: _unstructure_initiative(converter, ini)
    )
    return converter


def _unstructure_decision(
    inner: Callable[[Any], dict[str, Any]],
) -> Callable[[Any], dict[str, Any]]:
    """Write a decision's result always (worked out or recorded), its choice if any."""

    def unstructure(decision: Decision) -> dict[str, Any]:
        data = inner(decision)
        if not data.get("chosen"):
            data.pop("chosen", None)
        return data

    return unstructure


def _structure_cycle(data: Any, _: type) -> Cycle:
    if not isinstance(data, Mapping) or set(data) != {"events"}:
        msg = f"expected a mapping with the one key 'events'; got {type(data).__name__} {data!r}"
        raise ValidationError(msg, code="wrong_type")
    events = data["events"]
    if not isinstance(events, list):
        msg = f"expected a list of events, got {type(events).__name__} {events!r}"
        raise ValidationError(msg, "$.events", code="wrong_type")
    return Cycle.replay(events)  # its errors name $.events[i], as here


def _unstructure_cycle(cycle: Cycle) -> dict[str, Any]:
    return {"events": [_event(e) for e in cycle.events]}


def _event(event: Event) -> dict[str, Any]:
    data = event.to_dict()
    if not data["by"]:
        del data["by"]
    return data


def _structure_initiative(converter: Converter, data: Any) -> Initiative:
    allowed = ", ".join(repr(k) for k in INITIATIVE_KEYS)
    if not isinstance(data, Mapping):
        msg = f"expected a mapping with keys {allowed}; got {type(data).__name__} {data!r}"
        raise ValidationError(msg, code="wrong_type")
    version = data.get(VERSION_KEY)
    if VERSION_KEY not in data:
        msg = (
            f"missing the format version: start with '{VERSION_KEY}: {FORMAT_VERSION}'"
        )
        raise ValidationError(msg, code="missing_key")
    if version != FORMAT_VERSION or isinstance(version, bool):
        msg = (
            f"unknown format version {version!r}; this version of coproduction "
            f"reads version {FORMAT_VERSION}"
        )
        raise ValidationError(
            msg, f"$.{VERSION_KEY}", code="unsupported_version", input=version
        )
    problems: list[ValidationError] = []
    problems += [
        ValidationError(
            _unknown_key(k, allowed), f"${step(k)}", code="unknown_key", input=k
        )
        for k in data
        if k not in INITIATIVE_KEYS
    ]
    if "id" not in data:
        problems.append(
            ValidationError("required key missing", "$.id", code="missing_key")
        )
    fields: dict[str, Any] = {}
    kept = _Kept()
    for key in INITIATIVE_KEYS[1:]:
        if key not in data:
            continue
        hint: Any = COLLECTIONS.get(key)
        hint = {
            "id": str,
            "title": str,
            "description": str,
            "population": dict[str, dict[str, int]],
        }.get(key, tuple[hint, ...])
        try:
            fields[key] = converter.structure(data[key], hint)
        except _CATTRS_ERRORS as err:
            if key in COLLECTIONS and isinstance(data[key], list | tuple):
                fields[key] = kept.each(converter, key, data[key], problems)
            else:
                problems.extend(_flatten(err, f"$.{key}"))
    if problems:
        # The shape is wrong somewhere: report the references of the records that
        # are well formed too, so one call shows every problem there is.
        problems += kept.reference_problems({"id": "_", **fields})
        raise ValidationError.collect(problems)
    return Initiative(**fields)


_CATTRS_ERRORS: Final = (
    BaseValidationError,
    ValueError,
    TypeError,
    KeyError,
    AttributeError,  # cattrs on a mapping field given null
)


class _Kept:
    """The records of a document that are well formed, when some are not."""

    def __init__(self) -> None:
        self.places: dict[str, list[int]] = {}
        """For each collection read item by item, each kept record's index in the document."""
        self.shaky: set[object] = set()
        """The ids of records refused for their shape: no reference to one is reported."""

    def each(
        self,
        converter: Converter,
        key: str,
        items: list[Any] | tuple[Any, ...],
        problems: list[ValidationError],
    ) -> tuple[Any, ...]:
        """The well-formed records of `items`; a problem for each of the others."""
        records: list[Any] = []
        places = self.places.setdefault(key, [])
        for i, item in enumerate(items):
            try:
                records.append(converter.structure(item, COLLECTIONS[key]))
                places.append(i)
            except _CATTRS_ERRORS as err:
                problems.extend(_flatten(err, f"$.{key}[{i}]"))
                id = _id_of(item)
                if id is not None:
                    self.shaky.add(id)
        return tuple(records)

    def reference_problems(self, fields: dict[str, Any]) -> list[ValidationError]:
        """The problems of an initiative of the well-formed records, at their paths."""
        try:
            Initiative(**fields)
        except ValidationError as err:
            return [
                self._placed(p)
                for p in err.problems
                if not (p.code == "unknown_reference" and p.input in self.shaky)
            ]
        return []

    def _placed(self, problem: ValidationError) -> ValidationError:
        """`problem` at the index its record has in the document."""
        field, _, rest = problem.path.removeprefix("$.").partition("[")
        index, _, tail = rest.partition("]")
        if field not in self.places or not index.isdigit():
            return problem
        place = self.places[field][int(index)]
        return ValidationError(
            problem.message,
            f"$.{field}[{place}]{tail}",
            code=problem.code,
            input=problem.input,
        )


def _id_of(item: object) -> str | None:
    """The id a refused record was to have: its `id`, or a cycle's from its first event."""
    if not isinstance(item, Mapping):
        return None
    found = item.get("id")
    if found is None:  # a cycle is written as its events; its id is in the first
        events = item.get("events")
        first = events[0] if isinstance(events, list) and events else None
        payload = first.get("payload") if isinstance(first, Mapping) else None
        found = payload.get("cycle") if isinstance(payload, Mapping) else None
    return found if isinstance(found, str) else None


def _unstructure_initiative(converter: Converter, ini: Initiative) -> dict[str, Any]:
    data: dict[str, Any] = {VERSION_KEY: FORMAT_VERSION, "id": ini.id}
    for key in ("title", "description"):
        if getattr(ini, key):
            data[key] = getattr(ini, key)
    if ini.population:
        data["population"] = {k: dict(v) for k, v in ini.population.items()}
    for key in COLLECTIONS:
        records = getattr(ini, key)
        if records:
            data[key] = [converter.unstructure(r) for r in records]
    return data


def _unknown_key(key: object, allowed: str) -> str:
    return f"unknown key {key!r}; allowed keys: {allowed}"


def _flatten(err: BaseException, path: str) -> Iterator[ValidationError]:  # noqa: C901, PLR0912  # one branch per cattrs error type
    """Every leaf problem inside a cattrs error, each with its full path."""
    if isinstance(err, ClassValidationError):
        fields, rest = err.group_exceptions()
        for exc, field in fields:
            yield from _flatten(exc, f"{path}.{field.name}")
        for exc in rest:
            yield from _flatten(exc, path)
    elif isinstance(err, IterableValidationError):
        items, rest = err.group_exceptions()
        for exc, item in items:
            index = item.index
            at = f"[{index}]" if isinstance(index, int) else f"[{index!r}]"
            yield from _flatten(exc, f"{path}{at}")
        for exc in rest:
            yield from _flatten(exc, path)
    elif isinstance(err, BaseValidationError):
        for exc in err.exceptions:
            yield from _flatten(exc, path)
    elif isinstance(err, ForbiddenExtraKeysError):
        keys = [a.alias or a.name for a in attrs.fields(err.cl) if a.init]
        allowed = ", ".join(repr(k) for k in keys)
        for key in sorted(err.extra_fields):
            yield ValidationError(
                _unknown_key(key, allowed),
                f"{path}{step(key)}",
                code="unknown_key",
                input=key,
            )
    elif isinstance(err, ValidationError):
        for problem in err.problems:
            yield ValidationError(
                problem.message,
                path + problem.path[1:],
                code=problem.code,
                input=problem.input,
            )
    elif isinstance(err, KeyError):
        yield ValidationError("required key missing", path, code="missing_key")
    else:
        yield ValidationError(f"{type(err).__name__}: {err}", path, code="wrong_type")


_JSON = _make_converter(dates_as_text=True)
YAML_CONVERTER = _make_converter(dates_as_text=False)
"""The converter `dump` uses: the same, but dates stay dates so YAML writes them plainly."""
