"""`casus validate`: check scenario files (and rulebooks) without judging them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from engine.cli import common
from engine.cli.app import app
from engine.formats.errors import InputError, Problem

if TYPE_CHECKING:
    from engine.formats.yamlsafe import Located


@app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(help="Scenario or rulebook YAML files, or directories.")],
    rules: common.RulesOption = None,
) -> None:
    """Report every problem in each file as file:line:column: message; exit 2 if any.

    Scenario ids must be unique across the files given; a scenario whose id is not its file
    name gets a warning (exit 0 if nothing else is wrong).
    """
    catalogue = common.catalogue_with(rules)
    outcome = common.Outcome()
    if any(not p.exists() for p in files):
        outcome.bad_input = True
    ids = _BatchIds()
    count = 0
    for path in common.iter_files(files):
        count += 1
        problems = _file_problems(path, catalogue, ids)
        for warning in (p for p in problems if p.severity == "warning"):
            common.err.print(str(warning), style="yellow", markup=False)
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            outcome.report(InputError(errors))
        else:
            common.out.print(f"ok   {path}", markup=False)
    if count == 0:
        outcome.bad_input = True  # nothing was validated: never an "ok" exit
    if outcome.bad_input:
        common.err.print(f"{count} file(s) checked; problems found", markup=False)
    raise typer.Exit(outcome.code())


def _file_problems(path: Path, catalogue: Any, ids: _BatchIds) -> list[Problem]:
    """Every problem of one file, warnings included, in line order."""
    from engine.formats.modelcheck import validate
    from engine.formats.rulebook import ReadingLibrary
    from engine.formats.scenario import file_name_warnings, region_warnings
    from engine.formats.yamlsafe import load_yaml, read_text
    from engine.law.catalogue import rulebook_from, scenario_from

    try:
        located = load_yaml(read_text(path), str(path))
        if isinstance(located.data, dict) and "provisions" in located.data:
            return common.engine_problems(path, rulebook_from(located))
        if isinstance(located.data, dict) and set(located.data) == {"readings"}:
            validate(ReadingLibrary, located)  # the shared readings library
            return []
    except InputError as exc:
        return exc.problems
    try:
        scenario_from(located, catalogue, path)
        problems = []
    except InputError as exc:
        problems = list(exc.problems)
    problems += ids.claim(located, path)
    problems += file_name_warnings(located, path)
    problems += region_warnings(located)
    return sorted(problems, key=Problem.sort_key)


@dataclass
class _BatchIds:
    """Scenario ids seen so far in this batch: an id names one case, in one file."""

    seen: dict[str, tuple[Path, Problem]] = field(default_factory=dict)

    def claim(self, located: Located, path: Path) -> list[Problem]:
        from engine.formats.scenario import scenario_id

        scenario = scenario_id(located)
        if scenario is None:
            return []
        here = located.problem(("id",), "")
        first = self.seen.setdefault(scenario, (path.resolve(), here))
        if first[0] == path.resolve():
            return []  # the same file given twice (a directory and a file in it) is one case
        there = first[1]
        message = (
            f"scenario id {scenario!r} is also the id of {there.file}:{there.line}:{there.column}; "
            "ids must be unique: rename one of them (and its file)"
        )
        return [located.problem(("id",), message)]
