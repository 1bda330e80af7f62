import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import coproduction as cp
from coproduction.errors import ValidationError
from coproduction.model.access import (
    ACCESS_NEEDS,
    is_known_need,
    need_label,
    need_note,
    normalise_need,
)

DAY = dt.date(2026, 1, 10)


def refusal(call, *args, **kwargs) -> str:
    with pytest.raises(ValidationError) as e:
        call(*args, **kwargs)
    return str(e.value)


class TestVocabulary:
    def test_the_needs_named_in_the_issue(self):
        """The vocabulary knows at least the needs practice asks for most."""
        assert {
            "bsl_interpreter",
            "interpreter",
            "hearing_loop",
            "captions",
            "easy_read",
            "large_print",
            "braille",
            "step_free_access",
            "quiet_room",
            "longer_time",
            "support_worker",
        } <= set(ACCESS_NEEDS)

    def test_read_only(self):
        """No one can change the vocabulary behind the library's back."""
        with pytest.raises(TypeError):
            ACCESS_NEEDS["pets"] = "a pet"  # type: ignore[index]

    def test_exported(self):
        """The vocabulary and the normaliser are public at the top of the package."""
        assert cp.ACCESS_NEEDS is ACCESS_NEEDS
        assert cp.normalise_need is normalise_need

    @pytest.mark.parametrize("need", sorted(ACCESS_NEEDS))
    def test_every_id_is_its_own_normal_form(self, need):
        """Each known id normalises to itself and is labelled by the vocabulary."""
        assert normalise_need(need) == need
        assert need_label(need) == ACCESS_NEEDS[need]


class TestNormalise:
    @pytest.mark.parametrize(
        ("text", "need"),
        [
            ("BSL interpreter", "bsl_interpreter"),
            ("bsl-interpreter", "bsl_interpreter"),
            ("British Sign Language interpreter", "bsl_interpreter"),
            ("  BSL   Interpreter. ", "bsl_interpreter"),
            ("Easy Read", "easy_read"),
            ("easy-read", "easy_read"),
            ("induction loop", "hearing_loop"),
            ("Hearing loop", "hearing_loop"),
            ("wheelchair access", "step_free_access"),
            ("Step-free access", "step_free_access"),
            ("live captions", "captions"),
            ("Large Print", "large_print"),
            ("extra time", "longer_time"),
            ("interpreter", "interpreter"),
            ("interpreter:polish", "interpreter:polish"),
            ("Interpreter: Polish", "interpreter:polish"),
            ("Polish interpreter", "interpreter:polish"),
            ("gujarati_interpreter", "interpreter:gujarati"),
            ("Polish language interpreter", "interpreter:polish"),
            ("Dog-friendly room", "dog_friendly_room"),
            ("objects_of_reference", "objects_of_reference"),
            ("!!", "!!"),
        ],
    )
    def test_normalised(self, text, need):
        """Case, spaces, punctuation and known synonyms do not matter; unknown needs are kept."""
        assert normalise_need(text) == need

    @given(st.text(max_size=30))
    def test_idempotent(self, text):
        """Normalising twice gives what normalising once gave."""
        once = normalise_need(text)
        assert normalise_need(once) == once

    @pytest.mark.parametrize(
        ("need", "label"),
        [
            ("interpreter:polish", "a Polish interpreter"),
            ("interpreter:arabic", "an Arabic interpreter"),
            ("interpreter:british_sign_language", "a BSL interpreter"),
            ("Easy Read", "easy-read papers"),
            ("rest_breaks_after_an_hour", "rest breaks after an hour"),
        ],
    )
    def test_labels(self, need, label):
        """Reports use the vocabulary's words, or the need as written when unknown."""
        assert need_label(need) == label

    def test_notes(self):
        """A need the vocabulary does not know gets a note, with a suggestion when one is close."""
        assert is_known_need("interpreter:welsh")
        assert need_note("Induction loop") is None
        assert need_note("hearing lop") == (
            "'hearing lop' is not a known access need; did you mean 'hearing_loop'?"
        )
        assert need_note("dog friendly room") == (
            "'dog friendly room' is not a known access need; it is kept as written "
            "and met only by an accommodation written the same way"
        )


class TestSupportedBy:
    def test_recorded(self):
        """Communication support is recorded on the person's own entry, credited to them."""
        c = cp.Contribution(by="dev", action="objected", supported_by="ines")
        assert (c.by, c.on_behalf_of, c.supported_by) == ("dev", None, "ines")

    def test_not_with_on_behalf_of(self):
        """Support is for the person's own words, so it cannot go with on_behalf_of."""
        assert refusal(
            cp.Contribution,
            by="ines",
            action="spoke",
            on_behalf_of="dev",
            supported_by="sam",
        ) == (
            "$.supported_by: communication support is for the person's own words, but "
            "this entry conveys dev's wishes through ines; record it as dev's own entry "
            "supported by sam, or leave out supported_by"
        )

    def test_not_oneself(self):
        """No one gives communication support to themselves."""
        assert (
            refusal(cp.Contribution, by="dev", action="spoke", supported_by="dev")
            == "$.supported_by: dev cannot give communication support to themselves"
        )

    def test_not_an_id(self):
        """The supporter is an id."""
        assert refusal(
            cp.Contribution, by="dev", action="spoke", supported_by=" ines"
        ) == (
            "$.supported_by: an id must be non-empty with no surrounding spaces, "
            "got ' ines'"
        )

    def test_unknown_supporter_refused_and_nothing_changed(self):
        """A supporter who is not a stakeholder is refused, and the initiative is unchanged."""
        ini = cp.Initiative(
            id="home",
            stakeholders=[cp.Stakeholder(id="dev", name="Dev")],
        )
        before = cp.to_dict(ini)
        d = cp.Decision(
            id="d1",
            title="Garden",
            level="engaging",
            contributions=[
                cp.Contribution(by="dev", action="proposed", supported_by="inez")
            ],
        )
        assert refusal(ini.record_decision, d) == (
            "$.decisions[0].contributions[0].supported_by: unknown stakeholder 'inez'"
        )
        assert cp.to_dict(ini) == before

    def test_supporter_need_not_represent(self):
        """An interpreter who represents no one may support the person's own words."""
        ini = cp.Initiative(
            id="home",
            stakeholders=[
                cp.Stakeholder(id="dev", name="Dev"),
                cp.Stakeholder(
                    id="ines", name="Ines", kind="other", perspective="professional"
                ),
            ],
        )
        d = cp.Decision(
            id="d1",
            title="Garden",
            level="engaging",
            contributions=[
                cp.Contribution(by="dev", action="proposed", supported_by="ines")
            ],
        )
        ini.record_decision(d)
        assert ini.decisions[0].contributions[0].supported_by == "ines"

    def test_round_trip(self):
        """supported_by is written and read back."""
        ini = cp.Initiative(
            id="home",
            stakeholders=[
                cp.Stakeholder(id="dev", name="Dev"),
                cp.Stakeholder(
                    id="ines", name="Ines", kind="other", perspective="professional"
                ),
            ],
            decisions=[
                cp.Decision(
                    id="d1",
                    title="Garden",
                    level="engaging",
                    contributions=[
                        cp.Contribution(by="dev", action="spoke", supported_by="ines")
                    ],
                )
            ],
        )
        assert "supported_by: ines" in cp.dumps(ini)
        assert cp.loads(cp.dumps(ini)) == ini


class TestValidateNotes:
    def test_notes_on_needs_and_accommodations(self):
        """validate() notes unknown needs and accommodations by path, and raises nothing."""
        ini = cp.Initiative(
            id="home",
            stakeholders=[
                cp.Stakeholder(id="dev", name="Dev", access_needs={"BSL interpreter"}),
                cp.Stakeholder(id="ada", name="Ada", access_needs={"large prnt"}),
            ],
            meetings=[
                cp.Meeting(
                    id="m1",
                    date=DAY,
                    attendees={"dev", "ada"},
                    accommodations={"bsl_interpreter", "Pets welcome"},
                )
            ],
        )
        assert ini.validate() == (
            (
                "$.stakeholders[1].access_needs: 'large prnt' is not a known access need; "
                "did you mean 'large_print'?"
            ),
            (
                "$.meetings[0].accommodations: 'Pets welcome' is not a known access need; "
                "it is kept as written and met only by an accommodation written the same way"
            ),
        )

    def test_nothing_to_note(self):
        """An initiative in the vocabulary's words has no notes."""
        ini = cp.Initiative(
            id="home",
            stakeholders=[
                cp.Stakeholder(id="dev", name="Dev", access_needs={"Easy Read"})
            ],
        )
        assert ini.validate() == ()
