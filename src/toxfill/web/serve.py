"""`toxfill serve`: prepare the key, database and static files, then run gunicorn.

TOXFILL_TLS_CERT_FILE, TOXFILL_TLS_KEY_FILE  serve HTTPS with this certificate (its chain,
                      PEM) and private key: for a node a load balancer on another machine
                      reaches (ASVS V12.3.3). Without them toxfill serves plain HTTP, and so
                      only on this machine (127.0.0.1 behind a proxy here), unless the operator
                      writes TOXFILL_ALLOW_UNENCRYPTED_NETWORK=1 for a private network.
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat
import sys
from collections.abc import Mapping
from pathlib import Path

from toxfill.errors import InputError
from toxfill.web.disk_encryption import ENCRYPTED, PLAIN, data_at_rest
from toxfill.web.environment import data_dir, secret_key_file
from toxfill.web.log_lines import print_line

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def prepare_and_exec_gunicorn(
    host: str, port: int, workers: int, prepare_only: bool = False
) -> None:
    """Make the data dir ready (private key and database, migrated; static files), then
    replace this process with gunicorn, unless `prepare_only`."""
    tls = tls_files()
    if not prepare_only:  # refused before a long first start, not after it
        check_plain_http(host, tls)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toxfill.web.settings")
    # Everything the server creates from here (database, journals, key) is the owner's alone.
    os.umask(0o077)
    make_private_dir(data_dir())
    report_data_at_rest(data_dir())
    if os.environ.get("TOXFILL_SECRET_KEY"):
        step("secret key: from TOXFILL_SECRET_KEY")
    else:
        made = create_secret_key(secret_key_file())
        step(f"secret key: {'made' if made else 'kept'} in {secret_key_file()}")

    step("starting Django")
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    database = settings.DATABASES["default"]
    if str(database["ENGINE"]).endswith("sqlite3"):
        make_private_file(Path(str(database["NAME"])))
    step(f"database: migrating {_database_name(database)}")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)  # the rate-limit counts (settings.CACHES)
    step("database: migrated")
    corpus = settings.BREACHED_PASSWORDS
    step(
        f"new passwords: checked against breaches in {corpus}"
        if corpus
        else "new passwords: not checked against breaches (TOXFILL_BREACHED_PASSWORDS unset)"
    )
    step("static files: collecting and compressing (a while on the first start)")
    call_command("collectstatic", interactive=False, verbosity=0)
    step("static files: ready")
    if settings.DEMO:  # `make run`: the demo clinic on first start, its logins on every start
        step("demo clinic: loading (about a minute on the first start)")
        call_command("demo")

    if prepare_only:
        return
    gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or shutil.which(
        "gunicorn"
    )
    if gunicorn is None:
        raise InputError("serve", "gunicorn is not installed; run `make run` instead")
    scheme = "https" if tls else "http"
    print_line(f"toxfill is serving on {scheme}://{host}:{port}/ (Ctrl-C stops it)")
    os.execv(gunicorn, [gunicorn, *gunicorn_arguments(host, port, workers, tls)])


def gunicorn_arguments(
    host: str, port: int, workers: int, tls: tuple[Path, Path] | None = None
) -> list[str]:
    """gunicorn's command line for `toxfill serve` (gunicorn_conf serves the ASGI app)."""
    arguments = [
        "--config=python:toxfill.web.gunicorn_conf",
        f"--bind={host}:{port}",
        f"--workers={workers}",
    ]
    if tls:
        arguments += [f"--certfile={tls[0]}", f"--keyfile={tls[1]}"]
    return arguments


def tls_files() -> tuple[Path, Path] | None:
    """The certificate and key files to serve HTTPS with, both or neither, each a file."""
    names = ("TOXFILL_TLS_CERT_FILE", "TOXFILL_TLS_KEY_FILE")
    given = [os.environ.get(name, "").strip() for name in names]
    if not any(given):
        return None
    for name, value, other in zip(names, given, reversed(names), strict=True):
        if not value:
            raise InputError(name, f"is needed with {other}: give both, or neither")
        if not Path(value).is_file():
            raise InputError(name, f"names no file: {value}")
    return Path(given[0]), Path(given[1])


def check_plain_http(host: str, tls: tuple[Path, Path] | None) -> None:
    """Plain HTTP only on this machine, where nothing crosses a network, unless the operator
    trusts their network in writing (TOXFILL_ALLOW_UNENCRYPTED_NETWORK=1)."""
    from toxfill.web.connection_tls import network_trusted, on_this_machine

    if tls is None and not on_this_machine(host) and not network_trusted():
        raise InputError(
            "host",
            f"{host} would serve plain HTTP to the network: set TOXFILL_TLS_CERT_FILE and "
            "TOXFILL_TLS_KEY_FILE (the load balancer then reaches this node over https and "
            "checks its certificate), serve on 127.0.0.1 behind a proxy on this machine, or "
            "write TOXFILL_ALLOW_UNENCRYPTED_NETWORK=1 for a private network you trust",
        )


def step(text: str) -> None:
    """One line per preparation step, as it starts: a first start takes a while, and a
    person watching should see what it is doing. In the log's format (TOXFILL_LOG_FORMAT)."""
    print_line(f"toxfill: {text}")


def _database_name(database: Mapping[str, object]) -> str:
    """Which database, without a password: the SQLite file, or PostgreSQL's host and name."""
    if str(database["ENGINE"]).endswith("sqlite3"):
        return f"SQLite {database['NAME']}"
    return f"PostgreSQL {database.get('NAME')} on {database.get('HOST') or 'localhost'}"


def report_data_at_rest(folder: Path) -> None:
    """Say whether the data dir (SQLite's records, the photos, the reminder queue) is on an
    encrypted disk: toxfill does not encrypt them itself, the disk under them must."""
    found = data_at_rest(folder)
    if found.state == ENCRYPTED:
        step(f"data at rest: {folder} is on an encrypted disk, {found.on}")
    elif found.state == PLAIN:
        print_line(
            f"warning: data at rest: {folder} is on {found.on}, which is not encrypted: the "
            "records and photos in it can be read from the disk by whoever takes it. Put the "
            "data dir on an encrypted disk (LUKS), unless the disk is encrypted where this "
            "machine cannot see it (a cloud provider's encrypted volume)",
            level="WARNING",
            stream=sys.stderr,
        )
    else:
        step(f"data at rest: cannot tell whether {folder} is encrypted: it is on {found.on}")


def make_private_dir(path: Path) -> None:
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    path.chmod(PRIVATE_DIR)


def create_secret_key(path: Path) -> bool:
    """A new random key in `path`, readable by its owner only from the moment it exists. A
    missing folder for it (TOXFILL_SECRET_KEY_FILE outside the data dir) is made private; an
    existing one is left as it is. An existing key is made private if it is not; one that is
    not ours to change (a container secret on a read-only mount) is read as it is, with a
    warning if others may read it. Whether a key was made."""
    try:
        path.parent.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        _keep_private(path)
        return False
    except OSError as exc:
        raise InputError(
            "TOXFILL_SECRET_KEY_FILE",
            f"there is no secret key at {path}, and one cannot be made there "
            f"({exc.strerror or exc}): put the key there, or name another file",
        ) from None
    with os.fdopen(descriptor, "w", encoding="utf-8") as key:
        key.write(secrets.token_urlsafe(50))
    return True


def _keep_private(path: Path) -> None:
    if stat.S_IMODE(path.stat().st_mode) & 0o077 == 0:
        return  # the owner's alone already (a systemd credential is)
    try:
        path.chmod(PRIVATE_FILE)
    except OSError as exc:
        print_line(
            f"warning: the secret key {path} may be read by other users, and cannot be made "
            f"private here ({exc.strerror or exc})",
            level="WARNING",
            stream=sys.stderr,
        )


def make_private_file(path: Path) -> None:
    """Create `path` empty if missing, and make it and its SQLite journals the owner's alone
    (SQLite gives the -wal and -shm files the database file's permissions)."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE))
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if file.exists():
            file.chmod(PRIVATE_FILE)
