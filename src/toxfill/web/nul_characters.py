"""Refuses a request that carries a NUL character in its text, before anything reads it.

PostgreSQL cannot store or compare a string holding NUL (psycopg raises DataError), so a
search, a cookie or a form field with one would otherwise end in a 500 from the database, on
PostgreSQL only. Forms already refuse NUL (Django's ProhibitNullCharactersValidator), but a
query parameter read directly, the session cookie and the sign-in throttle's username are read
before any form. One check at the edge covers them all; JSON bodies are checked by the API's
own parser (`"NUL character"`, 422)."""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Iterable

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.http.multipartparser import MultiPartParserError

NUL = "\x00"
_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def nul_field(request: HttpRequest) -> tuple[str, str, str] | None:
    """(where, field, what to call it) for the first text in the request holding NUL: where is
    "path", "query", "cookie" or "form"; None when there is none."""
    if NUL in request.path_info:
        return ("path", "path", "the page's address")
    places: list[tuple[str, Iterable[tuple[str, list[str]]]]] = [
        ("query", request.GET.lists()),
        ("cookie", ((name, [value]) for name, value in request.COOKIES.items())),
    ]
    if request.method == "POST" and request.content_type in _FORMS:
        try:
            places.append(("form", request.POST.lists()))
        except MultiPartParserError:
            return None  # the view's own parsing answers a broken form
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
        found = nul_field(request)
        if found is None:
            return self.get_response(request)
        where, field, described = found
        problem = "contains a NUL character, which is not text: remove it and send again"
        if request.path_info.startswith("/api/"):
            error = {"loc": [where, field], "msg": problem, "type": "nul"}
            body = json.dumps({"detail": [{**error, "nearest": []}]})
            return HttpResponse(body, status=422, content_type="application/json")
        sentence = f"{described[0].upper()}{described[1:]} {problem}. Nothing was saved."
        page = (
            '<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8">'
            "<title>Bad request · toxfill</title></head>\n<body><main>\n"
            "<h1>That request could not be read</h1>\n"
            f"<p>{html.escape(sentence)}</p>\n"
            "</main></body>\n</html>\n"
        )
        return HttpResponse(page, status=400, content_type="text/html; charset=utf-8")
