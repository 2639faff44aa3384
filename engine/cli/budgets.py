"""The --time-budget option of the costly commands and their progress on a terminal.

A budget (engine.formats.budget) stops a search at a step boundary and labels what was found
so far as partial; the defaults are in engine.formats.limits (the README's limits table).
Progress is drawn on stderr only when stderr is a terminal, so piped and JSON output never
carries it, and it disappears when the search ends.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from engine.cli import common
from engine.formats.budget import Budget


def help_for(default: float, what: str) -> str:
    """The help of a command's `--time-budget SECONDS` option (0 = none)."""
    return (
        f"Seconds {what} may take (default {default:g}; 0 = no limit). Past it the result found "
        "so far is shown, labelled partial; the exit code is what that result gives."
    )


@contextmanager
def budget(seconds: float) -> Iterator[Budget]:
    """A Budget of `seconds`, with a transient rich progress bar on stderr when it is a terminal."""
    if not common.err.is_terminal:
        yield Budget(seconds)
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=common.err,
        transient=True,
    ) as bar:
        task = bar.add_task("", total=None)

        def tell(done: int, total: int, what: str) -> None:
            bar.update(task, completed=done, total=total, description=what)

        yield Budget(seconds, progress=tell)


__all__ = ["budget", "help_for"]
