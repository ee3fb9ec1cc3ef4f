"""Choosing the title: a hint (front matter, the HTML's own metadata, a Markdown heading) when
there is one, else a title-like first line; site names stripped (`标题_新华网` -> `标题`)."""

from __future__ import annotations

import re

from .page import Page
from .rules import is_title_like
from .text import content_chars

SITE_SUFFIX_MAX = 12  # content characters in a trailing part that may be a site name
_SITE_SUFFIX = re.compile(
    r"(网|網|新闻|新聞|日报|日報|晚报|晚報|时报|時報|频道|頻道|客户端|客戶端|在线|在線|\.com|\.cn|TV|tv)$"
)


def strip_site_suffix(title: str) -> str:
    """`标题_新华网` / `标题 - 新浪新闻` / `标题|人民网` -> `标题`."""
    parts = re.split(r"\s*[_|｜]\s*|\s+[-–—]\s+", title.strip())
    while len(parts) > 1 and content_chars(parts[-1]) <= SITE_SUFFIX_MAX and _SITE_SUFFIX.search(parts[-1]):
        parts.pop()
    if len(parts) > 1 and all(content_chars(p) <= SITE_SUFFIX_MAX for p in parts[1:]):
        return parts[0].strip()
    return title.strip() if len(parts) > 1 else parts[0].strip()


def _bare(text: str) -> str:
    return re.sub(r"\s+", "", strip_site_suffix(text))


def markdown_title(page: Page) -> str | None:
    """A Markdown file without a front-matter title: its first heading, when it opens the page."""
    if not page.heading_hint:
        return None
    first = min(page.heading_hint)
    if first not in page.live()[:1]:
        return None
    page.relabel(first, "title")
    return page.lines[first]


def choose_title(page: Page, hinted: str | None) -> str:
    """The title, marking the line(s) that carry it so they are not read as body text."""
    live = page.live()
    if hinted:
        target = _bare(hinted)
        for i in live[:3]:
            line = _bare(page.lines[i])
            if line and (line == target or line in target or target in line):
                page.mark(i, "repeated_title")
        return strip_site_suffix(hinted)
    if len(live) < 2:  # a title needs a body after it
        return ""
    first = live[0]
    if not is_title_like(page.lines[first]) or first in page.heading_hint:
        return ""
    page.relabel(first, "title")
    title = strip_site_suffix(page.lines[first])
    for i in live[1:]:
        if _bare(page.lines[i]) == re.sub(r"\s+", "", title):
            page.mark(i, "repeated_title")
    return title
