"""What each endpoint computes, as plain functions of the request's text: run in the worker
processes (engine.web.pool), never in the server's own process.

Each returns (HTTP status, JSON-able payload). A scenario arrives as text and is read under
the name SCENARIO_NAME, so problems print as `scenario.yaml:line:col: message`, exactly as
`casus validate` prints them for a file. Nothing here reads or writes a file named by a
request; judging uses the pure-Python evaluator (the same verdicts as durable_rules).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from engine.formats.errors import InputError, Problem

SCENARIO_NAME = "scenario.yaml"
Answer = tuple[int, Any]


def _refused(exc: InputError) -> Answer:
    """422 with the problems, each located in scenario.yaml (judging's own limits name the
    scenario, not a file: they are moved into it)."""
    located = getattr(exc, "in_file", None)
    problems = located(SCENARIO_NAME).problems if callable(located) else exc.problems
    return 422, _problems_json(problems)


def _problems_json(problems: list[Problem]) -> dict[str, Any]:
    return {
        "detail": "the scenario has problems; each is file:line:col: message",
        "problems": [
            {"line": p.line, "column": p.column, "message": p.message, "severity": p.severity, "text": str(p)}
            for p in problems
        ],
    }


def _load(text: str) -> Any:
    from pathlib import Path

    from engine.formats.yamlsafe import load_yaml
    from engine.law.catalogue import scenario_from, shipped

    located = load_yaml(text, SCENARIO_NAME)
    # The path is only the name problems and diffs print; no file is opened.
    return scenario_from(located, shipped(), Path(SCENARIO_NAME))


def warm() -> int:
    """Load the rulebooks once so the first request does not pay for it."""
    from engine.law.catalogue import shipped

    return len(shipped())


def verdict(text: str) -> Answer:
    """The same JSON document as `casus run --format json`."""
    from engine.evaluators.python import PythonEvaluator
    from engine.law.catalogue import shipped
    from engine.verdict.judging import judge

    try:
        return 200, judge(_load(text).scenario, shipped(), PythonEvaluator()).to_json()
    except InputError as exc:
        return _refused(exc)


def explain(text: str, treaty: str | None, outcome: str | None) -> Answer:
    """Proof trees (as `casus explain --format json`), optionally one treaty or outcome."""
    from engine.law.catalogue import shipped
    from engine.verdict.explain import explain as explain_all

    catalogue = shipped()
    if treaty is not None and treaty not in catalogue:
        return 404, {"detail": f"unknown treaty {treaty!r}; known: {', '.join(catalogue)}"}
    try:
        found = explain_all(
            _load(text).scenario, catalogue, treaties=[treaty] if treaty else (), outcomes=[outcome] if outcome else ()
        )
    except InputError as exc:
        return _refused(exc)
    return 200, [e.to_json() for e in found]


def whatif(text: str, max_changes: int) -> Answer:
    """The smallest changes that flip each result, with their YAML diffs."""
    from engine.analyses.whatif import whatif as search
    from engine.law.catalogue import shipped

    try:
        loaded = _load(text)
        found = search(loaded, text, shipped(), max_changes=max_changes)
    except InputError as exc:
        return _refused(exc)
    return 200, {"scenario": loaded.scenario.id, "counterfactuals": [cf.to_json() for cf in found]}


def validate(text: str) -> Answer:
    """Every problem of the text (200 with ok true/false: a check, not a judgement)."""
    try:
        _load(text)
    except InputError as exc:
        return 200, {"ok": False, **_refused(exc)[1]}
    return 200, {"ok": True, "problems": []}


def report(text: str) -> Answer:
    """The HTML report of the text, as `casus report` writes it (without the what-if search)."""
    from engine.law.catalogue import shipped
    from engine.render.html import report_html
    from engine.render.htmlsection import build

    try:
        loaded = _load(text)
        section = build(loaded, text, shipped(), loaded.scenario.id, SCENARIO_NAME, whatifs=False)
    except InputError as exc:
        return _refused(exc)
    return 200, report_html([section])


def treaties(date: dt.date) -> Answer:
    """Each treaty's members on `date` (as `casus treaties --format json`)."""
    from engine.law.catalogue import shipped

    return 200, [
        {
            "treaty": tid,
            "name": book.rulebook.name,
            "date": date.isoformat(),
            "members": book.rulebook.members_on(date),
            "provisions": len(book.rulebook.provisions),
        }
        for tid, book in shipped().items()
    ]


def treaty(tid: str, date: dt.date) -> Answer:
    """One treaty: members on `date`, provisions with citations, readings."""
    from engine.law.catalogue import shipped

    catalogue = shipped()
    if tid not in catalogue:
        return 404, {"detail": f"unknown treaty {tid!r}; known: {', '.join(catalogue)}"}
    book = catalogue[tid].rulebook
    return 200, {
        "treaty": tid,
        "name": book.name,
        "summary": book.summary,
        "sources": [str(u) for u in book.sources],
        "date": date.isoformat(),
        "members": book.members_on(date),
        "outcomes": list(book.outcomes),
        "provisions": book.provision_summaries(),
        "readings": {name: r.question for name, r in book.readings.items()},
    }


def schema() -> Answer:
    from engine.formats.schema import scenario_schema

    return 200, scenario_schema()
