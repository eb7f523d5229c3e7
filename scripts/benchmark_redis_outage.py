"""What a Redis that is down or does not answer adds to a request.

Target: at most 1 s more than the same request with a working cache, for the pages that
readers, partners and editors use, and nothing more once the circuit is open (the cache
then skips Redis for ``REDIS_RETRY_SECONDS``: core/cache_backends.py).

Builds the demo once (scripts/demo_site.py) and serves it three times, with the page cache
off so that every request renders: with the database cache (the baseline); with REDIS_URL at
a closed port; with REDIS_URL at a server that accepts connections and never answers. With
Redis failing, each measured request comes after the pause (``REDIS_RETRY_SECONDS=1``, and
1.2 s between requests), so it meets the failure itself: the worst case. Then, with a long
pause, the requests that skip Redis while the circuit is open. Each figure is the median of
``--rounds`` requests after one warm-up. Exits with status 1 when a target is missed.

    .venv/bin/python scripts/benchmark_redis_outage.py
"""

import argparse
import statistics
import sys
import tempfile
import time
import urllib.error
import urllib.request

from demo_site import DemoSite
from failing_redis import HangingServer, closed_port

MAX_EXTRA_SECONDS = 1.0
PAGES = {
    "home": lambda site: site.pages["home"]["it"],
    "story": lambda site: site.pages["story"]["it"],
    "report": lambda site: site.pages["report"]["it"],
    "proposal form": lambda site: site.pages["proposal"]["it"],
    "search": lambda site: site.pages["search"]["it"] + "?q=comunita",
    "API": lambda site: "/api/v2/pages/?locale=it&type=stories.StoryPage",
    "data file": lambda site: "/data/stories.json",
    "admin sign-in": lambda site: "/admin/login/",
}


def seconds(site, path):
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(site.url(path), timeout=30) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return time.perf_counter() - started, status


def measure(site, rounds, spacing=0.0):
    """{page: (median seconds, status)}, with ``spacing`` seconds before each request."""
    results = {}
    for name, path_of in PAGES.items():
        path = path_of(site)
        seconds(site, path)
        timings = []
        for _ in range(rounds):
            time.sleep(spacing)
            timings.append(seconds(site, path))
        results[name] = (statistics.median(t for t, _ in timings), timings[-1][1])
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    hanging = HangingServer()
    scenarios = {}
    with tempfile.TemporaryDirectory(prefix="welfare-outage-seed-") as seed:
        with DemoSite(environment={"PAGE_CACHE": "off"}) as site:
            scenarios["database cache"] = measure(site, rounds)
            site.save_seed(seed)
        for name, url, retry, spacing in (
            ("Redis down, after the pause", f"redis://127.0.0.1:{closed_port()}/0", "1", 1.2),
            ("Redis hanging, after the pause", hanging.url, "1", 1.2),
            ("Redis hanging, circuit open", hanging.url, "600", 0),
        ):
            environment = {"PAGE_CACHE": "off", "REDIS_URL": url, "REDIS_RETRY_SECONDS": retry}
            with DemoSite(seed=seed, environment=environment) as site:
                scenarios[name] = measure(site, rounds, spacing)
                if any(status >= 500 for _, status in scenarios[name].values()):
                    print(f"Server errors with {name}:\n{site.server_log()}", file=sys.stderr)
    hanging.close()

    baseline = scenarios["database cache"]
    names = list(scenarios)
    print(f"{'page':<16}" + "".join(f"{name:>32}" for name in names))
    failed = []
    for page in PAGES:
        cells = []
        for name in names:
            median, status = scenarios[name][page]
            extra = median - baseline[page][0]
            cells.append(f"{median * 1000:8.0f} ms ({extra * 1000:+6.0f}) {status}")
            if status >= 500 or extra > MAX_EXTRA_SECONDS:
                failed.append(f"{page} with {name}: {status}, {extra * 1000:+.0f} ms")
        print(f"{page:<16}" + "".join(f"{cell:>32}" for cell in cells))
    print(f"Target: at most {MAX_EXTRA_SECONDS * 1000:.0f} ms more than with the database cache.")
    for failure in failed:
        print("FAIL", failure)
    print("FAIL" if failed else "PASS")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
