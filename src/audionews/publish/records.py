"""What is published about each episode, kept in `feed/manifest.json` between builds."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..episode import Episode, EpisodeFiles
from ..fsutil import atomic_write_text

if TYPE_CHECKING:
    from ..render import Rendered

MANIFEST_NAME = "manifest.json"
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

    @property
    def published_dt(self) -> datetime:
        return datetime.fromisoformat(self.published)

    @property
    def files(self) -> EpisodeFiles:
        return EpisodeFiles(self.slug)

    @property
    def mp3_url(self) -> str:
        return self.files.mp3_url(self.mp3_sha)


def record_for(
    episode: Episode, fingerprint: str, engine: str, voice: str, rendered: Rendered, previous: EpisodeRecord | None
) -> EpisodeRecord:
    """The manifest entry of a freshly rendered episode; `first_seen` survives rebuilds."""
    first_seen = previous.first_seen if previous else datetime.now(UTC).isoformat(timespec="seconds")
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
    )


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
            item["blocks"] = [tuple(b) for b in item.get("blocks", [])]
            item["chapters"] = [tuple(c) for c in item.get("chapters", [])]
            record = EpisodeRecord(**item)
        except TypeError:
            continue
        records[record.slug] = record
    return records


def save_manifest(feed_dir: Path, records: list[EpisodeRecord]) -> None:
    body = {"version": MANIFEST_VERSION, "episodes": [asdict(r) for r in records]}
    atomic_write_text(feed_dir / MANIFEST_NAME, json.dumps(body, ensure_ascii=False, indent=1))


def newest_first(records: list[EpisodeRecord]) -> list[EpisodeRecord]:
    return sorted(records, key=lambda r: (r.published_dt, r.slug), reverse=True)
