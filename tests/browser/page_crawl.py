"""A crawl of the site's pages for axe-core: from a few entry points it follows the same-origin
links of each page, checks each URL pattern once (one patient's page stands for every
patient's), and says which of the pages a person can open it has not reached.

The pages it expects are read from Django's URL resolver: every named pattern of the public
side (guide), the clinic workspace and the patient link, less NOT_PAGES (downloads, JSON, and
addresses a form posts to that write). A page added later is expected at once: the crawl must
find a link to it, or the test must open it the way a person does (a form)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from tests.browser.conftest import axe_report

# The URL configurations whose every named GET page must pass axe.
APPS = ("toxfill.web.guide.urls", "toxfill.web.clinic.urls", "toxfill.web.patient_link.urls")

# Named patterns that are not pages a person reads in the browser, each with why.
NOT_PAGES = {
    # downloads: a PDF, a calendar, a CSV, a text file, a photo, a FHIR or SMART document
    "decide-summary-pdf": "the decision's summary as a PDF",
    "plan-calendar": "the plan's visits as .ics",
    "clinic:patient-fhir": "the patient's record as FHIR JSON",
    "clinic:photo-file": "a photo's JPEG",
    "clinic:medwatch": "the MedWatch draft as text",
    "clinic:medwatch-pdf": "the MedWatch draft as a PDF",
    "clinic:recall-csv": "the recall list as CSV",
    "clinic:followups-ics": "the follow-ups as .ics",
    "clinic:followups-feed": "the follow-ups' calendar feed (.ics, by secret address)",
    "clinic:sessions-csv": "the sessions export (CSV)",
    "clinic:points-csv": "the injection points export (CSV)",
    "patient-link-pdf": "the patient's passport as a PDF",
    "patient-link-fhir": "the patient's passport as FHIR JSON",
    "patient-link-card": "the passport as a SMART Health Card",
    "patient-link-calendar": "the patient's visits as .ics",
    "health-link-file": "a SMART Health Link's encrypted file",
    "health-link-manifest": "a SMART Health Link's manifest (JSON)",
    "patient-link-jwks": "the clinic's signing keys (JSON)",
    # JSON the pages' scripts call
    "clinic:signin-passkey-options": "passkey sign-in challenge (JSON, POST)",
    "clinic:signin-passkey": "passkey sign-in answer (JSON, POST)",
    "clinic:passkey-options": "passkey creation challenge (JSON, POST)",
    "clinic:passkey-add": "passkey creation answer (JSON, POST)",
    "clinic:scan": "a GS1 scan read for the charting page (JSON)",
    "clinic:mixing": "units per 0.1 mL for the charting page (JSON)",
    "clinic:read-label": "a lot label read for the lots page (JSON)",
    # writes: a form posts here, and a GET only sends the browser back to the page it came from
    "clinic:logout": "signing out (POST)",
    "clinic:two-factor-app-remove": "removing the authenticator app (POST)",
    "clinic:passkey-remove": "removing a passkey (POST)",
    "clinic:accept": "accepting an invitation (POST)",
    "clinic:decline": "declining an invitation (POST)",
    "clinic:recall-reached": "ticking a recalled patient as contacted (POST)",
    "clinic:followup-status": "a follow-up's status (POST)",
    "clinic:feed-new": "a new calendar feed address (POST; the follow-ups page shows it)",
    "clinic:feed-stop": "stopping the calendar feed (POST)",
    "clinic:calendar-names": "whether calendars name patients (POST)",
    "clinic:invite": "inviting a member (POST; the members page answers)",
    "clinic:require-two-factor": "requiring a second factor (POST)",
    "clinic:clinic-phone": "the clinic's phone number (POST)",
    "clinic:emergency-plan": "the clinic's emergency plan (POST)",
    "clinic:member-sign-out": "signing a member out everywhere (POST)",
    "clinic:member-second-factor-reset": "resetting a colleague's lost second factor (POST)",
    "clinic:withdraw": "withdrawing an invitation (POST)",
    "emergency-number": "choosing the emergency number's country (POST)",
    "patient-link-open": "the link's token: it signs the patient in and sends them to /p/",
    "patient-link-leave": "the patient signing out (POST)",
    "patient-link-stop-sharing": "stopping a shared passport (POST)",
    "patient-link-share": "sharing the passport with a passcode (POST)",
}


def _named(patterns: Iterable[URLPattern | URLResolver], namespace: str) -> set[str]:
    names = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            names |= _named(pattern.url_patterns, pattern.namespace or namespace)
        elif pattern.name:
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def expected_pages() -> set[str]:
    """The view names of every page of the three apps, as the resolver has them."""
    names: set[str] = set()
    for pattern in get_resolver().url_patterns:
        if not isinstance(pattern, URLResolver):
            continue
        urlconf = getattr(pattern.urlconf_name, "__name__", pattern.urlconf_name)
        if urlconf in APPS:
            names |= _named(pattern.url_patterns, pattern.namespace or "")
    stale = set(NOT_PAGES) - names
    assert not stale, f"NOT_PAGES names patterns that no longer exist: {sorted(stale)}"
    return names - set(NOT_PAGES)


@dataclass(frozen=True)
class Area:
    """Where one role's crawl goes: the view modules it follows links into, (in the clinic) the
    one clinic whose pages it checks, and (for a translation) the language of the pages it
    checks, each once more in that language."""

    modules: tuple[str, ...]
    clinic: str | None = None
    language: str = ""

    def holds(self, view_module: str, kwargs: dict[str, Any]) -> bool:
        if not view_module.startswith(self.modules):
            return False
        return self.clinic is None or str(kwargs.get("clinic", self.clinic)) == self.clinic


PUBLIC = Area(("toxfill.web.guide.",))
PUBLIC_IN_SPANISH = Area(("toxfill.web.guide.",), language="es")
PATIENT_LINK = Area(
    (
        "toxfill.web.patient_link.views",
        "toxfill.web.patient_link.report",
        "toxfill.web.patient_link.review",
    )
)


def clinic_area(clinic_id: str) -> Area:
    return Area(("toxfill.web.clinic.views.", "toxfill.web.patient_link.workspace"), clinic_id)


@dataclass(frozen=True)
class Where:
    """A URL's page: its view's name and module, its arguments, and its pattern (the view name
    and the names of its query parameters: /events/?open=0 is not /events/)."""

    view_name: str
    module: str
    kwargs: dict[str, Any]
    pattern: str


def where(url: str) -> Where | None:
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    query = sorted({key for key, _ in parse_qsl(parts.query, keep_blank_values=True)})
    pattern = match.view_name + ("?" + "&".join(query) if query else "")
    return Where(match.view_name, match.func.__module__, match.kwargs, pattern)


UNFOLD = "() => document.querySelectorAll('details:not([open])').forEach(d => { d.open = true; })"


def in_language(page: Any, language: str) -> bool:
    """The page reads in `language` (any, when it is "")."""
    script = "(language) => document.documentElement.lang.startsWith(language)"
    return bool(page.evaluate(script, language))


LINKS = """() => Array.from(document.querySelectorAll('a[href]'))
    .filter(a => !a.hasAttribute('download'))
    .map(a => a.href.split('#')[0])"""


@dataclass
class Crawl:
    """The pages checked so far (pattern to URL), and what axe-core found on them."""

    origin: str
    checked: dict[str, str] = field(default_factory=dict)
    found: list[str] = field(default_factory=list)

    @property
    def view_names(self) -> set[str]:
        return {pattern.split(" ")[0].partition("?")[0] for pattern in self.checked}

    def check(self, page: Any, variant: str = "") -> None:
        """axe-core on the page as it is now, in both schemes, once for its URL's pattern (and
        the variant named: a form's answer at the same address as another state)."""
        here = where(page.url)
        pattern = (here.pattern if here else page.url) + (f" ({variant})" if variant else "")
        if pattern in self.checked:
            return
        self.checked[pattern] = page.url
        # axe-core passes over what is folded away: unfold it, so what a person opens is checked
        page.evaluate(UNFOLD)
        self.found += [f"{page.url}: {line}" for line in axe_report(page)]

    def crawl(self, page: Any, starts: Iterable[str], area: Area, limit: int = 80) -> None:
        """Follow the area's same-origin links breadth first from `starts`, opening each
        pattern once (for its links) and checking the ones not checked yet."""
        queue = list(starts)
        opened: set[str] = set()
        while queue and len(opened) < limit:
            url = queue.pop(0)
            if not url.startswith(self.origin):
                continue
            target = where(url)
            if not (target and area.holds(target.module, target.kwargs)):
                continue
            if target.view_name in NOT_PAGES or target.pattern in opened:
                continue
            opened.add(target.pattern)
            response = page.goto(url)
            if response is not None and response.status == 403:
                continue  # not this role's page: another role's crawl checks it
            landed = where(page.url)
            if landed is None or response is None or response.status != 200:
                self.found.append(f"{url}: answered {response and response.status} at {page.url}")
                continue
            opened.add(landed.pattern)
            if area.holds(landed.module, landed.kwargs) and in_language(page, area.language):
                self.check(page, area.language)
            queue += page.evaluate(LINKS)
