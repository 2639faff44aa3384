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

MIN_DATE = dt.date(1900, 1, 1)
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
    outsiders = tuple(sorted(c for c in v.ISO_ALPHA3 if c not in taken)[::37][:OUTSIDER_COUNT])
    around = {p + dt.timedelta(days=k) for p in points for k in (-1, 0, 1)}
    dates_ = tuple(sorted(d for d in around if MIN_DATE <= d <= MAX_DATE))
    hair = 0.01
    lat_points = {x + k for x in lats for k in (-hair, 0.0, hair)}
    latitudes_ = tuple(sorted(x for x in lat_points if -90 <= x <= 90))
    return Vocabulary(books, tuple(parties), tuple(sorted(named)), outsiders, dates_, latitudes_)


def _vocab(source: Source | Vocabulary) -> Vocabulary:
    return source if isinstance(source, Vocabulary) else vocabulary(source)


def dates(source: Source | Vocabulary) -> st.SearchStrategy[dt.date]:
    """Mostly boundary dates (membership, validity, tested dates, each +-1 day), sometimes any."""
    voc = _vocab(source)
    anywhere = st.dates(MIN_DATE, MAX_DATE)
    if not voc.boundary_dates:
        return anywhere
    return st.one_of(st.sampled_from(voc.boundary_dates), st.sampled_from(voc.boundary_dates), anywhere)


def latitudes(source: Source | Vocabulary) -> st.SearchStrategy[float | None]:
    voc = _vocab(source)
    anywhere = st.floats(-90, 90, allow_nan=False).map(lambda x: round(x, 4))
    options: list[st.SearchStrategy[float | None]] = [st.none(), anywhere]
    if voc.boundary_latitudes:
        options.append(st.sampled_from(voc.boundary_latitudes))
    return st.one_of(*options)


def state_codes(source: Source | Vocabulary) -> st.SearchStrategy[str]:
    """Parties and named states most of the time, an outsider now and then."""
    voc = _vocab(source)
    inside = sorted({*voc.parties, *voc.named})
    options = [st.sampled_from(inside)] if inside else []
    options.append(st.sampled_from(voc.outsiders))
    return st.one_of(*options)


@st.composite
def actors(draw: st.DrawFn, source: Source | Vocabulary, *, max_states: int = 4) -> dict[str, dict[str, Any]]:
    """Actors as plain data: 1-`max_states` states, and 0-2 non-state groups."""
    voc = _vocab(source)
    states = draw(st.lists(state_codes(voc), min_size=1, max_size=max_states, unique=True))
    out: dict[str, dict[str, Any]] = {s: {"kind": "state"} for s in states}
    for i in range(draw(st.integers(0, 2))):
        group: dict[str, Any] = {"kind": "non_state"}
        sponsor = draw(st.none() | st.sampled_from(states))
        if sponsor is not None:
            group["sponsor"] = sponsor
        based = draw(st.none() | st.sampled_from(states))
        if based is not None:
            group["based_in"] = based
        out[f"grp-{i + 1}"] = group
    return out


@st.composite
def events(
    draw: st.DrawFn, source: Source | Vocabulary, actor_map: Mapping[str, Mapping[str, Any]], event_id: str = "e1"
) -> dict[str, Any]:
    """One event between the given actors, as plain data."""
    voc = _vocab(source)
    states = sorted(a for a, spec in actor_map.items() if spec["kind"] == "state")
    kind = draw(st.sampled_from(v.EVENT_KINDS))
    against = draw(st.sampled_from(states))
    attackers = [a for a in actor_map if a != against or kind in ("domestic_unrest", "disaster")]
    by = draw(st.sampled_from([*attackers, v.UNKNOWN_ACTOR]))
    territory = draw(st.one_of(st.just(against), st.none(), st.sampled_from(states)))
    where: dict[str, Any] = {"territory_of": territory, "region": draw(st.sampled_from(v.REGIONS))}
    if draw(st.booleans()):
        where["status"] = draw(st.sampled_from(v.LOCATION_STATUSES))
    latitude = draw(latitudes(voc))
    if latitude is not None:
        where["latitude"] = latitude
    if draw(st.integers(0, 4)) == 4:
        where["administered_by"] = draw(st.sampled_from(states))
    event: dict[str, Any] = {
        "id": event_id,
        "kind": kind,
        "by": by,
        "against": against,
        "target": draw(st.sampled_from(v.TARGETS)),
        "where": where,
        "attribution": draw(st.sampled_from(v.ATTRIBUTIONS)),
        "effects": draw(st.sampled_from(v.EFFECTS)),
        "foreign_backing": draw(st.sampled_from(v.FOREIGN_BACKING)),
    }
    if draw(st.integers(0, 5)) == 5:  # shrinks towards the plain case
        event["in_self_defence"] = True
    return event


@st.composite
def requests(
    draw: st.DrawFn, source: Source | Vocabulary, states: list[str], *, max_size: int = 3
) -> list[dict[str, Any]]:
    voc = _vocab(source)
    request = st.fixed_dictionaries(
        {
            "by": st.sampled_from(states),
            "treaty": st.sampled_from(voc.treaty_ids),
            "asks": st.sampled_from(v.REQUEST_KINDS),
        }
    )
    out: list[dict[str, Any]] = draw(st.lists(request, max_size=max_size))
    return out


@st.composite
def pinned_readings(draw: st.DrawFn, source: Source | Vocabulary) -> dict[str, bool]:
    voc = _vocab(source)
    names = sorted(f"{b.id}.{r}" for b in voc.books for r in b.rulebook.readings)
    if not names:
        return {}
    chosen = draw(st.lists(st.sampled_from(names), max_size=2, unique=True))
    return {n: draw(st.booleans()) for n in chosen}


TEXT = st.text(st.characters(categories=("L", "N", "P", "Zs"), exclude_characters="\x85\xa0"), min_size=1, max_size=40)


@st.composite
def scenario_dicts(draw: st.DrawFn, source: Source | Vocabulary, *, max_events: int = 3) -> dict[str, Any]:
    """A valid scenario as the plain data a YAML file holds."""
    voc = _vocab(source)
    actor_map = draw(actors(voc))
    states = sorted(a for a, spec in actor_map.items() if spec["kind"] == "state")
    count = draw(st.integers(1, max_events))
    evs = [draw(events(voc, actor_map, f"e{i + 1}")) for i in range(count)]
    data: dict[str, Any] = {
        "id": "generated",
        "title": draw(TEXT).strip() or "generated",
        "date": draw(dates(voc)).isoformat(),
        "summary": draw(TEXT).strip() or "generated",
        "sources": ["https://example.org/generated"],
        "actors": actor_map,
        "events": evs,
    }
    reqs = draw(requests(voc, states))
    if reqs:
        data["requests"] = reqs
    pins = draw(pinned_readings(voc))
    if pins:
        data["readings"] = {k: "yes" if val else "no" for k, val in pins.items()}
    if draw(st.integers(0, 4)) == 4:
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
    from ruamel.yaml import YAML

    data = scenario_data(scenario) if isinstance(scenario, Scenario) else dict(scenario)
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
    "vocabulary",
]
