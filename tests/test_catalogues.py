"""Every user-facing string has an Italian and an English translation, compiled."""

from pathlib import Path

import polib
import pytest

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


@pytest.mark.parametrize("language", ["it", "en"])
def test_catalogue_is_complete_and_compiled(language):
    po_path = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
    catalogue = polib.pofile(str(po_path))
    assert len(catalogue) > 100
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    compiled = polib.mofile(str(po_path.with_suffix(".mo")))
    source = {(entry.msgid, entry.msgstr, str(entry.msgstr_plural)) for entry in catalogue}
    built = {(entry.msgid, entry.msgstr, str(entry.msgstr_plural)) for entry in compiled}
    assert built == source, "the .mo file is out of date: run `make messages`"


@pytest.mark.django_db
def test_italian_pages_speak_italian(client):
    response = client.get("/it/does-not-exist/")
    assert response.status_code == 404
    assert "Pagina non trovata" in response.content.decode()
    assert "Vai al contenuto" in response.content.decode()
