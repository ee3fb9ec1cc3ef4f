"""Writing `feed/`: the manifest, the pages and the feed (last, so they only ever name complete
episodes), and tidying what a build leaves behind. Every write is atomic (fsutil)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..config import Config
from ..episode import EPISODES_DIR, EpisodeFiles
from ..errors import PublishError
from ..fsutil import printable, write_if_changed
from .feed import build_feed
from .pagememo import remember_site, unchanged_pages
from .records import ARTICLE, DAILY, MANIFEST_NAME, EpisodeRecord, last_change, live, save_manifest
from .site import render_pages


@contextmanager
def feed_writes() -> Iterator[None]:
    """A write into feed/ that fails (a full disk, no permission) stops the build as a
    PublishError naming the file; every write is atomic, so what was published stays."""
    try:
        yield
    except OSError as exc:
        where = f" {printable(exc.filename)}" if exc.filename else ""
        raise PublishError(
            f"cannot write{where}: {exc.strerror or exc}; the previously published feed is unchanged"
        ) from None


# A build renders into this folder inside feed/ (the same file system, so moving in is a rename);
# its episodes move into place only just before the feeds are written.
STAGING_DIR = ".staging"


def remove_stale_temp_files(feed_dir: Path) -> None:
    """Temporary files left by a build that was killed mid-write (all are dot files), and the
    renders of a build that stopped before publishing."""
    shutil.rmtree(feed_dir / STAGING_DIR, ignore_errors=True)
    for folder in (feed_dir, feed_dir / EPISODES_DIR):
        if folder.is_dir():
            for path in folder.glob(".*"):
                if path.is_file():
                    path.unlink(missing_ok=True)


def promote_rendered(feed_dir: Path, slug: str) -> None:
    """An episode this build rendered, moved from staging into place (renames)."""
    staging = feed_dir / STAGING_DIR
    for name in EpisodeFiles(slug).rendered:
        os.replace(staging / name, feed_dir / name)


def published_intact(feed_dir: Path, record: EpisodeRecord) -> bool:
    """The episode's rendered files are all there, and its MP3 is the one the manifest names."""
    files = record.files
    mp3 = feed_dir / files.mp3
    return (
        mp3.is_file()
        and mp3.stat().st_size == record.mp3_bytes
        and all((feed_dir / name).is_file() for name in files.rendered)
    )


def still_published(feed_dir: Path, prior: EpisodeRecord | None) -> EpisodeRecord | None:
    """The previous episode, when its files are intact: what a failed rebuild keeps."""
    return prior if prior and published_intact(feed_dir, prior) else None


def publish_show(
    config: Config,
    records: list[EpisodeRecord],
    cover: bytes,
    cover_name: str,
    label: str = "",
    previous: dict[str, EpisodeRecord] | None = None,
) -> list[str]:
    """Manifest, pages, then the feeds (files of episodes no longer published are removed after,
    by `remove_unpublished`), each written only when its bytes change; the names of the feeds
    that changed. `label` is the AI-content notice for pages and item descriptions (empty:
    labels off). `previous`: the records as the last build published them (pages of records
    unchanged since are not rendered again)."""
    feed_dir = config.feed_dir
    write_if_changed(feed_dir / cover_name, cover)
    if previous is None or list(previous.values()) != records or not (feed_dir / MANIFEST_NAME).is_file():
        save_manifest(feed_dir, records)
    skip = unchanged_pages(config, label, records, previous or {})
    for name, html in render_pages(config, records, label, skip).items():
        write_if_changed(feed_dir / name, html.encode("utf-8"))
    remember_site(config, label)
    cover_url = config.base_url + cover_name
    limit = config.show.max_episodes
    kinds = [("feed.xml", ARTICLE)] + ([("daily.xml", DAILY)] if config.edition.daily else [])
    changed = []
    for feed_name, kind in reversed(kinds):  # daily.xml first, as before: feed.xml is the last word
        of_kind = [r for r in records if r.kind == kind]
        xml = build_feed(config, live(of_kind, kind)[:limit], cover_url, feed_name, label, last_change(of_kind))
        if write_if_changed(feed_dir / feed_name, xml):
            changed.append(feed_name)
    return changed


def _kept_files(record: EpisodeRecord) -> tuple[str, ...]:
    """Withdrawn: its page only; held (draft, embargo): its audio, no page yet; retired: nothing;
    else all."""
    if record.retired_at:
        return ()
    if record.retracted_at:
        return (record.files.page,)
    return record.files.rendered if record.hold else record.files.every


def remove_unpublished(config: Config, records: list[EpisodeRecord]) -> None:
    """What the manifest no longer names, removed once the feeds are written: episodes whose
    article or day is gone (also those of a build that failed after writing the manifest), the
    audio of withdrawn ones (their pages stay), the daily edition's feed and page when it was
    turned off. A build stopped before this point leaves only extra files, never a missing one."""
    feed_dir = config.feed_dir
    named = {name for r in records for name in _kept_files(r)}
    for path in (feed_dir / EPISODES_DIR).iterdir():
        if path.is_file() and not path.name.startswith(".") and f"{EPISODES_DIR}/{path.name}" not in named:
            path.unlink(missing_ok=True)
    if not config.edition.daily:
        (feed_dir / "daily.xml").unlink(missing_ok=True)
        (feed_dir / "daily.html").unlink(missing_ok=True)
