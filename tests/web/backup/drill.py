"""The pieces of the backup drill: a writer process that keeps adding clinic records, and the
`toxfill backup` / `toxfill restore` commands run as an operator runs them."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from pyrage import x25519

TOXFILL = Path(sys.executable).parent / "toxfill"

# One clinic of 20 sessions a transaction, again and again, through the app's own bulk writer
# (synth_write.load_chain), until the stop file appears; prints how many clinics it wrote.
WRITER = """
import os, pathlib, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toxfill.web.settings")
import django
django.setup()
from toxfill.web.clinic.synth_write import load_chain
stop, started = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
seed = 1000
while not stop.exists():
    seed += 1
    load_chain(seed=seed, clinics=1, sessions=20, add=True)
    started.touch()
print(seed - 1000)
"""


def new_key(env: Mapping[str, str], identity: Path) -> str:
    """A backup key pair made with `toxfill backup-key`: the secret one in `identity`, the
    public one returned."""
    made = run_toxfill(env, "backup-key", str(identity))
    assert made.returncode == 0, made.stderr
    return next(w for w in made.stdout.split() if w.startswith("age1"))


def identity_of(path: Path) -> x25519.Identity:
    key = next(line for line in path.read_text().splitlines() if not line.startswith("#"))
    return x25519.Identity.from_str(key)


def run_toxfill(env: Mapping[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(TOXFILL), *args], env=dict(env), capture_output=True, text=True, timeout=300
    )


@contextmanager
def writing(env: Mapping[str, str], work: Path) -> Iterator[None]:
    """A writer process adding clinic records for as long as the block runs (and one more
    transaction after it, at least): it has written before the block begins."""
    stop, started = work / "stop-writing", work / "writer-started"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(stop), str(started)],
        env=dict(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not started.exists():
            assert writer.poll() is None, writer.communicate()[1]
            assert time.monotonic() < deadline, "the writer wrote nothing in two minutes"
            time.sleep(0.1)
        yield
    finally:
        stop.touch()
        output, errors = writer.communicate(timeout=120)
    assert writer.returncode == 0, errors
    assert int(output.strip().splitlines()[-1]) >= 2, output


def photos(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file()
    }


def plant_photos(folder: Path) -> dict[str, bytes]:
    """Photo files as the photos storage keeps them (random names in dated folders)."""
    planted = {}
    for number in range(5):
        name = f"2026/12/{os.urandom(8).hex()}.jpg"
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(os.urandom(2000 + number * 997))
        planted[name] = path.read_bytes()
    return planted
