"""Markdown: a verdict table fit to paste into a paper or an issue, a comparison, and proof trees."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from engine.law.applicability import Applicability
from engine.verdict.explain import Explanation, Node
from engine.verdict.judging import Verdict

if TYPE_CHECKING:  # only the types: `casus run -f markdown` need not load the comparison
    from engine.analyses.compare import Cell, Comparison

MERMAID_MAX_NODES = 80  # GitHub refuses very large diagrams; the nested list has the rest


def verdict_markdown(verdict: Verdict, title: str = "") -> str:
    lines = [f"### {verdict.scenario}" + (f" — {title}" if title else ""), ""]
    lines.append(f"Law read at **{verdict.date.isoformat()}**.")
    lines.append("")
    lines.append("| treaty | outcome | status | deciding provisions | needs / turns on |")
    lines.append("|---|---|---|---|---|")
    for r in verdict.results:
        turns_on = [e.name for e in r.readings] + [f.key for f in r.facts]  # readings, then unstated facts
        extra = "; ".join(x for x in (", ".join(f"`{n}`" for n in turns_on), ", ".join(r.needs)) if x)
        provisions = ", ".join(f"`{p}`" for p in r.provisions)
        lines.append(
            f"| {r.treaty} | {r.outcome.replace('_', ' ')} | **{r.status.replace('_', ' ')}** | {provisions} | {_escape(extra)} |"
        )
    lines.append("")
    for r in verdict.results:
        lines.append(f"- **{r.treaty} {r.outcome.replace('_', ' ')}**: {_escape(r.explanation)}")
    if verdict.practice:
        lines.append("")
        lines.append("Practice (what the organisation actually did, kept apart from the verdict):")
        for p in verdict.practice:
            lines.append(f"- {p.get('treaty')}: {_escape(str(p.get('summary', '')).strip())}")
    lines.extend(not_applicable_markdown(verdict))
    lines.append("")
    return "\n".join(lines)


def not_applicable_markdown(verdict: Verdict) -> list[str]:
    """The treaties that do not apply on the date, with the reason and when they would."""
    return absent_markdown(verdict.date, verdict.absent)


def absent_markdown(date: dt.date, absent: Applicability) -> list[str]:
    if not absent.listed and not absent.others:
        return []
    lines = ["", f"Not applicable on {date.isoformat()}:"]
    lines.extend(f"- **{n.treaty}**: {_escape(n.reason)}" for n in absent.listed)
    if absent.others:
        lines.append(f"- {absent.others_words(date)}")
    return lines


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def comparison_markdown(cmp: Comparison) -> str:
    """The table (rows outcomes, columns treaties), then what decided each cell."""
    lines = [f"### {cmp.scenario} — {cmp.title}", "", f"Law read at **{cmp.date.isoformat()}**.", ""]
    absent = cmp.absent.listed
    if not cmp.treaties:
        lines.append("No treaty applies: no state in the scenario is a party on this date.")
        return "\n".join([*lines, *_absent_lines(cmp)]) + "\n"
    heads = [*cmp.treaties, *(f"{n.treaty} (not applicable)" for n in absent)]
    lines.append("| outcome | " + " | ".join(heads) + " |")
    lines.append("|---|" + "---|" * len(heads))
    for outcome in cmp.outcomes:
        row = [outcome.replace("_", " ")]
        for treaty in cmp.treaties:
            cell = cmp.cell(treaty, outcome)
            row.append("—" if cell is None else _comparison_cell(cell))
        for n in absent:
            row.append("not applicable" if outcome in cmp.absent_outcomes.get(n.treaty, []) else "—")
        lines.append("| " + " | ".join(row) + " |")
    lines.append("")
    lines.append(
        "Parties in the scenario: " + "; ".join(f"{t}: {', '.join(p) or 'none'}" for t, p in cmp.parties.items())
    )
    lines.append("")
    for treaty in cmp.treaties:
        for outcome in cmp.outcomes:
            cell = cmp.cell(treaty, outcome)
            if cell is None:
                continue
            lines.append(f"- **{treaty} {outcome.replace('_', ' ')}: {cell.status.replace('_', ' ')}**")
            lines.extend(f"  - {_escape(b.strip())}" for b in cell.because)
    if cmp.practice:
        lines.append("")
        lines.append("Practice (what the organisations did, kept apart from the verdict):")
        lines.extend(f"- {p.get('treaty')}: {_escape(str(p.get('summary', '')).strip())}" for p in cmp.practice)
    lines.extend(_absent_lines(cmp))
    lines.append("")
    return "\n".join(lines)


def _absent_lines(cmp: Comparison) -> list[str]:
    if not cmp.absent.listed and not cmp.absent.others:
        return []
    lines = ["", f"Not applicable on {cmp.date.isoformat()}:"]
    lines.extend(f"- **{n.treaty}**: {_escape(n.reason)}" for n in cmp.absent.listed)
    if cmp.absent.others:
        lines.append(f"- {cmp.absent.others_words(cmp.date)}")
    return lines


def _comparison_cell(cell: Cell) -> str:
    text = f"**{cell.status.replace('_', ' ')}**"
    if cell.needs:
        text += " (needs " + ", ".join(cell.needs) + ")"
    if cell.provisions:
        text += "<br>" + ", ".join(f"`{p}`" for p in cell.provisions)
    return text


def explanation_markdown(explanations: list[Explanation]) -> str:
    """Each proof tree as a nested list (every word) and a Mermaid flowchart (the shape)."""
    lines: list[str] = []
    for e in explanations:
        lines.append(f"### {e.scenario}: {e.treaty} {e.outcome.replace('_', ' ')} — **{e.status.replace('_', ' ')}**")
        lines.append("")
        lines.append(f"Law read at **{e.date}**.")
        lines.append("")
        for child in e.root.children:
            _list(lines, child, 0)
        lines.append("")
        lines.extend(mermaid(e.root))
        lines.append("")
    return "\n".join(lines)


_MARK = {True: "✅", False: "❌", None: "▫️"}


def _list(lines: list[str], node: Node, depth: int) -> None:
    pad = "  " * depth
    cite = f" *({node.cite})*" if node.cite else ""
    label = (
        f"**{_md(node.label)}**" if node.kind in ("provision", "exception", "branch", "reading") else _md(node.label)
    )
    prefix = "exception: " if node.kind == "exception" else ""
    lines.append(f"{pad}- {_MARK[node.holds]} {prefix}{label}{cite}")
    for line in node.detail:
        lines.append(f"{pad}  - _{_md(line)}_")
    for child in node.children:
        _list(lines, child, depth + 1)


def mermaid(root: Node) -> list[str]:
    """A ```mermaid flowchart of the tree, top-down, green where a step held and red where it failed."""
    out = ["```mermaid", "flowchart TD"]
    counter = 0
    skipped = 0

    def visit(node: Node, parent: str | None) -> None:
        nonlocal counter, skipped
        if counter >= MERMAID_MAX_NODES:
            skipped += 1
            return
        name = f"n{counter}"
        counter += 1
        text = node.label + (f" [{node.cite}]" if node.cite else "")
        out.append(f'    {name}["{_mermaid_text(text)}"]')
        if node.holds is not None:
            out.append(f"    class {name} {'held' if node.holds else 'failed'}")
        if parent is not None:
            out.append(f"    {parent} --> {name}")
        for child in node.children:
            visit(child, name)

    visit(root, None)
    if skipped:
        out.append(f'    more["… {skipped} more steps: see the list above"]')
    out.append("    classDef held fill:#d4f7d4,stroke:#2a7a2a")
    out.append("    classDef failed fill:#f9d6d5,stroke:#a33")
    out.append("```")
    return out


def _mermaid_text(text: str) -> str:
    # Inside a quoted Mermaid label only quotes and angle brackets need entity codes.
    short = text if len(text) <= 90 else text[:87] + "..."
    return short.replace("#", "#35;").replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")


def _md(text: str) -> str:
    return text.replace("*", "\\*").replace("_", "\\_").replace("\n", " ")
