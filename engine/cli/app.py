"""The typer application every command module registers on."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="casus",
    help="casus: could collective action legally be triggered? Treaty rules run against scenario files.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

EXIT_OK = 0
EXIT_EXPECTATION = 1
EXIT_BAD_INPUT = 2
