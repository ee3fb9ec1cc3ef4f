"""Numbers that are dialled, read digit by digit with 1 as 幺: phones, hotlines, service numbers."""

from __future__ import annotations

import re

from .numbers import digits
from .rule import Rule, rule
from .tables import CALL_AFTER, CALL_BEFORE


def _phone(m: re.Match[str]) -> str:
    return digits(re.sub(r"[-\s+]", "", m.group(0)), yao=True)


PHONE_RULES: tuple[Rule, ...] = (
    # phone numbers: mobile and fixed-line
    rule(
        r"(?<![\d.])(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)|(?<![\d.])0\d{2,3}-\d{7,8}(?!\d)|(?<=\()0\d{2,3}\)\d{7,8}", _phone
    ),
    # numbers that are called (尾号1702, 拨打12315, 12345热线)
    rule(
        rf"(?P<w>{CALL_BEFORE}(?:[:：为是]|号码)?\s*)(?P<n>\d[\d-]{{2,}}\d)(?![\d.])",
        lambda m: m.group("w") + digits(m.group("n").replace("-", ""), yao=True),
    ),
    rule(rf"(?<![\d.])(\d{{3,6}})(?={CALL_AFTER})", lambda m: digits(m.group(1), yao=True)),
)
