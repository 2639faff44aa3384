"""Treaties that do not apply on the scenario's date: why not, and the nearest date they would.

A treaty applies when one of the scenario's states is a party (member, suspended or
frozen) on the date, or the file names it (engine.law.facts.applicable). A reader who
gets no NATO row for an attack on Finland dated 2022-06-01 needs to be told that Finland
became a party on 2023-04-04, not left to wonder. Each treaty that does not apply gets a
reason and the nearest dates around the scenario's date on which it would: a state of the
scenario joining (`from`) or having left (`until`, its last day as a party), the treaty
entering into force or having ended.

With twenty treaties from 1882 to today, most do not apply to most scenarios. Only those
that would apply within WINDOW_YEARS of the date are listed one by one; the rest (no
state of the scenario a party within the window, or the treaty long out of force) are
counted, so that a 2022 verdict is not buried under the Triple Alliance.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from engine.formats.rulebook import Rulebook
from engine.formats.scenario import Scenario

PARTY_STATUSES = ("member", "suspended", "frozen")
WINDOW_YEARS = 10  # a treaty is listed if it would apply this near the date; the others are counted


@dataclass(frozen=True)
class NotApplicable:
    """A treaty none of whose parties is involved on the date, and why."""

    treaty: str
    reason: str
    from_: dt.date | None = None  # the nearest later date on which a state of the scenario is a party
    until: dt.date | None = None  # the last day, before the date, on which one was

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"treaty": self.treaty, "reason": self.reason}
        if self.from_:
            out["from"] = self.from_.isoformat()
        if self.until:
            out["until"] = self.until.isoformat()
        return out

    def near(self, date: dt.date, years: int = WINDOW_YEARS) -> bool:
        """Whether it would apply within `years` of `date` (before or after)."""
        span = dt.timedelta(days=round(365.25 * years))
        return (self.from_ is not None and self.from_ - date <= span) or (
            self.until is not None and date - self.until <= span
        )


@dataclass(frozen=True)
class Applicability:
    """The treaties that do not apply to a scenario: the near ones listed, the others counted."""

    listed: list[NotApplicable]
    others: int = 0  # not applicable and not within WINDOW_YEARS of the date
    window_years: int = WINDOW_YEARS

    def json_keys(self) -> dict[str, Any]:
        """The additive JSON keys of a verdict or comparison: `not_applicable`, `not_applicable_others`."""
        out: dict[str, Any] = {}
        if self.listed:
            out["not_applicable"] = [n.to_json() for n in self.listed]
        if self.others:
            out["not_applicable_others"] = self.others
        return out

    def others_words(self, date: dt.date) -> str:
        if not self.others:
            return ""
        treaties = "treaty has" if self.others == 1 else "treaties have"
        other = " other" if self.listed else ""
        return (
            f"{self.others}{other} {treaties} no party among the scenario's states within "
            f"{self.window_years} years of {date.isoformat()} (not listed)"
        )


def states_of(scenario: Scenario) -> list[str]:
    return sorted(actor for actor, spec in scenario.actors.items() if spec.kind == "state")


def is_party(rulebook: Rulebook, state: str, date: dt.date) -> bool:
    return rulebook.status_on(state, date) in PARTY_STATUSES


def why_not(rulebook: Rulebook, scenario: Scenario) -> NotApplicable:
    """The reason a treaty does not apply (the caller knows it does not), with the nearest dates."""
    date = scenario.date
    states = states_of(scenario)
    joins: list[tuple[dt.date, str]] = []
    leaves: list[tuple[dt.date, str]] = []
    for state in states:
        for interval in rulebook.membership.get(state, []):
            if interval.from_ > date:
                joins.append((interval.from_, state))
            elif interval.to is not None and interval.to < date:
                leaves.append((interval.to, state))
    join = min(joins) if joins else None
    leave = max(leaves) if leaves else None
    first, last = _span(rulebook)
    day = date.isoformat()
    if first is not None and date < first:
        head, fallback = f"not yet in force on {day}", f"first parties from {first.isoformat()}"
    elif last is not None and date > last:
        head, fallback = f"no longer in force on {day}", f"last day {last.isoformat()}"
    elif len(states) == 1:
        head, fallback = f"{states[0]} is not a party on {day}", ""
    elif states:
        head, fallback = f"none of {', '.join(states)} is a party on {day}", ""
    else:
        head, fallback = f"the scenario names no state, so none is a party on {day}", ""
    # "FIN is not a party on ... (party from ...)": a state the head names is not named again.
    named = len(states) == 1 and head.startswith(states[0])
    details = [
        ("" if named else f"{state} ") + f"party {word} {when.isoformat()}"
        for word, found in (("from", join), ("until", leave))
        if found
        for when, state in [found]
    ]
    if not details and fallback:
        details = [fallback]
    reason = head + (f" ({'; '.join(details)})" if details else "")
    return NotApplicable(rulebook.id, reason, join[0] if join else None, leave[0] if leave else None)


_SPANS: dict[int, tuple[Rulebook, dt.date | None, dt.date | None]] = {}


def _span(rulebook: Rulebook) -> tuple[dt.date | None, dt.date | None]:
    """The first day any state was a party, and the last (None while some party still is).
    Kept per rulebook object: every verdict asks it of every treaty in the catalogue."""
    cached = _SPANS.get(id(rulebook))
    if cached is not None and cached[0] is rulebook:
        return cached[1], cached[2]
    every = [i for intervals in rulebook.membership.values() for i in intervals]
    first = min((i.from_ for i in every), default=None)
    last = None if not every or any(i.to is None for i in every) else max(i.to for i in every if i.to)
    _SPANS[id(rulebook)] = (rulebook, first, last)
    return first, last


def not_applicable(rulebooks: Iterable[Rulebook], scenario: Scenario, applying: Iterable[str]) -> Applicability:
    """Every rulebook not in `applying` (the treaties judged), listed if near the date, else counted."""
    judged = set(applying)
    listed: list[NotApplicable] = []
    others = 0
    for rulebook in sorted(rulebooks, key=lambda r: r.id):
        if rulebook.id in judged:
            continue
        entry = why_not(rulebook, scenario)
        if entry.near(scenario.date):
            listed.append(entry)
        else:
            others += 1
    return Applicability(listed, others)
