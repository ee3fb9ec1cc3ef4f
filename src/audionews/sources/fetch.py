"""`audionews fetch`: every source's new and changed articles into `articles/`.

An entry's file is named by its host and a digest of its id (or URL), so it is the same file
on every run: a changed page rewrites its file (and keeps its episode's GUID), an unchanged
one is left alone. What each URL's server said last (ETag, Last-Modified) is kept in the
cache, so an unchanged feed or page costs a 304.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ..config import Config, SourceConfig
from ..errors import ConfigError
from ..fsutil import atomic_write_text
from .extract import NoArticle, extract_article
from .feeds import Entry, FeedError, parse_feed
from .http import FetchError, PoliteClient, Response, Validators

STATE_NAME = "fetch-state.json"
_FEED_OR_PAGE_TYPES = ("xml", "rss", "atom", "json", "html", "text/plain")


@dataclass(frozen=True)
class ItemResult:
    url: str
    status: str  # new, updated, unchanged, skipped (no article, listed twice), failed
    file: str | None = None
    reason: str | None = None


@dataclass
class SourceResult:
    name: str
    url: str
    error: str | None = None
    not_modified: bool = False
    items: list[ItemResult] = field(default_factory=list)


@dataclass
class FetchSummary:
    sources: list[SourceResult]

    def count(self, status: str) -> int:
        return sum(1 for s in self.sources for i in s.items if i.status == status)

    @property
    def failed(self) -> list[str]:
        """One line per failure: a source that did not answer, an entry that could not be read."""
        lines = [f"{s.name}: {s.error}" for s in self.sources if s.error]
        lines += [f"{s.name}: {i.url}: {i.reason}" for s in self.sources for i in s.items if i.status == "failed"]
        return lines

    def report(self) -> dict[str, object]:
        return {
            "sources": len(self.sources),
            "sources_failed": sum(1 for s in self.sources if s.error),
            "feeds_not_modified": sum(1 for s in self.sources if s.not_modified),
            **{status: self.count(status) for status in ("new", "updated", "unchanged", "skipped", "failed")},
            "failures": self.failed,
        }


def sources_to_fetch(config: Config, urls: list[str]) -> tuple[SourceConfig, ...]:
    """URLs from the command line, else `[[sources]]`; neither is a configuration error."""
    if urls:
        for url in urls:
            if not url.startswith(("http://", "https://")):
                raise ConfigError(config.source or config.root, "", f"not an http(s) URL: {url}")
        return tuple(SourceConfig(url=url) for url in urls)
    if not config.sources:
        raise ConfigError(
            config.source or config.root / "audionews.toml", "sources", "no [[sources]] and no URL given to fetch"
        )
    return config.sources


def fetch_sources(config: Config, urls: list[str], note: Callable[[str], None] = lambda _: None) -> FetchSummary:
    sources = sources_to_fetch(config, urls)
    return asyncio.run(_fetch_all(config, sources, note))


async def _fetch_all(config: Config, sources: tuple[SourceConfig, ...], note: Callable[[str], None]) -> FetchSummary:
    state = _State.load(config.cache_dir / STATE_NAME)
    seen: set[str] = set()  # entry keys done this run: the same article listed twice, or by two feeds
    async with PoliteClient(config.fetch) as client:
        run = _Run(config, client, state, seen, note)
        results = await asyncio.gather(*(run.source(s) for s in sources))
    state.save()
    return FetchSummary(list(results))


class _Run:
    def __init__(
        self, config: Config, client: PoliteClient, state: _State, seen: set[str], note: Callable[[str], None]
    ) -> None:
        self.config, self.client, self.state, self.seen, self.note = config, client, state, seen, note

    async def source(self, source: SourceConfig) -> SourceResult:
        result = SourceResult(source.name or urlsplit(source.url).netloc, source.url)
        as_page = Entry(source.url, source.url, "", None, None)
        # a page given directly is asked for conditionally only while its file is there
        known = self.state.validators(source.url)
        if source.url in self.state.pages and not self._file(as_page).exists():
            known = Validators()
        try:
            reply = await self.client.get(source.url, known)
            if reply.not_modified:
                result.not_modified = True
                self.note(f"{result.name}: not modified")
                return result
            _check_reply(reply)
            feed = parse_feed(reply.body, reply.content_type, reply.url)
        except (FetchError, FeedError) as exc:
            result.error = str(exc)
            return result
        if feed is None:  # an article page given directly
            self.state.pages.add(source.url)
            result.items.append(await self._page(Entry(source.url, reply.url, "", None, None), result.name, reply))
        else:
            name = source.name or feed.title or result.name
            entries = _chosen(feed.entries, source)
            result.items.extend(await asyncio.gather(*(self._entry(e, name) for e in entries)))
        self.state.remember(source.url, reply)
        return result

    async def _entry(self, entry: Entry, source_name: str) -> ItemResult:
        if entry.key in self.seen:
            return ItemResult(entry.url, "skipped", reason="listed twice")
        self.seen.add(entry.key)
        target = self._file(entry)
        try:
            reply = await self.client.get(entry.url, self.state.validators(entry.url) if target.exists() else None)
        except FetchError as exc:
            return ItemResult(entry.url, "failed", reason=str(exc))
        if reply.not_modified:
            return ItemResult(entry.url, "unchanged", target.name)
        return await self._page(entry, source_name, reply)

    async def _page(self, entry: Entry, source_name: str, reply: Response) -> ItemResult:
        try:
            _check_reply(reply)
            article = extract_article(reply.body, reply.charset, reply.url)
        except FetchError as exc:
            return ItemResult(entry.url, "failed", reason=str(exc))
        except NoArticle as exc:
            return ItemResult(entry.url, "skipped", reason=str(exc))
        target = self._file(entry)
        text = _article_file(
            title=entry.title or article.title or "",
            url=entry.url,
            published=entry.published or article.published,
            author=entry.author or article.author,
            source=source_name,
            body=article.text,
        )
        old = target.read_text(encoding="utf-8") if target.exists() else None
        self.state.remember(entry.url, reply)
        if old == text:
            return ItemResult(entry.url, "unchanged", target.name)
        atomic_write_text(target, text)
        self.note(f"{'updated' if old else 'new'}: {target.name} {entry.title[:40]}")
        return ItemResult(entry.url, "updated" if old else "new", target.name)

    def _file(self, entry: Entry) -> Path:
        host = re.sub(r"[^a-z0-9]+", "-", (urlsplit(entry.url).hostname or "page").lower()).strip("-")
        digest = hashlib.sha256(entry.key.encode("utf-8")).hexdigest()[:12]
        return self.config.articles_dir / f"{host}-{digest}.md"


def _check_reply(reply: Response) -> None:
    if reply.status != 200:
        raise FetchError(f"HTTP {reply.status}")
    if reply.content_type and not any(t in reply.content_type for t in _FEED_OR_PAGE_TYPES):
        raise FetchError(f"not a feed or a page ({reply.content_type})")


def _chosen(entries: tuple[Entry, ...], source: SourceConfig) -> list[Entry]:
    """Entries matching the source's patterns, newest first, at most `max_items`."""

    def wanted(e: Entry) -> bool:
        said = (e.url, e.title)
        if source.include and not any(re.search(p, s) for p in source.include for s in said):
            return False
        return not any(re.search(p, s) for p in source.exclude for s in said)

    kept = [e for e in entries if wanted(e)]
    if all(e.published for e in kept):
        kept.sort(key=lambda e: e.published or "", reverse=True)
    return kept[: source.max_items]


def _article_file(*, title: str, url: str, published: str | None, author: str | None, source: str, body: str) -> str:
    def one_line(value: str) -> str:
        return re.sub(r"\s+", " ", value).strip()

    front = {"title": title, "url": url, "published": published, "author": author, "source": source}
    lines = [f"{key}: {one_line(value)}" for key, value in front.items() if value]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body.strip() + "\n"


class _State:
    """ETag and Last-Modified per URL, as the server last sent them."""

    def __init__(self, path: Path, seen: dict[str, dict[str, str]], pages: set[str]) -> None:
        self.path, self.seen, self.pages = path, seen, pages  # pages: sources that were a page

    @classmethod
    def load(cls, path: Path) -> _State:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(path, dict(data.get("validators", {})), set(data.get("pages", [])))
        except (OSError, ValueError, AttributeError, TypeError):
            return cls(path, {}, set())  # no state yet, or unreadable: every request unconditional

    def validators(self, url: str) -> Validators:
        known = self.seen.get(url, {})
        return Validators(known.get("etag"), known.get("last_modified"))

    def remember(self, url: str, reply: Response) -> None:
        v = Validators.of(reply)
        if v.etag or v.last_modified:
            self.seen[url] = {k: x for k, x in (("etag", v.etag), ("last_modified", v.last_modified)) if x}

    def save(self) -> None:
        state = {"version": 1, "validators": self.seen, "pages": sorted(self.pages)}
        atomic_write_text(self.path, json.dumps(state, indent=1))
