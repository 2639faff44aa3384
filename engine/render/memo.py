"""A briefing memo in Markdown: the sections of engine.analyses.briefing.Memo, in order.

Provisions are cited as `ID` [citation], sources as [n] into the numbered list at the end,
so a reader can check every statement, and a test can check every citation resolves.
"""

from __future__ import annotations

from engine.analyses.briefing import SECTIONS, Application, Cite, Memo, OpenQuestion
from engine.verdict.wording import status_words

_MARK = {True: "met", False: "not met", None: ""}


def cite_words(cite: Cite) -> str:
    return f"`{cite.provision}` [{cite.cites}]"


def refs(numbers: list[int]) -> str:
    return " " + "".join(f"[{n}]" for n in numbers) if numbers else ""


def memo_markdown(memo: Memo) -> str:
    question, short, law, application, open_, change, sources = SECTIONS
    lines = [f"# Briefing note: {_md(memo.title)}", ""]
    lines.append(f"*Scenario `{memo.scenario}`; the law as it stood on {memo.date.isoformat()}.*")
    lines += ["", f"## {question}", "", _md(memo.question) + refs(memo.question_sources), ""]

    lines += [f"## {short}", ""]
    lines += [f"- {_md(f.sentence)}" for f in memo.short_answer] or ["- No treaty applies on this date."]
    if memo.not_applicable:
        lines += ["", "Not applicable on this date:", ""]
        lines += [f"- {_md(n)}" for n in memo.not_applicable]
    lines.append("")

    lines += [f"## {law}", ""]
    if not memo.law:
        lines.append("No provision decides anything here: no treaty applies.")
    for e in memo.law:
        force = f" ({e.in_force})" if e.in_force else ""
        lines.append(
            f"- {cite_words(e.cite)}, {_md(e.instrument)}{force}: **{_md(e.title)}.** {_md(e.summary)}{refs(e.sources)}"
        )
    lines.append("")

    lines += [f"## {application}", ""]
    for a in memo.application:
        lines += _application(a)
    if not memo.application:
        lines += ["Nothing to apply: no treaty applies.", ""]

    lines += [f"## {open_}", ""]
    if not memo.open_questions:
        lines += ["None: every result above holds whatever the open readings and unstated facts are.", ""]
    for q in memo.open_questions:
        lines += _open_question(q)

    lines += [f"## {change}", ""]
    lines += [f"- {_md(_capital(c.sentence))}." for c in memo.changes]
    if memo.no_change:
        lines.append(f"- No single change of the file flips: {', '.join(memo.no_change)}.")
    lines.append("")

    lines += [f"## {sources}", ""]
    lines += [f"{i}. <{url}> — {_md(what)}" for i, (url, what) in enumerate(memo.sources, 1)]
    if not memo.sources:
        lines.append("None given.")
    lines.append("")
    return "\n".join(lines)


def _application(a: Application) -> list[str]:
    lines = [f"**{a.treaty} {status_words(a.outcome)}: {status_words(a.status)}.**", ""]
    for s in a.steps:
        pad = "  " * s.depth
        mark = f" ({_MARK[s.holds]})" if s.holds is not None else ""
        if s.cite:
            lines.append(f"{pad}- {cite_words(s.cite)} {_md(s.text)}{mark}")
        else:
            lines.append(f"{pad}- {_md(s.text)}{mark}")
    if a.more:
        lines.append(f"- … {a.more} more steps (the full proof: `casus explain` with `--treaty {a.treaty}`)")
    lines.append("")
    return lines


def _open_question(q: OpenQuestion) -> list[str]:
    outcomes = ", ".join(status_words(o) for o in q.outcomes)
    lines = [f"**{q.treaty}: {_md(q.question)}** (`{q.name}`; decides {outcomes}){refs(q.sources)}", ""]
    lines += [f"- {_md(_capital(a))}." for a in q.answers]
    lines += [f"- {_md(a)}" for a in q.arguments]
    if q.practice:
        lines.append(f"- Practice: {_md(q.practice)}")
    lines.append("")
    return lines


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _md(text: str) -> str:
    # Only what would change the Markdown's meaning: emphasis marks and line breaks.
    return " ".join(text.split()).replace("*", "\\*").replace("_", "\\_")
