"""Reading Mandarin right: the normaliser's classes (tests/data/readings.tsv), polyphones on real
news sentences (tests/data/polyphones*.tsv, with a figure), 一/不 sandhi, and Latin words routed
by what each voice can say."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from audionews.cjk import HAN_CHAR
from audionews.config import SpeechConfig
from audionews.errors import ConfigError
from audionews.latin import LETTER_IPA, ipa, reading
from audionews.lexicon import Lexicon, load_lexicon
from audionews.pinyin import heard, syllables
from audionews.speech.cache import clip_key
from audionews.speech.edge import EdgeEngine
from audionews.speech.kokoro import KokoroEngine
from audionews.speech.kokoro.g2p import phonemes
from audionews.textnorm import spoken_form
from tests.helpers import run_cli

DATA = Path(__file__).parent / "data"


def _rows(name: str) -> list[list[str]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


@pytest.mark.parametrize(("kind", "written", "spoken"), _rows("readings.tsv"), ids=lambda v: v[:12])
def test_normalisation_classes(kind, written, spoken):
    assert spoken_form(written) == spoken, kind


def polyphone_accuracy(name: str) -> tuple[int, int, list[str]]:
    """(right, marked, misreadings) of `heard` against the hand-marked readings."""
    right = marked = 0
    wrong = []
    for _, line in _rows(name):
        tokens = re.findall(r"(.)(?:\[([a-z]+\d)\])?", line)
        text = "".join(char for char, _ in tokens)
        chinese = [(char, want) for char, want in tokens if HAN_CHAR.match(char)]
        for (char, want), got in zip(chinese, heard(text), strict=True):
            if want:
                marked += 1
                right += want == got
                if want != got:
                    wrong.append(f"{char} {want}/{got}: {text}")
    return right, marked, wrong


@pytest.mark.parametrize("name", ["polyphones.tsv", "polyphones_heldout.tsv"])
def test_polyphones_in_real_news_sentences(name):
    right, marked, wrong = polyphone_accuracy(name)
    print(f"{name}: {right}/{marked} = {right / marked:.4f}")
    assert marked >= 100
    assert right / marked >= 0.95, wrong


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("银行行长", "yin2 hang2 hang2 zhang3"),
        ("他在街上行走", "ta1 zai4 jie1 shang4 xing2 zou3"),
        ("重庆的重要会议", "chong2 qing4 de5 zhong4 yao4 hui4 yi4"),
        ("孩子长大了，长度不够", "hai2 zi5 zhang3 da4 le5 chang2 du4 bu4 gou4"),
        ("还是先还钱", "hai2 shi4 xian1 huan2 qian2"),
        ("朝阳区的朝代", "chao2 yang2 qu1 de5 chao2 dai4"),
        ("乐队很快乐", "yue4 dui4 hen3 kuai4 le4"),
        ("便宜又方便", "pian2 yi5 you4 fang1 bian4"),
        ("他高兴地跑得很快", "ta1 gao1 xing4 de5 pao3 de5 hen3 kuai4"),
        ("单霁翔表示", "shan4 ji4 xiang2 biao3 shi4"),
        ("曾志伟出席", "zeng1 zhi4 wei3 chu1 xi2"),
        ("解振华指出", "xie4 zhen4 hua2 zhi3 chu1"),
        ("速限为五十公里", "su4 xian4 wei2 wu3 shi2 gong1 li3"),
        ("以乡村振兴为抓手", "yi3 xiang1 cun1 zhen4 xing1 wei2 zhua1 shou3"),
        ("公司为员工提供服务", "gong1 si1 wei4 yuan2 gong1 ti2 gong1 fu2 wu4"),
        ("立即为他进行处理", "li4 ji2 wei4 ta1 jin4 xing2 chu3 li3"),
    ],
)
def test_polyphones_by_class(text, expected):
    assert " ".join(syllables(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一个", "yi2 ge4"),  # before a fourth tone
        ("一起", "yi4 qi3"),  # before the others
        ("第一", "di4 yi1"),  # ordinal
        ("统一部署", "tong3 yi1 bu4 shu3"),  # the end of a word
        ("十一月一日", "shi2 yi1 yue4 yi1 ri4"),  # a date
        ("一季度", "yi1 ji4 du4"),  # the first quarter
        ("不是", "bu2 shi4"),
        ("不行", "bu4 xing2"),
        ("差不多", "cha4 bu5 duo1"),
    ],
)
def test_sandhi_of_yi_and_bu_as_heard(text, expected):
    assert " ".join(heard(text)) == expected


def test_the_kokoro_voice_gets_citation_tones_as_in_its_training():
    # the reading a listener hears has the sandhi; the symbols are pypinyin's words, as in training
    assert heard("他不去") == ["ta1", "bu2", "qu4"] and heard("一天一夜") == ["yi4", "tian1", "yi2", "ye4"]
    assert phonemes("他不去") == "tʰa→ pu↘ ʨʰy↘"
    assert phonemes("一天一夜") == "i→tʰjɛ→n i→je↘"


def test_latin_words_read_as_letters_or_words():
    assert [reading(w) for w in ("GDP", "nba", "ceo", "x", "app", "iPhone", "WiFi", "NASA")] == [
        "letters", "letters", "letters", "letters", "word", "word", "/wˈIfˌI/", "word",
    ]  # fmt: skip
    assert ipa("GDP") == (LETTER_IPA["G"], LETTER_IPA["D"], LETTER_IPA["P"])
    assert ipa("app") == ("ˈæp",)
    assert ipa("Huawei") == ("pinyin:hua2", "pinyin:wei2")


def test_each_engine_gets_latin_in_a_form_it_can_say():
    kokoro = phonemes(spoken_form("GDP增长"))
    assert kokoro.startswith("ʤˈi dˈi pˈi ")  # English letter names, not Chinese syllables
    assert "ˈIfˌOn" in phonemes(spoken_form("iPhone销量"))
    assert phonemes("Huawei") == "xwa↗ wei↗"
    edge = EdgeEngine(SpeechConfig(engine="edge"), Lexicon())
    assert edge.prepare("苹果iPhone 15发布") == "苹果iPhone 15发布"  # the service reads Latin itself


def test_latin_lexicon_entries(tmp_path):
    path = tmp_path / "lexicon.toml"
    path.write_text('[latin]\nSTEM = "word"\nByteDance = "zi4 jie2 tiao4 dong4"\nVR = "/vˈi ˈɑɹ/"\n', encoding="utf-8")
    lexicon = load_lexicon(path)
    assert lexicon.latin == {"STEM": "word", "ByteDance": "zi4 jie2 tiao4 dong4", "VR": "/vˈi ˈɑɹ/"}
    assert ipa("STEM", lexicon.latin) == ("stˈɛm",)
    assert ipa("STEM") == tuple(LETTER_IPA[c] for c in "STEM")
    path.write_text('[latin]\nGDP = "spell"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"latin\.GDP"):
        load_lexicon(path)


def test_a_latin_entry_changes_only_the_utterances_with_that_word():
    config = SpeechConfig(engine="kokoro")
    plain = KokoroEngine(config, Lexicon())
    entry = KokoroEngine(config, Lexicon(latin={"STEM": "word"}))
    for text, changes in (("STEM教育", True), ("今天天气很好", False)):
        spoken = plain.prepare(text)
        before = clip_key(plain.identity(), spoken, plain.cache_extra(spoken))
        after = clip_key(entry.identity(), spoken, entry.cache_extra(spoken))
        assert (before != after) is changes


def test_normalize_cli_shows_acronyms_as_letters_and_the_show_lexicon(tmp_path):
    assert run_cli("normalize", "公司ceo表示GDP增长5%").stdout.strip() == "公司CEO表示GDP增长百分之五"
    (tmp_path / "lexicon.toml").write_text('[latin]\nstem = "letters"\n', encoding="utf-8")
    assert run_cli("normalize", "-C", tmp_path, "stem教育").stdout.strip() == "STEM教育"
