"""A clinic has one current signing key, even when two first passports are made at once: the
database refuses a second, and the request that loses the race signs with the winner's key."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, transaction

from toxfill import passport
from toxfill.web.clinic.models import ClinicKey, Membership
from toxfill.web.clinic.signing import keys


def test_the_database_refuses_a_second_current_key(manager: Membership) -> None:
    keys.signing_key(manager.clinic)
    with pytest.raises(IntegrityError), transaction.atomic():
        keys._create(manager.clinic_id, passport.new_signing_key())
    assert ClinicKey.objects.filter(clinic_id=manager.clinic_id).count() == 1


def test_the_request_that_loses_the_race_signs_with_the_winners_key(
    manager: Membership, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given another request makes the clinic's first key while this one is making its own
    winner = passport.new_signing_key()
    real_new_key = passport.new_signing_key

    def new_key_while_another_request_wins() -> dict[str, Any]:
        keys._create(manager.clinic_id, winner)
        return real_new_key()

    monkeypatch.setattr(keys.passport, "new_signing_key", new_key_while_another_request_wins)
    # then this request signs with the winner's key, and the clinic has that one key
    assert keys.signing_key(manager.clinic)["kid"] == winner["kid"]
    assert list(ClinicKey.objects.values_list("kid", flat=True)) == [winner["kid"]]
