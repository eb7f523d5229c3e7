"""One line per log event on standard output, for whatever collects the logs (journald,
Docker, a log shipper): ``LOG_FORMAT=text`` (the default) writes ``key=value`` pairs,
``LOG_FORMAT=json`` one JSON object per line. A traceback stays on the event's line (its
line breaks escaped), so an error is never split across lines. Used by Django's logging
(site_cms/settings/log_config.py) and by gunicorn's (deploy/gunicorn.conf.py)."""

import json
import logging
from datetime import UTC, datetime


class OneLineFormatter(logging.Formatter):
    def __init__(self, *args, style="%", output="text", **kwargs):
        super().__init__(*args, style=style, **kwargs)
        self.output = output

    def fields(self, record):
        fields = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            fields["traceback"] = self.formatException(record.exc_info)
        elif record.exc_text:
            fields["traceback"] = record.exc_text
        if record.stack_info:
            fields["stack"] = self.formatStack(record.stack_info)
        return fields

    def format(self, record):
        fields = self.fields(record)
        if self.output == "json":
            return json.dumps(fields, ensure_ascii=False, default=str)
        return " ".join(f"{key}={self.quote(value)}" for key, value in fields.items())

    @staticmethod
    def quote(value):
        text = str(value)
        if text and not any(character in text for character in ' "=\\\n\r\t'):
            return text
        escaped = (
            text.replace("\\", "\\\\")
            .replace('"', '\\"')
            .replace("\n", "\\n")
            .replace("\r", "\\r")
            .replace("\t", "\\t")
        )
        return f'"{escaped}"'
