"""Exit 0 when the app server on this machine answers /healthz/serving/ with 200, 1 otherwise
(it can serve pages: its database answers; a Redis outage only slows it).

Used by the Dockerfile's HEALTHCHECK and compose. It asks for the first host of
ALLOWED_HOSTS (Django refuses any other) over the port gunicorn listens on (PORT), and says
the request came over https, as the proxy in front does, so SECURE_SSL_REDIRECT does not
answer with a redirect.
"""

import http.client
import os
import sys


def main():
    hosts = [host.strip() for host in os.environ.get("ALLOWED_HOSTS", "").split(",")]
    host = next((host.lstrip(".") for host in hosts if host and host != "*"), "localhost")
    connection = http.client.HTTPConnection(
        "127.0.0.1", int(os.environ.get("PORT", "8000")), timeout=5
    )
    try:
        connection.request(
            "GET", "/healthz/serving/", headers={"Host": host, "X-Forwarded-Proto": "https"}
        )
        status = connection.getresponse().status
    except OSError as error:
        print(f"healthz: {error}", file=sys.stderr)
        return 1
    finally:
        connection.close()
    if status != 200:
        print(f"healthz: HTTP {status}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
