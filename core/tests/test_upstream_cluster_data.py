"""Revisions read back with their foreign keys checked in bulk (core/cluster_data.py, used by
the site's page types) give what modelcluster gives, in fewer queries (docs/upstream.md)."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from modelcluster.models import ClusterableModel, model_from_serializable_data
from wagtail.models import Revision

from stories.models import StoryPage
from tests.upstream import assert_unchanged

pytestmark = pytest.mark.django_db

# django-modelcluster 6.5.
UPSTREAM = [
    (
        model_from_serializable_data,
        "d46c7404b873fc2982cb6877635b8be4a23f7fe3b5f7cc70aedc7b1b0608c514",
        "core.cluster_data (its handling of dangling keys repeats this function's)",
    ),
    (
        ClusterableModel.from_serializable_data,
        "6780d94096f2e41ab0537b2225a4a20a05d62669e34a299b8d0466dfd2b1c7b3",
        "core.cluster_data (children are strict, the top object as asked)",
    ),
]


@pytest.mark.parametrize(("upstream", "expected", "ours"), UPSTREAM)
def test_modelcluster_is_unchanged(upstream, expected, ours):
    assert_unchanged(upstream, expected, ours)


def read_back(model, content, ours=True, **kwargs):
    """The object as ours or modelcluster's own reading builds it, and its queries."""
    with CaptureQueriesContext(connection) as queries:
        if ours:
            obj = model.from_serializable_data(content, **kwargs)
        else:
            obj = ClusterableModel.from_serializable_data.__func__(model, content, **kwargs)
    data = None if obj is None else json.dumps(obj.serializable_data(), default=str, sort_keys=True)
    return data, len(queries)


def test_every_demo_page_revision_reads_back_as_modelcluster_reads_it():
    revisions = Revision.objects.page_revisions().select_related("content_type")
    assert revisions.count() > 50
    ours_total = theirs_total = 0
    for revision in revisions:
        model = revision.content_type.model_class()
        ours, ours_queries = read_back(model, revision.content)
        theirs, theirs_queries = read_back(model, revision.content, ours=False)
        assert ours == theirs, revision.pk
        ours_total += ours_queries
        theirs_total += theirs_queries
    assert ours_total < theirs_total * 0.6


def test_dangling_keys_are_nulled_or_dropped_as_modelcluster_does():
    story = StoryPage.objects.filter(territory_links__isnull=False, lead_partner__isnull=False)[0]
    content = dict(story.latest_revision.content)
    gone = {"territory": 10**9}
    content["territory_links"] = [content["territory_links"][0] | gone] + content["territory_links"]
    content["lead_partner"] = 10**9
    for strict in (False, True):
        ours, _queries = read_back(StoryPage, content, strict_fks=strict)
        theirs, _queries = read_back(StoryPage, content, ours=False, strict_fks=strict)
        assert ours == theirs
    rebuilt = StoryPage.from_serializable_data(content)
    assert rebuilt.lead_partner_id is None
    assert len(rebuilt.territory_links.all()) == len(
        story.latest_revision.content["territory_links"]
    )
