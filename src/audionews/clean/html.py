"""HTML pages: the article body from trafilatura, section headings and metadata from the page."""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html
import trafilatura

from .text import strip_invisible


@dataclass(frozen=True)
class HtmlExtract:
    lines: tuple[str, ...]
    headings: frozenset[str]
    title: str | None
    author: str | None
    published: str | None
    source: str | None


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", strip_invisible(text))


def extract_html(html: str) -> HtmlExtract:
    body = trafilatura.extract(html, favor_recall=True, include_comments=False,
                               include_tables=False, include_images=False) or ""
    meta = trafilatura.extract_metadata(html)
    headings: set[str] = set()
    try:
        tree = lxml.html.fromstring(html)
        for el in tree.iter("h2", "h3", "h4", "h5", "h6"):
            text = _norm(el.text_content())
            if text:
                headings.add(text)
    except (lxml.etree.ParserError, ValueError):
        pass
    return HtmlExtract(
        lines=tuple(body.splitlines()),
        headings=frozenset(headings),
        title=(meta.title if meta else None) or None,
        author=(meta.author if meta else None) or None,
        published=(meta.date if meta else None) or None,
        source=(meta.sitename if meta else None) or None,
    )


def is_html_heading(line: str, headings: frozenset[str]) -> bool:
    return _norm(line) in headings
