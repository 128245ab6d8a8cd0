"""The multi-node drill's load (multinode.py): members who write and read back, and one who
only reads, through nginx, each in a thread of its own.

A writer registers a patient with an `Idempotency-Key`, sending the same request with the
same key again after no answer or a 502/503/504 (as a client that never heard back should),
then reads the patient back at once: through the API with its token, or its workspace page
with its session. Read-your-writes holds when that read always finds the patient, whichever
node answers it. An observer (another member, with a read-only token) reads each new patient
as soon as it is written: from the replica, which applies changes late on purpose, so it often
misses them; that shows its reads went to the replica.
"""

from __future__ import annotations

import http.client
import json
import queue
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

HOST = "127.0.0.1"
RETRIED = frozenset({0, 502, 503, 504})  # no answer, or the proxy had no node to ask
ATTEMPTS = 8
FAMILY_NAME = "Drill"


@dataclass(frozen=True)
class Answer:
    status: int  # 0: no answer (refused, reset, timed out)
    headers: http.client.HTTPMessage | None = None
    body: bytes = b""

    def json(self) -> Any:
        return json.loads(self.body)


def call(
    port: int,
    method: str,
    path: str,
    *,
    source: str = HOST,
    headers: dict[str, str] | None = None,
    body: object = None,
    timeout: float = 20,
) -> Answer:
    """One request to 127.0.0.1:`port`, from the local address `source`."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout, source_address=(source, 0))
    sent = dict(headers or {})
    payload = None
    if body is not None:
        payload = json.dumps(body)
        sent["Content-Type"] = "application/json"
    try:
        connection.request(method, path, body=payload, headers=sent)
        response = connection.getresponse()
        return Answer(response.status, response.headers, response.read())
    except (OSError, http.client.HTTPException):
        return Answer(0)
    finally:
        connection.close()


@dataclass
class Tally:
    """What the clients saw, by the drill's phase (before, down, after)."""

    phase: str = "before"
    requests: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)  # no answer or 5xx
    unexpected: Counter[str] = field(default_factory=Counter)  # another status
    detail: Counter[str] = field(default_factory=Counter)  # of errors and other statuses
    acknowledged: dict[str, str] = field(default_factory=dict)  # marker: patient ID
    abandoned: list[str] = field(default_factory=list)  # never acknowledged after ATTEMPTS
    retried_writes: int = 0
    replayed: int = 0  # retries answered from the first request (Idempotent-Replayed)
    own_reads: int = 0
    own_misses: int = 0  # read back right after writing, and not found
    observer_reads: int = 0
    observer_misses: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, what: str, answer: Answer, expected: tuple[int, ...]) -> None:
        with self.lock:
            self.requests[self.phase] += 1
            if answer.status in RETRIED or answer.status >= 500:
                self.errors[self.phase] += 1
            elif answer.status not in expected:
                self.unexpected[self.phase] += 1
            else:
                return
            self.detail[f"{what} {answer.status or 'no answer'}"] += 1


@dataclass
class Member:
    """A client with its credentials: a token, or a session's cookies."""

    name: str
    token: str | None = None
    cookies: dict[str, str] = field(default_factory=dict)

    def headers(self, write: bool = False) -> dict[str, str]:
        if self.token is not None:
            return {"Authorization": f"Bearer {self.token}"}
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if write:
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        return headers

    def sign_in(self, port: int, username: str, password: str) -> None:
        answer = call(
            port,
            "POST",
            "/api/v1/clinic/login",
            body={"username": username, "password": password},
        )
        if answer.status != 200 or answer.headers is None:
            raise RuntimeError(f"{username} could not sign in: {answer.status} {answer.body!r}")
        for header in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value


def write_and_read_back(
    port: int, member: Member, clinic: str, n: int, tally: Tally, seen: queue.Queue[str]
) -> None:
    marker = f"{member.name}-{n}"
    key = str(uuid.uuid4())
    body = {"given_name": marker, "family_name": FAMILY_NAME, "date_of_birth": "1980-01-01"}
    headers = {**member.headers(write=True), "Idempotency-Key": key}
    path = f"/api/v1/clinic/{clinic}/patients"
    for attempt in range(ATTEMPTS):
        answer = call(port, "POST", path, headers=headers, body=body)
        tally.count("write", answer, (201,))
        if answer.status not in RETRIED:
            break
        with tally.lock:
            tally.retried_writes += 1
        time.sleep(0.2 * (attempt + 1))
    if answer.status != 201:
        with tally.lock:
            tally.abandoned.append(marker)
        return
    patient = str(answer.json()["id"])
    replayed = answer.headers is not None and answer.headers.get("Idempotent-Replayed") == "true"
    with tally.lock:
        tally.acknowledged[marker] = patient
        tally.replayed += replayed
    seen.put(patient)
    own = (
        f"/api/v1/clinic/{clinic}/patients/{patient}"
        if member.token is not None
        else f"/clinic/{clinic}/patients/{patient}/"
    )
    for _ in range(ATTEMPTS):  # a read that got no answer is asked again, as a browser would
        read = call(port, "GET", own, headers=member.headers())
        tally.count("own read", read, (200, 404))
        if read.status not in RETRIED:
            break
    with tally.lock:
        tally.own_reads += 1
        tally.own_misses += read.status == 404


def writer(
    port: int,
    member: Member,
    clinic: str,
    tally: Tally,
    seen: queue.Queue[str],
    stop: threading.Event,
) -> None:
    n = 0
    while not stop.is_set():
        n += 1
        write_and_read_back(port, member, clinic, n, tally, seen)
        listed = call(
            port, "GET", f"/api/v1/clinic/{clinic}/patients?page_size=10", headers=member.headers()
        )
        tally.count("list", listed, (200,))


def observer(
    port: int,
    member: Member,
    clinic: str,
    tally: Tally,
    seen: queue.Queue[str],
    stop: threading.Event,
) -> None:
    while not stop.is_set():
        patient = None
        try:
            patient = seen.get(timeout=0.5)
            while True:  # the newest only: one written a while ago has reached the replica
                patient = seen.get_nowait()
        except queue.Empty:
            if patient is None:
                continue
        read = call(
            port, "GET", f"/api/v1/clinic/{clinic}/patients/{patient}", headers=member.headers()
        )
        tally.count("observer read", read, (200, 404))
        if read.status in (200, 404):
            with tally.lock:
                tally.observer_reads += 1
                tally.observer_misses += read.status == 404
