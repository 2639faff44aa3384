"""Counterfactuals: found by search, and each one, applied to the file and re-run, flips the verdict."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from engine.analyses.whatif import Counterfactual, whatif
from engine.evaluators.python import PythonEvaluator
from engine.formats.yamlsafe import load_yaml
from engine.law.catalogue import Catalogue, load_scenario, scenario_files, scenario_from
from engine.verdict.judging import judge
from tests.conftest import REPO

SCENARIOS = REPO / "scenarios"
ALL = scenario_files([SCENARIOS])
UZ = SCENARIOS / "hypothetical" / "uzbekistan-after-exit-2015.yaml"
KT = SCENARIOS / "csto" / "kyrgyz-tajik-2021.yaml"


def _search(path: Path, catalogue: Catalogue, **kw: object) -> list[Counterfactual]:
    loaded = load_scenario(path, catalogue)
    return whatif(loaded, path.read_text(encoding="utf-8"), catalogue, **kw)  # type: ignore[arg-type]


def _rejudge(path: Path, cf: Counterfactual, catalogue: Catalogue) -> str | None:
    changed = scenario_from(load_yaml(cf.text, str(path)), catalogue, path).scenario
    return judge(changed, catalogue, PythonEvaluator()).status(cf.treaty, cf.outcome)


def _patch(original: str, diff: str) -> str:
    """Apply a unified diff as `patch` would (the hunks are exact: no fuzz)."""
    old = original.splitlines(keepends=True)
    out: list[str] = []
    pos = 0
    lines = diff.splitlines(keepends=True)
    i = 2  # skip the ---/+++ header
    while i < len(lines):
        header = lines[i]
        assert header.startswith("@@"), header
        start = int(header.split()[1].split(",")[0][1:]) - 1
        out.extend(old[pos:start])
        pos = start
        i += 1
        while i < len(lines) and not lines[i].startswith("@@"):
            tag, body = lines[i][0], lines[i][1:]
            if tag in " -":
                assert old[pos] == body, (old[pos], body)
                pos += 1
            if tag in " +":
                out.append(body)
            i += 1
    out.extend(old[pos:])
    return "".join(out)


def test_uzbekistan_finds_the_last_day_of_membership(catalogue: Catalogue) -> None:
    found = _search(UZ, catalogue, treaties=["CSTO"], outcomes=["collective_defence"], shown=10)
    assert found and all(cf.after != "not_triggered" for cf in found)
    reasons = " ".join(cf.reason for cf in found)
    assert "2012-12-18" in reasons  # the last day before the suspension
    best = found[0]
    assert "+date: 2012-12-18" in best.diff or any("2012-12-18" in cf.diff for cf in found)


def test_kyrgyz_tajik_pinning_a_reading_decides_it(catalogue: Catalogue) -> None:
    found = _search(KT, catalogue, outcomes=["collective_defence"], max_changes=1)
    assert all(len(cf.edits) == 1 for cf in found)
    pinned = [cf for cf in found if "intra_member_defence" in cf.reason]
    assert pinned and pinned[0].after == "not_triggered"
    assert "CSTO.intra_member_defence: no" in pinned[0].diff


def test_fewest_changes_first(catalogue: Catalogue) -> None:
    found = _search(UZ, catalogue, max_changes=2)
    by_outcome: dict[str, list[int]] = {}
    for cf in found:
        by_outcome.setdefault(cf.outcome, []).append(len(cf.edits))
    for sizes in by_outcome.values():
        assert sizes == sorted(sizes) and len(set(sizes)) == 1  # only the smallest level is reported


def test_command_line_readings_are_not_proposed(catalogue: Catalogue) -> None:
    found = _search(KT, catalogue, readings={"CSTO.intra_member_defence": True}, max_changes=1)
    assert not any("intra_member_defence" in cf.reason for cf in found)


@pytest.mark.parametrize("path", ALL, ids=[p.stem for p in ALL])
def test_every_counterfactual_really_flips(path: Path, catalogue: Catalogue) -> None:
    started = time.perf_counter()
    original = path.read_text(encoding="utf-8")
    found = _search(path, catalogue, max_changes=2, shown=3)
    assert time.perf_counter() - started < 10, "whatif must stay fast"
    for cf in found:
        assert cf.before != cf.after
        assert _patch(original, cf.diff) == cf.text  # the diff is what a user would paste
        assert _rejudge(path, cf, catalogue) == cf.after, cf.reason
