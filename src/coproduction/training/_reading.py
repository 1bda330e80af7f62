"""Reading a learner's answer forgivingly: ids or names, any order, case and spaces.

A `Vocabulary` knows every thing a part of an answer could name (every person in the
scenario, every rung of the ladder, yes and no) under each of its spellings. `read`
turns what a learner typed into the keys it names, and the pieces it could not place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from enum import Enum
from typing import Final

from attrs import field, frozen

__all__ = ["NOTHING", "Reading", "Vocabulary", "normalise", "read"]

NOTHING: Final = frozenset({"none", "nothing", "no one", "nobody", "nil", "not any"})
"""Words that answer "there are none", when the reference answer is empty."""

_DASHES: Final = re.compile(r"[-_\u2010-\u2015]+")
_SPACES: Final = re.compile(r"\s+")
_EDGES: Final = " \t\n.!?:\"'\u2018\u2019\u201c\u201d()[]"
MAX_STRETCH: Final = 8
"""The most pieces of an answer read together as one name (a title with commas in it)."""
_SEPARATORS: Final = re.compile(r"(\s*[,;/\n&]\s*|\s+and\s+|\s+at\s+)", re.IGNORECASE)


def normalise(text: str) -> str:
    """Text as it is compared: case folded, dashes as spaces, one space, no edges.

    Examples:
        >>> normalise("  Co-Producing. ")
        'co producing'
        >>> normalise("The  Television")
        'television'
    """
    folded = _DASHES.sub(" ", text.casefold().replace("\u2019", "'"))
    words = _SPACES.sub(" ", folded).strip(_EDGES)
    words = words.removeprefix("the ").removeprefix("a ")
    return words.strip(_EDGES)


@frozen
class Vocabulary:
    """What one part of an answer may name: each key with its label and spellings."""

    labels: Mapping[str, str]
    """Each key and how a person reads it: ``{"edna": "Edna Whitfield (edna)"}``."""
    spellings: Mapping[str, str]
    """Each normalised spelling and the key it names."""
    single: bool = False
    """Whether the part takes one value (a rung, yes or no) rather than a set."""
    words: Mapping[str, frozenset[str]] = field(factory=dict, repr=False, eq=False)
    """Each word of a spelling of two words or more, and the spellings that have it."""
    fixed: bool = False
    """Whether the part answers from a fixed list (a rung, yes or no, a run-chart rule)
    rather than naming things in the scenario."""
    span: int = field(default=MAX_STRETCH, repr=False, eq=False)
    """The most pieces (between commas, "and", "at") any spelling has: a longer stretch
    of an answer cannot be one name, so it is not tried."""

    def find(self, spelling: str) -> str | None:
        """The key `spelling` names: exactly, or as words of only one key's long names.

        Words from a title are enough ("garden room" for "Mealtimes group in the
        garden room"), when they are at least two and no other title has them.

        Examples:
            >>> v = Vocabulary.of({"m1": ["Group in the garden room"], "m2": ["Group in the lounge"]},
            ...                   {"m1": "m1", "m2": "m2"})
            >>> v.find("garden room"), v.find("group in"), v.find("m2")
            ('m1', None, 'm2')
        """
        found = self.spellings.get(spelling)
        if found is not None or spelling.count(" ") < 1:
            return found
        inside = f" {spelling} "
        # only the spellings that have the rarest of these words can hold them all
        having = min(
            (self.words.get(w, frozenset()) for w in spelling.split(" ")), key=len
        )
        keys = {self.spellings[long] for long in having if inside in f" {long} "}
        return keys.pop() if len(keys) == 1 else None

    @classmethod
    def of(
        cls,
        names: Mapping[str, Iterable[str]],
        labels: Mapping[str, str],
        *,
        single: bool = False,
        fixed: bool = False,
    ) -> Vocabulary:
        """A vocabulary from each key's spellings; a spelling two keys share is dropped.

        Examples:
            >>> v = Vocabulary.of({"ann": ["Ann", "Ann Lee"], "an": ["Ann"]},
            ...                   {"ann": "Ann Lee", "an": "Ann Other"})
            >>> sorted(v.spellings)
            ['an', 'ann', 'ann lee']
            >>> v.spellings["ann"]
            'ann'
        """
        owners: dict[str, set[str]] = {}
        for key, spellings in names.items():
            for spelling in {key, *spellings}:
                owners.setdefault(normalise(spelling), set()).add(key)
        chosen = {}
        for spelling, keys in owners.items():
            if not spelling:
                continue
            if len(keys) == 1:
                chosen[spelling] = next(iter(keys))
            elif spelling in keys:  # an exact id wins over another's spelling
                chosen[spelling] = spelling
        words: dict[str, set[str]] = {}
        for spelling in chosen:
            if " " in spelling:
                for word in spelling.split(" "):
                    words.setdefault(word, set()).add(spelling)
        span = max((_count_pieces(s) for s in chosen), default=1)
        return cls(
            labels=dict(labels),
            spellings=chosen,
            single=single,
            fixed=fixed or single,
            words={w: frozenset(found) for w, found in words.items()},
            span=min(span, MAX_STRETCH),
        )

    def label(self, key: str) -> str:
        """How a person reads `key`."""
        return self.labels.get(key, key)


@frozen
class Reading:
    """What a learner's answer to one part names, and what could not be placed."""

    keys: frozenset[str]
    unknown: tuple[str, ...]
    said_none: bool
    reasoning: tuple[str, ...] = ()
    """What followed a choice from a fixed list ("no, because no one assessed her"):
    the learner's reasons, which the verdict does not mark."""


def read(answer: object, vocabulary: Vocabulary) -> Reading:
    """The keys `answer` names in `vocabulary`, and the pieces it does not know.

    An answer may be a string (pieces split at commas, semicolons, slashes, new lines,
    "and", "&" or "at", unless a longer stretch is itself a known spelling), a
    list or set of such, a bool (yes or no), an enumeration member, a record with an
    ``id``, or None ("none").

    Examples:
        >>> v = Vocabulary.of({"d1": ["Tea and cake"], "d2": ["Music"]},
        ...                   {"d1": "Tea and cake (d1)", "d2": "Music (d2)"})
        >>> sorted(read("music, tea and cake", v).keys)
        ['d1', 'd2']
        >>> read(["D2", "bingo"], v)
        Reading(keys=frozenset({'d2'}), unknown=('bingo',), said_none=False, reasoning=())
    """
    keys: set[str] = set()
    unknown: list[str] = []
    said_none = False
    for piece in _pieces(answer):
        if piece is None:
            said_none = True
            continue
        found, missed, nothing = _read_text(piece, vocabulary)
        keys |= found
        unknown += missed
        said_none = said_none or nothing
    if vocabulary.fixed and keys:
        return Reading(frozenset(keys), (), said_none, reasoning=tuple(unknown))
    return Reading(frozenset(keys), tuple(unknown), said_none)


def _longest(
    words: list[str], separators: list[str], i: int, vocabulary: Vocabulary
) -> tuple[str | None, int]:
    """The key of the longest stretch of pieces from `i` that names one, and its end."""
    for j in range(min(len(words), i + vocabulary.span), i, -1):
        stretch = words[i]
        for k in range(i + 1, j):
            stretch += separators[k - 1] + words[k]
        found = vocabulary.find(normalise(stretch))
        if found is not None:
            return found, j
    return None, i


def _leading(piece: str, vocabulary: Vocabulary) -> tuple[str | None, str]:
    """A choice at the start of a piece ("no because ..."), and the rest of it.

    Only a fixed list's choices are looked for this way: a name at the start of a
    sentence is too easily a different person's.
    """
    words = piece.strip().split()
    if vocabulary.fixed:
        for n in range(len(words) - 1, 0, -1):
            found = vocabulary.spellings.get(normalise(" ".join(words[:n])))
            if found is not None:
                return found, " ".join(words[n:])
    return None, piece.strip()


def _count_pieces(spelling: str) -> int:
    return (len(_SEPARATORS.split(spelling)) + 1) // 2


def _pieces(answer: object) -> list[str | None]:
    """The answer as a flat list of texts (None for an explicit "none").

    Lists inside lists are flattened with a stack of our own, so no nesting, however
    deep, reaches Python's recursion limit.
    """
    found: list[str | None] = []
    stack = [answer]
    while stack:
        item = stack.pop()
        if isinstance(item, Iterable) and not isinstance(item, str | Mapping | Enum):
            items = list(item)
            if not items:  # an empty list says "none"
                found.append(None)
            stack.extend(reversed(items))
        else:
            found.append(_piece(item))
    return found


def _piece(item: object) -> str | None:
    """One piece of an answer as text."""
    if item is None:
        return None
    if isinstance(item, bool):
        return "yes" if item else "no"
    if isinstance(item, Enum):
        return str(item.value)
    if isinstance(item, str):
        return item
    id = getattr(item, "id", None)
    return id if isinstance(id, str) else str(item)


def _read_text(text: str, vocabulary: Vocabulary) -> tuple[set[str], list[str], bool]:
    """Match the longest known stretches of `text`, left to right."""
    whole = normalise(text)
    if not whole:
        return set(), [], False
    found = vocabulary.find(whole)
    if found is not None:
        return {found}, [], False
    if whole in NOTHING:
        return set(), [], True
    parts = _SEPARATORS.split(text)
    words, separators = parts[::2], parts[1::2]
    keys: set[str] = set()
    unknown: list[str] = []
    nothing = False
    i = 0
    while i < len(words):
        found, i_next = _longest(words, separators, i, vocabulary)
        if found is not None:
            keys.add(found)
            i = i_next
            continue
        spelling = normalise(words[i])
        if spelling in NOTHING:
            nothing = True
        elif spelling:
            lead, rest = _leading(words[i], vocabulary)
            if lead is not None:
                keys.add(lead)
            if rest:
                unknown.append(rest)
        i += 1
    return keys, unknown, nothing
