"""The data that flows between stages: frozen dataclasses, no behaviour beyond derived views."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str


@dataclass(frozen=True)
class Removal:
    """One line the cleaner dropped, and the rule that dropped it (for `clean --explain`)."""

    line_no: int
    text: str
    rule: str


@dataclass(frozen=True)
class ArticleMeta:
    title: str = ""
    author: str | None = None
    editor: str | None = None
    source: str | None = None
    published: datetime | None = None
    url: str | None = None
    script: str = "simplified"  # "traditional" | "simplified"
    summary: str | None = None
    retracted: bool = False  # front matter `retracted: true`: withdrawn from the feeds
    priority: int = 0  # front matter `priority`: higher comes first in the daily edition
    draft: bool = False  # front matter `status: draft`: built, published in no feed or page
    publish_at: datetime | None = None  # front matter `publish_at`; naive: in edition.timezone


@dataclass(frozen=True)
class Article:
    slug: str
    path: Path
    meta: ArticleMeta
    blocks: tuple[Block, ...]
    removed: tuple[Removal, ...] = ()

    @property
    def paragraphs(self) -> list[str]:
        return [b.text for b in self.blocks]

    @property
    def headings(self) -> list[str]:
        return [b.text for b in self.blocks if b.kind is BlockKind.HEADING]

    def as_json(self) -> dict[str, object]:
        """What `audionews clean --json` prints, and the form of a page's expected JSON."""
        meta = self.meta
        return {
            "title": meta.title,
            "paragraphs": self.paragraphs,
            "headings": self.headings,
            "author": meta.author,
            "editor": meta.editor,
            "source": meta.source,
            "published": meta.published.isoformat() if meta.published else None,
            "script": meta.script,
            "url": meta.url,
        }


class SegmentKind(StrEnum):
    LABEL = "label"  # the spoken notice that the audio is AI-synthesised
    INTRO = "intro"
    TITLE = "title"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    OUTRO = "outro"


@dataclass(frozen=True)
class Utterance:
    """A sentence-sized piece of speech: what is shown (captions) and what the engine reads."""

    display: str
    spoken: str


@dataclass(frozen=True)
class Segment:
    kind: SegmentKind
    utterances: tuple[Utterance, ...]
    pause_after_s: float
    chapter: str | None = None  # a chapter starts here when set
    jingle_before: bool = False
    sting_before: bool = False  # the short transition sting between the daily edition's articles


@dataclass(frozen=True)
class EpisodePlan:
    slug: str
    segments: tuple[Segment, ...]

    @property
    def utterances(self) -> list[Utterance]:
        return [u for s in self.segments for u in s.utterances]


@dataclass(frozen=True)
class Cue:
    start_s: float
    end_s: float
    text: str


@dataclass(frozen=True)
class Chapter:
    start_s: float
    title: str


class EpisodeStatus(StrEnum):
    """What became of one article or day in a build (the report counts each)."""

    BUILT = "built"
    UNCHANGED = "unchanged"  # its fingerprint and published files are as before: nothing done
    FAILED = "failed"  # its previous episode stays when intact (kept_previous)
    RETRACTED = "retracted"  # front matter `retracted: true`: withdrawn from the feeds
    DAILY_ONLY = "daily only"  # `edition.per_article = false`: read only in the daily bulletin
    RETIRED = "retired"  # left the feed (show.max_episodes) under `show.retire = "remove"`: files gone


@dataclass(frozen=True)
class EpisodeResult:
    """What became of one article in a build (the report's `episodes` entries)."""

    slug: str
    status: EpisodeStatus
    title: str = ""
    guid: str = ""
    mp3: str | None = None
    duration_s: float | None = None
    synthesized: int = 0  # clips spoken in this build, also when the article then failed
    cached: int = 0
    engine: str | None = None
    error: str | None = None
    loudness_lufs: float | None = None
    true_peak_db: float | None = None
    synthesis_s: float | None = None
    render_s: float | None = None
    kept_previous: bool | None = None  # failed: its previously published episode stays
    held: str = ""  # "draft" | "embargoed": built, published nowhere yet
