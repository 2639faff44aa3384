"""Verdict semantics: needs, contested answers per reading, applicability, pinning."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from engine.evaluators.python import PythonEvaluator
from engine.formats.modelcheck import validate
from engine.formats.scenario import Scenario
from engine.formats.yamlsafe import Located
from engine.law.catalogue import Catalogue
from engine.verdict.judging import judge

EVAL = PythonEvaluator()


def scenario(data: dict[str, Any]) -> Scenario:
    return validate(Scenario, Located("test.yaml", data))


def result(data: dict[str, Any], catalogue: Catalogue, outcome: str, **kw: Any) -> Any:
    verdict = judge(scenario(data), catalogue, EVAL, **kw)
    return next(r for r in verdict.results if r.treaty == "CSTO" and r.outcome == outcome)


def test_request_is_a_need_not_a_condition(scenario_data: dict[str, Any], catalogue: Catalogue) -> None:
    r = result(scenario_data, catalogue, "collective_defence")
    assert r.status == "triggered"
    assert r.needs == ["request by KGZ"]
    assert r.provisions[0] == "CST-4-2010"


def test_request_recorded_removes_the_need(scenario_data: dict[str, Any], catalogue: Catalogue) -> None:
    scenario_data["requests"] = [{"by": "KGZ", "treaty": "CSTO", "asks": "assistance"}]
    r = result(scenario_data, catalogue, "collective_defence")
    assert (r.status, r.needs) == ("triggered", [])


def test_1992_text_needs_no_request(scenario_data: dict[str, Any], catalogue: Catalogue) -> None:
    scenario_data["date"] = "2012-12-18"
    r = result(scenario_data, catalogue, "collective_defence")
    assert (r.status, r.provisions[0], r.needs) == ("triggered", "CST-4-1992", [])


def test_suspended_member_is_not_protected(scenario_data: dict[str, Any], catalogue: Catalogue) -> None:
    data = copy.deepcopy(scenario_data)
    data["actors"] = {"UZB": {"kind": "state"}, "AFG": {"kind": "state"}}
    data["events"][0].update(by="AFG", against="UZB")
    data["events"][0]["where"]["territory_of"] = "UZB"
    data["date"] = "2015-01-01"
    r = result(data, catalogue, "collective_defence")
    assert r.status == "not_triggered"
    assert "protected_victim" in r.explanation


def test_contested_reports_each_reading_and_practice(scenario_data: dict[str, Any], catalogue: Catalogue) -> None:
    data = copy.deepcopy(scenario_data)
    data["actors"]["TJK"] = {"kind": "state"}
    data["events"][0].update(by="TJK", kind="invasion")
    r = result(data, catalogue, "collective_defence")
    assert r.status == "contested"
    effect = {e.name: e for e in r.readings}["CSTO.intra_member_defence"]
    assert (effect.yes, effect.no) == ("triggered", "not_triggered")
    assert effect.practice and effect.practice["answer"] == "no"


@pytest.mark.parametrize(("answer", "status"), [("yes", "triggered"), ("no", "not_triggered")])
def test_pinning_a_reading_settles_it(
    scenario_data: dict[str, Any], catalogue: Catalogue, answer: str, status: str
) -> None:
    data = copy.deepcopy(scenario_data)
    data["actors"]["TJK"] = {"kind": "state"}
    data["events"][0].update(by="TJK", kind="invasion")
    data["readings"] = {"CSTO.intra_member_defence": answer}
    r = result(data, catalogue, "collective_defence")
    assert r.status == status
    assert r.pinned == {"CSTO.intra_member_defence": answer == "yes"}


def test_cli_style_override_beats_file(scenario_data: dict[str, Any], catalogue: Catalogue) -> None:
    data = copy.deepcopy(scenario_data)
    data["actors"]["TJK"] = {"kind": "state"}
    data["events"][0].update(by="TJK", kind="invasion")
    data["readings"] = {"CSTO.intra_member_defence": "no"}
    r = result(data, catalogue, "collective_defence", readings={"CSTO.intra_member_defence": True})
    assert r.status == "triggered"


def test_no_treaty_applies_between_outsiders(scenario_data: dict[str, Any], catalogue: Catalogue) -> None:
    data = copy.deepcopy(scenario_data)
    data["actors"] = {"BRA": {"kind": "state"}, "ARG": {"kind": "state"}}
    data["events"][0].update(by="BRA", against="ARG")
    data["events"][0]["where"] = {"territory_of": "ARG", "region": "south_america"}
    verdict = judge(scenario(data), catalogue, EVAL)
    assert "CSTO" not in {r.treaty for r in verdict.results}


def test_forced_treaty_is_judged(scenario_data: dict[str, Any], catalogue: Catalogue) -> None:
    data = copy.deepcopy(scenario_data)
    data["actors"] = {"BRA": {"kind": "state"}, "ARG": {"kind": "state"}}
    data["events"][0].update(by="BRA", against="ARG")
    data["events"][0]["where"] = {"territory_of": "ARG", "region": "south_america"}
    verdict = judge(scenario(data), catalogue, EVAL, treaties=["CSTO"])
    assert verdict.status("CSTO", "collective_defence") == "not_triggered"


def test_json_shape_matches_design(scenario_data: dict[str, Any], catalogue: Catalogue) -> None:
    doc = judge(scenario(scenario_data), catalogue, EVAL).to_json()
    assert doc["scenario"] == "minimal" and doc["date"] == "2021-04-29"
    for r in doc["results"]:
        assert {"treaty", "outcome", "status", "provisions", "explanation", "readings"} <= set(r)
        assert r["status"] in ("triggered", "not_triggered", "contested")
        assert isinstance(r["provisions"], list) and r["provisions"]


def test_firing_order_never_changes_the_verdict(scenario_data: dict[str, Any], catalogue: Catalogue) -> None:
    """Reversing the provisions in the file compiles to the same verdicts."""
    from engine.law.catalogue import Catalogue as Cat
    from engine.law.compiler import compile_rulebook

    book = catalogue["CSTO"]
    reversed_rb = book.rulebook.model_copy(update={"provisions": list(reversed(book.rulebook.provisions))})
    other = Cat([compile_rulebook(reversed_rb, Located("csto.yaml", {}))])
    for kind in ("armed_attack", "border_clash", "domestic_unrest", "cyber_attack"):
        data = copy.deepcopy(scenario_data)
        data["events"][0]["kind"] = kind
        a = judge(scenario(data), Cat([book]), EVAL).to_json()
        b = judge(scenario(data), other, EVAL).to_json()
        assert a == b
