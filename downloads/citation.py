"""A report's citation: the suggested text on its page, BibTeX and RIS downloads."""

import re

from core.names import one_line

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


def details(report, authors=None, publishers=None, language=None):
    """What a citation needs: the author names (the publishers when the report names
    no author), the publishers, the year, the title."""
    if authors is None:
        authors = report.authors.all()
    if publishers is None:
        publishers = [
            link.organisation for link in report.publishers.select_related("organisation")
        ]
    publisher_names = [one_line(organisation.name) for organisation in publishers]
    author_names = [one_line(author.name) for author in authors]
    return {
        "authors": author_names,
        "publishers": publisher_names,
        "year": report.publication_date.year if report.publication_date else None,
        "title": one_line(report.title),
        "language": language or report.locale.language_code,
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
    if not data["authors"]:
        lines += [("A2", name) for name in data["publishers"]]
    lines.append(("TI", data["title"]))
    lines += [("PB", name) for name in data["publishers"]]
    if data["year"]:
        lines.append(("PY", str(data["year"])))
    if report.publication_date:
        lines.append(("DA", report.publication_date.strftime("%Y/%m/%d")))
    lines += [("UR", permalink), ("Y2", accessed.strftime("%Y/%m/%d")), ("LA", data["language"])]
    lines.append(("ER", ""))
    # RIS wants "TAG  - value" lines ending with CR LF.
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines)
