"""Lighthouse budgets on a phone: 100 in accessibility, best practices and SEO, at least 95 in
performance, on the home page, a story, a territory page, the story explorer and a report, in
both languages.

Builds its own production-like demo site (scripts/demo_site.py: DEBUG off, compressed static
files, gzip-compressed HTML) and runs npm's `lighthouse` (pinned below; installed on first use
into .cache/lighthouse, outside package.json so that `make test` stays quick) with Debian's
Chromium, mobile emulation and Lighthouse's default simulated throttling. Prints a table of
scores, what cost points where a budget fails, and exits with status 1 when one does. The
full HTML and JSON reports are written to benchmarks/lighthouse/.

    .venv/bin/python scripts/benchmark_lighthouse.py
    .venv/bin/python scripts/benchmark_lighthouse.py --desktop
"""

import argparse
import json
import os
import shutil
import subprocess
import sys

from demo_site import CHROMIUM_ARGS, LANGUAGES, ROOT, DemoSite, chromium_path

# 12.x still runs on Debian bookworm's Node 18; 13.x needs Node 22.
LIGHTHOUSE_VERSION = "12.8.2"
LIGHTHOUSE_DIR = ROOT / ".cache" / "lighthouse"
REPORTS_DIR = ROOT / "benchmarks" / "lighthouse"
PAGES = {
    "home": "home",
    "story": "story",
    "territory": "territory",
    "explorer": "story_index",
    "report": "report",
}
BUDGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
METRICS = [
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "speed-index",
]


def lighthouse_command():
    """The pinned Lighthouse, installed into the cache folder when missing or outdated."""
    installed = LIGHTHOUSE_DIR / "node_modules" / "lighthouse" / "package.json"
    if not installed.exists() or json.loads(installed.read_text())["version"] != (
        LIGHTHOUSE_VERSION
    ):
        if shutil.which("npm") is None:
            sys.exit("npm is needed to install Lighthouse (apt-get install npm).")
        print(f"Installing lighthouse@{LIGHTHOUSE_VERSION} into {LIGHTHOUSE_DIR} …", flush=True)
        LIGHTHOUSE_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "npm",
                "install",
                "--prefix",
                str(LIGHTHOUSE_DIR),
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                f"lighthouse@{LIGHTHOUSE_VERSION}",
            ],
            check=True,
        )
    return [str(LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse")]


def run_lighthouse(command, url, report_name, desktop):
    output_path = REPORTS_DIR / report_name
    arguments = [
        *command,
        url,
        "--quiet",
        "--output=json",
        "--output=html",
        f"--output-path={output_path}",
        f"--only-categories={','.join(BUDGETS)}",
        f"--chrome-flags={' '.join(CHROMIUM_ARGS)}",
    ]
    if desktop:
        arguments.append("--preset=desktop")
    subprocess.run(arguments, check=True, env={**os.environ, "CHROME_PATH": chromium_path()})
    return json.loads(output_path.with_suffix(".report.json").read_text())


def lost_points(report, category):
    """The audits that cost points in a category, worst first."""
    audits = report["audits"]
    lines = []
    for reference in report["categories"][category]["auditRefs"]:
        audit = audits[reference["id"]]
        if reference["weight"] and audit["score"] is not None and audit["score"] < 1:
            value = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
            lines.append((audit["score"], f"{audit['id']}: {audit['title']}{value}"))
    return [line for _score, line in sorted(lines)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--desktop", action="store_true", help="desktop preset instead of the phone"
    )
    arguments = parser.parse_args()
    if not os.access(chromium_path(), os.X_OK):
        sys.exit(f"No Chromium at {chromium_path()} (apt-get install chromium, or CHROMIUM_PATH)")
    command = lighthouse_command()
    REPORTS_DIR.mkdir(parents=True, exist_ok=True)

    header = f"{'page':22}" + "".join(f"{name:>16}" for name in BUDGETS)
    rows, failures = [], []
    with DemoSite() as site:
        for label, page_type in PAGES.items():
            for language in LANGUAGES:
                path = site.pages[page_type][language]
                name = f"{label}-{language}"
                print(f"Lighthouse: {name} {path}", flush=True)
                report = run_lighthouse(command, site.url(path), name, arguments.desktop)
                scores = {
                    category: round((report["categories"][category]["score"] or 0) * 100)
                    for category in BUDGETS
                }
                rows.append(f"{name:22}" + "".join(f"{scores[c]:>16}" for c in BUDGETS))
                for category, minimum in BUDGETS.items():
                    if scores[category] < minimum:
                        failures.append((name, category, scores[category], report))

    print(f"\n{header}\n" + "\n".join(rows))
    print("Budgets: " + ", ".join(f"{name} ≥ {minimum}" for name, minimum in BUDGETS.items()))
    for name, category, score, report in failures:
        print(f"\n{name}: {category} {score}")
        if category == "performance":
            for metric in METRICS:
                print(
                    f"    {report['audits'][metric]['title']}: "
                    f"{report['audits'][metric]['displayValue']}"
                )
        for line in lost_points(report, category):
            print(f"  - {line}")
    print(f"\nReports: {REPORTS_DIR.relative_to(ROOT)}/")
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
