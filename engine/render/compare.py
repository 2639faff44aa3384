"""A comparison on the terminal: one scenario's outcomes by treaty as one table, then what
decided each cell and the organisations' practice, all laid out at the console width."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from engine.analyses.compare import Cell, Comparison
from engine.render.text import print_table, status_text

PROVISIONS_IN_A_CELL = 4  # the rest are in the lines below the table and in --format json


def print_comparison(console: Console, cmp: Comparison) -> None:
    heading = f"{cmp.scenario} — {cmp.title} (law read at {cmp.date.isoformat()})"
    if not cmp.treaties:
        words = f"{heading}: no state in the scenario is a party to any treaty on this date; use --treaty"
        console.print(Text(words), soft_wrap=False)
        _print_absent(console, cmp)
        return
    # show_lines: a cell holds several lines (status, needs, provisions); rules keep rows apart.
    table = Table(show_lines=True)
    # overflow="fold": in a narrow window a provision id or an outcome wraps, it is never cut short.
    table.add_column("outcome", style="bold", overflow="fold")
    for t in cmp.treaties:
        table.add_column(f"{t}\n({', '.join(cmp.parties.get(t, [])) or 'no party'})", overflow="fold")
    for n in cmp.absent.listed:  # a column for each treaty that does not apply; the reason is below
        table.add_column(f"{n.treaty}\n(not applicable)", overflow="fold", style="dim")
    for o in cmp.outcomes:
        row: list[Text | str] = [o.replace("_", " ")]
        for t in cmp.treaties:
            cell = cmp.cell(t, o)
            row.append(Text("—", style="dim") if cell is None else _cell_text(cell))
        for n in cmp.absent.listed:
            row.append("not applicable" if o in cmp.absent_outcomes.get(n.treaty, []) else "—")
        table.add_row(*row)
    print_table(console, heading, table)
    # soft_wrap=False: the prose wraps at the console width like the table (the terminal's,
    # --width, or no limit off a terminal).
    for t in cmp.treaties:
        for o in cmp.outcomes:
            cell = cmp.cell(t, o)
            if cell is None:
                continue
            head = Text(f"{t} {o.replace('_', ' ')}: ", style="bold")
            console.print(head, status_text(cell.status), sep="", soft_wrap=False)
            for line in cell.because:
                console.print(Text(f"    {line}"), soft_wrap=False)
    for p in cmp.practice:
        head = Text(f"practice ({p.get('treaty')}): ", style="italic")
        console.print(head, Text(str(p.get("summary", "")).strip()), sep="", soft_wrap=False)
    _print_absent(console, cmp)
    console.print()


def _print_absent(console: Console, cmp: Comparison) -> None:
    for n in cmp.absent.listed:
        head = Text(f"{n.treaty}: ", style="bold")
        console.print(head, Text("not applicable", style="dim"), Text(f" — {n.reason}"), sep="", soft_wrap=False)
    if cmp.absent.others:
        console.print(Text(cmp.absent.others_words(cmp.date), style="dim"), soft_wrap=False)


def _cell_text(cell: Cell) -> Text:
    text = status_text(cell.status)
    if cell.needs:
        text.append("\nneeds " + ", ".join(cell.needs), style="dim")
    if cell.provisions:
        text.append("\n" + ", ".join(cell.provisions[:PROVISIONS_IN_A_CELL]), style="dim")
    return text
