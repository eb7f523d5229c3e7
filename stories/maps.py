"""The territory maps, as SVG: every territory placed on the regions of northern Italy (the
territory index and the explorer's places), and the small locator map of a territory page
or a story.

This module computes geometry (numbers and path strings); the markup is written by
``templates/components/territory_map.html``, so names and links are escaped by the
template engine. The outline comes from ``stories/data/italy_outline.json``, built and
credited by ``scripts/build_italy_outline.py``.

One projection for everything: Web Mercator, the projection the outline was drawn in, so
the territories' latitude and longitude land where the borders put them.
"""

import hashlib
import json
import math
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from django.apps import apps

from core.cache import cached
from core.svg import svg_number

OUTLINE_PATH = Path(__file__).resolve().parent / "data" / "italy_outline.json"

MAP_WIDTH = 1000  # viewBox units; the height follows the area shown
VIEW_MARGIN = 0.2  # degrees of land shown around the regions and places on the map
INSET_WIDTH = 170  # the locator map of Italy, in viewBox units
INSET_PADDING = 10

# Every territory is a round tap target of TARGET_DIAMETER viewBox units: 37 CSS px where the
# map is 340 px wide (a 375 px phone), 70 px on a wide screen. Targets that would overlap are
# moved apart (``spread``) and joined to their true place by a thin line.
TARGET_DIAMETER = 110
TARGET_GAP = 4  # viewBox units kept free between two targets
LEADER_MIN = 20  # a target moved further than this from its place gets a line to it
SPREAD_ROUNDS = 500
PULL_BACK = 0.15
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
# The symbol drawn inside each target, by kind of territory, in viewBox units.
MARKER_RADIUS = {"region": 34, "province": 26, "district": 22, "city": 20}
DEFAULT_RADIUS = MARKER_RADIUS["city"]
LABEL_GAP = 8
# Font size of the region names, viewBox units (as in the template), and the width of a
# character relative to them, to keep region names clear of the markers.
REGION_LABEL_SIZE = 26
REGION_LABEL_CHARACTER_WIDTH = 0.75
# The locator map of a territory page or a story: its regions and their neighbours.
LOCATOR_WIDTH = 300
LOCATOR_MARGIN = 0.5  # degrees shown around the regions
LOCATOR_DOT_RADIUS = 9


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
    """A territory on the map: its place (``place_x``, ``place_y``) and its tap target, a
    circle of ``TARGET_DIAMETER`` centred on (``x``, ``y``), moved off the place when it
    would overlap another target."""

    page: object
    place_x: float
    place_y: float
    radius: float  # of the symbol drawn in the target
    x: float = 0.0
    y: float = 0.0
    label: Label | None = None

    def __post_init__(self):
        self.x, self.y = self.place_x, self.place_y

    @property
    def kind(self):
        return self.page.kind

    @property
    def story_count(self):
        return getattr(self.page, "story_count", None)

    @property
    def url(self):
        return self.page.url

    @property
    def has_stories(self):
        """Places counted without stories are drawn hollow; uncounted ones (a story's
        places) as places with stories."""
        return self.story_count is None or self.story_count > 0

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
    def target_r(self):
        return svg_number(TARGET_DIAMETER / 2)

    @property
    def moved(self):
        return math.hypot(self.x - self.place_x, self.y - self.place_y) > LEADER_MIN

    @property
    def place_cx(self):
        return svg_number(self.place_x)

    @property
    def place_cy(self):
        return svg_number(self.place_y)

    @property
    def diamond(self):
        """Path of the district marker: a square standing on its corner."""
        r = self.radius * 1.25
        return f"M{self.cx} {svg_number(self.y - r)}l{svg_number(r)} {svg_number(r)} " + (
            f"-{svg_number(r)} {svg_number(r)} -{svg_number(r)} -{svg_number(r)}z"
        )

    @property
    def named(self):
        """Regions are large and few: their names stay on the map; the names of the other
        places are in the panel the map's script opens, and in the list beside the map."""
        return self.kind == "region"


def spread(points, diameter, width, height, rounds=SPREAD_ROUNDS):
    """Centres of circles of ``diameter`` as near ``points`` as possible, no two closer
    than ``diameter`` and all inside ``width`` x ``height``: overlapping pairs are pushed
    apart along the line between them, round after round, until none overlaps. Places at
    the same spot (a city and its province) part in a fixed direction each."""
    centres = [[x, y] for x, y in points]
    half = diameter / 2
    for round_number in range(rounds):
        moved = False
        for i, first in enumerate(centres):
            for j in range(i + 1, len(centres)):
                second = centres[j]
                dx, dy = second[0] - first[0], second[1] - first[1]
                distance = math.hypot(dx, dy)
                if distance >= diameter:
                    continue
                if distance < 1e-6:
                    angle = j * GOLDEN_ANGLE
                    dx, dy, distance = math.cos(angle), math.sin(angle), 1.0
                push = (diameter - distance) / 2 + 0.05
                first[0] -= push * dx / distance
                first[1] -= push * dy / distance
                second[0] += push * dx / distance
                second[1] += push * dy / distance
                moved = True
        if not moved:
            break
        # In the first rounds, a little back towards the place, so that targets move no
        # further than needed; the last rounds only part them.
        pull = PULL_BACK if round_number < rounds // 2 else 0
        for centre, (x, y) in zip(centres, points, strict=True):
            centre[0] += (x - centre[0]) * pull
            centre[1] += (y - centre[1]) * pull
            centre[0] = min(max(centre[0], half), width - half)
            centre[1] = min(max(centre[1], half), height - half)
    return [(x, y) for x, y in centres]


@lru_cache(maxsize=128)
def spread_once(points, diameter, width, height):
    """``spread`` for a tuple of points, once per process: the pairwise rounds grow with the
    square of the places, and every listing page with a map would run them again."""
    return tuple(spread(points, diameter, width, height))


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
    def counts_stories(self):
        """Whether the places come with their number of stories (the legend then explains
        the hollow markers of places without any)."""
        return any(marker.story_count is not None for marker in self.markers)

    @property
    def has_moved_markers(self):
        return any(marker.moved for marker in self.markers)

    @property
    def named_markers(self):
        return [marker for marker in self.markers if marker.named]

    @property
    def view_box(self):
        return f"0 0 {self.width} {svg_number(self.height)}"


def _place_region_name(marker, markers, projection):
    """Below, above, right or left of the ring: the first place that covers the fewest
    other markers and stays inside the map."""
    size = REGION_LABEL_SIZE
    text_width = len(marker.page.title) * size * REGION_LABEL_CHARACTER_WIDTH
    x, y, r = marker.x, marker.y, TARGET_DIAMETER / 2
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
            and left - r < other.x < right + r
            and top - r < other.y < bottom + r
        )
        outside = left < 0 or right > projection.width or top < 0 or bottom > projection.height
        return covered + (100 if outside else 0)

    x, y, anchor = min(candidates, key=cost)
    return Label(svg_number(x), svg_number(y), anchor)


@lru_cache(maxsize=64)
def _land(bounds, highlighted, width=MAP_WIDTH):
    outline = load_outline()
    project = Projection(bounds, width)
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
        reach = TARGET_DIAMETER / 2
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
    # In a fixed order (larger places first), so the same places always part the same way.
    markers.sort(key=lambda marker: (-marker.radius, marker.page.title))
    targets = spread_once(
        tuple((marker.place_x, marker.place_y) for marker in markers),
        TARGET_DIAMETER + TARGET_GAP,
        projection.width,
        projection.height,
    )
    for marker, (x, y) in zip(markers, targets, strict=True):
        marker.x, marker.y = x, y
        if marker.named:
            marker.label = _place_region_name(marker, markers, projection)
    return TerritoryMap(
        width=MAP_WIDTH,
        height=projection.height,
        land=list(_land(bounds, highlighted)),
        markers=markers,
        inset=_inset(outline, projection, markers),
        unplaced=[page for page, _lon, _lat in unplaced],
        credit=outline.credit,
    )


# --- The explorer's map ------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """A territory as the explorer's map needs it, kept in the cache."""

    title: str
    url: str
    kind: str
    kind_label: str
    region: str
    latitude: float
    longitude: float
    story_count: int

    def get_kind_display(self):
        return self.kind_label


def explorer_map(explorer):
    """The map of the places of the stories the explorer found (every page of them), each
    with how many of those stories it holds; None when they have no place. One query,
    kept under the content version for each listing and filter."""
    query = explorer.query.copy()
    query.pop("sort", None)
    key = hashlib.sha256(
        f"{explorer.locale_id}:{explorer.request.path}:{query.urlencode()}".encode()
    ).hexdigest()
    places = cached(f"explorer-map:{key}", lambda: _explorer_places(explorer))
    return build_territory_map(places)


def _explorer_places(explorer):
    territory_model = apps.get_model("stories.TerritoryPage")
    kinds = dict(territory_model._meta.get_field("kind").choices)
    # How many of the stories found each territory holds, from the explorer's index.
    counts = {
        territory_id: count
        for territory_id, bits in explorer.index.places.items()
        if (count := (explorer.found_bits & bits).bit_count())
    }
    territories = (
        territory_model.objects.live()
        .filter(locale_id=explorer.locale_id, pk__in=counts)
        .exclude(explorer.private_q)
        .order_by("title")
    )
    return [
        Place(
            title=territory.title,
            url=territory.url,
            kind=territory.kind,
            kind_label=str(kinds.get(territory.kind, "")),
            region=territory.region,
            latitude=territory.latitude,
            longitude=territory.longitude,
            story_count=counts[territory.pk],
        )
        for territory in territories
    ]


# --- The locator map ---------------------------------------------------------------------


@dataclass(frozen=True)
class LocatorPoint:
    x: str
    y: str
    r: str


@dataclass(frozen=True)
class LocatorMap:
    """Where one or a few territories lie: their regions among the neighbouring ones, and
    a dot for each place smaller than a region."""

    width: int
    height: float
    land: tuple
    points: tuple
    names: tuple  # of the territories shown, for the map's accessible name

    @property
    def view_box(self):
        return f"0 0 {self.width} {svg_number(self.height)}"


def build_locator_map(territories):
    """The locator map of ``territories`` (a territory page, or the territories of a
    story), or None when none of them lies on the outline."""
    outline = load_outline()
    places, regions, names = [], set(), []
    for page in territories:
        names.append(page.title)
        if page.region in outline.regions:
            regions.add(page.region)
        if page.longitude is None or page.latitude is None or page.kind == "region":
            continue
        lon, lat = float(page.longitude), float(page.latitude)
        if outline.frame.contains(lon, lat):
            places.append((lon, lat))
    if not regions and not places:
        return None
    boxes = [outline.region_bounds[code] for code in sorted(regions)]
    if places:
        boxes.append(Bounds.around(places))
    bounds = boxes[0]
    for box in boxes[1:]:
        bounds = bounds.union(box)
    bounds = bounds.grown(LOCATOR_MARGIN).clamped(outline.frame)
    projection = Projection(bounds, LOCATOR_WIDTH)
    radius = svg_number(LOCATOR_DOT_RADIUS)
    points = []
    for lon, lat in places:
        x, y = projection(lon, lat)
        points.append(LocatorPoint(svg_number(x), svg_number(y), radius))
    return LocatorMap(
        width=LOCATOR_WIDTH,
        height=projection.height,
        land=_land(bounds, frozenset(regions), LOCATOR_WIDTH),
        points=tuple(points),
        names=tuple(names),
    )
