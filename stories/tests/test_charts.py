"""Charts of the programmes' editions: drawn on the server as SVG, with a data table, the
source of each figure, numbers in the reader's language and a small query budget."""

import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from core.formatting import format_figure
from home.models import HomePage
from stories.charts import (
    CHART_WIDTH,
    FONT_SIZE,
    Bar,
    BarChart,
    BarGroup,
    edition_charts,
    format_leverage,
    group_editions,
    lay_out,
    text_width,
    wrap,
)
from stories.factories import ProgrammeEditionFactory, ProgrammePageFactory
from stories.models import ProgrammeEdition, ProgrammePage
from stories.tests.test_map import extract_svg

SVG = "{http://www.w3.org/2000/svg}"


def edition(number, **figures):
    fields = {
        "year": None,
        "budget_eur": None,
        "call_deadline": None,
        "ideas_received": None,
        "ideas_shortlisted": None,
        "projects_funded": None,
        "local_resources_eur": None,
        "figures_through_edition": None,
        "source_name": "",
        "source_url": "",
    }
    return SimpleNamespace(number=number, **(fields | figures))


WELFARE_IN_AZIONE = [
    edition(2),
    edition(
        1,
        year=2014,
        budget_eur=Decimal("19000000"),
        ideas_received=115,
        ideas_shortlisted=30,
        projects_funded=18,
        local_resources_eur=Decimal("45000000"),
        figures_through_edition=2,
        source_name="Fondazione Cariplo",
        source_url="https://example.org/bando",
    ),
    edition(3, year=2016, budget_eur=Decimal("10000000"), source_name="Fondazione Cariplo"),
    edition(4),
]


def all_svgs(html, css_class):
    svgs = []
    position = 0
    while (found := html.find(f'class="{css_class}"', position)) != -1:
        svg = extract_svg(html[html.rindex("<svg", 0, found) :], css_class)
        svgs.append(ET.fromstring(svg))
        position = found + 1
    return svgs


def figure_cells(html, name):
    cells = re.findall(rf'<td data-figure="{name}">(.*?)</td>', html, re.S)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells]


# --- Figures and layout -----------------------------------------------------------------


def test_editions_reported_together_form_one_group():
    groups = group_editions(WELFARE_IN_AZIONE)
    assert [(group.first, group.last) for group in groups] == [(1, 2), (3, 3), (4, 4)]
    with translation.override("en"):
        assert [group.label for group in groups] == ["Editions 1–2", "Edition 3", "Edition 4"]
        assert [group.years_label for group in groups] == ["from 2014", "2016", ""]
    assert groups[0].leverage == Decimal(45) / Decimal(19)
    assert groups[1].leverage is None  # no local resources given: no leverage, not zero


@pytest.mark.parametrize(("language", "expected"), [("it", "2,4"), ("en", "2.4")])
def test_leverage_is_formatted_in_the_reader_language(language, expected):
    with translation.override(language):
        assert format_leverage(Decimal(45) / Decimal(19)) == expected


def test_charts_show_only_figures_the_sources_give():
    groups = group_editions(WELFARE_IN_AZIONE)
    with translation.override("en"):
        funding, projects, leverage = edition_charts(groups)
    assert [bar.value for group in funding.groups for bar in group.bars] == [
        Decimal("19000000"),
        Decimal("10000000"),
        None,
    ]
    assert [row.text for row in funding.rows if row.kind == "missing"] == ["not given"]
    assert [bar.value for bar in projects.groups[0].bars] == [115, 30, 18]
    assert [group.ratio for group in leverage.groups] == ["2.4 euro"]
    assert "Editions 1–2 (from 2014): 19 million euro" in funding.summary
    assert edition_charts(group_editions([edition(1), edition(2)])) == []


def test_bars_share_one_scale_and_values_fit_in_the_chart():
    chart = lay_out(
        BarChart(
            id="test",
            title="Test",
            groups=[
                BarGroup(
                    "",
                    [
                        Bar("Big", Decimal(300), "300 project ideas"),
                        Bar("Small", Decimal(100), "100 project ideas"),
                        Bar("Unknown", None, "not given"),
                    ],
                )
            ],
        )
    )
    bars = [row for row in chart.rows if row.kind == "bar"]
    assert float(bars[0].width) == pytest.approx(3 * float(bars[1].width), rel=0.01)
    for bar in bars:
        assert float(bar.value_x) + text_width(bar.text) <= CHART_WIDTH
    assert float(chart.height) > float(bars[-1].y)


def test_long_labels_wrap_inside_the_chart():
    text = "Risorse raccolte sul territorio dalle reti finanziate nelle prime due edizioni"
    lines = wrap(text)
    assert len(lines) > 1
    assert " ".join(lines) == text
    assert all(text_width(line, FONT_SIZE) <= CHART_WIDTH for line in lines)


@pytest.mark.django_db
def test_edition_covering_later_ones_must_point_forward():
    programme = ProgrammePageFactory()
    bad = ProgrammeEdition(
        page=programme, number=3, figures_through_edition=3, locale=programme.locale
    )
    with pytest.raises(ValidationError) as error:
        bad.clean()
    assert "figures_through_edition" in error.value.message_dict


# --- Programme page ---------------------------------------------------------------------


def programme_page(client, language, slug="welfare-in-azione"):
    programme = ProgrammePage.objects.get(locale__language_code=language, slug=slug)
    response = client.get(programme.url)
    assert response.status_code == 200
    return programme, response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["it", "en"])
def test_programme_charts_are_accessible_svg(client, language):
    _programme, html = programme_page(client, language)
    charts = all_svgs(html, "chart__svg")
    assert len(charts) == 3  # funding, projects, leverage
    for svg in charts:
        assert svg.get("role") == "img"
        title_id, desc_id = svg.get("aria-labelledby").split()
        assert svg.find(f"{SVG}title").get("id") == title_id
        desc = svg.find(f"{SVG}desc")
        assert desc.get("id") == desc_id and desc.text.strip()
        assert svg.find(f"{SVG}rect") is not None
        assert not re.search(r"\sstyle=", ET.tostring(svg, encoding="unicode"))
    texts = [text.text for svg in charts for text in svg.iter(f"{SVG}text")]
    with translation.override(language):
        assert format_figure(19000000, "eur") in texts
        assert format_figure(45000000, "eur") in texts
        assert f"{format_leverage(Decimal(45) / Decimal(19))} euro" in texts


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["it", "en"])
def test_programme_table_gives_the_edition_data_with_sources(client, language):
    programme, html = programme_page(client, language)
    editions = {edition.number: edition for edition in programme.editions.all()}
    assert "<caption" in html and '<th scope="row">' in html and '<th scope="col">' in html
    with translation.override(language):
        assert figure_cells(html, "budget")[:2] == [
            format_figure(editions[1].budget_eur, "eur"),
            format_figure(editions[3].budget_eur, "eur"),
        ]
        assert figure_cells(html, "local_resources")[0] == format_figure(
            editions[1].local_resources_eur, "eur"
        )
        assert figure_cells(html, "leverage")[0] == format_leverage(
            editions[1].local_resources_eur / editions[1].budget_eur
        )
    assert figure_cells(html, "ideas_received")[0] == str(editions[1].ideas_received)
    assert figure_cells(html, "ideas_shortlisted")[0] == str(editions[1].ideas_shortlisted)
    assert figure_cells(html, "projects_funded")[0] == str(editions[1].projects_funded)
    # Edition 2 is reported with edition 1; edition 4 has no figures and says so.
    assert len(figure_cells(html, "budget")) == 3
    assert figure_cells(html, "budget")[2].startswith("—")
    # Every chart names its source, and so does every row of the table.
    source = escape(editions[1].source_name)
    captions = re.findall(r'<figcaption class="chart__source">(.*?)</figcaption>', html, re.S)
    assert len(captions) == 3 and all(source in caption for caption in captions)
    assert html.count(f"<td>{source}</td>") == 2


@pytest.mark.django_db
def test_programme_without_figures_draws_no_chart(client):
    _programme, html = programme_page(client, "en", slug="will")
    assert 'class="chart__svg"' not in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["it", "en"])
def test_programme_page_stays_within_the_query_budget(
    client, language, django_assert_max_num_queries
):
    programme = ProgrammePage.objects.get(locale__language_code=language, slug="welfare-in-azione")
    client.get(programme.url)  # warm per-process caches
    with django_assert_max_num_queries(15):
        assert client.get(programme.url).status_code == 200


# --- Home page --------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["it", "en"])
def test_home_overview_chart_and_table(client, language, django_assert_max_num_queries):
    home = HomePage.objects.get(locale__language_code=language)
    client.get(home.url)
    with django_assert_max_num_queries(15):
        response = client.get(home.url)
    html = response.content.decode()
    (svg,) = all_svgs(html, "chart__svg")
    assert svg.get("role") == "img"
    texts = [text.text for text in svg.iter(f"{SVG}text")]
    assert "Welfare in Azione" in texts
    # WILL's sources give no funding figure: it says so, with no bar.
    will = next(index for index, text in enumerate(texts) if text.startswith("WILL"))
    with translation.override(language):
        assert texts[will + 1 :] == [gettext("no funding figures in the sources")]
    assert len(svg.findall(f"{SVG}rect")) == 2
    with translation.override(language):
        expected = [format_figure(19000000, "eur"), format_figure(10000000, "eur")]
    assert [text for text in texts if text in expected] == expected
    assert figure_cells(html, "budget")[:2] == expected
    assert "<details" in html and "<caption>" in html
    assert "Fondazione Cariplo, Welfare in Azione, " in html


@pytest.mark.django_db
def test_chart_text_is_escaped(client, italian):
    programme = ProgrammePageFactory(title='Welfare <in> "Azione" & co')
    ProgrammeEditionFactory(page=programme, budget_eur=Decimal(5000000))
    response = client.get(HomePage.objects.get(locale=italian).url)
    (svg,) = all_svgs(response.content.decode(), "chart__svg")
    assert 'Welfare <in> "Azione" & co' in [text.text for text in svg.iter(f"{SVG}text")]
