"""Which language a page is in: the translated public pages speak English or Spanish, chosen
by the person (the switch on each of them, remembered in a cookie) or else by their browser
(Accept-Language); a patient link's pages (/p/) likewise, except that without a choice made
with the switch they speak the language the clinic recorded for the link's patient; the other
pages and the clinic side stay in English.

The answer depends on a header and a cookie, so every response says so (Vary), and every
cache of rendered text is keyed by the language: an English page is never served to a Spanish
reader from a cache, nor the reverse.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponseBase, HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme

from toxfill.knowledge import KnowledgeBase, bundled_knowledge

# The pages translated so far (issue 24 goes on): the home page, the after-treatment pages
# (the emergency answer and the aftercare pages), the comparison, the decision aid's steps,
# result and PDF, the planner and its calendar file, the switch itself, and the JSON API
# (Accept-Language). Every other page is English whatever is asked for, so that no page mixes
# two languages.
TRANSLATED_PAGES = (
    "/after-treatment",
    "/emergency-number",
    "/compare",
    "/decide",
    "/plan",
    "/language/",
    "/api/",
)
# Parts of the API still English whatever is asked (and so answered Content-Language: en, never
# es over English words): the clinic's API, an option's profile (its row labels), the dose
# tables for providers, and the sources (their titles as published).
NOT_YET_TRANSLATED = (
    "/api/v1/clinic",
    "/api/v1/options/",
    "/api/v1/doses",
    "/api/v1/reconstitute",
    "/api/v1/sources",
)
# A patient link's pages and downloads: the patient's language (link_language below).
LINK_PAGES = "/p/"


def is_translated(path: str) -> bool:
    """True for a page that speaks the person's language."""
    if path.startswith(NOT_YET_TRANSLATED):
        return False
    return path == "/" or path.startswith((*TRANSLATED_PAGES, LINK_PAGES))


class PublicLocaleMiddleware(LocaleMiddleware):
    """Django's negotiation (the remembered choice, then Accept-Language) on the translated
    pages; English elsewhere. `request.translated` tells the page to show the switch."""

    def process_request(self, request: HttpRequest) -> None:
        translated = is_translated(request.path_info)
        request.translated = translated  # type: ignore[attr-defined]
        if not translated:
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
            return
        super().process_request(request)

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        response = super().process_response(request, response)
        # LocaleMiddleware varies on Accept-Language; the remembered choice is a cookie.
        patch_vary_headers(response, ("Cookie",))
        return response


def page_language() -> str:
    """The language of the page being rendered: one toxfill speaks (en, es)."""
    code = translation.get_language() or settings.LANGUAGE_CODE
    known = {code for code, _ in settings.LANGUAGES}
    return code if code in known else settings.LANGUAGE_CODE


def chosen_language(request: HttpRequest) -> str | None:
    """The language the person chose with the switch (its cookie), if they chose one."""
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return code if code in {known for known, _ in settings.LANGUAGES} else None


def link_language(request: HttpRequest, patient_language: str | None) -> None:
    """A patient link's page speaks the person's own choice (the switch), else the language
    the clinic recorded for the link's patient (more specific than the browser's
    Accept-Language), else, when the link is not known (it does not open) or the patient's
    language was never recorded (None), the browser's.
    The middleware has already negotiated the last; this refines it once the link is read."""
    code = chosen_language(request) or patient_language
    if code not in {known for known, _ in settings.LANGUAGES}:
        return
    translation.activate(code)
    request.LANGUAGE_CODE = translation.get_language()


def page_knowledge() -> KnowledgeBase:
    """The knowledge base in the page's language."""
    return bundled_knowledge(page_language())


def choose_language(request: HttpRequest, code: str) -> HttpResponseBase:
    """The switch on each translated page: a plain link that remembers the choice in a cookie
    and goes back to the page. A link, not a form: a public page then carries no CSRF token
    and sets no cookie until the person chooses."""
    if code not in {known for known, _ in settings.LANGUAGES}:
        raise Http404("toxfill speaks English (en) and Spanish (es)")
    back = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = "/"
    response = HttpResponseRedirect(back)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",  # a link from elsewhere may carry it: the page reads in that language
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=True,  # read by the server only
    )
    return response
