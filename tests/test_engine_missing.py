"""Without a loadable durable_rules (no wheels; a Python it was not built for; 3.13 without the
build fix), casus says so in one line and what to do, and runs on the Python evaluator only
when asked: never a silent fallback, never a traceback or a crash per file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = "scenarios/csto/kyrgyz-tajik-2021.yaml"
# `None` in sys.modules makes `import durable_rules_engine` raise ImportError, as a broken build does.
NO_ENGINE = (
    "import sys; sys.modules['durable_rules_engine'] = None; "
    "from engine.cli.main import main; sys.argv = ['casus', *sys.argv[1:]]; main()"
)


def casus_without_engine(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", NO_ENGINE, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


@pytest.mark.parametrize(
    "args",
    [
        ("run", SCENARIO),
        ("test", "scenarios/csto", "--quiet"),
        ("compare", SCENARIO),
        ("run", "--jobs", "2", "scenarios/csto"),
        ("check", "rules/csto.yaml"),
        ("bench", "--quick"),
    ],
)
def test_a_missing_engine_is_one_line_that_says_what_to_do(args: tuple[str, ...]) -> None:
    done = casus_without_engine(*args)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    message = lines[0]
    assert message.startswith("error: the durable_rules engine cannot be loaded on Python ")
    assert "--no-binary durable-rules" in message and "--engine python" in message and "CASUS_ENGINE=python" in message
    assert "Traceback" not in done.stderr and "crashed" not in done.stdout


def test_the_python_evaluator_runs_when_asked_by_option_or_environment() -> None:
    by_option = casus_without_engine("run", "--engine", "python", "--format", "json", SCENARIO)
    by_env = casus_without_engine("run", "--format", "json", SCENARIO, env={"CASUS_ENGINE": "python"})
    assert by_option.returncode == by_env.returncode == 0, by_option.stderr + by_env.stderr
    assert '"engine": "python"' in by_option.stdout
    assert by_option.stdout == by_env.stdout


def test_static_checks_need_no_engine() -> None:
    done = casus_without_engine("check", "--static-only", "rules/csto.yaml")
    assert done.returncode == 0, done.stdout + done.stderr


def test_engine_build_tells_a_stock_build_from_a_fixed_one() -> None:
    from engine.evaluators.durable import engine_build

    build = engine_build()
    assert build.startswith("durable-rules 2.0.28, durable_rules_engine")
    assert ("stock build" in build) or ("PyObject_CallObject fix" in build)
    if sys.version_info >= (3, 13):
        assert "PyObject_CallObject fix" in build  # a stock build cannot import here at all
