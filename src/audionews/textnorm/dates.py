"""Dates, years and clock times: years digit by digit (二零二二年), months and days as numbers."""

from __future__ import annotations

import re

from ..cjk import HAN
from .numbers import cardinal, digits
from .rule import Rule, rule
from .tables import LIANG_BEFORE, MEASURE_AFTER


def _valid_date(month: str, day: str | None = None) -> bool:
    m = int(month)
    return 1 <= m <= 12 and (day is None or 1 <= int(day) <= 31)


def _ymd(m: re.Match[str]) -> str:
    y, mo, d = m.group("y"), m.group("m"), m.group("d")
    if not _valid_date(mo, d):
        return m.group(0)
    return f"{digits(y)}年{cardinal(int(mo))}月{cardinal(int(d))}日"


def _ym(m: re.Match[str]) -> str:
    y, mo = m.group("y"), m.group("m")
    return f"{digits(y)}年{cardinal(int(mo))}月" if _valid_date(mo) else m.group(0)


def _md(m: re.Match[str]) -> str:
    """08-08 is a date; 12-23 is a range (no leading zero says "date")."""
    mo, d = m.group("m"), m.group("d")
    if not _valid_date(mo, d) or not (mo.startswith("0") or d.startswith("0")):
        return m.group(0)
    return f"{cardinal(int(mo))}月{cardinal(int(d))}日"


def _md_any(m: re.Match[str]) -> str:
    mo, d = m.group("m"), m.group("d")
    return f"{cardinal(int(mo))}月{cardinal(int(d))}日" if _valid_date(mo, d) else m.group(0)


def hour(h: int) -> str:
    return "两" if h == 2 else cardinal(h)


def _clock(h: str, mi: str, sec: str | None) -> str:
    hh, mm = int(h), int(mi)
    out = hour(hh) + "点"
    if mm or sec:
        out += ("零" if mm < 10 and mm else "") + cardinal(mm) + "分"
    if sec:
        out += cardinal(int(sec)) + "秒"
    return out


def _time(m: re.Match[str]) -> str:
    return _clock(m.group("h"), m.group("mi"), m.group("s"))


def _ampm(m: re.Match[str]) -> str:
    half = "上午" if m.group("ap").lower().startswith("a") else "下午"
    return half + _clock(m.group("h"), m.group("mi"), m.group("s"))


def _years_range(m: re.Match[str]) -> str:
    between = m.group(3) if m.group(3) in ("至", "到") else "到"  # a word stays as written; a sign is read 到
    return f"{digits(m.group(1))}{m.group(2) or ''}{between}{digits(m.group(4))}年"


def _era(m: re.Match[str]) -> str:
    before = m.group("era").lower().startswith("b")
    return ("公元前" if before else "公元") + digits(m.group("y")) + "年"


# clock times with a.m./p.m.: 8:00 a.m. -> 上午八点
AMPM_RULES: tuple[Rule, ...] = (
    rule(
        r"(?<!\d)(?P<h>[01]?\d|2[0-3])[:：](?P<mi>[0-5]\d)(?:[:：](?P<s>[0-5]\d))?\s*(?P<ap>[aApP]\.?[mM]\.?)(?![A-Za-z])",
        _ampm,
    ),
)

_DATE_SEP = r"(?P<sep>[-/.])"
_AFTER_A_DATE = (
    r"\s*(?:[日号晚早夜]|前|后|起|当[天日晚]|上午|下午|凌晨|中午|期间|以来|至|到|[—~～-]|事件|特大|大火|暴雨|地震)"
)
_YEAR = r"(?:1[5-9]|20)\d{2}"
# dates: 2022-04-19, 2022/4/19, 2022.04.19 (one separator throughout), 08-08-2008, 2008-08, 08/2008
DATE_RULES: tuple[Rule, ...] = (
    rule(rf"(?<![\d.])(?P<y>(?:1[5-9]|20)\d{{2}}){_DATE_SEP}(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}})(?![\d.])", _ymd),
    rule(r"(?<![\d.])(?P<y>(?:1[5-9]|20)\d{2})·(?P<m>\d{1,2})·(?P<d>\d{1,2})(?!\d)", _ymd),
    rule(rf"(?<![\d.])(?P<m>\d{{1,2}}){_DATE_SEP}(?P<d>\d{{1,2}})(?P=sep)(?P<y>(?:19|20)\d{{2}})(?![\d.])", _ymd),
    rule(r"(?<![\d.])(?P<y>(?:19|20)\d{2})[-/](?P<m>0?[1-9]|1[0-2])(?![\d./-]|[年万亿%])", _ym),
    rule(r"(?<![\d.])(?P<y>(?:19|20)\d{2})\.(?P<m>0[1-9]|1[0-2])(?![\d.]|[年万亿元%个人])", _ym),
    rule(r"(?<![\d./-])(?P<m>0?[1-9]|1[0-2])[-/](?P<y>(?:19|20)\d{2})(?![\d./-])", _ym),
    rule(r"(?<![\d./-])(?P<m>0[1-9]|1[0-2])[-/](?P<d>0[1-9]|[12]\d|3[01])(?![\d./-])", _md),
    # 10.06 is a date only where a date is expected after it (10.06晚, 10.06起); 10.06的成绩 is a decimal;
    # 08.08 is a date (no decimal starts with 0 and a digit)
    rule(r"(?<![\d./-])(?P<m>0[1-9])\.(?P<d>0[1-9]|[12]\d|3[01])(?![\d./-])", _md),
    rule(rf"(?<![\d./-])(?P<m>1[0-2])\.(?P<d>0[1-9]|[12]\d|3[01])(?![\d./-])(?={_AFTER_A_DATE})", _md),
    # a month and day alone in brackets is a date, not a fraction or a range: (5/1), （12/25）, [11-10] (not (3-5))
    rule(r"(?<=[(（\[【])\s*(?P<m>1[0-2]|0?[1-9])/(?P<d>3[01]|[12]\d|0?[1-9])\s*(?=[)）\]】])", _md_any),
    rule(r"(?<=[(（\[【])\s*(?P<m>1[0-2]|0[1-9])-(?P<d>3[01]|[12]\d|0[1-9])\s*(?=[)）\]】])", _md_any),
    # 08.2008 -> 二零零八年八月 (a month with its leading zero)
    rule(r"(?<![\d./-])(?P<m>0[1-9])\.(?P<y>(?:19|20)\d{2})(?![\d./-])", _ym),
    # 08月08日 -> 8月8日
    rule(r"(?<![\d.])0(\d)(?=[月日号])", r"\1"),
)

# sports seasons and fiscal years across two years: 2023-24赛季, 2023/24赛季, 2024-2025赛季
SEASON_RULES: tuple[Rule, ...] = (
    rule(
        rf"(?<![\d.])({_YEAR})\s*[-/—–~～]\s*((?:19|20)?\d{{2}})(?=\s*(?:赛季|年度|财年|学年|季|年赛季|球季))",
        lambda m: f"{digits(m.group(1))}到{digits(m.group(2))}",
    ),
)
# a dash after a day is a range: 12月30日-2020年1月3日, 1月1日——12月30日
DATE_RANGE_RULES: tuple[Rule, ...] = (rule(r"(?<=\d[日号])\s*[-—–~～]{1,2}\s*(?=\d)", "到"),)

# years: 2022年 read digit by digit; 2022-2023年 and 2004年~2024年 (a range of years, 年 on one end
# or both); 公元前202年; 2934 AD
YEAR_RULES: tuple[Rule, ...] = (
    rule(r"(?<!\d)(\d{4})\s*(年)?\s*([-~～至到—–])\s*(\d{4})\s*年", _years_range),
    rule(r"(公元前?|纪元前?)(\d{1,4})(?=年)", lambda m: m.group(1) + digits(m.group(2))),
    rule(r"(?<![\d.])(?P<y>\d{1,4})\s*(?P<era>[aA]\.?[dD]\.?|[bB]\.?[cC]\.?)(?![A-Za-z])", _era),
    # a year in a document number's brackets: 〔2022〕20号
    rule(rf"(?<=[〔［\[【(（])({_YEAR})(?=[〕］\]】)）])", lambda m: digits(m.group(1))),
    # 2022年, 2023 年 6 月; after 年 a span word (20年来, 1000年前, 4000年左右) keeps a count
    rule(
        r"(?<![\d.])(\d{4})\s*年(?!代|龄|级|薪|均|间|内|来|后|多|前|左右|以来|以后|以前|里|半)",
        lambda m: digits(m.group(1)) + "年",
    ),
    # ... but a year it is before 以来/以后/前后/年代 (1961年以来), and a year that is not a round hundred
    # before 来/后/前/内/里/左右 (1961年来, 2008年后; 2000年前 is two thousand years ago)
    rule(rf"(?<![\d.])({_YEAR})(?=\s*年(?:以来|以后|以前|前后|代))", lambda m: digits(m.group(1))),
    rule(r"(?<![\d.])((?:1[5-9]|20)(?!00)\d{2})(?=\s*年(?:来|后|前|内|里|左右|间))", lambda m: digits(m.group(1))),
    # two-digit years only where they cannot be a span: before a month (86年8月) or with a leading 0 (05年)
    rule(
        r"(?<![\d.])(\d{2})年(?=\d{1,2}月)|(?<![\d.])(0\d)年(?!代|龄|级|来|后|多|前|左右)",
        lambda m: digits(m.group(1) or m.group(2)) + "年",
    ),
    rule(r"(?<![\d.])(\d{4})(?=年代)", lambda m: digits(m.group(1))),
    # a year naming an event: 2008北京奥运会, 2025向新出发 (a quantity has a measure word after it)
    rule(
        rf"(?<![\d.,])((?:19|20)\d{{2}})(?=[{HAN}])(?!{LIANG_BEFORE}|[{MEASURE_AFTER}多余来个届期号年代款部季度])",
        lambda m: digits(m.group(1)),
    ),
    # generations: 90后, 00后
    rule(r"(?<![\d.])(\d[05])(?=后)", lambda m: digits(m.group(1))),
)


def _race_time(m: re.Match[str]) -> str:
    """1:52.34 in a race is minutes, seconds and hundredths: 一分五十二秒三四."""
    return f"{cardinal(int(m.group(1)))}分{cardinal(int(m.group(2)))}秒{digits(m.group(3))}"


# a race time (1:52.34), before a colon with a decimal is taken for a ratio
RACE_TIME_RULES: tuple[Rule, ...] = (rule(r"(?<![\d.:：])(\d{1,2})[:：]([0-5]\d)\.(\d{1,3})(?![\d.:：])", _race_time),)
# clock times: 8:48, 14:05:30 (minutes always have two digits); 8点48分
CLOCK_RULES: tuple[Rule, ...] = (
    # a unit written again after the time goes (19:30分, 10:00时许, 8:00点)
    rule(
        r"(?<![\d.:：])(?P<h>[01]?\d|2[0-4])[:：](?P<mi>[0-5]\d)(?:[:：](?P<s>[0-5]\d))?(?![\d:：])"
        r"(?:分(?!钟)|时(?![间代期刻长段])|点(?!钟))?",
        _time,
    ),
)
HOUR_RULES: tuple[Rule, ...] = (
    # 08时, 02点: the hour's leading zero is not said
    rule(r"(?<![\d.:：])0(\d)(?=[时点](?!钟))", r"\1"),
    # only the hour 2 needs care (两点, 两时)
    rule(r"(?<![\d.第])2(?=点|时(?![间代期刻段]))", "两"),
    rule(r"(?<=[点分秒])\s*[-~～—]\s*(?=[零一二三四五六七八九十两\d])", "到"),
)
