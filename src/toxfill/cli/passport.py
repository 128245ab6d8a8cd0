"""`toxfill passport verify`: check a passport another clinic signed, and say how far it
proves who issued it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from toxfill.cli.base import ListFormat, _print_json, app, friendly, out

passport_app = typer.Typer(
    help="Treatment passports: check one another clinic signed.", no_args_is_help=True
)
app.add_typer(passport_app, name="passport")


@passport_app.command("verify")
@friendly
def passport_verify(
    file: Annotated[Path, typer.Argument(help="A .smart-health-card file, a JWS, or shc:/ text")],
    keys: Annotated[
        str | None,
        typer.Option(
            help="A key set to check the signature with (file or https URL); the issuer is then "
            "not verified. Default: the keys the issuer publishes at its own address."
        ),
    ] = None,
    format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.TABLE,
) -> None:
    """Check a passport's signature and say how far it proves who issued it: only an issuer on
    the trusted list (TOXFILL_TRUSTED_ISSUERS) is verified. A changed or wrongly signed
    passport exits 2."""
    import datetime as dt
    import time

    from toxfill import passport
    from toxfill.passport.keys import (
        configured_trusted_issuers,
        fetch_key_set,
        read_key_set_file,
    )
    from toxfill.passport.trust import KeySource, jwks_address, verdict

    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise passport.PassportError(f"cannot read {file}: {exc}") from None
    token = passport.passport_from_text(text)
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
    signed = dt.datetime.fromtimestamp(card.signed_at, tz=dt.UTC).isoformat()
    kinds = card.kinds()
    if format is ListFormat.JSON:
        _print_json(
            {
                "schema": "toxfill.passport-check/1",
                "verified": True,
                "issuer_verified": said.issuer_verified,
                "keys_from": str(source),
                "explanation": said.explanation,
                "issuer": card.issuer,
                "key_id": card.key_id,
                "signed_at": signed,
                "resources": kinds,
                "bundle": dict(card.bundle),
            }
        )
        return
    colour = "green" if said.issuer_verified else "yellow"
    out.print(f"[bold {colour}]{said.headline}.[/]")
    out.print(said.explanation, markup=False)
    out.print(f"Issuer:    {card.issuer}", markup=False)
    out.print(f"Key:       {card.key_id}", markup=False)
    out.print(f"Signed at: {signed}", markup=False)
    out.print("Holds:     " + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())), markup=False)
