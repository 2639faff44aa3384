"""casus bench, tiny: the output shape (never its speed: targets are measured by the real bench)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from engine.cli.main import app
from engine.evaluators.bench import workload
from engine.evaluators.durable import DurableEvaluator
from engine.evaluators.python import PythonEvaluator
from engine.formats.errors import EngineError
from engine.law.catalogue import shipped

LAST = re.compile(
    r"^bench: durable=\d+/s raw=\d+/s compiled=\d+/s durable_vs_raw=[\d.]+ "
    r"compiled_vs_durable=[\d.]+ rss_growth_mb=-?[\d.]+ startup=[\d.]+ startup_vs_help=[\d.]+( \w+=\S+)*$"
)


def test_tiny_bench_prints_the_bench_line() -> None:
    result = CliRunner().invoke(app, ["bench", "--durable", "100", "--startup-runs", "1"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert LAST.match(lines[-1]), lines[-1]
    assert any(line.startswith("help: casus --help took") for line in lines[:-1])
    assert any(line.startswith("startup: casus run csto/kyrgyz-tajik-2021.yaml took") for line in lines[:-1])


def test_startup_times_a_real_run_against_help() -> None:
    from engine.evaluators.bench import STARTUP_SCENARIO, startup
    from engine.formats.paths import scenarios_dir

    timed = startup(scenarios_dir() / STARTUP_SCENARIO, runs=1)
    assert timed.runs == 1 and timed.run_seconds > 0 and timed.help_seconds > 0
    assert timed.ratio == timed.run_seconds / timed.help_seconds
    assert [name for name, _ in timed.figures()] == ["startup", "startup_vs_help"]


def test_startup_fails_loudly_if_the_run_fails(tmp_path: Path) -> None:
    from engine.evaluators.bench import startup

    bad = tmp_path / "bad.yaml"
    bad.write_text("id: [\n")
    with pytest.raises(EngineError) as info:
        startup(bad, runs=1)
    assert "exited with 2" in str(info.value) and "bad.yaml:" in str(info.value)


def test_bench_without_a_startup_figure_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    import engine.evaluators.bench as bench_module

    monkeypatch.setattr(bench_module, "STARTUP_SCENARIO", Path("csto") / "no-such-file.yaml")
    result = CliRunner().invoke(app, ["bench", "--durable", "10", "--startup-runs", "1"])
    assert result.exit_code == 1, result.output
    assert "start-up not measured" in result.stderr and "no-such-file.yaml" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_the_bench_line_takes_more_figures_in_order() -> None:
    from engine.evaluators.bench import bench_line

    assert bench_line([("a", "1"), ("b", "2.50"), ("sweep", "3/s")]) == "bench: a=1 b=2.50 sweep=3/s"


def test_generated_workload_is_seeded_and_engines_agree() -> None:
    book = shipped()["CSTO"]
    a, b = workload(book, 300, seed=7), workload(book, 300, seed=7)
    assert [c[0].facts for c in a] == [c[0].facts for c in b]
    durable, python = DurableEvaluator(), PythonEvaluator()
    assert all(durable.run(book, cases) == python.run(book, cases) for cases in a)


def test_generated_python_code_agrees_with_the_interpreter() -> None:
    from engine.evaluators.python import evaluate_case, evaluate_case_interpreted

    book = shipped()["CSTO"]
    for cases in workload(book, 1000, seed=3):
        assert evaluate_case(book, cases[0]) == evaluate_case_interpreted(book, cases[0])


def test_the_bench_header_names_the_engine_build_and_the_line_the_python() -> None:
    import platform

    result = CliRunner().invoke(app, ["bench", "--durable", "100", "--startup-runs", "1"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    engine = next(line for line in lines if line.startswith("engine: "))
    assert "durable-rules 2.0.28" in engine and "durable_rules_engine" in engine
    assert f" python={platform.python_version()}" in lines[-1]
