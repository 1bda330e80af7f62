import io
import math

import pytest
from hypothesis import given

import coproduction as cp
from coproduction.errors import ValidationError
from coproduction.io.yaml import parse
from coproduction.testing import initiatives

HEAD = "coproduction: 1\nid: oak\n"


def problems(text: str, **kwargs) -> str:
    with pytest.raises(ValidationError) as e:
        cp.load(text, source_name="s.yaml", **kwargs)
    return str(e.value)


class TestRoundTrip:
    @given(initiatives())
    def test_dump_then_load_is_identity(self, ini):
        """load(dump(x)) == x for every initiative."""
        assert cp.load(cp.dump(ini)) == ini

    def test_every_bundled_scenario(self):
        """Bundled scenarios survive a round trip too."""
        for name in cp.scenarios.list_bundled():
            ini = cp.scenarios.load_bundled(name)
            assert cp.load(cp.dump(ini)) == ini


class TestSources:
    def test_path_file_and_text(self, tmp_path):
        """load reads a path (str or Path), an open file (text or bytes) or the text itself."""
        text = HEAD + "title: Meals\n"
        path = tmp_path / "oak.yaml"
        path.write_text(text, encoding="utf-8")
        expected = cp.Initiative(id="oak", title="Meals")
        assert cp.load(path) == expected
        assert cp.load(str(path)) == expected
        assert cp.load(io.StringIO(text)) == expected
        assert cp.load(io.BytesIO(text.encode())) == expected
        assert cp.load(text) == expected

    def test_error_names_the_file(self, tmp_path):
        """Errors from a path name the file."""
        path = tmp_path / "oak.yaml"
        path.write_text(HEAD + "title: 3\n", encoding="utf-8")
        with pytest.raises(ValidationError) as e:
            cp.load(path)
        assert (
            str(e.value)
            == f"{path}:3: $.title: expected a string, got int 3 (put it in quotes if it is meant as text)"
        )

    def test_missing_file(self, tmp_path):
        """A missing file is an OSError, as for open()."""
        with pytest.raises(FileNotFoundError):
            cp.load(tmp_path / "nothing.yaml")

    def test_not_utf8(self):
        """Bytes that are not UTF-8 are refused."""
        with pytest.raises(ValidationError) as e:
            cp.load(io.BytesIO(b"id: \xff\n"), source_name="s.yaml")
        assert str(e.value) == "s.yaml: $: not UTF-8 text (byte 4 is 0xff)"


class TestSafety:
    def test_max_bytes(self, tmp_path):
        """Documents over max_bytes are refused before parsing."""
        text = HEAD + "title: " + "x" * 100 + "\n"
        assert problems(text, max_bytes=50) == (
            "s.yaml: $: the document is larger than max_bytes=50; pass a larger max_bytes if you trust it"
        )
        path = tmp_path / "big.yaml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ValidationError, match="larger than max_bytes=50"):
            cp.load(path, max_bytes=50)

    def test_alias_bomb(self):
        """Anchors and aliases are refused, so an alias bomb cannot expand."""
        bomb = 'a: &a ["lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n'
        assert (
            problems(bomb)
            == "s.yaml:1: $.a: anchors (&a) are not allowed in scenario files; write the value out"
        )

    def test_alias(self):
        """A bare alias is refused."""
        assert problems(HEAD + "title: *x\n") == (
            "s.yaml:3: $.title: aliases (*x) are not allowed in scenario files; write the value out"
        )

    def test_python_tag(self):
        """Tags that would construct objects are refused, never run."""
        text = HEAD + "title: !!python/object/apply:os.system ['echo hacked']\n"
        assert problems(text) == (
            "s.yaml:3: $.title: the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed in scenario files"
        )

    def test_custom_tag(self):
        """Local tags are refused too."""
        assert (
            problems(HEAD + "title: !secret x\n")
            == "s.yaml:3: $.title: the tag '!secret' is not allowed in scenario files"
        )

    def test_duplicate_key(self):
        """A key that appears twice is refused, not silently overwritten."""
        assert (
            problems(HEAD + "title: a\ntitle: b\n")
            == "s.yaml:4: $: the key 'title' appears twice"
        )

    def test_two_documents(self):
        """A scenario file holds one document."""
        assert problems(HEAD + "---\nid: other\n") == (
            "s.yaml:3: $: more than one YAML document; a scenario file holds exactly one"
        )

    def test_syntax_error(self):
        """YAML syntax errors give the line."""
        message = problems(HEAD + "title: [unclosed\n")
        # The C and the pure-Python parsers word this differently.
        assert message.startswith("s.yaml:4: $: not valid YAML: ")
        assert "expected ',' or ']'" in message

    def test_empty(self):
        """An empty document is not an initiative."""
        assert problems("\n") == (
            "s.yaml:1: $: expected a mapping with keys 'coproduction', 'id', 'title', 'description', "
            "'population', 'stakeholders', 'roles', 'memberships', 'meetings', 'decisions', "
            "'feedback', 'responses', 'care_plans', 'aims', 'drivers', 'change_ideas', 'measures', "
            "'observations', 'cycles'; got NoneType None"
        )


class TestYaml11Surprises:
    def test_parse_keeps_text(self):
        """Only true/false are booleans and 0123 is not octal."""
        data, _ = parse(
            "a: [no, yes, on, off, y, n, 0123, 0o17, 1_000, 1.5, .inf, ~, 12:30]\n"
        )
        assert data["a"][:7] == ["no", "yes", "on", "off", "y", "n", "0123"]
        assert data["a"][7:11] == ["0o17", 1000, 1.5, math.inf]
        assert data["a"][11] is None
        assert data["a"][12] == "12:30"

    def test_norway(self):
        """A person with the id 'no' and name 'No' stays text."""
        ini = cp.load(HEAD + "stakeholders:\n  - {id: no, name: No}\n")
        assert ini.stakeholders[0].id == "no"
        assert ini.stakeholders[0].name == "No"

    def test_bool_where_text_expected(self):
        """true where text is expected is refused with a hint to quote it."""
        assert problems(HEAD + "title: true\n") == (
            "s.yaml:3: $.title: expected a string, got bool True (put it in quotes if it is meant as text)"
        )

    def test_text_where_bool_expected(self):
        """yes where a boolean is expected is refused: booleans are true or false."""
        assert problems(HEAD + "roles:\n  - {id: chair, veto: yes}\n") == (
            "s.yaml:4: $.roles[0].veto: expected true or false, got str 'yes'"
        )

    def test_leading_zero_where_number_expected(self):
        """0123 where a number is expected is refused rather than read as octal 83."""
        assert problems(HEAD + "roles:\n  - {id: chair, votes: 0123}\n") == (
            "s.yaml:4: $.roles[0].votes: expected a whole number, got str '0123'"
        )

    def test_impossible_date(self):
        """A date that does not exist is refused."""
        assert problems(HEAD + "meetings:\n  - {id: m, date: 2026-02-30}\n") == (
            "s.yaml:4: $.meetings[0].date: '2026-02-30' looks like a date but is not a real one"
        )


class TestLines:
    def test_every_problem_has_its_line(self):
        """Each problem reports the line of the offending value."""
        text = HEAD + (
            "stakeholders:\n"
            "  - id: alice\n"
            "    name: Alice\n"
            "    kind: resident\n"
            "  - id: mo\n"
            "    name: Mo\n"
            "    colour: blue\n"
            "decisions:\n"
            "  - {id: d, title: t, level: consulting, affects: [zed]}\n"
        )
        with pytest.raises(ValidationError) as e:
            cp.load(text, source_name="s.yaml")
        lines = [(p.line, p.path) for p in e.value.problems]
        assert lines == [(6, "$.stakeholders[0].kind"), (9, "$.stakeholders[1].colour")]

    def test_reference_errors_have_lines(self):
        """Errors found by the initiative (dangling ids) also carry lines."""
        text = (
            HEAD
            + "stakeholders:\n  - {id: a, name: A}\ndecisions:\n  - id: d\n    title: t\n    level: consulting\n    affects: [zed]\n"
        )
        assert (
            problems(text)
            == "s.yaml:9: $.decisions[0].affects: unknown stakeholder 'zed'"
        )
