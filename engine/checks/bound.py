"""Readings that can be open at once past the judging bound (C009)."""

from __future__ import annotations

import datetime as dt

from engine.checks.registry import Finding, Subject, check
from engine.law import conditions as c
from engine.law.cases import MAX_COMBINATIONS
from engine.law.facts import READING_PREFIX


@check("C009", "too-many-readings", "More readings can be open on one date than casus judges at once")
def too_many_readings(subject: Subject) -> list[Finding]:
    """Each open reading doubles the combinations judged per event, and casus judges at most
    MAX_COMBINATIONS (16,384) per event, readings and unstated facts together. Past that a
    scenario gets a message and exit 2, never a silent cut; this check says so in advance:
    a rulebook whose readings alone can pass the bound on some date (15 or more open at once).

    Passes (two readings in play on any date)::

        readings: {cyber: {...}, gravity: {...}}
        - {id: A, when: {all: [{reading.cyber: yes}, {reading.gravity: yes}]}, ...}

    Fails (fifteen readings in play at once: 32,768 combinations)::

        readings: {r01: {...}, ..., r15: {...}}
        - {id: A, when: {all: [{reading.r01: yes}, ..., {reading.r15: yes}]}, ...}
    """
    book = subject.compiled
    if book is None:
        return []
    dates = {dt.date(1900, 1, 1)}
    for p in book.provisions:
        for d in (p.source.valid_from, p.source.valid_to):
            if d is not None:
                dates.add(d)
    worst = max(dates, key=lambda d: (len(book.readings_on(d)), -d.toordinal()))
    open_ = book.readings_on(worst)
    if 1 << len(open_) <= MAX_COMBINATIONS:
        return []
    names = {READING_PREFIX + r for r in open_}
    first = next(
        p.id
        for p in book.provisions
        if p.source.valid_on(worst) and any(isinstance(t, c.Test) and t.fact in names for t in c.leaves(p.when))
    )
    message = (
        f"{len(open_)} readings can be open at once (on {worst}: {', '.join(open_)}): "
        f"{1 << len(open_):,} combinations per event, more than the {MAX_COMBINATIONS:,} casus judges; "
        "a scenario would be refused unless it pins some of them (readings: in the file, or --reading). "
        "Merge readings that always go together, or split the provisions by date"
    )
    return [Finding("C009", first, message, subject.provision_line(first))]
