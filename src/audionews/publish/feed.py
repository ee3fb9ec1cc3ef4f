"""RSS 2.0 with iTunes and Podcasting 2.0 tags, made with feedgen.

feedgen 1.0 has the iTunes tags but not the `podcast:` namespace, and writes
`itunes:explicit` only as yes/no/clean while Apple wants true/false: a small extension adds
both (docs/ARCHITECTURE.md).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from html import escape

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem

from ..captions import clock
from ..cjk import day_words
from ..config import Config
from .records import EpisodeRecord, newest_first

PODCAST_NS = "https://podcastindex.org/namespace/1.0"
ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
ATOM_NS = "http://www.w3.org/2005/Atom"
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")


def podcast_guid(feed_url: str) -> str:
    """UUIDv5 of the feed URL without scheme and trailing slash (Podcasting 2.0 spec)."""
    bare = feed_url.split("://", 1)[-1].rstrip("/")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, bare))


def _ai_content(parent) -> None:  # type: ignore[no-untyped-def]
    """`<podcast:txt purpose="ai-content">true</podcast:txt>`: the namespace's txt.md lists the
    purpose `ai-content` (added 2026-03-05, PR #757) with a boolean node value, `true` or `false`,
    working like itunes:explicit, at the channel (the show) or item (the episode) level."""
    el = xml_elem(f"{{{PODCAST_NS}}}txt", parent)
    el.attrib["purpose"] = "ai-content"
    el.text = "true"


# podcast:person roles and groups from the namespace's taxonomy.json: Reporter is in the group
# Cast, Editor (of scripts) in Writing.
PERSON_ROLES = {"author": ("reporter", "cast"), "editor": ("editor", "writing")}


class PodcastIndexExtension(BaseExtension):
    def __init__(self) -> None:
        self.values: dict[str, str] = {}
        self.owner_email = ""
        self.ai_content = False
        self.hubs: tuple[str, ...] = ()  # WebSub hubs told of every change (publish/notify.py)

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST_NS}

    def extend_rss(self, rss_feed):  # type: ignore[no-untyped-def]
        channel = rss_feed[0]
        if "guid" in self.values:
            xml_elem(f"{{{PODCAST_NS}}}guid", channel).text = self.values["guid"]
        if "locked" in self.values:
            locked = xml_elem(f"{{{PODCAST_NS}}}locked", channel)
            locked.text = self.values["locked"]
            if self.owner_email:
                locked.attrib["owner"] = self.owner_email
        if "explicit" in self.values:
            xml_elem(f"{{{ITUNES_NS}}}explicit", channel).text = self.values["explicit"]
        if "type" in self.values:
            xml_elem(f"{{{ITUNES_NS}}}type", channel).text = self.values["type"]
        xml_elem(f"{{{PODCAST_NS}}}medium", channel).text = "podcast"
        if self.ai_content:
            _ai_content(channel)
        for hub in self.hubs:  # feedgen's RSS writes only the self link among atom:links
            xml_elem(f"{{{ATOM_NS}}}link", channel, rel="hub", href=hub)
        return rss_feed

    def extend_atom(self, atom_feed):  # type: ignore[no-untyped-def]
        return atom_feed


class PodcastIndexEntryExtension(BaseEntryExtension):
    def __init__(self) -> None:
        self.transcript: tuple[str, str] | None = None
        self.chapters: str | None = None
        self.ai_content = False
        self.persons: list[tuple[str, str]] = []  # (name, PERSON_ROLES key)

    def extend_rss(self, entry):  # type: ignore[no-untyped-def]
        if self.transcript:
            el = xml_elem(f"{{{PODCAST_NS}}}transcript", entry)
            el.attrib.update(
                {"url": self.transcript[0], "type": "text/vtt", "rel": "captions", "language": self.transcript[1]}
            )
        if self.chapters:
            el = xml_elem(f"{{{PODCAST_NS}}}chapters", entry)
            el.attrib.update({"url": self.chapters, "type": "application/json+chapters"})
        for name, credit in self.persons:
            role, group = PERSON_ROLES[credit]
            el = xml_elem(f"{{{PODCAST_NS}}}person", entry)
            el.attrib.update({"role": role, "group": group})
            el.text = name
        if self.ai_content:
            _ai_content(entry)
        return entry

    def extend_atom(self, entry):  # type: ignore[no-untyped-def]
        return entry


def show_notes_html(record: EpisodeRecord, page_url: str, notice: str = "") -> str:
    parts = [f"<p>{escape(record.summary)}</p>"]
    if notice:
        parts.append(f"<p>{escape(notice)}</p>")
    for when, note in record.corrections:
        parts.append(f"<p>更正（{day_words(datetime.fromisoformat(when))}）：{escape(note)}。</p>")
    credits = [
        f"{label}：{escape(value)}"
        for label, value in (("作者", record.author), ("编辑", record.editor), ("来源", record.source))
        if value
    ]
    if credits:
        parts.append("<p>" + "　".join(credits) + "</p>")
    if record.chapters:
        items = "".join(f"<li>{clock(start)} {escape(title)}</li>" for start, title in record.chapters)
        parts.append(f"<ol>{items}</ol>")
    if record.url:
        parts.append(f'<p><a href="{escape(record.url)}">原文</a></p>')
    parts.append(f'<p><a href="{escape(page_url)}">全文与字幕</a></p>')
    return "".join(parts)


def chapter_lines(record: EpisodeRecord) -> str:
    """Chapters as `0:00 开场` lines for the plain description: Spotify shows chapters only from
    timestamps in the description, the first at 0:00."""
    return "\n".join(f"{clock(start)} {title}" for start, title in record.chapters)


def item_description(record: EpisodeRecord, notice: str) -> str:
    text = f"{record.summary}（{notice}）" if notice else record.summary
    chapters = chapter_lines(record)
    return f"{text}\n\n{chapters}" if chapters else text


DAILY_TITLE = "{show}·每日新闻"


def build_feed(
    config: Config,
    records: list[EpisodeRecord],
    cover_url: str,
    feed_name: str = "feed.xml",
    notice: str = "",
    updated: datetime | None = None,
) -> bytes:
    """One feed: `records` are the published episodes of one kind (feed.xml: one per article;
    daily.xml: the daily edition, with its own title and podcast:guid). `notice` is the AI-content
    label, shown in every item's description. `updated` is the lastBuildDate: when the feed's
    content last changed (none: left out), so an unchanged show gives the same bytes."""
    show = config.show
    base = config.base_url
    feed_url = base + feed_name
    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.register_extension("podcastindex", PodcastIndexExtension, PodcastIndexEntryExtension)
    fg.title(show.title if feed_name == "feed.xml" else DAILY_TITLE.format(show=show.title))
    fg.description(show.description)
    # feedgen uses the last link added as <link>: self first
    fg.link(href=feed_url, rel="self", type="application/rss+xml")
    fg.link(href=show.link or base, rel="alternate")
    fg.language(show.language)
    fg.author({"name": show.author, "email": show.email})
    fg.image(cover_url, title=show.title, link=show.link or base)
    if updated is not None:
        fg.lastBuildDate(updated)
    else:  # feedgen would say now(): an empty feed has no build date rather than a new one each time
        fg._FeedGenerator__rss_lastBuildDate = None  # type: ignore[attr-defined]
    fg.generator("audionews")
    fg.podcast.itunes_author(show.author)
    fg.podcast.itunes_owner(name=show.author, email=show.email)
    fg.podcast.itunes_image(cover_url)
    fg.podcast.itunes_category(show.category)
    fg.podcast.itunes_summary(show.description)
    ext = fg.podcastindex
    ext.values.update(
        {"guid": podcast_guid(feed_url), "explicit": "true" if show.explicit else "false", "type": "episodic"}
    )
    ext.ai_content = bool(notice)
    ext.hubs = config.notify.hubs
    if show.locked:
        ext.values["locked"] = "yes"
        ext.owner_email = show.email
    lang = "zh-TW" if show.language.lower() in ("zh-tw", "zh-hant") else "zh"
    for record in newest_first(records)[: show.max_episodes]:
        files = record.files
        page_url = base + files.page
        fe = fg.add_entry(order="append")
        fe.guid(record.guid, permalink=record.guid.startswith("http"))
        fe.title(record.title)
        fe.link(href=page_url)
        fe.description(item_description(record, notice))
        fe.content(show_notes_html(record, page_url, notice), type="CDATA")
        fe.enclosure(base + record.mp3_url, str(record.mp3_bytes), "audio/mpeg")
        fe.pubDate(record.published_dt)
        fe.podcast.itunes_duration(round(record.duration_s))
        fe.podcast.itunes_image(cover_url)
        fe.podcast.itunes_episode_type("full")
        fe.podcastindex.transcript = (base + files.captions, lang)
        fe.podcastindex.chapters = base + files.chapters
        fe.podcastindex.ai_content = bool(notice)
        fe.podcastindex.persons = [(n, k) for n, k in ((record.author, "author"), (record.editor, "editor")) if n]
    return fg.rss_str(pretty=True)
