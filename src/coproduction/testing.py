"""Hypothesis strategies that build valid records and initiatives, for property tests.

Integrators can use them in their own tests: anything drawn from `initiatives()` is
consistent (every id it refers to exists; representation has no loops; decisions fall
on their meeting's date), so it must survive a round trip through their storage.
Hypothesis is needed only here: ``pip install "coproduction[test]"``.

Examples:
    >>> from hypothesis import given, settings
    >>> import coproduction as cp
    >>> @settings(max_examples=5)
    ... @given(initiatives())
    ... def test_round_trip(ini):
    ...     assert cp.from_dict(cp.Initiative, cp.to_dict(ini)) == ini
    >>> test_round_trip()
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

import attrs

try:
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover  # tested by hiding hypothesis
    msg = (
        "coproduction.testing needs Hypothesis, which comes with the 'test' extra: "
        'pip install "coproduction[test]"'
    )
    raise ImportError(msg) from None

from coproduction.improvement import (
    Aim,
    ChangeIdea,
    Cycle,
    Driver,
    DriverKind,
    Measure,
    MeasureKind,
    Observation,
    Outcome,
    Prediction,
)
from coproduction.initiative import Initiative
from coproduction.model import (
    KINDS,
    Action,
    Capacity,
    CarePlan,
    CarePlanItem,
    Contribution,
    Decision,
    Feedback,
    FeedbackKind,
    ItemKind,
    Level,
    Meeting,
    Membership,
    Option,
    Perspective,
    Response,
    ResponseKind,
    Role,
    Rule,
    Scope,
    Stakeholder,
)

__all__ = [
    "dates",
    "decisions",
    "ids",
    "improvement",
    "initiatives",
    "stakeholders",
    "texts",
]

_REPRESENTATIVES = ("family_carer", "advocate")


def ids() -> st.SearchStrategy[str]:
    """Short ids such as ``"alice"`` or ``"m-3"``.

    Examples:
        >>> from hypothesis import given
        >>> @given(ids())
        ... def test_ids_are_plain(id):
        ...     assert id == id.strip() and id[0].isalpha()
        >>> test_ids_are_plain()
    """
    return st.from_regex(r"[a-z][a-z0-9_-]{0,7}", fullmatch=True)


def texts(max_size: int = 24) -> st.SearchStrategy[str]:
    """Any text a person might type, including accents, emoji and YAML look-alikes.

    Examples:
        >>> from hypothesis import given
        >>> import coproduction as cp
        >>> @given(texts())
        ... def test_names_survive_yaml(name):
        ...     ini = cp.Initiative(id="x", stakeholders=[cp.Stakeholder(id="a", name=name)])
        ...     assert cp.loads(cp.dumps(ini)) == ini
        >>> test_names_survive_yaml()
    """
    tricky = st.sampled_from(
        [
            "no",
            "yes",
            "on",
            "0123",
            "1e3",
            "null",
            "~",
            "2026-01-10",
            "*a",
            "- x",
            ": y",
            "#z",
            "",
        ]
    )
    return st.one_of(
        tricky,
        st.text(
            st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
            max_size=max_size,
        ),
    )


def dates() -> st.SearchStrategy[dt.date]:
    """Dates in the years the scenarios talk about.

    Examples:
        >>> from hypothesis import given
        >>> @given(dates())
        ... def test_in_range(day):
        ...     assert 2020 <= day.year <= 2030
        >>> test_in_range()
    """
    return st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31))


def stakeholders(id: str | None = None) -> st.SearchStrategy[Stakeholder]:
    """A stakeholder who represents no one (representation needs an initiative).

    Examples:
        >>> from hypothesis import given
        >>> @given(stakeholders(id="alice"))
        ... def test_id(person):
        ...     assert person.id == "alice" and not person.represents
        >>> test_id()
    """
    return st.builds(
        Stakeholder,
        id=st.just(id) if id is not None else ids(),
        name=texts(),
        kind=st.sampled_from([k for k in KINDS if k != "other"]),
        access_needs=st.frozensets(ids(), max_size=3),
        characteristics=st.dictionaries(ids(), texts(8), max_size=3),
    )


@st.composite
def decisions(
    draw: st.DrawFn,
    people: list[Stakeholder],
    meetings: list[Meeting] | tuple[()] = (),
    id: str | None = None,
    members: Iterable[str] = (),
) -> Decision:
    """A decision whose contributions come from `people` (ids must exist).

    Some decisions are choices among options, voted on or decided; every vote follows
    the counting rules (one vote per person per option, a vote among options names
    one). The result is left to be worked out. A decision under `weighted_vote` is drawn
    only when `members` (the people holding a role) are given, and only they vote in it.

    Examples:
        >>> from hypothesis import given
        >>> import coproduction as cp
        >>> team = [cp.Stakeholder(id="alice", name="Alice"), cp.Stakeholder(id="mo", name="Mo")]
        >>> @given(decisions(team))
        ... def test_by_team(decision):
        ...     assert {c.by for c in decision.contributions} <= {"alice", "mo"}
        >>> test_by_team()
    """
    meeting = draw(st.none() | st.sampled_from(meetings)) if meetings else None
    members = set(members)
    rules = [r for r in Rule if r is not Rule.WEIGHTED_VOTE or members]
    rule = draw(st.sampled_from(rules))
    person_ids = [p.id for p in people]
    options: list[Option] = []
    among_options: bool = draw(st.booleans())
    if people and among_options:
        option_ids = draw(st.lists(ids(), min_size=1, max_size=4, unique=True))
        options = [
            Option(
                id=o,
                title=draw(texts(12)),
                proposed_by=draw(
                    st.frozensets(st.sampled_from(person_ids), max_size=2)
                ),
            )
            for o in option_ids
        ]
    contributions = []
    voted: set[tuple[str, str | None]] = set()
    if people:
        for _ in range(draw(st.integers(0, 6))):
            by = draw(st.sampled_from(people))
            behalf = (
                draw(st.none() | st.sampled_from(sorted(by.represents)))
                if by.represents
                else None
            )
            others = [p.id for p in people if p.id != by.id]
            action = draw(st.sampled_from(Action))
            option = None
            if options and action not in {Action.ATTENDED, Action.INFORMED}:
                option = draw(st.none() | st.sampled_from([o.id for o in options]))
            if action in {Action.VOTED_FOR, Action.VOTED_AGAINST}:
                voter = behalf or by.id
                if options and option is None:
                    option = options[0].id
                if (voter, option) in voted or (
                    rule is Rule.WEIGHTED_VOTE and voter not in members
                ):
                    continue
                voted.add((voter, option))
            contributions.append(
                Contribution(
                    by=by.id,
                    action=action,
                    # being there or being told puts nothing forward to adopt
                    adopted=action not in {Action.ATTENDED, Action.INFORMED}
                    and draw(st.booleans()),
                    on_behalf_of=behalf,
                    # communication support goes with the person's own words only
                    supported_by=None
                    if behalf or not others
                    else draw(st.none() | st.sampled_from(others)),
                    option=option,
                    note=draw(st.sampled_from(["", "Said it clearly"]) | texts(12)),
                )
            )
    affects = (
        draw(st.frozensets(st.sampled_from(person_ids), max_size=3))
        if people
        else frozenset()
    )
    scope = Scope.PERSONAL if len(affects) == 1 else Scope.COLLECTIVE
    if scope is Scope.PERSONAL and draw(st.booleans()):
        scope = Scope.COLLECTIVE  # one person's use of a shared service
    capacity = (
        draw(
            st.dictionaries(st.sampled_from(sorted(affects)), st.sampled_from(Capacity))
        )
        if scope is Scope.PERSONAL
        else {}
    )
    return Decision(
        id=id if id is not None else draw(ids()),
        title=draw(texts()),
        level=draw(st.sampled_from(Level)),
        rule=rule,
        meeting=meeting.id if meeting else None,
        affects=affects,
        scope=scope,
        capacity=capacity,
        options=options,
        contributions=contributions,
        outcome=draw(texts()),
        date=meeting.date if meeting and draw(st.booleans()) else None,
    )


@st.composite
def initiatives(  # one local per collection reads best here
    draw: st.DrawFn, max_people: int = 8, max_decisions: int = 6
) -> Initiative:
    """A consistent initiative with every kind of record.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=10)
        ... @given(initiatives(max_people=4))
        ... def test_consistent(ini):
        ...     ini.validate()
        ...     assert len(ini.stakeholders) <= 4
        >>> test_consistent()

    Args:
        draw: Supplied by Hypothesis.
        max_people: The most stakeholders to draw.
        max_decisions: The most decisions to draw.
    """
    names = draw(st.lists(ids(), min_size=0, max_size=max_people, unique=True))
    people: list[Stakeholder] = []
    for name in names:
        person = draw(stakeholders(name))
        if draw(st.booleans()):
            person = _with_perspective(person, draw(st.sampled_from(Perspective)))
        people.append(person)
    represented = [p.id for p in people if p.kind not in _REPRESENTATIVES]
    people = [
        _represents(
            p, draw(st.frozensets(st.sampled_from(represented), max_size=2)) - {p.id}
        )
        if p.kind in _REPRESENTATIVES and represented
        else p
        for p in people
    ]
    person_ids = [p.id for p in people]
    roles = draw(
        st.lists(
            st.builds(Role, id=ids(), name=texts(), votes=st.integers(0, 5)),
            max_size=3,
            unique_by=lambda r: r.id,
        )
    )
    memberships = []
    if people and roles:
        pairs = draw(
            st.lists(
                st.tuples(
                    st.sampled_from(person_ids), st.sampled_from([r.id for r in roles])
                ),
                max_size=6,
                unique=True,
            )
        )
        memberships = [Membership(stakeholder=s, role=r) for s, r in pairs]
    meetings = draw(
        st.lists(
            st.builds(
                Meeting,
                id=ids(),
                date=dates(),
                title=texts(),
                attendees=st.frozensets(st.sampled_from(person_ids), max_size=5)
                if people
                else st.just(frozenset()),
                accommodations=st.frozensets(ids(), max_size=2),
                invited=st.frozensets(st.sampled_from(person_ids), max_size=5)
                if people
                else st.just(frozenset()),
            ),
            max_size=3,
            unique_by=lambda m: m.id,
        )
    )
    decision_ids = draw(st.lists(ids(), max_size=max_decisions, unique=True))
    members = {m.stakeholder for m in memberships}
    decided = [
        draw(decisions(people, meetings, id=i, members=members)) for i in decision_ids
    ]
    for k in range(1, len(decided)):  # some reconsider an earlier one
        if draw(st.booleans()):
            earlier = draw(st.sampled_from(decision_ids[:k]))
            # result and chosen are left to be worked out again, as when first drawn
            decided[k] = attrs.evolve(
                decided[k], revisits=earlier, result=None, chosen=None
            )
    feedback = draw(
        st.lists(
            st.builds(
                Feedback,
                id=ids(),
                received=dates(),
                text=texts(),
                kind=st.sampled_from(FeedbackKind),
                by=st.none() | st.sampled_from(person_ids) if people else st.none(),
                theme=texts(8),
            ),
            max_size=3,
            unique_by=lambda f: f.id,
        )
    )
    responses = [
        Response(
            feedback=f.id,
            date=draw(st.dates(min_value=f.received, max_value=dt.date(2030, 12, 31))),
            kind=(kind := draw(st.sampled_from(ResponseKind))),
            action=draw(
                texts().filter(str.strip) if kind is ResponseKind.DECLINED else texts()
            ),
            by=draw(st.frozensets(st.sampled_from(person_ids), max_size=2))
            if people
            else frozenset(),
            decision=draw(st.none() | st.sampled_from(decision_ids))
            if decision_ids
            else None,
        )
        for f in feedback
        if draw(st.booleans())
    ]
    plans = []
    for pid in (
        draw(st.lists(st.sampled_from(person_ids), max_size=2, unique=True))
        if people
        else []
    ):
        items = draw(
            st.lists(
                st.builds(
                    CarePlanItem,
                    area=texts(10),
                    text=texts(),
                    kind=st.sampled_from(ItemKind),
                    agreed_by=st.frozensets(st.sampled_from(person_ids), max_size=2),
                ),
                max_size=3,
            )
        )
        plans.append(
            CarePlan(
                id=f"plan-{pid}",
                person=pid,
                items=items,
                agreed=draw(st.none() | dates()),
            )
        )
    improving = draw(improvement(person_ids))
    return Initiative(
        **improving,
        id=draw(ids()),
        title=draw(texts()),
        description=draw(texts()),
        population=draw(
            st.dictionaries(
                ids(),
                st.dictionaries(ids(), st.integers(0, 500), max_size=3),
                max_size=2,
            )
        ),
        stakeholders=people,
        roles=roles,
        memberships=memberships,
        meetings=meetings,
        decisions=decided,
        feedback=feedback,
        responses=responses,
        care_plans=plans,
    )


_CLOCK_START = dt.datetime(2026, 1, 5, 10, 0, tzinfo=dt.UTC)


@st.composite
def improvement(draw: st.DrawFn, people: list[str]) -> dict[str, Any]:
    """Aims, drivers, change ideas, measures, observations and cycles, as keyword arguments.

    Cycles are driven through a random number of phases with a fixed clock, so that
    their events are reproducible.

    Examples:
        >>> from hypothesis import given, settings
        >>> import coproduction as cp
        >>> @settings(max_examples=10)
        ... @given(improvement(["alice", "mo"]))
        ... def test_consistent(parts):
        ...     cp.Initiative(id="x", stakeholders=[cp.Stakeholder(id=i, name=i) for i in ("alice", "mo")],
        ...                   **parts).validate()
        >>> test_consistent()
    """
    aim_ids = draw(st.lists(ids(), max_size=2, unique=True))
    aims = [
        Aim(
            id=f"aim-{a}",
            what=draw(texts()),
            how_much=draw(texts(8)),
            for_whom=draw(texts(8)),
            by_when=draw(dates()),
        )
        for a in aim_ids
    ]
    primaries = [
        Driver(id=f"p-{a.id}", title=draw(texts()), kind=DriverKind.PRIMARY, aim=a.id)
        for a in aims
    ]
    secondaries = [
        Driver(
            id=f"s-{p.id}", title=draw(texts()), kind=DriverKind.SECONDARY, feeds={p.id}
        )
        for p in primaries
    ]
    ideas = [
        ChangeIdea(
            id=f"idea-{i}",
            title=draw(texts()),
            feeds=draw(
                st.frozensets(st.sampled_from([s.id for s in secondaries]), max_size=2)
            )
            if secondaries
            else frozenset(),
        )
        for i in range(draw(st.integers(0, 2)))
    ]
    linked = [
        *(a.id for a in aims),
        *(d.id for d in (*primaries, *secondaries)),
        *(i.id for i in ideas),
    ]
    measures = [
        Measure(
            id=f"m{i}",
            name=draw(texts()),
            kind=draw(st.sampled_from(MeasureKind)),
            improvement=draw(
                st.sampled_from([None, "increase", "decrease", "neither"])
            ),
            of=draw(st.frozensets(st.sampled_from(linked), max_size=2))
            if linked
            else frozenset(),
        )
        for i in range(draw(st.integers(0, 2)))
    ]
    observations = [
        Observation(
            measure=m.id,
            at=dt.date(2025, 1, 1) + dt.timedelta(days=30 * k),
            value=draw(st.none() | st.floats(-1e6, 1e6, allow_nan=False)),
        )
        for m in measures
        for k in range(draw(st.integers(0, 14)))
    ]
    ticks = iter(range(10_000))

    def clock() -> dt.datetime:
        return _CLOCK_START + dt.timedelta(hours=next(ticks))

    # The views an initiative of these records hands its cycles, so that a cycle
    # studied here reads the same measures as one studied inside the initiative.
    views = Initiative(
        id="views",
        aims=aims,
        drivers=primaries + secondaries,
        change_ideas=ideas,
        measures=measures,
    )
    cycles: list[Cycle] = []
    if people and measures:
        by = st.frozensets(st.sampled_from(people), min_size=1, max_size=2)
        first = measures[0].id
        predictions = [
            draw(
                st.sampled_from(
                    [
                        Prediction(measure=first, direction="increase"),
                        Prediction(measure=first, direction="decrease", target=0),
                        Prediction(measure=first, direction="stay_below", target=1e5),
                    ]
                )
            )
        ]
        for n, idea in enumerate(ideas):
            if not draw(st.booleans()):
                continue
            cycle = Cycle(
                id=f"c{n}",
                change_idea=idea.id,
                clock=clock,
                observations=lambda m: [o for o in observations if o.measure == m],
                measures={m.id: m for m in measures},
                balancing=views.balancing_measures,
            )
            steps: list[Callable[[Cycle], object]] = [
                lambda c: c.plan(
                    draw(texts()), predictions, by=draw(by), start=dt.date(2025, 6, 1)
                ),
                lambda c: c.do(draw(texts()), by=draw(by)),
                lambda c: c.study(by=draw(by)),
                lambda c: c.act(
                    draw(st.sampled_from(Outcome)), draw(texts()), by=draw(by)
                ),
            ]
            for step in steps[: draw(st.integers(0, len(steps)))]:
                step(cycle)
            cycles.append(cycle)
    return {
        "aims": aims,
        "drivers": primaries + secondaries,
        "change_ideas": ideas,
        "measures": measures,
        "observations": observations,
        "cycles": cycles,
    }


def _with_perspective(person: Stakeholder, perspective: Perspective) -> Stakeholder:
    return _evolve(person, perspective=perspective)


def _represents(person: Stakeholder, represents: frozenset[str]) -> Stakeholder:
    return _evolve(person, represents=represents)


def _evolve(person: Stakeholder, **changes: Any) -> Stakeholder:
    import attrs  # noqa: PLC0415

    return attrs.evolve(person, **changes)
