"""Mandarin text normalisation for speech: digits, dates, units and symbols become words.

`spoken_form()` is what the offline engine reads; `audionews normalize` prints it. Display text
(captions, the page) is never changed by this module.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from .cjk import HAN
from .scriptconv import to_simplified

_DIGITS = "零一二三四五六七八九"
_SMALL_UNITS = ("", "十", "百", "千")
_BIG_UNITS = ("", "万", "亿", "万亿")
# measure words after which 2 is read 两
_LIANG_BEFORE = "个位名支条件种项次天人架台辆家所座块张本只头匹周岁倍层间栋户份批艘列所场轮"
_LETTER_NAMES = {
    "A": "诶",
    "B": "比",
    "C": "西",
    "D": "迪",
    "E": "伊",
    "F": "艾弗",
    "G": "吉",
    "H": "艾尺",
    "I": "艾",
    "J": "杰",
    "K": "开",
    "L": "艾勒",
    "M": "艾姆",
    "N": "恩",
    "O": "欧",
    "P": "屁",
    "Q": "丘",
    "R": "阿",
    "S": "艾斯",
    "T": "提",
    "U": "优",
    "V": "维",
    "W": "达不溜",
    "X": "艾克斯",
    "Y": "歪",
    "Z": "贼",
}
_UNITS: tuple[tuple[str, str], ...] = (
    ("km/h", "公里每小时"),
    ("km²", "平方公里"),
    ("m²", "平方米"),
    ("m³", "立方米"),
    ("km", "公里"),
    ("kg", "公斤"),
    ("cm", "厘米"),
    ("mm", "毫米"),
    ("mg", "毫克"),
    ("ml", "毫升"),
    ("mL", "毫升"),
    ("kW", "千瓦"),
    ("kWh", "千瓦时"),
    ("GB", "吉字节"),
    ("MB", "兆字节"),
    ("t", "吨"),
    ("g", "克"),
    ("m", "米"),
    ("L", "升"),
    ("h", "小时"),
    ("s", "秒"),
    ("℃", "摄氏度"),
    ("°C", "摄氏度"),
    ("°", "度"),
    ("℉", "华氏度"),
)
_UNIT_RE = "|".join(re.escape(u) for u, _ in sorted(_UNITS, key=lambda x: -len(x[0])))
_UNIT_WORD = dict(_UNITS)
_CURRENCY = {"¥": "元", "￥": "元", "$": "美元", "US$": "美元", "HK$": "港元", "€": "欧元", "£": "英镑"}
NUM = r"\d+(?:\.\d+)?"


def digits(text: str) -> str:
    """Read digit by digit: 2022 -> 二零二二 (years, phone numbers, codes)."""
    return "".join(_DIGITS[int(c)] if c.isdigit() else c for c in text)


def _four(n: int, leading: bool) -> str:
    out = []
    zero = False
    for power in (3, 2, 1, 0):
        d = (n // 10**power) % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out.append("零")
            zero = False
        out.append(_DIGITS[d] + _SMALL_UNITS[power])
    text = "".join(out)
    if leading and text.startswith("一十"):
        text = text[1:]
    return text


def cardinal(n: int) -> str:
    """Chinese reading of an integer: 707 -> 七百零七, 10 -> 十, 100000 -> 十万."""
    if n == 0:
        return "零"
    if n < 0:
        return "负" + cardinal(-n)
    groups = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    if len(groups) > len(_BIG_UNITS):
        return digits(str(sum(g * 10000**i for i, g in enumerate(groups))))
    out = []
    need_zero = False
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if g == 0:
            need_zero = bool(out)
            continue
        if out and (need_zero or g < 1000):
            out.append("零")
        out.append(_four(g, leading=not out) + _BIG_UNITS[i])
        need_zero = False
    return "".join(out)


def number(text: str) -> str:
    """Integer or decimal string to words: 707.99 -> 七百零七点九九; 1,000 -> 一千."""
    text = text.replace(",", "")
    whole, _, frac = text.partition(".")
    if (len(whole) > 1 and whole.startswith("0")) or len(whole) > 16:
        spoken = digits(whole)
    else:
        spoken = cardinal(int(whole or "0"))
    if spoken[:2] in ("二千", "二万", "二亿"):
        spoken = "两" + spoken[1:]
    return spoken + ("点" + digits(frac) if frac else "")


Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]


def _sub(pattern: str, fn: Callable[[re.Match[str]], str]) -> Rule:
    return re.compile(pattern), fn


def _time(m: re.Match[str]) -> str:
    h, mi = int(m.group(1)), int(m.group(2))
    sec = m.group(3)
    out = cardinal(h) + "点" + ("" if mi == 0 and not sec else ("零" if mi < 10 else "") + cardinal(mi) + "分")
    return out + (cardinal(int(sec)) + "秒" if sec else "")


def _score(m: re.Match[str]) -> str:
    return f"{m.group(1)}{number(m.group(2))}比{number(m.group(3))}"


def _percent_range(m: re.Match[str]) -> str:
    return f"百分之{number(m.group(1))}到百分之{number(m.group(2))}"


def _money(m: re.Match[str]) -> str:
    unit = _CURRENCY[m.group(1)]
    return number(m.group(2)) + (m.group(3) or "") + unit


def _unit(m: re.Match[str]) -> str:
    return number(m.group(1)) + _UNIT_WORD[m.group(2)]


def _phone(m: re.Match[str]) -> str:
    return digits(m.group(0).replace("-", "").replace(" ", "")).replace("一", "幺")


_MEASURE_AFTER = "人个元次万亿吨件辆台名户家所头只条张份块米克天位项股架艘"
_CODE_BEFORE = r"(?:邮编|邮政编码|编号|代码|代号|车次|航班|房间|工号|学号|账号|尾号|批号|型号)"

_RULES: tuple[Rule, ...] = (
    # phone numbers: mobile and fixed-line, read digit by digit (1 as 幺)
    _sub(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)|(?<!\d)0\d{2,3}-\d{7,8}(?!\d)", _phone),
    # codes read digit by digit: 邮编100080, 编号2023001
    _sub(rf"({_CODE_BEFORE}[:：为是]?\s*)([A-Za-z]*\d+)", lambda m: m.group(1) + digits(m.group(2))),
    # long digit runs that are not quantities (IDs, serials): digit by digit
    _sub(rf"(?<![\d.,])\d{{7,}}(?![\d.,]|[{_MEASURE_AFTER}])", lambda m: digits(m.group(0))),
    # thousands separators, so 12,345,678 is one number
    _sub(r"(?<=\d),(?=\d{3}(?!\d))", lambda m: ""),
    # ISO dates inside prose: 2022-04-19 -> 2022年4月19日
    _sub(
        r"(?<!\d)((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})(?!\d)",
        lambda m: f"{m.group(1)}年{int(m.group(2))}月{int(m.group(3))}日",
    ),
    # years: 2022年 -> 二零二二年; 2022-2023年
    _sub(r"(?<!\d)(\d{4})[-~～至到](\d{4})年", lambda m: f"{digits(m.group(1))}到{digits(m.group(2))}年"),
    _sub(
        r"(?<![\d.])(\d{2}|\d{4})年(?!代|龄|齡|级|級|薪|均|间|內|内|来|後|后|多)", lambda m: digits(m.group(1)) + "年"
    ),
    _sub(r"(?<![\d.])(\d{4})(?=年代)", lambda m: digits(m.group(1))),
    # times and scores: 8:48 -> 八点四十八分; 以3:1 -> 三比一
    _sub(r"(以|比分|比分为|比分為|战胜|戰勝|击败|擊敗|负于|負於)\s*(\d+)\s*[:：比]\s*(\d+)", _score),
    _sub(r"(?<!\d)([01]?\d|2[0-3])[:：]([0-5]\d)(?:[:：]([0-5]\d))?(?!\d)", _time),
    _sub(r"(?<=[点分秒])\s*[-~～—]\s*(?=[零一二三四五六七八九十两])", lambda m: "到"),
    # percent ranges and percents; per mille
    _sub(rf"({NUM})%?\s*[-~～至到]\s*({NUM})%", _percent_range),
    _sub(rf"({NUM})\s*[%％]", lambda m: "百分之" + number(m.group(1))),
    _sub(rf"({NUM})\s*‰", lambda m: "千分之" + number(m.group(1))),
    # money: ¥100 / $3.5亿
    _sub(rf"(US\$|HK\$|[¥￥$€£])\s*({NUM})\s*(万亿|亿|万|千)?", _money),
    # fractions: 3/4 -> 四分之三
    _sub(r"(?<![\d/])(\d+)/(\d+)(?![\d/])", lambda m: f"{number(m.group(2))}分之{number(m.group(1))}"),
    # ranges: 4-5月, 3~5天, 10万-20万元 (a dash between two quantities reads 到)
    _sub(r"(?<=[\d万亿千百月日号])\s*[-~～—]\s*(?=\d)", lambda m: "到"),
    # negative temperature
    _sub(rf"-({NUM})\s*(℃|°C)", lambda m: "零下" + number(m.group(1)) + "摄氏度"),
    # units after numbers: 5km, 30℃
    _sub(rf"({NUM})\s*({_UNIT_RE})(?![A-Za-z])", _unit),
    # dates: 4月17日 handled by plain numbers; 2 before measure words reads 两
    _sub(rf"(?<![\d.第])2(?![\d.])(?=[{_LIANG_BEFORE}])", lambda m: "两"),
    _sub(r"(?<![\d.])2(万|亿|千)(?!\d)", lambda m: "两" + m.group(1)),
    # everything else numeric
    _sub(rf"(?<!\d)-({NUM})", lambda m: "负" + number(m.group(1))),
    _sub(NUM, lambda m: number(m.group(0))),
)

_PUNCT_MAP = str.maketrans(
    {
        ",": "，",
        ";": "；",
        ":": "：",
        "?": "？",
        "!": "！",
        "(": "，",
        ")": "，",
        "（": "，",
        "）": "，",
        "—": "，",
        "《": "",
        "》": "",
        "“": "",
        "”": "",
        "‘": "",
        "’": "",
        '"': "",
        "'": "",
        "「": "",
        "」": "",
        "『": "",
        "』": "",
        "【": "",
        "】": "",
        "[": "",
        "]": "",
        "·": "",
        "•": "",
        "/": "",
        "|": "，",
        "｜": "，",
        "~": "到",
        "～": "到",
        "&": "和",
        "+": "加",
        "=": "等于",
        "*": "",
        "#": "",
        "_": "",
        "<": "",
        ">": "",
        "^": "",
        "`": "",
    }
)
_KEEP = re.compile(f"[^{HAN}A-Za-z，。！？、；：\\s]")


def _latin(text: str) -> str:
    """Latin letters have no phones in the offline voice: read them letter by letter."""

    def spell(m: re.Match[str]) -> str:
        return "".join(_LETTER_NAMES[c] for c in m.group(0).upper())

    return re.sub(r"[A-Za-z]+", spell, text)


def expand_numbers(text: str) -> str:
    for pattern, fn in _RULES:
        text = pattern.sub(fn, text)
    return text


def tidy_punctuation(text: str) -> str:
    text = text.replace("……", "。").replace("…", "。").replace("——", "，")
    text = text.translate(_PUNCT_MAP)
    text = _KEEP.sub("", text)
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"[，、；：]+(?=[。！？])", "", text)
    text = re.sub(r"([，、；：。！？])[，、；：]+", r"\1", text)
    text = re.sub(r"[，、；：]+$", "", text)
    return re.sub(r"^[，、；：。！？]+", "", text)


def spoken_form(text: str, replacements: dict[str, str] | None = None) -> str:
    """The exact text the offline engine reads: Simplified, lexicon applied, numbers in words."""
    text = to_simplified(text)
    text = apply_replacements(text, replacements or {})
    text = expand_numbers(text)
    text = tidy_punctuation(text)
    return _latin(text)


def apply_replacements(text: str, replacements: dict[str, str]) -> str:
    """Lexicon word -> replacement text, longest words first so `重庆市` wins over `重庆`."""
    if not replacements:
        return text
    return _words_pattern(tuple(replacements)).sub(lambda m: replacements[m.group(0)], text)


@lru_cache(maxsize=8)
def _words_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
