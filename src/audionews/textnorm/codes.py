"""Numbers that name rather than count, read digit by digit: model and flight codes, postcodes,
serial numbers, IP addresses, named numbers (985高校)."""

from __future__ import annotations

import re

from ..cjk import HAN
from .numbers import digits, number
from .rule import Rule, rule
from .tables import CODE_BEFORE, LATIN_COUNTS

_EVENT = "地震|事件|惨案|血案|命案|特大|大火|暴雨|火灾|晚会"
_AFTER_COUNT_NAME = "|".join(f"(?<={name})" for name in LATIN_COUNTS)


def _dotted_name(m: re.Match[str]) -> str:
    """XBB.1.16 -> XBB点一点一六: each part after a dot digit by digit, as the name is spelled."""
    return m.group(1) + "".join("点" + digits(part) for part in m.group(2).split("."))


LATIN_CODE_RULES: tuple[Rule, ...] = (
    # a tier or a rank is a count: WTA1000, Top30
    rule(rf"(?:{_AFTER_COUNT_NAME})\d+(?![\d.])", lambda m: number(m.group(0))),
    # No.1 is number one
    rule(r"(?<![A-Za-z])(No|NO|no)\.\s*(\d+)", lambda m: m.group(1) + number(m.group(2))),
    # variant and version names with dots: XBB.1.5, BA.5.2, BF.7 (not No.1)
    rule(r"(?<![A-Za-z])(?!No\.|NO\.|no\.)([A-Z][A-Za-z]{0,3})\.(\d+(?:\.\d+)*)(?![\d.])", _dotted_name),
    # model, flight and train codes: three or more digits glued to letters (MH370, C919)
    rule(r"(?<=[A-Za-z])\d{3,}(?![\d.,])", lambda m: digits(m.group(0))),
    # COVID-19, F-35: a dash between letters and digits is not a minus
    rule(r"(?<![\dA-Za-z])([A-Za-z]+)-(?=\d)", r"\1"),  # not 100km-200km: a range
    # B2B, O2O: 2 between two single letters is "to"
    rule(r"(?<![A-Za-z])([A-Za-z])2([A-Za-z])(?![A-Za-z])", lambda m: f"{m.group(1).upper()} to {m.group(2).upper()}"),
)

CODE_RULES: tuple[Rule, ...] = (
    # codes after the word that names them: 邮编100080, 编号27149
    rule(rf"({CODE_BEFORE}[:：为是]?\s*)([A-Za-z]*\d+)", lambda m: m.group(1) + digits(m.group(2))),
    # a stock code in brackets after the company's name: 首创证券(601136), 腾讯控股(00700.HK)
    rule(
        rf"(?<=[{HAN}][(（])\s*(\d{{6}}|\d{{4,5}}(?=\.HK))(?:\.(?:SH|SZ|HK|BJ|SS))?(?=\s*[)）])",
        lambda m: digits(m.group(1)),
    ),
    # a number named in quotes is a name: “748”工程, “211”
    rule(r"(?<=[“\"「‘])(\d{3,})(?=[”\"」’])", lambda m: digits(m.group(1))),
    # road numbers: 204国道, 312省道
    rule(r"(?<![\d.])(\d{3})(?=国道|省道|县道)", lambda m: digits(m.group(1))),
    # an event named by its date: 5-12地震, 5·12汶川地震, 7·21特大暴雨
    rule(
        rf"(?<![\d.])(1[0-2]|[1-9])[-·.](3[01]|[12]\d|[1-9])(?![\d.]|[月日号天年个次人])(?=[{HAN}]{{0,2}}(?:{_EVENT}))",
        lambda m: digits(m.group(1)) + digits(m.group(2)),
    ),
    # IPv4 addresses
    rule(
        r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])",
        lambda m: "点".join(digits(p) for p in m.group(0).split(".")),
    ),
)

NAMED_RULES: tuple[Rule, ...] = (
    # named numbers: 985高校, 211工程
    rule(
        r"(?<![\d.])(985|211|996|315|618|520|110|120|119)"
        r"(?=高校|工程|大学|院校|工作制|晚会|报警|急救|火警|大促|购物节|狂欢节|电商节|表白)",
        lambda m: digits(m.group(1), yao=m.group(1) in ("110", "120", "119")),
    ),
)

# numbers no quantity has: 13 or more digits (IDs, card numbers), leading zeros, and house,
# room and seat numbers of four or more digits before 号
LONG_CODE_RULES: tuple[Rule, ...] = (
    rule(r"(?<![\d.,])\d{13,}(?![\d.,])", lambda m: digits(m.group(0))),
    rule(r"(?<![\d.,])0\d+(?![\d.,])", lambda m: digits(m.group(0))),
    rule(r"(?<![\d.,])\d{4,}(?=[”’」\"]?号)", lambda m: digits(m.group(0))),
)
