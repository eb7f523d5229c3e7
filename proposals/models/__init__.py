"""The proposals app's models.

``proposals`` comes first: the page's routes use the views, whose form is a model form of
``StoryProposal`` (``proposals.forms`` imports it from ``.proposals``, which is loaded by then).
"""

from .pages import ProposalPage
from .proposals import ProposalStatus, StoryProposal, proposal_document_path

__all__ = ["ProposalPage", "ProposalStatus", "StoryProposal", "proposal_document_path"]
