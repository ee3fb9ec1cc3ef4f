"""The newsroom edition, end to end with the offline voice: a daily bulletin with a chapter per
article and its own feed, AI-content labels (spoken, and TXXX:AIGC in every MP3), corrections
that keep the GUID and say what changed, and a withdrawn article that answers 410 Gone."""

from __future__ import annotations

import http.client
import json
import shutil
from pathlib import Path

import podcastparser
import pytest
from mutagen.id3 import ID3

from audionews.check import whisper_transcriber
from audionews.pinyin import syllables
from tests.helpers import build, decode_pcm, make_show, run_cli, serving

FIRST = """---
title: 长春今起恢复公交运营
date: 2026-11-28 08:00
---
记者从长春市交通运输局获悉，全市公交线路今天起恢复运营。

首批恢复的线路共有一百二十条，覆盖主城区。
"""
SECOND = """---
title: 吉林发布寒潮预警
date: 2026-11-28 09:30
priority: 5
---
吉林省气象台今天发布寒潮蓝色预警。

预计未来两天全省气温下降八到十摄氏度。
"""
DAILY = "[edition]\ndaily = true\n"


def _parse(path: Path, url: str) -> dict:
    with path.open("rb") as stream:
        return podcastparser.parse(url, stream)


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory: pytest.TempPathFactory, clip_cache: Path):
    root = make_show(
        tmp_path_factory.mktemp("newsroom"), clip_cache, {"bus.md": FIRST, "cold.md": SECOND}, extra_toml=DAILY
    )
    run, report = build(root)
    assert run.code == 0, run.stderr
    return root, report


@pytest.fixture
def own_newsroom(newsroom, tmp_path: Path):
    """A copy of the built show for a test that changes it: the shared one stays as built, so
    every test passes alone and in any order (the clip cache is shared: nothing is spoken twice)."""
    root, report = newsroom
    shutil.copytree(root, tmp_path / "newsroom")
    return tmp_path / "newsroom", report


def _retract_cold(root: Path) -> dict:
    text = SECOND.replace("priority: 5\n", "priority: 5\nretracted: true\n")
    (root / "articles" / "cold.md").write_text(text, encoding="utf-8")
    run, report = build(root)
    assert run.code == 0, run.stderr
    return report


def test_daily_bulletin_has_a_chapter_per_article_and_its_own_feed(newsroom):
    root, report = newsroom
    feed = root / "feed"
    daily = _parse(feed / "daily.xml", "http://podcast.test/show/daily.xml")
    articles = _parse(feed / "feed.xml", "http://podcast.test/show/feed.xml")
    assert len(daily["episodes"]) == 1 and len(articles["episodes"]) == 2
    assert daily["title"] != articles["title"]
    [bulletin] = daily["episodes"]
    chapters = json.loads((feed / "episodes" / "daily-2026-11-28.chapters.json").read_text(encoding="utf-8"))
    titles = [c["title"] for c in chapters["chapters"]]
    # priority first: the cold-wave warning leads, then the buses, between the intro and the outro
    assert titles == ["开场", "吉林发布寒潮预警", "长春今起恢复公交运营", "结尾"]
    assert bulletin["enclosures"][0]["url"].startswith("http://podcast.test/show/episodes/daily-2026-11-28.mp3")
    assert "本期要闻" in bulletin["description"]
    guid_daily = (feed / "daily.xml").read_text(encoding="utf-8").split("<podcast:guid>")[1].split("<")[0]
    guid_articles = (feed / "feed.xml").read_text(encoding="utf-8").split("<podcast:guid>")[1].split("<")[0]
    assert guid_daily != guid_articles
    assert (feed / "daily.html").is_file() and "每日新闻" in (feed / "index.html").read_text(encoding="utf-8")
    built = {e["slug"]: e for e in report["episodes"]}
    # built from the same sentence cache: only its own intro and outro were new
    assert built["daily-2026-11-28"]["synthesized"] <= 3 < built["daily-2026-11-28"]["cached"]


def test_every_mp3_carries_the_aigc_label(newsroom):
    root, _ = newsroom
    mp3s = sorted((root / "feed" / "episodes").glob("*.mp3"))
    assert len(mp3s) == 3
    for mp3 in mp3s:
        frames = ID3(mp3).getall("TXXX:AIGC")
        assert len(frames) == 1, mp3
        label = json.loads(frames[0].text[0])
        assert label["Label"] == "1" and label["ContentProducer"] == "测试台"
        assert set(label) == {
            "Label", "ContentProducer", "ProduceID", "ReservedCode1", "ContentPropagator", "PropagateID",
            "ReservedCode2",
        }  # fmt: skip
    page = (root / "feed" / "episodes" / "bus.html").read_text(encoding="utf-8")
    assert "本节目由人工智能合成语音播报" in page
    assert "人工智能合成" in (root / "feed" / "feed.xml").read_text(encoding="utf-8")


def test_the_spoken_notice_is_heard_in_the_first_20_seconds(newsroom, tmp_path):
    root, _ = newsroom
    transcribe = whisper_transcriber(tmp_path)
    for name in ("bus.mp3", "daily-2026-11-28.mp3"):
        first = decode_pcm(root / "feed" / "episodes" / name, rate=24_000)[: 20 * 24_000]
        heard = transcribe(first)
        assert "ren gong zhi neng" in " ".join(p.rstrip("12345") for p in syllables(heard)), heard


def test_an_edit_keeps_the_guid_and_adds_a_correction(own_newsroom):
    root, before = own_newsroom
    guid = next(e["guid"] for e in before["episodes"] if e["slug"] == "bus")
    (root / "articles" / "bus.md").write_text(FIRST.replace("一百二十条", "一百三十条"), encoding="utf-8")
    run, report = build(root)
    assert run.code == 0, run.stderr
    built = {e["slug"]: e for e in report["episodes"]}
    assert built["bus"]["guid"] == guid and built["bus"]["status"] == "built"
    assert built["bus"]["synthesized"] == 1  # the changed sentence only
    assert built["daily-2026-11-28"]["status"] == "built" and built["daily-2026-11-28"]["synthesized"] == 0
    manifest = json.loads((root / "feed" / "manifest.json").read_text(encoding="utf-8"))
    record = next(r for r in manifest["episodes"] if r["slug"] == "bus")
    assert [note for _, note in record["corrections"]] == ["第2段有修改"] and len(record["versions"]) == 2
    assert "更正" in (root / "feed" / "episodes" / "bus.html").read_text(encoding="utf-8")
    item = next(e for e in _parse(root / "feed" / "feed.xml", "http://x/")["episodes"] if e["guid"] == guid)
    assert "第2段有修改" in item["description_html"]


def test_a_retracted_article_leaves_the_feeds_and_its_mp3_is_gone(own_newsroom):
    root, _ = own_newsroom
    assert (root / "feed" / "episodes" / "cold.mp3").is_file()
    report = _retract_cold(root)
    assert {e["slug"]: e["status"] for e in report["episodes"]}["cold"] == "retracted"
    feed = root / "feed"
    assert [e["title"] for e in _parse(feed / "feed.xml", "http://x/")["episodes"]] == ["长春今起恢复公交运营"]
    chapters = json.loads((feed / "episodes" / "daily-2026-11-28.chapters.json").read_text(encoding="utf-8"))
    assert "吉林发布寒潮预警" not in [c["title"] for c in chapters["chapters"]]
    assert "撤回" in (feed / "episodes" / "cold.html").read_text(encoding="utf-8")
    assert not (feed / "episodes" / "cold.mp3").exists()
    with serving(root) as (port, _):
        for path, status in (("/episodes/cold.mp3", 410), ("/episodes/bus.mp3", 200), ("/episodes/none.mp3", 404)):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("HEAD", path)
            assert conn.getresponse().status == status, path
            conn.close()


def test_listening_back_covers_the_articles_not_the_bulletin_or_withdrawn_ones(own_newsroom):
    root, _ = own_newsroom
    _retract_cold(root)  # only the bus article is live
    run = run_cli("check", "-C", root, "--out", root / "editors")
    assert run.code == 0, run.stderr
    report = json.loads((root / "editors" / "report.json").read_text(encoding="utf-8"))
    assert [e["slug"] for e in report["episodes"]] == ["bus"]
    run = run_cli("check", "-C", root, "daily-2026-11-28")
    assert run.code == 2 and "daily bulletins are checked through their articles" in run.stderr


def test_the_bulletin_plan_stings_before_each_article(tmp_path):
    from audionews.clean import clean_source
    from audionews.config import load_config
    from audionews.edition import reading_order
    from audionews.ingest import read_article
    from audionews.script import Templates, plan_daily

    root = make_show(tmp_path / "show", tmp_path / "cache", {"bus.md": FIRST, "cold.md": SECOND}, extra_toml=DAILY)
    config = load_config(root)
    articles = reading_order([clean_source(read_article(p)) for p in sorted((root / "articles").iterdir())])
    plan = plan_daily("daily-x", "2026年11月28日", articles, config, Templates(config), lambda s: s)
    stung = [s for s in plan.segments if s.sting_before]
    assert [s.chapter for s in stung] == ["吉林发布寒潮预警", "长春今起恢复公交运营"]
    assert [s.chapter for s in plan.segments if s.chapter] == ["开场", *[s.chapter for s in stung], "结尾"]
    assert plan.segments[0].jingle_before and not any(s.jingle_before for s in plan.segments[1:])
