"""What a patient's link opened is in the clinic's audit chain with the team's own views: each
link-access and health-link-access row takes the next place, and `toxfill audit verify` names
one changed or removed straight in the database (with SQL, the triggers out of the way, as the
database's owner could)."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from tests.audit_triggers import triggers_off
from typer.testing import CliRunner

from toxfill.cli import app
from toxfill.knowledge import bundled_knowledge
from toxfill.web.clinic.models import AuditChainHead, Membership
from toxfill.web.patient_link.actions import IssuedLink, record_link_view
from toxfill.web.patient_link.models import HealthLink, HealthLinkAccess, LinkAccess
from toxfill.web.patient_link.shlinks import record_access, share_record


@pytest.fixture
def opened(issued: IssuedLink) -> IssuedLink:
    """Ana opened her record and her plan, and a clinic she named read her health link."""
    record_link_view(issued.link, "record")
    record_link_view(issued.link, "plan")
    share_record(issued.link, bundled_knowledge(), "https://testserver/")
    record_access(HealthLink.objects.get(), "Lakeside Clinic", "manifest")
    return issued


def _verify() -> tuple[int, str]:
    result = CliRunner().invoke(app, ["audit", "verify"])
    return result.exit_code, result.output


def test_link_accesses_take_the_next_places_in_the_clinics_chain(
    opened: IssuedLink, provider: Membership
) -> None:
    rows = list(LinkAccess.objects.filter(clinic_id=provider.clinic_id).order_by("chain_seq"))
    shared = HealthLinkAccess.objects.get(clinic_id=provider.clinic_id)
    places = [row.chain_seq for row in rows]
    assert places == sorted(places)
    assert rows[-1].chain_seq == shared.chain_seq + 1  # logged on both sides, in that order
    head = AuditChainHead.objects.get(clinic_id=provider.clinic_id)
    assert head.seq == rows[-1].chain_seq
    code, output = _verify()
    assert code == 0, output


def test_verify_names_a_link_access_changed_in_the_database(
    opened: IssuedLink, provider: Membership
) -> None:
    # given the record Ana opened rewritten, as if she had only opened her plan
    row = LinkAccess.objects.filter(clinic_id=provider.clinic_id).order_by("chain_seq").first()
    assert row is not None
    with triggers_off(connection), connection.cursor() as cursor:
        cursor.execute(
            'UPDATE "patient_link_linkaccess" SET what = %s WHERE id = %s', ["plan", row.pk]
        )
    code, output = _verify()
    assert code == 1
    assert f"changed at place {row.chain_seq}: patient_link_linkaccess row {row.pk}" in output


def test_verify_names_a_health_link_access_removed_in_the_database(
    opened: IssuedLink, provider: Membership
) -> None:
    gone = HealthLinkAccess.objects.get(clinic_id=provider.clinic_id)
    with triggers_off(connection), connection.cursor() as cursor:
        cursor.execute('DELETE FROM "patient_link_healthlinkaccess" WHERE id = %s', [gone.pk])
    code, output = _verify()
    assert code == 1
    assert f"removed at place {gone.chain_seq}: place {gone.chain_seq} is missing" in output


def test_the_database_refuses_to_change_them_whoever_asks(opened: IssuedLink) -> None:
    for table in ("patient_link_linkaccess", "patient_link_healthlinkaccess"):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(f'DELETE FROM "{table}"')
