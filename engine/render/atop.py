"""`casus atop` output: the ATOP-style coding as a table for people and as CSV for programs."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from engine.analyses.atop import FEATURES, NOT_MODELLED, OBLIGATIONS, AtopRow, Coded
from engine.render.text import print_table

# The names of the conditions as the ATOP codebook words them.
FEATURE_WORDS = {
    "location": "location",
    "adversary": "adversary",
    "nonprovocation": "non-provocation",
    "request": "request",
    "conflict": "specific conflict",
}


def csv_header() -> list[str]:
    columns = ["treaty", "from", "to", "members"]
    for name in OBLIGATIONS.values():
        columns.append(name)
        columns.extend(f"{name}_{feature}" for feature in FEATURES)
    columns.extend(NOT_MODELLED)
    columns.extend(["party_limits", "readings", "provisions"])
    return columns


def csv_rows(rows: Sequence[AtopRow]) -> list[list[str]]:
    out: list[list[str]] = []
    for row in rows:
        cells = [row.treaty, row.start.isoformat(), row.end.isoformat() if row.end else "", " ".join(row.members)]
        provisions: list[str] = []
        for name in OBLIGATIONS.values():
            o = row.obligation(name)
            if o is None:  # the rulebook has no such outcome: no such obligation
                cells.extend(["no"] + ["" for _ in FEATURES])
                continue
            cells.append(o.present.code)
            cells.extend(o.conditions[f].code if o.present.code != "no" else "" for f in FEATURES)
            provisions.extend(o.provisions)
        cells.extend("" for _ in NOT_MODELLED)  # casus has no such outcomes: not modelled
        cells.append("; ".join(row.party_limits))
        cells.append(" ".join(row.readings))
        cells.append(" ".join(dict.fromkeys(provisions)))
        out.append(cells)
    return out


def to_csv(rows: Sequence[AtopRow]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(csv_header())
    writer.writerows(csv_rows(rows))
    return buffer.getvalue()


def _coded_words(coded: Coded) -> str:
    if coded.code == "contested":
        return f"contested ({', '.join(coded.readings)})"
    return coded.code


def _obligation_cell(row: AtopRow, name: str) -> Text:
    o = row.obligation(name)
    if o is None or o.present.code == "no":
        return Text("no", style="dim")
    text = Text(_coded_words(o.present), style="bold")
    conditional = [
        f"{FEATURE_WORDS[f]}" + ("" if o.conditions[f].code == "yes" else f": {_coded_words(o.conditions[f])}")
        for f in FEATURES
        if o.conditions[f].code != "no"
    ]
    text.append("\nconditional on " + "; ".join(conditional) if conditional else "\nunconditional")
    return text


def print_coding(console: Console, rows: Sequence[AtopRow], title: str) -> None:
    if not rows:
        console.print(Text(f"{title}: no treaty in force"), soft_wrap=False)
        return
    table = Table(show_lines=True)
    table.add_column("treaty", style="bold", overflow="fold")
    table.add_column("in force", overflow="fold")
    table.add_column("members", overflow="fold")
    for name in OBLIGATIONS.values():
        table.add_column(name, overflow="fold")
    table.add_column("party limits", overflow="fold")
    table.add_column(" / ".join(NOT_MODELLED), overflow="fold", style="dim")
    for row in rows:
        span = f"{row.start.isoformat()} to {row.end.isoformat() if row.end else '…'}"
        table.add_row(
            row.treaty,
            span,
            " ".join(row.members),
            *(_obligation_cell(row, name) for name in OBLIGATIONS.values()),
            "\n".join(row.party_limits) or "—",
            "not modelled",
        )
    print_table(console, title, table)
