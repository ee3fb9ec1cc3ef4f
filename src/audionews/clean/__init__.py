"""The clean stage: a scraped page in, an Article (metadata + headings + paragraphs) out.

A pipeline of small steps: lines are repaired, every line is judged by the named rules in
`rules.py`, runs of lines are judged together (menus, related lists, what follows the end of
the article), then the title, metadata and blocks are read from what is left.
"""

from __future__ import annotations

import re

from ..errors import ArticleError
from ..ingest import SourceText
from ..model import Article, ArticleMeta, Block, BlockKind, Removal
from ..scriptconv import detect_script
from .html import extract_html
from .meta import parse_date, parse_labeled_fields, reporter_name, trailing_credit
from .rules import is_menu_item, is_title_like, line_verdict, spam_hits
from .text import cjk_count, content_chars, repair_text, split_merged_paragraphs, strip_invisible

MIN_KEPT_SHARE = 0.5
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_SITE_SUFFIX = re.compile(
    r"(网|網|新闻|新聞|日报|日報|晚报|晚報|时报|時報|频道|頻道|客户端|客戶端|在线|在線|\.com|\.cn|TV|tv)$"
)


def _join_wrapped(lines: list[str]) -> list[str]:
    """Hard-wrapped text: a line cut mid-sentence at the wrap width is joined with the next.

    Only when the page shows a wrap width (two or more lines of nearly the longest length),
    and never across a line a rule would remove (a byline is long and unpunctuated too).
    A joined line leaves an empty line in its place, so line numbers stay the page's own.
    """
    widths = [len(s.strip()) for s in lines if s.strip()]
    wrap = max(widths, default=0)
    if sum(w >= wrap * 0.9 for w in widths) < 2:
        return lines
    out: list[str] = []
    last = -1  # index in `out` of the line a wrapped continuation would join
    for line in lines:
        prev = out[last].strip() if last >= 0 else ""
        if (line.strip() and prev and len(prev) >= max(20, int(wrap * 0.9))
                and re.search(r"[\u4e00-\u9fff]$", prev) and re.match(r"[\u4e00-\u9fff]", line.strip())
                and line_verdict(prev) is None and line_verdict(line.strip()) is None):
            out[last] = prev + line.strip()
            out.append("")
            continue
        out.append(line)
        last = len(out) - 1
    return out


def _strip_markdown(lines: list[str]) -> tuple[list[str], set[int]]:
    out, headings = [], set()
    for line in lines:
        if _MD_HEADING.match(line):
            headings.add(len(out))
            line = _MD_HEADING.sub("", line)
        line = _MD_IMAGE.sub("", line)
        line = _MD_LINK.sub(r"\1", line)
        line = re.sub(r"(\*\*|__|\*|`)", "", line)
        line = re.sub(r"^\s*(?:[-+*]|>)\s+", "", line)
        out.append(line)
    return out, headings


def strip_site_suffix(title: str) -> str:
    """`标题_新华网` / `标题 - 新浪新闻` / `标题|人民网` -> `标题`."""
    parts = re.split(r"\s*[_|｜]\s*|\s+[-–—]\s+", title.strip())
    while len(parts) > 1 and content_chars(parts[-1]) <= 12 and _SITE_SUFFIX.search(parts[-1]):
        parts.pop()
    if len(parts) > 1 and all(content_chars(p) <= 12 for p in parts[1:]):
        return parts[0].strip()
    return title.strip() if len(parts) > 1 else parts[0].strip()


class _Page:
    """Working state of one cleaning run: lines and the verdicts given so far."""

    def __init__(self, lines: list[str], heading_hint: set[int], origin: list[int]) -> None:
        self.lines = lines
        self.origin = origin  # the page's line number of each line
        self.heading_hint = heading_hint
        self.marks: dict[int, str] = {}

    def live(self) -> list[int]:
        return [i for i in range(len(self.lines)) if i not in self.marks]

    def mark(self, i: int, rule: str) -> None:
        self.marks.setdefault(i, rule)


def _lines_of(src: SourceText) -> tuple[list[str], set[int], dict[str, str | None]]:
    hints: dict[str, str | None] = {}
    if src.kind == "html":
        extract = extract_html(src.text)
        hints = {"title": extract.title, "author": extract.author,
                 "published": extract.published, "source": extract.source}
        return list(extract.lines), set(extract.heading_lines), hints
    raw = _join_wrapped(src.text.split("\n"))
    if src.kind == "markdown":
        raw, headings = _strip_markdown(raw)
        return raw, headings, hints
    return raw, set(), hints


def _prepare(raw: list[str], heading_hint: set[int]) -> _Page:
    lines: list[str] = []
    hints: set[int] = set()
    origin: list[int] = []
    for i, line in enumerate(raw):
        for part in split_merged_paragraphs(strip_invisible(line)):
            if i in heading_hint:
                hints.add(len(lines))
            lines.append(part)
            origin.append(i + 1)
    return _Page(lines, hints, origin)


def _judge_lines(page: _Page) -> None:
    for i, line in enumerate(page.lines):
        verdict = line_verdict(line)
        if verdict:
            page.mark(i, verdict)


def _judge_menu_runs(page: _Page) -> None:
    """Three or more short labels in a row (removed lines between them aside) are a menu."""
    run: list[int] = []
    for i in [*page.live(), None]:
        if i is not None and is_menu_item(page.lines[i]):
            run.append(i)
            continue
        if len(run) >= 3:
            for j in run:
                page.mark(j, "nav_menu")
        run = []


def _judge_related_runs(page: _Page) -> None:
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


def _judge_repeats(page: _Page) -> None:
    seen: dict[str, int] = {}
    for i in page.live():
        key = re.sub(r"\s+", "", page.lines[i])
        if key in seen:
            page.mark(i, "keyword_spam" if spam_hits(key) else "duplicate_line")
            if spam_hits(key):
                page.mark(seen[key], "keyword_spam")
        else:
            seen[key] = i


def _judge_article_end(page: _Page) -> None:
    """What follows the end credits, or a second article's byline, is not this article."""
    body_seen = 0
    for i in range(len(page.lines)):
        rule = page.marks.get(i)
        if rule is None:
            if not is_title_like(page.lines[i]):
                body_seen += 1
            continue
        if rule != "byline" or body_seen < 2:
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


def _mark_rest(page: _Page, start: int, rule: str) -> None:
    """Everything from `start` on; bylines there belong to something else, so they are renamed."""
    for j in range(start, len(page.lines)):
        if page.marks.get(j) in (None, "byline"):
            page.marks[j] = rule


def _read_meta(page: _Page) -> dict[str, str]:
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


def _find_title(page: _Page, hinted: str | None) -> str:
    live = page.live()
    if hinted:
        target = re.sub(r"\s+", "", strip_site_suffix(hinted))
        for i in live[:3]:
            line = re.sub(r"\s+", "", strip_site_suffix(page.lines[i]))
            if line and (line == target or line in target or target in line):
                page.mark(i, "repeated_title")
        return strip_site_suffix(hinted)
    if not live:
        return ""
    first = live[0]
    line = page.lines[first]
    follows_body = len(live) > 1
    if is_title_like(line) and follows_body and first not in page.heading_hint | {-1}:
        page.marks[first] = "title"
        title = strip_site_suffix(line)
        for i in live[1:]:
            if re.sub(r"\s+", "", strip_site_suffix(page.lines[i])) == re.sub(r"\s+", "", title):
                page.mark(i, "repeated_title")
        return title
    return ""


def _blocks(page: _Page, meta: dict[str, str], markdown_or_html: bool) -> list[Block]:
    live = page.live()
    blocks: list[Block] = []
    for n, i in enumerate(live):
        text, field, value = trailing_credit(repair_text(page.lines[i]))
        if field and value:
            meta.setdefault(field, value)
        if not text:
            continue
        has_next = n + 1 < len(live) and not is_title_like(page.lines[live[n + 1]])
        # HTML and Markdown mark their headings; in plain text a heading is a short line
        heading = i in page.heading_hint if markdown_or_html else is_title_like(text) and has_next
        blocks.append(Block(BlockKind.HEADING if heading else BlockKind.PARAGRAPH, text))
    return blocks


def clean_source(src: SourceText) -> Article:
    """Clean one article; raises ArticleError when nothing worth publishing is left."""
    raw, heading_hint, hints = _lines_of(src)
    page = _prepare(raw, heading_hint)
    # A Chinese page's text is its Chinese characters: URLs and ids must not count as text.
    measure = cjk_count if sum(cjk_count(s) for s in page.lines) >= 20 else content_chars
    input_chars = sum(measure(s) for s in page.lines)
    if input_chars == 0:
        raise ArticleError(src.path, "has no readable text")
    _judge_lines(page)
    _judge_menu_runs(page)
    _judge_related_runs(page)
    _judge_repeats(page)
    front = src.front_matter
    title_hint = front.get("title") or hints.get("title")
    if src.kind == "markdown" and not title_hint and page.heading_hint:
        first = min(page.heading_hint)
        if first in page.live()[:1]:
            title_hint = page.lines[first]
            page.marks[first] = "title"
    title = repair_text(_find_title(page, title_hint))
    _judge_article_end(page)
    found = _read_meta(page)
    blocks = _blocks(page, found, src.kind in ("markdown", "html"))
    if "author" not in found and blocks:
        # a dateline such as 新华社北京4月5日电（记者王晓明） names the reporter
        name = reporter_name(blocks[0].text[:60])
        if name:
            found["author"] = name
    body_chars = sum(measure(b.text) for b in blocks)
    if sum(content_chars(b.text) for b in blocks) == 0:
        raise ArticleError(src.path, "no article text left after cleaning (all of it looked like junk)")
    meta_chars = sum(measure(page.lines[i]) for i, r in page.marks.items()
                     if r in ("byline", "title", "repeated_title"))
    kept = body_chars + meta_chars
    if kept < MIN_KEPT_SHARE * input_chars:
        raise ArticleError(
            src.path,
            f"cleaning would remove {100 - 100 * kept // input_chars}% of the text; "
            "not publishing a stub (see `audionews clean --explain`)",
        )
    published_text = front.get("date") or front.get("published")
    if published_text:
        published = parse_date(published_text)
        if published is None:
            raise ArticleError(src.path, f"front matter: date: cannot read {published_text!r} as a date")
    else:
        published = parse_date(found.get("published") or hints.get("published") or "")
    url = front.get("url")
    if url and not re.match(r"^https?://[^\s<>\"']+$", url):
        raise ArticleError(src.path, f"front matter: url: must be an http(s) URL, got {url[:60]!r}")
    removed = tuple(Removal(page.origin[i], page.lines[i], rule) for i, rule in sorted(page.marks.items())
                    if rule not in ("title",))
    all_text = title + "".join(b.text for b in blocks)
    meta = ArticleMeta(
        title=title,
        author=front.get("author") or found.get("author") or hints.get("author"),
        editor=front.get("editor") or found.get("editor"),
        source=front.get("source") or found.get("source") or hints.get("source"),
        published=published,
        url=url,
        script=detect_script(all_text),
        summary=front.get("summary"),
    )
    return Article(slug=src.slug, path=src.path, meta=meta, blocks=tuple(blocks),
                   removed=removed, kept_chars=kept, input_chars=input_chars)
