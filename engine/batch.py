"""Large batches in worker processes that a crash of the C engine cannot take down with us.

durable_rules can SIGSEGV on inputs its workarounds did not foresee
(shared/reference/durable_rules.md §3.3). So batches run in chunks on a process pool
whose workers are recycled every few chunks (latent heap corruption does not
accumulate). When a worker dies, every in-flight chunk fails with BrokenProcessPool:
each failed chunk is re-run alone in a fresh one-worker pool, and only a chunk that
crashes alone is bisected down to the item that crashes. That item is reported as a
`Crash` in its place and the batch goes on. Results come back in input order, so the
output never depends on the number of workers.
"""

from __future__ import annotations

import collections
import itertools
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

CHUNK = 200  # items per task: large enough to amortise pickling, small enough to bisect fast
TASKS_PER_CHILD = 25  # chunks before a worker is replaced
IN_PROCESS_BELOW = 500  # with one job, smaller batches run here: no process start-up cost
CRASH_ENV = "CASUS_CRASH_ON"  # test hook: a worker handling this label dies with SIGSEGV

_IN_WORKER = False


@dataclass(frozen=True)
class Crash:
    """An item whose evaluation killed its worker process (or raised)."""

    label: str
    error: str


@dataclass(frozen=True)
class Job(Generic[T, R]):
    """What every worker runs: `setup(*setup_args)` once, then `task(item)` per item."""

    task: Callable[[T], R]
    label: Callable[[T], str]
    setup: Callable[..., Any] | None = None
    setup_args: tuple[Any, ...] = ()


_CRASH_ON: str | None = None


def maybe_crash(*labels: str) -> None:
    """Die like a segfaulting C extension if CASUS_CRASH_ON names one of `labels` (worker only)."""
    target = _CRASH_ON
    if _IN_WORKER and target and target in labels:
        os.kill(os.getpid(), signal.SIGSEGV)


def _init_worker(job: Job[Any, Any], crash_on: str | None) -> None:
    global _IN_WORKER, _CRASH_ON
    _IN_WORKER = True
    _CRASH_ON = crash_on  # read in the parent: forkserver workers keep the server's old environment
    from engine.durable_engine import pin_malloc

    pin_malloc()
    if job.setup is not None:
        job.setup(*job.setup_args)


def _run_chunk(job: Job[T, R], chunk: Sequence[T]) -> list[R | Crash]:
    out: list[R | Crash] = []
    for item in chunk:
        try:
            out.append(job.task(item))
        except Exception as exc:  # one bad item must not lose its chunk's other results
            out.append(Crash(job.label(item), f"{type(exc).__name__}: {exc}"))
    return out


def _context() -> Any:
    # forkserver: workers fork from a clean server (no durable_rules state, no threads),
    # cheaply; `fork` is not allowed with max_tasks_per_child.
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["engine.verdict", "engine.loading", "engine.durable_engine"])
    return ctx


def _pool(workers: int, job: Job[Any, Any]) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_context(),
        initializer=_init_worker,
        initargs=(job, os.environ.get(CRASH_ENV)),
        max_tasks_per_child=TASKS_PER_CHILD,
    )


def run(
    items: Iterable[T], job: Job[T, R], *, jobs: int = 1, total: int | None = None, chunk: int = CHUNK
) -> Iterator[R | Crash]:
    """Each item's result (or Crash), in input order, computed in-process or on `jobs` workers."""
    if jobs <= 1 and total is not None and total < IN_PROCESS_BELOW:
        if job.setup is not None:
            job.setup(*job.setup_args)
        yield from _run_chunk(job, list(items))
        return
    chunks = _chunks(items, chunk)
    window = max(2, jobs) * 2  # chunks in flight: bounds memory however long the batch
    pool = _pool(max(1, jobs), job)
    # A None future: the pool was already broken when the chunk was due to be submitted.
    pending: collections.deque[tuple[list[T], Future[list[R | Crash]] | None]] = collections.deque()
    try:
        while True:
            while len(pending) < window:
                nxt = next(chunks, None)
                if nxt is None:
                    break
                pending.append((nxt, _submit(pool, job, nxt)))
            if not pending:
                return
            items_, future = pending.popleft()
            if future is not None:
                try:
                    yield from future.result()
                    continue
                except BrokenProcessPool:
                    pass
            # Every chunk in flight failed with the worker; finish them in order, alone.
            pool.shutdown(wait=False, cancel_futures=True)
            yield from _alone(items_, job)
            while pending:
                items_, future = pending.popleft()
                if future is not None and future.done() and not future.cancelled() and future.exception() is None:
                    yield from future.result()
                else:
                    yield from _alone(items_, job)
            pool = _pool(max(1, jobs), job)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _submit(pool: ProcessPoolExecutor, job: Job[T, R], chunk: list[T]) -> Future[list[R | Crash]] | None:
    try:
        return pool.submit(_run_chunk, job, chunk)
    except BrokenProcessPool:
        return None


def _alone(chunk: list[T], job: Job[T, R]) -> Iterator[R | Crash]:
    """Run a chunk in a fresh one-worker pool; bisect it only if it crashes there too."""
    with _pool(1, job) as pool:
        future = pool.submit(_run_chunk, job, chunk)
        try:
            result = future.result()
        except BrokenProcessPool as exc:
            result = None
            reason = str(exc) or "worker process died"
    if result is not None:
        yield from result
        return
    if len(chunk) == 1:
        yield Crash(job.label(chunk[0]), f"the engine crashed its worker process ({reason})")
        return
    half = len(chunk) // 2
    yield from _alone(chunk[:half], job)
    yield from _alone(chunk[half:], job)


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch
