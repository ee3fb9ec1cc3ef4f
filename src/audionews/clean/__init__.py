"""The clean stage: a scraped page in, an Article (metadata + headings + paragraphs) out.

The passes, in order (docs/ARCHITECTURE.md, "Cleaning"): the page's lines are read and
repaired (page.py); each line is judged by the named rules (rules.py), then runs of lines
together (passes.py); the title is chosen (title.py); what is left becomes blocks, and
metadata is merged from front matter, bylines and the HTML (fields.py). Every number the
passes decide by is in thresholds.py.
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import ArticleError, NotAnArticle
from ..ingest import SourceText
from ..model import Article, ArticleMeta, Block, Removal
from ..scriptconv import detect_script
from . import thresholds as T
from .fields import (
    body_blocks,
    byline_fields,
    front_matter_flag,
    front_matter_int,
    front_matter_status,
    front_matter_time,
    front_matter_url,
    merged,
    published_date,
)
from .page import Page, lines_of, prepare
from .passes import (
    judge_alt_text,
    judge_article_end,
    judge_caption_twins,
    judge_lines,
    judge_menu_runs,
    judge_outside_body,
    judge_related_runs,
    judge_repeats,
    judge_scene_captions,
)
from .rules import has_sentence
from .text import cjk_count, content_chars, repair_text
from .title import choose_title, markdown_title, strip_site_suffix

__all__ = ["clean_source", "judge_page", "strip_site_suffix"]


# lines the article's own metadata came from: they are not junk the page was cleaned of
_META_RULES = ("byline", "title", "repeated_title")


def _refuse_stub(src: SourceText, page: Page, blocks: list[Block], measure: Callable[[str], int]) -> None:
    """Refuse what is not an article: no sentence at all, or a stub of a few words left from a
    page of junk. How much junk surrounded a real story does not matter, and a short page that
    was clean to begin with (a news flash) publishes."""
    chars = measure("".join(b.text for b in blocks))
    removed = sum(measure(page.lines[i]) for i, rule in page.marks.items() if rule not in _META_RULES)
    if not any(has_sentence(b.text) for b in blocks):
        kept = "no sentence"
    elif chars < T.MIN_ARTICLE_CHARS and removed > chars:
        kept = f"only {chars} characters of text"
    else:
        return
    raise NotAnArticle(
        src.path,
        f"not an article: {kept} left after cleaning, {len(page.marks)} lines removed "
        "(see `audionews clean --explain`)",
        _removals(page),
    )


def _removals(page: Page) -> tuple[Removal, ...]:
    return tuple(
        Removal(page.origin[i], page.lines[i], rule) for i, rule in sorted(page.marks.items()) if rule != "title"
    )


def _measure(page: Page) -> Callable[[str], int]:
    # A Chinese page's text is its Chinese characters: URLs and ids must not count as text.
    return cjk_count if sum(cjk_count(s) for s in page.lines) >= T.CHINESE_PAGE_MIN_HAN else content_chars


def judge_page(src: SourceText) -> tuple[Page, str, dict[str, str | None]]:
    """Every verdict the passes give a page's lines, and its title: (page, title, HTML hints).
    The first part of cleaning, apart so that other readers of a page see the same verdicts."""
    raw, heading_hint, hints = lines_of(src)
    page = prepare(raw, heading_hint)
    if sum(_measure(page)(s) for s in page.lines) == 0:
        raise ArticleError(src.path, "has no readable text")
    for judge in (
        judge_lines,
        judge_menu_runs,
        judge_related_runs,
        judge_alt_text,
        judge_caption_twins,
        judge_scene_captions,
        judge_repeats,
    ):
        judge(page)
    hinted = src.front_matter.get("title") or hints.get("title")
    if src.kind == "markdown" and not hinted:
        hinted = markdown_title(page)
    judge_article_end(page)
    title = repair_text(choose_title(page, hinted))
    judge_outside_body(page)
    return page, title, hints


def clean_source(src: SourceText) -> Article:
    """Clean one article; raises ArticleError when nothing worth publishing is left."""
    page, title, hints = judge_page(src)
    measure = _measure(page)
    found = byline_fields(page)
    blocks = body_blocks(page, found, src.kind in ("markdown", "html"))
    if sum(content_chars(b.text) for b in blocks) == 0:
        raise NotAnArticle(
            src.path,
            "not an article: no text left after cleaning, every line looked like junk "
            "(see `audionews clean --explain`)",
            _removals(page),
        )
    _refuse_stub(src, page, blocks, measure)
    meta = ArticleMeta(
        title=title,
        author=merged("author", src, found, hints),
        editor=merged("editor", src, found, hints),
        source=merged("source", src, found, hints),
        published=published_date(src, found, hints),
        url=front_matter_url(src),
        script=detect_script(title + "".join(b.text for b in blocks)),
        summary=src.front_matter.get("summary"),
        retracted=front_matter_flag(src, "retracted"),
        priority=front_matter_int(src, "priority"),
        draft=front_matter_status(src) == "draft",
        publish_at=front_matter_time(src, "publish_at"),
    )
    return Article(slug=src.slug, path=src.path, meta=meta, blocks=tuple(blocks), removed=_removals(page))
