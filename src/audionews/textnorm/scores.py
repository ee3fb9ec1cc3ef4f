"""Scores and ratios: a:b, a-b in a match report and a∶b are read 比 (3:1, 2-1击败, 1∶1.05, 3∶2∶1)."""

from __future__ import annotations

import re

from .numbers import number
from .rule import NUM, Rule, rule
from .tables import COUNTED, SCORE_AFTER, SCORE_BEFORE

_PAIR = r"\d{1,2}\s*-\s*\d{1,2}(?:\(\d+\))?"


def _ratio(m: re.Match[str]) -> str:
    return f"{m.group(1)}{number(m.group(2))}比{number(m.group(3))}"


def _colon_pair(m: re.Match[str]) -> str:
    """a:b that cannot be a clock time (3:1, 78:96, 0:1) is a score or a ratio."""
    return f"{number(m.group(1))}比{number(m.group(2))}"


def _not_a_range(m: re.Match[str]) -> str:
    a, b = int(m.group(1)), int(m.group(2))
    return _colon_pair(m) if a >= b else m.group(0)


def _pairs(m: re.Match[str]) -> str:
    """Every a-b in a row of set scores (6-4/3-6/6-1, 7-5、6-0) is a score; a tie-break in brackets stays."""
    return re.sub(r"(\d+)\s*-\s*(\d+)", lambda p: f"{number(p.group(1))}比{number(p.group(2))}", m.group(0))


def _ratio_chain(m: re.Match[str]) -> str:
    """a:b:c and a:b with a decimal are ratios (15.38:1, 1:1.05, 3:2:1); 14:05:30 and 8:48 are times."""
    parts = re.split(r"\s*[:：∶]\s*", m.group(0))
    clock = all("." not in p for p in parts) and all(len(p) == 2 and int(p) < 60 for p in parts[1:])
    if "∶" not in m.group(0) and (clock or (len(parts) == 2 and "." not in m.group(0))):
        return m.group(0)
    return "比".join(number(p) for p in parts)


SCORE_RULES: tuple[Rule, ...] = (
    # ratios: ∶ is only ever a ratio; a colon between more than two numbers or with a decimal too
    rule(rf"(?<![\d.:：])(?:{NUM})(?:\s*[:：∶]\s*(?:{NUM}))+(?![\d:：∶])", _ratio_chain),
    # rows of set scores, joined by 、 or /
    rule(rf"(?<![\d.\-/])(?:{_PAIR})(?:\s*[、/，,]\s*(?:{_PAIR}))+(?![\d\-/])(?!\s*[{COUNTED}月日号])", _pairs),
    # 以3:1战胜, 比分定格在78:96, 打成3-3
    rule(rf"({SCORE_BEFORE})\s*(\d+)\s*[:：比-]\s*(\d+)(?![\d:：])", _ratio),
    # 2-1击败, 5-3领先, 2:1的绝杀 (a score before what scores do)
    rule(rf"(?<![\d.\-:：])(\d{{1,3}})\s*[-:：]\s*(\d{{1,3}})(?![\d.\-:：])(?=\s*{SCORE_AFTER})", _colon_pair),
    # a draw (0-0, 3-3) or a pair that falls (118-112, 3-1): no range runs from a number to itself or down
    rule(rf"(?<![\d.\-:/])(\d{{1,3}})\s*-\s*(\d{{1,3}})(?![\d.\-:/])(?!\s*[{COUNTED}月日号%℃])", _not_a_range),
)
COLON_PAIR_RULES: tuple[Rule, ...] = (rule(r"(?<![\d.:：])(\d+)\s*[:：]\s*(\d+)(?![\d:：])", _colon_pair),)
