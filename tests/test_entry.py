"""The `casus` entry point imports only the module of the command it runs: its table of
commands must be what the modules register, and a command line must find its command."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from engine.cli import main as entry
from tests.conftest import REPO


def test_the_table_names_every_registered_command_and_its_module() -> None:
    app = entry.register()
    registered = {info.name or info.callback.__name__: info.callback.__module__ for info in app.registered_commands}
    assert registered == {name: f"engine.cli.{module}" for name, module in entry.COMMANDS.items()}


@pytest.mark.parametrize(
    ("args", "command"),
    [
        (["run", "x.yaml"], "run"),
        (["--width", "80", "test"], "test"),
        (["--width=80", "sweep", "--vary", "a=b"], "sweep"),
        (["rn", "x.yaml"], "rn"),
        (["--help"], None),
        (["--width", "80", "--help"], None),
        ([], None),
    ],
)
def test_the_command_is_the_first_word_after_the_global_options(args: list[str], command: str | None) -> None:
    assert entry.command_named(args) == command


def _casus(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "engine.cli.main", *args], cwd=REPO, capture_output=True, text=True, timeout=120
    )


def test_a_command_run_alone_is_registered_and_nothing_else_is_imported() -> None:
    probe = (
        "import sys; from engine.cli import main; main.register('run'); "
        "import json; print(json.dumps(sorted(m for m in sys.modules if m.startswith('engine.cli.'))))"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, timeout=120)
    loaded = json.loads(done.stdout)
    assert "engine.cli.run" in loaded
    assert not {f"engine.cli.{m}" for m in entry.COMMANDS.values() if m != "run"} & set(loaded)
    result = _casus("--width", "100", "run", "scenarios/csto/kyrgyz-tajik-2021.yaml")
    assert result.returncode == 0 and "CSTO" in result.stdout


def test_a_mistyped_command_still_gets_a_suggestion() -> None:
    result = _casus("rn")
    assert result.returncode == 2
    assert "No such command 'rn'. Did you mean 'run'?" in result.stderr
