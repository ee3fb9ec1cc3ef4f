"""An aiohttp app on 127.0.0.1, served from a thread of its own: the fake services tests talk to
(tools/fake_site.py, tools/fake_hub.py)."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Awaitable, Callable

from aiohttp import web


def free_local_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LocalServer:
    def __init__(self, port: int, routes: Callable[[web.Application], None]) -> None:
        self.port, self.routes = port, routes

    def start(self) -> None:
        self._loop = asyncio.new_event_loop()
        started = threading.Event()

        async def serve() -> None:
            app = web.Application()
            self.routes(app)
            self._runner = web.AppRunner(app, shutdown_timeout=0.5)  # a silent handler is cut off
            await self._runner.setup()
            await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
            started.set()

        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        asyncio.run_coroutine_threadsafe(serve(), self._loop)
        started.wait(10)

    def stop(self, last: Callable[[], Awaitable[None]] | None = None) -> None:
        """Stop serving; `last` runs on the server's loop once the runner is cleaned up."""
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        if last is not None:
            asyncio.run_coroutine_threadsafe(last(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
