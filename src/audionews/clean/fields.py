"""Metadata and body blocks: fields read from bylines and credits, merged with what the front
matter and the HTML say (front matter wins, then the page, then the HTML's own metadata)."""

from __future__ import annotations

import re
from datetime import datetime

from ..cjk import HAN
from ..errors import ArticleError
from ..ingest import SourceText
from ..model import Block, BlockKind
from .meta import lead_credit, parse_date, parse_labeled_fields, reporter_name, responsible_editor, trailing_credit
from .page import Page
from .passes import body_start
from .rules import BULLET, LABELLED, LIST_ITEM, has_strong_spam, is_prose, is_title_like, spam_hits
from .text import repair_text

_HTTP_URL = re.compile(r"^https?://[^\s<>\"']+$")
DATELINE_CHARS = 60  # where a dateline (新华社北京4月5日电（记者王晓明）) may name the reporter
DATELINE_PARAGRAPHS = 3  # the paragraphs a dateline may open (a dek or a question may come first)
_DATELINE_REPORTER = re.compile(r"[（(][^（）()]{0,10}(?:记者|記者)")
_DESK_AUTHOR = re.compile(f"^([{HAN}]{{2,4}})\\s*(?:报道|報導|報道)\\s*[／/]")  # 彭佳芸 報導 / 台北市
_SOURCE_AFTER_DESK = re.compile(r"(?:报道|報導|報道)\s*(\S{2,6}?(?:报|報|网|網|社|台))$")  # …／北京報導聯合報
_SOURCE_DATE = re.compile(r"^(\S{2,10}?(?:网|網|报|報|社|台|新闻|新聞))\s+(?:19|20)\d{2}")  # 新华网 2012年…


def _spam(value: str) -> bool:
    return spam_hits(value) > 0 or has_strong_spam(value)


def byline_fields(page: Page) -> dict[str, str]:
    """Fields from the lines judged to be bylines: labelled ones, a bare date, a reporter; and
    a date standing above the body on a line of tags."""
    found: dict[str, str] = {}
    responsible: str | None = None
    for i, rule in sorted(page.marks.items()):
        if rule not in ("byline", "keyword_spam"):
            continue
        line = page.lines[i]
        if rule == "keyword_spam":  # a spam site's byline: its date is still the page's
            if "published" not in found and parse_labeled_fields(line) and parse_date(line):
                found["published"] = line
            continue
        for key, value in parse_labeled_fields(line).items():
            if not _spam(value):
                found.setdefault(key, value)
        responsible = responsible or responsible_editor(line)
        if "published" not in found and parse_date(line):
            found["published"] = line
        name = reporter_name(line) or _match(_DESK_AUTHOR, line)
        if name and "author" not in found:
            found["author"] = name
        source = _match(_SOURCE_DATE, line) or _match(_SOURCE_AFTER_DESK, line)
        if source and "source" not in found:
            found["source"] = source
    if responsible:  # 责任编辑 outranks a plain 编辑
        found["editor"] = responsible
    if "published" not in found:
        start = body_start(page)
        start = len(page.lines) if start is None else start
        dated = next((page.lines[i] for i in sorted(page.marks) if i < start and parse_date(page.lines[i])), None)
        if dated:
            found["published"] = dated
    return found


def _match(pattern: re.Pattern[str], text: str) -> str | None:
    m = pattern.search(text)
    return m.group(1) if m else None


def body_blocks(page: Page, found: dict[str, str], marked_headings: bool) -> list[Block]:
    """The lines left, as headings and paragraphs; a credit at a paragraph's end becomes a field.

    HTML and Markdown mark their headings; in plain text a heading is a short line followed by
    body text."""
    live = page.live()
    blocks: list[Block] = []
    for n, i in enumerate(live):
        text, field, value = trailing_credit(repair_text(page.lines[i]))
        if field and value:
            found.setdefault(field, value)
        if len(blocks) < DATELINE_PARAGRAPHS and is_prose(text):
            text, lead = lead_credit(text) if not blocks else (text, lead_credit(text)[1])
            for key, value in lead.items():
                found.setdefault(key, value)
        if not text:
            continue
        has_next = n + 1 < len(live) and _opens_text(page.lines[live[n + 1]])
        heading = i in page.heading_hint if marked_headings else _heading_like(text) and has_next
        blocks.append(Block(BlockKind.HEADING if heading else BlockKind.PARAGRAPH, text))
    for n, block in enumerate(blocks[:DATELINE_PARAGRAPHS]):
        lead = block.text[:DATELINE_CHARS]
        # past the first paragraph only a dateline's `（记者 X）` counts: `記者協會` is not a byline
        if n and not _DATELINE_REPORTER.search(lead):
            continue
        name = reporter_name(lead)
        if name and "author" not in found:
            found["author"] = name
    return blocks


def _heading_like(text: str) -> bool:
    """A section heading: title-shaped; not a list entry, a labelled line, a question, an
    exclamation or a line all in quotes."""
    text = text.strip()
    quoted = text.startswith(("“", "「", '"')) and text.endswith(("”", "」", '"'))
    return (
        is_title_like(text)
        and not BULLET.match(text)  # `1、亚马逊的枪口` is a numbered heading; `＊豪雨…` an entry
        and not LABELLED.search(text)
        and not quoted
        and not text.endswith(("?", "？", "!", "！"))
    )


def _opens_text(line: str) -> bool:
    """What may follow a heading: sentences, a list, a labelled line (`影響時間：…`)."""
    return not is_title_like(line) or LIST_ITEM.match(line) is not None or LABELLED.search(line) is not None


def published_date(src: SourceText, found: dict[str, str], hints: dict[str, str | None]) -> datetime | None:
    """Front matter's date (refused when unreadable), else the page's, else the HTML's."""
    stated = src.front_matter.get("date") or src.front_matter.get("published")
    if not stated:
        return parse_date(found.get("published") or hints.get("published") or "")
    published = parse_date(stated)
    if published is None:
        raise ArticleError(src.path, f"front matter: date: cannot read {stated!r} as a date")
    return published


def front_matter_flag(src: SourceText, key: str) -> bool:
    value = src.front_matter.get(key, "").strip().lower()
    if value in ("", "false", "no", "0"):
        return False
    if value in ("true", "yes", "1"):
        return True
    raise ArticleError(src.path, f"front matter: {key}: must be true or false, got {value[:20]!r}")


def front_matter_int(src: SourceText, key: str) -> int:
    value = src.front_matter.get(key, "").strip()
    if not value:
        return 0
    try:
        return int(value)
    except ValueError:
        raise ArticleError(src.path, f"front matter: {key}: must be a whole number, got {value[:20]!r}") from None


STATUSES = ("draft", "published")


def front_matter_status(src: SourceText) -> str:
    value = src.front_matter.get("status", "").strip().lower() or "published"
    if value not in STATUSES:
        raise ArticleError(src.path, f"front matter: status: must be draft or published, got {value[:20]!r}")
    return value


def front_matter_time(src: SourceText, key: str) -> datetime | None:
    """An exact time (`2026-12-05 07:00`, with or without an offset): no guessing for an
    embargo. Without an offset it is naive, read later in the show's time zone."""
    value = src.front_matter.get(key, "").strip()
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise ArticleError(
            src.path, f"front matter: {key}: must be a time like 2026-12-05 07:00, got {value[:30]!r}"
        ) from None


def front_matter_url(src: SourceText) -> str | None:
    url = src.front_matter.get("url")
    if url and not _HTTP_URL.match(url):
        raise ArticleError(src.path, f"front matter: url: must be an http(s) URL, got {url[:60]!r}")
    return url


def merged(field: str, src: SourceText, found: dict[str, str], hints: dict[str, str | None]) -> str | None:
    return src.front_matter.get(field) or found.get(field) or hints.get(field)
