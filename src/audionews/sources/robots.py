"""robots.txt, read once per origin and obeyed as RFC 9309 says.

200: its rules. 4xx: no rules (the RFC's "unavailable"), except 401 and 403, read as "keep out".
5xx, a timeout, a dropped connection, a redirect loop: "unreachable", so nothing on that
origin is fetched this run (RFC 9309 section 2.3.1.4). Concurrent requests to one origin wait
for one robots.txt request, never send their own.
"""

from __future__ import annotations

import asyncio
import urllib.robotparser
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

ROBOTS_REDIRECTS = 5  # RFC 9309 2.3.1.2: follow at least five


@dataclass(frozen=True)
class Rules:
    parser: urllib.robotparser.RobotFileParser | None  # None: everything allowed
    refusal: str | None = None  # set: nothing allowed, and why

    def verdict(self, agent: str, url: str) -> str | None:
        """Why robots.txt keeps us from `url`, or None when it may be fetched."""
        if self.refusal:
            return self.refusal
        if self.parser is not None and not self.parser.can_fetch(agent, url):
            return "robots.txt does not allow fetching it"
        return None


def rules_for(status: int | None, body: bytes, failure: str | None) -> Rules:
    """The rules an answer to `/robots.txt` gives: `status` None with `failure` when none came."""
    if status is None:
        return Rules(None, f"robots.txt unreachable ({failure}): not fetched (RFC 9309)")
    if status in (401, 403):
        return Rules(None, f"robots.txt answers HTTP {status}: not fetched")
    if status >= 500:
        return Rules(None, f"robots.txt unreachable (HTTP {status}): not fetched (RFC 9309)")
    if status != 200:
        return Rules(None)
    parser = urllib.robotparser.RobotFileParser()
    parser.parse(body[:500_000].decode("utf-8", errors="replace").splitlines())  # RFC: at least 500 KiB
    return Rules(parser)


class RobotsCache:
    """One robots.txt request per origin per run, shared by everyone who asks."""

    def __init__(self, read: Callable[[str], Awaitable[Rules]]) -> None:
        self._read = read
        self._tasks: dict[str, asyncio.Task[Rules]] = {}

    async def verdict(self, agent: str, url: str) -> str | None:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        task = self._tasks.get(origin)
        if task is None:
            task = self._tasks[origin] = asyncio.ensure_future(self._read(f"{origin}/robots.txt"))
        # shielded: one requester running out of time must not cancel the others' robots.txt
        rules = await asyncio.shield(task)
        return rules.verdict(agent, url)

    async def close(self) -> None:
        for task in self._tasks.values():
            task.cancel()
        await asyncio.gather(*self._tasks.values(), return_exceptions=True)
