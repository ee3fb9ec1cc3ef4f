"""Scores and ratios: a:b, a-b in a match report and a∶b are read 比."""

from __future__ import annotations

import re

from .numbers import number
from .rule import Rule, rule
from .tables import SCORE_BEFORE


def _ratio(m: re.Match[str]) -> str:
    return f"{m.group(1)}{number(m.group(2))}比{number(m.group(3))}"


def _colon_pair(m: re.Match[str]) -> str:
    """a:b that cannot be a clock time (3:1, 78:96, 0:1) is a score or a ratio."""
    return f"{number(m.group(1))}比{number(m.group(2))}"


SCORE_RULES: tuple[Rule, ...] = (
    # 以3:1战胜, 比分定格在78:96
    rule(rf"({SCORE_BEFORE})\s*(\d+)\s*[:：比-]\s*(\d+)(?![\d:：])", _ratio),
)
COLON_PAIR_RULES: tuple[Rule, ...] = (rule(r"(?<![\d.:：])(\d+)\s*[:：]\s*(\d+)(?![\d:：])", _colon_pair),)
