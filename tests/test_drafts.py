"""Drafts and embargoes (issue 28): `status: draft` and a `publish_at` still to come are built
but appear in no feed, page or bulletin; the first build after `publish_at` publishes the
episode made while it was held, at that time, without speaking or rendering it again. Built
with the tone stand-in, the clock given to the build."""

from __future__ import annotations

import http.client
import json
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import pytest

from audionews import pipeline
from audionews.config import load_config
from audionews.publish.preview import write_preview
from tests.helpers import make_show, run_cli, serving
from tools.tone_engine import ToneEngine

SHANGHAI = ZoneInfo("Asia/Shanghai")
BEFORE = datetime(2026, 12, 5, 6, 30, tzinfo=SHANGHAI)
AFTER = datetime(2026, 12, 5, 7, 5, tzinfo=SHANGHAI)
ARTICLES = {
    "out.md": "---\ntitle: 已发布的新闻\ndate: 2026-12-04 08:00\n---\n市政府今天召开新闻发布会。\n",
    "draft.md": "---\ntitle: 草稿新闻\nstatus: draft\ndate: 2026-12-04 09:00\n---\n气象台发布寒潮蓝色预警。\n",
    "later.md": "---\ntitle: 定时新闻\npublish_at: 2026-12-05 07:00\ndate: 2026-12-04 10:00\n---\n"
    "地铁三号线明天开通运营。\n",
}
HELD_WORDS = ("草稿新闻", "寒潮", "定时新闻", "三号线")


def _show(tmp_path: Path) -> Path:
    return make_show(tmp_path / "show", tmp_path / "cache", ARTICLES, extra_toml="[edition]\ndaily = true\n")


def _build(root: Path, now: datetime) -> dict[str, object]:
    summary = pipeline.build(load_config(root), engine=ToneEngine(), now=now)
    return {r.slug: r for r in summary.results}


def _manifest(root: Path) -> dict[str, dict]:
    raw = json.loads((root / "feed" / "manifest.json").read_text(encoding="utf-8"))
    return {e["slug"]: e for e in raw["episodes"]}


def _published_text(feed: Path) -> str:
    """Everything a listener can find: the feeds and every page."""
    names = ["feed.xml", "daily.xml", *(str(p.relative_to(feed)) for p in feed.rglob("*.html"))]
    return "".join((feed / n).read_text(encoding="utf-8") for n in names)


def _status(port: int, path: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request("GET", path)
    status = conn.getresponse().status
    conn.close()
    return status


@pytest.fixture(scope="module")
def held_show(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    root = _show(tmp_path_factory.mktemp("drafts"))
    return root, _build(root, BEFORE)


def test_held_episodes_are_built_but_published_nowhere(held_show):
    root, results = held_show
    feed = root / "feed"
    assert results["draft"].held == "draft" and results["later"].held == "embargoed"
    assert all((feed / "episodes" / f"{slug}.mp3").is_file() for slug in ("draft", "later"))  # editors can listen
    published = _published_text(feed)
    assert "已发布的新闻" in published and "市政府" in published  # the bulletin and the article
    assert not [w for w in HELD_WORDS if w in published]
    assert not (feed / "episodes" / "draft.html").exists() and not (feed / "episodes" / "later.html").exists()
    manifest = _manifest(root)
    assert manifest["draft"]["hold"] == "draft" and manifest["later"]["hold"] == "embargoed"
    assert manifest["later"]["published"] == "2026-12-05T07:00:00+08:00"


def test_serve_does_not_hand_out_held_audio(held_show):
    root, _ = held_show
    with serving(root) as (port, _proc):
        assert _status(port, "/episodes/out.mp3") == 200
        assert _status(port, "/episodes/later.mp3") == 404 and _status(port, "/episodes/draft.vtt") == 404


def test_preview_shows_editors_the_held_episodes_outside_feed(held_show):
    root, _ = held_show
    index = write_preview(load_config(root))
    assert index == root / "preview" / "index.html"
    text = index.read_text(encoding="utf-8")
    assert "草稿新闻" in text and "定时新闻" in text and "已发布的新闻" not in text
    for slug in ("draft", "later"):
        page = (root / "preview" / "episodes" / f"{slug}.html").read_text(encoding="utf-8")
        assert f'src="../episodes/{slug}.mp3' in page
        copy, original = root / "preview" / "episodes" / f"{slug}.mp3", root / "feed" / "episodes" / f"{slug}.mp3"
        assert copy.read_bytes() == original.read_bytes()
    assert not list((root / "feed").rglob("preview*"))


def test_the_first_build_after_publish_at_publishes_it_at_that_time(tmp_path):
    root = _show(tmp_path)
    _build(root, BEFORE)
    made = _manifest(root)["later"]
    results = _build(root, AFTER)
    later = results["later"]
    assert later.status == "unchanged" and later.synthesized == 0 and later.held == ""  # not made again
    record = _manifest(root)["later"]
    assert record["hold"] == "" and record["mp3_sha"] == made["mp3_sha"]
    entries = {e.title: e for e in feedparser.parse((root / "feed" / "feed.xml").read_bytes()).entries}
    assert set(entries) == {"已发布的新闻", "定时新闻"}  # the draft stays out
    when = parsedate_to_datetime(entries["定时新闻"].published)
    assert when == datetime(2026, 12, 5, 7, 0, tzinfo=SHANGHAI)
    assert (root / "feed" / "episodes" / "later.html").is_file()
    assert "三号线" in (root / "feed" / "episodes" / "daily-2026-12-04.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("line", "why"), [("status: pending", "status: must be draft or published"), ("publish_at: 明天", "publish_at")]
)
def test_a_bad_hold_is_the_article_s_refusal(tmp_path, line, why):
    root = make_show(
        tmp_path / "show", tmp_path / "cache", {"a.md": f"---\ntitle: 新闻\n{line}\n---\n市政府今天开会。\n"}
    )
    [result] = pipeline.build(load_config(root), engine=ToneEngine()).results
    assert result.status == "failed" and why in (result.error or "")


def test_build_offers_preview():
    run = run_cli("build", "--help")
    assert run.code == 0 and "--preview" in run.stdout
