"""Telling podcast apps a feed changed, once it is written: a WebSub ping to every hub of
`[notify] hubs` (W3C WebSub: POST hub.mode=publish, hub.url=<feed>), and a Podping-style GET
(`<podping>?url=<feed>`) when `[notify] podping` is set. Sent only for feeds whose bytes
changed, so a no-op build tells no one; a hub that fails is one line, never the build's failure.
"""

from __future__ import annotations

import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from ..config import Config

PODPING_TOKEN_ENV = "AUDIONEWS_PODPING_TOKEN"  # a secret: kept out of audionews.toml


@dataclass(frozen=True)
class Ping:
    target: str  # the hub or the Podping endpoint
    feed_url: str
    error: str = ""  # empty: the target accepted it

    @property
    def line(self) -> str:
        return f"{self.target} was not told of {self.feed_url}: {self.error}"


def _send(request: urllib.request.Request, timeout_s: float) -> str:
    """The error, in a few words, or "" when the answer was 2xx."""
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as answer:
            answer.read(4096)
        return ""
    except urllib.error.HTTPError as exc:
        return f"HTTP {exc.code} {exc.reason}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return f"{type(exc).__name__}: {reason}"


def websub_request(hub: str, feed_url: str) -> urllib.request.Request:
    body = urllib.parse.urlencode({"hub.mode": "publish", "hub.url": feed_url}).encode("ascii")
    headers = {"Content-Type": "application/x-www-form-urlencoded", "User-Agent": "audionews"}
    return urllib.request.Request(hub, data=body, headers=headers, method="POST")


def podping_request(endpoint: str, feed_url: str) -> urllib.request.Request:
    joiner = "&" if "?" in endpoint else "?"
    headers = {"User-Agent": "audionews"}
    token = os.environ.get(PODPING_TOKEN_ENV, "")
    if token:
        headers["Authorization"] = token
    url = endpoint + joiner + urllib.parse.urlencode({"url": feed_url})
    return urllib.request.Request(url, headers=headers, method="GET")


def notify(config: Config, changed_feeds: list[str]) -> list[Ping]:
    """Tell every hub (and the Podping endpoint) of each feed that changed; what each said."""
    settings = config.notify
    pings = []
    for name in changed_feeds:
        feed_url = config.base_url + name
        requests = [(hub, websub_request(hub, feed_url)) for hub in settings.hubs]
        if settings.podping:
            requests.append((settings.podping, podping_request(settings.podping, feed_url)))
        for target, request in requests:
            pings.append(Ping(target, feed_url, _send(request, settings.timeout_s)))
    return pings
