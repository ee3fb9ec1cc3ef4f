"""The data that flows between stages: frozen dataclasses, no behaviour beyond derived views."""

from __future__ import annotations

from dataclasses import dataclass, field
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


@dataclass(frozen=True)
class Article:
    slug: str
    path: Path
    meta: ArticleMeta
    blocks: tuple[Block, ...]
    removed: tuple[Removal, ...] = ()
    kept_chars: int = 0
    input_chars: int = 0

    @property
    def paragraphs(self) -> list[str]:
        return [b.text for b in self.blocks]

    @property
    def headings(self) -> list[str]:
        return [b.text for b in self.blocks if b.kind is BlockKind.HEADING]


class SegmentKind(StrEnum):
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


@dataclass(frozen=True)
class EpisodePlan:
    slug: str
    article: Article
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


@dataclass(frozen=True)
class EpisodeResult:
    slug: str
    title: str
    guid: str
    status: str  # "built" | "unchanged" | "failed"
    mp3: str | None = None
    duration_s: float | None = None
    synthesized: int = 0
    cached: int = 0
    engine: str | None = None
    error: str | None = None
    extra: dict[str, object] = field(default_factory=dict)
