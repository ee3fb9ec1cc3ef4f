"""HTTP for `fetch`: polite, bounded and conditional.

One `PoliteClient` per run: at most `per_host` requests at once to a host and `delay_s`
between them, robots.txt read once per origin and obeyed on every hop (robots.py), only
addresses the policy allows (guard.py), `If-None-Match`/`If-Modified-Since` from what the last
run saw, retries with backoff (or the server's `Retry-After`) on timeouts, dropped connections,
5xx and 429, redirects followed here, one at a time, and counted exactly, bodies capped while
they are read, and every request inside its source's and the run's time budget.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import aiohttp
from aiohttp.http_exceptions import ContentEncodingError

from ..config import FetchConfig
from .guard import AddressPolicy, AddressRefused, GuardedResolver
from .pace import HostPace
from .robots import ROBOTS_REDIRECTS, RobotsCache, Rules, rules_for
from .values import BadValue, checked_url, joined, short

RETRY_BACKOFF_S = 0.5  # doubled on each retry
_REDIRECTS = (301, 302, 303, 307, 308)


class FetchError(Exception):
    """A request that failed for good: str() is the reason, for one line on screen."""


class _Retryable(Exception):
    """A timeout or a dropped connection: worth another attempt."""


@dataclass(frozen=True)
class Budget:
    """A deadline on the event loop's clock, and what it is, for the message when it passes."""

    at: float
    what: str

    @classmethod
    def after(cls, seconds: float, what: str) -> Budget:
        return cls(asyncio.get_running_loop().time() + seconds, what)

    def left(self) -> float:
        return self.at - asyncio.get_running_loop().time()

    def earlier(self, other: Budget) -> Budget:
        return self if self.at <= other.at else other


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
    def __init__(self, settings: FetchConfig, policy: AddressPolicy) -> None:
        self.settings, self.policy = settings, policy
        self._session: aiohttp.ClientSession | None = None
        self._pace = HostPace(settings.per_host, settings.delay_s)
        self.robots = RobotsCache(self._read_robots)
        self.run_budget = Budget(float("inf"), "the run's time budget")

    async def __aenter__(self) -> PoliteClient:
        timeout = aiohttp.ClientTimeout(total=self.settings.timeout_s)
        headers = {"User-Agent": self.settings.user_agent, "Accept-Encoding": "gzip, deflate"}
        connector = aiohttp.TCPConnector(resolver=GuardedResolver(self.policy), use_dns_cache=False)
        self._session = aiohttp.ClientSession(timeout=timeout, headers=headers, connector=connector)
        self.run_budget = Budget.after(self.settings.run_budget_s, f"the run's {self.settings.run_budget_s:g} s budget")
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.robots.close()
        if self._session is not None:
            await self._session.close()

    async def get(self, url: str, validators: Validators | None = None, budget: Budget | None = None) -> Response:
        """GET `url` (conditionally when `validators` are given); FetchError when it fails."""
        headers = (validators or Validators()).headers()
        budget = self.run_budget.earlier(budget) if budget else self.run_budget
        return await self._follow(url, headers, budget, self.settings.max_redirects, self.settings.robots)

    async def _follow(
        self, url: str, headers: dict[str, str], budget: Budget, redirects: int, robots: bool
    ) -> Response:
        """Each hop checked before it is requested: http(s), an allowed address, robots.txt."""
        for _ in range(redirects + 1):
            await self._admit(url, budget, robots)
            reply = await self._with_retries(url, headers, budget)
            location = reply.headers.get("location") if reply.status in _REDIRECTS else None
            if not location:
                return reply
            try:
                url = checked_url(joined(reply.url, location.strip()))
            except (BadValue, ValueError) as exc:
                raise FetchError(f"redirected to a URL that is not fetched ({short(exc)})") from None
        raise FetchError(f"more than {redirects} redirects")

    async def _admit(self, url: str, budget: Budget, robots: bool) -> None:
        try:
            async with asyncio.timeout_at(budget.at):
                await self.policy.check(url)
                refusal = await self.robots.verdict(self.settings.user_agent, url) if robots else None
        except AddressRefused as exc:
            raise FetchError(str(exc)) from None
        except TimeoutError:
            raise FetchError(f"out of time ({budget.what} is spent)") from None
        if refusal:
            raise FetchError(refusal)

    async def _with_retries(self, url: str, headers: dict[str, str], budget: Budget) -> Response:
        """Timeouts, dropped connections, 5xx and 429 are tried again: after `Retry-After` when
        the server says (and the budget allows), else with backoff."""
        attempts = self.settings.retries + 1
        for attempt in range(attempts):
            last = attempt + 1 == attempts
            try:
                reply = await self._get_once(url, headers, budget)
            except _Retryable as exc:
                if last:
                    raise FetchError(f"{exc} after {attempts} attempts") from None
                wait = RETRY_BACKOFF_S * 2**attempt
            else:
                if reply.status < 500 and reply.status != 429:  # 429: asked to slow down
                    return reply
                if last:
                    raise FetchError(f"HTTP {reply.status} after {attempts} attempts")
                wait = retry_after(reply.headers.get("retry-after")) or RETRY_BACKOFF_S * 2**attempt
                if wait > budget.left():
                    raise FetchError(f"HTTP {reply.status}, asked to retry in {wait:.0f} s: beyond {budget.what}")
            await asyncio.sleep(max(0.0, min(wait, budget.left())))
        raise AssertionError("unreachable")

    async def _get_once(self, url: str, headers: dict[str, str], budget: Budget) -> Response:
        assert self._session is not None, "use PoliteClient as an async context manager"
        try:
            async with (
                asyncio.timeout_at(budget.at),
                self._pace.turn(urlsplit(url).netloc),
                self._session.get(url, headers=headers, allow_redirects=False) as reply,
            ):
                body = await self._read_capped(reply)
                said = {k.lower(): v for k, v in reply.headers.items()}
                return Response(str(reply.url), reply.status, said, body)
        except TimeoutError:
            if budget.left() <= 0:
                raise FetchError(f"out of time ({budget.what} is spent)") from None
            raise _Retryable("timed out") from None
        except aiohttp.ClientPayloadError as exc:
            if isinstance(exc.__cause__, ContentEncodingError):  # gzip that is not: the same next time
                raise FetchError(f"the body cannot be decoded ({short(exc.__cause__.message)})") from None
            raise _Retryable(f"connection failed ({short(exc)})") from None
        except aiohttp.ClientConnectionError as exc:
            raise _Retryable(f"connection failed ({short(exc)})") from None
        except aiohttp.ClientResponseError as exc:  # too many headers, a line too long, a bad length
            # `br` or `zstd` we never asked for: aiohttp's advice to install a decoder is not the user's business
            reason = str(exc.message).split(". Please install")[0]
            raise FetchError(f"not a valid HTTP answer ({short(reason)})") from None
        except (aiohttp.ClientError, ValueError, LookupError) as exc:  # what yarl and aiohttp raise on bad input
            raise FetchError(f"request failed ({short(exc)})") from None

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

    async def _read_robots(self, url: str) -> Rules:
        try:
            reply = await self._follow(url, {}, self.run_budget, ROBOTS_REDIRECTS, robots=False)
        except FetchError as exc:
            return rules_for(None, b"", str(exc))
        return rules_for(reply.status, reply.body, None)


def retry_after(value: str | None) -> float | None:
    """`Retry-After` in seconds: a number of seconds or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, (moment - datetime.now(UTC)).total_seconds()) if moment.tzinfo else None
