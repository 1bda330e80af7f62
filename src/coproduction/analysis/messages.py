"""The words of findings: one template per shape of message, and the English renderer.

Each `Finding` names its `template` and carries the `params` its message was built
from: plain values (names, ids, counts, shares as fractions, dates as ISO text, lists of
names as lists). The English message is `render_message(f.template, f.params)`. A
service that speaks another language passes its own mapping of template id -> function;
a template it has not translated falls back to English, so a new kind of finding never
leaves a message blank.

A renderer is a function, not a format string, so that each language does plurals,
lists ("A, B and C") and dates in its own way.

Examples:
    >>> import coproduction as cp
    >>> f = cp.find_imbalances(cp.scenarios.load_bundled("oak_house_meals"))[0]
    >>> f.template
    'access_unmet.meeting'
    >>> cp.render_message(f.template, f.params) == f.message
    True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, Final, TypeAlias

from coproduction._words import and_list, did_you_mean, long_date
from coproduction.errors import ValidationError
from coproduction.model.access import need_label

__all__ = ["ENGLISH", "MESSAGE_TEMPLATES", "Renderer", "render_message"]

Renderer: TypeAlias = Callable[[Mapping[str, Any]], str]
"""A function from a template's params to the message, in one language."""

_NAMED: Final = 3
"""Decisions named in a message before "and N more"."""


def _day(iso: str) -> str:
    return long_date(dt.date.fromisoformat(iso))


def _first(name: str) -> str:
    return name.split(maxsplit=1)[0] if name.split() else name


def _level(value: str) -> str:
    return value.replace("_", "-")


def _lived(p: Mapping[str, Any]) -> str:
    if p["with_carers"]:
        return "People with lived experience (including family carers)"
    return "People with lived experience"


def _titled(title: str) -> str:
    return f' ("{title}")' if title else ""


def _professional_dominance(p: Mapping[str, Any]) -> str:
    voice, share = p["voice"], p["influence"]
    if not voice:
        heard = "were not heard at all"
        ask = "Ask them, with the support they need, before deciding"
    elif p["proposed"]:
        heard = f"have {voice:.0%} of the voice"
        ask = "Ask what stops their views from being taken up"
    else:
        heard = f"have {voice:.0%} of the voice"
        ask = (
            "Ask for their ideas early, while there is still something to shape, "
            "not only their vote or their reaction"
        )
    held = f"only {share:.0%}" if share else "none"
    return (
        f"{_lived(p)} are {p['members']:.0%} of the members and {heard}, but hold "
        f"{held} of the influence over what was decided. {ask}, and share the "
        "final say with them."
    )


def _tokenism_person(p: Mapping[str, Any]) -> str:
    name = p["name"]
    return (
        f"{name} put views forward on {p['decisions']} decisions and none "
        f"was adopted, while others' views were adopted on {p['others_adopted']} of "
        f"them. Talk with {name} about what they proposed, and show how it was weighed."
    )


_PERSPECTIVE_WORDS: Final = {
    "lived_experience": "People who use the service",
    "carer": "Family and unpaid carers",
    "advocacy": "Advocates",
    "professional": "Staff and professionals",
}


def _tokenism_group(p: Mapping[str, Any]) -> str:
    return (
        f"{_PERSPECTIVE_WORDS[p['perspective']]} ({p['people']} people) put views "
        f"forward on {p['decisions']} decisions and not one was adopted, while other "
        f"people's views were adopted on {p['others_adopted']} of them. Ask them "
        "together what would make their ideas count, and show how each was weighed."
    )


def _affected_absent_personal(p: Mapping[str, Any]) -> str:
    name = p["name"]
    never = (
        f" {name} was not even invited to the meeting where it was decided."
        if p["uninvited"]
        else ""
    )
    return (
        f'"{p["title"]}" is about {name}\'s own life, but neither {name} nor '
        f"anyone conveying {name}'s wishes was heard: being told or being there "
        f"is not being heard.{never} Revisit it with {name}, with the support "
        "they need, or with someone who can convey their wishes."
    )


def _affected_absent_collective(p: Mapping[str, Any]) -> str:
    return (
        f'"{p["title"]}" affects {p["affected"]} people, and none of them, nor anyone '
        "conveying their wishes, was heard: being told or being there is not being "
        "heard. Ask the people it affects before it goes further, and record what "
        "they say."
    )


def _level_overstated(p: Mapping[str, Any]) -> str:
    whose = (
        "what the person it is about did"
        if p["personal"]
        else "what people with lived experience did"
    )
    return (
        f'"{p["title"]}" is described as {_level(p["stated"])}, but {whose} shows '
        f"{_level(p['observed'])}. Either describe it as it was, or give them a real "
        "share in shaping and deciding it."
    )


def _level_overstated_unrecorded(p: Mapping[str, Any]) -> str:
    nobody = (
        "neither the person it is about nor anyone conveying their wishes"
        if p["personal"]
        else "no one with lived experience, nor anyone conveying their wishes,"
    )
    return (
        f'"{p["title"]}" is described as {_level(p["stated"])}, but {nobody} is '
        "recorded as taking part in it, not even as told of it. Record who took "
        "part, or give the people it is about a real share in shaping and deciding it."
    )


def _formal_power_concentration(p: Mapping[str, Any]) -> str:
    return (
        f"Members with a {p['perspective'].replace('_', ' ')} perspective are "
        f"{p['members']:.0%} of the members but hold {p['power']:.0%} of the voting "
        f"power; {p['strongest']} alone holds {p['strongest_power']:.0%}. Give every "
        "member an equal vote, or share the veto."
    )


def _single_decider(p: Mapping[str, Any]) -> str:
    return (
        f"{p['name']} had the final say on {p['final_say']} of the {p['decisions']} "
        "decisions that record one. Share decisions with the group, so that the people "
        "who live with them own them too."
    )


def _needs(needs: Sequence[str]) -> str:
    return and_list([need_label(n) for n in needs])


def _access_unmet_meeting(p: Mapping[str, Any]) -> str:
    name, missing, taken = p["name"], p["needs"], p["decisions_taken"]
    first = _first(name)
    it, was = ("it", "was") if len(missing) == 1 else ("them", "were")
    if taken == 0:
        revisit = "."
    elif taken == 1:
        revisit = f", and check with {first} how the decision taken there should be revisited."
    else:
        revisit = (
            f", and check with {first} how the {taken} decisions taken there should "
            "be revisited."
        )
    return (
        f"{name} needs {_needs(missing)}, which {was} not provided at the meeting on "
        f"{_day(p['date'])}{_titled(p['title'])}. Provide {it} at every meeting "
        f"{first} attends{revisit}"
    )


def _access_unmet_stayed_away(p: Mapping[str, Any]) -> str:
    name, needs, taken = p["name"], p["needs"], p["decisions_taken"]
    what = f" because {_needs(needs)} could not be provided" if needs else ""
    decided = (
        ""
        if taken == 0
        else f" {taken} decision{'s were' if taken > 1 else ' was'} taken without them."
    )
    return (
        f"{name} stayed away from the meeting on {_day(p['date'])}{_titled(p['title'])}"
        f"{what}.{decided} Arrange what {name} needs before the next meeting, and go "
        "over what was decided with them."
    )


def _under_represented(p: Mapping[str, Any]) -> str:
    characteristic = p["characteristic"].replace("_", " ")
    label = p["group"].replace("_", " ")
    return (
        f"{p['count']} of the {p['served']} people served ({p['share']:.0%}) have "
        f"{characteristic} {label!r}, but no one with that {characteristic} takes "
        "part. Invite people from this group, and ask what would make it easier for "
        "them to join."
    )


_REVIEWS: Final = {"studied": "studied", "acted": "acted on"}
"""The events of a PDSA cycle that judge it, with the words for what people did."""


def _review_without_lived_experience(p: Mapping[str, Any]) -> str:
    did = and_list([_REVIEWS[e] for e in p["did"]])
    days = and_list([_day(d) for d in p["dates"]])
    return (
        f'Only {and_list(p["names"])} {did} the PDSA cycle testing "{p["idea"]}" on '
        f"{days}: no one with lived experience took part. Study the results with the "
        "people who live with the change, and decide with them what to do next."
    )


def _said(p: Mapping[str, Any]) -> str:
    who = p["name"] if p["name"] is not None else "Someone (anonymously)"
    return f'{who} said "{p["text"]}" on {_day(p["received"])}'


def _feedback_unanswered(p: Mapping[str, Any]) -> str:
    return (
        f"{_said(p)}, {p['age']} days before {_day(p['as_of'])}, and nothing has been "
        "recorded in response. Answer it: say what was done, or why not."
    )


def _feedback_unanswered_holding_reply(p: Mapping[str, Any]) -> str:
    return (
        f"{_said(p)}; a holding reply was sent on {_day(p['holding_reply'])} and "
        f"nothing since, {p['waited']} days before {_day(p['as_of'])}. A holding reply "
        "is not an answer. Answer it: say what was done, or why not."
    )


def _proxy_only(p: Mapping[str, Any]) -> str:
    name = p["name"]
    return (
        f"{name} is heard only through {and_list(p['speakers'])}. Find a way for "
        f"{name} to take part directly too, with the support they need."
    )


def _objection_overridden(p: Mapping[str, Any]) -> str:
    rule = p["rule"]
    return (
        f'"{p["title"]}" was taken by {rule}, yet it carried over the objection of '
        f"{and_list(p['names'])}, which was not taken up. Under {rule} an objection stops "
        "a decision until it is resolved: go back to it with them, and record how "
        "their objection was answered."
    )


def _objection_overridden_opposed(p: Mapping[str, Any]) -> str:
    names = and_list(p["names"])
    who = (
        f"{names}, everyone with lived experience who took a position,"
        if len(p["names"]) > 1
        else f"{names}, the only person with lived experience who took a position,"
    )
    by = (
        "a single decider"
        if p["rule"] == "single_decider"
        else "a decider taking advice"
    )
    return (
        f'"{p["title"]}" was decided by {by}, and {who} opposed what was decided. '
        "Explain to them why, and ask whether it should be revisited together."
    )


def _outvoted(p: Mapping[str, Any]) -> str:
    lost = p["titles"]
    titles = and_list([f'"{t}"' for t in lost[:_NAMED]])
    more = f" and {len(lost) - _NAMED} more" if len(lost) > _NAMED else ""
    return (
        f"{_lived(p)} lost {len(lost)} of the {p['contested']} contested votes they "
        f"took part in ({p['share']:.0%}) to a majority of others, among them "
        f"{titles}{more}. A vote can overrule the people who live with a decision: "
        "look for agreement before voting, or give those it affects most a weight or "
        "a say of their own."
    )


def _membership_imbalance(p: Mapping[str, Any]) -> str:
    return (
        f"{_lived(p)} are {p['lived']} of the {p['members']} members "
        f"({p['share']:.0%}), fewer than the {p['minimum']:.0%} this policy asks for. "
        "Invite more people with lived experience to join, with the support they need "
        "to take part."
    )


_ROLE_WORDS: Final = {
    "attorney": "their attorney",
    "deputy": "their deputy",
    "family_carer": "a relative or carer",
    "volunteer": "a volunteer",
    "lived_experience": "another person using the service",
    "carer": "a relative or carer",
    "advocacy": "an advocate",
    "professional": "a professional",
}
"""What someone is, in a message about a person's own decision: by kind of stakeholder
where it says more, else by perspective."""


def _affected_overruled(p: Mapping[str, Any]) -> str:
    name, winners = p["name"], p["prevailed"]
    if winners:
        who = and_list(
            sorted(f"{w['name']} ({_ROLE_WORDS[w['role']]})" for w in winners)
        )
        prevailed = f"{who} prevailed"
    else:
        prevailed = "it went the other way"
    return (
        f'"{p["title"]}" is about {name}\'s own life. {name} made their wishes known '
        f"and {prevailed}. {name} is presumed to have capacity for this decision: "
        "an unwise decision is still theirs to make (Mental Capacity Act 2005, "
        f"section 1(4)). Go back to {name}, and support them to make it; if there "
        "is a real doubt about their capacity for it, assess and record it."
    )


_MISSING_WORDS: Final = {
    "wishes": "their own wishes, feelings and past wishes (in their words, or conveyed "
    "by someone who knows them)",
    "consultation": "the views of those close to them (family, carers, an advocate, "
    "an attorney or deputy; an independent mental capacity advocate if there is no one)",
    "decision_maker": "who made the decision",
}


def _best_interests_incomplete(p: Mapping[str, Any]) -> str:
    name = p["name"]
    lacks = and_list([_MISSING_WORDS[m] for m in p["missing"]])
    if "decision_maker" in p["missing"]:  # who decided is not a thing to weigh
        needs = (
            "A best-interests decision must be made by a named decision-maker, who "
            "weighs the person's wishes and the views of those close to them (Mental "
            "Capacity Act 2005, section 4): record what is missing, or revisit the "
            "decision."
        )
    else:
        needs = (
            "A best-interests decision must weigh these (Mental Capacity Act 2005, "
            "section 4): record them, or revisit the decision."
        )
    return (
        f'"{p["title"]}" was made in {name}\'s best interests, as {name} lacks capacity '
        f"for it, but the record does not show {lacks}. {needs}"
    )


def _care_plan_not_agreed(p: Mapping[str, Any]) -> str:
    name = p["name"]
    first = _first(name)
    return (
        f"{name} did not agree any part of their care plan{_titled(p['title'])}, and "
        f"no one conveying {first}'s wishes did either. Go through the plan with "
        f"{first}, with the support they need, and record what {first} agrees."
    )


def _care_plan_review_overdue(p: Mapping[str, Any]) -> str:
    name, days = p["name"], p["days"]
    first = _first(name)
    ago = "1 day" if days == 1 else f"{days} days"
    return (
        f"{name}'s care plan{_titled(p['title'])} was due for review on "
        f"{_day(p['review'])}, {ago} ago (as of {_day(p['as_of'])}). Review it with "
        f"{first}, with the support they need: ask what still matters to {first} and "
        "what has changed, and record what is agreed and when it will next be reviewed."
    )


def _balancing_concern(p: Mapping[str, Any]) -> str:
    message = (
        f'The Study of the PDSA cycle testing "{p["idea"]}" ({p["cycle"]}) on '
        f"{_day(p['studied'])} warned: {p['warning']}"
    )
    if p["cleared"] is not None:
        message += f" The ramp's study on {_day(p['cleared'])} no longer shows it."
    return message


def _revisited(p: Mapping[str, Any]) -> str:
    when = f" on {_day(p['date'])}" if p["date"] is not None else ""
    return (
        f'It was revisited{when} ("{p["title"]}"), where this was put right; '
        "it is kept for the record."
    )


ENGLISH: Final[Mapping[str, Renderer]] = MappingProxyType(
    {
        "professional_dominance": _professional_dominance,
        "tokenism.person": _tokenism_person,
        "tokenism.group": _tokenism_group,
        "affected_absent.personal": _affected_absent_personal,
        "affected_absent.collective": _affected_absent_collective,
        "level_overstated": _level_overstated,
        "level_overstated.unrecorded": _level_overstated_unrecorded,
        "formal_power_concentration": _formal_power_concentration,
        "single_decider": _single_decider,
        "access_unmet.meeting": _access_unmet_meeting,
        "access_unmet.stayed_away": _access_unmet_stayed_away,
        "under_represented": _under_represented,
        "review_without_lived_experience": _review_without_lived_experience,
        "feedback_unanswered": _feedback_unanswered,
        "feedback_unanswered.holding_reply": _feedback_unanswered_holding_reply,
        "proxy_only": _proxy_only,
        "objection_overridden": _objection_overridden,
        "objection_overridden.opposed": _objection_overridden_opposed,
        "outvoted": _outvoted,
        "membership_imbalance": _membership_imbalance,
        "affected_overruled": _affected_overruled,
        "best_interests_incomplete": _best_interests_incomplete,
        "care_plan_not_agreed": _care_plan_not_agreed,
        "care_plan_review_overdue": _care_plan_review_overdue,
        "balancing_concern": _balancing_concern,
        "revisited": _revisited,
    }
)
"""The English renderer: template id -> the function that writes its message.

Examples:
    >>> ENGLISH["revisited"]({"date": "2025-12-04", "title": "Menu, again"})
    'It was revisited on 4 December 2025 ("Menu, again"), where this was put right; it is kept for the record.'
"""

MESSAGE_TEMPLATES: Final[tuple[str, ...]] = tuple(ENGLISH)
"""Every template id, in the order of the kinds of finding; `revisited` last.

A template id is a kind of finding, or a kind and the shape of its message after a dot
(`access_unmet.meeting`, `access_unmet.stayed_away`). `revisited` is the sentence added
to a finding that a later decision put right: not a finding's own template, it is
rendered from the finding's `params["revisited"]`.

Examples:
    >>> MESSAGE_TEMPLATES[:3]
    ('professional_dominance', 'tokenism.person', 'tokenism.group')
"""


def render_message(
    template: str,
    params: Mapping[str, Any],
    renderers: Mapping[str, Renderer] = ENGLISH,
) -> str:
    """Write a finding's message from its template and params, in one language.

    Args:
        template: A template id, as in `Finding.template` (one of `MESSAGE_TEMPLATES`).
        params: The values the message is built from, as in `Finding.params`. When
            they hold `revisited` (a later decision put the finding right), the
            `revisited` template's sentence follows the message, after a space.
        renderers: Template id -> function from params to text, in the language
            wanted. A template missing from it is rendered in English.

    Returns:
        The message.

    Raises:
        ValidationError: If the template is not one of `MESSAGE_TEMPLATES` nor in `renderers`
            (code `not_a_choice`, at `$.template`).

    Examples:
        >>> import coproduction as cp
        >>> params = {"person": "bert", "name": "Bert Cole", "speakers": ["Fay Cole"]}
        >>> cp.render_message("proxy_only", params)
        'Bert Cole is heard only through Fay Cole. Find a way for Bert Cole to take part directly too, with the support they need.'
        >>> welsh = {"proxy_only": lambda p: f"Dim ond drwy {p['speakers'][0]} y clywir {p['name']}."}
        >>> cp.render_message("proxy_only", params, welsh)
        'Dim ond drwy Fay Cole y clywir Bert Cole.'
        >>> cp.render_message("proxy_onl", params)
        Traceback (most recent call last):
        ...
        coproduction.errors.ValidationError: $.template: 'proxy_onl' is not a message template (did you mean 'proxy_only'?)

    Added in 0.2.
    """
    text = _renderer(template, renderers)(params)
    revisited = params.get("revisited")
    if revisited is not None:
        text = f"{text} {_renderer('revisited', renderers)(revisited)}"
    return text


def _renderer(template: str, renderers: Mapping[str, Renderer]) -> Renderer:
    found = renderers.get(template) or ENGLISH.get(template)
    if found is None:
        known = [*MESSAGE_TEMPLATES, *renderers]
        close = did_you_mean(known, template) if isinstance(template, str) else ""
        raise ValidationError(
            f"{template!r} is not a message template{close}",
            "$.template",
            code="not_a_choice",
            input=template,
        )
    return found
