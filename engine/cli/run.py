"""`casus run`: the verdict for each scenario file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from engine.cli import common, perfile
from engine.cli.app import EXIT_BAD_INPUT, app
from engine.cli.setup import setup


@app.command()
def run(
    files: Annotated[list[Path], typer.Argument(help="Scenario YAML files or directories.")],
    format: Annotated[
        common.Format, typer.Option("--format", "-f", help="text, json or markdown.")
    ] = common.Format.text,
    treaty: common.TreatyOption = None,
    reading: common.ReadingOption = None,
    rules: common.RulesOption = None,
    engine: common.EngineOption = common.EngineChoice.durable,
    assume_unstated: common.AssumeUnstatedOption = common.Unstated.unknown,
    all_readings: Annotated[
        bool,
        typer.Option("--all-readings", help="Also the answer under every combination of the readings that matter."),
    ] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes for large batches.")] = 1,
) -> None:
    """Judge each scenario under every treaty that applies: status, deciding provisions, reasons."""
    from engine.cli import stream
    from engine.formats.errors import InputError

    opts = setup(rules, treaty, reading)
    catalogue, treaties, pinned = opts.catalogue, opts.treaties, opts.pinned
    outcome = common.Outcome()
    paths = list(common.iter_files(files))
    if len(paths) < len(files) and not paths:
        raise typer.Exit(EXIT_BAD_INPUT)
    if any(not p.exists() for p in files):
        outcome.bad_input = True
    # One file gives one JSON document; several (or none) a list, streamed element by element.
    listing = stream.JsonList() if format is common.Format.json and len(paths) != 1 else None
    options: dict[str, Any] = {
        "format": format,
        "treaties": treaties,
        "pinned": pinned,
        "all_readings": all_readings,
        "unstated": assume_unstated.value,
    }
    counts = {"judged": 0, "bad input": 0, "crashed": 0}
    if stream.use_workers(jobs, len(paths)):
        settings = stream.Settings("run", [str(r) for r in rules or []], engine.value, options)
        for result in stream.judged(paths, settings, jobs):
            if result.problems:
                outcome.bad_input = True
                counts["crashed" if result.status == "crash" else "bad input"] += 1
                for line in result.problems:
                    common.err.print(line, style="red", markup=False)
                continue
            counts["judged"] += 1
            _emit(result.doc, listing)
            stream.echo(result.text)
    else:
        evaluator = common.evaluator(engine)
        for path in stream.with_progress(paths, len(paths), "casus run"):
            try:
                doc = perfile.judge_file(path, catalogue, evaluator, common.out, **options)
            except InputError as exc:
                outcome.report(exc)
                counts["bad input"] += 1
                continue
            counts["judged"] += 1
            _emit(doc, listing)
    if listing is not None:
        listing.close()
    if len(paths) > 1:
        common.err.print(stream.summary(counts), markup=False)
    raise typer.Exit(outcome.code())


def _emit(doc: Any, listing: Any) -> None:
    if doc is None:
        return
    if listing is not None:
        listing.add(doc)
    else:
        common.echo_json(doc)
