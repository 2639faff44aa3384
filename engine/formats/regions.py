"""The region words of the scenario format as outlines: which region a point lies in.

`rules/areas/regions.geojson` draws each word of `where.region` as a coarse polygon
(tens of vertices, not a coastline). The land regions come first in the file's order and
the seas last, so a point on a coast is given the land region; the oceans catch the rest.
A file that gives `latitude` and `longitude` may leave `region` out: it is the first
region whose outline covers the point. A file that gives all three is warned when the
region it names does not cover its point.

Point-in-polygon is shapely's (GEOS), imported only when a file gives coordinates: it
costs some 100 ms of start-up that region-only files should not pay.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.formats.paths import rules_dir

AREAS_DIR = "areas"
REGIONS_FILE = "regions.geojson"


def areas_dir() -> Path:
    """Where the shipped GeoJSON files live (inside the wheel or in the checkout)."""
    return rules_dir() / AREAS_DIR


@dataclass(frozen=True)
class RegionOutline:
    """One region word and its outline (GeoJSON geometry; shapely geometry on first use)."""

    name: str
    order: int
    geojson: dict[str, Any] = field(repr=False, compare=False)

    @functools.cached_property
    def geometry(self) -> Any:
        from shapely.geometry import shape

        return shape(self.geojson)


@functools.cache
def region_outlines() -> tuple[RegionOutline, ...]:
    """Every region's outline, in the order a point is matched (land first, then seas)."""
    with (areas_dir() / REGIONS_FILE).open(encoding="utf-8") as f:
        doc = json.load(f)
    outlines = [
        RegionOutline(feat["properties"]["id"], int(feat["properties"]["order"]), feat["geometry"])
        for feat in doc["features"]
    ]
    return tuple(sorted(outlines, key=lambda r: r.order))


def _outline(region: str) -> RegionOutline | None:
    return next((r for r in region_outlines() if r.name == region), None)


def point(latitude: float, longitude: float) -> Any:
    """A shapely point for (latitude, longitude); GeoJSON order is (longitude, latitude)."""
    from shapely.geometry import Point

    return Point(longitude, latitude)


def region_at(latitude: float, longitude: float) -> str | None:
    """The first region (in the file's order) whose outline covers the point, if any."""
    where = point(latitude, longitude)
    return next((r.name for r in region_outlines() if r.geometry.covers(where)), None)


def region_covers(region: str, latitude: float, longitude: float) -> bool:
    """Whether the outline of `region` covers the point (an unknown word covers nothing)."""
    outline = _outline(region)
    return outline is not None and bool(outline.geometry.covers(point(latitude, longitude)))


def region_geometry(region: str) -> Any | None:
    """The shapely outline of a region word, or None for a word without one."""
    outline = _outline(region)
    return None if outline is None else outline.geometry


def parallel(latitude: float) -> Any:
    """The parallel of `latitude` from -180 to 180 (the HTML map draws the Tropic with it)."""
    from shapely.geometry import LineString

    return LineString([(-180.0, latitude), (180.0, latitude)])
