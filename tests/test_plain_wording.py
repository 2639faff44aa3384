"""No output of any shipped scenario, in any format, says a reading's answer is "yes: contested".

A reading's answer is said as the status it gives ("if a cyber operation can be an armed
attack: triggered; if not: not triggered"); a bare "yes: contested" beside a reading table
that shows "triggered" reads as a contradiction.
"""

from __future__ import annotations

import io
import json
import re

from rich.console import Console

from engine.analyses.compare import compare
from engine.evaluators.python import PythonEvaluator
from engine.law.catalogue import load_scenario, shipped
from engine.render.compare import print_comparison
from engine.render.markdown import comparison_markdown, explanation_markdown, verdict_markdown
from engine.render.text import print_verdict
from engine.render.tree import print_explanations
from engine.verdict.explain import explain
from engine.verdict.judging import judge
from tests.conftest import REPO

# "yes: contested", "no → triggered", "answered yes: not triggered", "=no: triggered" ...
SAYS_YES_CONTESTED = re.compile(r"\b(yes|no)\b\W{0,3}\s*(contested|triggered|not[ _]triggered)\b", re.IGNORECASE)


def _console() -> Console:
    return Console(record=True, width=400, file=io.StringIO())


def test_the_pattern_catches_the_old_wording() -> None:
    for old in ("Yes: contested; no: not triggered.", "answered yes: contested", "yes → triggered, no → contested"):
        assert SAYS_YES_CONTESTED.search(old), old
    new = "if a cyber operation can be an armed attack: triggered; if not: not triggered"
    assert not SAYS_YES_CONTESTED.search(new)


def test_no_output_of_any_shipped_scenario_says_yes_contested() -> None:
    catalogue = shipped()
    evaluator = PythonEvaluator()
    checked = 0
    for path in sorted((REPO / "scenarios").rglob("*.yaml")):
        scenario = load_scenario(path, catalogue).scenario
        verdict = judge(scenario, catalogue, evaluator)
        explanations = explain(scenario, catalogue)
        comparison = compare(scenario, catalogue, evaluator)
        console = _console()
        print_verdict(console, verdict, scenario.title)
        print_explanations(console, explanations)
        print_comparison(console, comparison)
        outputs = {
            "text": console.export_text(),
            "markdown": verdict_markdown(verdict)
            + explanation_markdown(explanations)
            + comparison_markdown(comparison),
            "json": json.dumps(
                [verdict.to_json(), [e.to_json() for e in explanations], comparison.to_json()], ensure_ascii=False
            ),
        }
        for form, text in outputs.items():
            found = SAYS_YES_CONTESTED.search(text.replace("\\_", "_"))
            assert not found, f"{path.name} ({form}): ...{text[max(0, found.start() - 120) : found.end() + 40]}..."
        checked += 1
    assert checked >= 50
