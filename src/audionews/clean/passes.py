"""The passes that judge lines: one line at a time (rules.py), then runs of lines together
(menus, related lists, repeats, what follows the end of the article)."""

from __future__ import annotations

import re

from . import thresholds as T
from .meta import parse_labeled_fields
from .page import Page
from .rules import (
    LABELLED,
    LIST_ITEM,
    PHOTO_CREDIT_TAIL,
    is_comment_section,
    is_doubled_caption,
    is_menu_item,
    is_prose,
    is_scene_phrase,
    is_sentence_like,
    is_title_like,
    line_verdict,
    spam_hits,
)
from .text import cjk_count, content_chars, has_cjk


def judge_lines(page: Page) -> None:
    for i, line in enumerate(page.lines):
        verdict = line_verdict(line)
        if verdict:
            page.mark(i, verdict)


def judge_menu_runs(page: Page) -> None:
    """Three or more short labels in a row (removed lines between them aside) are a menu."""
    run: list[int] = []
    for i in [*page.live(), None]:
        if i is not None and is_menu_item(page.lines[i]):
            run.append(i)
            continue
        if len(run) >= T.MENU_RUN_MIN:
            for j in run:
                page.mark(j, "nav_menu")
        run = []


def judge_related_runs(page: Page) -> None:
    """After a `相关新闻` header, the short title-like lines that follow are the list."""
    for i, rule in sorted(page.marks.items()):
        if rule != "related_list" or not re.search(r"[相热熱推延猜更最精今]", page.lines[i][:3]):
            continue
        for j in range(i + 1, len(page.lines)):
            if j in page.marks:
                continue
            if is_title_like(page.lines[j]):
                page.mark(j, "related_list")
            else:
                break


_SEO_ALT = re.compile(r"[)）]\s*\d{1,2}$")  # `上海市中小學預計何時開學(上海中小學開學首日)2`


def judge_alt_text(page: Page) -> None:
    """In a Chinese page, a line of Latin words alone is not for a Mandarin listener: a
    picture's alt text (`Kampagne für inhaftierte …`) or the software's footer (`Processed in
    0.10 second(s)`). So is a headline-shaped line numbered like a picture (`…(…)2`). The short
    line under such alt text is that picture's caption."""
    if sum(cjk_count(s) for s in page.lines) < T.CHINESE_PAGE_MIN_HAN:
        return
    for i in page.live():
        line = page.lines[i]
        latin = not has_cjk(line) and len(line.split()) >= T.ALT_TEXT_WORDS
        numbered = is_title_like(line) and _SEO_ALT.search(line) is not None
        if not (latin or numbered):
            continue
        page.mark(i, "image_caption")
        after = next((j for j in range(i + 1, len(page.lines)) if page.lines[j].strip()), None)
        if after is None or after in page.marks:
            continue
        if not is_prose(page.lines[after]) or content_chars(page.lines[after]) <= T.CAPTION_UNDER_ALT_MAX:
            page.mark(after, "image_caption")


_CREDIT_TAIL = re.compile(f"[\\s。）)]*{PHOTO_CREDIT_TAIL}")


def judge_caption_twins(page: Page) -> None:
    """A caption shown twice, once with its photographer's credit and once without
    (`…脱粒。李信君摄` / `…脱粒。`): the bare twin is the caption too."""
    captions = {
        re.sub(r"\s+", "", _CREDIT_TAIL.sub("", page.lines[i]).rstrip("。 ")) + "。"
        for i, rule in page.marks.items()
        if rule == "image_caption"
    }
    for i in page.live():
        bare = re.sub(r"\s+", "", page.lines[i]).rstrip("。") + "。"
        if bare in captions:
            page.mark(i, "image_caption")


def judge_scene_captions(page: Page) -> None:
    """A noun phrase with a full stop (`熊猫馆前的排队人群。`) among paragraphs is a photo's
    caption; alone on the page it is the text."""
    prose = [i for i in page.live() if is_prose(page.lines[i])]
    if len(prose) < T.SCENE_CAPTION_PROSE_MIN:
        return
    for i in page.live():
        if is_scene_phrase(page.lines[i]):
            page.mark(i, "image_caption")


def judge_repeats(page: Page) -> None:
    """A line seen before is a repeat; repeated spam condemns its first showing too, and so
    does a repeated short sentence (a photo's caption shown as alt text and again under it)."""
    seen: dict[str, int] = {}
    captions: set[str] = set()
    for i in page.live():
        if is_doubled_caption(page.lines[i]):
            page.mark(i, "image_caption")
            captions.add(re.sub(r"\s+", "", page.lines[i].split()[0]))
            continue
        key = re.sub(r"\s+", "", page.lines[i])
        if key in captions:
            page.mark(i, "image_caption")
            continue
        if key in seen:
            page.mark(i, "keyword_spam" if spam_hits(key) else "duplicate_line")
            if spam_hits(key):
                page.mark(seen[key], "keyword_spam")
        else:
            seen[key] = i


# verdicts that say "the site's furniture": three of them between two runs of sentences mean
# the runs are different parts of the page (a promo above the menu, the story below it)
_FURNITURE = frozenset(
    ("nav_menu", "share_prompt", "login_widget", "related_list", "keyword_spam", "pagination", "spider_pool")
)


def _is_furniture(page: Page, i: int) -> bool:
    """A menu entry, a widget, or another story's headline: a headline-length line that is
    not a list entry or a labelled line (three in a row never stand inside an article; the
    short lines of a WeChat post's verse-like layout are not headlines)."""
    rule = page.marks.get(i)
    if rule is not None:
        return rule in _FURNITURE
    line = page.lines[i].strip()
    if not line or is_prose(line) or line.endswith(("！", "!", "？", "?", "。")):
        return False
    headline = is_title_like(line) and content_chars(line) >= T.HEADLINE_FURNITURE_MIN
    # short labels in a row are judged as menus (judge_menu_runs), not here
    return headline and not LIST_ITEM.match(line) and not LABELLED.search(line)


def main_body(page: Page) -> tuple[int, int] | None:
    """(first, last) line of the page's main run of sentences: runs of prose lines split where
    the site's furniture stands between them, and the run with the most text wins."""
    runs: list[list[int]] = []
    furniture = 0
    for i in range(len(page.lines)):
        if i in page.marks or not is_prose(page.lines[i]):
            furniture += _is_furniture(page, i)
            continue
        if not runs or furniture >= T.FURNITURE_BREAK:
            runs.append([])
        runs[-1].append(i)
        furniture = 0
    if not runs:
        return None
    best = max(runs, key=lambda run: sum(content_chars(page.lines[i]) for i in run))
    return best[0], best[-1]


def body_start(page: Page) -> int | None:
    span = main_body(page)
    return span[0] if span else None


def judge_outside_body(page: Page) -> None:
    """The body is the main run of sentences. Outside it, a line is the page's furniture (menus,
    widgets, promos, lists of other stories), whatever its words: the rule is the line's shape
    and place, not a list of site phrases. Nothing above the headline is the story either."""
    span = main_body(page)
    if span is None:
        return
    first, last = span
    title = min((i for i, r in page.marks.items() if r == "title"), default=None)
    for i in page.live():
        if i in page.heading_hint:
            continue
        line = page.lines[i]
        above_title = title is not None and i < title
        outside = i < first or i > last
        said = is_prose(line) or is_sentence_like(line)  # a question, a quote, `以下是全文：`
        if above_title or (outside and (not said or _apart(page, i, first, last))):
            page.mark(i, "outside_body")


def _apart(page: Page, i: int, first: int, last: int) -> bool:
    """Is prose line `i` cut off from the main run by the site's furniture?"""
    between = range(i + 1, first) if i < first else range(last + 1, i)
    return sum(_is_furniture(page, j) for j in between) >= T.FURNITURE_BREAK


def judge_article_end(page: Page) -> None:
    """What follows the end credits, a second article's byline, or the readers' comments, is
    not this article."""
    body_seen = 0
    for i in range(len(page.lines)):
        rule = page.marks.get(i)
        if rule is None:
            if body_seen and is_comment_section(page.lines[i]):
                _mark_rest(page, i, "comments")
                return
            if body_seen >= T.BODY_LINES_BEFORE_END and _opens_another_story(page, i):
                _mark_rest(page, i, "appended_article")
                return
            if not is_title_like(page.lines[i]):
                body_seen += 1
            continue
        if rule != "byline" or body_seen < T.BODY_LINES_BEFORE_END:
            continue
        fields = parse_labeled_fields(page.lines[i])
        if set(fields) == {"source"}:  # `新聞來源:華視新聞` closing the story: its end credit
            _mark_rest(page, i + 1, "after_article_end")
            return
        if "published" in fields or "source" in fields:
            # a second article: its title stands just above its own byline
            before = [j for j in range(i) if j not in page.marks]
            start = before[-1] if before and is_title_like(page.lines[before[-1]]) else i
            _mark_rest(page, start, "appended_article")
            return
        if "editor" in fields:
            _mark_rest(page, i + 1, "after_article_end")
            return


_BYLINE_OPENING = re.compile(r"^\s*(?:[【〔\[]\s*)?(?:记者|記者)[^。，,]{1,16}?(?:報導|报道|報道)")


def _opens_another_story(page: Page, i: int) -> bool:
    """A headline whose very next line opens with a reporter's byline (`【記者 吳汉汝 花蓮報導】…`):
    a second story, pasted below this one on a list page. (A page's own headline has its
    photo and date between, or sentences of its own story do not stand above it.)"""
    if not is_title_like(page.lines[i]):
        return False
    after = next((j for j in range(i + 1, len(page.lines)) if page.lines[j].strip()), None)
    return after is not None and after not in page.marks and _BYLINE_OPENING.match(page.lines[after]) is not None


def _mark_rest(page: Page, start: int, rule: str) -> None:
    """Everything from `start` on; bylines there belong to something else, so they are relabelled."""
    for j in range(start, len(page.lines)):
        if page.marks.get(j) in (None, "byline"):
            page.relabel(j, rule)
