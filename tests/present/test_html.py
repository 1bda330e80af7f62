"""Rich display in notebooks: every main object's `_repr_html_`, escaped and cut short."""

from __future__ import annotations

import copy
import datetime as dt
import re
from html.parser import HTMLParser

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import coproduction as cp
from coproduction._display import register, render
from coproduction.present.html import MAX_ROWS, ladder_html, severity_html

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
SCRIPT_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
IMG_ESCAPED = "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"


class Page(HTMLParser):
    """The parts of a display a test looks at: tags, rows, texts, rungs and marks."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.rows = 0
        self.more: list[str] = []
        self.rungs: list[str] = []
        self.severities: list[str] = []
        self.styles: list[str] = []
        self.text: list[str] = []
        self._in: list[str] = []
        self._row_class: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        self._in.append(a.get("class") or "")
        if a.get("style"):
            self.styles.append(a["style"])
        if tag == "tr":
            self.rows += 1
        if "data-rung" in a:
            self.rungs.append(a["data-rung"])

    def handle_endtag(self, tag):  # noqa: ARG002
        if self._in:
            self._in.pop()

    def handle_data(self, data):
        self.text.append(data)
        where = self._in[-1] if self._in else ""
        if where == "cp-severity":
            self.severities.append(data)

    def all_text(self) -> str:
        return "".join(self.text)


def hostile_initiative() -> cp.Initiative:
    """Oak House with a name, a title, feedback, an objective and a study sentence that attack."""
    data = cp.to_dict(cp.scenarios.load_bundled("oak_house_meals"))
    data = copy.deepcopy(data)
    data["title"] = IMG
    for s in data["stakeholders"]:
        if s["id"] == "edna":
            s["name"] = SCRIPT
    data["decisions"][0]["title"] = IMG
    data["feedback"][0]["text"] = SCRIPT
    events = data["cycles"][0]["events"]
    events[1]["payload"]["objective"] = SCRIPT
    events[3]["payload"]["predictions"][0]["sentence"] = IMG
    return cp.from_dict(cp.Initiative, data)


HOSTILE = hostile_initiative()
EDNA = HOSTILE.stakeholder("edna")
REPORT = cp.find_imbalances(HOSTILE)
EDNA_FINDING = next(f for f in REPORT if "edna" in f.subjects and SCRIPT in f.message)

OBJECTS = {
    "Initiative": (HOSTILE, [SCRIPT_ESCAPED, IMG_ESCAPED]),
    "Stakeholder": (EDNA, [SCRIPT_ESCAPED]),
    "Decision": (HOSTILE.decisions[0], [IMG_ESCAPED]),
    "Report": (REPORT, [SCRIPT_ESCAPED]),
    "Finding": (EDNA_FINDING, [SCRIPT_ESCAPED]),
    "Cycle": (HOSTILE.cycles[0], [SCRIPT_ESCAPED, IMG_ESCAPED]),
    "StudyResult": (HOSTILE.cycles[0].study_result, [IMG_ESCAPED]),
    "you_said_we_did": (cp.you_said_we_did(HOSTILE), [SCRIPT_ESCAPED]),
    # Charts hold only numbers: nothing of the user's to escape, but no scripts either.
    "RunChart": (cp.run_chart([3, 4, 5, 4, 3, 5, 6, 7, 6, 5, 4, 6]), []),
    "ControlChart": (cp.xmr([5, 6, 4, 5, 6, 4, 5, 6, 4, 5, 7, 7, 6, 7, 8, 6]), []),
}


@pytest.mark.parametrize("name", list(OBJECTS))
class TestEveryObject:
    def test_user_text_renders_as_text(self, name):
        """A stakeholder called <script>... shows as those characters, never as markup."""
        obj, escaped = OBJECTS[name]
        html = obj._repr_html_()
        assert "<script" not in html.lower()
        assert "onerror=" not in html.replace(IMG_ESCAPED, "")
        assert "<img" not in html
        for text in escaped:
            assert text in html

    def test_self_contained(self, name):
        """No scripts, links, images, style sheets or event handlers: inline styles only."""
        obj, _ = OBJECTS[name]
        page = Page(obj._repr_html_())
        assert not {"script", "link", "img", "style", "iframe", "object"} & set(
            page.tags
        )
        assert page.tags[0] == "div"
        assert all("url(" not in s for s in page.styles)

    def test_the_registry_draws_it(self, name):
        obj, _ = OBJECTS[name]
        assert render(obj) == obj._repr_html_()


class TestRegistry:
    def test_an_unregistered_class_shows_its_repr(self):
        """Jupyter falls back to the plain repr when `_repr_html_` returns None."""
        assert render(object()) is None

    def test_subclasses_find_their_base(self):
        class Pond:
            pass

        class Lily(Pond):
            pass

        register(Pond, lambda obj: f"<p>{type(obj).__name__}</p>")
        assert render(Lily()) == "<p>Lily</p>"

    def test_importing_coproduction_registers_every_object(self):
        for obj, _ in OBJECTS.values():
            assert obj._repr_html_().startswith('<div class="cp-display cp-')


class TestLadder:
    def test_seven_rungs_highest_first_with_both_marks(self):
        page = Page(ladder_html(cp.Level.CO_PRODUCING, cp.Level.CONSULTING))
        assert page.rungs == [
            "co_producing",
            "co_designing",
            "engaging",
            "consulting",
            "informing",
            "educating",
            "coercing",
        ]
        assert page.all_text() == (
            "The ladder"
            "co-producingstatedco-designingengagingconsultingobserved"
            "informingeducatingcoercing"
        )

    def test_a_decision_alone_shows_the_stated_rung(self):
        decision = cp.scenarios.load_bundled("oak_house_meals").decision("d2-breakfast")
        page = Page(decision._repr_html_())
        assert page.rungs == [level.value for level in reversed(cp.Level)]
        text = page.all_text()
        assert text.count("stated") == 2  # "stated level" in the fields, the mark
        assert "observed" in text
        assert "needs the initiative" in text

    def test_the_initiatives_table_marks_stated_and_observed(self):
        ini = cp.scenarios.load_bundled("oak_house_meals")
        page = Page(ini._repr_html_())
        assert len(page.rungs) == 7 * len(ini.decisions)
        html = ini._repr_html_()
        for d in ini.decisions:
            seen = cp.observed_level(ini, d.id)
            marks = {
                level: ("S" if level is d.level else "")
                + ("O" if level is seen else "")
                for level in cp.Level
                if level in (d.level, seen)
            }
            for level, mark in marks.items():
                assert (
                    f'data-rung="{level.value}" title="{level.value.replace("_", "-")}"'
                    in html
                )
                assert f">{mark}</span>" in html

    def test_the_small_ladders_line_up(self):
        """Seven cells of one width on one line, whether a rung holds S, O or both."""
        html = cp.scenarios.load_bundled("deaf_communication_policy")._repr_html_()
        ladders = re.findall(
            r'<span style="white-space:nowrap">(.*?)</span></td>', html
        )
        assert len(ladders) == 8
        widths = set(re.findall(r'class="cp-rung"[^>]*width:([\d.]+em)', html))
        assert widths == {"1.6em"}


class TestSeverity:
    def test_colour_and_word(self):
        for severity, colour in [
            ("info", "#1d4f7a"),
            ("warning", "#6b4600"),
            ("concern", "#a4161a"),
        ]:
            html = severity_html(cp.Severity(severity))
            assert Page(html).severities == [severity]
            assert f"color:{colour}" in html

    def test_a_report_labels_every_finding(self):
        report = cp.find_imbalances(cp.scenarios.load_bundled("oak_house_meals"))
        page = Page(report._repr_html_())
        assert page.severities == [f.severity.value for f in report[:MAX_ROWS]]

    def test_an_empty_report_says_so(self):
        ini = cp.Initiative(id="quiet", title="Quiet")
        report = cp.find_imbalances(ini)
        assert "No imbalances found." in Page(report._repr_html_()).all_text()


def crowded(people: int) -> cp.Initiative:
    ini = cp.Initiative(id="big", title="A big service review")
    for i in range(people):
        ini.add_stakeholder(
            cp.Stakeholder(id=f"p{i}", name=f"Person {i}", kind="person")
        )
    return ini


def tables(html: str) -> str:
    """The part of an initiative's view after its picture (which shows everyone)."""
    end = html.find("</svg>")
    return html if end < 0 else html[end + len("</svg>") :]


class TestCut:
    def test_max_rows_is_twenty(self):
        assert MAX_ROWS == 20

    def test_a_long_table_ends_with_and_n_more(self):
        """The tables stop at MAX_ROWS; the picture above them still shows everyone."""
        html = crowded(MAX_ROWS + 7)._repr_html_()
        picture_end = html.index("</svg>") + len("</svg>")
        assert "Person 26" in html[:picture_end]
        page = Page(html[picture_end:])
        assert "and 7 more" in page.all_text()
        assert "Person 19" in page.all_text()
        assert "Person 20" not in page.all_text()

    def test_exactly_max_rows_is_not_cut(self):
        page = Page(tables(crowded(MAX_ROWS)._repr_html_()))
        assert "more" not in page.all_text()
        assert "Person 19" in page.all_text()

    @given(st.integers(min_value=0, max_value=45))
    def test_rows_shown_never_exceed_the_cut(self, people):
        text = Page(tables(crowded(people)._repr_html_())).all_text()
        shown = sum(
            f"Person {i}" in text.replace(f"Person {i}0", "") for i in range(people)
        )
        assert shown == min(people, MAX_ROWS)
        assert (f"and {people - MAX_ROWS} more" in text) == (people > MAX_ROWS)


class TestInitiative:
    def test_shares_as_bars_with_their_numbers(self):
        ini = cp.scenarios.load_bundled("home_adaptations")
        html = ini._repr_html_()
        voice = cp.voice_shares(ini)
        assert html.count('class="cp-bar"') == 2 * len(voice)
        lived = voice[cp.Perspective.LIVED_EXPERIENCE]
        assert f"width:{lived * 100:.1f}%" in html
        assert f"{lived:.0%}" in Page(html).all_text()

    def test_headline(self):
        ini = cp.scenarios.load_bundled("oak_house_meals")
        text = Page(ini._repr_html_()).all_text()
        assert text.startswith(
            "Mealtimes at Oak House"
            "oak-house-meals: 11 stakeholders, 5 meetings, 10 decisions, 3 cycles, "
            "5 pieces of feedback"
        )

    def test_a_refused_display_changes_nothing(self):
        """Showing an initiative reads it; it never changes it."""
        ini = cp.scenarios.load_bundled("oak_house_meals")
        before = cp.to_dict(ini)
        ini._repr_html_()
        assert cp.to_dict(ini) == before


class TestYouSaidWeDid:
    def test_rows_are_frozen_records_read_by_name_or_attribute(self):
        rows = cp.you_said_we_did(
            cp.scenarios.load_bundled("service_review_activities")
        )
        row = rows[0]
        assert isinstance(rows, tuple)
        assert isinstance(row, cp.analysis.FeedbackRow)
        assert row["status"] == row.status
        with pytest.raises(KeyError):
            row["nope"]
        with pytest.raises(AttributeError):
            row.status = "open"

    def test_a_table_row_per_feedback(self):
        ini = cp.scenarios.load_bundled("service_review_activities")
        rows = cp.you_said_we_did(ini)
        page = Page(rows._repr_html_())
        assert page.rows == 1 + min(len(rows), MAX_ROWS)
        assert rows[0].said in page.all_text()

    def test_dates_read_long(self):
        ini = cp.Initiative(
            id="x",
            feedback=[
                cp.Feedback(id="f1", received=dt.date(2026, 3, 2), text="A pond?")
            ],
        )
        text = Page(cp.you_said_we_did(ini)._repr_html_()).all_text()
        assert "A pond?anonymous2 March 2026open" in text


class TestReportWithItsInitiative:
    def test_shows_the_picture_and_the_decisions(self):
        """A report from find_imbalances shows what was analysed: the influence
        picture and the decisions with their stated and observed rungs."""
        ini = cp.scenarios.load_bundled("oak_house_meals")
        report = cp.find_imbalances(ini)
        html = report._repr_html_()
        assert html.count("<svg") == 1
        page = Page(html[html.index("</svg>") :])
        assert "Decisions" in page.all_text()
        assert all(d.title in html for d in ini.decisions[:5])
        assert report.initiative == ini
        assert report == cp.find_imbalances(ini)  # the initiative takes no part

    def test_a_report_built_alone_shows_its_findings_only(self):
        """A report made without an initiative has no picture to show."""
        report = cp.find_imbalances(cp.scenarios.load_bundled("oak_house_meals"))
        alone = attrs.evolve(report, initiative=None)
        assert "<svg" not in alone._repr_html_()


def test_a_picture_too_big_to_read_is_left_out():
    """Past 60 people or 100 decisions the view says why it draws no picture."""
    from coproduction.present.html import (  # noqa: PLC0415 - beside its one use
        PICTURE_DECISIONS,
        PICTURE_PEOPLE,
    )

    many = cp.Initiative(
        id="big",
        stakeholders=[
            cp.Stakeholder(id=f"p{i}", name=f"Person {i}")
            for i in range(PICTURE_PEOPLE + 1)
        ],
    )
    html = many._repr_html_()
    assert "<svg" not in html
    assert "No picture of who shaped what: 61 people and 0 decisions" in html
    assert (PICTURE_PEOPLE, PICTURE_DECISIONS) == (60, 100)
