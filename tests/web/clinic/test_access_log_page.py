"""The access log for auditors (issue 22): who opened which patient's record, what and when,
newest first, for the clinic or one patient, a keyset page at a time; for auditors only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from toxfill.web.clinic.models import Membership, Patient, PatientAccess
from toxfill.web.clinic.views import access_log


def _log(member: Membership) -> str:
    return f"/clinic/{member.clinic.public_id}/access-log/"


def test_the_auditor_sees_who_opened_a_record_newest_first(
    provider: Membership,
    auditor: Membership,
    patient: Patient,
    client_for: Callable[[Membership], Client],
) -> None:
    client_for(provider).get(f"/clinic/{provider.clinic.public_id}/patients/{patient.public_id}/")

    page = client_for(auditor).get(_log(auditor)).content.decode()

    body = page.split("<tbody>", 1)[1]
    assert body.index("record") < body.index("</tbody>")
    assert "paula" in body.lower()
    assert f"?patient={patient.public_id}" in body
    assert 'aria-current="page">Access log</a>' in page


def test_it_pages_back_through_the_log_without_counting_it(
    provider: Membership,
    auditor: Membership,
    patient: Patient,
    client_for: Callable[[Membership], Client],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(access_log, "PER_PAGE", 3)
    start = timezone.now() - dt.timedelta(hours=1)
    for minute in range(7):  # two share a time: the page's edge holds them apart by row ID
        PatientAccess.objects.create(
            clinic_id=provider.clinic_id,
            member=provider,
            patient=patient,
            what=f"entry {minute}",
            viewed_at=start + dt.timedelta(minutes=min(minute, 5)),
        )
    client = client_for(auditor)
    seen: list[str] = []
    url = f"{_log(auditor)}?patient={patient.public_id}"
    while url:
        page = client.get(url).content.decode()
        seen += [line.split("<td>")[-1] for line in page.split("</td></tr>")[:-1]]
        older = page.split('<a rel="next" href="', 1)
        url = (
            _log(auditor) + older[1].split('"', 1)[0].replace("&amp;", "&")
            if len(older) > 1
            else ""
        )
    entries = [s for s in seen if s.startswith("entry")]
    assert entries == [f"entry {n}" for n in (6, 5, 4, 3, 2, 1, 0)]


def test_only_auditors_open_it_and_a_bad_place_is_named(
    provider: Membership, auditor: Membership, client_for: Callable[[Membership], Client]
) -> None:
    assert client_for(provider).get(_log(provider)).status_code == 403
    bad = client_for(auditor).get(_log(auditor), {"before": "yesterday"})
    assert bad.status_code == 422
    assert "before: is not a place in the log" in bad.content.decode()
