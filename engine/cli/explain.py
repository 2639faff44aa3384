"""`casus explain`: the proof tree behind each verdict — why, why not, and on which readings."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from engine.cli import common
from engine.cli.app import app
from engine.cli.setup import scenarios, setup

OutcomeOption = Annotated[
    list[str] | None,
    typer.Option("--outcome", "-o", help="consultation, collective_defence or collective_deployment (repeatable)."),
]
OUTCOMES = ("consultation", "collective_defence", "collective_deployment")


def check_outcomes(outcomes: list[str] | None) -> list[str]:
    from engine.formats.modelcheck import suggestion

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
    assume_unstated: common.AssumeUnstatedOption = common.Unstated.unknown,
) -> None:
    """Show why each outcome is triggered, why not, or which readings it turns on, as a proof tree."""
    from engine.law.applicability import Applicability, not_applicable
    from engine.law.cases import CombinationLimitError
    from engine.render.markdown import absent_markdown, explanation_markdown
    from engine.render.text import print_absent
    from engine.render.tree import print_explanations
    from engine.verdict.explain import explain as build
    from engine.verdict.judging import treaties_for

    opts = setup(rules, treaty, reading)
    outcomes = check_outcomes(outcome)
    result = common.Outcome()
    documents: list[dict[str, object]] = []
    for loaded in scenarios(files, opts.catalogue, result, assume_unstated):
        try:
            explanations = build(
                loaded.scenario, opts.catalogue, treaties=opts.treaties, outcomes=outcomes, readings=opts.pinned
            )
        except CombinationLimitError as exc:  # more unstated facts and readings than are judged
            result.report(exc.in_file(str(loaded.path)))
            continue
        # After the trees, the treaties that do not apply on the date (as casus run lists them).
        scenario = loaded.scenario
        judged = [b.id for b in treaties_for(scenario, opts.catalogue, opts.treaties)]
        books = (b.rulebook for b in opts.catalogue.values())
        absent = Applicability([]) if opts.treaties else not_applicable(books, scenario, judged)
        if format is common.Format.json:
            documents.extend(e.to_json() for e in explanations)
        elif format is common.Format.markdown:
            text = explanation_markdown(explanations) + "\n".join(absent_markdown(scenario.date, absent))
            common.out.print(text, markup=False)
        else:
            if not explanations:
                common.out.print(f"{scenario.id}: no treaty applies; use --treaty to force one", markup=False)
            print_explanations(common.out, explanations)
            print_absent(common.out, scenario.date, absent)
    if format is common.Format.json:
        common.echo_json(documents)
    raise typer.Exit(result.code())
