"""Character-level repairs: invisible characters, punctuation width, pinyin glosses, pipes."""

from __future__ import annotations

import re
import unicodedata

from ..cjk import HAN, HAN_CHAR

# BOM, zero-width, word joiner, bidi embeddings/overrides/isolates, soft hyphen
_INVISIBLE = re.compile("[\ufeff\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
CJK = HAN
_CJK_CHAR = HAN_CHAR
# what may stand next to half-width punctuation for it to count as Chinese punctuation
_CJK_SIDE = f"[{CJK}\u3000-\u303f\uff01-\uff5e“”‘’…—]"
_HALF_WIDTH_BETWEEN_CJK = re.compile(f'(?<={_CJK_SIDE})(\\s*)([,;:?!])\\s*(?={_CJK_SIDE}|"|$)')
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
# `鎮(zhèn)江`: a lowercase syllable with a tone mark or number (or a toneless `de`, `le`);
# `(RFA)`, `(Bay Fang)` and `(concept)` are words the article means
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹ"
_PINYIN_GLOSS = re.compile(
    f"(?<=[{CJK}])[（(](?:[a-zü{_TONED}]*[{_TONED}][a-zü{_TONED}]*|[a-zü]{{1,6}}[1-5]|[a-z]{{1,2}}) ?[）)]"
)
# Forum anti-copy "jammer" text: runs of 1-3 printable ASCII characters between spaces,
# inserted into reposted articles (`' C9 a* ^; p) H: W9 K`). Five tokens in a row, at least
# one of them a symbol, is never English or a model number.
_JAMMER = re.compile(r"(?:(?<=\s)|^|(?<=[^!-~\s]))(?:[!-~]{1,3} ){4,}[!-~]{1,3}(?=\s|$|(?=[^!-~\s]))")
_TABLE_PIPES = re.compile(r"^[|│┃]+\s*|\s*[|│┃]+$")

SENTENCE_END = "。！？!?…"


def strip_invisible(text: str) -> str:
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub("", text)
    return text.replace("\u00a0", " ").replace("\u3000", " ")


def has_cjk(text: str) -> bool:
    return _CJK_CHAR.search(text) is not None


def cjk_count(text: str) -> int:
    return len(_CJK_CHAR.findall(text))


def content_chars(text: str) -> int:
    """Letters, digits and CJK: what a listener would hear, ignoring punctuation and space."""
    return sum(1 for c in text if unicodedata.category(c)[0] in "LN")


def full_width_punctuation(text: str) -> str:
    """`,` between Chinese characters becomes `，` (and ; : ? ! likewise); `1,000` stays."""

    def repl(m: re.Match[str]) -> str:
        return _HALF_TO_FULL[m.group(2)]

    text = _HALF_WIDTH_BETWEEN_CJK.sub(repl, text)
    # brackets that enclose Chinese text
    return re.sub(f"\\(([^()]*{_CJK_SIDE}[^()]*)\\)", r"（\1）", text)


def drop_pinyin_glosses(text: str) -> str:
    """`鎮(zhèn)江` -> `鎮江`: readers' pronunciation hints, which a voice would read out."""
    return _PINYIN_GLOSS.sub("", text)


def strip_table_pipes(text: str) -> str:
    return _TABLE_PIPES.sub("", text)


def strip_jammer(line: str) -> str:
    """Remove forum anti-copy noise; a run of plain words or numbers is left alone."""

    def repl(m: re.Match[str]) -> str:
        return "" if re.search(r"[^A-Za-z0-9 ]", m.group(0)) else m.group(0)

    return _JAMMER.sub(repl, line).strip() if " " in line else line


GLUED_PARAGRAPHS_MIN = 250  # content characters in a line long enough to be paragraphs glued
GLUED_SOME_MIN = 120  # ...or long enough that paragraph-sized pieces in it are paragraphs
PARAGRAPH_PIECE_MIN = 40  # content characters on both sides of such a split
# after a sentence, or after a photo's credit closing one (`…保佑。(記者林雪娟攝) 目前…`);
# not before a photo credit (`。 攝:陳焯煇`)
_GLUED = re.compile(f"(?:(?<=[。！？”」』])|(?<=[攝摄][)）]))\\s+(?![摄攝图圖][片:：／/\\s])(?=[{CJK}“「『（(【])")
_BYLINE_LEAD = re.compile(
    r"^((?:记者|記者)\S{2,5}[／/]\S{2,6}(?:報導|报道|報道))\s+(?=\S)"
)  # `記者林雪娟/台南報導 國民黨…`
_SPACED = re.compile(f"(?<=[{SENTENCE_END}])\\s{{2,}}(?=\\S)")


def split_merged_paragraphs(line: str) -> list[str]:
    """Paragraphs glued by spaces after a sentence end are split back. A run of spaces always
    splits. A single space splits every sentence of a line far longer than a paragraph, and a
    long line whose spaced pieces are all paragraph-sized: some writers put one space between
    the sentences of a paragraph too (`她叫廖天琪。 她的父亲是…`)."""
    lead = _BYLINE_LEAD.match(line)  # a byline glued to the text is its own line
    if lead:
        return [lead.group(1), *split_merged_paragraphs(line[lead.end() :])]
    parts = [p.strip() for p in _SPACED.split(line) if p.strip()]
    out: list[str] = []
    for part in parts:
        size = content_chars(part)
        pieces = _GLUED.split(part) if size >= GLUED_SOME_MIN else [part]
        if size < GLUED_PARAGRAPHS_MIN and min(map(content_chars, pieces)) < PARAGRAPH_PIECE_MIN:
            pieces = [part]  # a short sentence among them: one paragraph spaced by its writer
        out.extend(p.strip() for p in pieces if p.strip())
    return out


def repair_text(line: str) -> str:
    line = strip_table_pipes(line.strip())
    line = re.sub(r"^[•●▪◦‧]\s*", "", line)  # a list's bullet is not read
    line = drop_pinyin_glosses(line)
    line = re.sub(r"[ \t]{2,}", " ", line) if not has_cjk(line) else line
    return full_width_punctuation(line).strip()
