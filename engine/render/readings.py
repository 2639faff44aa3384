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
        if not t.readings and not t.facts:
            console.print(f"{words}: ", status_text(t.status), " under every reading", sep="", soft_wrap=False)
            continue
        table = Table()
        for name in [*t.readings, *t.facts]:
            table.add_column(name, overflow="fold")  # a reading's name whole, even in a narrow window
        table.add_column("status", overflow="fold")
        for i, (answers, status) in enumerate(t.rows):
            table.add_row(*[_yes(a) for a in answers], *_fact_answers(t, i), status_text(status))
        print_table(console, f"{words} under each reading{' and unstated fact' if t.facts else ''}", table)
        if t.left_open:
            console.print(f"  (left open in every row: {', '.join(t.left_open)})", soft_wrap=False, markup=False)
    console.print()


def _fact_answers(t: ReadingTable, row: int) -> tuple[str, ...]:
    return t.fact_rows[row] if t.facts else ()


def tables_markdown(scenario_id: str, tables: list[ReadingTable]) -> str:
    lines: list[str] = []
    for t in tables:
        words = f"{t.treaty} {t.outcome.replace('_', ' ')}"
        if not t.readings and not t.facts:
            lines += [f"**{scenario_id}: {words}** is *{t.status.replace('_', ' ')}* under every reading.", ""]
            continue
        also = " and unstated fact" if t.facts else ""
        lines += [f"**{scenario_id}: {words}** under each reading{also}:", ""]
        columns = [*t.readings, *t.facts]
        lines.append("| " + " | ".join(f"`{n}`" for n in columns) + " | status |")
        lines.append("|" + "---|" * (len(columns) + 1))
        for i, (answers, status) in enumerate(t.rows):
            cells = [_yes(a) for a in answers] + list(_fact_answers(t, i))
            lines.append("| " + " | ".join(cells) + f" | **{status.replace('_', ' ')}** |")
        if t.left_open:
            lines.append(f"\nLeft open in every row: {', '.join(f'`{n}`' for n in t.left_open)}.")
        lines.append("")
    return "\n".join(lines)
