"""`casus bench`: throughput of the three ways of evaluating a case, and memory growth.

One run measures, on the same seeded workload of generated CSTO scenarios:

* durable  — the adapter (`DurableEvaluator.run`), one session per scenario;
* raw      — the same C calls on the same ruleset definition with nothing around them:
             the floor the adapter is compared with;
* compiled — the pure-Python evaluator.

Durable and raw are timed in alternating rounds, so a neighbour stealing the CPU for a
while slows both alike instead of skewing their ratio.

It also times start-up, what a user waits for on one file: `casus run FILE` in a fresh
interpreter, against `casus --help` (the floor of any command: Python, typer, rich),
the two started in turn so that a busy neighbour slows both alike.
"""

from __future__ import annotations

import gc
import itertools
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.evaluators.durable import (
    DurableEvaluator,
    action_head,
    case_fact,
    compile_ruleset,
    load_engine,
    pin_malloc,
)
from engine.evaluators.python import PythonEvaluator
from engine.formats import vocabulary as v
from engine.formats.errors import EngineError
from engine.formats.scenario import Scenario
from engine.law.compiler import CompiledRulebook
from engine.law.facts import READING_PREFIX, Case, event_facts

# States the generator draws from: CSTO parties past and present, and outsiders.
STATES = ("ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK", "UZB", "AZE", "GEO", "UKR", "AFG", "CHN", "USA")
GROUPS = ("grp-a", "grp-b")
# Disasters are outside the CSTO's vocabulary of threats; leaving them out keeps the mix comparable.
KINDS = tuple(k for k in v.EVENT_KINDS if k != "disaster")
TARGETS = v.TARGETS
REGIONS = ("central_asia", "south_caucasus", "europe", "east_asia", "middle_east")
ASKS = v.REQUEST_KINDS
POOL = 2000  # distinct scenarios; longer runs cycle through them


@dataclass(frozen=True)
class BenchSize:
    durable: int  # evaluations through the adapter (the raw engine gets as many)
    compiled: int
    rounds: int


FULL = BenchSize(durable=1_000_000, compiled=1_000_000, rounds=20)
QUICK = BenchSize(durable=40_000, compiled=200_000, rounds=8)


STARTUP_RUNS = 10
# The shipped scenario whose `casus run` is timed for the start-up figure.
STARTUP_SCENARIO = Path("csto") / "kyrgyz-tajik-2021.yaml"

Figure = tuple[str, str]  # (name, formatted value) of one `name=value` on the bench line


def bench_line(figures: Sequence[Figure]) -> str:
    """The summary line: `bench: name=value ...`, in the order given."""
    return "bench: " + " ".join(f"{name}={value}" for name, value in figures)


@dataclass
class BenchResult:
    durable: float  # evaluations per second
    raw: float
    compiled: float
    rss_growth_mb: float

    def figures(self) -> list[Figure]:
        return [
            ("durable", f"{self.durable:.0f}/s"),
            ("raw", f"{self.raw:.0f}/s"),
            ("compiled", f"{self.compiled:.0f}/s"),
            ("durable_vs_raw", f"{self.durable / self.raw:.2f}"),
            ("compiled_vs_durable", f"{self.compiled / self.durable:.1f}"),
            ("rss_growth_mb", f"{self.rss_growth_mb:.1f}"),
        ]

    def line(self) -> str:
        return bench_line(self.figures())


@dataclass(frozen=True)
class Startup:
    """Wall seconds of whole commands, each a fresh interpreter (medians over `runs`)."""

    run_seconds: float  # `casus run` on one shipped scenario
    help_seconds: float  # `casus --help`
    ratio: float  # median of the per-pair ratios run/help
    runs: int

    def figures(self) -> list[Figure]:
        return [("startup", f"{self.run_seconds:.3f}"), ("startup_vs_help", f"{self.ratio:.2f}")]


def scenario_data(rng: random.Random, index: int) -> dict[str, Any]:
    """One random single-event scenario, as the plain data a YAML file would give."""
    victim, attacker = rng.sample(STATES, 2)
    actors: dict[str, Any] = {victim: {"kind": "state"}}
    by = attacker
    roll = rng.random()
    if roll < 0.25:
        by = rng.choice(GROUPS)
        sponsor = rng.choice([None, attacker])
        actors[by] = {"kind": "non_state", "sponsor": sponsor, "based_in": rng.choice([None, attacker, victim])}
        if sponsor or actors[by]["based_in"] == attacker:
            actors[attacker] = {"kind": "state"}
    elif roll < 0.3:
        by = "unknown"
    else:
        actors[attacker] = {"kind": "state"}
    territory = rng.choice([victim, victim, victim, attacker if attacker in actors else victim, None])
    date = f"{rng.randint(1993, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    requests = [{"by": victim, "treaty": "CSTO", "asks": asks} for asks in ASKS if rng.random() < 0.4]
    return {
        "id": f"bench-{index}",
        "title": "generated",
        "date": date,
        "summary": "generated by casus bench",
        "sources": ["https://example.org/bench"],
        "actors": actors,
        "events": [
            {
                "id": "e",
                "kind": rng.choice(KINDS),
                "by": by,
                "against": victim,
                "target": rng.choice(TARGETS),
                "where": {
                    "territory_of": territory,
                    "status": rng.choice(["undisputed", "undisputed", "disputed", "occupied"]),
                    "region": rng.choice(REGIONS),
                },
                "attribution": rng.choice(["confirmed", "confirmed", "suspected", "unattributed"]),
                "effects": rng.choice(["none", "disruption", "physical_damage", "casualties"]),
                "foreign_backing": rng.choice(["none", "alleged", "confirmed"]),
                "in_self_defence": rng.random() < 0.1,
            }
        ],
        "requests": requests,
        "treaties": ["CSTO"],
    }


def workload(book: CompiledRulebook, n: int = POOL, seed: int = 0) -> list[list[Case]]:
    """`n` scenarios, each one event with every reading pinned at random: one case per session."""
    rng = random.Random(seed)
    out: list[list[Case]] = []
    for i in range(n):
        scenario = Scenario.model_validate(scenario_data(rng, i))
        facts = event_facts(book.rulebook, scenario, scenario.events[0])
        for name in sorted(book.rulebook.readings):
            facts[READING_PREFIX + name] = rng.random() < 0.5
        out.append([Case(f"e#{i}", "e", (), facts)])
    return out


def rss_mb() -> float:
    """Resident set size of this process, from /proc (no psutil needed)."""
    try:
        with open("/proc/self/statm") as f:
            pages = int(f.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class RawRunner:
    """The same facts through the bare C API: what the adapter costs is measured against this."""

    def __init__(self, book: CompiledRulebook) -> None:
        self.dre = dre = load_engine()
        self.compiled = compile_ruleset(book)
        self.handle = dre.create_ruleset(f"raw-{book.id}-{id(self)}", json.dumps(self.compiled.definition))
        self.sids = itertools.count(1)
        for _ in range(8):  # the adapter's pool warm-up: deleting an unused slot crashes
            self.run([])

    def run(self, cases: Sequence[Case]) -> int:
        dre, handle, actions, consumed = self.dre, self.handle, self.compiled.actions, self.compiled.consumed
        sid = str(next(self.sids))
        state = 0
        for case in cases:  # the adapter's facts, in the adapter's text
            state = dre.assert_fact(handle, json.dumps(case_fact(case, sid, self.compiled.tested)))[1]
        state = dre.assert_fact(handle, json.dumps({"kind": "start", "sid": sid}))[1]
        fired = 0
        result = dre.start_action_for_state(handle, state)
        while result:
            # start_action_for_state gives (state, message); complete_and_start_action the message
            rule, key = action_head(result[1] if isinstance(result, tuple) else result)  # the adapter's reading
            action = actions[rule]
            if action.kind == "barrier":
                dre.assert_fact(handle, json.dumps({"kind": "phase", "n": action.phase, "sid": sid}))
            else:
                fired += 1
                for atom in action.asserts:
                    if atom in consumed:
                        dre.assert_fact(handle, json.dumps({"kind": "d", "name": atom, "case": key, "sid": sid}))
            result = dre.complete_and_start_action(handle, state)
        dre.delete_state(handle, sid)
        return fired


def _timed(fn: Callable[[Sequence[Case]], Any], work: Sequence[Sequence[Case]], count: int, start: int) -> float:
    n = len(work)
    t0 = time.perf_counter()
    for i in range(start, start + count):
        fn(work[i % n])
    return time.perf_counter() - t0


def _wall(argv: Sequence[str]) -> float:
    """Wall seconds of one command; EngineError, with what it printed, if it fails."""
    t0 = time.perf_counter()
    try:
        subprocess.run(argv, check=True, capture_output=True, timeout=120)
    except subprocess.CalledProcessError as exc:
        said = (exc.stderr or b"").decode("utf-8", "replace").strip().splitlines()[-3:]
        raise EngineError(f"`{' '.join(argv[3:])}` exited with {exc.returncode}: {' / '.join(said)}") from None
    except subprocess.TimeoutExpired:
        raise EngineError(f"`{' '.join(argv[3:])}` took more than 120 s") from None
    return time.perf_counter() - t0


def casus_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "engine.cli.main", *args]


def startup(scenario: Path, runs: int = STARTUP_RUNS) -> Startup:
    """Time `casus run SCENARIO` and `casus --help`, started in turn `runs` times each.

    One unpaired run of each first fills the OS file cache, as a user's second run would
    find it. The ratio is taken pair by pair, so a slow stretch of the machine moves both
    sides of a pair and not the ratio.
    """
    run_argv, help_argv = casus_command("run", str(scenario)), casus_command("--help")
    _wall(run_argv), _wall(help_argv)
    pairs = [(_wall(run_argv), _wall(help_argv)) for _ in range(max(1, runs))]
    return Startup(
        run_seconds=statistics.median(r for r, _ in pairs),
        help_seconds=statistics.median(h for _, h in pairs),
        ratio=statistics.median(r / h for r, h in pairs),
        runs=len(pairs),
    )


def run_bench(
    book: CompiledRulebook,
    size: BenchSize,
    *,
    seed: int = 0,
    progress: Callable[[str, int, int], None] | None = None,
) -> BenchResult:
    pin_malloc()
    work = workload(book, seed=seed)
    durable = DurableEvaluator()
    raw = RawRunner(book)
    python = PythonEvaluator()
    # Agreement first: a fast wrong engine would be no result at all.
    for cases in work[:200]:
        if durable.run(book, cases) != python.run(book, cases):
            raise AssertionError(f"durable and python disagree on {cases[0].key}")
    gc.collect()
    before = rss_mb()
    per_round = max(1, size.durable // size.rounds)
    t_durable = t_raw = 0.0
    done = 0
    for r in range(size.rounds):
        t_durable += _timed(lambda cs: durable.run(book, cs), work, per_round, done)
        t_raw += _timed(raw.run, work, per_round, done)
        done += per_round
        if progress:
            progress("durable+raw", r + 1, size.rounds)
    t_compiled = _timed(lambda cs: python.run(book, cs), work, size.compiled, 0)
    if progress:
        progress("compiled", 1, 1)
    gc.collect()
    growth = rss_mb() - before
    return BenchResult(done / t_durable, done / t_raw, size.compiled / t_compiled, growth)
