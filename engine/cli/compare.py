"""`casus compare`: one scenario under every treaty its states belong to, as one table."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from engine.cli import common
from engine.cli.app import app
from engine.cli.setup import scenarios, setup

if TYPE_CHECKING:
    from engine.analyses.compare import Comparison


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
) -> None:
    """Judge each scenario under every treaty any of its states is party to on its date (plus --treaty)."""
    from engine.analyses.compare import compare as build
    from engine.analyses.compare import to_markdown

    opts = setup(rules, treaty, reading)
    evaluator = common.evaluator(engine)
    outcome = common.Outcome()
    documents = []
    count = 0
    for loaded in scenarios(files, opts.catalogue, outcome):
        count += 1
        comparison = build(loaded.scenario, opts.catalogue, evaluator, treaties=opts.treaties, readings=opts.pinned)
        if format is common.Format.json:
            documents.append(comparison.to_json())
        elif format is common.Format.markdown:
            common.out.print(to_markdown(comparison), markup=False)
        else:
            print_comparison(common.out, comparison)
    if format is common.Format.json:
        payload = documents[0] if len(documents) == 1 and len(files) == 1 and count == 1 else documents
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    raise typer.Exit(outcome.code())


def print_comparison(console: Console, cmp: Comparison) -> None:
    from engine.render.text import status_text  # deferred: it pulls in the models (~130 ms on `casus --help`)

    heading = f"{cmp.scenario} — {cmp.title} (law read at {cmp.date.isoformat()})"
    if not cmp.treaties:
        console.print(Text(f"{heading}: no state in the scenario is a party to any treaty on this date; use --treaty"))
        return
    table = Table(title=heading, title_justify="left", show_lines=True)
    table.add_column("outcome", style="bold")
    for t in cmp.treaties:
        table.add_column(f"{t}\n({', '.join(cmp.parties.get(t, [])) or 'no party'})")
    for o in cmp.outcomes:
        row: list[Text | str] = [o.replace("_", " ")]
        for t in cmp.treaties:
            cell = cmp.cell(t, o)
            if cell is None:
                row.append(Text("—", style="dim"))
                continue
            text = status_text(cell.status)
            if cell.needs:
                text.append("\nneeds " + ", ".join(cell.needs), style="dim")
            if cell.provisions:
                text.append("\n" + ", ".join(cell.provisions[:4]), style="dim")
            row.append(text)
        table.add_row(*row)
    console.print(table)
    for t in cmp.treaties:
        for o in cmp.outcomes:
            cell = cmp.cell(t, o)
            if cell is None:
                continue
            console.print(Text(f"{t} {o.replace('_', ' ')}: ", style="bold"), status_text(cell.status))
            for line in cell.because:
                console.print(Text(f"    {line}"), soft_wrap=False)
    for p in cmp.practice:
        console.print(Text(f"practice ({p.get('treaty')}): ", style="italic"), Text(str(p.get("summary", "")).strip()))
    console.print()
