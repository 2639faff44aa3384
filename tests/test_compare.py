"""`casus compare`: the logic (which treaties, which clause decided) and the command line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO, dump
from treaty_helpers import event_scenario
from typer.testing import CliRunner

from engine.analyses.compare import compare, treaties_of
from engine.cli.main import app
from engine.evaluators.python import PythonEvaluator
from engine.law.catalogue import load_scenario, shipped
from engine.render.markdown import comparison_markdown

HAWAII = REPO / "scenarios" / "hypothetical" / "hawaii-missile-strike.yaml"
CEUTA = REPO / "scenarios" / "hypothetical" / "nato-eu-ceuta.yaml"
runner = CliRunner()


def _hawaii():  # type: ignore[no-untyped-def]
    return compare(load_scenario(HAWAII, shipped()).scenario, shipped(), PythonEvaluator())


def test_every_treaty_of_the_states_on_the_date() -> None:
    s = event_scenario("2024-06-01", by="PRK", against="USA", territory_of="USA", region="pacific", latitude=21.3)
    # Every treaty the United States or North Korea is party to that day (Russia-DPRK only from
    # 2024-12-04), and no other.
    us_and_dprk = ["ANZUS", "CHINA-DPRK", "NATO", "RIO", "SEATO", "US-JAPAN", "US-PHILIPPINES", "US-ROK"]
    assert treaties_of(s, shipped()) == us_and_dprk
    early = event_scenario("1955-01-01", by="PRK", against="USA", territory_of="USA", region="pacific")
    assert treaties_of(early, shipped()) == ["ANZUS", "NATO", "RIO", "US-PHILIPPINES", "US-ROK"]
    assert treaties_of(early, shipped(), ["CSTO"]) == ["ANZUS", "CSTO", "NATO", "RIO", "US-PHILIPPINES", "US-ROK"]


def test_hawaii_differs_by_area_clause() -> None:
    cmp = _hawaii()
    assert cmp.status("NATO", "collective_defence") == "not_triggered"
    assert cmp.status("ANZUS", "collective_defence") == "triggered"
    assert cmp.status("US-JAPAN", "collective_defence") == "not_triggered"
    nato = " ".join(cmp.cells[("NATO", "collective_defence")].because)
    assert "treaty_area" in nato and "NATO-6-1-EUROPE-NA" in nato and "NATO-6-2-NORTH-ATLANTIC" in nato
    anzus = " ".join(cmp.cells[("ANZUS", "collective_defence")].because)
    assert "ANZUS-5-PACIFIC" in anzus and "Art. V" in anzus
    usj = " ".join(cmp.cells[("US-JAPAN", "collective_defence")].because)
    assert "USJ-5-ADMINISTRATION" in usj and "administered_by is JPN (here: USA)" in usj


def test_outcomes_a_treaty_lacks_are_empty_cells() -> None:
    cmp = compare(load_scenario(CEUTA, shipped()).scenario, shipped(), PythonEvaluator())
    assert cmp.outcomes == ["consultation", "collective_defence", "collective_deployment"]
    assert cmp.cell("NATO", "collective_deployment") is None
    assert cmp.to_json()["table"]["collective_deployment"]["NATO"] is None
    assert cmp.status("EU", "collective_defence") == "triggered"


def test_contested_cells_name_their_readings() -> None:
    cmp = compare(
        load_scenario(REPO / "scenarios/nato/nato-turkey-akcakale-2012.yaml", shipped()).scenario,
        shipped(),
        PythonEvaluator(),
    )
    cell = cmp.cells[("NATO", "collective_defence")]
    assert cell.status == "contested"
    turns = "turns on NATO.gravity: if a border clash with damage or casualties is grave enough"
    assert any(b.startswith(turns) and b.endswith(": triggered; if not: not triggered") for b in cell.because)
    assert "practice since 2012-10-03 (NATO.gravity): a border clash is a frontier incident" in " ".join(cell.because)


def test_long_value_lists_are_shortened() -> None:
    cmp = _hawaii()
    text = " ".join(cmp.cells[("RIO", "collective_defence")].because)
    assert "more)" in text and "URY, VEN" not in text


def test_no_party_gives_an_empty_comparison() -> None:
    s = event_scenario("2024-01-01", by="IND", against="PAK", territory_of="PAK", region="south_asia")
    cmp = compare(s, shipped(), PythonEvaluator())
    assert cmp.treaties == [] and cmp.cells == {}
    assert "No treaty applies" in comparison_markdown(cmp)


def test_json_shape() -> None:
    doc = _hawaii().to_json()
    assert doc["scenario"] == "hawaii-missile-strike" and doc["date"] == "2024-06-01"
    assert doc["treaties"] == ["ANZUS", "CHINA-DPRK", "NATO", "RIO", "SEATO", "US-JAPAN", "US-PHILIPPINES", "US-ROK"]
    assert doc["table"]["collective_defence"] == {
        "ANZUS": "triggered",
        "CHINA-DPRK": "not_triggered",  # the United States is not a party
        "NATO": "not_triggered",
        "RIO": "triggered",
        "SEATO": "not_triggered",  # Hawaii is not in the Southwest Pacific
        "US-JAPAN": "not_triggered",
        "US-PHILIPPINES": "triggered",  # Art. V: US island territories in the Pacific
        "US-ROK": "triggered",  # Art. III: territory under US administration in the Pacific area
    }
    row = next(r for r in doc["results"] if r["treaty"] == "NATO" and r["outcome"] == "collective_defence")
    assert {"status", "provisions", "because", "explanation", "readings"} <= set(row)


@pytest.mark.parametrize("engine", ["python", "durable"])
def test_cli_json_agrees_across_engines(engine: str) -> None:
    result = runner.invoke(app, ["compare", str(HAWAII), "--format", "json", "--engine", engine])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["table"]["collective_defence"]["ANZUS"] == "triggered"
    assert doc["engine"] == engine


def test_cli_text_and_markdown() -> None:
    text = runner.invoke(app, ["compare", str(HAWAII), "--engine", "python"])
    assert text.exit_code == 0 and "NATO-6-1-EUROPE-NA" in text.stdout and "US-JAPAN" in text.stdout
    md = runner.invoke(app, ["compare", str(HAWAII), "-f", "markdown", "--engine", "python"])
    assert md.exit_code == 0
    assert "| outcome | ANZUS | CHINA-DPRK | NATO | RIO | SEATO | US-JAPAN | US-PHILIPPINES | US-ROK |" in md.stdout


def test_cli_treaty_option_and_several_files(write: Callable[..., Path]) -> None:
    forced = runner.invoke(app, ["compare", str(HAWAII), "-t", "EU", "-f", "json", "--engine", "python"])
    assert forced.exit_code == 0
    assert "EU" in json.loads(forced.stdout)["treaties"]
    both = runner.invoke(app, ["compare", str(HAWAII), str(CEUTA), "-f", "json", "--engine", "python"])
    assert both.exit_code == 0 and [d["scenario"] for d in json.loads(both.stdout)] == [
        "hawaii-missile-strike",
        "nato-eu-ceuta",
    ]


def test_cli_bad_input_exits_2(write: Callable[..., Path], scenario_data: dict[str, object]) -> None:
    assert runner.invoke(app, ["compare", str(HAWAII), "-t", "NOPE"]).exit_code == 2
    assert runner.invoke(app, ["compare", "missing.yaml"]).exit_code == 2
    bad = write("id: [\n", "bad.yaml")
    good = write(dump(scenario_data), "good.yaml")
    result = runner.invoke(app, ["compare", str(bad), str(good), "--engine", "python"])
    assert result.exit_code == 2
    assert "minimal" in result.stdout
