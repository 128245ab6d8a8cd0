"""The toxfill command line: parse, make one core call, render. Django loads only for `serve`,
`demo`, `synth` and `audit`."""

from __future__ import annotations

import os
import sys

from toxfill.cli import audit, backup, guide, passport, server  # noqa: F401  each registers its commands
from toxfill.cli.base import app, err

__all__ = ["app", "main"]


def main() -> None:
    """Entry point: no traceback reaches the user unless TOXFILL_DEBUG is set."""
    try:
        app()
    except Exception as exc:  # a bug, not bad input: say so plainly
        if os.environ.get("TOXFILL_DEBUG"):
            raise
        err.print(
            f"internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in toxfill; rerun with TOXFILL_DEBUG=1 for details and report it."
        )
        sys.exit(70)
