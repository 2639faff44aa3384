"""`casus check`: static checks and hypothesis properties of rulebooks, ours or a user's."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from engine.cli import budgets, common
from engine.cli.app import EXIT_BAD_INPUT, app
from engine.formats.limits import CHECK_TIME_BUDGET

# Examples per sampled property in the default run: about 4 s for the largest shipped
# rulebook on a 2-core machine (docs/checks.md). Hypothesis is imported only when a
# check runs, so that every other command starts without it.
DEFAULT_EXAMPLES = 50


class CheckFormat(StrEnum):
    text = "text"
    json = "json"


@app.command()
def check(
    rulebooks: Annotated[
        list[Path] | None, typer.Argument(help="Rulebook YAML files (default: every shipped rulebook).")
    ] = None,
    examples: Annotated[
        int,
        typer.Option(
            "--examples",
            "-n",
            min=1,
            help="Examples per sampled property (the costliest properties take a share of it). "
            "The default run is quick and reproducible; a deeper one (e.g. -n 1000) is how rare failures are found.",
        ),
    ] = DEFAULT_EXAMPLES,
    fmt: Annotated[
        CheckFormat, typer.Option("--format", "-f", help="text for people, json for programs.")
    ] = CheckFormat.text,
    static_only: Annotated[bool, typer.Option("--static-only", help="Run the static checks only.")] = False,
    time_budget: Annotated[
        float,
        typer.Option(
            "--time-budget", min=0, help=budgets.help_for(CHECK_TIME_BUDGET, "the properties of each rulebook")
        ),
    ] = CHECK_TIME_BUDGET,
) -> None:
    """Check rulebooks for consistency: can every provision fire, every outcome be reached and
    avoided, does an exception get bypassed, is anything undefined or cyclic; then property-test
    them on generated scenarios (the same ones on every run). Exit 1 on any failure (with a
    shrunk counterexample), 2 on a bad file."""
    from engine.checks.properties import PROPERTIES, Context, run
    from engine.checks.registry import REGISTRY, check_file
    from engine.formats.errors import InputError
    from engine.formats.paths import rules_dir

    paths = rulebooks or sorted(rules_dir().glob("*.yaml"))
    if not static_only:
        common.require_engine(" (the property checks compare both evaluators; --static-only needs no engine)")
    bad = failed = False
    documents: list[dict[str, Any]] = []
    for path in paths:
        try:
            if rulebooks:  # the user's files (the shipped ones are kept within the limits by tests/test_limits.py)
                common.refuse_what_the_engine_cannot_run(path)  # a durable_rules refusal, said as validate says it
            report = check_file(path)
        except InputError as exc:
            bad = True
            for p in exc.problems:
                common.err.print(str(p), style="red", markup=False)
            continue
        doc: dict[str, Any] = {"file": str(path), "treaty": report.treaty, "checks": [], "properties": []}
        for cid in sorted(REGISTRY):
            chk = REGISTRY[cid]
            entry: dict[str, Any] = {"id": cid, "name": chk.name, "summary": chk.summary}
            if cid in report.skipped:
                entry.update(status="skipped", reason=report.skipped[cid])
            else:
                findings = report.results.get(cid, [])
                entry.update(status="failed" if findings else "passed", findings=[f.to_json() for f in findings])
            doc["checks"].append(entry)
        failed = failed or report.failed
        if not static_only:
            if report.compiled is None:
                doc["properties_skipped"] = "the rulebook does not compile"
            else:
                ctx = Context(report.compiled)
                with budgets.budget(time_budget) as budget:
                    props = list(PROPERTIES.values())
                    for number, prop in enumerate(props):
                        budget.tell(number, len(props), f"{report.treaty}: {prop.id} {prop.name}")
                        outcome = run(prop, ctx, examples, budget=budget)
                        failed = failed or outcome.status == "failed"
                        doc["properties"].append(outcome.to_json())
                doc["examples"] = examples
                doc.update(budget.to_json())
                if budget.partial:
                    doc["partial_note"] = budget.note("check", "the properties after it were not run")
        documents.append(doc)
        if fmt is CheckFormat.text:
            _print_text(doc)
    if fmt is CheckFormat.json:
        common.out.print(json.dumps(documents if len(documents) != 1 else documents[0], indent=2), markup=False)
    if bad:
        raise typer.Exit(EXIT_BAD_INPUT)
    raise typer.Exit(1 if failed else 0)


def _print_text(doc: dict[str, Any]) -> None:
    out = common.out
    out.print(f"{doc['file']} ({doc['treaty']})", markup=False)
    for entry in doc["checks"]:
        mark = {"passed": "ok  ", "failed": "FAIL", "skipped": "skip"}[entry["status"]]
        out.print(f"  {mark} {entry['id']} {entry['name']}: {entry['summary']}", markup=False)
        if entry["status"] == "skipped":
            out.print(f"         {entry['reason']}", markup=False)
        for f in entry.get("findings", []):
            where = f":{f['line']}" if "line" in f else ""
            out.print(f"       {doc['file']}{where}: {f['message']}", markup=False)
            if "facts" in f:
                facts = ", ".join(f"{k}={v}" for k, v in f["facts"].items())
                out.print(f"         e.g. on the facts {facts}", markup=False)
    if "properties_skipped" in doc:
        out.print(f"  properties skipped: {doc['properties_skipped']}", markup=False)
    if doc.get("partial_note"):  # before the properties, so that no reader takes them as the whole run
        out.print(f"  {doc['partial_note']}", style="yellow", markup=False)
    for entry in doc["properties"]:
        _print_property(entry)
    if doc["properties"]:
        out.print(
            f"  {len(doc['properties'])} properties, --examples {doc['examples']} (the same examples every run;"
            " a larger --examples searches deeper)",
            markup=False,
        )


def _print_property(entry: dict[str, Any]) -> None:
    out = common.out
    mark = {"passed": "ok  ", "failed": "FAIL", "stopped": "part" if entry["examples"] else "skip"}[entry["status"]]
    out.print(f"  {mark} {entry['id']} {entry['name']} ({entry['examples']} examples)", markup=False)
    if entry["status"] in ("failed", "stopped") and entry.get("message"):
        out.print("         " + entry["message"].replace("\n", "\n         "), markup=False)
    if entry.get("counterexample"):
        out.print("         minimal failing input:", markup=False)
        out.print("           " + entry["counterexample"].rstrip().replace("\n", "\n           "), markup=False)
