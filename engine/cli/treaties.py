"""`casus treaties`: the treaties known, their members on a date, their provisions."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
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
    areas: Annotated[
        bool, typer.Option("--areas", help="Also list each treaty's areas (rules/areas/*.geojson) with their sources.")
    ] = False,
) -> None:
    """List each treaty's members on a date; with ids, also its provisions and citations."""
    from rich.table import Table

    from engine.law.provenance import span_words
    from engine.render.text import print_table

    catalogue = common.catalogue_with(rules)
    try:
        on = dt.date.fromisoformat(date) if date else dt.date.today()
    except ValueError:
        common.fail(f"--date {date!r} is not a date; write YYYY-MM-DD")
        raise
    chosen = _check_ids(catalogue, ids) or list(catalogue)
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
                "provisions": book.provision_summaries() if ids else len(book.provisions),
            }
        )
        if areas:
            data[-1]["areas"] = _areas(tid)
    if format is common.Format.json:
        typer.echo(json.dumps(data, indent=2))
        return
    if format is common.Format.markdown:
        lines = [f"| treaty | members on {on} |", "|---|---|"]
        for d in data:
            lines.append(f"| {d['treaty']} | {_members(d['members'])} |")
        for d in data:
            if d.get("areas"):
                lines += ["", f"| {d['treaty']} area | piece | article | in force | sources |", "|---|---|---|---|---|"]
                for a in d["areas"]:
                    sources = " ".join(f"<{s}>" for s in a["sources"])
                    piece = a["title"] + (f" (reading {a['reading']})" if a["reading"] else "")
                    lines.append(f"| {a['area']} | {piece} | {a['article']} | {a['in_force']} | {sources} |")
        common.out.print("\n".join(lines), markup=False)
        return
    # overflow="fold": in a narrow window an id or a citation wraps, it is never cut short.
    table = Table()
    table.add_column("treaty", style="bold", overflow="fold")
    table.add_column("name", overflow="fold")
    table.add_column("members (status if not full member)", overflow="fold")
    for d in data:
        table.add_row(d["treaty"], d["name"], _members(d["members"]) or "(none)")
    print_table(common.out, f"Treaties on {on}", table)
    for d in data:
        if isinstance(d["provisions"], list):
            ptable = Table()
            for col in ("id", "cites", "title", "in force"):
                ptable.add_column(col, overflow="fold")
            for p in catalogue[d["treaty"]].rulebook.provisions:
                ptable.add_row(p.id, str(p.cites), p.title, span_words(p.valid_from, p.valid_to))
            print_table(common.out, f"{d['treaty']} provisions", ptable)
        if areas:
            atable = Table()
            for col in ("area (in_area)", "piece", "article", "in force", "sources"):
                atable.add_column(col, overflow="fold")
            for a in d.get("areas") or []:
                piece = a["title"] + (f" (reading {a['reading']})" if a["reading"] else "")
                atable.add_row(a["area"], piece, a["article"], a["in_force"], "\n".join(a["sources"]))
            if d.get("areas"):
                print_table(common.out, f"{d['treaty']} areas", atable)
            else:
                common.out.print(f"{d['treaty']}: no areas shipped (its conditions use region words)", markup=False)


def _check_ids(catalogue: Mapping[str, object], ids: list[str] | None) -> list[str]:
    """The ids asked for, each known to the catalogue; an unknown one is bad input (exit 2).
    The ids are positional arguments here, so the message names no option."""
    for tid in ids or []:
        if tid not in catalogue:
            close = common.nearest_treaty(tid, catalogue)
            hint = f" (did you mean {close}?)" if close else ""
            common.fail(f"treaty {tid}: unknown{hint}; known: {', '.join(catalogue)}")
    return list(ids or [])


def _areas(treaty: str) -> list[dict[str, object]]:
    """The treaty's area pieces as shipped in rules/areas/<treaty>.geojson (no geometry)."""
    from engine.law.areas import areas_of

    return [
        {
            "area": f.area,
            "piece": f.id,
            "title": f.title,
            "article": f.article,
            "valid_from": f.valid_from.isoformat() if f.valid_from else None,
            "valid_until": f.valid_until.isoformat() if f.valid_until else None,
            "in_force": f.validity,
            "reading": f.reading,
            "sources": list(f.sources),
        }
        for f in areas_of(treaty)
    ]


def _members(members: dict[str, str]) -> str:
    return ", ".join(s if status == "member" else f"{s} ({status})" for s, status in members.items())
