"""The typer application every command module registers on, and its global options."""

from __future__ import annotations

from typing import Annotated

import typer

from engine.cli import console

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


@app.callback()
def global_options(
    width: Annotated[
        int | None,
        typer.Option(
            "--width",
            min=20,
            metavar="N",
            help="Lay tables and text out N columns wide. Default: the terminal's width; "
            "not on a terminal (a pipe, a file, CI), as wide as the content.",
        ),
    ] = None,
) -> None:
    # Runs before every command: the output width is settled before anything is printed.
    console.set_width(width)
