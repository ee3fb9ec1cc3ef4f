"""An article page's text and metadata, through trafilatura (as HTML articles are built)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import trafilatura

from ..errors import ArticleError
from ..ingest import decode

# less text than this after extraction is not an article: a script-only shell, a paywall
# teaser, a cookie wall
MIN_ARTICLE_CHARS = 60
_META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_-]+)", re.IGNORECASE)


@dataclass(frozen=True)
class PageArticle:
    title: str | None
    text: str
    author: str | None
    published: str | None


class NoArticle(Exception):
    """The page holds no article text; str() says why."""


def page_text(body: bytes, charset: str | None) -> str:
    """Decode with the header's charset, else the page's `<meta charset>`, else detection."""
    declared = charset or _meta_charset(body)
    if declared:
        try:
            return body.decode(_codec(declared))
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return decode(body, Path("page"))[0]
    except ArticleError as exc:
        raise NoArticle(exc.reason) from None


def _meta_charset(body: bytes) -> str | None:
    m = _META_CHARSET.search(body[:4096])
    return m.group(1).decode("ascii").lower() if m else None


def _codec(name: str) -> str:
    # what Chinese pages declare, read by the codec that covers it: gb2312/gbk pages often
    # hold GB18030 characters, big5 pages Hong Kong ones
    return {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs"}.get(name.lower(), name)


def extract_article(body: bytes, charset: str | None, url: str) -> PageArticle:
    html = page_text(body, charset)
    text = trafilatura.extract(html, url=url, include_comments=False, include_tables=False, favor_precision=True)
    if not text or len(re.sub(r"\s", "", text)) < MIN_ARTICLE_CHARS:
        raise NoArticle("no article text on the page (a script-only page, a teaser or a login wall?)")
    meta = trafilatura.extract_metadata(html, default_url=url)
    return PageArticle(
        title=(meta.title if meta and meta.title else None),
        text=text.strip(),
        author=(meta.author if meta and meta.author else None),
        published=(meta.date if meta and meta.date else None),
    )
