"""`casus test`: every scenario with an `expect:` block is a regression test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from engine.cli import common, perfile
from engine.cli.app import app


@app.command("test")
def test_(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files or directories (default: the shipped scenarios).")
    ] = None,
    rules: common.RulesOption = None,
    engine: common.EngineOption = common.EngineChoice.durable,
    assume_unstated: common.AssumeUnstatedOption = common.Unstated.unknown,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print failures and the summary only.")] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes for large batches.")] = 1,
) -> None:
    """Check each file's expect: block against the verdict; exit 1 on any mismatch."""
    from engine.cli import stream
    from engine.formats.errors import InputError, shown
    from engine.formats.paths import scenarios_dir

    catalogue = common.catalogue_with(rules)
    outcome = common.Outcome()
    counts = {"passed": 0, "failed": 0, "skipped": 0, "bad input": 0, "crashed": 0}
    files = list(common.iter_files(paths or [scenarios_dir()]))
    if stream.use_workers(jobs, len(files)):
        options = {"unstated": assume_unstated.value}
        settings = stream.Settings("test", [str(r) for r in rules or []], engine.value, options)
        results: Iterator[tuple[str, str, list[str], tuple[str, ...]]] = (
            (r.status, r.path, r.text.splitlines(), r.problems) for r in stream.judged(files, settings, jobs)
        )
    else:
        evaluator = common.evaluator(engine)

        def in_process() -> Iterator[tuple[str, str, list[str], tuple[str, ...]]]:
            for path in stream.with_progress(files, len(files), "casus test"):
                try:
                    yield (*perfile.check_file(path, catalogue, evaluator, assume_unstated.value), ())
                except InputError as exc:
                    yield "bad", str(path), [], tuple(shown(exc.problems))

        results = in_process()
    for status, path, lines, problems in results:
        if problems:
            outcome.bad_input = True
            counts["crashed" if status == "crash" else "bad input"] += 1
            for line in problems:
                common.err.print(line, style="red", markup=False)
        elif status == "fail":
            counts["failed"] += 1
            common.out.print(f"FAIL {path}", style="red", markup=False)
            for m in lines:
                common.out.print(f"     {m}", markup=False)
        elif status == "skip":
            counts["skipped"] += 1
        else:
            counts["passed"] += 1
            if not quiet:
                common.out.print(f"ok   {path}", markup=False)
    outcome.failed = counts["failed"] > 0
    summary = f"{counts['passed']} passed, {counts['failed']} failed"
    for key in ("skipped", "bad input", "crashed"):
        if counts[key]:
            summary += f", {counts[key]} {key}"
    common.out.print(summary, markup=False)
    raise typer.Exit(outcome.code())
