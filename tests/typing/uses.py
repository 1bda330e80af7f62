"""Right and wrong uses of the library, for mypy: each wrong line names the error it must give.

tests/test_typing.py runs ``mypy --strict`` over this file and checks that the errors
are exactly the lines marked ``# E: <code>``. The file is never run.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

import coproduction as cp
from coproduction.improvement import Cycle, Driver, Measure, Prediction
from coproduction.model import Capacity, FeedbackKind, ItemKind, ResponseKind, Scope
from coproduction.present.report import to_json_data
from coproduction.types import (
    FindingKindName,
    InitiativeDocument,
    LevelName,
    OutvotedEvidence,
)

DAY = dt.date(2026, 5, 7)

# Right: a member or its value.
cp.Decision(id="d", title="t", level="co_producing", rule="majority")
cp.Decision(id="d", title="t", level=cp.Level.ENGAGING, rule=cp.Rule.CONSENT)
cp.Decision(id="d", title="t", level="engaging", scope="personal", result="carried")
cp.Decision(id="d", title="t", level="engaging", scope=Scope.COLLECTIVE)
cp.Decision(id="d", title="t", level="engaging", capacity={"al": "lacks"})
cp.Decision(id="d", title="t", level="engaging", capacity={"al": Capacity.HAS})
cp.Contribution(by="al", action="voted_for")
cp.Stakeholder(id="al", name="Al", kind="family_carer", perspective="carer")
cp.Feedback(id="f", received=DAY, text="more curry", kind="complaint")
cp.Feedback(id="f", received=DAY, text="more curry", kind=FeedbackKind.QUESTION)
cp.Response(feedback="f", date=DAY, action="curry on fridays", kind="declined")
cp.Response(feedback="f", date=DAY, action="x", kind=ResponseKind.HOLDING)
cp.CarePlanItem(area="meals", text="tea at four", kind="goal")
cp.CarePlanItem(area="meals", text="tea at four", kind=ItemKind.SUPPORT)
Measure(id="m", name="Satisfaction", kind="outcome", improvement="increase")
Measure(id="m", name="Waste", kind="balancing", improvement="neutral")
Prediction(measure="m", direction="stay_below", target=5)
Driver(id="p", title="Choice", kind="primary", aim="a")
cp.Policy(lived_experience={"lived_experience", "carer"})
cp.Policy(action_weights={"voted_for": 2.0})
level: LevelName = "consulting"
cp.Decision(id="d", title="t", level=level)
wanted: list[FindingKindName] = ["tokenism", "outvoted"]
report = cp.find_imbalances(cp.Initiative(id="i"), kinds=wanted)
report.at_least("warning")
report.of_kind("tokenism")
Cycle(id="c", change_idea="curry").act("adopt", "Loved it", by={"mo"})

# Wrong: a string that is not a value, or not a string at all.
cp.Decision(id="d", title="t", level="not-a-level")  # E: arg-type
cp.Decision(id="d", title="t", level="engaging", rule="vote")  # E: arg-type
cp.Decision(id="d", title="t", level="engaging", scope="shared")  # E: arg-type
cp.Decision(id="d", title="t", level="engaging", result="won")  # E: arg-type
cp.Decision(id="d", title="t", level="engaging", capacity={"al": "no"})  # E: dict-item
cp.Contribution(by="al", action=42)  # E: arg-type
cp.Contribution(by="al", action="shouted")  # E: arg-type
cp.Stakeholder(id="al", name="Al", kind="nurse")  # E: arg-type
cp.Stakeholder(id="al", name="Al", perspective="patient")  # E: arg-type
cp.Feedback(id="f", received=DAY, text="x", kind="moan")  # E: arg-type
cp.Response(feedback="f", date=DAY, action="x", kind="ignored")  # E: arg-type
cp.CarePlanItem(area="meals", text="x", kind="wish")  # E: arg-type
Measure(id="m", name="x", kind="vanity")  # E: arg-type
Measure(id="m", name="x", kind="outcome", improvement="up")  # E: arg-type
Prediction(measure="m", direction="up")  # E: arg-type
Driver(id="p", title="x", kind="tertiary")  # E: arg-type
cp.Policy(lived_experience={"patients"})  # E: arg-type
cp.Policy(action_weights={"shouted": 2.0})  # E: dict-item
cp.find_imbalances(cp.Initiative(id="i"), kinds=["tokenisms"])  # E: list-item
report.at_least("severe")  # E: arg-type
report.of_kind("token")  # E: arg-type
Cycle(id="c", change_idea="x").act("keep", "why", by={"mo"})  # E: arg-type

# The shapes of plain data: read with their types, wrong keys refused.
found = report[0]
shares = report.summary["influence_shares"]
outvoted = cast("OutvotedEvidence", found.evidence)
percent: float = outvoted["share"] * 100 + shares["carer"]
report.summary["influence"]  # E: typeddict-item
outvoted["shares"]  # E: typeddict-item
doc: InitiativeDocument = {"coproduction": 1, "id": "oak", "title": "Meals"}
bad: InitiativeDocument = {"id": "oak"}  # E: typeddict-item

# What to_dict and to_json_data give is typed by what they were given.
written = cp.to_dict(cp.Initiative(id="oak"))
people: list[str] = [s["name"] for s in written.get("stakeholders", [])]
written["titel"]  # E: typeddict-item
cp.to_dict(cp.Stakeholder(id="a", name="A"))["nme"]  # E: typeddict-item
json_data = to_json_data(report)
json_data["findings"][0]["messages"]  # E: typeddict-item
