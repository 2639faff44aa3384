"""A scenario as cases: every event under one treaty, once per combination of the open
readings and of the answers to the facts the file leaves unstated.

Judging, explanations, comparisons and counterfactuals all build their cases here, so they
branch on the same unknowns in the same order.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from engine.formats.errors import InputError, Problem
from engine.formats.limits import MAX_EVENT_COMBINATIONS
from engine.formats.scenario import Event, Scenario
from engine.law.areas import AREA_PREFIX, area_words
from engine.law.compiler import CompiledProvision, CompiledRulebook
from engine.law.conditions import All, Atom, Cond, Not, Test, leaves
from engine.law.facts import BASE_FACTS, READING_PREFIX, STATUSES, Case, event_facts, reading_combinations
from engine.law.unstated import Unstated, enum_words, number_candidates, number_words, value_classes

# Facts whose absence v1 read as "no match" and still does under --assume-unstated=no:
# a test on them is false whichever way it is phrased (conditions.Test.holds).
_V1_ABSENT = ("attribution", "effects", "latitude")
_BASE_ABROAD = "_base_abroad"  # an option's part of from_abroad, resolved in _resolve
_SPONSOR_WORDS = {
    "member": "yes, a member state",
    "suspended": "yes, a suspended member",
    "frozen": "yes, a member whose participation is frozen",
    "former": "yes, a former member",
    "non_member": "yes, a state outside the treaty",
}


def open_facts(book: CompiledRulebook, scenario: Scenario, event: Event) -> tuple[dict[str, Any], list[Unstated]]:
    """The event's known facts, and what the file leaves out that the rulebook's tests can
    tell apart, each with the answers worth trying (engine.law.unstated).

    Any base fact event_facts leaves None is unknown here, whatever its origin: a new
    optional key needs only event_facts to leave its fact None when absent. A fact no test
    can tell apart is given its one class's value and not branched on.
    """
    facts = event_facts(book.rulebook, scenario, event)
    if scenario._unstated_as_no:
        return facts, []
    tests = book.tests_by_fact
    found: list[Unstated] = []
    by, victim = event.by, event.against
    if facts.get("state_sponsored") is None and "state_sponsored" in facts:
        found += _sponsor(book, by, facts)
    if facts.get("from_abroad") is None and "from_abroad" in facts:
        found += _base(tests.get("from_abroad", ()), by, victim, facts)
    for name, value in list(facts.items()):
        if value is not None or name in ("state_sponsored", "sponsor_status", "from_abroad"):
            continue
        spec = BASE_FACTS.get(name)
        kind = spec.type if spec is not None else "bool"
        if kind not in ("bool", "enum", "number"):
            continue
        fact_tests = tests.get(name, ())
        if kind == "bool":
            candidates: list[Any] = [False, True]
        elif kind == "enum":
            candidates = list(spec.values if spec is not None else ())
        else:
            low, high = (-90.0, 90.0) if name == "latitude" else (None, None)
            candidates = number_candidates(fact_tests, low, high)
        groups = value_classes(fact_tests, name, candidates)
        if len(groups) < 2:
            if groups and not fact_tests:
                continue  # no test reads it: leave it unknown, nothing can differ
            if groups:
                facts[name] = groups[0][0]
            continue
        if kind == "bool":
            answers = tuple("yes" if g[0] else "no" for g in groups)
        elif kind == "enum":
            answers = tuple(enum_words(g) for g in groups)
        else:
            answers = tuple(number_words(g, candidates, fact_tests) for g in groups)
        found.append(
            Unstated(
                _key(name, event, by),
                name,
                _question(name, event),
                answers,
                tuple({name: g[0]} for g in groups),
                boolean=kind == "bool",
            )
        )
    return facts, found


def _key(fact: str, event: Event, by: str) -> str:
    # The key the file would state it with (provoked_by_victim comes from `provoked_by`).
    field = {"provoked_by_victim": "provoked_by", "victim_joined_war": "joined_war"}.get(fact, fact)
    if fact in ("latitude", "longitude"):
        return f"events.{event.id}.where.{fact}"
    return f"events.{event.id}.{field}"


def _question(fact: str, event: Event) -> str:
    where = f"event '{event.id}'"
    words = {
        "attribution": f"how firmly {where} is attributed to {event.by}",
        "effects": f"what the worst effect of {where} was",
        "foreign_backing": f"whether {where} had foreign backing",
        "in_self_defence": f"whether {event.by} acted in self-defence against {event.against} in {where}",
        "latitude": f"the latitude of {where}",
        "longitude": f"the longitude of {where}",
        "provoked_by_victim": f"whether {where} answered an earlier act of {event.against}",
        "victim_joined_war": f"whether {event.against} had itself joined a war already going on before {where}",
    }
    if fact in words:
        return words[fact]
    if fact.startswith(AREA_PREFIX):  # the place is not precise enough for the treaty area
        area = area_words(fact[len(AREA_PREFIX) :])
        return f"whether {where} took place in {area} (its latitude and longitude would say)"
    spec = BASE_FACTS.get(fact)
    return f"{spec.doc if spec else fact} ({where})"


def _sponsor(book: CompiledRulebook, by: str, facts: dict[str, Any]) -> list[Unstated]:
    tests = [*book.tests_by_fact.get("state_sponsored", ()), *book.tests_by_fact.get("sponsor_status", ())]
    options: list[dict[str, Any]] = [{"state_sponsored": False, "sponsor_status": "not_a_state"}]
    answers = ["no"]
    for group in value_classes(list(book.tests_by_fact.get("sponsor_status", ())), "sponsor_status", STATUSES):
        options.append({"state_sponsored": True, "sponsor_status": group[0], _BASE_ABROAD: True})
        answers.append(_SPONSOR_WORDS[group[0]] if len(group) == 1 else "yes")
    # Alike to every test (e.g. no rule reads either fact): no branching, the first answer.
    distinct = {tuple(t.holds(o) for t in tests) for o in options}
    if len(distinct) < 2 and not book.tests_by_fact.get("from_abroad"):
        facts.update(options[0])
        return []
    return [
        Unstated(
            f"actors.{by}.sponsor", "state_sponsored", f"whether a state sponsored {by}", tuple(answers), tuple(options)
        )
    ]


def _base(tests: Sequence[Test], by: str, victim: str, facts: dict[str, Any]) -> list[Unstated]:
    if not tests:
        return []
    return [
        Unstated(
            f"actors.{by}.based_in",
            "from_abroad",
            f"whether {by} was based abroad (outside {victim})",
            ("yes", "no"),
            ({_BASE_ABROAD: True}, {_BASE_ABROAD: False}),
            boolean=True,
        )
    ]


def _resolve(facts: dict[str, Any]) -> dict[str, Any]:
    """from_abroad once the options are set: a foreign base or a (foreign) sponsor makes it so."""
    abroad = facts.pop(_BASE_ABROAD, None)
    if facts.get("from_abroad") is None and "from_abroad" in facts:
        sponsored = facts.get("sponsor_status") not in (None, "not_a_state")
        if abroad is not None or sponsored:
            facts["from_abroad"] = bool(abroad) or sponsored
    return facts


# The product of open readings and unstated facts' answers judged per event: each is one
# evaluation. Measured: the CSTO's ten open readings with two unstated facts (6,144 cases, an
# Estonian airspace file) take ~1.5 s in Python and ~3 s in durable_rules; the bound keeps
# one event under ~10 s while every shipped file stays well inside it. It is defined with the
# other limits (engine.formats.limits, the README's table), with the worst file's cost.
MAX_COMBINATIONS = MAX_EVENT_COMBINATIONS


class CombinationLimitError(InputError):
    """An event whose open readings and unstated facts have more combinations than are judged.

    Judging knows the scenario, not its file: the command that read the file names it
    (in_file); until then the problem is located at the scenario's id."""

    def __init__(self, scenario_id: str, message: str) -> None:
        self.message = message
        super().__init__([Problem(scenario_id, None, None, message)])

    def in_file(self, file: str) -> InputError:
        return InputError([Problem(file, None, None, self.message)])


@dataclass(frozen=True)
class EventCases:
    """The cases of one event: every world (answers to its unstated facts) x reading combination.

    A case's number is world * 2^readings + reading combination, the first unstated
    fact being the most significant digit and the first reading the high bit.
    """

    event: str
    unstated: tuple[Unstated, ...]
    worlds: tuple[tuple[int, ...], ...]
    readings: int  # 2^(open readings)
    cases: tuple[Case, ...]


def worlds_of(unstated: Sequence[Unstated]) -> list[tuple[int, ...]]:
    return list(itertools.product(*(range(len(u.answers)) for u in unstated)))


@dataclass(frozen=True)
class EventWorlds:
    """One event's facts under each answer to its unstated facts (one world if none)."""

    unstated: tuple[Unstated, ...]
    worlds: tuple[tuple[int, ...], ...]  # answer index per unstated fact, mixed radix
    facts: tuple[dict[str, Any], ...]  # the base facts (and pinned readings) of each world


def event_worlds(
    book: CompiledRulebook, scenario: Scenario, event: Event, pinned: dict[str, bool], free: Sequence[str]
) -> EventWorlds:
    """The event's worlds; past MAX_COMBINATIONS with the open readings, a
    CombinationLimitError naming the file, the readings and the facts."""
    base, unstated = open_facts(book, scenario, event)
    for name, value in pinned.items():
        base[READING_PREFIX + name] = value
    unstated = _live(book, base, unstated)
    size = 1 << len(free)
    for u in unstated:
        size *= len(u.answers)
    if size > MAX_COMBINATIONS:
        raise _too_many(book, scenario, event, free, unstated, size)
    worlds = worlds_of(unstated)
    facts = []
    for world in worlds:
        these = dict(base)
        for u, i in zip(unstated, world, strict=True):
            these.update(u.options[i])
        facts.append(_resolve(these))
    return EventWorlds(tuple(unstated), tuple(worlds), tuple(facts))


def _names(u: Unstated) -> set[str]:
    """The base facts an unstated input decides (a base or a sponsor also decides from_abroad)."""
    names = {k for option in u.options for k in option if k != _BASE_ABROAD}
    if any(_BASE_ABROAD in option for option in u.options):
        names.add("from_abroad")
    return names


def _live(book: CompiledRulebook, base: dict[str, Any], unstated: list[Unstated]) -> list[Unstated]:
    """The unstated inputs some provision could still read on this event; the others take
    their first answer (nothing can tell their answers apart here).

    A provision's condition is evaluated three-valued on what is known (an unstated fact, an
    open reading and a derived fact are unknown): a test on an unstated fact is live unless a
    sibling under `all` is already false or one under `any` already true. An invasion never
    reaches the CSTO's tests on foreign backing of unrest, so that fact is not branched on:
    fewer cases, the same verdict.
    """
    if not unstated:
        return unstated
    unknown = set().union(*(_names(u) for u in unstated))
    live: set[str] = set()
    testing = _provisions_testing(book)
    for p in {p.id: p for name in unknown for p in testing.get(name, ())}.values():
        live |= _live_tests(p.condition, base, unknown)[1]
    kept = [u for u in unstated if _names(u) & live]
    for u in unstated:
        if u not in kept:
            base.update(u.options[0])
    if not any("from_abroad" in _names(u) for u in kept):
        _resolve(base)  # nothing left open decides it: settle it once here
    return kept


# Keyed by id(book), holding the book so the id cannot be reused while the entry lives.
_TESTING: dict[int, tuple[CompiledRulebook, dict[str, tuple[CompiledProvision, ...]]]] = {}


def _provisions_testing(book: CompiledRulebook) -> dict[str, tuple[CompiledProvision, ...]]:
    """The provisions whose conditions test each base fact: only they can read an unstated one."""
    entry = _TESTING.get(id(book))
    if entry is None or entry[0] is not book:
        found: dict[str, dict[str, CompiledProvision]] = {}
        for p in book.provisions:
            for leaf in leaves(p.condition):
                if isinstance(leaf, Test):
                    found.setdefault(leaf.fact, {})[p.id] = p
        if len(_TESTING) > 256:  # synthetic rulebooks in tests: keep the cache bounded
            _TESTING.clear()
        entry = _TESTING[id(book)] = (book, {fact: tuple(ps.values()) for fact, ps in found.items()})
    return entry[1]


def _live_tests(cond: Cond, facts: dict[str, Any], unknown: set[str]) -> tuple[bool | None, set[str]]:
    """(True/False/None for unknown, the unknown facts tested where their value could matter)."""
    if isinstance(cond, Test):
        if cond.fact in unknown:
            return None, {cond.fact}
        if cond.fact.startswith(READING_PREFIX) and cond.fact not in facts:
            return None, set()
        return cond.holds(facts), set()
    if isinstance(cond, Atom):
        return None, set()
    if isinstance(cond, Not):
        value, names = _live_tests(cond.item, facts, unknown)
        return (None if value is None else not value), names
    results = [_live_tests(item, facts, unknown) for item in cond.items]
    decisive = not isinstance(cond, All)  # a false item settles `all`, a true one `any`
    if any(value is decisive for value, _ in results):
        return decisive, set()
    if all(value is not None for value, _ in results):
        return (not decisive), set()
    return None, set().union(*(names for _, names in results))


def live_readings(
    book: CompiledRulebook, scenario: Scenario, pinned: dict[str, bool], free: Sequence[str]
) -> list[str]:
    """The open readings some provision could still read on some event of the file, in order.

    The same three-valued pass as for unstated facts (_live), with the open readings and
    the unstated facts unknown: a reading whose every test sits under an `all` with a
    sibling already false, or an `any` with one already true, cannot change any case, so it
    is not branched on. Each reading left out halves the cases: the CSTO's eleven readings
    are 2,048 evaluations per event, of which an interstate clash reads a handful.
    """
    if not free:
        return []
    wanted = {READING_PREFIX + r for r in free}
    testing = _provisions_testing(book)
    provisions = {p.id: p for name in wanted for p in testing.get(name, ())}.values()
    live: set[str] = set()
    for event in scenario.events:
        base, unstated = open_facts(book, scenario, event)
        for name, value in pinned.items():
            base[READING_PREFIX + name] = value
        unknown = set(wanted).union(*(_names(u) for u in unstated))
        for p in provisions:
            live |= _live_tests(p.condition, base, unknown)[1] & wanted
        if live == wanted:
            break
    return [r for r in free if READING_PREFIX + r in live]


def event_cases(
    book: CompiledRulebook, scenario: Scenario, pinned: dict[str, bool], free: Sequence[str]
) -> list[EventCases]:
    """All cases of a scenario under one treaty, event by event (see EventCases)."""
    combos = reading_combinations(free)
    out = []
    for event in scenario.events:
        found = event_worlds(book, scenario, event, pinned, free)
        cases = []
        for w, (world, facts) in enumerate(zip(found.worlds, found.facts, strict=True)):
            assumed = tuple((u.key, u.answers[i]) for u, i in zip(found.unstated, world, strict=True))
            for c, combo in enumerate(combos):
                case_facts = dict(facts)
                for name, value in combo:
                    case_facts[READING_PREFIX + name] = value
                cases.append(Case(f"{event.id}#{w * len(combos) + c}", event.id, combo, case_facts, assumed))
        out.append(EventCases(event.id, found.unstated, found.worlds, len(combos), tuple(cases)))
    return out


def build_cases(
    book: CompiledRulebook,
    scenario: Scenario,
    pinned: dict[str, bool],
    free: Sequence[str],
) -> list[Case]:
    """All cases of a scenario under one treaty: events x unstated answers x free readings."""
    return [case for ev in event_cases(book, scenario, pinned, free) for case in ev.cases]


def _too_many(
    book: CompiledRulebook,
    scenario: Scenario,
    event: Event,
    free: Sequence[str],
    unstated: Sequence[Unstated],
    size: int,
) -> CombinationLimitError:
    parts = [f"{len(free)} open readings ({', '.join(free)})" if free else ""]
    parts += [f"{u.key} ({len(u.answers)} answers)" for u in unstated]
    listed = "; ".join(p for p in parts if p)
    fixes = [f"pin readings in the file (readings:) or with --reading {book.id}.NAME=yes|no"] if free else []
    if unstated:
        fixes = ["state some of these facts in the file", *fixes, "use --assume-unstated=no (absent means no)"]
    message = (
        f"event '{event.id}' under {book.id} has {size:,} combinations of open readings and unstated facts, "
        f"more than the {MAX_COMBINATIONS:,} casus judges: {listed}. To judge it, " + ", or ".join(fixes)
    )
    return CombinationLimitError(scenario.id, message)
