"""Results, options and scope: what became of a decision, and the rules that count votes."""

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coproduction as cp
from coproduction.errors import ValidationError


def vote(by, option=None, against=False, **kw):
    action = "voted_against" if against else "voted_for"
    return cp.Contribution(by=by, action=action, option=option, **kw)


def decision(**kw):
    kw.setdefault("id", "d")
    kw.setdefault("title", "Lounge colour")
    kw.setdefault("level", "engaging")
    return cp.Decision(**kw)


COLOURS = [cp.Option(id=c, title=c.title()) for c in ("sage", "teal", "ochre")]


def message(excinfo):
    return str(excinfo.value)


class TestDefaultResult:
    def test_majority_motion_carries(self):
        """More for than against carries a motion."""
        d = decision(
            rule="majority",
            contributions=[vote("a"), vote("b"), vote("m", against=True)],
        )
        assert d.result is cp.Result.CARRIED
        assert not d.result_recorded

    def test_majority_motion_falls(self):
        """More against than for rejects it."""
        d = decision(
            rule="majority",
            contributions=[vote("a"), vote("b", against=True), vote("m", against=True)],
        )
        assert d.result is cp.Result.REJECTED

    def test_tie_is_deferred(self):
        """A tie is deferred: nothing was decided."""
        d = decision(
            rule="majority", contributions=[vote("a"), vote("m", against=True)]
        )
        assert d.result is cp.Result.DEFERRED

    def test_plurality_among_options(self):
        """The option with the most votes is chosen."""
        d = decision(
            rule="majority",
            options=COLOURS,
            contributions=[vote("a", "sage"), vote("b", "sage"), vote("m", "teal")],
        )
        assert (d.result, d.chosen) == (cp.Result.CARRIED, frozenset({"sage"}))

    def test_tie_among_options_is_deferred(self):
        """Two options level at the top: deferred, nothing chosen."""
        d = decision(
            rule="majority",
            options=COLOURS,
            contributions=[vote("a", "sage"), vote("m", "teal")],
        )
        assert (d.result, d.chosen) == (cp.Result.DEFERRED, frozenset())

    def test_casting_vote_settles_a_tie(self):
        """The chair's casting vote, recorded as `decided`, settles a tie."""
        d = decision(
            rule="majority",
            options=COLOURS,
            contributions=[
                vote("a", "sage"),
                vote("m", "teal"),
                cp.Contribution(by="chair", action="decided", option="sage"),
            ],
        )
        assert (d.result, d.chosen) == (cp.Result.CARRIED, frozenset({"sage"}))

    def test_dot_voting(self):
        """Dot voting: one person backs several options; two are to be chosen."""
        d = decision(
            rule="majority",
            options=COLOURS,
            chosen={"sage", "ochre"},
            contributions=[
                vote("a", "sage"),
                vote("a", "ochre"),
                vote("b", "sage"),
                vote("b", "ochre"),
                vote("m", "teal"),
            ],
        )
        assert (d.result, d.chosen) == (cp.Result.CARRIED, frozenset({"sage", "ochre"}))

    def test_one_option_voted_down(self):
        """An option more people voted against than for is not chosen."""
        d = decision(
            rule="majority",
            options=COLOURS[:1],
            contributions=[
                vote("a", "sage"),
                vote("b", "sage", against=True),
                vote("c", "sage", against=True),
            ],
        )
        assert (d.result, d.chosen) == (cp.Result.REJECTED, frozenset())

    def test_a_veto_rejects(self):
        """A veto makes the default result rejected, whatever the votes."""
        d = decision(
            rule="majority",
            contributions=[
                vote("a"),
                vote("b"),
                cp.Contribution(by="m", action="vetoed"),
            ],
        )
        assert d.result is cp.Result.REJECTED

    @pytest.mark.parametrize(
        ("actions", "expected"),
        [
            ([("m", "decided", False)], "carried"),
            ([("a", "proposed", True)], "carried"),
            ([("a", "proposed", False)], "pending"),
            ([("a", "proposed", True), ("m", "vetoed", False)], "rejected"),
            ([], "pending"),
        ],
    )
    def test_other_rules(self, actions, expected):
        """Without votes: a veto rejects, a decision or an adopted entry carries."""
        d = decision(
            rule="single_decider",
            contributions=[
                cp.Contribution(by=b, action=a, adopted=ad) for b, a, ad in actions
            ],
        )
        assert d.result.value == expected

    def test_chosen_from_the_decider(self):
        """Under a single decider the option they decided on is chosen."""
        d = decision(
            rule="single_decider",
            options=COLOURS,
            contributions=[cp.Contribution(by="m", action="decided", option="teal")],
        )
        assert (d.result, d.chosen) == (cp.Result.CARRIED, frozenset({"teal"}))


class TestRecordedResult:
    def test_agreeing_result_is_kept(self):
        """A recorded result that the votes agree with is kept, and marked recorded."""
        d = decision(rule="majority", result="carried", contributions=[vote("a")])
        assert d.result is cp.Result.CARRIED
        assert d.result_recorded

    def test_contradiction_refused(self):
        """A result the votes contradict is refused, saying what the votes show."""
        with pytest.raises(ValidationError) as e:
            decision(
                rule="majority", result="rejected", contributions=[vote("a"), vote("b")]
            )
        assert message(e) == (
            "$.result: the votes make it carried (2 for, 0 against), so it cannot be "
            "rejected unless someone vetoed it; correct the votes or the result"
        )

    def test_veto_explains_rejection(self):
        """A majority rejected is accepted when a veto held."""
        d = decision(
            rule="majority",
            result="rejected",
            contributions=[
                vote("a"),
                vote("b"),
                cp.Contribution(by="m", action="vetoed"),
            ],
        )
        assert d.result is cp.Result.REJECTED

    def test_tie_recorded_as_carried_refused(self):
        """A tie cannot be recorded as carried without a casting vote."""
        with pytest.raises(ValidationError) as e:
            decision(
                rule="majority",
                result="carried",
                contributions=[vote("a"), vote("m", against=True)],
            )
        assert message(e) == (
            "$.result: the votes tie (1 for, 1 against); record the result as deferred, "
            "or the chair's casting vote as a 'decided' entry"
        )

    def test_wrong_choice_refused(self):
        """A recorded choice the votes contradict is refused."""
        with pytest.raises(ValidationError) as e:
            decision(
                rule="majority",
                options=COLOURS,
                chosen={"teal"},
                contributions=[vote("a", "sage"), vote("b", "sage"), vote("m", "teal")],
            )
        assert message(e) == (
            "$.chosen: the votes choose 'sage' ('sage' 2, 'teal' 1, 'ochre' 0); record "
            "chosen: [sage], or correct the votes"
        )

    def test_chosen_but_rejected_refused(self):
        """Nothing is chosen by a decision that was rejected."""
        with pytest.raises(ValidationError) as e:
            decision(
                rule="consensus", options=COLOURS, result="rejected", chosen={"sage"}
            )
        assert message(e) == (
            "$.chosen: a decision that is 'rejected' chose nothing; record result: carried, "
            "or leave chosen out"
        )

    def test_free_under_other_rules(self):
        """Under consensus the record says what became of it: nothing to count against."""
        d = decision(
            rule="consensus",
            result="deferred",
            contributions=[cp.Contribution(by="a", action="proposed")],
        )
        assert d.result is cp.Result.DEFERRED


class TestOptionsAndVotes:
    def test_unknown_option(self):
        """A contribution about an option the decision does not have is refused."""
        with pytest.raises(ValidationError) as e:
            decision(
                rule="majority", options=COLOURS, contributions=[vote("a", "saeg")]
            )
        assert (
            message(e)
            == "$.contributions[0].option: unknown option 'saeg' (did you mean 'sage'?)"
        )

    def test_option_without_options(self):
        """Naming an option where there are none says to list them."""
        with pytest.raises(ValidationError) as e:
            decision(rule="majority", contributions=[vote("a", "sage")])
        assert message(e) == (
            "$.contributions[0].option: unknown option 'sage'; this decision has no "
            "options: list them under 'options' first"
        )

    def test_vote_must_name_an_option(self):
        """Among options, a vote must say which option it is for."""
        with pytest.raises(ValidationError) as e:
            decision(rule="majority", options=COLOURS, contributions=[vote("a")])
        assert message(e) == (
            "$.contributions[0].option: this decision is a choice among options; say "
            "which option the vote is for"
        )

    def test_one_vote_per_person_per_option(self):
        """The same person voting twice for one option is refused."""
        with pytest.raises(ValidationError) as e:
            decision(
                rule="majority",
                options=COLOURS,
                contributions=[vote("a", "sage"), vote("a", "sage")],
            )
        assert message(e) == (
            "$.contributions[1]: 'a' has voted on option 'sage' already "
            "(contributions[0]); one vote per person per option"
        )

    def test_proxy_vote_is_the_persons(self):
        """A vote cast on someone's behalf is theirs: they cannot vote again."""
        with pytest.raises(ValidationError) as e:
            decision(
                rule="majority",
                contributions=[vote("sam", on_behalf_of="george"), vote("george")],
            )
        assert message(e) == (
            "$.contributions[1]: 'george' has voted already (contributions[0]); one vote "
            "per person per option"
        )

    def test_duplicate_option(self):
        """Option ids are unique within a decision."""
        with pytest.raises(ValidationError) as e:
            decision(options=[cp.Option(id="sage"), cp.Option(id="sage")])
        assert (
            message(e)
            == "$.options[1].id: duplicate id 'sage'; options[0] has it already"
        )


class TestScope:
    def test_default(self):
        """Personal when it affects exactly one person, collective otherwise."""
        assert decision(affects={"ann"}).scope is cp.Scope.PERSONAL
        assert decision(affects={"ann", "bob"}).scope is cp.Scope.COLLECTIVE
        assert decision().scope is cp.Scope.COLLECTIVE

    def test_override(self):
        """A decision about one person's use of a shared service may be collective."""
        assert (
            decision(affects={"ann"}, scope="collective").scope is cp.Scope.COLLECTIVE
        )

    def test_personal_needs_someone(self):
        """A personal decision must say whose life it is about."""
        with pytest.raises(ValidationError) as e:
            decision(scope="personal")
        assert (
            message(e)
            == "$.scope: a personal decision is about someone's life; say whom it affects"
        )


class TestWeightedVote:
    def initiative(self, **kw):
        return cp.Initiative(
            id="x",
            stakeholders=[
                cp.Stakeholder(id="a", name="A"),
                cp.Stakeholder(id="b", name="B"),
                cp.Stakeholder(id="m", name="M", kind="manager"),
                cp.Stakeholder(id="v", name="V", kind="volunteer"),
            ],
            roles=[cp.Role(id="member"), cp.Role(id="manager", votes=3)],
            memberships=[
                cp.Membership(stakeholder="a", role="member"),
                cp.Membership(stakeholder="b", role="member"),
                cp.Membership(stakeholder="m", role="manager"),
            ],
            **kw,
        )

    def test_counted_by_role(self):
        """The manager's three votes beat two residents' one each."""
        d = decision(
            rule="weighted_vote",
            contributions=[vote("a"), vote("b"), vote("m", against=True)],
        )
        assert d.result is cp.Result.CARRIED  # by head, before the roles are known
        ini = self.initiative(decisions=[d])
        assert ini.decision("d").result is cp.Result.REJECTED
        ini2 = self.initiative()
        ini2.record_decision(d)
        assert ini2.decision("d").result is cp.Result.REJECTED
        assert cp.loads(cp.dumps(ini)) == ini

    def test_recorded_result_checked_by_role(self):
        """A recorded result is checked against the votes weighed by role."""
        d = decision(
            rule="weighted_vote",
            result="carried",
            contributions=[vote("a"), vote("b"), vote("m", against=True)],
        )
        with pytest.raises(ValidationError) as e:
            self.initiative(decisions=[d])
        assert message(e) == (
            "$.decisions[0].result: the votes make it rejected (2 for, 3 against), so it "
            "cannot be carried; correct the votes or the result"
        )

    def test_vote_without_a_role_refused(self):
        """Someone holding no role has no votes to weigh."""
        ini = self.initiative()
        d = decision(rule="weighted_vote", contributions=[vote("a"), vote("v")])
        with pytest.raises(ValidationError) as e:
            ini.record_decision(d)
        assert message(e) == (
            "$.decisions[0].contributions[1]: 'v' holds no role, so has no votes to weigh "
            "under weighted_vote; assign them a role, or record the decision under another rule"
        )
        assert ini.decisions == ()


class TestRoundTrip:
    def test_result_always_written(self):
        """A worked-out result is written, so the file says what became of the decision."""
        d = decision(rule="majority", contributions=[vote("a")])
        data = cp.to_dict(d)
        assert data["result"] == "carried"
        assert "chosen" not in data
        assert cp.from_dict(cp.Decision, data) == d

    def test_options_written(self):
        """Options, the option of each vote and the choice round-trip."""
        d = decision(
            rule="majority",
            options=[
                cp.Option(id="sage", title="Sage", proposed_by={"a"}),
                cp.Option(id="teal"),
            ],
            contributions=[vote("a", "sage"), vote("b", "sage")],
        )
        data = cp.to_dict(d)
        assert data["chosen"] == ["sage"]
        assert data["options"][0] == {
            "id": "sage",
            "title": "Sage",
            "proposed_by": ["a"],
        }
        assert cp.from_dict(cp.Decision, data) == d

    def test_result_recorded_is_not_a_key(self):
        """`result_recorded` is worked out, never read or written."""
        with pytest.raises(ValidationError) as e:
            cp.from_dict(
                cp.Decision,
                {"id": "d", "title": "t", "level": "engaging", "result_recorded": True},
            )
        assert "unknown key 'result_recorded'" in message(e)
        assert "'result_recorded'" not in message(e).split("allowed keys:")[1]


@st.composite
def votes(draw):
    people = draw(st.lists(st.sampled_from("abcdefg"), unique=True, max_size=7))
    options = [o.id for o in COLOURS]
    cast = []
    for p in people:
        chosen = draw(st.lists(st.sampled_from(options), unique=True, max_size=2))
        cast.extend(vote(p, o, against=draw(st.booleans())) for o in chosen)
    return cast


class TestProperties:
    @settings(max_examples=60)
    @given(votes())
    def test_default_is_never_refused(self, cast):
        """Whatever the votes, leaving the result out is never refused, and recording
        the worked-out result and choice gives the same decision."""
        d = decision(rule="majority", options=COLOURS, contributions=cast)
        again = attrs.evolve(d)  # passes result and chosen as recorded
        assert again == d
        assert again.result_recorded

    @settings(max_examples=60)
    @given(votes())
    def test_chosen_only_when_carried(self, cast):
        """Something is chosen exactly when a decision among options carried."""
        d = decision(rule="majority", options=COLOURS, contributions=cast)
        assert bool(d.chosen) == (d.result is cp.Result.CARRIED)

    @settings(max_examples=60)
    @given(votes(), st.permutations(range(7)))
    def test_order_does_not_matter(self, cast, order):
        """The order votes are recorded in never changes the result."""
        d = decision(rule="majority", options=COLOURS, contributions=cast)
        shuffled = [cast[i] for i in order if i < len(cast)] + cast[7:]
        e = decision(rule="majority", options=COLOURS, contributions=shuffled)
        assert (d.result, d.chosen) == (e.result, e.chosen)
