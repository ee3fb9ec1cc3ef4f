"""What counts as a Chinese (Han) character, for the whole project: the cleaner, the
normaliser and the voices must agree, or text the cleaner keeps is silently dropped later.

Unified Ideographs, Extension A, compatibility ideographs, and Extensions B to H (names and
rare characters in Hong Kong and Taiwan text).
"""

from __future__ import annotations

import re

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef\U00030000-\U000323af"
HAN_CHAR = re.compile(f"[{HAN}]")
