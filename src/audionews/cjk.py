"""What counts as a Chinese (Han) character, for the whole project: the cleaner, the
normaliser and the voices must agree, or text the cleaner keeps is silently dropped later.

Unified Ideographs, Extension A, compatibility ideographs, and Extensions B to H (names and
rare characters in Hong Kong and Taiwan text).
"""

from __future__ import annotations

import re
from datetime import date

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef\U00030000-\U000323af"
HAN_CHAR = re.compile(f"[{HAN}]")


def day_words(day: date) -> str:
    """A date as a Chinese page, feed or intro writes it: 2024年3月5日."""
    return f"{day.year}年{day.month}月{day.day}日"
