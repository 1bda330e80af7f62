"""The public API: the names the API reference promises, re-exported, documented with examples."""

import importlib
import inspect
import subprocess
import sys

import pytest

import coproduction as cp

MODULES = [
    "coproduction",
    "coproduction.errors",
    "coproduction.model",
    "coproduction.model.people",
    "coproduction.model.decisions",
    "coproduction.model.feedback",
    "coproduction.model.careplan",
    "coproduction.initiative",
    "coproduction.io",
    "coproduction.io.convert",
    "coproduction.io.yaml",
    "coproduction.io.schema",
    "coproduction.scenarios",
    "coproduction.present",
    "coproduction.present.summary",
    "coproduction.present.report",
    "coproduction.analysis.participation",
    "coproduction.analysis.graph",
    "coproduction.analysis.formal",
    "coproduction.analysis.findings",
    "coproduction.analysis.imbalance",
    "coproduction.testing",
    "coproduction.analysis",
    "coproduction.analysis.power",
    "coproduction.improvement",
    "coproduction.improvement.charts",
    "coproduction.improvement.cycle",
    "coproduction.improvement.drivers",
    "coproduction.improvement.measures",
    "coproduction.types",
    "coproduction.present.svg",
    "coproduction.present.plot",
]


class TestNamespace:
    @pytest.mark.parametrize("name", MODULES)
    def test_all_is_sorted_and_real(self, name):
        """Every module declares a sorted __all__ of names it really has."""
        module = importlib.import_module(name)
        names = [n for n in module.__all__ if n != "__version__"]
        assert names == sorted(names, key=lambda n: (not n.isupper(), n))
        for n in module.__all__:
            assert hasattr(module, n), f"{name}.{n}"

    def test_contract_names(self):
        """The names other code is written against are all at the top level."""
        for name in [
            "Initiative",
            "Stakeholder",
            "Perspective",
            "Role",
            "Membership",
            "Meeting",
            "Decision",
            "Contribution",
            "Level",
            "Action",
            "Rule",
            "Feedback",
            "Response",
            "CarePlan",
            "CarePlanItem",
            "load",
            "dump",
            "to_dict",
            "from_dict",
            "schema",
            "CoproductionError",
            "ValidationError",
            "loads",
            "dumps",
        ]:
            assert name in cp.__all__, name

    def test_core_imports_without_extras(self):
        """Importing the package pulls in no optional extra, nor Hypothesis."""
        probe = "import sys, coproduction; print([m for m in {} if m in sys.modules])".format(
            ["pandas", "matplotlib", "fhir", "IPython", "hypothesis", "jsonschema"]
        )
        result = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, check=True
        )
        assert result.stdout == "[]\n"

    def test_testing_without_hypothesis_names_the_extra(self, monkeypatch):
        """coproduction.testing, without Hypothesis installed, says which extra brings it."""
        monkeypatch.setitem(sys.modules, "hypothesis", None)  # as if not installed
        monkeypatch.delitem(sys.modules, "coproduction.testing", raising=False)
        with pytest.raises(ImportError) as raised:
            importlib.import_module("coproduction.testing")
        assert str(raised.value) == (
            "coproduction.testing needs Hypothesis, which comes with the 'test' extra: "
            'pip install "coproduction[test]"'
        )


def public_objects():
    for name in MODULES:
        module = importlib.import_module(name)
        for attr in module.__all__:
            obj = getattr(module, attr)
            if (
                inspect.isclass(obj) or inspect.isfunction(obj)
            ) and obj.__module__.startswith("coproduction"):
                yield f"{obj.__module__}.{obj.__qualname__}", obj


PUBLIC = dict(public_objects())


class TestDocstrings:
    @pytest.mark.parametrize("name", sorted(PUBLIC))
    def test_has_docstring_with_example(self, name):
        """Every public class and function has a docstring with a runnable example."""
        doc = inspect.getdoc(PUBLIC[name]) or ""
        assert doc, name
        assert ">>>" in doc, f"{name} has no example"
