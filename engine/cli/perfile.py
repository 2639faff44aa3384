"""What one scenario file gives: its verdict (`casus run`) or its `expect:` check (`casus test`).

Called in-process by the commands and in worker processes by `engine.cli.stream`, so it lives
below both and imports neither.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from engine.cli import common


def judge_file(
    path: Path,
    catalogue: Any,
    evaluator: Any,
    console: Any,
    *,
    format: common.Format,
    treaties: list[str],
    pinned: dict[str, bool],
    all_readings: bool,
) -> dict[str, Any] | None:
    """Judge one file: its JSON document, or None once it is printed on `console`."""
    # Each import below is made only where it is used: `casus run FILE` is mostly start-up,
    # and the Markdown renderer (with the proof trees under it) or the reading tables cost
    # more to import than judging a file takes.
    from engine.law.catalogue import load_scenario
    from engine.verdict.judging import judge

    loaded = load_scenario(path, catalogue)
    verdict = judge(loaded.scenario, catalogue, evaluator, treaties=treaties, readings=pinned)
    tables: list[Any] = []
    if all_readings:
        from engine.verdict.allreadings import reading_tables

        tables = reading_tables(loaded.scenario, catalogue, evaluator, verdict, treaties=treaties, readings=pinned)
    if format is common.Format.json:
        doc = verdict.to_json()
        if all_readings:
            doc["all_readings"] = [t.to_json() for t in tables]
        return doc
    if format is common.Format.markdown:
        from engine.render.markdown import verdict_markdown

        console.print(verdict_markdown(verdict, loaded.scenario.title), markup=False)
        if all_readings:
            from engine.render.readings import tables_markdown

            console.print(tables_markdown(verdict.scenario, tables), markup=False)
    else:
        from engine.render.text import print_verdict

        print_verdict(console, verdict, loaded.scenario.title)
        if all_readings:
            from engine.render.readings import print_tables

            print_tables(console, verdict.scenario, tables)
    return None


def check_file(path: Path, catalogue: Any, evaluator: Any) -> tuple[str, str, list[str]]:
    """(ok | fail | skip, path, mismatches) of one file; InputError if it cannot be read."""
    from engine.analyses.expectations import compare
    from engine.law.catalogue import load_scenario
    from engine.verdict.judging import judge

    loaded = load_scenario(path, catalogue)
    expect = loaded.scenario.expect
    if not expect:
        return "skip", str(path), []
    verdict = judge(loaded.scenario, catalogue, evaluator, treaties=sorted(expect))
    mismatches = compare(expect, verdict)
    return ("fail" if mismatches else "ok"), str(path), [str(m) for m in mismatches]
