"""A verdict branches only on the open readings some provision could still read on the
file's events (engine.law.cases.live_readings). Leaving the others out must change no
result: checked on every shipped scenario and on generated ones, against judging with
every open reading of the date."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from engine.checks.strategies import scenarios
from engine.evaluators.python import PythonEvaluator
from engine.formats.errors import CasusError
from engine.formats.scenario import Scenario
from engine.law.cases import build_cases, live_readings
from engine.law.catalogue import load_scenario, shipped
from engine.verdict import judging

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted((ROOT / "scenarios").rglob("*.yaml"))


def _every_reading(scenario: Scenario, book: object, pinned: dict[str, bool]) -> list[str]:
    return judging.free_readings(book, scenario.date, pinned)  # type: ignore[arg-type]


def _both(scenario: Scenario, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    catalogue = shipped()
    pruned = judging.judge(scenario, catalogue, PythonEvaluator()).to_json()
    with monkeypatch.context() as m:
        m.setattr(judging, "judged_readings", _every_reading)
        full = judging.judge(scenario, catalogue, PythonEvaluator()).to_json()
    return pruned, full


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_verdicts_are_the_same_with_every_open_reading(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pruned, full = _both(load_scenario(path, shipped()).scenario, monkeypatch)
    assert pruned == full


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scenario=scenarios(shipped()))
def test_generated_verdicts_are_the_same_with_every_open_reading(
    scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    try:
        pruned, full = _both(scenario, monkeypatch)
    except CasusError:
        return  # past the combination bound either way: refused, not judged
    assert pruned == full


def test_an_interstate_clash_is_not_branched_on_readings_about_other_events() -> None:
    """The CSTO asks eleven readings in 2021; a clash between two states cannot reach the
    ones on cyber operations, non-state groups or foreign-backed unrest."""
    book = shipped()["CSTO"]
    scenario = load_scenario(ROOT / "scenarios/csto/kyrgyz-tajik-2021.yaml", shipped()).scenario
    every = judging.free_readings(book, scenario.date, {})
    live = live_readings(book, scenario, {}, every)
    assert set(live) < set(every)
    assert {"cyber_armed_attack", "non_state_aggression", "foreign_backed_unrest"} & set(live) == set()
    assert "undelimited_border" in live and "gravity" in live
    assert len(build_cases(book, scenario, {}, live)) * 4 <= len(build_cases(book, scenario, {}, every))
