"""The resident mode, as a real `audionews watch` process against the fake edge service: it
builds at start, builds a dropped-in article within seconds, builds an article that arrives
during a build right after it, and SIGTERM leaves a valid feed (exit 130)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import feedparser
import pytest

from tests.helpers import CLI_WITH_EDGE, make_show
from tools.fake_edge import FakeEdgeService


def _article(n: int) -> str:
    body = "".join(f"这是第{n}篇快讯的第{i}句话，记者在现场报道了最新进展。" for i in range(8))
    return f"---\ntitle: 第{n}条快讯\ndate: 2026-12-04 0{n}:00\n---\n{body}\n"


def _titles(root: Path) -> list[str]:
    """The feed's titles, once every enclosure it names is checked complete on disk. A file may
    go right after a newer feed stopped naming it: then the newer feed is read."""
    feed = root / "feed" / "feed.xml"
    while feed.exists():
        data = feed.read_bytes()
        parsed = feedparser.parse(data)
        assert not parsed.bozo, parsed.bozo_exception
        try:
            for entry in parsed.entries:
                name = entry.enclosures[0].href.split("/show/", 1)[1].split("?", 1)[0]
                assert (root / "feed" / name).stat().st_size == int(entry.enclosures[0].length)
        except FileNotFoundError:
            assert feed.read_bytes() != data, "the feed names a file that is not there"
            continue
        return sorted(e.title for e in parsed.entries)
    return []


def _wait_for(what, timeout: float, proc: subprocess.Popen[str]) -> float:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    while not what():
        assert proc.poll() is None, proc.communicate()[1]
        assert time.monotonic() - started < timeout, f"not within {timeout} s"
        time.sleep(0.05)
    return time.monotonic() - started


def _clips(root: Path) -> int:
    return sum(1 for _ in (root / "cache" / "clips").rglob("*.pcm"))


@pytest.fixture
def watching(tmp_path):
    with FakeEdgeService(latency_s=0.2) as edge:
        root = make_show(tmp_path / "show", tmp_path / "show" / "cache", {"n1.md": _article(1)}, engine="edge",
                         speech="concurrency = 2", extra_toml="\n[watch]\nsettle_ms = 200\n")  # fmt: skip
        proc = subprocess.Popen(
            [sys.executable, "-c", CLI_WITH_EDGE, edge.url, "watch", "-C", str(root)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            yield root, proc
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.communicate(timeout=30)


def test_watch_builds_new_articles_at_once_and_queues_what_arrives_mid_build(watching):
    root, proc = watching
    _wait_for(lambda: _titles(root) == ["第1条快讯"], 60, proc)
    clips = _clips(root)
    (root / "articles" / "n2.md").write_text(_article(2), encoding="utf-8")
    _wait_for(lambda: _clips(root) > clips + 2, 60, proc)  # n2 is being spoken
    (root / "articles" / "n3.md").write_text(_article(3), encoding="utf-8")
    seconds = _wait_for(lambda: _titles(root) == ["第1条快讯", "第2条快讯", "第3条快讯"], 60, proc)
    print(f"n3 (arrived mid-build) in feed.xml {seconds:.1f} s after it was written")
    (root / "articles" / "n1.md").unlink()
    _wait_for(lambda: _titles(root) == ["第2条快讯", "第3条快讯"], 60, proc)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130 and "interrupted" in err and "Traceback" not in err, err
    assert "3 built" not in err  # one build per change, never everything again
    assert _titles(root) == ["第2条快讯", "第3条快讯"]
