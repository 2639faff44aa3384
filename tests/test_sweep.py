"""casus sweep: every row equals loading and judging the edited file, whatever --jobs is, and
a misspelt --vary field or value is one error before anything runs."""

from __future__ import annotations

import copy
import csv
import io
import itertools
import json
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from engine.analyses import sweep
from engine.analyses.readingtree import outcome_masks
from engine.cli.main import app
from engine.evaluators.bench import workload
from engine.evaluators.python import CaseResult, PythonEvaluator, evaluate_case
from engine.formats import vocabulary as v
from engine.formats.errors import InputError
from engine.formats.yamlsafe import Located, load_yaml, read_text
from engine.law.catalogue import Catalogue, load_scenario, scenario_from, shipped
from engine.law.compiler import CompiledRulebook
from engine.law.facts import READING_PREFIX, Case, reading_combinations
from engine.verdict.judging import judge

KT = "scenarios/csto/kyrgyz-tajik-2021.yaml"
VARY = [
    "events.0.kind=invasion,border_clash,cyber_attack",
    "events.0.where.status=disputed,undisputed",
    "date=2021-04-29,2010-01-01",
    "readings.CSTO.undelimited_border=yes,no",
]
# Shipped files with one to three events, state and non-state attackers, requests, a treaty list, one to four treaties.
SHIPPED = [
    KT,
    "scenarios/csto/kazakhstan-2022.yaml",
    "scenarios/csto/batken-2022.yaml",
    "scenarios/nato/nato-greece-turkey-1974.yaml",
    "scenarios/nato/nato-september-11-2001.yaml",
    "scenarios/hypothetical/usj-okinawa-1970.yaml",
]
MAX_COMBINATIONS = 8  # per example: each is judged again the slow way, with explanations
runner = CliRunner()


def _args(*extra: str) -> list[str]:
    out = ["sweep", KT, "--format", "csv", "--engine", "python", *extra]
    for option in VARY:
        out += ["--vary", option]
    return out


def _fresh(file: str, options: Sequence[str], treaties: Sequence[str] = (), engine: str = "python") -> sweep.Context:
    sweep._CTX = None  # setup keeps one context per process; the tests want their own
    return sweep.setup(file, [], engine, list(options), list(treaties))


# --- every row is what the normal load-and-judge path says of the edited file ---


def _edit(data: dict[str, Any], field: str, value: Any) -> None:
    """Set one field in plain YAML data, as a user editing the file would."""
    if field.startswith("readings."):
        data.setdefault("readings", {})[field.removeprefix("readings.")] = value
        return
    keys: list[Any] = [int(k) if k.isdigit() else k for k in field.split(".")]
    node: Any = data
    for key in keys[:-1]:
        node = node[key] if isinstance(node, list) else node.setdefault(key, {})
    node[keys[-1]] = value


def _normal_path(
    located: Located, edits: dict[str, Any], catalogue: Catalogue, treaties: Sequence[str], columns: Sequence[Any]
) -> tuple[tuple[str, ...], tuple[str, ...], str | None]:
    data = copy.deepcopy(located.data)
    for field, value in edits.items():
        _edit(data, field, value)
    edited = Located(located.file, data, located.positions, located.key_positions)
    try:
        loaded = scenario_from(edited, catalogue, Path(located.file))
    except InputError as exc:
        return ("invalid",) * len(columns), (), "; ".join(str(p) for p in exc.problems)
    verdict = judge(loaded.scenario, catalogue, PythonEvaluator(), treaties=treaties)
    cells = {(r.treaty, r.outcome): r.status for r in verdict.results}
    also = tuple(sorted({r.treaty for r in verdict.results} - {t for t, _ in columns}))
    return tuple(cells.get(col, "-") for col in columns), also, None


def _choices(data: dict[str, Any], catalogue: Catalogue) -> dict[str, dict[str, list[tuple[str, Any]]]]:
    """Fields to vary in one file by kind of field, each with values as (command-line text, the
    value a YAML file holds). Some values make the file invalid alone (a date out of range, a
    latitude past 90, a day that does not exist), some with others (an undeclared actor, a
    non-state victim, a duplicate id); some dates, actor kinds and treaty lists make a treaty
    apply or stop applying."""

    def words(ws: Sequence[str]) -> list[tuple[str, Any]]:
        return [(w, w) for w in ws]

    actors = list(data["actors"])
    ids = [e["id"] for e in data["events"]]
    yes_no = [("true", True), ("false", False)]
    dates = ["2021-04-29", "1995-06-01", "1940-01-01", "1800-01-01", "2024-02-29", "2003-02-30"]
    top: dict[str, list[tuple[str, Any]]] = {
        "date": words(dates),
        "unsc_authorisation": yes_no,
        "title": words(["one", "two"]),
    }
    for i in range(len(data.get("treaties") or [])):
        top[f"treaties.{i}"] = words([*catalogue, "NAT0"])
    for i in range(len(data.get("requests") or [])):
        top[f"requests.{i}.asks"] = words(v.REQUEST_KINDS)
        top[f"requests.{i}.by"] = words(actors)
        top[f"requests.{i}.treaty"] = words(list(catalogue))
    events: dict[str, list[tuple[str, Any]]] = {}
    for i in range(len(data["events"])):
        at = f"events.{i}."
        events |= {
            at + "kind": words(v.EVENT_KINDS),
            at + "target": words(v.TARGETS),
            at + "attribution": words(v.ATTRIBUTIONS),
            at + "effects": words(v.EFFECTS),
            at + "foreign_backing": words(v.FOREIGN_BACKING),
            at + "where.status": words(v.LOCATION_STATUSES),
            at + "where.region": words(["europe", "central_asia", "north_atlantic", "pacific"]),
            at + "where.latitude": [("10", 10), ("55.5", 55.5), ("95", 95), ("null", None)],
            at + "where.territory_of": [*words(actors), ("null", None)],
            at + "where.administered_by": [*words(actors), ("null", None)],
            at + "in_self_defence": yes_no,
            at + "by": words([*actors, "unknown", "FRA"]),
            at + "against": words([*actors, "FRA"]),
            at + "id": words([*ids, "another-event"]),
            at + "date": words(["2001-01-01", "2022-13-01"]),
        }
    kinds = {f"actors.{actor}.kind": words(["state", "non_state"]) for actor in actors}
    readings = {
        f"readings.{treaty}.{reading}": words(["yes", "no"])
        for treaty, names in catalogue.vocabulary().items()
        for reading in names
    }
    return {"top": top, "events": events, "actors": kinds, "readings": readings}


@given(st.data())
def test_every_row_equals_loading_and_judging_the_edited_file(data: st.DataObject) -> None:
    catalogue = shipped()
    file = data.draw(st.sampled_from(SHIPPED), label="file")
    located = load_yaml(read_text(Path(file)), file)
    choices = _choices(located.data, catalogue)
    field = st.sampled_from(sorted(choices)).flatmap(lambda kind: st.sampled_from(sorted(choices[kind])))
    fields = data.draw(st.lists(field, min_size=1, max_size=4, unique=True), label="fields")
    values = {name: pairs for kind in choices.values() for name, pairs in kind.items()}
    picked: list[list[tuple[str, Any]]] = []
    room = MAX_COMBINATIONS
    for name in fields:
        most = max(1, min(3, room))
        picked.append(data.draw(st.lists(st.sampled_from(values[name]), min_size=1, max_size=most, unique=True)))
        room //= len(picked[-1])
    treaties = data.draw(st.sampled_from([[], ["NATO"], ["CSTO", "EU"]]), label="treaties")
    options = [f"{name}={','.join(text for text, _ in pairs)}" for name, pairs in zip(fields, picked, strict=True)]
    ctx = _fresh(file, options, treaties)
    base = judge(load_scenario(Path(file), catalogue).scenario, catalogue, PythonEvaluator(), treaties=treaties)
    assert ctx.columns == tuple((r.treaty, r.outcome) for r in base.results)
    rows = list(sweep.rows(ctx, (file, [], "python", options, treaties)))
    combos = list(itertools.product(*([value for _, value in pairs] for pairs in picked)))
    assert [r.index for r in rows] == list(range(len(combos)))
    for row, combo in zip(rows, combos, strict=True):
        assert row.values == combo
        expected = _normal_path(located, dict(zip(fields, combo, strict=True)), catalogue, treaties, ctx.columns)
        assert (row.statuses, row.also, row.error) == expected, (options, combo)


def test_rows_equal_one_by_one_runs_of_edited_files(tmp_path: Path) -> None:
    """The same through files written to disk and loaded by path, as `casus run` would."""
    from ruamel.yaml import YAML

    ctx = _fresh(KT, VARY)
    rows = list(sweep.rows(ctx, (KT, [], "python", VARY, [])))
    assert len(rows) == 24
    base = YAML(typ="safe", pure=True).load(Path(KT).read_text())
    catalogue = shipped()
    for row in rows:
        data = sweep.with_values(base, ctx.varies, row.values)
        data["date"] = str(data["date"])
        path = tmp_path / f"v{row.index}.yaml"
        with path.open("w") as f:
            YAML().dump(data, f)
        verdict = judge(load_scenario(path, catalogue).scenario, catalogue, PythonEvaluator())
        assert tuple(verdict.status(t, o) for t, o in ctx.columns) == row.statuses, row


def test_reading_tree_agrees_with_every_reading_combination() -> None:
    book = shipped()["CSTO"]
    rng = random.Random(5)
    for cases in workload(book, 300, seed=11):
        facts = {k: x for k, x in cases[0].facts.items() if not k.startswith(READING_PREFIX)}
        readings = sorted(book.rulebook.readings)
        free = rng.sample(readings, rng.randint(0, len(readings)))
        for name in readings:
            if name not in free:
                facts[READING_PREFIX + name] = rng.random() < 0.5
        masks = outcome_masks(book, facts, free)
        combos = reading_combinations(free)
        assert masks[0] == (1 << len(combos)) - 1
        for c, combo in enumerate(combos):
            result = evaluate_case(book, Case("k", "e", combo, {**facts, **{READING_PREFIX + r: x for r, x in combo}}))
            concluded = result.concluded(book)
            for o, mask in zip(book.rulebook.outcomes, masks[1:], strict=True):
                assert bool(mask >> c & 1) == (f"outcome.{o}" in concluded), (o, combo)


class _CountingEvaluator:
    """Any engine other than the Python one: gets whole batches of cases, and counts them."""

    name = "counting"

    def __init__(self) -> None:
        self.calls = 0

    def run(self, book: CompiledRulebook, cases: Sequence[Case]) -> list[CaseResult]:
        self.calls += 1
        return PythonEvaluator().run(book, cases)


def test_each_distinct_event_is_evaluated_once() -> None:
    options = ["events.0.kind=invasion,border_clash,sabotage", "events.1.kind=invasion,insurgency", "title=a,b,c"]
    ctx = _fresh(KT, options)
    counting = _CountingEvaluator()
    ctx.judge.evaluator = counting
    rows = [ctx.judge.row(i, values) for i, values in sweep.combinations(ctx.varies)]
    assert len(rows) == 18
    assert counting.calls == 3 + 2  # one batch of reading combinations per distinct event
    reference = [ctx.judge.row(i, values) for i, values in sweep.combinations(ctx.varies)]
    python = list(sweep.rows(_fresh(KT, options), (KT, [], "python", options, [])))
    assert rows == reference == python


def test_combination_order_is_the_product_order_and_samples_decode_to_it() -> None:
    ctx = _fresh(KT, VARY)
    everything = list(sweep.combinations(ctx.varies))
    assert [values for _, values in everything] == list(itertools.product(*(v.values for v in ctx.varies)))
    sample = list(sweep.combinations(ctx.varies, sample=7, seed=2))
    assert [i for i, _ in sample] == sorted(i for i, _ in sample) and len(sample) == 7
    assert all(everything[i] == (i, values) for i, values in sample)


# --- the command ---


def test_jobs_1_and_2_identical() -> None:
    one = runner.invoke(app, _args("--jobs", "1"))
    two = runner.invoke(app, _args("--jobs", "2"))
    assert one.exit_code == two.exit_code == 0, one.stderr
    assert one.stdout == two.stdout
    table = list(csv.reader(io.StringIO(one.stdout)))
    assert table[0][:4] == [option.split("=")[0] for option in VARY] and len(table) == 25


def test_sample_is_seeded_and_in_product_order() -> None:
    a = runner.invoke(app, _args("--sample", "5", "--seed", "3"))
    b = runner.invoke(app, _args("--sample", "5", "--seed", "3"))
    assert a.stdout == b.stdout and len(a.stdout.splitlines()) == 6


def test_invalid_combination_reported_with_its_combination_as_the_loader_words_it() -> None:
    result = runner.invoke(
        app, ["sweep", KT, "--engine", "python", "--vary", "date=2021-04-29,1800-01-01", "--format", "json"]
    )
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    rows = json.loads(result.stdout)
    assert "error" not in rows[0] and set(rows[1]["results"].values()) == {"invalid"}
    assert rows[1]["error"] == f"{KT}:3:7: date: 1800-01-01 is outside 1816-2200; is the year a typo?"
    assert f"date=1800-01-01: {KT}:3:7: date: 1800-01-01 is outside 1816-2200" in result.stderr


def test_cross_field_problem_is_an_invalid_row() -> None:
    result = runner.invoke(app, ["sweep", KT, "--vary", "events.0.by=TJK,KGZ", "--format", "csv"])
    assert result.exit_code == 2
    table = list(csv.reader(io.StringIO(result.stdout)))
    assert table[1][-1] == "" and table[2][1] == "invalid"
    assert table[2][-1].endswith("an event's `by` and `against` are the same actor")


@pytest.mark.parametrize(
    ("option", "hint"),
    [
        (
            "events.0.kind=invasion,cyberattack",
            "--vary events.0.kind=cyberattack: not a valid events.0.kind; did you mean cyber_attack?",
        ),
        ("events.0.kindd=invasion", "--vary events.0.kindd: no such field in this file; did you mean events.0.kind?"),
        ("events.9.kind=invasion", "--vary events.9.kind: no such field in this file; did you mean events.1.kind?"),
        ("readings.CSTO.intra_member_defense=yes", "did you mean readings.CSTO.intra_member_defence?"),
        (
            "readings.CSTO.intra_member_defence=yes,maybe",
            "--vary readings.CSTO.intra_member_defence=maybe: not a valid",
        ),
        ("events.1.where.status=disputed,undisputd", "did you mean undisputed?"),
        ("unsc_authorisation=true,perhaps", "it takes true, false"),
        ("events.0.where=x", "--vary events.0.where: this is a group of fields, not one value; vary one of"),
        ("title.x=1", "--vary title.x: no such field in this file; did you mean title?"),
        ("nothing", "--vary 'nothing': write FIELD=V1,V2,..."),
    ],
)
def test_unusable_vary_option_is_one_error_before_any_combination(option: str, hint: str) -> None:
    others = ["--vary", "date=2021-04-29,2010-01-01,2000-01-01", "--vary", "events.1.effects=none,casualties"]
    result = runner.invoke(
        app, ["sweep", KT, *others, "--vary", option, "--vary", "readings.CSTO.undelimited_border=yes,no"]
    )
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and hint in lines[0], result.stderr
    assert result.stdout == ""


def test_a_field_varied_twice_is_bad_input() -> None:
    result = runner.invoke(app, ["sweep", KT, "--vary", "date=2021-04-29", "--vary", "date=2010-01-01"])
    assert result.exit_code == 2 and "given twice" in result.stderr


def test_durable_engine_gives_the_same_rows() -> None:
    python = runner.invoke(app, _args())
    durable = runner.invoke(app, [*_args(), "--engine", "durable"])
    assert python.stdout == durable.stdout


def test_bench_measure_is_a_rate_of_real_rows() -> None:
    from engine.analyses.sweepbench import SweepBench, measure

    tiny = SweepBench(file=KT, options=tuple(VARY))
    result = measure(tiny)
    assert result.combinations == 24 and result.per_second > 0
