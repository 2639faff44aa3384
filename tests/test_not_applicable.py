"""Treaties that do not apply on the date are listed after the results, with the date they would."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from typer.testing import CliRunner

from engine.cli.main import app
from engine.evaluators.python import PythonEvaluator
from engine.law.applicability import WINDOW_YEARS, why_not
from engine.law.catalogue import load_scenario, shipped
from engine.verdict.judging import judge
from tests.conftest import REPO

FINLAND = REPO / "tests" / "fixtures" / "scenarios" / "finland-before-nato-2022.yaml"
runner = CliRunner()


def _scenario(path: Path, **changes: object):  # type: ignore[no-untyped-def]
    scenario = load_scenario(path, shipped()).scenario
    return scenario.model_copy(update=changes) if changes else scenario


def test_an_alliance_joined_later_is_listed_with_its_joining_date() -> None:
    verdict = judge(_scenario(FINLAND), shipped(), PythonEvaluator())
    assert "NATO" not in {r.treaty for r in verdict.results}
    nato = {n.treaty: n for n in verdict.absent.listed}["NATO"]
    assert nato.from_ == dt.date(2023, 4, 4) and nato.until is None
    assert "FIN party from 2023-04-04" in nato.reason and "is a party on 2022-06-01" in nato.reason


def test_after_joining_the_alliance_applies_and_is_not_listed() -> None:
    verdict = judge(_scenario(FINLAND, date=dt.date(2023, 5, 1)), shipped(), PythonEvaluator())
    assert "NATO" in {r.treaty for r in verdict.results}
    assert "NATO" not in {n.treaty for n in verdict.absent.listed}


def test_a_state_that_left_and_rejoined_gives_both_dates() -> None:
    # Uzbekistan was out of the CSTO between April 1999 and August 2006.
    scenario = _scenario(FINLAND, date=dt.date(2002, 1, 1))
    scenario = scenario.model_copy(update={"actors": {"UZB": scenario.actors["FIN"]}})
    rulebook = shipped()["CSTO"].rulebook
    left, back = rulebook.membership["UZB"][0].to, rulebook.membership["UZB"][1].from_
    assert left is not None and left < dt.date(2002, 1, 1) < back  # the rulebook's dates, whichever day they say
    entry = why_not(rulebook, scenario)
    assert entry.reason == f"UZB is not a party on 2002-01-01 (party from {back}; party until {left})"
    assert (entry.from_, entry.until) == (back, left)


def test_far_from_the_date_a_treaty_is_counted_not_listed() -> None:
    # Finland in 2010: NATO membership is more than WINDOW_YEARS away.
    verdict = judge(_scenario(FINLAND, date=dt.date(2010, 6, 1)), shipped(), PythonEvaluator())
    assert "NATO" not in {n.treaty for n in verdict.absent.listed}
    assert verdict.absent.others >= 1
    assert f"within {WINDOW_YEARS} years" in verdict.absent.others_words(verdict.date)
    judged = len({r.treaty for r in verdict.results})
    assert judged + len(verdict.absent.listed) + verdict.absent.others == len(shipped())


def test_forcing_a_treaty_lists_nothing_else() -> None:
    verdict = judge(_scenario(FINLAND), shipped(), PythonEvaluator(), treaties=["EU"])
    assert verdict.absent.listed == [] and verdict.absent.others == 0
    assert "not_applicable" not in verdict.to_json()


def test_every_format_says_it() -> None:
    text = runner.invoke(app, ["run", str(FINLAND)])
    assert text.exit_code == 0, text.output
    assert "not applicable on 2022-06-01" in text.stdout
    assert "NATO — none of FIN, RUS is a party on 2022-06-01 (FIN party from 2023-04-04)" in text.stdout
    markdown = runner.invoke(app, ["run", str(FINLAND), "--format", "markdown"])
    assert "- **NATO**: none of FIN, RUS is a party on 2022-06-01 (FIN party from 2023-04-04)" in markdown.stdout
    doc = json.loads(runner.invoke(app, ["run", str(FINLAND), "--format", "json"]).stdout)
    nato = {n["treaty"]: n for n in doc["not_applicable"]}["NATO"]
    assert nato["from"] == "2023-04-04" and "until" not in nato and "FIN" in nato["reason"]


def test_whatif_finds_the_joining_date_without_treaty() -> None:
    result = runner.invoke(app, ["whatif", str(FINLAND), "--outcome", "collective_defence", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {(r["treaty"], r["outcome"]): r for r in json.loads(result.stdout)["results"]}
    nato = rows[("NATO", "collective_defence")]
    assert nato["status"] == "not_applicable"
    first = nato["counterfactuals"][0]
    assert first["before"] == "not_applicable" and first["fields"] == ["date"]
    assert "2023-04-04" in first["reason"] and first["after"] == "triggered"


def test_compare_shows_a_column_and_the_reason() -> None:
    text = runner.invoke(app, ["compare", str(FINLAND)])
    assert text.exit_code == 0, text.output
    assert "(not applicable)" in text.stdout
    assert "NATO: not applicable — none of FIN, RUS is a party on 2022-06-01 (FIN party from 2023-04-04)" in text.stdout
    markdown = runner.invoke(app, ["compare", str(FINLAND), "--format", "markdown"]).stdout
    header = next(line for line in markdown.splitlines() if line.startswith("| outcome |"))
    assert " NATO (not applicable) |" in header
    assert "| collective defence |" in markdown and "| not applicable |" in markdown
    doc = json.loads(runner.invoke(app, ["compare", str(FINLAND), "--format", "json"]).stdout)
    assert {n["treaty"]: n["from"] for n in doc["not_applicable"]}["NATO"] == "2023-04-04"


def test_explain_lists_them_after_the_trees() -> None:
    text = runner.invoke(app, ["explain", str(FINLAND), "--outcome", "collective_defence"])
    assert text.exit_code == 0, text.output
    assert "NATO — none of FIN, RUS is a party on 2022-06-01 (FIN party from 2023-04-04)" in text.stdout
    markdown = runner.invoke(app, ["explain", str(FINLAND), "--format", "markdown"]).stdout
    assert "- **NATO**: none of FIN, RUS is a party on 2022-06-01 (FIN party from 2023-04-04)" in markdown
    forced = runner.invoke(app, ["explain", str(FINLAND), "--treaty", "EU"]).stdout
    assert "not applicable" not in forced


def test_the_html_report_lists_them(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    result = runner.invoke(app, ["report", str(FINLAND), "-o", str(page), "--no-whatif"])
    assert result.exit_code == 0, result.output
    text = page.read_text(encoding="utf-8")
    assert "<h4>Not applicable on 2022-06-01</h4>" in text
    assert "<strong>NATO</strong>: none of FIN, RUS is a party on 2022-06-01 (FIN party from 2023-04-04)" in text
