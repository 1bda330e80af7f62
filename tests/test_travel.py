"""Objects that travel: pickled for a process pool, or deep-copied to try something out."""

from __future__ import annotations

import copy
import datetime as dt
import pickle

import pytest

import coproduction as cp
from coproduction.initiative import Initiative

SCENARIOS = cp.scenarios.list_bundled()


def shipped(value):
    """What a process pool's worker receives: the value, pickled and unpickled."""
    return pickle.loads(pickle.dumps(value))


def utc_clock() -> dt.datetime:
    """A clock that travels: a function at module level pickles by name."""
    return dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC)


def an_observation(value: float, day: int = 1) -> cp.Observation:
    return cp.Observation(
        measure="meal-satisfaction", at=dt.date(2026, 6, day), value=value
    )


def started(ini: Initiative, id: str = "trial") -> cp.Cycle:
    cycle = ini.start_cycle(id, "taste-panel")
    cycle.plan(
        "Try a taste panel",
        [cp.Prediction(measure="meal-satisfaction", direction="increase")],
        by={"grace"},
        start=dt.date(2026, 6, 1),
    )
    cycle.do("Held it", by={"grace"})
    return cycle


@pytest.mark.parametrize("name", SCENARIOS)
def test_every_bundled_scenario_pickles_and_unpickles_equal(name):
    ini = cp.scenarios.load_bundled(name)
    again = shipped(ini)
    assert again == ini
    assert cp.to_dict(again) == cp.to_dict(ini)
    assert [c.events for c in again.cycles] == [c.events for c in ini.cycles]
    assert cp.find_imbalances(again) == cp.find_imbalances(ini)


@pytest.mark.parametrize("name", SCENARIOS)
def test_a_report_pickles_and_unpickles_equal(name):
    report = cp.find_imbalances(cp.scenarios.load_bundled(name))
    assert shipped(report) == report


@pytest.mark.parametrize("name", SCENARIOS)
def test_a_snapshot_pickles_and_stays_read_only(name):
    still = cp.scenarios.load_bundled(name).snapshot()
    again = shipped(still)
    assert again == still
    with pytest.raises(cp.ReadOnlyError):
        again.add_stakeholder(cp.Stakeholder(id="new-person", name="New"))


def test_an_unpickled_initiative_can_still_be_changed_and_locked():
    ini = shipped(cp.scenarios.load_bundled("oak_house_meals"))
    version = ini.version
    with ini.batch(expected_version=version):
        ini.add_stakeholder(cp.Stakeholder(id="zoe", name="Zoe"))
    assert ini.version == version + 1


def test_an_unpickled_cycle_reads_its_own_initiatives_observations():
    ini = cp.scenarios.load_bundled("oak_house_meals")
    started(ini)
    again = shipped(ini)
    again.record_observation(an_observation(99.0))
    result = again.cycle("trial").study(by={"grace"})
    assert an_observation(99.0) in result.predictions[0].during
    assert ini.cycle("trial").phase is cp.Phase.DONE


@pytest.mark.parametrize("name", SCENARIOS)
def test_a_deep_copy_is_equal_and_independent(name):
    ini = cp.scenarios.load_bundled(name)
    document = cp.to_dict(ini)
    twin = copy.deepcopy(ini)
    assert twin == ini
    twin.add_stakeholder(cp.Stakeholder(id="only-in-the-copy", name="Copy"))
    assert cp.to_dict(ini) == document
    assert "only-in-the-copy" not in {s.id for s in ini.stakeholders}


def test_stepping_a_copied_cycle_leaves_the_original_alone():
    ini = cp.scenarios.load_bundled("oak_house_meals")
    cycle = started(ini)
    events, version = cycle.events, ini.version
    twin = copy.deepcopy(ini)
    twin.cycle("trial").study(by={"grace"})
    assert (cycle.phase, cycle.events, ini.version) == (cp.Phase.DONE, events, version)
    assert twin.cycle("trial").phase is cp.Phase.STUDIED


def test_a_copied_cycle_reads_the_copys_observations_not_the_originals():
    ini = cp.scenarios.load_bundled("oak_house_meals")
    started(ini)
    twin = copy.deepcopy(ini)
    ini.record_observation(an_observation(11.0, 2))
    twin.record_observation(an_observation(99.0, 3))
    seen = twin.cycle("trial").study(by={"grace"}).predictions[0].during
    assert an_observation(99.0, 3) in seen
    assert an_observation(11.0, 2) not in seen
    original = ini.cycle("trial").study(by={"grace"}).predictions[0].during
    assert an_observation(11.0, 2) in original
    assert an_observation(99.0, 3) not in original


def test_a_copied_cycle_takes_its_follow_on_into_the_copy():
    ini = cp.scenarios.load_bundled("oak_house_meals")
    twin = copy.deepcopy(ini)
    last = twin.cycles[-1]
    following = last.next_cycle("curry-4")
    assert twin.cycle("curry-4") is following
    assert "curry-4" not in {c.id for c in ini.cycles}


def test_a_clock_defined_at_module_level_travels():
    ini = Initiative(id="oak", clock=utc_clock)
    assert shipped(ini) == ini


def test_a_lambda_clock_fails_with_pickles_own_error():
    """A lambda has no name to be found by: pickle refuses it, with its own error (not
    the library's), as it would any object holding one. Use a function defined at
    module level, or leave the clock out, for an initiative that is to travel."""
    ini = Initiative(id="oak", clock=lambda: dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    with pytest.raises((pickle.PicklingError, AttributeError)) as caught:
        pickle.dumps(ini)
    assert not isinstance(caught.value, cp.CoproductionError)
    assert "<lambda>" in str(caught.value)
