"""Large batches in worker processes that a crash of the C engine cannot take down with us.

durable_rules can SIGSEGV on inputs its workarounds did not foresee. So batches run in
chunks on a process pool whose workers are recycled every few chunks (latent heap corruption does not
accumulate). When a worker dies, every in-flight chunk fails with BrokenProcessPool:
each failed chunk is re-run alone in a fresh one-worker pool, and only a chunk that
crashes alone is bisected down to the item that crashes. That item is reported as a
`Crash` in its place and the batch goes on. A worker that stops making progress (the C
core can loop forever, e.g. past its 512-sibling limit) is treated the same way: after
`stall` seconds with no item finished anywhere in the pool, the workers are killed, and the
chunk re-run alone points at the item that hangs (workers count the items they finish).
Results come back in input order, so the output never depends on the number of workers.

Never more workers than CPUs this process may use (`--jobs 1000` would start a thousand
interpreters). While a pool runs, SIGTERM ends the command as Ctrl-C does: the workers are
killed at once (they ignore SIGINT, so a Ctrl-C in the terminal reaches the parent alone),
and the interpreter exits normally, so the forkserver, the resource tracker and
multiprocessing's /tmp/pymp-* directory go with it.
"""

from __future__ import annotations

import collections
import itertools
import multiprocessing
import os
import signal
import threading
import time
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
HANG_ENV = "CASUS_HANG_ON"  # test hook: a worker handling this label never returns
STALL_ENV = "CASUS_STALL_SECONDS"
# No item in a generated 1 MB scenario takes a tenth of this; a stall this long is a hang.
STALL_SECONDS = 300.0

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


class Stalled(Exception):
    """No item finished in the pool for `stall` seconds."""


_CRASH_ON: str | None = None
_HANG_ON: str | None = None
_DONE: Any = None  # multiprocessing.Value: items finished by the workers of this pool


def maybe_crash(*labels: str) -> None:
    """Die like a segfaulting C extension if CASUS_CRASH_ON names one of `labels`, or loop
    like a stuck one for CASUS_HANG_ON (in workers only: tests must not kill themselves)."""
    if not _IN_WORKER:
        return
    if _CRASH_ON and _CRASH_ON in labels:
        os.kill(os.getpid(), signal.SIGSEGV)
    if _HANG_ON and _HANG_ON in labels:
        while True:
            time.sleep(60)


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity mask, where the OS has one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def workers_for(jobs: int) -> int:
    """`--jobs N` as workers: at least one, at most a CPU each."""
    return max(1, min(jobs, usable_cpus()))


class Terminated(SystemExit):
    """SIGTERM arrived while a pool ran: exit as a signalled process would (128 + 15)."""


def _on_sigterm(signum: int, frame: Any) -> None:
    raise Terminated(128 + signum)


def _init_worker(job: Job[Any, Any], crash_on: str | None, hang_on: str | None, done: Any) -> None:
    global _IN_WORKER, _CRASH_ON, _HANG_ON, _DONE
    _IN_WORKER = True
    # Ctrl-C reaches the whole process group: only the parent acts on it (it kills the workers),
    # else every worker prints its own KeyboardInterrupt and the pool's shutdown waits for them.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # Read in the parent: forkserver workers keep the server's old environment.
    _CRASH_ON, _HANG_ON, _DONE = crash_on, hang_on, done
    from engine.evaluators.durable import pin_malloc

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
        if _DONE is not None:
            with _DONE.get_lock():
                _DONE.value += 1
    return out


def _context() -> Any:
    # forkserver: workers fork from a clean server (no durable_rules state, no threads),
    # cheaply; `fork` is not allowed with max_tasks_per_child.
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["engine.verdict.judging", "engine.law.catalogue", "engine.evaluators.durable"])
    return ctx


@dataclass
class _Pool:
    executor: ProcessPoolExecutor
    done: Any  # multiprocessing.Value shared with the workers: items they finished

    def wait(self, future: Future[list[R | Crash]], stall: float) -> list[R | Crash]:
        """The chunk's results; Stalled once no worker of the pool finished an item for `stall` s."""
        seen, since = self.done.value, time.monotonic()
        while True:
            try:
                return future.result(timeout=min(1.0, stall))
            except TimeoutError:
                if self.done.value != seen:
                    seen, since = self.done.value, time.monotonic()
                elif time.monotonic() - since > stall:
                    raise Stalled from None

    def stop(self, *, kill: bool) -> None:
        if kill:  # a worker stuck in C never exits by itself, and shutdown would wait for it
            # One pool exists at a time, so this process's live children are its workers.
            for process in multiprocessing.active_children():
                process.kill()
        self.executor.shutdown(wait=not kill, cancel_futures=True)
        if kill:
            for process in multiprocessing.active_children():
                process.join(timeout=1.0)


def _pool(workers: int, job: Job[Any, Any]) -> _Pool:
    ctx = _context()
    done = ctx.Value("q", 0)
    executor = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=ctx,
        initializer=_init_worker,
        initargs=(job, os.environ.get(CRASH_ENV), os.environ.get(HANG_ENV), done),
        max_tasks_per_child=TASKS_PER_CHILD,
    )
    return _Pool(executor, done)


def _stall_seconds() -> float:
    try:
        return max(0.1, float(os.environ.get(STALL_ENV, STALL_SECONDS)))
    except ValueError:
        return STALL_SECONDS


def run(
    items: Iterable[T],
    job: Job[T, R],
    *,
    jobs: int = 1,
    total: int | None = None,
    chunk: int = CHUNK,
    stall: float | None = None,
) -> Iterator[R | Crash]:
    """Each item's result (or Crash), in input order, computed in-process or on `jobs` workers."""
    stall = stall if stall is not None else _stall_seconds()
    if jobs <= 1 and total is not None and total < IN_PROCESS_BELOW:
        if job.setup is not None:
            job.setup(*job.setup_args)
        yield from _run_chunk(job, list(items))
        return
    jobs = workers_for(jobs)
    handled = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _on_sigterm) if handled else None
    try:
        yield from _pooled(items, job, jobs, chunk, stall)
    finally:
        if handled:
            signal.signal(signal.SIGTERM, previous)


def _pooled(items: Iterable[T], job: Job[T, R], jobs: int, chunk: int, stall: float) -> Iterator[R | Crash]:
    chunks = _chunks(items, chunk)
    window = max(2, jobs) * 2  # chunks in flight: bounds memory however long the batch
    pool = _pool(max(1, jobs), job)
    # A None future: the pool was already broken when the chunk was due to be submitted.
    pending: collections.deque[tuple[list[T], Future[list[R | Crash]] | None]] = collections.deque()
    finished = False
    try:
        while True:
            while len(pending) < window:
                nxt = next(chunks, None)
                if nxt is None:
                    break
                pending.append((nxt, _submit(pool, job, nxt)))
            if not pending:
                finished = True
                return
            items_, future = pending.popleft()
            if future is not None:
                try:
                    yield from pool.wait(future, stall)
                    continue
                except (BrokenProcessPool, Stalled):
                    pass
            # Every chunk in flight failed with the worker; finish them in order, alone.
            pool.stop(kill=True)
            yield from _alone(items_, job, stall)
            while pending:
                items_, future = pending.popleft()
                if future is not None and future.done() and not future.cancelled() and future.exception() is None:
                    yield from future.result()
                else:
                    yield from _alone(items_, job, stall)
            pool = _pool(max(1, jobs), job)
    finally:
        # Cut short (Ctrl-C, SIGTERM, the consumer stopped reading): nothing to wait for.
        pool.stop(kill=not finished)


def _submit(pool: _Pool, job: Job[T, R], chunk: list[T]) -> Future[list[R | Crash]] | None:
    try:
        return pool.executor.submit(_run_chunk, job, chunk)
    except BrokenProcessPool:
        return None


def _alone(chunk: list[T], job: Job[T, R], stall: float) -> Iterator[R | Crash]:
    """Run a chunk in a fresh one-worker pool; bisect it only if it crashes there too, and
    split it around the item it hangs on."""
    if not chunk:
        return
    pool = _pool(1, job)
    result: list[R | Crash] | None = None
    hung: int | None = None
    try:
        future = pool.executor.submit(_run_chunk, job, chunk)
        result = pool.wait(future, stall)
    except BrokenProcessPool as exc:
        reason = str(exc) or "worker process died"
    except Stalled:
        # One worker, in order: the items before it finished. (Clamped: stuck after its last
        # item, the chunk still shrinks on each split.)
        hung = min(pool.done.value, len(chunk) - 1)
    finally:
        pool.stop(kill=result is None)
    if result is not None:
        yield from result
    elif hung is not None and len(chunk) == 1:
        yield Crash(job.label(chunk[0]), f"the engine hung: no answer in {stall:.0f} s, its worker was stopped")
    elif hung is not None:
        yield from _alone(chunk[:hung], job, stall)
        yield from _alone(chunk[hung : hung + 1], job, stall)  # confirmed alone, or judged after all
        yield from _alone(chunk[hung + 1 :], job, stall)
    elif len(chunk) == 1:
        yield Crash(job.label(chunk[0]), f"the engine crashed its worker process ({reason})")
    else:
        half = len(chunk) // 2
        yield from _alone(chunk[:half], job, stall)
        yield from _alone(chunk[half:], job, stall)


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch
