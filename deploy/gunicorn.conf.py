"""gunicorn's settings for the site: ``gunicorn -c deploy/gunicorn.conf.py site_cms.wsgi``.

Everything that changes between machines comes from the environment:

- ``BIND`` (``host:port``), else ``127.0.0.1:$PORT`` (port 8000 by default): behind a proxy
  on the same machine; in a container bind ``0.0.0.0:8000``.
- ``WEB_CONCURRENCY``: worker processes (2 by default; about 2-4 per core).
- ``GUNICORN_TIMEOUT``: seconds a request may take before its worker is restarted (30).
- ``FORWARDED_ALLOW_IPS``: addresses of the proxies whose ``X-Forwarded-Proto`` is trusted
  (``127.0.0.1`` by default; ``*`` when only the proxy can reach the server).
- ``LOG_LEVEL``, ``LOG_FORMAT``: as for the site; one line per event on standard output,
  the access log (one line per request) included.

Sync workers: every request is short (pages come from the fragment cache; documents are
streamed in chunks). A sync worker is held by its connection from the first byte to the
last, so gunicorn must never face clients directly: nginx in front (deploy/nginx/site.conf)
takes whole requests and whole answers, and slow clients wait on nginx, not on a worker.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.log_format import OneLineFormatter  # noqa: E402

wsgi_app = "site_cms.wsgi:application"
chdir = str(ROOT)
bind = [os.environ.get("BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"]
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# Connections kept open by the proxy in front between requests.
keepalive = 5
# A worker is replaced after this many requests (with some spread), so a slow leak in a
# library never grows without bound. A worker takes seconds to start, and answers a page from
# the page cache in under a millisecond: at 2,000 both workers restarted every few seconds
# under load, together, and the site stopped answering meanwhile. The wide spread keeps them
# from restarting at the same time.
max_requests = 50_000
max_requests_jitter = 10_000
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# No runtime control socket: its default path is shared by every gunicorn of the user.
control_socket_disable = True

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# The reader's address as the proxy saw it, the request line, status, bytes and time.
access_log_format = '%(h)s fwd="%({x-forwarded-for}i)s" "%(r)s" %(s)s %(B)s %(M)sms "%(a)s"'
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "one_line": {
            "()": OneLineFormatter,
            "output": os.environ.get("LOG_FORMAT", "text").strip().lower(),
        }
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "one_line",
        }
    },
    "root": {"level": "WARNING", "handlers": ["stdout"]},
    "loggers": {
        "gunicorn.error": {"level": loglevel.upper(), "handlers": ["stdout"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
    },
}
