"""Editorial groups and the moderation workflow, created by migrations."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, WorkflowPage

pytestmark = pytest.mark.django_db


def page_permissions(group):
    return set(group.page_permissions.values_list("permission__codename", flat=True))


def test_editors_write_and_submit_but_do_not_publish():
    editors = Group.objects.get(name="Editors")
    assert {"add_page", "change_page"} <= page_permissions(editors)
    assert "publish_page" not in page_permissions(editors)
    assert editors.permissions.filter(codename="add_organisation").exists()


def test_moderators_publish():
    assert "publish_page" in page_permissions(Group.objects.get(name="Moderators"))


def test_translators_translate_but_do_not_publish():
    translators = Group.objects.get(name="Translators")
    assert translators.permissions.filter(codename="submit_translation").exists()
    assert translators.permissions.filter(codename="access_admin").exists()
    assert "change_page" in page_permissions(translators)
    assert "publish_page" not in page_permissions(translators)


def test_moderation_workflow_covers_the_whole_tree():
    root = Page.get_first_root_node()
    workflow = WorkflowPage.objects.get(page=root).workflow
    assert workflow.active
    task = workflow.tasks.get().specific
    assert task.groups.filter(name="Moderators").exists()
    story = Page.objects.filter(depth__gt=3).first()
    assert story.get_workflow() == workflow
