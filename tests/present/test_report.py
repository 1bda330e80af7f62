"""Reports as text, Markdown, JSON and HTML: exact, escaped, valid and deterministic."""

import datetime as dt
import itertools
import json
import re
from fractions import Fraction
from html.parser import HTMLParser
from pathlib import Path

import attrs
import jsonschema
import pytest

import coproduction as cp
from coproduction.present import report as rep
from coproduction.present.report import (
    FORMATS,
    REPORT_JSON_SCHEMA,
    render,
    render_html,
    render_json,
    render_markdown,
    render_text,
    report_html_fragment,
    to_json_data,
)

SCENARIOS = cp.scenarios.list_bundled()
XSS = "<script>alert(1)</script>"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"}
VOID |= {"source", "track", "wbr"}


def small(name="Alice Brown"):
    """Four people, one meeting without the hearing loop, one overstated decision.

    Mo decides "Curry night" alone, so a decision described as co-producing was
    co-designing: Alice shaped it, but the final say was Mo's.
    """
    return cp.Initiative(
        id="oak",
        title="Mealtimes at Oak House",
        stakeholders=[
            cp.Stakeholder(id="alice", name=name, access_needs={"hearing_loop"}),
            cp.Stakeholder(id="bert", name="Bert Cole"),
            cp.Stakeholder(
                id="fay", name="Fay Cole", kind="family_carer", represents={"bert"}
            ),
            cp.Stakeholder(id="mo", name="Mo Patel", kind="manager"),
        ],
        meetings=[
            cp.Meeting(
                id="m1",
                date=dt.date(2026, 1, 10),
                title="Menu group",
                attendees={"alice", "fay", "mo"},
            )
        ],
        decisions=[
            cp.Decision(
                id="d1",
                title="Curry night",
                meeting="m1",
                affects={"alice", "bert"},
                level="co_producing",
                rule="single_decider",
                contributions=[
                    cp.Contribution(by="alice", action="proposed", adopted=True),
                    cp.Contribution(by="fay", action="supported", on_behalf_of="bert"),
                    cp.Contribution(by="mo", action="decided"),
                ],
            )
        ],
    )


def fair():
    """Alice's idea, agreed by everyone at a meeting that met everyone's needs."""
    return cp.Initiative(
        id="oak",
        title="Mealtimes at Oak House",
        stakeholders=[
            cp.Stakeholder(id="alice", name="Alice Brown"),
            cp.Stakeholder(id="bert", name="Bert Cole"),
            cp.Stakeholder(id="mo", name="Mo Patel", kind="manager"),
        ],
        meetings=[
            cp.Meeting(
                id="m1",
                date=dt.date(2026, 1, 10),
                title="Menu group",
                attendees={"alice", "bert", "mo"},
            )
        ],
        decisions=[
            cp.Decision(
                id="d1",
                title="Curry night",
                meeting="m1",
                affects={"alice", "bert"},
                level="co_producing",
                rule="consensus",
                contributions=[
                    cp.Contribution(by="alice", action="proposed", adopted=True),
                    cp.Contribution(by="bert", action="supported"),
                    cp.Contribution(by="mo", action="supported"),
                ],
            )
        ],
    )


def day_centre():
    """Staff outvote Ann and Ben on the timetable three times, and override Ann's objection.

    Two of the seven members use the day centre, fewer than one in three.
    """
    people = [("ann", "Ann Hill", "person"), ("ben", "Ben Okoro", "person")]
    people += [("mo", "Mo Patel", "manager"), ("pat", "Pat Reid", "care_worker")]
    people += [("raj", "Raj Shah", "care_worker"), ("sue", "Sue Lam", "social_worker")]
    people += [("tom", "Tom Gray", "care_worker")]

    def votes(who, action):
        return [cp.Contribution(by=w, action=action) for w in who]

    motions = [
        cp.Decision(
            id=f"d{n}",
            title=title,
            meeting="m1",
            affects={"ann", "ben"},
            level="co_producing",
            rule="majority",
            contributions=[
                cp.Contribution(by="mo", action="proposed"),
                *votes(["ann", "ben"], "voted_against"),
                *votes(["mo", "pat", "raj", "sue"], "voted_for"),
            ],
        )
        for n, title in enumerate(
            ["Lunch at noon", "Art on Tuesdays", "Close at three"], start=1
        )
    ]
    garden = cp.Decision(
        id="d4",
        title="Garden club",
        meeting="m1",
        affects={"ann", "ben"},
        level="co_producing",
        rule="consensus",
        contributions=[
            cp.Contribution(by="sue", action="proposed", adopted=True),
            cp.Contribution(by="ann", action="objected"),
        ],
    )
    return cp.Initiative(
        id="day-centre",
        title="The day centre timetable",
        stakeholders=[cp.Stakeholder(id=i, name=n, kind=k) for i, n, k in people],
        meetings=[
            cp.Meeting(
                id="m1",
                date=dt.date(2026, 3, 2),
                title="Timetable meeting",
                attendees={i for i, _, _ in people},
            )
        ],
        decisions=[*motions, garden],
    )


def bundled(name):
    ini = cp.scenarios.load_bundled(name)
    return cp.find_imbalances(ini), ini


SMALL_TEXT = """\
Co-production report: Mealtimes at Oak House (oak)
As of 10 January 2026
Policy: the default

Voice and influence by perspective
                          voice  influence    members
  lived experience *        50%        57%        50%
  carer                      0%         0%        25%
  professional              50%        43%        25%
  advocacy                   0%         0%         0%
  Counted as lived experience under this policy (marked *): people who
  use services.
  Voice is being heard; influence is shaping what was decided; members
  is the share of the group.

Decisions by level (1 decision)
                        stated  observed
  co-producing               1         0
  co-designing               0         1
  engaging                   0         0
  consulting                 0         0
  informing                  0         0
  educating                  0         0
  coercing                   0         0

Findings: 1 concern, 1 warning, 1 info

CONCERN (1)

  access_unmet (inclusivity and diversity)
    About: Alice Brown (alice); Menu group (m1)
    Alice Brown needs a hearing loop, which was not provided at the
    meeting on 10 January 2026 ("Menu group"). Provide it at every
    meeting Alice attends, and check with Alice how the decision taken
    there should be revisited.

WARNING (1)

  level_overstated (more than consulting)
    About: Curry night (d1)
    "Curry night" is described as co-producing, but what people with
    lived experience did shows co-designing. Either describe it as it
    was, or give them a real share in shaping and deciding it.

INFO (1)

  proxy_only (families and advocates)
    About: Bert Cole (bert)
    Bert Cole is heard only through Fay Cole. Find a way for Bert Cole
    to take part directly too, with the support they need."""


class Checker(HTMLParser):
    """Records tags, attributes and nesting problems of an HTML document."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open = []
        self.problems = []
        self.tags = []
        self.attrs = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(tag, name, value) for name, value in attrs]
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, _attrs):
        self.problems.append(f"self-closing <{tag}/>")

    def handle_endtag(self, tag):
        if tag in VOID:
            self.problems.append(f"end tag for void <{tag}>")
        elif not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1:] or 'nothing'}")
        else:
            self.open.pop()

    def handle_data(self, data):
        self.text.append(data)


def parse(html):
    checker = Checker()
    checker.feed(html)
    checker.close()
    return checker


class TestRenderText:
    def test_small_initiative_exactly(self):
        """A small initiative renders to exactly the expected text."""
        ini = small()
        assert render_text(cp.find_imbalances(ini), ini, width=72) == SMALL_TEXT

    def test_cycles_and_measures_named(self):
        """A finding about a PDSA cycle and a measure names them, as it names people."""
        ini = cp.scenarios.load_bundled("oak_house_meals")
        text = render_text(cp.find_imbalances(ini), ini, width=200)
        assert "About: PDSA cycle curry-2; Kitchen overtime (kitchen-overtime)" in text

    def test_fair_initiative(self):
        """An initiative with nothing to find ends with "No imbalances found."."""
        ini = fair()
        report = cp.find_imbalances(ini)
        assert len(report) == 0
        assert render_text(report, ini).endswith("\n\nNo imbalances found.")

    def test_without_initiative(self):
        """Without the initiative the header is generic and subjects are ids."""
        text = render_text(cp.find_imbalances(small()))
        assert text.splitlines()[0] == "Co-production report"
        assert "    About: alice; m1" in text

    def test_policy_differences(self):
        """A policy that differs from the default is listed in the header."""
        weights = {**cp.Policy().action_weights, cp.Action.PROPOSED: 3.0}
        policy = cp.Policy(feedback_days=28, action_weights=weights)
        text = render_text(cp.find_imbalances(small(), policy), width=200)
        assert text.splitlines()[2] == (
            "Policy: differs from the default in action weight of proposed 3 "
            "(default 2); feedback_days 28 (default 90)"
        )

    @pytest.mark.parametrize("name", SCENARIOS)
    def test_wraps_to_width_without_colour(self, name):
        """Every line fits the width, and there are no ANSI escape codes."""
        text = render_text(*bundled(name), width=60)
        assert [line for line in text.splitlines() if len(line) > 60] == []
        assert "\x1b" not in text

    def test_control_characters_removed(self):
        """A terminal escape in a name cannot reach the terminal."""
        ini = small(name="Al\x1b[31mice\nBrown")
        text = render_text(cp.find_imbalances(ini), ini)
        assert "\x1b" not in text
        assert "Al [31mice Brown (alice)" in text

    def test_argument_paths_name_the_argument(self):
        """A refused argument's path is `$.` and the argument's name."""
        with pytest.raises(cp.ValidationError) as info:
            render_text(cp.find_imbalances(small()), width=True)
        assert info.value.path == "$.width"

    def test_width_too_small(self):
        """A width below 40 is refused, naming the width."""
        with pytest.raises(cp.ValidationError) as info:
            render_text(cp.find_imbalances(small()), width=39)
        assert str(info.value) == (
            "$.width: width must be a whole number of at least 40, got 39"
        )


class TestRenderMarkdown:
    @pytest.mark.parametrize("name", SCENARIOS)
    def test_heading_per_severity(self, name):
        """There is a heading for each severity found, and none for the others."""
        report, ini = bundled(name)
        md = render_markdown(report, ini)
        for severity in cp.Severity:
            heading = f"### {severity.value.capitalize()} ("
            assert (heading in md) == bool(
                [f for f in report if f.severity is severity]
            )

    def test_small_initiative(self):
        """The figures are tables and each finding an item of a list."""
        ini = small()
        md = render_markdown(cp.find_imbalances(ini), ini)
        assert "| Perspective | Voice | Influence | Members |" in md
        assert "| lived experience \\* | 50% | 57% | 50% |" in md
        assert "| carer | 0% | 0% | 25% |" in md
        assert "| co-designing | 0 | 1 |" in md
        assert "- **proxy_only** (families and advocates), about Bert Cole (bert)" in md
        assert (
            md.splitlines()[0] == "# Co-production report: Mealtimes at Oak House (oak)"
        )

    def test_fair_initiative(self):
        """An initiative with nothing to find says so under its Findings heading."""
        ini = fair()
        md = render_markdown(cp.find_imbalances(ini), ini)
        assert md.endswith("## Findings\n\nNo imbalances found.")

    def test_escapes_user_text(self):
        """Names cannot become HTML, links or emphasis in the rendered Markdown."""
        ini = small(name=f"{XSS} [x](y) *z*")
        md = render_markdown(cp.find_imbalances(ini), ini)
        assert XSS not in md
        assert "\\<script\\>alert(1)\\</script\\> \\[x\\](y) \\*z\\*" in md

    def test_leading_list_marker_escaped(self):
        """A message that starts like a list item stays a paragraph."""
        ini = small(name="1. Alice")
        md = render_markdown(cp.find_imbalances(ini), ini)
        assert "\n  1\\. Alice needs a hearing loop" in md


class TestToJsonData:
    @pytest.mark.parametrize("name", SCENARIOS)
    def test_valid_against_schema(self, name):
        """Every bundled scenario's report validates, with and without its initiative."""
        report, ini = bundled(name)
        jsonschema.validate(to_json_data(report, ini), REPORT_JSON_SCHEMA)
        jsonschema.validate(json.loads(render_json(report)), REPORT_JSON_SCHEMA)
        carers = cp.find_imbalances(ini, CARERS)
        jsonschema.validate(json.loads(render_json(carers, ini)), REPORT_JSON_SCHEMA)

    def test_new_finding_kinds_validate(self):
        """A report with objection_overridden and membership_imbalance validates."""
        ini = day_centre()
        report = cp.find_imbalances(ini)
        kinds = {f.kind for f in report}
        assert {
            cp.FindingKind.OBJECTION_OVERRIDDEN,
            cp.FindingKind.MEMBERSHIP_IMBALANCE,
        } <= kinds
        jsonschema.validate(to_json_data(report, ini), REPORT_JSON_SCHEMA)

    def test_every_finding_kind_validates(self):
        """A finding of each kind, `outvoted` among them, is valid in the schema."""
        findings = tuple(
            cp.Finding(
                kind=kind,
                severity=cp.Severity.WARNING,
                subjects=("d1",),
                evidence={},
                message="m",
                theme=cp.Theme.FAMILIES_AND_ADVOCATES,
            )
            for kind in cp.FindingKind
        )
        report = cp.Report(
            findings=findings, policy=cp.Policy(), summary={}, as_of=None
        )
        data = json.loads(render_json(report))
        jsonschema.validate(data, REPORT_JSON_SCHEMA)
        assert [f["kind"] for f in data["findings"]] == [
            k.value for k in cp.FindingKind
        ]
        assert (
            "outvoted"
            in REPORT_JSON_SCHEMA["properties"]["findings"]["items"]["properties"][
                "kind"
            ]["enum"]
        )

    def test_policy_round_trips(self):
        """Every setting of a policy comes back from the JSON: `Policy(**policy)` is equal."""
        policy = cp.Policy(
            lived_experience={"carer", "lived_experience"},
            outvoted_share=0.6,
            outvoted_concern_share=0.8,
            outvoted_min_votes=4,
            min_lived_experience_membership=0.5,
            quota=3,
            action_weights={"proposed": 2.5},
        )
        data = json.loads(render_json(cp.find_imbalances(small(), policy)))
        jsonschema.validate(data, REPORT_JSON_SCHEMA)
        assert data["policy"]["lived_experience"] == ["carer", "lived_experience"]
        assert data["policy"]["outvoted_share"] == 0.6
        assert data["policy"]["outvoted_concern_share"] == 0.8
        assert data["policy"]["outvoted_min_votes"] == 4
        assert data["policy"]["min_lived_experience_membership"] == 0.5
        assert cp.Policy(**data["policy"]) == policy

    def test_default_policy_round_trips(self):
        """The default policy, its one-third membership minimum included, comes back equal."""
        data = json.loads(render_json(cp.find_imbalances(small())))
        assert data["policy"]["min_lived_experience_membership"] == 1 / 3
        assert cp.Policy(**data["policy"]) == cp.Policy()

    def test_lived_experience_must_be_perspectives(self):
        """The schema refuses a lived-experience list with an unknown or repeated perspective."""
        data = to_json_data(cp.find_imbalances(small()))
        for wrong in (["family"], ["carer", "carer"], "carer"):
            data["policy"]["lived_experience"] = wrong
            with pytest.raises(jsonschema.ValidationError):
                jsonschema.validate(data, REPORT_JSON_SCHEMA)

    def test_schema_is_valid(self):
        """The schema itself is a valid draft 2020-12 schema."""
        jsonschema.Draft202012Validator.check_schema(REPORT_JSON_SCHEMA)

    def test_schema_lists_every_policy_field(self):
        """The schema's policy keys are exactly the fields of `Policy`, in order."""
        fields = [f.name for f in attrs.fields(cp.Policy)]
        policy = REPORT_JSON_SCHEMA["properties"]["policy"]
        assert list(policy["properties"]) == fields
        assert policy["required"] == fields

    def test_keys_in_fixed_order(self):
        """Keys come in the documented order at every level."""
        ini = small()
        data = to_json_data(cp.find_imbalances(ini), ini)
        assert list(data) == [
            "format",
            "version",
            "coproduction_version",
            "initiative",
            "as_of",
            "policy",
            "summary",
            "findings",
        ]
        assert list(data["policy"]) == [f.name for f in attrs.fields(cp.Policy)]
        assert list(data["policy"]["action_weights"]) == [a.value for a in cp.Action]
        assert list(data["summary"]) == [
            "decisions",
            "influence_shares",
            "membership_shares",
            "stated_levels",
            "observed_levels",
            "findings",
            "lived_experience",
            "voice_shares",
        ]
        perspectives = [p.value for p in cp.Perspective]
        for key in ("influence_shares", "membership_shares", "voice_shares"):
            assert list(data["summary"][key]) == perspectives
        assert list(data["summary"]["stated_levels"]) == [lv.value for lv in cp.Level]
        for finding in data["findings"]:
            assert list(finding) == [
                "kind",
                "severity",
                "theme",
                "subjects",
                "message",
                "evidence",
                "template",
                "params",
            ]

    def test_values(self):
        """Enumerations are strings, the date is ISO, the initiative is named."""
        ini = small()
        data = to_json_data(cp.find_imbalances(ini), ini)
        assert data["format"] == "coproduction-report"
        assert data["version"] == 1
        assert data["coproduction_version"] == cp.__version__
        assert data["initiative"] == {"id": "oak", "title": "Mealtimes at Oak House"}
        assert data["as_of"] == "2026-01-10"
        assert data["findings"][0] == {
            "kind": "access_unmet",
            "severity": "concern",
            "theme": "inclusivity_and_diversity",
            "subjects": ["alice", "m1"],
            "message": data["findings"][0]["message"],
            "evidence": {"missing": ["hearing_loop"], "decisions_taken": 1},
            "template": "access_unmet.meeting",
            "params": {
                "person": "alice",
                "name": "Alice Brown",
                "needs": ["hearing_loop"],
                "meeting": "m1",
                "date": "2026-01-10",
                "title": "Menu group",
                "decisions_taken": 1,
            },
        }
        assert data["summary"]["findings"] == {"info": 1, "warning": 1, "concern": 1}
        assert data["summary"]["voice_shares"] == {
            "lived_experience": 0.5,
            "carer": 0.0,
            "professional": 0.5,
            "advocacy": 0.0,
        }
        assert data["summary"]["influence_shares"] == {
            "lived_experience": 4 / 7,
            "carer": 0.0,
            "professional": 3 / 7,
            "advocacy": 0.0,
        }
        assert data["summary"]["membership_shares"] == {
            "lived_experience": 0.5,
            "carer": 0.25,
            "professional": 0.25,
            "advocacy": 0.0,
        }
        assert data["summary"]["lived_experience"] == ["lived_experience"]
        assert data["policy"]["quota"] is None
        assert data["policy"]["lived_experience"] == ["lived_experience"]

    def test_evidence_made_plain(self):
        """Dates, sets, fractions, enumerations and NaN in evidence become plain JSON."""
        finding = cp.Finding(
            kind=cp.FindingKind.PROXY_ONLY,
            severity=cp.Severity.INFO,
            subjects=("a",),
            evidence={
                "when": dt.date(2026, 1, 2),
                "who": frozenset({"b", "a"}),
                "share": Fraction(1, 4),
                "level": cp.Level.CONSULTING,
                "gap": float("nan"),
                "pair": ("x", 1),
            },
            message="m",
            theme=cp.Theme.FAMILIES_AND_ADVOCATES,
        )
        report = cp.Report(
            findings=(finding,), policy=cp.Policy(), summary={}, as_of=None
        )
        data = json.loads(render_json(report))
        jsonschema.validate(data, REPORT_JSON_SCHEMA)
        assert data["findings"][0]["evidence"] == {
            "when": "2026-01-02",
            "who": ["a", "b"],
            "share": 0.25,
            "level": "consulting",
            "gap": None,
            "pair": ["x", 1],
        }
        assert data["initiative"] is None
        assert data["as_of"] is None


class TestRenderJson:
    @pytest.mark.parametrize("name", SCENARIOS)
    def test_round_trip_keeps_order(self, name):
        """Loading and dumping again gives back the same text, keys in the same order."""
        report, ini = bundled(name)
        text = render_json(report, ini)
        again = json.dumps(json.loads(text), indent=2, ensure_ascii=False)
        assert again == text

    def test_non_ascii_kept(self):
        """Non-ASCII names are written as they are, not as escapes."""
        ini = small(name="Zoë Ní Bhriain")
        assert "Zoë Ní Bhriain" in render_json(cp.find_imbalances(ini), ini)


class TestRenderHtml:
    @pytest.mark.parametrize("name", SCENARIOS)
    def test_well_formed_and_self_contained(self, name):
        """Every tag is closed in order, and nothing outside the page is referred to."""
        html = render_html(*bundled(name))
        checker = parse(html)
        assert checker.problems == []
        assert checker.open == []
        assert not {"script", "link", "img", "iframe", "object"} & set(checker.tags)
        for _, attr, value in checker.attrs:
            assert attr not in {"src", "href"}
            assert "http://" not in (value or "")
            assert "https://" not in (value or "")
        assert "url(" not in html
        assert "@import" not in html

    @pytest.mark.parametrize("build", [small, fair, day_centre])
    def test_built_initiatives_well_formed(self, build):
        """Initiatives built in code render to well-formed pages with a row per perspective."""
        ini = build()
        html = render_html(cp.find_imbalances(ini), ini)
        checker = parse(html)
        assert checker.problems == []
        assert checker.open == []
        assert [row[0] for row in share_rows(html)[1:]] == [
            "lived experience *",
            "carer",
            "professional",
            "advocacy",
        ]

    def test_legend_in_the_colours_of_the_bars(self):
        """Each legend entry carries the class, and so the colour, of its column's bars."""
        html = render_html(cp.find_imbalances(small()))
        for kind in ("cp-voice", "cp-influence", "cp-members"):
            assert f'<li class="{kind}"><span class="cp-swatch"' in html
            assert (
                f".cp-report .{kind} .cp-fill,.cp-report .{kind} .cp-swatch{{" in html
            )

    def test_document_shape(self):
        """The page is HTML5 in English, with its style inline in the head."""
        html = render_html(*bundled("oak_house_meals"))
        assert html.startswith('<!DOCTYPE html>\n<html lang="en">\n<head>\n')
        assert '<meta charset="utf-8">' in html
        assert html.index("<style>") < html.index("</head>")
        assert html.endswith("</body>\n</html>")

    @pytest.mark.parametrize("name", SCENARIOS)
    def test_headings_in_order(self, name):
        """Headings start at h1 and never skip a level."""
        checker = parse(render_html(*bundled(name)))
        levels = [int(t[1]) for t in checker.tags if re.fullmatch(r"h[1-6]", t)]
        assert levels[0] == 1
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels))

    def test_table_headers_have_scope(self):
        """Every table header cell says whether it heads a row or a column."""
        checker = parse(render_html(*bundled("oak_house_meals")))
        headers = checker.tags.count("th")
        scopes = [v for tag, a, v in checker.attrs if tag == "th" and a == "scope"]
        assert headers == len(scopes) > 0
        assert set(scopes) == {"col", "row"}

    def test_escapes_names(self):
        """A name that is markup is shown as text, never run."""
        ini = small(name=XSS)
        html = render_html(cp.find_imbalances(ini), ini)
        assert "<script" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        checker = parse(html)
        assert "script" not in checker.tags
        assert checker.problems == []
        assert any(XSS in text for text in checker.text)

    def test_severity_in_words(self):
        """Each finding says its severity in words, not only by colour."""
        html = render_html(cp.find_imbalances(small()))
        for severity in ("concern", "warning", "info"):
            assert f'<strong class="cp-badge">{severity}</strong>' in html

    def test_bars_show_shares(self):
        """Each perspective has a bar for influence and one for members, sized by CSS."""
        html = render_html(cp.find_imbalances(small()))
        widths = re.findall(r'style="width:([\d.]+)%"', html)
        assert widths == [
            *("50.0", "57.1", "50.0"),  # lived experience: voice, influence, members
            *("0.0", "0.0", "25.0"),  # carer
            *("50.0", "42.9", "25.0"),  # professional
            *("0.0", "0.0", "0.0"),  # advocacy
        ]

    def test_fair_initiative(self):
        """An initiative with nothing to find says so."""
        ini = fair()
        assert "<p>No imbalances found.</p>" in render_html(
            cp.find_imbalances(ini), ini
        )


class TestReportHtmlFragment:
    def test_fragment(self):
        """The fragment has no document parts, carries its style and starts at h2."""
        html = report_html_fragment(*bundled("oak_house_meals"))
        checker = parse(html)
        assert checker.problems == []
        assert checker.open == []
        assert not {"html", "head", "body", "h1"} & set(checker.tags)
        assert checker.tags[:3] == ["div", "style", "h2"]

    def test_inside_the_document(self):
        """The document's body is the fragment without its style, one level up."""
        report, ini = bundled("deaf_communication_policy")
        body = render_html(report, ini).split("<body>\n")[1]
        assert body.count("<h2>") == report_html_fragment(report, ini).count("<h3>")


class TestRender:
    @pytest.mark.parametrize("fmt", FORMATS)
    def test_dispatch(self, fmt):
        """Each format name renders with its own function."""
        report, ini = bundled("oak_house_meals")
        own = getattr(rep, f"render_{fmt}")
        assert render(report, fmt, ini) == own(report, ini)

    def test_unknown_format(self):
        """An unknown format is refused, naming it and listing the formats."""
        with pytest.raises(cp.ValidationError) as info:
            render(cp.find_imbalances(small()), "pdf")
        message = "Unknown format: 'pdf'. Available formats: 'text', 'markdown', 'json', 'html'."
        assert info.value.message == message
        assert info.value.path == "$.format"
        assert str(info.value) == f"$.format: {message}"
        assert isinstance(info.value, ValueError)

    @pytest.mark.parametrize("fmt", FORMATS)
    @pytest.mark.parametrize("name", SCENARIOS)
    def test_deterministic(self, name, fmt):
        """Rendering twice, even from a fresh load, gives identical output."""
        report, ini = bundled(name)
        first = render(report, fmt, ini)
        assert render(report, fmt, ini) == first
        fresh_report, fresh_ini = bundled(name)
        assert render(fresh_report, fmt, fresh_ini) == first

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_empty_report(self, fmt):
        """A hand-built report with no summary figures still renders."""
        report = cp.Report(findings=(), policy=cp.Policy(), summary={}, as_of=None)
        out = render(report, fmt)
        if fmt == "json":
            jsonschema.validate(json.loads(out), REPORT_JSON_SCHEMA)
        else:
            assert "No imbalances found." in out


CARERS = cp.Policy(lived_experience={"lived_experience", "carer"})
"""A carers' service: family and unpaid carers count as lived experience too."""

SMALL_SHARES = {
    # perspective: (voice, influence, members), as the reports round them
    "lived experience": ("50%", "57%", "50%"),
    "carer": ("0%", "0%", "25%"),
    "professional": ("50%", "43%", "25%"),
    "advocacy": ("0%", "0%", "0%"),
}


def share_rows(html):
    """The rows of the HTML shares table: the row header and the text of each cell."""
    table = html[html.index('<table class="cp-shares">') : html.index("</table>")]
    return [
        [re.sub(r"<[^>]+>", "", cell).replace("&nbsp;", " ") for cell in cells]
        for cells in (
            re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)
            for row in re.findall(r"<tr>(.*?)</tr>", table)
        )
    ]


class TestVoiceAndInfluence:
    def test_text(self):
        """The text shows voice, influence and members of every perspective in columns."""
        text = render_text(cp.find_imbalances(small()))
        assert text.splitlines()[4:10] == [
            "Voice and influence by perspective",
            "                          voice  influence    members",
            "  lived experience *        50%        57%        50%",
            "  carer                      0%         0%        25%",
            "  professional              50%        43%        25%",
            "  advocacy                   0%         0%         0%",
        ]

    def test_markdown(self):
        """The Markdown table has a row per perspective with its three figures."""
        md = render_markdown(cp.find_imbalances(small()))
        rows = [line for line in md.splitlines() if line.startswith("| ")]
        assert rows[:6] == [
            "| Perspective | Voice | Influence | Members |",
            "| --- | ---: | ---: | ---: |",
            "| lived experience \\* | 50% | 57% | 50% |",
            "| carer | 0% | 0% | 25% |",
            "| professional | 50% | 43% | 25% |",
            "| advocacy | 0% | 0% | 0% |",
        ]

    def test_html_table(self):
        """The HTML table has a voice, an influence and a members column for each perspective."""
        html = render_html(cp.find_imbalances(small()))
        assert share_rows(html) == [
            ["Perspective", "Voice", "Influence", "Members"],
            ["lived experience *", *SMALL_SHARES["lived experience"]],
            ["carer", *SMALL_SHARES["carer"]],
            ["professional", *SMALL_SHARES["professional"]],
            ["advocacy", *SMALL_SHARES["advocacy"]],
        ]
        assert html.count('class="cp-num cp-voice"') == 4
        assert html.count('class="cp-num cp-influence"') == 4
        assert html.count('class="cp-num cp-members"') == 4

    def test_html_caption_and_legend(self):
        """The table has a caption, and a legend says what each figure means in plain words."""
        html = render_html(cp.find_imbalances(small()))
        assert (
            "<caption>Each perspective's share of voice and of influence over the "
            "decisions, beside its share of the members</caption>"
        ) in html
        legend = html[html.index('<ul class="cp-legend">') :]
        legend = legend[: legend.index("</ul>")]
        assert re.sub(r"<[^>]+>", "", legend) == (
            "Voice: being heardInfluence: shaping what was decided"
            "Members: share of the group"
        )
        assert legend.count('<span class="cp-swatch" aria-hidden="true">') == 3

    def test_json(self):
        """The JSON summary has voice, influence and members for all four perspectives."""
        summary = to_json_data(cp.find_imbalances(small()))["summary"]
        for key in ("voice_shares", "influence_shares", "membership_shares"):
            assert set(summary[key]) == {p.value for p in cp.Perspective}
        rounded = {
            p: tuple(
                f"{summary[key][p.replace(' ', '_')]:.0%}"
                for key in ("voice_shares", "influence_shares", "membership_shares")
            )
            for p in SMALL_SHARES
        }
        assert rounded == SMALL_SHARES

    def test_voice_apart_from_influence(self):
        """Heard is not shaping: the manager's voice and influence differ in every format."""
        report = cp.find_imbalances(small())
        professional = SMALL_SHARES["professional"]
        assert professional[0] != professional[1]
        text = render_text(report)
        assert "  professional              50%        43%        25%" in text
        assert "| professional | 50% | 43% | 25% |" in render_markdown(report)

    @pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
    def test_says_what_counts_as_lived_experience(self, fmt):
        """Each format names the perspectives the policy counts as lived experience."""
        sentence = (
            "Counted as lived experience under this policy (marked *): "
            "people who use services."
        )
        out = render(cp.find_imbalances(small()), fmt)
        if fmt == "markdown":
            sentence = sentence.replace("*", "\\*")
        assert sentence in " ".join(out.split())

    @pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
    def test_carers_counted_as_lived_experience(self, fmt):
        """A carers' service's policy marks carers and says so, and the header shows it."""
        out = " ".join(render(cp.find_imbalances(small(), CARERS), fmt).split())
        sentence = (
            "Counted as lived experience under this policy (marked *): "
            "people who use services and unpaid carers."
        )
        policy = (
            "Policy: differs from the default in lived_experience "
            "{carer, lived_experience} (default {lived_experience})"
        )
        row = {
            "text": "carer * 0% 0% 25%",
            "markdown": "| carer \\* | 0% | 0% | 25% |",
            "html": '<th scope="row">carer&nbsp;*</th>',
        }[fmt]
        if fmt == "markdown":
            sentence = sentence.replace("*", "\\*")
            policy = policy.replace("_", "\\_")
        assert sentence in out
        assert policy in out
        assert row in out

    def test_carers_counted_in_json(self):
        """The JSON gives the perspectives counted as lived experience as a sorted list."""
        data = to_json_data(cp.find_imbalances(small(), CARERS))
        assert data["policy"]["lived_experience"] == ["carer", "lived_experience"]
        assert data["summary"]["lived_experience"] == ["carer", "lived_experience"]
        jsonschema.validate(data, REPORT_JSON_SCHEMA)

    def test_no_perspective_counted(self):
        """A policy that counts no perspective as lived experience says so."""
        report = cp.find_imbalances(small(), cp.Policy(lived_experience=()))
        text = render_text(report, width=200)
        assert (
            "Counted as lived experience under this policy (marked *): no one." in text
        )
        assert "*   " not in text
        assert to_json_data(report)["policy"]["lived_experience"] == []


class TestNamespace:
    def test_all_sorted(self):
        """The module's __all__ is sorted, constants first, and every name exists."""
        names = rep.__all__
        assert names == sorted(names, key=lambda n: (not n.isupper(), n))
        assert all(hasattr(rep, n) for n in names)


class TestReportsPage:
    def test_documents_every_key(self):
        """The Reports page has a table row for every key the schema describes."""
        page = Path(__file__).resolve().parents[2] / "docs" / "reports.md"
        rows = set(
            re.findall(r"^\| `([\w.\[\]]+)` \|", page.read_text("utf-8"), re.MULTILINE)
        )
        props = REPORT_JSON_SCHEMA["properties"]
        expected = set(props)
        expected |= {
            f"initiative.{k}" for k in props["initiative"]["anyOf"][1]["properties"]
        }
        expected |= {f"policy.{k}" for k in props["policy"]["properties"]}
        expected |= {f"summary.{k}" for k in props["summary"]["properties"]}
        expected |= {
            f"findings[].{k}" for k in props["findings"]["items"]["properties"]
        }
        assert expected <= rows
