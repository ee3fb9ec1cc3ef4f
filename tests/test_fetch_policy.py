"""`audionews fetch`: what issue 25 left to decide, as decided (README "Pulling articles from
your site"): private addresses, robots.txt that cannot be read, time budgets and Retry-After,
pages too big to extract, bad bytes, one URL under several ids, JSON Feeds of the wrong shape."""

from __future__ import annotations

import json
import time

import pytest

from tests.fetch_kit import articles, failed_lines, fetch, show, source
from tests.helpers import run_cli
from tools.fake_site import FakeSite, article_html


@pytest.fixture
def other():
    """A second server on loopback: another port, so another origin."""
    with FakeSite() as running:
        yield running


def test_links_and_redirects_to_other_private_origins_are_refused(tmp_path, site, other):
    """A feed is someone else's data: its links must not reach the newsroom's own network."""
    site.set_page("/ssrf.xml", site.rss([1]).replace(site.url("/news/1.html"), other.url("/news/1.html")))
    root = show(tmp_path)
    summary = fetch(root, site.url("/ssrf.xml"), site.url(f"/to?url={other.url('/feed.xml')}"))
    assert len(summary.failed) == 2 and all("private or local address (127.0.0.1)" in f for f in summary.failed)
    assert sum(other.requests.values()) == 0 and not articles(root)


def test_allow_private_lets_listed_networks_through(tmp_path, site, other):
    site.set_page("/ssrf.xml", site.rss([1]).replace(site.url("/news/1.html"), other.url("/news/1.html")))
    summary = fetch(show(tmp_path, 'allow_private = ["127.0.0.0/8"]\n'), site.url("/ssrf.xml"))
    assert not summary.failed and summary.count("new") == 1 and other.requests["/news/1.html"] == 1


def test_allow_private_that_is_not_a_network_is_exit_2(tmp_path):
    run = run_cli("fetch", "-C", show(tmp_path, 'allow_private = ["intranet"]\n'), "http://example.com/")
    assert run.code == 2 and "fetch.allow_private" in run.stderr


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (503, "robots.txt unreachable (HTTP 503"),
        (0, "robots.txt unreachable (timed out"),
        (302, "robots.txt unreachable (more than 5 redirects"),
    ],
)
def test_a_robots_txt_that_cannot_be_read_keeps_us_out(tmp_path, site, status, reason):
    """RFC 9309 2.3.1.4: a 5xx or an unreachable robots.txt means disallow everything."""
    site.robots_status, site.slow_s = status, 2.0
    summary = fetch(show(tmp_path), site.url("/feed.xml"))
    assert len(summary.failed) == 1 and reason in summary.failed[0], summary.failed
    assert site.requests["/feed.xml"] == 0


def test_a_robots_txt_answering_404_allows_everything(tmp_path, site):
    site.robots_status = 404
    assert not fetch(show(tmp_path), site.url("/feed.xml")).failed


def test_a_silent_host_costs_the_source_budget_not_timeouts_times_retries(tmp_path, site):
    """Twenty links to a host that never answers: about 800 s before; now the source's budget."""
    site.slow_s = 30.0
    numbers = range(1, 21)
    feed = site.rss(numbers)
    for n in numbers:
        feed = feed.replace(site.url(f"/news/{n}.html"), site.url(f"/silent/{n}.html"))
    site.set_page("/silent.xml", feed, "application/rss+xml")
    root = show(tmp_path, "timeout_s = 1.0\nretries = 2\nper_host = 8\nsource_budget_s = 3.0\n")
    started = time.monotonic()
    summary = fetch(root, site.url("/silent.xml"))
    assert time.monotonic() - started < 6
    assert summary.count("failed") == 20
    assert all("timed out" in line or "the source's 3 s budget is spent" in line for line in summary.failed)


def test_the_run_budget_bounds_every_source(tmp_path, site, other):
    site.slow_s = other.slow_s = 30.0
    root = show(tmp_path, "timeout_s = 20.0\nrun_budget_s = 2.0\n")
    started = time.monotonic()
    summary = fetch(root, site.url("/slow.xml"), other.url("/slow.xml"))
    assert time.monotonic() - started < 5
    assert summary.failed == [
        f"{s.url('/slow.xml')}: out of time (the run's 2 s budget is spent)" for s in (site, other)
    ]


def test_retry_after_is_honoured_within_the_budget(tmp_path, site):
    site.busy = ["1"]
    started = time.monotonic()
    summary = fetch(show(tmp_path), site.url("/busy.xml"))
    assert not summary.failed and summary.count("new") == 5 and time.monotonic() - started >= 1.0
    assert site.requests["/busy.xml"] == 2


def test_a_retry_after_beyond_the_budget_fails_at_once(tmp_path, site):
    site.busy = ["3600"]
    started = time.monotonic()
    summary = fetch(show(tmp_path), site.url("/busy.xml"))
    assert summary.failed == [
        f"{site.url('/busy.xml')}: HTTP 503, asked to retry in 3600 s: beyond the source's 120 s budget"
    ]
    assert time.monotonic() - started < 2


def test_a_page_too_big_to_extract_is_skipped_quickly(tmp_path, site):
    site.set_page("/flood.html", article_html(1, extra="</p><p>".join(["短。"] * 40_000)))
    root = show(tmp_path, "max_bytes = 5000000\n")
    started = time.monotonic()
    run = run_cli("fetch", "-C", root, site.url("/flood.html"))
    assert run.code == 0 and "too many elements to extract" in run.stderr, run.stderr
    assert time.monotonic() - started < 10 and not articles(root)


def test_a_gb2312_page_with_a_few_bad_bytes_is_read_and_noted(tmp_path, site):
    good = article_html(9, "这一页用国标码编写。", "gb2312").encode("gb18030")  # what gb2312 pages hold
    site.pages["/gb.html"] = good.replace("国标码".encode("gb18030"), b"\xff\xfe\xff" + "国标码".encode("gb18030"))
    site.content_types["/gb.html"] = "text/html; charset=gb2312"
    root = show(tmp_path)
    run = run_cli("fetch", "-C", root, site.url("/gb.html"))
    assert run.code == 0, run.stderr
    [text] = articles(root).values()
    assert "国标码编写" in text and "undecodable byte sequence(s) in gb2312 replaced" in run.stderr


def test_one_url_under_three_entry_ids_is_one_file(tmp_path, site):
    feed = site.rss([1, 1, 1])
    for n in ("a", "b", "c"):
        feed = feed.replace("<guid>news-1</guid>", f"<guid>id-{n}</guid>", 1)
    site.set_page("/ids.xml", feed, "application/rss+xml")
    root = show(tmp_path)
    summary = fetch(root, site.url("/ids.xml"))
    assert len(articles(root)) == 1 and summary.count("skipped") == 2 and site.requests["/news/1.html"] == 1


def test_a_json_feed_whose_items_is_a_string_fails_with_a_reason(tmp_path, site):
    site.set_page("/str.json", json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": "abc"}))
    run = run_cli("fetch", "-C", show(tmp_path, source(site.url("/str.json"), "字符串")))
    assert run.code == 1 and failed_lines(run.stderr) == [
        "failed 字符串: not a readable JSON Feed (items is a str, not a list)"
    ]
