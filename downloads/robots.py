import re

# Crawlers that say what they are. The user agent is only looked at, never stored;
# robots that pretend to be browsers are counted like readers.
ROBOT_PATTERN = re.compile(r"bot|crawl|spider|slurp|facebookexternalhit|preview", re.IGNORECASE)


def looks_like_a_robot(request):
    return bool(ROBOT_PATTERN.search(request.headers.get("User-Agent", "")))
