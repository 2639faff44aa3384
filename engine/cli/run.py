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
    all_readings: Annotated[
        bool,
        typer.Option("--all-readings", help="Also the answer under every combination of the readings that matter."),
    ] = False,
) -> None:
    """Judge each scenario under every treaty that applies: status, deciding provisions, reasons."""
    from engine.allreadings import print_tables, reading_tables, tables_markdown
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
        tables = (
            reading_tables(loaded.scenario, catalogue, evaluator, verdict, treaties=treaties, readings=pinned)
            if all_readings
            else []
        )
        if format is common.Format.json:
            documents.append(verdict.to_json())
            if all_readings:
                documents[-1]["all_readings"] = [t.to_json() for t in tables]
        elif format is common.Format.markdown:
            common.out.print(verdict_markdown(verdict, loaded.scenario.title), markup=False)
            if all_readings:
                common.out.print(tables_markdown(verdict.scenario, tables), markup=False)
        else:
            print_verdict(common.out, verdict, loaded.scenario.title)
            if all_readings:
                print_tables(common.out, verdict.scenario, tables)
    if format is common.Format.json:
        payload = documents[0] if len(documents) == 1 and len(paths) == 1 else documents
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    raise typer.Exit(outcome.code())
