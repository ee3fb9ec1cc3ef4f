"""Mandarin text -> Kokoro-82M v1.0 phoneme symbols: words and readings from audionews.pinyin,
Latin words from audionews.latin.

The model was trained on the symbols of misaki's v1.0 Mandarin path: words separated by
spaces, each syllable as IPA with its tone as an arrow after the vowel (→ first, ↗ second,
↓ third, ↘ fourth, nothing for the neutral tone), `zhi chi shi ri zi ci si` with ɨ, and
Chinese punctuation as ASCII punctuation followed by a space. This module writes the same
symbols from its own tables (facts: docs/ARCHITECTURE.md); no tone sandhi is applied, as in
training. Text reaching it has been normalised (textnorm): Han characters, punctuation and
Latin words, which are said as English letters or words in the model's own English symbols
(heard better than Chinese syllables: whisper-base took ˈɛn bˈi ˈA for "NBA", 艾姆... for
nothing at all).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from pypinyin.contrib.tone_convert import to_finals, to_initials

from ...cjk import HAN_CHAR
from ...latin import LATIN_TOKEN, ipa
from ...pinyin import words

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
_PIECES = re.compile(f"({HAN_CHAR.pattern}+)|([，、。！？：；…“”])|({LATIN_TOKEN.pattern})")


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


def _latin_word(token: str, latin: Mapping[str, str]) -> str:
    groups = ipa(token, latin)
    return " ".join(syllable(g.removeprefix("pinyin:")) if g.startswith("pinyin:") else g for g in groups)


def phonemes(
    text: str, overrides: Mapping[str, tuple[str, ...]] | None = None, latin: Mapping[str, str] | None = None
) -> str:
    """The model's symbols for `text`: words separated by spaces, punctuation kept."""
    out: list[str] = []
    for han, mark, word in _PIECES.findall(text):
        if han:
            spoken = ("".join(syllable(p) for p in w.pinyin) for w in words(han, overrides))
            out.append(" " + " ".join(w for w in spoken if w) + " ")
        elif word:
            out.append(" " + _latin_word(word, latin or {}) + " ")
        else:
            out.append(PUNCTUATION[mark])
    joined = re.sub(r" +", " ", "".join(out))
    return re.sub(r"“ +", "“", re.sub(r" +([,.!?;:…”])", r"\1", joined)).strip()
