"""The report's membership timeline: who was a party to a treaty, and how, around a date.

One SVG per treaty, one row per state (every party of a small treaty; of a large one, the
scenario's states and those whose status changed in the window), bars coloured by status (member / suspended / frozen), the end of a
state's last interval marked as its withdrawal, the scenario's date as a vertical line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from html import escape
from typing import Any

YEARS_BEFORE = 12
YEARS_AFTER = 4
ROW = 18  # px per state
LABEL = 48  # px for the state codes on the left
WIDTH = 640
STATUS_CLASS = {"member": "tl-member", "suspended": "tl-suspended", "frozen": "tl-frozen"}


def _window(date: dt.date) -> tuple[dt.date, dt.date]:
    return date.replace(year=date.year - YEARS_BEFORE, month=1, day=1), date.replace(
        year=date.year + YEARS_AFTER, month=12, day=31
    )


def _x(day: dt.date, start: dt.date, end: dt.date) -> float:
    # A linear time axis: the SVG's horizontal position of a day in the window.
    span = (end - start).days
    return LABEL + (WIDTH - LABEL - 8) * (min(max(day, start), end) - start).days / span


ALL_ROWS_UP_TO = 16  # a treaty with more parties shows only the rows that matter here


def rows_for(book: Any, states: Iterable[str], start: dt.date, end: dt.date) -> list[str]:
    """The states shown: every party of a treaty with few; otherwise the scenario's states that
    were ever parties plus every state that joined, left or changed status in the window."""
    members = book.rulebook.membership
    if len(members) <= ALL_ROWS_UP_TO:
        return sorted(members)

    def changed(state: str) -> bool:
        days = [d for iv in members[state] for d in (iv.from_, iv.to) if d is not None]
        return any(start <= d <= end for d in days)

    return sorted(s for s in members if s in set(states) or changed(s))


def timeline_svg(book: Any, date: dt.date, states: Iterable[str]) -> str:
    """Inline SVG of `book`'s membership around `date` for the rows `rows_for` picks."""
    start, end = _window(date)
    rows = rows_for(book, states, start, end)
    height = ROW * (len(rows) + 2)
    parts: list[str] = []
    for year in range(start.year, end.year + 1, 2):
        x = _x(dt.date(year, 1, 1), start, end)
        parts.append(f'<line class="tl-grid" x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height - ROW:.0f}"/>')
        parts.append(f'<text class="tl-year" x="{x:.1f}" y="{height - 4:.0f}">{year}</text>')
    for i, state in enumerate(rows):
        y = ROW * i + 3
        parts.append(f'<text class="tl-state" x="2" y="{y + 11}">{escape(state)}</text>')
        intervals = sorted(book.rulebook.membership[state], key=lambda iv: iv.from_)
        for iv in intervals:
            stop = iv.to or end
            if stop < start or iv.from_ > end:
                continue
            x1, x2 = _x(iv.from_, start, end), _x(stop, start, end)
            words = f"{state} {iv.status} from {iv.from_.isoformat()}" + (f" to {iv.to.isoformat()}" if iv.to else "")
            parts.append(
                f'<rect class="{STATUS_CLASS.get(iv.status, "tl-member")}" x="{x1:.1f}" y="{y}" '
                f'width="{max(x2 - x1, 1.0):.1f}" height="{ROW - 6}"><title>{escape(words)}</title></rect>'
            )
        last = intervals[-1] if intervals else None
        if last is not None and last.to is not None and start <= last.to <= end:
            x = _x(last.to, start, end)
            parts.append(
                f'<text class="tl-withdrawn" x="{x + 2:.1f}" y="{y + 11}">withdrawn {last.to.isoformat()}</text>'
            )
    x = _x(date, start, end)
    parts.append(f'<line class="tl-date" x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height - ROW:.0f}"/>')
    parts.append(f'<text class="tl-date-label" x="{x + 3:.1f}" y="{height - ROW - 2:.0f}">{date.isoformat()}</text>')
    return (
        f'<svg class="timeline" data-treaty="{escape(book.id)}" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(book.id)} membership {start.year}–{end.year}</title>" + "".join(parts) + "</svg>"
    )
