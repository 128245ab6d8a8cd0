"""A moment sent to the clinic API with any offset RFC 3339 allows is kept as the same instant
in UTC: PostgreSQL refuses offsets beyond 15:59, which was a 500 there (found by the stateful
fuzzing on PostgreSQL: a consent signed at +18:32)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from toxfill.web.clinic.models import Consent, Membership, Patient


@pytest.mark.parametrize("offset", ["+18:32", "-23:59", "+00:00", "Z"])
def test_a_consent_signed_at_any_offset_is_kept_as_the_same_instant(
    front_desk: Membership,
    patient: Patient,
    client_for: Callable[[Membership], Client],
    at: Callable[[Membership, str], str],
    offset: str,
) -> None:
    body = {
        "treatment": "photo",
        "text_version": "2026-01",
        "signed_at": f"2026-11-24T13:15:50{offset}",
        "signed_by": "Ana Silva",
    }
    answer = client_for(front_desk).post(
        at(front_desk, f"/patients/{patient.public_id}/consents"), body, "application/json"
    )
    assert answer.status_code == 201, answer.content
    given = dt.datetime.fromisoformat(body["signed_at"].replace("Z", "+00:00"))
    kept = Consent.objects.filter(clinic_id=front_desk.clinic_id, treatment="photo").get()
    assert kept.signed_at == given


def test_a_moment_before_year_1_in_utc_is_refused_naming_the_field(
    front_desk: Membership,
    patient: Patient,
    client_for: Callable[[Membership], Client],
    at: Callable[[Membership, str], str],
) -> None:
    body = {
        "treatment": "photo",
        "text_version": "2026-01",
        "signed_at": "0001-01-01T00:00:00+18:00",
        "signed_by": "Ana Silva",
    }
    answer = client_for(front_desk).post(
        at(front_desk, f"/patients/{patient.public_id}/consents"), body, "application/json"
    )
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"][-1] == "signed_at"
