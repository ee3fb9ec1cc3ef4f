"""Every channel and item tag podcast apps use, read from the built feed with lxml."""

from __future__ import annotations

import io
import json
import re
import uuid
from email.utils import parsedate_to_datetime

from lxml import etree
from PIL import Image

from tests.helpers import SEED

NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
}
BASE = "http://podcast.test/show/"


def _channel(root):
    return etree.fromstring((root / "feed/feed.xml").read_bytes()).find("channel")


def test_channel_tags(seed_show):
    root, _ = seed_show
    ch = _channel(root)
    assert ch.findtext("title") == "测试新闻" and ch.findtext("description") == "测试用的节目"
    assert ch.findtext("link") == BASE and ch.findtext("language") == "zh-cn"
    assert ch.find("atom:link", NS).get("href") == BASE + "feed.xml" and ch.find("atom:link", NS).get("rel") == "self"
    assert ch.findtext("itunes:author", namespaces=NS) == "测试台"
    assert ch.findtext("itunes:owner/itunes:email", namespaces=NS) == "test@example.com"
    assert ch.find("itunes:image", NS).get("href") == BASE + "cover.png"
    assert ch.find("itunes:category", NS).get("text") == "News"
    assert ch.findtext("itunes:explicit", namespaces=NS) == "false"
    assert ch.findtext("itunes:type", namespaces=NS) == "episodic"
    bare = BASE.split("://", 1)[1].rstrip("/") + "/feed.xml"
    assert ch.findtext("podcast:guid", namespaces=NS) == str(
        uuid.uuid5(uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6"), bare)
    )
    assert ch.findtext("podcast:locked", namespaces=NS) == "yes"
    assert parsedate_to_datetime(ch.findtext("lastBuildDate")).tzinfo is not None
    with Image.open(root / "feed/cover.png") as cover:
        assert cover.size[0] == cover.size[1] and 1400 <= cover.size[0] <= 3000


def test_item_tags(seed_show):
    root, report = seed_show
    [item] = _channel(root).findall("item")
    [episode] = report["episodes"]
    slug = SEED.stem
    assert item.findtext("title") == episode["title"]
    assert item.findtext("guid") == episode["guid"] and item.find("guid").get("isPermaLink") == "false"
    assert item.findtext("description").startswith("參與疫情防控")
    notes = item.findtext("content:encoded", namespaces=NS)
    assert "<p>" in notes and "韓雪潔" in notes and "<ol>" in notes
    enclosure = item.find("enclosure")
    assert enclosure.get("type") == "audio/mpeg"
    assert enclosure.get("url").startswith(f"{BASE}episodes/{slug}.mp3?v=")
    assert int(enclosure.get("length")) == (root / "feed/episodes" / f"{slug}.mp3").stat().st_size
    assert parsedate_to_datetime(item.findtext("pubDate")).isoformat() == "2022-04-19T08:48:00+08:00"
    assert item.findtext("itunes:duration", namespaces=NS) == str(round(episode["duration_s"]))
    assert item.find("itunes:image", NS).get("href") == BASE + "cover.png"
    transcript = item.find("podcast:transcript", NS)
    assert transcript.get("url") == f"{BASE}episodes/{slug}.vtt" and transcript.get("type") == "text/vtt"
    assert transcript.get("rel") == "captions"
    chapters = item.find("podcast:chapters", NS)
    assert chapters.get("url") == f"{BASE}episodes/{slug}.chapters.json"
    assert chapters.get("type") == "application/json+chapters"
    assert json.loads((root / "feed/episodes" / f"{slug}.chapters.json").read_text())["chapters"][0]["startTime"] == 0


def test_show_notes_file_and_page(seed_show):
    root, _ = seed_show
    notes = (root / "feed/episodes" / f"{SEED.stem}.txt").read_text(encoding="utf-8")
    assert "作者：韓雪潔" in notes and "编辑：馬萍" in notes and "0:00 开场" in notes
    page = (root / "feed/episodes" / f"{SEED.stem}.html").read_text(encoding="utf-8")
    assert 'lang="zh-Hans"' in page and "data-seek" in page and '<track kind="captions"' in page
    assert not re.search(r'src="https?://', page) and "stylesheet" not in page  # no external assets


def test_intro_template_from_the_show_folder(tmp_path, clip_cache):
    from audionews.clean import clean_source
    from audionews.config import load_config
    from audionews.ingest import read_article
    from audionews.model import SegmentKind
    from audionews.script import Templates, plan_episode
    from tests.helpers import make_show

    root = make_show(tmp_path / "show", clip_cache, {SEED.name: SEED.read_text(encoding="utf-8")})
    (root / "templates").mkdir()
    (root / "templates" / "intro.txt.j2").write_text("这里是{{ show }}，{{ date }}。", encoding="utf-8")
    config = load_config(root)
    article = clean_source(read_article(root / "articles" / SEED.name))
    plan = plan_episode(article, config, Templates(config), lambda s: s)
    label, intro = plan.segments[:2]
    assert label.kind is SegmentKind.LABEL and label.jingle_before and label.chapter == "开场"
    assert intro.kind is SegmentKind.INTRO
    assert "".join(u.display for u in intro.utterances) == "这里是测试新闻，2022年4月19日。"
    outro = plan.segments[-1]
    assert "韓雪潔" in "".join(u.display for u in outro.utterances)  # the built-in outro still applies


def test_generated_cover_is_apple_size_and_distinct_per_show():
    from audionews.cover import generate_cover

    first, second = generate_cover("有声新闻"), generate_cover("另一个节目")
    for data in (first, second):
        with Image.open(io.BytesIO(data)) as image:
            assert image.size == (1400, 1400) and image.format == "PNG" and image.mode == "RGB"
    assert first != second and first == generate_cover("有声新闻")  # stable, so episodes are not rebuilt


def test_newest_first_and_max_episodes(tmp_path):
    from dataclasses import replace

    from audionews.config import load_config
    from audionews.publish.feed import build_feed
    from audionews.publish.records import EpisodeRecord

    def record(slug: str, published: str) -> EpisodeRecord:
        return EpisodeRecord(
            slug=slug,
            guid=f"urn:x:{slug}",
            title=slug,
            published=published,
            first_seen=published,
            duration_s=60.0,
            mp3_bytes=1000,
            mp3_sha="abc",
            fingerprint="f",
            engine="offline",
            voice="baker",
            summary="s",
            source_file=f"{slug}.txt",
        )

    config = load_config(tmp_path)
    records = [
        record("old", "2020-01-01T08:00:00+08:00"),
        record("new", "2023-01-01T08:00:00+08:00"),
        record("mid", "2021-06-01T08:00:00+08:00"),
    ]
    items = etree.fromstring(build_feed(config, records, "http://x/cover.png")).find("channel").findall("item")
    assert [i.findtext("title") for i in items] == ["new", "mid", "old"]
    limited = replace(config, show=replace(config.show, max_episodes=2))
    items = etree.fromstring(build_feed(limited, records, "http://x/cover.png")).find("channel").findall("item")
    assert [i.findtext("title") for i in items] == ["new", "mid"]
