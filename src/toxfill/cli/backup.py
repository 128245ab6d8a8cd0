"""`toxfill backup` and `toxfill restore`: the archive code (toxfill.web.backup) loads only once
one of them runs, so the other commands stay as quick to start as before."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from toxfill.cli.base import app, err, friendly, out
from toxfill.errors import InputError


def _say(text: str) -> None:
    """A line as it is: a long path is not wrapped."""
    out.print(text, soft_wrap=True)


def audit_verify_after_restore() -> None:
    """Restore checks each table against the archive's checksums; the audit trail's hash
    chains are `toxfill audit verify`'s, which needs the site's settings (and so its secret
    key) where a restore may not have them yet: say to run it."""
    _say("Next: run `toxfill audit verify` to check the audit trail's hash chains.")


DatabaseUrl = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        help="The database to back up or restore into (default: DATABASE_URL, else the data "
        "dir's SQLite file).",
    ),
]


@app.command()
@friendly
def backup(
    path: Annotated[Path, typer.Argument(help="The archive file to write (a tar).")],
    with_secrets: Annotated[
        bool,
        typer.Option(
            "--with-secrets",
            help="Put the secret key in the archive too (it opens the clinics' sealed signing "
            "keys): keep such an archive as carefully as the key itself.",
        ),
    ] = False,
    recipient: Annotated[
        list[str] | None,
        typer.Option(
            "--recipient",
            "-r",
            help="An age public key (age1...) to encrypt the archive to; repeat for more. Only "
            "its secret key (kept off this machine) opens the archive.",
        ),
    ] = None,
    recipients_file: Annotated[
        list[Path] | None,
        typer.Option(
            "--recipients-file",
            "-R",
            help="A file of age public keys, one per line (# comments allowed).",
        ),
    ] = None,
    unencrypted: Annotated[
        bool,
        typer.Option(
            "--unencrypted",
            help="Write the archive in the clear (only onto storage that is encrypted itself).",
        ),
    ] = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Back up the clinic database (SQLite's online backup, or pg_dump) and the clinical photos
    into one archive, encrypted with age to the public keys given (or TOXFILL_BACKUP_RECIPIENTS),
    safe while the server runs; without the secret key unless asked."""
    from toxfill.web.backup import encryption
    from toxfill.web.backup.archive import backup as write_archive
    from toxfill.web.backup.target import current_target

    to = encryption.recipients(recipient or [], recipients_file or [])
    if unencrypted and to:
        raise InputError("--unencrypted", "cannot be given with age public keys to encrypt to")
    target = current_target(database_url)
    manifest = write_archive(
        target,
        path.expanduser().resolve(),
        with_secrets=with_secrets,
        recipients=None if unencrypted else to,
    )
    tables: dict[str, dict[str, int]] = manifest["tables"]  # type: ignore[assignment]
    photos: dict[str, object] = manifest["photos"]  # type: ignore[assignment]
    rows = sum(table["rows"] for table in tables.values())
    _say(f"Backed up {target.database_shown}: {len(tables)} tables, {rows} rows.")
    if target.photos_dir is not None:
        _say(f"Photos: {len(photos['files'])} files from {target.photos_dir}.")  # type: ignore[arg-type]
    else:
        _say(
            f"Photos: not in the archive; they live in the S3 bucket {target.photos_bucket}, "
            "which keeps its own versions and backups."
        )
    if with_secrets:
        _say("The secret key is in the archive: store it as carefully as the key.")
    else:
        _say(
            "The secret key is not in the archive: keep it apart ("
            f"{target.secret_key_file} or TOXFILL_SECRET_KEY); a restore needs it."
        )
    if unencrypted:
        _say(f"Archive: {path}, NOT encrypted: keep it only on encrypted storage.")
    else:
        _say(f"Archive: {path}, encrypted with age to {len(to)} public key(s).")


@app.command("backup-key")
@friendly
def backup_key(
    path: Annotated[
        Path, typer.Argument(help="The new file for the secret key (never over an old one).")
    ],
) -> None:
    """Make an age key pair for backups: the secret key goes into a new file, readable by you
    only, to keep off the server; the public key it prints is what `toxfill backup -r` takes."""
    from toxfill.web.backup.encryption import new_identity

    public = new_identity(path.expanduser())
    _say(f"Secret key: {path} (keep it off this machine: it opens every backup made to it).")
    _say(f"Public key: {public}")
    _say(f"Back up with: toxfill backup ARCHIVE --recipient {public}")


@app.command()
@friendly
def restore(
    path: Annotated[Path, typer.Argument(help="The archive `toxfill backup` wrote.")],
    replace: Annotated[
        bool,
        typer.Option("--replace", help="Overwrite a database (and photos) that hold data."),
    ] = False,
    identity: Annotated[
        list[Path] | None,
        typer.Option(
            "--identity",
            "-i",
            help="A file of the age secret key an encrypted archive was made to (default: "
            "TOXFILL_BACKUP_IDENTITY_FILE).",
        ),
    ] = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Restore an archive into an empty database (stop the server first), then check every
    table's row count and checksum and every photo against the archive's manifest."""
    from toxfill.web.backup.encryption import identities
    from toxfill.web.backup.restore import restore as restore_archive
    from toxfill.web.backup.target import current_target

    target = current_target(database_url)
    done = restore_archive(
        target, path.expanduser().resolve(), replace=replace, keys=identities(identity or [])
    )
    for warning in done.warnings:
        err.print(f"warning: {warning}")
    _say(
        f"Restored {target.database_shown} from {path} (made {done.manifest.get('created')} "
        f"by toxfill {done.manifest.get('toxfill_version')}): {done.tables} tables, "
        f"{done.rows} rows; every table's row count and checksum matches the archive."
    )
    if target.photos_dir is not None:
        _say(f"Photos: {done.photos} files into {target.photos_dir}, each checked.")
    else:
        _say(f"Photos: in the S3 bucket {target.photos_bucket}, not in the archive.")
    if done.secret_key_written:
        _say(f"Secret key: written to {done.secret_key_written}.")
    else:
        _say(
            "Secret key: not in the archive; put the original one in place "
            f"({target.secret_key_file} or TOXFILL_SECRET_KEY) before `toxfill serve`, or the "
            "clinics' signing keys will not open."
        )
    audit_verify_after_restore()
