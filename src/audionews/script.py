"""The script stage: an Article becomes an EpisodePlan of segments and sentence-sized utterances.

Display text (captions, page) stays as the article wrote it; the spoken text is whatever the
chosen engine needs (`Engine.prepare`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import jinja2

from .cjk import day_words
from .config import Config
from .errors import ConfigError
from .model import Article, BlockKind, EpisodePlan, Segment, SegmentKind, Utterance

MAX_UTTERANCE_CHARS = 100
_SENTENCE = re.compile(r"[^。！？；!?;…]*(?:[。！？；!?;…]+[”’」』）)\"']*|$)")
_CLAUSE_END = "，、：,:"
_BUILTIN_TEMPLATES = Path(__file__).parent / "show"

Prepare = Callable[[str], str]


def split_sentences(text: str, limit: int = MAX_UTTERANCE_CHARS) -> list[str]:
    """Cut at 。！？；… (keeping closing quotes), then long sentences at a comma near the limit."""
    out: list[str] = []
    for m in _SENTENCE.finditer(text):
        sentence = m.group(0).strip()
        while len(sentence) > limit:
            cut = max(sentence.rfind(c, 0, limit) for c in _CLAUSE_END)
            cut = cut + 1 if cut > limit // 3 else limit
            out.append(sentence[:cut].strip())
            sentence = sentence[cut:].strip()
        if sentence:
            out.append(sentence)
    return out


def date_words(when: datetime | None) -> str:
    return day_words(when) if when else ""


UNTITLED_CHARS = 30


def headline(article: Article) -> str:
    """The article's title; an untitled article is named by its first sentence, not its file."""
    if article.meta.title:
        return article.meta.title
    first = split_sentences(article.blocks[0].text)[0] if article.blocks else article.slug
    return first if len(first) <= UNTITLED_CHARS else first[: UNTITLED_CHARS - 1] + "…"


class Templates:
    """intro/outro templates: the show folder's own `templates/` first, then the built-in ones."""

    def __init__(self, config: Config) -> None:
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(config.path(config.paths.templates)), str(_BUILTIN_TEMPLATES)]),
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            keep_trailing_newline=False,
        )
        self.config = config

    def render(self, name: str, article: Article) -> str:
        meta = article.meta
        return self.render_values(
            name,
            title=meta.title,
            date=date_words(meta.published),
            author=meta.author or "",
            editor=meta.editor or "",
            source=meta.source or "",
        )

    def render_values(self, name: str, **values: object) -> str:
        try:
            return self.env.get_template(f"{name}.txt.j2").render(show=self.config.show.title, **values).strip()
        except jinja2.TemplateError as exc:
            where = getattr(exc, "filename", None) or f"templates/{name}.txt.j2"
            raise ConfigError(where, "", f"template error: {exc.message or exc}") from None

    def notice(self) -> str:
        """The spoken AI-content label (GB 45438-2025), or nothing when labels are off."""
        return self.render_values("label") if self.config.labelled else ""

    def source_text(self, name: str) -> str:
        """The template's text, part of each episode's fingerprint."""
        source, _, _ = self.env.loader.get_source(self.env, f"{name}.txt.j2")  # type: ignore[union-attr]
        return source


def _utterances(text: str, prepare: Prepare) -> tuple[Utterance, ...]:
    return tuple(Utterance(display=s, spoken=prepare(s)) for s in split_sentences(text))


Part = tuple[SegmentKind, str, str | None, bool]


def _opening(templates: Templates, intro: str) -> list[Part]:
    """The jingle, the AI-content notice when labels are on, the intro: the 开场 chapter."""
    notice = templates.notice()
    if notice:
        return [(SegmentKind.LABEL, notice, "开场", True), (SegmentKind.INTRO, intro, None, False)]
    return [(SegmentKind.INTRO, intro, "开场", True)]


def plan_episode(article: Article, config: Config, templates: Templates, prepare: Prepare) -> EpisodePlan:
    parts = _opening(templates, templates.render("intro", article))
    parts += _article_parts(article)
    parts.append((SegmentKind.OUTRO, templates.render("outro", article), "结尾", False))
    return EpisodePlan(slug=article.slug, segments=_segments(parts, config, prepare))


def _article_parts(article: Article, title_chapter: str | None = None) -> list[Part]:
    parts: list[Part] = []
    if article.meta.title:
        parts.append((SegmentKind.TITLE, article.meta.title, title_chapter or article.meta.title, False))
    for i, block in enumerate(article.blocks):
        if block.kind is BlockKind.HEADING:
            # inside the daily edition each article is one chapter: its headings are not
            parts.append((SegmentKind.HEADING, block.text, None if title_chapter else block.text, False))
        else:
            first = i == 0 and not article.meta.title
            chapter = (title_chapter or "导语") if first else None
            parts.append((SegmentKind.PARAGRAPH, block.text, chapter, False))
    return parts


def plan_daily(
    slug: str, day: str, articles: list[Article], config: Config, templates: Templates, prepare: Prepare
) -> EpisodePlan:
    """The daily edition: the day's headlines, each article in turn after a short sting (each
    its own chapter), the outro. `articles` are already in reading order."""
    headlines = [headline(a) for a in articles]
    parts = _opening(templates, templates.render_values("daily_intro", date=day, headlines=headlines))
    stings: set[int] = set()  # the parts that open an article
    for article, shown_as in zip(articles, headlines, strict=True):
        stings.add(len(parts))
        parts += _article_parts(article, title_chapter=shown_as)
    parts.append((SegmentKind.OUTRO, templates.render_values("daily_outro", date=day), "结尾", False))
    return EpisodePlan(slug=slug, segments=_segments(parts, config, prepare, stings))


def _segments(
    parts: list[Part], config: Config, prepare: Prepare, stings: frozenset[int] | set[int] = frozenset()
) -> tuple[Segment, ...]:
    audio = config.audio
    segments = []
    for n, (kind, text, chapter, jingle) in enumerate(parts):
        following = parts[n + 1][0] if n + 1 < len(parts) else None
        if following is None:
            pause = 0.3
        elif following in (SegmentKind.HEADING, SegmentKind.OUTRO):
            pause = audio.heading_pause_s
        elif kind in (SegmentKind.LABEL, SegmentKind.TITLE, SegmentKind.INTRO, SegmentKind.HEADING):
            pause = audio.title_pause_s if kind is not SegmentKind.HEADING else audio.paragraph_pause_s
        else:
            pause = audio.paragraph_pause_s
        utterances = _utterances(text, prepare)
        if utterances:
            segments.append(Segment(kind, utterances, pause, chapter, jingle_before=jingle, sting_before=n in stings))
    return tuple(segments)
