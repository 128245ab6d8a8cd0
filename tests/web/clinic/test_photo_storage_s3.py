"""Clinical photos in a private S3 bucket: the real django-storages S3Storage against moto's
in-process S3 (no network), through the same upload and view as tests/web/clinic/test_photos.py."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import storages
from django.test import Client, override_settings
from moto import mock_aws
from PIL import Image
from storages.backends.s3 import S3Storage
from tests.web.clinic.test_photos import _upload, jpeg_with_gps, photo_consent

from toxfill.web.clinic.models import Membership, PatientAccess, Photo, TreatmentSession
from toxfill.web.settings import photo_storage

__all__ = ["photo_consent"]  # a fixture of test_photos.py, used here by name

BUCKET = "toxfill-photos-test"
REGION = "eu-west-1"
OWNER_ONLY = "CanonicalUser"


@pytest.fixture
def s3(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """An empty private bucket, and the "photos" storage built from the settings' env vars."""
    monkeypatch.setenv("TOXFILL_PHOTOS_S3_BUCKET", BUCKET)
    monkeypatch.setenv("TOXFILL_PHOTOS_S3_REGION", REGION)
    monkeypatch.delenv("TOXFILL_PHOTOS_S3_ENDPOINT_URL", raising=False)
    with mock_aws():  # also gives boto3 fake credentials, so no real key is ever read
        client = boto3.client("s3", region_name=REGION)
        client.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION}
        )
        # override_settings on STORAGES also empties Django's cache of storage instances.
        photos = photo_storage(Path(settings.DATA_DIR))
        with override_settings(STORAGES={**settings.STORAGES, "photos": photos}):
            yield client


def _uploaded(member: Membership, session: TreatmentSession, client: Client) -> Photo:
    response = _upload(client, member, session, jpeg_with_gps())
    assert response.status_code == 302
    return Photo.objects.get()


def test_it_stores_photos_in_the_bucket_under_the_prefix(
    s3: Any,
    provider: Membership,
    charted: TreatmentSession,
    photo_consent: None,
    client_for: Callable[[Membership], Client],
) -> None:
    # given the photos storage is the bucket
    assert isinstance(storages["photos"], S3Storage)
    # when the provider uploads a phone photo through the workspace
    photo = _uploaded(provider, charted, client_for(provider))
    # then the photo and its thumbnail are objects under photos/, and nothing else is stored
    keys = {item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert keys == {f"photos/{photo.image}", f"photos/{photo.thumbnail}"}
    assert photo.image.startswith(f"{provider.clinic.public_id}/")


def test_it_keeps_the_objects_private_and_encrypted(
    s3: Any,
    provider: Membership,
    charted: TreatmentSession,
    photo_consent: None,
    client_for: Callable[[Membership], Client],
) -> None:
    photo = _uploaded(provider, charted, client_for(provider))
    for name in (photo.image, photo.thumbnail):
        key = f"photos/{name}"
        grants = s3.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
        # only the owner: no AllUsers or AuthenticatedUsers group grant
        assert [g["Grantee"]["Type"] for g in grants] == [OWNER_ONLY]
        assert [g["Permission"] for g in grants] == ["FULL_CONTROL"]
        assert s3.head_object(Bucket=BUCKET, Key=key)["ServerSideEncryption"] == "AES256"
    # and any URL the storage could give is signed and expires, never a public address
    url = storages["photos"].url(photo.image)
    assert "X-Amz-Signature=" in url
    assert "X-Amz-Expires=" in url


def test_it_strips_location_data_before_the_photo_reaches_the_bucket(
    s3: Any,
    provider: Membership,
    charted: TreatmentSession,
    photo_consent: None,
    client_for: Callable[[Membership], Client],
) -> None:
    photo = _uploaded(provider, charted, client_for(provider))
    stored = s3.get_object(Bucket=BUCKET, Key=f"photos/{photo.image}")["Body"].read()
    assert not Image.open(io.BytesIO(stored)).getexif()
    assert b"PhoneMaker" not in stored


def test_it_streams_the_photo_from_the_bucket_to_the_provider(
    s3: Any,
    provider: Membership,
    charted: TreatmentSession,
    photo_consent: None,
    client_for: Callable[[Membership], Client],
) -> None:
    # given a photo in the bucket
    photo = _uploaded(provider, charted, client_for(provider))
    stored = s3.get_object(Bucket=BUCKET, Key=f"photos/{photo.image}")["Body"].read()
    # when the provider opens it in the workspace
    served = client_for(provider).get(
        f"/clinic/{provider.clinic.public_id}/photos/{photo.public_id}/full.jpg"
    )
    # then the site streams the bucket's bytes itself, uncached, and logs the view
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == stored  # type: ignore[attr-defined]
    assert served["Content-Type"] == "image/jpeg"
    assert "no-store" in served["Cache-Control"]
    assert PatientAccess.objects.filter(what="photo").exists()


@pytest.mark.parametrize(("role", "status"), [("front_desk", 403), ("outsider", 404)])
def test_it_refuses_the_bucket_photo_to_other_roles_and_clinics(
    role: str,
    status: int,
    s3: Any,
    provider: Membership,
    personas: dict[str, Membership],
    charted: TreatmentSession,
    photo_consent: None,
    client_for: Callable[[Membership], Client],
) -> None:
    photo = _uploaded(provider, charted, client_for(provider))
    response = client_for(personas[role]).get(
        f"/clinic/{provider.clinic.public_id}/photos/{photo.public_id}/thumb.jpg"
    )
    assert response.status_code == status
    assert b"JFIF" not in response.content


# The settings: which storage the environment picks (photo_storage is what STORAGES calls).


def test_it_keeps_photos_in_the_data_dir_without_a_bucket(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("TOXFILL_PHOTOS_S3_BUCKET", raising=False)
    storage = photo_storage(tmp_path)
    assert storage == {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": tmp_path / "photos",
            "base_url": None,
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    }


def test_it_picks_a_private_s3_bucket_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # given a MinIO bucket named in the environment
    monkeypatch.setenv("TOXFILL_PHOTOS_S3_BUCKET", "clinic-photos")
    monkeypatch.setenv("TOXFILL_PHOTOS_S3_ENDPOINT_URL", "http://127.0.0.1:9000")
    monkeypatch.setenv("TOXFILL_PHOTOS_S3_REGION", "us-east-1")
    for name in ("TOXFILL_PHOTOS_S3_ENCRYPTION", "TOXFILL_PHOTOS_S3_ACL"):
        monkeypatch.delenv(name, raising=False)
    # when the settings build the photos storage
    storage = photo_storage(tmp_path)
    # then it is S3Storage, private, signed, never overwriting, encrypted, with no secret in it
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"] == {
        "bucket_name": "clinic-photos",
        "endpoint_url": "http://127.0.0.1:9000",
        "region_name": "us-east-1",
        "location": "photos",
        "default_acl": "private",
        "querystring_auth": True,
        "signature_version": "s3v4",
        "file_overwrite": False,
        "object_parameters": {"ServerSideEncryption": "AES256"},
    }


def test_it_sends_no_acl_or_encryption_header_when_told(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # a bucket with ACLs disabled, on a store without a KMS
    monkeypatch.setenv("TOXFILL_PHOTOS_S3_BUCKET", "clinic-photos")
    monkeypatch.setenv("TOXFILL_PHOTOS_S3_ACL", "none")
    monkeypatch.setenv("TOXFILL_PHOTOS_S3_ENCRYPTION", "none")
    options = photo_storage(tmp_path)["OPTIONS"]
    assert isinstance(options, dict)
    assert options["default_acl"] is None
    assert options["object_parameters"] == {}


def test_it_refuses_an_unknown_encryption_loudly(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TOXFILL_PHOTOS_S3_BUCKET", "clinic-photos")
    monkeypatch.setenv("TOXFILL_PHOTOS_S3_ENCRYPTION", "rot13")
    with pytest.raises(ImproperlyConfigured, match="TOXFILL_PHOTOS_S3_ENCRYPTION"):
        photo_storage(tmp_path)
