"""Run an ASGI call to completion from a synchronous test, whatever loop the process has.

A browser test's Playwright (sync API) leaves an event loop running in the main thread, where
`asyncio.run` refuses to start another; a fresh thread has no loop. The coroutine is made in that
thread too, so a refusal can never leave one behind un-awaited.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any


def run_in_own_loop(make_coroutine: Callable[[], Coroutine[Any, Any, None]]) -> None:
    with ThreadPoolExecutor(max_workers=1) as thread:
        thread.submit(lambda: asyncio.run(make_coroutine())).result()
