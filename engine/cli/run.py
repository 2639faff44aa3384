"""`casus run`: the verdict for each scenario file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from engine.cli import common
from engine.cli.app import EXIT_BAD_INPUT, app


@app.command()
def run(
    files: Annotated[list[Path], typer.Argument(help="Scenario YAML files or directories.")],
    format: Annotated[
        common.Format, typer.Option("--format", "-f", help="text, json or markdown.")
    ] = common.Format.text,
    treaty: common.TreatyOption = None,
    reading: common.ReadingOption = None,
    rules: common.RulesOption = None,
    engine: common.EngineOption = common.EngineChoice.durable,
) -> None:
    """Judge each scenario under every treaty that applies: status, deciding provisions, reasons."""
    from engine.errors import InputError
    from engine.loading import load_scenario
    from engine.render.markdown import verdict_markdown
    from engine.render.text import print_verdict
    from engine.verdict import judge

    catalogue = common.catalogue_with(rules)
    treaties = common.check_treaties(catalogue, treaty)
    pinned = common.parse_readings(reading)
    common.check_readings(catalogue, pinned)
    evaluator = common.evaluator(engine)
    outcome = common.Outcome()
    documents = []
    paths = list(common.iter_files(files))
    if len(paths) < len(files) and not paths:
        raise typer.Exit(EXIT_BAD_INPUT)
    if any(not p.exists() for p in files):
        outcome.bad_input = True
    for path in paths:
        try:
            loaded = load_scenario(path, catalogue)
        except InputError as exc:
            outcome.report(exc)
            continue
        verdict = judge(loaded.scenario, catalogue, evaluator, treaties=treaties, readings=pinned)
        if format is common.Format.json:
            documents.append(verdict.to_json())
        elif format is common.Format.markdown:
            common.out.print(verdict_markdown(verdict, loaded.scenario.title), markup=False)
        else:
            print_verdict(common.out, verdict, loaded.scenario.title)
    if format is common.Format.json:
        payload = documents[0] if len(documents) == 1 and len(paths) == 1 else documents
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    raise typer.Exit(outcome.code())
