"""Proposals for line labels, for a person to confirm: from a page's hand-written expected JSON,
or from what the current cleaner makes of the page; and a page's lines as the splitter sees them."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import replace
from difflib import SequenceMatcher
from pathlib import Path

from audionews.clean import clean_source
from audionews.clean.meta import parse_date
from audionews.clean.page import lines_of, prepare
from audionews.errors import NotAnArticle
from audionews.ingest import read_article
from audionews.scriptconv import detect_script
from tools.labelfile import FIELDS, PROPOSAL, Labels, Row

# the cleaner's rule for a removed line, as a proposed junk kind
RULE_KINDS = {
    "byline": "meta",
    "title": "title",
    "comment_count": "junk:share",
    "share_prompt": "junk:share",
    "copyright": "junk:footer",
    "image_caption": "junk:caption",
    "keyword_spam": "junk:spam",
    "spider_pool": "junk:spam",
    "nav_menu": "junk:menu",
    "pagination": "junk:menu",
    "related_list": "junk:related",
    "duplicate_line": "junk:repeat",
    "repeated_title": "junk:repeat",
    "login_widget": "junk:comment",
}


def fold(text: str | None) -> str:
    """Width and spacing aside, as the corpus tests compare text."""
    return "" if text is None else unicodedata.normalize("NFKC", text).replace(" ", "").strip()


def page_lines(page: Path) -> list[tuple[int, int, str]]:
    """(index, the page's line number, text) of each line with text, as the cleaner splits it."""
    raw, heading_hint, _ = lines_of(read_article(page))
    split = prepare(raw, heading_hint)
    return [(i, split.origin[i], text) for i, text in enumerate(split.lines) if text.strip()]


def cleaner_view(page: Path) -> tuple[dict[str, object], dict[int, str]]:
    """What the current cleaner makes of a page: its JSON, and each removed line's rule by origin."""
    try:
        article = clean_source(read_article(page))
    except NotAnArticle as refused:  # nothing proposed as text; the script is still the page's
        rules = {r.line_no: r.rule for r in refused.removed}
        script = detect_script(read_article(page).text)
        return {"title": "", "paragraphs": [], "headings": [], **dict.fromkeys(FIELDS), "script": script}, rules
    got = article.as_json()
    rules: dict[int, str] = {}
    for r in article.removed:
        rules.setdefault(r.line_no, r.rule)
    return got, rules


def _body_matches(lines: list[tuple[int, int, str]], paragraphs: list[str]) -> dict[int, str | None]:
    """Row number -> `says` (None: the whole line) for each paragraph, matched in order."""
    found: dict[int, str | None] = {}
    at = 0
    for para in paragraphs:
        want = fold(para)
        for n in range(at, len(lines)):
            have = fold(lines[n][2])
            if want and (have == want or want in have):
                found[n] = None if have == want else para
                at = n + 1
                break
    return found


def _title_row(lines: list[tuple[int, int, str]], title: str, body: dict[int, str | None]) -> int | None:
    """The title's line: the last showing it before the body (a spam page repeats it above)."""
    want = fold(title)
    if not want:
        return None
    shown = [n for n, (_, _, text) in enumerate(lines) if n not in body and want in fold(text)]
    if not shown:  # a spam site writes its keyword into the headline: the nearest line
        near = [(SequenceMatcher(None, want, fold(t)).ratio(), n) for n, (_, _, t) in enumerate(lines) if n not in body]
        shown = [n for ratio, n in sorted(near)[-1:] if ratio >= 0.6]
    first_body = min(body, default=len(lines))
    before = [n for n in shown if n < first_body]
    return before[-1] if before else (shown[0] if shown else None)


def _carrier(rows: list[Row], key: str, value: str) -> int | None:
    """The row a field's value is read from: a metadata line first, then any line showing it."""

    def shows(r: Row) -> bool:
        if key == "published":
            date = parse_date(r.text)
            return date is not None and date.isoformat() == value
        return fold(value) in fold(r.text)

    for wanted in ("meta", None):
        for n, r in enumerate(rows):
            if (wanted is None or r.label == wanted) and shows(r):
                return n
    return None


def propose(lines: list[tuple[int, int, str]], want: dict[str, object], rules: dict[int, str], source: str) -> Labels:
    """Labels that would give `want` from these lines; lines it does not use are junk (the
    cleaner's rule tells which kind) or metadata (a line carrying a field)."""
    paragraphs = [str(p) for p in want["paragraphs"]]  # type: ignore[union-attr]
    headings = {fold(str(h)) for h in want["headings"]}  # type: ignore[union-attr]
    body = _body_matches(lines, paragraphs)
    title_at = _title_row(lines, str(want["title"]), body)
    who = PROPOSAL + source
    rows = []
    for n, (index, origin, text) in enumerate(lines):
        says = None
        if n in body:
            says = body[n]
            label = "heading" if fold(says or text) in headings else "body"
        elif n == title_at:
            label = "title"
            says = None if fold(text) == fold(str(want["title"])) else str(want["title"])
        else:
            label = RULE_KINDS.get(rules.get(origin, ""), "junk:other")
            if label == "title":
                label = "junk:repeat"
        rows.append(Row(index, origin, label, who, text, {}, says))
    for key in FIELDS:
        value = want.get(key)
        if value:
            at = _carrier(rows, key, str(value))
            at = at if at is not None else (title_at or 0)
            rows[at] = replace(rows[at], fields={**rows[at].fields, key: str(value)})
    return Labels(script=str(want.get("script") or ""), url=want.get("url") or None, rows=rows)  # type: ignore[arg-type]


def expected_of(page: Path) -> dict[str, object] | None:
    path = page.with_name(page.stem + ".expected.json")
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def realign(labels: Labels, lines: list[tuple[int, int, str]], source: str) -> Labels:
    """Labels carried onto the splitter's lines of today by their text; a line whose text is
    new gets the label `junk:other` as a proposal, for a person to read again."""
    old = [r.text for r in labels.rows]
    new = [text for _, _, text in lines]
    carried: dict[int, Row] = {}
    for block in SequenceMatcher(None, old, new, autojunk=False).get_matching_blocks():
        for k in range(block.size):
            carried[block.b + k] = labels.rows[block.a + k]
    rows = []
    for n, (index, origin, text) in enumerate(lines):
        was = carried.get(n)
        rows.append(
            replace(was, line=index, origin=origin)
            if was
            else Row(index, origin, "junk:other", PROPOSAL + source, text)
        )
    return Labels(labels.script, labels.url, rows)
