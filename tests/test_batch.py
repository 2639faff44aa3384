"""Crash isolation: a worker killed by the engine is reported with its scenario, and the run goes on."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from engine.analyses import batch
from engine.cli.main import app

KT = Path("scenarios/csto/kyrgyz-tajik-2021.yaml")
runner = CliRunner()


def _square(x: int) -> int:
    batch.maybe_crash(str(x))
    return x * x


def test_crash_is_bisected_to_its_item(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(batch.CRASH_ENV, "37")
    out = list(batch.run(range(120), batch.Job(_square, str), jobs=2, total=120, chunk=16))
    assert len(out) == 120
    crashed = [r for r in out if isinstance(r, batch.Crash)]
    assert [c.label for c in crashed] == ["37"]
    assert out[36] == 36 * 36 and out[38] == 38 * 38


def test_forced_crash_in_a_sweep_is_a_row(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(batch.CRASH_ENV, "kyrgyz-tajik-2021#2")
    args = ["sweep", str(KT), "--engine", "python", "--jobs", "2", "--format", "json"]
    result = runner.invoke(app, [*args, "--vary", "events.0.kind=invasion,border_clash,sabotage,cyber_attack"])
    assert result.exit_code == 2
    rows = json.loads(result.stdout)
    assert [r["index"] for r in rows] == [0, 1, 2, 3]
    assert "crashed" in rows[2]["error"] and set(rows[2]["results"].values()) == {"crashed"}
    assert all("error" not in r for i, r in enumerate(rows) if i != 2)
    assert "events.0.kind=sabotage" in result.stderr


def test_forced_crash_in_a_batch_run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for i in range(6):
        text = KT.read_text().replace("id: kyrgyz-tajik-2021", f"id: kt-{i}", 1)
        (tmp_path / f"kt-{i}.yaml").write_text(text)
    monkeypatch.setenv(batch.CRASH_ENV, "kt-3")
    result = runner.invoke(app, ["run", str(tmp_path), "--jobs", "2", "--engine", "python", "--format", "json"])
    assert result.exit_code == 2
    docs = json.loads(result.stdout)
    assert [d["scenario"] for d in docs] == ["kt-0", "kt-1", "kt-2", "kt-4", "kt-5"]
    assert "kt-3.yaml" in result.stderr and "crashed" in result.stderr
    tested = runner.invoke(app, ["test", str(tmp_path), "--jobs", "2", "--engine", "python", "-q"])
    assert "5 passed, 0 failed, 1 crashed" in tested.stdout


def test_run_jobs_streams_the_same_json(tmp_path: Path) -> None:
    shutil.copy(KT, tmp_path / "a.yaml")
    shutil.copy("scenarios/csto/osh-2010.yaml", tmp_path / "b.yaml")
    (tmp_path / "c.yaml").write_text("id: [broken\n")
    one = runner.invoke(app, ["run", str(tmp_path), "--format", "json"])
    two = runner.invoke(app, ["run", str(tmp_path), "--format", "json", "--jobs", "2"])
    assert one.exit_code == two.exit_code == 2
    assert one.stdout == two.stdout and len(json.loads(one.stdout)) == 2
    assert "3 files: 2 judged, 1 bad input" in one.stderr


def test_hang_is_stopped_and_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(batch.HANG_ENV, "13")
    out = list(batch.run(range(40), batch.Job(_square, str), jobs=2, total=40, chunk=8, stall=1.0))
    assert len(out) == 40
    hung = [r for r in out if isinstance(r, batch.Crash)]
    assert [c.label for c in hung] == ["13"] and "hung" in hung[0].error
    assert [x for x in out if not isinstance(x, batch.Crash)] == [x * x for x in range(40) if x != 13]
