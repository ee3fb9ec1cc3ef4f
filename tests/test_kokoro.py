"""The Kokoro engine: its symbols are the model's, its data are the pinned files, and it speaks."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from audionews.config import SpeechConfig
from audionews.errors import EngineUnavailable
from audionews.lexicon import Lexicon
from audionews.speech import kokoro
from audionews.speech.base import WORKING_RATE, trim
from audionews.speech.kokoro import KokoroEngine, split_symbols
from audionews.speech.kokoro.g2p import phonemes, syllable
from audionews.textnorm import spoken_form

DATA = Path(kokoro.__file__).parent
CLEAN_CORPUS = Path(__file__).parent / "data" / "clean"


@pytest.mark.parametrize(
    ("pinyin", "symbols"),
    [
        ("zhong1", "ꭧʊ→ŋ"), ("shi4", "ʂɨ↘"), ("zi3", "ʦɨ↓"), ("chi1", "ꭧʰɨ→"), ("ri4", "ɻɨ↘"),
        ("er2", "ɚ↗"), ("lv4", "ly↘"), ("yu2", "y↗"), ("xue2", "ɕɥe↗"), ("quan2", "ʨʰɥɛ↗n"),
        ("jiu3", "ʨjou↓"), ("gui4", "kwei↘"), ("wen2", "wə↗n"), ("lun2", "lwə↗n"), ("yong3", "jʊ↓ŋ"),
        ("bo1", "pwo→"), ("hang2", "xa↗ŋ"), ("de5", "tɤ"), ("ng2", "ŋ↗"), ("qiang1", "ʨʰja→ŋ"),
    ],
)  # fmt: skip
def test_syllables_become_the_models_symbols(pinyin, symbols):
    assert syllable(pinyin) == symbols


def test_sentences_keep_words_tones_and_pauses():
    # the same symbols misaki 0.9.4's v1.0 path gives (the model's training front end)
    assert (
        phonemes("今天上午，市政府召开新闻发布会。") == "ʨi→ntʰjɛ→nʂa↘ŋu↓, ʂɨ↘ꭧə↘ŋfu↓ ꭧau↘kʰai→ ɕi→nwə↗n fa→pu↘xwei↘."
    )
    assert phonemes("他说：“好的”！") == "tʰa→ ʂwo→: “xau↓ tɤ”!"


def test_lexicon_pinyin_wins():
    plain = phonemes("银行")
    assert phonemes("银行", {"银行": ("yin2", "xing2")}) == "i↗nɕi↗ŋ" != plain


def test_every_symbol_of_real_articles_is_in_the_vocabulary():
    """A symbol the model does not know would be dropped silently, and a sound with it."""
    vocab = json.loads((DATA / "vocab.json").read_text(encoding="utf-8"))
    seen: set[str] = set()
    for expected in CLEAN_CORPUS.glob("*.expected.json"):
        for paragraph in json.loads(expected.read_text(encoding="utf-8"))["paragraphs"]:
            seen |= set(phonemes(spoken_form(paragraph, {})))
    assert len(seen) > 40
    assert seen - set(vocab) == set()


def test_long_utterances_are_cut_at_clauses_within_the_limit():
    symbols = phonemes(spoken_form("据初步统计，截至4月17日，全省志愿者累计上岗707.99万人次；" * 5, {}))
    pieces = split_symbols(symbols, limit=120)
    assert len(pieces) > 2 and all(len(p) <= 120 for p in pieces)
    assert all(p.endswith((",", ";", ".")) for p in pieces[:-1])  # cut where the voice pauses
    assert " ".join(pieces).replace(" ", "") == symbols.replace(" ", "")


def test_shipped_voices_match_their_checksums_and_the_table():
    sums = dict(line.split()[::-1] for line in (DATA / "voices/SHA256SUMS").read_text().splitlines())
    assert set(sums) == {f"{name}.bin" for name in kokoro.VOICES}
    for name, digest in sums.items():
        assert hashlib.sha256((DATA / "voices" / name).read_bytes()).hexdigest() == digest


def test_a_model_that_does_not_match_the_pinned_hash_is_refused(monkeypatch):
    monkeypatch.setattr(kokoro, "MODEL_SHA256", "0" * 64)
    with pytest.raises(EngineUnavailable, match="SHA-256"):
        kokoro._model_bytes()


def test_voice_and_model_are_in_the_cache_identity():
    jian = KokoroEngine(SpeechConfig(engine="kokoro", voice="zm_yunjian"), Lexicon())
    xiao = KokoroEngine(SpeechConfig(engine="kokoro", voice="zf_xiaoxiao"), Lexicon())
    edge_name = KokoroEngine(SpeechConfig(engine="kokoro", voice="zh-CN-YunyangNeural"), Lexicon())
    assert jian.identity() != xiao.identity() and kokoro.MODEL_SHA256[:12] in jian.identity()
    assert edge_name.voice == kokoro.DEFAULT_VOICE  # an edge voice name means the default voice


@pytest.fixture(scope="module")
def engine() -> KokoroEngine:
    return KokoroEngine(SpeechConfig(engine="kokoro"), Lexicon())


def _speak(engine: KokoroEngine, texts: list[str]) -> list[np.ndarray]:
    clips: dict[int, np.ndarray] = {}
    engine.synthesize([engine.prepare(t) for t in texts], clips.__setitem__)
    return [clips[i] for i in range(len(texts))]


def test_it_speaks_at_a_news_pace_and_repeatably(engine):
    texts = ["今天上午，市政府召开新闻发布会。", "全省志愿者累计上岗707.99万人次。", "好。"]
    first = _speak(engine, texts)
    for text, pcm in zip(texts, first, strict=True):
        spoken_chars = len(spoken_form(text, {}).strip("。，"))
        seconds = len(trim(pcm)) / WORKING_RATE  # the voice's own padding aside, as the episode has it
        assert 0.12 * spoken_chars <= seconds <= 0.45 * spoken_chars + 0.6, (text, seconds)
        assert np.abs(pcm.astype(np.int32)).max() > 3000  # speech, not silence
    again = _speak(engine, texts[:1])
    assert np.array_equal(again[0], first[0])  # the same text, the same samples: the cache is faithful
