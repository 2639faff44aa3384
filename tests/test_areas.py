"""Treaty areas as data (rules/areas/*.geojson): points either side of every boundary,
files placed by coordinates alone, region words, and the API other wings use."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from shapely.geometry import shape
from treaty_helpers import verdict

from engine.formats.regions import region_at, region_outlines
from engine.formats.scenario import Scenario
from engine.law.areas import all_areas, area_fact, area_ids, area_membership, areas_of
from tests.conftest import REPO

FIXTURES = Path(__file__).parent / "fixtures" / "areas"
POINTS = yaml.safe_load((FIXTURES / "boundary-points.yaml").read_text(encoding="utf-8"))
PLACED = yaml.safe_load((FIXTURES / "coordinates-only.yaml").read_text(encoding="utf-8"))


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


@pytest.mark.parametrize("point", POINTS, ids=lambda p: f"{p['area']}:{p['place']}@{p['date']}")
def test_boundary_point(point: dict[str, Any]) -> None:
    date = _date(point["date"])
    where = (point["latitude"], point["longitude"])
    kwargs = {"date": date, "region": None, "latitude": where[0], "longitude": where[1]}
    assert area_fact(point["treaty"], point["area"], **kwargs) is point["inside"], point["place"]
    assert area_membership(where, date)[point["area"]] is point["inside"]


def test_every_area_has_points_on_both_sides() -> None:
    sides: dict[str, set[bool]] = {}
    for point in POINTS:
        sides.setdefault(point["area"], set()).add(point["inside"])
    shipped = {f.area for f in all_areas()}
    assert {a for a, s in sides.items() if s == {True, False}} >= shipped - {"nato_europe", "nato_north_america"}


def _placed(case: dict[str, Any]) -> Scenario:
    return Scenario.model_validate(
        {
            "id": "placed",
            "title": "placed by coordinates",
            "date": _date(case["date"]).isoformat(),
            "summary": "an attack placed by latitude and longitude only",
            "hypothetical": True,
            "actors": {case["by"]: {"kind": "state"}, case["against"]: {"kind": "state"}},
            "events": [
                {
                    "id": "e",
                    "kind": case["kind"],
                    "by": case["by"],
                    "against": case["against"],
                    "target": case["target"],
                    "where": {"latitude": case["latitude"], "longitude": case["longitude"]},
                    "attribution": "confirmed",
                    "effects": "casualties",
                    "in_self_defence": False,
                }
            ],
        }
    )


@pytest.mark.parametrize("case", PLACED, ids=lambda c: f"{c['treaty']}:{c['why']}")
def test_file_placed_by_coordinates_alone_gets_the_areas_answer(case: dict[str, Any]) -> None:
    results = {r.outcome: r.status for r in verdict(case["treaty"], _placed(case)).results}
    assert results["collective_defence"] == case["collective_defence"], case["why"]


def test_region_tables_agree_with_the_geometry() -> None:
    """regions_inside / regions_outside spare region-only files the geometry: they must say
    what the outlines say (within the builder's 0.001 degree slack)."""
    regions = {r.name: r.geometry for r in region_outlines()}
    for feature in all_areas():
        geometry = feature.geometry
        for name in feature.regions_inside:
            assert geometry.buffer(1e-3).covers(regions[name]), (feature.id, name)
        for name in feature.regions_outside:
            assert geometry.intersection(regions[name]).area < 1e-4, (feature.id, name)
        for name in set(regions) - feature.regions_inside - feature.regions_outside:
            assert not geometry.buffer(1e-3).covers(regions[name]), (feature.id, name)
            assert geometry.intersection(regions[name]).area >= 1e-4, (feature.id, name)


def test_region_word_alone_answers_only_where_the_region_lies_wholly_on_one_side() -> None:
    day = dt.date(2020, 1, 1)
    assert area_fact("NATO", "nato_europe", date=day, region="europe", latitude=None, longitude=None) is True
    assert area_fact("NATO", "nato_algeria", date=day, region="europe", latitude=None, longitude=None) is False
    # The South Atlantic reaches east of 24 W: the word alone cannot place an attack there.
    assert (
        area_fact("RIO", "rio_security_region", date=day, region="south_atlantic", latitude=None, longitude=None)
        is None
    )
    # With the latitude alone, the whole parallel across the region decides when it can.
    args = {"date": day, "region": "north_atlantic", "longitude": None}
    assert area_fact("NATO", "nato_north_atlantic", latitude=20.0, **args) is False
    assert area_fact("NATO", "nato_north_atlantic", latitude=32.3, **args) is None  # the Gulf of Mexico, or Bermuda


def test_geometries_are_valid_and_within_longitude_bounds() -> None:
    for path in sorted((REPO / "rules" / "areas").glob("*.geojson")):
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
            geometry = shape(feature["geometry"])
            assert geometry.is_valid, (path.name, feature["id"])
            west, south, east, north = geometry.bounds
            assert west >= -180 and east <= 180 and south >= -90 and north <= 90, feature["id"]


def test_every_piece_is_dated_and_sourced() -> None:
    for feature in all_areas():
        assert feature.valid_from is not None, feature.id
        assert feature.sources and all(s.startswith(("http://", "https://")) for s in feature.sources), feature.id
        assert feature.treaty and feature.article and feature.title, feature.id


def test_the_api_other_wings_use() -> None:
    assert area_ids("ANZUS") == {"anzus_pacific_narrow", "anzus_pacific_wide"}
    assert {f.reading for f in areas_of("ANZUS")} == {"pacific_rim: no", "pacific_rim: yes"}
    assert areas_of("CSTO") == ()
    okinawa = area_membership((26.21, 127.68), dt.date(1970, 1, 1))
    assert okinawa["usj_administered_by_japan"] is False and okinawa["rio_security_region"] is False


@pytest.mark.parametrize(
    ("latitude", "longitude", "region"),
    [
        (40.71, -74.01, "north_america"),
        (52.23, 21.01, "europe"),
        (39.9, 69.0, "central_asia"),
        (12.0, 114.0, "southeast_asia"),
        (21.31, -157.86, "pacific"),
        (-15.93, -5.72, "south_atlantic"),
        (35.0, 18.0, "mediterranean"),
        (-33.87, 151.21, "oceania"),
    ],
)
def test_region_derived_from_coordinates(latitude: float, longitude: float, region: str) -> None:
    assert region_at(latitude, longitude) == region


def test_shipped_geojson_is_what_the_builder_draws(tmp_path: Path) -> None:
    """rules/areas is built by scripts/build_areas.py from its vertex lists: a polygon is
    changed there (where each vertex is explained), never by hand in the GeoJSON."""
    import runpy

    runpy.run_path(str(REPO / "scripts" / "build_areas.py"), run_name="build")["main"](str(tmp_path))
    for shipped_file in sorted((REPO / "rules" / "areas").glob("*.geojson")):
        built = tmp_path / shipped_file.name
        assert built.is_file(), shipped_file.name
        assert json.loads(built.read_text(encoding="utf-8")) == json.loads(shipped_file.read_text(encoding="utf-8")), (
            f"{shipped_file.name} differs from what scripts/build_areas.py draws: rebuild it"
        )


def test_latitude_spans_agree_with_the_parallel() -> None:
    """Where a region and a latitude alone place an event, the answer is what the geometry
    says of the whole stretch of that parallel across the region."""
    from shapely.geometry import LineString

    from engine.law.areas import _by_latitude

    regions = {r.name: r.geometry for r in region_outlines()}
    decided = 0
    for feature in all_areas():
        for region, spans in feature.latitude_spans.items():
            south, north = spans[0] or (0.0, 0.0)
            latitude = south + 0.25
            while latitude < north:
                answer = _by_latitude(feature, region, latitude)
                if answer is not None:
                    decided += 1
                    stretch = regions[region].intersection(LineString([(-180, latitude), (180, latitude)]))
                    inside = stretch.intersection(feature.geometry).length
                    if answer:
                        assert stretch.length - inside < 1e-6, (feature.id, region, latitude)
                    else:
                        assert inside < 1e-6, (feature.id, region, latitude)
                latitude += 0.5
    assert decided > 100


def test_an_unknown_area_id_is_refused_with_the_known_ones(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from engine.cli.main import app

    text = (REPO / "rules" / "nato.yaml").read_text(encoding="utf-8")
    assert "in_area: nato_mediterranean" in text
    path = tmp_path / "nato.yaml"
    path.write_text(text.replace("in_area: nato_mediterranean", "in_area: nato_mediteranean", 1), encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    message = next(line for line in result.stderr.splitlines() if "nato_mediteranean" in line)
    assert message.startswith(f"{path}:") and "unknown area" in message and "nato_mediterranean" in message
