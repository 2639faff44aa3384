"""The project's own errors: every problem a user can fix names a file, line and column."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input file, located as precisely as we can.

    A warning is worth fixing but does not make the file unusable (exit 0 if nothing else
    is wrong); it prints as `file:line:col: warning: message`.
    """

    file: str
    line: int | None
    column: int | None
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        text = f"warning: {self.message}" if self.severity == "warning" else self.message
        if self.line is None:
            return f"{self.file}: {text}"
        return f"{self.file}:{self.line}:{self.column or 1}: {text}"

    def sort_key(self) -> tuple[str, int, int]:
        """Problems of one file in the order a reader meets them."""
        return (self.file, self.line or 0, self.column or 0)


def shown(problems: Sequence[Problem]) -> list[str]:
    """The lines to print for a file's problems: the first MAX_PROBLEMS_SHOWN, then a count of the
    rest (a generated file can have tens of thousands; the first ones are the ones to fix)."""
    from engine.formats.limits import MAX_PROBLEMS_SHOWN

    lines = [str(p) for p in problems[:MAX_PROBLEMS_SHOWN]]
    if len(problems) > MAX_PROBLEMS_SHOWN:
        rest = len(problems) - MAX_PROBLEMS_SHOWN
        lines.append(f"{problems[0].file}: ... and {rest:,} more problems in this file")
    return lines


class CasusError(Exception):
    """Base of every error casus raises on purpose."""


class InputError(CasusError):
    """A user file is unusable; carries every problem found, each with its location."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class EngineError(CasusError):
    """The rules engine misbehaved (a swallowed action exception, a C error code)."""


class EngineUnavailable(EngineError):
    """durable_rules' C extension cannot be imported (not built, or built for another Python)."""


class RulebookLimitError(CasusError):
    """A rulebook would exceed one of durable_rules' structural limits."""
