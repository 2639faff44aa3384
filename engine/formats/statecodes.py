"""Which ids name a state: the four kinds of state code a scenario or rulebook may use.

1. ISO 3166-1 alpha-3, the current codes (DEU, GBR, KGZ).
2. ISO 3166-3 alpha-3 codes of former states (SUN Soviet Union, YUG, CSK, DDR).
3. ISO 3166 user-assigned alpha-3 codes (AAA-AAZ, QMA-QZZ, XAA-XZZ, ZZA-ZZZ): ISO reserves them for
   private use, so no real state will ever get one; they stand for unnamed hypothetical states.
4. Correlates of War abbreviations (cow_states.csv beside this file) for states older than ISO 3166
   that have no ISO code (AUH Austria-Hungary). A state that continues today keeps its modern code.

The two ISO lists come from the pycountry package, which follows the Debian iso-codes database, so
withdrawals and new codes arrive with a package upgrade instead of a hand-kept literal. Its JSON
files are read directly: importing pycountry itself reads its version through importlib.metadata,
about 40 ms that `casus run` would pay on every start.
"""

from __future__ import annotations

import csv
import functools
import importlib.util
import json
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Final

COW_TABLE: Final = Path(__file__).with_name("cow_states.csv")

# ISO 3166-1 section 8.1.3: alpha-3 codes the standard leaves to its users.
USER_ASSIGNED_RANGES: Final[tuple[tuple[str, str], ...]] = (
    ("AAA", "AAZ"),
    ("QMA", "QZZ"),
    ("XAA", "XZZ"),
    ("ZZA", "ZZZ"),
)


@dataclass(frozen=True)
class CowState:
    """One row of the shipped Correlates of War table."""

    code: str
    ccode: int
    name: str
    start: str  # first day in the COW state system, YYYY-MM-DD
    end: str  # last day


class MissingIsoData(RuntimeError):
    """The pycountry package (the ISO lists) is not installed in this environment."""


def _pycountry_table(name: str, section: str) -> frozenset[str]:
    spec = importlib.util.find_spec("pycountry")  # finds the package without running its __init__
    if spec is None or spec.origin is None:
        raise MissingIsoData("the ISO 3166 state lists come from pycountry: run `pip install pycountry`")
    path = Path(spec.origin).parent / "databases" / f"{name}.json"
    with path.open(encoding="utf-8") as f:
        return frozenset(entry["alpha_3"] for entry in json.load(f)[section])


@functools.cache
def iso_alpha3() -> frozenset[str]:
    """ISO 3166-1 alpha-3: the codes in use today."""
    return _pycountry_table("iso3166-1", "3166-1")


@functools.cache
def iso_former() -> frozenset[str]:
    """ISO 3166-3 alpha-3: codes withdrawn from 3166-1 (states that merged, split or were renamed)."""
    return _pycountry_table("iso3166-3", "3166-3")


@functools.cache
def cow_states() -> dict[str, CowState]:
    """The shipped Correlates of War table, by abbreviation."""
    with COW_TABLE.open(encoding="utf-8", newline="") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        return {r["code"]: CowState(r["code"], int(r["ccode"]), r["name"], r["from"], r["to"]) for r in rows}


def is_user_assigned(code: str) -> bool:
    """An ISO 3166 user-assigned alpha-3 code (for a hypothetical state)."""
    return (
        len(code) == 3
        and all(c in string.ascii_uppercase for c in code)
        and any(low <= code <= high for low, high in USER_ASSIGNED_RANGES)
    )


def is_state_code(code: str) -> bool:
    return code in iso_alpha3() or code in iso_former() or is_user_assigned(code) or code in cow_states()


def named_state_codes() -> frozenset[str]:
    """Every code that names one real state (the user-assigned ranges name none)."""
    return iso_alpha3() | iso_former() | frozenset(cow_states())


# Correlates of War abbreviations of states that have an ISO code, for the hint only: an analyst
# coming from COW or ATOP data writes GMY for Germany. (Where a COW abbreviation spells another
# state's ISO code, CZE Czechoslovakia vs ISO CZE Czechia, nothing can warn: the ISO meaning holds.)
COW_TO_ISO: Final[dict[str, str]] = {
    "GMY": "DEU",
    "GFR": "DEU",
    "GDR": "DDR",
    "UKG": "GBR",
    "FRN": "FRA",
    "SPN": "ESP",
    "POR": "PRT",
    "NTH": "NLD",
    "BUL": "BGR",
    "ROM": "ROU",
    "AUL": "AUS",
}


def nearest_state_code(word: str) -> str | None:
    """The valid code a mistyped one most likely meant (modern code for a COW abbreviation)."""
    from engine.formats.modelcheck import nearest  # pydantic behind it; only a bad file needs it

    upper = word.upper()
    if is_state_code(upper):
        return upper
    return COW_TO_ISO.get(upper) or nearest(upper, named_state_codes())


def state_code_problem(word: str) -> str:
    """The message for an id that should be a state code and is none."""
    best = nearest_state_code(word)
    hint = f"; did you mean {best!r}?" if best else ""
    return f"{word!r} is not a state code: use {KINDS_OF_CODE}{hint}"


KINDS_OF_CODE: Final = (
    "an ISO 3166-1 alpha-3 code (DEU), an ISO 3166-3 code of a former state (SUN), a Correlates of War "
    "abbreviation of a state older than ISO (AUH), or a user-assigned code (XAA-XZZ) for a hypothetical state"
)
