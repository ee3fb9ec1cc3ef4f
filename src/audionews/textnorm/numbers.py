"""Numbers as words: cardinals, decimals, digit strings."""

from __future__ import annotations

DIGITS = "零一二三四五六七八九"
_SMALL_UNITS = ("", "十", "百", "千")
_BIG_UNITS = ("", "万", "亿", "万亿")
HAN_NUMERAL = "零一二三四五六七八九十百千万亿两幺点"


def digits(text: str, yao: bool = False) -> str:
    """Read digit by digit: 2022 -> 二零二二 (years, codes); with `yao`, 1 is 幺 (phone numbers)."""
    spoken = "".join(DIGITS[int(c)] if c.isdigit() else c for c in text)
    return spoken.replace("一", "幺") if yao else spoken


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
        out.append(DIGITS[d] + _SMALL_UNITS[power])
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
    """Integer or decimal string to words: 707.99 -> 七百零七点九九; 1,000 -> 一千; .22 -> 零点二二."""
    text = text.replace(",", "")
    whole, _, frac = text.partition(".")
    if (len(whole) > 1 and whole.startswith("0")) or len(whole) > 16:
        spoken = digits(whole)
    else:
        spoken = cardinal(int(whole or "0"))
    if spoken[:2] in ("二千", "二万", "二亿"):
        spoken = "两" + spoken[1:]
    return spoken + ("点" + digits(frac) if frac else "")
