"""What one scenario file gives: its verdict (`casus run`) or its `expect:` check (`casus test`).

Called in-process by the commands and in worker processes by `engine.cli.stream`, so it lives
below both and imports neither.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from engine.cli import common
from engine.formats.errors import EngineError, InputError, Problem, RulebookLimitError


@contextlib.contextmanager
def engine_failures_as_problems(path: Path) -> Iterator[None]:
    """A C-engine failure on one file is that file's problem: reported, and the batch goes on
    (in-process the engine's error would otherwise end the whole command)."""
    try:
        yield
    except (EngineError, RulebookLimitError) as exc:
        message = (
            f"the rules engine could not judge this file: {exc}; `--engine python` judges it without durable_rules"
        )
        raise InputError([Problem(str(path), None, None, message)]) from None


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
    unstated: str = "unknown",
) -> dict[str, Any] | None:
    """Judge one file: its JSON document, or None once it is printed on `console`."""
    # Each import below is made only where it is used: `casus run FILE` is mostly start-up,
    # and the Markdown renderer (with the proof trees under it) or the reading tables cost
    # more to import than judging a file takes.
    from engine.law.catalogue import load_scenario
    from engine.verdict.judging import judge

    loaded = load_scenario(path, catalogue)
    common.assume_unstated(loaded.scenario, common.Unstated(unstated))
    with engine_failures_as_problems(path), named_by_file(path):
        verdict = judge(loaded.scenario, catalogue, evaluator, treaties=treaties, readings=pinned)
    tables: list[Any] = []
    if all_readings:
        from engine.verdict.allreadings import reading_tables

        with engine_failures_as_problems(path), named_by_file(path):
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


@contextlib.contextmanager
def named_by_file(path: Path) -> Iterator[None]:
    """A judging error about the scenario (too many combinations to judge), named by its file."""
    from engine.law.cases import CombinationLimitError

    try:
        yield
    except CombinationLimitError as exc:
        raise exc.in_file(str(path)) from None


def check_file(path: Path, catalogue: Any, evaluator: Any, unstated: str = "unknown") -> tuple[str, str, list[str]]:
    """(ok | fail | skip, path, mismatches) of one file; InputError if it cannot be read."""
    from engine.analyses.expectations import compare
    from engine.law.catalogue import load_scenario
    from engine.verdict.judging import judge

    loaded = load_scenario(path, catalogue)
    common.assume_unstated(loaded.scenario, common.Unstated(unstated))
    expect = loaded.scenario.expect
    if not expect:
        return "skip", str(path), []
    with engine_failures_as_problems(path), named_by_file(path):
        verdict = judge(loaded.scenario, catalogue, evaluator, treaties=sorted(expect))
    mismatches = compare(expect, verdict)
    return ("fail" if mismatches else "ok"), str(path), [str(m) for m in mismatches]
