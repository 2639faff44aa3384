"""durable_rules drops a fact whose 32-bit id hash collides with another's in the same session:
the adapter notices, re-runs that chunk of cases under a new sid, and never returns the wrong result."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from engine.evaluators import durable as durable_engine
from engine.evaluators.durable import DUPLICATE, DurableEvaluator
from engine.evaluators.python import PythonEvaluator
from engine.formats.errors import EngineError
from engine.law.cases import build_cases
from engine.law.catalogue import load_scenario, shipped
from engine.law.facts import Case

KT = Path("scenarios/csto/kyrgyz-tajik-2021.yaml")


@pytest.fixture(scope="module")
def cases() -> list[Case]:
    catalogue = shipped()
    book = catalogue["CSTO"]
    scenario = load_scenario(KT, catalogue).scenario
    return build_cases(book, scenario, {}, book.readings_on(scenario.date))


class Colliding:
    """durable_rules_engine, except that chosen assertions are dropped as false duplicates."""

    def __init__(self, real: Any, drop: Iterator[bool]) -> None:
        self.real, self.drop, self.dropped = real, drop, 0

    def assert_fact(self, handle: int, text: str) -> tuple[int, int]:
        if '"kind": "d"' in text and next(self.drop, False):
            self.dropped += 1
            state = self.real.assert_fact(handle, text.replace('"kind": "d"', '"kind": "dropped"'))[1]
            return DUPLICATE, state
        return self.real.assert_fact(handle, text)  # type: ignore[no-any-return]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


def test_a_dropped_fact_is_noticed_and_the_chunk_rerun(cases: list[Case]) -> None:
    book = shipped()["CSTO"]
    evaluator = DurableEvaluator()
    evaluator.run(book, cases[:1])  # build the ruleset and warm up with the real engine
    drops = iter([False] * 50 + [True] + [False] * 10**6)  # one derived fact, mid-way, is lost
    fake = Colliding(evaluator._dre, drops)
    evaluator._dre = fake
    assert evaluator.run(book, cases) == PythonEvaluator().run(book, cases)
    assert fake.dropped == 1


def test_collisions_every_time_are_an_error_not_a_wrong_verdict(cases: list[Case]) -> None:
    book = shipped()["CSTO"]
    evaluator = DurableEvaluator()
    evaluator.run(book, cases[:1])
    evaluator._dre = Colliding(evaluator._dre, iter(lambda: True, None))
    with pytest.raises(EngineError, match="hash collisions"):
        evaluator.run(book, cases[: durable_engine.CASES_PER_SESSION])


def test_chunked_sessions_agree_with_one_session(cases: list[Case], monkeypatch: pytest.MonkeyPatch) -> None:
    book = shipped()["CSTO"]
    chunked = DurableEvaluator().run(book, cases)
    monkeypatch.setattr(durable_engine, "CASES_PER_SESSION", len(cases))
    assert DurableEvaluator().run(book, cases) == chunked
