"""What podcast apps read beyond the basics (issue 28): the AI-content tag, the people, chapter
timestamps in the description, the medium; read back by podcastparser and feedparser from a
show built with the tone stand-in (seconds, not minutes)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import feedparser
import podcastparser
import pytest
from lxml import etree

from audionews import pipeline
from audionews.config import load_config
from tests.helpers import make_show
from tools.tone_engine import ToneEngine

NS = {"podcast": "https://podcastindex.org/namespace/1.0"}
ARTICLE = (
    "---\ntitle: 市政新闻\nauthor: 王小明\neditor: 李编辑\ndate: 2026-11-28 08:00\n---\n"
    "市政府今天召开新闻发布会。\n\n## 经济\n\n会议介绍了全市经济运行情况。\n"
)


def _built(tmp_path: Path, toml: str = "") -> Path:
    root = make_show(tmp_path / "show", tmp_path / "cache", {"a.md": ARTICLE}, extra_toml=toml)
    pipeline.build(load_config(root), engine=ToneEngine())
    return root / "feed" / "feed.xml"


@pytest.fixture(scope="module")
def feed(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return _built(tmp_path_factory.mktemp("listeners")).read_bytes()


def test_ai_content_is_declared_for_the_show_and_each_episode(feed):
    channel = etree.fromstring(feed).find("channel")
    for parent in (channel, channel.find("item")):
        [txt] = parent.findall("podcast:txt", NS)
        assert txt.get("purpose") == "ai-content" and txt.text == "true"
    assert channel.findtext("podcast:medium", namespaces=NS) == "podcast"


def test_no_ai_content_tag_when_labels_are_off(tmp_path):
    root = etree.fromstring(_built(tmp_path, "[label]\nenabled = false\n").read_bytes())
    assert not root.findall(".//podcast:txt", NS)
    assert root.find("channel").findtext("podcast:medium", namespaces=NS) == "podcast"


def test_people_are_the_reporter_and_the_editor(feed):
    [item] = etree.fromstring(feed).find("channel").findall("item")
    people = {(p.text, p.get("role"), p.get("group")) for p in item.findall("podcast:person", NS)}
    assert people == {("王小明", "reporter", "cast"), ("李编辑", "editor", "writing")}
    assert feedparser.parse(feed).entries[0].podcast_person  # feedparser sees them too


def test_podcastparser_reads_the_episode_and_its_chapter_lines(feed):
    """podcastparser 0.6.11 maps only the namespace's old URI (github.com/.../1.0.md) to
    `podcast:`, so it ignores our podcast: tags; it must still read the feed and the chapters
    written into the description."""
    parsed = podcastparser.parse("http://podcast.test/show/feed.xml", io.BytesIO(feed))
    [episode] = parsed["episodes"]
    assert parsed["title"] == "测试新闻" and episode["enclosures"][0]["file_size"] > 0
    assert "\n0:00 开场\n" in episode["description"]


def test_feedparser_reads_chapter_timestamps_in_the_description(feed):
    parsed = feedparser.parse(feed)
    assert not parsed.bozo, parsed.get("bozo_exception")
    [entry] = parsed.entries
    stamps = re.findall(r"^(\d+:\d\d) (\S+)$", entry.summary, re.MULTILINE)
    assert stamps[0] == ("0:00", "开场")  # Spotify wants the first at 0:00
    seconds = [int(m) * 60 + int(s) for m, s in (t.split(":") for t, _ in stamps)]
    assert len(seconds) > 1 and seconds == sorted(seconds)
    assert "经济" in {title for _, title in stamps}
    assert "人工智能" in entry.summary or "AI" in entry.summary  # the spoken notice, in words too
