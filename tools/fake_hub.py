"""A WebSub hub and a Podping endpoint for tests: a real aiohttp server on 127.0.0.1 that
records what it was told (method, path, form or query) and answers with `status`."""

from __future__ import annotations

import asyncio
import socket
import threading
from dataclasses import dataclass, field

from aiohttp import web


@dataclass(frozen=True)
class Told:
    method: str
    path: str
    form: dict[str, str]  # the POST body's fields, or the GET query's
    authorization: str


@dataclass
class FakeHub:
    status: int = 204  # what every request is answered with (500: a failing hub)
    told: list[Told] = field(default_factory=list)
    port: int = 0

    def url(self, path: str = "/hub") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    async def _handle(self, request: web.Request) -> web.Response:
        form = dict(await request.post()) if request.method == "POST" else dict(request.query)
        values = {k: str(v) for k, v in form.items()}
        self.told.append(Told(request.method, request.path, values, request.headers.get("Authorization", "")))
        return web.Response(status=self.status)

    def __enter__(self) -> FakeHub:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self._loop = asyncio.new_event_loop()
        started = threading.Event()

        async def serve() -> None:
            app = web.Application()
            app.router.add_route("*", "/{tail:.*}", self._handle)
            self._runner = web.AppRunner(app, shutdown_timeout=0.5)
            await self._runner.setup()
            await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
            started.set()

        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        asyncio.run_coroutine_threadsafe(serve(), self._loop)
        started.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
