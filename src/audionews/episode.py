"""An episode as everything downstream sees it: one value derived once from the article, the
one spelling of its files' layout in `feed/`, and the fingerprint that says when to rebuild.

Pages, feeds, tags, show notes and the manifest all read the same `Episode`, so a title or a
summary is worked out once; all of them name files through `EpisodeFiles`
(docs/ARCHITECTURE.md, "Episode layout").
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import datetime

from .fsutil import printable
from .model import Article, BlockKind, EpisodePlan
from .script import headline

# Bump when the audio a given input produces changes, so old episodes are rebuilt.
PIPELINE_VERSION = 1
SUMMARY_CHARS = 120
EPISODE_GUID_NAMESPACE = uuid.UUID("6f0c4d8e-6a57-5b0e-9a59-6a7a0a0b6e01")
EPISODES_DIR = "episodes"


@dataclass(frozen=True)
class EpisodeFiles:
    """Where one episode's files live, relative to `feed/` (and to the show's base URL)."""

    slug: str

    def _named(self, suffix: str) -> str:
        return f"{EPISODES_DIR}/{self.slug}{suffix}"

    @property
    def mp3(self) -> str:
        return self._named(".mp3")

    @property
    def captions(self) -> str:
        return self._named(".vtt")

    @property
    def chapters(self) -> str:
        return self._named(".chapters.json")

    @property
    def notes(self) -> str:
        return self._named(".txt")

    @property
    def page(self) -> str:
        return self._named(".html")

    @property
    def rendered(self) -> tuple[str, ...]:
        """What rendering writes; the page is written with the index, from the manifest."""
        return (self.mp3, self.captions, self.chapters, self.notes)

    @property
    def every(self) -> tuple[str, ...]:
        return (*self.rendered, self.page)

    def mp3_url(self, mp3_sha: str) -> str:
        """The MP3 with its content hash: a new recording gets a new URL, so no cache serves the old."""
        return f"{self.mp3}?v={mp3_sha}"


def episode_guid(slug: str, url: str | None) -> str:
    """Stable for the life of the article: its own URL when known, else its file identity."""
    return url if url else f"urn:uuid:{uuid.uuid5(EPISODE_GUID_NAMESPACE, slug)}"


@dataclass(frozen=True)
class Episode:
    """What is published about one article, besides its audio."""

    slug: str
    guid: str
    title: str
    summary: str
    published: datetime | None
    author: str | None
    editor: str | None
    source: str | None
    url: str | None
    source_file: str  # the article's file name, printable
    blocks: tuple[tuple[str, str], ...]  # (kind, text)

    @property
    def files(self) -> EpisodeFiles:
        return EpisodeFiles(self.slug)


def _summary(article: Article) -> str:
    """Front matter's summary, else the first paragraph cut at a sentence end near SUMMARY_CHARS."""
    if article.meta.summary:
        return article.meta.summary
    for block in article.blocks:
        if block.kind is BlockKind.PARAGRAPH:
            text = block.text
            if len(text) <= SUMMARY_CHARS:
                return text
            cut = max(text.rfind(c, 0, SUMMARY_CHARS) for c in "。！？")
            return text[: cut + 1] if cut > 20 else text[:SUMMARY_CHARS] + "…"
    return article.meta.title


def describe(article: Article) -> Episode:
    meta = article.meta
    return Episode(
        slug=article.slug,
        guid=episode_guid(article.slug, meta.url),
        title=headline(article),
        summary=_summary(article),
        published=meta.published,
        author=meta.author,
        editor=meta.editor,
        source=meta.source,
        url=meta.url,
        source_file=printable(article.path.name),
        blocks=tuple((b.kind.value, b.text) for b in article.blocks),
    )


def fingerprint(plan: EpisodePlan, episode: Episode, clip_keys: list[str], show_inputs: object) -> str:
    """Everything that decides the episode's files: when it is unchanged, nothing is rebuilt.

    `show_inputs` is what every episode of the show shares (audio settings, jingles, templates,
    cover, show title and author)."""
    layout = [
        (s.kind, s.pause_after_s, s.chapter, s.jingle_before, [u.display for u in s.utterances]) for s in plan.segments
    ]
    parts = [
        PIPELINE_VERSION,
        clip_keys,
        layout,
        show_inputs,
        episode.title,
        episode.published,
        episode.summary,
        episode.source,
        episode.author,
        episode.editor,
        episode.url,
    ]
    blob = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()
