"""A WebSub hub and a Podping endpoint for tests: a real aiohttp server on 127.0.0.1 that
records what it was told (method, path, form or query) and answers with `status`."""

from __future__ import annotations

from dataclasses import dataclass, field

from aiohttp import web

from tools.local_server import LocalServer, free_local_port


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
        self.port = free_local_port()
        self._server = LocalServer(self.port, lambda app: app.router.add_route("*", "/{tail:.*}", self._handle))
        self._server.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.stop()
