"""`audionews fetch` and `update` against a real local HTTP server (tools/fake_site.py):
feeds of every kind, conditional requests, robots.txt, and the faults a crawler meets."""

from __future__ import annotations

from pathlib import Path

import podcastparser
import pytest

from tests.helpers import run_cli, run_cli_with_edge
from tools.fake_edge import FakeEdgeService
from tools.fake_site import article_html
from tools.showkit import make_show

FAST = "\n[fetch]\ndelay_s = 0.0\ntimeout_s = 0.8\nretries = 1\nmax_bytes = 100000\n"


def _show(tmp_path: Path, extra: str = "") -> Path:
    return make_show(tmp_path / "show", tmp_path / "cache", extra_toml=FAST + extra)


def _articles(root: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((root / "articles").glob("*.md"))}


@pytest.mark.slow  # five episodes through real ffmpeg
def test_a_feed_of_five_fetched_then_nothing_new_then_one_change_then_built(tmp_path, site):
    """The issue's acceptance run, end to end."""
    root = _show(tmp_path)
    first = run_cli("fetch", "-C", root, site.url("/feed.xml"))
    assert first.code == 0, first.stderr
    files = _articles(root)
    assert len(files) == 5 and "5 new" in first.stdout
    for text in files.values():
        assert text.startswith("---\ntitle: 第") and f"url: {site.url('/news/')}" in text
        assert "source: 测试新闻网" in text and "published: 2023-11-1" in text
        assert "末班车推迟到晚上十一点" in text and "版权所有" not in text and "首頁" not in text

    second = run_cli("fetch", "-C", root, site.url("/feed.xml"))
    assert second.code == 0 and _articles(root) == files
    assert site.not_modified["/feed.xml"] == 1, "the unchanged feed is asked for with its ETag and answered 304"

    site.set_page("/feed.xml", site.rss(range(1, 6)).replace("</channel>", "<!-- touched --></channel>"))
    site.set_page("/news/3.html", article_html(3, extra="记者稍后补充：末班车时间将在节假日再延后半小时。"))
    third = run_cli("fetch", "-C", root, site.url("/feed.xml"))
    assert third.code == 0, third.stderr
    after = _articles(root)
    changed = [name for name in files if after[name] != files[name]]
    assert len(changed) == 1 and "节假日再延后半小时" in after[changed[0]] and set(after) == set(files)
    assert "1 updated" in third.stdout and site.not_modified["/news/1.html"] == 1

    from audionews.config import load_config
    from audionews.pipeline import build
    from audionews.progress import QuietReporter
    from tools.tone_engine import ToneEngine

    summary = build(load_config(root), QuietReporter(), engine=ToneEngine())
    assert not summary.failed and len(summary.results) == 5
    with (root / "feed" / "feed.xml").open("rb") as handle:
        episodes = podcastparser.parse(site.url("/"), handle)["episodes"]
    assert len(episodes) == 5 and {e["title"] for e in episodes} == {f"第{n}篇新闻标题" for n in range(1, 6)}


def test_a_failing_source_is_named_and_the_others_are_still_fetched(tmp_path, site):
    root = _show(
        tmp_path,
        f'\n[[sources]]\nurl = "{site.url("/feed.xml")}"\nname = "好新闻"\n'
        f'\n[[sources]]\nurl = "{site.url("/error500.xml")}"\nname = "坏新闻"\n',
    )
    run = run_cli("fetch", "-C", root)
    assert run.code == 1
    assert "坏新闻" in run.stderr and "HTTP 500 after 2 attempts" in run.stderr and "好新闻" not in run.stderr
    assert len(_articles(root)) == 5 and site.requests["/error500.xml"] == 2  # retried once
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/malformed.xml", "not a readable feed"),
        ("/huge.xml", "larger than 100,000 bytes"),
        ("/slow.xml", "timed out after 2 attempts"),
        ("/loop", "more than 5 redirects"),
        ("/missing.xml", "HTTP 404"),
        ("/image.png", "not a feed or a page (image/png)"),
        ("/private/feed.xml", "robots.txt does not allow"),
    ],
)
def test_faults_fail_the_source_with_one_line(tmp_path, site, path, reason):
    root = _show(tmp_path)
    run = run_cli("fetch", "-C", root, site.url(path))
    assert run.code == 1 and reason in run.stderr, run.stderr
    assert len([line for line in run.stderr.splitlines() if line.startswith("failed")]) == 1
    assert not _articles(root) and "Traceback" not in run.stderr


def test_redirects_are_followed_and_an_article_listed_twice_is_written_once(tmp_path, site):
    root = _show(tmp_path)
    run = run_cli("fetch", "-C", root, site.url("/redirect"), site.url("/twice.xml"))
    assert run.code == 0, run.stderr
    assert len(_articles(root)) == 5  # /twice.xml lists 1, 2, 2, 3: all already in /feed.xml
    assert site.requests["/news/2.html"] == 1


@pytest.mark.parametrize(("path", "count"), [("/atom.xml", 3), ("/feed.json", 3)])
def test_atom_and_json_feed(tmp_path, site, path, count):
    root = _show(tmp_path)
    run = run_cli("fetch", "-C", root, site.url(path))
    assert run.code == 0, run.stderr
    files = _articles(root)
    assert len(files) == count
    if path == "/feed.json":
        assert any("author: 记者1" in text for text in files.values())


def test_big5_and_gbk_pages_and_a_script_only_page(tmp_path, site):
    root = _show(tmp_path)
    run = run_cli("fetch", "-C", root, site.url("/big5.html"), site.url("/gbk.html"), site.url("/shell.html"))
    assert run.code == 0, run.stderr
    texts = list(_articles(root).values())
    assert len(texts) == 2
    assert any("臺灣的報導，以大五碼編寫。" in t for t in texts) and any("这一页用国标码编写" in t for t in texts)
    assert "skipped" in run.stderr and "shell.html" in run.stderr and "no article text" in run.stderr


def test_a_page_given_directly_is_fetched_again_when_its_file_is_gone(tmp_path, site):
    root = _show(tmp_path)
    assert run_cli("fetch", "-C", root, site.url("/gbk.html")).code == 0
    [page] = (root / "articles").glob("*.md")
    assert run_cli("fetch", "-C", root, site.url("/gbk.html")).code == 0 and site.not_modified["/gbk.html"] == 1
    page.unlink()
    assert run_cli("fetch", "-C", root, site.url("/gbk.html")).code == 0 and page.exists()


def test_the_same_entry_always_lands_in_the_same_file(tmp_path, site):
    root = _show(tmp_path)
    assert run_cli("fetch", "-C", root, site.url("/feed.xml")).code == 0
    before = set(_articles(root))
    for path in (root / "articles").glob("*.md"):
        path.unlink()
    (tmp_path / "cache" / "fetch-state.json").unlink()
    assert run_cli("fetch", "-C", root, site.url("/feed.xml")).code == 0
    assert set(_articles(root)) == before


def test_include_exclude_and_max_items(tmp_path, site):
    root = _show(
        tmp_path,
        f'\n[[sources]]\nurl = "{site.url("/feed.xml")}"\nmax_items = 2\nexclude = ["第5篇"]\n',
    )
    assert run_cli("fetch", "-C", root).code == 0
    titles = sorted(t.split("\n")[1] for t in _articles(root).values())
    assert titles == ["title: 第3篇新闻标题", "title: 第4篇新闻标题"]  # newest two, 5 excluded


@pytest.mark.parametrize(
    ("toml", "key"),
    [
        ('\n[[sources]]\nurl = "ftp://example.com/feed"\n', "sources[0].url"),
        ('\n[[sources]]\nurl = "http://example.com/feed"\ninclude = ["("]\n', "sources[0].include"),
        ('\n[[sources]]\nurl = "http://example.com/feed"\ncolour = "red"\n', "sources[0].colour"),
        ("\n[fetch]\nper_host = 0\n", "fetch.per_host"),
    ],
)
def test_bad_source_config_is_exit_2_naming_the_key(tmp_path, toml, key):
    root = make_show(tmp_path / "show", tmp_path / "cache", extra_toml=toml)
    run = run_cli("fetch", "-C", root)
    assert run.code == 2 and key in run.stderr and "audionews.toml" in run.stderr


def test_no_source_at_all_is_a_config_error(tmp_path):
    root = make_show(tmp_path / "show", tmp_path / "cache")
    run = run_cli("fetch", "-C", root)
    assert run.code == 2 and "no [[sources]] and no URL" in run.stderr


def test_update_fetches_then_builds(tmp_path, site):
    root = _show(tmp_path)
    with FakeEdgeService() as edge:
        run = run_cli_with_edge(edge.url, "update", "-C", root, "-q", "--engine", "edge", site.url("/big5.html"))
    assert run.code == 0, run.stderr
    assert len(list((root / "feed" / "episodes").glob("*.mp3"))) == 1
