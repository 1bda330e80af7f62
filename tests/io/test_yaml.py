import datetime as dt
import io
import math
import sys

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

import coproduction as cp
from coproduction.errors import ValidationError
from coproduction.io.convert import YAML_CONVERTER
from coproduction.io.yaml import _Emitter, parse
from coproduction.testing import initiatives

HEAD = "coproduction: 1\nid: oak\n"


def problems(text: str, **kwargs) -> str:
    with pytest.raises(ValidationError) as e:
        cp.loads(text, source_name="s.yaml", **kwargs)
    return str(e.value)


class TestRoundTrip:
    @given(initiatives())
    def test_dump_then_load_is_identity(self, ini):
        """load(dump(x)) == x for every initiative."""
        assert cp.loads(cp.dumps(ini)) == ini

    def test_every_bundled_scenario(self):
        """Bundled scenarios survive a round trip too."""
        for name in cp.scenarios.list_bundled():
            ini = cp.scenarios.load_bundled(name)
            assert cp.loads(cp.dumps(ini)) == ini


class TestSources:
    def test_path_file_and_text(self, tmp_path):
        """load reads a path (str or Path) or an open file (text or bytes); loads reads the text."""
        text = HEAD + "title: Meals\n"
        path = tmp_path / "oak.yaml"
        path.write_text(text, encoding="utf-8")
        expected = cp.Initiative(id="oak", title="Meals")
        assert cp.load(path) == expected
        assert cp.load(str(path)) == expected
        assert cp.load(io.StringIO(text)) == expected
        assert cp.load(io.BytesIO(text.encode())) == expected
        assert cp.loads(text) == expected

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
        ini = cp.loads(HEAD + "stakeholders:\n  - {id: no, name: No}\n")
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
            cp.loads(text, source_name="s.yaml")
        lines = [(p.line, p.path) for p in e.value.problems]
        # Issue 13: the reference problem is reported beside the shape problems.
        assert lines == [
            (6, "$.stakeholders[0].kind"),
            (9, "$.stakeholders[1].colour"),
            (11, "$.decisions[0].affects"),
        ]

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


def typed(data):
    """Data with each value's type beside it, so that True and 1 (or 1 and 1.0) differ."""
    if isinstance(data, dict):
        return {k: typed(v) for k, v in data.items()}
    if isinstance(data, list):
        return [typed(v) for v in data]
    return (type(data).__name__, data)


class NoAliasDumper(yaml.SafeDumper):
    """PyYAML's safe dumper, writing repeated values out as dump does."""

    def ignore_aliases(self, _data):
        return True


def emit(data) -> str:
    return _Emitter().document(data)


scalars = (
    st.text()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.dates()
    | st.booleans()
    | st.none()
)
plain_data = st.recursive(
    scalars,
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=20,
)

TRICKY = [
    "no", "No", "yes", "on", "off", "y", "n", "true", "False", "null", "Null", "~", "",
    "0123", "0o17", "0x1F", "1_000", "1e3", "1.5", "-1", "+1", ".5", ".inf", "-.inf",
    ".nan", "12:30", "190:20:30", "2026-01-01", "2026-02-30", "2026-1-1", "2026-01-01 10:00",
    "<<", "=", " lead", "trail ", " ", "a: b", "a #b", "a:", "key:", "-", "- x", "-x",
    "?", "? x", ":x", ",x", "[x", "]x", "{x", "}x", "#x", "&x", "*x", "!x", "|x", ">x",
    "'x", '"x', "%x", "@x", "`x", "---", "--- x", "...", "a\tb", "\tx", "a\nb", "a\n",
    "\n", "a\r\nb", "a\x85b", "a\u2028b", "a\u2029b", "\ufeffx", "x\ufeff", "\x00",
    "\x07", "\x1b", "\x7f", "\x9f", "\xa0", "x\xa0", "\ufffe", "\U0010ffff", "é", "日本",
    "😀", "it's", 'say "hi"', "back\\slash", "a,b", "a]", "a#b", "a:b", "x" * 200,
]  # fmt: skip


class TestDumpQuoting:
    @given(plain_data)
    def test_both_loaders_read_back_what_was_written(self, data):
        """PyYAML's safe_load and our parse read the emitted text back to the same data."""
        text = emit(data)
        assert typed(yaml.safe_load(text)) == typed(data)
        assert typed(parse(text)[0]) == typed(data)

    @given(st.dictionaries(st.text(), st.text()))
    def test_any_text_as_keys_and_values(self, data):
        """Arbitrary text survives as a key and as a value."""
        text = emit({"data": data, "list": list(data)})
        assert (
            yaml.safe_load(text)
            == parse(text)[0]
            == {
                "data": data,
                "list": list(data),
            }
        )

    @pytest.mark.parametrize("value", TRICKY)
    def test_tricky_text(self, value):
        """Text YAML 1.1 or our loader would read as something else is quoted."""
        data = {value: [value, {value: value}]}
        text = emit(data)
        assert yaml.safe_load(text) == data
        assert parse(text)[0] == data

    @pytest.mark.parametrize(
        "value", [math.inf, -math.inf, 0.0, -0.0, 1e16, 5e-324, 1.5e300, -2.5]
    )
    def test_floats(self, value):
        """Floats, infinite ones too, come back exactly, and as floats."""
        text = emit({"x": value})
        for read in (yaml.safe_load(text)["x"], parse(text)[0]["x"]):
            assert type(read) is float
            assert read == value
            assert math.copysign(1, read) == math.copysign(1, value)

    def test_plain_when_safe(self):
        """Ordinary text, numbers, dates and booleans are written unquoted."""
        data = {
            "name": "Person 1",
            "note": "It's fine, really: ok",
            "n": 3,
            "x": 1.5,
            "on": dt.date(2026, 1, 10),
            "b": False,
            "none": None,
        }
        assert emit(data) == (
            "name: Person 1\nnote: 'It''s fine, really: ok'\nn: 3\nx: 1.5\n"
            "'on': 2026-01-10\nb: false\nnone: null\n"
        )

    def test_layout(self):
        """Nested collections keep PyYAML's block layout."""
        data = {
            "a": [[1, 2], [], {}, {"x": [1, {"y": []}]}],
            "b": {},
            "c": {"d": {"e": 1}},
            "k" * 130: [1, 2],
        }
        assert emit(data) == (
            "a:\n- - 1\n  - 2\n- []\n- {}\n- x:\n  - 1\n  - y: []\nb: {}\nc:\n  d:\n"
            f"    e: 1\n? {'k' * 130}\n: - 1\n  - 2\n"
        )
        assert parse(emit(data))[0] == yaml.safe_load(emit(data)) == data

    def test_same_text_as_pyyaml_for_bundled_scenarios(self):
        """dump writes what PyYAML's block style writes, long lines left unfolded."""
        for name in cp.scenarios.list_bundled():
            ini = cp.scenarios.load_bundled(name)
            data = YAML_CONVERTER.unstructure(ini)
            expected = yaml.dump(
                data,
                Dumper=NoAliasDumper,
                sort_keys=False,
                allow_unicode=True,
                width=sys.maxsize,
            )
            assert cp.dumps(ini) == expected

    def test_refuses_what_it_cannot_write(self):
        """Values outside plain data are refused rather than written wrongly."""
        with pytest.raises(TypeError, match="plain data only"):
            emit({"a": {1, 2}})
        with pytest.raises(TypeError, match="text keys only"):
            emit({1: "a"})


def big(decisions: int, *, actions=None, by="a") -> str:
    """A scenario with `decisions` decisions of five contributions each.

    `actions` maps (decision, contribution) to an action other than "spoke"; `by` is
    who made the very last contribution.
    """
    actions = actions or {}
    parts = [HEAD, "stakeholders:\n- id: a\n  name: A\n", "decisions:\n"]
    for i in range(decisions):
        parts.append(f"- id: d{i}\n  title: t\n  level: consulting\n  contributions:\n")
        parts.extend(
            f"  - by: {by if (i, j) == (decisions - 1, 4) else 'a'}\n"
            f"    action: {actions.get((i, j), 'spoke')}\n"
            for j in range(5)
        )
    return "".join(parts)


def line_of(text: str, line: str) -> int:
    return text.splitlines().index(line) + 1


class TestLargeDocuments:
    def test_error_deep_in_a_large_document(self):
        """A problem found by the model deep in a large file carries its own line."""
        text = big(2000, actions={(1234, 3): "shouted"})
        message = problems(text)
        assert message.startswith(
            f"s.yaml:{line_of(text, '    action: shouted')}: "
            "$.decisions[1234].contributions[3].action: 'shouted' is not an Action"
        )

    def test_reference_error_at_the_end(self):
        """A dangling id in the last record of a large file carries its line too."""
        text = big(2000, by="zed")
        assert problems(text) == (
            f"s.yaml:{line_of(text, '  - by: zed')}: "
            "$.decisions[1999].contributions[4].by: unknown stakeholder 'zed'"
        )

    def test_several_problems_each_with_its_line(self):
        """Every problem in a large file gets its own line, found in one reading."""
        bad = {(10, 0): "shouted", (1500, 2): "yelled"}
        text = big(2000, actions=bad)
        with pytest.raises(ValidationError) as e:
            cp.loads(text, source_name="s.yaml")
        assert [(p.line, p.path) for p in e.value.problems] == [
            (
                line_of(text, "    action: shouted"),
                "$.decisions[10].contributions[0].action",
            ),
            (
                line_of(text, "    action: yelled"),
                "$.decisions[1500].contributions[2].action",
            ),
        ]

    def test_refusal_while_reading_deep_in_a_large_document(self):
        """Anchors, tags and bad dates found while reading carry path and line."""
        for value, message in [
            (
                "&x spoke",
                "anchors (&x) are not allowed in scenario files; write the value out",
            ),
            ("!shout spoke", "the tag '!shout' is not allowed in scenario files"),
            ("2026-02-30", "'2026-02-30' looks like a date but is not a real one"),
        ]:
            text = big(1000, actions={(765, 1): value})
            assert problems(text) == (
                f"s.yaml:{line_of(text, f'    action: {value}')}: "
                f"$.decisions[765].contributions[1].action: {message}"
            )

    def test_lines_of_parse(self):
        """parse's lines give every path's line, keys' own paths included."""
        data, lines = parse("a: 1\nb:\n  - x\n  - {c: 2}\n")
        assert data == {"a": 1, "b": ["x", {"c": 2}]}
        assert dict(lines) == {
            "$": 1,
            "$['a']": 1,
            "$.a": 1,
            "$['b']": 2,
            "$.b": 2,
            "$.b[0]": 3,
            "$.b[1]": 4,
            "$.b[1]['c']": 4,
            "$.b[1].c": 4,
        }
        assert parse("")[1] == {"$": 1}


def calls(action) -> int:
    """How many Python and C functions `action` calls: work, counted without a clock."""
    count = 0

    def profile(_frame, event, _arg):
        nonlocal count
        if event in {"call", "c_call"}:
            count += 1

    sys.setprofile(profile)
    try:
        action()
    finally:
        sys.setprofile(None)
    return count


class TestLinearWork:
    """Twice the document costs twice the calls, not four times: nothing is quadratic."""

    @staticmethod
    def grows_in_proportion(make, action) -> None:
        small, large = (
            calls(lambda: action(make(300))),
            calls(lambda: action(make(600))),
        )
        assert 1.8 * small < large < 2.1 * small

    def test_load(self):
        self.grows_in_proportion(big, cp.loads)

    def test_load_with_an_error_at_the_end(self):
        def fails(text):
            with pytest.raises(ValidationError, match="unknown stakeholder"):
                cp.loads(text)

        self.grows_in_proportion(lambda n: big(n, by="zed"), fails)

    def test_dump(self):
        self.grows_in_proportion(lambda n: cp.loads(big(n)), cp.dumps)

    def test_lines_of_parse(self):
        self.grows_in_proportion(big, lambda text: dict(parse(text)[1]))


@pytest.mark.parametrize("text", ["._", "-.__", "+._", "._e+1"])
def test_text_that_only_looks_like_a_float(text):
    """Text shaped like a float but that is no number is read as text, and written
    so that it reads back the same (dumps used to crash on it)."""
    ini = cp.Initiative(id="x", title=text)
    assert cp.loads(cp.dumps(ini)) == ini
    assert cp.loads(f"coproduction: 1\nid: x\ntitle: {text}\n").title == text
