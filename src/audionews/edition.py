"""The daily edition: which articles make each day's bulletin, in what order, and the Episode
value that describes it. Rendering goes through the same `render_job` and `render_files` as any episode, from
the same sentence cache (pipeline.py)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

from .cjk import day_words
from .episode import Episode
from .model import Article, BlockKind
from .script import headline

DAILY_GUID_NAMESPACE = uuid.UUID("2b6f1d5c-8e0a-5a53-9f0e-3c1d2e4f5a6b")


def daily_slug(day: date) -> str:
    return f"daily-{day.isoformat()}"


def by_day(articles: list[Article], zone: str) -> dict[date, list[Article]]:
    """Articles with a publication date, grouped by the day they were published in the show's
    time zone; withdrawn ones are left out. Each day's list is in reading order."""
    tz = ZoneInfo(zone)
    days: dict[date, list[Article]] = {}
    for article in articles:
        if article.meta.published and not article.meta.retracted:
            days.setdefault(article.meta.published.astimezone(tz).date(), []).append(article)
    return {day: reading_order(group) for day, group in sorted(days.items())}


def reading_order(articles: list[Article]) -> list[Article]:
    """Higher `priority` first, then the earlier published, then the file name."""
    epoch = datetime.min.replace(tzinfo=ZoneInfo("UTC"))
    return sorted(articles, key=lambda a: (-a.meta.priority, a.meta.published or epoch, a.slug))


def daily_episode(day: date, articles: list[Article], show_title: str) -> Episode:
    titles = [headline(a) for a in articles]
    blocks: list[tuple[str, str]] = []
    for article, title in zip(articles, titles, strict=True):
        blocks.append((BlockKind.HEADING.value, title))
        blocks += [(b.kind.value, b.text) for b in article.blocks]
    latest = max(a.meta.published for a in articles if a.meta.published)
    slug = daily_slug(day)
    return Episode(
        slug=slug,
        guid=f"urn:uuid:{uuid.uuid5(DAILY_GUID_NAMESPACE, slug)}",
        title=f"{show_title} {day_words(day)}",
        summary="本期要闻：" + "；".join(titles),
        published=latest,
        author=None,
        editor=None,
        source=None,
        url=None,
        source_file="",
        blocks=tuple(blocks),
    )
