"""`casus bench`'s sweep figure: combinations per second of a sweep of a shipped two-event file.

The sweep varies both events' fields, the date and a reading, as an analyst would: one
process, the pure-Python evaluator (the sweep's defaults), timed from loading the file to the
last row, rows produced but not printed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.analyses import sweep
from engine.formats import vocabulary as v
from engine.formats.paths import scenarios_dir

KINDS = ",".join(v.EVENT_KINDS)
EFFECTS = ",".join(v.EFFECTS)


@dataclass(frozen=True)
class SweepBench:
    file: str
    options: tuple[str, ...]

    @property
    def name(self) -> str:
        path = Path(self.file)
        return path.relative_to(scenarios_dir()).as_posix() if path.is_relative_to(scenarios_dir()) else str(path)


def _kyrgyz_tajik(*extra: str) -> SweepBench:
    return SweepBench(
        str(scenarios_dir() / "csto" / "kyrgyz-tajik-2021.yaml"),
        (
            f"events.0.kind={KINDS}",
            f"events.0.effects={EFFECTS}",
            "events.0.where.status=undisputed,disputed,occupied",
            "events.1.attribution=confirmed,suspected,unattributed",
            f"events.1.kind={KINDS}",
            "date=2021-04-29,2010-01-01,2000-06-01,2024-01-01",
            "readings.CSTO.intra_member_defence=yes,no",
            *extra,
        ),
    )


QUICK = _kyrgyz_tajik()  # 56,448 combinations
FULL = _kyrgyz_tajik(f"events.1.effects={EFFECTS}")  # 225,792


@dataclass(frozen=True)
class SweepRate:
    bench: SweepBench
    combinations: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.combinations / self.seconds if self.seconds > 0 else float("inf")

    def describe(self) -> str:
        return (
            f"{self.combinations} combinations of {self.bench.name} ({len(self.bench.options)} --vary) "
            f"in {self.seconds:.2f} s: python engine, one process, rows not printed"
        )


def measure(bench: SweepBench) -> SweepRate:
    """Time one sweep; a row that is invalid or crashed means the measure is of the wrong thing."""
    args: tuple[Any, ...] = (bench.file, [], "python", list(bench.options), [])
    start = time.perf_counter()
    ctx = sweep.setup(*args)
    count = 0
    for row in sweep.rows(ctx, args):
        if row.error:
            raise AssertionError(f"the benchmark sweep has a bad row: {row}")
        count += 1
    return SweepRate(bench, count, time.perf_counter() - start)
