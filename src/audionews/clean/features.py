"""Features of each line of a page, for a trained line labeller (issue 27); not used by the
cleaner yet. One dict of numbers per line with text, in the splitter's order (`Page.lines`,
the lines a `.labels.tsv` labels): the verdict the rules give today, the line's shape, where it
stands against the page's main run of prose, its neighbours, how often it recurs, and how much
it shares with the lead paragraph (a headline repeats the lead's words)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..cjk import HAN_CHAR
from ..ingest import SourceText
from . import judge_page
from .meta import parse_date, parse_labeled_fields
from .page import Page
from .rules import (
    BULLET,
    LINE_RULES,
    LIST_ITEM,
    PHOTO_CREDIT_TAIL,
    has_sentence,
    has_strong_spam,
    is_prose,
    is_title_like,
    line_verdict,
    spam_hits,
)
from .text import content_chars

# every verdict a pass can give, beside the line rules' own
PASS_VERDICTS = (
    "title",
    "repeated_title",
    "related_list",
    "nav_menu",
    "image_caption",
    "keyword_spam",
    "duplicate_line",
    "outside_body",
)
VERDICTS = tuple(dict.fromkeys([name for name, _ in LINE_RULES] + list(PASS_VERDICTS)))
_SENTENCE_END = re.compile(r"[。！？!?…」』”]$")
_CREDIT_END = re.compile(f"(?:{PHOTO_CREDIT_TAIL})|(?:提供|供圖|供图|翻攝|翻摄)[）)]?$")
_OPENS_TAG = re.compile(r"^[【\[〔（(]")
_LATIN = re.compile(r"[A-Za-z]")
_DIGIT = re.compile(r"\d")
NEIGHBOURS = 2  # lines each side whose shape a line sees


@dataclass(frozen=True)
class LineFeatures:
    index: int  # in Page.lines
    origin: int  # the page's own line number
    values: dict[str, float]


def _fold(text: str) -> str:
    return re.sub(r"\W", "", unicodedata.normalize("NFKC", text))


def _bigrams(text: str) -> set[str]:
    folded = _fold(text)
    return {folded[k : k + 2] for k in range(len(folded) - 1)}


def shape(line: str) -> dict[str, float]:
    """What a line looks like, alone."""
    chars = max(len(line), 1)
    return {
        "chars": float(content_chars(line)),
        "han_share": sum(bool(HAN_CHAR.match(c)) for c in line) / chars,
        "latin_share": len(_LATIN.findall(line)) / chars,
        "digit_share": len(_DIGIT.findall(line)) / chars,
        "commas": float(line.count("，") + line.count(",") + line.count("、")),
        "ends_sentence": float(bool(_SENTENCE_END.search(line.strip()))),
        "has_sentence": float(has_sentence(line)),
        "prose": float(is_prose(line)),
        "title_like": float(is_title_like(line)),
        "list_item": float(bool(LIST_ITEM.match(line) or BULLET.match(line))),
        "opens_tag": float(bool(_OPENS_TAG.match(line.strip()))),
        "credit_end": float(bool(_CREDIT_END.search(line.strip()))),
        "has_date": float(parse_date(line) is not None),
        "labelled_fields": float(len(parse_labeled_fields(line))),
        "spam_hits": float(spam_hits(line)),
        "strong_spam": float(has_strong_spam(line)),
    }


def main_run(prose: list[bool]) -> tuple[int, int]:
    """(first, last) position of the longest run of prose lines, lines that are not prose
    allowed inside it one at a time (a caption or a heading between paragraphs)."""
    best, start, gap = (0, -1), None, 0
    for n, flag in enumerate([*prose, False, False]):
        if flag:
            start = n if start is None else start
            gap = 0
            end = n
            if end - start > best[1] - best[0]:
                best = (start, end)
        elif start is not None:
            gap += 1
            if gap > 1:
                start, gap = None, 0
    return best if best[1] >= 0 else (0, -1)


def _verdicts(page: Page, index: int) -> dict[str, float]:
    """Today's rules as features: the line rule that fires alone, and the verdict the page's
    passes gave (the first one, as --explain shows it)."""
    alone = line_verdict(page.lines[index].strip())
    given = page.marks.get(index)
    out = {f"rule_{name}": float(alone == name) for name in VERDICTS}
    out |= {f"pass_{name}": float(given == name) for name in VERDICTS}
    out["kept"] = float(given is None)
    return out


def _placement(n: int, total: int, run: tuple[int, int]) -> dict[str, float]:
    first, last = run
    before = float(first - n) if n < first else 0.0
    after = float(n - last) if n > last else 0.0
    return {
        "position": n / max(total - 1, 1),
        "before_run": before,
        "after_run": after,
        "in_run": float(first <= n <= last),
        "run_share": (last - first + 1) / max(total, 1),
    }


def _neighbours(n: int, shapes: list[dict[str, float]]) -> dict[str, float]:
    out = {}
    for step in range(1, NEIGHBOURS + 1):
        for side, m in (("prev", n - step), ("next", n + step)):
            near = shapes[m] if 0 <= m < len(shapes) else None
            for key in ("prose", "title_like", "chars", "credit_end"):
                out[f"{side}{step}_{key}"] = near[key] if near else -1.0
    return out


def line_features(page: Page, title: str = "") -> list[LineFeatures]:
    """Features of each line with text of a page the passes have judged (`judge_page`)."""
    order = [i for i, line in enumerate(page.lines) if line.strip()]
    texts = [page.lines[i].strip() for i in order]
    shapes = [shape(t) for t in texts]
    run = main_run([bool(s["prose"]) for s in shapes])
    lead = _bigrams(texts[run[0]]) if run[1] >= 0 else set()
    wanted_title = _bigrams(title)
    folded = [_fold(t) for t in texts]
    out = []
    for n, i in enumerate(order):
        grams = _bigrams(texts[n])
        values = {**shapes[n], **_verdicts(page, i), **_placement(n, len(order), run)}
        values |= _neighbours(n, shapes)
        values["repeats"] = float(sum(f == folded[n] for f in folded) - 1) if folded[n] else 0.0
        values["inside_other"] = float(any(folded[n] and folded[n] in f and f != folded[n] for f in folded))
        values["lead_overlap"] = len(grams & lead) / max(len(grams), 1)
        values["title_overlap"] = len(grams & wanted_title) / max(len(grams | wanted_title), 1)
        out.append(LineFeatures(i, page.origin[i], values))
    return out


def page_features(src: SourceText) -> list[LineFeatures]:
    """A page read, judged by today's passes, and its lines' features."""
    page, title, _ = judge_page(src)
    return line_features(page, title)
