"""The CLI end to end through typer's runner: output shapes and exit codes."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from engine.cli.main import app
from tests.conftest import REPO, dump

runner = CliRunner()
KT = str(REPO / "scenarios" / "csto" / "kyrgyz-tajik-2021.yaml")
UZ = str(REPO / "scenarios" / "hypothetical" / "uzbekistan-after-exit-2015.yaml")


@pytest.mark.parametrize("engine", ["durable", "python"])
def test_run_text_cites_provisions(engine: str) -> None:
    result = runner.invoke(app, ["run", KT, "--engine", engine])
    assert result.exit_code == 0, result.output
    assert "CST-1-INTRA" in result.stdout or "CST-4-2010" in result.stdout
    assert "contested" in result.stdout and "triggered" in result.stdout


def test_run_json_one_file_is_one_document() -> None:
    result = runner.invoke(app, ["run", KT, "--format", "json"])
    doc = json.loads(result.stdout)
    assert doc["scenario"] == "kyrgyz-tajik-2021" and doc["date"] == "2021-04-29"
    statuses = {(r["treaty"], r["outcome"]): r["status"] for r in doc["results"]}
    assert statuses[("CSTO", "consultation")] == "triggered"
    assert statuses[("CSTO", "collective_defence")] == "contested"


def test_run_json_several_files_is_a_list() -> None:
    result = runner.invoke(app, ["run", KT, UZ, "--format", "json"])
    docs = json.loads(result.stdout)
    assert [d["scenario"] for d in docs] == ["kyrgyz-tajik-2021", "uzbekistan-after-exit-2015"]


def test_run_markdown_is_a_table() -> None:
    result = runner.invoke(app, ["run", KT, "--format", "markdown"])
    lines = result.stdout.splitlines()
    header = lines.index("| treaty | outcome | status | deciding provisions | needs / turns on |")
    assert lines[header + 1] == "|---|---|---|---|---|"
    assert lines[header + 2].startswith("| CSTO |")


def test_run_reading_option_pins() -> None:
    result = runner.invoke(
        app, ["run", KT, "--format", "json", "-r", "CSTO.intra_member_defence=no", "--engine", "python"]
    )
    statuses = {r["outcome"]: r["status"] for r in json.loads(result.stdout)["results"]}
    assert statuses["collective_defence"] == "not_triggered"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-r", "CSTO.intra=maybe"], "TREATY.reading=yes"),
        (["-r", "CSTO.intra_member_defense=no"], "did you mean 'intra_member_defence'"),
        (["--treaty", "NATOO"], "unknown treaty"),
    ],
)
def test_run_bad_options_exit_2(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["run", KT, *args])
    assert result.exit_code == 2
    assert message in result.stderr


def test_run_forced_treaty() -> None:
    result = runner.invoke(app, ["run", UZ, "--format", "json", "--treaty", "CSTO"])
    doc = json.loads(result.stdout)
    assert {r["treaty"] for r in doc["results"]} == {"CSTO"}


def test_run_missing_file_exit_2() -> None:
    result = runner.invoke(app, ["run", "no-such-file.yaml"])
    assert result.exit_code == 2 and "no such file" in result.stderr


def test_test_command_passes_on_shipped_scenarios() -> None:
    result = runner.invoke(app, ["test", str(REPO / "scenarios" / "csto"), "--engine", "python"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1].endswith("0 failed")


def test_test_command_exit_1_on_mismatch(write: Callable[..., Path], scenario_data: dict[str, Any]) -> None:
    scenario_data["expect"] = {"CSTO": {"collective_defence": "not_triggered"}}
    result = runner.invoke(app, ["test", str(write(dump(scenario_data)))])
    assert result.exit_code == 1
    assert "FAIL" in result.stdout and "expected not_triggered, got triggered" in result.stdout
    assert "0 passed, 1 failed" in result.stdout


def test_validate_ok_and_bad(write: Callable[..., Path], scenario_data: dict[str, Any]) -> None:
    ok = runner.invoke(app, ["validate", KT, str(REPO / "rules" / "csto.yaml")])
    assert ok.exit_code == 0 and ok.stdout.count("ok") == 2
    scenario_data["events"][0]["where"]["region"] = "central_asa"
    bad = runner.invoke(app, ["validate", str(write(dump(scenario_data)))])
    assert bad.exit_code == 2
    assert "scenario.yaml:" in bad.stderr and "did you mean 'central_asia'" in bad.stderr


def test_schema_validates_every_shipped_scenario() -> None:
    from engine.formats.yamlsafe import load_yaml, read_text
    from engine.law.catalogue import scenario_files

    result = runner.invoke(app, ["schema"])
    schema = json.loads(result.stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    validator = jsonschema.Draft202012Validator(schema)
    for path in scenario_files([REPO / "scenarios"]):
        data = load_yaml(read_text(path), str(path)).data
        errors = list(validator.iter_errors(data))
        assert not errors, f"{path}: {errors[0].message}"


def test_schema_rejects_unknown_key() -> None:
    schema = json.loads(runner.invoke(app, ["schema"]).stdout)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"id": "x", "titel": "y"}, schema)


def test_treaties_on_a_date() -> None:
    result = runner.invoke(app, ["treaties", "--date", "2013-01-01", "--format", "json"])
    data = {d["treaty"]: d for d in json.loads(result.stdout)}
    assert data["CSTO"]["members"]["UZB"] == "suspended"
    assert "AZE" not in data["CSTO"]["members"]


def test_treaties_detail_lists_citations() -> None:
    result = runner.invoke(app, ["treaties", "CSTO", "--date", "2021-01-01"])
    assert result.exit_code == 0 and "CST-4-2010" in result.stdout


def test_treaties_bad_date() -> None:
    result = runner.invoke(app, ["treaties", "--date", "2021-13-01"])
    assert result.exit_code == 2


def test_help_lists_commands() -> None:
    result = runner.invoke(app, ["--help"])
    for command in ("run", "test", "validate", "schema", "treaties"):
        assert command in result.stdout


def test_contested_result_shows_readings_and_needs_together() -> None:
    result = runner.invoke(app, ["run", KT, "--format", "markdown"])
    row = next(line for line in result.stdout.splitlines() if line.startswith("| CSTO | collective defence |"))
    assert "`CSTO.intra_member_defence`" in row and "request by KGZ" in row


def test_run_off_a_terminal_prints_reading_names_whole() -> None:
    # CliRunner's stdout is not a terminal: the table is as wide as its content.
    result = runner.invoke(app, ["run", KT])
    assert result.exit_code == 0, result.output
    assert "CSTO.intra_member_defence" in result.stdout and "CSTO.undelimited_border" in result.stdout
    assert "…" not in result.stdout


def _column(output: str, index: int) -> str:
    """The text of one table column, its folded pieces joined and spaces dropped."""
    rows = [line.split("│") for line in output.splitlines() if line.startswith("│")]
    return "".join(cells[index].strip() for cells in rows if len(cells) > index)


def test_width_option_bounds_every_line_and_folds_names() -> None:
    result = runner.invoke(app, ["--width", "60", "run", KT])
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.stdout.splitlines()) <= 60
    assert "…" not in result.stdout
    assert "CSTO.intra_member_defence,CSTO.undelimited_border" in _column(result.stdout, 5)
    assert "CST-4-TERRITORY,CSTO-PROTECTED" in _column(result.stdout, 4)


def test_width_is_settled_afresh_by_each_command() -> None:
    narrow = runner.invoke(app, ["--width", "60", "run", KT])
    wide = runner.invoke(app, ["run", KT])
    assert max(map(len, narrow.stdout.splitlines())) <= 60 < max(map(len, wide.stdout.splitlines()))


def test_width_option_refuses_a_useless_width() -> None:
    result = runner.invoke(app, ["--width", "5", "run", KT])
    assert result.exit_code == 2 and "--width" in result.stderr


@pytest.mark.parametrize("width", [[], ["--width", "60"]])
def test_worker_processes_lay_out_as_the_parent_does(width: list[str]) -> None:
    in_process = runner.invoke(app, [*width, "run", KT])
    on_workers = runner.invoke(app, [*width, "run", KT, "--jobs", "2"])
    assert on_workers.exit_code == 0, on_workers.output
    assert on_workers.stdout == in_process.stdout


def test_treaties_unknown_id_names_the_argument_not_an_option() -> None:
    from engine.law.catalogue import shipped

    result = runner.invoke(app, ["treaties", "FOO"])
    assert result.exit_code == 2
    assert f"treaty FOO: unknown; known: {', '.join(shipped())}" in result.stderr
    assert "--treaty" not in result.stderr


@pytest.mark.parametrize(("typed", "meant"), [("NATOO", "NATO"), ("csto", "CSTO"), ("US-JAPN", "US-JAPAN")])
def test_treaties_unknown_id_suggests_the_nearest(typed: str, meant: str) -> None:
    result = runner.invoke(app, ["treaties", typed])
    assert result.exit_code == 2
    assert f"treaty {typed}: unknown (did you mean {meant}?)" in result.stderr


def test_treaty_option_still_names_the_option() -> None:
    result = runner.invoke(app, ["run", KT, "--treaty", "FOO"])
    assert result.exit_code == 2
    assert "--treaty FOO: unknown treaty" in result.stderr


def test_treaties_in_force_is_written_in_words() -> None:
    result = runner.invoke(app, ["treaties", "CSTO", "--date", "2021-01-01"])
    assert result.exit_code == 0
    assert "…" not in result.stdout and "1994-04-20 to 2012-12-18" in result.stdout


CEUTA = str(REPO / "scenarios" / "hypothetical" / "nato-eu-ceuta.yaml")


def _whole(word: str, text: str) -> bool:
    """`word` stands in `text` with nothing of an id glued to either side (not cut, not folded)."""
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


def test_compare_off_a_terminal_prints_provision_ids_whole() -> None:
    result = runner.invoke(app, ["compare", CEUTA])
    assert result.exit_code == 0, result.output
    assert "…" not in result.stdout
    doc = json.loads(runner.invoke(app, ["compare", CEUTA, "-f", "json"]).stdout)
    ids = {p for r in doc["results"] for p in r["provisions"]}
    assert {"TEU-42-7-STATE", "TFEU-222-TERRORISM"} <= ids
    assert [p for p in sorted(ids) if not _whole(p, result.stdout)] == []
    # The title is a line of its own, above the table, with no blanks padding it.
    assert (
        result.stdout.splitlines()[0]
        == "nato-eu-ceuta — Hypothetical: an armed attack on Ceuta (law read at 2024-06-01)"
    )


@pytest.mark.parametrize("path", [KT, CEUTA])
def test_compare_width_option_bounds_every_line_and_folds_names(path: str) -> None:
    result = runner.invoke(app, ["--width", "60", "compare", path])
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.stdout.splitlines()) <= 60  # title and practice lines too
    assert "…" not in result.stdout


def test_compare_width_option_folds_provision_ids() -> None:
    result = runner.invoke(app, ["--width", "40", "compare", CEUTA])
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.stdout.splitlines()) <= 40 and "…" not in result.stdout
    # The EU's column, wherever the other treaties of Spain and Morocco put it.
    header = [line.split("┃") for line in result.stdout.splitlines() if line.startswith("┃")]
    index = next(i for cells in header for i, cell in enumerate(cells) if cell.strip() == "EU")
    eu = _column(result.stdout, index)
    assert "TEU-42-7,EU-MEMBER,TEU-42-7-STATE" in eu and "TFEU-222-DISASTER,TFEU-222-TERRORISM" in eu


def test_whatif_width_option_wraps_the_reasons() -> None:
    args = ["whatif", UZ, "-o", "collective_defence", "--limit", "2"]
    wide = runner.invoke(app, args)
    narrow = runner.invoke(app, ["--width", "60", *args])
    assert narrow.exit_code == 0, narrow.output
    assert max(len(line) for line in narrow.stdout.splitlines()) <= 60
    reasons = [line for line in wide.stdout.splitlines() if re.match(r"\d+\. if ", line)]
    assert reasons and max(map(len, reasons)) > 60  # off a terminal a reason is one line
    flowing = " ".join(narrow.stdout.split())
    assert all(" ".join(reason.split()) in flowing for reason in reasons)  # wrapped, not cut
