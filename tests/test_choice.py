"""The enumerations' base classes: values, order and hashing."""

from __future__ import annotations

import pickle

import pytest

import coproduction as cp
from coproduction._choice import Choice, OrderedChoice


def every_choice(cls=Choice):
    for sub in cls.__subclasses__():
        if len(sub):
            yield sub
        yield from every_choice(sub)


CHOICES = sorted(set(every_choice()), key=lambda c: c.__name__)


def test_every_public_enumeration_is_a_choice():
    names = {c.__name__ for c in CHOICES}
    assert {
        "Action",
        "Level",
        "Rule",
        "Perspective",
        "Severity",
        "FindingKind",
    } <= names


@pytest.mark.parametrize("cls", CHOICES, ids=lambda c: c.__name__)
def test_rank_is_the_declaration_order(cls):
    assert [member.rank for member in cls] == list(range(len(cls)))


@pytest.mark.parametrize("cls", CHOICES, ids=lambda c: c.__name__)
def test_members_hash_as_they_compare(cls):
    for member in cls:
        assert cls(member.value) is member
        assert hash(cls(member.value)) == hash(member)
        assert {member: 1}[cls(member.value)] == 1
        assert pickle.loads(pickle.dumps(member)) is member


def test_ordered_choices_compare_by_rank_only_within_their_class():
    assert cp.Level.CONSULTING < cp.Level.CO_PRODUCING
    assert cp.Severity.CONCERN >= cp.Severity.WARNING
    assert max(cp.Level) is cp.Level.CO_PRODUCING
    with pytest.raises(TypeError):
        _ = cp.Level.CONSULTING < cp.Severity.CONCERN
    assert all(issubclass(c, OrderedChoice) for c in (cp.Level, cp.Severity))
