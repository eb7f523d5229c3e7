"""``manage.py import_stories``: stories from a spreadsheet, as drafts, all or nothing."""

import csv
import datetime
from collections import Counter
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection
from django.db.models.signals import pre_save
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django_tasks.signals import task_finished
from wagtail.models import Page, ReferenceIndex, Revision
from wagtail.search.models import IndexEntry
from wagtail_localize.models import Translation, TranslationSource

from core.names import SIMILAR_TITLE_RATIO, closest_title, fold, split_names, title_similarity
from editorial.importing import COLUMNS, guess_organisation_kind, parse_amount, parse_date
from stories.models import (
    Organisation,
    ProgrammeIndexPage,
    ProgrammePage,
    ProgrammeStoryIndexPage,
    StoryIndexPage,
    StoryPage,
    TerritoryIndexPage,
    TerritoryPage,
)

pytestmark = pytest.mark.django_db

SUMMARY_IT = "Una rete di quartiere che mette insieme servizi, volontari e famiglie."
SUMMARY_EN = "A neighbourhood network that brings together services, volunteers and families."


def story_row(**cells):
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        title="Rete di prova",
        programme="Welfare in Azione",
        territories="Milano",
        hashtags="Comunità",
        summary_it=SUMMARY_IT,
        summary_en=SUMMARY_EN,
    )
    row.update(cells)
    return row


def write_csv(tmp_path, rows, columns=COLUMNS, encoding="utf-8", delimiter=","):
    path = tmp_path / "stories.csv"
    with path.open("w", encoding=encoding, newline="") as file:
        writer = csv.writer(file, delimiter=delimiter)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([row.get(column, "") for column in columns])
    return path


def write_bytes(tmp_path, data):
    path = tmp_path / "stories.csv"
    path.write_bytes(data)
    return path


def header_line():
    return ",".join(COLUMNS) + "\n"


def run(path, *args, verbosity=1):
    out, err = StringIO(), StringIO()
    # English messages whatever the catalogues hold (the command follows LANGUAGE_CODE).
    with translation.override("en"):
        call_command(
            "import_stories", str(path), *args, stdout=out, stderr=err, verbosity=verbosity
        )
    return out.getvalue(), err.getvalue()


def run_failing(path, *args):
    """The command's error and what it wrote on stderr (no progress bar)."""
    err = StringIO()
    with translation.override("en"), pytest.raises(CommandError) as raised:
        call_command("import_stories", str(path), *args, stdout=StringIO(), stderr=err, verbosity=0)
    return str(raised.value), err.getvalue()


def counts():
    return {
        "pages": Page.objects.count(),
        "organisations": Organisation.objects.count(),
        "revisions": Revision.objects.count(),
        "sources": TranslationSource.objects.count(),
        "translations": Translation.objects.count(),
    }


def imported(title):
    return StoryPage.objects.get(locale__language_code="it", title=title)


def section_of(programme_title):
    return ProgrammeStoryIndexPage.objects.get(
        locale__language_code="it", programme__title=programme_title
    )


# --- A good file ------------------------------------------------------------------------


def test_stories_are_created_as_drafts_in_their_programme_section(tmp_path, italian):
    path = write_csv(
        tmp_path,
        [
            story_row(
                title="Rete di prova",
                edition="2014",  # the year of the first edition
                start_year="2015",
                end_year="2018",
                territories="milano; Casalpusterlengo",
                lead_partner="comune di cremona",
                partners="Cooperativa sociale Il Sole;Comune di Crema",
                funding_eur="1.500.000",
                funding_source="Bando Welfare in Azione 2014",
                funding_date="31/12/2014",
                hashtags="Comunita;#innovazione",
            ),
            story_row(title="Seconda rete", edition="3", funding_eur="", hashtags="Risorse"),
        ],
    )
    before = Organisation.objects.count()
    out, _ = run(path)

    story = imported("Rete di prova")
    assert not story.live and story.has_unpublished_changes
    assert story.latest_revision is not None
    assert story.get_parent().specific == section_of("Welfare in Azione")
    assert story.programme.title == "Welfare in Azione"
    assert (story.edition, story.start_year, story.end_year) == (1, 2015, 2018)
    assert story.funding_eur == Decimal("1500000")
    assert story.funding_reference_date == datetime.date(2014, 12, 31)
    assert story.funding_source_name == "Bando Welfare in Azione 2014"
    assert story.summary == SUMMARY_IT
    assert [link.hashtag.title for link in story.hashtag_links.all()] == [
        "#Comunità",
        "#Innovazione",
    ]
    milano, new_place = (link.territory for link in story.territory_links.all())
    assert milano.live and milano.title == "Milano"  # the demo's, matched whatever the case
    assert new_place.title == "Casalpusterlengo" and not new_place.live
    assert new_place.get_parent().specific == TerritoryIndexPage.objects.get(locale=italian)
    assert (new_place.kind, new_place.latitude) == ("", None)  # for the editor to fill in
    assert story.lead_partner.name == "Comune di Cremona"
    assert [link.organisation.name for link in story.partner_links.all()] == [
        "Cooperativa sociale Il Sole",
        "Comune di Crema",
    ]
    assert Organisation.objects.count() == before + 1
    assert Organisation.objects.get(name="Cooperativa sociale Il Sole").kind == "cooperative"
    assert imported("Seconda rete").edition == 3

    assert 'Line 2: "Rete di prova" created as a draft in Welfare in Azione' in out
    assert 'Line 3: "Seconda rete" created as a draft in Welfare in Azione' in out
    assert 'Organisation created: "Cooperativa sociale Il Sole" (Cooperative).' in out
    assert 'Territory created as a draft: "Casalpusterlengo"' in out
    assert "Stories created as drafts: 2\n" in out


def test_the_english_translation_is_a_draft_in_progress_with_the_summary(tmp_path, english):
    run(write_csv(tmp_path, [story_row(territories="Milano;Casalpusterlengo")]))
    story = imported("Rete di prova")

    item = Translation.objects.get(source__object_id=story.translation_key, target_locale=english)
    total, done = item.get_progress()
    assert 0 < done < total  # the summary only: the dashboard shows it in progress
    english_story = story.get_translation(english)
    assert not english_story.live
    assert english_story.summary == SUMMARY_EN
    assert english_story.title == story.title  # still to be translated
    assert english_story.get_parent().specific == section_of("Welfare in Azione").get_translation(
        english
    )
    # Links lead to the English pages, a new territory's too (itself an English draft).
    places = [link.territory for link in english_story.territory_links.all()]
    assert [place.locale for place in places] == [english, english]
    assert places[0].title == "Milan" and places[0].live
    assert places[1].title == "Casalpusterlengo" and not places[1].live
    assert [link.hashtag.title for link in english_story.hashtag_links.all()] == ["#Community"]
    assert english_story.programme.locale == english


# Queries per row of a file naming known programmes, places and hashtags, everything
# included: the story, its English translation, their revisions, logs and wagtail-localize
# records, and Wagtail's search and reference indexes (run at once here, without a worker).
# About 377 (583 when every save ran both index tasks again).
MAX_QUERIES_PER_ROW = 420


def test_rows_are_imported_in_few_queries_each_indexed_once(tmp_path, english):
    titles = ["Orti condivisi", "Sportello casa", "Cortili aperti"]
    path = write_csv(
        tmp_path, [story_row(title=title, territories="Milano;Lecco") for title in titles]
    )
    runs = Counter()

    def count_run(sender, task_result, **kwargs):
        runs[task_result.task.name, tuple(task_result.args)] += 1

    task_finished.connect(count_run, dispatch_uid="test-import-task-runs")
    try:
        with CaptureQueriesContext(connection) as queries:
            run(path, "--allow-similar", verbosity=0)
    finally:
        task_finished.disconnect(dispatch_uid="test-import-task-runs")
    per_row = len(queries) / len(titles)
    assert per_row <= MAX_QUERIES_PER_ROW, f"{per_row:.0f} queries per row"
    # Each task once per object (Wagtail ran the reference index's 9 times per story).
    assert set(runs.values()) == {1}
    for title in titles:
        story = imported(title)
        for page in (story, story.get_translation(english)):
            key = ("stories", "storypage", str(page.pk))
            assert runs["update_reference_index_task", key] == 1
            assert runs["insert_or_update_object_task", key] == 1
            assert IndexEntry.objects.filter(object_id=str(page.pk)).exists()
            # Its territories' references, recorded with the page's.
            assert (
                ReferenceIndex.get_references_for_object(page)
                .filter(model_path__startswith="territory_links")
                .count()
                == 2
            )


def test_without_an_english_summary_nothing_is_created_in_english(tmp_path, english):
    run(write_csv(tmp_path, [story_row(summary_en="", territories="Casalpusterlengo")]))
    story = imported("Rete di prova")
    assert not story.has_translation(english)
    assert not Translation.objects.filter(source__object_id=story.translation_key).exists()
    assert not TerritoryPage.objects.filter(locale=english, title="Casalpusterlengo").exists()


def test_a_missing_programme_section_is_created_as_a_draft(tmp_path, italian, english):
    programme = ProgrammePage(
        title="Programma di prova",
        slug="programma-di-prova",
        promoter=Organisation.objects.get(name="Fondazione Cariplo"),
        start_year=2020,
        summary="Un programma per provare l'import.",
        description="<p>Un programma per provare l'import.</p>",
    )
    ProgrammeIndexPage.objects.get(locale=italian).add_child(instance=programme)
    programme.save_revision().publish()
    path = write_csv(tmp_path, [story_row(programme="programma di prova")])

    out, _ = run(path, "--dry-run")
    assert "New section for the stories of Programma di prova, as a draft." in out
    assert not ProgrammeStoryIndexPage.objects.filter(programme=programme).exists()

    out, _ = run(path)
    section = ProgrammeStoryIndexPage.objects.get(programme=programme)
    assert not section.live
    assert section.get_parent().specific == StoryIndexPage.objects.get(locale=italian)
    assert (
        f"Section for the stories of Programma di prova created as a draft (page {section.pk})"
        in out
    )
    assert imported("Rete di prova").get_parent().pk == section.pk
    # The English section belongs to the English programme (a draft made for it).
    english_section = section.get_translation(english)
    assert english_section.programme == programme.get_translation(english)
    assert not english_section.live and not english_section.programme.live


def test_running_twice_creates_nothing_twice(tmp_path):
    path = write_csv(
        tmp_path,
        [
            story_row(territories="Casalpusterlengo", partners="Associazione Nuova"),
            story_row(title="Seconda rete", territories="casalpusterlengo"),
        ],
    )
    run(path)
    after_first = counts()
    out, _ = run(path)
    assert counts() == after_first
    assert 'Line 2: "Rete di prova" is already present in Welfare in Azione: skipped.' in out
    assert "Stories created as drafts: 0\n" in out
    assert "Stories already present: 2\n" in out

    # Matched regardless of case: stories by title, organisations, territories.
    other = write_csv(
        tmp_path,
        [
            story_row(title="RETE DI PROVA"),
            story_row(
                title="Terza rete",
                territories="CASALPUSTERLENGO",
                lead_partner="associazione nuova",
            ),
        ],
    )
    out, _ = run(other)
    assert 'Line 2: "RETE DI PROVA" is already present in Welfare in Azione: skipped.' in out
    assert Organisation.objects.count() == after_first["organisations"]
    assert (
        imported("Terza rete").territory_links.get().territory
        == imported("Rete di prova").territory_links.get().territory
    )
    assert "Territories created as drafts: 0" in out


def test_a_story_of_the_site_is_already_present_whatever_the_case(tmp_path):
    path = write_csv(
        tmp_path,
        [
            story_row(
                title="will: dieci città alla prova di un nuovo welfare locale",
                programme="WILL – Welfare Innovation Local Lab",
            )
        ],
    )
    before = counts()
    out, _ = run(path)
    assert counts() == before
    assert "Stories already present: 1" in out


def test_organisations_and_territories_named_by_several_rows_are_created_once(tmp_path):
    path = write_csv(
        tmp_path,
        [
            story_row(
                territories="Casalpusterlengo",
                lead_partner="Associazione Nuova",
                partners="Fondazione Nuova; Associazione Nuova",
            ),
            story_row(
                title="Seconda rete",
                territories="casalpusterlengo ; ; Codogno;",
                lead_partner="ASSOCIAZIONE NUOVA",
            ),
        ],
    )
    before = counts()
    out, _ = run(path)
    assert Organisation.objects.count() == before["organisations"] + 2
    assert TerritoryPage.objects.filter(title__iexact="casalpusterlengo").count() == 2  # it, en
    assert out.count('Territory created as a draft: "Casalpusterlengo"') == 1
    second = imported("Seconda rete")
    assert [link.territory.title for link in second.territory_links.all()] == [
        "Casalpusterlengo",
        "Codogno",
    ]
    assert second.lead_partner == imported("Rete di prova").lead_partner


def test_the_dry_run_checks_and_reports_but_writes_nothing(tmp_path):
    path = write_csv(
        tmp_path,
        [story_row(territories="Casalpusterlengo", partners="Comune di Codogno")],
    )
    before = counts()
    out, err = run(path, "--dry-run")
    assert counts() == before
    assert 'Line 2: "Rete di prova" would be created as a draft in Welfare in Azione.' in out
    assert 'New organisation: "Comune di Codogno" (Municipality).' in out
    assert 'New territory, as a draft: "Casalpusterlengo".' in out
    assert "Stories to create as drafts: 1\n" in out
    assert out.rstrip().endswith("Dry run: nothing was written.")
    assert "Checking [" in err and "Importing" not in err


def test_progress_is_shown_on_stderr_and_quiet_at_verbosity_zero(tmp_path):
    path = write_csv(tmp_path, [story_row(), story_row(title="Seconda rete")])
    out, err = run(path, "--dry-run", verbosity=0)
    assert (out, err) == ("", "")
    out, err = run(path)
    assert "Checking [" + "#" * 30 + "] 2/2\n" in err
    assert "\rImporting [" + "#" * 15 + "-" * 15 + "] 1/2" in err
    assert "Importing [" + "#" * 30 + "] 2/2\n" in err
    assert "Stories created as drafts: 2" in out


# --- Text stays text ---------------------------------------------------------------------


def test_markup_in_cells_is_shown_escaped_never_run(tmp_path, english):
    run(
        write_csv(
            tmp_path,
            [
                story_row(
                    title="<b>Rete</b> & co",
                    lead_partner="<i>Ente</i>",
                    summary_it="<script>alert('it')</script> Una rete che prova.",
                    summary_en="<script>alert('en')</script> A network that tries.",
                )
            ],
        )
    )
    story = imported("<b>Rete</b> & co")
    assert story.summary.startswith("<script>")  # stored as the text it is
    italian_html = story.make_preview_request().content.decode()
    english_html = story.get_translation(english).make_preview_request().content.decode()
    assert "&lt;script&gt;alert(&#x27;it&#x27;)&lt;/script&gt;" in italian_html
    assert "&lt;b&gt;Rete&lt;/b&gt; &amp; co" in italian_html
    assert "&lt;i&gt;Ente&lt;/i&gt;" in italian_html
    assert "&lt;script&gt;alert(&#x27;en&#x27;)&lt;/script&gt;" in english_html
    for html in (italian_html, english_html):
        assert "<script>alert" not in html
        assert "<b>Rete</b>" not in html
        assert "<i>Ente</i>" not in html


# --- Bad rows -----------------------------------------------------------------------------

TOO_LONG = "x" * 256


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        ({"title": ""}, '"title" is empty.'),
        ({"summary_it": " "}, '"summary_it" is empty.'),
        ({"programme": ""}, '"programme" is empty.'),
        (
            {"programme": "Welfare in Pausa"},
            'Unknown programme "Welfare in Pausa": the import does not create programmes '
            "(known: WILL – Welfare Innovation Local Lab, Welfare in Azione).",
        ),
        (
            {"edition": "2015"},
            '"edition" 2015 is neither the number nor the year of an edition of Welfare in '
            "Azione (editions: 1 (2014), 2, 3 (2016), 4).",
        ),
        ({"edition": "prima"}, '"edition" prima is neither the number nor the year'),
        (
            {"programme": "WILL – Welfare Innovation Local Lab", "edition": "1"},
            '"edition" 1 is neither the number nor the year of an edition of '
            "WILL – Welfare Innovation Local Lab (editions: none).",
        ),
        ({"start_year": "duemila"}, '"start_year" is not a year: "duemila".'),
        ({"end_year": "1899"}, '"end_year" 1899 is not between 1950 and'),
        ({"start_year": "20155"}, '"start_year" 20155 is not between 1950 and'),
        (
            {"start_year": "2018", "end_year": "2016"},
            "The end year 2016 comes before the start year 2018.",
        ),
        (
            {"funding_eur": "molti", "funding_source": "Bando", "funding_date": "2015-01-01"},
            '"funding_eur" is not an amount in euro: "molti".',
        ),
        (
            {"funding_eur": "-5", "funding_source": "Bando", "funding_date": "2015-01-01"},
            '"funding_eur" cannot be negative: "-5".',
        ),
        (
            {"funding_eur": "1500,505", "funding_source": "Bando", "funding_date": "2015-01-01"},
            '"funding_eur" must be less than 1000000000000, with at most two decimals',
        ),
        (
            {"funding_date": "31/02/2015"},
            '"funding_date" is not a date (YYYY-MM-DD or DD/MM/YYYY): "31/02/2015".',
        ),
        ({"funding_date": "2015/01/31"}, '"funding_date" is not a date'),
        (
            {"hashtags": "Comunità;#Solidarietà"},
            'Unknown hashtag "#Solidarietà" (known: #Comunità, #Innovazione, #Partnership, '
            "#Risorse).",
        ),
        (
            {"lead_partner": "Comune di Crema; Comune di Cremona"},
            '"lead_partner" names more than one organisation.',
        ),
        ({"title": TOO_LONG}, '"title" is longer than 255 characters (256).'),
        ({"summary_it": "x" * 401}, '"summary_it" is longer than 400 characters (401).'),
        ({"summary_en": "x" * 401}, '"summary_en" is longer than 400 characters (401).'),
        ({"partners": "Ente;" + "x" * 201}, '"partners" is longer than 200 characters (201).'),
        ({"lead_partner": "x" * 201}, '"lead_partner" is longer than 200 characters (201).'),
        ({"territories": TOO_LONG}, '"territories" is longer than 255 characters (256).'),
        ({"funding_source": "x" * 201}, '"funding_source" is longer than 200 characters'),
    ],
)
def test_a_bad_row_is_reported_with_its_line_and_nothing_is_imported(tmp_path, cells, reason):
    path = write_csv(
        tmp_path,
        [
            story_row(title="Riga buona", territories="Casalpusterlengo", partners="Ente Nuovo"),
            story_row(**cells),
        ],
    )
    before = counts()
    error, err = run_failing(path)
    assert f"Line 3: {reason}" in err
    assert "Line 2" not in err
    assert error == "1 bad row: nothing was imported."
    assert counts() == before


@pytest.mark.parametrize("missing", ["funding_source", "funding_date"])
def test_an_amount_without_source_or_date_is_imported_with_a_note_to_complete(tmp_path, missing):
    cells = {"funding_eur": "1500000", "funding_source": "Bando", "funding_date": "2015-01-01"}
    cells[missing] = ""
    path = write_csv(tmp_path, [story_row(title="Fondi da completare", **cells)])
    out, _err = run(path)
    assert (
        f'Line 2, to complete: "{missing}" is empty: add it before publishing, as an amount '
        "needs its source and date." in out
    )
    story = imported("Fondi da completare")
    assert story.funding_eur == 1500000
    assert not story.live


def csv_line(*cells):
    buffer = StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue()


def test_every_bad_row_is_reported_with_the_files_line_numbers(tmp_path):
    good = story_row(title="Riga buona")
    path = write_bytes(
        tmp_path,
        (
            header_line()
            + csv_line(*good.values())
            # A cell over two lines: the next row starts on line 5.
            + csv_line(*story_row(title="Rete\nsu due righe").values())
            + "\n"  # blank lines are skipped, but counted
            + csv_line(*story_row(title="").values())
            + csv_line("Cella in più", *story_row(title="Altra").values())
            + csv_line(*story_row(start_year="2021", end_year="2020", hashtags="Ignoto").values())
            + csv_line(*story_row(title="rete di PROVA").values())
        ).encode(),
    )
    before = counts()
    error, err = run_failing(path)
    assert counts() == before
    assert err.splitlines() == [
        'Line 6: "title" is empty.',
        "Line 7: It has 15 cells, the header has 14 columns.",
        "Line 8: The end year 2020 comes before the start year 2021.",
        'Line 8: Unknown hashtag "Ignoto" (known: #Comunità, #Innovazione, #Partnership, '
        "#Risorse).",
    ]
    assert error == "3 bad rows: nothing was imported."


def test_a_title_repeated_in_the_file_is_a_bad_row(tmp_path):
    path = write_csv(
        tmp_path,
        [story_row(), story_row(title="Altra rete"), story_row(title=" rete  DI prova ")],
    )
    error, err = run_failing(path)
    assert err.strip() == "Line 4: Same title and programme as line 2."
    assert not StoryPage.objects.filter(title="Altra rete").exists()


# --- Files that cannot be read -------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"\xef\xbb\xbf\n\n", "The file is empty."),
        (header_line().encode(), "The file has a header but no stories."),
        (
            b"title,programme,summary_it\nRete,Welfare in Azione,Sommario\n",
            "The header lacks the columns: edition, start_year, end_year, territories, "
            "lead_partner, partners, funding_eur, funding_source, funding_date, hashtags, "
            "summary_en.",
        ),
        (
            (header_line().strip() + ",budget,\n").encode(),
            "The header has columns the import does not know: budget, (column 16, without a name).",
        ),
        (
            (header_line().strip() + ",title\n").encode(),
            "The header names these columns more than once: title.",
        ),
        (
            b"Caro redattore,\necco le storie.\n",
            "Line 1 is not the header of a story file. The columns are: title, programme,",
        ),
        (
            (header_line() + "Rete,Welfare in Azione\n" + "Città,Welfare in Azione\n").encode(
                "latin-1"
            ),
            'The file is not UTF-8 text (line 3): save it from the spreadsheet as "CSV UTF-8".',
        ),
        (
            b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml",
            'This is a spreadsheet workbook, not a CSV file: save it from the spreadsheet as "CSV',
        ),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "This is not a CSV text file"),
        (
            (header_line() + 'Rete,"Welfare in Azione\n').encode(),
            "Line 2 is not valid CSV (unexpected end of data).",
        ),
    ],
)
def test_a_file_that_cannot_be_read_gives_a_clear_error(tmp_path, data, message):
    before = counts()
    error, _ = run_failing(write_bytes(tmp_path, data))
    assert error.startswith(f"{tmp_path / 'stories.csv'}: ")
    assert message in error
    assert counts() == before


def test_a_missing_file_gives_a_clear_error(tmp_path):
    error, _ = run_failing(tmp_path / "nowhere.csv")
    assert error == f"Cannot read {tmp_path / 'nowhere.csv'}: No such file or directory"


@pytest.mark.parametrize(
    ("encoding", "delimiter"), [("utf-8-sig", ","), ("utf-8", ";"), ("utf-8-sig", "\t")]
)
def test_bom_and_the_delimiters_spreadsheets_use_are_read(tmp_path, encoding, delimiter):
    path = write_csv(
        tmp_path,
        [story_row(title="Rete di Città", territories=" Milano ;;Monza; ")],
        encoding=encoding,
        delimiter=delimiter,
    )
    run(path)
    story = imported("Rete di Città")
    assert [link.territory.title for link in story.territory_links.all()] == ["Milano", "Monza"]


# --- All or nothing when saving fails -------------------------------------------------------


def test_a_write_failing_midway_rolls_everything_back(tmp_path):
    def full_disk_on_the_second_story(sender, instance, **kwargs):
        if instance.title == "Seconda rete":
            raise DatabaseError("disk full")

    path = write_csv(
        tmp_path,
        [
            story_row(territories="Casalpusterlengo", partners="Ente Nuovo"),
            story_row(title="Seconda rete"),
        ],
    )
    before = counts()
    pre_save.connect(full_disk_on_the_second_story, sender=StoryPage)
    try:
        error, _ = run_failing(path)
    finally:
        pre_save.disconnect(full_disk_on_the_second_story, sender=StoryPage)
    assert error == "Line 3 could not be saved: disk full Nothing was imported."
    assert counts() == before
    assert not Organisation.objects.filter(name="Ente Nuovo").exists()
    assert not TerritoryPage.objects.filter(title="Casalpusterlengo").exists()
    assert not StoryPage.objects.filter(title="Rete di prova").exists()


# --- Plain functions ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Comune di Crema", "municipality"),
        ("Unione dei Comuni della Bassa", "municipality"),
        ("Fondazione Comunitaria di Lecco", "foundation"),
        ("Università degli Studi di Pavia", "university"),
        ("Consorzio Sol.co Cremona", "consortium"),
        ("Cooperativa sociale Il Sole", "cooperative"),
        ("Il Sole Società Cooperativa Sociale", "cooperative"),
        ("Provincia di Cremona", "public_body"),
        ("ATS Val Padana", "public_body"),
        ("Servizi Digitali S.r.l.", "company"),
        ("Confcooperative Cremona", "association"),
        ("Associazione Il Ponte", "association"),
        ("Gruppo di cittadini", "association"),
    ],
)
def test_the_kind_of_a_new_organisation_is_guessed_from_its_name(name, kind):
    assert guess_organisation_kind(name) == kind


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1500000", "1500000"),
        ("1.500.000", "1500000"),
        ("1.500.000,50", "1500000.50"),
        ("1,500,000.50", "1500000.50"),
        ("€ 1 500 000", "1500000"),
        ("1500000,5", "1500000.5"),
        ("1500.25", "1500.25"),
        ("15000 EUR", "15000"),
    ],
)
def test_amounts_are_read_as_spreadsheets_write_them(text, amount):
    assert parse_amount(text) == Decimal(amount)


@pytest.mark.parametrize(
    ("text", "date"),
    [("2014-12-31", (2014, 12, 31)), ("31/12/2014", (2014, 12, 31)), ("5/1/2015", (2015, 1, 5))],
)
def test_dates_are_iso_or_italian(text, date):
    assert parse_date(text) == datetime.date(*date)


# --- Matching what the site already has (the sample spreadsheet) ---------------------------

SAMPLE = Path(__file__).parent / "data" / "projects.csv"


def test_the_sample_spreadsheet_adds_no_duplicate_story_or_place(italian):
    """The sample file names the Wel(l)FARE legami story again under a shorter title, and
    places by the names of their towns (Cremona, Rho, Lodi): nothing is made twice."""
    before = counts()
    territories_before = TerritoryPage.objects.count()
    out, _ = run(SAMPLE, "--dry-run")
    assert counts() == before
    assert (
        'Line 2: "Wel(l)FARE legami" is close to the existing story "Wel(l)FARE legami: nel '
        'Cremonese il welfare riparte dalle relazioni" (Welfare in Azione): did you mean that '
        "one? Skipped; to create it all the same, run again with --allow-similar."
    ) in out
    # What each cell matched.
    assert 'Line 2, territories: "Cremona" → Provincia di Cremona (alternative name)' in out
    assert 'Line 3, territories: "Rho" → Rhodense (alternative name)' in out
    assert 'Line 4, territories: "Lodi" → Lodigiano (alternative name)' in out
    assert 'Line 8, territories: "Milano" → Milano (title)' in out
    assert 'Line 6, territories: "Sondrio" → new, to be created' in out
    assert 'Line 2, lead_partner: "Comune di Cremona" → Comune di Cremona (name)' in out
    assert 'Line 3, hashtags: "Comunità" → #Comunità (title)' in out
    assert "Stories to create as drafts: 6\n" in out
    assert "Stories skipped as close to an existing one: 1\n" in out
    assert "Organisations to create: 0\n" in out
    assert "Territories to create as drafts: 1\n" in out  # Sondrio

    out, _ = run(SAMPLE)
    assert "Stories created as drafts: 6\n" in out
    assert "Territories created as drafts: 1\n" in out
    assert TerritoryPage.objects.count() == territories_before + 2  # Sondrio, it and en
    assert StoryPage.objects.filter(locale=italian, title__icontains="legami").count() == 1
    rho = imported("#Oltreperimetri").territory_links.get().territory
    assert rho.slug == "rhodense"
    for name in ("Cremona", "Rho", "Lodi"):
        assert not TerritoryPage.objects.filter(title__iexact=name).exists()

    after = counts()
    out, _ = run(SAMPLE)
    assert counts() == after
    assert "Stories created as drafts: 0\n" in out
    assert "Stories already present: 6\n" in out
    assert "Stories skipped as close to an existing one: 1\n" in out


def test_a_close_title_is_created_only_when_allowed(tmp_path, italian):
    path = write_csv(tmp_path, [story_row(title="Wel(l)Fare Legami", territories="cremona")])
    before = counts()
    out, _ = run(path)
    assert counts() == before
    assert "did you mean that one?" in out
    assert "Stories created as drafts: 0\n" in out

    out, _ = run(path, "--allow-similar")
    assert "created all the same as --allow-similar was given" in out
    story = imported("Wel(l)Fare Legami")
    assert story.territory_links.get().territory.slug == "provincia-di-cremona"


def test_places_are_matched_by_alternative_name_or_istat_code_whatever_the_accents(tmp_path):
    path = write_csv(
        tmp_path,
        [
            story_row(
                # Accents, case and a repeat of one place under two of its names.
                territories="RHÒ; rhodense; Lodì; 015146; 019; Provincia di Cremona",
                partners="comunita sociale cremasca",
            )
        ],
    )
    before = Organisation.objects.count()
    out, _ = run(path)
    assert "Territories created as drafts: 0" in out
    assert Organisation.objects.count() == before
    story = imported("Rete di prova")
    assert [link.territory.slug for link in story.territory_links.all()] == [
        "rhodense",
        "lodigiano",
        "milano",
        "provincia-di-cremona",
    ]
    assert story.partner_links.get().organisation.name == "Comunità sociale Cremasca"


def test_an_unknown_istat_code_is_a_bad_row(tmp_path):
    error, err = run_failing(write_csv(tmp_path, [story_row(territories="Milano; 999999")]))
    assert 'Line 2: No territory has the ISTAT code "999999".' in err
    assert "1 bad row: nothing was imported." in error


@pytest.mark.parametrize("language", ["it", "en"])
def test_demo_territories_carry_the_names_of_their_towns(language):
    places = TerritoryPage.objects.filter(locale__language_code=language)
    names = {
        place.translation_key: place.alternative_name_list
        for place in places
        if place.alternative_names
    }
    italian = {
        page.translation_key: page.slug
        for page in TerritoryPage.objects.filter(
            translation_key__in=names, locale__language_code="it"
        )
    }
    assert {italian[key]: value for key, value in names.items()} == {
        "provincia-di-cremona": ["Cremona"],
        "cremasco": ["Crema"],
        "rhodense": ["Rho"],
        "lodigiano": ["Lodi"],
        "magentino": ["Magenta"],
    }


def test_an_alternative_name_names_one_territory_only(italian):
    magentino = TerritoryPage.objects.get(locale=italian, slug="magentino")
    magentino.alternative_names = "Magenta\n  RHO \n\nMagenta"
    with pytest.raises(ValidationError) as error:
        magentino.full_clean()
    assert error.value.message_dict["alternative_names"] == [
        "“RHO” already names the territory “Rhodense”."
    ]
    magentino.alternative_names = "Magenta;Corbetta\nmagenta"
    magentino.full_clean()
    assert magentino.alternative_names == "Magenta\nCorbetta"


def test_names_are_folded_and_titles_compared():
    assert fold("  Comunità   SOCIALE ") == fold("comunita sociale")
    assert fold("Reggio–Emilia") == fold("reggio-emilia")
    assert fold("Sant’Angelo") == fold("Sant'Angelo")
    assert split_names("Rho; rho\nPero ;") == ["Rho", "Pero"]
    existing = "Wel(l)FARE legami: nel Cremonese il welfare riparte dalle relazioni"
    assert title_similarity("Wel(l)FARE legami", existing) == 1
    assert title_similarity("Wellfare legami", existing) >= SIMILAR_TITLE_RATIO
    assert title_similarity("Living Land", "Welfare per tutti") < SIMILAR_TITLE_RATIO
    assert closest_title("Welfare per tutti", [existing, "Living Land"]) == (None, 0)


def test_an_istat_code_without_its_leading_zeros_matches_when_only_one_place_reads_so(tmp_path):
    # Spreadsheets write "019" (Provincia di Cremona) as 19 and "15146" for Milan's 015146;
    # 3 reads as both Lombardy ("03") and the Province of Novara ("003").
    path = write_csv(tmp_path, [story_row(territories="19; 15146")])
    run(path)
    story = imported("Rete di prova")
    assert [link.territory.slug for link in story.territory_links.all()] == [
        "provincia-di-cremona",
        "milano",
    ]
    error, err = run_failing(write_csv(tmp_path, [story_row(title="Altra rete", territories="3")]))
    assert 'No territory has the ISTAT code "3".' in err


def test_close_titles_within_one_file_are_caught_too(tmp_path, italian):
    path = write_csv(
        tmp_path,
        [
            story_row(title="Rete delle botteghe solidali"),
            story_row(title="Rete delle Botteghe Solidali!"),
        ],
    )
    out, _ = run(path)
    assert "did you mean that one?" in out
    found = StoryPage.objects.filter(locale=italian, title__istartswith="Rete delle botteghe")
    assert [story.title for story in found] == ["Rete delle botteghe solidali"]
