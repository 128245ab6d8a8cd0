"""The two-week review: after a patient's first toxin or filler session, three short
questions (satisfaction, symmetry, side effects), stored by the clinic against the session."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from toxfill.knowledge import bundled_knowledge
from toxfill.web.clinic.models import Satisfaction, SideEffects, Symmetry
from toxfill.web.patient_link import reads
from toxfill.web.patient_link.actions import send_outcome_review
from toxfill.web.patient_link.models import PatientLink
from toxfill.web.patient_link.views import link_page


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


@link_page("two-week review")
def review_page(request: HttpRequest, link: PatientLink) -> HttpResponse:
    pending = reads.pending_review(bundled_knowledge(), link)
    if pending is None:
        return render(request, "patient_link/review.html", {"link": link, "thanks": True})
    form = ReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        send_outcome_review(link, pending, form.cleaned_data)
        return redirect("patient-link-review")
    status = 400 if form.is_bound else 200
    context = {"link": link, "pending": pending, "form": form}
    return render(request, "patient_link/review.html", context, status=status)
