"""`casus atop`: each rulebook's obligations and conditions in the vocabulary of the ATOP codebook."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

import typer

from engine.cli import common
from engine.cli.app import app


class AtopFormat(StrEnum):
    text = "text"
    csv = "csv"


@app.command()
def atop(
    ids: Annotated[list[str] | None, typer.Argument(help="Treaty ids (default: every rulebook).")] = None,
    date: Annotated[
        str | None, typer.Option("--date", "-d", help="YYYY-MM-DD: the coding on that date (default: every phase).")
    ] = None,
    format: Annotated[AtopFormat, typer.Option("--format", "-f", help="text or csv.")] = AtopFormat.text,
    rules: common.RulesOption = None,
) -> None:
    """Code each treaty as ATOP does (defence, consultation; conditional on location, adversary,
    non-provocation, request, specific conflict), derived from its rulebook's provisions."""
    # Deferred: the analysis pulls in the compiled rulebooks (~100 ms on `casus --help`).
    from engine.analyses.atop import coding
    from engine.render.atop import print_coding, to_csv

    catalogue = common.catalogue_with(rules)
    on: dt.date | None = None
    if date is not None:
        try:
            on = dt.date.fromisoformat(date)
        except ValueError:
            common.fail(f"--date {date!r} is not a date; write YYYY-MM-DD")
    for tid in ids or []:
        if tid not in catalogue:
            close = common.nearest_treaty(tid, catalogue)
            hint = f"; did you mean {close!r}?" if close else ""
            common.fail(f"unknown treaty {tid!r}{hint}; known: {', '.join(catalogue)}")
    chosen = list(ids) if ids else list(catalogue)
    rows = coding([catalogue[t] for t in chosen], on)
    if format is AtopFormat.csv:
        typer.echo(to_csv(rows), nl=False)
        return
    title = f"ATOP-style coding on {on.isoformat()}" if on else "ATOP-style coding, every phase"
    print_coding(common.out, rows, title)
    if on is not None:
        for tid in chosen:
            if all(r.treaty != tid for r in rows):
                common.out.print(f"{tid}: no party on {on.isoformat()} (not in force)", markup=False)
