"""The JSON Schema of the scenario format, derived from the records themselves.

The schema is built from the same attrs classes the converter reads, so the two cannot
drift apart; a test also checks that every document the converter accepts validates
against the schema and that documents it refuses for their shape are refused here too.
The schema describes the plain data of `to_dict` (dates as ``YYYY-MM-DD`` strings).
"""

from __future__ import annotations

import copy
import datetime as dt
import types
from collections.abc import Callable
from enum import Enum
from functools import cache
from typing import Any, Final, Literal, Union, get_args, get_origin, get_type_hints

import attrs

from coproduction._fields import FrozenDict, check_id, check_optional_id
from coproduction.improvement import EVENT_KINDS, Cycle, Event, Measure
from coproduction.improvement.measures import Better
from coproduction.initiative import Initiative
from coproduction.io.convert import COLLECTIONS, FORMAT_VERSION, VERSION_KEY
from coproduction.model import (
    KINDS,
    Capacity,
    Contribution,
    Decision,
    Result,
    Stakeholder,
)

__all__ = ["SCHEMA_ID", "schema"]

SCHEMA_ID: Final = "https://coproduction.readthedocs.io/schema/scenario-1.json"
"""The ``$id`` of the schema for format version 1."""

_ID: Final = {"type": "string", "pattern": r"^\S(?:[\s\S]*\S)?$"}
_DATE: Final = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date"}


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a scenario document, as a new dict.

    Teams that write scenarios in another language can validate them with it; dates
    are written ``YYYY-MM-DD``.

    Examples:
        >>> import coproduction as cp
        >>> s = cp.schema()
        >>> s["required"]
        ['coproduction', 'id']
        >>> s["$defs"]["Stakeholder"]["properties"]["kind"]["enum"][:3]
        ['person', 'family_carer', 'advocate']

    Added in 0.1.
    """
    return _build()


@cache
def _cached() -> dict[str, Any]:
    definitions = {cls.__name__: _record(cls) for cls in _records()}
    properties: dict[str, Any] = {
        VERSION_KEY: {"const": FORMAT_VERSION, "description": "The format version."},
        "id": {**_ID, "description": "A short identifier for the initiative."},
        "title": {"type": "string"},
        "description": {"type": "string"},
        "population": {
            "type": "object",
            "description": "Counts of the people served, by characteristic and group.",
            "additionalProperties": {
                "type": "object",
                "additionalProperties": {"type": "integer", "minimum": 0},
            },
        },
    }
    for key, cls in COLLECTIONS.items():
        properties[key] = {
            "type": "array",
            "items": {"$ref": f"#/$defs/{cls.__name__}"},
        }
    definitions["Cycle"] = {
        "type": "object",
        "description": "A PDSA cycle, written as its events: they are the whole truth.",
        "required": ["events"],
        "additionalProperties": False,
        "properties": {"events": {"type": "array", "items": {"$ref": "#/$defs/Event"}}},
    }
    definitions["Event"] = {
        "type": "object",
        "description": (Event.__doc__ or "").strip().splitlines()[0],
        "required": ["kind", "at", "version"],
        "additionalProperties": False,
        "properties": {
            "kind": {"enum": list(EVENT_KINDS)},
            "at": {"type": "string", "format": "date-time"},
            "by": {"type": "array", "uniqueItems": True, "items": dict(_ID)},
            "payload": {"type": "object"},
            "version": {"type": "integer", "minimum": 1},
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "coproduction scenario",
        "description": (Initiative.__doc__ or "").strip().splitlines()[0],
        "type": "object",
        "required": [VERSION_KEY, "id"],
        "additionalProperties": False,
        "properties": properties,
        "$defs": definitions,
    }


def _build() -> dict[str, Any]:
    return copy.deepcopy(_cached())  # callers get a copy they may change


def _records() -> list[type]:
    """Every attrs class reachable from the initiative's collections."""
    found: list[type] = []
    pending = [c for c in COLLECTIONS.values() if c is not Cycle]
    while pending:
        cls = pending.pop(0)
        if cls in found:
            continue
        found.append(cls)
        for hint in get_type_hints(cls).values():
            pending.extend(t for t in _flatten(hint) if attrs.has(t))
    return found


def _flatten(hint: Any) -> list[Any]:
    return [hint, *[t for arg in get_args(hint) for t in _flatten(arg)]]


def _record(cls: type) -> dict[str, Any]:
    hints = get_type_hints(cls)
    properties = {}
    required = []
    for field in attrs.fields(cls):
        if not field.init:
            continue  # worked out, never written (Decision.result_recorded)
        properties[field.name] = _property(cls, field, hints[field.name])
        if field.default is attrs.NOTHING:
            required.append(field.name)
    doc = (cls.__doc__ or "").strip().splitlines()[0]
    return {
        "type": "object",
        "description": doc,
        "required": required,
        "additionalProperties": False,
        "properties": properties,
        **_ACROSS_FIELDS.get(cls, {}),
    }


_ACROSS_FIELDS: Final[dict[type, dict[str, Any]]] = {
    Contribution: {
        "if": {
            "properties": {"action": {"enum": ["attended", "informed"]}},
            "required": ["action"],
        },
        "then": {"properties": {"adopted": {"const": False}}},
    },
}
"""Rules a record keeps across its fields, which its fields' own types cannot say."""


def _property(cls: type, field: attrs.Attribute[Any], hint: Any) -> dict[str, Any]:
    if cls is Stakeholder and field.name == "kind":
        return {"enum": list(KINDS)}
    if cls is Measure and field.name == "improvement":
        # "neutral", the word xmr uses, is read as "neither", so a file may say it.
        return {"anyOf": [{"enum": [*get_args(Better), "neutral"]}, {"type": "null"}]}
    validators = _validators(field)
    if check_id in validators:
        return dict(_ID)
    if check_optional_id in validators:
        return {"anyOf": [dict(_ID), {"type": "null"}]}
    special = _DECISION_FIELDS.get(field.name) if cls is Decision else None
    if special is not None:
        return special()
    return _type(hint)


_DECISION_FIELDS: Final[dict[str, Callable[[], dict[str, Any]]]] = {
    "result": lambda: {"enum": [m.value for m in Result]},
    "chosen": lambda: _type(frozenset[str]),
    "capacity": lambda: {
        "type": "object",
        "additionalProperties": {"enum": [m.value for m in Capacity]},
    },
}
"""Decision fields whose type the annotation does not say (worked out, or enumerated)."""


def _validators(field: attrs.Attribute[Any]) -> list[Any]:
    v = field.validator
    inner = getattr(v, "_validators", None)
    return list(inner) if inner is not None else [v]


def _type(hint: Any) -> dict[str, Any]:  # noqa: C901, PLR0911  # one return per kind of type
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        options = [_type(a) for a in get_args(hint)]
        return {"anyOf": options}
    if hint is type(None):
        return {"type": "null"}
    if hint is str:
        return {"type": "string"}
    if hint is bool:
        return {"type": "boolean"}
    if hint is int:
        return {"type": "integer", "minimum": 0}
    if hint is float:
        return {"type": "number"}
    if origin is Literal:
        return {"enum": list(get_args(hint))}
    if hint is dt.date:
        return dict(_DATE)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return {"enum": [m.value for m in hint]}
    if origin is frozenset:
        return {"type": "array", "uniqueItems": True, "items": dict(_ID)}
    if origin is tuple:
        return {
            "type": "array",
            "items": {"$ref": f"#/$defs/{get_args(hint)[0].__name__}"},
        }
    if origin is dict or origin is FrozenDict:  # a record's mappings are frozen
        return {"type": "object", "additionalProperties": {"type": "string"}}
    msg = f"no JSON Schema for the type {hint!r}"  # pragma: no cover
    raise TypeError(msg)  # pragma: no cover
