"""casus bench, tiny: the output shape (never its speed: targets are measured by the real bench)."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from engine.cli.main import app
from engine.evaluators.bench import workload
from engine.evaluators.durable import DurableEvaluator
from engine.evaluators.python import PythonEvaluator
from engine.law.catalogue import shipped

LAST = re.compile(
    r"^bench: durable=\d+/s raw=\d+/s compiled=\d+/s durable_vs_raw=[\d.]+ "
    r"compiled_vs_durable=[\d.]+ rss_growth_mb=-?[\d.]+$"
)


def test_tiny_bench_prints_the_bench_line() -> None:
    result = CliRunner().invoke(app, ["bench", "--durable", "100"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert LAST.match(lines[-1]), lines[-1]
    assert any(line.startswith("help: casus --help took") for line in lines[:-1])


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
