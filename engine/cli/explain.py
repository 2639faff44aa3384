"""`casus explain`: the proof tree behind each verdict — why, why not, and on which readings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from engine.cli import common
from engine.cli.app import app

OutcomeOption = Annotated[
    list[str] | None,
    typer.Option("--outcome", "-o", help="consultation, collective_defence or collective_deployment (repeatable)."),
]
OUTCOMES = ("consultation", "collective_defence", "collective_deployment")


def check_outcomes(outcomes: list[str] | None) -> list[str]:
    from engine.modelcheck import suggestion

    for o in outcomes or []:
        if o not in OUTCOMES:
            common.fail(f"--outcome {o}: unknown outcome{suggestion(o, OUTCOMES)}; use one of {', '.join(OUTCOMES)}")
    return list(outcomes or [])


@app.command()
def explain(
    files: Annotated[list[Path], typer.Argument(help="Scenario YAML files or directories.")],
    treaty: common.TreatyOption = None,
    outcome: OutcomeOption = None,
    format: Annotated[
        common.Format, typer.Option("--format", "-f", help="text (a tree), markdown (list + Mermaid) or json.")
    ] = common.Format.text,
    reading: common.ReadingOption = None,
    rules: common.RulesOption = None,
) -> None:
    """Show why each outcome is triggered, why not, or which readings it turns on, as a proof tree."""
    from engine.errors import InputError
    from engine.explain import explain as build
    from engine.loading import load_scenario
    from engine.render.markdown import explanation_markdown
    from engine.render.tree import print_explanations

    catalogue = common.catalogue_with(rules)
    treaties = common.check_treaties(catalogue, treaty)
    outcomes = check_outcomes(outcome)
    pinned = common.parse_readings(reading)
    common.check_readings(catalogue, pinned)
    result = common.Outcome()
    if any(not p.exists() for p in files):
        result.bad_input = True
    documents: list[dict[str, object]] = []
    for path in common.iter_files(files):
        try:
            loaded = load_scenario(path, catalogue)
        except InputError as exc:
            result.report(exc)
            continue
        explanations = build(loaded.scenario, catalogue, treaties=treaties, outcomes=outcomes, readings=pinned)
        if format is common.Format.json:
            documents.extend(e.to_json() for e in explanations)
        elif format is common.Format.markdown:
            common.out.print(explanation_markdown(explanations), markup=False)
        else:
            if not explanations:
                common.out.print(f"{loaded.scenario.id}: no treaty applies; use --treaty to force one", markup=False)
            print_explanations(common.out, explanations)
    if format is common.Format.json:
        typer.echo(json.dumps(documents, indent=2, ensure_ascii=False))
    raise typer.Exit(result.code())
