"""Mandarin text -> Kokoro-82M v1.0 phoneme symbols: words from jieba, pinyin from pypinyin.

The model was trained on the symbols of misaki's v1.0 Mandarin path: words separated by
spaces, each syllable as IPA with its tone as an arrow after the vowel (→ first, ↗ second,
↓ third, ↘ fourth, nothing for the neutral tone), `zhi chi shi ri zi ci si` with ɨ, and
Chinese punctuation as ASCII punctuation followed by a space. This module writes the same
symbols from its own tables (facts: docs/ARCHITECTURE.md); no tone sandhi is applied, as in
training. Text reaching it has been normalised (textnorm): Han characters and punctuation.
"""

from __future__ import annotations

import logging
import re
from functools import cache
from typing import Any

from pypinyin import Style, lazy_pinyin
from pypinyin.contrib.tone_convert import to_finals, to_initials

from ...cjk import HAN_CHAR

TONES = {"1": "→", "2": "↗", "3": "↓", "4": "↘", "5": ""}
INITIALS = {
    "b": "p", "p": "pʰ", "m": "m", "f": "f", "d": "t", "t": "tʰ", "n": "n", "l": "l",
    "g": "k", "k": "kʰ", "h": "x", "j": "ʨ", "q": "ʨʰ", "x": "ɕ",
    "zh": "ꭧ", "ch": "ꭧʰ", "sh": "ʂ", "r": "ɻ", "z": "ʦ", "c": "ʦʰ", "s": "s",
}  # fmt: skip
# `~` is where the tone goes: after the vowel, before a nasal coda
FINALS = {
    "a": "a~", "ai": "ai~", "an": "a~n", "ang": "a~ŋ", "ao": "au~",
    "e": "ɤ~", "ei": "ei~", "en": "ə~n", "eng": "ə~ŋ",
    "i": "i~", "ia": "ja~", "ian": "jɛ~n", "iang": "ja~ŋ", "iao": "jau~", "ie": "je~",
    "in": "i~n", "iou": "jou~", "ing": "i~ŋ", "iong": "jʊ~ŋ",
    "ong": "ʊ~ŋ", "ou": "ou~",
    "u": "u~", "ua": "wa~", "uai": "wai~", "uan": "wa~n", "uang": "wa~ŋ",
    "uei": "wei~", "uen": "wə~n", "ueng": "wə~ŋ", "uo": "wo~", "o": "wo~",
    "ü": "y~", "üe": "ɥe~", "üan": "ɥɛ~n", "ün": "y~n",
}  # fmt: skip
APICAL_I = "ɨ~"  # the `i` of zhi chi shi ri zi ci si
WHOLE = {"er": "ɚ~", "ê": "ɛ~", "io": "jɔ~", "o": "ɔ~", "m": "m~", "n": "n~", "ng": "ŋ~", "hm": "hm~", "hng": "hŋ~"}
PUNCTUATION = {"，": ", ", "、": ", ", "。": ". ", "！": "! ", "？": "? ", "：": ": ", "；": "; ", "…": "… ",
               "“": " “", "”": "” "}  # fmt: skip
_PIECES = re.compile(f"({HAN_CHAR.pattern}+)|([，、。！？：；…“”])")


def syllable(pinyin: str) -> str:
    """`zhong1` -> `ꭧʊ→ŋ`; an unknown syllable gives ''."""
    tone = pinyin[-1] if pinyin[-1:].isdigit() else "5"
    bare = pinyin.rstrip("12345").replace("v", "ü")
    arrow = TONES.get(tone, "")
    if bare in WHOLE:
        return WHOLE[bare].replace("~", arrow)
    initial = to_initials(bare, strict=True)
    final = to_finals(bare, strict=True, v_to_u=True)
    if initial and final == "i" and initial in ("zh", "ch", "sh", "r", "z", "c", "s"):
        rest = APICAL_I
    else:
        rest = FINALS.get(final, "")
    if not rest or (initial and initial not in INITIALS):
        return ""
    return INITIALS.get(initial, "") + rest.replace("~", arrow)


def _word_pinyin(word: str) -> list[str]:
    return lazy_pinyin(word, style=Style.TONE3, neutral_tone_with_five=True, errors="ignore")


def _words(text: str, overrides: dict[str, tuple[str, ...]]) -> list[list[str]]:
    """The pinyin of each word of a run of Han characters; lexicon entries are words of their own."""
    if overrides:
        pattern = "|".join(re.escape(w) for w in sorted(overrides, key=len, reverse=True))
        out: list[list[str]] = []
        pos = 0
        for m in re.finditer(pattern, text):
            out += _words(text[pos : m.start()], {})
            out.append(list(overrides[m.group(0)]))
            pos = m.end()
        return out + _words(text[pos:], {})
    return [_word_pinyin(word) for word in _segmenter().lcut(text, cut_all=False, HMM=True) if word]


@cache
def _segmenter() -> Any:
    """jieba, as in the model's training data. Its words decide where the voice phrases: on 30
    seed sentences whisper-base recovered 91.3% with jieba's words, 87.1% with pypinyin's."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def phonemes(text: str, overrides: dict[str, tuple[str, ...]] | None = None) -> str:
    """The model's symbols for `text`: words separated by spaces, punctuation kept."""
    out: list[str] = []
    for han, mark in _PIECES.findall(text):
        if han:
            words = ("".join(syllable(p) for p in word) for word in _words(han, overrides or {}))
            out.append(" ".join(w for w in words if w))
        else:
            out.append(PUNCTUATION[mark])
    return re.sub(r" +([,.!?;:…”])", r"\1", re.sub(r" +", " ", "".join(out))).strip()
