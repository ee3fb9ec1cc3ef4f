"""The show's pronunciation lexicon: word -> replacement text, word -> pinyin, and how Latin
words are read (`[latin]`, over the default in show/latin.toml)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ConfigError
from .latin import check_entry
from .scriptconv import to_simplified

_PINYIN_SYLLABLE = re.compile(r"^[a-zü]+[1-5]$")


@dataclass(frozen=True)
class Lexicon:
    replacements: dict[str, str] = field(default_factory=dict)
    pinyin: dict[str, tuple[str, ...]] = field(default_factory=dict)
    latin: dict[str, str] = field(default_factory=dict)

    def pinyin_in(self, text: str) -> dict[str, tuple[str, ...]]:
        """The pinyin entries that apply to `text` (part of that utterance's cache key)."""
        return {w: p for w, p in sorted(self.pinyin.items()) if w in text}

    def latin_in(self, text: str) -> dict[str, str]:
        """The show's `[latin]` entries that apply to `text` (part of its cache key too)."""
        lowered = text.lower()
        return {w: how for w, how in sorted(self.latin.items()) if w.lower() in lowered}


def load_lexicon(path: Path) -> Lexicon:
    """Read `lexicon.toml`: `[replace]` word = "text", `[pinyin]` word = "chong2 qing4",
    `[latin]` word = "letters" | "word" | "hua2 wei2" | "/IPA/"."""
    if not path.exists():
        return Lexicon()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(path, "", f"not valid TOML ({exc})") from None
    except OSError as exc:
        raise ConfigError(path, "", f"cannot be read ({exc.strerror or exc})") from None
    for section in raw:
        if section not in ("replace", "pinyin", "latin"):
            raise ConfigError(path, section, "unknown section (known: replace, pinyin, latin)")
    replacements: dict[str, str] = {}
    for word, text in raw.get("replace", {}).items():
        if not isinstance(text, str) or not word:
            raise ConfigError(path, f"replace.{word}", "must map a word to a replacement text")
        replacements[word] = text
    pinyin: dict[str, tuple[str, ...]] = {}
    for word, value in raw.get("pinyin", {}).items():
        syllables = tuple(str(value).lower().replace("v", "ü").split())
        word_s = to_simplified(word)
        if len(syllables) != len(word_s) or not all(_PINYIN_SYLLABLE.match(s) for s in syllables):
            raise ConfigError(
                path,
                f"pinyin.{word}",
                f'needs one syllable with a tone digit per character, e.g. {word!r} = "chong2 qing4"',
            )
        pinyin[word_s] = syllables
    latin: dict[str, str] = {}
    for word, value in raw.get("latin", {}).items():
        problem = check_entry(value) if isinstance(value, str) else "must be a string"
        if problem or not word.isascii() or not word.isalpha():
            raise ConfigError(path, f"latin.{word}", problem or "the key must be a Latin word (letters only)")
        latin[word] = value
    return Lexicon(replacements=replacements, pinyin=pinyin, latin=latin)
