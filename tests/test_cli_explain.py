"""`casus explain`, `casus whatif` and `casus run --all-readings` through typer's runner."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from engine.cli.main import app
from tests.conftest import REPO
from tests.test_explain import assert_markdown_table

runner = CliRunner()
KT = str(REPO / "scenarios" / "csto" / "kyrgyz-tajik-2021.yaml")
UZ = str(REPO / "scenarios" / "hypothetical" / "uzbekistan-after-exit-2015.yaml")


def test_explain_text_is_a_tree() -> None:
    result = runner.invoke(app, ["explain", UZ, "--outcome", "collective_defence"])
    assert result.exit_code == 0, result.output
    assert "2006-08-16" in result.stdout and "└──" in result.stdout


def test_explain_json_and_reading_option() -> None:
    result = runner.invoke(
        app, ["explain", KT, "-o", "collective_defence", "-f", "json", "--reading", "CSTO.intra_member_defence=no"]
    )
    assert result.exit_code == 0, result.output
    (doc,) = json.loads(result.stdout)
    assert doc["status"] == "not_triggered" and "CST-1-INTRA" in json.dumps(doc["tree"])


def test_explain_markdown_has_mermaid() -> None:
    result = runner.invoke(app, ["explain", KT, "--treaty", "CSTO", "-f", "markdown"])
    assert result.exit_code == 0, result.output
    assert result.stdout.count("```mermaid") == 3


def test_explain_bad_options_exit_2() -> None:
    assert runner.invoke(app, ["explain", KT, "--outcome", "defence"]).exit_code == 2
    assert runner.invoke(app, ["explain", KT, "--reading", "CSTO.nope=yes"]).exit_code == 2
    assert runner.invoke(app, ["explain", "/nonexistent.yaml"]).exit_code == 2


def test_whatif_text_and_json() -> None:
    result = runner.invoke(app, ["whatif", UZ, "-o", "collective_defence", "--limit", "2"])
    assert result.exit_code == 0, result.output
    assert "+date: 2012-12-18" in result.stdout
    result = runner.invoke(app, ["whatif", KT, "-f", "json", "--max-changes", "1"])
    doc = json.loads(result.stdout)
    assert {r["outcome"] for r in doc["results"]} == {"consultation", "collective_defence", "collective_deployment"}
    assert all(cf["changes"] == 1 for r in doc["results"] for cf in r["counterfactuals"])


def test_whatif_markdown_diff_blocks() -> None:
    result = runner.invoke(app, ["whatif", KT, "-f", "markdown", "-n", "1", "--limit", "1"])
    assert result.exit_code == 0, result.output
    assert "```diff\n--- a/" in result.stdout


def test_run_all_readings() -> None:
    result = runner.invoke(app, ["run", KT, "--all-readings", "--engine", "python", "-f", "json"])
    assert result.exit_code == 0, result.output
    tables = {(t["treaty"], t["outcome"]): t for t in json.loads(result.stdout)["all_readings"]}
    defence = tables[("CSTO", "collective_defence")]
    # A border clash between members on a disputed stretch: gravity, intra-member, border.
    assert {"CSTO.gravity", "CSTO.intra_member_defence", "CSTO.undelimited_border"} <= set(defence["readings"])
    statuses = {frozenset(row["readings"].values()): row["status"] for row in defence["rows"]}
    assert statuses[frozenset({"yes"})] == "triggered" and statuses[frozenset({"no"})] == "not_triggered"
    text = runner.invoke(app, ["run", KT, "--all-readings", "--engine", "python"]).stdout
    assert "under each reading" in text


def test_run_markdown_tables() -> None:
    result = runner.invoke(app, ["run", KT, "--all-readings", "--engine", "python", "-f", "markdown"])
    assert result.exit_code == 0, result.output
    assert_markdown_table(result.stdout)


def test_explain_says_in_force_in_words() -> None:
    # CST-2-PEACE has no end date, CST-2-1992 has one: the same words as `casus treaties`.
    tree = runner.invoke(app, ["explain", KT, "-o", "consultation"])
    assert tree.exit_code == 0, tree.output
    assert "in force from 1994-04-20" in tree.stdout and "…" not in tree.stdout
    md = runner.invoke(app, ["explain", KT, "-o", "consultation", "-f", "markdown"])
    assert "_in force from 1994-04-20_" in md.stdout and "…" not in md.stdout
    ended = runner.invoke(app, ["explain", UZ, "-o", "collective_defence"])
    assert "(in force 1994-04-20 to 2012-12-18)" in ended.stdout
    treaties = runner.invoke(app, ["treaties", "CSTO", "--date", "2021-01-01"])
    assert "from 1994-04-20" in treaties.stdout and "1994-04-20 to 2012-12-18" in treaties.stdout
