"""The SMART Health Link's manifest and files as toxfill serves them: what a receiver gets, what
it is refused and why, what the database keeps (no key, no manifest ID), and the access log."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from tests import health_cards
from tests.web.clinic.people import https_client
from tests.web.patient_link.test_health_cards import SITE, jwks_of
from typer.testing import CliRunner

from toxfill.cli import app
from toxfill.passport import shlink
from toxfill.passport.shlink import Reply
from toxfill.web.clinic.models import Membership
from toxfill.web.patient_link import throttle
from toxfill.web.patient_link.actions import IssuedLink, revoke_patient_link
from toxfill.web.patient_link.models import HealthLink, HealthLinkAccess, LinkAccess
from toxfill.web.patient_link.shlinks import share_record

RECIPIENT = "Lakeside Clinic"


@pytest.fixture
def shared(issued: IssuedLink) -> str:
    """The whole-record health link of a PDF Ana downloaded (made as the PDF makes it)."""
    from toxfill.knowledge import bundled_knowledge

    return share_record(issued.link, bundled_knowledge(), SITE + "/").text


def ask(text: str, body: object = None, client: Client | None = None) -> tuple[int, dict]:  # type: ignore[type-arg]
    """POST the manifest request a receiver sends (no session, no CSRF token)."""
    url = shlink.read_health_link(text).url
    sent = json.dumps({"recipient": RECIPIENT} if body is None else body)
    other = client or https_client(enforce_csrf_checks=True)
    reply = other.post(url[len(SITE) :], sent, content_type="application/json")
    return reply.status_code, reply.json()


def test_a_manifest_request_over_the_limit_is_413_json_a_receiver_can_read(shared: str) -> None:
    url = shlink.read_health_link(shared).url[len(SITE) :]
    body = json.dumps({"recipient": "x" * 70_000})

    reply = https_client(enforce_csrf_checks=True).post(url, body, content_type="application/json")

    assert reply.status_code == 413
    assert reply.json() == {"error": "the body is larger than 64 KB"}
    assert reply["Access-Control-Allow-Origin"] == "*"  # a browser receiver may read it


def test_it_answers_the_manifest_with_embedded_files_that_decrypt(
    shared: str, provider: Membership
) -> None:
    status, manifest = ask(shared)
    assert status == 200
    key = shlink.read_health_link(shared).key
    kinds = [f["contentType"] for f in manifest["files"]]
    assert kinds == ["application/smart-health-card", "application/fhir+json"]
    _cty, content = health_cards.decrypt(manifest["files"][0]["embedded"], key)
    (token,) = json.loads(content)["verifiableCredential"]
    health_cards.verify_card(token, jwks_of(provider))


def test_it_gives_a_short_lived_location_when_a_file_is_longer_than_the_receiver_takes(
    shared: str,
) -> None:
    status, manifest = ask(shared, {"recipient": RECIPIENT, "embeddedLengthMax": 10})
    assert status == 200
    location = manifest["files"][0]["location"]
    reply = https_client().get(location[len(SITE) :])
    assert reply.status_code == 200
    assert reply["Content-Type"] == "application/jose"
    cty, _ = health_cards.decrypt(reply.content.decode(), shlink.read_health_link(shared).key)
    assert cty == "application/smart-health-card"


def test_a_location_lapses(shared: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from toxfill.web.patient_link import shlinks

    _, manifest = ask(shared, {"recipient": RECIPIENT, "embeddedLengthMax": 0})
    monkeypatch.setattr(shlinks, "LOCATION_SECONDS", -1)
    reply = https_client().get(manifest["files"][0]["location"][len(SITE) :])
    assert reply.status_code == 404


def test_the_database_keeps_neither_the_key_nor_the_manifest_id(shared: str) -> None:
    link = shlink.read_health_link(shared)
    manifest_id = link.url.rsplit("/", 1)[1]
    row = HealthLink.objects.get()
    stored = json.dumps([row.digest, row.files, row.flag, str(row.public_id)])
    assert link.key not in stored
    assert manifest_id not in stored
    assert len(manifest_id) == 43  # 256 random bits


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param({}, "recipient", id="no_recipient"),
        pytest.param({"recipient": "   "}, "recipient", id="blank_recipient"),
        pytest.param({"recipient": 7}, "recipient", id="recipient_not_text"),
        pytest.param({"recipient": "a\nb"}, "recipient", id="recipient_with_a_line_break"),
        pytest.param({"recipient": "x" * 201}, "recipient", id="recipient_too_long"),
        pytest.param({"recipient": "ok", "embeddedLengthMax": -1}, "embeddedLengthMax", id="neg"),
        pytest.param(
            {"recipient": "ok", "embeddedLengthMax": True}, "embeddedLengthMax", id="bool"
        ),
        pytest.param(["recipient"], "body", id="not_an_object"),
    ],
)
def test_a_bad_request_is_a_422_naming_the_field(shared: str, body: object, field: str) -> None:
    status, reply = ask(shared, body)
    assert status == 422
    assert reply["field"] == field


def test_an_unknown_link_is_a_404(shared: str) -> None:
    url = shlink.read_health_link(shared).url
    other = url[:-43] + "A" * 43
    reply = https_client().post(
        other[len(SITE) :], json.dumps({"recipient": RECIPIENT}), content_type="application/json"
    )
    assert reply.status_code == 404


@pytest.mark.parametrize("how", ["revoked", "expired", "link_revoked", "stopped"])
def test_a_link_no_longer_active_is_a_404(
    shared: str, ana: Client, issued: IssuedLink, provider: Membership, how: str
) -> None:
    if how == "revoked":
        HealthLink.objects.update(revoked_at=timezone.now())
    elif how == "expired":
        HealthLink.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    elif how == "link_revoked":  # the clinic closed Ana's patient link: its health links close
        revoke_patient_link(provider, issued.link.public_id)
    else:  # Ana pressed "stop" on her passport page
        assert ana.post("/p/stop-sharing").status_code == 302
    status, _ = ask(shared)
    assert status == 404


def test_it_logs_each_request_with_its_recipient(shared: str) -> None:
    ask(shared)
    ask(shared)
    row = HealthLink.objects.get()
    assert row.access_count == 2
    assert list(HealthLinkAccess.objects.values_list("recipient", flat=True)) == [RECIPIENT] * 2
    assert LinkAccess.objects.filter(what="health link manifest").count() == 2


def test_it_is_rate_limited_per_client(shared: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(throttle, "PER_IP", 2)
    cache.clear()
    assert ask(shared)[0] == 200
    assert ask(shared)[0] == 200
    assert ask(shared)[0] == 429


def test_it_answers_a_browsers_preflight_and_refuses_a_get(shared: str) -> None:
    path = shlink.read_health_link(shared).url[len(SITE) :]
    preflight = Client().options(path)
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "Content-Type" in preflight["Access-Control-Allow-Headers"]
    assert Client().get(path).status_code == 405


def test_the_import_page_reads_a_pasted_health_link(
    shared: str, manager: Membership, client_for: Callable[[Membership], Client]
) -> None:
    url = f"/clinic/{manager.clinic.public_id}/passports/import"
    page = client_for(manager).post(url, {"card_text": shared})
    text = page.content.decode()
    assert page.status_code == 200, text
    assert "SMART Health Link" in text
    assert "Verified: signed by its issuer and unchanged" in text
    assert "unsigned FHIR file" in text
    assert HealthLinkAccess.objects.get().recipient == "Riverside"  # who asked, as it was told


def test_the_cli_reads_a_health_link(
    shared: str, provider: Membership, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The network is the test client here: the CLI's own transport (urllib) is tested in core.
    other = https_client(enforce_csrf_checks=True)

    def transport(method: str, url: str, body: bytes | None) -> Reply:
        path = url[len(SITE) :]
        reply = (
            other.post(path, body, content_type="application/json")
            if method == "POST"
            else other.get(path)
        )
        return Reply(reply.status_code, reply["Content-Type"], reply.content)

    monkeypatch.setattr("toxfill.passport.fetch.http_transport", lambda **_: transport)
    (tmp_path / "jwks.json").write_text(json.dumps(jwks_of(provider)))
    args = ["passport", "verify", shared, "--keys", str(tmp_path / "jwks.json")]
    result = CliRunner().invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    checked = json.loads(result.output)
    assert checked["schema"] == "toxfill.health-link-check/1"
    card, fhir = checked["files"]
    assert card["verified"] is True
    assert fhir == {
        "content_type": "application/fhir+json",
        "signed": False,
        "resources": fhir["resources"],
    }
    text = CliRunner().invoke(app, args)
    assert text.exit_code == 0
    assert "Not signed" in text.output
    assert HealthLinkAccess.objects.first().recipient == "toxfill passport verify"  # type: ignore[union-attr]
