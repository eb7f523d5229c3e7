"""A report's citation: the suggested text on its page, BibTeX and RIS downloads."""

import re

from django.utils.translation import gettext_lazy as _

from core.names import one_line
from stories.models import ReportPage

# Characters that mean something to TeX, written so that BibTeX prints them as they are.
TEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
TEX_PATTERN = re.compile("|".join(re.escape(char) for char in TEX_ESCAPES))


def tex(text):
    return TEX_PATTERN.sub(lambda match: TEX_ESCAPES[match.group()], text)


# Said after a title in another language than the citation's: "[in Italian]".
LANGUAGE_NOTES = {"it": _("in Italian"), "en": _("in English")}


def original_language(report):
    """The language the report is written in: its full report's, else its abstract's."""
    if report.full_report_id or not report.abstract_document_id:
        return report.full_report_language
    return report.abstract_language


def original_title(report, language, page_language):
    """The report's own title: a report written in one language has its title in that
    language only, so the other language's page cites the title of the live version in
    the report's language (one query), not the page's translation of it. None when that
    version is the page itself or is not live."""
    if language == page_language:
        return None
    titles = ReportPage.objects.live().filter(
        translation_key=report.translation_key, locale__language_code=language
    )
    return titles.values_list("title", flat=True).first()


def details(report, authors=None, publishers=None, language=None):
    """What a citation needs: the author names (the publishers when the report names
    no author), the publishers, the year, the title as the report gives it and, when that
    title is in another language than the citation (``language``, the page's), that
    language's code (``title_lang``), a note naming it and the page's translated title; and
    the language of the report itself."""
    if authors is None:
        authors = report.authors.all()
    if publishers is None:
        publishers = [
            link.organisation for link in report.publishers.select_related("organisation")
        ]
    page_language = language or report.locale.language_code
    report_language = original_language(report)
    title = original_title(report, report_language, page_language)
    foreign = title is not None
    return {
        "authors": [one_line(author.name) for author in authors],
        "publishers": [one_line(organisation.name) for organisation in publishers],
        "year": report.publication_date.year if report.publication_date else None,
        "title": one_line(title if foreign else report.title),
        "title_lang": report_language if foreign else "",
        "language_note": str(LANGUAGE_NOTES.get(report_language, "")) if foreign else "",
        "translated_title": one_line(report.title) if foreign and title != report.title else "",
        "language": report_language if foreign else page_language,
    }


def bibtex(report, permalink, accessed):
    data = details(report)
    fields = []
    if data["authors"]:
        fields.append(("author", " and ".join(tex(name) for name in data["authors"])))
    elif data["publishers"]:
        # Double braces: an organisation is one name, not "first name last name".
        fields.append(("author", " and ".join(f"{{{tex(name)}}}" for name in data["publishers"])))
    fields.append(("title", tex(data["title"])))
    if data["publishers"]:
        fields.append(("institution", tex(", ".join(data["publishers"]))))
    if data["year"]:
        fields.append(("year", str(data["year"])))
    fields += [
        ("url", permalink),
        ("urldate", accessed.isoformat()),
        ("language", "italian" if data["language"] == "it" else "english"),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@techreport{{{report.permanent_code.lower()},\n{body}\n}}\n"


def ris(report, permalink, accessed):
    data = details(report)
    lines = [("TY", "RPRT")]
    lines += [("AU", name) for name in data["authors"]]
    lines.append(("TI", data["title"]))
    if data["translated_title"]:
        lines.append(("TT", data["translated_title"]))
    # Organisations publish the report: one publisher field (reference managers keep only
    # one), never an editor or secondary author, even when the report names no author.
    if data["publishers"]:
        lines.append(("PB", ", ".join(data["publishers"])))
    if data["year"]:
        lines.append(("PY", str(data["year"])))
    if report.publication_date:
        lines.append(("DA", report.publication_date.strftime("%Y/%m/%d")))
    lines += [("UR", permalink), ("Y2", accessed.strftime("%Y/%m/%d")), ("LA", data["language"])]
    lines.append(("ER", ""))
    # RIS wants "TAG  - value" lines ending with CR LF.
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines)
