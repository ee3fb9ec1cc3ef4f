"""Reading a fetched body as a feed: RSS 2.0 and Atom through feedparser, JSON Feed 1.x by
its own (small) spec. A body that is none of these is a page, not an error."""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from typing import Any

import feedparser

from . import feedxml
from .values import BadValue, checked_url, joined, one_line, struct_date, text_date

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
class Refused:
    """An entry whose link cannot be fetched or written as it is (a newline in it, `[::1`)."""

    url: str
    reason: str


@dataclass(frozen=True)
class Feed:
    title: str
    entries: tuple[Entry, ...]
    refused: tuple[Refused, ...] = ()


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
    # links are joined to `base_url` here, not by feedparser: it turns one it cannot join
    # (`http://[::1/x`) into "", and the entry would vanish without a word
    parsed = feedxml.parse(body)  # feedparser.parse, but text such as `Â¡` stays as sent
    if not parsed.entries and (parsed.get("bozo") or not parsed.get("version")):
        if looks_like_feed:
            reason = parsed.get("bozo_exception") or "no entries"
            raise FeedError(f"not a readable feed ({str(reason)[:80]})")
        return None
    feed = _sorted(str(parsed.feed.get("title", "")), [_rss_entry(raw, base_url) for raw in parsed.entries])
    if parsed.get("bozo") and not feed.entries:  # broken XML is forgiven only when entries survive it
        raise FeedError(f"not a readable feed ({str(parsed.get('bozo_exception') or 'no entries')[:80]})")
    return feed


def _sorted(title: str, found: list[Entry | Refused | None]) -> Feed:
    entries = tuple(e for e in found if isinstance(e, Entry))
    return Feed(one_line(title), entries, tuple(e for e in found if isinstance(e, Refused)))


def _entry(key: object, url: object, title: object, published: str | None, author: object) -> Entry | Refused | None:
    """An entry, a refused link, or None for an entry with no link at all."""
    if not isinstance(url, str) or not url.strip():
        return None
    try:
        link = checked_url(url.strip())
    except BadValue as exc:
        return Refused(url, str(exc))
    name = one_line(author) if isinstance(author, str) else ""
    return Entry(
        key=str(key) if isinstance(key, str | int) and str(key) else link,
        url=link,
        title=one_line(title) if isinstance(title, str) else "",
        published=published,
        author=name or None,
    )


def _rss_entry(raw: feedparser.FeedParserDict, base_url: str) -> Entry | Refused | None:
    stamp = raw.get("published_parsed") or raw.get("updated_parsed")
    link = raw.get("link")
    with contextlib.suppress(ValueError):  # one that cannot be joined is kept, and refused with its reason
        link = joined(base_url, link.strip()) if isinstance(link, str) and link.strip() else link
    return _entry(raw.get("id"), link, raw.get("title"), struct_date(stamp), raw.get("author"))


def _json_feed(body: bytes) -> Feed:
    """JSON Feed (https://jsonfeed.org/version/1.1): `items` with `id`, `url`, `title`."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise FeedError(f"not valid JSON ({str(exc)[:80]})") from None
    except RecursionError:
        raise FeedError("not a readable JSON Feed (nested too deep)") from None
    if not isinstance(data, dict) or not str(data.get("version", "")).startswith("https://jsonfeed.org/"):
        raise FeedError("JSON, but not a JSON Feed (no jsonfeed.org version)")
    items = data.get("items", [])
    if not isinstance(items, list):
        raise FeedError(f"not a readable JSON Feed (items is a {type(items).__name__}, not a list)")
    found = [_json_item(item) for item in items if isinstance(item, dict)]
    title = data.get("title")
    return _sorted(title if isinstance(title, str) else "", found)


def _json_item(item: dict[str, Any]) -> Entry | Refused | None:
    url = item.get("url") or item.get("external_url")
    authors = item.get("authors")
    if not isinstance(authors, list):
        authors = [item.get("author")]  # JSON Feed 1.0: one `author` object
    author = next((a["name"] for a in authors if isinstance(a, dict) and isinstance(a.get("name"), str)), None)
    return _entry(item.get("id"), url, item.get("title"), text_date(item.get("date_published")), author)
