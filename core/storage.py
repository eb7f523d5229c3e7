"""Media in an S3-compatible bucket (settings: site_cms/settings/media_storage.py).

django-storages' ``S3Storage`` reads a file by downloading all of it first; documents are
served by the site itself (downloads.serving), with byte ranges, so ``MediaStorage`` adds
what that needs: the size and date in one request, and the bytes of a range, streamed
straight from the store's answer to a ranged GET.
"""

import json
from contextlib import contextmanager

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, HTTPClientError
from botocore.exceptions import ConnectionError as BotoConnectionError
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

# Keys of the objects anyone may read (see public_images_policy).
PUBLIC_PREFIXES = ("original_images/", "images/")


class StorageUnavailable(Exception):  # noqa: N818 (named for what the reader is told)
    """The bucket cannot be reached, did not answer in time or answered with a server error
    of its own: the site answers 503 (core.views). Deliberately not an OSError, which
    botocore's timeouts are: Wagtail takes an OSError on opening an image for a missing
    file and draws a placeholder, a page that the caches would then keep for a day."""


def is_outage(error):
    """Whether botocore's ``error`` says the bucket is away: refused, timed out, or a server
    error of its own (5xx). A refusal (403) or a missing object (404) is not one."""
    if isinstance(error, (BotoConnectionError, HTTPClientError)):
        return True
    return (
        isinstance(error, ClientError)
        and error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) >= 500
    )


@contextmanager
def reaching_the_bucket():
    try:
        yield
    except (BotoCoreError, ClientError) as error:
        if is_outage(error):
            raise StorageUnavailable(str(error)) from error
        raise


class MediaStorage(S3Storage):
    """Images (public, by the bucket policy) and documents (private) in the bucket."""

    def get_default_settings(self):
        # botocore waits 60 s to connect and 60 s for each read, five times over: a request
        # outlived gunicorn's 30 s and the reader got the server's error, not the site's.
        return {**super().get_default_settings(), "connect_timeout": 3, "read_timeout": 10}

    def __init__(self, **settings):
        super().__init__(**settings)
        self.client_config = self.client_config.merge(
            Config(
                connect_timeout=self.connect_timeout,
                read_timeout=self.read_timeout,
                retries={"mode": "standard", "total_max_attempts": 2},
            )
        )

    def _key(self, name):
        return self._normalize_name(clean_name(name))

    def _open(self, name, mode="rb"):
        with reaching_the_bucket():
            return super()._open(name, mode)

    def _save(self, name, content):
        with reaching_the_bucket():
            return super()._save(name, content)

    def exists(self, name):
        with reaching_the_bucket():
            return super().exists(name)

    def size(self, name):
        with reaching_the_bucket():
            return super().size(name)

    def delete(self, name):
        with reaching_the_bucket():
            return super().delete(name)

    def stat(self, name):
        """``(size, last modified)`` of the object, from one HEAD request."""
        try:
            with reaching_the_bucket():
                head = self.connection.meta.client.head_object(
                    Bucket=self.bucket_name, Key=self._key(name)
                )
        except ClientError as error:
            if error.response["ResponseMetadata"]["HTTPStatusCode"] == 404:
                raise FileNotFoundError(f"File does not exist: {name}") from error
            raise
        return head["ContentLength"], head["LastModified"]

    def stream(self, name, start=0, end=None):
        """A file-like object reading bytes ``start`` to ``end`` (inclusive; None: to the
        end) as they arrive: only those bytes leave the store."""
        request = {"Bucket": self.bucket_name, "Key": self._key(name)}
        if start or end is not None:
            request["Range"] = f"bytes={start}-{'' if end is None else end}"
        with reaching_the_bucket():
            return self.connection.meta.client.get_object(**request)["Body"]


class PrivateMediaStorage(MediaStorage):
    """Proposals' files, under a prefix of the bucket that nothing makes public, with no
    address: the admin view ``proposals.admin_views.ProposalDocumentView`` serves them."""

    def url(self, name, *args, **kwargs):
        raise ValueError(
            "Private files have no public URL: link to the admin view that serves them."
        )


def public_images_policy(bucket_name):
    """The bucket policy that lets anyone read images (originals and renditions), and
    nothing else: documents and proposals stay private."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "PublicImages",
                "Effect": "Allow",
                "Principal": "*",
                "Action": ["s3:GetObject"],
                "Resource": [f"arn:aws:s3:::{bucket_name}/{prefix}*" for prefix in PUBLIC_PREFIXES],
            }
        ],
    }


def prepare_bucket(storage, create=True):
    """Creates the bucket when missing (and ``create``), then sets its policy. Returns
    whether the bucket was created."""
    client = storage.connection.meta.client
    created = False
    if create:
        try:
            client.head_bucket(Bucket=storage.bucket_name)
        except ClientError as error:
            if error.response["ResponseMetadata"]["HTTPStatusCode"] != 404:
                raise
            location = {}
            if storage.region_name and storage.region_name != "us-east-1":
                location = {
                    "CreateBucketConfiguration": {"LocationConstraint": storage.region_name}
                }
            client.create_bucket(Bucket=storage.bucket_name, **location)
            created = True
    client.put_bucket_policy(
        Bucket=storage.bucket_name, Policy=json.dumps(public_images_policy(storage.bucket_name))
    )
    return created
