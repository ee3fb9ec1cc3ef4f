"""The ordered rewrite rules that turn written numbers, dates, money, units and signs into the
words a newsreader says. Each rule is a regex and a function, grouped by class in the modules beside
this one; order matters (a date must be read before its dashes look like ranges, a phone number
before it looks like a quantity, a code before it looks like an amount).

Readings follow what the public Chinese TN suites agree on (WeTextProcessing, NeMo, PaddleSpeech,
SpeechIO, cn2an); where they disagree, what a mainland broadcaster says (零下 for temperatures,
幺 in phone numbers, 二百 not 两百).
"""

from __future__ import annotations

from .codes import CODE_RULES, LATIN_CODE_RULES, LONG_CODE_RULES, NAMED_RULES
from .dates import (
    AMPM_RULES,
    CLOCK_RULES,
    DATE_RANGE_RULES,
    DATE_RULES,
    HOUR_RULES,
    RACE_TIME_RULES,
    SEASON_RULES,
    YEAR_RULES,
)
from .phones import PHONE_RULES
from .quantities import (
    COMPARISON_RULES,
    FRACTION_RULES,
    LIANG_RULES,
    MONEY_RULES,
    NUMBER_RULES,
    PER_RULES,
    PERCENT_RULES,
    UNIT_RULES,
)
from .rule import Rule
from .scores import COLON_PAIR_RULES, SCORE_RULES

RULES: tuple[Rule, ...] = (
    *AMPM_RULES,
    *LATIN_CODE_RULES,
    *PHONE_RULES,
    *CODE_RULES,
    *SEASON_RULES,
    *DATE_RULES,
    *DATE_RANGE_RULES,
    *YEAR_RULES,
    *NAMED_RULES,
    *RACE_TIME_RULES,
    *SCORE_RULES,
    *CLOCK_RULES,
    *COLON_PAIR_RULES,
    *HOUR_RULES,
    *COMPARISON_RULES,
    *PERCENT_RULES,
    *MONEY_RULES,
    *PER_RULES,
    *FRACTION_RULES,
    *UNIT_RULES,
    *LIANG_RULES,
    *LONG_CODE_RULES,
    *NUMBER_RULES,
)
