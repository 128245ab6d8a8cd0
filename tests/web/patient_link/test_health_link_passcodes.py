"""A SMART Health Link that needs a passcode (flag P): made by the patient on the passport page,
its manifest refused without the right passcode as the spec says (401 with
`remainingAttempts`), and stopped for good after too many wrong ones; read by the independent
verifier (tests/health_cards.py) and by toxfill's own reader."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable

import pytest
from django.db import close_old_connections, connection
from django.test import Client
from tests import health_cards
from tests.web.clinic.people import https_client
from tests.web.patient_link.test_health_cards import SITE, jwks_of

from toxfill.errors import InputError
from toxfill.knowledge import bundled_knowledge
from toxfill.passport import PassportError, shlink
from toxfill.passport.shlink import Reply
from toxfill.web.clinic.models import Membership
from toxfill.web.patient_link.actions import IssuedLink
from toxfill.web.patient_link.models import HealthLink, HealthLinkAccess
from toxfill.web.patient_link.shlinks import PASSCODE_ATTEMPTS, share_record

PASSCODE = "tulip-7391"
RECIPIENT = "Lakeside Clinic"


@pytest.fixture
def guarded(issued: IssuedLink) -> str:
    """A whole-record health link Ana made with a passcode."""
    return share_record(issued.link, bundled_knowledge(), SITE + "/", passcode=PASSCODE).text


def _post(client: Client) -> health_cards.Post:
    def post(url: str, body: bytes) -> tuple[int, bytes]:
        reply = client.post(url[len(SITE) :], body, content_type="application/json")
        return reply.status_code, reply.content

    return post


def _get(client: Client) -> health_cards.Get:
    def get(url: str) -> tuple[int, str, bytes]:
        reply = client.get(url[len(SITE) :])
        return reply.status_code, reply["Content-Type"], reply.content

    return get


def resolve(text: str, passcode: str | None) -> list[tuple[str, bytes]]:
    """What the spec's reader gets, through the site as a receiver reaches it."""
    client = https_client(enforce_csrf_checks=True)
    return health_cards.resolve_shlink(
        text, _post(client), _get(client), RECIPIENT, passcode=passcode
    )


def test_a_link_with_a_passcode_is_flagged_p_and_opens_with_it(
    guarded: str, provider: Membership
) -> None:
    # given a link made with a passcode
    assert health_cards.read_shlink(guarded)["flag"] == "P"
    # when a receiver asks with the passcode
    files = resolve(guarded, PASSCODE)
    # then it gets the signed card and the FHIR bundle, and the card verifies
    assert [cty for cty, _ in files] == ["application/smart-health-card", "application/fhir+json"]
    (token,) = json.loads(files[0][1])["verifiableCredential"]
    health_cards.verify_card(token, jwks_of(provider))


@pytest.mark.parametrize("passcode", [None, "tulip-7390", ""], ids=["none", "wrong", "empty"])
def test_without_the_right_passcode_the_manifest_is_a_401_saying_the_attempts_left(
    guarded: str, passcode: str | None
) -> None:
    # when a receiver asks without the passcode, or with a wrong one
    with pytest.raises(health_cards.PasscodeRefused) as refused:
        resolve(guarded, passcode)
    # then no file is given, and the 401 says how many attempts are left: a missing or empty
    # passcode spends none (a reader unaware of passcodes cannot stop the link), a wrong one
    # spends one
    spent = 1 if passcode else 0
    assert refused.value.remaining == PASSCODE_ATTEMPTS - spent


def test_the_last_wrong_passcode_stops_the_link_for_good(guarded: str) -> None:
    # given every attempt but one spent on wrong passcodes
    for left in range(PASSCODE_ATTEMPTS - 1, 0, -1):
        with pytest.raises(health_cards.PasscodeRefused) as refused:
            resolve(guarded, f"guess-{left}")
        assert refused.value.remaining == left
    # when the last wrong one comes
    with pytest.raises(health_cards.PasscodeRefused) as refused:
        resolve(guarded, "guess-0")
    # then it says none are left, and from then on the link is not active: even the right
    # passcode gets the 404 of any link no longer active
    assert refused.value.remaining == 0
    with pytest.raises(health_cards.Invalid, match="answers 200 \\(got 404\\)"):
        resolve(guarded, PASSCODE)


def test_each_refusal_is_in_the_access_log_with_its_recipient(guarded: str) -> None:
    for passcode in (None, "wrong-one"):
        with pytest.raises(health_cards.PasscodeRefused):
            resolve(guarded, passcode)
    assert list(HealthLinkAccess.objects.order_by("id").values_list("what", "recipient")) == [
        ("no passcode", RECIPIENT),
        ("wrong passcode", RECIPIENT),
    ]


def test_the_database_keeps_a_hash_of_the_passcode_not_the_passcode(guarded: str) -> None:
    row = HealthLink.objects.get()
    assert row.flag == "P"
    assert PASSCODE not in json.dumps([row.passcode_hash, row.files, row.digest])
    assert row.passcode_hash


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has one writer at a time: no race to lose"
)
@pytest.mark.django_db(transaction=True)
def test_two_wrong_guesses_at_once_spend_two_attempts(issued: IssuedLink) -> None:
    # given a link with a passcode, guessed at by two receivers at the same moment
    text = share_record(issued.link, bundled_knowledge(), SITE + "/", passcode=PASSCODE).text
    left: list[int] = []

    def guess(n: int) -> None:
        try:
            with pytest.raises(health_cards.PasscodeRefused) as refused:
                resolve(text, f"wrong-{n}")
            left.append(refused.value.remaining)
        finally:
            close_old_connections()

    barrier = threading.Barrier(2)
    threads = [threading.Thread(target=lambda n=n: (barrier.wait(), guess(n))) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then each spent its own attempt: the counts left are distinct, and two are gone
    assert sorted(left) == [PASSCODE_ATTEMPTS - 2, PASSCODE_ATTEMPTS - 1]
    assert HealthLink.objects.get().passcode_attempts_left == PASSCODE_ATTEMPTS - 2


@pytest.mark.parametrize("passcode", ["short", "x" * 201, "two\nlines"])
def test_it_refuses_a_passcode_too_short_too_long_or_with_a_line_break(
    issued: IssuedLink, passcode: str
) -> None:
    with pytest.raises(InputError, match="passcode"):
        share_record(issued.link, bundled_knowledge(), SITE + "/", passcode=passcode)


def test_ana_makes_a_code_with_a_passcode_on_her_passport_page(ana: Client) -> None:
    # when Ana chooses a passcode on her passport page
    page = ana.post("/p/share", {"passcode": PASSCODE})
    # then she sees the code once, as a QR code and as text, and it opens with her passcode
    text = page.content.decode()
    assert page.status_code == 200, text
    assert "<svg" in text
    shared = re.search(r"shlink:/[A-Za-z0-9_-]+", text)
    assert shared is not None
    assert health_cards.read_shlink(shared[0])["flag"] == "P"
    assert len(resolve(shared[0], PASSCODE)) == 2


def test_a_passcode_too_short_on_the_page_is_a_422_saying_so(ana: Client) -> None:
    page = ana.post("/p/share", {"passcode": "abc"})
    assert page.status_code == 422
    assert "Your passcode must be 6 to 200 characters" in page.content.decode()
    assert not HealthLink.objects.exists()


def test_toxfills_own_reader_asks_for_the_passcode_and_says_the_attempts_left(
    guarded: str,
) -> None:
    client = https_client(enforce_csrf_checks=True)

    def transport(method: str, url: str, body: bytes | None) -> Reply:
        reply = client.post(url[len(SITE) :], body, content_type="application/json")
        return Reply(reply.status_code, reply["Content-Type"], reply.content)

    link = shlink.read_health_link(guarded)
    with pytest.raises(PassportError, match="needs a passcode"):
        shlink.fetch_files(link, transport, recipient=RECIPIENT)
    with pytest.raises(PassportError, match=f"{PASSCODE_ATTEMPTS - 1} tries left"):
        shlink.fetch_files(link, transport, recipient=RECIPIENT, passcode="nope-nope")
    assert len(shlink.fetch_files(link, transport, recipient=RECIPIENT, passcode=PASSCODE)) == 2


def test_the_import_page_reads_a_link_with_its_passcode_and_says_when_it_is_wrong(
    guarded: str, manager: Membership, client_for: Callable[[Membership], Client]
) -> None:
    url = f"/clinic/{manager.clinic.public_id}/passports/import"
    wrong = client_for(manager).post(url, {"card_text": guarded, "passcode": "nope-nope"})
    assert wrong.status_code == 422
    assert f"the passcode is wrong ({PASSCODE_ATTEMPTS - 1} tries left)" in wrong.content.decode()
    page = client_for(manager).post(url, {"card_text": guarded, "passcode": PASSCODE})
    assert page.status_code == 200, page.content.decode()
    assert "Verified: signed by its issuer and unchanged" in page.content.decode()
