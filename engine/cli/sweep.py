"""`casus sweep`: a decision table over combinations of field values."""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from engine.cli import budgets, common
from engine.cli.app import EXIT_BAD_INPUT, app
from engine.formats.budget import Budget
from engine.formats.limits import SWEEP_TIME_BUDGET
from engine.formats.printable import json_printable, printable

if TYPE_CHECKING:
    from engine.analyses.sweep import Context, Row

PROGRESS_FROM = 200  # rows before a progress bar is worth drawing


class SweepFormat(StrEnum):
    text = "text"
    csv = "csv"
    json = "json"


@app.command()
def sweep(
    file: Annotated[Path, typer.Argument(help="A scenario YAML file.")],
    vary: Annotated[
        list[str],
        typer.Option(
            "--vary",
            help="FIELD=V1,V2,... (repeatable): a path into the file, e.g. date, events.0.kind, "
            "events.0.where.status, readings.CSTO.non_state_aggression.",
        ),
    ],
    sample: Annotated[
        int | None, typer.Option("--sample", min=1, help="Judge N combinations drawn at random instead of all.")
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of --sample.")] = 0,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes.")] = 1,
    format: Annotated[SweepFormat, typer.Option("--format", "-f", help="text, csv or json.")] = SweepFormat.text,
    treaty: common.TreatyOption = None,
    rules: common.RulesOption = None,
    engine: Annotated[
        common.EngineChoice,
        typer.Option("--engine", help="python (default: ~10x faster here) or durable; both give the same rows."),
    ] = common.EngineChoice.python,
    assume_unstated: common.AssumeUnstatedOption = common.Unstated.unknown,
    time_budget: Annotated[
        float, typer.Option("--time-budget", min=0, help=budgets.help_for(SWEEP_TIME_BUDGET, "the sweep"))
    ] = SWEEP_TIME_BUDGET,
) -> None:
    """Judge the scenario under every combination of the given values: one row per combination,
    one column per treaty and outcome. Rows come in the same order whatever --jobs is. Past
    --time-budget the rows judged so far are kept and the table says it is partial (as text, a
    last line; as JSON, a last element with "partial": true and no "index"; always on stderr)."""
    from engine.analyses.sweep import SweepError, setup, size
    from engine.formats.errors import CasusError, InputError
    from engine.formats.limits import MAX_COMBINATIONS

    catalogue = common.catalogue_with(rules)
    treaties = common.check_treaties(catalogue, treaty)
    args = (str(file), [str(r) for r in rules or []], engine.value, list(vary), treaties, assume_unstated.value)
    try:
        ctx = setup(*args)
    except InputError as exc:
        common.Outcome().report(exc)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except (SweepError, CasusError) as exc:
        common.fail(str(exc))
        raise  # unreachable: fail() exits
    total = min(size(ctx.varies), sample) if sample else size(ctx.varies)
    if total > MAX_COMBINATIONS:
        given = f"--sample {sample:,}" if sample else f"the --vary lists give {size(ctx.varies):,} combinations"
        common.fail(f"{given}; casus judges at most {MAX_COMBINATIONS:,} in one sweep: use --sample N (N <= that)")
    printer = _Printer(format, ctx)
    printer.header()
    bad = 0
    counts: list[Counter[str]] = [Counter() for _ in ctx.columns]
    budget = Budget(time_budget)
    judged = 0
    for row in _with_progress(ctx, args, sample, seed, jobs, total, budget):
        judged += 1
        printer.row(row)
        if row.error:
            bad += 1
            from engine.analyses.sweep import describe

            common.err.print(f"{describe(ctx.varies, row.values)}: {row.error}", style="red", markup=False)
        for counter, status in zip(counts, row.statuses, strict=True):
            counter[status] += 1
    partial = ""
    if budget.partial:
        partial = budget.note("sweep", f"the {judged:,} rows above are the first in combination order")
        printer.partial(partial, budget)
    printer.footer()
    summary = f"{judged:,} of {total:,} combinations judged" if partial else f"{total} combinations"
    if bad:
        summary += f", {bad} invalid or crashed"
    for (t, o), counter in zip(ctx.columns, counts, strict=True):
        summary += f"; {t} {o.replace('_', ' ')}: " + ", ".join(f"{k} {n}" for k, n in sorted(counter.items()))
    common.err.print(summary, markup=False)
    if partial:
        common.err.print(partial, style="yellow", markup=False)
    raise typer.Exit(EXIT_BAD_INPUT if bad else 0)


def _with_progress(
    ctx: Context, args: tuple[Any, ...], sample: int | None, seed: int, jobs: int, total: int, budget: Budget
) -> Any:
    from engine.analyses.sweep import rows

    produced: Any = rows(ctx, args, sample=sample, seed=seed, jobs=jobs)  # a generator: closed below
    try:
        if total < PROGRESS_FROM or not common.err.is_terminal:
            yield from _within(produced, total, budget)
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        columns = (TextColumn("sweep"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, console=common.err, transient=True) as progress:
            bar = progress.add_task("sweep", total=total)
            for row in _within(produced, total, budget):
                yield row
                progress.advance(bar)
    finally:
        produced.close()  # stops the worker pool, if any, at once rather than when collected


def _within(produced: Any, total: int, budget: Budget) -> Any:
    """The rows until the budget is spent (at least one), recording how far the sweep got."""
    for judged, row in enumerate(produced):
        if judged and budget.spent():
            budget.stop(f"judging {judged:,} of {total:,} combinations")
            return
        yield row


class _Printer:
    """Streams the table: widths are known up front, since every value is on the command line."""

    def __init__(self, format: SweepFormat, ctx: Context) -> None:
        from engine.analyses.sweep import show

        self.format = format
        self.ctx = ctx
        self.show = show
        self.first = True
        self.names = [v.field for v in ctx.varies] + [f"{t} {o}" for t, o in ctx.columns]
        widths = [max([len(v.field)] + [len(show(x)) for x in v.values]) for v in ctx.varies]
        widths += [max(len(f"{t} {o}"), len("not_triggered")) for t, o in ctx.columns]
        self.widths = widths
        # Every value is on the command line: show each once, not once per row.
        self.shown = [{x: show(x) for x in v.values} for v in ctx.varies]
        self.csv = csv.writer(sys.stdout, lineterminator="\n")

    def header(self) -> None:
        if self.format is SweepFormat.text:
            self._line([*self.names, "also"])
        elif self.format is SweepFormat.csv:
            self.csv.writerow([*self.names, "also", "error"])
        else:
            sys.stdout.write("[")

    def row(self, row: Row) -> None:
        values = [shown[x] for shown, x in zip(self.shown, row.values, strict=True)]
        if self.format is SweepFormat.text:
            self._line(values + list(row.statuses) + [" ".join(row.also)])
        elif self.format is SweepFormat.csv:
            self.csv.writerow(values + list(row.statuses) + [" ".join(row.also), row.error or ""])
        else:
            doc: dict[str, Any] = {
                "index": row.index,
                "combination": {v.field: x for v, x in zip(self.ctx.varies, row.values, strict=True)},
                "results": {f"{t}.{o}": s for (t, o), s in zip(self.ctx.columns, row.statuses, strict=True)},
            }
            if row.also:
                doc["also"] = list(row.also)
            if row.error:
                doc["error"] = row.error
            sys.stdout.write(("\n  " if self.first else ",\n  ") + json_printable(json.dumps(doc, ensure_ascii=False)))
        self.first = False

    def partial(self, note: str, budget: Budget) -> None:
        """The label of a table cut at the time budget, as the table's own last line or element."""
        if self.format is SweepFormat.text:
            sys.stdout.write(printable(note) + "\n")
        elif self.format is SweepFormat.json:
            doc = {**budget.to_json(), "note": note}
            sys.stdout.write(("\n  " if self.first else ",\n  ") + json_printable(json.dumps(doc, ensure_ascii=False)))
            self.first = False
        # CSV has no place for a note that every reader skips: stderr says it.

    def footer(self) -> None:
        if self.format is SweepFormat.json:
            sys.stdout.write("\n]\n" if not self.first else "]\n")
        sys.stdout.flush()

    def _line(self, cells: list[str]) -> None:
        padded = [c.ljust(w) for c, w in zip(cells, self.widths, strict=False)] + cells[len(self.widths) :]
        sys.stdout.write(printable("  ".join(padded).rstrip()) + "\n")
