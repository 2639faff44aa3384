"""Hostile and odd inputs get a clean answer: a verdict, or located messages and exit 2; never a
traceback, a hang, unbounded memory, a terminal escape, or a process left behind (issue 14).

The corpus is tests/hostile/inputs/ with its table tests/hostile/cases.yaml; inputs git cannot
hold (FIFOs, devices, link loops, files of 20,000 actors) are made here. Open-ended classes
are property tests: generated floats through the durable adapter, generated strings through
every renderer.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.control import strip_control_codes
from typer.testing import CliRunner

from engine.analyses import batch
from engine.cli.main import app
from engine.formats import limits
from engine.formats.printable import printable

HOSTILE = Path(__file__).parent / "hostile"
INPUTS = HOSTILE / "inputs"
CASES: list[dict[str, Any]] = yaml.safe_load((HOSTILE / "cases.yaml").read_text())
REPO = Path(__file__).resolve().parent.parent
CASUS = [sys.executable, "-m", "engine.cli.main"]

# What no output may carry raw: C0 controls but tab/newline, DEL, C1, bidi controls.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")

runner = CliRunner()


def casus(*args: str) -> Any:
    result = runner.invoke(app, list(args))
    output = result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), output
    assert "Traceback" not in output
    return result, output


def _case_id(case: dict[str, Any]) -> str:
    return f"class{case['class']}-" + "-".join(Path(a).stem for a in case["args"] if "{in}" in a)


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_corpus_input_gets_its_answer(case: dict[str, Any]) -> None:
    args = [a.replace("{in}", str(INPUTS)) for a in case["args"]]
    result, output = casus(*args)
    assert result.exit_code == case["exit"], output
    assert case["says"] in output
    if "never" in case:
        assert case["never"] not in output
    assert not RAW_CONTROL.search(output), repr(output)


def test_every_corpus_file_is_in_the_table() -> None:
    used = {Path(a).name for c in CASES for a in c["args"] if "{in}" in a}
    assert used == {p.name for p in INPUTS.iterdir()}


# -- class 4 and 7: files that are not small regular UTF-8 text ---------------------------------


def _special(tmp_path: Path, kind: str) -> Path:
    base = (INPUTS / "markup-link.yaml").read_bytes()
    path = tmp_path / f"{kind}.yaml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "zero-link":
        path.symlink_to("/dev/zero")
    elif kind == "link-loop":
        path.symlink_to(tmp_path / "other.yaml")
        (tmp_path / "other.yaml").symlink_to(path)
    elif kind == "utf16-bom":
        path.write_bytes(base.decode().encode("utf-16"))
    elif kind == "utf16-no-bom":
        path.write_bytes(base.decode().encode("utf-16-le"))
    elif kind == "utf32-bom":
        path.write_bytes(base.decode().encode("utf-32"))
    elif kind == "empty-dir":
        path = tmp_path / "empty"
        path.mkdir()
    return path


SPECIAL = {
    "fifo": (2, "is a FIFO (named pipe), not a regular file"),
    "zero-link": (2, "is a character device, not a regular file"),
    "link-loop": (2, "symbolic link loop"),
    "utf16-bom": (0, "[link=file:///etc/passwd]click me[/link]"),
    "utf32-bom": (0, "[link=file:///etc/passwd]click me[/link]"),
    "utf16-no-bom": (2, "looks like UTF-16 text without a byte-order mark; save the file as UTF-8"),
    "empty-dir": (2, "no .yaml or .yml files in this directory"),
}


@pytest.mark.parametrize("kind", sorted(SPECIAL))
@pytest.mark.parametrize("command", ["run", "validate"])
def test_a_file_that_is_not_small_regular_text_is_refused_in_words(tmp_path: Path, kind: str, command: str) -> None:
    path = _special(tmp_path, kind)
    # A subprocess with a timeout: a FIFO or /dev/zero read in-process would hang the test run.
    done = subprocess.run([*CASUS, command, str(path)], cwd=REPO, capture_output=True, text=True, timeout=60)
    code, says = SPECIAL[kind]
    if command == "validate" and code == 0:
        says = "ok"
    assert done.returncode == code, done.stderr
    assert says in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


# -- class 5: sizes past the documented limits --------------------------------------------------


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _dump(data: Any, **options: Any) -> str:
    """YAML as a person writes it: repeated values written out, not as anchors and aliases."""
    return yaml.dump(data, Dumper=_NoAliases, **options)


def _scenario_with(**changes: Any) -> dict[str, Any]:
    data = yaml.safe_load((INPUTS / "markup-link.yaml").read_text())
    data.update(changes)
    return data


def test_too_many_events_actors_or_provisions_are_refused_at_their_key_quickly(tmp_path: Path) -> None:
    event = _scenario_with()["events"][0]
    files = {
        "events": _scenario_with(events=[{**event, "id": f"e{i}"} for i in range(limits.MAX_EVENTS + 1)]),
        "actors": _scenario_with(actors={f"A{i:05d}": {"kind": "state"} for i in range(20_000)}),
    }
    toy = yaml.safe_load((INPUTS / "toy-exponent-constants.yaml").read_text())
    toy["provisions"] = [{**toy["provisions"][1], "id": f"P-{i}"} for i in range(4_100)]
    files["provisions"] = toy
    for key, data in files.items():
        path = tmp_path / f"{key}.yaml"
        path.write_text(_dump(data, sort_keys=False))
        started = time.monotonic()
        result, output = casus("validate", str(path))
        assert time.monotonic() - started < 5
        assert result.exit_code == 2
        assert re.search(rf"{key}\.yaml:\d+:1: [\d,]+ {key}; casus allows", output), output


def test_twenty_thousand_errors_in_one_file_are_capped_with_a_count(tmp_path: Path) -> None:
    path = tmp_path / "many-errors.yaml"
    path.write_text(_dump(_scenario_with(**{f"unknown_key_{i}": i for i in range(20_000)})))
    result, output = casus("run", str(path))
    assert result.exit_code == 2
    lines = output.strip().splitlines()
    assert len(lines) == limits.MAX_PROBLEMS_SHOWN + 1
    assert lines[-1].endswith(f"... and {20_000 - limits.MAX_PROBLEMS_SHOWN:,} more problems in this file")


def test_an_engine_rulebook_past_the_rule_limit_is_refused_in_words() -> None:
    from engine.evaluators.durable_limits import MAX_RULES, definition_problems

    definition = {f"r{i}": {"all": [{"m_0": {"kind": "case"}}]} for i in range(MAX_RULES + 1)}
    (problem,) = [p for p in definition_problems("BIG", definition) if "engine rules;" in p]
    assert f"{MAX_RULES + 1:,} engine rules; durable_rules fails past 4,096" in problem


# -- class 2: every double reaches the C engine as Python reads it -------------------------------

FLOATS = st.floats(allow_nan=False, allow_infinity=False) | st.sampled_from([1e-05, 1e308, 5e-324, -1e16, 1e22])


@settings(max_examples=200)
@given(constant=FLOATS, fact=FLOATS, op=st.sampled_from(["lt", "gt", "eq"]))
def test_generated_floats_compare_in_the_c_engine_as_in_python(constant: float, fact: float, op: str) -> None:
    """Raw C calls on engine_json text: a rule comparing a fact with a rulebook constant fires
    exactly when Python's comparison holds, over the whole range of doubles."""
    import durable_rules_engine as dre

    from engine.evaluators.durable_limits import engine_json

    test = {"x": constant} if op == "eq" else {f"${op}": {"x": constant}}
    definition = {"r": {"all": [{"m_0": {"$and": [{"kind": "c"}, test]}}]}}
    handle = dre.create_ruleset(f"floats-{next(_NAMES)}", engine_json(definition))
    _, state = dre.assert_fact(handle, engine_json({"kind": "c", "x": fact, "sid": "1"}))
    fired = bool(dre.start_action_for_state(handle, state))
    assert fired == {"lt": fact < constant, "gt": fact > constant, "eq": fact == constant}[op]


_NAMES = iter(range(10**9))


@settings(max_examples=30)
@given(latitude=st.floats(-90, 90) | st.sampled_from([0.00001, -0.00001, 1e-300, 5e-324]))
def test_generated_latitudes_give_the_same_verdict_in_both_engines(latitude: float) -> None:
    """Through the whole adapter: a scenario latitude against rulebook constants 1e-06 and 1e308."""
    from engine.formats.yamlsafe import load_yaml
    from engine.law.catalogue import scenario_from
    from engine.verdict.judging import judge

    catalogue = _toy_catalogue()
    text = (INPUTS / "tiny-latitude-france.yaml").read_text().replace("latitude: 0.00001", f"latitude: {latitude!r}")
    loaded = scenario_from(load_yaml(text, "generated.yaml"), catalogue, Path("generated.yaml"))
    durable, python = (judge(loaded.scenario, catalogue, e, treaties=["TOY"]).to_json() for e in _evaluators())
    assert durable.pop("engine") == "durable" and python.pop("engine") == "python"
    assert durable == python


_CACHE: dict[str, Any] = {}


def _toy_catalogue() -> Any:
    if "toy" not in _CACHE:
        from engine.law.catalogue import shipped

        _CACHE["toy"] = shipped().with_rulebooks([INPUTS / "toy-exponent-constants.yaml"])
    return _CACHE["toy"]


def _evaluators() -> Any:
    if "evaluators" not in _CACHE:
        from engine.evaluators.durable import DurableEvaluator
        from engine.evaluators.python import PythonEvaluator

        _CACHE["evaluators"] = (DurableEvaluator(), PythonEvaluator())
    return _CACHE["evaluators"]


# -- class 3: every user string is printed literally by every renderer ---------------------------

HOSTILE_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",))
    | st.sampled_from(["\x1b", "\x9b", "\u202e", "[", "]", "/"]),
    min_size=1,
    max_size=30,
).filter(lambda s: s.strip() == s != "" and not set(s) & set("\n\r\t\x85"))  # rich expands tabs

RENDERINGS = [
    ["run"],
    ["run", "-f", "markdown"],
    ["run", "-f", "json"],
    ["run", "--all-readings"],
    ["explain"],
    ["explain", "-f", "markdown"],
    ["compare"],
    ["compare", "-f", "markdown"],
    ["compare", "-f", "json"],
]


@settings(max_examples=8)  # each example runs nine commands
@given(text=HOSTILE_TEXT)
def test_generated_strings_are_printed_literally_by_every_renderer(tmp_path_factory: Any, text: str) -> None:
    data = _scenario_with(title=text, summary=text, notes=text)
    data["practice"] = [{"treaty": "CSTO", "date": "2021-04-29", "summary": text}]
    path = tmp_path_factory.mktemp("strings") / "generated.yaml"
    path.write_text(_dump(data, allow_unicode=False, sort_keys=False))
    for rendering in RENDERINGS:
        result, output = casus(*rendering, str(path))
        assert result.exit_code in (0, 1), output
        assert not RAW_CONTROL.search(output), (rendering, repr(output))
        if "json" in rendering:
            continue
        shown = printable(strip_control_codes(text))  # rich drops BEL, BS, VT, FF and CR itself
        if rendering == ["run"]:  # the title heads the table whole, on a line of its own
            assert f"hostile — {shown}" in output, (rendering, output)


# -- class 6: batches and processes -------------------------------------------------------------


def test_jobs_are_clamped_to_the_cpus_this_process_may_use() -> None:
    assert batch.workers_for(1000) == batch.usable_cpus() <= (os.cpu_count() or 1)
    assert batch.workers_for(0) == 1


def test_an_engine_failure_on_one_file_is_that_files_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from engine.evaluators.durable import DurableEvaluator
    from engine.formats.errors import EngineError

    real = DurableEvaluator.run

    def failing(self: Any, book: Any, cases: Any) -> Any:
        if any("breaks" in c.key for c in cases):
            raise EngineError("durable_rules failed: Could not assert fact, error code: 204")
        return real(self, book, cases)

    monkeypatch.setattr(DurableEvaluator, "run", failing)
    good, bad = tmp_path / "a-good.yaml", tmp_path / "b-bad.yaml"
    good.write_text((INPUTS / "markup-link.yaml").read_text())
    bad.write_text((INPUTS / "markup-link.yaml").read_text().replace("id: strike", "id: breaks"))
    result, output = casus("run", "-f", "json", str(good), str(bad))
    assert result.exit_code == 2
    assert "b-bad.yaml: the rules engine could not judge this file: durable_rules failed" in output
    assert json.loads(result.stdout)[0]["scenario"] == "hostile"
    assert "1 judged, 1 bad input" in output


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_the_whole_process_tree_within_two_seconds(tmp_path: Path, sig: int) -> None:
    batch_dir = tmp_path / "batch"
    batch_dir.mkdir()
    for name in ("a", "b", "hang", "c"):
        (batch_dir / f"{name}.yaml").write_text((INPUTS / "markup-link.yaml").read_text())
    temp = tmp_path / "temp"  # the command's own TMPDIR: where multiprocessing makes its pymp-* directory
    temp.mkdir()
    env = {**os.environ, batch.HANG_ENV: "hang", "TMPDIR": str(temp)}  # the worker judging hang.yaml never returns
    process = subprocess.Popen(
        [*CASUS, "run", "--jobs", "2", str(batch_dir)],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    group = process.pid
    deadline = time.monotonic() + 60
    while len(_members(group)) < 4 and time.monotonic() < deadline:  # parent, forkserver, workers
        time.sleep(0.2)
    assert len(_members(group)) >= 4
    time.sleep(1.0)
    started = time.monotonic()
    if sig == signal.SIGINT:
        os.killpg(group, sig)  # Ctrl-C in a terminal signals the whole foreground group
    else:
        process.send_signal(sig)
    code = process.wait(timeout=30)
    took = time.monotonic() - started
    time.sleep(0.3)
    left = _members(group)
    if left:
        os.killpg(group, signal.SIGKILL)
    assert took < 2, took
    assert code == 128 + sig if sig == signal.SIGTERM else code != 0
    assert not left, left
    assert not list(temp.iterdir())


def _members(group: int) -> list[str]:
    """Live (not zombie) processes of a process group."""
    out = subprocess.run(["ps", "-o", "stat=,pid=", "-g", str(group)], capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if line.strip() and not line.strip().startswith("Z")]


# -- the limits table --------------------------------------------------------------------------


def test_the_limits_table_names_the_bounds_the_code_enforces() -> None:
    from engine.evaluators import durable_limits
    from engine.formats import yamlevents, yamlsafe

    assert yamlsafe.MAX_FILE_BYTES == limits.MAX_FILE_BYTES and yamlsafe.MAX_NODES == limits.MAX_NODES
    assert yamlevents.MAX_DEPTH == limits.MAX_DEPTH and yamlevents.MAX_ALIASES == limits.MAX_ALIASES
    table = limits.markdown_table()
    for limit in limits.LIMITS:
        assert f"| {limit.what} | {limit.bound} |" in table
    assert f"{durable_limits.MAX_RULES:,}" in table
    readme = (REPO / "README.md").read_text()
    if "| what | limit | past it |" in readme:  # once the README has the table, it is this one
        assert table in readme
