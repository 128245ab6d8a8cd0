"""`toxfill passport verify`: check a passport another clinic signed (a card, its QR text, or a
SMART Health Link to it), and say how far it proves who issued it."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.text import Text

from toxfill.cli.base import ListFormat, _print_json, app, friendly, out

passport_app = typer.Typer(
    help="Treatment passports: check one another clinic signed.", no_args_is_help=True
)
app.add_typer(passport_app, name="passport")

DEFAULT_RECIPIENT = "toxfill passport verify"


@passport_app.command("verify")
@friendly
def passport_verify(
    source: Annotated[
        str,
        typer.Argument(
            help="A .smart-health-card file, a JWS, shc:/ text, or a SMART Health Link "
            "(shlink:/...), given as text or in a file; - reads standard input",
            metavar="FILE_OR_LINK",
        ),
    ],
    keys: Annotated[
        str | None,
        typer.Option(
            help="A key set to check the signature with (file or https URL); the issuer is then "
            "not verified. Default: the keys the issuer publishes at its own address."
        ),
    ] = None,
    recipient: Annotated[
        str,
        typer.Option(help="Who is asking, as a SMART Health Link's server is told and logs it"),
    ] = DEFAULT_RECIPIENT,
    passcode: Annotated[
        str | None, typer.Option(help="The passcode a SMART Health Link flagged P needs")
    ] = None,
    format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.TABLE,
) -> None:
    """Check a passport's signature and say how far it proves who issued it: only an issuer on
    the trusted list (TOXFILL_TRUSTED_ISSUERS) is verified. A SMART Health Link is fetched and
    each signed card in it checked; a FHIR file in it is reported as unsigned. A changed or
    wrongly signed passport exits 2."""
    from toxfill import passport
    from toxfill.passport import shlink
    from toxfill.passport.fetch import http_transport

    text = _read(source)
    if not shlink.is_health_link(text):
        checked = _check(passport.passport_from_text(text), keys)
        if format is ListFormat.JSON:
            _print_json({"schema": "toxfill.passport-check/1", **checked})
        else:
            _say(checked)
        return
    link = shlink.read_health_link(text)
    shared = shlink.fetch_files(link, http_transport(), recipient=recipient, passcode=passcode)
    files: list[dict[str, Any]] = []
    for item in shared:
        if item.content_type == shlink.CARD:
            content = item.content.decode("utf-8", "replace")
            for token in passport.passports_from_file(content):
                files.append({"content_type": item.content_type, **_check(token, keys)})
        elif item.content_type == shlink.FHIR:
            kinds = shlink.unsigned_resources(item)
            files.append({"content_type": item.content_type, "signed": False, "resources": kinds})
        else:
            files.append({"content_type": item.content_type, "signed": False})
    if format is ListFormat.JSON:
        _print_json(
            {
                "schema": "toxfill.health-link-check/1",
                "label": link.label,
                "expires": link.exp,
                "files": files,
            }
        )
        return
    out.print(f"SMART Health Link: {link.label or 'no label'} ({len(files)} files)")
    for n, checked in enumerate(files, 1):
        out.print(f"\nFile {n}: {checked['content_type']}")
        if checked.get("verified"):
            _say(checked)
        else:
            out.print(
                Text("Not signed:", style="bold yellow"),
                "nothing proves who made this file or that it is unchanged; read it as the "
                "sender's own account.",
            )
            if checked.get("resources"):
                out.print("Holds:     " + _kinds(checked["resources"]))
    if not any(f.get("verified") for f in files):
        out.print(Text("\nThe link holds no signed card.", style="bold yellow"))


def _read(source: str) -> str:
    """The text to check: stdin for -, the argument itself for QR or link text, else a file."""
    import sys
    from pathlib import Path

    from toxfill.passport import QR_PREFIX, PassportError, shlink

    if source == "-":
        return sys.stdin.read(shlink.MAX_FILE_BYTES)
    if source.startswith(QR_PREFIX) or shlink.is_health_link(source):
        return source
    try:
        return Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PassportError(f"cannot read {source}: {exc}") from None


def _check(token: str, keys: str | None) -> dict[str, Any]:
    """One card verified against its issuer's keys (the trusted list's, the given set, or
    its own address's), as the JSON output reports it; PassportError if it fails."""
    import datetime as dt
    import time

    from toxfill import passport
    from toxfill.passport.keys import (
        configured_trusted_issuers,
        fetch_key_set,
        read_key_set_file,
    )
    from toxfill.passport.trust import KeySource, jwks_address, verdict

    issuer = passport.claimed_issuer(token)
    trusted = configured_trusted_issuers().get(issuer)
    if trusted is not None:  # its listed keys, whatever key set came with the card
        key_set = fetch_key_set(trusted.jwks_url, "the trusted issuer's key address")
        source = KeySource.TRUSTED_ISSUER
    elif keys:
        is_url = keys.startswith(("https://", "http://"))
        key_set = fetch_key_set(keys, "--keys") if is_url else read_key_set_file(keys)
        source = KeySource.GIVEN
    else:
        key_set = fetch_key_set(jwks_address(issuer), "the passport's issuer")
        source = KeySource.ISSUER_ADDRESS
    card = passport.read_passport(token, key_set, now=int(time.time()))
    said = verdict(source, card.issuer, trusted.name if trusted else "")
    return {
        "verified": True,
        "issuer_verified": said.issuer_verified,
        "keys_from": str(source),
        "headline": said.headline,
        "explanation": said.explanation,
        "issuer": card.issuer,
        "key_id": card.key_id,
        "signed_at": dt.datetime.fromtimestamp(card.signed_at, tz=dt.UTC).isoformat(),
        "resources": card.kinds(),
        "bundle": dict(card.bundle),
    }


def _say(checked: dict[str, Any]) -> None:
    colour = "green" if checked["issuer_verified"] else "yellow"
    out.print(Text(f"{checked['headline']}.", style=f"bold {colour}"))
    out.print(checked["explanation"])
    out.print(f"Issuer:    {checked['issuer']}")
    out.print(f"Key:       {checked['key_id']}")
    out.print(f"Signed at: {checked['signed_at']}")
    out.print("Holds:     " + _kinds(checked["resources"]))


def _kinds(kinds: dict[str, int]) -> str:
    return ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
