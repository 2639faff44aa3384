"""The set-up every judging command shares: options checked, then scenarios loaded one by one."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.cli import common
from engine.formats.errors import InputError


@dataclass
class Setup:
    """What a judging command resolves from its options before reading any file."""

    catalogue: Any
    treaties: list[str]
    pinned: dict[str, bool]


def setup(rules: list[Path] | None, treaty: list[str] | None, reading: list[str] | None) -> Setup:
    """Load the catalogue and check --treaty and --reading against it (exit 2 if wrong)."""
    catalogue = common.catalogue_with(rules)
    treaties = common.check_treaties(catalogue, treaty)
    pinned = common.parse_readings(reading)
    common.check_readings(catalogue, pinned)
    return Setup(catalogue, treaties, pinned)


def scenarios(
    files: list[Path], catalogue: Any, outcome: common.Outcome, unstated: common.Unstated = common.Unstated.unknown
) -> Iterator[Any]:
    """Each file's loaded scenario (read as --assume-unstated asks); a bad or missing file is
    reported and skipped."""
    from engine.law.catalogue import load_scenario

    if any(not p.exists() for p in files):
        outcome.bad_input = True
    for path in common.iter_files(files):
        try:
            loaded = load_scenario(path, catalogue)
            common.assume_unstated(loaded.scenario, unstated)
            yield loaded
        except InputError as exc:
            outcome.report(exc)
