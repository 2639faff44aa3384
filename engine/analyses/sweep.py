"""`casus sweep`: one scenario judged under every combination of some fields' values.

Each variant is the file's own data with the varied fields replaced, validated exactly
as a user file would be (a bad value is an error row naming its combination, not a
traceback), then judged. Combinations are enumerated lazily in a fixed order (the
cartesian product, or a seeded sample of it decoded from sorted indices), and rows are
produced in that order whatever the number of worker processes.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.analyses import batch
from engine.formats.errors import InputError
from engine.formats.yamlsafe import Located
from engine.law.catalogue import Catalogue, scenario_from

Path_ = tuple[str | int, ...]
# Keys whose remainder is one key, not a path: readings are named TREATY.reading.
ONE_KEY = {"readings"}
INVALID = "invalid"
CRASHED = "crashed"
ABSENT = "-"  # the treaty does not apply to this variant


class SweepError(ValueError):
    """A --vary option that cannot be applied to the file at all."""


@dataclass(frozen=True)
class Vary:
    field: str  # as the user wrote it
    path: Path_
    values: tuple[Any, ...]


@dataclass(frozen=True)
class Row:
    index: int
    values: tuple[Any, ...]
    statuses: tuple[str, ...]  # one per column
    also: tuple[str, ...] = ()  # treaties that apply to this variant but are not columns
    error: str | None = None


def parse_value(text: str) -> Any:
    """A command-line value as YAML 1.2 would read it, except dates, which stay text as in files."""
    low = text.strip().lower()
    if low in ("null", "~", ""):
        return None
    if low in ("true", "false"):
        return low == "true"
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text.strip()


def parse_vary(option: str, data: Mapping[str, Any]) -> Vary:
    field, sep, raw = option.partition("=")
    field = field.strip()
    if not sep or not field or not raw:
        raise SweepError(f"--vary {option!r}: write FIELD=V1,V2,... (e.g. events.0.kind=invasion,border_clash)")
    values = tuple(dict.fromkeys(parse_value(v) for v in raw.split(",")))
    return Vary(field, field_path(field, data), values)


def field_path(field: str, data: Mapping[str, Any]) -> Path_:
    """`events.0.where.status` -> ("events", 0, "where", "status"), checked against the file."""
    parts = field.split(".")
    path: list[str | int] = []
    node: Any = data
    i = 0
    while i < len(parts):
        part = parts[i]
        if isinstance(node, list):
            if not part.isdigit() or int(part) >= len(node):
                raise SweepError(f"--vary {field}: {'.'.join(map(str, path))} has {len(node)} items; no item {part}")
            path.append(int(part))
            node = node[int(part)]
        elif isinstance(node, Mapping) or node is None:
            if path and path[-1] in ONE_KEY and len(path) == 1:
                path.append(".".join(parts[i:]))
                break
            path.append(part)
            node = node.get(part) if isinstance(node, Mapping) else None
        else:
            raise SweepError(f"--vary {field}: {'.'.join(map(str, path))} is a single value, not a mapping or list")
        i += 1
    return tuple(path)


def with_values(data: Mapping[str, Any], varies: Sequence[Vary], values: Sequence[Any]) -> dict[str, Any]:
    """A copy of `data` with each varied field set; only containers on the changed paths are copied."""
    out: dict[str, Any] = dict(data)
    for vary, value in zip(varies, values, strict=True):
        node: Any = out
        for key in vary.path[:-1]:
            child = node[int(key)] if isinstance(node, list) else node.get(key)
            child = list(child) if isinstance(child, list) else dict(child or {})
            node[key] = child
            node = child
        node[vary.path[-1]] = value
    return out


def size(varies: Sequence[Vary]) -> int:
    return math.prod(len(v.values) for v in varies)


def combinations(
    varies: Sequence[Vary], sample: int | None = None, seed: int = 0
) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(index, values) in product order; a sample is drawn by index, so it never builds the product."""
    total = size(varies)
    indices: Iterator[int] | list[int]
    if sample is not None and sample < total:
        indices = sorted(random.Random(seed).sample(range(total), sample))
    else:
        indices = iter(range(total))
    for index in indices:
        values: list[Any] = []
        rest = index
        for vary in reversed(varies):
            rest, k = divmod(rest, len(vary.values))
            values.append(vary.values[k])
        yield index, tuple(reversed(values))


@dataclass
class Context:
    """What a worker needs to judge a variant; built once per process."""

    located: Located
    path: Path
    catalogue: Catalogue
    evaluator: Any
    varies: tuple[Vary, ...]
    columns: tuple[tuple[str, str], ...]  # (treaty, outcome)
    treaties: tuple[str, ...]  # forced with --treaty


def judge_variant(ctx: Context, index: int, values: Sequence[Any]) -> Row:
    from engine.verdict.judging import judge

    batch.maybe_crash(f"{ctx.located.data.get('id')}#{index}", describe(ctx.varies, values))
    data = with_values(ctx.located.data, ctx.varies, values)
    located = Located(ctx.located.file, data, ctx.located.positions, ctx.located.key_positions)
    try:
        loaded = scenario_from(located, ctx.catalogue, ctx.path)
    except InputError as exc:
        message = "; ".join(str(p) for p in exc.problems)
        return Row(index, tuple(values), (INVALID,) * len(ctx.columns), error=message)
    verdict = judge(loaded.scenario, ctx.catalogue, ctx.evaluator, treaties=ctx.treaties)
    cells = {(r.treaty, r.outcome): r.status for r in verdict.results}
    column_treaties = {t for t, _ in ctx.columns}
    also = tuple(sorted({r.treaty for r in verdict.results} - column_treaties))
    return Row(index, tuple(values), tuple(cells.get(col, ABSENT) for col in ctx.columns), also)


def describe(varies: Sequence[Vary], values: Sequence[Any]) -> str:
    return ", ".join(f"{v.field}={show(x)}" for v, x in zip(varies, values, strict=True))


def show(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# --- worker side: one Context per process, built by batch's initializer ---

_CTX: Context | None = None
_CTX_KEY: tuple[Any, ...] = ()


def setup(file: str, rules: Sequence[str], engine: str, options: Sequence[str], treaties: Sequence[str]) -> Context:
    """Load the file and rulebooks and pick the evaluator, in whichever process judges."""
    global _CTX, _CTX_KEY
    key = (file, tuple(rules), engine, tuple(options), tuple(treaties))
    if _CTX is not None and key == _CTX_KEY:
        return _CTX  # the CLI already built it in this process (in-process batches)
    from engine.formats.yamlsafe import load_yaml, read_text
    from engine.law.catalogue import load_scenario, shipped
    from engine.verdict.judging import treaties_for

    catalogue = shipped()
    if rules:
        catalogue = catalogue.with_rulebooks(Path(r) for r in rules)
    path = Path(file)
    located = load_yaml(read_text(path), file)
    if not isinstance(located.data, dict):
        load_scenario(path, catalogue)  # raises the located InputError
    varies = tuple(parse_vary(o, located.data) for o in options)
    base = load_scenario(path, catalogue).scenario
    books = treaties_for(base, catalogue, treaties)
    columns = tuple((b.id, o) for b in books for o in b.rulebook.outcomes)
    _CTX_KEY = key
    _CTX = Context(located, path, catalogue, make_evaluator(engine), varies, columns, tuple(treaties))
    return _CTX


def make_evaluator(engine: str) -> Any:
    if engine == "python":
        from engine.evaluators.python import PythonEvaluator

        return PythonEvaluator()
    from engine.evaluators.durable import DurableEvaluator

    return DurableEvaluator()


def task(item: tuple[int, tuple[Any, ...]]) -> Row:
    assert _CTX is not None, "sweep.setup runs in every worker before any task"
    return judge_variant(_CTX, *item)


def label(item: tuple[int, tuple[Any, ...]]) -> str:
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
    """Every row in combination order; crashed variants become rows that say so."""
    total = min(size(ctx.varies), sample) if sample is not None else size(ctx.varies)
    job: batch.Job[tuple[int, tuple[Any, ...]], Row] = batch.Job(task, label, setup, setup_args)
    items = combinations(ctx.varies, sample, seed)
    order = combinations(ctx.varies, sample, seed)
    results = batch.run(items, job, jobs=jobs, total=total)
    for (index, values), result in zip(order, results, strict=True):
        if isinstance(result, batch.Crash):
            yield Row(index, values, (CRASHED,) * len(ctx.columns), error=result.error)
        else:
            yield result
