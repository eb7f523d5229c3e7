"""The stories' results over time (``StoryPage.indicators``) in the open data: one list of
indicators per story, each with its baseline, target and measured values, every value with
its source. Names and sources come from the story in the source language, like the other
text fields of the export.

JSON gives the list as it is; a CSV cell holds the same list written as JSON, since a
story's indicators and values have no fixed number of columns.
"""

import json
from decimal import Decimal


def _number(value):
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _point(indicator, name):
    value, date = indicator.get(f"{name}_value"), indicator.get(f"{name}_date")
    if value is None or date is None:
        return None
    return {"value": _number(value), "date": date.isoformat()}


def story_indicators(story):
    """The indicators of ``story`` as plain JSON values."""
    return [
        {
            "name": block.value["name"],
            "unit": block.value["unit"],
            "baseline": _point(block.value, "baseline"),
            "target": _point(block.value, "target"),
            "values": [
                {
                    "date": item["date"].isoformat(),
                    "value": _number(item["value"]),
                    "source_name": item["source_name"],
                    "source_url": item["source_url"] or "",
                }
                for item in block.value["values"]
            ],
        }
        for block in story.indicators
        if block.block_type == "indicator"
    ]


class IndicatorList(list):
    """A story's indicators: a list in JSON, one JSON text in a CSV cell (empty when the
    story has none)."""

    def csv_text(self):
        return json.dumps(self, ensure_ascii=False, separators=(",", ":")) if self else ""


def indicators_value(record):
    return IndicatorList(story_indicators(record.source))
