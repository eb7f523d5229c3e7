"""Requests per second and p99 latency, measured with wrk on the production topology.

Builds the topology of scripts/topology.py (two gunicorn app servers behind Varnish, sharing
PostgreSQL, Redis and an S3 server) and runs wrk on:

- a story page through Varnish (kept in its cache after the first request);
- the same story straight from one gunicorn app server (Django renders it each time, with
  its fragments cached in Redis);
- the site's CSS file from that app server (WhiteNoise, compressed and hashed).

    .venv/bin/python scripts/benchmark_topology.py [--duration 10s] [--json results.json]

Needs Debian's wrk (apt-get install wrk) besides what the topology needs. Client and servers
share this machine's cores, so the numbers compare the three paths more than they measure
the servers alone.
"""

import argparse
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.topology import Topology, http_get  # noqa: E402

WRK = shutil.which("wrk") or "/usr/bin/wrk"
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def run_wrk(url, threads, connections, duration, timeout):
    """wrk's requests per second, p99 latency (ms), non-2xx/3xx answers and socket errors
    (timeouts included) for one address."""
    result = subprocess.run(
        [
            WRK,
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}",
            f"--timeout={timeout}",
            "--latency",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    output = result.stdout
    requests = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    value, unit = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors:(.*)$", output, re.M)
    return {
        "url": url,
        "requests_per_second": round(requests, 1),
        "p99_ms": round(float(value) * UNITS[unit], 2),
        "non_2xx_3xx": int(errors.group(1)) if errors else 0,
        "socket_errors": sum(map(int, re.findall(r"\d+", socket_errors.group(1))))
        if socket_errors
        else 0,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", default="10s", help="wrk's -d (default 10s)")
    parser.add_argument("--threads", type=int, default=2, help="wrk's -t (default 2)")
    parser.add_argument("--connections", type=int, default=8, help="wrk's -c (default 8)")
    parser.add_argument(
        "--timeout", default="10s", help="wrk's --timeout: slower answers count as errors"
    )
    parser.add_argument("--json", help="also write the results to this file")
    arguments = parser.parse_args()
    if not Path(WRK).exists():
        sys.exit("wrk is missing: apt-get install wrk")

    with Topology() as topology:
        story = topology.content["story"]["it"]
        status, _, body = http_get(topology.ports["a"], story)
        if status != 200:
            sys.exit(f"The story answers {status} on the app server.")
        css = re.search(rb'href="(/static/css/[^"]+\.css)"', body).group(1).decode()
        # Warm up: Varnish keeps the story, Redis the app server's fragments.
        for name in ("varnish", "a"):
            http_get(topology.ports[name], story)
        targets = {
            "story through Varnish (cached)": topology.url("varnish", story),
            "story straight from gunicorn": topology.url("a", story),
            "CSS from gunicorn (WhiteNoise)": topology.url("a", css),
        }
        results = {}
        for label, url in targets.items():
            results[label] = run_wrk(
                url, arguments.threads, arguments.connections, arguments.duration, arguments.timeout
            )
            print(
                f"{label:32} {results[label]['requests_per_second']:>9.1f} req/s   "
                f"p99 {results[label]['p99_ms']:>8.2f} ms   "
                f"non-2xx/3xx {results[label]['non_2xx_3xx']}   "
                f"socket errors {results[label]['socket_errors']}",
                flush=True,
            )
    settings = {
        "wrk": f"-t{arguments.threads} -c{arguments.connections} -d{arguments.duration} "
        f"--timeout={arguments.timeout} --latency",
        "web_concurrency": topology.web_concurrency,
    }
    if arguments.json:
        Path(arguments.json).write_text(json.dumps({"settings": settings, **results}, indent=2))
    failed = [
        label
        for label, result in results.items()
        if result["non_2xx_3xx"] or result["socket_errors"]
    ]
    if failed:
        sys.exit(f"Errors under load: {', '.join(failed)}")


if __name__ == "__main__":
    main()
