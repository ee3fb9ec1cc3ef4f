"""Past one machine: a real redis-server on a free port and real `audionews worker` processes.
A distributed build's episodes match a local build's (same clip keys, same durations); a worker
killed with kill -9 mid-build has its batch delivered again; a broker that does not answer is a
one-line error with exit 6."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import build, free_port, make_show, run_cli

ARTICLES = {
    f"n{i}.md": f"---\ntitle: 第{i}条新闻\ndate: 2026-11-28 0{i}:00\n---\n"
    f"今天上午，市政府召开第{i}次新闻发布会，介绍了全市经济运行情况。\n\n"
    f"前三季度，全市地区生产总值同比增长百分之{i}点五，消费市场持续回暖。\n"
    for i in range(1, 5)
}


@pytest.fixture(scope="module")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server = shutil.which("redis-server") or "/usr/bin/redis-server"
    port = free_port()
    folder = tmp_path_factory.mktemp("redis")
    proc = subprocess.Popen(
        [server, "--port", str(port), "--save", "", "--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    deadline = time.monotonic() + 10
    import redis

    while time.monotonic() < deadline:
        try:
            redis.Redis.from_url(url).ping()
            break
        except redis.ConnectionError:
            time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def _show(root: Path, broker: str) -> Path:
    scale = f'\n[scale]\nbroker = "{broker}"\nbatch = 3\nvisibility_timeout_s = 8\ntimeout_s = 300\n'
    return make_show(root, root / "cache", ARTICLES, engine="kokoro", extra_toml=scale)


def _worker(root: Path) -> subprocess.Popen[str]:
    """`audionews worker` in its own process group (kill -9 takes it and its pool child)."""
    return subprocess.Popen(
        [sys.executable, "-m", "audionews.cli", "worker", "-C", str(root), "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _stop(workers: list[subprocess.Popen[str]]) -> None:
    for w in workers:
        if w.poll() is None:
            os.killpg(w.pid, signal.SIGTERM)
            try:
                w.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(w.pid, signal.SIGKILL)


def _keys(root: Path) -> set[str]:
    return {p.name for p in (root / "cache" / "clips").rglob("*.pcm")}


def _durations(report: dict) -> dict[str, float]:
    return {e["slug"]: e["duration_s"] for e in report["episodes"]}


@pytest.fixture(scope="module")
def local_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """The same show built in one process, without a broker."""
    root = tmp_path_factory.mktemp("local")
    make_show(root, root / "cache", ARTICLES, engine="kokoro")
    run, report = build(root)
    assert run.code == 0, run.stderr
    return root, report


def test_two_workers_build_what_one_process_builds(broker, local_build, tmp_path):
    local_root, local_report = local_build
    root = _show(tmp_path / "show", broker)
    workers = [_worker(root), _worker(root)]
    try:
        run, report = build(root)
    finally:
        _stop(workers)
    assert run.code == 0, run.stderr
    assert report["synthesized"] == len(_keys(root)) > 0
    assert _keys(root) == _keys(local_root)  # the same sentences under the same keys
    assert _durations(report) == pytest.approx(_durations(local_report), abs=0.01)
    assert not any(p.name.startswith(".") for p in (root / "feed").rglob("*"))


def test_a_worker_killed_mid_build_does_not_stop_it(broker, local_build, tmp_path):
    _, local_report = local_build
    root = _show(tmp_path / "show", broker)
    workers = [_worker(root), _worker(root)]
    try:
        time.sleep(4)  # both listening
        builder = subprocess.Popen(
            [sys.executable, "-m", "audionews.cli", "build", "-C", str(root), "-q", "--report", str(root / "r.json")],
            stderr=subprocess.PIPE,
            text=True,
        )
        clips = root / "cache" / "clips"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not (clips.is_dir() and any(clips.rglob("*.pcm"))):
            time.sleep(0.2)  # the first batch is back: both workers are busy
        os.killpg(workers[0].pid, signal.SIGKILL)
        _, err = builder.communicate(timeout=600)
    finally:
        _stop(workers)
    assert builder.returncode == 0, err
    report = json.loads((root / "r.json").read_text(encoding="utf-8"))
    assert {e["status"] for e in report["episodes"]} == {"built"}
    assert _durations(report) == pytest.approx(_durations(local_report), abs=0.01)


def test_a_broker_that_does_not_answer_is_exit_6(tmp_path):
    root = _show(tmp_path / "show", f"redis://127.0.0.1:{free_port()}/0")
    run = run_cli("build", "-C", root)
    assert run.code == 6 and "does not answer" in run.stderr and "Traceback" not in run.stderr
    assert not (root / "feed" / "feed.xml").exists()
    run = run_cli("worker", "-C", root)
    assert run.code == 6 and "does not answer" in run.stderr
