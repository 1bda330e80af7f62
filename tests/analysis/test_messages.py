"""Messages built from a template and params, in English or a service's own language."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings

import coproduction as cp
from coproduction.analysis.messages import ENGLISH, MESSAGE_TEMPLATES, render_message
from coproduction.testing import initiatives

DOCS = Path(__file__).resolve().parents[2] / "docs"
FEW = settings(max_examples=min(40, settings().max_examples), deadline=None)

BUNDLED = [
    (f"{name}:{f.kind.value}:{','.join(f.subjects)}", f)
    for name in cp.scenarios.list_bundled()
    for f in cp.find_imbalances(cp.scenarios.load_bundled(name))
]


def plain(value: object) -> bool:
    """Plain data: text, numbers, booleans, None, and mappings and lists of them."""
    if value is None or isinstance(value, str | int | float | bool):
        return True
    if isinstance(value, Mapping):
        return all(isinstance(k, str) and plain(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return all(plain(v) for v in value)
    return False


def ann_revisited() -> cp.Finding:
    """Ann was only told of a decision about her; a later one, with her, put it right."""
    ann = cp.Stakeholder(id="ann", name="Ann Lee", perspective="lived_experience")
    mo = cp.Stakeholder(id="mo", name="Mo Shah", perspective="professional")
    cut = cp.Decision(
        id="cut",
        title="Fewer visits for Ann",
        level="engaging",
        rule="single_decider",
        affects={"ann"},
        contributions=[
            cp.Contribution(by="ann", action="informed"),
            cp.Contribution(by="mo", action="decided"),
        ],
    )
    again = cp.Decision(
        id="again",
        title="Ann's visits, with Ann",
        level="co_producing",
        rule="single_decider",
        affects={"ann"},
        revisits="cut",
        date=dt.date(2026, 3, 2),
        contributions=[
            cp.Contribution(by="ann", action="proposed", adopted=True),
            cp.Contribution(by="ann", action="decided"),
        ],
    )
    ini = cp.Initiative(id="x", stakeholders=[ann, mo], decisions=[cut, again])
    return cp.find_imbalances(ini, kinds="affected_absent")[0]


class TestTemplates:
    def test_every_template_is_documented(self):
        """The languages page has a table row for each template id, and no other."""
        text = (DOCS / "languages.md").read_text(encoding="utf-8")
        documented = re.findall(r"^\| `([a-z_.]+)` \|", text, flags=re.MULTILINE)
        assert documented == list(MESSAGE_TEMPLATES)

    def test_ids_name_their_kind(self):
        """Each template id is a kind of finding, or a kind and a shape after a dot."""
        kinds = {k.value for k in cp.FindingKind}
        for template in MESSAGE_TEMPLATES[:-1]:
            assert template.partition(".")[0] in kinds, template
        assert MESSAGE_TEMPLATES[-1] == "revisited"
        assert {t.partition(".")[0] for t in MESSAGE_TEMPLATES[:-1]} == kinds

    def test_top_level_names(self):
        assert cp.render_message is render_message
        assert cp.ENGLISH is ENGLISH
        assert tuple(ENGLISH) == cp.MESSAGE_TEMPLATES


class TestBundled:
    @pytest.mark.parametrize(
        "finding", [f for _, f in BUNDLED], ids=[where for where, _ in BUNDLED]
    )
    def test_english_rendering_is_the_message(self, finding):
        """Every finding of every bundled scenario: its template renders its message."""
        assert finding.template in MESSAGE_TEMPLATES
        assert finding.template.partition(".")[0] == finding.kind.value
        assert render_message(finding.template, finding.params) == finding.message
        assert plain(finding.params)

    def test_params_of_a_meeting(self):
        """The exact params of Edna's finding: names, ids, counts and an ISO date."""
        f = cp.find_imbalances(cp.scenarios.load_bundled("oak_house_meals"))[0]
        assert (f.template, f.params) == (
            "access_unmet.meeting",
            {
                "person": "edna",
                "name": "Edna Whitfield",
                "needs": ["hearing_loop"],
                "meeting": "m3-garden-room",
                "date": "2025-11-06",
                "title": "Mealtimes group in the garden room, while the lounge was "
                "being decorated",
                "decisions_taken": 2,
            },
        )

    @FEW
    @given(initiatives())
    def test_any_initiative(self, ini):
        """Whatever is found, the English rendering of its template is its message."""
        for f in cp.find_imbalances(ini):
            assert f.template in MESSAGE_TEMPLATES[:-1]
            assert render_message(f.template, f.params) == f.message
            assert plain(f.params)


def welsh_proxy(p: Mapping[str, object]) -> str:
    return f"Dim ond drwy {p['speakers'][0]} y clywir {p['name']}."  # type: ignore[index]


PROXY = {"person": "bert", "name": "Bert Cole", "speakers": ["Fay Cole"]}


class TestRenderers:
    def test_own_language(self):
        """A template the service translated is written in its language."""
        assert render_message("proxy_only", PROXY, {"proxy_only": welsh_proxy}) == (
            "Dim ond drwy Fay Cole y clywir Bert Cole."
        )

    def test_falls_back_to_english(self):
        """A template the service has not translated is written in English."""
        assert render_message(
            "proxy_only", PROXY, {"tokenism.person": welsh_proxy}
        ) == (
            "Bert Cole is heard only through Fay Cole. Find a way for Bert Cole to take "
            "part directly too, with the support they need."
        )
        assert render_message("proxy_only", PROXY, {}) == render_message(
            "proxy_only", PROXY
        )

    def test_unknown_template_is_refused(self):
        with pytest.raises(cp.ValidationError) as caught:
            render_message("proxy_onl", PROXY)
        err = caught.value
        assert str(err) == (
            "$.template: 'proxy_onl' is not a message template (did you mean 'proxy_only'?)"
        )
        assert (err.path, err.code, err.input) == (
            "$.template",
            "not_a_choice",
            "proxy_onl",
        )

    def test_a_service_may_add_a_template(self):
        """A template of the service's own is rendered, though the library lacks it."""
        ours = {"ours": lambda p: f"{p['n']} o bethau"}
        assert render_message("ours", {"n": 3}, ours) == "3 o bethau"

    def test_revisited(self):
        """A finding put right keeps its template; `revisited` adds its sentence."""
        f = ann_revisited()
        assert (f.severity, f.template) == (
            cp.Severity.INFO,
            "affected_absent.personal",
        )
        assert f.params["revisited"] == {
            "decision": "again",
            "title": "Ann's visits, with Ann",
            "date": "2026-03-02",
        }
        assert render_message(f.template, f.params) == f.message
        assert f.message.endswith(
            'It was revisited on 2 March 2026 ("Ann\'s visits, with Ann"), where this '
            "was put right; it is kept for the record."
        )
        welsh = {
            "affected_absent.personal": lambda p: f"Ni chlywyd {p['name']}.",
            "revisited": lambda p: f"Ailystyriwyd y penderfyniad ({p['title']}).",
        }
        assert render_message(f.template, f.params, welsh) == (
            "Ni chlywyd Ann Lee. Ailystyriwyd y penderfyniad (Ann's visits, with Ann)."
        )
        english_revisited = {
            "affected_absent.personal": welsh["affected_absent.personal"]
        }
        assert render_message(f.template, f.params, english_revisited) == (
            "Ni chlywyd Ann Lee. It was revisited on 2 March 2026 (\"Ann's visits, with "
            'Ann"), where this was put right; it is kept for the record.'
        )


class TestFinding:
    def test_equality_includes_template_and_params(self):
        f = cp.find_imbalances(cp.scenarios.load_bundled("oak_house_meals"))[0]
        assert attrs.evolve(f) == f
        assert attrs.evolve(f, template="access_unmet.stayed_away") != f
        assert attrs.evolve(f, params={**f.params, "decisions_taken": 3}) != f

    def test_params_are_frozen(self):
        f = cp.find_imbalances(cp.scenarios.load_bundled("oak_house_meals"))[0]
        with pytest.raises(TypeError):
            f.params["name"] = "Someone else"  # type: ignore[index]
        with pytest.raises((TypeError, AttributeError)):
            f.params["needs"].append("bsl_interpreter")
        assert f.params["needs"] == ["hearing_loop"]

    def test_made_by_hand(self):
        """A finding made by hand has no template unless it is given one."""
        f = cp.Finding(
            kind=cp.FindingKind.PROXY_ONLY,
            severity=cp.Severity.INFO,
            subjects=("bert",),
            message="Bert is heard only through Fay.",
            theme=cp.Theme.FAMILIES_AND_ADVOCATES,
        )
        assert (f.template, f.params) == ("", {})
