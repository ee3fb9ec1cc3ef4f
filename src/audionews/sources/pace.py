"""Politeness per host: at most `per_host` requests at once, `delay_s` between their starts."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class HostPace:
    def __init__(self, per_host: int, delay_s: float) -> None:
        self.per_host, self.delay_s = per_host, delay_s
        self._slots: dict[str, asyncio.Semaphore] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._last: dict[str, float] = {}

    @asynccontextmanager
    async def turn(self, host: str) -> AsyncIterator[None]:
        """Hold one of `host`'s slots, started no sooner than `delay_s` after the last start."""
        async with self._slots.setdefault(host, asyncio.Semaphore(self.per_host)):
            async with self._locks.setdefault(host, asyncio.Lock()):
                wait = self._last.get(host, -1e9) + self.delay_s - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                self._last[host] = time.monotonic()
            yield
