"""Worker processes for the web app: every scenario is judged outside the server's process,
under a time limit.

A request whose work runs past the limit gets TimeLimit; its worker processes are killed and
a fresh pool takes over, so a runaway scenario (or a crash in native code) never stalls or
takes down the server. Workers are started with "spawn": the server runs threads (the event
loop, uvicorn), which a forked child would copy in an undefined state.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from engine.web import work


class TimeLimit(Exception):
    """The work ran past the time limit (the server answers 503)."""


class WorkerCrash(Exception):
    """A worker process died while working (the server answers 503 and replaces it)."""


class Busy(Exception):
    """Every worker stayed busy for the whole wait (the server answers 503; nothing is killed)."""


QUEUE_SECONDS = 30.0  # how long a request waits for a free worker before it is told to retry


class Pool:
    """A replaceable process pool with a per-call time limit (seconds)."""

    def __init__(self, workers: int, time_limit: float) -> None:
        self.workers = workers
        self.time_limit = time_limit
        self._lock = threading.Lock()
        self._executor = self._start()
        # At most one call per worker is handed to the pool, so the time limit counts a call's
        # own work: a request waiting behind others is not mistaken for a runaway (whose
        # worker would be killed along with the others' work).
        self._slots = asyncio.Semaphore(workers)

    def _start(self) -> ProcessPoolExecutor:
        executor = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
        for _ in range(self.workers):
            executor.submit(work.warm)  # load the rulebooks in each worker before the first request
        return executor

    async def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        """fn(*args) in a worker; TimeLimit, WorkerCrash or Busy if it cannot answer in time."""
        try:
            await asyncio.wait_for(self._slots.acquire(), QUEUE_SECONDS)
        except TimeoutError:
            raise Busy from None
        try:
            with self._lock:
                executor = self._executor
            future = executor.submit(fn, *args)
            return await asyncio.wait_for(asyncio.wrap_future(future), self.time_limit)
        except TimeoutError:
            self._replace(executor)
            raise TimeLimit from None
        except BrokenProcessPool:
            self._replace(executor)
            raise WorkerCrash from None
        except asyncio.CancelledError:
            if future.cancelled():  # its pool was replaced under it (another call ran too long)
                raise WorkerCrash from None
            raise  # the request itself was cancelled (the client went away)
        finally:
            self._slots.release()

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._executor is not broken:
                return  # another request replaced it already
            self._executor = self._start()
        # The standard pool cannot cancel a running call: its processes are killed instead
        # (the requests still queued on it fail with BrokenProcessPool and get 503 too).
        for process in list(getattr(broken, "_processes", {}).values()):
            process.kill()
        broken.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """Stop the workers (the server is stopping: work still running is abandoned)."""
        with self._lock:
            executor = self._executor
        processes = list(getattr(executor, "_processes", {}).values())
        for process in processes:
            process.terminate()
        executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:  # waited for here, so none outlives the server
            process.join(5)
            if process.is_alive():
                process.kill()
                process.join(5)
