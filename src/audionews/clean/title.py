"""Choosing the title: a hint (front matter, the HTML's own metadata, a Markdown heading) when
there is one, else a title-like first line; site names stripped (`标题_新华网` -> `标题`)."""

from __future__ import annotations

import re

from . import thresholds as T
from .page import Page
from .passes import body_start
from .rules import has_strong_spam, is_prose, is_title_like, spam_hits
from .text import cjk_count, content_chars

SITE_SUFFIX_MAX = 12  # content characters in a trailing part that may be a site name
_SITE_SUFFIX = re.compile(
    r"(网|網|新闻|新聞|日报|日報|晚报|晚報|时报|時報|频道|頻道|客户端|客戶端|在线|在線|\.com|\.cn|TV|tv)$"
)


_GLUED_SITE = re.compile(
    r"[-–—_](?:[^\s\-–—_]{1,10}?)(?:网|網|新闻|新聞|日报|日報|晚报|晚報|时报|時報|频道|頻道|新闻网|新聞網)$"
)
_REPOST_TAG = re.compile(r"^\s*[\[【［](转贴|轉貼|转载|轉載|转|轉|原创|原創|分享)[\]】］]\s*")
_TRAILING_FILL = re.compile(r"\s*[*＊#=~_]{3,}\s*$|\s*[（(]\d{1,2}:\d{2}[)）]\s*$")  # `******`, `(21:21)`


def strip_site_suffix(title: str) -> str:
    """`标题_新华网` / `标题 - 新浪新闻` / `标题|人民网` -> `标题`; also a forum's `[轉貼]` tag and
    a run of `******` glued on by a copying site."""
    title = _TRAILING_FILL.sub("", _REPOST_TAG.sub("", title))
    glued = _GLUED_SITE.search(title)  # `标题-新华网`: a site name hyphened on without spaces
    if glued and content_chars(title[: glued.start()]) >= content_chars(glued.group(0)):
        title = title[: glued.start()]
    parts = re.split(r"\s*[_|｜丨]\s*|\s+[-–—]\s+", title.strip())
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
            if line and (line == target or line in target or (target in line and _wraps_title(page.lines[i], target))):
                page.mark(i, "repeated_title")
        return strip_site_suffix(hinted)
    if len(live) < 2:  # a title needs a body after it
        return ""
    start = body_start(page)
    # a headline with its time glued on (`…被捕 (21:21)`) looks like a list entry: above the
    # body it may still be the headline
    usable = [i for i in range(len(page.lines)) if i not in page.marks or page.marks[i] == "related_list"]
    before = [i for i in usable if start is None or i < start][-T.TITLE_SEARCH_LINES :]
    candidates = [i for i in before if _headline_shaped(page, i)]
    # a headline shown twice just inside the first sentences: the page put a line of its own
    # (a notice, a promo) above the story
    early = [i for i in live if start is not None and i > start and is_prose(page.lines[i])][: T.TITLE_LATE_PROSE]
    late_end = early[-1] if early else start
    inside = [
        i
        for i in live
        if start is not None
        and start < i < (late_end or 0)
        and _headline_shaped(page, i)
        and (_repeated(page, i) or _byline_follows(page, i))
    ]
    candidates += inside
    if not candidates:
        return ""
    # one inside the sentences must beat those above them, not tie: a wire story's own
    # `…電 題：…` line stands there too
    best = max(candidates, key=lambda i: (_title_score(page, i, candidates) - (i in inside), i))
    page.relabel(best, "title")
    title = strip_site_suffix(page.lines[best])
    bare = re.sub(r"\s+", "", title)
    for i in page.live():
        if _bare(page.lines[i]) == bare or (i < best and bare in _bare(page.lines[i])):
            page.mark(i, "repeated_title")
    return title


def _wraps_title(line: str, title: str) -> bool:
    """A line holding the title is the title shown again (`【独家】标题`, `标题（图）`) unless it is a
    sentence around it: a lead such as `今天上午，市政府召开新闻发布会，介绍了…。` is the story."""
    return not is_prose(line) or content_chars(line) - content_chars(title) <= T.TITLE_WRAPPER_MAX


# a wire story's dateline (`中新社北京九月二十七日電 題：…`) opens the story's text
_DATELINE = re.compile(r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*日\s*[电電]")


def _headline_shaped(page: Page, i: int) -> bool:
    line = page.lines[i]
    return is_title_like(line) and i not in page.heading_hint and not _DATELINE.search(line)


def _byline_follows(page: Page, i: int) -> bool:
    """A byline or date within the next few lines, past captions and one-word labels
    (`Original`, `秦玥`): where a headline stands."""
    seen = 0
    for j in range(i + 1, len(page.lines)):
        line = page.lines[j]
        if not line.strip():
            continue
        rule = page.marks.get(j)
        if rule == "byline":
            return True
        if rule != "image_caption" and (is_prose(line) or content_chars(line) > T.MENU_LABEL_MAX):
            return False
        seen += 1
        if seen > T.BYLINE_LOOKAHEAD:
            return False
    return False


def _repeated(page: Page, i: int) -> bool:
    bare = _bare(page.lines[i])
    return any(j != i and bare and bare in re.sub(r"\s+", "", page.lines[j]) for j in range(len(page.lines)))


def _title_score(page: Page, i: int, candidates: list[int]) -> int:
    """Where a page's headline stands: just above its byline, repeated elsewhere (in a
    breadcrumb, a related list, a second heading), nearest the body; a label of a word or two
    (`早报100`, `評論`) is not one."""
    line = page.lines[i]
    bare = _bare(line)
    score = 0
    if _byline_follows(page, i):
        score += 3
    if _repeated(page, i):
        score += 2
    if i == candidates[-1]:
        score += 1
    chars = content_chars(bare)
    score += 1 if chars >= T.TITLE_MIN_CHARS else -3 if chars < T.TITLE_SHORT_CHARS else 0
    score += cjk_count(bare) >= T.TITLE_FULL_HAN  # a headline says something: a name alone does not
    listed = page.marks.get(i) == "related_list"
    spammy = spam_hits(line) >= 2 or has_strong_spam(line)  # `亞洲` alone is news
    return score - 2 * spammy - listed
