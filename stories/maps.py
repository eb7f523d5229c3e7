"""The territory map: every territory placed on the regions of northern Italy, as SVG.

This module only computes geometry (numbers and path strings); the markup is written by
``templates/components/territory_map.html``, so names and links are escaped by the
template engine. The outline comes from ``stories/data/italy_outline.json``, built and
credited by ``scripts/build_italy_outline.py``.

One projection for everything: Web Mercator, the projection the outline was drawn in, so
the territories' latitude and longitude land where the borders put them.
"""

import json
import math
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from core.svg import svg_number

OUTLINE_PATH = Path(__file__).resolve().parent / "data" / "italy_outline.json"

MAP_WIDTH = 1000  # viewBox units; the height follows the area shown
VIEW_MARGIN = 0.2  # degrees of land shown around the regions and places on the map
INSET_WIDTH = 170  # the locator map of Italy, in viewBox units
INSET_PADDING = 10

# Marker radius by kind of territory, in viewBox units (a third of a pixel each on a phone).
# Larger markers are painted first, so a city drawn on top of its province stays visible
# and clickable.
MARKER_RADIUS = {"region": 30, "province": 18, "district": 15, "city": 12}
DEFAULT_RADIUS = MARKER_RADIUS["city"]
LABEL_GAP = 8
# Font sizes of the names, viewBox units (as in site.css), and the width of a
# character relative to them, to keep region names clear of the markers.
LABEL_SIZE = 30
REGION_LABEL_SIZE = 26
REGION_LABEL_CHARACTER_WIDTH = 0.75


def mercator_y(lat):
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


@dataclass(frozen=True)
class Bounds:
    west: float
    south: float
    east: float
    north: float

    def union(self, other):
        return Bounds(
            min(self.west, other.west),
            min(self.south, other.south),
            max(self.east, other.east),
            max(self.north, other.north),
        )

    def grown(self, margin):
        return Bounds(
            self.west - margin, self.south - margin, self.east + margin, self.north + margin
        )

    def clamped(self, frame):
        return Bounds(
            max(self.west, frame.west),
            max(self.south, frame.south),
            min(self.east, frame.east),
            min(self.north, frame.north),
        )

    def contains(self, lon, lat):
        return self.west <= lon <= self.east and self.south <= lat <= self.north

    @classmethod
    def around(cls, points):
        lons = [lon for lon, _lat in points]
        lats = [lat for _lon, lat in points]
        return cls(min(lons), min(lats), max(lons), max(lats))


class Projection:
    """Web Mercator scaled so that ``bounds`` fill ``width`` units; y grows southwards."""

    def __init__(self, bounds, width):
        self.bounds = bounds
        self.scale = width / (bounds.east - bounds.west)
        self.top = mercator_y(bounds.north)
        self.width = width
        self.height = (self.top - mercator_y(bounds.south)) * self.scale

    def __call__(self, lon, lat):
        return (lon - self.bounds.west) * self.scale, (self.top - mercator_y(lat)) * self.scale


def path_data(rings, project, offset=(0, 0)):
    """SVG path data of polygons: absolute first point, then relative steps between the
    rounded points, so the rounding does not add up along a border."""
    commands = []
    for ring in rings:
        points = []
        for lon, lat in ring:
            x, y = project(lon, lat)
            point = (round(x + offset[0], 1), round(y + offset[1], 1))
            if not points or point != points[-1]:
                points.append(point)
        if len(points) < 3:
            continue
        steps = [f"M{svg_number(points[0][0])} {svg_number(points[0][1])}l"]
        for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
            dx, dy = svg_number(x1 - x0), svg_number(y1 - y0)
            steps.append(f"{dx}{'' if dy.startswith('-') else ' '}{dy} ")
        commands.append("".join(steps).rstrip() + "z")
    return "".join(commands)


# --- The outline -------------------------------------------------------------------------


def _decode(flat, precision):
    """A ring stored as hundredths of a degree: first point, then differences."""
    lon, lat = flat[0], flat[1]
    ring = [(lon / precision, lat / precision)]
    for index in range(2, len(flat), 2):
        lon, lat = lon + flat[index], lat + flat[index + 1]
        ring.append((lon / precision, lat / precision))
    return ring


@dataclass(frozen=True)
class Outline:
    frame: Bounds  # the area the regions were clipped to
    regions: dict  # region code -> list of rings of (lon, lat)
    inset: list  # rings of the whole country, coarse
    credit: dict

    @cached_property
    def region_bounds(self):
        return {
            code: Bounds.around([point for ring in rings for point in ring])
            for code, rings in self.regions.items()
        }

    @cached_property
    def country_bounds(self):
        return Bounds.around([point for ring in self.inset for point in ring])


@lru_cache(maxsize=1)
def load_outline(path=OUTLINE_PATH):
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    precision = data["precision"]
    return Outline(
        frame=Bounds(*data["frame"]),
        regions={
            code: [_decode(ring, precision) for ring in rings]
            for code, rings in data["regions"].items()
        },
        inset=[_decode(ring, precision) for ring in data["inset"]],
        credit=data["credit"],
    )


# --- The map -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LandShape:
    code: str
    has_territories: bool
    d: str


@dataclass
class Label:
    x: str
    y: str
    anchor: str


@dataclass
class Marker:
    page: object
    x: float
    y: float
    radius: float
    label: Label | None = None

    @property
    def kind(self):
        return self.page.kind

    @property
    def story_count(self):
        return getattr(self.page, "story_count", None)

    @property
    def cx(self):
        return svg_number(self.x)

    @property
    def cy(self):
        return svg_number(self.y)

    @property
    def r(self):
        return svg_number(self.radius)

    @property
    def diamond(self):
        """Path of the district marker: a square standing on its corner."""
        r = self.radius * 1.25
        return f"M{self.cx} {svg_number(self.y - r)}l{svg_number(r)} {svg_number(r)} " + (
            f"-{svg_number(r)} {svg_number(r)} -{svg_number(r)} -{svg_number(r)}z"
        )

    @property
    def named(self):
        """Regions are large and few: their names stay on the map; other names show on
        hover and focus."""
        return self.kind == "region"


@dataclass
class Inset:
    x: str
    y: str
    width: str
    height: str
    land: str
    view_x: str
    view_y: str
    view_width: str
    view_height: str


@dataclass
class TerritoryMap:
    width: int
    height: float
    land: list
    markers: list
    inset: Inset | None
    unplaced: list  # territories outside the outline: in the list, not on the map
    credit: dict

    @property
    def named_markers(self):
        return [marker for marker in self.markers if marker.named]

    @property
    def view_box(self):
        return f"0 0 {self.width} {svg_number(self.height)}"


def _place_label(marker, width):
    baseline = svg_number(marker.y + LABEL_SIZE * 0.35)
    if marker.x > width * 0.7:  # near the right edge the name goes on the left
        return Label(svg_number(marker.x - marker.radius - LABEL_GAP), baseline, "end")
    return Label(svg_number(marker.x + marker.radius + LABEL_GAP), baseline, "start")


def _place_region_name(marker, markers, projection):
    """Below, above, right or left of the ring: the first place that covers the fewest
    other markers and stays inside the map."""
    size = REGION_LABEL_SIZE
    text_width = len(marker.page.title) * size * REGION_LABEL_CHARACTER_WIDTH
    x, y, r = marker.x, marker.y, marker.radius
    candidates = [
        (x, y + r + size, "middle"),
        (x, y - r - LABEL_GAP, "middle"),
        (x + r + LABEL_GAP, y + size * 0.35, "start"),
        (x - r - LABEL_GAP, y + size * 0.35, "end"),
    ]

    def cost(candidate):
        left, baseline, anchor = candidate
        if anchor == "middle":
            left -= text_width / 2
        elif anchor == "end":
            left -= text_width
        right, top, bottom = left + text_width, baseline - size * 0.8, baseline + size * 0.2
        covered = sum(
            1
            for other in markers
            if other is not marker
            and left - other.radius < other.x < right + other.radius
            and top - other.radius < other.y < bottom + other.radius
        )
        outside = left < 0 or right > projection.width or top < 0 or bottom > projection.height
        return covered + (100 if outside else 0)

    x, y, anchor = min(candidates, key=cost)
    return Label(svg_number(x), svg_number(y), anchor)


@lru_cache(maxsize=16)
def _land(bounds, highlighted):
    outline = load_outline()
    project = Projection(bounds, MAP_WIDTH)
    return tuple(
        LandShape(code, code in highlighted, path_data(rings, project))
        for code, rings in sorted(outline.regions.items(), key=lambda item: item[0] in highlighted)
        if _overlaps(outline.region_bounds[code], bounds)
    )


def _overlaps(first, second):
    return not (
        first.east < second.west
        or first.west > second.east
        or first.north < second.south
        or first.south > second.north
    )


def _inset(outline, projection, markers):
    """The whole country, small, with the area of the map outlined, in the corner of the
    map that hides no marker (bottom left when several are free)."""
    country = outline.country_bounds
    inset_projection = Projection(country, INSET_WIDTH)
    box_width = INSET_WIDTH + 2 * INSET_PADDING
    box_height = inset_projection.height + 2 * INSET_PADDING
    if box_height > projection.height * 0.6:
        return None  # the map is too flat to hold it
    corners = [
        (0, projection.height - box_height),
        (projection.width - box_width, 0),
        (projection.width - box_width, projection.height - box_height),
        (0, 0),
    ]

    def hidden(corner):
        x, y = corner
        reach = 2 * MARKER_RADIUS["region"]
        return sum(
            1
            for marker in markers
            if x - reach < marker.x < x + box_width + reach
            and y - reach < marker.y < y + box_height + reach
        )

    x, y = min(corners, key=hidden)
    view = projection.bounds
    left, top = inset_projection(view.west, view.north)
    right, bottom = inset_projection(view.east, view.south)
    return Inset(
        x=svg_number(x),
        y=svg_number(y),
        width=svg_number(box_width),
        height=svg_number(box_height),
        land=path_data(outline.inset, inset_projection, (INSET_PADDING, INSET_PADDING)),
        view_x=svg_number(left + INSET_PADDING),
        view_y=svg_number(top + INSET_PADDING),
        view_width=svg_number(right - left),
        view_height=svg_number(bottom - top),
    )


def build_territory_map(territories):
    """The map of ``territories`` (pages with latitude, longitude, kind, region and,
    optionally, ``story_count``), or None when none of them lies on the outline.

    The map shows the regions that hold territories, whole, and every placed territory,
    with a margin; the other regions are drawn lighter for context.
    """
    outline = load_outline()
    placed, unplaced = [], []
    for page in territories:
        if page.longitude is None or page.latitude is None:
            continue  # a territory whose place is not known yet has no spot on the map
        lon, lat = float(page.longitude), float(page.latitude)
        (placed if outline.frame.contains(lon, lat) else unplaced).append((page, lon, lat))
    if not placed:
        return None
    highlighted = frozenset(
        page.region for page, _lon, _lat in placed if page.region in outline.regions
    )
    bounds = Bounds.around([(lon, lat) for _page, lon, lat in placed])
    for code in highlighted:
        bounds = bounds.union(outline.region_bounds[code])
    bounds = bounds.grown(VIEW_MARGIN).clamped(outline.frame)
    projection = Projection(bounds, MAP_WIDTH)
    markers = []
    for page, lon, lat in placed:
        x, y = projection(lon, lat)
        markers.append(Marker(page, x, y, MARKER_RADIUS.get(page.kind, DEFAULT_RADIUS)))
    markers.sort(key=lambda marker: (-marker.radius, marker.page.title))
    for marker in markers:
        if marker.named:
            marker.label = _place_region_name(marker, markers, projection)
        else:
            marker.label = _place_label(marker, projection.width)
    return TerritoryMap(
        width=MAP_WIDTH,
        height=projection.height,
        land=list(_land(bounds, highlighted)),
        markers=markers,
        inset=_inset(outline, projection, markers),
        unplaced=[page for page, _lon, _lat in unplaced],
        credit=outline.credit,
    )
