"""Markdown: a verdict table fit to paste into a paper or an issue."""

from __future__ import annotations

from engine.verdict import Verdict


def verdict_markdown(verdict: Verdict, title: str = "") -> str:
    lines = [f"### {verdict.scenario}" + (f" — {title}" if title else ""), ""]
    lines.append(f"Law read at **{verdict.date.isoformat()}**.")
    lines.append("")
    lines.append("| treaty | outcome | status | deciding provisions | needs / turns on |")
    lines.append("|---|---|---|---|---|")
    for r in verdict.results:
        extra = ", ".join(r.needs) if r.needs else ", ".join(f"`{e.name}`" for e in r.readings)
        provisions = ", ".join(f"`{p}`" for p in r.provisions)
        lines.append(
            f"| {r.treaty} | {r.outcome.replace('_', ' ')} | **{r.status.replace('_', ' ')}** | {provisions} | {extra} |"
        )
    lines.append("")
    for r in verdict.results:
        lines.append(f"- **{r.treaty} {r.outcome.replace('_', ' ')}**: {_escape(r.explanation)}")
    if verdict.practice:
        lines.append("")
        lines.append("Practice (what the organisation actually did, kept apart from the verdict):")
        for p in verdict.practice:
            lines.append(f"- {p.get('treaty')}: {_escape(str(p.get('summary', '')).strip())}")
    lines.append("")
    return "\n".join(lines)


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
