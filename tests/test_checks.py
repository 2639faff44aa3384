"""casus check: each broken fixture fails its own static check with a readable message;
the shipped rulebooks and the toy fixture pass; a bad file is exit 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from textwrap import dedent
from typing import Any

import pytest
from typer.testing import CliRunner

from engine.checks.registry import REGISTRY, check_file
from engine.cli.main import app
from engine.formats.paths import rules_dir
from engine.formats.yamlsafe import load_yaml
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
    "broken-too-many-readings.yaml": ("C009", "16 readings can be open at once"),
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


def _properties_json(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["check", "--format", "json", *args, str(FIXTURES / "toy.yaml")])
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.output)
    return doc


def test_examples_sets_the_depth_of_every_sampled_property() -> None:
    """--examples N: N examples per property, a share of N for the costly ones (their
    `budget`), never fewer than one; the default is 50."""
    from engine.checks.properties import PROPERTIES, examples_for
    from engine.cli.check import DEFAULT_EXAMPLES

    by_id = {p.id: p for p in PROPERTIES.values()}
    for n in (3, 20):
        doc = _properties_json("--examples", str(n))
        assert doc["examples"] == n
        for entry in doc["properties"]:
            assert entry["status"] == "passed"
            assert entry["examples"] == examples_for(by_id[entry["id"]], n), entry
    assert DEFAULT_EXAMPLES == 50
    assert _properties_json()["examples"] == DEFAULT_EXAMPLES
    assert runner.invoke(app, ["check", "--examples", "0", str(FIXTURES / "toy.yaml")]).exit_code == 2


def _casus_check(args: list[str], cwd: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {k: val for k, val in os.environ.items() if k != "HYPOTHESIS_STORAGE_DIRECTORY"}
    env["XDG_CACHE_HOME"] = str(cache)
    casus = Path(sys.executable).parent / "casus"
    return subprocess.run([str(casus), "check", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def _casus_check(args: list[str], cwd: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {k: val for k, val in os.environ.items() if k != "HYPOTHESIS_STORAGE_DIRECTORY"}
    env["XDG_CACHE_HOME"] = str(cache)
    casus = Path(sys.executable).parent / "casus"
    return subprocess.run([str(casus), "check", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_check_writes_no_hypothesis_directory_where_it_runs(tmp_path: Path) -> None:
    """Hypothesis would put .hypothesis/ (its caches, even without an example database) into
    the current directory; `casus check` keeps them in the user's cache directory."""
    work = tmp_path / "work"
    work.mkdir()
    result = _casus_check(["--examples", "3", str(FIXTURES / "toy.yaml")], work, tmp_path / "cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert list(work.iterdir()) == []
    assert (tmp_path / "cache" / "casus" / "hypothesis").is_dir()


def test_a_failing_property_prints_a_shrunk_scenario_as_yaml_the_same_on_every_run(tmp_path: Path) -> None:
    """The default run finds the fixture's breach (P05 tries every event kind on each scenario
    it draws, so it does not take a lucky draw), prints the failing scenario as YAML that
    loads, and a second run (a new process) tests the same examples and prints the same."""
    args = [str(FIXTURES / "broken-property.yaml")]
    first = _casus_check(args, tmp_path, tmp_path / "cache")
    assert first.returncode == 1, first.stdout + first.stderr
    output = first.stdout
    assert "FAIL P05 non-member-not-defended" in output
    assert "collective_defence is triggered for" in output
    assert "minimal failing input:" in output
    assert "events:" in output and "kind: state" in output
    yaml_text = output.split("minimal failing input:\n", 1)[1].split("  ok   P06", 1)[0]
    loaded = load_yaml(dedent(yaml_text), "<counterexample>").data
    assert loaded["events"][0]["kind"] in ("invasion", "armed_attack")  # a kind the toy defends against
    second = _casus_check(args, tmp_path, tmp_path / "cache")
    assert second.stdout == output


def test_hypothesis_storage_is_given_back() -> None:
    """In-process (the tests, an embedding program) the previous storage directory returns."""
    from hypothesis.configuration import storage_directory

    from engine.checks.propertykit import cache_dir, hypothesis_storage

    def home() -> Path:
        where: Any = storage_directory()
        return Path(getattr(where, "path", where))

    before = home()
    with hypothesis_storage() as where:
        assert home() == where == cache_dir()
    assert home() == before


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


# --- the fact-space search (engine/checks/space.py) ---------------------------------------

SMALL_SPACES = ["toy.yaml", "broken-conflict.yaml", "broken-never-fires.yaml"]


def _goals(book: Any) -> dict[str, Any]:
    from engine.checks import space as sp

    goals: dict[str, Any] = {}
    for p in book.provisions:
        goals[f"fires {p.id}"] = lambda s, pid=p.id: s.fired[pid]
        goals[f"applies {p.id}"] = lambda s, pid=p.id: s.applies[pid]
        for q in book.provisions:
            if q.id != p.id:
                goals[f"fires {p.id} and applies {q.id}"] = lambda s, a=p.id, b=q.id: sp._and3(
                    [s.fired[a], s.applies[b]]
                )
    for outcome in book.rulebook.outcomes:
        for wanted in (True, False):
            atom = f"outcome.{outcome}"
            goals[f"{atom} is {wanted}"] = lambda s, atom=atom, wanted=wanted: (
                None if s.atoms.get(atom, False) is None else s.atoms.get(atom, False) == wanted
            )
    return goals


@pytest.mark.parametrize("search", ["in-order", "look-ahead"])
@pytest.mark.parametrize("path", [FIXTURES / n for n in SMALL_SPACES], ids=lambda p: p.stem)
def test_search_agrees_with_walking_every_point(path: Path, search: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both searches `find` runs (the plain one, and the forward-checking one it falls back
    to) answer exactly as enumerating every consistent point does, and every witness is one;
    also with one fact pinned to each of its values, so that every branch is taken."""
    import dataclasses

    from engine.checks import space as sp

    if search == "look-ahead":
        monkeypatch.setattr(sp, "IN_ORDER_EVALUATIONS", 0)
    book = check_file(path).compiled
    assert book is not None
    space = sp.build(book)
    points = [(point, sp.evaluate3(book, point)) for point in sp.iter_points(space)]
    order = sp.relevant_order(book, [p.id for p in book.provisions][:2])
    pins: list[tuple[str, Any] | None] = [None, *((f, v) for f, vals in space.values.items() for v in vals)]
    goals = _goals(book)
    for pin in pins:
        sub = space if pin is None else dataclasses.replace(space, values={**space.values, pin[0]: (pin[1],)})
        states = [s for point, s in points if pin is None or point[pin[0]] == pin[1]]
        for name, goal in goals.items():
            if pin is not None and not name.startswith("fires"):
                continue
            answer = sp.find(sub, goal, order)
            assert answer.decided, (name, pin)
            assert (answer.witness is not None) == any(goal(s) for s in states), (name, pin)
            if answer.witness is not None:
                assert sp._consistent(sub, answer.witness)
                assert goal(sp.evaluate3(book, answer.witness)) is True, (name, pin)


def test_search_decides_the_csto_conflict_question_in_few_evaluations(monkeypatch: pytest.MonkeyPatch) -> None:
    """The C004 question that took the in-order search ~100,000 evaluations (a protected
    victim on its own territory cannot be on a non-member's territory) is now cheap: within
    5,000 evaluations it is decided, and there is no such case."""
    from engine.checks import space as sp

    monkeypatch.setattr(sp, "MAX_EVALUATIONS", 5_000)
    book = check_file(rules_dir() / "csto.yaml").compiled
    assert book is not None
    pids = ["JS-INTRA", "CST-6", "PK-3-OUTSIDE"]
    answer = sp.find(
        sp.build(book),
        lambda s: sp._and3([s.fired["JS-INTRA"], s.applies["CST-6"], s.fired["PK-3-OUTSIDE"]]),
        sp.relevant_order(book, pids),
    )
    assert answer.decided and answer.witness is None
