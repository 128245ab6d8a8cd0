"""The two-week review: after a patient's first toxin or filler session, three short
questions (satisfaction, symmetry, side effects), stored against the session."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from toxfill.knowledge import KnowledgeBase, bundled_knowledge
from toxfill.web.clinic.models import TreatmentSession
from toxfill.web.patient_link import reads
from toxfill.web.patient_link.models import (
    OutcomeReview,
    PatientLink,
    Satisfaction,
    SideEffects,
    Symmetry,
)
from toxfill.web.patient_link.views import link_page

REVIEW_AFTER_DAYS = 14
REVIEW_UNTIL_DAYS = 90  # a review asked months later would measure something else


@dataclass(frozen=True)
class Pending:
    session: TreatmentSession
    option: str
    label: str
    day: dt.date


def pending_review(kb: KnowledgeBase, link: PatientLink) -> Pending | None:
    """The first toxin or filler session two weeks to three months ago, not yet reviewed."""
    zone = ZoneInfo(link.clinic.time_zone)
    today = timezone.localdate(timezone=zone)
    seen: set[str] = set()
    done = set(
        OutcomeReview.objects.filter(
            clinic_id=link.clinic_id, link__patient_id=link.patient_id
        ).values_list("session_id", "option")
    )
    for session in reversed(list(reads.sessions(link))):  # oldest first
        day = session.performed_at.astimezone(zone).date()
        for point in session.points.all():
            product = kb.products.get(point.product)
            if product is None or product.option in seen:
                continue
            seen.add(product.option)  # later sessions of this option are not first ones
            age = (today - day).days
            if REVIEW_AFTER_DAYS <= age <= REVIEW_UNTIL_DAYS and (
                (session.pk, product.option) not in done
            ):
                return Pending(session, product.option, kb.options[product.option].label, day)
    return None


class ReviewForm(forms.Form):
    satisfaction = forms.TypedChoiceField(
        label="How happy are you with the result?",
        choices=Satisfaction.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how happy you are with the result."},
    )
    symmetry = forms.ChoiceField(
        label="Do both sides look the same?",
        choices=Symmetry.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how even both sides look."},
    )
    side_effects = forms.ChoiceField(
        label="Did you have side effects, like bruising or swelling?",
        choices=SideEffects.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose an answer about side effects."},
    )


def record_outcome_review(
    link: PatientLink, pending: Pending, answers: Mapping[str, Any]
) -> OutcomeReview:
    """Store the patient's answers against the session; a second answer changes nothing."""
    try:
        with transaction.atomic():
            return OutcomeReview.objects.create(
                clinic_id=link.clinic_id,
                link=link,
                session=pending.session,
                option=pending.option,
                satisfaction=answers["satisfaction"],
                symmetry=answers["symmetry"],
                side_effects=answers["side_effects"],
            )
    except IntegrityError:  # sent twice (a double tap): the first answer stands
        return OutcomeReview.objects.get(
            clinic_id=link.clinic_id, session=pending.session, option=pending.option
        )


@link_page("two-week review")
def review_page(request: HttpRequest, link: PatientLink) -> HttpResponse:
    pending = pending_review(bundled_knowledge(), link)
    if pending is None:
        return render(request, "patient_link/review.html", {"link": link, "thanks": True})
    form = ReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        record_outcome_review(link, pending, form.cleaned_data)
        return redirect("patient-link-review")
    status = 400 if form.is_bound else 200
    context = {"link": link, "pending": pending, "form": form}
    return render(request, "patient_link/review.html", context, status=status)
