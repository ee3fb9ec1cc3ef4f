"""The read-along transcript's alignment of the page's blocks with the .vtt's cues (the browser
tests in test_readalong_browser.py check what the page does with it)."""

from __future__ import annotations

from audionews.captions import webvtt
from audionews.model import Cue
from audionews.publish.readalong import FRAME, ReadBlock, align, read_cues


def _cues(*texts: str) -> list[Cue]:
    return [Cue(float(i), i + 0.8, t) for i, t in enumerate(texts)]


def test_cues_are_read_back_as_written():
    written = webvtt([Cue(0.5, 1.25, "甲 <乙> & 丙"), Cue(61.0, 3723.5, "第二句")])
    assert read_cues(written) == [Cue(0.5, 1.25, "甲 <乙> & 丙"), Cue(61.0, 3723.5, "第二句")]


def test_blocks_get_their_sentences_and_the_frame_keeps_its_place():
    cues = _cues("本节目由人工智能合成。", "欢迎收听。", "标题", "第一句。", "第二句。", "小标题", "第三句。", "再见。")
    blocks = [("paragraph", "第一句。第二句。"), ("heading", "小标题"), ("paragraph", "第 三句。")]
    read = align(blocks, cues)
    assert [b.kind for b in read] == [FRAME, "paragraph", "heading", "paragraph", FRAME]
    assert [s.text for s in read[0].sentences] == ["本节目由人工智能合成。", "欢迎收听。", "标题"]
    assert [s.text for s in read[1].sentences] == ["第一句。", "第二句。"]
    assert [s.text for s in read[3].sentences] == ["第三句。"]  # spaces do not matter
    assert sum(len(b.sentences) for b in read) == len(cues)  # every moment has its sentence


def test_a_block_no_cue_matches_is_plain_text_and_takes_no_cue():
    cues = _cues("第一句。", "第二句。")
    read = align([("paragraph", "改过的一段。"), ("paragraph", "第一句。第二句。")], cues)
    assert read[0].sentences == () and read[0].text == "改过的一段。"
    assert [s.text for s in read[1].sentences] == ["第一句。", "第二句。"]
    assert align([("paragraph", "没有字幕。")], []) == (ReadBlock("paragraph", "没有字幕。"),)  # no captions
