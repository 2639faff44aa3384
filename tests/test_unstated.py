"""Unknown is not false: a fact the file does not state is judged under each value that
matters (engine.law.cases, engine.verdict.unknowns), the search is bounded with a message
past the bound, and --assume-unstated=no gives format v1's reading back."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from engine.checks import strategies
from engine.cli.main import app
from engine.formats.modelcheck import validate
from engine.formats.scenario import Scenario
from engine.formats.yamlsafe import Located, load_yaml, read_text
from engine.law.catalogue import Catalogue, load_scenario
from engine.law.conditions import Test as ConditionTest
from engine.law.unstated import number_candidates, value_classes
from engine.verdict.judging import Verdict, judge
from tests.conftest import REPO

FIXTURES = REPO / "tests/fixtures"
BASE_UNSTATED = FIXTURES / "unstated/september-11-base-unstated.yaml"
TOY_SABOTAGE = FIXTURES / "unstated/toy-sabotage.yaml"
SEPTEMBER_11 = REPO / "scenarios/nato/nato-september-11-2001.yaml"
SHIPPED = sorted((REPO / "scenarios").rglob("*.yaml"))
runner = CliRunner()


def _data(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = load_yaml(read_text(path), str(path)).data
    return data


def _scenario(data: dict[str, Any], *, as_no: bool = False) -> Scenario:
    scenario = validate(Scenario, Located("test.yaml", data))
    scenario._unstated_as_no = as_no
    return scenario


def _result(verdict: Verdict, treaty: str, outcome: str) -> Any:
    return next(r for r in verdict.results if r.treaty == treaty and r.outcome == outcome)


@pytest.mark.parametrize("engine", ["python_evaluator", "durable_evaluator"])
def test_an_unstated_base_that_decides_makes_it_contested(
    engine: str, catalogue: Catalogue, request: pytest.FixtureRequest
) -> None:
    evaluator = request.getfixturevalue(engine)
    verdict = judge(_scenario(_data(BASE_UNSTATED)), catalogue, evaluator, treaties=["NATO"])
    r = _result(verdict, "NATO", "collective_defence")
    assert r.status == "contested" and r.readings == []
    (fact,) = r.facts
    assert fact.key == "actors.AL-QAIDA.based_in" and fact.fact == "from_abroad"
    assert [(a.answer, a.status) for a in fact.answers] == [("yes", "triggered"), ("no", "not_triggered")]
    assert (
        "file does not say whether AL-QAIDA was based abroad (outside USA): if so, triggered; if not, not triggered"
        in r.explanation
    )
    assert r.to_json()["facts"][0]["answers"][0] == {"answer": "yes", "status": "triggered"}


@pytest.mark.parametrize(("base", "status"), [("AFG", "triggered"), ("USA", "not_triggered")])
def test_stating_the_base_gives_the_stated_answer(
    base: str, status: str, catalogue: Catalogue, python_evaluator: Any
) -> None:
    data = _data(BASE_UNSTATED)
    data["actors"]["AL-QAIDA"]["based_in"] = base
    r = _result(judge(_scenario(data), catalogue, python_evaluator, treaties=["NATO"]), "NATO", "collective_defence")
    assert (r.status, r.facts) == (status, [])


def test_the_september_11_file_without_based_in(catalogue: Catalogue, python_evaluator: Any) -> None:
    """The shipped file, base left out: still contested (on the reading), and now also on the base."""
    data = _data(SEPTEMBER_11)
    del data["actors"]["AL-QAIDA"]["based_in"]
    r = _result(judge(_scenario(data), catalogue, python_evaluator, treaties=["NATO"]), "NATO", "collective_defence")
    assert r.status == "contested"
    (fact,) = r.facts
    assert fact.key == "actors.AL-QAIDA.based_in"
    stated = _result(
        judge(load_scenario(SEPTEMBER_11, catalogue).scenario, catalogue, python_evaluator, treaties=["NATO"]),
        "NATO",
        "collective_defence",
    )
    # Based abroad (AFG, as the shipped file states): the shipped file's answer; at home: no armed attack.
    assert [(a.answer, a.status) for a in fact.answers] == [("yes", stated.status), ("no", "not_triggered")]
    assert stated.facts == []


def test_assume_unstated_no_reads_absence_as_no(catalogue: Catalogue, python_evaluator: Any) -> None:
    r = _result(
        judge(_scenario(_data(BASE_UNSTATED), as_no=True), catalogue, python_evaluator, treaties=["NATO"]),
        "NATO",
        "collective_defence",
    )
    assert (r.status, r.facts) == ("not_triggered", [])
    result = runner.invoke(app, ["run", str(BASE_UNSTATED), "-t", "NATO", "--engine", "python", "--assume-unstated=no"])
    assert result.exit_code == 0 and "does not say" not in result.stdout


def test_text_output_says_what_the_file_does_not_say() -> None:
    result = runner.invoke(app, ["run", str(BASE_UNSTATED), "-t", "NATO", "--engine", "python"])
    assert result.exit_code == 0, result.output
    assert "does not say whether AL-QAIDA was based abroad" in " ".join(result.stdout.split())
    assert "actors.AL-QAIDA.based_in" in result.stdout  # the "turns on" column


def test_all_readings_tables_include_the_unstated_facts() -> None:
    args = ["run", str(BASE_UNSTATED), "-t", "NATO", "--engine", "python", "--all-readings", "-f", "json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    (table,) = [t for t in json.loads(result.stdout)["all_readings"] if t["outcome"] == "collective_defence"]
    assert table["facts"] == ["actors.AL-QAIDA.based_in"]
    rows = {row["facts"]["actors.AL-QAIDA.based_in"]: row["status"] for row in table["rows"]}
    assert rows == {"yes": "triggered", "no": "not_triggered"}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_a_fully_stated_verdict_never_changes(path: Path, catalogue: Catalogue, python_evaluator: Any) -> None:
    """Where no unstated fact decides a result, its status is format v1's (absent = no)."""
    data = _data(path)
    now = judge(_scenario(copy.deepcopy(data)), catalogue, python_evaluator)
    before = judge(_scenario(data, as_no=True), catalogue, python_evaluator)
    for r in now.results:
        if not r.facts:
            assert r.status == before.status(r.treaty, r.outcome), (r.treaty, r.outcome)


def test_eleven_readings_the_eleventh_deciding_is_not_cut() -> None:
    """Issue 14 class 1: the open readings were cut at ten, silently giving not_triggered."""
    rules = FIXTURES / "rulebooks/eleven-readings.yaml"
    for engine in ("python", "durable"):
        args = ["run", str(TOY_SABOTAGE), "--rules", str(rules), "-t", "TOY", "-f", "json", "--engine", engine]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        assert '"status": "contested"' in result.stdout and '"TOY.r11"' in result.stdout


def test_past_the_bound_one_message_and_exit_2() -> None:
    rules = FIXTURES / "rulebooks/broken-too-many-readings.yaml"
    for command, extra in (
        ("run", ["--engine", "python"]),
        ("compare", ["--engine", "python"]),
        ("explain", []),
        ("whatif", []),
    ):
        result = runner.invoke(app, [command, str(TOY_SABOTAGE), "--rules", str(rules), "-t", "TOY", *extra])
        assert result.exit_code == 2, (command, result.output)
        # Fifteen live readings (r01-r15): `cyber` cannot change a sabotage, so it is not counted.
        assert "toy-sabotage.yaml: event 'bridge' under TOY has 32,768 combinations" in result.stderr, command
        assert "r15" in result.stderr and "Traceback" not in result.output


def test_enum_values_are_partitioned_by_the_rulebook_tests() -> None:
    tests = [ConditionTest("attribution", "eq", "confirmed")]
    assert value_classes(tests, "attribution", ["confirmed", "alleged", "disputed"]) == [
        ["confirmed"],
        ["alleged", "disputed"],
    ]
    assert value_classes([], "attribution", ["confirmed", "alleged"]) == [["confirmed", "alleged"]]


def test_numbers_get_one_value_per_interval_between_thresholds() -> None:
    tests = [ConditionTest("latitude", "gt", 23.4), ConditionTest("latitude", "lte", -10.0)]
    candidates = number_candidates(tests, -90.0, 90.0)
    classes = value_classes(tests, "latitude", candidates)
    assert len(classes) == 3  # south of -10, between, north of 23.4
    assert all(-90 <= x <= 90 for x in candidates)


_OPTIONAL_EVENT_KEYS = ("attribution", "effects", "foreign_backing", "in_self_defence")


@st.composite
def _sparse_scenarios(draw: st.DrawFn, catalogue: Catalogue) -> dict[str, Any]:
    """A generated scenario with optional keys dropped at random (each left unknown)."""
    data = draw(strategies.scenario_dicts(catalogue, max_events=2))
    for event in data["events"]:
        for key in _OPTIONAL_EVENT_KEYS:
            if draw(st.booleans()):
                event.pop(key, None)
        if draw(st.booleans()):
            event["where"].pop("latitude", None)
    for actor in data["actors"].values():
        if actor["kind"] == "non_state":
            for key in ("sponsor", "based_in"):
                if draw(st.booleans()):
                    actor.pop(key, None)
    return data


def test_both_evaluators_agree_with_keys_dropped_at_random(
    catalogue: Catalogue, python_evaluator: Any, durable_evaluator: Any
) -> None:
    @given(_sparse_scenarios(catalogue))
    def agree(data: dict[str, Any]) -> None:
        scenario = Scenario.model_validate(data)
        python = judge(scenario, catalogue, python_evaluator).to_json()
        durable = judge(scenario, catalogue, durable_evaluator).to_json()
        python.pop("engine"), durable.pop("engine")
        assert python == durable

    agree()


def test_a_sweep_row_equals_casus_run_with_an_unstated_fact(tmp_path: Path) -> None:
    args = ["--vary", "readings.NATO.non_state_armed_attack=yes,no", "-t", "NATO", "-f", "json"]
    swept = runner.invoke(app, ["sweep", str(BASE_UNSTATED), *args])
    assert swept.exit_code == 0, swept.output
    rows = json.loads(swept.stdout[: swept.stdout.rindex("]") + 1])
    for row in rows:
        answer = row["combination"]["readings.NATO.non_state_armed_attack"]
        text = read_text(BASE_UNSTATED).replace("non_state_armed_attack: yes", f"non_state_armed_attack: {answer}")
        variant = tmp_path / f"variant-{answer}.yaml"
        variant.write_text(text, encoding="utf-8")
        run = runner.invoke(app, ["run", str(variant), "-t", "NATO", "-f", "json", "--engine", "python"])
        statuses = {f"{r['treaty']}.{r['outcome']}": r["status"] for r in json.loads(run.stdout)["results"]}
        assert row["results"] == statuses
    assert [row["results"]["NATO.collective_defence"] for row in rows] == ["contested", "not_triggered"]


def test_whatif_proposes_stating_the_fact_first() -> None:
    args = ["whatif", str(BASE_UNSTATED), "-t", "NATO", "-o", "collective_defence", "-f", "json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)["results"][0]["counterfactuals"]
    first_two = [cf["fields"] for cf in found[:2]]
    assert first_two == [["actor.AL-QAIDA.based_in"], ["actor.AL-QAIDA.based_in"]]
    assert {cf["after"] for cf in found[:2]} == {"triggered", "not_triggered"}
