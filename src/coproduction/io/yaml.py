"""Scenario files: `load` and `dump`, safe by construction.

`load` reads YAML from PyYAML's event stream (its C parser when installed) and builds
plain data itself, so that:

- no object is ever constructed from a tag: explicit tags other than YAML's own are refused;
- anchors and aliases are refused, so an alias bomb cannot explode;
- documents over `max_bytes` are refused before they are parsed;
- duplicate keys are refused (YAML forbids them; PyYAML would keep the last silently);
- YAML 1.1's surprises are switched off: only ``true`` and ``false`` are booleans (``no``
  and ``on`` stay text), and ``0123`` stays text instead of becoming the octal 83;
- every problem carries the file, the line and the `$.path`.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Final

import yaml

from coproduction.errors import ValidationError
from coproduction.initiative import Initiative
from coproduction.io.convert import YAML_CONVERTER, structure

__all__ = ["DEFAULT_MAX_BYTES", "dump", "load", "parse"]

DEFAULT_MAX_BYTES: Final = 50_000_000
"""The largest document `load` reads unless told otherwise: 50 MB."""

_Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """The fastest safe dumper, writing repeated values out instead of aliasing them."""

    def ignore_aliases(self, data: object) -> bool:  # noqa: ARG002
        return True


# Each pattern is a subset of PyYAML's YAML 1.1 pattern for the same type, so that any
# text `dump` writes unquoted (because YAML 1.1 reads it as text) is text here too.
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$")
_FLOAT = re.compile(
    r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
    |\.[0-9_]+(?:[eE][-+][0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN))$""",
    re.VERBOSE,
)
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_STANDARD_TAGS: Final = frozenset(
    f"tag:yaml.org,2002:{t}"
    for t in ("str", "map", "seq", "int", "float", "bool", "null")
)


def load(
    source: str | os.PathLike[str] | IO[str] | IO[bytes],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    source_name: str | None = None,
) -> Initiative:
    r"""Read a scenario file into an `Initiative`, refusing anything unsafe or invalid.

    Args:
        source: A path (`str` or `os.PathLike`), the YAML text itself (a `str` holding
            a newline), or an open file.
        max_bytes: The largest document accepted.
        source_name: The name to give the source in errors; defaults to the path, or
            the file object's ``name``.

    Raises:
        ValidationError: For any problem with the input, whatever finds it (YAML syntax,
            a tag, a type, a dangling id), each with file, line and `$.path`.
        OSError: If a path cannot be read.

    Examples:
        >>> import coproduction as cp
        >>> ini = cp.load('''
        ... coproduction: 1
        ... id: oak
        ... title: Mealtimes at Oak House
        ... stakeholders:
        ...   - {id: alice, name: Alice, kind: person}
        ...   - {id: mo, name: Mo, kind: manager}
        ... ''')
        >>> [s.name for s in ini.stakeholders]
        ['Alice', 'Mo']
        >>> cp.load("coproduction: 1\nid: oak\nstakeholders:\n  - {id: no, name: No}\n").stakeholders[0].id
        'no'
        >>> cp.load("coproduction: 1\nid: oak\ntitel: Typo\n", source_name="oak.yaml")
        Traceback (most recent call last):
        ...
        coproduction.errors.ValidationError: oak.yaml:3: $.titel: unknown key 'titel'; allowed keys: 'coproduction', 'id', 'title', 'description', 'population', 'stakeholders', 'roles', 'memberships', 'meetings', 'decisions', 'feedback', 'responses', 'care_plans', 'aims', 'drivers', 'change_ideas', 'measures', 'observations', 'cycles'

    See Also:
        `dump`, the inverse; `parse`, for the plain data without building the model.

    Added in 0.1.
    """
    name, text = _read(source, max_bytes, source_name)
    data, lines = parse(text, source_name=name)
    try:
        return structure(YAML_CONVERTER, Initiative, data)
    except ValidationError as err:
        raise err.located(name, lines) from None


def dump(initiative: Initiative) -> str:
    """Write an initiative as YAML text that `load` reads back to an equal initiative.

    Nothing is written to disk: the caller decides where the text goes.

    Examples:
        >>> import coproduction as cp
        >>> ini = cp.Initiative(id="oak", title="Mealtimes",
        ...     stakeholders=[cp.Stakeholder(id="alice", name="Alice")])
        >>> print(cp.dump(ini), end="")
        coproduction: 1
        id: oak
        title: Mealtimes
        stakeholders:
        - id: alice
          name: Alice
        >>> cp.load(cp.dump(ini)) == ini
        True

    Added in 0.1.
    """
    data = YAML_CONVERTER.unstructure(initiative)
    text: str = yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=88
    )
    return text


def parse(text: str, *, source_name: str | None = None) -> tuple[Any, dict[str, int]]:
    r"""Parse YAML text safely into plain data, and the line of every path in it.

    Returns:
        The data (dicts, lists, strings, numbers, booleans, dates, None) and a mapping
        from each `$.path` to its 1-based line.

    Raises:
        ValidationError: For YAML syntax errors, tags, anchors, aliases, duplicate keys
            and more than one document.

    Examples:
        >>> data, lines = parse("a: 1\nb: [no, 0123, 2026-01-10]\n")
        >>> data
        {'a': 1, 'b': ['no', '0123', datetime.date(2026, 1, 10)]}
        >>> lines["$.b[1]"]
        2
    """
    loader = _Loader(text)
    lines: dict[str, int] = {}
    try:
        events = _events(loader)
        first = next(events)  # StreamStart
        document = next(events)
        if isinstance(document, yaml.StreamEndEvent):
            return None, {"$": 1}
        data = _node(events, next(events), "$", lines, source_name)
        next(events)  # DocumentEnd
        extra = next(events)
        if not isinstance(extra, yaml.StreamEndEvent):
            msg = "more than one YAML document; a scenario file holds exactly one"
            raise ValidationError(msg, "$", source=source_name, line=_line(extra))
        del first
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        msg = f"not valid YAML: {err.problem or err.context}"
        raise ValidationError(
            msg, "$", source=source_name, line=_line_mark(mark)
        ) from None
    except yaml.YAMLError as err:
        raise ValidationError(
            f"not valid YAML: {err}", "$", source=source_name
        ) from None
    finally:
        loader.dispose()
    return data, lines


def _events(loader: Any) -> Iterator[yaml.Event]:
    while loader.check_event():
        yield loader.get_event()


def _node(  # noqa: C901  # an event-driven builder: one branch per kind of event
    events: Iterator[yaml.Event],
    event: yaml.Event,
    path: str,
    lines: dict[str, int],
    source: str | None,
) -> Any:
    lines.setdefault(path, _line(event))
    if isinstance(event, yaml.AliasEvent):
        msg = f"aliases (*{event.anchor}) are not allowed in scenario files; write the value out"
        raise ValidationError(msg, path, source=source, line=_line(event))
    anchor = getattr(event, "anchor", None)
    if anchor is not None:
        msg = f"anchors (&{anchor}) are not allowed in scenario files; write the value out"
        raise ValidationError(msg, path, source=source, line=_line(event))
    tag = getattr(event, "tag", None)
    if tag not in (None, "!") and tag not in _STANDARD_TAGS:
        msg = f"the tag {tag!r} is not allowed in scenario files"
        raise ValidationError(msg, path, source=source, line=_line(event))
    if isinstance(event, yaml.ScalarEvent):
        return _scalar(event, path, source)
    if isinstance(event, yaml.SequenceStartEvent):
        items: list[Any] = []
        for item in iter(lambda: next(events), None):
            if isinstance(item, yaml.SequenceEndEvent):
                return items
            items.append(_node(events, item, f"{path}[{len(items)}]", lines, source))
    if isinstance(event, yaml.MappingStartEvent):
        mapping: dict[str, Any] = {}
        for key_event in iter(lambda: next(events), None):
            if isinstance(key_event, yaml.MappingEndEvent):
                return mapping
            if not isinstance(key_event, yaml.ScalarEvent):
                msg = "a key must be plain text"
                raise ValidationError(msg, path, source=source, line=_line(key_event))
            key = key_event.value
            if key in mapping:
                msg = f"the key {key!r} appears twice"
                raise ValidationError(msg, path, source=source, line=_line(key_event))
            child = f"{path}.{key}"
            lines.setdefault(f"{path}[{key!r}]", _line(key_event))
            lines.setdefault(child, _line(key_event))
            mapping[key] = _node(events, next(events), child, lines, source)
    msg = f"unexpected YAML event {type(event).__name__}"  # pragma: no cover
    raise ValidationError(
        msg, path, source=source, line=_line(event)
    )  # pragma: no cover


def _scalar(event: yaml.ScalarEvent, path: str, source: str | None) -> Any:  # noqa: PLR0911  # one return per YAML type
    value: str = event.value
    if event.style or event.tag in {"!", "tag:yaml.org,2002:str"}:
        return value  # quoted, block or explicitly text
    if _NULL.match(value):
        return None
    if _BOOL.match(value):
        return value.lower() == "true"
    if _INT.match(value):
        return int(value.replace("_", ""))
    if _FLOAT.match(value):
        lowered = value.lower().replace("_", "")
        if lowered.endswith(".nan"):
            return math.nan
        if lowered.endswith(".inf"):
            return -math.inf if lowered.startswith("-") else math.inf
        return float(lowered)
    if _DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            msg = f"{value!r} looks like a date but is not a real one"
            raise ValidationError(msg, path, source=source, line=_line(event)) from None
    return value


def _line(event: yaml.Event) -> int:
    return _line_mark(event.start_mark) or 1


def _line_mark(mark: Any) -> int | None:
    return None if mark is None else int(mark.line) + 1


def _read(
    source: str | os.PathLike[str] | IO[str] | IO[bytes],
    max_bytes: int,
    source_name: str | None,
) -> tuple[str | None, str]:
    if isinstance(source, str) and ("\n" in source or not source.strip()):
        text: str | bytes = source
        name = source_name
    elif isinstance(source, str | os.PathLike):
        path = Path(source)
        size = path.stat().st_size
        if size > max_bytes:
            _too_big(source_name or str(path), max_bytes)
        with path.open("rb") as handle:
            text = handle.read(max_bytes + 1)
        name = source_name or str(path)
    else:
        text = source.read(max_bytes + 1)
        name = source_name or getattr(source, "name", None)
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            msg = f"not UTF-8 text (byte {err.start} is {text[err.start]:#04x})"
            raise ValidationError(msg, "$", source=name) from None
    if len(text) > max_bytes or len(text.encode("utf-8")) > max_bytes:
        _too_big(name, max_bytes)
    return name, text


def _too_big(name: str | None, max_bytes: int) -> None:
    msg = (
        f"the document is larger than max_bytes={max_bytes:,}; "
        "pass a larger max_bytes if you trust it"
    )
    raise ValidationError(msg, "$", source=name)
