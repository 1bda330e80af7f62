"""Access needs: a shared vocabulary, so that a need and the accommodation that meets it match.

People write the same need in many ways: ``bsl_interpreter``, "BSL interpreter",
"British Sign Language interpreter". `normalise_need` reads all of them as the one id
in `ACCESS_NEEDS`, so an accommodation written in a meeting's own words still meets
the need recorded for the person. A spoken-language interpreter may name the language,
as ``interpreter:polish``. A need the vocabulary does not know is kept, written in
lower_snake case, and `need_label` shows it in reports as it was written.

Examples:
    >>> normalise_need("British Sign Language interpreter")
    'bsl_interpreter'
    >>> normalise_need("Polish interpreter"), need_label("interpreter:polish")
    ('interpreter:polish', 'a Polish interpreter')
    >>> normalise_need("Dog-friendly room")
    'dog_friendly_room'

Added in 0.2.
"""

from __future__ import annotations

import difflib
import functools
import re
from types import MappingProxyType
from typing import Final

__all__ = [
    "ACCESS_NEEDS",
    "INTERPRETER_PREFIX",
    "is_known_need",
    "need_label",
    "need_note",
    "normalise_need",
]

ACCESS_NEEDS: MappingProxyType[str, str] = MappingProxyType(
    {
        "bsl_interpreter": "a BSL interpreter",
        "interpreter": "a spoken-language interpreter",
        "hearing_loop": "a hearing loop",
        "captions": "live captions",
        "easy_read": "easy-read papers",
        "large_print": "large print",
        "braille": "papers in Braille",
        "step_free_access": "step-free access",
        "quiet_room": "a quiet room",
        "longer_time": "more time to take part",
        "support_worker": "their support worker",
        "rest_breaks": "rest breaks",
        "objects_of_reference": "objects of reference",
    }
)
"""The access needs the library knows: each id, and the words reports use for it.

A spoken-language interpreter for a named language is written ``interpreter:<language>``
(``interpreter:polish``) and labelled "a Polish interpreter".

Examples:
    >>> ACCESS_NEEDS["bsl_interpreter"]
    'a BSL interpreter'
    >>> "easy_read" in ACCESS_NEEDS
    True
"""

INTERPRETER_PREFIX: Final = "interpreter:"
"""How a spoken-language interpreter for a named language begins, e.g. ``interpreter:polish``.

Examples:
    >>> normalise_need("Interpreter: Polish").startswith(INTERPRETER_PREFIX)
    True
"""

_SYNONYMS: Final = MappingProxyType(
    {
        words: need
        for need, phrases in {
            "bsl_interpreter": (
                "bsl",
                "bsl interpreter",
                "british sign language",
                "british sign language interpreter",
                "sign language interpreter",
                "sign language",
            ),
            "interpreter": (
                "spoken language interpreter",
                "language interpreter",
            ),
            "hearing_loop": (
                "loop",
                "induction loop",
                "audio induction loop",
                "hearing induction loop",
                "loop system",
            ),
            "captions": (
                "live captions",
                "captioning",
                "live captioning",
                "subtitles",
                "closed captions",
            ),
            "easy_read": ("easyread", "easy read papers", "easy read documents"),
            "large_print": ("large type", "big print", "large print papers"),
            "step_free_access": (
                "step free",
                "wheelchair access",
                "wheelchair accessible",
                "level access",
            ),
            "quiet_room": ("quiet space", "low sensory room"),
            "longer_time": ("more time", "extra time"),
            "support_worker": ("personal assistant",),
            "rest_breaks": ("breaks", "regular breaks"),
        }.items()
        for words in phrases
    }
)


def _words(text: str) -> list[str]:
    return re.sub(r"[^0-9a-z]+", " ", text.lower()).split()


@functools.lru_cache(maxsize=4096)  # the same few words, written at every meeting
def normalise_need(text: str) -> str:
    """The id of an access need or accommodation, however it was written.

    Case, spaces and punctuation are set aside and known synonyms are read as the
    need they name; an interpreter for a named language becomes
    ``interpreter:<language>``. A need the vocabulary does not know is kept, in
    lower_snake case (text with no letters or digits at all is returned as it is).

    Examples:
        >>> [normalise_need(t) for t in ("BSL interpreter", "bsl-interpreter", "bsl_interpreter")]
        ['bsl_interpreter', 'bsl_interpreter', 'bsl_interpreter']
        >>> normalise_need("Easy Read"), normalise_need("induction loop")
        ('easy_read', 'hearing_loop')
        >>> normalise_need("wheelchair access")
        'step_free_access'
        >>> normalise_need("interpreter:polish"), normalise_need("Gujarati interpreter")
        ('interpreter:polish', 'interpreter:gujarati')
        >>> normalise_need("Rest breaks after an hour")
        'rest_breaks_after_an_hour'
    """
    head, colon, tail = text.partition(":")
    if colon and _words(head) == ["interpreter"] and _words(tail):
        return normalise_need(" ".join([*_words(tail), "interpreter"]))
    words = _words(text)
    if not words:
        return text
    phrase = " ".join(words)
    snake = "_".join(words)
    if snake in ACCESS_NEEDS:
        return snake
    if phrase in _SYNONYMS:
        return _SYNONYMS[phrase]
    if words[-1] == "interpreter" and len(words) > 1:
        language = words[:-1]
        if len(language) > 1 and language[-1] == "language":
            language = language[:-1]
        return INTERPRETER_PREFIX + "_".join(language)
    return snake


def is_known_need(need: str) -> bool:
    """Whether the vocabulary knows a need once normalised (any named-language interpreter counts).

    Examples:
        >>> is_known_need("Easy Read"), is_known_need("interpreter:welsh"), is_known_need("bsl interpeter")
        (True, True, False)
    """
    known = normalise_need(need)
    return known in ACCESS_NEEDS or known.startswith(INTERPRETER_PREFIX)


def need_label(need: str) -> str:
    """The words a report uses for a need: its label, or the need as written when unknown.

    Examples:
        >>> need_label("BSL interpreter"), need_label("interpreter:arabic")
        ('a BSL interpreter', 'an Arabic interpreter')
        >>> need_label("dog_friendly_room")
        'dog friendly room'
    """
    known = normalise_need(need)
    if known in ACCESS_NEEDS:
        return ACCESS_NEEDS[known]
    if known.startswith(INTERPRETER_PREFIX):
        language = known[len(INTERPRETER_PREFIX) :].replace("_", " ").title()
        article = "an" if language[:1] in "AEIOU" else "a"
        return f"{article} {language} interpreter"
    return known.replace("_", " ")


def need_note(need: str) -> str | None:
    """A plain-language note about a need the vocabulary does not know, or `None`.

    The need is kept either way; the note suggests the closest known need, if any.

    Examples:
        >>> need_note("bsl interpeter")
        "'bsl interpeter' is not a known access need; did you mean 'bsl_interpreter'?"
        >>> need_note("dog friendly room")
        "'dog friendly room' is not a known access need; it is kept as written and met only by an accommodation written the same way"
        >>> need_note("BSL interpreter") is None
        True
    """
    if is_known_need(need):
        return None
    close = difflib.get_close_matches(
        normalise_need(need), list(ACCESS_NEEDS), n=1, cutoff=0.75
    )
    if close:
        return f"{need!r} is not a known access need; did you mean {close[0]!r}?"
    return (
        f"{need!r} is not a known access need; it is kept as written and met only by "
        "an accommodation written the same way"
    )
