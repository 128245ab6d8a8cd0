"""Issue 19, item 9: the low findings, each pinned by a test that failed before its fix."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import logging
import stat
import struct
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.files.storage import storages
from django.test import Client
from django.utils import timezone
from gunicorn.config import Config
from PIL import Image
from tests.web.own_loop import run_in_own_loop
from tests.web.patient_link.conftest import *  # noqa: F403 - the clinic personas, links and data

from toxfill import passport
from toxfill.web.asgi import BodySizeGuard
from toxfill.web.clinic.actions import photos as photo_actions
from toxfill.web.clinic.actions.patients import record_consent
from toxfill.web.clinic.actions.photos import ENCODERS, MAX_SIDE
from toxfill.web.clinic.models import Membership, Patient, Photo, TreatmentSession
from toxfill.web.environment import secret_key_file
from toxfill.web.patient_link.redact import NoLinkTokens, RedactingLogger, redacted
from toxfill.web.serve import create_secret_key
from toxfill.web.settings import secret_key

# --- a. a tampered list cursor is a 422 naming `cursor`, never a 500 --------------------------

LISTS = ["/patients", "/sessions", "/lots", "/followups", "/events", "/access-log"]
LISTS += ["/link-access-log"]


def _cursor(raw: str) -> str:
    return base64.b64encode(raw.encode()).decode()


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("p=garbage", id="not_a_position"),
        pytest.param("p=2026-13-45", id="no_such_date"),
        pytest.param("p=2026-01-01T09:00:00", id="an_instant_without_its_zone"),
        pytest.param("p=0001-01-01T00:00:00%2B14:00", id="before_the_calendar_in_utc"),
        pytest.param("p=9999-12-31T23:59:59-14:00", id="after_the_calendar_in_utc"),
        pytest.param("p=%00", id="nul"),
        pytest.param("o=-1", id="negative_offset"),
        pytest.param("r=maybe", id="not_a_direction"),
    ],
)
def test_it_refuses_a_tampered_cursor_on_every_list_with_a_422_naming_cursor(
    path: str,
    raw: str,
    auditor: Membership,
    charted: TreatmentSession,
    client_for: Callable[[Membership], Client],
    at: Callable[[Membership, str], str],
) -> None:
    client = client_for(auditor)
    client.raise_request_exception = False

    response = client.get(at(auditor, f"{path}?cursor={_cursor(raw)}"))

    assert response.status_code == 422, response.content
    assert response.json()["detail"][0]["loc"] == ["query", "cursor"]
    assert response.json()["detail"][0]["type"] == "invalid"


@pytest.mark.parametrize("path", [p for p in LISTS if p != "/followups"])
def test_it_refuses_a_date_where_the_list_is_ordered_by_an_instant(
    path: str,
    auditor: Membership,
    client_for: Callable[[Membership], Client],
    at: Callable[[Membership, str], str],
) -> None:
    client = client_for(auditor)
    client.raise_request_exception = False

    response = client.get(at(auditor, f"{path}?cursor={_cursor('p=2026-01-01')}"))

    assert response.status_code == 422, response.content
    assert response.json()["detail"][0]["loc"] == ["query", "cursor"]


def test_it_still_follows_a_cursor_it_gave(
    auditor: Membership,
    charted: TreatmentSession,
    front_desk: Membership,
    client_for: Callable[[Membership], Client],
    at: Callable[[Membership, str], str],
) -> None:
    for n in range(3):
        Patient.objects.create(
            clinic_id=auditor.clinic_id, given_name=f"P{n}", family_name="Test",
            date_of_birth=dt.date(1980, 1, 1),
        )  # fmt: skip
    client = client_for(auditor)
    first = client.get(at(auditor, "/patients?page_size=2")).json()

    second = client.get(first["next"])

    assert second.status_code == 200
    assert len(second.json()["results"]) == 2


# --- b. a revoke of something that is not an ID -----------------------------------------------


def test_it_answers_a_revoke_of_a_link_that_is_not_an_id_as_no_such_link(
    front_desk: Membership, patient: Patient, client_for: Callable[[Membership], Client]
) -> None:
    client = client_for(front_desk)
    client.raise_request_exception = False
    url = f"/clinic/{front_desk.clinic.public_id}/patients/{patient.public_id}/links"

    response = client.post(url, {"revoke": "not-a-link"})

    assert response.status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("/api/v1/clinic/tokens/not-a-token/revoke", id="token"),
        pytest.param("/api/v1/clinic/{clinic}/links/not-a-link/revoke", id="link"),
    ],
)
def test_it_answers_an_api_revoke_of_something_not_an_id_with_a_422_on_the_path(
    path: str, front_desk: Membership, client_for: Callable[[Membership], Client]
) -> None:
    client = client_for(front_desk)
    client.raise_request_exception = False

    response = client.post(
        path.format(clinic=front_desk.clinic.public_id), "{}", content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][0] == "path"


# --- c. a patient link's token never reaches a log, however its path is spelled -------------


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("/p/Zx3-secret_token/", id="trailing_slash"),
        pytest.param("//p/Zx3-secret_token", id="doubled_slash_before"),
        pytest.param("/p//Zx3-secret_token", id="doubled_slash_after"),
        pytest.param("/p/Zx3-secret_token//", id="doubled_trailing_slash"),
        pytest.param("/%70/Zx3-secret_token", id="percent_encoded_p"),
        pytest.param("/p%2FZx3-secret_token", id="percent_encoded_slash"),
        pytest.param("/p/Zx3-%73ecret_token", id="percent_encoded_token"),
        pytest.param("/p/Zx3-%2573ecret_token", id="percent_encoded_twice"),
        pytest.param("/P/Zx3-secret_token", id="capital_p"),
        pytest.param("/p/./Zx3-secret_token", id="dot_segment"),
        pytest.param("/p/Zx3-secret_token/more", id="deeper"),
        pytest.param("//p//calendar//abc~secret.ics", id="calendar_doubled_slashes"),
    ],
)
def test_it_keeps_every_spelling_of_a_link_path_out_of_djangos_request_log(path: str) -> None:
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "%s: %s", ("Not Found", path), None
    )

    NoLinkTokens().filter(record)

    assert "ecret" not in record.getMessage()
    assert record.getMessage().startswith("Not Found: /p/")


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("/", id="home"),
        pytest.param("/p/", id="passport_page"),
        pytest.param("/p/plan/", id="plan_page_trailing_slash"),
        pytest.param("/after-treatment", id="public_page"),
    ],
)
def test_it_leaves_every_other_path_as_it_was(path: str) -> None:
    assert redacted(path) == path


def test_it_keeps_a_link_token_out_of_the_access_logs_request_line_and_referer() -> None:
    logger = RedactingLogger(Config())
    environ = {
        "PATH_INFO": "/p/Zx3-secret_token/",
        "RAW_URI": "//p/Zx3-secret_token/?x=1",
        "REQUEST_METHOD": "GET",
        "QUERY_STRING": "x=1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": "https://toxfill.example.org/p/Zx3-secret_token/",
    }
    headers = [("REFERER", environ["HTTP_REFERER"])]
    request = SimpleNamespace(headers=headers, method="GET", path=environ["PATH_INFO"], query="")
    response = SimpleNamespace(status="404 Not Found", response_length=0, headers=[], sent=0)

    atoms = logger.atoms(response, request, environ, dt.timedelta(seconds=0.01))

    shown = {key: value for key, value in atoms.items() if isinstance(value, str)}
    assert not [key for key, value in shown.items() if "ecret" in value]
    assert atoms["f"] == "https://toxfill.example.org/p/…"
    assert atoms["r"] == "GET /p/… HTTP/1.1"


# --- d. a large photo is bounded: refused over 25 megapixels, reduced before it is converted,
# --- and at most ENCODERS re-encoded at once in a process ------------------------------------


@pytest.fixture
def photo_consent(front_desk: Membership, patient: Patient) -> None:
    """Ana signed the photo consent yesterday."""
    record_consent(
        front_desk,
        patient.public_id,
        treatment="photo",
        text_version="2026-01",
        signed_at=timezone.now() - dt.timedelta(days=1),
        signed_by="Ana Silva",
    )


def _jpeg(width: int, height: int, orientation: int = 1) -> bytes:
    image = Image.new("RGB", (width, height), (200, 150, 120))
    exif = Image.Exif()
    exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def _png_header(width: int, height: int) -> bytes:
    """A PNG that claims a size: its signature, header and end, and no pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


def _upload(client: Client, member: Membership, session: TreatmentSession, data: bytes) -> Any:
    file = io.BytesIO(data)
    file.name = "face.jpg"
    return client.post(
        f"/clinic/{member.clinic.public_id}/patients/{session.patient.public_id}/photos/",
        {"session": str(session.public_id), "angle": "front", "photo": file},
    )


def test_it_refuses_a_photo_over_25_megapixels_from_its_header(
    provider: Membership,
    charted: TreatmentSession,
    photo_consent: None,
    client_for: Callable[[Membership], Client],
) -> None:
    response = _upload(client_for(provider), provider, charted, _png_header(8000, 4000))

    assert response.status_code == 422
    assert "Is too large: at most 25 megapixels" in response.content.decode()
    assert not Photo.objects.exists()


def test_it_refuses_a_png_without_pixels_as_unreadable_not_with_a_500(
    provider: Membership,
    charted: TreatmentSession,
    photo_consent: None,
    client_for: Callable[[Membership], Client],
) -> None:
    client = client_for(provider)
    client.raise_request_exception = False

    response = _upload(client, provider, charted, _png_header(64, 48))

    assert response.status_code == 422
    assert "Is not an image this site can read" in response.content.decode()


def test_it_stores_a_large_photo_reduced_to_its_longest_side(
    provider: Membership,
    charted: TreatmentSession,
    photo_consent: None,
    client_for: Callable[[Membership], Client],
) -> None:
    response = _upload(client_for(provider), provider, charted, _jpeg(6000, 4000))

    assert response.status_code == 302
    photo = Photo.objects.get()
    assert (photo.width, photo.height) == (MAX_SIDE, 2000)


def test_it_keeps_a_reduced_photo_upright(
    provider: Membership,
    charted: TreatmentSession,
    photo_consent: None,
    client_for: Callable[[Membership], Client],
) -> None:
    # given a phone photo taken sideways: stored 6000 x 4000, to be turned 90 degrees
    sideways = _jpeg(6000, 4000, orientation=6)

    response = _upload(client_for(provider), provider, charted, sideways)

    assert response.status_code == 302
    photo = Photo.objects.get()
    assert (photo.width, photo.height) == (2000, MAX_SIDE)


@pytest.fixture
def encoders_busy() -> Iterator[None]:
    """Every photo encoder of this process is at work on someone else's upload."""
    for _ in range(ENCODERS):
        assert photo_actions._encoders.acquire(blocking=False)
    yield
    for _ in range(ENCODERS):
        photo_actions._encoders.release()


def test_it_answers_busy_with_retry_after_when_every_encoder_is_at_work(
    provider: Membership,
    charted: TreatmentSession,
    photo_consent: None,
    encoders_busy: None,
    client_for: Callable[[Membership], Client],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(photo_actions, "WAIT_SECONDS", 0.01)

    response = _upload(client_for(provider), provider, charted, _jpeg(64, 48))

    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert response["Content-Type"].startswith("text/html")
    assert "busy with other photos" in response.content.decode()
    assert not Photo.objects.exists()


# --- e. one photo limit, said the same everywhere; a page is refused in words ---------------


def test_it_refuses_a_photo_over_the_one_limit_on_the_form_in_words(
    provider: Membership,
    charted: TreatmentSession,
    photo_consent: None,
    client_for: Callable[[Membership], Client],
) -> None:
    megabytes = settings.PHOTO_MAX_BYTES // (1024 * 1024)

    response = _upload(
        client_for(provider), provider, charted, b"\xff" * (settings.PHOTO_MAX_BYTES + 1)
    )

    page = response.content.decode()
    assert response.status_code == 422
    assert f"Is too large: at most {megabytes} MB" in page
    assert f"up to {megabytes} MB" in page  # the form's label says the same limit


def _guarded(path: str, length: int) -> tuple[bool, list[dict[str, Any]]]:
    reached, answered = [], []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        reached.append(True)

    async def send(message: dict[str, Any]) -> None:
        answered.append(message)

    scope = {"type": "http", "path": path, "headers": [(b"content-length", str(length).encode())]}
    run_in_own_loop(lambda: BodySizeGuard(app)(scope, app, send))
    return bool(reached), answered


def test_the_servers_body_limit_lets_a_photo_at_the_limit_and_its_form_through() -> None:
    reached, _ = _guarded("/clinic/x/patients/y/photos/", settings.PHOTO_MAX_BYTES + 4096)

    assert reached


def test_the_servers_body_limit_answers_a_page_in_words_not_json() -> None:
    path = "/clinic/x/patients/y/photos/"

    reached, answered = _guarded(path, settings.PHOTO_MAX_BYTES * 3)

    assert not reached
    headers = dict(answered[0]["headers"])
    assert answered[0]["status"] == 413
    assert headers[b"content-type"].startswith(b"text/html")
    page = answered[1]["body"].decode()
    assert f"at most {settings.PHOTO_MAX_BYTES // (1024 * 1024)} MB" in page
    assert f'href="{path}"' in page


# --- g. photo files and their folders are readable by toxfill's user only -------------------


def test_it_writes_photo_files_0600_in_folders_0700(
    provider: Membership,
    charted: TreatmentSession,
    photo_consent: None,
    client_for: Callable[[Membership], Client],
) -> None:
    response = _upload(client_for(provider), provider, charted, _jpeg(64, 48))

    assert response.status_code == 302
    photo = Photo.objects.get()
    for name in (photo.image, photo.thumbnail):
        path = Path(storages["photos"].path(name))
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


# --- f. the passport import page says when a passport was signed in the clinic's own time ----


@pytest.fixture
def card(ana: Client) -> str:
    """Ana's signed passport, as she downloads it to bring to another clinic."""
    response = ana.get("/p/passport.smart-health-card")
    assert response.status_code == 200
    return response.content.decode()


def _signed_at(card: str) -> dt.datetime:
    """When the card says it was signed (its JWS payload's `nbf`), read without verifying."""
    body = passport.passport_from_text(card).split(".")[1]
    payload = zlib.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)), -15)
    return dt.datetime.fromtimestamp(json.loads(payload)["nbf"], dt.UTC)


def test_it_shows_when_an_imported_passport_was_signed_in_the_clinics_named_time_zone(
    card: str, manager: Membership, client_for: Callable[[Membership], Client]
) -> None:
    # given a passport, and Riverside in New York
    new_york = _signed_at(card).astimezone(ZoneInfo("America/New_York"))

    # when the manager checks it on the import page
    url = f"/clinic/{manager.clinic.public_id}/passports/import"
    page = client_for(manager).post(url, {"card_text": card}).content.decode()

    # then the time is New York's, named as New York's (EST or EDT), never called UTC
    assert f"<dd>{new_york:%-d %B %Y %H:%M} {new_york.tzname()}</dd>" in page
    assert f"{new_york:%-d %B %Y %H:%M} UTC" not in page


# --- h. the secret key can live apart from the data dir, out of its backups -----------------


@pytest.fixture
def key_apart(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A server whose data dir is backed up, with TOXFILL_SECRET_KEY_FILE in another folder."""
    monkeypatch.delenv("TOXFILL_SECRET_KEY", raising=False)
    monkeypatch.setenv("TOXFILL_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TOXFILL_SECRET_KEY_FILE", str(tmp_path / "keys" / "toxfill-key"))
    (tmp_path / "data").mkdir()
    return tmp_path / "keys" / "toxfill-key"


def test_it_reads_the_secret_key_from_the_file_toxfill_secret_key_file_names(
    key_apart: Path,
) -> None:
    key_apart.parent.mkdir()
    key_apart.write_text("a-key-kept-apart-from-the-data\n", encoding="utf-8")

    assert secret_key(debug=False) == "a-key-kept-apart-from-the-data"


def test_serve_creates_the_secret_key_where_toxfill_secret_key_file_says_not_in_the_data(
    key_apart: Path, tmp_path: Path
) -> None:
    create_secret_key(secret_key_file())

    assert stat.S_IMODE(key_apart.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_apart.parent.stat().st_mode) == 0o700
    assert list((tmp_path / "data").iterdir()) == []
