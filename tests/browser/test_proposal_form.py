"""A reader on a phone sends a story proposal in Chromium: mistakes come back with the
text typed and a summary of what to fix; a complete proposal with a real PDF is thanked."""

import pytest

from demo.pdf import build_pdf

try:
    from playwright.sync_api import expect
except ImportError:  # the chromium fixture skips (or fails under CI) with the reason
    expect = None

SUMMARY = (
    "Nel Casalasco una rete di comuni, cooperative e parrocchie apre sportelli di quartiere "
    "dove le famiglie trovano ascolto, un aiuto per le pratiche e un posto dove incontrarsi."
)


@pytest.mark.parametrize(
    ("language", "fix_first", "thanks"),
    [
        ("it", "Scrivi il tuo nome.", "Proposta inviata"),
        ("en", "Enter your name.", "Proposal sent"),
    ],
)
def test_a_reader_sends_a_proposal_from_a_phone(
    demo_site, open_page, tmp_path, language, fix_first, thanks
):
    page, problems = open_page(width=375)
    response = page.goto(demo_site.url(demo_site.pages["proposal"][language]))
    assert response.status == 200

    # A first try with the name missing: the summary of errors names it, the rest stays.
    page.fill("input[name=organisation]", "Cooperativa Il Ponte")
    page.fill("input[name=email]", "giulia@example.org")
    page.fill("input[name=territory]", "Casalasco")
    page.select_option("select[name=programme]", index=1)
    page.fill("textarea[name=summary]", SUMMARY)
    with page.expect_navigation():
        page.click("form.proposal-form button[type=submit]")
    expect(page.locator("body")).to_contain_text(fix_first)
    expect(page.locator("input[name=organisation]")).to_have_value("Cooperativa Il Ponte")
    expect(page.locator("textarea[name=summary]")).to_have_value(SUMMARY)
    expect(page.locator("input[name=name]")).to_have_attribute("aria-invalid", "true")

    # The honeypot sits off screen, out of people's sight.
    trap = page.locator("input[name=website]").bounding_box()
    assert trap["x"] + trap["width"] <= 0

    # Fixed, with a real PDF attached: sent and thanked.
    pdf = tmp_path / "progetto.pdf"
    pdf.write_bytes(
        build_pdf(
            title="Sportelli di quartiere",
            subtitle="Presentazione",
            meta_lines=["Cooperativa Il Ponte"],
            sections=[("Il progetto", ["Una presentazione del progetto."])],
            language="it",
            author="Cooperativa Il Ponte",
        )
    )
    page.fill("input[name=name]", "Giulia Rossi")
    page.set_input_files("input[name=document]", str(pdf))
    with page.expect_navigation():
        page.click("form.proposal-form button[type=submit]")
    expect(page.locator("h1")).to_contain_text(thanks)
    # The page fits a phone: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # The browser logs the first try's 400 answer; nothing else may go wrong.
    assert [message for message in problems.messages if "status of 400" not in message] == []
