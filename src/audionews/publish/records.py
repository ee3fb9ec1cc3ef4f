"""What is published about each episode, kept in `feed/manifest.json` between builds."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..episode import Episode, EpisodeFiles
from ..fsutil import write_if_changed
from ..wire import from_wire, to_wire

if TYPE_CHECKING:
    from ..render import Rendered

MANIFEST_NAME = "manifest.json"
ARTICLE, DAILY = "article", "daily"
DRAFT, EMBARGOED = "draft", "embargoed"
MANIFEST_VERSION = 1


@dataclass(frozen=True)
class EpisodeRecord:
    slug: str
    guid: str
    title: str
    published: str  # ISO 8601 with offset
    first_seen: str
    duration_s: float
    mp3_bytes: int
    mp3_sha: str
    fingerprint: str
    engine: str
    voice: str
    summary: str
    source_file: str
    author: str | None = None
    editor: str | None = None
    source: str | None = None
    url: str | None = None
    blocks: list[tuple[str, str]] = field(default_factory=list)
    chapters: list[tuple[float, str]] = field(default_factory=list)
    loudness_lufs: float | None = None
    true_peak_db: float | None = None
    kind: str = ARTICLE  # ARTICLE | DAILY
    corrections: list[tuple[str, str]] = field(default_factory=list)  # (ISO time, note)
    versions: list[dict[str, object]] = field(default_factory=list)  # every recording published
    retracted_at: str | None = None  # ISO time; its audio is withdrawn (410 Gone)
    hold: str = ""  # DRAFT | EMBARGOED: made, in no feed or page yet (plan.py decides)
    retired_at: str | None = None  # ISO time it left the feed under `show.retire = "remove"`: no files

    @property
    def on_show(self) -> bool:
        """In the feeds and on the pages: neither withdrawn, held nor retired."""
        return self.retracted_at is None and not self.hold and self.retired_at is None

    @property
    def published_dt(self) -> datetime:
        return datetime.fromisoformat(self.published)

    @property
    def files(self) -> EpisodeFiles:
        return EpisodeFiles(self.slug)

    @property
    def mp3_url(self) -> str:
        return self.files.mp3_url(self.mp3_sha)


def changed_paragraphs(before: list[tuple[str, str]], after: list[tuple[str, str]]) -> str:
    """Which paragraphs of the text changed, in words: 第2、3段有修改；新增第5段；删去原第4段."""
    old = [text for _, text in before]
    new = [text for _, text in after]
    changed, added, removed = [], [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "replace":
            changed += range(j1 + 1, j2 + 1)
            removed += range(i1 + 1 + (j2 - j1), i2 + 1) if i2 - i1 > j2 - j1 else []
            added += range(j1 + 1 + (i2 - i1), j2 + 1) if j2 - j1 > i2 - i1 else []
        elif tag == "insert":
            added += range(j1 + 1, j2 + 1)
        elif tag == "delete":
            removed += range(i1 + 1, i2 + 1)
    changed = [n for n in changed if n not in added]
    parts = []
    if changed:
        parts.append("第" + "、".join(map(str, changed)) + "段有修改")
    if added:
        parts.append("新增第" + "、".join(map(str, added)) + "段")
    if removed:
        parts.append("删去原第" + "、".join(map(str, removed)) + "段")
    return "；".join(parts) or "文字有修改"


def record_for(
    episode: Episode,
    fingerprint: str,
    engine: str,
    voice: str,
    rendered: Rendered,
    previous: EpisodeRecord | None,
    kind: str = ARTICLE,
) -> EpisodeRecord:
    """The manifest entry of a freshly rendered episode. `first_seen` and the GUID survive
    rebuilds; a change of the article's text adds a dated correction note, and every recording
    published is kept in `versions`."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    first_seen = previous.first_seen if previous else now
    corrections = list(previous.corrections) if previous else []
    if previous and kind == ARTICLE and list(previous.blocks) != list(episode.blocks):
        corrections.append((now, changed_paragraphs(list(previous.blocks), list(episode.blocks))))
    versions = list(previous.versions) if previous else []
    versions.append({"at": now, "mp3_sha": rendered.mp3_sha, "paragraphs": len(episode.blocks)})
    return EpisodeRecord(
        slug=episode.slug,
        guid=episode.guid,
        title=episode.title,
        published=episode.published.isoformat() if episode.published else first_seen,
        first_seen=first_seen,
        duration_s=round(rendered.duration_s, 3),
        mp3_bytes=rendered.mp3_bytes,
        mp3_sha=rendered.mp3_sha,
        fingerprint=fingerprint,
        engine=engine,
        voice=voice,
        summary=episode.summary,
        source_file=episode.source_file,
        author=episode.author,
        editor=episode.editor,
        source=episode.source,
        url=episode.url,
        blocks=list(episode.blocks),
        chapters=list(rendered.chapters),
        loudness_lufs=round(rendered.loudness_lufs, 2),
        true_peak_db=round(rendered.true_peak_db, 2),
        kind=kind,
        corrections=corrections,
        versions=versions,
    )


def retracted(record: EpisodeRecord) -> EpisodeRecord:
    """The record of a withdrawn episode: kept (its GUID, its page), its audio gone."""
    when = record.retracted_at or datetime.now(UTC).isoformat(timespec="seconds")
    return replace(record, retracted_at=when)


def live(records: list[EpisodeRecord], kind: str = ARTICLE) -> list[EpisodeRecord]:
    """The episodes of one kind that are published (not withdrawn, held or retired), newest first."""
    return newest_first([r for r in records if r.kind == kind and r.on_show])


def held(records: list[EpisodeRecord]) -> list[EpisodeRecord]:
    """Drafts and embargoed episodes, made but not published: what `build --preview` shows."""
    return newest_first([r for r in records if r.hold and r.retracted_at is None])


def retire(records: list[EpisodeRecord], limit: int) -> list[EpisodeRecord]:
    """`show.retire = "remove"`: the episodes of each kind past the newest `limit` are retired
    (their files go once the feeds are written; the record keeps the GUID, and the article is
    not made again)."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    past = {r.slug for kind in (ARTICLE, DAILY) for r in live(records, kind)[limit:]}
    return [replace(r, retired_at=now) if r.slug in past else r for r in records]


def load_manifest(feed_dir: Path) -> dict[str, EpisodeRecord]:
    path = feed_dir / MANIFEST_NAME
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError, UnicodeDecodeError):
        return {}
    if raw.get("version") != MANIFEST_VERSION:
        return {}
    records = {}
    for item in raw.get("episodes", []):
        try:
            record = from_wire(EpisodeRecord, item)
        except (TypeError, ValueError, KeyError, AttributeError):  # a record we cannot read is rebuilt
            continue
        records[record.slug] = record
    return records


def save_manifest(feed_dir: Path, records: list[EpisodeRecord]) -> bool:
    """Write the manifest when it changed; whether it did."""
    body = {"version": MANIFEST_VERSION, "episodes": [to_wire(r) for r in records]}
    return write_if_changed(feed_dir / MANIFEST_NAME, json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8"))


def _utc(iso: str) -> datetime:
    when = datetime.fromisoformat(iso)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def last_change(records: list[EpisodeRecord]) -> datetime | None:
    """When the newest thing these records say happened (published, re-recorded, corrected,
    withdrawn): a feed's lastBuildDate, which moves with its content and not with every build.
    A held episode (a draft, an embargo still to come) is not in any feed yet: it says nothing."""
    records = [r for r in records if not r.hold]
    times = [r.published for r in records]
    times += [str(v["at"]) for r in records for v in r.versions if "at" in v]
    times += [when for r in records for when, _ in r.corrections]
    times += [r.retracted_at for r in records if r.retracted_at]
    return max(map(_utc, times), default=None)


def newest_first(records: list[EpisodeRecord]) -> list[EpisodeRecord]:
    return sorted(records, key=lambda r: (r.published_dt, r.slug), reverse=True)
