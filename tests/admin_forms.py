"""The data a browser posts from a page's editor, built from what the edit view serves.

Wagtail's ``querydict_from_html`` reads the form's inputs, but a StreamField's inputs are
drawn by JavaScript from its block definitions: they are rebuilt here from the page's value,
in the shape the blocks' ``value_from_datadict`` reads.
"""

from django.urls import reverse
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html


def block_data(block, form_state, prefix):
    """Flat form data for one block's form state (``block.get_form_state(value)``)."""
    data = {}
    if isinstance(block, blocks.StreamBlock):
        data[f"{prefix}-count"] = str(len(form_state))
        for index, child in enumerate(form_state):
            child_prefix = f"{prefix}-{index}"
            data[f"{child_prefix}-type"] = child["type"]
            data[f"{child_prefix}-deleted"] = ""
            data[f"{child_prefix}-order"] = str(index)
            data[f"{child_prefix}-id"] = child.get("id") or ""
            data |= block_data(
                block.child_blocks[child["type"]], child["value"], f"{child_prefix}-value"
            )
    elif isinstance(block, blocks.ListBlock):
        data[f"{prefix}-count"] = str(len(form_state))
        for index, child in enumerate(form_state):
            child_prefix = f"{prefix}-{index}"
            data[f"{child_prefix}-deleted"] = ""
            data[f"{child_prefix}-order"] = str(index)
            data[f"{child_prefix}-id"] = child.get("id") or ""
            data |= block_data(block.child_block, child["value"], f"{child_prefix}-value")
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            data |= block_data(child_block, form_state.get(name), f"{prefix}-{name}")
    elif isinstance(form_state, dict):
        # A chooser (image, document, page, snippet) posts the chosen object's id.
        data[prefix] = str(form_state.get("id") or "")
    elif isinstance(form_state, list):
        # A choice block's form state is the list of its chosen values (one here).
        data[prefix] = str(form_state[0]) if form_state else ""
    elif form_state is None:
        data[prefix] = ""
    else:
        data[prefix] = str(form_state)
    return data


def edit_form_data(client, page, **changes):
    """What the editor of ``page`` would post unchanged, with ``changes`` applied (field
    name or form key: value)."""
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    data = querydict_from_html(html, form_id="page-edit-form").dict()
    specific = page.specific
    for field in specific._meta.get_fields():
        if isinstance(field, StreamField):
            value = getattr(specific, field.name)
            data |= block_data(
                field.stream_block, field.stream_block.get_form_state(value), field.name
            )
    for key, value in data.items():
        # A textarea's first line break belongs to the markup, not to the value.
        if isinstance(value, str) and value.startswith("\n"):
            data[key] = value[1:]
    data.update(changes)
    return data


def add_inline_row(data, relation, **fields):
    """Add a row to the inline panel ``relation`` in posted editor ``data``."""
    index = int(data[f"{relation}-TOTAL_FORMS"])
    data[f"{relation}-TOTAL_FORMS"] = str(index + 1)
    row = {"id": "", "ORDER": str(index + 1), "DELETE": "", **fields}
    data |= {f"{relation}-{index}-{name}": value for name, value in row.items()}
    return data


def territory_form(**changes):
    """What the territory editor posts for a new territory, with ``changes`` applied."""
    return nested_form_data(
        {
            "title": "Sondrio",
            "slug": "sondrio",
            "seo_title": "",
            "search_description": "Sondrio, capoluogo della Valtellina: le storie di welfare "
            "che si svolgono in città.",
            "show_in_menus": "",
            "go_live_at": "",
            "expire_at": "",
            "kind": "",
            "region": "",
            "istat_code": "",
            "latitude": "",
            "longitude": "",
            "population": "",
            "population_year": "",
            "population_source": "",
            "description": "",
        }
        | changes
    )
