"""Cost on valid-shaped input is bounded (issue 14, class 5): the costly searches stop at their
time budget with a result labelled partial, files within the limits are read and judged in
bounded time and memory, and the limits table says the bounds the code enforces.

Each file here is within every limit of engine.formats.limits: the bounds under test are time
and memory, not refusals (those are tests/test_hostile.py's).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

from engine.cli.main import app
from engine.formats import limits
from engine.formats import vocabulary as v
from engine.formats.budget import Budget

REPO = Path(__file__).resolve().parent.parent
KYRGYZ_TAJIK = REPO / "scenarios" / "csto" / "kyrgyz-tajik-2021.yaml"
TOY = REPO / "tests" / "hostile" / "inputs" / "toy-exponent-constants.yaml"
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# The event kinds (fifteen): 499 provisions spread over them keep each engine test's siblings
# under durable_rules' limits (engine.evaluators.durable_limits), so the engine accepts the file.
EVENT_KINDS = list(v.EVENT_KINDS)

runner = CliRunner()


def _casus(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    output = result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), output
    assert "Traceback" not in output
    return result.exit_code, result.stdout


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _events(source: Path, count: int, path: Path) -> Path:
    """`source` with its events repeated to `count` events (ids e0, e1, ...), written to `path`."""
    data = yaml.safe_load(source.read_text())
    events = data["events"]
    data["id"] = path.stem
    data["events"] = [{**events[i % len(events)], "id": f"e{i}"} for i in range(count)]
    for event in data["events"]:
        event.pop("provoked_by", None)  # the copies answer nothing earlier
    path.write_text(yaml.dump(data, Dumper=_NoAliases, sort_keys=False))
    return path


def _toy_head() -> str:
    """The toy rulebook's text up to its provisions (readings written as a person writes them)."""
    return TOY.read_text().split("provisions:\n", 1)[0] + "provisions:\n"


# -- time budgets -------------------------------------------------------------------------------


def test_a_budget_of_zero_is_never_spent_and_a_spent_one_says_how_far_it_got() -> None:
    assert not Budget(0, started=0.0).spent()
    spent = Budget(5, started=time.monotonic() - 6)
    assert spent.spent() and not spent.partial
    spent.stop("trying 3 of 9 single changes")
    spent.stop("a later step")  # the first stop is the one reported
    assert spent.note("whatif", "found so far") == (
        "whatif: stopped at the time budget of 5 s after trying 3 of 9 single changes; found so far"
    )
    assert spent.to_json() == {"partial": True, "time_budget": 5, "stopped_after": "trying 3 of 9 single changes"}


def test_whatif_on_the_largest_scenario_stops_at_its_budget_labelled_partial(tmp_path: Path) -> None:
    """Before: whatif on 50 copies of the Kyrgyz-Tajik events ran 72 s with no word of progress."""
    path = _events(KYRGYZ_TAJIK, limits.MAX_EVENTS, tmp_path / "kt-many.yaml")
    started = time.monotonic()
    code, text = _casus("whatif", "--time-budget", "2", str(path))
    took = time.monotonic() - started
    assert code == 0
    assert "whatif: stopped at the time budget of 2 s after trying " in text, text
    assert "the flips below are the smallest found so far" in text
    assert took < 2 + 15, took  # the budget, then at most the verification of the smallest flips

    code, out = _casus("whatif", "--time-budget", "2", "--format", "json", str(path))
    document = json.loads(out)
    assert document["partial"] is True and document["time_budget"] == 2
    assert document["stopped_after"].startswith("trying ")


def test_whatif_within_its_budget_is_not_labelled_partial() -> None:
    code, out = _casus("whatif", "--format", "json", str(KYRGYZ_TAJIK))
    document = json.loads(out)
    assert code == 0
    assert document["partial"] is False and document["stopped_after"] is None
    assert document["time_budget"] == limits.WHATIF_TIME_BUDGET


def test_check_stops_its_properties_at_the_budget_and_says_which_ran() -> None:
    code, out = _casus("check", "--time-budget", "0.5", "--format", "json", str(REPO / "rules" / "csto.yaml"))
    document = json.loads(out)
    assert code == 0, out  # nothing failed in what ran
    assert document["partial"] is True and document["time_budget"] == 0.5
    statuses = [p["status"] for p in document["properties"]]
    assert statuses[0] == "passed" or statuses[0] == "stopped"
    assert statuses[-1] == "stopped" and "failed" not in statuses
    assert document["partial_note"].startswith("check: stopped at the time budget of 0.5 s after ")

    code, text = _casus("check", "--time-budget", "0.5", str(REPO / "rules" / "csto.yaml"))
    assert "the properties after it were not run" in text
    assert "skip P16 mutated-rulebook (0 examples)" in text


def test_check_within_its_budget_runs_every_property() -> None:
    code, out = _casus("check", "--format", "json", str(REPO / "rules" / "anzus.yaml"))
    document = json.loads(out)
    assert code == 0, out
    assert document["partial"] is False and document["time_budget"] == limits.CHECK_TIME_BUDGET
    assert {p["status"] for p in document["properties"]} == {"passed"}


def test_sweep_stops_at_the_budget_and_ends_its_table_with_the_label(tmp_path: Path) -> None:
    path = _events(KYRGYZ_TAJIK, limits.MAX_EVENTS, tmp_path / "kt-many.yaml")
    dates = ",".join(f"{2000 + i // 12}-{i % 12 + 1:02d}-15" for i in range(240))
    kinds = ",".join(EVENT_KINDS)
    vary = ["--vary", f"date={dates}", "--vary", f"events.0.kind={kinds}", "--vary", f"events.1.kind={kinds}"]
    started = time.monotonic()
    code, out = _casus("sweep", str(path), *vary, "--time-budget", "1", "--format", "json")
    assert time.monotonic() - started < 1 + 10
    assert code == 0
    *rows, last = json.loads(out)
    assert last["partial"] is True and "index" not in last
    assert last["stopped_after"] == f"judging {len(rows):,} of {240 * 15 * 15:,} combinations"
    assert [r["index"] for r in rows] == list(range(len(rows)))  # the first rows, in order

    code, text = _casus("sweep", str(path), *vary, "--time-budget", "1")
    assert text.rstrip().splitlines()[-1].startswith("sweep: stopped at the time budget of 1 s after judging ")


# -- sizes within the limits read and judged in bounded time and memory ------------------------


def test_the_most_actors_allowed_validate_quickly(tmp_path: Path) -> None:
    """Before the actors limit: 20,000 actors took 17-22 s to validate."""
    data = yaml.safe_load(KYRGYZ_TAJIK.read_text())
    hypothetical = [f"X{a}{b}" for a in ALPHABET for b in ALPHABET]  # the user-assigned state codes
    data["actors"].update({code: {"kind": "state"} for code in hypothetical[: limits.MAX_ACTORS - len(data["actors"])]})
    path = tmp_path / "kyrgyz-tajik-2021.yaml"
    path.write_text(yaml.dump(data, Dumper=_NoAliases, sort_keys=False))
    started = time.monotonic()
    code, _ = _casus("validate", str(path))
    assert (code, time.monotonic() - started < 5) == (0, True)


def test_static_checks_of_a_rulebook_of_499_provisions_are_bounded(tmp_path: Path) -> None:
    """499 provisions the engine accepts: 15 event kinds x 34 latitudes, each a consultation.
    Each question of C001-C004 evaluated every provision: quadratic, 10.8 s here (the issue's
    file 69 s). Evaluating only the provisions the question can turn on: 1.0 s."""
    provision = (
        "  - id: TOY-{i}\n    title: Consultation on an act north of a latitude\n"
        '    cites: {{instrument: TOY-1990, article: "6"}}\n    summary: Generated.\n'
        "    when: {{all: [{{event_kind: {kind}}}, {{latitude: {{gt: {lat}}}}}]}}\n"
        "    concludes: {{outcome: consultation}}\n"
    )
    text = _toy_head() + "".join(
        provision.format(i=i, kind=EVENT_KINDS[i % len(EVENT_KINDS)], lat=-80 + (i // len(EVENT_KINDS)) * 4)
        for i in range(499)
    )
    path = tmp_path / "toy.yaml"
    path.write_text(text)
    started = time.monotonic()
    code, out = _casus("check", "--static-only", "--format", "json", str(path))
    assert time.monotonic() - started < 5
    assert code in (0, 1), out  # findings are allowed (no provision concludes collective_defence)


def test_ten_readings_on_the_most_events_allowed_are_judged_in_bounded_memory(tmp_path: Path) -> None:
    """A user rulebook with 10 readings every event can turn on, judged on MAX_EVENTS events:
    1,024 combinations an event. Before: 200 events took 1 GB; 50 events 357 MB."""
    reading = "  r{i}:\n    question: Question {i}?\n    yes: It counts.\n    no: It does not.\n"
    provision = (
        "  - id: TOY-5-R{i}\n    title: Collective defence on reading {i}\n"
        '    cites: {{instrument: TOY-1990, article: "5"}}\n    summary: Generated.\n'
        "    when: {{all: [{{protected: true}}, {{event_kind: armed_attack}}, {{reading.r{i}: yes}}]}}\n"
        "    concludes: {{outcome: collective_defence}}\n"
    )
    head, rest = TOY.read_text().split("readings:\n", 1)
    protected = "  - id: TOY-PROTECTED" + rest.split("  - id: TOY-PROTECTED", 1)[1].split("  - id: TOY-4", 1)[0]
    rules = tmp_path / "many-readings.yaml"
    rules.write_text(
        head.replace("id: TOY", "id: MANY", 1)
        + "readings:\n"
        + "".join(reading.format(i=i) for i in range(10))
        + "provisions:\n"
        + protected
        + "".join(provision.format(i=i) for i in range(10))
    )
    scenario = yaml.safe_load((REPO / "tests" / "hostile" / "inputs" / "markup-link.yaml").read_text())
    scenario.update(id="many", title="An attack on France", actors={"FRA": {"kind": "state"}, "RUS": {"kind": "state"}})
    event = {
        **scenario["events"][0],
        "by": "RUS",
        "against": "FRA",
        "where": {"territory_of": "FRA", "region": "europe"},
    }
    scenario["events"] = [{**event, "id": f"e{i}"} for i in range(limits.MAX_EVENTS)]
    path = tmp_path / "many.yaml"
    path.write_text(yaml.dump(scenario, Dumper=_NoAliases, sort_keys=False))
    probe = (
        "import resource, sys\n"
        "from engine.cli.main import main\n"
        "sys.argv = ['casus', 'run', '--engine', 'python', '--rules', sys.argv[1], '--treaty', 'MANY', "
        "'--format', 'json', sys.argv[2]]\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
        "print('RSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, code, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(rules), str(path)], capture_output=True, text=True, cwd=REPO, timeout=120
    )
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("RSS "), done.stderr
    _, rss_kb, code = last.split()
    assert code in ("0", "None"), done.stderr
    statuses = {r["outcome"]: r["status"] for r in json.loads(done.stdout)["results"]}
    assert statuses["collective_defence"] == "contested"
    assert int(rss_kb) < 600_000, f"{int(rss_kb) // 1024} MB"


# -- the limits table --------------------------------------------------------------------------


def test_the_combination_bound_and_the_budgets_are_in_the_limits_table() -> None:
    from engine.analyses import whatif
    from engine.law import cases

    assert cases.MAX_COMBINATIONS == limits.MAX_EVENT_COMBINATIONS
    table = limits.markdown_table()
    assert f"| open readings x unstated answers per event | {limits.MAX_EVENT_COMBINATIONS:,} |" in table
    assert f"| time of `whatif` per file | {limits.WHATIF_TIME_BUDGET:g} s (--time-budget) |" in table
    assert f"| time of `sweep` | {limits.SWEEP_TIME_BUDGET:g} s (--time-budget) |" in table
    assert f"| time of `check`'s properties per rulebook | {limits.CHECK_TIME_BUDGET:g} s (--time-budget) |" in table
    assert "budget" in (whatif.__doc__ or "").lower()
    printed = subprocess.run(
        [sys.executable, "-m", "engine.formats.limits"], capture_output=True, text=True, cwd=REPO, check=True
    ).stdout
    assert printed == table
