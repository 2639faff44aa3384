"""Entry point of the `casus` command: registers the command modules on the app.

A command line that names a command imports that command's module only: `casus run FILE`
need not import (and, without cached bytecode, compile) the other eleven. `casus --help`,
no command at all, or a word that is not a command (typer then suggests the nearest one)
registers every command, as does `from engine.cli.main import app`.
"""

from __future__ import annotations

import gc
import importlib
import sys
from typing import Any

import typer

# Each command's name -> the module under engine.cli that registers it (tests check the table
# against what the modules register).
COMMANDS = {
    "atop": "atop",
    "bench": "bench",
    "check": "check",
    "compare": "compare",
    "explain": "explain",
    "memo": "memo",
    "new": "new",
    "report": "report",
    "run": "run",
    "schema": "schema",
    "serve": "serve",
    "sweep": "sweep",
    "test": "testcmd",
    "treaties": "treaties",
    "validate": "validate",
    "whatif": "whatif",
}
# The global options (engine.cli.app) that take a value, which is not a command's name.
_VALUED_OPTIONS = ("--width",)


def register(command: str | None = None) -> typer.Typer:
    """The app with `command` registered on it, or every command if `command` is not one."""
    from engine.cli.app import app

    for module in [COMMANDS[command]] if command in COMMANDS else COMMANDS.values():
        importlib.import_module(f"engine.cli.{module}")
    return app


def command_named(args: list[str]) -> str | None:
    """The command `args` (a command line without the program) names, or None: the first
    word after the global options, as long as nothing else (e.g. --help) comes first."""
    words = iter(args)
    for word in words:
        if word in _VALUED_OPTIONS:
            next(words, None)
        elif not word.startswith(tuple(f"{o}=" for o in _VALUED_OPTIONS)):
            return None if word.startswith("-") else word
    return None


def __getattr__(name: str) -> Any:
    # `from engine.cli.main import app` (the tests, code that embeds the CLI): every command.
    if name == "app":
        return register()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    try:
        register(command_named(sys.argv[1:]))()
    finally:
        # The process ends here. Interpreter shutdown garbage-collects the whole heap (tens of
        # thousands of pydantic schema objects, rich styles, compiled rulebooks) only to hand
        # the memory back to the OS, which takes it back anyway: ~40 ms of a ~0.3 s `casus run`.
        # Frozen objects are left to the OS. Every file the command wrote is closed by now,
        # output is flushed and atexit handlers still run as usual; `app` itself (what the
        # tests and any embedding code call) is untouched.
        gc.freeze()


if __name__ == "__main__":
    main()
