"""`--all-readings` tables in words: a rich table per result, or Markdown."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from engine.render.text import print_table, status_text
from engine.verdict.allreadings import ReadingTable


def _yes(answer: bool) -> str:
    return "yes" if answer else "no"


def print_tables(console: Console, scenario_id: str, tables: list[ReadingTable]) -> None:
    for t in tables:
        words = f"{scenario_id}: {t.treaty} {t.outcome.replace('_', ' ')}"
        if not t.readings:
            console.print(f"{words}: ", status_text(t.status), " under every reading", sep="", soft_wrap=False)
            continue
        table = Table()
        for name in t.readings:
            table.add_column(name, overflow="fold")  # a reading's name whole, even in a narrow window
        table.add_column("status", overflow="fold")
        for answers, status in t.rows:
            table.add_row(*[_yes(a) for a in answers], status_text(status))
        print_table(console, f"{words} under each reading", table)
    console.print()


def tables_markdown(scenario_id: str, tables: list[ReadingTable]) -> str:
    lines: list[str] = []
    for t in tables:
        words = f"{t.treaty} {t.outcome.replace('_', ' ')}"
        if not t.readings:
            lines += [f"**{scenario_id}: {words}** is *{t.status.replace('_', ' ')}* under every reading.", ""]
            continue
        lines += [f"**{scenario_id}: {words}** under each reading:", ""]
        lines.append("| " + " | ".join(f"`{n}`" for n in t.readings) + " | status |")
        lines.append("|" + "---|" * (len(t.readings) + 1))
        for answers, status in t.rows:
            lines.append("| " + " | ".join(_yes(a) for a in answers) + f" | **{status.replace('_', ' ')}** |")
        lines.append("")
    return "\n".join(lines)
