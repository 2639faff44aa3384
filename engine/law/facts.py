"""Base facts: what the rules may test, and how a scenario becomes cases of facts.

A *case* is one event judged under one treaty with one assignment of the open readings
and one answer to each fact the file leaves unstated (engine.law.unstated): a flat dict
of base facts. Both evaluators see exactly these dicts.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from engine.formats import vocabulary as v
from engine.formats.rulebook import Rulebook
from engine.formats.scenario import Event, Scenario
from engine.law.areas import AREA_PREFIX, area_fact, area_ids

STATUSES = ("member", "suspended", "frozen", "former", "non_member")
ACTOR_STATUSES = (*STATUSES, "not_a_state")
FactType = Literal["enum", "bool", "number", "date", "state"]


@dataclass(frozen=True)
class FactSpec:
    name: str
    type: FactType
    doc: str
    values: tuple[str, ...] = ()


def _spec(name: str, type_: FactType, doc: str, values: Sequence[str] = ()) -> FactSpec:
    return FactSpec(name, type_, doc, tuple(values))


BASE_FACTS: dict[str, FactSpec] = {
    s.name: s
    for s in (
        _spec("date", "date", "the date the law is read at (the scenario date)"),
        _spec("event_kind", "enum", "what happened", v.EVENT_KINDS),
        _spec("target", "enum", "what was hit", v.TARGETS),
        _spec("attribution", "enum", "how firmly the act is attributed to `by`", v.ATTRIBUTIONS),
        _spec("effects", "enum", "the worst effect", v.EFFECTS),
        _spec("foreign_backing", "enum", "foreign backing of unrest or insurgency", v.FOREIGN_BACKING),
        _spec("region", "enum", "where it happened", v.REGIONS),
        _spec("location_status", "enum", "whether the place's sovereignty is disputed", v.LOCATION_STATUSES),
        _spec("latitude", "number", "latitude of the place, if given"),
        _spec("longitude", "number", "longitude of the place (WGS84, east positive), if given"),
        _spec("victim", "state", "the state that suffers the event (`against`)"),
        _spec("attacker", "state", "the actor id in `by` (`unknown` if nobody knows)"),
        _spec("attacker_kind", "enum", "state, non_state, or unknown", ("state", "non_state", "unknown")),
        _spec("territory_of", "state", "whose territory the place is (`none` at sea or in the air)"),
        _spec("administered_by", "state", "who administers the place (defaults to territory_of)"),
        _spec("victim_status", "enum", "the victim's membership on the date", STATUSES),
        _spec("attacker_status", "enum", "the attacking state's membership", ACTOR_STATUSES),
        _spec("sponsor_status", "enum", "membership of the state sponsoring a non-state attacker", ACTOR_STATUSES),
        _spec("territory_status", "enum", "membership of the state whose territory it is", ACTOR_STATUSES),
        _spec("state_sponsored", "bool", "a non-state attacker has a state sponsor"),
        _spec("on_victim_territory", "bool", "the place is the victim's own territory"),
        _spec("administered_by_victim", "bool", "the place is administered by the victim"),
        _spec("from_abroad", "bool", "the attack was directed from outside the victim's territory"),
        _spec("in_self_defence", "bool", "the attacker acts in self-defence against the victim's own armed attack"),
        _spec("provoked_by_victim", "bool", "the event answers an earlier act of the victim (`provoked_by` names it)"),
        _spec("victim_joined_war", "bool", "the victim had itself entered a war already going on (`joined_war`)"),
        _spec("attacking_states", "number", "how many states attack the victim in the scenario's events"),
        _spec("listed_attackers", "number", "how many of them the rulebook's constant `listed_attackers` names"),
        _spec("victim_requested_consultation", "bool", "the victim asked this treaty for consultation"),
        _spec("victim_requested_assistance", "bool", "the victim asked this treaty for assistance"),
        _spec("victim_requested_deployment", "bool", "the victim asked for the organisation's forces"),
        _spec("host_requested_deployment", "bool", "the state whose territory it is asked for forces"),
        _spec("member_requested_consultation", "bool", "any member asked this treaty for consultation"),
        _spec("member_requested_deployment", "bool", "any member asked for the organisation's forces"),
        _spec("unsc_authorisation", "bool", "the UN Security Council authorised the action"),
    )
}

READING_PREFIX = "reading."
# The event kinds that make their `by` an attacker of their `against` (attacking_states).
ATTACK_KINDS = ("invasion", "armed_attack", "border_clash", "air_or_missile_strike", "naval_attack")
# The rulebook constant naming the attackers that listed_attackers counts.
LISTED_ATTACKERS = "listed_attackers"
REQUEST_FACT = {
    "consultation": "victim_requested_consultation",
    "assistance": "victim_requested_assistance",
    "deployment": "victim_requested_deployment",
}

# The baseline case of provision examples: an invasion of a member by an outside state.
EXAMPLE_BASELINE: dict[str, Any] = {
    "event_kind": "invasion",
    "target": "territory",
    "attribution": "confirmed",
    "effects": "casualties",
    "foreign_backing": "none",
    "region": "europe",
    "location_status": "undisputed",
    "victim": "AAA",
    "attacker": "BBB",
    "attacker_kind": "state",
    "territory_of": "AAA",
    "administered_by": "AAA",
    "victim_status": "member",
    "attacker_status": "non_member",
    "sponsor_status": "not_a_state",
    "territory_status": "member",
    "state_sponsored": False,
    "on_victim_territory": True,
    "administered_by_victim": True,
    "from_abroad": True,
    "in_self_defence": False,
    "provoked_by_victim": False,
    "victim_joined_war": False,
    "attacking_states": 1,
    "listed_attackers": 0,
    "victim_requested_consultation": False,
    "victim_requested_assistance": False,
    "victim_requested_deployment": False,
    "host_requested_deployment": False,
    "member_requested_consultation": False,
    "member_requested_deployment": False,
    "unsc_authorisation": False,
}


@dataclass(frozen=True)
class Case:
    """One event under one treaty with one assignment of the free readings."""

    key: str  # unique within an evaluation; the engine's correlation id
    event: str
    readings: tuple[tuple[str, bool], ...]
    facts: dict[str, Any]
    assumed: tuple[tuple[str, str], ...] = ()  # (unstated key, the answer assumed in this case)


def applicable(rulebook: Rulebook, scenario: Scenario) -> bool:
    """A treaty applies if a party is involved on the date or the scenario names it."""
    named = {r.treaty for r in scenario.requests} | set(scenario.treaties) | set(scenario.expect or {})
    if rulebook.id in named:
        return True
    return any(
        rulebook.status_on(actor, scenario.date) in ("member", "suspended", "frozen")
        for actor, spec in scenario.actors.items()
        if spec.kind == "state"
    )


def event_facts(rulebook: Rulebook, scenario: Scenario, event: Event) -> dict[str, Any]:
    """The base facts of one event under one treaty, readings not included.

    A fact the file does not state is None (unknown): open_facts says which values to try.
    Under --assume-unstated=no (scenario._unstated_as_no) it takes format v1's default
    instead: no foreign backing, no self-defence, no sponsor, not based abroad.
    """
    date = scenario.date
    actors = scenario.actors
    as_no = scenario._unstated_as_no

    def status(actor_id: str | None) -> str:
        if actor_id is None or actor_id not in actors or actors[actor_id].kind != "state":
            return "not_a_state"
        return rulebook.status_on(actor_id, date)

    attacker = actors.get(event.by)
    attacker_kind = "unknown" if attacker is None else attacker.kind
    group = attacker if attacker is not None and attacker.kind == "non_state" else None
    sponsor = group.sponsor if group is not None else None
    # `sponsor: null` says "no sponsor"; only a file without the key leaves it unknown.
    sponsor_unknown = group is not None and "sponsor" not in group.model_fields_set and not as_no
    where = event.where
    administered = where.administered_by or where.territory_of
    victim = event.against
    from_abroad: bool | None
    if attacker_kind == "state":
        from_abroad = event.by != victim
    elif group is not None:
        base = group.based_in
        from_abroad = (sponsor is not None and sponsor != victim) or (base is not None and base != victim)
        if not from_abroad and not as_no and (base is None or sponsor_unknown):
            from_abroad = None  # the base or a foreign sponsor, neither stated, could make it so
    else:
        from_abroad = False
    # Clauses that count the attackers (the Triple Alliance's "two or more Great Powers", the
    # Anglo-Japanese "any other Power or Powers" joining) read every event of the file.
    attackers = {
        e.by
        for e in scenario.events
        if e.against == victim and e.kind in ATTACK_KINDS and e.by in actors and actors[e.by].kind == "state"
    }
    listed = rulebook.constants.get(LISTED_ATTACKERS) or ()
    requests = [r for r in scenario.requests if r.treaty == rulebook.id]
    asked = {(r.by, r.asks) for r in requests}

    def stated(value: Any, v1_default: Any) -> Any:
        return v1_default if value is None and as_no else value

    facts: dict[str, Any] = {
        "date": date,
        "event_kind": event.kind,
        "target": event.target,
        "attribution": event.attribution,
        "effects": event.effects,
        "foreign_backing": stated(event.foreign_backing, "none"),
        "region": where.region,
        "location_status": where.status,
        "latitude": where.latitude,
        "longitude": where.longitude,
        "victim": victim,
        "attacker": event.by,
        "attacker_kind": attacker_kind,
        "territory_of": where.territory_of or "none",
        "administered_by": administered or "none",
        "victim_status": status(victim),
        "attacker_status": status(event.by) if attacker_kind == "state" else "not_a_state",
        "sponsor_status": None if sponsor_unknown else status(sponsor),
        "territory_status": status(where.territory_of),
        "state_sponsored": None if sponsor_unknown else sponsor is not None,
        "on_victim_territory": where.territory_of == victim,
        "administered_by_victim": administered == victim,
        "from_abroad": from_abroad,
        "in_self_defence": stated(event.in_self_defence, False),
        "provoked_by_victim": None if event.provoked_by is None else victim in event.provoked_by,
        "victim_joined_war": event.joined_war,
        "attacking_states": len(attackers),
        "listed_attackers": len(attackers & set(listed)),
        "victim_requested_consultation": (victim, "consultation") in asked,
        "victim_requested_assistance": (victim, "assistance") in asked,
        "victim_requested_deployment": (victim, "deployment") in asked,
        "host_requested_deployment": where.territory_of is not None and (where.territory_of, "deployment") in asked,
        "member_requested_consultation": any(r.asks == "consultation" and status(r.by) == "member" for r in requests),
        "member_requested_deployment": any(r.asks == "deployment" and status(r.by) == "member" for r in requests),
        "unsc_authorisation": scenario.unsc_authorisation,
    }
    add_area_facts(rulebook.id, facts)
    if as_no:  # format v1: a yes/no the file does not state is no
        for name, value in facts.items():
            if value is None and (name not in BASE_FACTS or BASE_FACTS[name].type == "bool"):
                facts[name] = False
    return facts


def add_area_facts(treaty: str, facts: dict[str, Any]) -> None:
    """area.<id> for each area the treaty ships (engine.law.areas), from the place's
    coordinates, or its region word where the region lies wholly inside or outside the
    area; None (unknown) where the file does not say enough to place it."""
    for area in sorted(area_ids(treaty)):
        facts[AREA_PREFIX + area] = area_fact(
            treaty,
            area,
            date=to_date(facts["date"]),
            region=facts.get("region"),
            latitude=facts.get("latitude"),
            longitude=facts.get("longitude"),
        )


def reading_combinations(free: Sequence[str]) -> list[tuple[tuple[str, bool], ...]]:
    """Every assignment of yes/no to the free readings, in a fixed order (no first)."""
    return [tuple(zip(free, values, strict=True)) for values in itertools.product((False, True), repeat=len(free))]


def fact_names(rulebook_readings: Iterable[str]) -> set[str]:
    return set(BASE_FACTS) | {READING_PREFIX + r for r in rulebook_readings}


def to_date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))
