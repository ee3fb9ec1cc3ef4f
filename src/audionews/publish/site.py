"""The web pages: feed/index.html and one page per episode, rendered with jinja2."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import jinja2

from ..captions import clock
from ..config import Config
from ..episode import EpisodeFiles
from .records import EpisodeRecord, newest_first

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

    @classmethod
    def of(cls, r: EpisodeRecord) -> EpisodeView:
        when = r.published_dt
        minutes, seconds = divmod(round(r.duration_s), 60)
        safe_url = r.url if r.url and re.match(r"^https?://", r.url) else None
        return cls(
            r.slug,
            r.title,
            r.published,
            f"{when.year}年{when.month}月{when.day}日",
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
        )


def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATES)), autoescape=True, undefined=jinja2.StrictUndefined
    )
    env.globals["clock"] = clock
    return env


def render_pages(config: Config, records: list[EpisodeRecord]) -> dict[str, str]:
    """Relative path in feed/ -> HTML, for the index and every episode page."""
    env = _env()
    lang = "zh-Hant" if config.show.language.lower() in ("zh-tw", "zh-hant") else "zh-Hans"
    common = {"show": config.show, "feed_url": config.base_url + "feed.xml", "lang": lang}
    views = [EpisodeView.of(r) for r in newest_first(records)[: config.show.max_episodes]]
    pages = {"index.html": env.get_template("index.html.j2").render(episodes=views, root="", **common)}
    for view in views:
        pages[view.files.page] = env.get_template("episode.html.j2").render(ep=view, root="../", **common)
    return pages
