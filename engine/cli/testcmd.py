"""`casus test`: every scenario with an `expect:` block is a regression test."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from engine.cli import common
from engine.cli.app import app


@app.command("test")
def test_(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files or directories (default: the shipped scenarios).")
    ] = None,
    rules: common.RulesOption = None,
    engine: common.EngineOption = common.EngineChoice.durable,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print failures and the summary only.")] = False,
) -> None:
    """Check each file's expect: block against the verdict; exit 1 on any mismatch."""
    from engine.errors import InputError
    from engine.expectations import compare
    from engine.loading import load_scenario
    from engine.paths import scenarios_dir
    from engine.verdict import judge

    catalogue = common.catalogue_with(rules)
    evaluator = common.evaluator(engine)
    outcome = common.Outcome()
    passed = failed = skipped = 0
    for path in common.iter_files(paths or [scenarios_dir()]):
        try:
            loaded = load_scenario(path, catalogue)
        except InputError as exc:
            outcome.report(exc)
            continue
        expect = loaded.scenario.expect
        if not expect:
            skipped += 1
            continue
        verdict = judge(loaded.scenario, catalogue, evaluator, treaties=sorted(expect))
        mismatches = compare(expect, verdict)
        if mismatches:
            failed += 1
            common.out.print(f"FAIL {path}", style="red", markup=False)
            for m in mismatches:
                common.out.print(f"     {m}", markup=False)
        else:
            passed += 1
            if not quiet:
                common.out.print(f"ok   {path}", markup=False)
    outcome.failed = failed > 0
    summary = f"{passed} passed, {failed} failed"
    if skipped:
        summary += f", {skipped} skipped"
    common.out.print(summary, markup=False)
    raise typer.Exit(outcome.code())
