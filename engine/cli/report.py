"""`casus report`: one self-contained HTML page for one or many scenario files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from engine.cli import common
from engine.cli.app import EXIT_BAD_INPUT, app


@app.command()
def report(
    files: Annotated[list[Path], typer.Argument(help="Scenario YAML files or directories.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")] = Path("report.html"),
    title: Annotated[str, typer.Option("--title", help="The page's heading.")] = "casus report",
    whatif: Annotated[
        bool, typer.Option("--whatif/--no-whatif", help="Search one-field changes that flip a result (slower).")
    ] = True,
    rules: common.RulesOption = None,
) -> None:
    """Write verdicts, proof trees, practice, a map and membership timelines as one HTML file
    that opens offline (nothing is fetched from a network)."""
    from engine.formats.errors import InputError
    from engine.formats.yamlsafe import read_text
    from engine.law.catalogue import load_scenario
    from engine.render.html import report_html
    from engine.render.htmlsection import build

    catalogue = common.catalogue_with(rules)
    outcome = common.Outcome()
    paths = list(common.iter_files(files))
    if any(not p.exists() for p in files):
        outcome.bad_input = True
    if not paths:
        common.err.print("no scenario files given: name YAML files or a directory", style="red", markup=False)
        raise typer.Exit(EXIT_BAD_INPUT)
    sections: list[Any] = []
    anchors: set[str] = set()
    for path in _progress(paths):
        try:
            text = read_text(path)
            loaded = load_scenario(path, catalogue)
            anchor = _unique(loaded.scenario.id, anchors)
            sections.append(build(loaded, text, catalogue, anchor, str(path), whatifs=whatif))
        except InputError as exc:
            # Judging's own limits know the scenario, not its file: name the file.
            located = getattr(exc, "in_file", None)
            outcome.report(located(str(path)) if callable(located) else exc)
            continue
    if not sections:
        raise typer.Exit(EXIT_BAD_INPUT)
    page = report_html(sections, title)
    try:
        output.write_text(page, encoding="utf-8")
    except OSError as exc:
        common.err.print(f"{output}: cannot write the report ({exc.strerror}); choose another -o path", style="red")
        raise typer.Exit(EXIT_BAD_INPUT) from None
    common.err.print(f"wrote {output} ({len(sections)} scenario(s), {len(page.encode()) // 1024} KiB)", markup=False)
    raise typer.Exit(outcome.code())


def _unique(anchor: str, taken: set[str]) -> str:
    name, n = anchor, 2
    while name in taken:
        name, n = f"{anchor}-{n}", n + 1
    taken.add(name)
    return name


def _progress(paths: list[Path]) -> Iterator[Path]:
    """The files one by one, with a progress bar on a terminal when there are several."""
    if len(paths) < 2 or not common.err.is_terminal:
        yield from paths
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("casus report"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=common.err, transient=True) as progress:
        bar = progress.add_task("casus report", total=len(paths))
        for path in paths:
            yield path
            progress.advance(bar)
