"""One rewrite rule: a regex and what a match is read as."""

from __future__ import annotations

import re
from collections.abc import Callable

NUM = r"\d+(?:\.\d+)?"
Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]


def rule(pattern: str, fn: Callable[[re.Match[str]], str] | str) -> Rule:
    """A rule; a string is a replacement template (\\1 and the like)."""
    if isinstance(fn, str):
        text = fn
        return re.compile(pattern), lambda m: m.expand(text)
    return re.compile(pattern), fn
