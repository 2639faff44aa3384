"""`casus compare`: one scenario under every treaty its states belong to, as one table."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from engine.cli import common
from engine.cli.app import app
from engine.cli.setup import scenarios, setup


@app.command()
def compare(
    files: Annotated[list[Path], typer.Argument(help="Scenario YAML files or directories.")],
    format: Annotated[
        common.Format, typer.Option("--format", "-f", help="text, json or markdown.")
    ] = common.Format.text,
    treaty: common.TreatyOption = None,
    reading: common.ReadingOption = None,
    rules: common.RulesOption = None,
    engine: common.EngineOption = common.EngineChoice.durable,
    assume_unstated: common.AssumeUnstatedOption = common.Unstated.unknown,
) -> None:
    """Judge each scenario under every treaty any of its states is party to on its date (plus --treaty)."""
    # Deferred: they pull in the models and the evaluators (~130 ms on `casus --help`).
    from engine.analyses.compare import compare as build
    from engine.law.cases import CombinationLimitError
    from engine.render.compare import print_comparison
    from engine.render.markdown import comparison_markdown

    opts = setup(rules, treaty, reading)
    evaluator = common.evaluator(engine)
    outcome = common.Outcome()
    documents = []
    count = 0
    for loaded in scenarios(files, opts.catalogue, outcome, assume_unstated):
        count += 1
        try:
            comparison = build(loaded.scenario, opts.catalogue, evaluator, treaties=opts.treaties, readings=opts.pinned)
        except CombinationLimitError as exc:  # more unstated facts and readings than are judged
            outcome.report(exc.in_file(str(loaded.path)))
            continue
        if format is common.Format.json:
            documents.append(comparison.to_json())
        elif format is common.Format.markdown:
            common.out.print(comparison_markdown(comparison), markup=False)
        else:
            print_comparison(common.out, comparison)
    if format is common.Format.json:
        payload = documents[0] if len(documents) == 1 and len(files) == 1 and count == 1 else documents
        common.echo_json(payload)
    raise typer.Exit(outcome.code())
