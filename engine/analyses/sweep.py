"""`casus sweep`: one scenario judged under every combination of some fields' values.

Every --vary field and every value with a fixed vocabulary is checked once, up front
(engine.analyses.sweepfields). Each combination's row is what loading and judging the edited
file would give, built from caches (engine.analyses.sweepjudge): a value the format refuses
is an error row naming its combination, as the load path words it, not a traceback.
Combinations are enumerated lazily in a fixed order (the cartesian product, or a seeded
sample of it decoded from sorted indices), and rows are produced in that order whatever the
number of worker processes.
"""

from __future__ import annotations

import itertools
import math
import random
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.analyses import batch
from engine.analyses.sweepfields import Fields, SweepError, Vary, parse_value, parse_varies, show, with_values
from engine.analyses.sweepjudge import ABSENT, CRASHED, INVALID, CachedJudge, Row
from engine.law.catalogue import Catalogue

__all__ = [
    "ABSENT",
    "CRASHED",
    "INVALID",
    "Context",
    "Row",
    "SweepError",
    "Vary",
    "combinations",
    "describe",
    "parse_value",
    "rows",
    "setup",
    "show",
    "size",
    "with_values",
]

Item = tuple[int, tuple[Any, ...]]
# Combinations per chunk for pure-Python workers. A worker's caches are what make a
# combination cheap, and the pool replaces a worker every batch.TASKS_PER_CHILD chunks: ten
# times batch's chunk lets a worker live 50,000 combinations instead of 5,000 (a crash is
# still bisected to its combination). durable_rules workers keep batch's chunk, and so the
# bound on how many engine sessions one process runs before it is replaced.
PYTHON_CHUNK = 10 * batch.CHUNK


def size(varies: Sequence[Vary]) -> int:
    return math.prod(len(v.values) for v in varies)


def combinations(varies: Sequence[Vary], sample: int | None = None, seed: int = 0) -> Iterator[Item]:
    """(index, values) in product order; a sample is drawn by index, so it never builds the product."""
    total = size(varies)
    if sample is None or sample >= total:
        yield from enumerate(itertools.product(*(v.values for v in varies)))
        return
    for index in sorted(_distinct_indices(random.Random(seed), total, sample)):
        values: list[Any] = []
        rest = index
        for vary in reversed(varies):
            rest, k = divmod(rest, len(vary.values))
            values.append(vary.values[k])
        yield index, tuple(reversed(values))


def _distinct_indices(rng: random.Random, total: int, sample: int) -> list[int]:
    """`sample` distinct indices below `total`: random.sample where range() fits a C size
    (the same draws as ever), else drawn one by one (sample is far below total there)."""
    if total <= sys.maxsize:
        return rng.sample(range(total), sample)
    chosen: set[int] = set()
    while len(chosen) < sample:
        chosen.add(rng.randrange(total))
    return list(chosen)


@dataclass
class Context:
    """What a process needs to judge combinations; built once per process."""

    judge: CachedJudge
    catalogue: Catalogue
    evaluator: Any
    varies: tuple[Vary, ...]
    columns: tuple[tuple[str, str], ...]  # (treaty, outcome)
    treaties: tuple[str, ...]  # forced with --treaty
    scenario_id: str


def describe(varies: Sequence[Vary], values: Sequence[Any]) -> str:
    return ", ".join(f"{v.field}={show(x)}" for v, x in zip(varies, values, strict=True))


# --- one Context per process: the CLI's, or a worker's, built by batch's initializer ---

_CTX: Context | None = None
_CTX_KEY: tuple[Any, ...] = ()


def setup(
    file: str,
    rules: Sequence[str],
    engine: str,
    options: Sequence[str],
    treaties: Sequence[str],
    unstated: str = "unknown",
) -> Context:
    """Load the file and rulebooks, check the --vary options and pick the evaluator
    (`unstated`: --assume-unstated, unknown or no)."""
    global _CTX, _CTX_KEY
    key = (file, tuple(rules), engine, tuple(options), tuple(treaties), unstated)
    if _CTX is not None and key == _CTX_KEY:
        return _CTX  # the CLI already built it in this process (in-process batches)
    from engine.formats.yamlsafe import load_yaml, read_text
    from engine.law.catalogue import scenario_from, shipped
    from engine.verdict.judging import treaties_for

    catalogue = shipped()
    if rules:
        catalogue = catalogue.with_rulebooks(Path(r) for r in rules)
    path = Path(file)
    located = load_yaml(read_text(path), file)
    base = scenario_from(located, catalogue, path).scenario  # a broken file: its located InputError
    varies = parse_varies(options, Fields(located.data, catalogue.vocabulary()))
    books = treaties_for(base, catalogue, treaties)
    columns = tuple((b.id, o) for b in books for o in b.rulebook.outcomes)
    evaluator = make_evaluator(engine)
    judge = CachedJudge(located, path, catalogue, evaluator, varies, columns, treaties, unstated_as_no=unstated == "no")
    _CTX_KEY = key
    _CTX = Context(judge, catalogue, evaluator, varies, columns, tuple(treaties), base.id)
    return _CTX


def make_evaluator(engine: str) -> Any:
    if engine == "python":
        from engine.evaluators.python import PythonEvaluator

        return PythonEvaluator()
    from engine.evaluators.durable import DurableEvaluator

    return DurableEvaluator()


def task(item: Item) -> Row:
    assert _CTX is not None, "sweep.setup runs in every worker before any task"
    index, values = item
    batch.maybe_crash(f"{_CTX.scenario_id}#{index}", describe(_CTX.varies, values))
    return _CTX.judge.row(index, values)


def label(item: Item) -> str:
    assert _CTX is not None
    return f"combination {item[0]} ({describe(_CTX.varies, item[1])})"


def rows(
    ctx: Context,
    setup_args: tuple[Any, ...],
    *,
    sample: int | None = None,
    seed: int = 0,
    jobs: int = 1,
) -> Iterator[Row]:
    """Every row in combination order; crashed variants become rows that say so.

    The pure-Python evaluator with one job judges here: it cannot take the process down,
    so a worker would only add the cost of sending every row back. durable_rules, and any
    --jobs above one, run on batch's crash-isolated worker pool.
    """
    items = combinations(ctx.varies, sample, seed)
    if jobs <= 1 and ctx.evaluator.name == "python":
        for item in items:
            try:
                yield ctx.judge.row(*item)
            except Exception as exc:  # one combination's bug must not lose the others' rows
                yield _crashed(ctx, item, f"{type(exc).__name__}: {exc}")
        return
    total = min(size(ctx.varies), sample) if sample is not None else size(ctx.varies)
    job: batch.Job[Item, Row] = batch.Job(task, label, setup, setup_args)
    order = combinations(ctx.varies, sample, seed)
    chunk = PYTHON_CHUNK if ctx.evaluator.name == "python" else batch.CHUNK
    results = batch.run(items, job, jobs=jobs, total=total, chunk=chunk)
    for item, result in zip(order, results, strict=True):
        yield _crashed(ctx, item, result.error) if isinstance(result, batch.Crash) else result


def _crashed(ctx: Context, item: Item, error: str) -> Row:
    return Row(item[0], item[1], (CRASHED,) * len(ctx.columns), (), error)
