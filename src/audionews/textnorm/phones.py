"""Numbers that are dialled, read digit by digit with 1 as 幺: phones and hotlines, recognised by their
shape (a mobile number, an area code, 95588, 12345, 400-) or by the words around them (拨打, 热线, 电话)."""

from __future__ import annotations

import re

from .numbers import digits
from .rule import Rule, rule
from .tables import CALL_AFTER, CALL_BEFORE, CALL_GAP, COUNTED, EMERGENCY_NUMBER, PER_TARGET, SERVICE_NUMBER

# a number as people write it: digits with a space or a dash inside (2345 6789, 010-6403 5547)
_DIALLED = r"\d(?:[\d-]|\s(?=\d))*\d"
# the next numbers of a list (电话:8888 1234、8888 5678 or 110或120)
_MORE = rf"(?:\s*[、，,/或和及]\s*(?:{_DIALLED}))*"
_NOT_COUNTED = rf"(?![\d.]|\s*(?:[{COUNTED}]|{PER_TARGET}))"


def dialled(text: str) -> str:
    """Digit by digit with 幺; brackets, dashes, spaces and a + go (+86 (10) 1234 -> 八六幺零幺二三四)."""
    return digits(re.sub(r"[-\s+＋()（）]", "", text), yao=True)


def _whole(m: re.Match[str]) -> str:
    return dialled(m.group(0))


def _dialled_each(text: str) -> str:
    return re.sub(_DIALLED, lambda n: dialled(n.group(0)), text)


def _dialled_list(m: re.Match[str]) -> str:
    return _dialled_each(m.group(0))


def _called(m: re.Match[str]) -> str:
    return m.group("w") + _dialled_each(m.group("n"))


PHONE_RULES: tuple[Rule, ...] = (
    # by shape: a country code (+86 139 0000 1111, (852) 2345 6789), an area code in brackets or before a
    # dash ((0755)8888 1234, 020-8888 8888), a mobile number (138 1234 5678), 400/800 lines
    rule(r"(?<![\d.])[+＋]\s?\d{1,3}[\s-]?(?:[(（]\d{1,4}[)）][\s-]?)?\d{2,4}(?:[\s-]?\d{3,4}){1,2}(?!\d)", _whole),
    rule(r"(?<![\d.])[(（](?:852|853|886|86)[)）]\s?\d{4}[\s-]?\d{4}(?!\d)", _whole),
    rule(r"[(（]0\d{2,3}[)）]\s?\d{3,4}[\s-]?\d{4}(?!\d)", _whole),
    rule(r"(?<![\d.])0\d{2,3}\s?-\s?\d{3,4}[\s-]?\d{4}(?!\d)|(?<![\d.])0\d{2,3}\s\d{3,4}\s?\d{4}(?!\d)", _whole),
    rule(r"(?<![\d.])(?:86[- ]?)?1[3-9]\d(?:\d{8}|[\s-]\d{4}[\s-]\d{4})(?!\d)", _whole),
    rule(r"(?<![\d.-])[48]00(?:-\d{2,4}-?\d{3,5}|\d{7})(?![\d-])", _whole),
    # by the words before: 拨打12315, 尾号1702, 电话:8888 1234、8888 5678, 拨打110或120
    rule(rf"(?P<w>{CALL_BEFORE}{CALL_GAP})(?P<n>\d(?:[\d-]|\s(?=\d))+\d{_MORE}){_NOT_COUNTED}", _called),
    # by shape and place: 95588 and 12345 standing alone, 110 before 报警 or after a word of calling
    rule(rf"(?<![\d.])(?<!\d[,，至到~～-])(?<![约近超达共逾第余增减降升为])(?:{SERVICE_NUMBER}){_NOT_COUNTED}", _whole),
    # by the words after: 12345热线, 12319城管热线, “95566”打来的电话, 以“955”开头, 999报案
    rule(rf"(?<![\d.])\d{{3,6}}(?=[”\"」]?{CALL_AFTER})(?<!\d{{7}})", _dialled_list),
    rule(rf"(?<=[拨打电话通知报警呼叫市民或者])(?:{EMERGENCY_NUMBER}){_NOT_COUNTED}", _dialled_list),
)
