"""Scenario format v1 as pydantic models, plus the cross-checks a schema cannot express."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from engine.formats import vocabulary as v
from engine.formats.errors import Problem
from engine.formats.modelcheck import model_problems, suggestion
from engine.formats.placeholders import placeholder_problems
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


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _date_text(value: Any) -> Any:
    # Dates arrive as text from the safe loader; reject datetimes and bare numbers early, and
    # text pydantic would read another way ('1619654400' as a Unix time). Years stay within
    # 1000-2999, so no date arithmetic (the day before, the day after) can overflow.
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise ValueError(f"{value!r} is not a date; write it as YYYY-MM-DD")
    if isinstance(value, str):
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(f"{value!r} is not a date; write it as YYYY-MM-DD")
        if not 1000 <= int(value[:4]) <= 2999:
            raise ValueError(f"{value} is outside the years 1000-2999 casus reads; leave an open end out instead")
    return value


_YES_NO_WORDS = [w for word in ("yes", "no", "true", "false") for w in (word, word.capitalize(), word.upper())]
# The schema must accept what the loader accepts: `yes` is text in YAML 1.2, and the docs write it.
YesNo = Annotated[
    bool,
    BeforeValidator(_yes_no),
    WithJsonSchema({"anyOf": [{"type": "boolean"}, {"type": "string", "enum": _YES_NO_WORDS}]}),
]


# Whitespace as str.isspace() has it; one search instead of a generator step per character
# (the shipped rulebooks hold some 14,000 characters of source addresses).
_SPACE = re.compile(r"\s")


def _http_url(value: str) -> str:
    """A source is something a reader can open: an http(s) address with a host."""
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:  # e.g. an unclosed [ in an IPv6 host
        host = None
    if host and parts.scheme in ("http", "https") and not _SPACE.search(value):
        return value
    first = value.split("/", 1)[0]
    if "://" not in value and "." in first and not _SPACE.search(value):
        hint = f"; add the scheme: https://{value}"
    else:
        hint = "; write the full address of the report, e.g. https://example.org/report"
    raise ValueError(f"{value!r} is not an http(s) URL with a host{hint}")


SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
ACTOR_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
# Editors get the gist (an http(s) address); the validator above has the last word.
_URL_SCHEMA = {"type": "string", "format": "uri", "pattern": r"^https?://[^\s/?#]+\S*$", "maxLength": 2000}

Date = Annotated[dt.date, BeforeValidator(_date_text)]
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=100)]
ActorId = Annotated[str, Field(min_length=1, max_length=64, pattern=ACTOR_ID_PATTERN)]
ShortText = Annotated[str, Field(max_length=500)]
LongText = Annotated[str, Field(max_length=10_000)]
SourceUrl = Annotated[str, Field(max_length=2000), AfterValidator(_http_url), WithJsonSchema(_URL_SCHEMA)]


def empty_list() -> list[Any]:
    """A default of `[]` for a field. pydantic inspects every default_factory's signature, and
    that of the builtin `list` or `dict` is parsed from its text with tokenize (whose patterns
    are compiled on first use): ~4 ms of each start-up for the models' 16 such fields."""
    return []


def empty_dict() -> dict[Any, Any]:
    """A default of `{}` for a field (see empty_list)."""
    return {}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Actor(_Strict):
    kind: Literal["state", "non_state"]
    # `sponsor: null` states that no state sponsors the group; leaving the key out leaves it
    # unknown (engine.law.facts reads model_fields_set), as leaving out based_in leaves
    # unknown whether the group is based abroad.
    sponsor: ActorId | None = None
    based_in: ActorId | None = None


class Where(_Strict):
    # Editors learn the rule the validator below enforces: a region, or both coordinates.
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={"anyOf": [{"required": ["region"]}, {"required": ["latitude", "longitude"]}]},
    )

    territory_of: ActorId | None = None
    status: LocationStatus = "undisputed"
    # Optional when latitude and longitude are both given: then derived from the region
    # outlines (engine.formats.regions); a stated region they contradict is warned about.
    region: Region | None = None
    # strict: a number only (`true` or "39.5" is a mistake, not 1.0 or 39.5)
    latitude: Annotated[float, Field(ge=-90, le=90, strict=True)] | None = None  # absent: unknown
    longitude: Annotated[float, Field(ge=-180, le=180, strict=True)] | None = None  # WGS84, east positive
    # Absent: administered by `territory_of` (format v1's rule, kept: a file names the
    # administering state only where it differs from the sovereign).
    administered_by: ActorId | None = None

    @model_validator(mode="after")
    def _region_from_coordinates(self) -> Where:
        if self.region is not None:
            return self
        if self.latitude is None or self.longitude is None:
            raise ValueError("give `region` (or both `latitude` and `longitude`, from which it is derived)")
        from engine.formats.regions import region_at

        derived = region_at(self.latitude, self.longitude)
        if derived is None:
            raise ValueError(
                f"no region outline covers latitude {self.latitude}, longitude {self.longitude}: add `region`"
            )
        return self.model_copy(update={"region": derived})


class Event(_Strict):
    id: Slug
    kind: EventKind
    by: ActorId
    against: ActorId
    target: Target
    where: Where
    # Absent (None): the file does not state it, and the verdict is computed under each
    # value that matters (engine.law.cases.open_facts). Format v1 required the first two.
    attribution: Attribution | None = None
    effects: Effects | None = None
    foreign_backing: ForeignBacking | None = None
    date: Date | None = None
    # Extension: the attacker acts (or says it acts) in self-defence against an armed
    # attack by the victim, e.g. a counter-offensive onto the aggressor's own territory.
    in_self_defence: bool | None = None
    # Extension (non-provocation clauses): the states whose earlier acts this event answers
    # (an ultimatum, a mobilisation, a war on the attacker's ally); [] states that nobody
    # provoked it. Absent: unknown.
    provoked_by: list[ActorId] | None = None
    # Extension: before this event the victim had entered, by its own declaration of war or
    # intervention, a war already going on between the attacker and another state. Absent: unknown.
    joined_war: bool | None = None


class Request(_Strict):
    by: ActorId
    treaty: str
    asks: RequestKind
    date: Date | None = None


class Practice(_Strict):
    treaty: str
    summary: LongText
    sources: list[SourceUrl] = Field(default_factory=empty_list)
    date: Date | None = None


class Scenario(_Strict):
    # A historical case cites its sources; `hypothetical: true` may leave them out.
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={
            "if": {"not": {"required": ["hypothetical"], "properties": {"hypothetical": {"const": True}}}},
            "then": {"required": ["sources"], "properties": {"sources": {"minItems": 1}}},
        },
    )

    id: Slug
    title: ShortText
    date: Date
    summary: LongText
    # Required unless `hypothetical: true` (checked with the references, so the message
    # can say so); an invented case has nothing to cite.
    sources: list[SourceUrl] = Field(default_factory=empty_list)
    hypothetical: bool = False
    actors: Annotated[dict[ActorId, Actor], Field(min_length=1)]
    events: Annotated[list[Event], Field(min_length=1, max_length=200)]
    requests: list[Request] = Field(default_factory=empty_list)
    readings: dict[str, YesNo] = Field(default_factory=empty_dict)
    expect: dict[str, dict[Outcome, Status]] | None = None
    # Extensions (optional, see docs/scenario-format.md).
    treaties: list[str] = Field(default_factory=empty_list)
    unsc_authorisation: bool = False
    practice: list[Practice] = Field(default_factory=empty_list)
    # --assume-unstated=no: every fact the file leaves out is read as format v1 read it
    # (absent = no), instead of unknown. Not a key of the file: set by the command line.
    _unstated_as_no: bool = PrivateAttr(default=False)
    notes: LongText | None = None

    @field_validator("date")
    @classmethod
    def _plausible(cls, value: dt.date) -> dt.date:
        # 1816: the first year of the Correlates of War state system, whose abbreviations
        # name the states older than ISO 3166 (engine/formats/cow_states.csv).
        if not 1816 <= value.year <= 2200:
            raise ValueError(f"{value} is outside 1816-2200; is the year a typo?")
        return value


def scenario_problems(
    located: Located, treaties: Mapping[str, frozenset[str]]
) -> tuple[Scenario | None, list[Problem]]:
    """The scenario (None if anything is wrong) and every problem of the file, in line order.

    Placeholders, the model and the references are all checked in one pass, each on the
    parts that are well-formed, so that a user fixes a file in one round rather than
    meeting its undeclared actors only after its other mistakes are gone.
    """
    if not isinstance(located.data, dict):
        return None, [located.problem((), "a scenario is a mapping of keys (id, title, date, ...)")]
    problems, placeholders = placeholder_problems(located)
    scenario, model = model_problems(Scenario, located, skip=placeholders)
    problems += model
    problems += reference_problems(located.data, located, treaties)
    problems.sort(key=Problem.sort_key)
    return (None if problems else scenario), problems


def check_references(scenario: Scenario, located: Located, treaties: Mapping[str, frozenset[str]]) -> list[Problem]:
    """Every id a valid scenario mentions must be declared, every state code real."""
    return reference_problems(scenario.model_dump(), located, treaties)


def reference_problems(data: Any, located: Located, treaties: Mapping[str, frozenset[str]]) -> list[Problem]:
    """The reference checks over plain data that may be malformed in places.

    Each check runs on values that are themselves well-formed and skips the rest: the
    model's own errors already cover those, and a missing `actors:` block must not make
    every actor look undeclared.
    """
    top: Mapping[str, Any] = data if isinstance(data, dict) else {}
    refs = _References(located, treaties, _actor_kinds(top.get("actors")))
    refs.check_actors(top.get("actors"))
    refs.check_sources(top)
    for i, event in _items(top.get("events")):
        refs.check_event(("events", i), event)
    for i, request in _items(top.get("requests")):
        path: tuple[str | int, ...] = ("requests", i)
        refs.need_actor((*path, "by"), request.get("by"), state=True)
        refs.need_treaty((*path, "treaty"), request.get("treaty"))
    for i, practice in _items(top.get("practice")):
        refs.need_treaty(("practice", i, "treaty"), practice.get("treaty"))
    treaty_list = top.get("treaties")
    for i, treaty in enumerate(treaty_list if isinstance(treaty_list, list) else []):
        refs.need_treaty(("treaties", i), treaty)
    for treaty in _keys(top.get("expect")):
        refs.need_treaty(("expect", treaty), treaty, key=True)
    for name in _keys(top.get("readings")):
        refs.check_reading(name)
    return refs.problems


def _items(value: Any) -> list[tuple[int, dict[str, Any]]]:
    """(index, entry) of a list's mapping entries; anything else is the model's to report."""
    return [(i, x) for i, x in enumerate(value) if isinstance(x, dict)] if isinstance(value, list) else []


def _keys(value: Any) -> list[str]:
    return list(value) if isinstance(value, dict) else []


def _actor_kinds(actors: Any) -> dict[str, str | None] | None:
    """Declared actor id -> its kind (None if the kind itself is malformed); None if the
    `actors:` block is not a mapping at all."""
    if not isinstance(actors, dict):
        return None
    kinds: dict[str, str | None] = {}
    for actor_id, actor in actors.items():
        kind = actor.get("kind") if isinstance(actor, dict) else None
        kinds[actor_id] = kind if kind in v.ACTOR_KINDS else None
    return kinds


_ACTOR_ID = re.compile(ACTOR_ID_PATTERN)
_SLUG = re.compile(SLUG_PATTERN)


def _is_actor_id(value: Any) -> bool:
    return isinstance(value, str) and len(value) <= 64 and _ACTOR_ID.match(value) is not None


class _References:
    """Collects the reference problems of one file."""

    def __init__(
        self, located: Located, treaties: Mapping[str, frozenset[str]], kinds: dict[str, str | None] | None
    ) -> None:
        self.located = located
        self.treaties = treaties
        self.kinds = kinds
        self.problems: list[Problem] = []
        self.event_ids: set[str] = set()

    def add(self, path: tuple[str | int, ...], message: str, *, key: bool = False) -> None:
        self.problems.append(self.located.problem(path, message, key=key))

    def check_sources(self, top: Mapping[str, Any]) -> None:
        """A historical case cites at least one source; `hypothetical: true` may cite none."""
        sources = top.get("sources")
        if top.get("hypothetical") is True or (isinstance(sources, list) and sources):
            return
        message = "cite at least one source under `sources`, or mark an invented case `hypothetical: true`"
        if "sources" in top:
            self.add(("sources",), message, key=True)
        else:
            self.add((), f"`sources` is missing: {message}")

    def need_actor(self, path: tuple[str | int, ...], actor: Any, *, state: bool = False) -> None:
        if self.kinds is None or not _is_actor_id(actor):
            return
        if actor not in self.kinds:
            self.add(path, f"{actor!r} is not declared under actors{suggestion(actor, self.kinds)}")
        elif state and self.kinds[actor] not in (None, "state"):
            self.add(path, f"{actor!r} must be a state here, but is {self.kinds[actor]}")

    def check_actors(self, actors: Any) -> None:
        for actor_id, actor in (actors if isinstance(actors, dict) else {}).items():
            path: tuple[str | int, ...] = ("actors", actor_id)
            if not _is_actor_id(actor_id) or not isinstance(actor, dict):
                continue
            if actor.get("kind") == "state" and not v.is_state_code(actor_id):
                self.add(path, v.state_code_problem(actor_id), key=True)
            if actor.get("kind") == "state" and (
                _is_actor_id(actor.get("sponsor")) or _is_actor_id(actor.get("based_in"))
            ):
                self.add(path, "sponsor and based_in apply to non-state actors only")
            self.need_actor((*path, "sponsor"), actor.get("sponsor"), state=True)
            self.need_actor((*path, "based_in"), actor.get("based_in"), state=True)

    def check_event(self, path: tuple[str | int, ...], event: dict[str, Any]) -> None:
        event_id, by, against, kind = event.get("id"), event.get("by"), event.get("against"), event.get("kind")
        if isinstance(event_id, str):
            if event_id in self.event_ids:
                self.add((*path, "id"), f"duplicate event id {event_id!r}")
            self.event_ids.add(event_id)
        if by != v.UNKNOWN_ACTOR:
            self.need_actor((*path, "by"), by)
        self.need_actor((*path, "against"), against, state=True)
        if _is_actor_id(by) and by == against and kind in v.EVENT_KINDS and kind not in ("domestic_unrest", "disaster"):
            self.add((*path, "by"), "an event's `by` and `against` are the same actor")
        where = event.get("where")
        if isinstance(where, dict):
            self.need_actor((*path, "where", "territory_of"), where.get("territory_of"), state=True)
            self.need_actor((*path, "where", "administered_by"), where.get("administered_by"), state=True)
        provokers = event.get("provoked_by")
        for i, provoker in enumerate(provokers if isinstance(provokers, list) else []):
            self.need_actor((*path, "provoked_by", i), provoker, state=True)

    def need_treaty(self, path: tuple[str | int, ...], treaty: Any, *, key: bool = False) -> bool:
        if not isinstance(treaty, str):
            return False
        if treaty in self.treaties:
            return True
        hint = suggestion(treaty, self.treaties)
        known = ", ".join(sorted(self.treaties))
        self.add(path, f"unknown treaty {treaty!r}{hint} (known: {known})", key=key)
        return False

    def check_reading(self, name: str) -> None:
        path: tuple[str | int, ...] = ("readings", name)
        treaty, _, reading = name.partition(".")
        if not reading:
            message = f"reading {name!r} must be written TREATY.reading, e.g. CSTO.non_state_aggression"
            self.add(path, message, key=True)
        elif self.need_treaty(path, treaty, key=True) and reading not in self.treaties[treaty]:
            hint = suggestion(reading, self.treaties[treaty])
            self.add(path, f"{treaty} has no reading {reading!r}{hint}", key=True)


def scenario_id(located: Located) -> str | None:
    """The file's `id` if it is a well-formed slug, whatever else is wrong with the file."""
    value = located.data.get("id") if isinstance(located.data, dict) else None
    if isinstance(value, str) and len(value) <= 100 and _SLUG.match(value):
        return value
    return None


def file_name_warnings(located: Located, path: Path) -> list[Problem]:
    """A scenario file is named after its id (scenarios/README.md); say what to rename."""
    scenario = scenario_id(located)
    if scenario is None or scenario == path.stem:
        return []
    fix = f"rename the file to {scenario}{path.suffix}"
    if _SLUG.match(path.stem):
        fix += f" or set id: {path.stem}"
    located_at = located.problem(("id",), f"id {scenario!r} differs from the file name {path.name!r}; {fix}")
    return [Problem(located_at.file, located_at.line, located_at.column, located_at.message, "warning")]


def _coordinate(value: Any, bound: float) -> float | None:
    """A well-formed coordinate (a number within +-bound), else None (the model reports it)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and -bound <= value <= bound:
        return float(value)
    return None


def region_warnings(located: Located) -> list[Problem]:
    """A stated region whose outline does not cover the event's coordinates: say which
    region they do lie in (a warning: the outlines are coarse, the user may know better)."""
    top = located.data if isinstance(located.data, dict) else {}
    warnings: list[Problem] = []
    for i, event in _items(top.get("events")):
        where = event.get("where")
        if not isinstance(where, dict):
            continue
        region = where.get("region")
        lat, lon = _coordinate(where.get("latitude"), 90), _coordinate(where.get("longitude"), 180)
        if region not in v.REGIONS or lat is None or lon is None:
            continue
        from engine.formats.regions import region_at, region_covers

        if region_covers(region, lat, lon):
            continue
        derived = region_at(lat, lon)
        lies = f"lie in {derived}" if derived else "lie in no region outline"
        message = (
            f"latitude {lat}, longitude {lon} {lies}, not in {region}: check the coordinates,"
            " or keep the region if you know better (the outlines are coarse)"
        )
        at = located.problem(("events", i, "where", "region"), message)
        warnings.append(Problem(at.file, at.line, at.column, at.message, "warning"))
    return warnings
