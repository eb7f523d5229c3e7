from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .admin_views import ProposalPermissionPolicy, StoryProposalViewSet
from .models import StoryProposal

register_permission_policy(StoryProposal, ProposalPermissionPolicy(StoryProposal))


@hooks.register("register_admin_viewset")
def register_story_proposals():
    return StoryProposalViewSet("story_proposals")
