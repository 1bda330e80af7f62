"""The error hierarchy: one root, and subclasses that also inherit a matching builtin.

Every error the library raises on purpose is a `CoproductionError`, so an embedding
system can catch them all in one place, and each also inherits the builtin a Python
programmer would expect (`ValidationError` is a `ValueError`, `NotFoundError` a
`KeyError`), so code that already catches those keeps working.

Examples:
    >>> from coproduction.errors import ValidationError
    >>> err = ValidationError("unknown stakeholder 'bob'", path="$.decisions[3].contributions[0].by")
    >>> print(err)
    $.decisions[3].contributions[0].by: unknown stakeholder 'bob'
    >>> isinstance(err, ValueError)
    True
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import ClassVar

__all__ = [
    "ConcurrencyError",
    "CoproductionError",
    "InvalidDefinitionError",
    "NotFoundError",
    "PhaseError",
    "ReadOnlyError",
    "ValidationError",
]


class CoproductionError(Exception):
    """The root of every error raised by the library on purpose.

    Examples:
        >>> import coproduction as cp
        >>> try:
        ...     cp.Initiative(id="oak").stakeholder("nobody")
        ... except cp.CoproductionError as err:
        ...     print(type(err).__name__)
        NotFoundError

    Added in 0.1.
    """


class ValidationError(CoproductionError, ValueError):
    """Input that breaks a rule of the model or of the scenario format.

    A `ValidationError` names where the problem is (`path`, in the `$.a[0].b` form used
    by cattrs and JSON Path) and, when the input came from a file, the file (`source`)
    and the line (`line`). When several problems were found at once they are all in
    `problems`, each a `ValidationError` of its own; a single problem is its own only
    element.

    Args:
        message: What is wrong, in plain words, naming the offending value with `!r`.
        path: Where: `"$"` for the whole input, `"$.stakeholders[2].kind"` for a field.
        source: The name of the file the input came from, if any.
        line: The 1-based line in that file, where known.
        problems: Every problem, when more than one was found.
        code: What kind of problem it is, as a stable snake_case word a program can
            test (``"wrong_type"``, ``"unknown_reference"``; the table is in the
            docs' "Errors a form can show"). ``"invalid"`` when none is given.
        input: The offending value, where there is one (None otherwise).

    Examples:
        >>> err = ValidationError("expected a string, got 3", path="$.name",
        ...                       source="oak.yaml", line=4)
        >>> print(err)
        oak.yaml:4: $.name: expected a string, got 3
        >>> err.path, err.line
        ('$.name', 4)
        >>> err = ValidationError("'bogus' is not a Level", path="$.level",
        ...                       code="not_a_choice", input="bogus")
        >>> err.code, err.input
        ('not_a_choice', 'bogus')

    Added in 0.1; `code` and `input` in 0.2.
    """

    def __init__(
        self,
        message: str,
        path: str = "$",
        *,
        source: str | None = None,
        line: int | None = None,
        problems: Iterable[ValidationError] = (),
        code: str = "invalid",
        input: object = None,
    ) -> None:
        self.message = message
        self.path = path
        self.source = source
        self.line = line
        self.code = code
        self.input = input
        found = tuple(problems)
        self.problems: tuple[ValidationError, ...] = found or (self,)
        super().__init__(str(self))

    @classmethod
    def collect(cls, problems: Iterable[ValidationError]) -> ValidationError:
        """One error that carries every problem found, or the problem itself if alone.

        Examples:
            >>> a = ValidationError("first", path="$.a")
            >>> b = ValidationError("second", path="$.b")
            >>> print(ValidationError.collect([a, b]))
            2 problems:
              $.a: first
              $.b: second
            >>> ValidationError.collect([a]) is a
            True
        """
        found = tuple(problems)
        if not found:
            msg = "collect() needs at least one problem"
            raise ValueError(msg)
        if len(found) == 1:
            return found[0]
        first = found[0]
        return cls(
            f"{len(found)} problems",
            path=first.path,
            source=first.source,
            line=first.line,
            problems=found,
            code=first.code,
            input=first.input,
        )

    def under(self, path: str) -> ValidationError:
        """This error (and each problem) as seen from `path`: its ``$`` becomes `path`.

        A check that names a value ``$`` (a converter, or a record checked on its
        own) is placed in the whole this way.

        Examples:
            >>> err = ValidationError("expected a string", "$.by", code="wrong_type")
            >>> moved = err.under("$.contributions[2]")
            >>> moved.path, moved.code
            ('$.contributions[2].by', 'wrong_type')
            >>> ValidationError("x").under("$.level").path
            '$.level'
        """
        if len(self.problems) > 1:
            return ValidationError.collect(p.under(path) for p in self.problems)
        return ValidationError(
            self.message,
            path + self.path[1:] if self.path.startswith("$") else path,
            source=self.source,
            line=self.line,
            code=self.code,
            input=self.input,
        )

    def located(self, source: str | None, lines: Mapping[str, int]) -> ValidationError:
        """A copy of this error (and of each problem) with file and line filled in.

        `lines` maps a path to its 1-based line; a path without a line of its own takes
        the line of its nearest parent that has one.
        """
        if len(self.problems) > 1:
            return ValidationError.collect(
                p.located(source, lines) for p in self.problems
            )
        return ValidationError(
            self.message,
            self.path,
            source=source,
            line=_line_of(self.path, lines) if self.line is None else self.line,
            code=self.code,
            input=self.input,
        )

    def __str__(self) -> str:
        if len(self.problems) > 1:
            listed = "\n".join(f"  {p}" for p in self.problems)
            return f"{self.message}:\n{listed}"
        where = ""
        if self.source is not None:
            where = f"{self.source}:{self.line}: " if self.line else f"{self.source}: "
        return f"{where}{self.path}: {self.message}"

    def __reduce__(self) -> tuple[object, ...]:
        return (
            _rebuild_validation_error,
            (
                self.message,
                self.path,
                self.source,
                self.line,
                self._others(),
                self.code,
                self.input,
            ),
        )

    def _others(self) -> tuple[ValidationError, ...]:
        return () if self.problems == (self,) else self.problems


def _rebuild_validation_error(  # noqa: PLR0917  # pickle passes them in order
    message: str,
    path: str,
    source: str | None,
    line: int | None,
    problems: tuple[ValidationError, ...],
    code: str = "invalid",
    input: object = None,
) -> ValidationError:
    return ValidationError(
        message,
        path,
        source=source,
        line=line,
        problems=problems,
        code=code,
        input=input,
    )


def _line_of(path: str, lines: Mapping[str, int]) -> int | None:
    """The line of `path`, or of its nearest ancestor that has one."""
    for candidate in lookup_paths(path):
        if candidate in lines:
            return lines[candidate]
    return None


def lookup_paths(path: str) -> Iterator[str]:
    """The paths `located` looks up for `path`, in order: itself, its ancestors, `$`.

    Examples:
        >>> list(lookup_paths("$.decisions[3].by"))
        ['$.decisions[3].by', '$.decisions[3]', '$.decisions', '$']
    """
    while path:
        yield path
        cut = max(path.rfind("."), path.rfind("["))
        if cut <= 0:
            break
        path = path[:cut]
    if path != "$":
        yield "$"


class InvalidDefinitionError(CoproductionError, TypeError):
    """A definition inside the library breaks its own rules: a bug, found at import.

    The PDSA cycle's transition table is checked when its module is imported, so a
    broken table fails at once rather than when a cycle takes the broken move.

    Examples:
        >>> err = InvalidDefinitionError("Phases that are not final need a way on; these have none: 'done'.")
        >>> isinstance(err, TypeError)
        True

    Added in 0.1.
    """


class NotFoundError(CoproductionError, KeyError):
    """A lookup by id found nothing.

    Args:
        message: What was not found, and what there is instead.
        kind: What was looked for ("stakeholder", "scenario"), if known.
        id: The id that was looked for, if known.

    Examples:
        >>> err = NotFoundError("no stakeholder with id 'bob'; known ids: 'alice', 'mo'",
        ...                     kind="stakeholder", id="bob")
        >>> print(err)
        no stakeholder with id 'bob'; known ids: 'alice', 'mo'
        >>> err.kind, err.id, isinstance(err, KeyError)
        ('stakeholder', 'bob', True)

    Added in 0.1; `kind` and `id` in 0.2.
    """

    def __init__(
        self, message: str = "", *, kind: str | None = None, id: str | None = None
    ) -> None:
        self.kind = kind
        self.id = id
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_not_found, (str(self), self.kind, self.id))


def _rebuild_not_found(message: str, kind: str | None, id: str | None) -> NotFoundError:
    return NotFoundError(message, kind=kind, id=id)


class PhaseError(CoproductionError, RuntimeError):
    """A PDSA cycle was asked to do something its phase does not allow yet, or any more.

    The refused call changed nothing. The message names the cycle, its phase and what
    must come first, as python-statemachine's `TransitionNotAllowed` names the event
    and the state.

    Args:
        cycle: The id of the cycle.
        phase: The phase it is in (a `Phase`, or its value).
        call: The method that was refused: "plan", "do", "study", "act" or
            "next_cycle".
        needed: The call that must come first, if there is one.
        reason: Why the call is refused, when no call can come first.

    Examples:
        >>> err = PhaseError("c1", "planned", "study", "do")
        >>> print(err)
        Cannot study cycle 'c1' while it is planned: do() must come first.
        >>> err.needed, isinstance(err, RuntimeError)
        ('do', True)
        >>> print(PhaseError("c1", "acted", "plan", reason="the cycle is finished"))
        Cannot plan cycle 'c1' while it is acted on: the cycle is finished.

    Added in 0.1.
    """

    _WORDS: ClassVar[Mapping[str, str]] = {
        "do": "carry out",
        "act": "act on",
        "next_cycle": "follow on from",
        "acted": "acted on",
    }

    def __init__(
        self,
        cycle: str,
        phase: object,
        call: str,
        needed: str | None = None,
        reason: str | None = None,
    ) -> None:
        self.cycle = cycle
        self.phase = phase
        self.call = call
        self.needed = needed
        self.reason = reason
        super().__init__(str(self))

    def __str__(self) -> str:
        verb = self._WORDS.get(self.call, self.call)
        state = self._WORDS.get(str(self.phase), str(self.phase))
        why = f"{self.needed}() must come first" if self.needed else self.reason
        return f"Cannot {verb} cycle {self.cycle!r} while it is {state}: {why}."

    def __reduce__(self) -> tuple[object, ...]:
        return (
            PhaseError,
            (self.cycle, self.phase, self.call, self.needed, self.reason),
        )


class ConcurrencyError(CoproductionError, RuntimeError):
    """A change was made against an `expected_version` that is no longer current.

    Optimistic concurrency: a caller reads the `version` of a cycle or an initiative,
    and passes it back as `expected_version=` with its change; if someone else changed
    it in between, the change is refused (and changes nothing) rather than applied to a
    state the caller never saw.

    Args:
        id: The id of the cycle or initiative.
        expected: The version the caller expected.
        actual: The version it is at.
        kind: What it is: "cycle" (the default) or "initiative".

    Examples:
        >>> err = ConcurrencyError("c1", expected=2, actual=3)
        >>> print(err)
        Cycle 'c1' is at version 3, not 2 as expected: it changed since it was read; read it again and retry.
        >>> err.expected, err.actual, err.id, err.kind
        (2, 3, 'c1', 'cycle')
        >>> print(ConcurrencyError("oak", 7, 8, kind="initiative"))
        Initiative 'oak' is at version 8, not 7 as expected: it changed since it was read; read it again and retry.

    Added in 0.1; `kind` and `id` in 0.2 (`cycle` is the same as `id`).
    """

    def __init__(
        self, id: str, expected: int, actual: int, kind: str = "cycle"
    ) -> None:
        self.id = id
        self.cycle = id
        self.expected = expected
        self.actual = actual
        self.kind = kind
        super().__init__(str(self))

    def __str__(self) -> str:
        return (
            f"{self.kind.capitalize()} {self.id!r} is at version {self.actual}, not "
            f"{self.expected} as expected: it changed since it was read; read it again "
            "and retry."
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (ConcurrencyError, (self.id, self.expected, self.actual, self.kind))


class ReadOnlyError(CoproductionError, AttributeError):
    """Something that cannot be changed was asked to change.

    Raised when an initiative's own fields are set (`ini.id = "x"`), and when a
    snapshot (`Initiative.snapshot()`), or a cycle in one, is asked to change: a
    snapshot is a still picture, for reading while others write. Change the
    initiative the snapshot was taken from instead.

    Examples:
        >>> err = ReadOnlyError("an initiative's id cannot be changed")
        >>> print(err), isinstance(err, AttributeError)
        an initiative's id cannot be changed
        (None, True)

    Added in 0.2.
    """
