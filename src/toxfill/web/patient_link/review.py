"""The two-week review: after a patient's first toxin or filler session, three short
questions (satisfaction, symmetry, side effects), stored by the clinic against the session.
The patient reads them in their language; the clinic's record keeps the same values."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy

from toxfill.web.clinic.models import Satisfaction, SideEffects, Symmetry
from toxfill.web.language import page_knowledge
from toxfill.web.patient_link import reads
from toxfill.web.patient_link.actions import send_outcome_review
from toxfill.web.patient_link.models import PatientLink
from toxfill.web.patient_link.views import link_page

# The answers as the patient reads them; the values are the clinic's (models/reviews.py).
SATISFACTION = [
    (Satisfaction.VERY_UNHAPPY, gettext_lazy("Very unhappy")),
    (Satisfaction.UNHAPPY, gettext_lazy("Unhappy")),
    (Satisfaction.OKAY, gettext_lazy("Okay")),
    (Satisfaction.HAPPY, gettext_lazy("Happy")),
    (Satisfaction.VERY_HAPPY, gettext_lazy("Very happy")),
]
SYMMETRY = [
    (Symmetry.EVEN, gettext_lazy("Both sides look the same")),
    (Symmetry.SLIGHTLY_UNEVEN, gettext_lazy("A little uneven")),
    (Symmetry.UNEVEN, gettext_lazy("Clearly uneven")),
]
SIDE_EFFECTS = [
    (SideEffects.NONE, gettext_lazy("None")),
    (SideEffects.MILD, gettext_lazy("Mild, and gone by now")),
    (SideEffects.ONGOING, gettext_lazy("Still there")),
    (SideEffects.NEEDED_CARE, gettext_lazy("I needed to see a doctor or nurse")),
]


class ReviewForm(forms.Form):
    satisfaction = forms.TypedChoiceField(
        label=gettext_lazy("How happy are you with the result?"),
        choices=SATISFACTION,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose how happy you are with the result.")},
    )
    symmetry = forms.ChoiceField(
        label=gettext_lazy("Do both sides look the same?"),
        choices=SYMMETRY,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose how even both sides look.")},
    )
    side_effects = forms.ChoiceField(
        label=gettext_lazy("Did you have side effects, like bruising or swelling?"),
        choices=SIDE_EFFECTS,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose an answer about side effects.")},
    )


@link_page("two-week review")
def review_page(request: HttpRequest, link: PatientLink) -> HttpResponse:
    pending = reads.pending_review(page_knowledge(), link)
    if pending is None:
        return render(request, "patient_link/review.html", {"link": link, "thanks": True})
    form = ReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        send_outcome_review(link, pending, form.cleaned_data)
        return redirect("patient-link-review")
    status = 400 if form.is_bound else 200
    context = {"link": link, "pending": pending, "form": form}
    return render(request, "patient_link/review.html", context, status=status)
