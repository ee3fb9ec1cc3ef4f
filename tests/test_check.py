"""`audionews check`: listening back with offline whisper. The comparison on its own (homophones
pass, tones count half, missed syllables count whole), then the command on a real episode spoken
by the offline voice: every sentence heard, ranked, timed, a report beside the show, and a
lexicon fix that re-synthesises only the sentence it touches."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from audionews.captions import cue_starts
from audionews.check import Difference, compare, suggest, units
from tests.helpers import build, make_show, run_cli

ARTICLE = """# 国内经济稳中向好

国家统计局今天发布数据，一季度GDP同比增长百分之五。

专家表示，消费对经济增长的贡献持续提高。

今天天气很好，市民纷纷外出游玩。
"""


def test_homophones_are_not_misreadings_but_other_syllables_are():
    meant = units("志愿服务")
    assert compare(meant, units("志愿服务")) == (0.0, ())
    assert compare(units("依法行使权利"), units("依法行驶权力")) == (0.0, ())  # same sounds, other characters
    score, diffs = compare(units("他去银行"), units("他去银河"))
    assert score == pytest.approx(0.25) and diffs == (Difference("行", "hang2", "河", "he2", "other"),)
    score, diffs = compare(units("暖心力量"), units("心力量"))
    assert score == pytest.approx(0.25) and diffs[0].kind == "missed"


def test_tones_count_half():
    score, diffs = compare(units("支援"), units("志愿"))
    assert score == pytest.approx(0.5) and [d.kind for d in diffs] == ["tone", "tone"]


def test_latin_is_compared_as_letters_or_words():
    assert [u.sound for u in units("GDP增长")] == ["g", "d", "p", "zeng1", "zhang3"]
    assert compare(units("GDP增长"), units("GDP增长"))[0] == 0.0
    assert compare(units("GDP增长"), units("GTP增长"))[0] == pytest.approx(0.2)
    assert [u.sound for u in units("苹果iPhone")] == ["ping2", "guo3", "iphone"]


def test_suggestions_name_a_lexicon_line():
    assert suggest("GDP增长", Difference("GDP", "g d p", "", "", "missed")) == '[latin] GDP = "word"'
    assert suggest("去银行办事", Difference("行", "hang2", "河", "he2", "other")) == '[pinyin] "银行" = "yin2 hang2"'


@pytest.fixture(scope="module")
def listened_show(tmp_path_factory: pytest.TempPathFactory, clip_cache: Path):
    root = make_show(tmp_path_factory.mktemp("listen"), clip_cache, {"economy.md": ARTICLE})
    run, report = build(root)
    assert run.code == 0, run.stderr
    feed_before = {p: p.stat().st_mtime_ns for p in (root / "feed").rglob("*")}
    out = root / "editors"
    run = run_cli("check", "-C", root, "--out", out)
    assert run.code == 0, run.stderr
    assert {p: p.stat().st_mtime_ns for p in (root / "feed").rglob("*")} == feed_before  # nothing in feed/
    return root, report, out, run


def test_every_sentence_is_heard_ranked_and_timed(listened_show):
    root, build_report, out, run = listened_show
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    [episode] = report["episodes"]
    [built] = build_report["episodes"]
    assert episode["slug"] == built["slug"] and episode["missing_clips"] == 0
    findings = episode["findings"]
    # the notice, intro, title, sentences, outro: each heard (some were spoken by other tests)
    assert len(findings) == built["synthesized"] + built["cached"]
    starts = [f["start_s"] for f in findings]
    assert starts == sorted(starts) and 0 < starts[-1] < built["duration_s"]
    # each sentence's time is where the published episode says it starts (its captions)
    captions = (root / "feed" / "episodes" / f"{built['slug']}.vtt").read_text(encoding="utf-8")
    assert starts == [round(s, 2) for s in cue_starts(captions)]
    scores = [f["score"] for f in report["ranked"]]
    assert scores == sorted(scores, reverse=True)
    assert sum(scores) / len(scores) < 0.3  # real speech, mostly heard as meant
    gdp = next(f for f in findings if "GDP" in f["display"])
    assert "统计局" in gdp["heard"]  # the sentence around the acronym was heard
    page = (out / "index.html").read_text(encoding="utf-8")
    assert built["slug"] in page and "lexicon.toml" in page
    assert "report:" in run.stdout and "most likely misread" in run.stdout


def test_a_lexicon_fix_resynthesises_only_its_sentence(listened_show):
    root, *_ = listened_show
    # pinning the reading the voice already gets changes no symbol: nothing is spoken again
    (root / "lexicon.toml").write_text('[pinyin]\n"贡献" = "gong4 xian4"\n', encoding="utf-8")
    run, report = build(root)
    assert run.code == 0 and report["episodes"][0]["status"] == "unchanged", run.stderr
    # an editor rewords what the voice garbled: that sentence alone is spoken again
    (root / "lexicon.toml").write_text('[replace]\n"纷纷外出游玩" = "纷纷出门游玩"\n', encoding="utf-8")
    run, report = build(root)
    assert run.code == 0, run.stderr
    [episode] = report["episodes"]
    assert episode["status"] == "built" and episode["synthesized"] == 1


def test_unknown_episode_is_a_one_line_error(listened_show):
    root, *_ = listened_show
    run = run_cli("check", "-C", root, "no-such-episode")
    assert run.code == 2 and "no-such-episode" in run.stderr and "Traceback" not in run.stderr
