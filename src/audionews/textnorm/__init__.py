"""Mandarin text normalisation for speech: digits, dates, money, units and signs become words.

`spoken_form()` is what the offline engines read; `audionews normalize` prints it. Latin words
stay Latin (each engine says them its own way: `audionews.latin`), acronyms in capitals.
Display text (captions, the page) is never changed by this module.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache

from ..cjk import HAN
from ..latin import LATIN_TOKEN, show_case
from ..scriptconv import to_simplified
from .numbers import cardinal, digits, number
from .rules import RULES

__all__ = [
    "apply_replacements",
    "cardinal",
    "digits",
    "expand_numbers",
    "expanded_form",
    "number",
    "spoken_form",
    "tidy_punctuation",
]

# full-width digits, letters and the signs that travel with numbers become ASCII first (２０１５ -> 2015)
_FULLWIDTH = {c: unicodedata.normalize("NFKC", c) for c in "０１２３４５６７８９％＋－＝＜＞＄"}
_FULLWIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})
_FULLWIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})
_FULLWIDTH_TABLE = str.maketrans(_FULLWIDTH)

_PUNCT_MAP = str.maketrans(
    {
        ",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "，", ")": "，", "（": "，", "）": "，",
        "—": "，", "《": "", "》": "", "“": "", "”": "", "‘": "", "’": "", '"': "", "「": "", "」": "",
        "『": "", "』": "", "【": "", "】": "", "[": "", "]": "", "·": "", "•": "", "/": "", "|": "，",
        "｜": "，", "~": "到", "～": "到", "&": "和", "+": "加", "=": "等于", "*": "", "#": "", "_": "",
        "<": "", ">": "", "^": "", "`": "", ".": "。", "．": "。",
    }
)  # fmt: skip
_KEEP = re.compile(f"[^{HAN}A-Za-z'，。！？、；：\\s]")
# c e o -> CEO: single letters spaced out are one acronym
_SPACED_LETTERS = re.compile(r"(?<![A-Za-z])[A-Za-z](?: [A-Za-z]){1,5}(?![A-Za-z])")


def expand_numbers(text: str) -> str:
    for pattern, fn in RULES:
        text = pattern.sub(fn, text)
    return text


def tidy_punctuation(text: str) -> str:
    text = text.replace("……", "。").replace("…", "。").replace("——", "，")
    text = text.translate(_PUNCT_MAP)
    text = _KEEP.sub("", text)
    # spaces matter only between two Latin words (iPad Pro); elsewhere they go
    text = re.sub(r"(?<=[A-Za-z])\s+(?=[A-Za-z])", "\0", text)
    text = re.sub(r"\s+", "", text).replace("\0", " ")
    text = re.sub(r"[，、；：]+(?=[。！？])", "", text)
    text = re.sub(r"([，、；：。！？])[，、；：。]+", r"\1", text)
    text = re.sub(r"[，、；：]+$", "", text)
    return re.sub(r"^[，、；：。！？]+", "", text)


def latin_case(text: str, entries: Mapping[str, str] | None = None) -> str:
    """Acronyms in capitals, so the text shows what is spelled out (nba -> NBA, c e o -> CEO)."""
    text = _SPACED_LETTERS.sub(lambda m: m.group(0).replace(" ", "").upper(), text)
    return LATIN_TOKEN.sub(lambda m: show_case(m.group(0), entries), text)


_FULLWIDTH_POINT = re.compile(r"(?<=\d)．(?=\d)")


def spoken_form(
    text: str, replacements: Mapping[str, str] | None = None, latin: Mapping[str, str] | None = None
) -> str:
    """The exact text the offline engines read: Simplified, lexicon applied, numbers in words."""
    return latin_case(tidy_punctuation(expanded_form(text, replacements)), latin)


def expanded_form(text: str, replacements: Mapping[str, str] | None = None) -> str:
    """The text once the rules ran, punctuation still as written: what `tools/realnews.py sweep` checks."""
    text = to_simplified(_FULLWIDTH_POINT.sub(".", text.translate(_FULLWIDTH_TABLE)))
    text = apply_replacements(text, replacements or {})
    return expand_numbers(text)


def apply_replacements(text: str, replacements: Mapping[str, str]) -> str:
    """Lexicon word -> replacement text, longest words first so `重庆市` wins over `重庆`."""
    if not replacements:
        return text
    return _words_pattern(tuple(replacements)).sub(lambda m: replacements[m.group(0)], text)


@lru_cache(maxsize=8)
def _words_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
