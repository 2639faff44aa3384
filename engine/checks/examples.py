"""Run a provision's worked examples: the baseline case with a few facts changed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from engine.evaluators.python import evaluate_case
from engine.formats.rulebook import Example
from engine.law.areas import AREA_PREFIX
from engine.law.compiler import CompiledProvision, CompiledRulebook
from engine.law.facts import EXAMPLE_BASELINE, READING_PREFIX, Case, add_area_facts, to_date

DEFAULT_DATE = dt.date(2020, 1, 1)


def example_facts(book: CompiledRulebook, provision: CompiledProvision, example: Example) -> dict[str, Any]:
    """Baseline facts, the provision's own date, readings `no`, then the example's changes."""
    facts: dict[str, Any] = dict(EXAMPLE_BASELINE)
    facts["date"] = provision.source.valid_from or DEFAULT_DATE
    for reading in book.rulebook.readings:
        facts[READING_PREFIX + reading] = False
    for name, value in example.facts.items():
        if name == "date":
            value = to_date(value)
        elif name.startswith(READING_PREFIX) and isinstance(value, str):
            value = value.lower() in ("yes", "true")
        facts[name] = value
    # An example places its case by region and coordinates, as a scenario does, unless it
    # states an area fact itself (`area.nato_algeria: true`).
    placed = {k: facts.get(k) for k in ("date", "region", "latitude", "longitude")}
    add_area_facts(book.id, placed)
    for name, value in placed.items():
        if name.startswith(AREA_PREFIX) and name not in example.facts:
            facts[name] = value
    return facts


def fires(book: CompiledRulebook, provision: CompiledProvision, example: Example) -> bool:
    case = Case("example#0", "example", (), example_facts(book, provision, example))
    return provision.id in evaluate_case(book, case).fired
