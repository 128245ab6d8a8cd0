"""The home page and the comparison page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import get_script_prefix
from django.utils.translation import gettext as _

from toxfill.errors import InputError, ToxfillError
from toxfill.web.guide.cache import compare_page_parts
from toxfill.web.language import page_knowledge, page_language

DEFAULT_COMPARISON = ("botulinum-toxin", "ha-filler")


def home(request: HttpRequest) -> HttpResponse:
    kb = page_knowledge()
    return render(request, "guide/home.html", {"options": kb.options.values(), "meta": kb.meta})


def compare_page(request: HttpRequest) -> HttpResponse:
    kb = page_knowledge()
    language = page_language()
    chosen = _chosen_options(request)
    context: dict[str, object] = {"options": kb.options.values(), "chosen": chosen, "meta": kb.meta}
    status = 200
    try:
        comparison, page = compare_page_parts(chosen, language)
    except ToxfillError as exc:
        if language != settings.LANGUAGE_CODE:
            # The core explains in English; the page says in its own words what to change.
            context["error"] = _("Tick two or more options in the list, each once.")
        else:
            context["error"] = exc.problem if isinstance(exc, InputError) else str(exc)
        status = 422
    else:
        context["comparison"] = comparison
        context["page"] = page
        # The rendered comparison, with its form, depends only on the knowledge base's version,
        # the page's language, the options (checked by compare: a few thousand orders of seven
        # at most) and the address the site is served under.
        context["page_key"] = f"{kb.version}:{language}:{get_script_prefix()}:{','.join(chosen)}"
    return render(request, "guide/compare.html", context, status=status)


def _chosen_options(request: HttpRequest) -> list[str]:
    if "options" not in request.GET:
        return list(DEFAULT_COMPARISON)
    chosen: list[str] = []
    for value in request.GET.getlist("options"):
        chosen += [part.strip() for part in value.split(",") if part.strip()]
    return chosen
