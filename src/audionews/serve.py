"""`audionews serve`: feed/ over HTTP with the right types, HEAD and byte ranges (aiohttp)."""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from pathlib import Path

from aiohttp import web

from .publish.records import MANIFEST_NAME, load_manifest

MIME_TYPES = {
    ".mp3": "audio/mpeg",
    ".xml": "application/rss+xml",
    ".vtt": "text/vtt",
    ".json": "application/json",
    ".html": "text/html",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".txt": "text/plain",
}


# Web players fetch transcripts and chapters from another origin than the page they run on.
CROSS_ORIGIN_SUFFIXES = (".vtt", ".chapters.json")


def _headers(path: Path) -> dict[str, str]:
    headers = {"Content-Type": _content_type(path), "Accept-Ranges": "bytes", "Cache-Control": "no-cache"}
    if path.name.endswith(CROSS_ORIGIN_SUFFIXES):
        headers["Access-Control-Allow-Origin"] = "*"
    return headers


def _content_type(path: Path) -> str:
    if path.name.endswith(".chapters.json"):
        return "application/json+chapters"
    return MIME_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


class Unpublished:
    """The files of withdrawn episodes (`retracted: true`) and of held ones (drafts, embargoed),
    from feed/manifest.json, read again whenever the manifest changes: the first answer 410
    Gone, the second 404, as if they did not exist yet."""

    def __init__(self, root: Path) -> None:
        self.manifest = root / MANIFEST_NAME
        self.stamp: int | None = None
        self.withdrawn: frozenset[str] = frozenset()
        self.held: frozenset[str] = frozenset()

    def refresh(self) -> None:
        try:
            stamp = self.manifest.stat().st_mtime_ns
        except OSError:
            self.withdrawn = self.held = frozenset()
            return
        if stamp != self.stamp:
            records = load_manifest(self.manifest.parent).values()
            self.withdrawn = frozenset(n for r in records if r.retracted_at for n in r.files.rendered)
            self.held = frozenset(n for r in records if r.hold and not r.retracted_at for n in r.files.every)
            self.stamp = stamp


def make_app(directory: Path) -> web.Application:
    root = directory.resolve()
    unpublished = Unpublished(root)

    async def handle(request: web.Request) -> web.StreamResponse:
        relative = request.match_info.get("path", "") or "index.html"
        if relative.endswith("/"):
            relative += "index.html"
        unpublished.refresh()
        if relative in unpublished.withdrawn:
            raise web.HTTPGone(text="本期节目已撤回 (this episode was withdrawn)")
        if relative in unpublished.held:
            raise web.HTTPNotFound()
        # aiohttp has already percent-decoded the path; resolve and stay inside the folder
        target = (root / relative).resolve()
        if not target.is_relative_to(root) or any(part.startswith(".") for part in Path(relative).parts):
            raise web.HTTPNotFound()
        if not target.is_file():
            raise web.HTTPNotFound()
        return web.FileResponse(target, headers=_headers(target))

    app = web.Application()
    app.router.add_get("/{path:.*}", handle)  # add_get answers HEAD too
    return app


def serve(directory: Path, host: str, port: int, announce: Callable[[str], None]) -> None:
    display_host = f"[{host}]" if ":" in host else host
    url = f"http://{display_host}:{port}/"

    async def on_startup(_: web.Application) -> None:
        announce(url)

    app = make_app(directory)
    app.on_startup.append(on_startup)
    web.run_app(app, host=host, port=port, print=None, access_log=None)
