import pickle

import pytest

from coproduction.errors import CoproductionError, NotFoundError, ValidationError


class TestValidationError:
    def test_message_names_path(self):
        """The message starts with the path of the offending value."""
        err = ValidationError("unknown stakeholder 'bob'", path="$.decisions[3].by")
        assert str(err) == "$.decisions[3].by: unknown stakeholder 'bob'"

    def test_file_and_line(self):
        """With a source and a line the message reads like a compiler's."""
        err = ValidationError("bad", path="$.a", source="f.yaml", line=3)
        assert str(err) == "f.yaml:3: $.a: bad"
        assert str(ValidationError("bad", source="f.yaml")) == "f.yaml: $: bad"

    def test_is_value_error(self):
        """Code that catches ValueError catches it too."""
        assert issubclass(ValidationError, ValueError)
        assert issubclass(ValidationError, CoproductionError)

    def test_single_problem_is_itself(self):
        """A single problem lists itself as its only problem."""
        err = ValidationError("x")
        assert err.problems == (err,)

    def test_collect_lists_every_problem(self):
        """collect() joins several problems into one error that lists them all."""
        a, b = ValidationError("one", "$.a"), ValidationError("two", "$.b")
        err = ValidationError.collect([a, b])
        assert err.problems == (a, b)
        assert str(err) == "2 problems:\n  $.a: one\n  $.b: two"

    def test_collect_needs_a_problem(self):
        """collect() of nothing is a programming error."""
        with pytest.raises(
            ValueError, match=r"^collect\(\) needs at least one problem$"
        ):
            ValidationError.collect([])

    def test_located_uses_nearest_line(self):
        """A path without a line of its own takes its nearest ancestor's."""
        err = ValidationError("bad", "$.stakeholders[1].name").located(
            "f.yaml", {"$": 1, "$.stakeholders[1]": 7}
        )
        assert (err.source, err.line) == ("f.yaml", 7)

    def test_pickles(self):
        """Errors survive pickling (e.g. across processes), problems and all."""
        err = ValidationError.collect(
            [ValidationError("a", "$.a", line=2), ValidationError("b")]
        )
        back = pickle.loads(pickle.dumps(err))
        assert str(back) == str(err)
        assert [p.line for p in back.problems] == [2, None]


class TestNotFoundError:
    def test_plain_message(self):
        """Unlike KeyError, the message is not wrapped in quotes."""
        err = NotFoundError("no stakeholder with id 'x'")
        assert str(err) == "no stakeholder with id 'x'"
        assert isinstance(err, KeyError)
