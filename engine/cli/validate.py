"""`casus validate`: check scenario files (and rulebooks) without judging them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from engine.cli import common
from engine.cli.app import app


@app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(help="Scenario or rulebook YAML files, or directories.")],
    rules: common.RulesOption = None,
) -> None:
    """Report every problem in each file as file:line:column: message; exit 2 if any."""
    from engine.formats.errors import InputError
    from engine.formats.yamlsafe import load_yaml, read_text
    from engine.law.catalogue import load_rulebook, load_scenario

    catalogue = common.catalogue_with(rules)
    outcome = common.Outcome()
    if any(not p.exists() for p in files):
        outcome.bad_input = True
    count = 0
    for path in common.iter_files(files):
        count += 1
        try:
            data = load_yaml(read_text(path), str(path)).data
            if isinstance(data, dict) and "provisions" in data:
                load_rulebook(path)
            else:
                load_scenario(path, catalogue)
        except InputError as exc:
            outcome.report(exc)
            continue
        common.out.print(f"ok   {path}", markup=False)
    if outcome.bad_input:
        common.err.print(f"{count} file(s) checked; problems found", markup=False)
    raise typer.Exit(outcome.code())
