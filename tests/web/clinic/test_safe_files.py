"""Files and headers that cannot be turned against their reader: every CSV the clinic writes
shows formulas as text and starts with a UTF-8 byte order mark; every download name is a safe
slug, whatever the lot number held; names refuse invisible characters, and lot numbers and
serials hold only what a product label prints. Each export is read back with a parser toxfill
does not use to write it (the csv module, the email package's header parser)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal
from email.message import Message
from typing import Any

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from toxfill.web.clinic.actions.lots import receive_lot
from toxfill.web.clinic.actions.patients import register_patient
from toxfill.web.clinic.models import (
    InjectionPoint,
    Membership,
    Patient,
    ProductLot,
    TreatmentSession,
)
from toxfill.web.downloads import (
    BYTE_ORDER_MARK as MARK,
)
from toxfill.web.downloads import (
    CHUNK_CHARACTERS,
    FORMULA_STARTS,
    csv_lines,
    download_name,
    spreadsheet_cell,
)

Url = Callable[[Membership, str], str]
Browser = Callable[[Membership], Client]

BYTE_ORDER_MARK = b"\xef\xbb\xbf"
FORMULA = '=HYPERLINK("http://x","y")'
PHONE = "+1 555 0100"
NOTE = "-2+3"  # no CSV carries free notes; a lot number may be this (GS1 labels allow it)
LABEL_EXPIRY = dt.date(dt.date.today().year + 3, 1, 31)
VOLUMA_LABEL = f"010088999912345317{LABEL_EXPIRY:%y%m%d}10"  # the lot follows AI 10
TYPED_LOT = {"product": "botox", "quantity": "100", "expires_on": "2028-05-01"}


def _page(member: Membership, path: str) -> str:
    return f"/clinic/{member.clinic.public_id}/{path}"


def _rows(response: Any) -> tuple[bytes, list[list[str]]]:
    """The raw bytes of a CSV download, and its rows as Python's csv module reads them."""
    body = b"".join(response.streaming_content)
    return body, list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def _disposition(response: Any) -> Message:
    """The Content-Disposition header as the email package (RFC 2183, RFC 2231) parses it."""
    header = Message()
    header["Content-Disposition"] = response["Content-Disposition"]
    return header


@pytest.fixture
def hostile(manager: Membership, front_desk: Membership, provider: Membership) -> ProductLot:
    """A patient whose name is a formula and whose phone starts with +, treated from a lot
    numbered -2+3: each would run in a spreadsheet if written as it is."""
    lot = receive_lot(
        manager, product="botox", quantity=Decimal(100), lot_number=NOTE, expires_on=LABEL_EXPIRY
    )
    patient = register_patient(
        front_desk,
        given_name=FORMULA,
        family_name="Silva",
        date_of_birth=dt.date(1985, 4, 2),
        phone=PHONE,
    )
    session = TreatmentSession.objects.create(
        clinic_id=provider.clinic_id,
        patient=patient,
        provider=provider,
        performed_at=dt.datetime(2026, 1, 5, 15, tzinfo=dt.UTC),
    )
    InjectionPoint.objects.create(
        clinic_id=provider.clinic_id,
        session=session,
        zone="glabella",
        product="botox",
        lot=lot,
        dose=Decimal("20"),
        unit="U",
    )
    return lot


# -- CSV ---------------------------------------------------------------------------------


def test_it_writes_formula_cells_of_the_recall_csv_as_text(
    provider: Membership, hostile: ProductLot, client_for: Browser
) -> None:
    # given a recall of the lot used for the patient with the formula for a name
    response = client_for(provider).get(_page(provider, f"lots/{hostile.public_id}/recall.csv"))
    # when it is read back
    body, rows = _rows(response)
    # then it starts with the byte order mark, and every dangerous cell is behind a quote
    assert body.startswith(BYTE_ORDER_MARK)
    header, line = rows
    cell = dict(zip(header, line, strict=True))
    assert cell["patient"] == f"'{FORMULA} Silva"
    assert cell["phone"] == f"'{PHONE}"
    assert cell["lot"] == f"'{NOTE}"
    # and what was safe is written as it was: the dose is still a number
    assert (cell["dose"], cell["zone"], cell["provider"]) == ("20.00", "glabella", "Paula Reyes")


@pytest.mark.parametrize(
    "path", ["exports/sessions.csv", "exports/points.csv", "lots/{lot}/recall.csv"]
)
def test_it_starts_every_clinic_csv_with_the_byte_order_mark_and_no_formula(
    path: str, provider: Membership, hostile: ProductLot, client_for: Browser
) -> None:
    response = client_for(provider).get(_page(provider, path.format(lot=hostile.public_id)))

    body, rows = _rows(response)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert body.startswith(BYTE_ORDER_MARK)
    assert len(rows) > 1
    assert not [c for row in rows for c in row if c[:1] in ("=", "+", "-", "@", "\t", "\r")]


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        pytest.param(FORMULA, "'" + FORMULA, id="equals"),
        pytest.param(PHONE, "'" + PHONE, id="plus_phone_stays_readable"),
        pytest.param(NOTE, "'" + NOTE, id="minus"),
        pytest.param("@SUM(A1:A9)", "'@SUM(A1:A9)", id="at"),
        pytest.param("\t=1+1", "'\t=1+1", id="tab"),
        pytest.param("\r=1+1", "'\r=1+1", id="carriage_return"),
        pytest.param("  =1+1", "'  =1+1", id="formula_after_spaces"),
        pytest.param("\uff1d1+1", "'\uff1d1+1", id="full_width_equals"),
        pytest.param("Ana Silva", "Ana Silva", id="plain_text"),
        pytest.param("a=b", "a=b", id="equals_inside"),
        pytest.param(Decimal("-0.5"), Decimal("-0.5"), id="a_number_stays_a_number"),
        pytest.param(20, 20, id="a_count"),
        pytest.param(None, "", id="nothing"),
    ],
)
def test_it_writes_a_cell_a_spreadsheet_would_run_behind_a_quote(
    value: object, cell: object
) -> None:
    assert spreadsheet_cell(value) == cell


@given(
    st.one_of(
        st.text(),
        st.text(alphabet=" =+-@\t\rx\uff1d", max_size=6),
        st.none(),
        st.booleans(),
        st.integers(),
        st.decimals(allow_nan=False, allow_infinity=False),
        st.uuids(),
        st.dates(),
    )
)
def test_a_cell_is_quoted_exactly_when_a_spreadsheet_would_run_it(value: object) -> None:
    cell = spreadsheet_cell(value)

    if value is None:
        assert cell == ""
    elif isinstance(value, int | Decimal):  # bool too
        assert cell is value
    else:
        text = str(value)
        runs = text[:1] in FORMULA_STARTS or text.lstrip(" ")[:1] in FORMULA_STARTS
        assert cell == ("'" + text if runs else text)


def test_a_long_csv_goes_in_pieces_that_read_back_as_its_rows() -> None:
    rows = [("session", "note")] + [(str(n), f'=cmd{n}, "quoted"\nline') for n in range(5000)]

    pieces = list(csv_lines(rows))

    assert 1 < len(pieces) < 20  # not one piece a row
    assert all(len(piece) < CHUNK_CHARACTERS + 200 for piece in pieces)
    text = "".join(pieces)
    assert text.startswith(MARK)
    read = list(csv.reader(io.StringIO(text.removeprefix(MARK))))
    assert read[0] == ["session", "note"]
    assert read[1:] == [[n, "'" + note] for n, note in rows[1:]]


# -- download names ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lot_number", "filename"),
    [
        pytest.param('A";x=y', "recall-A-x-y.csv", id="quote_adds_a_parameter"),
        pytest.param("A\r\nSet-Cookie: a=b", "recall-A-Set-Cookie-a-b.csv", id="cr_lf"),
        pytest.param("Lot É1", "recall-Lot-E1.csv", id="accent_and_space"),
    ],
)
def test_it_names_a_recall_download_safely_whatever_the_lot_number_held(
    lot_number: str,
    filename: str,
    provider: Membership,
    botox_lot: ProductLot,
    client_for: Browser,
) -> None:
    # given a lot whose number was stored before lot numbers were checked
    ProductLot.objects.filter(pk=botox_lot.pk).update(lot_number=lot_number)
    # when its recall is downloaded
    response = client_for(provider).get(_page(provider, f"lots/{botox_lot.public_id}/recall.csv"))
    # then a parser that is not toxfill's reads one attachment with a safe file name
    header = _disposition(response)
    assert response.status_code == 200
    assert header.get_content_disposition() == "attachment"
    assert header.get_filename() == filename
    params = header.get_params(header="content-disposition") or []
    assert [name for name, _ in params] == ["attachment", "filename"]


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        pytest.param("recall-C1234A.csv", "recall-C1234A.csv", id="already_safe"),
        pytest.param("../../etc/passwd", "etc-passwd", id="path"),
        pytest.param(".profile", "profile", id="hidden_file"),
        pytest.param("\u202egpj.exe", "gpj.exe", id="right_to_left_override"),
        pytest.param('";\r\n', "download", id="nothing_left"),
        pytest.param("a" * 200 + ".csv", "a" * 116 + ".csv", id="long_keeps_its_suffix"),
    ],
)
def test_it_makes_a_download_name_of_safe_characters(name: str, safe: str) -> None:
    assert download_name(name) == safe


def test_it_names_the_fhir_and_medwatch_downloads_through_the_same_slug(
    provider: Membership, patient: Patient, charted: TreatmentSession, client_for: Browser
) -> None:
    client = client_for(provider)
    event = charted.events.get()

    fhir = _disposition(client.get(_page(provider, f"patients/{patient.public_id}/fhir.json")))
    medwatch = _disposition(client.get(_page(provider, f"events/{event.public_id}/medwatch.txt")))
    pdf = _disposition(client.get(_page(provider, f"events/{event.public_id}/medwatch.pdf")))

    assert fhir.get_filename() == f"patient-{patient.public_id}.json"
    assert medwatch.get_filename() == f"medwatch-{event.public_id}.txt"
    assert pdf.get_filename() == f"medwatch-{event.public_id}.pdf"


# -- lot numbers and serials -------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        pytest.param("lot_number", 'AB"1', id="lot_with_a_quote"),
        pytest.param("lot_number", "AB\r\n1", id="lot_with_cr_lf"),
        pytest.param("lot_number", "AB\u202e1", id="lot_with_an_override"),
        pytest.param("serial", 'SN"1', id="serial_with_a_quote"),
        pytest.param("serial", "SN\n1", id="serial_with_a_line_feed"),
    ],
)
def test_it_refuses_a_lot_number_or_serial_no_label_prints(
    field: str, value: str, manager: Membership, client_for: Browser, at: Url
) -> None:
    body = {**TYPED_LOT, "lot_number": "C1", field: value}

    response = client_for(manager).post(at(manager, "/lots"), body, content_type="application/json")

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", field]
    assert "letters A-Z and a-z, digits and" in error["msg"]
    assert not ProductLot.objects.exists()


def test_it_refuses_a_typed_lot_number_with_a_line_break_on_the_lots_page(
    manager: Membership, client_for: Browser
) -> None:
    response = client_for(manager).post(
        _page(manager, "lots/"),
        {**TYPED_LOT, "lot_number": "AB\r\n1"},
    )

    assert response.status_code == 422
    assert "not a code a product label prints" in response.content.decode()
    assert not ProductLot.objects.exists()


def test_it_refuses_a_scanned_label_whose_lot_holds_a_quote(
    manager: Membership, client_for: Browser, at: Url
) -> None:
    response = client_for(manager).post(
        at(manager, "/lots"),
        {"product": "juvederm-voluma", "quantity": "2", "barcode": VOLUMA_LABEL + 'AB"1'},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "lot_number"]


def test_it_still_receives_a_lot_number_a_label_prints_with_punctuation(
    manager: Membership, client_for: Browser, at: Url
) -> None:
    response = client_for(manager).post(
        at(manager, "/lots"),
        {**TYPED_LOT, "lot_number": "C1/2-3.4"},
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    assert response.json()["lot_number"] == "C1/2-3.4"


# -- names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "name"),
    [
        pytest.param("given_name", "Ana\u202eavlis", id="right_to_left_override"),
        pytest.param("family_name", "Silva\u2066", id="isolate"),
        pytest.param("family_name", "Sil\u200fva", id="right_to_left_mark"),
        pytest.param("given_name", "Ana\tSilva", id="tab"),
        pytest.param("given_name", "Ana\nSilva", id="line_feed_inside"),
    ],
)
def test_it_refuses_a_patient_name_with_an_invisible_character(
    field: str, name: str, front_desk: Membership, client_for: Browser, at: Url
) -> None:
    body = {"given_name": "Ana", "family_name": "Silva", "date_of_birth": "1985-04-02"}

    response = client_for(front_desk).post(
        at(front_desk, "/patients"), {**body, field: name}, content_type="application/json"
    )

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", field]
    assert "invisible character U+" in error["msg"]
    assert "letters of any script" in error["msg"]
    assert not Patient.objects.exists()


def test_it_refuses_an_override_when_a_patients_name_is_changed(
    front_desk: Membership, patient: Patient, client_for: Browser, at: Url
) -> None:
    response = client_for(front_desk).patch(
        at(front_desk, f"/patients/{patient.public_id}"),
        {"version": patient.version, "family_name": "\u202eavlis"},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "family_name"]
    assert "U+202E" in response.json()["detail"][0]["msg"]


def test_it_refuses_an_override_in_a_clinicians_name(
    manager: Membership, client_for: Browser, at: Url
) -> None:
    response = client_for(manager).post(
        at(manager, "/members"),
        {
            "username": "nina",
            "role": "provider",
            "password": "a long passphrase 42",
            "last_name": "Berg\u202e",
        },
        content_type="application/json",
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "last_name"]


def test_it_refuses_an_override_in_who_signed_a_consent_on_the_patients_page(
    front_desk: Membership, patient: Patient, client_for: Browser
) -> None:
    response = client_for(front_desk).post(
        _page(front_desk, f"patients/{patient.public_id}/"),
        {"treatment": "photo", "text_version": "2026-01", "signed_by": "Ana\u202eavlis"},
    )

    assert response.status_code == 422
    assert "U+202E" in response.content.decode()
    assert not patient.consents.filter(treatment="photo").exists()


def test_it_still_registers_names_in_any_script(
    front_desk: Membership, client_for: Browser, at: Url
) -> None:
    body = {"given_name": "Zoë-Łucja", "family_name": "O'Brien أحمد", "date_of_birth": "1985-04-02"}

    response = client_for(front_desk).post(
        at(front_desk, "/patients"), body, content_type="application/json"
    )

    assert response.status_code == 201, response.content
    assert (response.json()["given_name"], response.json()["family_name"]) == (
        "Zoë-Łucja",
        "O'Brien أحمد",
    )


def test_it_still_reads_a_name_stored_before_names_were_checked(
    front_desk: Membership, patient: Patient, client_for: Browser, at: Url
) -> None:
    Patient.objects.filter(pk=patient.pk).update(family_name="Sil\u202eva")

    response = client_for(front_desk).get(at(front_desk, f"/patients/{patient.public_id}"))

    assert response.status_code == 200
    assert response.json()["family_name"] == "Sil\u202eva"


def test_it_shows_a_name_written_as_markup_as_text_on_the_pages(
    front_desk: Membership, client_for: Browser, at: Url
) -> None:
    # given a family name that is markup (names take any character but control ones)
    markup = '<img src=x onerror="alert(1)">'
    body = {"given_name": "Eve", "family_name": markup, "date_of_birth": "1985-04-02"}
    created = client_for(front_desk).post(
        at(front_desk, "/patients"), body, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    home = f"/clinic/{front_desk.clinic.public_id}/"
    # when the front desk opens the list and the patient's page
    for page in (f"{home}patients/?q=Eve", f"{home}patients/{created.json()['id']}/"):
        html = client_for(front_desk).get(page).content.decode()
        # then the name is there as text, never as an element
        assert markup not in html, page
        assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html, page


@pytest.mark.parametrize("q", ["' OR '1'='1", "Silva' --", "%", "_"])
def test_it_searches_for_sql_text_as_plain_text(
    q: str, front_desk: Membership, patient: Patient, client_for: Browser
) -> None:
    page = f"/clinic/{front_desk.clinic.public_id}/patients/"

    found = client_for(front_desk).get(page, {"q": q})
    control = client_for(front_desk).get(page, {"q": "Silva"})

    assert found.status_code == 200
    # quotes and wildcards match only themselves: Ana Silva is not listed
    assert str(patient.public_id) not in found.content.decode()
    assert str(patient.public_id) in control.content.decode()
