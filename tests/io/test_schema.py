import copy
import datetime as dt

import attrs
import jsonschema
import pytest
from hypothesis import given

import coproduction as cp
from coproduction.errors import ValidationError
from coproduction.io.convert import COLLECTIONS, INITIATIVE_KEYS
from coproduction.testing import initiatives

VALIDATOR = jsonschema.Draft202012Validator(
    cp.schema(), format_checker=jsonschema.FormatChecker()
)


def records(cls):
    yield cls
    for field in attrs.fields(cls):
        for t in getattr(field.type, "__args__", ()):
            if attrs.has(t):
                yield from records(t)


class TestSchemaMatchesConverter:
    def test_valid_schema(self):
        """The schema is a valid draft 2020-12 schema."""
        jsonschema.Draft202012Validator.check_schema(cp.schema())

    def test_top_level_keys(self):
        """The top-level properties are exactly the keys the converter reads."""
        assert list(cp.schema()["properties"]) == list(INITIATIVE_KEYS)

    def test_record_keys(self):
        """Each record's properties and required keys match its attrs fields."""
        defs = cp.schema()["$defs"]
        tops = [
            c for c in COLLECTIONS.values() if c is not cp.Cycle
        ]  # cycles are their events
        for cls in {c for top in tops for c in records(top)}:
            fields = [f for f in attrs.fields(cls) if f.init]  # the rest are worked out
            assert list(defs[cls.__name__]["properties"]) == [f.name for f in fields]
            assert defs[cls.__name__]["required"] == [
                f.name for f in fields if f.default is attrs.NOTHING
            ]

    @given(initiatives())
    def test_everything_dumped_validates(self, ini):
        """Every document to_dict writes is valid under the schema."""
        VALIDATOR.validate(cp.to_dict(ini))

    def test_bundled_scenarios_validate(self):
        """Every bundled scenario is valid under the schema."""
        for name in cp.scenarios.list_bundled():
            VALIDATOR.validate(cp.to_dict(cp.scenarios.load_bundled(name)))

    @pytest.mark.parametrize(
        ("improvement", "valid"),
        [
            ("increase", True),
            ("neither", True),
            ("neutral", True),  # the word xmr uses, read as "neither"
            (None, True),
            ("up", False),
        ],
    )
    def test_measure_improvement(self, improvement, valid):
        """The schema takes a measure's improvement as the converter does."""
        data = {
            "coproduction": 1,
            "id": "x",
            "measures": [
                {"id": "m", "name": "M", "kind": "outcome", "improvement": improvement}
            ],
        }
        assert VALIDATOR.is_valid(data) is valid
        if valid:
            cp.from_dict(cp.Initiative, data)
        else:
            with pytest.raises(ValidationError):
                cp.from_dict(cp.Initiative, data)

    @pytest.mark.parametrize(
        "mutate",
        [
            lambda d: d.update(colour="blue"),
            lambda d: d["stakeholders"][0].update(colour="blue"),
            lambda d: d["stakeholders"][0].update(name=3),
            lambda d: d["stakeholders"][0].update(kind="nurse"),
            lambda d: d["stakeholders"][0].pop("name"),
            lambda d: d["meetings"][0].update(date="soon"),
            lambda d: d["decisions"][0].update(level="co-producing"),
            lambda d: d["decisions"][0]["contributions"][0].update(adopted="yes"),
            lambda d: d["decisions"][0]["contributions"][0].update(
                action="attended", adopted=True
            ),
            lambda d: d["roles"][0].update(votes=-1),
            lambda d: d.update(coproduction=2),
            lambda d: d.pop("id"),
        ],
    )
    def test_both_refuse_bad_shapes(self, mutate):
        """A document of the wrong shape is refused by the schema and by the converter alike."""
        ini = cp.Initiative(
            id="x",
            stakeholders=[cp.Stakeholder(id="a", name="A")],
            roles=[cp.Role(id="r")],
            meetings=[cp.Meeting(id="m", date=dt.date(2026, 1, 1))],
            decisions=[
                cp.Decision(
                    id="d",
                    title="t",
                    level="consulting",
                    contributions=[cp.Contribution(by="a", action="spoke")],
                )
            ],
        )
        data = copy.deepcopy(cp.to_dict(ini))
        VALIDATOR.validate(data)
        mutate(data)
        assert not VALIDATOR.is_valid(data)
        with pytest.raises(ValidationError):
            cp.from_dict(cp.Initiative, data)

    def test_returns_a_copy(self):
        """Changing the returned schema does not change the next one."""
        s = cp.schema()
        s["properties"].clear()
        assert cp.schema()["properties"]
