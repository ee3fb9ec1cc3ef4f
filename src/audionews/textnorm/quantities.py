"""Quantities: percents, money, fractions, ranges, units, 两 before measure words, and every number left."""

from __future__ import annotations

import re

from ..cjk import HAN
from .numbers import DIGITS, cardinal, digits, number
from .rule import NUM, Rule, rule
from .tables import (
    CURRENCY_CODE_RE,
    CURRENCY_CODES,
    CURRENCY_SIGNS,
    LIANG_BEFORE,
    PER_TARGET,
    PER_UNIT,
    ROMAN,
    ROMAN_ASCII,
    SIGN_RE,
    SIGNS,
    UNIT_RE,
    UNITS,
)


def amount(text: str) -> str:
    """A sum of money or a share: trailing zeros of the decimals are not said (36.00元, 0.70%)."""
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return number(text)


def _money_before(m: re.Match[str]) -> str:
    return amount(m.group("n")) + (m.group("big") or "") + CURRENCY_SIGNS[m.group("sign")]


def _code_before(m: re.Match[str]) -> str:
    return amount(m.group("n")) + (m.group("big") or "") + CURRENCY_CODES[m.group("code").upper()]


def _unit(m: re.Match[str]) -> str:
    before, value, unit = m.group(1), m.group(2), m.group(3)
    spoken = "两" if value == "2" and unit not in ("℃", "°C", "℉", "°F", "°") else number(value)
    if unit == "km/h":  # 每小时十公里, as said; 时速 already says "per hour"
        return before + ("" if before.endswith("时速") else "每小时") + spoken + "公里"
    return before + spoken + UNITS[unit]


_PER_SOURCE = rf"(?!km/h|m/s)(?:{PER_UNIT}|{UNIT_RE})"
_PER_TARGET = rf"(?:{PER_TARGET}|{UNIT_RE})"


def _unit_word(unit: str) -> str:
    return UNITS.get(unit, unit)


def _per(m: re.Match[str]) -> str:
    """元/股 -> 元每股, 元/500克 -> 元每500克, 元/平方米/月 -> 元每平方米每月, mg/l -> 毫克每升."""
    steps = re.findall(rf"/\s*({NUM})?\s*({_PER_TARGET})", m.group("rest"))
    return _unit_word(m.group("u")) + "".join(f"每{n}{_unit_word(u)}" for n, u in steps)


def _wan_and_less(m: re.Match[str]) -> str:
    """4万584 -> 四万零五百八十四: the zero for the empty thousands is said."""
    head = number(m.group(1))
    return ("两" if head == "二" else head) + m.group(2) + "零" + cardinal(int(m.group(3)))


def _roman(m: re.Match[str]) -> str:
    text = m.group(0)
    return cardinal(ROMAN[text]) if text in ROMAN else cardinal(ROMAN_ASCII[text])


def _fraction(m: re.Match[str]) -> str:
    return f"{number(m.group(2))}分之{number(m.group(1))}"


COMPARISON_RULES: tuple[Rule, ...] = (
    rule(r"(?<=\d)\s*<=\s*(?=-?\d)", "小于等于"),
    rule(r"(?<=\d)\s*>=\s*(?=-?\d)", "大于等于"),
    rule(r"(?<=\d)\s*<\s*(?=-?\d)", "小于"),
    rule(r"(?<=\d)\s*>\s*(?=-?\d)", "大于"),
)

# percent ranges and percents; per mille; negatives of both
PERCENT_RULES: tuple[Rule, ...] = (
    rule(
        rf"({NUM})%?\s*[-~～至到]\s*({NUM})\s*[%％]",
        lambda m: f"百分之{amount(m.group(1))}到百分之{amount(m.group(2))}",
    ),
    rule(rf"(?<![\dA-Za-z)）])[-−]\s*(?={NUM}\s*[%％‰])", "负"),
    rule(rf"({NUM})\s*[%％]", lambda m: "百分之" + amount(m.group(1))),
    # a share already in words: 二%, 五%
    rule(rf"([{DIGITS}十百两]+(?:点[{DIGITS}]+)?)\s*[%％]", r"百分之\1"),
    rule(rf"({NUM})\s*‰", lambda m: "千分之" + number(m.group(1))),
    rule(rf"({NUM})\s*‱", lambda m: "万分之" + number(m.group(1))),
)

# money: ¥100, US$3.5亿, HK$13.5, CNY 1.25, 100 USD
MONEY_RULES: tuple[Rule, ...] = (
    # a range after a money sign is a range of that money: $100-500, £100到300
    rule(
        rf"(?P<sign>{SIGN_RE})\s*(?P<a>{NUM})\s*(?:[-~～至到])\s*(?P<n>{NUM})\s*(?P<big>万亿|亿|万|千)?",
        lambda m: amount(m.group("a")) + "到" + _money_before(m),
    ),
    rule(rf"(?P<sign>{SIGN_RE})\s*(?P<n>{NUM})\s*(?P<big>万亿|亿|万|千)?", _money_before),
    rule(rf"(?<![A-Za-z])(?P<code>{CURRENCY_CODE_RE})\s*(?P<n>{NUM})\s*(?P<big>万亿|亿|万|千)?", _code_before),
    rule(rf"(?P<n>{NUM})\s*(?P<big>万亿|亿|万|千)?\s*(?P<code>{CURRENCY_CODE_RE})(?![A-Za-z])", _code_before),
    rule(r"(?<![\d.])(\d+\.\d*0)(?=\s*(?:万|亿)?(?:元|块|美元|港元|欧元|英镑|日元))", lambda m: amount(m.group(1))),
)

# a slash between a quantity's unit and a unit or a counted noun is 每: 元/股, 微克/立方米, 元/平方米/月
PER_RULES: tuple[Rule, ...] = (
    rule(
        rf"(?<=[\d万亿千百])\s*(?P<u>{_PER_SOURCE})(?P<rest>(?:\s*/\s*(?:{NUM})?\s*{_PER_TARGET}(?![A-Za-z]))+)",
        _per,
    ),
)

FRACTION_RULES: tuple[Rule, ...] = (
    # 3/4 -> 四分之三; -1/3 -> 负三分之一
    rule(r"(?<![\dA-Za-z)）])[-−](?=\d+\s*/\s*\d)", "负"),
    rule(rf"(?<![\d/.])(\d+)\s*/\s*(\d+)\s*({UNIT_RE})(?![A-Za-z²³/])", lambda m: _fraction(m) + UNITS[m.group(3)]),
    rule(r"(?<![\d/.])(\d+)\s*/\s*(\d+)(?![\d/])", _fraction),
)

UNIT_RULES: tuple[Rule, ...] = (
    # a temperature range that starts below zero: -5到3℃, -5~-1℃
    rule(rf"(?<![\dA-Za-z)）])[-−](?=\s*{NUM}\s*(?:到|至|~|～|-)\s*[-−]?\s*{NUM}\s*(?:℃|°C))", "零下"),
    # negative temperature: 零下
    rule(
        rf"(?<![\dA-Za-z)）])[-−]\s*({NUM})\s*(℃|°C|度)",
        lambda m: "零下" + number(m.group(1)) + ("摄氏度" if m.group(2) != "度" else "度"),
    ),
    # a minus before a measured quantity: -1.2g
    rule(rf"(?<![\dA-Za-z)）])[-−](?=\s*{NUM}\s*(?:{UNIT_RE})(?![A-Za-z]))", "负"),
    # ranges: 4-5月, 3~5天, 10万-20万元 (a dash between two quantities reads 到); a range keeps its units
    # (100元-500元, 1℃~2℃, 8时-10时)
    rule(r"(?<=[\d万亿千百月日号])\s*[-~～—–]\s*(?=\d)", "到"),
    rule(rf"(?<=\d)([{HAN}]{{1,2}}|℃|°C|[A-Za-z]{{1,3}})\s*[-~～—–]{{1,2}}\s*(?=\d)", r"\1到"),
    # units after numbers: 5km, 30℃
    rule(rf"((?:时速)?)({NUM})\s*({UNIT_RE})(?![A-Za-z²³])", _unit),
    # 300w -> 三百万 (w is 万 in informal writing)
    rule(rf"({NUM})[wW](?=[{HAN}])", lambda m: number(m.group(1)) + "万"),
)

# 2 before measure words reads 两; 2年 is a duration (两年后), not the year 02
LIANG_RULES: tuple[Rule, ...] = (
    rule(r"(?<![\d.])(\d+)(万|亿)(\d{3})(?![\d.万千百])", _wan_and_less),
    rule(r"(?<![\d.])(\d+)(亿)(\d{1,3})(?=万)", _wan_and_less),
    rule(rf"(?<![\d.第])2(?![\d.])(?={LIANG_BEFORE})", "两"),
    rule(r"(?<![\d.第])2(?=年(?!级))", "两"),
    rule(r"(?<![\d.])2(万|亿|千)(?!\d)", r"两\1"),
    rule(r"(?<![\d.])2(万|亿)", r"两\1"),  # 2万5000: 两万五千
)

# everything else numeric; a minus before a number is 负; Roman numerals; signs
NUMBER_RULES: tuple[Rule, ...] = (
    # thousands separators, so 12,345,678 is one number
    rule(r"(?<=\d),(?=\d{3}(?!\d))", ""),
    rule(rf"(?<![\dA-Za-z)）])[-−]\s*(?={NUM}|百分之|[{DIGITS}十两]+分之)", "负"),
    rule(r"(?<![\d.])\.(\d+)", lambda m: "零点" + digits(m.group(1))),
    rule(NUM, lambda m: number(m.group(0))),
    rule("|".join(ROMAN), _roman),
    rule(r"(?<=第)(?:XII|XI|IX|VIII|VII|VI|IV|III|II)(?![A-Za-z])", _roman),
    rule("|".join(re.escape(s) for s in SIGNS), lambda m: SIGNS[m.group(0)]),
)
