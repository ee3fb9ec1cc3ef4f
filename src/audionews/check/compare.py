"""Comparing what was meant with what was heard, as pinyin: toneless first, so a homophone
written with other characters is not a misreading, then tones."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from ..cjk import HAN_CHAR
from ..latin import LATIN_TOKEN, LETTERS, reading
from ..pinyin import heard as heard_pinyin
from ..pinyin import words as pinyin_words

TONE_WEIGHT = 0.5  # a syllable heard with another tone counts half a misreading
EXTRA_WEIGHT = 0.25  # a syllable heard that was not meant (whisper invents some)


@dataclass(frozen=True)
class Unit:
    """One thing said: a Chinese character with its toned pinyin, or a Latin letter or word."""

    text: str
    sound: str  # toned pinyin (zhong1), or the Latin letter or word in lower case

    @property
    def toneless(self) -> str:
        return self.sound.rstrip("12345")


@dataclass(frozen=True)
class Difference:
    meant: str
    meant_pinyin: str
    heard: str
    heard_pinyin: str
    kind: str  # "missed" (not heard), "other" (heard as something else), "tone"


def units(spoken: str, latin: dict[str, str] | None = None) -> list[Unit]:
    """What a spoken text says, in order: characters with the pinyin heard, Latin letters (for
    acronyms) or words."""
    out: list[Unit] = []
    pos = 0
    for m in LATIN_TOKEN.finditer(spoken):
        out += _chinese_units(spoken[pos : m.start()])
        token = m.group(0)
        if reading(token, latin) == LETTERS:
            out += [Unit(c, c.lower()) for c in token]
        else:
            out.append(Unit(token, token.lower()))
        pos = m.end()
    return out + _chinese_units(spoken[pos:])


def _chinese_units(text: str) -> list[Unit]:
    chars = HAN_CHAR.findall(text)
    sounds = heard_pinyin(text)
    return [Unit(c, s) for c, s in zip(chars, sounds, strict=False)]


def compare(meant: list[Unit], heard: list[Unit]) -> tuple[float, tuple[Difference, ...]]:
    """How much of `meant` was not heard as meant (0..1), and where."""
    if not meant:
        return 0.0, ()
    matcher = difflib.SequenceMatcher(None, [u.toneless for u in meant], [u.toneless for u in heard], autojunk=False)
    differences: list[Difference] = []
    missed = tones = extra = 0.0
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        said, got = meant[i1:i2], heard[j1:j2]
        if tag == "equal":
            for a, b in zip(said, got, strict=True):
                if a.sound != b.sound and not a.sound.endswith("5") and not b.sound.endswith("5"):
                    tones += 1
                    differences.append(Difference(a.text, a.sound, b.text, b.sound, "tone"))
            continue
        missed += len(said)
        extra += max(0, len(got) - len(said))
        if said:
            differences.append(
                Difference(
                    "".join(u.text for u in said),
                    " ".join(u.sound for u in said),
                    "".join(u.text for u in got),
                    " ".join(u.sound for u in got),
                    "other" if got else "missed",
                )
            )
    score = (missed + TONE_WEIGHT * tones + EXTRA_WEIGHT * extra) / len(meant)
    return round(min(1.0, score), 4), tuple(differences)


def suggest(meant_spoken: str, difference: Difference, latin: dict[str, str] | None = None) -> str | None:
    """A lexicon line an editor can start from for the first difference: a Latin word read the
    other way, or the Chinese word around it with its reading pinned (check the pinyin)."""
    for m in LATIN_TOKEN.finditer(meant_spoken):
        if difference.meant and (difference.meant in m.group(0) or m.group(0) in difference.meant):
            other = "word" if reading(m.group(0), latin) == LETTERS else "letters"
            return f'[latin] {m.group(0)} = "{other}"'
    for word in pinyin_words(meant_spoken):
        if difference.meant and difference.meant[0] in word.text and len(word.text) >= 2:
            return f'[pinyin] "{word.text}" = "{" ".join(word.pinyin)}"'
    return None
