"""The report's map: where a scenario's events happened, over land, with each treaty's area.

Land outlines are Natural Earth's 1:110m countries (public domain, shipped in
engine/render/data, see its README). Shapes are clipped and projected with shapely and
pyproj (Equal Earth, so areas keep their relative size) and written as inline SVG; the SVG's
viewBox is the projected extent (y negated: SVG counts downwards), so no projection maths is done here.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any

LAND_FILE = Path(__file__).resolve().parent / "data" / "naturalearth-land-110m.geojson"
PROJECTION = "+proj=eqearth +datum=WGS84 +units=km"
MARGIN_DEGREES = 12.0  # around the places marked, so the reader sees the neighbours
MIN_SPAN_DEGREES = 30.0  # a map of one small country still shows its region
DETAIL_PER_WIDTH = 600  # outlines keep detail down to 1/600 of the map's width (~1 px)
# Fill colours for treaty areas, in the order the treaties are listed (colour-blind-safe set).
AREA_COLOURS = ("#4477aa", "#ee6677", "#228833", "#ccbb44", "#66ccee", "#aa3377")


# Former states (ISO 3166-3 codes) drawn as the land of their successor states, in today's
# borders: the USSR's fifteen republics, Czechoslovakia's two, the SFR Yugoslavia's seven
# (Kosovo as XKX). The GDR has no outline of its own in today's map and is not drawn.
SUCCESSORS = {
    "SUN": ("ARM", "AZE", "BLR", "EST", "GEO", "KAZ", "KGZ", "LTU", "LVA", "MDA", "RUS", "TJK", "TKM", "UKR", "UZB"),
    "CSK": ("CZE", "SVK"),
    "YUG": ("BIH", "HRV", "MKD", "MNE", "SRB", "SVN", "XKX"),
}


@dataclass(frozen=True)
class Place:
    """A marked place: an event's coordinates; without them the country it happened in; without
    that, its region word's outline (and the parallel across it, if the latitude is given)."""

    label: str
    lon: float | None
    lat: float | None
    country: str | None
    region: str | None = None

    def vague(self) -> Any:
        """The region outline (or the stretch of its parallel) of a place with no country or
        coordinates; None for any other place or a region word without an outline."""
        from shapely.geometry import LineString

        from engine.formats.regions import region_geometry

        if self.lon is not None or self.country or not self.region:
            return None
        outline = region_geometry(self.region)
        if outline is None or self.lat is None:
            return outline
        stretch = outline.intersection(LineString([(-180.0, self.lat), (180.0, self.lat)]))
        return outline if stretch.is_empty else stretch


@dataclass(frozen=True)
class Area:
    """A treaty's shaded area and how it was found (published area polygons, or parties' land)."""

    treaty: str
    geometry: Any  # shapely geometry, lon/lat
    basis: str


@lru_cache(maxsize=1)
def land() -> dict[str, Any]:
    """ISO alpha-3 -> shapely geometry of that country's land (Natural Earth 1:110m)."""
    from shapely import make_valid
    from shapely.geometry import shape

    data = json.loads(LAND_FILE.read_text(encoding="utf-8"))
    shapes = {f["properties"]["iso_a3"]: shape(f["geometry"]) for f in data["features"]}
    # Rounding the coordinates to 0.01 degrees made a few rings touch themselves.
    return {iso: g if g.is_valid else make_valid(g) for iso, g in shapes.items()}


def country(code: str | None) -> Any:
    """The land of a state (a former state's successors' land), or None if the map has none."""
    from shapely import union_all

    if code in land():
        return land()[code]
    parts = [land()[c] for c in SUCCESSORS.get(code or "", ()) if c in land()]
    return union_all(parts) if parts else None


def places(scenario: Any) -> list[Place]:
    """One place per event: coordinates if the file gives both, else the territory's country."""
    out: list[Place] = []
    for event in scenario.events:
        where = event.where
        lon = getattr(where, "longitude", None)  # added by the scenario format's `where.longitude`
        lat = where.latitude
        if lon is not None and lat is not None:
            out.append(Place(event.id, float(lon), float(lat), where.territory_of))
        elif country(where.territory_of) is not None:
            out.append(Place(event.id, None, None, where.territory_of))
        else:
            out.append(Place(event.id, None, lat, None, str(where.region)))
    return out


def treaty_areas(books: Sequence[Any], date: dt.date) -> list[Area]:
    """Each treaty's areas on `date`: the area polygons shipped with the rulebooks (one per
    area id, the features valid on the date), else the land of the parties on `date`."""
    from shapely import union_all

    from engine.law.areas import areas_of as features_of

    out: list[Area] = []
    for book in books:
        by_area: dict[str, list[Any]] = {}
        for feature in features_of(book.id):
            if feature.valid_on(date):
                by_area.setdefault(feature.area, []).append(feature)
        for area, features in sorted(by_area.items()):
            first = features[0]
            basis = f"{area}, Art. {first.article}" + (f", under reading {first.reading}" if first.reading else "")
            out.append(Area(book.id, union_all([f.geometry for f in features]), basis))
        if by_area:
            continue
        members = [s for s, status in book.rulebook.members_on(date).items() if status == "member"]
        shapes = [g for g in map(country, members) if g is not None]
        if shapes:
            out.append(
                Area(
                    book.id,
                    union_all(shapes),
                    f"parties' land on {date.isoformat()}, drawn in today's borders; no area polygons",
                )
            )
    return out


def _extent(marks: Iterable[Place]) -> tuple[float, float, float, float] | None:
    """Lon/lat box (west, south, east, north) around the marked places, with a margin."""
    from shapely import union_all
    from shapely.geometry import Point

    shapes = []
    for p in marks:
        if p.lon is not None and p.lat is not None:
            shapes.append(Point(p.lon, p.lat))
        elif country(p.country) is not None:
            shapes.append(country(p.country))
        elif p.vague() is not None:
            shapes.append(p.vague())
    if not shapes:
        return None
    west, south, east, north = union_all(shapes).buffer(MARGIN_DEGREES).bounds
    grow_x = max(0.0, MIN_SPAN_DEGREES - (east - west)) / 2
    grow_y = max(0.0, MIN_SPAN_DEGREES / 2 - (north - south)) / 2
    return (
        max(-180.0, west - grow_x),
        max(-85.0, south - grow_y),
        min(180.0, east + grow_x),
        min(85.0, north + grow_y),
    )


@lru_cache(maxsize=1)
def _transformer() -> Any:
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:4326", PROJECTION, always_xy=True)


def _project(geometry: Any) -> Any:
    from shapely import transform

    return transform(geometry, lambda xy: _pairs(_transformer().transform(xy[:, 0], xy[:, 1])))


def _pairs(xs_ys: tuple[Any, Any]) -> Any:
    import numpy

    return numpy.column_stack(xs_ys)


def _path(geometry: Any, detail: float = 0.0) -> str:
    """SVG path data of a (multi)polygon or line, coordinates in projected km, y pointing north;
    points closer than `detail` km to the simplified outline are left out (shapely's simplify)."""
    if detail > 0:
        geometry = geometry.simplify(detail, preserve_topology=True)
    parts: list[str] = []
    for poly in getattr(geometry, "geoms", [geometry]):
        if poly.is_empty:
            continue
        if poly.geom_type == "Polygon":
            rings = [poly.exterior, *poly.interiors]
        elif poly.geom_type == "LineString":
            parts.append("M" + " L".join(f"{x:.0f} {-y:.0f}" for x, y in poly.coords))
            continue
        elif poly.geom_type in ("MultiPolygon", "MultiLineString", "GeometryCollection"):
            parts.append(_path(poly))
            continue
        else:
            continue
        for ring in rings:
            coords = [f"{x:.0f} {-y:.0f}" for x, y in ring.coords]
            parts.append("M" + " L".join(coords) + "Z")
    return "".join(parts)


def map_svg(scenario: Any, books: Sequence[Any]) -> str:
    """Inline SVG of the scenario's places over land, with each treaty's area shaded; "" if
    the file gives no coordinates and no territory."""
    from shapely.geometry import Point, box

    marks = places(scenario)
    bounds = _extent(marks)
    if bounds is None:
        return ""
    frame = box(*bounds)
    window = _project(frame.segmentize(1.0))
    west, south, east, north = window.bounds
    detail = (east - west) / DETAIL_PER_WIDTH
    body: list[str] = []
    for iso, shape in sorted(land().items()):
        clipped = shape.intersection(frame)
        if not clipped.is_empty:
            body.append(
                f'<path class="land" d="{_path(_project(clipped), detail)}"><title>{escape(iso)}</title></path>'
            )
    areas = treaty_areas(books, scenario.date)
    legend: list[str] = []
    colours = {book.id: AREA_COLOURS[i % len(AREA_COLOURS)] for i, book in enumerate(books)}
    for area in areas:
        colour = colours[area.treaty]
        clipped = area.geometry.intersection(frame)
        if not clipped.is_empty:
            body.append(
                f'<path class="area" data-treaty="{escape(area.treaty)}" fill="{colour}" d="{_path(_project(clipped), detail)}">'
                f"<title>{escape(area.treaty)}: {escape(area.basis)}</title></path>"
            )
        legend.append(
            f'<li><span class="swatch" style="background:{colour}"></span>{escape(area.treaty)} ({escape(area.basis)})</li>'
        )
    shaded: set[str] = set()
    for mark in marks:
        if mark.lon is not None and mark.lat is not None:
            x, y = _transformer().transform(mark.lon, mark.lat)
            words = f"{mark.label}: {mark.lat:.2f}, {mark.lon:.2f}"
            body.append(
                f'<circle class="event" cx="{x:.0f}" cy="{-y:.0f}" r="{(east - west) / 80:.0f}"><title>{escape(words)}</title></circle>'
            )
        elif mark.country and country(mark.country) is not None and mark.country not in shaded:
            shaded.add(mark.country)
            shape = country(mark.country).intersection(frame)
            body.append(
                f'<path class="event-country" d="{_path(_project(shape), detail)}"><title>{escape(mark.label)}: '
                f"territory of {escape(mark.country or '')}"
                + (" (drawn as its successor states in today's borders)" if mark.country in SUCCESSORS else "")
                + "</title></path>"
            )
            spot = shape.representative_point() if not shape.is_empty else Point(0, 0)
            x, y = _transformer().transform(spot.x, spot.y)
            body.append(
                f'<circle class="event" cx="{x:.0f}" cy="{-y:.0f}" r="{(east - west) / 80:.0f}"><title>{escape(mark.country or "")}</title></circle>'
            )
        elif mark.vague() is not None and mark.region not in shaded:
            shaded.add(mark.region or "")
            vague = mark.vague().intersection(frame)
            line = vague.geom_type in ("LineString", "MultiLineString")
            words = f"{mark.label}: somewhere in the region {mark.region}" + (
                f" at latitude {mark.lat:.2f}" if line else ""
            )
            body.append(
                f'<path class="{"event-line" if line else "event-region"}" d="{_path(_project(vague.segmentize(1.0)), detail)}">'
                f"<title>{escape(words)}</title></path>"
            )
    how = (
        "event coordinates"
        if any(m.lon is not None for m in marks)
        else "the country whose territory the file names (no coordinates given)"
        if any(m.country for m in marks)
        else "the region the file names (no territory or coordinates given)"
    )
    view = f"{west:.0f} {-north:.0f} {east - west:.0f} {north - south:.0f}"
    svg = (
        f'<svg class="map" role="img" viewBox="{view}" preserveAspectRatio="xMidYMid meet" '
        f'xmlns="http://www.w3.org/2000/svg"><title>Map: {escape(scenario.id)}</title>'
        f'<rect class="sea" x="{west:.0f}" y="{-north:.0f}" width="{east - west:.0f}" height="{north - south:.0f}"/>'
        + "".join(body)
        + "</svg>"
    )
    caption = (
        f"<figcaption>Marked: {how}. Land: Natural Earth 1:110m (public domain), Equal Earth projection."
        + (f'<ul class="legend">{"".join(legend)}</ul>' if legend else "")
        + "</figcaption>"
    )
    return f'<figure class="map-figure">{svg}{caption}</figure>'
