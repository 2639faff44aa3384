"""Terminal output: a table per scenario, the deciding provisions, and what is needed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from engine.law.applicability import Applicability
from engine.verdict.judging import Verdict

STATUS_STYLE = {"triggered": "bold green", "not_triggered": "red", "contested": "bold yellow"}


def status_text(status: str) -> Text:
    return Text(status.replace("_", " "), style=STATUS_STYLE.get(status, ""))


def print_table(console: Console, title: str, table: Table) -> None:
    """A table under its title, both wrapped at the console width (soft_wrap=False): the width
    of the terminal or --width, and off a terminal without --width, no limit at all. The title
    is a line of its own because rich pads a table's title with blanks to the table's width."""
    console.print(Text(title, style="italic"), soft_wrap=False)
    console.print(table, soft_wrap=False)


def print_verdict(console: Console, verdict: Verdict, title: str = "", *, detail: bool = True) -> None:
    heading = f"{verdict.scenario} — {title}" if title else verdict.scenario
    table = Table(expand=False)
    # In a narrow window a word longer than its column folds onto the next line instead of
    # ending in "…": an analyst needs every provision and reading name whole.
    for name in ("treaty", "outcome", "status", "deciding provisions", "needs / turns on"):
        table.add_column(name, style="bold" if name == "treaty" else "", overflow="fold")
    if not verdict.results:
        console.print(
            f"[yellow]{verdict.scenario}: no treaty applies (no party involved on {verdict.date}); use --treaty to force one[/]"
        )
        print_not_applicable(console, verdict)
        return
    for r in verdict.results:
        # A contested result can also need a request: show what it turns on, then what it needs.
        turns_on = [e.name for e in r.readings] + [f.key for f in r.facts]  # readings, then unstated facts
        extra = "; ".join(x for x in (", ".join(turns_on), ", ".join(r.needs)) if x)
        table.add_row(r.treaty, r.outcome.replace("_", " "), status_text(r.status), ", ".join(r.provisions), extra)
    print_table(console, f"{heading} (law read at {verdict.date.isoformat()})", table)
    if detail:  # the prose wraps like the table (soft_wrap=False)
        for r in verdict.results:
            head = Text(f"  {r.treaty} {r.outcome}: ", style="bold")
            console.print(head, Text(r.explanation), sep="", soft_wrap=False)
        for p in verdict.practice:
            head = Text(f"  practice ({p.get('treaty')}): ", style="italic")
            console.print(head, Text(str(p.get("summary", "")).strip()), sep="", soft_wrap=False)
    print_not_applicable(console, verdict)
    console.print()


def print_not_applicable(console: Console, verdict: Verdict) -> None:
    """After the results: each treaty that does not apply on the date, why, and when it would."""
    print_absent(console, verdict.date, verdict.absent)


def print_absent(console: Console, date: dt.date, absent: Applicability) -> None:
    if not absent.listed and not absent.others:
        return
    console.print(Text(f"  not applicable on {date.isoformat()}:", style="italic"), soft_wrap=False)
    for n in absent.listed:
        console.print(Text(f"    {n.treaty}", style="bold"), Text(f" — {n.reason}"), sep="", soft_wrap=False)
    if absent.others:
        console.print(Text(f"    {absent.others_words(date)}", style="dim"), soft_wrap=False)


def print_problems(console: Console, problems: Sequence[object]) -> None:
    for p in problems:
        console.print(Text(str(p), style="red"))
