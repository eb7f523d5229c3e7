from django.urls import path, register_converter

from .views import report_citation, report_file, report_page


class CodeConverter:
    # Wider than a real code, so that a mistyped one reaches the view and its own 404.
    regex = "[0-9A-Za-z]{1,20}"

    def to_python(self, value):
        return value.upper()

    def to_url(self, value):
        return value


class LanguageConverter:
    regex = "[a-z]{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(CodeConverter, "report_code")
register_converter(LanguageConverter, "file_language")

app_name = "permalinks"
urlpatterns = [
    path("<report_code:code>/", report_page, name="page"),
    path("<report_code:code>/report/", report_file, {"kind": "report"}, name="report"),
    path(
        "<report_code:code>/report/<file_language:language>/",
        report_file,
        {"kind": "report"},
        name="report_in",
    ),
    path("<report_code:code>/abstract/", report_file, {"kind": "abstract"}, name="abstract"),
    path(
        "<report_code:code>/abstract/<file_language:language>/",
        report_file,
        {"kind": "abstract"},
        name="abstract_in",
    ),
    path("<report_code:code>/cite.bib", report_citation, {"citation_format": "bib"}, name="bib"),
    path("<report_code:code>/cite.ris", report_citation, {"citation_format": "ris"}, name="ris"),
]
