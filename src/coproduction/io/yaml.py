"""Scenario files: `load` and `loads`, `dump` and `dumps`, safe by construction.

As `json` and `tomllib` do it, `load` reads a path or an open file and `loads` the text;
`dump` writes to a file the caller opened and `dumps` gives the text.

`loads` reads YAML from PyYAML's event stream (its C parser when installed) and builds
plain data itself, so that:

- no object is ever constructed from a tag: explicit tags other than YAML's own are refused;
- anchors and aliases are refused, so an alias bomb cannot explode;
- documents over `max_bytes` are refused before they are parsed;
- duplicate keys are refused (YAML forbids them; PyYAML would keep the last silently);
- YAML 1.1's surprises are switched off: only ``true`` and ``false`` are booleans (``no``
  and ``on`` stay text), and ``0123`` stays text instead of becoming the octal 83;
- nesting deeper than `MAX_DEPTH` (100) and numbers of more than `MAX_DIGITS` (100)
  digits are refused as they are met, so odd input costs bounded time and memory;
- every problem carries the file, the line and the `$.path`.

`dumps` writes the text itself in PyYAML's block layout, and quotes every string that
YAML 1.1 or `load` would read as anything but that same string.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from collections.abc import Callable, Collection, Iterator, Mapping
from typing import IO, Any, Final

import yaml

from coproduction._fields import step
from coproduction._limits import MAX_DEPTH, MAX_DIGITS, depth_message, digits_message
from coproduction.errors import ValidationError, lookup_paths
from coproduction.initiative import Initiative
from coproduction.io.convert import YAML_CONVERTER, structure

__all__ = [
    "DEFAULT_MAX_BYTES",
    "MAX_DEPTH",
    "MAX_DIGITS",
    "dump",
    "dumps",
    "load",
    "loads",
    "parse",
]

DEFAULT_MAX_BYTES: Final = 50_000_000
"""The largest document `load` reads unless told otherwise: 50 MB."""

_Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
    """Read a scenario file, given its path or the open file, into an `Initiative`.

    As `json.load` and `tomllib.load` do, `load` takes a file and `loads` the text: a
    `str` given here is a path. One that is no existing file and looks like text (it
    holds a line break or ``": "``, or starts with ``{``) is refused with a
    `ValidationError` saying to use `loads`; any other missing file stays
    `FileNotFoundError`.

    Args:
        source: A path (`str` or `os.PathLike`), or a file open for reading, in text
            or binary mode (the caller closes it).
        max_bytes: The largest document accepted.
        source_name: The name to give the source in errors; defaults to the path, or
            the file object's ``name``.

    Raises:
        ValidationError: For any problem with the input, whatever finds it (YAML syntax,
            a tag, a type, a dangling id, nesting deeper than `MAX_DEPTH`, a number
            of more than `MAX_DIGITS` digits), each with file, line and `$.path`;
            and for text or bytes given instead of a file.
        FileNotFoundError: If there is no file at the path.
        OSError: If a path cannot be read for another reason.

    Examples:
        >>> import coproduction as cp, io
        >>> ini = cp.load(io.StringIO('''
        ... coproduction: 1
        ... id: oak
        ... title: Mealtimes at Oak House
        ... stakeholders:
        ...   - {id: alice, name: Alice, kind: person}
        ... '''))
        >>> ini.title
        'Mealtimes at Oak House'
        >>> cp.load('{"coproduction": 1, "id": "oak"}')
        Traceback (most recent call last):
        ...
        coproduction.errors.ValidationError: $: load() takes a path or an open file, and there is no file '{"coproduction": 1, "id": "oak"}'; it looks like the text of a document: read text with loads()

    See Also:
        `loads`, for the text itself; `dump`, the inverse.

    Added in 0.1; from 0.2 text is read with `loads` only.
    """
    name, text = _read(source, max_bytes, source_name)
    return _initiative(name, text)


def loads(
    text: str | bytes | bytearray,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    source_name: str | None = None,
) -> Initiative:
    r"""Read the text of a scenario file into an `Initiative`, refusing anything unsafe or invalid.

    JSON is YAML, so a JSON document reads too. `bytes` are decoded as UTF-8.

    Args:
        text: The YAML (or JSON) text.
        max_bytes: The largest document accepted.
        source_name: The name to give the source in errors.

    Raises:
        ValidationError: For any problem with the input, as `load` says, and for bytes
            that are not UTF-8.

    Examples:
        >>> import coproduction as cp
        >>> ini = cp.loads('''
        ... coproduction: 1
        ... id: oak
        ... title: Mealtimes at Oak House
        ... stakeholders:
        ...   - {id: alice, name: Alice, kind: person}
        ...   - {id: mo, name: Mo, kind: manager}
        ... ''')
        >>> [s.name for s in ini.stakeholders]
        ['Alice', 'Mo']
        >>> cp.loads('{"coproduction": 1, "id": "oak", "title": "Meals"}').title
        'Meals'
        >>> cp.loads("coproduction: 1\nid: oak\nstakeholders:\n  - {id: no, name: No}\n").stakeholders[0].id
        'no'
        >>> cp.loads("coproduction: 1\nid: oak\ntitel: Typo\n", source_name="oak.yaml")
        Traceback (most recent call last):
        ...
        coproduction.errors.ValidationError: oak.yaml:3: $.titel: unknown key 'titel'; allowed keys: 'coproduction', 'id', 'title', 'description', 'population', 'stakeholders', 'roles', 'memberships', 'meetings', 'decisions', 'feedback', 'responses', 'care_plans', 'aims', 'drivers', 'change_ideas', 'measures', 'observations', 'cycles'

    See Also:
        `load`, for a path or an open file; `dumps`, the inverse; `parse`, for the
        plain data without building the model.

    Added in 0.2.
    """
    if isinstance(text, bytes | bytearray):
        text = _decode(bytes(text), source_name)
    elif not isinstance(text, str):
        msg = (
            f"loads() takes the text (str or bytes), got {type(text).__name__}; "
            "for a path or an open file use load()"
        )
        raise TypeError(msg)
    return _initiative(source_name, _checked(text, max_bytes, source_name))


def _initiative(name: str | None, text: str) -> Initiative:
    """The initiative `text` describes; errors carry `name` and the line."""
    data, _ = parse(text, source_name=name)
    try:
        return structure(YAML_CONVERTER, Initiative, data)
    except ValidationError as err:
        wanted = {path for p in err.problems for path in lookup_paths(p.path)}
        raise err.located(name, _line_table(text, wanted)) from None


def dumps(initiative: Initiative) -> str:
    """Write an initiative as YAML text that `loads` reads back to an equal initiative.

    Examples:
        >>> import coproduction as cp
        >>> ini = cp.Initiative(id="oak", title="Mealtimes",
        ...     stakeholders=[cp.Stakeholder(id="alice", name="Alice")])
        >>> print(cp.dumps(ini), end="")
        coproduction: 1
        id: oak
        title: Mealtimes
        stakeholders:
        - id: alice
          name: Alice
        >>> cp.loads(cp.dumps(ini)) == ini
        True

    See Also:
        `dump`, to write to a file you opened; `loads`, the inverse.

    Added in 0.2 (before, `dump` gave the text).
    """
    return _Emitter().document(YAML_CONVERTER.unstructure(initiative))


def dump(initiative: Initiative, file: IO[str]) -> None:
    """Write an initiative as YAML to a text file you opened, as `dumps` writes it.

    The library never opens a file to write on its own: you open it, and you close it.

    Examples:
        >>> import coproduction as cp, io
        >>> ini = cp.Initiative(id="oak", title="Mealtimes")
        >>> out = io.StringIO()
        >>> cp.dump(ini, out)
        >>> print(out.getvalue(), end="")
        coproduction: 1
        id: oak
        title: Mealtimes
        >>> out.seek(0)
        0
        >>> cp.load(out) == ini
        True

    See Also:
        `dumps`, for the text; `load`, the inverse.

    Added in 0.1; from 0.2 it writes to `file` (`dumps` gives the text).
    """
    file.write(dumps(initiative))


def parse(
    text: str, *, source_name: str | None = None
) -> tuple[Any, Mapping[str, int]]:
    r"""Parse YAML text safely into plain data, and the line of every path in it.

    Returns:
        The data (dicts, lists, strings, numbers, booleans, dates, None) and a mapping
        from each `$.path` to its 1-based line. The lines are worked out from the text
        when first asked for, so reading a large document costs nothing for them.

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
    try:
        get = loader.get_event
        get()  # StreamStart
        if type(get()) is _STREAM_END:  # no document at all
            return None, {"$": 1}
        data = _Builder(get).node(get())
        get()  # DocumentEnd
        extra = get()
        if type(extra) is not _STREAM_END:
            msg = "more than one YAML document; a scenario file holds exactly one"
            raise ValidationError(
                msg, "$", source=source_name, line=_line(extra), code="not_valid_yaml"
            )
    except _Refusal as err:
        path = "$" + "".join(reversed(err.where))
        raise ValidationError(
            err.message,
            path,
            source=source_name,
            line=err.line,
            code=err.code,
            input=err.input,
        ) from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        msg = f"not valid YAML: {err.problem or err.context}"
        raise ValidationError(
            msg, "$", source=source_name, line=_line_mark(mark), code="not_valid_yaml"
        ) from None
    except yaml.YAMLError as err:
        raise ValidationError(
            f"not valid YAML: {err}", "$", source=source_name, code="not_valid_yaml"
        ) from None
    finally:
        loader.dispose()
    return data, _Lines(text)


_SCALAR: Final = yaml.ScalarEvent
_ALIAS: Final = yaml.AliasEvent
_MAPPING_START: Final = yaml.MappingStartEvent
_MAPPING_END: Final = yaml.MappingEndEvent
_SEQUENCE_START: Final = yaml.SequenceStartEvent
_SEQUENCE_END: Final = yaml.SequenceEndEvent
_STREAM_END: Final = yaml.StreamEndEvent
_MISSING: Final = object()
_CACHE_SIZE: Final = 4096
"""How many distinct plain scalars (and keys) `parse` remembers the meaning of.

Scenario files repeat the same few ids, actions and booleans many times: resolving
each once, and handing back the same object each time it recurs, saves both the
pattern matching and the memory of a million equal strings. When full, the cache
starts again, so a file of all-different text costs no more than a bounded table.
"""


class _Refusal(Exception):  # noqa: N818  # internal: becomes a ValidationError in parse
    """A problem found while building, with its line; the path is added on the way out.

    Each collection the problem sits in appends its step (``.key`` or ``[i]``) to
    `where` as the problem passes through it, innermost first, so the success path
    never spends anything on paths.
    """

    def __init__(
        self, message: str, event: yaml.Event, code: str, input: object = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.line = _line(event)
        self.where: list[str] = []
        self.code = code
        self.input = input


class _Builder:
    """Plain data from PyYAML's event stream, refusing what a scenario file may not hold.

    Plain untagged scalars, by far the most common events, are handled inline in the
    loops over a collection's items, through a cache of what each text means.
    Collections recurse one Python frame per level of nesting.
    """

    def __init__(self, get: Callable[[], Any]) -> None:
        self.get = get
        self.values: dict[str, Any] = {}
        self.keys: dict[str, str] = {}
        self.depth = 0

    def node(self, event: Any) -> Any:
        """Any node: checked for aliases, anchors and tags, then built."""
        kind = type(event)
        _refuse_marks(event)
        if kind is _SCALAR:
            return self.scalar(event)
        if self.depth >= MAX_DEPTH:
            raise _Refusal(depth_message(), event, code="too_deep")
        self.depth += 1
        if kind is _SEQUENCE_START:
            found: Any = self.sequence()
        elif kind is _MAPPING_START:
            found = self.mapping()
        else:  # pragma: no cover
            msg = f"unexpected YAML event {kind.__name__}"
            raise _Refusal(msg, event, code="not_valid_yaml")
        self.depth -= 1
        return found

    def scalar(self, event: Any) -> Any:
        """A scalar with any style and tag (quoted, block or explicitly typed)."""
        if event.style or event.tag in {"!", "tag:yaml.org,2002:str"}:
            return event.value  # quoted, block or explicitly text
        return self.plain(event)

    def plain(self, event: Any) -> Any:
        """A plain scalar's meaning, from the cache or worked out and remembered."""
        value: str = event.value
        found = self.values.get(value, _MISSING)
        if found is not _MISSING:
            return found
        try:
            found = _resolve(value)
        except _NotADateError:
            msg = f"{value!r} looks like a date but is not a real one"
            raise _Refusal(msg, event, code="wrong_type", input=value) from None
        except _TooManyDigitsError as err:
            raise _Refusal(
                digits_message(err.digits), event, code="too_large", input=value
            ) from None
        if len(self.values) >= _CACHE_SIZE:
            self.values.clear()
        self.values[value] = found
        return found

    def value(self, event: Any) -> Any:
        """Any node, a plain untagged scalar (by far the most common) answered first."""
        if (
            type(event) is _SCALAR
            and not event.style
            and event.tag is None
            and event.anchor is None
        ):
            found = self.values.get(event.value, _MISSING)
            return self.plain(event) if found is _MISSING else found
        return self.node(event)

    def sequence(self) -> list[Any]:
        get, value = self.get, self.value
        items: list[Any] = []
        append = items.append
        while type(event := get()) is not _SEQUENCE_END:
            try:
                append(value(event))
            except _Refusal as err:
                err.where.append(f"[{len(items)}]")
                raise
        return items

    def mapping(self) -> dict[str, Any]:
        get, value, keys = self.get, self.value, self.keys
        mapping: dict[str, Any] = {}
        while True:
            key_event = get()
            kind = type(key_event)
            if kind is _MAPPING_END:
                return mapping
            if kind is not _SCALAR:
                raise _Refusal("a key must be plain text", key_event, code="wrong_type")
            key: str = key_event.value
            known = keys.get(key)
            if known is None:
                if len(keys) >= _CACHE_SIZE:
                    keys.clear()
                keys[key] = key
            else:
                key = known
            if key in mapping:
                raise _Refusal(
                    f"the key {key!r} appears twice",
                    key_event,
                    code="duplicate_key",
                    input=key,
                )
            try:
                mapping[key] = value(get())
            except _Refusal as err:
                err.where.append(step(key))
                raise


def _refuse_marks(event: Any) -> None:
    """Refuse an alias, an anchor or a tag that is not YAML's own."""
    if type(event) is _ALIAS:
        msg = f"aliases (*{event.anchor}) are not allowed in scenario files; write the value out"
        raise _Refusal(msg, event, code="not_allowed")
    anchor = getattr(event, "anchor", None)
    if anchor is not None:
        msg = f"anchors (&{anchor}) are not allowed in scenario files; write the value out"
        raise _Refusal(msg, event, code="not_allowed")
    tag = getattr(event, "tag", None)
    if tag not in (None, "!") and tag not in _STANDARD_TAGS:
        msg = f"the tag {tag!r} is not allowed in scenario files"
        raise _Refusal(msg, event, code="not_allowed")


def _resolve(value: str) -> Any:  # noqa: PLR0911  # one return per YAML type
    """What a plain scalar means; `_NotADateError` for a date that does not exist."""
    if value[:1] not in _MAYBE_NOT_TEXT:
        return value
    if _NULL.match(value):
        return None
    if _BOOL.match(value):
        return value.lower() == "true"
    if _INT.match(value):
        _check_digits(value)
        return int(value.replace("_", ""))
    if _FLOAT.match(value):
        _check_digits(value)
        return _float(value)
    if _DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise _NotADateError(value) from None
    return value


def _float(value: str) -> float | str:
    """A plain scalar the float pattern matched, as a float; as text if it is none."""
    lowered = value.lower().replace("_", "")
    if lowered.endswith(".nan"):
        return math.nan
    if lowered.endswith(".inf"):
        return -math.inf if lowered.startswith("-") else math.inf
    try:
        return float(lowered)
    except ValueError:  # "._" fits YAML 1.1's pattern for a float but is none
        return value


class _NotADateError(ValueError):
    """Text written as a date that does not exist, such as 2026-02-30."""


class _TooManyDigitsError(ValueError):
    """A number written with more than `MAX_DIGITS` digits, refused before converting."""

    def __init__(self, digits: int) -> None:
        super().__init__(digits)
        self.digits = digits


def _check_digits(value: str) -> None:
    """Refuse a number written with more digits than `MAX_DIGITS`, without converting it."""
    if len(value) > MAX_DIGITS:
        digits = sum(char.isdigit() for char in value)
        if digits > MAX_DIGITS:
            raise _TooManyDigitsError(digits)


_MAYBE_NOT_TEXT: Final = frozenset("~nNtTfF-+.0123456789") | {""}
"""The first characters of every text the patterns above can match (and of "")."""


class _Lines(Mapping[str, int]):
    """The 1-based line of each `$.path` of a document, found when first asked for."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._table: dict[str, int] | None = None

    def _lines(self) -> dict[str, int]:
        if self._table is None:
            self._table = _line_table(self._text)
            self._text = ""
        return self._table

    def __getitem__(self, path: str) -> int:
        return self._lines()[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self._lines())

    def __len__(self) -> int:
        return len(self._lines())

    def __repr__(self) -> str:
        return repr(self._lines())


def _line_table(text: str, wanted: Collection[str] | None = None) -> dict[str, int]:
    """The line of every path in `text` (already parsed once), or of those `wanted`.

    The first line found for a path wins, and a key's path takes the key's line, so
    the answer is the same whether every path is asked for or a few. With `wanted`,
    only the branches that lead to a wanted path are followed: the rest is skipped
    event by event without building a path.
    """
    loader = _Loader(text)
    try:
        finder = _LineFinder(loader.get_event, wanted)
        finder.get()  # StreamStart
        if type(finder.get()) is _STREAM_END:
            return {"$": 1}
        finder.walk(finder.get(), "$")
    finally:
        loader.dispose()
    return finder.lines


class _LineFinder:
    """Walks the events again, recording the line of each path as `parse` once did."""

    def __init__(self, get: Callable[[], Any], wanted: Collection[str] | None) -> None:
        self.get = get
        self.wanted = wanted
        self.lines: dict[str, int] = {}

    def leads(self, path: str) -> bool:
        """Whether `path` is wanted or has a wanted descendant.

        `wanted` holds every ancestor of each path it holds (as `lookup_paths` gives them),
        so one look-up answers: scanning it for prefixes instead would cost the number
        of problems for every node walked.
        """
        return self.wanted is None or path in self.wanted

    def record(self, path: str, event: Any) -> None:
        if (self.wanted is None or path in self.wanted) and path not in self.lines:
            self.lines[path] = _line(event)

    def walk(self, event: Any, path: str) -> None:
        kind = type(event)
        if not self.leads(path):
            self.skip(kind)
            return
        self.record(path, event)
        get = self.get
        if kind is _SEQUENCE_START:
            index = 0
            while type(item := get()) is not _SEQUENCE_END:
                self.walk(item, f"{path}[{index}]")
                index += 1
        elif kind is _MAPPING_START:
            while type(key_event := get()) is not _MAPPING_END:
                key = key_event.value
                self.record(f"{path}[{key!r}]", key_event)
                self.record(path + step(key), key_event)
                self.walk(get(), path + step(key))

    def skip(self, kind: type) -> None:
        """Pass over the rest of a node whose first event was of type `kind`."""
        depth = 1 if kind in _STARTS else 0
        while depth:
            kind = type(self.get())
            if kind in _STARTS:
                depth += 1
            elif kind in _ENDS:
                depth -= 1


_STARTS: Final = frozenset({_SEQUENCE_START, _MAPPING_START})
_ENDS: Final = frozenset({_SEQUENCE_END, _MAPPING_END})


class _Emitter:
    """YAML text for plain data, laid out as PyYAML's block style lays it out.

    Mappings are written one key a line, lists as ``- `` items at their key's
    indentation, empty collections as ``[]`` and ``{}``, and every scalar on one line.
    A string is written plain only when both PyYAML's `safe_load` and `parse` read it
    back as that same string; otherwise single-quoted, or double-quoted with escapes
    when it holds a character that single quotes cannot carry (a line break, a tab, a
    character YAML does not allow raw).
    """

    def __init__(self) -> None:
        self.out: list[str] = []
        self.texts: dict[str, str] = {}

    def document(self, data: Any) -> str:
        if type(data) is dict and data:
            self.mapping(data, "", "")
        elif type(data) is list and data:
            self.sequence(data, "", "")
        else:
            self.item(data, "")
        return "".join(self.out)

    def text(self, value: str) -> str:
        """A string as a scalar: plain, single-quoted or double-quoted."""
        written = self.texts.get(value)
        if written is None:
            written = _quoted(value)
            if len(self.texts) >= _CACHE_SIZE:
                self.texts.clear()
            self.texts[value] = written
        return written

    def mapping(self, data: dict[Any, Any], indent: str, lead: str) -> None:
        """A non-empty mapping; `lead` goes before the first key, `indent` the rest."""
        write = self.out.append
        texts = self.texts
        inner = indent + "  "
        for key, value in data.items():
            if type(key) is not str:
                msg = f"dump writes text keys only, got {type(key).__name__} {key!r}"
                raise TypeError(msg)
            written = texts.get(key) or self.text(key)
            write(lead)
            lead = indent
            if len(written) > _SIMPLE_KEY_LIMIT:
                write(f"? {written}\n{indent}: ")
                self.item(value, inner)
                continue
            write(written)
            kind = type(value)
            if kind is str:
                write(f": {texts.get(value) or self.text(value)}\n")
            elif kind is dict and value:
                write(":\n")
                self.mapping(value, inner, inner)
            elif kind is list and value:
                write(":\n")
                self.sequence(value, indent, indent)
            else:
                write(f": {_scalar_text(value, self)}\n")

    def sequence(self, data: list[Any], indent: str, lead: str) -> None:
        """A non-empty list of ``- `` items; `lead` goes before the first."""
        write = self.out.append
        inner = indent + "  "
        for value in data:
            write(lead)
            lead = indent
            write("- ")
            self.item(value, inner)

    def item(self, value: Any, inner: str) -> None:
        """A value after ``- `` or ``: ``, its own lines indented by `inner`."""
        kind = type(value)
        if kind is dict and value:
            self.mapping(value, inner, "")
        elif kind is list and value:
            self.sequence(value, inner, "")
        else:
            self.out.append(_scalar_text(value, self) + "\n")


def _scalar_text(value: Any, emitter: _Emitter) -> str:  # noqa: PLR0911  # one return per type
    """A value that is not a non-empty collection, as it is written."""
    if isinstance(value, str):
        return emitter.text(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dict | list) and not value:
        return "{}" if isinstance(value, dict) else "[]"
    msg = f"dump writes plain data only, got {type(value).__name__} {value!r}"
    raise TypeError(msg)


def _float_text(value: float) -> str:
    """A float as PyYAML writes it, which both it and `parse` read back exactly."""
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    written = float.__repr__(value).lower()
    if "." not in written and "e" in written:
        written = written.replace("e", ".0e", 1)
    return written


_SIMPLE_KEY_LIMIT: Final = 128
"""Longer keys are written as explicit ``? key`` entries, as PyYAML writes them."""

# Characters written raw in plain and single-quoted scalars: those YAML allows in a
# stream, less line breaks (NEL, LS, PS), tabs and the byte order mark.
_RAW = (
    "\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010fffe"
)
_SINGLE: Final = re.compile(f"[{_RAW}]*")
_PLAIN: Final = re.compile(
    rf"""(?![\s\-?:,\[\]{{}}\#&*!|>'"%@`])  # not an indicator or a space first
    (?!---|\.\.\.)                    # nor a document marker
    [{_RAW}]+
    (?<![\s:])                          # nor a space or a colon last
    """,
    re.VERBOSE,
)
_DOUBLE_ESCAPE: Final = re.compile(f'[^{_RAW}]|["\\\\]')
_ESCAPES: Final = {
    "\0": "\\0",
    "\x07": "\\a",
    "\x08": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\x0b": "\\v",
    "\x0c": "\\f",
    "\r": "\\r",
    "\x1b": "\\e",
    '"': '\\"',
    "\\": "\\\\",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
}
_YAML11: Final = yaml.resolver.Resolver()
_YAML11_FIRST: Final = frozenset(k for k in _YAML11.yaml_implicit_resolvers if k)
_TEXT_TAG: Final = "tag:yaml.org,2002:str"


def _quoted(value: str) -> str:
    """`value` written so that PyYAML's `safe_load` and `parse` both read it back."""
    if (
        _PLAIN.fullmatch(value)
        and ": " not in value
        and " #" not in value
        and (value[0] not in _YAML11_FIRST or _is_text(value))
    ):
        return value
    if _SINGLE.fullmatch(value):
        return "'" + value.replace("'", "''") + "'"
    return '"' + _DOUBLE_ESCAPE.sub(_escape, value) + '"'


def _is_text(value: str) -> bool:
    """Whether YAML 1.1 and `parse` both read the plain scalar `value` as text."""
    try:
        ours = _resolve(value)
    except (_NotADateError, _TooManyDigitsError):
        return False
    node = yaml.ScalarNode
    tag = _YAML11.resolve(node, value, (True, False))  # type: ignore[no-untyped-call]
    return ours is value and tag == _TEXT_TAG


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    escaped = _ESCAPES.get(char)
    if escaped is not None:
        return escaped
    code = ord(char)
    if code <= 0xFF:  # noqa: PLR2004
        return f"\\x{code:02X}"
    if code <= 0xFFFF:  # noqa: PLR2004
        return f"\\u{code:04X}"
    return f"\\U{code:08X}"


def _line(event: yaml.Event) -> int:
    return _line_mark(event.start_mark) or 1


def _line_mark(mark: Any) -> int | None:
    return None if mark is None else int(mark.line) + 1


def _read(
    source: str | os.PathLike[str] | IO[str] | IO[bytes],
    max_bytes: int,
    source_name: str | None,
) -> tuple[str | None, str]:
    """The name and text of what `load` was given: a path or an open file."""
    name: str | None
    if isinstance(source, bytes | bytearray):
        msg = (
            f"load() takes a path or an open file, got {type(source).__name__}: "
            "read bytes with loads(), or open the file"
        )
        raise ValidationError(msg, "$", source=source_name, code="use_loads")
    if isinstance(source, str | os.PathLike):
        path = os.fspath(source)
        if not isinstance(path, str):
            msg = f"load() takes a path as text, got {type(path).__name__} {path!r}"
            raise TypeError(msg)
        name = source_name or path
        if _looks_like_text(path) and not os.path.exists(path):  # noqa: PTH110  # never raises
            shown = path if len(path) <= _SHOWN else path[:_SHOWN] + "..."
            msg = (
                f"load() takes a path or an open file, and there is no file {shown!r}; "
                "it looks like the text of a document: read text with loads()"
            )
            raise ValidationError(msg, "$", source=source_name, code="use_loads")
        if "\0" in path:
            msg = f"a path cannot hold a NUL character, got {path!r}"
            raise ValidationError(msg, "$", source=source_name, code="wrong_type")
        with open(path, "rb") as handle:  # noqa: PTH123  # open("") is FileNotFoundError
            if os.fstat(handle.fileno()).st_size > max_bytes:
                _too_big(name, max_bytes)
            data: str | bytes = handle.read(max_bytes + 1)
    else:
        read = getattr(source, "read", None)
        if not callable(read):
            msg = f"load() takes a path or an open file, got {type(source).__name__}"
            raise TypeError(msg)
        name = source_name or _file_name(source)
        data = read(max_bytes + 1)
    text = _decode(data, name) if isinstance(data, bytes) else data
    return name, _checked(text, max_bytes, name)


def _file_name(source: object) -> str | None:
    """An open file's ``name``, when it is text (a file opened by descriptor has an int)."""
    name = getattr(source, "name", None)
    return name if isinstance(name, str) else None


_SHOWN: Final = 60
"""How much of a text taken for a path a refusal shows."""


def _looks_like_text(source: str) -> bool:
    """Whether a `str` given to `load` is the text of a document rather than a path."""
    return "\n" in source or ": " in source or source.lstrip().startswith("{")


def _decode(data: bytes, name: str | None) -> str:
    """UTF-8 bytes (a byte order mark allowed) as text, or a `ValidationError`."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        msg = f"not UTF-8 text (byte {err.start} is {data[err.start]:#04x})"
        raise ValidationError(msg, "$", source=name, code="not_utf8") from None


def _checked(text: str, max_bytes: int, name: str | None) -> str:
    """`text`, if it is no larger than `max_bytes` and can be written as UTF-8."""
    if len(text) > max_bytes:
        _too_big(name, max_bytes)
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as err:
        msg = f"not valid text (character {err.start} is a lone surrogate, {text[err.start]!r})"
        raise ValidationError(msg, "$", source=name, code="not_utf8") from None
    if size > max_bytes:
        _too_big(name, max_bytes)
    return text


def _too_big(name: str | None, max_bytes: int) -> None:
    msg = (
        f"the document is larger than max_bytes={max_bytes:,}; "
        "pass a larger max_bytes if you trust it"
    )
    raise ValidationError(msg, "$", source=name, code="too_large")
