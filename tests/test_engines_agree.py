"""The durable_rules engine and the pure-Python evaluator give the same verdict on every
shipped scenario, under every combination of readings that the verdict enumerates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from engine.formats.paths import scenarios_dir
from engine.law.catalogue import load_scenario, scenario_files, shipped
from engine.verdict.judging import judge

FILES = scenario_files([scenarios_dir()])


def _verdict_json(path: Path, evaluator: Any) -> dict[str, Any]:
    catalogue = shipped()
    loaded = load_scenario(path, catalogue)
    data = judge(loaded.scenario, catalogue, evaluator).to_json()
    data.pop("engine")
    return data


def test_there_are_shipped_scenarios() -> None:
    assert len(FILES) >= 14


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_durable_and_python_agree(path: Path, python_evaluator: Any, durable_evaluator: Any) -> None:
    assert _verdict_json(path, durable_evaluator) == _verdict_json(path, python_evaluator)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_case_results_agree_per_case(path: Path, python_evaluator: Any, durable_evaluator: Any) -> None:
    """Stronger than the verdict: the same provisions apply and fire in every single case."""
    from engine.law.cases import build_cases

    catalogue = shipped()
    scenario = load_scenario(path, catalogue).scenario
    for book in catalogue.values():
        free = book.readings_on(scenario.date)
        cases = build_cases(book, scenario, {}, free)
        assert durable_evaluator.run(book, cases) == python_evaluator.run(book, cases)
