"""Charts of the programmes' editions: funding, projects and leverage, drawn as SVG on the
server.

This module turns editions into figures and figures into bar charts (text and geometry);
``templates/components/charts/`` writes the markup, so every text is escaped by the
template engine. Numbers are formatted in the active language, so build charts while the
page's language is active (in ``get_context``).

Only figures the sources give are drawn: a missing one reads "not given", never zero.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext

from core.formatting import format_figure
from core.svg import svg_number

CHART_WIDTH = 400  # viewBox units; the height follows the rows
FONT_SIZE = 16
HEADING_SIZE = 17
RATIO_SIZE = 32
LINE_GAP = 4
# Average advance of a character relative to the font size (bold, generous), to wrap
# labels and keep values inside the chart.
CHARACTER_WIDTH = 0.58
BAR_HEIGHT = 22
LABEL_TO_BAR = 7  # from the label's baseline to the top of its bar
ROW_GAP = 14
GROUP_GAP = 12
VALUE_GAP = 6


@dataclass(frozen=True)
class Source:
    name: str
    url: str = ""


@dataclass
class EditionFigures:
    """The figures of one edition, or of several editions the source reports together."""

    first: int
    last: int
    years: list
    budget_eur: Decimal | None = None
    call_deadline: object = None
    ideas_received: int | None = None
    ideas_shortlisted: int | None = None
    projects_funded: int | None = None
    local_resources_eur: Decimal | None = None
    source: Source | None = None

    @property
    def label(self):
        if self.first == self.last:
            label = gettext("Edition %(number)s") % {"number": self.first}
        else:
            label = gettext("Editions %(first)s–%(last)s") % {
                "first": self.first,
                "last": self.last,
            }
        return capfirst(label)

    @property
    def years_label(self):
        """The year, as "2016"; for editions reported together "2014–2015", or "from 2014"
        when a later year is unknown; empty when the first year is unknown."""
        known = [year for year in self.years if year]
        if len(known) == len(self.years):
            return str(known[0]) if len(set(known)) == 1 else f"{min(known)}–{max(known)}"
        if self.years[0]:
            return gettext("from %(year)s") % {"year": self.years[0]}
        return ""

    @property
    def leverage(self):
        """Euro of local resources for each euro from the programme, or None."""
        if self.budget_eur and self.local_resources_eur is not None:
            return Decimal(self.local_resources_eur) / Decimal(self.budget_eur)
        return None

    @property
    def leverage_text(self):
        leverage = self.leverage
        return format_leverage(leverage) if leverage is not None else ""

    @property
    def has_project_figures(self):
        return any(
            value is not None
            for value in (self.ideas_received, self.ideas_shortlisted, self.projects_funded)
        )


def group_editions(editions):
    """EditionFigures in edition order. An edition whose figures cover later editions
    (``figures_through_edition``) absorbs them; the absorbed editions' own figures, which
    should be empty, are not shown."""
    groups = []
    covered_until = 0
    for edition in sorted(editions, key=lambda edition: edition.number):
        if edition.number <= covered_until:
            groups[-1].years.append(edition.year)
            continue
        last = max(edition.figures_through_edition or edition.number, edition.number)
        covered_until = last
        groups.append(
            EditionFigures(
                first=edition.number,
                last=last,
                years=[edition.year],
                budget_eur=edition.budget_eur,
                call_deadline=edition.call_deadline,
                ideas_received=edition.ideas_received,
                ideas_shortlisted=edition.ideas_shortlisted,
                projects_funded=edition.projects_funded,
                local_resources_eur=edition.local_resources_eur,
                source=(
                    Source(edition.source_name, edition.source_url) if edition.source_name else None
                ),
            )
        )
    return groups


def format_leverage(ratio):
    rounded = Decimal(ratio).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return number_format(rounded, decimal_pos=1, use_l10n=True)


# --- Bar charts ----------------------------------------------------------------------------


@dataclass
class Bar:
    label: str
    value: Decimal | int | None
    value_text: str
    tone: str = "main"  # main, alt or muted: a colour, always with a label beside it
    source: Source | None = None


@dataclass
class BarGroup:
    heading: str
    bars: list
    ratio: str = ""  # a figure drawn large above the bars, with its note
    ratio_note: str = ""


@dataclass
class Row:
    """One drawn item: ``kind`` is heading, label, bar or missing; numbers are strings
    ready for the markup (never localised)."""

    kind: str
    text: str
    x: str = "0"
    y: str = "0"
    width: str = "0"
    height: str = str(BAR_HEIGHT)
    tone: str = ""
    value_x: str = "0"
    value_y: str = "0"


@dataclass
class BarChart:
    id: str
    title: str
    groups: list
    sources: list = field(default_factory=list)
    width: int = CHART_WIDTH
    height: str = "0"
    rows: list = field(default_factory=list)
    font_size: int = FONT_SIZE
    heading_size: int = HEADING_SIZE
    ratio_size: int = RATIO_SIZE

    @property
    def view_box(self):
        return f"0 0 {self.width} {self.height}"

    @property
    def summary(self):
        """The chart in words, for the SVG's description."""
        parts = []
        for group in self.groups:
            figures = "; ".join(
                f"{bar.label}: {bar.value_text}" if bar.label else bar.value_text
                for bar in group.bars
            )
            if group.ratio:
                figures = f"{group.ratio} {group.ratio_note}; {figures}"
            parts.append(f"{group.heading}: {figures}." if group.heading else f"{figures}.")
        return " ".join(parts)

    @property
    def table_rows(self):
        """(group heading, bar) pairs for the data table."""
        return [(group.heading, bar) for group in self.groups for bar in group.bars]


def text_width(text, size=FONT_SIZE):
    return len(text) * size * CHARACTER_WIDTH


def wrap(text, size=FONT_SIZE, width=CHART_WIDTH):
    """Lines of ``text`` that fit ``width`` (SVG text does not wrap by itself)."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and text_width(candidate, size) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line] if line else lines


def lay_out(chart):
    """Horizontal bars, one per row: its label above it, its value just past its end. Bars
    share one scale, from zero, sized so the longest value still fits in the chart."""
    bars = [bar for group in chart.groups for bar in group.bars]
    values = [Decimal(bar.value) for bar in bars if bar.value is not None]
    longest_value = max((text_width(bar.value_text) for bar in bars if bar.value), default=0)
    scale_width = chart.width - longest_value - VALUE_GAP
    top_value = max(values, default=Decimal(0))
    y = 0
    rows = []
    for index, group in enumerate(chart.groups):
        if index:
            y += GROUP_GAP
        for line in wrap(group.heading, HEADING_SIZE):
            y += HEADING_SIZE
            rows.append(Row("heading", line, y=svg_number(y)))
            y += LINE_GAP
        if group.ratio:
            y += RATIO_SIZE
            rows.append(Row("ratio", group.ratio, y=svg_number(y)))
            y += LINE_GAP
            for line in wrap(group.ratio_note):
                y += FONT_SIZE
                rows.append(Row("note", line, y=svg_number(y)))
                y += LINE_GAP
        if group.ratio:
            y += ROW_GAP - LINE_GAP
        elif group.heading:
            y += ROW_GAP - 2 * LINE_GAP
        for bar in group.bars:
            for number, line in enumerate(wrap(bar.label)):
                y += FONT_SIZE + (LINE_GAP if number else 0)
                rows.append(Row("label", line, y=svg_number(y)))
            bar_top = y + LABEL_TO_BAR
            if bar.value is None:
                rows.append(
                    Row("missing", bar.value_text, x="0", y=svg_number(bar_top + BAR_HEIGHT * 0.7))
                )
            else:
                length = float(Decimal(bar.value) / top_value) * scale_width if top_value else 0
                length = max(length, 2.0)  # a small value still shows a sliver
                rows.append(
                    Row(
                        "bar",
                        bar.value_text,
                        y=svg_number(bar_top),
                        width=svg_number(length),
                        tone=bar.tone,
                        value_x=svg_number(length + VALUE_GAP),
                        value_y=svg_number(bar_top + BAR_HEIGHT * 0.72),
                    )
                )
            y = bar_top + BAR_HEIGHT + ROW_GAP
    chart.rows = rows
    chart.height = svg_number(max(y - ROW_GAP + 4, 1))
    return chart


def _euro_bar(label, value, tone="main", source=None):
    text = format_figure(value, "eur") if value is not None else gettext("not given")
    return Bar(label, value, text, tone, source)


def _count_bar(label, value, unit, tone):
    text = format_figure(value, unit) if value is not None else gettext("not given")
    return Bar(label, value, text, tone)


def _sources(groups):
    sources = []
    for group in groups:
        if group.source and group.source not in sources:
            sources.append(group.source)
    return sources


def _edition_label(group):
    years = group.years_label
    return f"{group.label} ({years})" if years else group.label


def funding_chart(groups, chart_id="chart-funding"):
    if not any(group.budget_eur is not None for group in groups):
        return None
    return lay_out(
        BarChart(
            id=chart_id,
            title=gettext("Funding made available per edition"),
            groups=[
                BarGroup("", [_euro_bar(_edition_label(group), group.budget_eur)])
                for group in groups
            ],
            sources=_sources([group for group in groups if group.budget_eur is not None]),
        )
    )


def projects_chart(groups, chart_id="chart-projects"):
    with_figures = [group for group in groups if group.has_project_figures]
    if not with_figures:
        return None
    chart_groups = []
    for group in groups:
        if group.has_project_figures:
            bars = [
                _count_bar(
                    gettext("Project ideas received"), group.ideas_received, "ideas", "muted"
                ),
                _count_bar(gettext("Ideas shortlisted"), group.ideas_shortlisted, "ideas", "alt"),
                _count_bar(gettext("Projects funded"), group.projects_funded, "projects", "main"),
            ]
            bars = [bar for bar in bars if bar.value is not None]
        else:
            bars = [Bar("", None, gettext("not given"))]
        chart_groups.append(BarGroup(_edition_label(group), bars))
    return lay_out(
        BarChart(
            id=chart_id,
            title=gettext("Project ideas and projects per edition"),
            groups=chart_groups,
            sources=_sources(with_figures),
        )
    )


def leverage_chart(groups, chart_id="chart-leverage"):
    with_leverage = [group for group in groups if group.leverage is not None]
    if not with_leverage:
        return None
    chart_groups = [
        BarGroup(
            group.label,
            [
                _euro_bar(gettext("Made available by the programme"), group.budget_eur),
                _euro_bar(gettext("Local resources drawn"), group.local_resources_eur, "alt"),
            ],
            ratio=gettext("%(ratio)s euro") % {"ratio": format_leverage(group.leverage)},
            ratio_note=gettext("of local resources for every euro granted"),
        )
        for group in with_leverage
    ]
    return lay_out(
        BarChart(
            id=chart_id,
            title=gettext("Leverage: local resources drawn per euro granted"),
            groups=chart_groups,
            sources=_sources(with_leverage),
        )
    )


def edition_charts(groups):
    """The charts a programme's figures allow, in reading order."""
    charts = [funding_chart(groups), projects_chart(groups), leverage_chart(groups)]
    return [chart for chart in charts if chart]


def funding_overview_chart(programmes, editions, chart_id="chart-funding-overview"):
    """Funding per edition across ``programmes``, for the home page. A programme whose
    sources give no funding figure says so in one line; None when none has any."""
    by_programme = {programme.pk: [] for programme in programmes}
    for edition in editions:
        by_programme.setdefault(edition.page_id, []).append(edition)
    chart_groups, sourced = [], []
    for programme in programmes:
        groups = group_editions(by_programme[programme.pk])
        funded = [group for group in groups if group.budget_eur is not None]
        sourced += funded
        if funded:
            bars = [
                _euro_bar(_edition_label(group), group.budget_eur, source=group.source)
                for group in groups
            ]
        else:
            bars = [Bar("", None, gettext("no funding figures in the sources"))]
        chart_groups.append(BarGroup(programme.title, bars))
    if not sourced:
        return None
    return lay_out(
        BarChart(
            id=chart_id,
            title=gettext("Funding made available per edition, by programme"),
            groups=chart_groups,
            sources=_sources(sourced),
        )
    )
