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
from ..frontmatter import Timestamp, dump_front_matter
from ..fsutil import atomic_write_text
from .extract import NoArticle, extract_article
from .feeds import Entry, FeedError, parse_feed
from .guard import AddressPolicy, parse_networks
from .http import Budget, FetchError, PoliteClient, Response, Validators
from .values import BadValue, body_text, checked_url, one_line

STATE_NAME = "fetch-state.json"
_FEED_OR_PAGE_TYPES = ("xml", "rss", "atom", "json", "html", "text/plain")
EXTRACTIONS_AT_ONCE = 2  # trafilatura runs in threads: two big pages at a time, not six


@dataclass(frozen=True)
class ItemResult:
    url: str
    status: str  # new, updated, unchanged, skipped (no article, listed twice, a bad link), failed
    file: str | None = None
    reason: str | None = None  # why skipped or failed; for new and updated, a note (bytes replaced)


@dataclass
class SourceResult:
    label: str  # the source's `name`, else its URL: how every line about it names it
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
        lines = [f"{s.label}: {s.error}" for s in self.sources if s.error]
        lines += [f"{s.label}: {i.url}: {i.reason}" for s in self.sources for i in s.items if i.status == "failed"]
        return lines

    def lines(self, status: str) -> list[str]:
        """One line per entry with that status and a reason (skipped, or new with a note)."""
        return [
            f"{s.label}: {i.url}: {i.reason}" for s in self.sources for i in s.items if i.status == status and i.reason
        ]

    def report(self) -> dict[str, object]:
        return {
            "sources": len(self.sources),
            "sources_failed": sum(1 for s in self.sources if s.error),
            "feeds_not_modified": sum(1 for s in self.sources if s.not_modified),
            **{status: self.count(status) for status in ("new", "updated", "unchanged", "skipped", "failed")},
            "failures": self.failed,
        }


def sources_to_fetch(config: Config, urls: list[str]) -> tuple[SourceConfig, ...]:
    """URLs from the command line, else `[[sources]]`; neither, or a URL that cannot be
    fetched (no host, `http://[::1/x`), is a configuration error."""
    where = config.source or config.root / "audionews.toml"
    try:
        parse_networks(config.fetch.allow_private)
    except ValueError as exc:
        raise ConfigError(where, "fetch.allow_private", f'must list networks such as "10.0.0.0/8" ({exc})') from None
    if urls:
        for url in urls:
            _check_source_url(url, config.source or config.root, "")
        return tuple(SourceConfig(url=url) for url in urls)
    if not config.sources:
        raise ConfigError(where, "sources", "no [[sources]] and no URL given to fetch")
    for n, source in enumerate(config.sources):
        _check_source_url(source.url, where, f"sources[{n}].url")
    return config.sources


def _check_source_url(url: str, where: Path, key: str) -> None:
    try:
        checked_url(url)
    except BadValue as exc:
        raise ConfigError(where, key, str(exc)) from None


def fetch_sources(config: Config, urls: list[str], note: Callable[[str], None] = lambda _: None) -> FetchSummary:
    sources = sources_to_fetch(config, urls)
    return asyncio.run(_fetch_all(config, sources, note))


async def _fetch_all(config: Config, sources: tuple[SourceConfig, ...], note: Callable[[str], None]) -> FetchSummary:
    state = _State.load(config.cache_dir / STATE_NAME)
    policy = AddressPolicy.for_sources([s.url for s in sources], config.fetch.allow_private)
    async with PoliteClient(config.fetch, policy) as client:
        run = _Run(config, client, state, note)
        results = await asyncio.gather(*(run.source(s) for s in sources))
    state.save()
    return FetchSummary(list(results))


class _Run:
    def __init__(self, config: Config, client: PoliteClient, state: _State, note: Callable[[str], None]) -> None:
        self.config, self.client, self.state, self.note = config, client, state, note
        # entry keys and URLs done this run: the same article listed twice, by two feeds, or
        # one URL under several entry ids
        self.seen: set[str] = set()
        self.extracting = asyncio.Semaphore(EXTRACTIONS_AT_ONCE)

    async def source(self, source: SourceConfig) -> SourceResult:
        result = SourceResult(source.name or source.url, source.url)
        seconds = self.config.fetch.source_budget_s
        budget = Budget.after(seconds, f"the source's {seconds:g} s budget")
        as_page = Entry(source.url, source.url, "", None, None)
        # a page given directly is asked for conditionally only while its file is there
        known = self.state.validators(source.url)
        if source.url in self.state.pages and not self._file(as_page).exists():
            known = Validators()
        try:
            reply = await self.client.get(source.url, known, budget)
            if reply.not_modified:
                result.not_modified = True
                self.note(f"{result.label}: not modified")
                return result
            _check_reply(reply)
            feed = parse_feed(reply.body, reply.content_type, reply.url)
        except (FetchError, FeedError) as exc:
            result.error = str(exc)
            return result
        if feed is None:  # an article page given directly
            self.state.pages.add(source.url)
            page = Entry(source.url, reply.url, "", None, None)
            result.items.append(await self._page(page, source.name or urlsplit(source.url).netloc, reply))
        else:
            name = source.name or feed.title or urlsplit(source.url).netloc
            result.items.extend(ItemResult(r.url, "skipped", reason=r.reason) for r in feed.refused)
            entries = _chosen(feed.entries, source)
            result.items.extend(await asyncio.gather(*(self._entry(e, name, budget) for e in entries)))
        self.state.remember(source.url, reply)
        return result

    async def _entry(self, entry: Entry, source_name: str, budget: Budget) -> ItemResult:
        if entry.key in self.seen or entry.url in self.seen:
            return ItemResult(entry.url, "skipped", reason="listed twice")
        self.seen.update((entry.key, entry.url))
        target = self._file(entry)
        try:
            known = self.state.validators(entry.url) if target.exists() else None
            reply = await self.client.get(entry.url, known, budget)
        except FetchError as exc:
            return ItemResult(entry.url, "failed", reason=str(exc))
        if reply.not_modified:
            return ItemResult(entry.url, "unchanged", target.name)
        return await self._page(entry, source_name, reply)

    async def _page(self, entry: Entry, source_name: str, reply: Response) -> ItemResult:
        try:
            _check_reply(reply)
            async with self.extracting:
                article = await asyncio.to_thread(extract_article, reply.body, reply.charset, reply.url)
        except FetchError as exc:
            return ItemResult(entry.url, "failed", reason=str(exc))
        except NoArticle as exc:
            return ItemResult(entry.url, "skipped", reason=str(exc))
        target = self._file(entry)
        text = article_file(
            title=entry.title or one_line(article.title or ""),
            url=entry.url,
            published=entry.published or article.published,
            author=entry.author or one_line(article.author or ""),
            source=one_line(source_name),
            body=article.text,
        )
        old = target.read_text(encoding="utf-8", errors="replace") if target.exists() else None
        self.state.remember(entry.url, reply)
        if old == text:
            return ItemResult(entry.url, "unchanged", target.name)
        atomic_write_text(target, text)
        self.note(f"{'updated' if old else 'new'}: {target.name} {entry.title[:40]}")
        return ItemResult(entry.url, "updated" if old else "new", target.name, article.note)

    def _file(self, entry: Entry) -> Path:
        host = re.sub(r"[^a-z0-9]+", "-", (urlsplit(entry.url).hostname or "page").lower()).strip("-")
        digest = hashlib.sha256(entry.key.encode("utf-8", "surrogatepass")).hexdigest()[:12]
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


def article_file(*, title: str, url: str, published: str | None, author: str | None, source: str, body: str) -> str:
    """Front matter (YAML, read back by ingest.py exactly as written), a blank line, the text."""
    when = Timestamp(published or "")
    front = {"title": title, "url": url, "published": when, "author": author or "", "source": source}
    return dump_front_matter(front) + "\n" + body_text(body).strip() + "\n"


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
