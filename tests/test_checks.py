"""casus check: each broken fixture fails its own static check with a readable message;
the shipped rulebooks and the toy fixture pass; a bad file is exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from engine.checks.registry import REGISTRY, check_file
from engine.cli.main import app
from engine.formats.paths import rules_dir
from tests.conftest import REPO

FIXTURES = REPO / "tests/fixtures/rulebooks"
BROKEN = {
    "broken-never-fires.yaml": ("C001", "TOY-5-STRANGER can never fire"),
    "broken-never-reached.yaml": ("C002", "outcome collective_deployment is listed but no provision concludes it"),
    "broken-never-avoided.yaml": ("C003", "outcome consultation is triggered on every possible facts"),
    "broken-conflict.yaml": ("C004", "TOY-INTRA defeats TOY-5 (collective_defence), but TOY-5-ANY concludes"),
    "broken-undefined-fact.yaml": ("C005", "TOY-4 tests 'protectd'"),
    "broken-undefined-reading.yaml": ("C006", "reading 'cyber_attack'"),
    "broken-dangling-exception.yaml": ("C007", "TOY-INTRA defeats 'TOY-6', which is not a provision"),
    "broken-cycle.yaml": ("C008", "TOY-4 -> TOY-PROTECTED -> TOY-4"),
}
SHIPPED = sorted(rules_dir().glob("*.yaml"))
# Findings a shipped rulebook is known to have (none since C004 caught PK-3-OUTSIDE
# treating a frozen member's territory as outside the members').
KNOWN_FINDINGS: dict[str, set[str]] = {}
runner = CliRunner()


def test_every_check_has_a_fixture_and_a_documented_example() -> None:
    assert {cid for cid, _ in BROKEN.values()} == set(REGISTRY)
    for chk in REGISTRY.values():
        assert "Passes" in chk.doc and "Fails" in chk.doc, chk.id


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_each_broken_fixture_fails_exactly_its_check(name: str) -> None:
    cid, words = BROKEN[name]
    report = check_file(FIXTURES / name)
    failing = {k for k, findings in report.results.items() if findings}
    assert failing == {cid}
    assert any(words in f.message for f in report.results[cid])
    assert all(f.line for f in report.results[cid])


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_casus_check_fails_on_each_broken_fixture(name: str) -> None:
    cid, words = BROKEN[name]
    result = runner.invoke(app, ["check", "--static-only", str(FIXTURES / name)])
    assert result.exit_code == 1, result.output
    assert f"FAIL {cid}" in result.output
    assert words in result.output


def test_toy_rulebook_passes_checks_and_properties() -> None:
    result = runner.invoke(app, ["check", "--examples", "5", str(FIXTURES / "toy.yaml")])
    assert result.exit_code == 0, result.output
    assert "FAIL" not in result.output
    assert result.output.count("  ok   P") >= 12


def test_a_failing_property_prints_a_shrunk_scenario_as_yaml() -> None:
    result = runner.invoke(app, ["check", "--examples", "30", str(FIXTURES / "broken-property.yaml")])
    assert result.exit_code == 1, result.output
    assert "FAIL P05 non-member-not-defended" in result.output
    assert "minimal failing input:" in result.output
    assert "events:" in result.output and "kind: state" in result.output


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_static_checks_pass_on_shipped_rulebooks(path: Path) -> None:
    report = check_file(path)
    failing = {k for k, findings in report.results.items() if findings}
    assert failing == KNOWN_FINDINGS.get(path.name, set()), [f.message for fs in report.results.values() for f in fs]


def test_json_format() -> None:
    result = runner.invoke(app, ["check", "--static-only", "--format", "json", str(FIXTURES / "broken-cycle.yaml")])
    assert result.exit_code == 1
    doc = json.loads(result.output)
    by_id = {c["id"]: c for c in doc["checks"]}
    assert by_id["C008"]["status"] == "failed" and by_id["C001"]["status"] == "skipped"


@pytest.mark.parametrize("content", ["a: [", "id: X\n", "\x00\x01binary"])
def test_bad_file_is_exit_2(tmp_path: Path, content: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content)
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
