"""The demo site's "propose your story" page, built by ``demo.loader``."""

from proposals.models import ProposalPage


def add_proposal_page(loader, data):
    """Add the Italian page under the home (once); the loader translates it into English
    with wagtail-localize like every other page. ``data`` is ``content.PROPOSAL_PAGE``."""
    page = ProposalPage(
        title=loader.it(data["title"]),
        slug=loader.it(data["slug"]),
        intro=loader.it(data["intro"]),
        thank_you_message=loader.it(data["thank_you_message"]),
        privacy_note=loader.paragraphs(data["privacy_note"]),
        search_description=loader.it(data["search_description"]),
    )
    return loader.add_page(loader.home, page)[0]
