"""Metadata and body blocks: fields read from bylines and credits, merged with what the front
matter and the HTML say (front matter wins, then the page, then the HTML's own metadata)."""

from __future__ import annotations

import re
from datetime import datetime

from ..errors import ArticleError
from ..ingest import SourceText
from ..model import Block, BlockKind
from .meta import parse_date, parse_labeled_fields, reporter_name, trailing_credit
from .page import Page
from .rules import is_title_like
from .text import repair_text

_HTTP_URL = re.compile(r"^https?://[^\s<>\"']+$")
DATELINE_CHARS = 60  # where a dateline (新华社北京4月5日电（记者王晓明）) may name the reporter


def byline_fields(page: Page) -> dict[str, str]:
    """Fields from the lines judged to be bylines: labelled ones, a bare date, a reporter."""
    found: dict[str, str] = {}
    for i, rule in sorted(page.marks.items()):
        if rule == "byline":
            line = page.lines[i]
            for key, value in parse_labeled_fields(line).items():
                found.setdefault(key, value)
            if "published" not in found and parse_date(line):
                found["published"] = line
            name = reporter_name(line)
            if name and "author" not in found:
                found["author"] = name
    return found


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
        if not text:
            continue
        has_next = n + 1 < len(live) and not is_title_like(page.lines[live[n + 1]])
        heading = i in page.heading_hint if marked_headings else is_title_like(text) and has_next
        blocks.append(Block(BlockKind.HEADING if heading else BlockKind.PARAGRAPH, text))
    if "author" not in found and blocks:
        name = reporter_name(blocks[0].text[:DATELINE_CHARS])
        if name:
            found["author"] = name
    return blocks


def published_date(src: SourceText, found: dict[str, str], hints: dict[str, str | None]) -> datetime | None:
    """Front matter's date (refused when unreadable), else the page's, else the HTML's."""
    stated = src.front_matter.get("date") or src.front_matter.get("published")
    if not stated:
        return parse_date(found.get("published") or hints.get("published") or "")
    published = parse_date(stated)
    if published is None:
        raise ArticleError(src.path, f"front matter: date: cannot read {stated!r} as a date")
    return published


def front_matter_url(src: SourceText) -> str | None:
    url = src.front_matter.get("url")
    if url and not _HTTP_URL.match(url):
        raise ArticleError(src.path, f"front matter: url: must be an http(s) URL, got {url[:60]!r}")
    return url


def merged(field: str, src: SourceText, found: dict[str, str], hints: dict[str, str | None]) -> str | None:
    return src.front_matter.get(field) or found.get(field) or hints.get(field)
