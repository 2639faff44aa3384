"""Scenario format v1 as pydantic models, plus the cross-checks a schema cannot express."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, field_validator

from engine.formats import vocabulary as v
from engine.formats.errors import Problem
from engine.formats.modelcheck import suggestion
from engine.formats.vocabulary import (
    Attribution,
    Effects,
    EventKind,
    ForeignBacking,
    LocationStatus,
    Outcome,
    Region,
    RequestKind,
    Status,
    Target,
)
from engine.formats.yamlsafe import Located


def _yes_no(value: Any) -> Any:
    """Readings are yes/no questions; YAML 1.2 reads `yes` as text, so accept both spellings."""
    if isinstance(value, str) and value.lower() in ("yes", "no", "true", "false"):
        return value.lower() in ("yes", "true")
    return value


def _date_text(value: Any) -> Any:
    # Dates arrive as text from the safe loader; reject datetimes and bare numbers early.
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise ValueError(f"{value!r} is not a date; write it as YYYY-MM-DD")
    return value


_YES_NO_WORDS = [w for word in ("yes", "no", "true", "false") for w in (word, word.capitalize(), word.upper())]
# The schema must accept what the loader accepts: `yes` is text in YAML 1.2, and the docs write it.
YesNo = Annotated[
    bool,
    BeforeValidator(_yes_no),
    WithJsonSchema({"anyOf": [{"type": "boolean"}, {"type": "string", "enum": _YES_NO_WORDS}]}),
]
Date = Annotated[dt.date, BeforeValidator(_date_text)]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=100)]
ActorId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
ShortText = Annotated[str, Field(max_length=500)]
LongText = Annotated[str, Field(max_length=10_000)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Actor(_Strict):
    kind: Literal["state", "non_state"]
    sponsor: ActorId | None = None
    based_in: ActorId | None = None


class Where(_Strict):
    territory_of: ActorId | None = None
    status: LocationStatus = "undisputed"
    region: Region
    latitude: Annotated[float, Field(ge=-90, le=90)] | None = None
    administered_by: ActorId | None = None


class Event(_Strict):
    id: Slug
    kind: EventKind
    by: ActorId
    against: ActorId
    target: Target
    where: Where
    attribution: Attribution
    effects: Effects
    foreign_backing: ForeignBacking = "none"
    date: Date | None = None
    # Extension: the attacker acts (or says it acts) in self-defence against an armed
    # attack by the victim, e.g. a counter-offensive onto the aggressor's own territory.
    in_self_defence: bool = False


class Request(_Strict):
    by: ActorId
    treaty: str
    asks: RequestKind
    date: Date | None = None


class Practice(_Strict):
    treaty: str
    summary: LongText
    sources: list[str] = Field(default_factory=list)
    date: Date | None = None


class Scenario(_Strict):
    id: Slug
    title: ShortText
    date: Date
    summary: LongText
    sources: Annotated[list[str], Field(min_length=1)]
    actors: Annotated[dict[ActorId, Actor], Field(min_length=1)]
    events: Annotated[list[Event], Field(min_length=1, max_length=200)]
    requests: list[Request] = Field(default_factory=list)
    readings: dict[str, YesNo] = Field(default_factory=dict)
    expect: dict[str, dict[Outcome, Status]] | None = None
    # Extensions (optional, see docs/scenario-format.md).
    treaties: list[str] = Field(default_factory=list)
    unsc_authorisation: bool = False
    practice: list[Practice] = Field(default_factory=list)
    notes: LongText | None = None

    @field_validator("date")
    @classmethod
    def _plausible(cls, value: dt.date) -> dt.date:
        if not 1900 <= value.year <= 2200:
            raise ValueError(f"{value} is outside 1900-2200; is the year a typo?")
        return value


def check_references(scenario: Scenario, located: Located, treaties: Mapping[str, frozenset[str]]) -> list[Problem]:
    """Every id a scenario mentions must be declared, every state code real."""
    problems: list[Problem] = []
    actors = scenario.actors

    def need_actor(path: tuple[str | int, ...], actor: str | None, *, state: bool = False) -> None:
        if actor is None:
            return
        if actor not in actors:
            hint = suggestion(actor, actors)
            problems.append(located.problem(path, f"{actor!r} is not declared under actors{hint}"))
        elif state and actors[actor].kind != "state":
            problems.append(located.problem(path, f"{actor!r} must be a state here, but is {actors[actor].kind}"))

    for actor_id, actor in actors.items():
        path: tuple[str | int, ...] = ("actors", actor_id)
        if actor.kind == "state" and not v.is_state_code(actor_id):
            hint = suggestion(actor_id.upper(), v.ISO_ALPHA3)
            problems.append(
                located.problem(path, f"{actor_id!r} is not an ISO 3166-1 alpha-3 state code{hint}", key=True)
            )
        if actor.kind == "state" and (actor.sponsor or actor.based_in):
            problems.append(located.problem(path, "sponsor and based_in apply to non-state actors only"))
        need_actor((*path, "sponsor"), actor.sponsor, state=True)
        need_actor((*path, "based_in"), actor.based_in, state=True)

    seen: set[str] = set()
    for i, event in enumerate(scenario.events):
        path = ("events", i)
        if event.id in seen:
            problems.append(located.problem((*path, "id"), f"duplicate event id {event.id!r}"))
        seen.add(event.id)
        if event.by != v.UNKNOWN_ACTOR:
            need_actor((*path, "by"), event.by)
        need_actor((*path, "against"), event.against, state=True)
        if event.by == event.against and event.kind not in ("domestic_unrest", "disaster"):
            problems.append(located.problem((*path, "by"), "an event's `by` and `against` are the same actor"))
        need_actor((*path, "where", "territory_of"), event.where.territory_of, state=True)
        need_actor((*path, "where", "administered_by"), event.where.administered_by, state=True)

    for i, request in enumerate(scenario.requests):
        path = ("requests", i)
        need_actor((*path, "by"), request.by, state=True)
        _need_treaty(problems, located, (*path, "treaty"), request.treaty, treaties)
    for i, practice in enumerate(scenario.practice):
        _need_treaty(problems, located, ("practice", i, "treaty"), practice.treaty, treaties)
    for i, treaty in enumerate(scenario.treaties):
        _need_treaty(problems, located, ("treaties", i), treaty, treaties)
    for treaty in scenario.expect or {}:
        _need_treaty(problems, located, ("expect", treaty), treaty, treaties, key=True)
    for name in scenario.readings:
        path = ("readings", name)
        treaty, _, reading = name.partition(".")
        if not reading:
            problems.append(
                located.problem(
                    path, f"reading {name!r} must be written TREATY.reading, e.g. CSTO.non_state_aggression", key=True
                )
            )
        elif _need_treaty(problems, located, path, treaty, treaties, key=True) and reading not in treaties[treaty]:
            hint = suggestion(reading, treaties[treaty])
            problems.append(located.problem(path, f"{treaty} has no reading {reading!r}{hint}", key=True))
    return problems


def _need_treaty(
    problems: list[Problem],
    located: Located,
    path: tuple[str | int, ...],
    treaty: str,
    treaties: Mapping[str, frozenset[str]],
    *,
    key: bool = False,
) -> bool:
    if treaty in treaties:
        return True
    hint = suggestion(treaty, treaties)
    known = ", ".join(sorted(treaties))
    problems.append(located.problem(path, f"unknown treaty {treaty!r}{hint} (known: {known})", key=key))
    return False
