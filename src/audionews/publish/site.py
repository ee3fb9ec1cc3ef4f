"""The web pages: feed/index.html and one page per episode, rendered with jinja2."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import jinja2

from ..captions import clock
from ..cjk import day_words
from ..config import Config
from ..episode import EpisodeFiles
from .readalong import ReadBlock, read_along
from .records import ARTICLE, DAILY, EpisodeRecord, live, newest_first

_TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class EpisodeView:
    """A record as the page shows it."""

    slug: str
    title: str
    published: str
    date_text: str
    duration_text: str
    mp3: str
    summary: str
    source: str | None
    author: str | None
    editor: str | None
    safe_url: str | None
    chapters: list[tuple[float, str]]
    blocks: list[tuple[str, str]]
    files: EpisodeFiles
    corrections: list[tuple[str, str]]  # (date in words, note)
    withdrawn: str | None  # the date in words it was withdrawn
    hold: str = ""  # DRAFT | EMBARGOED: shown only in the editors' preview
    read: tuple[ReadBlock, ...] = ()  # its own page: the transcript as sentences with cue times
    next_page: str = ""  # the episode after it in its list (the next older one)
    next_title: str = ""

    @classmethod
    def of(cls, r: EpisodeRecord) -> EpisodeView:
        when = r.published_dt
        minutes, seconds = divmod(round(r.duration_s), 60)
        safe_url = r.url if r.url and re.match(r"^https?://", r.url) else None
        return cls(
            r.slug,
            r.title,
            r.published,
            day_words(when),
            f"{minutes}分{seconds:02d}秒",
            r.mp3_url,
            r.summary,
            r.source,
            r.author,
            r.editor,
            safe_url,
            list(r.chapters),
            list(r.blocks),
            r.files,
            [(date_text(when), note) for when, note in r.corrections],
            date_text(r.retracted_at) if r.retracted_at else None,
            r.hold,
        )


def date_text(iso: str) -> str:
    return day_words(datetime.fromisoformat(iso))


def page_env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATES)), autoescape=True, undefined=jinja2.StrictUndefined
    )
    env.globals["clock"] = clock
    return env


def page_view(feed_dir: Path, record: EpisodeRecord, following: EpisodeRecord | None) -> EpisodeView:
    """An episode's own page: the read-along transcript and the link to the next episode."""
    view = replace(EpisodeView.of(record), read=read_along(feed_dir, record) if not record.retracted_at else ())
    if following is None:
        return view
    return replace(view, next_page=following.files.page, next_title=following.title)


def next_episodes(records: list[EpisodeRecord]) -> dict[str, EpisodeRecord]:
    """Slug -> the episode listed after it (newest first, each kind its own list)."""
    following: dict[str, EpisodeRecord] = {}
    for kind in (ARTICLE, DAILY):
        listed = live(records, kind)
        following.update(zip((r.slug for r in listed), listed[1:], strict=False))
    return following


def render_pages(
    config: Config, records: list[EpisodeRecord], label: str = "", skip: frozenset[str] = frozenset()
) -> dict[str, str]:
    """Relative path in feed/ -> HTML: the index (episodes per article), the daily edition's
    index when it is on, and a page for every episode (but those in `skip`, already published
    as they would be rendered; held and retired ones have none), withdrawn ones saying so.
    `label` is the AI-content notice shown on every page (empty when labels are off)."""
    env = page_env()
    lang = "zh-Hant" if config.show.language.lower() in ("zh-tw", "zh-hant") else "zh-Hans"
    common = {"show": config.show, "lang": lang, "label": label, "daily": config.edition.daily}
    limit = config.show.max_episodes
    pages: dict[str, str] = {}
    indexes = [("index.html", ARTICLE, "feed.xml")] + (
        [("daily.html", DAILY, "daily.xml")] if config.edition.daily else []
    )
    for name, kind, feed_name in indexes:
        views = [EpisodeView.of(r) for r in live(records, kind)[:limit]]
        feed_url = config.base_url + feed_name
        pages[name] = env.get_template("index.html.j2").render(episodes=views, root="", feed_url=feed_url, **common)
    following = next_episodes(records)
    for record in newest_first([r for r in records if r.slug not in skip and not r.hold and not r.retired_at]):
        view = page_view(config.feed_dir, record, following.get(record.slug))
        feed_url = config.base_url + ("daily.xml" if record.kind == DAILY else "feed.xml")
        pages[view.files.page] = env.get_template("episode.html.j2").render(
            ep=view, root="../", feed_url=feed_url, **common
        )
    return pages
