"""The ordered rewrite rules that turn written numbers, dates, money, units and signs into the
words a newsreader says. Each rule is a regex and a function; order matters (a date must be
read before its dashes look like ranges, a phone number before it looks like a quantity).

Readings follow what the public Chinese TN suites agree on (WeTextProcessing, NeMo, PaddleSpeech,
SpeechIO, cn2an); where they disagree, what a mainland broadcaster says (零下 for temperatures,
幺 in phone numbers, 二百 not 两百).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..cjk import HAN
from .numbers import DIGITS, cardinal, digits, number

NUM = r"\d+(?:\.\d+)?"
Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]


def _rule(pattern: str, fn: Callable[[re.Match[str]], str] | str) -> Rule:
    if isinstance(fn, str):
        text = fn
        return re.compile(pattern), lambda m: m.expand(text)
    return re.compile(pattern), fn


# --- tables -----------------------------------------------------------------------------------

# measure words after which 2 is read 两 (两个人, not 二个人)
LIANG_BEFORE = (
    "[个位名支条件种项次天人架台辆家所座块张本只头匹周岁倍层间栋户份批艘列场轮届杯碗双对套枚颗根把道步片类款部段笔处"
    "起例篇首句门扇盘期米克吨元斤]|小时|分钟|公里|千克|公斤|平方|立方|毫升|美元|欧元|英镑|港元|日元"
)
# after these a number is a quantity, never a code read digit by digit
MEASURE_AFTER = "人个元次万亿吨件辆台名户家所头只条张份块米克天位项股架艘岁年月日号倍"
UNITS: dict[str, str] = {
    "km/h": "公里每小时",
    "m/s": "米每秒",
    "km²": "平方千米",
    "km2": "平方千米",
    "m²": "平方米",
    "m2": "平方米",
    "cm²": "平方厘米",
    "m³": "立方米",
    "m3": "立方米",
    "cm³": "立方厘米",
    "㎡": "平方米",
    "㎞": "公里",
    "㎏": "千克",
    "km": "公里",
    "kg": "千克",
    "cm": "厘米",
    "mm": "毫米",
    "μm": "微米",
    "nm": "纳米",
    "mg": "毫克",
    "μg": "微克",
    "ml": "毫升",
    "mL": "毫升",
    "kWh": "千瓦时",
    "kW": "千瓦",
    "MW": "兆瓦",
    "GW": "吉瓦",
    "mAh": "毫安时",
    "GHz": "吉赫兹",
    "MHz": "兆赫兹",
    "kHz": "千赫兹",
    "Hz": "赫兹",
    "dB": "分贝",
    "kcal": "千卡",
    "ms": "毫秒",
    "ha": "公顷",
    "t": "吨",
    "g": "克",
    "m": "米",
    "L": "升",
    "l": "升",
    "h": "小时",
    "s": "秒",
    "W": "瓦",
    "V": "伏",
    "℃": "摄氏度",
    "°C": "摄氏度",
    "℉": "华氏度",
    "°F": "华氏度",
    "°": "度",
}
UNIT_RE = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
# money written before the number ($5) or as a code around it (CNY 5, 5USD)
CURRENCY_SIGNS = {
    "US$": "美元",
    "HK$": "港元",
    "NT$": "新台币",
    "A$": "澳元",
    "C$": "加元",
    "S$": "新加坡元",
    "¥": "元",
    "￥": "元",
    "$": "美元",
    "€": "欧元",
    "£": "英镑",
    "₩": "韩元",
    "₹": "卢比",
    "₽": "卢布",
}
CURRENCY_CODES = {
    "CNY": "人民币",
    "RMB": "人民币",
    "USD": "美元",
    "HKD": "港元",
    "EUR": "欧元",
    "GBP": "英镑",
    "JPY": "日元",
    "TWD": "新台币",
    "AUD": "澳元",
    "CAD": "加元",
    "SGD": "新加坡元",
    "KRW": "韩元",
    "CHF": "瑞士法郎",
}
_SIGN_RE = "|".join(re.escape(s) for s in sorted(CURRENCY_SIGNS, key=len, reverse=True))
_CODE_RE = "|".join(CURRENCY_CODES)
SIGNS = {
    "±": "正负",
    "≤": "小于等于",
    "≥": "大于等于",
    "≠": "不等于",
    "≈": "约等于",
    "×": "乘",
    "÷": "除以",
    "→": "到",
    "‰": "",  # handled with its number; a stray one is dropped
}
ROMAN = {"Ⅰ": 1, "Ⅱ": 2, "Ⅲ": 3, "Ⅳ": 4, "Ⅴ": 5, "Ⅵ": 6, "Ⅶ": 7, "Ⅷ": 8, "Ⅸ": 9, "Ⅹ": 10, "Ⅺ": 11, "Ⅻ": 12}
ROMAN.update({chr(ord(k) + 16): v for k, v in list(ROMAN.items())})  # ⅰ..ⅻ
_ROMAN_ASCII = {"II": 2, "III": 3, "IV": 4, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "XI": 11, "XII": 12}

# words before a number that make it a code read digit by digit
CODE_BEFORE = (
    r"(?:波音|空客|邮编|邮政编码|编号|代码|代号|车次|航班号?|房间号?|工号|学号|账号|帐号|批号|型号|证号|QQ号?|微信号)"
)
# ... and the ones where 1 is said 幺, as in phone numbers
CALL_BEFORE = r"(?:尾号|电话|热线|拨打|致电|拨|呼叫|号码|手机号?|短信|联系电话|咨询电话|举报电话|服务电话)"
CALL_AFTER = r"(?:热线|服务热线|热线电话|打个?电话|电话|来咨询|咨询|求助|报警|举报)"
SCORE_BEFORE = r"(?:比分[^\d]{0,4}|以|战胜|击败|负于|不敌|战平|逆转|爆冷|大胜|小胜|惜败|完胜|力克|零封)"


# --- rule functions -----------------------------------------------------------------------------


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


def amount(text: str) -> str:
    """A sum of money or a share: trailing zeros of the decimals are not said (36.00元, 0.70%)."""
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return number(text)


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


def _ratio(m: re.Match[str]) -> str:
    return f"{m.group(1)}{number(m.group(2))}比{number(m.group(3))}"


def _colon_pair(m: re.Match[str]) -> str:
    """a:b that cannot be a clock time (3:1, 78:96, 0:1) is a score or a ratio."""
    return f"{number(m.group(1))}比{number(m.group(2))}"


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


def _phone(m: re.Match[str]) -> str:
    return digits(re.sub(r"[-\s+]", "", m.group(0)), yao=True)


def _years_range(m: re.Match[str]) -> str:
    return f"{digits(m.group(1))}到{digits(m.group(2))}年"


def _era(m: re.Match[str]) -> str:
    before = m.group("era").lower().startswith("b")
    return ("公元前" if before else "公元") + digits(m.group("y")) + "年"


def _roman(m: re.Match[str]) -> str:
    text = m.group(0)
    return cardinal(ROMAN[text]) if text in ROMAN else cardinal(_ROMAN_ASCII[text])


def _fraction(m: re.Match[str]) -> str:
    return f"{number(m.group(2))}分之{number(m.group(1))}"


# --- the table ----------------------------------------------------------------------------------

_DATE_SEP = r"(?P<sep>[-/.])"
RULES: tuple[Rule, ...] = (
    # clock times with a.m./p.m.: 8:00 a.m. -> 上午八点
    _rule(
        r"(?<!\d)(?P<h>[01]?\d|2[0-3])[:：](?P<mi>[0-5]\d)(?:[:：](?P<s>[0-5]\d))?\s*(?P<ap>[aApP]\.?[mM]\.?)(?![A-Za-z])",
        _ampm,
    ),
    # model, flight and train codes: three or more digits glued to letters, digit by digit (MH370, C919)
    _rule(r"(?<=[A-Za-z])\d{3,}(?![\d.,])", lambda m: digits(m.group(0))),
    # COVID-19, F-35: a dash between letters and digits is not a minus
    _rule(r"(?<=[A-Za-z])-(?=\d)", ""),
    # B2B, O2O: 2 between two single letters is "to"
    _rule(r"(?<![A-Za-z])([A-Za-z])2([A-Za-z])(?![A-Za-z])", lambda m: f"{m.group(1).upper()} to {m.group(2).upper()}"),
    # phone numbers: mobile and fixed-line, read digit by digit with 幺
    _rule(
        r"(?<![\d.])(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)|(?<![\d.])0\d{2,3}-\d{7,8}(?!\d)|(?<=\()0\d{2,3}\)\d{7,8}", _phone
    ),
    # numbers that are called (尾号1702, 拨打12315, 12345热线), with 幺
    _rule(
        rf"(?P<w>{CALL_BEFORE}(?:[:：为是]|号码)?\s*)(?P<n>\d[\d-]{{2,}}\d)(?![\d.])",
        lambda m: m.group("w") + digits(m.group("n").replace("-", ""), yao=True),
    ),
    _rule(rf"(?<![\d.])(\d{{3,6}})(?={CALL_AFTER})", lambda m: digits(m.group(1), yao=True)),
    # codes read digit by digit: 邮编100080, 编号27149
    _rule(rf"({CODE_BEFORE}[:：为是]?\s*)([A-Za-z]*\d+)", lambda m: m.group(1) + digits(m.group(2))),
    # IPv4 addresses
    _rule(
        r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])",
        lambda m: "点".join(digits(p) for p in m.group(0).split(".")),
    ),
    # dates: 2022-04-19, 2022/4/19, 2022.04.19 (one separator throughout), 08-08-2008, 2008-08, 08/2008
    _rule(rf"(?<![\d.])(?P<y>(?:1[5-9]|20)\d{{2}}){_DATE_SEP}(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}})(?![\d.])", _ymd),
    _rule(r"(?<![\d.])(?P<y>(?:1[5-9]|20)\d{2})·(?P<m>\d{1,2})·(?P<d>\d{1,2})(?!\d)", _ymd),
    _rule(rf"(?<![\d.])(?P<m>\d{{1,2}}){_DATE_SEP}(?P<d>\d{{1,2}})(?P=sep)(?P<y>(?:19|20)\d{{2}})(?![\d.])", _ymd),
    _rule(r"(?<![\d.])(?P<y>(?:19|20)\d{2})[-/](?P<m>0?[1-9]|1[0-2])(?![\d./-]|[年万亿%])", _ym),
    _rule(r"(?<![\d.])(?P<y>(?:19|20)\d{2})\.(?P<m>0[1-9]|1[0-2])(?![\d.]|[年万亿元%个人])", _ym),
    _rule(r"(?<![\d./-])(?P<m>0?[1-9]|1[0-2])[-/](?P<y>(?:19|20)\d{2})(?![\d./-])", _ym),
    _rule(r"(?<![\d./-])(?P<m>0[1-9]|1[0-2])[-/.](?P<d>0[1-9]|[12]\d|3[01])(?![\d./-])", _md),
    # 08月08日 -> 8月8日
    _rule(r"(?<![\d.])0(\d)(?=[月日号])", r"\1"),
    # years: 2022年 read digit by digit; 2022-2023年; 公元前202年; 2934 AD
    _rule(r"(?<!\d)(\d{4})\s*[-~～至到—]\s*(\d{4})\s*年", _years_range),
    _rule(r"(公元前?|纪元前?)(\d{1,4})(?=年)", lambda m: m.group(1) + digits(m.group(2))),
    _rule(
        r"(?<![\d.])(?P<y>\d{1,4})\s*(?P<era>[aA]\.?[dD]\.?|[bB]\.?[cC]\.?)(?![A-Za-z])",
        _era,
    ),
    _rule(
        r"(?<![\d.])(\d{4})年(?!代|龄|级|薪|均|间|内|来|后|多|前|左右|以来|里|中|度|底|初|末|半)",
        lambda m: digits(m.group(1)) + "年",
    ),
    # two-digit years only where they cannot be a span: before a month (86年8月) or with a leading 0 (05年)
    _rule(
        r"(?<![\d.])(\d{2})年(?=\d{1,2}月)|(?<![\d.])(0\d)年(?!代|龄|级|来|后|多|前|左右)",
        lambda m: digits(m.group(1) or m.group(2)) + "年",
    ),
    _rule(r"(?<![\d.])(\d{4})(?=年(?:度|底|初|末|中))", lambda m: digits(m.group(1))),
    _rule(r"(?<![\d.])(\d{4})(?=年代)", lambda m: digits(m.group(1))),
    # a year naming an event: 2008北京奥运会, 2025向新出发 (a quantity has a measure word after it)
    _rule(
        rf"(?<![\d.,])((?:19|20)\d{{2}})(?=[{HAN}])(?!{LIANG_BEFORE}|[{MEASURE_AFTER}多余来个届期号年代款部季度])",
        lambda m: digits(m.group(1)),
    ),
    # generations: 90后, 00后
    _rule(r"(?<![\d.])(\d[05])(?=后)", lambda m: digits(m.group(1))),
    # named numbers: 985高校, 211工程
    _rule(
        r"(?<![\d.])(985|211|996|315|110|120|119)(?=高校|工程|大学|院校|工作制|晚会|报警|急救|火警)",
        lambda m: digits(m.group(1), yao=m.group(1) in ("110", "120", "119")),
    ),
    # scores and ratios: 以3:1战胜, 比分定格在78:96; a:b that cannot be a clock time
    _rule(rf"({SCORE_BEFORE})\s*(\d+)\s*[:：比-]\s*(\d+)(?![\d:：])", _ratio),
    # clock times: 8:48, 14:05:30 (minutes always have two digits)
    _rule(r"(?<![\d.:：])(?P<h>[01]?\d|2[0-4])[:：](?P<mi>[0-5]\d)(?:[:：](?P<s>[0-5]\d))?(?![\d:：])", _time),
    _rule(r"(?<![\d.:：])(\d+)\s*[:：]\s*(\d+)(?![\d:：])", _colon_pair),
    # 8点48分: only the hour 2 needs care (两点)
    _rule(r"(?<![\d.])2(?=点)", "两"),
    _rule(r"(?<=[点分秒])\s*[-~～—]\s*(?=[零一二三四五六七八九十两\d])", "到"),
    # comparisons between numbers
    _rule(r"(?<=\d)\s*<=\s*(?=-?\d)", "小于等于"),
    _rule(r"(?<=\d)\s*>=\s*(?=-?\d)", "大于等于"),
    _rule(r"(?<=\d)\s*<\s*(?=-?\d)", "小于"),
    _rule(r"(?<=\d)\s*>\s*(?=-?\d)", "大于"),
    # percent ranges and percents; per mille; negatives of both
    _rule(
        rf"({NUM})%?\s*[-~～至到]\s*({NUM})\s*[%％]",
        lambda m: f"百分之{amount(m.group(1))}到百分之{amount(m.group(2))}",
    ),
    _rule(rf"(?<![\dA-Za-z)）])[-−]\s*(?={NUM}\s*[%％‰])", "负"),
    _rule(rf"({NUM})\s*[%％]", lambda m: "百分之" + amount(m.group(1))),
    _rule(rf"({NUM})\s*‰", lambda m: "千分之" + number(m.group(1))),
    _rule(rf"({NUM})\s*‱", lambda m: "万分之" + number(m.group(1))),
    # money: ¥100, US$3.5亿, HK$13.5, CNY 1.25, 100 USD
    _rule(rf"(?P<sign>{_SIGN_RE})\s*(?P<n>{NUM})\s*(?P<big>万亿|亿|万|千)?", _money_before),
    _rule(rf"(?<![A-Za-z])(?P<code>{_CODE_RE})\s*(?P<n>{NUM})\s*(?P<big>万亿|亿|万|千)?", _code_before),
    _rule(
        rf"(?P<n>{NUM})\s*(?P<big>万亿|亿|万|千)?\s*(?P<code>{_CODE_RE})(?![A-Za-z])",
        _code_before,
    ),
    _rule(r"(?<![\d.])(\d+\.\d*0)(?=\s*(?:万|亿)?(?:元|块|美元|港元|欧元|英镑|日元))", lambda m: amount(m.group(1))),
    # fractions: 3/4 -> 四分之三; -1/3 -> 负三分之一
    _rule(r"(?<![\dA-Za-z)）])[-−](?=\d+\s*/\s*\d)", "负"),
    _rule(r"(?<![\d/.])(\d+)\s*/\s*(\d+)(?![\d/])", _fraction),
    # negative temperature: 零下
    _rule(
        rf"(?<![\dA-Za-z)）])[-−]\s*({NUM})\s*(℃|°C|度)",
        lambda m: "零下" + number(m.group(1)) + ("摄氏度" if m.group(2) != "度" else "度"),
    ),
    # ranges: 4-5月, 3~5天, 10万-20万元 (a dash between two quantities reads 到)
    _rule(r"(?<=[\d万亿千百月日号])\s*[-~～—–]\s*(?=\d)", "到"),
    # units after numbers: 5km, 30℃
    _rule(rf"((?:时速)?)({NUM})\s*({UNIT_RE})(?![A-Za-z²³])", _unit),
    # 300w -> 三百万 (w is 万 in informal writing)
    _rule(rf"({NUM})[wW](?=[{HAN}])", lambda m: number(m.group(1)) + "万"),
    # 2 before measure words reads 两; 2年 is a duration (两年后), not the year 02
    _rule(rf"(?<![\d.第])2(?![\d.])(?={LIANG_BEFORE})", "两"),
    _rule(r"(?<![\d.第])2(?=年(?!级))", "两"),
    _rule(r"(?<![\d.])2(万|亿|千)(?!\d)", r"两\1"),
    # numbers no quantity has: 13 or more digits (IDs, card numbers), leading zeros, and house,
    # room and seat numbers of four or more digits before 号
    _rule(r"(?<![\d.,])\d{13,}(?![\d.,])", lambda m: digits(m.group(0))),
    _rule(r"(?<![\d.,])0\d+(?![\d.,])", lambda m: digits(m.group(0))),
    _rule(r"(?<![\d.,])\d{4,}(?=[”’」\"]?号)", lambda m: digits(m.group(0))),
    # thousands separators, so 12,345,678 is one number
    _rule(r"(?<=\d),(?=\d{3}(?!\d))", ""),
    # everything else numeric; a minus before a number is 负
    _rule(rf"(?<![\dA-Za-z)）])[-−]\s*(?={NUM}|百分之|[{DIGITS}十两]+分之)", "负"),
    _rule(r"(?<![\d.])\.(\d+)", lambda m: "零点" + digits(m.group(1))),
    _rule(NUM, lambda m: number(m.group(0))),
    # Roman numerals: Ⅱ, 第II
    _rule("|".join(ROMAN), _roman),
    _rule(r"(?<=第)(?:XII|XI|IX|VIII|VII|VI|IV|III|II)(?![A-Za-z])", _roman),
    # signs
    _rule("|".join(re.escape(s) for s in SIGNS), lambda m: SIGNS[m.group(0)]),
)
