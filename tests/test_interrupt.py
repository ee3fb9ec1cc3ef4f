"""Interruptions: SIGINT, SIGTERM or kill -9 in the middle of a build leave the previous feed
valid with every enclosure complete; the next build resumes from the cache. Two builds of one
show never interleave. Speech comes from the fake edge service with a latency (nothing here is
about a voice, and a real one would spend a minute of CPU per case)."""

from __future__ import annotations

import fcntl
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import feedparser
import pytest

from tests.helpers import CLI_WITH_EDGE, build, make_show, run_cli_with_edge
from tools.fake_edge import FakeEdgeService

FIRST = "第一篇\n\n第一篇文章的正文，只有一段。\n"


def _article(n: int) -> str:
    sentences = "".join(f"这是第{n}篇文章的第{i}句话，用来让合成需要一点时间。" for i in range(6))
    return f"第{n}篇文章\n\n{sentences}\n\n{sentences}\n"


def _assert_feed_intact(root: Path) -> int:
    """The feed parses and every enclosure it names is complete on disk."""
    parsed = feedparser.parse((root / "feed/feed.xml").read_bytes())
    assert not parsed.bozo, parsed.bozo_exception
    for entry in parsed.entries:
        [enclosure] = entry.enclosures
        name = enclosure.href.split("/show/", 1)[1].split("?", 1)[0]
        assert (root / "feed" / name).stat().st_size == int(enclosure.length)
    return len(parsed.entries)


def _clips(cache: Path) -> int:
    return sum(1 for _ in (cache / "clips").rglob("*.pcm"))


def _wait_for_new_clips(cache: Path, before: int, proc: subprocess.Popen[str], count: int = 3) -> None:
    """Until the build has cached `count` new clips: it is then mid-synthesis, whatever the
    machine's speed (no sleep racing the build)."""
    deadline = time.monotonic() + 180
    while _clips(cache) < before + count:
        assert proc.poll() is None, "the build ended before it could be interrupted"
        assert time.monotonic() < deadline, "no clips were cached"
        time.sleep(0.02)


@pytest.fixture(scope="module")
def slow_edge():
    with FakeEdgeService(latency_s=0.25) as service:
        yield service


def _build(edge: FakeEdgeService, root: Path) -> tuple[int, str, dict]:
    report = root / "report.json"
    run = run_cli_with_edge(edge.url, "build", "-C", root, "-q", "--report", report)
    return run.code, run.stderr, json.loads(report.read_text(encoding="utf-8"))


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_interrupted_build_leaves_previous_feed_and_resumes(tmp_path, sig, slow_edge):
    cache = tmp_path / "cache"
    root = make_show(tmp_path / "show", cache, {"a.txt": FIRST}, engine="edge", speech="concurrency = 2")
    code, err, _ = _build(slow_edge, root)
    assert code == 0, err
    assert _assert_feed_intact(root) == 1
    for n in (2, 3, 4):
        (root / "articles" / f"n{n}.txt").write_text(_article(n), encoding="utf-8")
    before = _clips(cache)
    proc = subprocess.Popen(
        [sys.executable, "-c", CLI_WITH_EDGE, slow_edge.url, "build", "-C", str(root), "-q"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _wait_for_new_clips(cache, before, proc)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    spoken_before_stop = _clips(cache) - before
    assert "Traceback" not in err
    if sig != signal.SIGKILL:
        assert proc.returncode == 130 and "interrupted" in err
    published = _assert_feed_intact(root)  # the old feed, or a newer complete one
    assert published >= 1
    code, err, report = _build(slow_edge, root)
    assert code == 0, err
    assert _assert_feed_intact(root) == 4
    assert not [p for p in (root / "feed").rglob(".*") if p.is_file()]  # no temporary leftovers
    # what the interrupted build spoke was kept: the rerun speaks only the rest, nothing twice
    assert spoken_before_stop >= 3
    assert report["synthesized"] == _clips(cache) - before - spoken_before_stop
    assert sum(e["cached"] for e in report["episodes"] if e["slug"] != "a") >= spoken_before_stop


def test_second_build_of_the_same_show_is_refused_while_one_runs(tmp_path):
    root = make_show(tmp_path / "show", tmp_path / "cache", {"a.txt": FIRST})
    lock = tmp_path / "cache" / "build.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    with lock.open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        run, _ = build(root)
    assert run.code == 3
    assert "another build of this show is running" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
