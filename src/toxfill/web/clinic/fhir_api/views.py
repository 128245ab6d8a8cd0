"""The FHIR API's views: each parses the address, makes one read, and answers FHIR JSON;
every refusal, whatever raised it, is an OperationOutcome."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from toxfill.web.clinic.errors import RecordNotFound
from toxfill.web.clinic.fhir_api import reads, searchset
from toxfill.web.clinic.fhir_api.capability import capability_statement
from toxfill.web.clinic.fhir_api.formats import FhirProblem, fhir_response, require_json
from toxfill.web.clinic.fhir_api.tokens import fhir_member
from toxfill.web.clinic.views.workspace import clinic_time

View = Callable[..., HttpResponse]


def fhir_endpoint(view: View) -> View:
    """GET only (any write is 405: this API reads), JSON only (406 otherwise), and every
    refusal as an OperationOutcome. No CSRF check: nothing here writes, and a browser's session
    opens nothing (a bearer token does), so another site's page gains nothing by a request."""

    @functools.wraps(view)
    def answer(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            if request.method != "GET":
                raise FhirProblem(
                    405,
                    "not-supported",
                    f"{request.method} is not allowed: this FHIR API only reads (GET)",
                    headers={"Allow": "GET"},
                )
            require_json(request)
            return view(request, *args, **kwargs)
        except FhirProblem as problem:
            return problem.response()
        except Http404 as missing:  # RecordNotFound: the same words for missing and another's
            return FhirProblem(404, "not-found", str(missing)).response()
        except PermissionDenied as refused:
            return FhirProblem(403, "forbidden", str(refused)).response()

    exempt: View = csrf_exempt(answer)
    return exempt


def _uuid(raw: str, kind: str) -> uuid.UUID:
    """An ID in the address; one that is no UUID names nothing, as a missing one."""
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise RecordNotFound(kind) from None


def _base(request: HttpRequest, clinic_id: uuid.UUID) -> str:
    """The clinic's FHIR base, absolute (no slash at the end, as FHIR writes a base)."""
    metadata = reverse("fhir:clinic-metadata", kwargs={"clinic_id": str(clinic_id)})
    return request.build_absolute_uri(metadata.removesuffix("/metadata"))


@fhir_endpoint
def metadata(request: HttpRequest) -> HttpResponse:
    base = request.build_absolute_uri(reverse("fhir:metadata").removesuffix("/metadata"))
    return fhir_response(capability_statement(base))


@fhir_endpoint
def clinic_metadata(request: HttpRequest, clinic_id: str) -> HttpResponse:
    """The same statement at a clinic's base, where a client looks first; nothing is read."""
    return fhir_response(capability_statement(_base(request, _uuid(clinic_id, "clinic"))))


@fhir_endpoint
def patient(request: HttpRequest, clinic_id: str, patient_id: str) -> HttpResponse:
    member = fhir_member(request, _uuid(clinic_id, "clinic"))
    with clinic_time(member):
        found, exported = reads.patient_alone(member, _uuid(patient_id, "patient"))
    resource = searchset.patient_resource(
        exported, patient_id=str(found.public_id), version=found.version
    )
    response = fhir_response(resource)
    response["ETag"] = f'W/"{found.version}"'
    return response


@fhir_endpoint
def patient_everything(request: HttpRequest, clinic_id: str, patient_id: str) -> HttpResponse:
    member = fhir_member(request, _uuid(clinic_id, "clinic"))
    with clinic_time(member):
        found, exported = reads.patient_record(member, _uuid(patient_id, "patient"))
    bundle = searchset.everything(
        exported,
        base=_base(request, member.clinic.public_id),
        self_url=request.build_absolute_uri(),
        patient_id=str(found.public_id),
        version=found.version,
        bundle_id=str(uuid.uuid4()),
        now=timezone.now(),
    )
    return fhir_response(bundle)


@fhir_endpoint
def unsupported(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other address under /fhir/r4/ (a search, another resource type, history)."""
    raise FhirProblem(
        404,
        "not-supported",
        "this server answers [base]/metadata, [base]/Patient/{id} and "
        "[base]/Patient/{id}/$everything, where [base] is /fhir/r4/clinic/{clinic}",
    )
