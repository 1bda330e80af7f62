"""One collection of records inside an initiative: its name, its class, its words.

An `Initiative` holds one `Collection` per `Row` of its table. The row says what the
collection is (its field name in the document, its record class, the noun used in
messages, how records are stored); the collection holds the records, in the order they
were added, and knows how to add one, find one by id with a "did you mean", and say in
one wording that an id is taken.

Four ways of storing records cover every record type:

- `ById`: records with an `id`, each id once (stakeholders, decisions, cycles, ...);
- `Unique`: records without an id, each record once (memberships);
- `Listed`: records without an id, repeats allowed (responses);
- `Grouped`: records kept together by the value of one field, in the order added
  within each group (observations, by measure).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import Any, Generic, TypeVar, cast

from attrs import frozen

from coproduction._words import did_you_mean, duplicate_id
from coproduction.errors import NotFoundError, ValidationError

__all__ = ["ById", "Collection", "Grouped", "Listed", "Row", "Unique"]

R = TypeVar("R")


@frozen
class Row(Generic[R]):
    """One record type of an initiative: a row of its table of collections.

    Examples:
        >>> from coproduction.model import Role
        >>> roles = Row("roles", Role, "role", ById)
        >>> c = roles.new()
        >>> c.add(Role(id="chair"))
        >>> c.path(0), c.get("chair").id
        ('$.roles[0]', 'chair')
    """

    field: str
    """The collection's key in the document and the name of its property."""
    cls: type[R]
    """The record class."""
    noun: str
    """What one record is called in messages, e.g. ``"change idea"``."""
    store: type[Collection[Any]]
    """How the records are kept: `ById`, `Unique`, `Listed` or `Grouped`."""
    check: Callable[[Any, str, Any], Iterator[ValidationError]] | None = None
    """Checks one record's references: called with the record, its path and the
    initiative's `Records`, it yields each problem found."""
    group: str = ""
    """For `Grouped`, the field whose value keeps records together."""
    repeated: Callable[[Any], str] | None = None
    """For `Unique`, the message for a record given twice."""
    settle: Callable[[Any, Any], Any] | None = None
    """Completes a record from the rest before it is checked and kept: called with
    the record and the initiative's `Records`, it returns the record to keep (a
    weighted vote's result, counted with the votes the roles give)."""

    def new(self) -> Collection[R]:
        """An empty collection of this row's records."""
        return cast("Collection[R]", self.store(self))


class Collection(Generic[R]):
    """The records of one row, in the order they were added (a base for the stores).

    Examples:
        >>> from coproduction.model import Response
        >>> import datetime as dt
        >>> c = Row("responses", Response, "response", Listed).new()
        >>> c.add(Response(feedback="f1", date=dt.date(2026, 1, 1), action="Done"))
        >>> len(c), c.next_path()
        (1, '$.responses[1]')
    """

    def __init__(self, row: Row[R]) -> None:
        self.row = row

    @property
    def field(self) -> str:
        """The collection's key in the document."""
        return self.row.field

    @property
    def noun(self) -> str:
        """What one record is called in messages."""
        return self.row.noun

    def path(self, index: int) -> str:
        """The document path of the record at `index`, e.g. ``$.decisions[2]``."""
        return f"$.{self.row.field}[{index}]"

    def next_path(self) -> str:
        """The path the next record added would have."""
        return self.path(len(self))

    def __len__(self) -> int:
        raise NotImplementedError

    def __iter__(self) -> Iterator[R]:
        raise NotImplementedError

    def records(self) -> tuple[R, ...]:
        """Every record, in order."""
        return tuple(self)

    def add(self, record: R) -> None:
        """Keep `record`, unchecked: check it with `accept` and `repeats` first."""
        raise NotImplementedError

    def copy(self) -> Collection[R]:
        """A collection of the same records that later changes to this one leave alone."""
        raise NotImplementedError

    def discard(self, record: R) -> None:
        """Drop `record` (which must be here), keeping the others in order."""
        raise NotImplementedError

    def swap(self, old: R, new: R) -> None:
        """Put `new` where `old` is (both with the same key), keeping the order."""
        raise NotImplementedError

    def repeats(self, record: R, path: str) -> Iterator[ValidationError]:  # noqa: ARG002  # stores that allow repeats have nothing to say
        """The problem with adding `record` at `path` if it is here already, if any."""
        return iter(())

    def accept(self, record: object, path: str = "$") -> R:
        """`record` itself if it is one of this row's records; `ValidationError` if not."""
        cls = self.row.cls
        if not isinstance(record, cls):
            article = "an" if cls.__name__[0] in "AEIOU" else "a"
            msg = f"expected {article} {cls.__name__}, got {type(record).__name__} {record!r}"
            raise ValidationError(msg, path, code="wrong_type", input=record)
        return record

    def fill(
        self,
        records: Iterable[object],
        problems: list[ValidationError],
        of: object = None,
    ) -> list[tuple[R, str]]:
        """Add many records at once; each one kept comes back with its path.

        A record of the wrong type, or given twice, is left out and its problem added
        to `problems`, so that every problem in every collection can be listed. `of`
        is the initiative's `Records`, for the row's `settle`.
        """
        kept: list[tuple[R, str]] = []
        for index, record in enumerate(records):
            path = self.path(index)
            try:
                accepted = self.accept(record, path)
            except ValidationError as err:
                problems.append(err)
                continue
            found = list(self.repeats(accepted, path))
            if found:
                problems += found
                continue
            if self.row.settle is not None:
                accepted = self.row.settle(accepted, of)
            self.add(accepted)
            kept.append((accepted, path))
        return kept

    def offer(self, record: object) -> R:
        """Refuse a record of the wrong type or given twice; it is not added here."""
        kept = self.accept(record)
        found = list(self.repeats(kept, self.next_path()))
        if found:
            raise ValidationError.collect(found)
        return kept


class _Keyed(Collection[R]):
    """Records kept by a key, each key once."""

    def __init__(self, row: Row[R]) -> None:
        super().__init__(row)
        self._index: dict[Hashable, R] = {}

    def key(self, record: R) -> Hashable:
        """The key `record` is kept under."""
        raise NotImplementedError

    def __len__(self) -> int:
        return len(self._index)

    def __iter__(self) -> Iterator[R]:
        # A tuple of the values is taken in one step, so a loop over the records never
        # fails because another thread added one meanwhile.
        return iter(tuple(self._index.values()))

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def add(self, record: R) -> None:
        """Keep `record` under its key."""
        self._index[self.key(record)] = record

    def copy(self) -> _Keyed[R]:
        """A collection of the same records that later changes to this one leave alone."""
        twin = type(self)(self.row)
        twin._index = dict(self._index)  # noqa: SLF001 - a copy of its own kind
        return twin

    def discard(self, record: R) -> None:
        """Drop `record`, keeping the others in order."""
        del self._index[self.key(record)]

    def swap(self, old: R, new: R) -> None:
        """Put `new` in `old`'s place, under the same key."""
        self._index[self.key(old)] = new

    def first(self, key: Hashable) -> str:
        """The path of the record kept under `key` (which must be here)."""
        return self.path(list(self._index).index(key))


class ById(_Keyed[R]):
    """Records with an `id`, each id once; found by id with a "did you mean".

    Examples:
        >>> from coproduction.model import Role
        >>> roles = Row("roles", Role, "role", ById).new()
        >>> roles.add(Role(id="chair"))
        >>> list(roles.repeats(Role(id="chair"), "$.roles[1]"))
        [ValidationError("$.roles[1].id: duplicate id 'chair'; $.roles[0] has it already")]
        >>> roles.get("chiar")
        Traceback (most recent call last):
        ...
        coproduction.errors.NotFoundError: no role with id 'chiar' (did you mean 'chair'?)
    """

    def key(self, record: R) -> str:
        """The record's id."""
        id: str = getattr(record, "id")  # noqa: B009  # every ById row's class has an id
        return id

    def repeats(self, record: R, path: str) -> Iterator[ValidationError]:
        """A duplicate id, in the one wording used everywhere."""
        return self.taken(self.key(record), path)

    def taken(self, id: str, path: str) -> Iterator[ValidationError]:
        """The problem with giving a new record at `path` this id, if it is taken."""
        if id in self._index:
            yield ValidationError(
                duplicate_id(id, self.first(id)),
                f"{path}.id",
                code="duplicate_id",
                input=id,
            )

    def get(self, id: str) -> R:
        """The record with this id; `NotFoundError` with a "did you mean" if none."""
        try:
            return self._index[id]
        except KeyError:
            msg = f"no {self.noun} with id {id!r}{self.hint(id)}"
            raise NotFoundError(msg, kind=self.noun, id=id) from None

    def find(self, id: str | None) -> R | None:
        """The record with this id, or None."""
        return self._index.get(id)

    def hint(self, id: str) -> str:
        """A "did you mean" for an id not here, or nothing."""
        return did_you_mean(cast("dict[str, R]", self._index), id)

    def unknown(
        self, ids: Iterable[str | None], path: str
    ) -> Iterator[ValidationError]:
        """A problem at `path` for each id (None aside) not here, in sorted order."""
        for id in sorted(i for i in ids if i is not None and i not in self._index):
            yield ValidationError(
                f"unknown {self.noun} {id!r}{self.hint(id)}",
                path,
                code="unknown_reference",
                input=id,
            )


class Unique(_Keyed[R]):
    """Records without an id, each record once (a repeat is refused with `row.repeated`)."""

    def key(self, record: R) -> Hashable:
        """The record itself."""
        return cast("Hashable", record)

    def repeats(self, record: R, path: str) -> Iterator[ValidationError]:
        """The row's message for a record given twice."""
        if record in self._index and self.row.repeated is not None:
            yield ValidationError(
                self.row.repeated(record), path, code="duplicate_id", input=record
            )


class Listed(Collection[R]):
    """Records without an id, repeats allowed, in the order added."""

    def __init__(self, row: Row[R]) -> None:
        super().__init__(row)
        self._items: list[R] = []

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[R]:
        return iter(self._items)

    def add(self, record: R) -> None:
        """Keep `record` at the end."""
        self._items.append(record)

    def copy(self) -> Listed[R]:
        """A collection of the same records that later changes to this one leave alone."""
        twin = Listed(self.row)
        twin._items = list(self._items)
        return twin

    def discard(self, record: R) -> None:
        """Drop the first record equal to `record`."""
        self._items.remove(record)

    def swap(self, old: R, new: R) -> None:
        """Put `new` where the first record equal to `old` is."""
        self._items[self._items.index(old)] = new


class Grouped(Collection[R]):
    """Records kept together by the value of `row.group`, each group in the order added.

    Examples:
        >>> import datetime as dt
        >>> from coproduction.improvement import Observation
        >>> c = Row("observations", Observation, "observation", Grouped, group="measure").new()
        >>> for m, v in [("a", 1), ("b", 2), ("a", 3)]:
        ...     c.add(Observation(measure=m, at=dt.date(2026, 1, v), value=v))
        >>> [o.value for o in c], [o.value for o in c.of("a")]
        ([1.0, 3.0, 2.0], [1.0, 3.0])
    """

    def __init__(self, row: Row[R]) -> None:
        super().__init__(row)
        self._groups: defaultdict[object, list[R]] = defaultdict(list)
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[R]:
        # The groups are listed in one step (a group's list may grow while it is read,
        # which a loop over a list allows), so another thread's new group cannot break it.
        return (record for group in list(self._groups.values()) for record in group)

    def add(self, record: R) -> None:
        """Keep `record` at the end of its group."""
        self._groups[getattr(record, self.row.group)].append(record)
        self._count += 1

    def of(self, group: object) -> tuple[R, ...]:
        """The records of one group, in the order added."""
        return tuple(self._groups.get(group, ()))

    def copy(self) -> Grouped[R]:
        """A collection of the same records that later changes to this one leave alone."""
        twin = Grouped(self.row)
        for key, group in self._groups.items():
            twin._groups[key] = list(group)
        twin._count = self._count
        return twin

    def discard(self, record: R) -> None:
        """Drop the first record of its group equal to `record`."""
        key = getattr(record, self.row.group)
        group = self._groups[key]
        group.remove(record)
        if not group:
            del self._groups[key]
        self._count -= 1

    def swap(self, old: R, new: R) -> None:
        """Put `new` where `old` is (in the same group)."""
        group = self._groups[getattr(old, self.row.group)]
        group[group.index(old)] = new
