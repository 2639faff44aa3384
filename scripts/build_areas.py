"""Build rules/areas/*.geojson from the vertex lists below: `python scripts/build_areas.py rules/areas`.

The GeoJSON files are the data casus reads; this script is how they were drawn, so that a
reviewer can check each vertex against its source and a change is made here, not by hand.
tests/test_areas.py checks that the shipped files are exactly what it builds.

* Region outlines (the words of `where.region`): coarse polygons, land regions first.
* Rio Art. 4: the treaty's own 14 vertices (authentic French and Spanish texts, 62 Stat.
  1681, Art. 4); "rhumb line" edges densified every half degree (constant bearing in
  Mercator), "due north/south" edges are meridians; cut at the antimeridian.
* NATO Art. 6 (1949 text, and as amended by the 1951 protocol, Art. 2): Europe, North
  America, the northern Algerian departments, Turkey, the North Atlantic north of the
  Tropic of Cancer (23.4458 N, its value on 1949-08-24), the Mediterranean (IHO S-23 limits).
* ANZUS "Pacific Area": not defined by the treaty; a narrow and a wide reading.
* US-Japan Art. V: territories under Japanese administration by date; the Ryukyus by the
  USCAR Proclamation 27 line (1953), which the 1971 Reversion Agreement's minutes adopt.

Each feature carries id, area, treaty, article, title, valid_from/valid_until (the first
day it no longer holds), sources, and the region words wholly inside or outside it.
"""

import json
import math
import sys

from shapely import affinity
from shapely.geometry import MultiPolygon, Polygon, box, mapping, shape
from shapely.geometry.polygon import orient
from shapely.ops import unary_union

TROPIC = 23.4458


def rhumb(a, b, step=0.5):
    (lon1, lat1), (lon2, lat2) = a, b
    psi = lambda p: math.log(math.tan(math.pi / 4 + math.radians(p) / 2))
    n = max(1, int(abs(lon2 - lon1) / step), int(abs(lat2 - lat1) / step))
    pts = []
    for i in range(n):
        t = i / n
        lon = lon1 + (lon2 - lon1) * t
        ps = psi(lat1) + (psi(lat2) - psi(lat1)) * t
        lat = math.degrees(2 * math.atan(math.exp(ps)) - math.pi / 2)
        pts.append((lon, lat))
    return pts


def split_antimeridian(geom):
    """A geometry drawn in unwrapped longitudes (beyond +-180) cut into parts within -180..180."""
    parts = []
    for shift, window in ((0, box(-180, -90, 180, 90)), (-360, box(180, -90, 540, 90)), (360, box(-540, -90, -180, 90))):
        piece = geom.intersection(window)
        if piece.is_empty:
            continue
        parts.append(affinity.translate(piece, xoff=shift))
    merged = unary_union(parts)
    return merged


def clean(geom):
    geom = geom.buffer(0)
    if isinstance(geom, Polygon):
        geom = MultiPolygon([geom])
    geom = MultiPolygon([orient(p, 1.0) for p in geom.geoms])
    return geom


def rounded(geom):
    m = mapping(geom)
    def r(x):
        if isinstance(x, (list, tuple)):
            if x and isinstance(x[0], (int, float)):
                return [round(x[0], 4), round(x[1], 4)]
            return [r(y) for y in x]
        return x
    return {"type": m["type"], "coordinates": r(m["coordinates"])}


def feature(fid, geom, **props):
    return {"type": "Feature", "id": fid, "properties": {"id": fid, **props}, "geometry": rounded(clean(geom))}


REGION_SHAPES = {}


def _span(geom):
    """The latitudes a geometry reaches, rounded outward to 4 decimals; None if it is empty."""
    if geom.is_empty or geom.area == 0:
        return None
    _, south, _, north = geom.bounds
    return [math.floor(south * 1e4) / 1e4, math.ceil(north * 1e4) / 1e4]


def relate(features):
    """Which region words lie wholly inside / wholly outside each feature (0.001 degree
    tolerance), and for the others the latitudes their parts inside and outside reach:
    a file that gives a latitude but no longitude is then placed without geometry where
    the parallel misses one of the two parts."""
    for f in features:
        g = shape(f["geometry"])
        inside, outside, spans = [], [], {}
        for rid, rg in REGION_SHAPES.items():
            if g.buffer(1e-3).covers(rg):
                inside.append(rid)
            elif g.intersection(rg).area < 1e-4:
                outside.append(rid)
            else:
                spans[rid] = [_span(rg), _span(rg.intersection(g)), _span(rg.difference(g))]
        f["properties"]["regions_inside"] = inside
        f["properties"]["regions_outside"] = outside
        f["properties"]["latitude_spans"] = spans


def write(out, name, features, title):
    if name != "regions":
        relate(features)
    doc = {"type": "FeatureCollection", "name": name, "title": title, "features": features}
    with open(f"{out}/{name}.geojson", "w") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")


# ---------------------------------------------------------------- regions (coarse)
EUROPE = [
    (-10.0, 35.9), (-5.6, 35.95), (-2.2, 36.5), (0.5, 38.4), (2.0, 38.6), (4.5, 39.6), (8.0, 38.7), (12.2, 37.4),
    (12.3, 36.4), (15.2, 36.5), (16.5, 38.0), (21.5, 36.3), (23.0, 35.9), (23.4, 34.8), (26.5, 34.9), (28.5, 35.8),
    (28.3, 36.5), (27.2, 36.9), (26.1, 38.3), (25.9, 39.9), (26.6, 40.3), (29.0, 40.9), (29.3, 41.3), (33.0, 44.2),
    (36.6, 45.2), (39.0, 44.3), (40.0, 43.4), (42.5, 43.2), (44.6, 42.7), (46.5, 41.9), (48.6, 41.8), (49.5, 45.0),
    (51.9, 47.0), (52.5, 51.3), (55.1, 51.8), (58.6, 51.2), (59.5, 56.0), (59.5, 60.0), (60.0, 65.0), (66.0, 69.0),
    (69.5, 77.0), (70.0, 82.0), (-6.0, 82.0), (-6.0, 72.5), (-10.5, 72.0), (-24.0, 67.0), (-25.0, 63.0),
    (-14.0, 61.5), (-11.0, 51.0), (-10.5, 43.0), (-10.0, 35.9),
]
NORTH_AMERICA = [
    (-179.99, 51.2), (-179.99, 53.0), (-170.5, 60.0), (-168.9681, 65.5), (-168.9681, 90.0), (-11.0, 90.0), (-11.0, 81.6), (-17.0, 77.0),
    (-18.0, 74.0), (-21.0, 70.0), (-26.0, 68.2), (-32.0, 66.5), (-40.0, 63.5), (-43.5, 59.5), (-52.0, 60.5),
    (-58.0, 55.0), (-52.3, 49.5), (-52.3, 46.5), (-60.0, 43.5), (-66.0, 41.5), (-69.5, 41.0), (-75.0, 35.2),
    (-79.5, 31.0), (-79.8, 25.3), (-80.3, 24.6), (-82.0, 24.3), (-86.0, 21.3), (-88.0, 18.4), (-92.0, 14.5),
    (-93.0, 15.5), (-99.5, 16.4), (-106.0, 21.0), (-110.0, 22.6), (-115.5, 28.0), (-118.5, 32.5), (-121.5, 34.3),
    (-124.8, 40.0), (-125.0, 48.3), (-133.5, 53.5), (-137.0, 58.5), (-145.0, 59.5), (-152.0, 57.0),
    (-163.0, 54.0), (-172.0, 51.8), (-179.99, 51.2),
]
CENTRAL_AMERICA_CARIBBEAN = [
    (-92.2, 14.5), (-88.0, 18.4), (-86.0, 21.3), (-85.0, 22.3), (-82.0, 23.4), (-79.0, 23.4), (-76.5, 25.5),
    (-73.0, 24.0), (-71.0, 21.5), (-65.5, 19.0), (-64.0, 18.8), (-61.5, 17.8), (-61.0, 15.9), (-60.5, 14.2),
    (-59.3, 13.2), (-60.5, 11.9), (-61.4, 10.8), (-62.5, 11.0), (-67.0, 11.2), (-72.0, 12.3), (-75.5, 10.5),
    (-77.5, 8.6), (-77.9, 7.2), (-78.5, 7.0), (-80.0, 6.8), (-83.0, 7.5), (-86.0, 10.5), (-88.0, 12.5),
    (-91.0, 13.5), (-92.2, 14.5),
]
SOUTH_AMERICA = [
    (-81.5, -1.0), (-80.5, 1.0), (-78.5, 2.0), (-77.8, 7.2), (-77.5, 8.6), (-75.5, 10.5), (-72.0, 12.3),
    (-67.0, 11.2), (-62.5, 11.0), (-61.4, 10.8), (-60.0, 8.6), (-57.0, 6.2), (-52.0, 5.2), (-50.0, 2.5),
    (-48.5, -0.5), (-44.0, -2.2), (-38.0, -3.5), (-34.0, -5.0), (-31.8, -3.7), (-34.5, -8.0), (-28.5, -20.5),
    (-39.0, -19.0), (-41.5, -23.2), (-48.0, -26.0), (-50.5, -31.0), (-56.5, -36.5), (-57.5, -38.5),
    (-62.0, -40.0), (-65.0, -45.0), (-65.5, -47.5), (-57.0, -51.0), (-57.0, -52.5), (-63.0, -55.2),
    (-67.3, -56.1), (-75.5, -52.5), (-75.8, -46.0), (-74.5, -41.0), (-81.0, -34.0), (-78.0, -33.0),
    (-71.8, -30.0), (-70.5, -18.5), (-76.5, -14.0), (-81.3, -6.0), (-81.5, -1.0),
]
MIDDLE_EAST = [
    (25.0, 31.6), (32.3, 31.3), (34.2, 31.3), (35.0, 33.0), (35.6, 34.5), (35.7, 35.9), (36.2, 36.6), (36.6, 36.8),
    (29.5, 36.2), (27.3, 37.0), (26.3, 38.3), (26.2, 40.0), (26.7, 40.4), (29.0, 40.95), (29.3, 41.3),
    (31.0, 41.3), (35.2, 42.1), (38.0, 41.1), (41.5, 41.5), (42.8, 41.6), (43.5, 41.1), (43.7, 40.1),
    (44.8, 39.7), (44.4, 38.4), (44.8, 37.2), (46.0, 38.9), (48.0, 39.0), (48.9, 38.4), (49.0, 37.6),
    (53.9, 37.3), (56.0, 38.1), (61.2, 36.6), (61.2, 35.6), (60.5, 33.7), (60.8, 29.8), (61.8, 28.6),
    (63.3, 27.2), (61.6, 25.2), (57.0, 24.0), (60.0, 22.5), (59.8, 22.3), (55.0, 16.5), (52.3, 16.0),
    (48.5, 13.8), (43.3, 12.6), (42.5, 15.5), (39.0, 21.5), (35.0, 28.0), (34.5, 27.9), (32.6, 29.9),
    (32.3, 31.0), (29.0, 30.8), (25.0, 31.6),
]
SOUTH_CAUCASUS = [
    (40.0, 43.4), (42.5, 43.2), (44.6, 42.7), (46.5, 41.9), (48.6, 41.8), (49.8, 40.5), (49.0, 39.0),
    (48.0, 38.4), (46.5, 38.9), (44.8, 39.7), (43.7, 40.1), (43.5, 41.1), (42.8, 41.6), (41.5, 41.5),
    (40.0, 43.4),
]
CENTRAL_ASIA = [
    (48.6, 41.8), (49.5, 45.0), (51.9, 47.0), (52.5, 51.3), (55.1, 51.8), (58.6, 51.2), (61.0, 52.0),
    (65.0, 54.6), (69.0, 55.4), (73.5, 54.0), (76.8, 54.0), (87.3, 49.2), (83.0, 47.2), (80.2, 45.0),
    (80.3, 42.1), (75.0, 40.3), (73.5, 39.4), (75.0, 37.0), (71.5, 36.7), (70.0, 37.5), (67.8, 37.2),
    (66.5, 37.4), (61.2, 36.6), (56.0, 38.1), (53.9, 37.3), (53.0, 39.0), (50.0, 40.5), (48.6, 41.8),
]
SOUTH_ASIA = [
    (61.2, 36.6), (66.5, 37.4), (67.8, 37.2), (70.0, 37.5), (71.5, 36.7), (75.0, 37.0), (77.8, 35.5),
    (79.5, 32.5), (81.0, 30.2), (88.0, 27.9), (92.0, 27.8), (97.0, 28.2), (97.3, 27.0), (94.5, 24.0),
    (92.6, 21.5), (92.3, 20.7), (89.0, 21.4), (87.0, 21.0), (80.5, 15.5), (80.3, 13.3), (81.9, 7.5), (80.0, 5.9),
    (77.5, 7.9), (76.0, 10.0), (72.8, 19.0), (70.0, 21.0), (68.5, 23.5), (66.8, 25.0), (61.6, 25.2), (63.3, 27.2),
    (61.8, 28.6), (60.8, 29.8), (60.5, 33.7), (61.2, 35.6), (61.2, 36.6),
]
SOUTHEAST_ASIA = [
    (92.3, 20.7), (92.6, 21.5), (94.5, 24.0), (97.3, 27.0), (97.0, 28.2), (98.5, 25.0), (101.0, 21.5),
    (104.0, 22.8), (108.0, 21.5), (107.0, 19.5), (108.5, 18.0), (111.5, 17.5), (117.0, 20.5), (121.0, 20.9), (122.7, 18.5), (124.5, 13.0), (126.6, 7.0), (126.8, 4.5), (128.5, 2.5),
    (131.0, -0.8), (141.0, -2.6), (141.0, -9.2), (138.0, -8.4), (131.0, -8.4), (125.0, -10.5),
    (119.0, -10.5), (114.0, -8.9), (106.0, -7.5), (104.5, -6.2), (101.0, -3.5), (97.5, 2.0), (95.0, 5.8),
    (97.8, 8.0), (98.0, 10.5), (97.5, 15.0), (97.5, 16.5), (94.5, 16.0), (94.0, 18.5), (92.3, 20.7),
]
EAST_ASIA = [
    (73.5, 39.4), (75.0, 40.3), (80.3, 42.1), (80.2, 45.0), (83.0, 47.2), (87.3, 49.2), (90.0, 51.0),
    (98.0, 52.0), (108.0, 49.8), (116.0, 50.0), (120.0, 53.3), (126.0, 53.0), (133.0, 48.3), (135.0, 48.4),
    (131.0, 42.8), (130.7, 42.3), (129.7, 41.0), (129.0, 37.5), (131.0, 37.5), (132.5, 36.1), (136.5, 37.7),
    (138.0, 38.4), (139.5, 40.0), (139.3, 41.5), (140.0, 43.3), (140.9, 45.5), (141.9, 45.55), (143.5, 44.4),
    (145.45, 44.45), (145.2, 43.9), (145.3, 43.6), (145.83, 43.38), (145.9, 42.8), (143.3, 41.8),
    (142.2, 39.5), (141.1, 36.5), (140.9, 35.7), (140.2, 32.0), (142.5, 27.8), (142.4, 24.0), (141.0, 24.0),
    (136.0, 20.3), (131.8333, 24.0), (122.0, 24.0), (121.0, 21.8), (119.5, 22.0),
    (116.0, 22.5), (110.5, 20.2), (108.0, 21.5), (104.0, 22.8), (101.0, 21.5), (98.5, 25.0), (97.0, 28.2),
    (92.0, 27.8), (88.0, 27.9), (81.0, 30.2), (79.5, 32.5), (77.8, 35.5), (75.0, 37.0), (73.5, 39.4),
]
AFRICA = [
    (-17.5, 14.7), (-17.2, 21.0), (-16.6, 23.4458), (-15.3, 25.2), (-14.8, 26.2), (-13.3, 27.7), (-10.5, 29.2),
    (-9.9, 30.5), (-10.1, 31.5), (-9.5, 32.5), (-7.9, 33.7), (-7.0, 34.2), (-6.4, 35.3), (-5.95, 35.8),
    (-5.35, 35.95), (-2.0, 35.3), (-0.6, 35.9), (3.0, 36.9), (8.6, 37.1), (11.2, 37.3), (11.2, 34.7),
    (10.5, 33.7), (13.2, 33.0), (16.6, 31.3), (19.5, 30.4), (20.0, 32.2), (22.0, 33.0), (24.0, 32.2),
    (25.0, 31.6), (29.0, 30.8), (32.3, 31.0), (32.6, 29.9), (34.5, 27.9), (35.0, 28.0), (39.0, 21.5),
    (42.5, 15.5), (43.3, 12.6), (44.0, 11.2), (51.5, 12.0), (51.3, 10.5), (48.0, 4.5), (41.0, -2.0),
    (39.0, -6.0), (40.5, -10.5), (40.8, -15.0), (35.5, -22.0), (33.0, -26.0), (32.5, -29.0), (28.0, -33.5),
    (20.0, -35.0), (18.0, -34.5), (17.5, -30.0), (14.5, -22.5), (11.5, -16.5), (13.0, -12.0), (11.8, -6.0),
    (8.5, -1.0), (9.2, 3.5), (5.5, 4.0), (1.5, 5.8), (-2.0, 4.5), (-7.5, 4.2), (-11.5, 6.8), (-13.5, 9.0),
    (-15.5, 10.8), (-17.0, 12.5), (-17.5, 14.7),
]
OCEANIA_EAST = [  # unwrapped longitudes: 110..230
    (112.5, -22.0), (113.0, -26.0), (114.8, -34.6), (118.0, -35.3), (124.0, -34.2), (131.0, -31.8),
    (136.0, -36.2), (140.0, -38.3), (143.5, -39.1), (144.5, -40.6), (145.0, -43.8), (147.0, -44.0),
    (148.5, -42.0), (150.0, -38.0), (166.0, -47.5), (168.5, -47.5), (179.0, -42.0), (183.5, -44.5),
    (185.0, -43.5), (182.0, -36.0), (178.0, -30.0), (185.0, -25.0), (190.0, -22.0), (192.0, -13.0),
    (187.0, -12.0), (180.0, -7.0), (165.0, -3.0), (150.0, -1.0), (141.0, -2.6), (141.0, -9.2),
    (136.5, -11.3), (131.0, -10.9), (129.0, -14.5), (125.0, -13.5), (121.5, -18.0), (116.0, -20.5),
    (112.5, -22.0),
]
MEDITERRANEAN = [
    (-6.0, 36.18), (-5.92, 35.79), (-5.35, 35.95), (-2.0, 35.3), (-0.6, 35.9), (3.0, 36.9), (8.6, 37.1),
    (11.2, 37.3), (11.2, 34.7), (10.5, 33.7), (13.2, 33.0), (16.6, 31.3), (19.5, 30.4), (20.0, 32.2),
    (22.0, 33.0), (24.0, 32.2), (25.0, 31.6), (29.0, 30.8), (32.3, 31.0), (34.2, 31.3), (35.0, 33.0),
    (35.6, 34.5), (35.7, 35.9), (36.2, 36.6), (36.0, 36.9), (30.5, 36.9), (27.5, 37.3), (26.5, 39.0),
    (26.2, 40.0), (25.9, 40.9), (23.0, 40.7), (20.0, 39.6), (19.3, 40.5), (19.4, 41.8), (18.0, 42.7),
    (15.0, 44.3), (13.6, 45.8), (12.2, 45.4), (14.3, 42.0), (18.6, 40.2), (16.0, 38.0), (12.5, 41.5),
    (9.5, 44.3), (6.5, 43.1), (3.0, 43.4), (3.3, 41.9), (0.0, 39.0), (-2.2, 36.8), (-4.5, 36.7),
    (-6.0, 36.18),
]

# Oceans: broad sectors; land regions come first in the order, so these catch what is left.
ARCTIC = box(-180, 66.5622, 180, 90)
NORTH_ATLANTIC = Polygon(
    [
        (-50.0, 0.0), (9.0, 0.0), (9.2, 3.5), (5.5, 4.0), (1.5, 5.8), (-2.0, 4.5), (-7.5, 4.2),
        (-11.5, 6.8), (-13.5, 9.0), (-15.5, 10.8), (-17.0, 12.5), (-17.5, 14.7), (-17.2, 21.0),
        (-16.6, TROPIC), (-15.3, 25.2), (-14.8, 26.2), (-13.3, 27.7), (-10.5, 29.2), (-9.9, 30.5), (-10.1, 31.5),
        (-9.5, 32.5), (-7.9, 33.7), (-7.0, 34.2), (-6.4, 35.3), (-5.92, 35.79), (-6.03, 36.18), (-1.5, 43.5),
        (1.5, 50.5), (4.0, 51.8), (8.0, 54.5), (8.0, 57.0), (10.6, 57.75), (10.6, 59.0), (5.0, 62.0),
        (15.0, 66.5622), (-100.0, 66.5622), (-98.0, 30.0), (-98.0, 18.0), (-84.0, 15.0), (-83.5, 10.0),
        (-77.5, 8.6), (-60.0, 8.6), (-50.0, 0.0),
    ]
)
SOUTH_ATLANTIC = Polygon([(-70, -90), (-70, 0), (-5.6, 0), (20, 0), (20, -90), (-70, -90)])
INDIAN_OCEAN = Polygon(
    [
        (20.0, -90.0), (20.0, -35.0), (28.0, -33.5), (32.5, -29.0), (33.0, -26.0), (35.5, -22.0), (40.8, -15.0),
        (40.5, -10.5), (39.0, -6.0), (41.0, -2.0), (48.0, 4.5), (51.3, 10.5), (51.5, 12.0), (44.0, 11.2),
        (43.3, 12.6), (48.5, 13.8), (52.3, 16.0),
        (55.0, 16.5), (59.8, 22.3), (57.0, 24.0), (56.0, 26.5), (51.0, 24.5), (48.0, 29.5), (50.0, 30.0),
        (56.5, 27.2), (61.6, 25.2), (66.8, 25.0), (70.0, 21.0), (72.8, 19.0), (76.0, 10.0), (77.5, 7.9),
        (80.0, 5.9), (81.9, 7.5), (80.3, 13.3), (87.0, 21.0), (89.0, 21.4), (92.3, 20.7), (94.0, 18.5),
        (94.5, 16.0), (97.5, 16.5), (98.0, 10.5), (97.8, 8.0), (95.0, 5.8), (97.5, 2.0), (101.0, -3.5),
        (104.5, -6.2), (106.0, -7.5), (114.0, -8.9), (119.0, -10.5), (125.0, -10.5), (121.5, -18.0),
        (116.0, -20.5), (112.5, -22.0), (113.0, -26.0), (114.8, -34.6), (118.0, -35.3), (124.0, -34.2),
        (131.0, -31.8), (136.0, -36.2), (140.0, -38.3), (143.5, -39.1), (146.9, -39.5), (146.9, -90.0),
        (20.0, -90.0),
    ]
)


def pacific_region():
    # The Pacific Ocean as the narrow reading of ANZUS draws it, so that the word `pacific`
    # answers that area without coordinates; the Asian marginal seas are east/southeast_asia.
    return anzus_narrow()


def anzus_narrow():
    return split_antimeridian(unary_union([Polygon(ANZUS_NARROW), Polygon(OCEANIA_EAST)]))


def americas(ring):
    """An American land region without the Pacific: the coarse outlines overlap along the
    coast, and a point offshore in the Pacific must not be taken for the continent (a file
    saying `pacific` at Hawaii's latitude would otherwise be unsure whether it is in North
    America)."""
    return Polygon(ring).difference(pacific_region())


def regions():
    order = [
        ("south_caucasus", Polygon(SOUTH_CAUCASUS)),
        ("central_asia", Polygon(CENTRAL_ASIA)),
        ("middle_east", Polygon(MIDDLE_EAST)),
        ("south_asia", Polygon(SOUTH_ASIA)),
        ("southeast_asia", Polygon(SOUTHEAST_ASIA)),
        ("east_asia", Polygon(EAST_ASIA)),
        ("europe", Polygon(EUROPE)),
        ("africa", Polygon(AFRICA)),
        ("central_america_caribbean", americas(CENTRAL_AMERICA_CARIBBEAN)),
        ("north_america", americas(NORTH_AMERICA)),
        ("south_america", americas(SOUTH_AMERICA)),
        ("oceania", split_antimeridian(Polygon(OCEANIA_EAST))),
        ("mediterranean", Polygon(MEDITERRANEAN)),
        ("arctic", ARCTIC),
        ("north_atlantic", NORTH_ATLANTIC),
        ("south_atlantic", SOUTH_ATLANTIC),
        ("indian_ocean", INDIAN_OCEAN),
        ("pacific", pacific_region()),
    ]
    return order


# ---------------------------------------------------------------- treaty areas
RIO_VERTICES = [  # unwrapped: the ring runs west from -10 to -190 (170 E)
    ("North Pole", (-10.0, 90.0), "meridian"),
    ("74 N 10 W", (-10.0, 74.0), "rhumb"),
    ("47 30' N 50 W", (-50.0, 47.5), "rhumb"),
    ("35 N 60 W", (-60.0, 35.0), "meridian"),
    ("20 N (60 W)", (-60.0, 20.0), "rhumb"),
    ("5 N 24 W", (-24.0, 5.0), "meridian"),
    ("South Pole (24 W)", (-24.0, -90.0), "pole"),
    ("South Pole (90 W)", (-90.0, -90.0), "meridian"),
    ("30 S 90 W", (-90.0, -30.0), "rhumb"),
    ("Equator 97 W", (-97.0, 0.0), "rhumb"),
    ("15 N 120 W", (-120.0, 15.0), "rhumb"),
    ("50 N 170 E", (-190.0, 50.0), "meridian"),
    ("54 N 170 E", (-190.0, 54.0), "rhumb"),
    ("65 30' N 168 58' 05\" W", (-168.968056, 65.5), "meridian"),
    ("North Pole (168 58' 05\" W)", (-168.968056, 90.0), "pole"),
]


def rio_region():
    ring = []
    n = len(RIO_VERTICES)
    for i, (_, a, kind) in enumerate(RIO_VERTICES):
        b = RIO_VERTICES[(i + 1) % n][1]
        if kind == "rhumb":
            ring.extend(rhumb(a, b))
        else:
            ring.append(a)
    return split_antimeridian(Polygon(ring))


NATO_NORTH_ATLANTIC = [
    (-16.6, TROPIC), (-15.3, 25.2), (-14.8, 26.2), (-13.3, 27.7), (-10.5, 29.2), (-9.9, 30.5), (-10.1, 31.5),
    (-9.5, 32.5), (-7.9, 33.7), (-7.0, 34.2), (-6.4, 35.3), (-5.92, 35.79), (-6.03, 36.18), (-1.5, 43.5),
    (1.5, 50.5), (4.0, 51.8), (8.0, 54.5), (8.0, 57.0), (10.6, 57.75), (10.6, 59.0), (5.0, 62.0), (15.0, 68.5),
    (25.0, 71.2), (30.8, 69.8), (33.0, 69.7), (40.0, 68.6), (44.0, 69.0), (54.0, 69.0), (58.0, 69.3),
    (58.0, 70.5), (51.5, 71.5), (55.0, 74.0), (59.0, 76.0), (68.0, 77.5), (68.0, 90.0), (-60.0, 90.0),
    (-60.0, 82.0), (-75.0, 78.0), (-80.0, 73.0), (-66.0, 67.0), (-64.0, 60.0), (-61.0, 56.0), (-56.0, 52.0),
    (-66.0, 50.0), (-70.0, 47.0), (-70.0, 42.0), (-75.0, 39.0), (-76.0, 35.0), (-80.5, 31.0), (-80.2, 25.2),
    (-80.0, TROPIC), (-16.6, TROPIC),
]
# The three northern departments (Oran, Alger, Constantine) as fixed in 1902; the southern
# limit with the Territoires du Sud is drawn coarsely.
ALGERIA_NORTH = [
    (-2.2, 35.1), (-1.7, 34.2), (-1.2, 33.5), (2.0, 34.3), (5.0, 34.4), (6.5, 34.3), (8.3, 34.6), (8.2, 35.8),
    (8.6, 36.95), (6.5, 37.2), (3.0, 36.95), (-0.6, 35.95), (-2.2, 35.2), (-2.2, 35.1),
]
# All of French Algeria (coarse): with the northern departments removed, the Saharan
# departments of Oasis and Saoura created by the decree of 1957-08-07 (see the reading
# saharan_departments in rules/nato.yaml).
ALGERIA_ALL = [
    (-2.2, 35.1), (-1.2, 32.1), (-3.7, 30.9), (-8.7, 28.7), (-8.7, 27.3), (-4.8, 25.0), (1.2, 21.1), (3.3, 19.0),
    (5.8, 19.4), (12.0, 23.5), (11.6, 24.3), (10.0, 25.3), (9.5, 27.0), (9.9, 28.9), (9.5, 30.2), (7.8, 33.2),
    (8.3, 34.6), (8.2, 35.8), (8.6, 36.95), (6.5, 37.2), (3.0, 36.95), (-0.6, 35.95), (-2.2, 35.2), (-2.2, 35.1),
]
TURKEY = [
    (35.92, 35.85), (36.2, 35.95), (36.4, 36.2), (36.65, 36.25), (36.6, 36.5), (36.7, 36.8), (38.0, 36.85),
    (38.95, 36.69), (40.0, 36.95), (41.2, 37.07), (42.35, 37.1), (43.0, 37.3), (44.3, 37.0), (44.8, 37.2),
    (44.3, 38.0), (44.4, 38.5), (44.0, 39.4), (44.3, 39.7), (43.6, 40.1), (43.7, 41.0), (42.8, 41.55),
    (41.55, 41.5), (36.0, 41.8), (35.2, 42.1), (33.0, 42.05), (31.0, 41.3), (29.1, 41.25), (28.0, 41.7),
    (28.0, 41.95), (26.6, 41.75), (26.3, 41.3), (26.0, 40.7), (26.1, 40.0), (26.2, 39.5), (26.2, 38.4),
    (27.2, 37.0), (28.0, 36.6), (29.1, 36.3), (29.6, 36.15), (30.5, 36.25), (30.7, 36.8), (32.8, 36.0),
    (34.6, 36.75), (36.1, 36.6), (35.92, 35.85),
]
ANZUS_NARROW = [  # unwrapped 0..360
    (191.1, 66.0), (200.0, 60.0), (220.0, 59.5), (227.0, 54.5), (230.5, 51.0), (233.0, 48.3), (235.5, 48.0),
    (235.5, 42.0), (237.0, 37.0), (239.0, 34.3), (242.8, 32.5), (244.7, 27.8), (250.0, 22.7), (254.5, 20.5),
    (260.0, 16.6), (270.0, 13.2), (279.5, 7.2), (282.0, 4.0), (278.9, -1.0), (278.5, -6.0), (283.5, -14.0),
    (289.3, -18.5), (288.2, -30.0), (285.8, -42.0), (284.3, -52.0), (292.7, -56.0), (292.7, -60.0),
    (146.9, -60.0), (146.9, -43.7), (145.0, -42.5), (144.6, -40.7), (143.5, -38.9), (140.0, -38.2),
    (136.0, -36.2), (131.0, -31.8), (124.0, -34.2), (115.0, -34.6), (114.8, -32.0), (113.0, -26.0),
    (113.4, -21.8), (119.0, -19.7), (122.0, -16.8), (126.0, -13.7), (130.5, -12.0), (136.5, -11.8),
    (141.5, -10.6), (142.6, -10.4), (141.0, -9.2), (141.0, -2.6), (135.0, -0.7), (131.0, -0.3), (128.5, 2.5),
    (126.6, 4.5), (126.6, 7.0), (125.8, 12.5), (124.2, 13.5), (122.3, 18.5), (121.9, 21.0), (121.9, 22.0),
    (122.0, 25.2), (122.9, 24.45), (125.4, 24.7), (127.7, 26.2), (129.5, 28.3), (130.9, 30.4), (131.5, 31.5),
    (132.0, 33.0), (135.0, 33.6), (138.7, 34.6), (140.9, 35.7), (141.0, 38.3), (142.0, 39.5), (141.5, 41.5),
    (143.5, 42.0), (145.8, 43.3), (150.0, 46.0), (155.0, 49.5), (156.7, 51.0), (160.0, 54.0), (163.0, 56.0),
    (162.0, 58.0), (164.0, 60.0), (174.0, 62.0), (178.0, 64.7), (182.0, 64.5), (187.5, 65.5), (191.1, 66.0),
]
ANZUS_WIDE_ASIA = [  # the Asian marginal seas and the Malacca Strait, joined to the narrow area
    (113.4, -21.8), (118.0, -14.0), (120.0, -10.3), (116.0, -8.9), (114.5, -8.8),
    (106.0, -7.0), (105.7, -6.0), (104.5, -5.8), (100.3, -0.9), (97.5, 2.3), (95.3, 5.6), (98.3, 7.9),
    (99.2, 10.5), (100.0, 13.5), (102.5, 12.0), (103.5, 10.5), (105.0, 8.6), (109.3, 11.5), (108.9, 15.5),
    (106.5, 18.5), (107.5, 21.5), (110.0, 20.9), (113.5, 22.2), (117.0, 23.5), (119.5, 26.0), (121.9, 30.9),
    (120.3, 34.5), (121.5, 37.0), (117.7, 38.9), (121.3, 40.9), (124.3, 39.8), (126.3, 34.4), (129.5, 35.1),
    (129.5, 36.0), (128.4, 38.6), (129.8, 41.0), (131.9, 43.1), (140.5, 48.5), (141.6, 53.3), (137.0, 54.0),
    (143.0, 59.3), (150.8, 59.5), (155.0, 59.2), (156.0, 57.8), (156.7, 51.0), (155.0, 49.5), (150.0, 46.0),
    (145.8, 43.3), (143.5, 42.0), (141.5, 41.5), (142.0, 39.5), (141.0, 38.3), (140.9, 35.7), (138.7, 34.6),
    (135.0, 33.6), (132.0, 33.0), (131.5, 31.5), (130.9, 30.4), (129.5, 28.3), (127.7, 26.2), (125.4, 24.7),
    (122.9, 24.45), (122.0, 25.2), (121.9, 22.0), (121.9, 21.0), (122.3, 18.5), (124.2, 13.5), (125.8, 12.5),
    (126.6, 7.0), (126.6, 4.5), (128.5, 2.5), (131.0, -0.3), (135.0, -0.7), (141.0, -2.6), (141.0, -9.2),
    (142.6, -10.4), (141.5, -10.6), (136.5, -11.8), (130.5, -12.0), (126.0, -13.7), (122.0, -16.8),
    (119.0, -19.7), (113.4, -21.8),
]
JAPAN_1960 = [
    (128.3, 28.0), (128.3, 27.0), (131.8333, 27.0), (131.3, 30.0), (131.5, 31.3), (133.0, 32.6),
    (136.0, 33.3), (139.0, 33.0), (139.6, 32.2), (140.2, 32.2), (140.9, 35.7), (141.1, 36.5), (142.2, 39.5),
    (141.8, 41.4), (143.3, 41.8), (145.9, 42.8), (145.83, 43.38), (145.3, 43.6), (145.2, 43.9),
    (145.45, 44.45), (143.5, 44.4), (142.0, 45.55), (140.9, 45.5), (140.0, 43.3), (139.3, 41.5),
    (139.5, 40.0), (138.0, 38.4), (136.5, 37.7), (133.8, 36.6), (132.5, 36.0), (130.5, 35.0), (129.2, 34.75),
    (129.0, 34.3), (128.0, 33.0), (128.3, 28.0),
]
NORTHERN_TERRITORIES = [
    (145.87, 43.30), (146.40, 43.30), (147.10, 43.65), (149.10, 45.40), (148.70, 45.70), (147.00, 45.10),
    (146.00, 44.60), (145.55, 44.20), (145.48, 43.70), (145.83, 43.42), (145.87, 43.30),
]
USCAR_27 = [(124.6667, 28.0), (122.0, 24.0), (133.0, 24.0), (131.8333, 27.0), (128.3, 27.0), (128.3, 28.0), (124.6667, 28.0)]
OGASAWARA = [box(140.8, 24.1, 142.4, 27.8), box(153.9, 24.22, 154.05, 24.34), box(136.0, 20.38, 136.15, 20.48)]

NATO_TEXT = "https://www.nato.int/cps/en/natohq/official_texts_17120.htm"
NATO_PROTOCOL = "https://www.nato.int/cps/en/natohq/official_texts_17245.htm"
NATO_1952 = "https://www.nato.int/cps/en/natohq/news_84445.htm"
NATO_1949_TEXT = "https://avalon.law.yale.edu/20th_century/nato.asp"
IHO = "http://www.iho.int/mtg_docs/com_wg/S-23WG/S-23WG_Misc/Draft_2002/Draft_2002.htm"


def main(out):
    feats = []
    for i, (name, geom) in enumerate(regions()):
        feats.append(feature(name, geom, order=i + 1))
        REGION_SHAPES[name] = shape(feats[-1]["geometry"])
    write(out, "regions", feats, "Coarse outlines of the scenario format's region words")

    nato = [
        feature("nato_europe", Polygon(EUROPE), area="nato_europe", treaty="NATO", article="6(1)",
                title="Europe (territory of a party in Europe counts)", valid_from="1949-08-24",
                sources=[NATO_TEXT, NATO_1949_TEXT]),
        feature("nato_north_america", americas(NORTH_AMERICA), area="nato_north_america", treaty="NATO",
                article="6(1)", title="North America (territory of a party in North America counts)",
                valid_from="1949-08-24", sources=[NATO_TEXT, NATO_1949_TEXT]),
        feature("nato_algeria", Polygon(ALGERIA_NORTH), area="nato_algeria", treaty="NATO", article="6(1)",
                title="The Algerian departments of France (Oran, Alger, Constantine)", valid_from="1949-08-24",
                valid_until="1962-07-03", sources=[NATO_1949_TEXT, NATO_TEXT,
                "https://fr.wikipedia.org/wiki/D%C3%A9partements_fran%C3%A7ais_d%27Alg%C3%A9rie"]),
        feature("nato_algeria_sahara", Polygon(ALGERIA_ALL).difference(Polygon(ALGERIA_NORTH)),
                area="nato_algeria_sahara", treaty="NATO", article="6(1)",
                title="The Saharan departments of Algeria (Oasis, Saoura), created 1957-08-07",
                valid_from="1957-08-07", valid_until="1962-07-03", reading="saharan_departments: yes",
                sources=["https://recherche-anom.culture.gouv.fr/ark:/61561/3766547", NATO_1949_TEXT]),
        feature("nato_turkey", Polygon(TURKEY), area="nato_turkey", treaty="NATO", article="6(1) as amended 1951",
                title="The territory of Turkey", valid_from="1952-02-18", sources=[NATO_PROTOCOL, NATO_1952, NATO_TEXT]),
        feature("nato_north_atlantic", Polygon(NATO_NORTH_ATLANTIC), area="nato_north_atlantic", treaty="NATO",
                article="6(1) islands, 6(2) forces", title="The North Atlantic area north of the Tropic of Cancer",
                valid_from="1949-08-24", sources=[NATO_TEXT, NATO_1949_TEXT,
                "https://web.archive.org/web/20080813225955/http://www.nato.int/docu/handbook/2001/hb120704.htm"]),
        feature("nato_mediterranean", Polygon(MEDITERRANEAN), area="nato_mediterranean", treaty="NATO",
                article="6(2) as amended 1951", title="The Mediterranean Sea (forces, vessels, aircraft)",
                valid_from="1952-02-18", sources=[NATO_PROTOCOL, NATO_TEXT, IHO]),
    ]
    write(out, "nato", nato, "North Atlantic Treaty, Art. 6")

    rio = [feature("rio_security_region", rio_region(), area="rio_security_region", treaty="RIO", article="4",
                   title="The region of Art. 4, pole to pole", valid_from="1948-12-03",
                   vertices=[[name, list(pt), kind] for name, pt, kind in RIO_VERTICES],
                   sources=["https://www.oas.org/juridico/english/treaties/b-29.html",
                            "https://en.wikisource.org/wiki/Page:United_States_Statutes_at_Large_Volume_62_Part_2.djvu/416",
                            "https://en.wikisource.org/wiki/Page:United_States_Statutes_at_Large_Volume_62_Part_2.djvu/417",
                            "https://en.wikisource.org/wiki/Page:United_States_Statutes_at_Large_Volume_62_Part_2.djvu/411"])]
    write(out, "rio", rio, "Inter-American Treaty of Reciprocal Assistance, Art. 4")

    narrow = anzus_narrow()
    wide = split_antimeridian(unary_union([Polygon(ANZUS_NARROW), Polygon(OCEANIA_EAST), Polygon(ANZUS_WIDE_ASIA)]))
    anzus_src = ["https://www.austlii.edu.au/au/other/dfat/treaties/1952/2.html",
                 "https://www.internationalaffairs.org.au/australianoutlook/anzus-invoked-september-11-and-interpreting-the-treaty/",
                 "https://history.state.gov/historicaldocuments/frus1961-63v23/d338"]
    anzus = [
        feature("anzus_pacific_narrow", narrow, area="anzus_pacific_narrow", treaty="ANZUS", article="IV, V",
                title="The Pacific Area, narrow: the Pacific Ocean and its open seas, and the parties' lands",
                valid_from="1952-04-29", reading="pacific_rim: no", sources=anzus_src),
        feature("anzus_pacific_wide", wide, area="anzus_pacific_wide", treaty="ANZUS", article="IV, V",
                title="The Pacific Area, wide: also the Asian marginal seas and the Malacca Strait",
                valid_from="1952-04-29", reading="pacific_rim: yes", sources=anzus_src),
    ]
    write(out, "anzus", anzus, "ANZUS Treaty, Arts. IV and V")

    japan = Polygon(JAPAN_1960).difference(Polygon(NORTHERN_TERRITORIES))
    usj_src = "https://www.mofa.go.jp/region/n-america/us/q&a/ref/1.html"
    usj = [
        feature("usj_japan_1960", japan, area="usj_administered_by_japan", treaty="US-JAPAN", article="V",
                title="Japan's four main islands and the islands it administered in 1960 (Amami included)",
                valid_from="1960-06-23", sources=[usj_src,
                "http://www.ryukyu-okinawa.net/pages/archive/caproc27.html",
                "https://www.chinadaily.com.cn/world/2010-11/03/content_11497642.htm"]),
        feature("usj_ogasawara_1968", unary_union(OGASAWARA), area="usj_administered_by_japan", treaty="US-JAPAN",
                article="V", title="Bonin and Volcano Islands, Nishinoshima, Minami-Tori-shima, Okino-Tori-shima",
                valid_from="1968-06-26", sources=[usj_src,
                "https://history.state.gov/historicaldocuments/frus1964-68v29p2/d107",
                "https://www.spf.org/islandstudies/info_library/ogasawara/ogasawara-01-territory-0304.html"]),
        feature("usj_ryukyus_1972", Polygon(USCAR_27), area="usj_administered_by_japan", treaty="US-JAPAN",
                article="V", title="Ryukyu and Daito Islands (the USCAR 27 line), Senkakus included",
                valid_from="1972-05-15", sources=[usj_src,
                "https://www.cas.go.jp/jp/ryodo_eg/kenkyu/senkaku/chapter02_section05_03.html",
                "http://www.ryukyu-okinawa.net/pages/archive/caproc27.html"]),
    ]
    write(out, "us-japan", usj, "US-Japan Treaty of Mutual Cooperation and Security, Art. V")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "rules/areas")
