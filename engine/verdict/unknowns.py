"""Judging over facts a file does not state: per reading combination, what an outcome is
whatever the unstated answers are, and which unstated facts a contested result turns on.

Each event is judged under every answer to its own unstated facts (engine.law.cases). An
outcome holds under a reading combination if some event concludes it there; with unknowns,
it *surely* holds if some event concludes it under every answer to that event's unknowns,
and it *may* hold if some event concludes it under some answer. So, per combination:
triggered if surely, not triggered if it may not even hold, contested otherwise.

Events are taken one by one: the unknowns of two events are branched on independently,
even where one key (a group's base) bears on both. That can only say `contested` where a
joint search would say `triggered` (never the reverse, and never a wrong `not_triggered`),
and it keeps the search to the product per event (MAX_COMBINATIONS) instead of across
events. A fact's effect (`FactEffect`) is computed with the key fixed on every event at once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from engine.law.cases import EventCases
from engine.law.unstated import Unstated


@dataclass(frozen=True)
class EventTable:
    """One event's cases for one outcome: whether it concludes, by case number."""

    cases: EventCases
    fires: tuple[bool, ...]  # world * readings + reading combination

    def worlds(self, fixed: Mapping[str, int]) -> list[int]:
        """The worlds (answer tuples) that agree with `fixed` (unstated key -> answer index)."""
        positions = [(j, fixed[u.key]) for j, u in enumerate(self.cases.unstated) if u.key in fixed]
        return [w for w, world in enumerate(self.cases.worlds) if all(world[j] == i for j, i in positions)]


def tables(groups: Sequence[EventCases], concludes: Mapping[str, bool]) -> list[EventTable]:
    """Each event's table, from whether each case (by key) concludes the outcome."""
    return [EventTable(g, tuple(concludes[c.key] for c in g.cases)) for g in groups]


def per_reading(event_tables: Sequence[EventTable], combos: int, fixed: Mapping[str, int] | None = None) -> list[str]:
    """The outcome's status under each reading combination, over the unstated answers."""
    fixed = fixed or {}
    chosen = [(t, t.worlds(fixed)) for t in event_tables]
    out = []
    for r in range(combos):
        surely = maybe = False
        for t, worlds in chosen:
            values = [t.fires[w * combos + r] for w in worlds]
            surely |= all(values)
            maybe |= any(values)
        out.append("triggered" if surely else "contested" if maybe else "not_triggered")
    return out


def overall(statuses: Sequence[str]) -> str:
    """One status from the statuses under each reading combination."""
    if all(s == "triggered" for s in statuses):
        return "triggered"
    if all(s == "not_triggered" for s in statuses):
        return "not_triggered"
    return "contested"


def readings_that_matter(free: Sequence[str], statuses: Sequence[str]) -> list[str]:
    """The open readings whose answer changes the status under some combination of the others."""
    out = []
    for i, name in enumerate(free):
        bit = 1 << (len(free) - 1 - i)
        if any(statuses[k] != statuses[k ^ bit] for k in range(len(statuses))):
            out.append(name)
    return out


@dataclass
class FactAnswer:
    answer: str  # "yes", "no", or the values of a class ("alleged or disputed")
    status: str
    turns_on: list[str] = field(default_factory=list)  # TREATY.reading names still open under it

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"answer": self.answer, "status": self.status}
        if self.turns_on:
            out["turns_on"] = self.turns_on
        return out


@dataclass
class FactEffect:
    """An unstated fact a contested result turns on, and the status under each answer."""

    key: str  # where the file would state it: actors.HAM.based_in, events.raid.attribution
    fact: str  # the base fact it decides
    question: str  # "whether HAM was based abroad (outside ISR)"
    events: list[str]
    answers: list[FactAnswer]
    boolean: bool = False

    def words(self) -> str:
        """'the file does not say whether X was based abroad: if so, triggered; if not, contested on NATO.y'."""
        parts = []
        for a in self.answers:
            clause = ("so" if a.answer == "yes" else "not") if self.boolean else a.answer
            status = a.status.replace("_", " ")
            if a.status == "contested":
                status += " on " + (", ".join(a.turns_on) if a.turns_on else "other unstated facts")
            parts.append(f"if {clause}, {status}")
        return f"the file does not say {self.question}: " + "; ".join(parts)

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "fact": self.fact,
            "question": self.question,
            "events": self.events,
            "answers": [a.to_json() for a in self.answers],
            "words": self.words(),
        }


def fact_effects(event_tables: Sequence[EventTable], free: Sequence[str], treaty: str) -> list[FactEffect]:
    """The unstated facts whose answer changes whether some event concludes the outcome."""
    combos = 1 << len(free)
    first: dict[str, Unstated] = {}
    for t in event_tables:
        for u in t.cases.unstated:
            first.setdefault(u.key, u)
    effects = []
    for key, unstated in first.items():
        involved = [t for t in event_tables if any(u.key == key for u in t.cases.unstated)]
        if not any(_matters(t, key, combos) for t in involved):
            continue
        answers = []
        for i, answer in enumerate(unstated.answers):
            statuses = per_reading(event_tables, combos, {key: i})
            status = overall(statuses)
            open_ = [f"{treaty}.{r}" for r in readings_that_matter(free, statuses)] if status == "contested" else []
            answers.append(FactAnswer(answer, status, open_))
        events = [t.cases.event for t in involved]
        effects.append(FactEffect(key, unstated.fact, unstated.question, events, answers, unstated.boolean))
    return effects


def _matters(t: EventTable, key: str, combos: int) -> bool:
    """Some two worlds differing in this key's answer alone conclude differently somewhere."""
    j = next(j for j, u in enumerate(t.cases.unstated) if u.key == key)
    index = {world: w for w, world in enumerate(t.cases.worlds)}
    for w, world in enumerate(t.cases.worlds):
        for other in range(len(t.cases.unstated[j].answers)):
            if other <= world[j]:
                continue
            w2 = index[(*world[:j], other, *world[j + 1 :])]
            if any(t.fires[w * combos + r] != t.fires[w2 * combos + r] for r in range(combos)):
                return True
    return False
