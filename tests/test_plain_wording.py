"""No output of any shipped scenario, in any format, says a reading's answer is "yes: contested".

A reading's answer is said as the status it gives ("if a cyber operation can be an armed
attack: triggered; if not: not triggered"); a bare "yes: contested" beside a reading table
that shows "triggered" reads as a contradiction.
"""

from __future__ import annotations

import html
import io
import json
import re

from rich.console import Console

from engine.analyses.compare import compare
from engine.evaluators.python import PythonEvaluator
from engine.formats.yamlsafe import read_text
from engine.law.catalogue import load_scenario, shipped
from engine.render.compare import print_comparison
from engine.render.htmlsection import build, section_html
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


def _html_text(page: str) -> str:
    """The words of an HTML section as a reader sees them: inline tags vanish ("if yes: <span>
    contested</span>" reads "if yes: contested"), block tags end a line of their own."""
    inline = re.sub(r"</?(span|code|strong|em|a|b|i|abbr)\b[^>]*>", "", page)
    return html.unescape(re.sub(r"<[^>]+>", "\nBLOCK\n", inline))


def test_the_pattern_catches_the_old_wording() -> None:
    for old in ("Yes: contested; no: not triggered.", "answered yes: contested", "yes → triggered, no → contested"):
        assert SAYS_YES_CONTESTED.search(old), old
    new = "if a cyber operation can be an armed attack: triggered; if not: not triggered"
    assert not SAYS_YES_CONTESTED.search(new)
    badge = '<li>reading: — if yes: <span class="status">contested</span>, if no: <span>triggered</span></li>'
    assert SAYS_YES_CONTESTED.search(_html_text(badge))
    assert not SAYS_YES_CONTESTED.search(_html_text("<td>(here: yes)</td><td>not triggered</td>"))


def test_no_output_of_any_shipped_scenario_says_yes_contested() -> None:
    catalogue = shipped()
    evaluator = PythonEvaluator()
    checked = 0
    for path in sorted((REPO / "scenarios").rglob("*.yaml")):
        loaded = load_scenario(path, catalogue)
        scenario = loaded.scenario
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
            "html": _html_text(section_html(build(loaded, read_text(path), catalogue, "s", path.name, whatifs=False))),
            "json": json.dumps(
                [verdict.to_json(), [e.to_json() for e in explanations], comparison.to_json()], ensure_ascii=False
            ),
        }
        for form, text in outputs.items():
            found = SAYS_YES_CONTESTED.search(text.replace("\\_", "_"))
            assert not found, f"{path.name} ({form}): ...{text[max(0, found.start() - 120) : found.end() + 40]}..."
        checked += 1
    assert checked >= 50
