"""casus sweep: rows equal one-by-one runs of the edited file, whatever --jobs is."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from engine.analyses import sweep
from engine.cli.main import app
from engine.evaluators.python import PythonEvaluator
from engine.law.catalogue import load_scenario, shipped
from engine.verdict.judging import judge

KT = "scenarios/csto/kyrgyz-tajik-2021.yaml"
VARY = [
    "events.0.kind=invasion,border_clash,cyber_attack",
    "events.0.where.status=disputed,undisputed",
    "date=2021-04-29,2010-01-01",
    "readings.CSTO.undelimited_border=yes,no",
]
runner = CliRunner()


def _args(*extra: str) -> list[str]:
    out = ["sweep", KT, "--format", "csv", "--engine", "python", *extra]
    for v in VARY:
        out += ["--vary", v]
    return out


def test_rows_equal_one_by_one_runs(tmp_path: Path) -> None:
    sweep._CTX = None
    ctx = sweep.setup(KT, [], "python", VARY, [])
    rows = list(sweep.rows(ctx, (KT, [], "python", VARY, [])))
    assert len(rows) == 24
    yaml = YAML(typ="safe", pure=True)
    base = yaml.load(Path(KT).read_text())
    catalogue = shipped()
    for row in rows:
        data = sweep.with_values(base, ctx.varies, row.values)
        data["date"] = str(data["date"])
        path = tmp_path / f"v{row.index}.yaml"
        with path.open("w") as f:
            YAML().dump(data, f)
        verdict = judge(load_scenario(path, catalogue).scenario, catalogue, PythonEvaluator())
        assert tuple(verdict.status(t, o) for t, o in ctx.columns) == row.statuses, row


def test_jobs_1_and_2_identical() -> None:
    one = runner.invoke(app, _args("--jobs", "1"))
    two = runner.invoke(app, _args("--jobs", "2"))
    assert one.exit_code == two.exit_code == 0, one.stderr
    assert one.stdout == two.stdout
    table = list(csv.reader(io.StringIO(one.stdout)))
    assert table[0][:4] == [v.split("=")[0] for v in VARY] and len(table) == 25


def test_sample_is_seeded_and_in_product_order() -> None:
    a = runner.invoke(app, _args("--sample", "5", "--seed", "3"))
    b = runner.invoke(app, _args("--sample", "5", "--seed", "3"))
    assert a.stdout == b.stdout and len(a.stdout.splitlines()) == 6


def test_bad_value_reported_with_its_combination() -> None:
    result = runner.invoke(
        app, ["sweep", KT, "--engine", "python", "--vary", "events.0.kind=invasion,bombing", "--format", "json"]
    )
    assert result.exit_code == 2
    assert "events.0.kind=bombing" in result.stderr and "Traceback" not in result.stderr
    assert '"error"' in result.stdout


@pytest.mark.parametrize("option", ["events.9.kind=invasion", "title.x=1", "nothing"])
def test_unusable_vary_option_is_bad_input(option: str) -> None:
    result = runner.invoke(app, ["sweep", KT, "--vary", option])
    assert result.exit_code == 2 and "--vary" in result.stderr


def test_durable_engine_gives_the_same_rows() -> None:
    python = runner.invoke(app, _args())
    durable = runner.invoke(app, [*_args(), "--engine", "durable"])
    assert python.stdout == durable.stdout
