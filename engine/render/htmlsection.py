"""One scenario's part of the HTML report: verdict, reasons, proof trees, practice, map,
membership timeline and what-if flips. Everything is computed with the pure-Python
evaluator (the same verdicts as durable_rules, which the test suite checks)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from engine.render.htmlmap import map_svg
from engine.render.htmltimeline import timeline_svg

STATUS_WORDS = {"triggered": "triggered", "not_triggered": "not triggered", "contested": "contested"}


@dataclass
class ScenarioReport:
    """What one scenario's section shows, computed once."""

    anchor: str
    source: str  # the file name as the user gave it (or "<editor>")
    scenario: Any
    verdict: Any
    explanations: list[Any]
    flips: list[Any]
    books: list[Any]


def build(loaded: Any, text: str, catalogue: Any, anchor: str, source: str, *, whatifs: bool = True) -> ScenarioReport:
    """Judge, explain and search what-ifs for one loaded scenario."""
    from engine.analyses.whatif import whatif
    from engine.evaluators.python import PythonEvaluator
    from engine.verdict.explain import explain
    from engine.verdict.judging import judge, treaties_for

    scenario = loaded.scenario
    verdict = judge(scenario, catalogue, PythonEvaluator())
    explanations = explain(scenario, catalogue)
    flips = whatif(loaded, text, catalogue, max_changes=1, shown=2) if whatifs else []
    return ScenarioReport(anchor, source, scenario, verdict, explanations, flips, treaties_for(scenario, catalogue))


def status_badge(status: str) -> str:
    return f'<span class="status status-{escape(status)}">{escape(STATUS_WORDS.get(status, status))}</span>'


def _link(url: str, text: str) -> str:
    return f'<a href="{escape(url)}" rel="noreferrer">{escape(text)}</a>'


def _provision(book: Any, pid: str) -> str:
    try:
        p = book.rulebook.provision(pid)
    except (KeyError, LookupError, StopIteration):
        return f"<code>{escape(pid)}</code>"
    cite = str(p.cites)
    source = next(iter(p.sources), None) or _instrument_source(book, p.cites.instrument)
    cited = _link(source, cite) if source else escape(cite)
    return f"<code>{escape(pid)}</code> {escape(p.title)} ({cited})"


def _instrument_source(book: Any, instrument: str) -> str | None:
    for inst in book.rulebook.instruments:
        if inst.id == instrument and inst.sources:
            return str(inst.sources[0])
    return str(book.rulebook.sources[0]) if book.rulebook.sources else None


def _verdict_table(report: ScenarioReport) -> str:
    books = {b.id: b for b in report.books}
    rows = []
    for r in report.verdict.results:
        book = books.get(r.treaty)
        deciding = "<br>".join(_provision(book, pid) for pid in r.provisions) if book else ""
        rows.append(
            f'<tr class="result" data-treaty="{escape(r.treaty)}" data-outcome="{escape(r.outcome)}" '
            f'data-status="{escape(r.status)}"><td>{escape(r.treaty)}</td><td>{escape(r.outcome.replace("_", " "))}</td>'
            f"<td>{status_badge(r.status)}</td><td>{deciding}</td><td>{escape(r.explanation)}</td></tr>"
        )
    if not rows:
        return "<p>No treaty applies: no state in the scenario is a party on this date.</p>"
    return (
        '<table class="verdict"><thead><tr><th>treaty</th><th>outcome</th><th>status</th>'
        "<th>deciding provisions</th><th>why</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def _not_applicable(report: ScenarioReport) -> str:
    """The treaties that do not apply on the date, why, and when they would (as casus run says)."""
    absent = report.verdict.absent
    items = [f"<li><strong>{escape(n.treaty)}</strong>: {escape(n.reason)}</li>" for n in absent.listed]
    if absent.others:
        items.append(f"<li>{escape(absent.others_words(report.scenario.date))}</li>")
    if not items:
        return ""
    day = report.scenario.date.isoformat()
    return f'<h4>Not applicable on {day}</h4><ul class="not-applicable">{"".join(items)}</ul>'


def _contested(report: ScenarioReport) -> str:
    items = []
    for r in report.verdict.results:
        if r.status != "contested":
            continue
        lines = []
        for effect in r.readings:
            practice = ""
            if effect.practice:
                note = effect.practice
                words = f"{note.get('date', '')}: {note.get('summary', '')}".strip(": ")
                practice = f' <span class="practice-note">(practice, apart from the law: {escape(str(words))})</span>'
            # Each answer said as the status it gives (engine.verdict.wording), never "yes: contested".
            lines.append(
                f"<li>reading <code>{escape(effect.name)}</code>: {escape(effect.question)} "
                f"— {escape(effect.given_yes)}; {escape(effect.given_no)}{practice}</li>"
            )
        for fact in getattr(r, "facts", ()):  # unstated facts the result turns on (FactEffect)
            lines.append(
                f"<li>unstated fact (state it at <code>{escape(fact.key)}</code>): {escape(fact.words())}</li>"
            )
        items.append(
            f"<li><strong>{escape(r.treaty)} {escape(r.outcome.replace('_', ' '))}</strong> turns on:<ul>{''.join(lines)}</ul></li>"
        )
    return f'<h4>What the contested results turn on</h4><ul class="contested">{"".join(items)}</ul>' if items else ""


def tree_html(node: Any, depth: int = 0) -> str:
    """A proof tree node as nested <details>, open at the top level only."""
    mark = {True: "held", False: "failed", None: "note"}[node.holds]
    cite = f' <span class="cite">({escape(node.cite)})</span>' if node.cite else ""
    label = f'<span class="node-{mark}">{escape(node.label)}</span>{cite}'
    detail = "".join(f'<div class="detail">{escape(line)}</div>' for line in node.detail)
    if not node.children:
        return f'<div class="leaf">{label}{detail}</div>'
    kids = "".join(tree_html(ch, depth + 1) for ch in node.children)
    opened = " open" if depth == 0 else ""
    return f'<details class="tree"{opened}><summary>{label}</summary>{detail}{kids}</details>'


def _trees(report: ScenarioReport) -> str:
    parts = []
    for e in report.explanations:
        parts.append(
            f'<details class="proof" data-treaty="{escape(e.treaty)}"><summary>Proof: {escape(e.treaty)} '
            f"{escape(e.outcome.replace('_', ' '))} — {status_badge(e.status)}</summary>{tree_html(e.root)}</details>"
        )
    return "<h4>Proof trees (why and why not)</h4>" + "".join(parts) if parts else ""


def _practice(report: ScenarioReport) -> str:
    if not report.verdict.practice:
        return ""
    items = []
    for p in report.verdict.practice:
        date = f"{p['date']}: " if p.get("date") else "undated: "
        sources = " ".join(_link(str(u), f"[{i + 1}]") for i, u in enumerate(p.get("sources") or []))
        items.append(
            f"<li>{escape(str(p.get('treaty', '')))} — {escape(str(date))}{escape(str(p.get('summary', '')).strip())} {sources}</li>"
        )
    return (
        '<aside class="practice"><h4>Practice (what the organisation did; not part of the verdict)</h4>'
        f"<ul>{''.join(items)}</ul></aside>"
    )


def _flips(report: ScenarioReport) -> str:
    if not report.flips:
        return ""
    items = [
        f'<li><p>{escape(cf.reason[:1].upper() + cf.reason[1:])}.</p><pre class="diff">{escape(cf.diff)}</pre></li>'
        for cf in report.flips
    ]
    return f'<h4>What would change the answer (one field at a time)</h4><ul class="whatif">{"".join(items)}</ul>'


def _timelines(report: ScenarioReport) -> str:
    states = list(report.scenario.actors)
    figures = [
        f"<figure>{timeline_svg(book, report.scenario.date, states)}<figcaption>{escape(book.id)} membership "
        "(blue: party, orange: suspended, grey: frozen; red line: the scenario's date)</figcaption></figure>"
        for book in report.books
    ]
    return "<h4>Membership around the date</h4>" + "".join(figures) if figures else ""


def section_html(report: ScenarioReport) -> str:
    s = report.scenario
    sources = " ".join(_link(str(u), f"[{i + 1}]") for i, u in enumerate(s.sources))
    return (
        f'<section class="scenario" id="{escape(report.anchor)}"><h2>{escape(s.title)}</h2>'
        f'<p class="meta"><code>{escape(report.source)}</code> · law read at <strong>{s.date.isoformat()}</strong> · '
        f"sources {sources}</p><p>{escape(s.summary.strip())}</p>"
        + _verdict_table(report)
        + _not_applicable(report)
        + _contested(report)
        + _practice(report)
        + '<div class="figures">'
        + map_svg(s, report.books)
        + _timelines(report)
        + "</div>"
        + _trees(report)
        + _flips(report)
        + "</section>"
    )
