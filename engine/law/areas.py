"""Treaty areas as data: the GeoJSON features shipped in rules/areas/<treaty>.geojson.

Each feature draws one piece of a treaty's area with its treaty, article, the dates it
holds (`valid_from`, and `valid_until`: the first day it no longer holds) and its
sources. Features that share an `area` id make one area: US-Japan's
`usj_administered_by_japan` is the home islands from 1960, plus the Bonins from 1968,
plus the Ryukyus from 1972. A condition `in_area: <area id>` tests the base fact
`area.<area id>`, computed here for each event:

* with latitude and longitude: whether a feature valid on the date covers the point;
* with latitude only: inside where the region's part outside the area never reaches
  that latitude, outside where its part inside never does (latitude spans stored per
  feature by scripts/build_areas.py, so this needs no geometry either);
* with the region word only: from each feature's `regions_inside` / `regions_outside`
  (which region outlines lie wholly inside or outside it; tests check these lists
  against the geometry), so that region-only files never import shapely;
* otherwise unknown (None): the file does not say enough to place the event.

Public API (other wings and the HTML map use it): `areas_of(treaty)`, `area_ids(treaty)`,
`all_areas()`, `area_membership((latitude, longitude), date)`, `area_fact(...)`.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from engine.formats.regions import areas_dir, point
from engine.law.conditions import AREA_PREFIX

__all__ = [
    "AREA_PREFIX",
    "AreaFeature",
    "all_areas",
    "area_fact",
    "area_ids",
    "area_membership",
    "area_words",
    "areas_of",
]
Span = tuple[float, float] | None  # (southmost, northmost latitude), or None: no such part


@dataclass(frozen=True)
class AreaFeature:
    """One dated piece of a treaty area."""

    id: str
    area: str
    treaty: str
    article: str
    title: str
    valid_from: dt.date | None
    valid_until: dt.date | None  # the first day it no longer holds
    sources: tuple[str, ...]
    reading: str | None  # the reading under which this outline is the area, if any
    regions_inside: frozenset[str]
    regions_outside: frozenset[str]
    # region -> (latitudes the region reaches, those its part inside reaches, those its
    # part outside reaches), for the regions partly inside
    latitude_spans: Mapping[str, tuple[Span, Span, Span]] = field(repr=False, compare=False)
    geojson: dict[str, Any] = field(repr=False, compare=False)

    def valid_on(self, date: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= date) and (
            self.valid_until is None or date < self.valid_until
        )

    @functools.cached_property
    def geometry(self) -> Any:
        """The shapely geometry (a MultiPolygon, cut at the antimeridian)."""
        from shapely.geometry import shape

        return shape(self.geojson)

    @property
    def validity(self) -> str:
        """The dates in words: "from 1949-08-24 until 1962-07-03"."""
        parts = []
        if self.valid_from:
            parts.append(f"from {self.valid_from.isoformat()}")
        if self.valid_until:
            parts.append(f"until {self.valid_until.isoformat()}")
        return " ".join(parts) or "always"


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _feature(data: dict[str, Any]) -> AreaFeature:
    p = data["properties"]
    return AreaFeature(
        id=p["id"],
        area=p["area"],
        treaty=p["treaty"],
        article=p["article"],
        title=p["title"],
        valid_from=_date(p.get("valid_from")),
        valid_until=_date(p.get("valid_until")),
        sources=tuple(p.get("sources", ())),
        reading=p.get("reading"),
        regions_inside=frozenset(p.get("regions_inside", ())),
        regions_outside=frozenset(p.get("regions_outside", ())),
        latitude_spans={
            region: tuple(tuple(x) if x else None for x in spans)  # type: ignore[misc]
            for region, spans in p.get("latitude_spans", {}).items()
        },
        geojson=data["geometry"],
    )


def area_file_name(treaty: str) -> str:
    """rules/areas/<treaty in lower case>.geojson: NATO -> nato.geojson."""
    return f"{treaty.lower()}.geojson"


@functools.cache
def areas_of(treaty: str) -> tuple[AreaFeature, ...]:
    """The features of one treaty's areas, in file order (none if it ships no areas)."""
    path = areas_dir() / area_file_name(treaty)
    if not path.is_file():
        return ()
    with path.open(encoding="utf-8") as f:
        doc = json.load(f)
    return tuple(_feature(feat) for feat in doc["features"])


def area_ids(treaty: str) -> frozenset[str]:
    """The area ids a condition of this treaty may name in `in_area`."""
    return frozenset(f.area for f in areas_of(treaty))


@functools.cache
def area_treaties() -> tuple[str, ...]:
    """Treaties that ship area files, as their ids are spelled in the files."""
    treaties: list[str] = []
    for path in sorted(areas_dir().glob("*.geojson")):
        with path.open(encoding="utf-8") as f:
            doc = json.load(f)
        treaties.extend(
            sorted({feat["properties"]["treaty"] for feat in doc["features"] if "treaty" in feat["properties"]})
        )
    return tuple(treaties)


def all_areas() -> tuple[AreaFeature, ...]:
    """Every feature of every treaty."""
    return tuple(f for treaty in area_treaties() for f in areas_of(treaty))


def area_words(area: str) -> str:
    """An area id as a reader should see it: "the treaty area nato_algeria (NATO Art. 6(1))"."""
    piece = next((f for f in all_areas() if f.area == area), None)
    if piece is None:
        return f"the area {area}"
    return f"the treaty area {area} ({piece.treaty} Art. {piece.article})"


def _valid(features: Iterable[AreaFeature], area: str, date: dt.date) -> list[AreaFeature]:
    return [f for f in features if f.area == area and f.valid_on(date)]


def covers_point(features: Iterable[AreaFeature], latitude: float, longitude: float) -> bool:
    where = point(latitude, longitude)
    return any(f.geometry.covers(where) for f in features)


def area_membership(where: tuple[float, float], date: dt.date) -> dict[str, bool]:
    """Area id -> whether the point (latitude, longitude) lies in it on `date`, for every
    area of every treaty (an area none of whose features holds on the date is False)."""
    latitude, longitude = where
    out: dict[str, bool] = {}
    for f in all_areas():
        out.setdefault(f.area, False)
        if not out[f.area] and f.valid_on(date) and f.geometry.covers(point(latitude, longitude)):
            out[f.area] = True
    return out


def area_fact(
    treaty: str,
    area: str,
    *,
    date: dt.date,
    region: str | None,
    latitude: float | None,
    longitude: float | None,
) -> bool | None:
    """Whether an event lies in `area` of `treaty` on `date`; None if the file does not
    say enough (a region partly inside, no coordinates to decide)."""
    features = _valid(areas_of(treaty), area, date)
    if not features:
        return False
    if latitude is not None and longitude is not None:
        return covers_point(features, latitude, longitude)
    if region is not None:
        if any(region in f.regions_inside for f in features):
            return True
        if all(region in f.regions_outside for f in features):
            return False
    if latitude is not None and region is not None:
        found = [_by_latitude(f, region, latitude) for f in features]
        if any(x is True for x in found):
            return True
        if all(x is False for x in found):
            return False
    return None


def _within(span: Span, latitude: float) -> bool:
    return span is not None and span[0] <= latitude <= span[1]


def _by_latitude(feature: AreaFeature, region: str, latitude: float) -> bool | None:
    """A place known by its region and latitude only: inside the feature if the region's
    part outside it never reaches that latitude, outside if its part inside never does
    (the spans are exact bounds, computed when the file was built); else unknown."""
    if region in feature.regions_inside:
        return True
    if region in feature.regions_outside:
        return False
    spans = feature.latitude_spans.get(region)
    if spans is None or not _within(spans[0], latitude):
        return None  # a latitude the region does not reach: the file contradicts itself
    if not _within(spans[1], latitude):
        return False
    if not _within(spans[2], latitude):
        return True
    return None
