"""Chinese script: detection and Traditional -> Simplified conversion (OpenCC)."""

from __future__ import annotations

from functools import cache

import opencc


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    return _converter("t2s").convert(text)


def detect_script(text: str) -> str:
    """ "traditional" when more characters change going to Simplified than to Traditional."""
    to_s = _converter("t2s").convert(text)
    to_t = _converter("s2t").convert(text)
    traditional_only = sum(a != b for a, b in zip(text, to_s, strict=False))
    simplified_only = sum(a != b for a, b in zip(text, to_t, strict=False))
    return "traditional" if traditional_only > simplified_only else "simplified"
