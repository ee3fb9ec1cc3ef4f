"""HTTP for `fetch`: polite, bounded and conditional.

One `PoliteClient` per run: at most `per_host` requests at once to a host and `delay_s`
between them, robots.txt read once per host and obeyed, `If-None-Match`/`If-Modified-Since`
from what the last run saw, retries with backoff on timeouts, dropped connections and 5xx,
redirects capped, bodies capped while they are read.
"""

from __future__ import annotations

import asyncio
import time
import urllib.robotparser
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import aiohttp

from ..config import FetchConfig

RETRY_BACKOFF_S = 0.5  # doubled on each retry


class FetchError(Exception):
    """A request that failed for good: str() is the reason, for one line on screen."""


@dataclass(frozen=True)
class Response:
    url: str  # after redirects
    status: int
    headers: Mapping[str, str]  # names in lower case
    body: bytes

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                return value.strip("\"' ").lower()
        return None


@dataclass(frozen=True)
class Validators:
    """What a server said about a URL last time, to ask whether it changed."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        found = {}
        if self.etag:
            found["If-None-Match"] = self.etag
        if self.last_modified:
            found["If-Modified-Since"] = self.last_modified
        return found

    @classmethod
    def of(cls, response: Response) -> Validators:
        return cls(response.headers.get("etag"), response.headers.get("last-modified"))


class PoliteClient:
    def __init__(self, settings: FetchConfig) -> None:
        self.settings = settings
        self._session: aiohttp.ClientSession | None = None
        self._slots: dict[str, asyncio.Semaphore] = {}
        self._last: dict[str, float] = {}
        self._pace: dict[str, asyncio.Lock] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}

    async def __aenter__(self) -> PoliteClient:
        timeout = aiohttp.ClientTimeout(total=self.settings.timeout_s)
        headers = {"User-Agent": self.settings.user_agent, "Accept-Encoding": "gzip, deflate"}
        self._session = aiohttp.ClientSession(timeout=timeout, headers=headers)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._session is not None:
            await self._session.close()

    async def get(self, url: str, validators: Validators | None = None) -> Response:
        """GET `url` (conditionally when `validators` are given); FetchError when it fails.

        Timeouts, dropped connections, 5xx and 429 are tried again, with backoff."""
        if self.settings.robots and not await self.allowed(url):
            raise FetchError("robots.txt does not allow fetching it")
        attempts = self.settings.retries + 1
        for attempt in range(attempts):
            try:
                response = await self._get_once(url, (validators or Validators()).headers())
            except (aiohttp.ClientConnectionError, aiohttp.ClientPayloadError, TimeoutError) as exc:
                reason = "timed out" if isinstance(exc, TimeoutError) else f"connection failed ({exc})"
                if attempt + 1 == attempts:
                    raise FetchError(f"{reason} after {attempts} attempts") from None
            else:
                if response.status < 500 and response.status != 429:  # 429: asked to slow down
                    return response
                if attempt + 1 == attempts:
                    raise FetchError(f"HTTP {response.status} after {attempts} attempts")
            await asyncio.sleep(RETRY_BACKOFF_S * 2**attempt)
        raise AssertionError("unreachable")

    async def _get_once(self, url: str, headers: dict[str, str]) -> Response:
        assert self._session is not None, "use PoliteClient as an async context manager"
        host = urlsplit(url).netloc
        async with self._slot(host):
            await self._wait_turn(host)
            try:
                async with self._session.get(
                    url, headers=headers, allow_redirects=True, max_redirects=self.settings.max_redirects
                ) as reply:
                    body = await self._read_capped(reply)
                    headers = {k.lower(): v for k, v in reply.headers.items()}
                    return Response(str(reply.url), reply.status, headers, body)
            except aiohttp.TooManyRedirects:
                raise FetchError(f"more than {self.settings.max_redirects} redirects") from None
            except aiohttp.InvalidURL as exc:
                raise FetchError(f"not a URL that can be fetched ({exc})") from None

    def _slot(self, host: str) -> asyncio.Semaphore:
        return self._slots.setdefault(host, asyncio.Semaphore(self.settings.per_host))

    async def _wait_turn(self, host: str) -> None:
        """Keep `delay_s` between the starts of two requests to one host."""
        async with self._pace.setdefault(host, asyncio.Lock()):
            wait = self._last.get(host, -1e9) + self.settings.delay_s - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            self._last[host] = time.monotonic()

    async def _read_capped(self, reply: aiohttp.ClientResponse) -> bytes:
        limit = self.settings.max_bytes
        if reply.content_length is not None and reply.content_length > limit:
            raise FetchError(f"larger than {limit:,} bytes ({reply.content_length:,})")
        chunks, size = [], 0
        async for chunk in reply.content.iter_chunked(64 * 1024):
            size += len(chunk)
            if size > limit:
                raise FetchError(f"larger than {limit:,} bytes")
            chunks.append(chunk)
        return b"".join(chunks)

    async def allowed(self, url: str) -> bool:
        """Does the host's robots.txt let our user agent fetch `url`? No robots.txt: yes."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            self._robots[origin] = await self._read_robots(origin)
        rules = self._robots[origin]
        return rules is None or rules.can_fetch(self.settings.user_agent, url)

    async def _read_robots(self, origin: str) -> urllib.robotparser.RobotFileParser | None:
        try:
            reply = await self._get_once(f"{origin}/robots.txt", {})
        except (FetchError, aiohttp.ClientError, TimeoutError):
            return None  # unreachable robots.txt: as if there were none
        if reply.status in (401, 403):
            rules = urllib.robotparser.RobotFileParser()
            rules.disallow_all = True
            return rules
        if reply.status != 200:
            return None
        rules = urllib.robotparser.RobotFileParser()
        rules.parse(reply.body.decode("utf-8", errors="replace").splitlines())
        return rules
