"""End to end: the seed article through the real CLI into a playable, published episode."""

from __future__ import annotations

import itertools
import json
import re
import shutil
import unicodedata
from datetime import datetime, timedelta, timezone
from pathlib import Path

import feedparser
import podcastparser
import pytest
from lxml import etree
from mutagen.id3 import ID3
from mutagen.mp3 import MP3

from audionews.master import measure
from tests.helpers import SEED, build, decode_pcm, has_xing_header, make_show, probe, silences

SLUG = SEED.stem


def fold(text: str) -> str:
    """Punctuation width aside: ， and , compare equal."""
    return unicodedata.normalize("NFKC", text)


def _mp3(root: Path) -> Path:
    return root / "feed" / "episodes" / f"{SLUG}.mp3"


def test_seed_episode_plays_at_news_length(seed_show):
    root, report = seed_show
    [episode] = report["episodes"]
    assert episode["status"] == "built" and episode["engine"] == "kokoro"
    assert episode["synthesized"] > 40 and episode["cached"] == 0
    pcm = decode_pcm(_mp3(root))  # ffmpeg decodes every frame
    decoded_s = len(pcm) / 16000
    assert 6 * 60 <= decoded_s <= 10 * 60, decoded_s  # Kokoro reads the seed in 7:00, Baker in 8:06
    info = probe(_mp3(root))
    assert info["sample_rate"] == 44100 and info["channels"] == "mono" and info["bitrate"] == 64
    assert abs(info["duration"] - episode["duration_s"]) < 0.5
    assert has_xing_header(_mp3(root))
    assert abs(MP3(_mp3(root)).info.length - decoded_s) < 0.2  # Xing header: exact length


def test_seed_loudness_meets_podcast_target(seed_show):
    root, _ = seed_show
    loud = measure(_mp3(root))
    assert -17.0 <= loud.integrated_lufs <= -15.0, loud
    assert loud.true_peak_db <= -1.5, loud


def test_chapters_and_tags(seed_show):
    root, _ = seed_show
    expected = json.loads((Path(__file__).parent / "data/clean/seed_jilin_traditional.expected.json").read_text())
    info = probe(_mp3(root))
    titles = [t for _, t in info["chapters"]]
    assert [fold(t) for t in titles] == [fold(t) for t in ["开场", expected["title"], *expected["headings"], "结尾"]]
    starts = [s for s, _ in info["chapters"]]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    tags = ID3(_mp3(root))
    assert tags.version[:2] == (2, 3)
    assert str(tags["TIT2"]) == expected["title"]
    assert str(tags["TALB"]) == "测试新闻"
    assert str(tags["TCON"]) == "Podcast"
    [cover] = tags.getall("APIC")
    # the show's own cover, embedded (Pocket Casts reads only embedded art)
    assert cover.data == (root / "feed/cover.png").read_bytes() and cover.mime == "image/png" and cover.type == 3
    chapter_json = json.loads((root / "feed/episodes" / f"{SLUG}.chapters.json").read_text())
    assert chapter_json["version"] == "1.2.0"
    assert [c["title"] for c in chapter_json["chapters"]] == titles


def _cues(vtt: str) -> list[tuple[float, float, str]]:
    out = []
    for m in re.finditer(r"(\d+):(\d+):([\d.]+) --> (\d+):(\d+):([\d.]+)\n(.+)", vtt):
        g = m.groups()
        start = int(g[0]) * 3600 + int(g[1]) * 60 + float(g[2])
        end = int(g[3]) * 3600 + int(g[4]) * 60 + float(g[5])
        out.append((start, end, g[6]))
    return out


def test_pause_at_every_paragraph_boundary_and_cues_on_speech(seed_show):
    root, _ = seed_show
    cues = _cues((root / "feed/episodes" / f"{SLUG}.vtt").read_text(encoding="utf-8"))
    expected = json.loads((Path(__file__).parent / "data/clean/seed_jilin_traditional.expected.json").read_text())
    # segments: the AI-content notice, intro, title, every block, outro -> a long gap between each pair
    gaps = [(a[1], b[0]) for a, b in itertools.pairwise(cues) if b[0] - a[1] >= 0.6]
    assert len(gaps) == len(expected["paragraphs"]) + 3
    quiet = silences(_mp3(root), noise_db=-40, min_s=0.45)
    for gap_start, gap_end in gaps:
        assert any(s <= gap_start + 0.15 and e >= gap_end - 0.15 for s, e in quiet), (gap_start, gap_end)
    # speech resumes where the next cue says it does
    onsets = [e for _, e in quiet]
    for _, gap_end in gaps[:8]:
        assert min(abs(o - gap_end) for o in onsets) <= 0.3
    # no leading or trailing silence over a second
    pcm = decode_pcm(_mp3(root))
    loud = (abs(pcm.astype(int)) > 300).nonzero()[0]
    assert loud[0] / 16000 < 1.0 and (len(pcm) - loud[-1]) / 16000 < 1.0


def test_feed_is_read_by_podcastparser_and_feedparser(seed_show):
    root, report = seed_show
    feed = root / "feed" / "feed.xml"
    mp3 = _mp3(root)
    with feed.open("rb") as stream:
        parsed = podcastparser.parse("http://podcast.test/show/feed.xml", stream)
    [episode] = parsed["episodes"]
    [enclosure] = episode["enclosures"]
    assert enclosure["file_size"] == mp3.stat().st_size
    assert enclosure["mime_type"] == "audio/mpeg"
    assert enclosure["url"].startswith("http://podcast.test/show/episodes/" + SLUG + ".mp3")
    assert episode["total_time"] == round(report["episodes"][0]["duration_s"])
    assert episode["guid"] == report["episodes"][0]["guid"]
    china = timezone(timedelta(hours=8))
    assert episode["published"] == datetime(2022, 4, 19, 8, 48, tzinfo=china).timestamp()

    fp = feedparser.parse(feed.read_bytes())
    assert not fp.bozo, fp.bozo_exception
    assert fp.feed.title == "测试新闻" and fp.feed.language == "zh-cn"
    [entry] = fp.entries
    assert int(entry.enclosures[0].length) == mp3.stat().st_size
    assert entry.itunes_duration == str(round(report["episodes"][0]["duration_s"]))
    # feedparser maps only yes/no/clean; Apple wants true/false, which is what the feed says
    channel = etree.fromstring(feed.read_bytes()).find("channel")
    assert channel.findtext("{http://www.itunes.com/dtds/podcast-1.0.dtd}explicit") == "false"


def test_page_lists_the_episode_with_player_and_text(seed_show):
    root, _ = seed_show
    html = (root / "feed" / "index.html").read_text(encoding="utf-8")
    assert f'src="episodes/{SLUG}.mp3?v=' in html and 'preload="metadata"' in html
    assert "參與疫情防控" in html and "主站蜘蛛池" not in html and "欧美成人" not in html


def test_noop_rebuild_synthesises_nothing_and_rewrites_no_audio(seed_show):
    root, first = seed_show
    before = _mp3(root).stat().st_mtime_ns
    run, report = build(root)
    assert run.code == 0, run.stderr
    [episode] = report["episodes"]
    assert episode["status"] == "unchanged" and episode["synthesized"] == 0
    assert episode["guid"] == first["episodes"][0]["guid"]
    assert _mp3(root).stat().st_mtime_ns == before
    print(
        f"\nno-op rebuild {report['elapsed_s']:.2f}s vs first build {first['elapsed_s']:.2f}s "
        f"({100 * report['elapsed_s'] / first['elapsed_s']:.1f}%)"
    )


@pytest.fixture
def show_copy(seed_show, tmp_path):
    root, _ = seed_show
    copy = tmp_path / "show"
    shutil.copytree(root, copy)
    return copy


def test_bad_articles_are_reported_and_the_rest_still_publish(show_copy):
    articles = show_copy / "articles"
    (articles / "empty.txt").write_text("", encoding="utf-8")
    (articles / "garbage.txt").write_bytes(bytes(range(256)) * 40)
    (articles / "spam.txt").write_text(
        "欧美成人在线免费视频_久久精品亚洲一区_日本久久一区二区_成年国产_最新亚洲精品\n", encoding="utf-8"
    )
    run, report = build(show_copy)
    assert run.code == 1
    assert "Traceback" not in run.stderr
    by_slug = {e["slug"]: e for e in report["episodes"]}
    assert by_slug[SLUG]["status"] == "unchanged"
    for name in ("empty", "garbage", "spam"):
        failed = by_slug[name]
        assert failed["status"] == "failed" and f"{name}.txt" in failed["error"]
        assert len(failed["error"].splitlines()) == 1
    fp = feedparser.parse((show_copy / "feed/feed.xml").read_bytes())
    assert not fp.bozo and len(fp.entries) == 1


def test_failed_rebuild_keeps_the_published_episode(show_copy):
    seed = show_copy / "articles" / SEED.name
    seed.write_bytes(b"")  # the article is broken after it was published
    run, report = build(show_copy)
    assert run.code == 1
    [episode] = report["episodes"]
    assert episode["status"] == "failed" and episode["kept_previous"] is True
    fp = feedparser.parse((show_copy / "feed/feed.xml").read_bytes())
    assert len(fp.entries) == 1 and _mp3(show_copy).stat().st_size == int(fp.entries[0].enclosures[0].length)


def test_bad_config_names_the_key_and_file(tmp_path, clip_cache):
    root = make_show(tmp_path / "show", clip_cache, extra_toml='\n[audio]\nbitrate_kbps = "fast"\n')
    run, _ = build(root)
    assert run.code == 2
    assert "audionews.toml" in run.stderr and "audio.bitrate_kbps" in run.stderr
    assert "Traceback" not in run.stderr


def test_editing_one_paragraph_resynthesises_only_its_changed_sentences(show_copy, seed_show):
    _, first = seed_show
    seed = show_copy / "articles" / SEED.name
    text = seed.read_text(encoding="utf-8")
    old = "無私奉獻,勇于擔當,化解百姓急難愁盼,凝聚抗疫必勝力量。"
    assert old in text
    seed.write_text(text.replace(old, "無私奉獻,勇于擔當,化解群眾急難愁盼,凝聚抗疫必勝力量。"), encoding="utf-8")
    feed_before = feedparser.parse((show_copy / "feed/feed.xml").read_bytes()).entries[0]
    run, report = build(show_copy, "-v")
    assert run.code == 0, run.stderr
    [episode] = report["episodes"]
    assert episode["status"] == "built"
    assert episode["synthesized"] == 1  # one sentence of one paragraph changed
    # where the time went, in the report and in -v's line for the episode
    assert episode["synthesis_s"] > 0 and episode["render_s"] > 0
    assert episode["synthesis_s"] + episode["render_s"] <= report["elapsed_s"]
    assert re.search(
        rf"built +{SLUG} .*1 synthesised.*speech [\d.]+ s, mastering and publishing [\d.]+ s, "
        r"-1[5-7]\.\d LUFS",
        run.stdout + run.stderr,
    ), run.stdout + run.stderr
    assert episode["cached"] == first["episodes"][0]["synthesized"] - 1
    feed_after = feedparser.parse((show_copy / "feed/feed.xml").read_bytes()).entries[0]
    assert feed_after.id == feed_before.id  # same guid: apps update, not duplicate
    assert feed_after.enclosures[0].href != feed_before.enclosures[0].href  # new audio, new URL
