"""`casus bench`: evaluations per second of the three evaluation paths, memory growth, start-up."""

from __future__ import annotations

import os
import platform
from typing import Annotated

import typer

from engine.cli import common
from engine.cli.app import app


@app.command()
def bench(
    quick: Annotated[
        bool, typer.Option("--quick", help="A short run (well under 40 s) instead of 10^6 evaluations.")
    ] = False,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the generated scenarios.")] = 0,
    durable: Annotated[
        int | None, typer.Option("--durable", help="Override the number of durable evaluations (tests use a tiny run).")
    ] = None,
    startup_runs: Annotated[
        int,
        typer.Option("--startup-runs", min=1, help="Runs of `casus run` and `casus --help` for the start-up figure."),
    ] = 10,
) -> None:
    """Measure the durable adapter against the raw C calls and the pure-Python evaluator, and start-up."""
    from engine.evaluators.bench import FULL, QUICK, STARTUP_SCENARIO, BenchSize, bench_line, run_bench, startup
    from engine.formats.errors import EngineError
    from engine.formats.paths import scenarios_dir
    from engine.law.catalogue import shipped

    size = QUICK if quick else FULL
    if durable is not None:
        size = BenchSize(
            durable=max(1, durable), compiled=max(1, durable * 4), rounds=min(size.rounds, max(1, durable))
        )
    common.require_engine(" (casus bench measures it)")
    book = shipped()["CSTO"]
    common.out.print(
        f"machine: {platform.machine()}, {os.cpu_count()} cpus, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}",
        markup=False,
    )
    from engine.evaluators.durable import engine_build

    common.out.print(f"engine: {engine_build()}", markup=False)
    scenario = scenarios_dir() / STARTUP_SCENARIO
    try:
        started = startup(scenario, startup_runs)
    except EngineError as exc:
        common.err.print(f"error: start-up not measured: {exc}", style="red", markup=False)
        raise typer.Exit(1) from None
    common.out.print(f"help: casus --help took {started.help_seconds:.3f} s (median of {started.runs})", markup=False)
    common.out.print(
        f"startup: casus run {STARTUP_SCENARIO.as_posix()} took {started.run_seconds:.3f} s (median of {started.runs})",
        markup=False,
    )

    def progress(phase: str, done: int, total: int) -> None:
        common.err.print(f"  {phase}: round {done}/{total}", markup=False)

    result = run_bench(book, size, seed=seed, progress=progress)
    common.out.print(
        f"evaluations: durable={size.durable // size.rounds * size.rounds} raw={size.durable // size.rounds * size.rounds} "
        f"compiled={size.compiled}",
        markup=False,
    )
    from engine.analyses import sweepbench

    swept = sweepbench.measure(sweepbench.QUICK if quick else sweepbench.FULL)
    common.out.print(f"sweep: {swept.describe()}", markup=False)
    # One `name=value` list for the summary line: a new figure is one more entry.
    figures = result.figures() + started.figures() + [("sweep", f"{swept.per_second:.0f}/s")]
    # The Python is part of the line people paste: figures from two Pythons differ by build.
    figures.append(("python", platform.python_version()))
    common.out.print(bench_line(figures), markup=False)
