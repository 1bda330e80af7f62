import pytest

import coproduction as cp
from coproduction import scenarios
from coproduction.errors import NotFoundError

NAMES = scenarios.list_bundled()


class TestBundled:
    def test_at_least_six(self):
        """The package carries at least six scenarios."""
        assert len(NAMES) >= 6

    @pytest.mark.parametrize("name", NAMES)
    def test_loads_and_validates(self, name):
        """Every bundled scenario loads, validates and round-trips."""
        ini = scenarios.load_bundled(name)
        ini.validate()
        assert cp.load(cp.dump(ini)) == ini
        assert ini.decisions, "a scenario without decisions teaches nothing about power"

    @pytest.mark.parametrize("name", NAMES)
    def test_header_says_what_it_teaches(self, name):
        """Every file opens with a comment saying what it teaches and what it hides."""
        text = scenarios.read_bundled(name)
        header = [line for line in text.splitlines()[:30] if line.startswith("#")]
        assert len(header) >= 5
        assert any(line.startswith("# Planted problems:") for line in header)

    def test_fair_and_problem_scenarios(self):
        """Some scenarios are fair co-production and some hide problems."""
        fair = [
            n for n in NAMES if "# Planted problems: none" in scenarios.read_bundled(n)
        ]
        assert 2 <= len(fair) < len(NAMES)

    def test_default(self):
        """The default scenario is the care home's mealtimes."""
        assert scenarios.load_bundled().title == "Mealtimes at Oak House"

    def test_unknown(self):
        """An unknown name lists the scenarios there are."""
        with pytest.raises(NotFoundError) as e:
            scenarios.load_bundled("nowhere")
        assert str(
            e.value
        ) == "no bundled scenario named 'nowhere'; choose one of " + ", ".join(
            repr(n) for n in NAMES
        )
