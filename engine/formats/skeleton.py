"""A commented scenario skeleton: the format v1 keys with placeholders, for `casus new`.

Every required key is written with a placeholder (or a value the command was given), every
optional key commented out, each with a one-line note on what goes there. A skeleton is
never a valid scenario: each placeholder is refused, at its own line, until it is replaced.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from engine.formats import vocabulary as v
from engine.formats.placeholders import placeholder

SCHEMA_FILE = "casus.schema.json"
NOTE_COLUMN = 40  # where the notes start, so that they read as one column

# Who commits an event of each kind, as far as a skeleton can guess: a disaster has no
# author, and these kinds are usually a group's doing rather than a state's.
_NO_AUTHOR = frozenset({"disaster"})
_NON_STATE_AUTHOR = frozenset({"terrorist_attack", "domestic_unrest", "insurgency"})

P_TITLE = placeholder("TITLE")
P_DATE = placeholder("YYYY-MM-DD")
P_SUMMARY = placeholder("SUMMARY")
P_URL = placeholder("URL")
P_VICTIM = placeholder("VICTIM")
P_ATTACKER = placeholder("ATTACKER")
P_TARGET = placeholder("TARGET")
P_REGION = placeholder("REGION")
P_ATTRIBUTION = placeholder("ATTRIBUTION")
P_EFFECTS = placeholder("EFFECTS")
P_ASKS = placeholder("ASKS")
P_STATE = placeholder("STATE")
P_GROUP = placeholder("GROUP")
P_STATUS = placeholder("STATUS")
P_LATITUDE = placeholder("LATITUDE")
P_LONGITUDE = placeholder("LONGITUDE")
P_WHAT_IT_DID = placeholder("WHAT-IT-DID")
P_NOTES = placeholder("NOTES")


@dataclass(frozen=True)
class TreatyOutline:
    """What a skeleton needs to know of the treaty it is written for."""

    id: str
    outcomes: Sequence[str]
    readings: Mapping[str, str]  # reading name -> its question


def skeleton(scenario_id: str, treaty: TreatyOutline, kind: str) -> str:
    """The text of a new scenario file `scenario_id` with one `kind` event and one request to `treaty`."""
    if kind not in v.EVENT_KINDS:
        raise ValueError(f"unknown event kind {kind!r}")
    lines = _header() + _facts(scenario_id) + _actors(kind) + _event(kind) + _request(treaty) + _optional(treaty)
    return "\n".join(lines) + "\n"


def _line(code: str, note: str = "", *, optional: bool = False) -> str:
    """One line of YAML with its note; an optional key is written commented out, in place."""
    if optional:
        body = code.lstrip(" ")
        code = f"{code[: len(code) - len(body)]}# {body}"
    if not note:
        return code
    return f"{code.ljust(NOTE_COLUMN - 1)} # {note}" if len(code) < NOTE_COLUMN - 1 else f"{code}  # {note}"


def _choices(values: Sequence[str]) -> str:
    return " | ".join(values)


def _header() -> list[str]:
    return [
        f"# yaml-language-server: $schema=./{SCHEMA_FILE}",
        f"# ^ completion and inline errors in editors: write {SCHEMA_FILE} beside this file once with",
        f"#   casus schema > {SCHEMA_FILE}",
        "# Written by `casus new` (the format: docs/scenario-format.md). Replace every <PLACEHOLDER>;",
        "# `casus validate` names each one left, by line. Keys commented out are optional: delete the",
        "# `# ` in front of one to use it.",
        "",
    ]


def _facts(scenario_id: str) -> list[str]:
    return [
        _line(f"id: {scenario_id}", "the file name without .yaml: rename both together"),
        _line("hypothetical: true", "an invented case: sources may then be left out", optional=True),
        _line(f"title: {P_TITLE}", "one line, e.g. Kyrgyz-Tajik border clashes"),
        _line(f"date: {P_DATE}", "the law is read on this day: membership and provisions in force"),
        _line(f"summary: {P_SUMMARY}", "what happened, in a few sentences (write > and indent for several lines)"),
        _line("sources:", "at least one; every fact below should be traceable to one of them"),
        _line(f"  - {P_URL}", "an http(s) address, e.g. https://example.org/report"),
    ]


def _actors(kind: str) -> list[str]:
    lines = [
        _line("actors:", "states by ISO 3166-1 alpha-3 code (KGZ, USA); others by any id"),
        _line(f"  {P_VICTIM}: {{kind: state}}", "the state that suffers the event, e.g. KGZ"),
    ]
    if kind in _NON_STATE_AUTHOR:
        lines.append(_line(f"  {P_ATTACKER}: {{kind: non_state}}", "the group that acts, any id, e.g. IS-K"))
    elif kind not in _NO_AUTHOR:
        lines.append(
            _line(f"  {P_ATTACKER}: {{kind: state}}", "the state that acts, e.g. TJK; a group: {kind: non_state}")
        )
    lines += [
        _line(f"  {P_GROUP}:", "a non-state actor, with what is known of it", optional=True),
        _line("    kind: non_state", optional=True),
        _line(f"    sponsor: {P_STATE}", "the state that sponsors it (a declared state id), or null", optional=True),
        _line(f"    based_in: {P_STATE}", "the state it operates from (decides 'directed from abroad')", optional=True),
    ]
    return lines


def _event(kind: str) -> list[str]:
    event_id = kind.replace("_", "-")
    if kind in _NO_AUTHOR:
        by = _line(f"    by: {v.UNKNOWN_ACTOR}", "nobody's doing; an actor id if it was someone's")
    else:
        by = _line(f"    by: {P_ATTACKER}", f"an actor id, or {v.UNKNOWN_ACTOR} if nobody knows who did it")
    return [
        _line("events:", "what happened; add more events as further list items"),
        _line(f"  - id: {event_id}", "a slug (a-z, 0-9, -), unique in this file"),
        _line(f"    kind: {kind}", _choices(v.EVENT_KINDS)),
        by,
        _line(f"    against: {P_VICTIM}", "the state that suffers it"),
        _line(f"    target: {P_TARGET}", _choices(v.TARGETS)),
        _line("    where:"),
        _line(f"      territory_of: {P_VICTIM}", "whose territory; null at sea or in the air over the high seas"),
        _line(f"      region: {P_REGION}", _choices(v.REGIONS)),
        _line("      status: undisputed", f"{_choices(v.LOCATION_STATUSES)} (undisputed if left out)", optional=True),
        _line(f"      latitude: {P_LATITUDE}", "degrees north, -90 to 90 (e.g. 39.9)", optional=True),
        _line(
            f"      longitude: {P_LONGITUDE}",
            "degrees east, -180 to 180; with latitude, places the event in treaty areas",
            optional=True,
        ),
        _line(f"      administered_by: {P_STATE}", "who administers the place, if not the sovereign", optional=True),
        _line(f"    attribution: {P_ATTRIBUTION}", _choices(v.ATTRIBUTIONS)),
        _line(f"    effects: {P_EFFECTS}", _choices(v.EFFECTS)),
        _line(
            "    foreign_backing: none",
            f"{_choices(v.FOREIGN_BACKING)}: outside support, for unrest or insurgency",
            optional=True,
        ),
        _line(f"    date: {P_DATE}", "when it happened, if not on the scenario date (informational)", optional=True),
        _line(
            "    in_self_defence: true",
            "the attacker acts (or says so) in self-defence against the victim",
            optional=True,
        ),
        _line(
            f"    provoked_by: [{P_STATE}]",
            "states whose earlier acts this event answers (an ultimatum, a mobilisation); [] if none",
            optional=True,
        ),
        _line(
            "    joined_war: true",
            "the victim had itself entered a war already going on between the attacker and another state",
            optional=True,
        ),
    ]


def _request(treaty: TreatyOutline) -> list[str]:
    return [
        _line("requests:", "formal appeals to a treaty; a request is also host consent"),
        _line(f"  - by: {P_VICTIM}", "the state that asks, usually the victim"),
        _line(f"    treaty: {treaty.id}"),
        _line(f"    asks: {P_ASKS}", _choices(v.REQUEST_KINDS)),
        _line(f"    date: {P_DATE}", "when the request was made", optional=True),
    ]


def _optional(treaty: TreatyOutline) -> list[str]:
    t = treaty.id
    lines = [
        _line("readings:", "pin an open legal question: yes or no (unpinned, a result may be contested)", optional=True)
    ]
    lines += [_line(f"  {t}.{name}: yes", question, optional=True) for name, question in treaty.readings.items()]
    statuses = ", ".join(f"{outcome}: {P_STATUS}" for outcome in treaty.outcomes)
    lines += [
        _line("expect:", "what the treaty TEXT gives (not what was done); `casus test` checks it", optional=True),
        _line(f"  {t}: {{{statuses}}}", _choices(v.STATUSES), optional=True),
        _line(f"treaties: [{t}]", "judge under these even if no actor is a party on the date", optional=True),
        _line("unsc_authorisation: true", "the UN Security Council authorised the action asked for", optional=True),
        _line(
            "practice:", "what the organisation actually did; shown beside the verdict, never changes it", optional=True
        ),
        _line(f"  - treaty: {t}", optional=True),
        _line(f"    summary: {P_WHAT_IT_DID}", optional=True),
        _line(f"    sources: [{P_URL}]", optional=True),
        _line(f"    date: {P_DATE}", optional=True),
        _line(f"notes: {P_NOTES}", "why expect: says what it says, with article references", optional=True),
    ]
    return lines
