"""Follow-up reminders in the language the patient reads: a Spanish reader's subject, words and
dates are Spanish, whatever language the scheduler runs in; an English reader's are what they
were."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import translation
from tests.web.patient_link.test_documents_in_spanish import SPANISH_MONTH
from tests.web.test_spanish_pages import all_spanish, as_page

from toxfill.web.clinic.actions.reminders import remind_followups
from toxfill.web.clinic.models import FollowUp, Patient, TreatmentSession
from toxfill.wording import SPANISH_MONTHS

SPANISH_WEEKDAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")


def _due_in(charted: TreatmentSession, days: int) -> FollowUp:
    followup = charted.followups.get()
    followup.due_on = dt.date.today() + dt.timedelta(days=days)
    followup.save(update_fields=["due_on"])
    return followup


@pytest.fixture
def spanish_reader(patient: Patient) -> Patient:
    """Ana, reading Spanish."""
    patient.preferred_language = "es"
    patient.save(update_fields=["preferred_language"])
    return patient


@pytest.mark.parametrize("scheduler", ["en", "es"])
def test_a_spanish_reader_is_reminded_in_spanish(
    charted: TreatmentSession, spanish_reader: Patient, mailoutbox: Any, scheduler: str
) -> None:
    # given Ana reads Spanish and has a follow-up due in 3 days
    followup = _due_in(charted, 3)
    day = followup.due_on
    month = SPANISH_MONTHS[day.month - 1]
    # when the reminders run (in either language)
    with translation.override(scheduler):
        assert remind_followups(on=dt.date.today(), days_before=3) == 1
    # then its subject, words and date are Spanish
    [sent] = mailoutbox
    assert (
        sent.subject
        == f"Su visita de control en Riverside es el {day.day} de {month} de {day.year}"
    )
    weekday = SPANISH_WEEKDAYS[day.weekday()]
    assert f"es el {weekday} {day.day} de {month} de {day.year}." in sent.body
    assert sent.body.startswith("Hola, Ana:\n")
    all_spanish(as_page([sent.subject, *sent.body.splitlines()]), "the reminder")
    assert SPANISH_MONTH.search(sent.subject)


def test_an_english_reader_is_reminded_as_before(
    charted: TreatmentSession, mailoutbox: Any
) -> None:
    followup = _due_in(charted, 3)
    day = followup.due_on

    with translation.override("es"):  # whatever the scheduler's language
        remind_followups(on=dt.date.today(), days_before=3)

    [sent] = mailoutbox
    assert sent.subject == f"Your follow-up visit at Riverside is due on {day:%-d %B %Y}"
    assert sent.body == (
        "Hello Ana,\n\n"
        f"This is a reminder from Riverside: your follow-up visit is due on {day:%A %-d %B %Y}.\n\n"
        "Please contact the clinic to book or change it. If you feel unwell after your "
        "treatment, do not wait for this visit: call the clinic, or your emergency number if it "
        "is serious.\n\n"
        "Riverside\n\n"
    )


def test_each_patient_gets_their_own_language(
    charted: TreatmentSession, spanish_reader: Patient, lakeside_patient: Patient, mailoutbox: Any
) -> None:
    # given Ana (Spanish) due in 2 days, and Liam at Lakeside (English) due in 2 days
    _due_in(charted, 2)
    lakeside_patient.email = "liam@example.org"
    lakeside_patient.save(update_fields=["email"])
    FollowUp.objects.create(
        clinic_id=lakeside_patient.clinic_id,
        patient=lakeside_patient,
        due_on=dt.date.today() + dt.timedelta(days=2),
        option="botulinum-toxin",
        purpose="review",
    )
    # when the reminders run once
    assert remind_followups(on=dt.date.today(), days_before=3) == 2
    # then each reads their own
    by_address = {m.to[0]: m for m in mailoutbox}
    assert by_address["ana@example.org"].subject.startswith("Su visita de control")
    assert by_address["liam@example.org"].subject.startswith("Your follow-up visit")
