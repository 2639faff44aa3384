"""`casus treaties`: the treaties known, their members on a date, their provisions."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated

import typer

from engine.cli import common
from engine.cli.app import app


@app.command()
def treaties(
    ids: Annotated[
        list[str] | None, typer.Argument(help="Treaty ids to show in detail (default: all, summary).")
    ] = None,
    date: Annotated[str | None, typer.Option("--date", "-d", help="YYYY-MM-DD (default: today).")] = None,
    format: Annotated[common.Format, typer.Option("--format", "-f")] = common.Format.text,
    rules: common.RulesOption = None,
) -> None:
    """List each treaty's members on a date; with ids, also its provisions and citations."""
    from rich.table import Table

    catalogue = common.catalogue_with(rules)
    try:
        on = dt.date.fromisoformat(date) if date else dt.date.today()
    except ValueError:
        common.fail(f"--date {date!r} is not a date; write YYYY-MM-DD")
        raise
    chosen = common.check_treaties(catalogue, ids) or list(catalogue)
    data = []
    for tid in chosen:
        book = catalogue[tid].rulebook
        members = book.members_on(on)
        data.append(
            {
                "treaty": tid,
                "name": book.name,
                "date": on.isoformat(),
                "members": members,
                "provisions": [
                    {
                        "id": p.id,
                        "cites": str(p.cites),
                        "title": p.title,
                        "valid_from": str(p.valid_from or ""),
                        "valid_to": str(p.valid_to or ""),
                    }
                    for p in book.provisions
                ]
                if ids
                else len(book.provisions),
            }
        )
    if format is common.Format.json:
        typer.echo(json.dumps(data, indent=2))
        return
    if format is common.Format.markdown:
        lines = [f"| treaty | members on {on} |", "|---|---|"]
        for d in data:
            lines.append(f"| {d['treaty']} | {_members(d['members'])} |")
        common.out.print("\n".join(lines), markup=False)
        return
    table = Table(title=f"Treaties on {on}", title_justify="left")
    table.add_column("treaty", style="bold")
    table.add_column("name")
    table.add_column(f"members ({'status if not full member'})")
    for d in data:
        table.add_row(d["treaty"], d["name"], _members(d["members"]) or "(none)")
    common.out.print(table)
    for d in data:
        if isinstance(d["provisions"], list):
            ptable = Table(title=f"{d['treaty']} provisions", title_justify="left")
            for col in ("id", "cites", "title", "in force"):
                ptable.add_column(col)
            for p in d["provisions"]:
                span = f"{p['valid_from'] or '…'} – {p['valid_to'] or '…'}"
                ptable.add_row(p["id"], p["cites"], p["title"], span)
            common.out.print(ptable)


def _members(members: dict[str, str]) -> str:
    return ", ".join(s if status == "member" else f"{s} ({status})" for s, status in members.items())
