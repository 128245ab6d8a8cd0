"""The patient link's fixtures: the clinic personas and data (tests/web/clinic), a charted
session for Ana with a link she opened, and a clean rate-limit count per test."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from tests.web.clinic.conftest import *  # noqa: F403 - the clinic personas and data
from tests.web.clinic.people import https_client

from toxfill.web.clinic.models import Membership, Patient, TreatmentSession
from toxfill.web.patient_link.actions import IssuedLink, issue_patient_link


@pytest.fixture(autouse=True)
def _fresh_rate_limits(request: pytest.FixtureRequest) -> Iterator[None]:
    # The counts live in the database cache: a test without the database has none.
    if not {"db", "transactional_db"} & set(request.fixturenames):
        yield
        return
    database = "transactional_db" if "transactional_db" in request.fixturenames else "db"
    request.getfixturevalue(database)
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def dilution(charted: TreatmentSession) -> TreatmentSession:
    """Ana's Botox session, its vial mixed with 2.5 mL."""
    charted.points.update(dilution_ml=Decimal("2.5"))
    return charted


@pytest.fixture
def issued(provider: Membership, patient: Patient, dilution: TreatmentSession) -> IssuedLink:
    """The link paula, her provider, printed on Ana's aftercare sheet."""
    return issue_patient_link(provider, patient.public_id)


@pytest.fixture
def ana(issued: IssuedLink) -> Client:
    """Ana's phone, with her link opened."""
    browser = https_client()
    response = browser.get(f"/p/{issued.token}")
    assert response.status_code == 302
    return browser


@pytest.fixture
def liam_link(outsider: Membership, lakeside_patient: Patient) -> IssuedLink:
    """A link of Lakeside's patient Liam, at the other clinic."""
    return issue_patient_link(outsider, lakeside_patient.public_id, days=30)
