"""Line features for a trained labeller (src/audionews/clean/features.py): one row per line the
labels label, today's verdicts among them, and the shape, place and echoes of each line."""

from __future__ import annotations

from pathlib import Path

from audionews.clean.features import line_features, main_run, page_features
from audionews.clean.page import lines_of, prepare
from audionews.ingest import read_article

PAGE = """首頁 | 新聞 | 體育 | 財經
颱風來襲 北部停班停課
記者王小明／台北報導
颱風今天登陸台灣東部，北部各縣市宣布停班停課，民眾應留在家中注意安全。
現場畫面。（圖／讀者提供）
氣象署表示，颱風將在今晚出海，明天風雨逐漸減弱，但山區仍需注意豪雨。
更多新聞：颱風假怎麼放
首頁 | 新聞 | 體育 | 財經
"""


def _features(tmp_path: Path):
    page = tmp_path / "typhoon.txt"
    page.write_text(PAGE, encoding="utf-8")
    return read_article(page), page_features(read_article(page))


def test_every_line_the_labels_label_has_the_same_features(tmp_path: Path):
    src, rows = _features(tmp_path)
    split = prepare(*lines_of(src)[:2])
    assert [r.index for r in rows] == [i for i, line in enumerate(split.lines) if line.strip()]
    keys = set(rows[0].values)
    assert all(set(r.values) == keys and all(isinstance(v, float) for v in r.values.values()) for r in rows)


def test_features_tell_title_body_caption_and_furniture_apart(tmp_path: Path):
    _, rows = _features(tmp_path)
    menu, title, byline, lead, caption, body, related, menu_again = (r.values for r in rows)
    assert lead["in_run"] == body["in_run"] == caption["in_run"] == 1.0  # a caption between paragraphs
    assert title["before_run"] == 2.0 and related["after_run"] == 1.0 and menu_again["after_run"] == 2.0
    assert caption["credit_end"] == 1.0 and lead["credit_end"] == 0.0
    assert menu["repeats"] == menu_again["repeats"] == 1.0 and lead["repeats"] == 0.0
    assert title["lead_overlap"] > 0.5 > related["lead_overlap"]
    assert title["pass_title"] == 1.0 and title["title_overlap"] == 1.0
    assert byline["pass_byline"] == 1.0 and lead["kept"] == 1.0
    assert lead["prev1_title_like"] == byline["title_like"] and menu["prev1_prose"] == -1.0


def test_the_main_run_allows_one_line_between_paragraphs():
    assert main_run([False, True, False, True, True, False, False, True]) == (1, 4)
    assert main_run([False, False]) == (0, -1)
    assert line_features(prepare(["", "  "], set())) == []


def test_features_line_up_with_the_corpus_labels():
    """What a model learns from: each labelled line of the corpus has its row of features."""
    from tools.clean_eval import PAGES
    from tools.labelfile import parse

    for labels in sorted(PAGES.rglob("*.labels.tsv")):
        page = labels.with_name(labels.name.removesuffix(".labels.tsv") + ".txt")
        lines = [r.line for r in parse(labels.read_text(encoding="utf-8")).rows]
        assert [r.index for r in page_features(read_article(page))] == lines, page.name
