"""A time budget for a search that may stop early: how long it may run and how far it got.

The costly analyses (whatif, check's properties, sweep) take one. Each stops at the next
step boundary once its budget is spent and reports what it found so far, labelled partial
(`Budget.note` in text, `Budget.to_json` in JSON): a result is never cut short in silence.
Judging a verdict never takes one: a verdict is never partial.

Passing example: Budget(30) after 2 s: spent() is False and the search goes on.
Failing example: Budget(30) after 31 s: spent() is True; the command says
"whatif: stopped at the time budget of 30 s after ...; the flips below are the smallest found so far".
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# A callback told how far a search got: (steps done, steps in all, what is being searched).
Progress = Callable[[int, int, str], None]


@dataclass
class Budget:
    seconds: float  # 0 = no budget
    started: float = field(default_factory=time.monotonic)
    stopped: str = ""  # how far the search got when it stopped on the budget; "" = finished
    progress: Progress | None = None

    def spent(self) -> bool:
        return self.seconds > 0 and time.monotonic() - self.started >= self.seconds

    def stop(self, how_far: str) -> None:
        """Record that the search stopped on the budget (the first stop is the one reported)."""
        self.stopped = self.stopped or how_far

    def tell(self, done: int, total: int, what: str) -> None:
        if self.progress is not None:
            self.progress(done, total, what)

    @property
    def partial(self) -> bool:
        return bool(self.stopped)

    def note(self, command: str, found: str) -> str:
        """'whatif: stopped at the time budget of 30 s after <how far>; <found>'."""
        return f"{command}: stopped at the time budget of {self.seconds:g} s after {self.stopped}; {found}"

    def to_json(self) -> dict[str, Any]:
        return {"partial": self.partial, "time_budget": self.seconds, "stopped_after": self.stopped or None}


__all__ = ["Budget", "Progress"]
