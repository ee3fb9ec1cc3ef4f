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
    rule(rf"({NUM})\s*‰", lambda m: "千分之" + number(m.group(1))),
    rule(rf"({NUM})\s*‱", lambda m: "万分之" + number(m.group(1))),
)

# money: ¥100, US$3.5亿, HK$13.5, CNY 1.25, 100 USD
MONEY_RULES: tuple[Rule, ...] = (
    rule(rf"(?P<sign>{SIGN_RE})\s*(?P<n>{NUM})\s*(?P<big>万亿|亿|万|千)?", _money_before),
    rule(rf"(?<![A-Za-z])(?P<code>{CURRENCY_CODE_RE})\s*(?P<n>{NUM})\s*(?P<big>万亿|亿|万|千)?", _code_before),
    rule(rf"(?P<n>{NUM})\s*(?P<big>万亿|亿|万|千)?\s*(?P<code>{CURRENCY_CODE_RE})(?![A-Za-z])", _code_before),
    rule(r"(?<![\d.])(\d+\.\d*0)(?=\s*(?:万|亿)?(?:元|块|美元|港元|欧元|英镑|日元))", lambda m: amount(m.group(1))),
)

FRACTION_RULES: tuple[Rule, ...] = (
    # 3/4 -> 四分之三; -1/3 -> 负三分之一
    rule(r"(?<![\dA-Za-z)）])[-−](?=\d+\s*/\s*\d)", "负"),
    rule(r"(?<![\d/.])(\d+)\s*/\s*(\d+)(?![\d/])", _fraction),
)

UNIT_RULES: tuple[Rule, ...] = (
    # negative temperature: 零下
    rule(
        rf"(?<![\dA-Za-z)）])[-−]\s*({NUM})\s*(℃|°C|度)",
        lambda m: "零下" + number(m.group(1)) + ("摄氏度" if m.group(2) != "度" else "度"),
    ),
    # ranges: 4-5月, 3~5天, 10万-20万元 (a dash between two quantities reads 到)
    rule(r"(?<=[\d万亿千百月日号])\s*[-~～—–]\s*(?=\d)", "到"),
    # units after numbers: 5km, 30℃
    rule(rf"((?:时速)?)({NUM})\s*({UNIT_RE})(?![A-Za-z²³])", _unit),
    # 300w -> 三百万 (w is 万 in informal writing)
    rule(rf"({NUM})[wW](?=[{HAN}])", lambda m: number(m.group(1)) + "万"),
)

# 2 before measure words reads 两; 2年 is a duration (两年后), not the year 02
LIANG_RULES: tuple[Rule, ...] = (
    rule(rf"(?<![\d.第])2(?![\d.])(?={LIANG_BEFORE})", "两"),
    rule(r"(?<![\d.第])2(?=年(?!级))", "两"),
    rule(r"(?<![\d.])2(万|亿|千)(?!\d)", r"两\1"),
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
