"""Wagtail's frontend cache backends, made safe to call while an editor waits.

Wagtail's own backends wait up to 30 s for Cloudflare, without limit for an HTTP proxy, and
let a refused connection to Cloudflare or AWS raise. These give up after ``TIMEOUT`` seconds
(``FRONTEND_CACHE_PURGE_TIMEOUT``), log a warning and never raise; a proxy that does not
answer is not asked again for the rest of the batch, so a publish waits at most one timeout
per backend.

``/*`` stands for "everything on the site": an HTTP ``PURGE /*`` that the VCL in
``deploy/varnish/default.vcl`` turns into a ban of every object, Cloudflare's
``purge_everything`` and CloudFront's ``/*`` invalidation.
"""

import logging
import uuid
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import ProxyHandler, build_opener

import boto3
import requests
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from wagtail import __version__ as wagtail_version
from wagtail.contrib.frontend_cache.backends import cloudflare, cloudfront, http

logger = logging.getLogger("purging")

EVERYTHING = "/*"
# Straight to the proxy, whatever HTTP_PROXY says: Varnish refuses a PURGE that came through
# another proxy (deploy/varnish/default.vcl).
DIRECT = build_opener(ProxyHandler({}))
DEFAULT_TIMEOUT = 3.0


def is_everything(url):
    return urlsplit(url).path == EVERYTHING


class HTTPBackend(http.HTTPBackend):
    """HTTP ``PURGE`` straight to each Varnish, one request per address."""

    def __init__(self, params):
        self.timeout = float(params.pop("TIMEOUT", DEFAULT_TIMEOUT))
        self.location = params["LOCATION"]
        super().__init__(params)

    def purge_request(self, url):
        parts = urlsplit(url)
        return http.PurgeRequest(
            url=urlunsplit(
                [self.cache_scheme, self.cache_netloc, parts.path, parts.query, parts.fragment]
            ),
            headers={
                "Host": parts.netloc,
                "User-Agent": f"Wagtail-frontendcache/{wagtail_version}",
            },
        )

    def purge(self, url):
        """True when the proxy answered (even with an error status), False when it could
        not be reached in time."""
        try:
            with DIRECT.open(self.purge_request(url), timeout=self.timeout):
                return True
        except HTTPError as error:
            logger.warning("The proxy %s refused to purge %s: %s", self.location, url, error)
            return True
        except (URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            logger.warning(
                "Could not purge %s: the proxy %s does not answer (%s).", url, self.location, reason
            )
            return False

    def purge_batch(self, urls):
        urls = list(urls)
        for done, url in enumerate(urls):
            if not self.purge(url):
                left = len(urls) - done - 1
                if left:
                    logger.warning(
                        "%d more addresses were not purged from %s.", left, self.location
                    )
                return


class CloudflareBackend(cloudflare.CloudflareBackend):
    """Cloudflare's purge API by URL (30 at a time), or the whole zone for ``/*``."""

    def __init__(self, params):
        self.timeout = float(params.pop("TIMEOUT", DEFAULT_TIMEOUT))
        super().__init__(params)

    def headers(self):
        headers = {"Content-Type": "application/json"}
        if self.cloudflare_token:
            headers["Authorization"] = f"Bearer {self.cloudflare_token}"
        else:
            headers["X-Auth-Email"] = self.cloudflare_email
            headers["X-Auth-Key"] = self.cloudflare_api_key
        return headers

    def _purge_urls(self, urls):
        data = {"purge_everything": True} if any(map(is_everything, urls)) else {"files": urls}
        try:
            response = requests.post(
                self.cloudflare_purge_endpoint_url,
                json=data,
                headers=self.headers(),
                timeout=self.timeout,
            )
            answer = response.json()
        except (requests.RequestException, ValueError) as error:
            logger.warning("Could not purge %d addresses from Cloudflare: %s", len(urls), error)
            return False
        if not answer.get("success"):
            errors = ", ".join(str(item.get("message")) for item in answer.get("errors") or [])
            logger.warning("Cloudflare refused to purge %d addresses: %s", len(urls), errors)
        return True

    def purge_batch(self, urls):
        urls = list(urls)
        if any(map(is_everything, urls)):
            self._purge_urls([EVERYTHING])
            return
        for start in range(0, len(urls), self.CHUNK_SIZE):
            if not self._purge_urls(urls[start : start + self.CHUNK_SIZE]):
                return


class CloudfrontBackend(cloudfront.CloudfrontBackend):
    """One CloudFront invalidation per batch; ``/*`` invalidates the whole distribution."""

    def __init__(self, params):
        self.timeout = float(params.pop("TIMEOUT", DEFAULT_TIMEOUT))
        super().__init__(params)
        # Credentials as boto3 finds them (the usual AWS variables or the instance role).
        self.client = boto3.client(
            "cloudfront",
            config=Config(
                connect_timeout=self.timeout,
                read_timeout=self.timeout,
                retries={"max_attempts": 1},
            ),
        )

    def purge_batch(self, urls):
        urls = list(urls)
        if any(map(is_everything, urls)):
            urls = [EVERYTHING]
        super().purge_batch(urls)

    def _create_invalidation(self, distribution_id, paths):
        try:
            self.client.create_invalidation(
                DistributionId=distribution_id,
                InvalidationBatch={
                    "Paths": {"Quantity": len(paths), "Items": sorted(paths)},
                    "CallerReference": str(uuid.uuid4()),
                },
            )
        except (BotoCoreError, ClientError) as error:
            logger.warning(
                "Could not invalidate %d paths on CloudFront (%s): %s",
                len(paths),
                distribution_id,
                error,
            )
