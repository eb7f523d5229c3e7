"""Results over time: a story's indicators (``stories.blocks.IndicatorBlock``) drawn as small
line charts on the server, with the same figures as a table.

As in ``stories.charts``, this module does the geometry and the words; the template
(``templates/components/charts/indicator_chart.html``) writes the markup, so every text is
escaped by the template engine. Numbers and dates are written in the active language:
build the charts while the page's language is active.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext

from core.formatting import format_figure
from core.svg import svg_number

from .charts import Source, text_width

WIDTH = 400  # viewBox units
PLOT_LEFT = 8
PLOT_RIGHT = WIDTH - 8
PLOT_TOP = 36  # room for the labels above the highest point
PLOT_HEIGHT = 130
LABEL_SIZE = 16
AXIS_SIZE = 14
TICK_SPACING = 44  # the least room between two years under the axis
LABEL_GAP = 10  # from a point to its label
POINT_RADIUS = 5

BASELINE, MEASURED, TARGET = "baseline", "measured", "target"


@dataclass
class Point:
    kind: str  # baseline, measured or target
    date: object
    value: Decimal
    text: str  # the value as a reader says it
    source: Source | None = None
    # Geometry, as strings ready for the markup.
    x: str = "0"
    y: str = "0"
    label_x: str = "0"
    label_y: str = "0"
    labelled: bool = True

    @property
    def date_text(self):
        return date_format(self.date, "DATE_FORMAT")

    @property
    def kind_text(self):
        return {
            BASELINE: gettext("Baseline"),
            MEASURED: gettext("Measured"),
            TARGET: gettext("Target"),
        }[self.kind]

    @property
    def diamond(self):
        """The target's marker: a diamond, so its shape tells it apart, not only its colour."""
        x, y, r = float(self.x), float(self.y), POINT_RADIUS + 2
        return " ".join(
            f"{svg_number(px)},{svg_number(py)}"
            for px, py in ((x, y - r), (x + r, y), (x, y + r), (x - r, y))
        )


@dataclass
class Tick:
    text: str
    x: str


@dataclass
class LegendItem:
    kind: str
    text: str


@dataclass
class IndicatorChart:
    id: str
    title: str
    unit: str
    points: list
    width: int = WIDTH
    height: int = 0
    axis_y: str = "0"
    measured_line: str = ""  # polyline points through the baseline and the measured values
    target_line: str = ""  # from the last measured value to the target
    ticks: list = field(default_factory=list)
    ticks_y: str = "0"
    legend: list = field(default_factory=list)
    label_size: int = LABEL_SIZE
    axis_size: int = AXIS_SIZE

    @property
    def view_box(self):
        return f"0 0 {self.width} {self.height}"

    @property
    def baseline(self):
        return next((point for point in self.points if point.kind == BASELINE), None)

    @property
    def target(self):
        return next((point for point in self.points if point.kind == TARGET), None)

    @property
    def measured(self):
        return [point for point in self.points if point.kind == MEASURED]

    @property
    def sources(self):
        sources = []
        for point in self.measured:
            if point.source and point.source not in sources:
                sources.append(point.source)
        return sources

    @property
    def summary(self):
        """The chart in words, for the SVG's description."""

        def say(point):
            return gettext("%(value)s on %(date)s") % {
                "value": point.text,
                "date": point.date_text,
            }

        parts = []
        if self.baseline:
            parts.append(gettext("Baseline: %(point)s.") % {"point": say(self.baseline)})
        parts.append(
            gettext("Measured: %(points)s.")
            % {"points": "; ".join(say(point) for point in self.measured)}
        )
        if self.target:
            parts.append(gettext("Target: %(point)s.") % {"point": say(self.target)})
        return " ".join(parts)


def indicator_points(indicator):
    """Baseline, measured values and target of an indicator block's value, in date order."""
    unit = indicator["unit"]
    points = []
    if indicator.get("baseline_value") is not None and indicator.get("baseline_date"):
        value = indicator["baseline_value"]
        points.append(
            Point(BASELINE, indicator["baseline_date"], value, format_figure(value, unit))
        )
    for item in indicator["values"]:
        source = Source(item["source_name"], item.get("source_url") or "")
        points.append(
            Point(MEASURED, item["date"], item["value"], format_figure(item["value"], unit), source)
        )
    if indicator.get("target_value") is not None and indicator.get("target_date"):
        value = indicator["target_value"]
        points.append(Point(TARGET, indicator["target_date"], value, format_figure(value, unit)))
    return points


def _place_labels(points):
    """Each value's label above its point, or below when it would run into a label already
    placed; a label that fits in neither place is left to the table."""
    taken = []  # (left, top, right, bottom) of the labels placed

    def free(box):
        return not any(
            box[0] < other[2] and other[0] < box[2] and box[1] < other[3] and other[1] < box[3]
            for other in taken
        )

    for point in points:
        x, y = float(point.x), float(point.y)
        width = text_width(point.text, LABEL_SIZE)
        left = min(max(x - width / 2, 0), WIDTH - width)
        for baseline in (y - LABEL_GAP, y + LABEL_GAP + LABEL_SIZE * 0.8):
            box = (left, baseline - LABEL_SIZE * 0.8, left + width, baseline + LABEL_SIZE * 0.2)
            if free(box):
                taken.append(box)
                point.label_x, point.label_y = svg_number(left), svg_number(baseline)
                break
        else:
            point.labelled = False


def _ticks(first, last, x_of):
    """Year marks under the axis: every year, or fewer when the years are many."""
    years = list(range(first.year, last.year + 1))
    step = max(1, -(-len(years) // 6))
    ticks, last_x = [], None
    for year in years[::step]:
        date = min(max(datetime.date(year, 7, 1), first), last)
        x = min(max(x_of(date), 18), WIDTH - 18)
        # A year that would run into the one before it is left out.
        if last_x is None or x - last_x >= TICK_SPACING:
            ticks.append(Tick(str(year), svg_number(x)))
            last_x = x
    return ticks


def _legend(chart):
    """What each mark means (the stylesheet draws the shape before each word)."""
    items = [LegendItem(MEASURED, gettext("Measured"))]
    if chart.baseline:
        items.insert(0, LegendItem(BASELINE, gettext("Baseline")))
    if chart.target:
        items.append(LegendItem(TARGET, gettext("Target")))
    return items


def indicator_chart(indicator, chart_id):
    """An IndicatorChart for an IndicatorBlock value, laid out; ``chart_id`` must be unique
    on the page."""
    points = indicator_points(indicator)
    chart = IndicatorChart(
        id=chart_id, title=indicator["name"], unit=indicator["unit"], points=points
    )
    if not points:
        return chart
    values = [point.value for point in points]
    low, high = min(min(values), Decimal(0)), max(max(values), Decimal(0))
    if high == low:
        high = low + 1
    first, last = points[0].date, points[-1].date
    span = (last - first).days

    def x_of(date):
        if not span:
            return (PLOT_LEFT + PLOT_RIGHT) / 2
        return PLOT_LEFT + (date - first).days / span * (PLOT_RIGHT - PLOT_LEFT)

    def y_of(value):
        return PLOT_TOP + float((high - value) / (high - low)) * PLOT_HEIGHT

    for point in points:
        point.x, point.y = svg_number(x_of(point.date)), svg_number(y_of(point.value))
    _place_labels(points)
    measured = [point for point in points if point.kind != TARGET]
    chart.measured_line = " ".join(f"{point.x},{point.y}" for point in measured)
    if chart.target:
        chart.target_line = f"{measured[-1].x},{measured[-1].y} {chart.target.x},{chart.target.y}"
    axis = PLOT_TOP + PLOT_HEIGHT
    chart.axis_y = svg_number(y_of(Decimal(0)) if low < 0 else axis)
    chart.ticks = _ticks(first, last, x_of)
    # Room under the axis for a label set below the lowest point, then the years.
    ticks_y = axis + LABEL_GAP + LABEL_SIZE + AXIS_SIZE
    chart.ticks_y = svg_number(ticks_y)
    chart.legend = _legend(chart)
    chart.height = int(ticks_y + AXIS_SIZE / 2)
    return chart
