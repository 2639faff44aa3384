"""`casus schema`: JSON Schema of the scenario format, for editors' YAML language servers."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from engine.cli.app import app


@app.command()
def schema(
    rulebook: Annotated[
        bool, typer.Option("--rulebook", help="The rulebook format instead of the scenario format.")
    ] = False,
) -> None:
    """Print the JSON Schema (draft 2020-12) of scenario files (or rulebooks)."""
    from engine.formats.schema import rulebook_schema, scenario_schema

    typer.echo(json.dumps(rulebook_schema() if rulebook else scenario_schema(), indent=2))
