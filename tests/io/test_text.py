"""Text in and out as json and tomllib do it: `load` a file, `loads` text; odd input refused.

DESIGN, "Data in and out": a `str` given to `load` is a path; one that is no existing file
and looks like text is refused, saying to use `loads`. Each odd input an integrator met
(issue 13) is refused with a `ValidationError` naming the path, in bounded time and memory.
"""

from __future__ import annotations

import datetime as dt
import io
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import pytest

import coproduction as cp
from coproduction.errors import ValidationError
from coproduction.io.yaml import MAX_DEPTH, MAX_DIGITS, parse

HEAD = "coproduction: 1\nid: oak\n"
OAK = cp.Initiative(id="oak", title="Meals")
JSON = '{"coproduction": 1, "id": "oak", "title": "Meals"}'
TOO_DEEP = (
    "nested deeper than 100 levels of mappings and lists; a scenario needs far fewer"
)


def refusal(call: Callable[[], object]) -> str:
    """The message of the `ValidationError` that `call` raises, within bounded cost.

    Every odd input must be refused in well under a second and a few megabytes, however
    large it is written.
    """
    tracemalloc.start()
    began = time.perf_counter()
    try:
        with pytest.raises(ValidationError) as raised:
            call()
        seconds = time.perf_counter() - began
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert seconds < 2, seconds
    assert peak < 20_000_000, peak
    return str(raised.value)


class TestLoadTakesAFile:
    def test_paths_and_open_files(self, tmp_path):
        """A path (str or Path) or a file open in text or binary mode is read."""
        path = tmp_path / "oak.yaml"
        path.write_text(HEAD + "title: Meals\n", encoding="utf-8")
        assert cp.load(path) == OAK
        assert cp.load(str(path)) == OAK
        with path.open(encoding="utf-8") as text, path.open("rb") as binary:
            assert (cp.load(text), cp.load(binary)) == (OAK, OAK)

    def test_a_one_line_json_document_is_refused_saying_use_loads(self):
        """JSON from an API, given to load, is refused; it used to be an OSError."""
        assert refusal(lambda: cp.load(JSON)) == (
            "$: load() takes a path or an open file, and there is no file "
            """'{"coproduction": 1, "id": "oak", "title": "Meals"}'; it looks like the text """
            "of a document: read text with loads()"
        )

    @pytest.mark.parametrize(
        ("text", "shown"),
        [
            (HEAD, "'coproduction: 1\\nid: oak\\n'"),
            ("id: oak", "'id: oak'"),
            ("  {}", "'  {}'"),
            ("x" * 70 + ": y", "'" + "x" * 60 + "...'"),
        ],
    )
    def test_text_is_refused_saying_use_loads(self, text, shown):
        """A line break, ': ' or a leading '{' mark text; a long one is shown cut short."""
        assert refusal(lambda: cp.load(text, source_name="api")) == (
            f"api: $: load() takes a path or an open file, and there is no file {shown}; "
            "it looks like the text of a document: read text with loads()"
        )

    def test_an_existing_file_whose_name_looks_like_text_is_read(self, tmp_path):
        """The rule refuses text only when no such file exists."""
        path = tmp_path / "{oak: meals}.yaml"
        path.write_text(HEAD + "title: Meals\n", encoding="utf-8")
        assert cp.load(str(path)) == OAK

    @pytest.mark.parametrize("name", ["nothing.yaml", ""])
    def test_a_missing_file_stays_file_not_found(self, tmp_path, monkeypatch, name):
        """A path that does not look like text, and is not there, is FileNotFoundError."""
        monkeypatch.chdir(tmp_path)
        with pytest.raises(FileNotFoundError):
            cp.load(name)

    @pytest.mark.parametrize("data", [HEAD.encode(), bytearray(HEAD.encode())])
    def test_bytes_are_refused_saying_use_loads(self, data):
        """Bytes used to give AttributeError."""
        kind = type(data).__name__
        assert refusal(lambda: cp.load(data)) == (
            f"$: load() takes a path or an open file, got {kind}: read bytes with "
            "loads(), or open the file"
        )

    def test_a_path_with_a_nul_character_is_refused(self):
        """open() would raise ValueError; the library says what is wrong instead."""
        assert refusal(lambda: cp.load("oak\0.yaml")) == (
            "$: a path cannot hold a NUL character, got 'oak\\x00.yaml'"
        )


class TestLoadsTakesText:
    def test_text_bytes_and_json(self):
        """loads reads YAML text, its UTF-8 bytes, and JSON, which is YAML."""
        text = HEAD + "title: Meals\n"
        found = [
            cp.loads(text),
            cp.loads(text.encode()),
            cp.loads(bytearray(text.encode())),
            cp.loads(b"\xef\xbb\xbf" + text.encode()),  # a byte order mark
            cp.loads(JSON),
        ]
        assert found == [OAK] * 5

    def test_bad_utf8_is_refused(self):
        """Bytes that are not UTF-8 are refused with the byte at fault."""
        assert refusal(lambda: cp.loads(b"id: caf\xe9\n", source_name="s.yaml")) == (
            "s.yaml: $: not UTF-8 text (byte 7 is 0xe9)"
        )

    def test_a_lone_surrogate_is_refused(self):
        """Text that cannot be written as UTF-8 is refused, not a UnicodeEncodeError."""
        assert refusal(lambda: cp.loads("title: '\ud800'\n")) == (
            "$: not valid text (character 8 is a lone surrogate, '\\ud800')"
        )

    def test_keeps_max_bytes_and_source_name(self):
        """The limits and the name in errors are the same as load's."""
        assert refusal(lambda: cp.loads(HEAD, max_bytes=5, source_name="s.yaml")) == (
            "s.yaml: $: the document is larger than max_bytes=5; pass a larger max_bytes if you trust it"
        )
        assert refusal(lambda: cp.loads(HEAD.encode(), max_bytes=5)) == (
            "$: the document is larger than max_bytes=5; pass a larger max_bytes if you trust it"
        )

    def test_anything_else_is_a_type_error(self):
        """A path or a file given to loads is a mistake in the calling code."""
        with pytest.raises(TypeError) as raised:
            cp.loads(io.StringIO(HEAD))  # type: ignore[arg-type]
        assert str(raised.value) == (
            "loads() takes the text (str or bytes), got StringIO; for a path or an open file use load()"
        )


class TestDump:
    def test_dumps_gives_the_text_and_dump_writes_it_to_an_open_file(self, tmp_path):
        """dump writes to the file the caller opened: exactly what dumps gives."""
        path = tmp_path / "oak.yaml"
        with path.open("w", encoding="utf-8") as out:
            assert cp.dump(OAK, out) is None
        assert path.read_text(encoding="utf-8") == cp.dumps(OAK)
        assert cp.dumps(OAK) == HEAD + "title: Meals\n"
        assert cp.load(path) == OAK

    def test_every_bundled_scenario_goes_through_a_file(self):
        """dump then load, through an open file, gives back an equal initiative."""
        for name in cp.scenarios.list_bundled():
            ini = cp.scenarios.load_bundled(name)
            out = io.StringIO()
            cp.dump(ini, out)
            out.seek(0)
            assert cp.load(out) == ini


def nested(depth: int) -> str:
    """Flow mappings nested `depth` deep under the key 'a'."""
    return "a: " + "{a: " * depth + "1" + "}" * depth + "\n"


class TestDeepNesting:
    def test_flow_mappings_50000_deep_are_refused_where_they_got_too_deep(self):
        """They used to give RecursionError."""
        assert refusal(lambda: cp.loads(nested(50_000))) == (
            "$" + ".a" * MAX_DEPTH + ": " + TOO_DEEP
        )

    @pytest.mark.parametrize("text", ["{" * 50_000 + "}" * 50_000, "[" * 50_000])
    def test_bare_brackets_50000_deep_are_refused(self, text):
        """PyYAML's C parser has a limit of its own for these, met first."""
        assert refusal(lambda: cp.loads(text)) == (
            "$: not valid YAML: exceeded maximum nesting depth"
        )

    def test_the_limit_is_exact(self):
        """100 levels are read; 101 are not (the document itself is the first level)."""
        data, _ = parse(nested(MAX_DEPTH - 1))
        assert data["a"]["a"] is not None
        with pytest.raises(ValidationError) as raised:
            parse(nested(MAX_DEPTH))
        assert raised.value.path == "$" + ".a" * MAX_DEPTH

    def test_from_dict_refuses_deep_plain_data_the_same_way(self):
        """from_dict refuses before converting, without recursion."""
        deep: dict[str, Any] = {}
        for _ in range(50_000):
            deep = {"a": deep}
        data = {"coproduction": 1, "id": "oak", "description": deep}
        assert refusal(lambda: cp.from_dict(cp.Initiative, data)) == (
            "$.description" + ".a" * (MAX_DEPTH - 1) + ": " + TOO_DEEP
        )

    def test_from_dict_refuses_deep_lists(self):
        """Lists count as levels too; the path gives their indexes."""
        deep: list[Any] = []
        for _ in range(50_000):
            deep = [deep]
        assert refusal(lambda: cp.from_dict(cp.Role, {"id": deep})) == (
            "$.id" + "[0]" * (MAX_DEPTH - 1) + ": " + TOO_DEEP
        )

    def test_replay_refuses_a_deep_payload(self):
        """An event's payload is plain data from outside too."""
        events = cycle_events()
        deep: list[Any] = []
        for _ in range(50_000):
            deep = [deep]
        events[2]["payload"]["notes"] = deep
        assert refusal(lambda: cp.Cycle.replay(events)) == (
            "$.events[2].payload.notes" + "[0]" * (MAX_DEPTH - 2) + ": " + TOO_DEEP
        )


class TestHugeNumbers:
    def test_a_100000_digit_number_is_refused_before_it_is_converted(self):
        """It used to give ValueError (Python will not convert so many digits)."""
        text = HEAD + "title: " + "9" * 100_000 + "\n"
        assert refusal(lambda: cp.loads(text, source_name="s.yaml")) == (
            "s.yaml:3: $.title: a number written with 100,000 digits; at most 100 are allowed"
        )

    @pytest.mark.parametrize(
        "number", ["1" * 101, "-1_" + "0" * 100, "1" * 60 + "." + "1" * 41]
    )
    def test_ints_and_floats_of_more_than_100_digits_are_refused(self, number):
        """Underscores and signs are not digits."""
        with pytest.raises(ValidationError) as raised:
            parse(f"n: {number}\n")
        assert str(raised.value) == (
            "$.n: a number written with 101 digits; at most 100 are allowed"
        )

    def test_100_digits_are_read(self):
        """The limit is documented, and exact."""
        assert parse("n: " + "9" * MAX_DIGITS + "\n")[0] == {"n": 10**MAX_DIGITS - 1}

    def test_text_of_many_digits_is_written_quoted_and_read_back(self):
        """A title of 101 digits is text: dumps quotes it, so loads reads it back."""
        ini = cp.Initiative(id="oak", title="7" * 101)
        assert f"title: '{'7' * 101}'" in cp.dumps(ini)
        assert cp.loads(cp.dumps(ini)) == ini

    def test_from_dict_refuses_a_huge_int(self):
        """from_dict would fail to show it in its message; it is refused first."""
        assert refusal(
            lambda: cp.from_dict(cp.Role, {"id": "chair", "votes": 10**100_000})
        ) == ("$.votes: a number written with 100,001 digits; at most 100 are allowed")


def cycle_events() -> list[dict[str, Any]]:
    """The events of a bundled cycle, as plain data."""
    ini = cp.scenarios.load_bundled("oak_house_meals")
    return [e.to_dict() for e in ini.cycles[0].events]


MIXED = "every event's time must carry a time zone, or none may, since a mix cannot be ordered"


class TestMixedTimeZones:
    def test_replay_refuses_a_naive_time_among_aware_ones(self):
        """Naive and aware times used to be accepted together."""
        events = cycle_events()
        events[2]["at"] = "2026-02-01T09:00:00"
        assert refusal(lambda: cp.Cycle.replay(events)) == (
            "$.events[2].at: '2026-02-01T09:00:00' has no time zone and the first "
            f"event's time has one: {MIXED}"
        )

    def test_replay_refuses_an_aware_time_among_naive_ones(self):
        """Whichever the first event has, the first that differs is refused."""
        events = cycle_events()
        for event in events:
            event["at"] = event["at"].removesuffix("+00:00")
        assert cp.Cycle.replay(events).events[0].at.tzinfo is None
        events[3]["at"] = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)
        assert refusal(lambda: cp.Cycle.replay(events)) == (
            "$.events[3].at: '2026-03-01T09:00:00+00:00' has a time zone and the first "
            f"event's time has none: {MIXED}"
        )

    def test_from_dict_refuses_the_mix_at_its_path(self):
        """The same refusal, inside an initiative's document."""
        data = cp.to_dict(cp.scenarios.load_bundled("oak_house_meals"))
        data["cycles"][1]["events"][1]["at"] = "2026-02-01T09:00:00"
        assert refusal(lambda: cp.from_dict(cp.Initiative, data)) == (
            "$.cycles[1].events[1].at: '2026-02-01T09:00:00' has no time zone and the "
            f"first event's time has one: {MIXED}"
        )

    def test_a_refused_attach_changes_nothing(self):
        """attach_cycle replays, so it refuses the mix and the initiative is unchanged."""
        ini = cp.scenarios.load_bundled("oak_house_meals")
        events = [e.to_dict() for e in ini.cycles[0].events]
        bare = cp.Initiative(
            id=ini.id,
            stakeholders=ini.stakeholders,
            aims=ini.aims,
            change_ideas=ini.change_ideas,
            measures=ini.measures,
            drivers=ini.drivers,
        )
        events[1]["at"] = "2026-02-01T09:00:00"
        before = (bare.cycles, bare.version)
        with pytest.raises(ValidationError, match="a mix cannot be ordered"):
            bare.attach_cycle(events)
        assert (bare.cycles, bare.version) == before
