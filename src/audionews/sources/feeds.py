"""Reading a fetched body as a feed: RSS 2.0 and Atom through feedparser, JSON Feed 1.x by
its own (small) spec. A body that is none of these is a page, not an error."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime

import feedparser

_FEED_TYPES = ("xml", "rss", "atom", "rdf")


class FeedError(Exception):
    """The body claims to be a feed but cannot be read as one."""


@dataclass(frozen=True)
class Entry:
    key: str  # the entry's id, else its link: what makes it the same article next time
    url: str
    title: str
    published: str | None  # ISO 8601
    author: str | None


@dataclass(frozen=True)
class Feed:
    title: str
    entries: tuple[Entry, ...]


def parse_feed(body: bytes, content_type: str, base_url: str) -> Feed | None:
    """The feed in `body`, or None when `body` is a web page (an article URL given directly)."""
    head = body.lstrip()[:300].lower()
    if head.startswith(b"{") or ("json" in content_type and not head.startswith(b"<")):
        return _json_feed(body)
    # the body decides before the header: many servers send RSS as text/html
    looks_like_feed = head.startswith(b"<?xml") or b"<rss" in head or b"<feed" in head or b"<rdf" in head
    if not looks_like_feed and (head.startswith((b"<!doctype html", b"<html")) or "html" in content_type):
        return None
    looks_like_feed = looks_like_feed or any(t in content_type for t in _FEED_TYPES)
    parsed = feedparser.parse(body, response_headers={"content-location": base_url})
    if not parsed.entries and (parsed.get("bozo") or not parsed.get("version")):
        if looks_like_feed:
            reason = parsed.get("bozo_exception") or "no entries"
            raise FeedError(f"not a readable feed ({str(reason)[:80]})")
        return None
    entries = tuple(e for e in map(_rss_entry, parsed.entries) if e is not None)
    if parsed.get("bozo") and not entries:  # broken XML is forgiven only when entries survive it
        raise FeedError(f"not a readable feed ({str(parsed.get('bozo_exception') or 'no entries')[:80]})")
    return Feed(parsed.feed.get("title", ""), entries)


def _rss_entry(raw: feedparser.FeedParserDict) -> Entry | None:
    url = raw.get("link") or ""
    if not url.startswith(("http://", "https://")):
        return None
    stamp = raw.get("published_parsed") or raw.get("updated_parsed")
    published = datetime.fromtimestamp(time.mktime(stamp), UTC).isoformat() if stamp else None
    return Entry(
        key=raw.get("id") or url,
        url=url,
        title=(raw.get("title") or "").strip(),
        published=published,
        author=(raw.get("author") or "").strip() or None,
    )


def _json_feed(body: bytes) -> Feed:
    """JSON Feed (https://jsonfeed.org/version/1.1): `items` with `id`, `url`, `title`."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise FeedError(f"not valid JSON ({exc})") from None
    if not isinstance(data, dict) or not str(data.get("version", "")).startswith("https://jsonfeed.org/"):
        raise FeedError("JSON, but not a JSON Feed (no jsonfeed.org version)")
    entries = []
    for item in data.get("items") or []:
        if not isinstance(item, dict):
            continue
        url = item.get("url") or item.get("external_url") or ""
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            continue
        authors = item.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict) else [])
        author = next((a.get("name") for a in authors if isinstance(a, dict) and a.get("name")), None)
        entries.append(
            Entry(
                key=str(item.get("id") or url),
                url=url,
                title=str(item.get("title") or "").strip(),
                published=item.get("date_published") if isinstance(item.get("date_published"), str) else None,
                author=author,
            )
        )
    return Feed(str(data.get("title") or ""), tuple(entries))
