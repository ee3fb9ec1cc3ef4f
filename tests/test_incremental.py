"""A build's cost follows what changed, not the show's size: a no-op build writes nothing and
leaves every file's modification time; an unchanged article is not cleaned again; an unchanged
day is kept without speaking or reading a clip; episodes past max_episodes retire by policy."""

from __future__ import annotations

import json
import sys
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from lxml import etree

from audionews import cleaned, pipeline
from audionews.config import load_config
from audionews.ingest import SourceText
from audionews.model import Article
from audionews.progress import BuildSummary
from audionews.publish.records import last_change, load_manifest
from tests.helpers import make_show
from tools.tone_engine import ToneEngine

DAY1 = "---\ntitle: 第一天\ndate: 2026-11-28 08:00\n---\n市政府今天召开新闻发布会。\n\n会议介绍了全市经济运行情况。\n"
DAY1B = "---\ntitle: 第一天下午\ndate: 2026-11-28 15:00\n---\n下午，气象台发布寒潮预警。\n"
DAY2 = "---\ntitle: 第二天\ndate: 2026-11-29 09:00\n---\n图书馆今天起延长开放时间。\n\n读者可以在晚上借书。\n"
GONE = "---\ntitle: 撤回\ndate: 2026-11-27 09:00\nretracted: true\n---\n这条新闻已经撤回了，因为消息来源有误，编辑部向读者致歉并将尽快核实。\n"


class CountingEngine(ToneEngine):
    """The tone stand-in, counting the sentences it is asked to speak."""

    def __init__(self) -> None:
        self.spoken = 0

    def synthesize(self, texts, deliver) -> None:  # type: ignore[no-untyped-def]
        self.spoken += len(texts)
        super().synthesize(texts, deliver)


def _show(tmp_path: Path, toml: str = "[edition]\ndaily = true\n", show: str = "") -> Path:
    """`show`: lines for the [show] table, which the test show already has."""
    articles = {"a.md": DAY1, "b.md": DAY1B, "c.md": DAY2, "gone.md": GONE}
    root = make_show(tmp_path / "show", tmp_path / "cache", articles, extra_toml=toml)
    settings = root / "audionews.toml"
    settings.write_text(settings.read_text("utf-8").replace("[show]\n", f"[show]\n{show}", 1), "utf-8")
    return root


def _build(root: Path, engine: ToneEngine | None = None) -> BuildSummary:
    summary = pipeline.build(load_config(root), engine=engine or ToneEngine())
    assert not summary.failed, summary.failed
    return summary


def _snapshot(feed: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(feed)): (p.read_bytes(), p.stat().st_mtime_ns) for p in feed.rglob("*") if p.is_file()}


def test_two_noop_builds_leave_every_published_file_as_it_was(tmp_path):
    root = _show(tmp_path)
    first = _build(root)
    assert set(first.changed_feeds) == {"feed.xml", "daily.xml"}
    before = _snapshot(root / "feed")
    assert {"feed.xml", "daily.xml", "index.html", "manifest.json", "episodes/a.html"} <= set(before)
    for _ in range(2):
        again = _build(root)
        assert again.changed_feeds == ()
        assert _snapshot(root / "feed") == before  # bytes and mtime_ns of every file


def test_last_build_date_moves_with_the_content_not_the_clock(tmp_path):
    root = _show(tmp_path)
    _build(root)
    manifest = list(load_manifest(root / "feed").values())

    def build_date(name: str) -> object:
        channel = etree.fromstring((root / "feed" / name).read_bytes()).find("channel")
        return parsedate_to_datetime(channel.findtext("lastBuildDate"))

    articles = [r for r in manifest if r.kind == "article"]
    assert build_date("feed.xml") == last_change(articles).replace(microsecond=0)
    (root / "articles" / "d.md").write_text(DAY2.replace("第二天", "新到的").replace("09:00", "23:00"), "utf-8")
    assert _build(root).changed_feeds == ("daily.xml", "feed.xml")
    assert build_date("feed.xml") > last_change(articles)


class CountingCleaner:
    """`clean_source` as the build calls it, counting the sources it is given."""

    def __init__(self) -> None:
        self.slugs: list[str] = []
        self.real = cleaned.clean_source

    def __call__(self, source: SourceText) -> Article:
        self.slugs.append(source.slug)
        return self.real(source)


@pytest.fixture
def cleaner(monkeypatch: pytest.MonkeyPatch) -> CountingCleaner:
    counting = CountingCleaner()
    monkeypatch.setattr(cleaned, "clean_source", counting)
    return counting


def test_an_unchanged_article_is_not_cleaned_again(tmp_path, cleaner, monkeypatch):
    root = _show(tmp_path)
    _build(root)
    assert sorted(cleaner.slugs) == ["a", "b", "c", "gone"]
    cleaner.slugs.clear()
    _build(root)
    assert cleaner.slugs == []
    (root / "articles" / "b.md").write_text(DAY1B.replace("寒潮", "大风"), "utf-8")
    [b] = [r for r in _build(root).results if r.slug == "b"]
    assert cleaner.slugs == ["b"] and b.status == "built"
    cleaner.slugs.clear()
    monkeypatch.setattr(cleaned, "CLEANER_VERSION", cleaned.CLEANER_VERSION + 1)
    summary = _build(root)
    assert sorted(cleaner.slugs) == ["a", "b", "c", "gone"]
    assert {r.slug: r.status for r in summary.results}["a"] == "unchanged"  # the same Article again


@pytest.mark.parametrize("damage", ["torn", "other shape", "another article"])
def test_a_damaged_cache_entry_is_cleaned_again(tmp_path, cleaner, damage):
    root = _show(tmp_path)
    _build(root)
    entries = sorted((tmp_path / "cache" / cleaned.CLEANED_DIR).rglob("*.json"))
    assert len(entries) == 4
    stored = {json.loads(p.read_text("utf-8"))["slug"]: p for p in entries}
    other = stored["c"].read_text("utf-8")
    stored["a"].write_text(
        {"torn": '{"slug": "a", "pa', "other shape": '{"slug": 3}', "another article": other}[damage]
    )
    cleaner.slugs.clear()
    summary = _build(root)
    assert cleaner.slugs == ["a"]
    assert {r.slug: r.status for r in summary.results}["a"] == "unchanged"


CLIP_OPENS: list[str] = []
_WATCHING: list[bool] = [False]


def _watch_opens(event: str, args: tuple) -> None:  # type: ignore[type-arg]
    if _WATCHING[0] and event == "open" and "clips" in str(args[0]):
        CLIP_OPENS.append(str(args[0]))


sys.addaudithook(_watch_opens)  # audit hooks cannot be removed: it records only while watching


def test_an_unchanged_day_is_kept_without_speaking_or_reading_a_clip(tmp_path):
    root = _show(tmp_path)
    _build(root)
    engine = CountingEngine()
    CLIP_OPENS.clear()
    _WATCHING[0] = True
    try:
        summary = _build(root, engine)
    finally:
        _WATCHING[0] = False
    status = {r.slug: r.status for r in summary.results}
    assert status["daily-2026-11-28"] == status["daily-2026-11-29"] == "unchanged"
    assert engine.spoken == 0 and CLIP_OPENS == []
    (root / "articles" / "b.md").write_text(DAY1B.replace("寒潮", "大风"), "utf-8")
    status = {r.slug: r.status for r in _build(root, engine).results}
    assert status["daily-2026-11-28"] == "built" and status["daily-2026-11-29"] == "unchanged"
    assert engine.spoken == 1  # the one changed sentence, heard in the article and its day


def test_retired_episodes_are_kept_by_default_and_never_rewritten(tmp_path):
    root = _show(tmp_path, "", "max_episodes = 1\n")
    _build(root)
    feed = root / "feed"
    assert {"episodes/a.mp3", "episodes/a.html", "episodes/b.mp3"} <= set(_snapshot(feed))
    before = _snapshot(feed)
    _build(root)
    assert _snapshot(feed) == before


def test_retire_remove_deletes_what_left_the_feed_and_keeps_its_record(tmp_path):
    root = _show(tmp_path, "", 'max_episodes = 1\nretire = "remove"\n')
    first = _build(root)
    feed = root / "feed"
    left = {p.name for p in (feed / "episodes").iterdir()}
    assert {"c.mp3", "c.html", "c.vtt"} <= left and not {n for n in left if n.startswith(("a.", "b."))}
    records = load_manifest(feed)
    assert records["a"].retired_at and records["b"].retired_at and records["c"].retired_at is None
    assert b"/a.html" not in (feed / "index.html").read_bytes()
    before = _snapshot(feed)
    again = _build(root)
    assert _snapshot(feed) == before  # retired episodes are not made again
    assert {r.slug: r.status for r in again.results}["a"] == "retired"
    assert first.results  # the first build reported every article


def test_pages_follow_what_every_page_shares_and_come_back_when_deleted(tmp_path):
    root = _show(tmp_path, "")
    _build(root)
    page = root / "feed" / "episodes" / "a.html"
    page.unlink()
    _build(root)
    assert page.is_file()
    settings = root / "audionews.toml"
    text = settings.read_text("utf-8")
    settings.write_text(text.replace('description = "测试用的节目"', 'description = "新的简介"'), "utf-8")
    statuses = {r.status for r in _build(root).results}
    assert statuses == {"unchanged", "retracted"}  # no episode changed: only what every page shows
    assert "新的简介" in page.read_text("utf-8") and "新的简介" in (root / "feed/episodes/c.html").read_text("utf-8")
