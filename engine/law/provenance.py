"""Where a base fact's value comes from, in words an analyst can check against a source.

An explanation that says "victim_status is suspended" is only as good as the reader's
trust in it; naming the membership interval and its source (or the rulebook constant a
latitude was compared with) lets them verify it without opening the rulebook.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from engine.formats.rulebook import Rulebook
from engine.formats.scenario import Scenario
from engine.law import conditions as c
from engine.law.facts import READING_PREFIX

# Which case fact names the state whose membership a status fact reports.
STATUS_SUBJECT = {
    "victim_status": "victim",
    "attacker_status": "attacker",
    "territory_status": "territory_of",
}


def span_words(start: dt.date | None, end: dt.date | None) -> str:
    """A stretch of time in words, both days inclusive: 'A to B', 'from A', 'until B' or 'no
    limit'. Words rather than an open "…", which would read like a value cut short. Membership
    intervals, `casus treaties` and proof trees all say it this way."""
    if start and end:
        return f"{start.isoformat()} to {end.isoformat()}"
    if start:
        return f"from {start.isoformat()}"
    return f"until {end.isoformat()}" if end else "no limit"


def membership_line(book: Rulebook, state: str, date: dt.date) -> str:
    """E.g. 'UZB in CSTO — member 2006-08-16 to 2012-12-18, suspended from 2012-12-19 (source …)'."""
    intervals = sorted(book.membership.get(state, []), key=lambda i: i.from_)
    if not intervals:
        return f"{state} has never been a party to {book.id}"
    spans = [f"{i.status} {span_words(i.from_, i.to)}" for i in intervals]
    current = [i for i in intervals if i.from_ <= date and (i.to is None or date <= i.to)]
    before = [i for i in intervals if i.from_ <= date]
    cited = current[0] if current else (before[-1] if before else intervals[0])
    source = f" (source {cited.source})" if cited.source else ""
    status = book.status_on(state, date)
    return f"{state} in {book.id} — {', '.join(spans)}{source}; on {date.isoformat()}: {status}"


def sponsor_of(scenario: Scenario, attacker: str) -> str | None:
    actor = scenario.actors.get(attacker)
    return actor.sponsor if actor is not None and actor.kind == "non_state" else None


def annotate(
    test: c.Test,
    facts: Mapping[str, Any],
    book: Rulebook,
    scenario: Scenario,
    pinned: Mapping[str, str],
) -> list[str]:
    """Provenance lines for one test on one case: membership, constants, readings, dates."""
    lines: list[str] = []
    date = scenario.date
    if test.fact in STATUS_SUBJECT:
        state = facts.get(STATUS_SUBJECT[test.fact])
        if isinstance(state, str) and state not in ("none", "unknown") and facts.get(test.fact) != "not_a_state":
            lines.append(membership_line(book, state, date))
    elif test.fact == "sponsor_status":
        sponsor = sponsor_of(scenario, str(facts.get("attacker")))
        if sponsor:
            lines.append(membership_line(book, sponsor, date))
    elif test.fact == "date":
        lines.append(f"the law is read at the scenario date, {date.isoformat()}")
    elif test.fact.startswith(READING_PREFIX):
        name = test.fact[len(READING_PREFIX) :]
        reading = book.readings.get(name)
        how = pinned.get(name, "open: this branch assumes this answer")
        if reading is not None:
            lines.append(f"reading {book.id}.{name} ({how}): {reading.question}")
    constants = [k for k, val in book.constants.items() if _same(val, test.value)]
    for name in constants:
        actual = facts.get(test.fact)
        shown = "not given" if actual is None else c._show(actual)
        lines.append(f"{test.fact} {shown} tested against {c._show(test.value)} = the rulebook constant {name}")
    return lines


def _same(constant: Any, value: Any) -> bool:
    if isinstance(value, bool) or isinstance(constant, bool):
        return False
    if isinstance(value, (int, float)) and isinstance(constant, (int, float)):
        return float(value) == float(constant)
    return False
