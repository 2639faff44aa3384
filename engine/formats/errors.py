"""The project's own errors: every problem a user can fix names a file, line and column."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input file, located as precisely as we can."""

    file: str
    line: int | None
    column: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}:{self.column or 1}: {self.message}"


class CasusError(Exception):
    """Base of every error casus raises on purpose."""


class InputError(CasusError):
    """A user file is unusable; carries every problem found, each with its location."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class EngineError(CasusError):
    """The rules engine misbehaved (a swallowed action exception, a C error code)."""


class RulebookLimitError(CasusError):
    """A rulebook would exceed one of durable_rules' structural limits."""
