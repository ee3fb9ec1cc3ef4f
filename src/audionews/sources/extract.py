"""An article page's text and metadata, through trafilatura (as HTML articles are built)."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

import trafilatura

from ..errors import ArticleError
from ..ingest import decode

# less text than this after extraction is not an article: a script-only shell, a paywall
# teaser, a cookie wall
MIN_ARTICLE_CHARS = 60
# trafilatura's time grows faster than the page: 20,000 paragraphs take a second, 130,000
# took 50 s and 350 MB. A news page has a few thousand elements; more is not an article.
MAX_PAGE_ELEMENTS = 30_000
# a page in its declared charset with a few bad bytes is read with them replaced; more than
# this share replaced means the declaration is wrong, and detection decides
MAX_REPLACED_SHARE = 0.01
_META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_-]+)", re.IGNORECASE)


@dataclass(frozen=True)
class PageArticle:
    title: str | None
    text: str
    author: str | None
    published: str | None
    note: str | None = None  # what was forgiven on the way (bytes replaced)


@dataclass(frozen=True)
class PageText:
    html: str
    note: str | None = None


class NoArticle(Exception):
    """The page holds no article text; str() says why."""


def page_text(body: bytes, charset: str | None) -> PageText:
    """Decode with the header's charset, else the page's `<meta charset>`, else detection.

    A page in its declared charset with a few bad bytes (a gb2312 page with one broken
    character) is read with them replaced, and says so in its note."""
    declared = charset or _meta_charset(body)
    codec = _known_codec(declared) if declared else None
    if codec:
        try:
            return PageText(body.decode(codec))
        except UnicodeDecodeError:
            pass
        text = body.decode(codec, errors="replace")
        replaced = text.count("\ufffd")
        if replaced <= max(1, len(text) * MAX_REPLACED_SHARE):
            return PageText(text, f"{replaced} undecodable byte sequence(s) in {declared} replaced")
    try:
        return PageText(decode(body, Path("page"))[0])
    except ArticleError as exc:
        raise NoArticle(exc.reason) from None


def _known_codec(name: str) -> str | None:
    """The codec for a declared charset; None for one that cannot decode text (`undefined`,
    which Python knows as a codec that always fails, or `hex`, which is not text)."""
    try:
        codec = codecs.lookup(_codec(name)).name
        b"a".decode(codec)
    except (LookupError, UnicodeError, ValueError):
        return None
    return codec


def _meta_charset(body: bytes) -> str | None:
    m = _META_CHARSET.search(body[:4096])
    return m.group(1).decode("ascii").lower() if m else None


def _codec(name: str) -> str:
    # what Chinese pages declare, read by the codec that covers it: gb2312/gbk pages often
    # hold GB18030 characters, big5 pages Hong Kong ones
    return {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs"}.get(name.lower(), name)


def extract_article(body: bytes, charset: str | None, url: str) -> PageArticle:
    elements = body.count(b"<") - body.count(b"</")
    if elements > MAX_PAGE_ELEMENTS:
        raise NoArticle(f"too many elements to extract ({elements:,}; at most {MAX_PAGE_ELEMENTS:,})")
    page = page_text(body, charset)
    try:
        text = trafilatura.extract(
            page.html, url=url, include_comments=False, include_tables=False, favor_precision=True
        )
        meta = trafilatura.extract_metadata(page.html, default_url=url)
    except (ValueError, TypeError, LookupError, RecursionError) as exc:  # lxml and trafilatura on hostile HTML
        raise NoArticle(f"the page cannot be parsed ({type(exc).__name__})") from None
    if not text or len(re.sub(r"\s", "", text)) < MIN_ARTICLE_CHARS:
        raise NoArticle("no article text on the page (a script-only page, a teaser or a login wall?)")
    return PageArticle(
        title=(meta.title if meta and meta.title else None),
        text=text.strip(),
        author=(meta.author if meta and meta.author else None),
        published=(meta.date if meta and meta.date else None),
        note=page.note,
    )
