"""`audionews fetch` against hostile servers (issue 25): the nine defects, each pinned by a test
against tools/fake_site.py, or tools/raw_site.py where aiohttp's server will not misbehave."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from urllib.parse import quote

import pytest

from audionews.ingest import read_article
from tests.fetch_kit import articles, failed_lines, fetch, front, show, source
from tests.helpers import run_cli
from tools.fake_site import article_html
from tools.raw_site import RawSite, answer

FEED = '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
RAW = {  # what aiohttp's client refuses to read: each must fail its own source only
    "/many-headers": answer("HTTP/1.1 200 OK\n" + "\n".join(f"X-H{i}: v" for i in range(200)) + "\nContent-Length: 0"),
    "/long-header": answer("HTTP/1.1 200 OK\nX-Long: " + "a" * 9000 + "\nContent-Length: 0"),
    "/short-body": answer("HTTP/1.1 200 OK\nContent-Type: application/rss+xml\nContent-Length: 5000", FEED.encode()),
    "/bad-length": answer("HTTP/1.1 200 OK\nContent-Length: abc", FEED.encode()),
    "/two-lengths": answer("HTTP/1.1 200 OK\nContent-Length: 10\nContent-Length: 20", FEED.encode()),
    "/bad-chunk": answer("HTTP/1.1 200 OK\nTransfer-Encoding: chunked", b"zz\r\nhello\r\n0\r\n\r\n"),
    "/brotli": answer("HTTP/1.1 200 OK\nContent-Encoding: br\nContent-Length: 10", b"\x8b\x03\x80hello\x03"),
    "/not-gzip": answer("HTTP/1.1 200 OK\nContent-Encoding: gzip\nContent-Length: 10", b"0123456789"),
    "/zstd": answer("HTTP/1.1 200 OK\nContent-Encoding: zstd\nContent-Length: 10", b"(\xb5/\xfd\x00Xhello"),
}
REDIRECTS = ["file:///etc/passwd", "ftp://127.0.0.1/feed.xml", "data:text/xml,<rss/>", "javascript:alert(1)"]


@pytest.fixture
def raw():
    with RawSite(dict(RAW)) as running:
        yield running


def test_every_bad_source_fails_alone_named_and_the_run_goes_on(tmp_path, site, raw):
    """Defect 1: a protocol error, a redirect to file:, a JSON Feed of the wrong shape, a page
    in `charset=undefined`: each its own source's one line; the good feed fetched, state saved."""
    site.set_page("/items-int.json", json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": 5}))
    deep = '{"version": "https://jsonfeed.org/version/1.1", "items": ' + "[" * 10_000 + "]" * 10_000 + "}"
    site.set_page("/deep.json", deep, "application/feed+json")
    site.set_page("/undefined.html", article_html(8), "text/html; charset=undefined")
    bad = {f"raw{path}": raw.url(path) for path in RAW}
    bad |= {f"to-{target.split(':')[0]}": site.url(f"/to?url={quote(target, safe='')}") for target in REDIRECTS}
    bad |= {"items-int": site.url("/items-int.json"), "deep": site.url("/deep.json")}
    sources = "".join(source(url, name) for name, url in bad.items())
    root = show(tmp_path, source(site.url("/feed.xml"), "good") + source(site.url("/undefined.html"), "undefined"))
    (root / "audionews.toml").write_text((root / "audionews.toml").read_text() + sources, encoding="utf-8")
    run = run_cli("fetch", "-C", root)
    assert run.code == 1, run.stderr
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr
    lines = failed_lines(run.stderr)
    assert sorted(line.split()[1].rstrip(":") for line in lines) == sorted(bad), run.stderr
    assert len(articles(root)) == 6  # the good feed's five, and the page in charset=undefined
    state = json.loads((tmp_path / "cache" / "fetch-state.json").read_text(encoding="utf-8"))
    assert site.url("/feed.xml") in state["validators"]


def test_json_feed_authors_of_the_wrong_type_and_dates_out_of_range_are_no_crash(tmp_path, site):
    items = [
        {"id": "a", "url": site.url("/news/1.html"), "title": "作者是数字", "authors": 5},
        {
            "id": "b",
            "url": site.url("/news/2.html"),
            "title": "日期太早",
            "date_published": "0001-01-01T00:00:00+01:00",
        },
        {"id": "c", "url": site.url("/news/3.html"), "title": ["标题是列表"], "author": "not an object"},
    ]
    site.set_page("/odd.json", json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": items}))
    rss = site.rss([4])
    site.set_page(
        "/late.xml",
        rss[: rss.index("<pubDate>")] + "<pubDate>Fri, 31 Dec 9999 23:00:00 -0500</pubDate></item></channel></rss>",
    )
    summary = fetch(show(tmp_path), site.url("/odd.json"), site.url("/late.xml"))
    assert not summary.failed and summary.count("new") == 4
    dates = [front(text).get("published") for text in articles(tmp_path / "show").values()]
    assert dates == [None] * 4  # unreadable once in UTC: left out, never a crash


@pytest.mark.parametrize("url", ["http://[::1/x", "http://", "http://exa mple.com/"])
def test_a_url_that_cannot_be_fetched_on_the_command_line_is_exit_2(tmp_path, url):
    run = run_cli("fetch", "-C", show(tmp_path), url)
    assert run.code == 2 and "Traceback" not in run.stderr and "URL" in run.stderr, run.stderr


def test_a_broken_ipv6_link_in_a_feed_is_one_skipped_line(tmp_path, site):
    site.set_page("/v6.xml", site.rss([1]).replace(site.url("/news/1.html"), "http://[::1/x"), "application/rss+xml")
    run = run_cli("fetch", "-C", show(tmp_path), site.url("/v6.xml"))
    assert run.code == 0 and "skipped" in run.stderr and "[::1/x" in run.stderr, run.stderr


@pytest.fixture
def shanghai(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_rss_and_atom_dates_are_exact_in_any_time_zone(tmp_path, site, shanghai):
    """Defect 2: feedparser's UTC struct was read back as local time (time.mktime)."""
    root = show(tmp_path)
    fetch(root, site.url("/feed.xml"))
    rss = sorted(str(front(t)["published"]) for t in articles(root).values())
    assert rss == [str(datetime.fromtimestamp(1_700_000_000 + n * 3600, UTC)) for n in range(1, 6)]
    for path in (root / "articles").glob("*.md"):
        path.unlink()
    fetch(root, site.url("/atom.xml"))
    atom = sorted(str(front(t)["published"]) for t in articles(root).values())
    assert atom == [f"2023-11-1{n} 08:00:00+00:00" for n in range(1, 4)]


HOSTILE_TITLES = [
    "a: b: c",
    "&anchor",
    "*alias",
    "[x",
    "- x",
    "| x",
    "> x",
    "# x",
    "yes",
    "no",
    "null",
    "~",
    "2024-01-01",
    '{"a": 1}',
    '"double quoted" then more',
    "'single' then more",
    "!!python/object:os.system",
    "%YAML 1.1",
    "@at",
    "`tick",
    "? key",
    "---",
    "...",
    "key: value # comment",
    "0o17",
    "1e3",
    ".inf",
]


def test_hostile_titles_and_feed_titles_round_trip_through_the_front_matter(tmp_path, site):
    """Defect 3: front matter was unquoted `key: value`, and the reader stripped quotes."""
    items = []
    for n, title in enumerate(HOSTILE_TITLES):
        site.set_page(f"/t/{n}.html", article_html(n))
        items.append({"id": f"t{n}", "url": site.url(f"/t/{n}.html"), "title": title, "authors": [{"name": title}]})
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "- 源: [坏", "items": items}
    site.set_page("/hostile.json", json.dumps(feed), "application/feed+json")
    root = show(tmp_path, "\n[[sources]]\nurl = " + json.dumps(site.url("/hostile.json")) + "\nmax_items = 50\n")
    assert not fetch(root).failed
    written = {str(front(t)["title"]): t for t in articles(root).values()}
    assert sorted(written) == sorted(HOSTILE_TITLES)
    for title, text in written.items():
        fields = front(text)
        assert fields["author"] == title and fields["source"] == "- 源: [坏"
    for path in (root / "articles").glob("*.md"):
        read = read_article(path).front_matter  # the build's own reader agrees
        assert read["title"] == read["author"] and read["title"] in HOSTILE_TITLES and read["source"] == "- 源: [坏"


def test_control_characters_never_reach_an_article_file(tmp_path, site):
    """Defect 4: a NUL or BEL in a title made the file "binary"; a newline in a URL was fetched."""
    items = [
        {"id": "1", "url": site.url("/news/1.html"), "title": "标题\x00里有\x07控制\x1b[31m字符"},
        {"id": "2", "url": site.url("/news/2.html") + "\n/evil", "title": "换行网址"},
    ]
    site.set_page("/ctl.json", json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": items}))
    root = show(tmp_path)
    summary = fetch(root, site.url("/ctl.json"))
    [(name, text)] = articles(root).items()
    assert front(text)["title"] == "标题里有控制[31m字符"
    assert read_article(root / "articles" / name).front_matter["title"] == "标题里有控制[31m字符"
    assert summary.count("skipped") == 1 and site.requests["/news/2.html"] == 0


# text that is also UTF-8 read as Latin-1 (`Â¡` is the bytes of `¡`): each (title, author,
# link path) is written as sent, never "repaired"; `&#194;&#161;` is the same text as a reference
MOJIBAKE_LOOKALIKES = [
    ("t", "Â¡", "a", "Â¡"),
    ("t", "Â\xad", "b", "Â"),  # the soft hyphen is a format character: dropped, the Â stays
    ("t", "x", "Â¡", "x"),
    ("Ã©tÃ©", "&#194;&#161;", "c", "Â¡"),
]


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_text_that_looks_like_utf8_read_as_latin1_is_written_as_sent(tmp_path, site, kind):
    """Found by test_fetch_properties: feedparser re-decoded an element's text as UTF-8 whenever it
    was all Latin-1 and that worked (`Â¡` became `¡`, in links too)."""
    wanted = {}
    parts = []
    for n, (title, author, segment, name) in enumerate(MOJIBAKE_LOOKALIKES):
        url = site.url(f"/any/{n}/{segment}")
        wanted[url] = (title, name)
        if kind == "rss":
            parts.append(
                f"<item><title>{title}</title><link>{url}</link><guid>m{n}</guid><author>{author}</author></item>"
            )
        else:
            parts.append(
                f'<entry><title>{title}</title><link href="{url}"/><id>urn:m:{n}</id>'
                f"<author><name>{author}</name></author></entry>"
            )
    head = (
        '<rss version="2.0"><channel><title>Â¡</title>{}</channel></rss>'
        if kind == "rss"
        else '<feed xmlns="http://www.w3.org/2005/Atom"><title>Â¡</title>{}</feed>'
    )
    body = '<?xml version="1.0" encoding="utf-8"?>' + head.format("".join(parts))
    site.set_page("/lookalikes.xml", body, f"application/{kind}+xml")
    root = show(tmp_path, source(site.url("/lookalikes.xml")) + "max_items = 10\n")
    assert not fetch(root).failed
    written = {}
    for path in sorted((root / "articles").glob("*.md")):
        fields, exact = front(path.read_text(encoding="utf-8")), read_article(path).front_matter
        keys = ("url", "title", "author", "source")
        assert [fields[k] for k in keys] == [exact[k] for k in keys]  # both YAML readers agree
        written[fields["url"]] = (fields["title"], fields["author"], fields["source"])
    assert written == {url: (*title_author, "Â¡") for url, title_author in wanted.items()}


def test_terminal_escapes_in_what_a_server_sends_are_printed_escaped(tmp_path, site):
    """Defect 5: `ESC]0;…BEL ESC[2J` in entry URLs reached the user's terminal."""
    evil = "\x1b]0;pwned\x07\x1b[2J"
    items = [{"id": "1", "url": site.url("/missing/") + evil, "title": "t"}, {"id": "2", "url": site.url("/nope.html")}]
    site.set_page("/esc.json", json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": items}))
    root = show(tmp_path, source(site.url("/esc.json"), "源\x1b[2J"))
    run = run_cli("fetch", "-C", root)
    assert run.code == 1 and "\x1b" not in run.stderr and "\x07" not in run.stderr
    assert "\\x1b" in run.stderr and "HTTP 404" in run.stderr


def test_robots_txt_is_read_once_per_origin(tmp_path, site):
    """Defect 6: six entries on one host made six robots.txt requests."""
    run = run_cli("fetch", "-C", show(tmp_path), site.url("/feed.xml"), site.url("/atom.xml"))
    assert run.code == 0, run.stderr
    assert site.requests["/robots.txt"] == 1


def test_robots_txt_is_obeyed_through_redirects(tmp_path, site):
    """Defect 7: only the first URL was checked; a redirect into /private/ was fetched."""
    run = run_cli("fetch", "-C", show(tmp_path), site.url("/to?url=/private/feed.xml"))
    assert run.code == 1 and "robots.txt does not allow" in run.stderr, run.stderr
    assert site.requests["/private/feed.xml"] == 0


@pytest.mark.parametrize(
    ("limit", "path", "fetched"),
    [(5, "/hops/5", True), (5, "/hops/6", False), (0, "/hops/1", False), (0, "/hops/0", True)],
)
def test_max_redirects_is_exact(tmp_path, site, limit, path, fetched):
    """Defect 8: `max_redirects = 5` allowed only 4 hops, and 0 meant unlimited."""
    summary = fetch(show(tmp_path, f"max_redirects = {limit}\n"), site.url(path))
    assert (summary.failed == []) is fetched, summary.failed
    if not fetched:
        assert summary.failed == [f"{site.url(path)}: more than {limit} redirects"]


def test_a_redirect_loop_with_no_redirects_allowed_is_one_request(tmp_path, site):
    summary = fetch(show(tmp_path, "max_redirects = 0\n"), site.url("/loop"))
    assert summary.failed and site.requests["/loop"] == 1


def test_a_failing_source_is_named_by_its_url_when_it_has_no_name(tmp_path, site):
    """Defect 9: `failed 127.0.0.1:20130: HTTP 500`: which of the host's two feeds?"""
    run = run_cli("fetch", "-C", show(tmp_path), site.url("/feed.xml"), site.url("/error500.xml"))
    assert run.code == 1
    assert failed_lines(run.stderr) == [f"failed {site.url('/error500.xml')}: HTTP 500 after 2 attempts"]
