"""Build stories/data/italy_outline.json, the outline of Italy's regions under the territory map.

Where the data comes from (both packages from the npm registry; the site fetches nothing
at run time and ships only the small derived file):

* ``@svg-maps/italy`` 2.0.0 - the twenty regions of Italy as SVG paths, based on the map
  by MapSVG (https://mapsvg.com/maps/italy), licensed under Creative Commons Attribution
  4.0 (https://creativecommons.org/licenses/by/4.0/). The credit is printed under the map.
  The paths carry no coordinates: they are drawn in Web Mercator at an undocumented scale
  and offset.
* ``world-atlas`` 2.0.2 - Natural Earth's 1:10m countries (public domain) as TopoJSON, in
  longitude and latitude. It is used only to georeference the first package: fitting the
  SVG outline of Italy onto Natural Earth's gives that scale and offset, so every vertex of
  the regions can be turned back into longitude and latitude.

What the script does: parse the regions, georeference them, simplify the borders (a border
shared by two regions is simplified once, so neighbours still meet), keep the regions of
northern Italy clipped to a frame around the four regions the site's territories belong to
(``stories.models.Region``), add a much coarser whole-country outline for the locator
inset, and write longitudes and latitudes in hundredths of a degree, each ring as a first
point followed by differences.

Usage::

    npm install --prefix /tmp/italy-outline @svg-maps/italy@2.0.0 world-atlas@2.0.2
    python scripts/build_italy_outline.py /tmp/italy-outline/node_modules
"""

import argparse
import json
import math
import re
from collections import defaultdict
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "stories" / "data" / "italy_outline.json"

# SVG ids of @svg-maps/italy -> the codes the site uses (those of stories.models.Region).
REGION_CODES = {
    "abruzzo": "abruzzo",
    "aosta-valley": "valle_d_aosta",
    "apulia": "puglia",
    "basilicata": "basilicata",
    "calabria": "calabria",
    "campania": "campania",
    "emilia-romagna": "emilia_romagna",
    "friuli-venezia-giulia": "friuli_venezia_giulia",
    "lazio": "lazio",
    "liguria": "liguria",
    "lombardy": "lombardia",
    "marche": "marche",
    "molise": "molise",
    "piedmont": "piemonte",
    "sardinia": "sardegna",
    "sicily": "sicilia",
    "trentino-south-tyrol": "trentino_alto_adige",
    "tuscany": "toscana",
    "umbria": "umbria",
    "veneto": "veneto",
}
# The regions of stories.models.Region: the frame is drawn around them.
FEATURED = ("lombardia", "piemonte", "emilia_romagna", "veneto")
FRAME_MARGIN = 0.3  # degrees around the featured regions
# Tolerances in SVG units of the source (about 0.02 degrees each).
DETAIL_TOLERANCE = 1.5
INSET_TOLERANCE = 8.0
PRECISION = 100  # stored coordinates are hundredths of a degree
NATURAL_EARTH_ITALY = "380"  # ISO 3166 numeric code, the feature id in world-atlas


def mercator(lat):
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def inverse_mercator(y):
    return math.degrees(2 * math.atan(math.exp(math.radians(y))) - math.pi / 2)


# --- Reading the packages ------------------------------------------------------------------


def read_svg_regions(path):
    """{svg id: [ring, ...]} with rings as lists of (x, y). The package's paths use only
    relative moveto (with implicit linetos) and closepath."""
    svg = path.read_text(encoding="utf-8")
    regions = {}
    for region_id, data in re.findall(r'<path\s+id="([a-z-]+)".*?\sd="([^"]*)"', svg, re.S):
        if re.search(r"[a-ln-yA-Z]", data):
            raise SystemExit(f"{region_id}: only 'm' and 'z' path commands are handled")
        rings, ring = [], None
        current = start = (0.0, 0.0)
        tokens = re.findall(r"[mz]|-?\d*\.?\d+(?:e-?\d+)?", data)
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if token == "m":
                ring = None
                index += 1
            elif token == "z":
                rings.append(ring)
                current, ring = start, None
                index += 1
            else:
                dx, dy = float(tokens[index]), float(tokens[index + 1])
                index += 2
                current = (current[0] + dx, current[1] + dy)
                if ring is None:
                    start, ring = current, [current]
                else:
                    ring.append(current)
        if ring:
            rings.append(ring)
        regions[region_id] = [r for r in rings if r and len(r) >= 3]
    return regions


def read_natural_earth_italy(path):
    """The rings of Italy in world-atlas' countries-10m TopoJSON, as (lon, lat)."""
    topology = json.loads(path.read_text(encoding="utf-8"))
    (scale_x, scale_y), (shift_x, shift_y) = (
        topology["transform"]["scale"],
        topology["transform"]["translate"],
    )
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:  # quantised and delta-encoded
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    italy = next(
        geometry
        for geometry in topology["objects"]["countries"]["geometries"]
        if geometry.get("id") == NATURAL_EARTH_ITALY
    )
    rings = []
    for polygon in italy["arcs"]:
        ring = []
        for arc_index in polygon[0]:  # outer ring of each polygon
            ring += arcs[arc_index] if arc_index >= 0 else arcs[~arc_index][::-1]
        rings.append(ring)
    return rings


# --- Georeferencing ------------------------------------------------------------------------


def fit_mercator(svg_points, geo_points, rounds=12):
    """Scale and offsets with x = s*lon + x0, y = -s*mercator(lat) + y0, found by matching
    each SVG vertex to the nearest Natural Earth vertex and solving least squares, repeated
    (iterative closest point). Vertices on inner borders find no close match and drop out."""
    geo = [(lon, mercator(lat)) for lon, lat in geo_points]
    xs, ys = [p[0] for p in svg_points], [p[1] for p in svg_points]
    us, vs = [p[0] for p in geo], [p[1] for p in geo]
    scale = (max(xs) - min(xs)) / (max(us) - min(us))
    x0 = min(xs) - scale * min(us)
    y0 = min(ys) + scale * max(vs)
    cell = 5.0
    for round_number in range(rounds):
        projected = [(scale * u + x0, -scale * v + y0) for u, v in geo]
        grid = defaultdict(list)
        for index, (x, y) in enumerate(projected):
            grid[int(x // cell), int(y // cell)].append(index)
        limit = 64.0 if round_number < 4 else 4.0  # squared SVG units
        pairs = []
        for x, y in svg_points:
            best, best_distance = None, limit
            gx, gy = int(x // cell), int(y // cell)
            for ix in range(gx - 2, gx + 3):
                for iy in range(gy - 2, gy + 3):
                    for index in grid.get((ix, iy), ()):
                        px, py = projected[index]
                        distance = (px - x) ** 2 + (py - y) ** 2
                        if distance < best_distance:
                            best, best_distance = index, distance
            if best is not None:
                pairs.append((x, y, *geo[best], best_distance))
        count = len(pairs)
        mean_x = sum(p[0] for p in pairs) / count
        mean_y = sum(p[1] for p in pairs) / count
        mean_u = sum(p[2] for p in pairs) / count
        mean_v = sum(p[3] for p in pairs) / count
        numerator = sum(
            (u - mean_u) * (x - mean_x) - (v - mean_v) * (y - mean_y) for x, y, u, v, _ in pairs
        )
        denominator = sum((u - mean_u) ** 2 + (v - mean_v) ** 2 for _x, _y, u, v, _ in pairs)
        scale = numerator / denominator
        x0 = mean_x - scale * mean_u
        y0 = mean_y + scale * mean_v
    rms = math.sqrt(sum(p[4] for p in pairs) / count)
    return scale, x0, y0, count, rms


# --- Simplification ------------------------------------------------------------------------


class VertexSnapper:
    """Gives vertices closer than ``tolerance`` one identity: the source repeats a shared
    border's vertices in both regions, up to the rounding of its relative coordinates."""

    def __init__(self, tolerance=0.06):
        self.tolerance = tolerance
        self.grid = defaultdict(list)

    def __call__(self, point):
        cell_x, cell_y = int(point[0] // self.tolerance), int(point[1] // self.tolerance)
        for ix in (cell_x - 1, cell_x, cell_x + 1):
            for iy in (cell_y - 1, cell_y, cell_y + 1):
                for known in self.grid[ix, iy]:
                    if math.dist(known, point) <= self.tolerance:
                        return known
        point = tuple(point)
        self.grid[cell_x, cell_y].append(point)
        return point


def douglas_peucker(points, tolerance):
    if len(points) < 3:
        return points
    (x0, y0), (x1, y1) = points[0], points[-1]
    dx, dy = x1 - x0, y1 - y0
    length = math.hypot(dx, dy)
    farthest, farthest_distance = 0, -1.0
    for index in range(1, len(points) - 1):
        x, y = points[index]
        if length:
            distance = abs(dy * (x - x0) - dx * (y - y0)) / length
        else:
            distance = math.hypot(x - x0, y - y0)
        if distance > farthest_distance:
            farthest, farthest_distance = index, distance
    if farthest_distance <= tolerance:
        return [points[0], points[-1]]
    return douglas_peucker(points[: farthest + 1], tolerance)[:-1] + douglas_peucker(
        points[farthest:], tolerance
    )


def simplify_regions(regions, tolerance):
    """Simplify every ring, cutting it at the vertices where the set of regions sharing the
    border changes; each stretch between two such vertices is simplified once and reused,
    reversed, by the neighbour, so simplified neighbours still share their border."""
    vertex_key = VertexSnapper()
    owners = defaultdict(set)
    for region_id, rings in regions.items():
        for ring in rings:
            for point in ring:
                owners[vertex_key(point)].add(region_id)
    done = {}
    simplified = {}
    for region_id, rings in regions.items():
        result = []
        for ring in rings:
            if vertex_key(ring[0]) == vertex_key(ring[-1]):
                ring = ring[:-1]
            size = len(ring)
            sharing = [owners[vertex_key(point)] for point in ring]
            cuts = [
                index
                for index in range(size)
                if sharing[index] != sharing[index - 1]
                or sharing[index] != sharing[(index + 1) % size]
                or len(sharing[index]) > 2
            ]
            if len(cuts) < 2:  # an island: cut at its first and farthest vertices
                far = max(range(size), key=lambda i: math.dist(ring[i], ring[0]))
                cuts = sorted({0, far})
            simplified_ring = []
            for start, end in zip(cuts, cuts[1:] + [cuts[0] + size], strict=True):
                stretch = [ring[index % size] for index in range(start, end + 1)]
                keys = tuple(vertex_key(point) for point in stretch)
                reverse = keys[::-1] < keys
                canonical = keys[::-1] if reverse else keys
                if canonical not in done:
                    source = stretch[::-1] if reverse else stretch
                    done[canonical] = [vertex_key(p) for p in douglas_peucker(source, tolerance)]
                kept = done[canonical][::-1] if reverse else done[canonical]
                simplified_ring += kept[:-1]
            xs, ys = [p[0] for p in ring], [p[1] for p in ring]
            too_small = max(xs) - min(xs) < 3 * tolerance and max(ys) - min(ys) < 3 * tolerance
            if len(simplified_ring) >= 3 and not too_small:
                result.append(simplified_ring)
        simplified[region_id] = result
    return simplified


# --- Clipping and writing --------------------------------------------------------------------


def clip_ring(ring, west, south, east, north):
    """Sutherland-Hodgman clipping of a (lon, lat) ring to a rectangle."""
    edges = [
        (lambda p: p[0] >= west, lambda a, b: _cross_x(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: _cross_x(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: _cross_y(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: _cross_y(a, b, north)),
    ]
    points = ring
    for inside, cross in edges:
        if not points:
            break
        clipped = []
        previous = points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    clipped.append(cross(previous, point))
                clipped.append(point)
            elif inside(previous):
                clipped.append(cross(previous, point))
            previous = point
        points = clipped
    return points


def _cross_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _cross_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def encode(ring):
    """Hundredths of a degree: the first point, then the difference to each next one."""
    integers = []
    for lon, lat in ring:
        point = (round(lon * PRECISION), round(lat * PRECISION))
        if not integers or point != integers[-1]:
            integers.append(point)
    if len(integers) > 1 and integers[0] == integers[-1]:
        integers.pop()
    if len(integers) < 3:
        return None
    flat = list(integers[0])
    for (lon0, lat0), (lon1, lat1) in zip(integers, integers[1:], strict=False):
        flat += [lon1 - lon0, lat1 - lat0]
    return flat


def build(node_modules):
    svg_regions = read_svg_regions(node_modules / "@svg-maps" / "italy" / "italy.svg")
    if set(svg_regions) != set(REGION_CODES):
        raise SystemExit(f"unexpected regions: {sorted(svg_regions)}")
    italy = read_natural_earth_italy(node_modules / "world-atlas" / "countries-10m.json")
    svg_points = [point for rings in svg_regions.values() for ring in rings for point in ring]
    geo_points = [point for ring in italy for point in ring]
    scale, x0, y0, matched, rms = fit_mercator(svg_points, geo_points)
    print(f"georeference: {matched} vertices matched, rms {rms:.2f} SVG units ({scale:.2f}/deg)")

    def to_geo(point):
        x, y = point
        return ((x - x0) / scale, inverse_mercator((y0 - y) / scale))

    def regions_in_degrees(tolerance):
        simplified = simplify_regions(svg_regions, tolerance)
        return {
            REGION_CODES[region_id]: [[to_geo(point) for point in ring] for ring in rings]
            for region_id, rings in simplified.items()
        }

    detailed = regions_in_degrees(DETAIL_TOLERANCE)
    featured_points = [p for code in FEATURED for ring in detailed[code] for p in ring]
    frame = (
        math.floor((min(p[0] for p in featured_points) - FRAME_MARGIN) * 10) / 10,
        math.floor((min(p[1] for p in featured_points) - FRAME_MARGIN) * 10) / 10,
        math.ceil((max(p[0] for p in featured_points) + FRAME_MARGIN) * 10) / 10,
        math.ceil((max(p[1] for p in featured_points) + FRAME_MARGIN) * 10) / 10,
    )
    regions = {}
    for code in sorted(detailed):
        rings = [encode(clip_ring(ring, *frame)) for ring in detailed[code]]
        rings = [ring for ring in rings if ring]
        if rings:
            regions[code] = rings
    inset = [
        encoded
        for rings in regions_in_degrees(INSET_TOLERANCE).values()
        for ring in rings
        if (encoded := encode(ring))
    ]
    data = {
        "about": "Regions of Italy, simplified; built by scripts/build_italy_outline.py.",
        "credit": {
            "author": "MapSVG",
            "url": "https://mapsvg.com/maps/italy",
            "package": "@svg-maps/italy 2.0.0",
            "licence": "CC BY 4.0",
            "licence_url": "https://creativecommons.org/licenses/by/4.0/",
            "georeferenced_with": "Natural Earth (public domain), world-atlas 2.0.2",
            "changes": "georeferenced, simplified, clipped to northern Italy",
        },
        "precision": PRECISION,
        "frame": frame,
        "featured": list(FEATURED),
        "regions": regions,
        "inset": inset,
    }
    OUTPUT.parent.mkdir(exist_ok=True)
    OUTPUT.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    points = sum(len(r) // 2 for rings in regions.values() for r in rings)
    inset_points = sum(len(r) // 2 for r in inset)
    size = OUTPUT.stat().st_size
    print(f"{OUTPUT}: {len(regions)} regions, {points} + {inset_points} points, {size} bytes")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("node_modules", type=Path, help="folder the two npm packages are in")
    build(parser.parse_args().node_modules)


if __name__ == "__main__":
    main()
