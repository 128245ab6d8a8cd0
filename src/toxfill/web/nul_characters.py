"""Refuses a request that carries a NUL character in its text, before anything reads it.

PostgreSQL cannot store or compare a string holding NUL (psycopg raises DataError), so a
search, a cookie or a form field with one would otherwise end in a 500 from the database, on
PostgreSQL only. Forms already refuse NUL (Django's ProhibitNullCharactersValidator), but a
query parameter read directly, the session cookie and the sign-in throttle's username are read
before any form. One check at the edge covers them all; JSON bodies are checked by the API's
own parser (`"NUL character"`, 422).

A request to the API is not read as a form: the API reads JSON only (its parser refuses a form
with a 422), and parsing a multipart form spends the request's stream, after which the body
cannot be read again (the Idempotency-Key digest ended in a 500). A page's form that cannot
be parsed (multipart without a boundary) is refused here: a view would read it as empty."""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Iterable

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.http.multipartparser import MultiPartParserError

NUL = "\x00"
_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


class UnreadableForm(Exception):
    """The request's form could not be parsed; its body has been read and is gone."""


def nul_field(request: HttpRequest) -> tuple[str, str, str] | None:
    """(where, field, what to call it) for the first text in the request holding NUL: where is
    "path", "query", "cookie" or "form"; None when there is none. UnreadableForm when the
    request's form cannot be parsed."""
    if NUL in request.path_info:
        return ("path", "path", "the page's address")
    places: list[tuple[str, Iterable[tuple[str, list[str]]]]] = [
        ("query", request.GET.lists()),
        ("cookie", ((name, [value]) for name, value in request.COOKIES.items())),
    ]
    if (
        request.method == "POST"
        and request.content_type in _FORMS
        and not request.path_info.startswith("/api/")
    ):
        try:
            places.append(("form", request.POST.lists()))
        except MultiPartParserError as exc:
            raise UnreadableForm(str(exc)) from None
    for where, pairs in places:
        for name, values in pairs:
            shown = name.replace(NUL, "\\0")
            if NUL in name:
                return (where, shown, f'the name of the {_NOUN[where]} "{shown}"')
            if any(NUL in value for value in values):
                return (where, name, f'the {_NOUN[where]} "{shown}"')
    return None


_NOUN = {"query": "query parameter", "cookie": "cookie", "form": "form field"}


class RefuseNulCharacters:
    """400 (a page) or 422 (the API's error shape) naming the field that holds NUL."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        try:
            found = nul_field(request)
        except UnreadableForm as exc:
            problem = f"The form cannot be read ({exc}); send it again, whole."
            return _page(problem)
        if found is None:
            return self.get_response(request)
        where, field, described = found
        problem = "contains a NUL character, which is not text: remove it and send again"
        if request.path_info.startswith("/api/"):
            error = {"loc": [where, field], "msg": problem, "type": "nul", "nearest": []}
            body = json.dumps({"detail": [error]})
            return HttpResponse(body, status=422, content_type="application/json")
        return _page(f"{described[0].upper()}{described[1:]} {problem}. Nothing was saved.")


def _page(sentence: str) -> HttpResponse:
    """A 400 page saying what is wrong with the request."""
    page = (
        '<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8">'
        "<title>Bad request · toxfill</title></head>\n<body><main>\n"
        "<h1>That request could not be read</h1>\n"
        f"<p>{html.escape(sentence)}</p>\n"
        "</main></body>\n</html>\n"
    )
    return HttpResponse(page, status=400, content_type="text/html; charset=utf-8")
