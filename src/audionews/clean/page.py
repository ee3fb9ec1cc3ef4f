"""A page as the cleaner works on it: its lines (repaired, in order, with the page's own line
numbers) and the verdict given to each removed line."""

from __future__ import annotations

import re

from ..cjk import HAN_CHAR
from ..ingest import SourceText
from . import thresholds as T
from .html import extract_html
from .rules import line_verdict
from .text import drop_pinyin_glosses, split_merged_paragraphs, strip_invisible, strip_jammer

_MD_HEADING = re.compile(r"^#{1,6}\s+")
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


class Page:
    """Working state of one cleaning run: lines and the verdicts given so far."""

    def __init__(self, lines: list[str], heading_hint: set[int], origin: list[int]) -> None:
        self.lines = lines
        self.origin = origin  # the page's line number of each line
        self.heading_hint = heading_hint  # lines the source marks as headings (HTML, Markdown)
        self.marks: dict[int, str] = {}

    def live(self) -> list[int]:
        return [i for i in range(len(self.lines)) if i not in self.marks]

    def mark(self, i: int, rule: str) -> None:
        """Remove line `i` for `rule`; the first verdict a line gets is the one --explain shows."""
        self.marks.setdefault(i, rule)

    def relabel(self, i: int, rule: str) -> None:
        """A later, better-informed verdict: the title chosen, or a byline found to belong to
        a second article. The only way a verdict is replaced."""
        self.marks[i] = rule


def _join_wrapped(lines: list[str]) -> list[str]:
    """Hard-wrapped text: a line cut mid-sentence at the wrap width is joined with the next.

    Only when the page shows a wrap width (two or more lines of nearly the longest length),
    and never across a line a rule would remove (a byline is long and unpunctuated too).
    A joined line leaves an empty line in its place, so line numbers stay the page's own.
    """
    widths = [len(s.strip()) for s in lines if s.strip()]
    wrap = max(widths, default=0)
    if sum(w >= wrap * T.WRAP_SHARE for w in widths) < 2:
        return lines
    out: list[str] = []
    last = -1  # index in `out` of the line a wrapped continuation would join
    for line in lines:
        prev = out[last].strip() if last >= 0 else ""
        if (
            line.strip()
            and prev
            and len(prev) >= max(T.WRAP_MIN_CHARS, int(wrap * T.WRAP_SHARE))
            and HAN_CHAR.match(prev[-1])
            and HAN_CHAR.match(line.strip())
            and line_verdict(prev) is None
            and line_verdict(line.strip()) is None
        ):
            out[last] = prev + line.strip()
            out.append("")
            continue
        out.append(line)
        last = len(out) - 1
    return out


_CLAUSE_END = re.compile(r"[，,、]\s*$")
_LONE_CLOSE = re.compile(r"^\s*[。！？!?，,；;”」』）)]+\s*$")


def _join_broken_sentences(lines: list[str]) -> list[str]:
    """A sentence broken over lines (a WeChat post's styled runs): a line ending in a comma
    goes on into the next, and a line of closing punctuation alone closes the line before.
    The joined line leaves an empty line, so line numbers stay the page's own."""
    out = list(lines)
    last = -1  # the line a continuation would join
    for i, line in enumerate(out):
        if not line.strip():
            continue
        if last >= 0 and ((_CLAUSE_END.search(out[last]) and HAN_CHAR.match(line.strip())) or _LONE_CLOSE.match(line)):
            out[last] = out[last].rstrip() + line.strip()
            out[i] = ""
            continue
        last = i
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


def lines_of(src: SourceText) -> tuple[list[str], set[int], dict[str, str | None]]:
    """(raw lines, heading lines, what the HTML's own metadata says) for any kind of source."""
    if src.kind == "html":
        extract = extract_html(src.text)
        hints = {
            "title": extract.title,
            "author": extract.author,
            "published": extract.published,
            "source": extract.source,
        }
        return list(extract.lines), set(extract.heading_lines), hints
    raw = _join_broken_sentences(_join_wrapped(src.text.split("\n")))
    if src.kind == "markdown":
        raw, headings = _strip_markdown(raw)
        return raw, headings, {}
    return raw, set(), {}


def prepare(raw: list[str], heading_hint: set[int]) -> Page:
    """Invisible characters removed and glued paragraphs split; each line keeps its origin."""
    lines: list[str] = []
    hints: set[int] = set()
    origin: list[int] = []
    for i, line in enumerate(raw):
        line = drop_pinyin_glosses(strip_jammer(strip_invisible(line)))
        # a line a rule removes whole stays whole: a caption ending in its credit after a space
        # (`…帶走。 攝:陳焯煇`), a teaser ending in `read more`
        for part in [line.strip()] if line_verdict(line.strip()) else split_merged_paragraphs(line):
            if i in heading_hint:
                hints.add(len(lines))
            lines.append(part)
            origin.append(i + 1)
    return Page(lines, hints, origin)
