"""Batch runs of `casus run` / `casus test`: streamed output, progress, worker processes.

Nothing is accumulated: each file's output is written as soon as it (and every file
before it) is judged, and several files' JSON is still one JSON list, written element by
element. With --jobs N (or a batch too big to risk in-process) files are judged on
engine.analyses.batch's worker processes, which survive a C engine crash and report the file.
"""

from __future__ import annotations

import io
import json
import sys
import textwrap
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from engine.cli import common, console, perfile
from engine.formats.printable import json_printable

# engine.analyses.batch (multiprocessing, concurrent.futures, logging) is imported only where
# a pool is used: judging one file, or a few in-process, must not pay for it at start-up.

T = TypeVar("T")
PROGRESS_FROM = 50  # files before a progress bar is worth drawing


class JsonList:
    """Writes what json.dumps(list, indent=2) would, one element at a time."""

    def __init__(self) -> None:
        self.count = 0

    def add(self, doc: Any) -> None:
        text = textwrap.indent(json_printable(json.dumps(doc, indent=2, ensure_ascii=False)), "  ")
        sys.stdout.write(("[\n" if self.count == 0 else ",\n") + text)
        sys.stdout.flush()
        self.count += 1

    def close(self) -> None:
        sys.stdout.write("[]\n" if self.count == 0 else "\n]\n")
        sys.stdout.flush()


def with_progress(items: Iterable[T], total: int, what: str) -> Iterator[T]:
    """A progress bar on stderr, only when stderr is a terminal and the batch is long."""
    if total < PROGRESS_FROM or not common.err.is_terminal:
        yield from items
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn(what), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=common.err, transient=True) as progress:
        bar = progress.add_task(what, total=total)
        for item in items:
            yield item
            progress.advance(bar)


@dataclass(frozen=True)
class FileResult:
    """One file's outcome, as a worker hands it back: nothing but plain data."""

    path: str
    text: str = ""  # rendered output (text/markdown), or test lines
    doc: Any = None  # JSON document of `casus run`
    problems: tuple[str, ...] = ()  # located input errors
    status: str = "ok"  # ok | bad | fail | skip | crash


@dataclass
class Settings:
    """Everything a worker needs to judge files the way the command line asked."""

    command: str  # run | test
    rules: list[str]
    engine: str
    options: dict[str, Any] = field(default_factory=dict)
    width: int = 100
    terminal: bool = False


_STATE: dict[str, Any] = {}


def _setup(settings: Settings) -> None:
    from engine.law.catalogue import shipped

    catalogue = shipped()
    if settings.rules:
        catalogue = catalogue.with_rulebooks(Path(r) for r in settings.rules)
    _STATE.update(
        settings=settings, catalogue=catalogue, evaluator=common.evaluator(common.EngineChoice(settings.engine))
    )


def _task(path: str) -> FileResult:
    from engine.analyses import batch
    from engine.formats.errors import InputError, shown

    batch.maybe_crash(path, Path(path).stem)
    settings: Settings = _STATE["settings"]
    buffer = io.StringIO()
    # Built like the parent's console, with its width and terminal flag: a file's output reads
    # the same whether it was judged in-process or on a worker.
    out = console.make(buffer, width=settings.width, terminal=settings.terminal)
    try:
        if settings.command == "run":
            doc = perfile.judge_file(Path(path), _STATE["catalogue"], _STATE["evaluator"], out, **settings.options)
            return FileResult(path, buffer.getvalue(), doc)
        status, _, lines = perfile.check_file(Path(path), _STATE["catalogue"], _STATE["evaluator"], **settings.options)
        return FileResult(path, "\n".join(lines), status=status)
    except InputError as exc:
        return FileResult(path, problems=tuple(shown(exc.problems)), status="bad")


def _label(path: str) -> str:
    return path


def judged(paths: Sequence[Path], settings: Settings, jobs: int) -> Iterator[FileResult]:
    """Each file's result, in order; a file that crashed its worker comes back as status `crash`."""
    from engine.analyses import batch

    if settings.engine == "durable":
        common.require_engine()  # once, here, rather than as one crash per file in the workers
    settings.width = common.out.width  # the terminal's, --width, or unlimited off a terminal
    settings.terminal = common.out.is_terminal  # colours as the parent would print them
    job: batch.Job[str, FileResult] = batch.Job(_task, _label, _setup, (settings,))
    results = batch.run((str(p) for p in paths), job, jobs=jobs, total=len(paths))
    for result in with_progress(results, len(paths), f"casus {settings.command}"):
        if isinstance(result, batch.Crash):
            yield FileResult(result.label, problems=(f"{result.label}: {result.error}",), status="crash")
        else:
            yield result


def use_workers(jobs: int, count: int) -> bool:
    if jobs > 1:
        return True
    if count <= 1:
        return False  # decided without importing batch: one file is the common case, and start-up counts
    from engine.analyses.batch import IN_PROCESS_BELOW

    return count >= IN_PROCESS_BELOW


def summary(counts: dict[str, int], noun: str = "files") -> str:
    parts = [f"{n} {k}" for k, n in counts.items() if n]
    return f"{sum(counts.values())} {noun}: " + ", ".join(parts) if parts else f"0 {noun}"


def echo(text: str, write: Callable[[str], Any] | None = None) -> None:
    if text:
        (write or sys.stdout.write)(text if text.endswith("\n") else text + "\n")
