"""`casus memo`: a briefing note in Markdown for someone who will not run the tool."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from engine.cli import common
from engine.cli.app import app
from engine.cli.setup import scenarios, setup


@app.command()
def memo(
    files: Annotated[list[Path], typer.Argument(help="Scenario YAML files or directories.")],
    treaty: common.TreatyOption = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the memo to this file instead of printing it.")
    ] = None,
    reading: common.ReadingOption = None,
    rules: common.RulesOption = None,
    assume_unstated: common.AssumeUnstatedOption = common.Unstated.unknown,
) -> None:
    """Write a briefing memo per scenario: question, short answer, the law, application, open
    questions, what would change it, sources."""
    from engine.analyses.briefing import build_memo
    from engine.formats.errors import InputError
    from engine.formats.yamlsafe import read_text
    from engine.render.memo import memo_markdown

    opts = setup(rules, treaty, reading)
    result = common.Outcome()
    memos: list[str] = []
    for loaded in scenarios(files, opts.catalogue, result, assume_unstated):
        try:
            text = read_text(loaded.path)
            built = build_memo(loaded, text, opts.catalogue, treaties=opts.treaties, readings=opts.pinned)
        except InputError as exc:  # e.g. more unstated facts and readings than are judged
            result.report(exc)
            continue
        memos.append(memo_markdown(built))
    document = "\n".join(memos)
    if output is None:
        typer.echo(document, nl=False)
    elif memos:
        try:
            output.write_text(document, encoding="utf-8")
        except OSError as exc:
            common.fail(f"{output}: cannot write the memo ({exc.strerror}); choose another -o path")
        common.err.print(f"wrote {output} ({len(memos)} memo(s))", markup=False)
    raise typer.Exit(result.code())
