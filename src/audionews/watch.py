"""`audionews watch`: the resident mode. The voice, the lexicon, jieba and the ffmpeg probe stay
loaded; a new or changed file in `articles/` is built at once (its own episode first, the daily
bulletin after, as every build orders them); `[[sources]]` are fetched on a schedule.

Changes are seen through inotify (watchfiles), or by polling where inotify sees nothing
(`watch.polling`). The watcher keeps collecting changes while a build runs, so a file that
arrives during a build is built right after it, never lost. Builds take the same lock as any
build (a cron `update` and `watch` never interleave: a locked round is tried again), and an
interrupt leaves the feed as valid as an interrupted build does.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .config import Config
from .errors import AudionewsError, BuildLocked, ConfigError
from .execute import Executor, open_executor
from .pipeline import build
from .progress import BuildSummary, Reporter
from .publish.output import STAGING_DIR
from .speech.cache import ClipCache

TICK_MS = 1000  # how often the loop looks at the fetch schedule when nothing changes


class WatchReport(Protocol):
    """What the resident mode tells as it goes (the CLI prints it; tests record it)."""

    def reporter(self) -> Reporter: ...
    def note(self, message: str) -> None: ...
    def built(self, summary: BuildSummary, trigger: str) -> None: ...
    def fetched(self, new: int, updated: int, failed: list[str]) -> None: ...


@dataclass(frozen=True)
class Round:
    """One turn of the loop: the files that changed (empty at start and on a tick)."""

    changed: tuple[str, ...]
    first: bool = False


def _is_article(path: str) -> bool:
    name = Path(path).name
    return not name.startswith((".", "~")) and not name.endswith((".tmp", ".part", ".swp"))


def _rounds(config: Config, stop: threading.Event | None) -> Iterator[Round]:
    import watchfiles

    yield Round((), first=True)
    for changes in watchfiles.watch(
        config.articles_dir,
        debounce=config.watch.settle_ms,
        stop_event=stop,
        rust_timeout=TICK_MS,
        yield_on_timeout=True,
        force_polling=True if config.watch.polling else None,
        recursive=False,
    ):
        yield Round(tuple(sorted({path for _, path in changes if _is_article(path)})))


def _fetch(config: Config, report: WatchReport) -> None:
    from .sources.fetch import fetch_sources

    try:
        summary = fetch_sources(config, [], report.note)
    except AudionewsError as exc:  # a config error in [[sources]]: said, and watching goes on
        report.note(f"fetch: {exc}")
        return
    report.fetched(summary.count("new"), summary.count("updated"), summary.failed)


def watch(
    config: Config, report: WatchReport, engine_name: str | None = None, stop: threading.Event | None = None
) -> None:
    """Build, then build again whenever an article changes, until interrupted (or `stop`)."""
    if not config.articles_dir.is_dir():
        raise ConfigError(config.source or "audionews.toml", "paths.articles", f"no folder {config.articles_dir}")
    cache = ClipCache(config.cache_dir)
    executor: Executor
    executor, why = open_executor(config, cache, config.feed_dir / STAGING_DIR, engine_name)
    report.note(f"speech engine: {executor.engine.name} ({why}); watching {config.articles_dir}")
    fetch_every = config.watch.fetch_every_s if config.sources else 0.0
    next_fetch = time.monotonic()
    pending: list[str] = []  # changed since the last build
    wanted = False
    try:
        for turn in _rounds(config, stop):
            if fetch_every and time.monotonic() >= next_fetch:
                next_fetch = time.monotonic() + fetch_every
                _fetch(config, report)  # what it writes is seen as changes on the next turn
            pending += [p for p in turn.changed if p not in pending]
            wanted = wanted or turn.first or bool(turn.changed)
            if not wanted:
                continue
            trigger = ", ".join(Path(p).name for p in pending[:3]) + (" …" if len(pending) > 3 else "") or "start"
            try:
                summary = build(config, report.reporter(), executor=executor)
            except BuildLocked:
                report.note("another build of this show is running; trying again shortly")
                time.sleep(1)
                continue
            except AudionewsError as exc:  # a feed folder that cannot be written, a lost broker
                report.note(f"build failed: {exc}; watching goes on")
            else:
                report.built(summary, trigger)
            pending.clear()
            wanted = False
    finally:
        executor.close()
