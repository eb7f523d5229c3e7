"""Media in an S3-compatible bucket (settings: site_cms/settings/media_storage.py).

django-storages' ``S3Storage`` reads a file by downloading all of it first; documents are
served by the site itself (downloads.serving), with byte ranges, so ``MediaStorage`` adds
what that needs: the size and date in one request, and the bytes of a range, streamed
straight from the store's answer to a ranged GET.
"""

import json

from botocore.exceptions import ClientError
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

# Keys of the objects anyone may read (see public_images_policy).
PUBLIC_PREFIXES = ("original_images/", "images/")


class MediaStorage(S3Storage):
    """Images (public, by the bucket policy) and documents (private) in the bucket."""

    def _key(self, name):
        return self._normalize_name(clean_name(name))

    def stat(self, name):
        """``(size, last modified)`` of the object, from one HEAD request."""
        try:
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
