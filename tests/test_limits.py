"""Rulebooks past a durable_rules structural limit are refused in words, before the C engine sees them."""

from __future__ import annotations

import copy
import dataclasses

import pytest

from engine.durable_engine import (
    MAX_FACT_PROPERTIES,
    MAX_PATTERNS_PER_RULE,
    MAX_RULES_SHARING_A_TEST,
    MAX_SIBLING_TESTS,
    CompiledRuleset,
    check_limits,
    compile_ruleset,
)
from engine.errors import RulebookLimitError
from engine.loading import shipped


@pytest.fixture
def csto() -> tuple[object, CompiledRuleset]:
    book = shipped()["CSTO"]
    return book, compile_ruleset(book)


def _rule(i: int, patterns: int = 1) -> dict[str, object]:
    first = {"m_0": {"$and": [{"kind": "case"}, {"f_event_kind": f"k{i}"}]}}
    joins = [{f"m_{j}": {"$and": [{"kind": "d"}, {"name": f"a{j}"}]}} for j in range(1, patterns)]
    return {"all": [first, *joins]}


def _with_rules(ruleset: CompiledRuleset, rules: dict[str, dict[str, object]]) -> CompiledRuleset:
    definition = copy.deepcopy(ruleset.definition)
    definition.update(rules)
    return dataclasses.replace(ruleset, definition=definition)


def test_shipped_rulebooks_are_within_limits() -> None:
    for book in shipped().values():
        compile_ruleset(book)


def test_too_many_rules_sharing_the_first_test(csto: tuple[object, CompiledRuleset]) -> None:
    book, ruleset = csto
    extra = {f"x{i}": _rule(i) for i in range(MAX_RULES_SHARING_A_TEST)}
    with pytest.raises(RulebookLimitError, match="crashes at 256"):
        check_limits(book, _with_rules(ruleset, extra))  # type: ignore[arg-type]


def test_too_many_sibling_tests(csto: tuple[object, CompiledRuleset], monkeypatch: pytest.MonkeyPatch) -> None:
    book, ruleset = csto
    # The rule-count limit trips first on real rulebooks; lift it to reach this one.
    monkeypatch.setattr("engine.durable_engine.MAX_RULES_SHARING_A_TEST", 10_000)
    extra = {f"x{i}": _rule(i) for i in range(MAX_SIBLING_TESTS + 1)}
    with pytest.raises(RulebookLimitError, match="hangs at 512"):
        check_limits(book, _with_rules(ruleset, extra))  # type: ignore[arg-type]


def test_too_many_facts_in_one_join(csto: tuple[object, CompiledRuleset]) -> None:
    book, ruleset = csto
    ok = _with_rules(ruleset, {"x": _rule(0, MAX_PATTERNS_PER_RULE)})
    check_limits(book, ok)  # type: ignore[arg-type]
    with pytest.raises(RulebookLimitError, match="allows 16"):
        check_limits(book, _with_rules(ruleset, {"x": _rule(0, MAX_PATTERNS_PER_RULE + 1)}))  # type: ignore[arg-type]


def test_too_many_properties_per_fact(csto: tuple[object, CompiledRuleset]) -> None:
    book, ruleset = csto
    with pytest.raises(RulebookLimitError, match="fails at 253"):
        check_limits(book, dataclasses.replace(ruleset, properties=MAX_FACT_PROPERTIES + 1))  # type: ignore[arg-type]
