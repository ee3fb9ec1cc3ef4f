"""The passes that judge lines: one line at a time (rules.py), then runs of lines together
(menus, related lists, repeats, what follows the end of the article)."""

from __future__ import annotations

import re

from . import thresholds as T
from .meta import parse_labeled_fields
from .page import Page
from .rules import is_menu_item, is_title_like, line_verdict, spam_hits


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


def judge_repeats(page: Page) -> None:
    """A line seen before is a repeat; repeated spam condemns its first showing too."""
    seen: dict[str, int] = {}
    for i in page.live():
        key = re.sub(r"\s+", "", page.lines[i])
        if key in seen:
            page.mark(i, "keyword_spam" if spam_hits(key) else "duplicate_line")
            if spam_hits(key):
                page.mark(seen[key], "keyword_spam")
        else:
            seen[key] = i


def judge_article_end(page: Page) -> None:
    """What follows the end credits, or a second article's byline, is not this article."""
    body_seen = 0
    for i in range(len(page.lines)):
        rule = page.marks.get(i)
        if rule is None:
            if not is_title_like(page.lines[i]):
                body_seen += 1
            continue
        if rule != "byline" or body_seen < T.BODY_LINES_BEFORE_END:
            continue
        fields = parse_labeled_fields(page.lines[i])
        if "published" in fields or "source" in fields:
            # a second article: its title stands just above its own byline
            before = [j for j in range(i) if j not in page.marks]
            start = before[-1] if before and is_title_like(page.lines[before[-1]]) else i
            _mark_rest(page, start, "appended_article")
            return
        if "editor" in fields:
            _mark_rest(page, i + 1, "after_article_end")
            return


def _mark_rest(page: Page, start: int, rule: str) -> None:
    """Everything from `start` on; bylines there belong to something else, so they are relabelled."""
    for j in range(start, len(page.lines)):
        if page.marks.get(j) in (None, "byline"):
            page.relabel(j, rule)
