"""Fuzzing the doors data comes in by: `loads`, `from_dict` and `Cycle.replay`.

Whatever they are given (arbitrary text, arbitrary nested plain data, a real document
or event list shuffled, cut short or mutated), they either succeed or raise an error
from the library's own hierarchy (`CoproductionError`): never a `RecursionError`,
`ValueError`, `KeyError`, `AttributeError` or a yaml or cattrs exception.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import coproduction as cp
from coproduction.errors import CoproductionError

FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

SCENARIO = cp.scenarios.read_bundled("oak_house_meals")
DOCUMENT = cp.to_dict(cp.scenarios.load_bundled("oak_house_meals"))
EVENTS = [
    e.to_dict() for e in cp.scenarios.load_bundled("oak_house_meals").cycles[0].events
]

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=10**99, max_value=10**120)
    | st.floats()
    | st.text(max_size=20)
    | st.dates()
    | st.datetimes(timezones=st.none() | st.just(dt.UTC))
)
plain = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=10) | st.integers(), inner, max_size=4)
    ),
    max_leaves=30,
)


def refused_or_read(call: Any, *args: Any) -> None:
    """Call, and let through only success or the library's own errors."""
    with contextlib.suppress(CoproductionError):
        call(*args)


# -- loads -----------------------------------------------------------------------------


@FUZZ
@given(st.text(max_size=300) | st.binary(max_size=300))
def test_loads_of_arbitrary_text(text):
    refused_or_read(cp.loads, text)


@FUZZ
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=len(SCENARIO)),
            st.integers(min_value=0, max_value=20),
            st.text(
                alphabet=st.sampled_from(
                    list(":-[]{}#&*!|>'\"%@`, \n\t0123456789abc.")
                ),
                max_size=5,
            )
            | st.text(max_size=3),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_loads_of_a_mutated_scenario(edits):
    """Cut out a stretch of a bundled scenario's text and put something else there."""
    text = SCENARIO
    for where, cut, put in edits:
        at = min(where, len(text))
        text = text[:at] + put + text[at + cut :]
    refused_or_read(cp.loads, text)


# -- from_dict -------------------------------------------------------------------------


@FUZZ
@given(
    st.sampled_from([cp.Initiative, cp.Decision, cp.Stakeholder, cp.Meeting, cp.Role]),
    plain,
)
def test_from_dict_of_arbitrary_plain_data(cls, data):
    refused_or_read(cp.from_dict, cls, data)


def paths(data: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into `data`, as the keys and indexes that lead there."""
    found = [here]
    if isinstance(data, dict):
        for key, value in data.items():
            found += paths(value, (*here, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += paths(value, (*here, index))
    return found


DOCUMENT_PATHS = paths(DOCUMENT)[1:]


@FUZZ
@given(
    st.lists(st.tuples(st.sampled_from(DOCUMENT_PATHS), plain), min_size=1, max_size=3)
)
def test_from_dict_of_a_mutated_document(changes):
    """Put arbitrary plain data in place of any part of a real document."""
    data = copy.deepcopy(DOCUMENT)
    for path, value in changes:
        place = data
        try:
            for step in path[:-1]:
                place = place[step]
            place[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change took this path away
    refused_or_read(cp.from_dict, cp.Initiative, data)


# -- Cycle.replay ----------------------------------------------------------------------


EVENT_PATHS = paths(EVENTS)[1:]


@FUZZ
@given(st.permutations(EVENTS), st.integers(min_value=0, max_value=len(EVENTS)))
def test_replay_of_shuffled_and_truncated_events(events, keep):
    refused_or_read(cp.Cycle.replay, copy.deepcopy(events[:keep]))


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(EVENT_PATHS), plain), min_size=1, max_size=3))
def test_replay_of_mutated_events(changes):
    """Put arbitrary plain data in place of any part of a real cycle's events."""
    events = copy.deepcopy(EVENTS)
    for path, value in changes:
        place: Any = events
        try:
            for step in path[:-1]:
                place = place[step]
            place[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    refused_or_read(cp.Cycle.replay, events)
