"""Candidate one-field edits of a scenario, for the counterfactual search in engine.whatif.

Candidates are generated from the vocabulary and from the rulebook (membership
boundaries, provision validity dates, constants such as the Tropic of Cancer), never
written per case: the search must find "if the date were 2012-12-18" by itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass
from typing import Any

from engine.formats import vocabulary as v
from engine.formats.scenario import Scenario
from engine.law.compiler import CompiledRulebook

Path_ = tuple[str | int, ...]
# Outside states tried as a new attacker: not a party to any shipped treaty on most dates.
OUTSIDERS = ("CHE", "MNG", "AUT", "IRL", "ZAF", "IND", "BRA")
ASKS = ("consultation", "assistance", "deployment")
# Stating a fact the file leaves out (engine.law.cases) ranks before any change of a stated one.
STATE_UNSTATED = -1


@dataclass(frozen=True)
class Op:
    action: str  # set | append
    path: Path_
    value: Any


@dataclass(frozen=True)
class Edit:
    field: str  # one field of the file; two edits of the same field never combine
    ops: tuple[Op, ...]
    words: str  # "the date were 2012-12-18 (...)", completes "if ..."
    rank: int  # category order for ranking: facts of the event first, readings last
    cost: int = 0  # within a category: dates nearer the scenario's rank first


def apply(data: MutableMapping[str, Any], edits: tuple[Edit, ...], *, plain: bool) -> None:
    """Apply edits in place; `plain` data keeps dates as text, as the safe loader does."""
    for edit in edits:
        for op in edit.ops:
            value = op.value.isoformat() if plain and isinstance(op.value, dt.date) else op.value
            parent: Any = data
            for key in op.path[:-1]:
                if isinstance(parent, MutableMapping) and key not in parent:
                    parent[key] = {}
                parent = parent[key]
            last = op.path[-1]
            if op.action == "append":
                if not isinstance(parent, MutableMapping) or parent.get(last) is None:
                    parent[last] = []
                parent[last].append(dict(value) if isinstance(value, dict) else value)
            else:
                parent[last] = value


def _set(field: str, path: Path_, value: Any, words: str, rank: int) -> Edit:
    return Edit(field, (Op("set", path, value),), words, rank)


def _word(value: Any) -> str:
    return ("yes" if value else "no") if isinstance(value, bool) else str(value)


def _show(value: Any) -> str:
    return "null" if value is None else str(value)


def candidates(scenario: Scenario, book: CompiledRulebook, locked: frozenset[str]) -> Iterator[Edit]:
    """Every one-field edit worth trying under `book` (`locked`: readings pinned on the command line)."""
    states = [a for a, spec in scenario.actors.items() if spec.kind == "state"]
    outsider = next(
        (
            s
            for s in OUTSIDERS
            if s not in scenario.actors and book.rulebook.status_on(s, scenario.date) == "non_member"
        ),
        None,
    )
    for i, ev in enumerate(scenario.events):
        p: Path_ = ("events", i)
        name = f"event '{ev.id}'"
        for kind in v.EVENT_KINDS:
            if kind != ev.kind:
                yield _set(f"{i}.kind", (*p, "kind"), kind, f"{name} were of kind {kind}", 0)
        others = [a for a in scenario.actors if a not in (ev.by, ev.against)]
        for actor in [*others, v.UNKNOWN_ACTOR]:
            if actor != ev.by:
                yield _set(f"{i}.by", (*p, "by"), actor, f"{name} were by {actor}", 1)
        if outsider:
            ops = (Op("set", ("actors", outsider), {"kind": "state"}), Op("set", (*p, "by"), outsider))
            words = f"{name} were by {outsider}, a state outside {book.id}"
            yield Edit(f"{i}.by", ops, words, 1)
        for state in states:
            if state not in (ev.against, ev.by):
                yield _set(f"{i}.against", (*p, "against"), state, f"{name} were against {state}", 1)
        for target in v.TARGETS:
            if target != ev.target:
                yield _set(f"{i}.target", (*p, "target"), target, f"{name} hit {target}", 2)
        w = (*p, "where")
        for owner in [*states, None]:
            if owner != ev.where.territory_of:
                words = f"the place were {owner}'s territory" if owner else "the place were no state's territory"
                yield _set(f"{i}.territory_of", (*w, "territory_of"), owner, words, 2)
        for status in v.LOCATION_STATUSES:
            if status != ev.where.status:
                yield _set(f"{i}.status", (*w, "status"), status, f"the place were {status}", 2)
        for region in v.REGIONS:
            if region != ev.where.region:
                yield _set(f"{i}.region", (*w, "region"), region, f"the place were in {region}", 2)
        for cname, cval in book.rulebook.constants.items():
            if isinstance(cval, (int, float)) and not isinstance(cval, bool) and -90 < cval < 90:
                for lat, side in ((round(cval + 0.01, 4), "north"), (round(cval - 0.01, 4), "south")):
                    words = f"the latitude were {lat} (just {side} of {cname} = {cval})"
                    yield _set(f"{i}.latitude", (*w, "latitude"), lat, words, 2)
        for field, values in (
            ("attribution", v.ATTRIBUTIONS),
            ("effects", v.EFFECTS),
            ("foreign_backing", v.FOREIGN_BACKING),
            ("in_self_defence", (True, False)),
        ):
            current = getattr(ev, field)
            for value in values:
                if value == current:
                    continue
                if current is None:  # unstated: stating it is the smallest change there is
                    words = f"the file stated {name}'s {field}: {_word(value)}"
                    yield _set(f"{i}.{field}", (*p, field), value, words, STATE_UNSTATED)
                elif field != "in_self_defence":
                    yield _set(f"{i}.{field}", (*p, field), value, f"{name}'s {field} were {value}", 3)
    yield from _dates(scenario, book)
    asked = {(r.by, r.asks) for r in scenario.requests if r.treaty == book.id}
    for victim in dict.fromkeys(ev.against for ev in scenario.events):
        for asks in ASKS:
            if (victim, asks) not in asked:
                request = {"by": victim, "treaty": book.id, "asks": asks}
                words = f"{victim} asked {book.id} for {asks}"
                yield Edit(f"request.{victim}.{asks}", (Op("append", ("requests",), request),), words, 5)
    flip = not scenario.unsc_authorisation
    words = "the UN Security Council had authorised it" if flip else "there were no UN Security Council authorisation"
    yield _set("unsc_authorisation", ("unsc_authorisation",), flip, words, 5)
    needs_state = {ev.against for ev in scenario.events} | {ev.where.territory_of for ev in scenario.events}
    needs_state |= {r.by for r in scenario.requests} | {a.sponsor for a in scenario.actors.values()}
    for actor, spec in scenario.actors.items():
        if spec.kind == "state" and actor not in needs_state:
            # A state id stays a valid non-state id, so "if the attacker were a group" is one edit.
            words = f"{actor} were a non-state group"
            yield _set(f"actor.{actor}.kind", ("actors", actor, "kind"), "non_state", words, 4)
        if spec.kind != "non_state":
            continue
        unstated = "sponsor" not in spec.model_fields_set  # `sponsor: null` states "no sponsor"
        for sponsor in [*states, None]:
            if unstated or sponsor != spec.sponsor:
                words = f"{actor} were sponsored by {sponsor}" if sponsor else f"{actor} had no state sponsor"
                if unstated:
                    words = f"the file stated that {words.replace(' were ', ' was ')}"
                rank = STATE_UNSTATED if unstated else 4
                yield _set(f"actor.{actor}.sponsor", ("actors", actor, "sponsor"), sponsor, words, rank)
        if spec.based_in is None:
            for base in states:
                words = f"the file stated that {actor} was based in {base}"
                yield _set(f"actor.{actor}.based_in", ("actors", actor, "based_in"), base, words, STATE_UNSTATED)
            if outsider:  # abroad, where the file declares no other state: an outside one
                ops = (
                    Op("set", ("actors", outsider), {"kind": "state"}),
                    Op("set", ("actors", actor, "based_in"), outsider),
                )
                words = f"the file stated that {actor} was based abroad, in {outsider}"
                yield Edit(f"actor.{actor}.based_in", ops, words, STATE_UNSTATED)
    for reading in book.readings_on(scenario.date):
        key = f"{book.id}.{reading}"
        if key in locked:
            continue
        current = scenario.readings.get(key)
        for answer in (True, False):
            if answer != current:
                word = "yes" if answer else "no"
                yield _set(f"reading.{key}", ("readings", key), word, f"the reading {key} were pinned {word}", 6)


def _dates(scenario: Scenario, book: CompiledRulebook) -> Iterator[Edit]:
    """Dates one day either side of every boundary the rulebook draws for this scenario's states."""
    marks: dict[dt.date, str] = {}
    involved = set(scenario.actors)
    for state, intervals in book.rulebook.membership.items():
        if state not in involved:
            continue
        for it in intervals:
            span = f"{state} {it.status} {it.from_} to {it.to}" if it.to else f"{state} {it.status} from {it.from_}"
            marks.setdefault(it.from_ - dt.timedelta(days=1), f"the day before {span}")
            marks.setdefault(it.from_, f"{span}: its first day")
            if it.to:
                marks.setdefault(it.to, f"{span}: its last day")
                marks.setdefault(it.to + dt.timedelta(days=1), f"the day after {span}")
    for p in book.provisions:
        src = p.source
        if src.valid_from:
            marks.setdefault(src.valid_from - dt.timedelta(days=1), f"before {p.id} applied (from {src.valid_from})")
            marks.setdefault(src.valid_from, f"the day {p.id} began to apply")
        if src.valid_to:
            marks.setdefault(src.valid_to, f"the last day {p.id} applied")
            marks.setdefault(src.valid_to + dt.timedelta(days=1), f"after {p.id} ceased to apply (to {src.valid_to})")
    # Nearest first: of dates with the same effect, the one tried (and shown) is the nearest.
    for date in sorted(marks, key=lambda d: (abs((d - scenario.date).days), d)):
        if date != scenario.date and 1900 <= date.year <= 2200:
            words = f"the date were {date} ({marks[date]})"
            yield Edit("date", (Op("set", ("date",), date),), words, 4, abs((date - scenario.date).days))


def describe_values(edit: Edit) -> str:
    return ", ".join(f"{'.'.join(str(k) for k in op.path)}: {_show(op.value)}" for op in edit.ops)
