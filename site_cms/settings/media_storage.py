"""Where images, documents and proposals' files are kept, chosen from the environment.

Without ``AWS_STORAGE_BUCKET_NAME`` everything stays on the local disk (``MEDIA_ROOT``,
``PRIVATE_MEDIA_ROOT``). With it, files go to that bucket of an S3-compatible object store
through django-storages (AWS S3, MinIO, Ceph, Garage, moto's server in the tests), so every
app server reads what any of them received:

- ``AWS_STORAGE_BUCKET_NAME`` (required), ``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``;
- ``AWS_S3_ENDPOINT_URL`` for a store other than AWS (e.g. ``http://minio:9000``):
  addressed path-style, ``<endpoint>/<bucket>/<key>``;
- ``AWS_S3_REGION_NAME`` (AWS: the bucket's region; other stores: usually ``us-east-1``);
- ``AWS_S3_CUSTOM_DOMAIN``: host (and optional path) of a CDN in front of the bucket, put in
  the images' addresses instead of the bucket's (``https://``);
- ``AWS_S3_ADDRESSING_STYLE``: ``path`` or ``virtual``, when the default does not suit.

What is public: only images (``original_images/`` and ``images/``, the renditions), through
a bucket policy (``python manage.py prepare_media_bucket``). Their addresses are plain,
unsigned URLs that never expire, because public pages that show them are kept by the proxy
and by browsers. Documents (``documents/``) and proposals' files (``private/``) are never
readable from the bucket: the site streams documents through ``/documents/…`` and ``/r/…``
(downloads.serving), and proposals through the admin.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

MEDIA_STORAGE = "core.storage.MediaStorage"
PRIVATE_STORAGE = "core.storage.PrivateMediaStorage"
# Proposals' files live under this prefix of the same bucket, which no policy makes public.
PRIVATE_LOCATION = "private"


def public_base_url(environ, bucket):
    """The address images are read at: the CDN, the endpoint (path-style) or AWS."""
    custom_domain = environ.get("AWS_S3_CUSTOM_DOMAIN", "").strip().strip("/")
    if custom_domain:
        return f"https://{custom_domain}/"
    endpoint = environ.get("AWS_S3_ENDPOINT_URL", "").strip().rstrip("/")
    if endpoint:
        parts = urlsplit(endpoint)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ImproperlyConfigured(
                f"AWS_S3_ENDPOINT_URL must be an http(s) URL, not {endpoint!r}."
            )
        return f"{endpoint}/{bucket}/"
    region = environ.get("AWS_S3_REGION_NAME", "").strip()
    host = f"{bucket}.s3.{region}.amazonaws.com" if region else f"{bucket}.s3.amazonaws.com"
    return f"https://{host}/"


def media_storages_from_env(environ):
    """``None`` (files on the local disk) or ``{"default", "private", "media_url"}``: the
    ``STORAGES`` entries for images and documents and for proposals' files, and the
    ``MEDIA_URL`` images are read at."""
    bucket = environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if not bucket:
        return None
    media_url = public_base_url(environ, bucket)
    parts = urlsplit(media_url)
    endpoint = environ.get("AWS_S3_ENDPOINT_URL", "").strip() or None
    options = {
        "bucket_name": bucket,
        "access_key": environ.get("AWS_ACCESS_KEY_ID") or None,
        "secret_key": environ.get("AWS_SECRET_ACCESS_KEY") or None,
        "region_name": environ.get("AWS_S3_REGION_NAME") or None,
        "endpoint_url": endpoint,
        "addressing_style": environ.get("AWS_S3_ADDRESSING_STYLE")
        or ("path" if endpoint else None),
        # Addresses are built from MEDIA_URL, without a signature or an expiry: pages that
        # show images are cached for long. Private objects have no readable address at all.
        "custom_domain": f"{parts.netloc}{parts.path.rstrip('/')}",
        "url_protocol": f"{parts.scheme}:",
        "querystring_auth": False,
        # A second "report.pdf" gets a name of its own instead of replacing the first.
        "file_overwrite": False,
        # No ACL per object: the bucket policy alone decides, and objects are private
        # unless it says otherwise (AWS buckets have ACLs disabled; MinIO ignores them).
        "default_acl": None,
        # An image read to make a rendition, or a proposal's PDF, goes to a temporary file
        # beyond this size instead of staying in memory.
        "max_memory_size": 5 * 1024 * 1024,
    }
    return {
        "default": {"BACKEND": MEDIA_STORAGE, "OPTIONS": options},
        "private": {
            "BACKEND": PRIVATE_STORAGE,
            "OPTIONS": {**options, "location": PRIVATE_LOCATION},
        },
        "media_url": media_url,
    }


def media_origin(media_url):
    """The origin images come from, for the Content-Security-Policy: "" when it is the
    site's own (a path such as ``/media/``)."""
    parts = urlsplit(media_url)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
