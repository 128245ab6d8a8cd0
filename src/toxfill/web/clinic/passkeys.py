"""Passkeys through python-fido2: the options a browser's navigator.credentials takes (as
JSON: PublicKeyCredential.parseCreationOptionsFromJSON and parseRequestOptionsFromJSON), and
the checks of what it sends back (credential.toJSON()).

The relying party is this site as the browser sees it: the request's host name, which Django
has checked against ALLOWED_HOSTS, and only this exact origin may answer. A passkey is bound to
that name, so an address that is a number (http://127.0.0.1:8000) cannot have one: browsers
refuse an IP address as a relying party (`make run`: open http://localhost:8000 instead).
A challenge lives in the session until its answer comes back, and is used once.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.http.request import split_domain_port
from fido2.server import Fido2Server
from fido2.webauthn import (
    AttestedCredentialData,
    AuthenticationResponse,
    PublicKeyCredentialRpEntity,
    PublicKeyCredentialUserEntity,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from toxfill.web.clinic.models import Passkey

RP_NAME = "toxfill clinic"
CHALLENGE = "toxfill_passkey_challenge"
# A passkey (a key kept on the device, found without a username) where the device can keep
# one; a PIN or fingerprint where it asks for one. The password has been checked already.
RESIDENT_KEY = ResidentKeyRequirement.PREFERRED
USER_VERIFICATION = UserVerificationRequirement.PREFERRED


class PasskeyRefused(Exception):
    """What the browser sent does not prove the passkey (or no challenge was waiting)."""


def relying_party(request: HttpRequest) -> str | None:
    """The host name passkeys are bound to here; None when the address is an IP address."""
    domain, _port = split_domain_port(request.get_host())
    try:
        ipaddress.ip_address(domain.strip("[]"))
    except ValueError:
        return domain or None
    return None


def _server(request: HttpRequest) -> Fido2Server:
    rp_id = relying_party(request)
    if rp_id is None:
        raise PasskeyRefused("passkeys need this site's name, not an IP address")
    origin = f"{request.scheme}://{request.get_host()}"
    return Fido2Server(
        PublicKeyCredentialRpEntity(name=RP_NAME, id=rp_id),
        verify_origin=lambda sent: sent == origin,
    )


def _keep(request: HttpRequest, purpose: str, user: User, state: Any) -> None:
    request.session[CHALLENGE] = {"purpose": purpose, "user": user.pk, "state": dict(state)}


def _take(request: HttpRequest, purpose: str, user: User) -> Any:
    kept = request.session.pop(CHALLENGE, None)
    if not kept or kept.get("purpose") != purpose or kept.get("user") != user.pk:
        raise PasskeyRefused("no passkey request is waiting: start again")
    return kept["state"]


def registration_options(request: HttpRequest, user: User) -> dict[str, Any]:
    """What navigator.credentials.create() needs to make a passkey for this person; their
    existing passkeys are excluded, so one device does not register twice."""
    existing = [AttestedCredentialData(bytes(p.credential)) for p in _passkeys(user)]
    person = PublicKeyCredentialUserEntity(
        # An opaque handle, not the username: the authenticator keeps it with the passkey.
        id=f"toxfill-user-{user.pk}".encode(),
        name=user.get_username(),
        display_name=user.get_full_name() or user.get_username(),
    )
    options, state = _server(request).register_begin(
        person,
        credentials=existing,
        resident_key_requirement=RESIDENT_KEY,
        user_verification=USER_VERIFICATION,
    )
    _keep(request, "register", user, state)
    return _json(options)


def registered(
    request: HttpRequest, user: User, credential: dict[str, Any]
) -> tuple[AttestedCredentialData, int]:
    """The new passkey's public credential and signature counter, once checked."""
    state = _take(request, "register", user)
    try:
        auth_data = _server(request).register_complete(state, credential)
    except Exception as exc:  # anything malformed from the browser is a refusal, not a 500
        raise PasskeyRefused(str(exc)) from None
    if auth_data.credential_data is None:
        raise PasskeyRefused("the authenticator sent no credential")
    return auth_data.credential_data, auth_data.counter


def sign_in_options(request: HttpRequest, user: User) -> dict[str, Any]:
    """What navigator.credentials.get() needs to ask for one of this person's passkeys."""
    allowed = [AttestedCredentialData(bytes(p.credential)) for p in _passkeys(user)]
    options, state = _server(request).authenticate_begin(
        allowed, user_verification=USER_VERIFICATION
    )
    _keep(request, "sign-in", user, state)
    return _json(options)


def signed_in(request: HttpRequest, user: User, credential: dict[str, Any]) -> tuple[Passkey, int]:
    """Which of the person's passkeys answered the challenge, and its new signature counter.
    A counter that did not move forward (other than 0, which synced passkeys always send) is
    a cloned key: refused."""
    state = _take(request, "sign-in", user)
    passkeys = {bytes(p.credential_id): p for p in _passkeys(user)}
    try:
        used = _server(request).authenticate_complete(
            state,
            [AttestedCredentialData(bytes(p.credential)) for p in passkeys.values()],
            credential,
        )
        counter = AuthenticationResponse.from_dict(credential).response.authenticator_data.counter
    except Exception as exc:  # anything malformed from the browser is a refusal, not a 500
        raise PasskeyRefused(str(exc)) from None
    passkey = passkeys[bytes(used.credential_id)]
    if (counter or passkey.sign_count) and counter <= passkey.sign_count:
        raise PasskeyRefused("this passkey's counter went backwards: it may have been copied")
    return passkey, counter


def _json(options: Mapping[str, Any]) -> dict[str, Any]:
    """The `publicKey` member, as JSON (fido2's objects give bytes as base64url strings)."""
    public_key: dict[str, Any] = dict(options)["publicKey"]
    return public_key


def _passkeys(user: User) -> list[Passkey]:
    return list(Passkey.objects.filter(user=user).order_by("created_at", "pk"))
