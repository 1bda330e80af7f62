"""The field checks shared by `model/` and `improvement/`."""

import pytest

from coproduction._fields import to_id_set
from coproduction.errors import ValidationError


class TestToIdSet:
    def test_id_set_refuses_lone_string(self):
        """A lone string is not taken for a set of its letters."""
        with pytest.raises(ValidationError) as info:
            to_id_set("alice")
        assert str(info.value) == (
            "$: expected a set of ids, got the single string 'alice'; write ['alice']"
        )

    def test_id_set_refuses_non_collection(self):
        """A number is not a set of ids."""
        with pytest.raises(ValidationError) as info:
            to_id_set(3)
        assert str(info.value) == "$: expected a set of ids, got int 3"

    def test_id_set_none_is_empty(self):
        """None stands for no ids."""
        assert to_id_set(None) == frozenset()
