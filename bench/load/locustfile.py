"""A chain's clinic staff at work, for locust (bench/load.py runs it; the derivation of the
rate is in its docstring).

Each simulated user is a provider of one of the chain's clinics, signed in (bench/load/plan.py
made the sessions), who starts one request every LOAD_PACING seconds whatever the answer time
(locust's constant_pacing): a fixed number of users is a fixed offered rate, users / pacing.
What each request is: 70% reads (pages and JSON lists), 20% writes (a new session of 5 to 15
injection points through the JSON API, with an Idempotency-Key), 10% exports. Requests are
named "<class> <endpoint>", never by their URL's IDs, so stats group per endpoint.

Every answer is checked for the status its endpoint gives (a redirect to the sign-in page is
a failure, not a page). Each request's time is also written, unrounded, to LOAD_SAMPLES for
bench/load.py's percentiles (locust's own are rounded to buckets).
"""

from __future__ import annotations

import json
import os
import random
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from locust import FastHttpUser, constant_pacing, events, task

PLAN: dict[str, Any] = json.loads(Path(os.environ["LOAD_PLAN"]).read_text(encoding="utf-8"))
PACING = float(os.environ.get("LOAD_PACING", "30"))
SAMPLES: list[str] = []
_next_user = iter(range(10**9))


@events.request.add_listener
def _sample(name: str, response_time: float, exception: Exception | None, **_: Any) -> None:
    SAMPLES.append(f"{time.time():.3f}\t{name}\t{response_time:.2f}\t{int(exception is None)}")


@events.quitting.add_listener
def _write_samples(**_: Any) -> None:
    with open(os.environ["LOAD_SAMPLES"], "w", encoding="utf-8") as out:
        out.write("\n".join(SAMPLES) + "\n")


class ClinicUser(FastHttpUser):
    wait_time = constant_pacing(PACING)

    def on_start(self) -> None:
        me = PLAN["users"][next(_next_user) % len(PLAN["users"])]
        self.clinic_id = me["clinic"]
        self.clinic = PLAN["clinics"][self.clinic_id]
        cookies = f"{PLAN['session_cookie']}={me['session']}; {PLAN['csrf_cookie']}={me['csrf']}"
        self.headers = {"Cookie": cookies}
        self.write_headers = {**self.headers, "X-CSRFToken": me["csrf"]}
        self.page = f"/clinic/{self.clinic_id}/"
        self.api = f"/api/v1/clinic/{self.clinic_id}/"
        self.reads = self._weighted(
            {
                self.dashboard: 15,
                self.patient_page: 15,
                self.session_page: 10,
                self.patient_search: 10,
                self.followups_page: 5,
                self.api_patient_search: 5,
                self.api_patient_sessions: 5,
                self.api_followups_due: 5,
            }
        )
        self.exports = self._weighted(
            {
                self.patient_fhir: 4,
                self.reports: 2,
                self.followups_ics: 2,
                self.lot_recall_csv: 1,
                self.sessions_csv: 1,
            }
        )

    @staticmethod
    def _weighted(choices: dict[Callable[[], None], int]) -> Callable[[], None]:
        names, weights = list(choices), list(choices.values())
        return lambda: random.choices(names, weights)[0]()

    @task(70)
    def read(self) -> None:
        self.reads()

    @task(20)
    def write(self) -> None:
        self.chart_session()

    @task(10)
    def export(self) -> None:
        self.exports()

    def _get(self, name: str, path: str, status: int = 200) -> None:
        with self.client.get(
            path, name=name, headers=self.headers, allow_redirects=False, catch_response=True
        ) as answer:
            if answer.status_code != status:
                answer.failure(f"status {answer.status_code}, wanted {status}")

    def _any(self, kind: str) -> str:
        return str(random.choice(self.clinic[kind]))

    # Reads
    def dashboard(self) -> None:
        self._get("read page-dashboard", self.page)

    def patient_page(self) -> None:
        self._get("read page-patient", f"{self.page}patients/{self._any('patients')}/")

    def session_page(self) -> None:
        self._get("read page-session", f"{self.page}sessions/{self._any('sessions')}/")

    def patient_search(self) -> None:
        self._get("read page-patient-search", f"{self.page}patients/?q={self._any('names')}")

    def followups_page(self) -> None:
        self._get("read page-followups", f"{self.page}follow-ups/")

    def api_patient_search(self) -> None:
        self._get("read api-patient-search", f"{self.api}patients?name={self._any('names')}")

    def api_patient_sessions(self) -> None:
        self._get(
            "read api-patient-sessions", f"{self.api}sessions?patient={self._any('patients')}"
        )

    def api_followups_due(self) -> None:
        self._get("read api-followups-due", f"{self.api}followups?status=due")

    # Writes
    def chart_session(self) -> None:
        charts = self.clinic["charts"]
        if not charts:
            events.request.fire(
                request_type="POST",
                name="write api-chart-session",
                response_time=0,
                response_length=0,
                exception=RuntimeError("the plan has no chart left for this clinic"),
                context={},
            )
            return
        payload = charts.pop()
        headers = {**self.write_headers, "Idempotency-Key": str(uuid.uuid4())}
        with self.client.post(
            f"{self.api}sessions",
            name="write api-chart-session",
            data=json.dumps(payload),
            headers={**headers, "Content-Type": "application/json"},
            catch_response=True,
        ) as answer:
            if answer.status_code != 201:
                answer.failure(f"status {answer.status_code}: {(answer.text or '')[:300]}")

    # Exports
    def patient_fhir(self) -> None:
        self._get("export patient-fhir", f"{self.page}patients/{self._any('patients')}/fhir.json")

    def reports(self) -> None:
        self._get("export page-reports", f"{self.page}reports/")

    def followups_ics(self) -> None:
        self._get("export followups-ics", f"{self.page}follow-ups.ics")

    def lot_recall_csv(self) -> None:
        self._get("export lot-recall-csv", f"{self.page}lots/{self._any('lots')}/recall.csv")

    def sessions_csv(self) -> None:
        self._get("export sessions-csv", f"{self.page}exports/sessions.csv")
