"""What the durable adapter reads off the C core's messages and sends it as facts: the short
cuts taken for speed must give exactly what decoding the whole message would."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from engine.evaluators import durable
from engine.evaluators.durable import DurableEvaluator, action_head, case_fact, compile_ruleset
from engine.law.cases import build_cases
from engine.law.catalogue import load_scenario, shipped

KT = Path("scenarios/csto/kyrgyz-tajik-2021.yaml")


class Recording:
    """durable_rules_engine, keeping every action message the core hands back."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.messages: list[str] = []

    def _keep(self, result: Any) -> Any:
        if result:
            self.messages.append(result[1] if isinstance(result, tuple) else result)
        return result

    def start_action_for_state(self, handle: int, state: Any) -> Any:
        return self._keep(self.real.start_action_for_state(handle, state))

    def complete_and_start_action(self, handle: int, state: Any) -> Any:
        return self._keep(self.real.complete_and_start_action(handle, state))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


def test_the_head_of_every_real_message_is_what_decoding_it_gives() -> None:
    catalogue = shipped()
    book = catalogue["CSTO"]
    scenario = load_scenario(KT, catalogue).scenario
    cases = build_cases(book, scenario, {}, book.readings_on(scenario.date))
    evaluator = DurableEvaluator()
    recording = Recording(evaluator._dre)
    evaluator._dre = recording
    evaluator.run(book, cases)
    assert len(recording.messages) > 1000
    read_fast = 0
    for message in recording.messages:
        ((rule, match),) = json.loads(message).items()
        assert action_head(message) == (rule, match["m_0"].get("case", ""))
        read_fast += durable._CASE_ACTION_HEAD.match(message) is not None
    assert read_fast > len(recording.messages) // 2  # the pattern fits what the core writes


def test_a_message_the_pattern_does_not_fit_is_decoded() -> None:
    compact = '{"applies:P:0":{"m_0":{"kind":"case","case":"e#1","sid":"1"}}}'
    escaped = '{"applies:P:0":{"m_0":{"kind": "case", "case": "\\u00e9v\\"#1", "sid": "1"}}}'
    barrier = '{"barrier:0":{"m_0":{"kind": "start", "sid": "1"}}}'
    assert action_head(compact) == ("applies:P:0", "e#1")
    assert action_head(escaped) == ("applies:P:0", 'év"#1')
    assert action_head(barrier) == ("barrier:0", "")


def test_a_case_fact_carries_every_property_a_rule_tests() -> None:
    catalogue = shipped()
    scenario = load_scenario(KT, catalogue).scenario
    for book in catalogue.values():
        compiled = compile_ruleset(book)
        text = json.dumps(compiled.definition)
        assert compiled.tested and all(f'"{p}"' in text for p in compiled.tested)
        for case in build_cases(book, scenario, {}, book.readings_on(scenario.date))[:4]:
            full, sent = case_fact(case, "1"), case_fact(case, "1", compiled.tested)
            assert {k: v for k, v in full.items() if k in compiled.tested or not k.startswith("f_")} == sent
            untested = [k for k in full if k.startswith("f_") and k not in compiled.tested]
            assert not any(f'"{k}"' in text for k in untested)
