"""Proof trees: known cases name what an analyst must see; every shipped scenario explains."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.evaluators.python import PythonEvaluator
from engine.law.catalogue import Catalogue, load_scenario, scenario_files
from engine.render.markdown import explanation_markdown, verdict_markdown
from engine.verdict.explain import Explanation, explain
from engine.verdict.judging import judge
from tests.conftest import REPO

SCENARIOS = REPO / "scenarios"
ALL = scenario_files([SCENARIOS])
UZ = SCENARIOS / "hypothetical" / "uzbekistan-after-exit-2015.yaml"
KT = SCENARIOS / "csto" / "kyrgyz-tajik-2021.yaml"


def _one(path: Path, catalogue: Catalogue, treaty: str, outcome: str, **kw: object) -> Explanation:
    scenario = load_scenario(path, catalogue).scenario
    found = explain(scenario, catalogue, treaties=[treaty], outcomes=[outcome], **kw)  # type: ignore[arg-type]
    assert len(found) == 1
    return found[0]


def test_uzbekistan_2015_names_the_membership_dates(catalogue: Catalogue) -> None:
    e = _one(UZ, catalogue, "CSTO", "collective_defence")
    assert e.status == "not_triggered"
    words = e.plain()
    assert "victim_status is member (here: suspended)" in words
    assert "member 2006-08-16 to 2012-12-18" in words
    assert "suspended from 2012-12-19" in words
    assert "source http" in words


def test_kyrgyz_tajik_2021_names_the_exception_and_the_readings(catalogue: Catalogue) -> None:
    e = _one(KT, catalogue, "CSTO", "collective_defence")
    assert e.status == "contested"
    words = e.plain()
    assert "CST-1-INTRA" in words
    assert "CSTO.intra_member_defence" in words and "CSTO.undelimited_border" in words
    assert "practice" in words and "2014-07-15" in words  # the organisation's position at that date
    assert {r.name for r in e.readings} >= {"CSTO.intra_member_defence", "CSTO.undelimited_border"}
    kinds = {n.kind for n in e.root.walk()}
    assert {"reading", "branch", "exception", "provision", "test"} <= kinds


def test_pinned_reading_is_decisive_and_says_so(catalogue: Catalogue) -> None:
    e = _one(KT, catalogue, "CSTO", "collective_defence", readings={"CSTO.intra_member_defence": False})
    assert e.status == "not_triggered"
    assert "pinned no on the command line" in e.plain()
    assert any(n.kind == "exception" and n.label.startswith("CST-1-INTRA") for n in e.root.walk())


def test_triggered_tree_cites_every_fired_provision(catalogue: Catalogue) -> None:
    e = _one(KT, catalogue, "CSTO", "consultation")
    assert e.status == "triggered"
    provisions = [n for n in e.root.walk() if n.kind == "provision"]
    assert provisions and all(n.holds and "Art." in n.cite for n in provisions)


def _falklands() -> Path | None:
    found = sorted(SCENARIOS.rglob("*falkland*.y*ml"))
    return found[0] if found else None


@pytest.mark.skipif(
    not (REPO / "rules" / "nato.yaml").exists() or _falklands() is None,
    reason="needs the NATO rulebook and the Falklands scenario",
)
def test_falklands_under_nato_names_article_6_and_the_tropic(catalogue: Catalogue) -> None:
    path = _falklands()
    assert path is not None
    e = _one(path, catalogue, "NATO", "collective_defence")
    words = e.plain()
    assert "Art. 6" in words
    # The area is drawn as polygons now (rules/areas): the tree names the islands limb and
    # the area facts the place fails, not a latitude constant.
    assert "north of the Tropic of Cancer" in words
    assert "area.nato_europe is yes (here: no)" in words


def test_json_is_nested(catalogue: Catalogue) -> None:
    doc = _one(KT, catalogue, "CSTO", "collective_defence").to_json()
    assert doc["status"] == "contested" and doc["tree"]["kind"] == "outcome"
    assert any("children" in child for child in doc["tree"]["children"])


def test_markdown_has_a_mermaid_flowchart(catalogue: Catalogue) -> None:
    text = explanation_markdown([_one(KT, catalogue, "CSTO", "collective_defence")])
    assert "```mermaid\nflowchart TD\n" in text
    block = text.split("```mermaid\n", 1)[1].split("```", 1)[0]
    for line in block.splitlines()[1:]:
        assert line.startswith("    "), line
        if '["' in line:
            label = line.split('["', 1)[1].rsplit('"]', 1)[0]
            assert '"' not in label  # quotes inside a label break the diagram


def assert_markdown_table(text: str) -> None:
    """Each table: a header row, a |---| separator row, body rows with the header's cell count."""
    lines = text.splitlines()
    tables = 0
    for i, line in enumerate(lines):
        if line.startswith("|") and (i == 0 or not lines[i - 1].startswith("|")):
            tables += 1
            cells = len(_cells(line))
            sep = lines[i + 1]
            assert set(sep.replace("|", "").replace(" ", "")) <= {"-", ":"} and len(_cells(sep)) == cells
            j = i + 2
            while j < len(lines) and lines[j].startswith("|"):
                assert len(_cells(lines[j])) == cells, lines[j]
                j += 1
            assert lines[i - 1].strip() == "" if i else True  # GitHub needs a blank line before a table
    assert tables >= 1


def _cells(line: str) -> list[str]:
    body = line.strip().strip("|").replace("\\|", "")
    return body.split("|")


def test_verdict_markdown_is_a_table(catalogue: Catalogue) -> None:
    for path in (KT, UZ):
        scenario = load_scenario(path, catalogue).scenario
        verdict = judge(scenario, catalogue, PythonEvaluator())
        assert_markdown_table(verdict_markdown(verdict, scenario.title))


@pytest.mark.parametrize("path", ALL, ids=[p.stem for p in ALL])
def test_every_shipped_scenario_explains(path: Path, catalogue: Catalogue) -> None:
    scenario = load_scenario(path, catalogue).scenario
    verdict = judge(scenario, catalogue, PythonEvaluator())
    found = explain(scenario, catalogue)
    assert [(e.treaty, e.outcome, e.status) for e in found] == [
        (r.treaty, r.outcome, r.status) for r in verdict.results
    ]
    for e in found:
        assert e.root.children, f"{e.treaty} {e.outcome}: empty proof"
        leaves = [n for n in e.root.walk() if not n.children and n.kind == "test"]
        if e.status != "contested":
            assert leaves or any(n.kind == "note" for n in e.root.walk())
        explanation_markdown([e])
        e.to_json()
