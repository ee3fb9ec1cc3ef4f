"""Which reading of each Chinese character a newsreader says: words from jieba (with their
parts of speech), pinyin from pypinyin's phrase dictionary, then the corrections a dictionary
cannot make by itself:

- lexicon entries: the show's `[pinyin]` over the default list in show/pinyin.toml (words
  pypinyin's dictionary reads wrongly for news, such as 流血 liu2 xue4);
- surnames read their own way at the head of a person's name (单 shan4, 曾 zeng1, 解 xie4,
  仇 qiu2, 薄 bo2, 朴 piao2, 任 ren2);
- the particles 地 (de5 after an adverb), 得 and 着;
- 为 wei2 where it means "is" or "as" (速限为五十公里, 以…为…, 分别为) and wei4 where it
  means "for" (为他进行处理, 公司为员工提供服务);
- tone sandhi of 一 and 不 for the reading a listener hears (`heard`), which the Kokoro voice
  is not given: it was trained on citation tones and says the sandhi itself.
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from pypinyin import Style, lazy_pinyin

from .cjk import HAN_CHAR

Syllables = tuple[str, ...]

SURNAMES: dict[str, str] = {
    "单": "shan4", "曾": "zeng1", "解": "xie4", "仇": "qiu2", "薄": "bo2", "朴": "piao2", "任": "ren2",
    "区": "ou1", "查": "zha1", "盖": "ge3", "缪": "miao4", "乐": "yue4", "翟": "zhai2", "覃": "qin2",
    "纪": "ji3", "冼": "xian3", "燕": "yan1", "种": "chong2", "召": "shao4", "员": "yun4",
    "阚": "kan4", "尉": "yu4", "秘": "bi4", "繁": "po2", "能": "nai4", "祭": "zhai4", "眭": "sui1",
}  # fmt: skip
# 为 after these is "is / as" (wei2)
_WEI2_AFTER = {
    "分别", "均", "则", "皆", "主要", "大多", "多", "依次", "即", "实", "原", "仍", "暂", "又", "最", "大都", "全",
    "评", "选", "视", "列", "改", "定", "分", "转", "变", "化", "划", "誉", "称", "译", "封", "拜", "立", "奉", "成",
    "作", "认", "更名", "确定", "认定", "设定", "划分", "指定", "转变", "转化", "定性", "改名", "改称", "并称",
}  # fmt: skip
_NUMERALS = "零〇一二三四五六七八九十两"
# 还 before these is "pay back" (huan2), not "still" (hai2)
_RETURNED = ("钱", "款", "贷", "债", "账", "本付息", "清", "给", "房贷", "车贷", "欠")
_NUMBER_UNITS = "十百千万亿"
# 一 as "first" before these: 一季度 (Q1), 一审, 一线城市, 一年级, 一等奖
_ORDINAL_AFTER = ("季度", "审", "线城市", "年级", "等奖", "号线", "把手")
_NOT_HAN = re.compile("[^" + HAN_CHAR.pattern[1:-1] + "]+")


@dataclass(frozen=True)
class Word:
    text: str
    tag: str  # jieba's part of speech; "x" for lexicon entries
    pinyin: Syllables


@cache
def default_entries() -> dict[str, Syllables]:
    data = tomllib.loads((resources.files("audionews") / "show" / "pinyin.toml").read_text(encoding="utf-8"))
    return {word: tuple(str(value).split()) for word, value in data.get("pinyin", {}).items()}


@cache
def _tagger() -> Any:
    """jieba with parts of speech (the Kokoro voice's training data was cut into jieba's words)."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return jieba.posseg.POSTokenizer(tokenizer)


def _dictionary(word: str) -> Syllables:
    return tuple(lazy_pinyin(word, style=Style.TONE3, neutral_tone_with_five=True, errors=lambda s: ["?"] * len(s)))


@cache
def _entries_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def _segment(text: str, entries: Mapping[str, Syllables]) -> list[Word]:
    """Lexicon entries are words of their own; jieba cuts the rest."""
    out: list[Word] = []
    pos = 0
    pattern = _entries_pattern(tuple(entries)) if entries else None
    for m in pattern.finditer(text) if pattern else ():
        out += _tagged(text[pos : m.start()])
        out.append(Word(m.group(0), "x", entries[m.group(0)]))
        pos = m.end()
    return out + _tagged(text[pos:])


def _tagged(text: str) -> list[Word]:
    return [Word(w, tag, _dictionary(w)) for w, tag in _tagger().lcut(text, HMM=True)] if text else []


def _wei(words: list[Word], i: int) -> str:
    """为 in a clause: wei2 (is, as) or wei4 (for)."""
    before = words[:i]
    after = words[i + 1 :]
    if any(w.text == "以" for w in before):  # 以…为…
        return "wei2"
    prev = before[-1] if before else None
    if prev is not None and prev.text in _WEI2_AFTER:
        return "wei2"
    if prev is None or (after and after[0].tag == "r"):
        return "wei4"  # clause-initial 为 (为了…) and 为他… are "for"
    if prev.tag[:1] in ("n", "m", "r") or prev.tag in ("vn", "ng"):
        # a subject before it: "is", unless the clause goes on to a verb after a noun (为员工提供)
        seen_noun = False
        for w in after:
            if w.tag[:1] in ("n", "m", "r"):
                seen_noun = True
            elif w.tag.startswith("v") and w.tag != "vn" and seen_noun:
                return "wei4"
        return "wei2"
    return "wei4"


def _corrected(words: list[Word]) -> list[Word]:
    out = []
    for i, w in enumerate(words):
        pinyin = w.pinyin
        if w.tag == "x":
            out.append(w)
            continue
        if w.tag.startswith("nr") and 2 <= len(w.text) <= 4 and w.text[0] in SURNAMES:
            pinyin = (SURNAMES[w.text[0]], *pinyin[1:])
        elif ((w.text == "地" and w.tag == "uv") or (w.text == "得" and w.tag == "ud")) and i + 1 < len(words):
            pinyin = ("de5",)  # a particle needs a verb after it: 倒地 at a clause's end is the ground
        elif len(w.text) == 3 and w.text[1] == "不" and w.tag.startswith("v"):
            pinyin = (pinyin[0], "bu5", pinyin[2])  # 听不到, 来不及: the infix 不 is light
        elif w.text == "着" and w.tag == "uz":
            pinyin = ("zhe5",)
        elif w.text == "还" and i + 1 < len(words) and words[i + 1].text.startswith(_RETURNED):
            pinyin = ("huan2",)  # 还钱, 还贷: to pay back
        elif w.text == "为":
            pinyin = (_wei(words, i),)
        out.append(Word(w.text, w.tag, pinyin))
    return out


def words(text: str, entries: Mapping[str, Syllables] | None = None) -> list[Word]:
    """The words of a run of Chinese text with the citation pinyin a newsreader uses (tone
    digits, 5 for the neutral tone). `entries` are the show's `[pinyin]` lexicon."""
    merged = {**default_entries(), **(entries or {})}
    out: list[Word] = []
    for clause in _NOT_HAN.split(text):
        if clause:
            out += _corrected(_segment(clause, merged))
    return out


def syllables(text: str, entries: Mapping[str, Syllables] | None = None) -> list[str]:
    """One citation syllable per Chinese character of `text`."""
    return [p for w in words(text, entries) for p in w.pinyin]


def _tone(syllable: str) -> str:
    return syllable[-1] if syllable[-1:].isdigit() else "5"


def heard(text: str, entries: Mapping[str, Syllables] | None = None) -> list[str]:
    """What a listener hears, clause by clause (see _heard_clause)."""
    return [p for clause in _NOT_HAN.split(text) if clause for p in _heard_clause(clause, entries)]


def _heard_clause(text: str, entries: Mapping[str, Syllables] | None) -> list[str]:
    """What a listener hears, one syllable per character: citation tones with the sandhi of
    一 (yi2 before a fourth tone, yi4 before the others; yi1 at the end of a word, in numbers,
    dates and ordinals) and 不 (bu2 before a fourth tone)."""
    chars: list[str] = []
    out: list[str] = []
    ends_a_word: list[bool] = []  # the last character of a word of two or more (统一, 之一)
    for w in words(text, entries):
        chars += w.text
        out += w.pinyin
        ends_a_word += [False] * (len(w.text) - 1) + [len(w.text) > 1]
    for i, char in enumerate(chars):
        if char not in "一不" or i + 1 == len(chars) or ends_a_word[i]:
            continue
        nxt, nxt_char, prev_char = out[i + 1], chars[i + 1], chars[i - 1] if i else "^"
        fourth = _tone(nxt) == "4" or nxt == "ge5"
        if char == "不" and out[i] == "bu4":
            out[i] = "bu2" if fourth else "bu4"
        elif char == "一" and out[i] in ("yi1", "yi2", "yi4"):
            counting = (
                prev_char in _NUMERALS + _NUMBER_UNITS + "第初周点"
                or nxt_char in _NUMERALS + "点月日号"
                or "".join(chars[i + 1 : i + 4]).startswith(_ORDINAL_AFTER)
            )
            out[i] = "yi1" if counting else "yi2" if fourth else "yi4"
    return out
