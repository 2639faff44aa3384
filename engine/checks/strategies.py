"""Hypothesis strategies for valid scenarios, drawn from a rulebook's own vocabulary.

For people who write rulebooks and want to property-test them::

    from hypothesis import given
    from engine.law.catalogue import load_rulebook
    from engine.checks.strategies import scenarios

    book = load_rulebook(Path("my-treaty.yaml"))

    @given(scenarios(book))
    def test_my_property(scenario): ...

Every strategy takes a *source*: one compiled rulebook, a catalogue, or a list of
rulebooks. States come from their membership (so members, suspended, frozen and former
parties all turn up), from the codes their conditions name, and a few outsiders that
no rulebook mentions. Dates and latitudes lean on the boundaries the rulebooks draw
(accessions, withdrawals, provision validity, constants), a day or a hair either side,
because that is where rulebooks go wrong. Everything generated passes
engine.law.catalogue's validation; `scenario_to_yaml` writes it back as a file.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from engine.formats import vocabulary as v
from engine.formats.scenario import Scenario
from engine.law.compiler import CompiledRulebook, iter_tests
from engine.law.facts import BASE_FACTS

MIN_DATE = dt.date(1816, 1, 1)
MAX_DATE = dt.date(2200, 12, 31)
OUTSIDER_COUNT = 4
Source = CompiledRulebook | Mapping[str, CompiledRulebook] | Iterable[CompiledRulebook]


@dataclass(frozen=True)
class Vocabulary:
    """What the strategies draw from, computed once per source."""

    books: tuple[CompiledRulebook, ...]
    parties: tuple[str, ...]  # every state that was ever a party to one of the books
    named: tuple[str, ...]  # state codes the conditions test (victim: JPN ...)
    outsiders: tuple[str, ...]  # never a party, never named: fresh states
    boundary_dates: tuple[dt.date, ...]
    boundary_latitudes: tuple[float, ...]

    @property
    def states(self) -> tuple[str, ...]:
        return tuple(sorted({*self.parties, *self.named, *self.outsiders}))

    @property
    def treaty_ids(self) -> tuple[str, ...]:
        return tuple(b.id for b in self.books)


def books_of(source: Source) -> tuple[CompiledRulebook, ...]:
    if isinstance(source, CompiledRulebook):
        return (source,)
    if isinstance(source, Mapping):
        return tuple(source.values())
    return tuple(source)


def vocabulary(source: Source) -> Vocabulary:
    books = books_of(source)
    if not books:
        raise ValueError("scenarios need at least one rulebook")
    parties = sorted({s for b in books for s in b.rulebook.membership})
    named: set[str] = set()
    points: set[dt.date] = set()
    lats: set[float] = set()
    for b in books:
        for state_intervals in b.rulebook.membership.values():
            for i in state_intervals:
                points |= {d for d in (i.from_, i.to) if d}
        for p in b.provisions:
            points |= {d for d in (p.source.valid_from, p.source.valid_to) if d}
        for t in iter_tests(b):
            values = t.value if isinstance(t.value, tuple) else (t.value,)
            spec = BASE_FACTS.get(t.fact)
            if spec is None:
                continue
            if spec.type == "state":
                named |= {x for x in values if isinstance(x, str) and v.is_state_code(x)}
            elif spec.type == "date":
                points |= {x for x in values if isinstance(x, dt.date)}
            elif spec.type == "number":
                lats |= {float(x) for x in values if -90 <= x <= 90}
    taken = set(parties) | named
    outsiders = tuple(sorted(c for c in v.iso_alpha3() if c not in taken)[::37][:OUTSIDER_COUNT])
    around = {p + dt.timedelta(days=k) for p in points for k in (-1, 0, 1)}
    dates_ = tuple(sorted(d for d in around if MIN_DATE <= d <= MAX_DATE))
    hair = 0.01
    lat_points = {x + k for x in lats for k in (-hair, 0.0, hair)}
    latitudes_ = tuple(sorted(x for x in lat_points if -90 <= x <= 90))
    return Vocabulary(books, tuple(parties), tuple(sorted(named)), outsiders, dates_, latitudes_)


def _vocab(source: Source | Vocabulary) -> Vocabulary:
    return source if isinstance(source, Vocabulary) else vocabulary(source)


# Hypothesis validates and analyses every strategy object the first time it draws from
# it; building them inside a composite made that cost (about half of all generation)
# recur on every draw. So whatever depends only on the vocabulary is built once per
# Vocabulary (`_built`), the fixed vocabularies once here, and a choice among values a
# draw has just made (the scenario's own states) is an index into them.
_EVENT_KINDS = st.sampled_from(v.EVENT_KINDS)
_REGIONS = st.sampled_from(v.REGIONS)
_LOCATION_STATUSES = st.sampled_from(v.LOCATION_STATUSES)
_TARGETS = st.sampled_from(v.TARGETS)
_ATTRIBUTIONS = st.sampled_from(v.ATTRIBUTIONS)
_EFFECTS = st.sampled_from(v.EFFECTS)
_FOREIGN_BACKING = st.sampled_from(v.FOREIGN_BACKING)
_REQUEST_KINDS = st.sampled_from(v.REQUEST_KINDS)
_INDEXES: dict[int, st.SearchStrategy[int]] = {}


def _pick(draw: st.DrawFn, options: list[Any]) -> Any:
    """One of `options`, shrinking towards the first (as sampled_from does)."""
    n = len(options)
    if n not in _INDEXES:
        _INDEXES[n] = st.integers(0, n - 1)
    return options[draw(_INDEXES[n])]


@dataclass(frozen=True)
class _Built:
    dates: st.SearchStrategy[dt.date]
    latitudes: st.SearchStrategy[float | None]
    state_codes: st.SearchStrategy[str]
    treaty_ids: st.SearchStrategy[str]
    readings: st.SearchStrategy[list[str]]
    state_lists: dict[int, st.SearchStrategy[list[str]]]  # by max_states


def _built(voc: Vocabulary) -> _Built:
    cached: _Built | None = voc.__dict__.get("_built")
    if cached is None:
        names = tuple(sorted(f"{b.id}.{r}" for b in voc.books for r in b.rulebook.readings))
        cached = _Built(
            _dates(voc),
            _latitudes(voc),
            _state_codes(voc),
            st.sampled_from(voc.treaty_ids),
            st.lists(st.sampled_from(names), max_size=2, unique=True) if names else st.just([]),
            {},
        )
        voc.__dict__["_built"] = cached  # a frozen dataclass: a cache beside its fields
    return cached


def dates(source: Source | Vocabulary) -> st.SearchStrategy[dt.date]:
    """Mostly boundary dates (membership, validity, tested dates, each +-1 day), sometimes any."""
    return _built(_vocab(source)).dates


def _dates(voc: Vocabulary) -> st.SearchStrategy[dt.date]:
    anywhere = st.dates(MIN_DATE, MAX_DATE)
    if not voc.boundary_dates:
        return anywhere
    return st.one_of(st.sampled_from(voc.boundary_dates), st.sampled_from(voc.boundary_dates), anywhere)


def latitudes(source: Source | Vocabulary) -> st.SearchStrategy[float | None]:
    return _built(_vocab(source)).latitudes


def _latitudes(voc: Vocabulary) -> st.SearchStrategy[float | None]:
    anywhere = st.floats(-90, 90, allow_nan=False).map(lambda x: round(x, 4))
    options: list[st.SearchStrategy[float | None]] = [st.none(), anywhere]
    if voc.boundary_latitudes:
        options.append(st.sampled_from(voc.boundary_latitudes))
    return st.one_of(*options)


def state_codes(source: Source | Vocabulary) -> st.SearchStrategy[str]:
    """Parties and named states most of the time, an outsider now and then."""
    return _built(_vocab(source)).state_codes


def _state_codes(voc: Vocabulary) -> st.SearchStrategy[str]:
    inside = sorted({*voc.parties, *voc.named})
    options = [st.sampled_from(inside)] if inside else []
    options.append(st.sampled_from(voc.outsiders))
    return st.one_of(*options)


@st.composite
def actors(draw: st.DrawFn, source: Source | Vocabulary, *, max_states: int = 4) -> dict[str, dict[str, Any]]:
    """Actors as plain data: 1-`max_states` states, and 0-2 non-state groups."""
    return _actors(draw, _vocab(source), max_states)


# The public strategies are composites over these draw functions; scenario_dicts calls
# the functions themselves, so a scenario is one composite, not one per event.
def _actors(draw: st.DrawFn, voc: Vocabulary, max_states: int) -> dict[str, dict[str, Any]]:
    built = _built(voc)
    if max_states not in built.state_lists:
        built.state_lists[max_states] = st.lists(built.state_codes, min_size=1, max_size=max_states, unique=True)
    states = draw(built.state_lists[max_states])
    out: dict[str, dict[str, Any]] = {s: {"kind": "state"} for s in states}
    for i in range(draw(_GROUPS)):
        group: dict[str, Any] = {"kind": "non_state"}
        sponsor = _pick(draw, [None, *states])
        if sponsor is not None:
            group["sponsor"] = sponsor
        based = _pick(draw, [None, *states])
        if based is not None:
            group["based_in"] = based
        out[f"grp-{i + 1}"] = group
    return out


_GROUPS = st.integers(0, 2)
_BOOLEANS = st.booleans()
_ONE_IN_FIVE = st.integers(0, 4)
_ONE_IN_SIX = st.integers(0, 5)


@st.composite
def events(
    draw: st.DrawFn, source: Source | Vocabulary, actor_map: Mapping[str, Mapping[str, Any]], event_id: str = "e1"
) -> dict[str, Any]:
    """One event between the given actors, as plain data."""
    return _events(draw, _vocab(source), actor_map, event_id)


def _events(
    draw: st.DrawFn, voc: Vocabulary, actor_map: Mapping[str, Mapping[str, Any]], event_id: str
) -> dict[str, Any]:
    states = sorted(a for a, spec in actor_map.items() if spec["kind"] == "state")
    kind = draw(_EVENT_KINDS)
    against = _pick(draw, states)
    attackers = [a for a in actor_map if a != against or kind in ("domestic_unrest", "disaster")]
    by = _pick(draw, [*attackers, v.UNKNOWN_ACTOR])
    territory = _pick(draw, [against, None, *states])
    where: dict[str, Any] = {"territory_of": territory, "region": draw(_REGIONS)}
    if draw(_BOOLEANS):
        where["status"] = draw(_LOCATION_STATUSES)
    latitude = draw(_built(voc).latitudes)
    if latitude is not None:
        where["latitude"] = latitude
    if draw(_ONE_IN_FIVE) == 4:
        where["administered_by"] = _pick(draw, states)
    event: dict[str, Any] = {
        "id": event_id,
        "kind": kind,
        "by": by,
        "against": against,
        "target": draw(_TARGETS),
        "where": where,
        "attribution": draw(_ATTRIBUTIONS),
        "effects": draw(_EFFECTS),
        "foreign_backing": draw(_FOREIGN_BACKING),
    }
    if draw(_ONE_IN_SIX) == 5:  # shrinks towards the plain case
        event["in_self_defence"] = True
    if draw(_ONE_IN_SIX) == 5:  # the non-provocation and joined-war keys, stated now and then
        event["provoked_by"] = [against] if draw(st.booleans()) else []
    if draw(_ONE_IN_SIX) == 5:
        event["joined_war"] = draw(st.booleans())
    return event


@st.composite
def requests(
    draw: st.DrawFn, source: Source | Vocabulary, states: list[str], *, max_size: int = 3
) -> list[dict[str, Any]]:
    return _requests(draw, _vocab(source), states, max_size)


def _requests(draw: st.DrawFn, voc: Vocabulary, states: list[str], max_size: int) -> list[dict[str, Any]]:
    built = _built(voc)
    # An index per request, not a fixed_dictionaries over `states`: the list strategy is
    # built once and still shrinks by dropping requests.
    picks = draw(_request_lists(max_size))
    return [{"by": states[i % len(states)], "treaty": draw(built.treaty_ids), "asks": asks} for i, asks in picks]


_REQUEST_LISTS: dict[int, st.SearchStrategy[list[tuple[int, str]]]] = {}


def _request_lists(max_size: int) -> st.SearchStrategy[list[tuple[int, str]]]:
    if max_size not in _REQUEST_LISTS:
        _REQUEST_LISTS[max_size] = st.lists(st.tuples(st.integers(0, 7), _REQUEST_KINDS), max_size=max_size)
    return _REQUEST_LISTS[max_size]


@st.composite
def pinned_readings(draw: st.DrawFn, source: Source | Vocabulary) -> dict[str, bool]:
    return _pinned_readings(draw, _vocab(source))


def _pinned_readings(draw: st.DrawFn, voc: Vocabulary) -> dict[str, bool]:
    return {n: draw(_BOOLEANS) for n in draw(_built(voc).readings)}


TEXT = st.text(st.characters(categories=("L", "N", "P", "Zs"), exclude_characters="\x85\xa0"), min_size=1, max_size=40)
_EVENT_COUNTS: dict[int, st.SearchStrategy[int]] = {}


@st.composite
def scenario_dicts(draw: st.DrawFn, source: Source | Vocabulary, *, max_events: int = 3) -> dict[str, Any]:
    """A valid scenario as the plain data a YAML file holds."""
    voc = _vocab(source)
    actor_map = _actors(draw, voc, 4)
    states = sorted(a for a, spec in actor_map.items() if spec["kind"] == "state")
    if max_events not in _EVENT_COUNTS:
        _EVENT_COUNTS[max_events] = st.integers(1, max_events)
    count = draw(_EVENT_COUNTS[max_events])
    evs = [_events(draw, voc, actor_map, f"e{i + 1}") for i in range(count)]
    data: dict[str, Any] = {
        "id": "generated",
        "title": draw(TEXT).strip() or "generated",
        "date": draw(_built(voc).dates).isoformat(),
        "summary": draw(TEXT).strip() or "generated",
        "sources": ["https://example.org/generated"],
        "actors": actor_map,
        "events": evs,
    }
    reqs = _requests(draw, voc, states, 3)
    if reqs:
        data["requests"] = reqs
    pins = _pinned_readings(draw, voc)
    if pins:
        data["readings"] = {k: "yes" if val else "no" for k, val in pins.items()}
    if draw(_ONE_IN_FIVE) == 4:
        data["unsc_authorisation"] = True
    return data


def scenarios(source: Source | Vocabulary, *, max_events: int = 3) -> st.SearchStrategy[Scenario]:
    """Valid Scenario models over the source's vocabulary (see the module docstring)."""
    return scenario_dicts(source, max_events=max_events).map(Scenario.model_validate)


# --- scenario <-> YAML -------------------------------------------------------------------


def scenario_data(scenario: Scenario) -> dict[str, Any]:
    """Plain data of a scenario, as a file would hold it (dates as text, defaults left out)."""
    data: dict[str, Any] = scenario.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    if scenario.readings:
        data["readings"] = {k: "yes" if val else "no" for k, val in scenario.readings.items()}
    return data


def scenario_to_yaml(scenario: Scenario | Mapping[str, Any]) -> str:
    """YAML text of a scenario (or of its plain data), block style, keys in model order."""
    return to_yaml(scenario_data(scenario) if isinstance(scenario, Scenario) else dict(scenario))


def to_yaml(data: Any) -> str:
    """YAML text of plain data (a mapping, a list, a scalar) as scenario_to_yaml writes it."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt", pure=True)
    yaml.default_flow_style = False
    yaml.width = 4096  # long titles stay on one line; folding is not worth a round-trip risk
    stream = io.StringIO()
    yaml.dump(_plain(data), stream)
    return stream.getvalue()


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(x) for k, x in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(x) for x in value]
    if isinstance(value, float):
        return value  # ruamel writes repr(); it reads back to the same float
    return value


def scenario_from_yaml(text: str, catalogue: Any, name: str = "<generated>") -> Scenario:
    """Read YAML text the way `casus run` reads a file (safe loader, validation, references)."""
    from pathlib import Path

    from engine.formats.yamlsafe import load_yaml
    from engine.law.catalogue import scenario_from

    return scenario_from(load_yaml(text, name), catalogue, Path(name)).scenario


__all__ = [
    "Vocabulary",
    "actors",
    "books_of",
    "dates",
    "events",
    "latitudes",
    "pinned_readings",
    "requests",
    "scenario_data",
    "scenario_dicts",
    "scenario_from_yaml",
    "scenario_to_yaml",
    "scenarios",
    "state_codes",
    "to_yaml",
    "vocabulary",
]
