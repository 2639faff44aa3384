"""`casus whatif`: the smallest changes to a scenario file that flip each outcome."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Annotated

import typer

from engine.cli import budgets, common
from engine.cli.app import app
from engine.cli.explain import OutcomeOption, check_outcomes
from engine.cli.setup import scenarios, setup
from engine.formats.limits import WHATIF_TIME_BUDGET

FOUND_SO_FAR = "the flips below are the smallest found so far"


@app.command()
def whatif(
    files: Annotated[list[Path], typer.Argument(help="Scenario YAML files or directories.")],
    treaty: common.TreatyOption = None,
    outcome: OutcomeOption = None,
    max_changes: Annotated[
        int, typer.Option("--max-changes", "-n", min=1, max=3, help="Most fields changed at once (default 2).")
    ] = 2,
    limit: Annotated[int, typer.Option("--limit", min=1, max=50, help="Counterfactuals shown per outcome.")] = 5,
    format: Annotated[
        common.Format, typer.Option("--format", "-f", help="text, markdown or json.")
    ] = common.Format.text,
    reading: common.ReadingOption = None,
    rules: common.RulesOption = None,
    assume_unstated: common.AssumeUnstatedOption = common.Unstated.unknown,
    time_budget: Annotated[
        float,
        typer.Option("--time-budget", min=0, help=budgets.help_for(WHATIF_TIME_BUDGET, "the search of each file")),
    ] = WHATIF_TIME_BUDGET,
) -> None:
    """Search the scenario's fields and date for the fewest changes that flip each outcome's status."""
    from rich.syntax import Syntax

    from engine.analyses.whatif import NOT_APPLICABLE
    from engine.analyses.whatif import whatif as search
    from engine.evaluators.python import PythonEvaluator
    from engine.formats.errors import InputError
    from engine.formats.yamlsafe import read_text
    from engine.law.cases import CombinationLimitError
    from engine.verdict.judging import judge

    opts = setup(rules, treaty, reading)
    catalogue, treaties, pinned = opts.catalogue, opts.treaties, opts.pinned
    outcomes = check_outcomes(outcome)
    result = common.Outcome()
    documents: list[dict[str, object]] = []
    for loaded in scenarios(files, catalogue, result, assume_unstated):
        try:
            text = read_text(loaded.path)
        except InputError as exc:
            result.report(exc)
            continue
        try:
            verdict = judge(loaded.scenario, catalogue, PythonEvaluator(), treaties=treaties, readings=pinned)
        except CombinationLimitError as exc:  # more unstated facts and readings than are judged
            result.report(exc.in_file(str(loaded.path)))
            continue
        with budgets.budget(time_budget) as budget:
            found = search(
                loaded,
                text,
                catalogue,
                treaties=treaties,
                outcomes=outcomes,
                readings=pinned,
                max_changes=max_changes,
                shown=limit,
                budget=budget,
            )
        # The treaties that do not apply on the date (listed by the verdict) are searched too:
        # the change that makes one apply is its flip.
        rows = [(r.treaty, r.outcome, r.status) for r in verdict.results] + [
            (n.treaty, o, NOT_APPLICABLE) for n in verdict.absent.listed for o in catalogue[n.treaty].rulebook.outcomes
        ]
        wanted = [(t, o, s) for t, o, s in rows if not outcomes or o in outcomes]
        if format is common.Format.json:
            documents.append(
                {
                    "scenario": loaded.scenario.id,
                    "date": loaded.scenario.date.isoformat(),
                    **budget.to_json(),
                    "results": [
                        {
                            "treaty": t,
                            "outcome": o,
                            "status": s,
                            "counterfactuals": [cf.to_json() for cf in found if (cf.treaty, cf.outcome) == (t, o)],
                        }
                        for t, o, s in wanted
                    ],
                }
            )
            continue
        md = format is common.Format.markdown
        # As text, every line wraps at the console width (the terminal's, --width, or no limit
        # off a terminal); Markdown is never wrapped, where a broken heading or diff line would
        # change what it says.
        say = functools.partial(common.out.print, markup=False, soft_wrap=md)
        say(f"{'## ' if md else ''}{loaded.scenario.id} (law read at {loaded.scenario.date})")
        if budget.partial:  # said before the results, so that no reader takes them as the whole search
            say(("\n> " if md else "") + budget.note("whatif", FOUND_SO_FAR), style="" if md else "yellow")
        for t, o, s in wanted:
            mine = [cf for cf in found if (cf.treaty, cf.outcome) == (t, o)]
            words = f"{t} {o.replace('_', ' ')}: {s.replace('_', ' ')}"
            say(f"\n{'### ' if md else ''}{words}", style="" if md else "bold")
            if not mine:
                searched = "in the part searched, no" if budget.partial else "no"
                say(f"{searched} change of at most {max_changes} field(s) flips it")
            for i, cf in enumerate(mine, 1):
                say(f"\n{i}. {cf.reason}")
                if cf.alternatives:
                    say("   (the same holds if " + "; or if ".join(cf.alternatives) + ")")
                if md:
                    say(f"\n```diff\n{cf.diff}```")
                else:
                    # word_wrap: a long line of the file wraps rather than being cropped at the edge.
                    diff = Syntax(cf.diff, "diff", theme="ansi_dark", background_color="default", word_wrap=True)
                    common.out.print(diff, soft_wrap=False)
        common.out.print()
    if format is common.Format.json:
        payload = documents[0] if len(documents) == 1 else documents
        common.echo_json(payload)
    raise typer.Exit(result.code())
