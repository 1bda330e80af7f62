"""The benchmark scripts stay runnable: their synthetic initiatives build and analyse.

This times nothing (speed is measured by the scripts themselves); it only keeps a
change to the model from breaking them unnoticed.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

import coproduction as cp

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def script(name: str) -> ModuleType:
    """Import benchmarks/NAME.py under a name of its own (its dataclasses need one)."""
    qualified = f"_benchmark_{name}"
    if qualified in sys.modules:
        return sys.modules[qualified]
    spec = importlib.util.spec_from_file_location(qualified, BENCHMARKS / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[qualified] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("shape", ["meetings", "people"])
def test_scale_builds_both_shapes(shape):
    scale = script("scale")
    ini = scale.synthetic(2_000, shape)
    assert sum(len(d.contributions) for d in ini.decisions) == 2_000
    assert len(cp.find_imbalances(ini)) > 0
    assert cp.loads(cp.dumps(ini)) == ini
    assert scale.committee(12).memberships


def test_bench_io_builds():
    ini = script("bench_io").build(1_000)
    assert cp.loads(cp.dumps(ini)) == ini


def test_bench_study_builds():
    bench = script("bench_study")
    ini = bench.ramp(4)
    assert [len(c.study_result.warnings) for c in ini.cycles] == [1, 1, 1, 1]
    assert [
        f.subjects for f in cp.find_imbalances(ini).of_kind("balancing_concern")
    ] == [("c3", "cost")]
    assert bench.one_cycle(200).study(by={"mo"}).predictions[0].met is True
    assert len(bench.watching(3).study(by={"mo"}).warnings) == 3
