"""Past one machine: a real redis-server on a free port and real `audionews worker` processes.
A distributed build's episodes match a local build's (same clip keys, same durations) while a
worker is killed with kill -9 mid-build; renders run on the render queue, clips travel through an
S3 store (moto's server) or a shared folder; a broker lost mid-build fails the build cleanly and
the rerun resumes from the cache; online voices take shared slots; a broker that does not answer
is a one-line error with exit 6."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import build, free_port, make_show, run_cli
from tools.showkit import cpu_seconds

ARTICLES = {
    f"n{i}.md": f"---\ntitle: 第{i}条新闻\ndate: 2026-11-28 0{i}:00\n---\n"
    f"今天上午，市政府召开第{i}次新闻发布会，介绍了全市经济运行情况。\n\n"
    f"前三季度，全市地区生产总值同比增长百分之{i}点五，消费市场持续回暖。\n"
    for i in range(1, 5)
}


def _start_redis(folder: Path, port: int) -> subprocess.Popen[bytes]:
    import redis

    server = shutil.which("redis-server") or "/usr/bin/redis-server"
    proc = subprocess.Popen(
        [server, "--port", str(port), "--save", "", "--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            redis.Redis(port=port).ping()
            return proc
        except redis.ConnectionError:
            time.sleep(0.1)
    raise AssertionError("redis-server did not start")


@pytest.fixture(scope="module")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    proc = _start_redis(tmp_path_factory.mktemp("redis"), port)
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(timeout=10)


def _show(root: Path, broker: str, articles: dict[str, str] = ARTICLES, **scale: object) -> Path:
    settings = {"batch": 3, "visibility_timeout_s": 8, "timeout_s": 300, **scale}
    lines = "".join(f"{k} = {json.dumps(v)}\n" for k, v in settings.items())
    return make_show(
        root, root / "cache", articles, engine="kokoro", extra_toml=f'\n[scale]\nbroker = "{broker}"\n{lines}'
    )


def _worker(root: Path, queues: str = "speech,render") -> subprocess.Popen[str]:
    """`audionews worker` in its own process group (kill -9 takes it and its pool child)."""
    return subprocess.Popen(
        [sys.executable, "-m", "audionews.cli", "worker", "-C", str(root), "-q", "--queues", queues],
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


def _start_build(root: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "audionews.cli", "build", "-C", str(root), "-q", "--report", str(root / "r.json")],
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_first_clip(root: Path) -> None:
    clips = root / "cache" / "clips"
    deadline = time.monotonic() + 120
    while not (clips.is_dir() and any(clips.rglob("*.pcm"))):
        assert time.monotonic() < deadline, "no clip came back from the workers within 120 s"
        time.sleep(0.1)


def _wait_until_busy(worker: subprocess.Popen[str]) -> None:
    """Until the worker is speaking (its processes use CPU): killing it then loses a task."""
    deadline = time.monotonic() + 120
    while True:
        before = cpu_seconds(worker.pid)
        time.sleep(0.5)
        if cpu_seconds(worker.pid) - before > 0.2:
            return
        assert time.monotonic() < deadline, "the worker to kill never took a task"


@pytest.fixture(scope="module")
def local_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """The same show built in one process, without a broker."""
    root = tmp_path_factory.mktemp("local")
    make_show(root, root / "cache", ARTICLES, engine="kokoro")
    run, report = build(root)
    assert run.code == 0, run.stderr
    return root, report


def test_two_workers_build_what_one_process_builds_though_one_is_killed(broker, local_build, tmp_path):
    """The issue's bar: redis-server, two workers, four articles; one worker killed with kill -9
    once the first batch is back; exit 0 and the local build's clips and durations."""
    local_root, local_report = local_build
    root = _show(tmp_path / "show", broker)
    workers = [_worker(root), _worker(root)]
    try:
        builder = _start_build(root)
        _wait_for_first_clip(root)
        _wait_until_busy(workers[0])  # it holds a batch: its kill loses a task that must come back
        os.killpg(workers[0].pid, signal.SIGKILL)
        _, err = builder.communicate(timeout=600)
    finally:
        _stop(workers)
    assert builder.returncode == 0, err
    report = json.loads((root / "r.json").read_text(encoding="utf-8"))
    assert {e["status"] for e in report["episodes"]} == {"built"}
    assert report["synthesized"] == len(_keys(root)) > 0
    assert _keys(root) == _keys(local_root)  # the same sentences under the same keys
    assert _durations(report) == pytest.approx(_durations(local_report), abs=0.01)
    assert not any(p.name.startswith(".") for p in (root / "feed").rglob("*"))


@pytest.fixture
def s3(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """moto's S3 server (the real S3 HTTP protocol) standing in for MinIO, with a bucket
    `audionews`; the build and its workers reach it through s3fs with the FSSPEC_S3_* settings
    the README gives."""
    import s3fs
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    for name, value in {"FSSPEC_S3_ENDPOINT_URL": endpoint, "FSSPEC_S3_KEY": "k", "FSSPEC_S3_SECRET": "s"}.items():
        monkeypatch.setenv(name, value)  # the build and worker processes inherit them
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    bucket = s3fs.S3FileSystem(endpoint_url=endpoint, key="k", secret="s")
    bucket.mkdir("audionews")
    yield bucket
    server.stop()


def test_renders_go_to_the_render_queue_and_clips_through_s3(broker, local_build, s3, tmp_path):
    """Only a speech worker: every sentence is spoken into the S3 store, but no episode is
    rendered, so the build stops (exit 6) with nothing published. A render worker then lets the
    rerun finish without speaking anything again, the episode as the local build made it."""
    local_root, local_report = local_build
    one = {"n1.md": ARTICLES["n1.md"]}
    root = _show(tmp_path / "show", broker, one, store="s3://audionews/store", timeout_s=15)
    speaker = _worker(root, "speech")
    try:
        run, _ = build(root)
    finally:
        _stop([speaker])
    assert run.code == 6 and "render" in run.stderr and "Traceback" not in run.stderr, run.stderr
    assert not (root / "feed" / "feed.xml").exists() and not list((root / "feed" / "episodes").iterdir())
    s3.invalidate_cache()
    stored = {path.rsplit("/", 1)[-1] for path in s3.find("audionews/store/clips")}
    assert stored == _keys(root) and len(stored) > 0
    renderer = _worker(root, "render")
    try:
        run, report = build(root)
    finally:
        _stop([renderer])
    assert run.code == 0, run.stderr
    assert report["synthesized"] == 0 and report["built"] == 1
    assert _durations(report)["n1"] == pytest.approx(_durations(local_report)["n1"], abs=0.01)
    local_mp3 = local_root / "feed" / "episodes" / "n1.mp3"
    assert (root / "feed" / "episodes" / "n1.mp3").stat().st_size == pytest.approx(local_mp3.stat().st_size, rel=0.02)
    s3.invalidate_cache()
    assert not s3.find("audionews/store/renders")  # the build took its files and removed them
    assert not any(p.name.startswith(".") for p in (root / "feed").rglob("*"))


def test_a_broker_lost_mid_build_fails_cleanly_and_the_rerun_resumes(tmp_path):
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    redis_server = _start_redis(tmp_path, port)
    two = {name: ARTICLES[name] for name in ("n1.md", "n2.md")}
    root = _show(tmp_path / "show", url, two, store="shared", timeout_s=60)  # a folder store
    worker = _worker(root)
    try:
        builder = _start_build(root)
        _wait_for_first_clip(root)
        redis_server.kill()
        redis_server.wait(timeout=10)
        _, err = builder.communicate(timeout=300)
    finally:
        _stop([worker])
        redis_server.kill()
    assert builder.returncode == 6, err
    assert "broker" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert not (root / "feed" / "feed.xml").exists() and not (root / "feed" / "manifest.json").exists()
    assert not list((root / "feed" / "episodes").iterdir())  # renders done before the loss stay unpublished
    spoken_before = len(_keys(root))
    redis_server = _start_redis(tmp_path, port)
    worker = _worker(root)
    try:
        run, report = build(root)
    finally:
        _stop([worker])
        redis_server.kill()
    assert run.code == 0, run.stderr
    assert report["built"] == len(two)
    assert report["synthesized"] == len(_keys(root)) - spoken_before < len(_keys(root))
    assert {p.name for p in (root / "shared" / "clips").rglob("*.pcm")} == _keys(root)


def test_online_voices_share_slots_across_workers(broker):
    """Eight holders (as if on different workers) through two shared slots: never more than two
    at once, and both used; a lease of a worker that died frees its slot."""
    import redis

    from audionews.scale import SharedSlots

    client = redis.Redis.from_url(broker)
    inside, most, lock = 0, 0, threading.Lock()

    def hold() -> None:
        nonlocal inside, most
        with SharedSlots(redis.Redis.from_url(broker), "test", 2, lease_s=60).held(poll_s=0.02):
            with lock:
                inside += 1
                most = max(most, inside)
            time.sleep(0.15)
            with lock:
                inside -= 1

    threads = [threading.Thread(target=hold) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert most == 2 and inside == 0

    dead = SharedSlots(client, "test-dead", 1, lease_s=0.5)
    seconds, micros = client.time()  # the Redis clock, which leases are dated by
    client.zadd(dead.key, {"a-worker-that-died": seconds + micros / 1e6})
    started = time.monotonic()
    with dead.held(poll_s=0.02):
        waited = time.monotonic() - started
    assert 0.3 < waited < 5


def test_a_broker_that_does_not_answer_is_exit_6(tmp_path):
    root = _show(tmp_path / "show", f"redis://127.0.0.1:{free_port()}/0")
    run = run_cli("build", "-C", root)
    assert run.code == 6 and "does not answer" in run.stderr and "Traceback" not in run.stderr
    assert not (root / "feed" / "feed.xml").exists()
    run = run_cli("worker", "-C", root)
    assert run.code == 6 and "does not answer" in run.stderr


@pytest.mark.parametrize(("slots", "most"), [(1, 1), (0, 3)])
def test_edge_batches_on_three_workers_share_one_slot(broker, slots, most):
    """Three workers' edge batches at once against the fake edge service (one connection per
    batch): with one online slot the service sees one caller at a time; unlimited, three."""
    import edge_tts

    from audionews.config import SpeechConfig
    from audionews.lexicon import Lexicon
    from audionews.scale import SpeakJob, speak_batch
    from tools.fake_edge import FakeEdgeService

    speech = SpeechConfig(engine="edge", concurrency=1, timeout_s=5.0, retries=1)
    with FakeEdgeService(latency_s=0.3) as fake, pytest.MonkeyPatch.context() as mp:
        mp.setattr(edge_tts.communicate, "WSS_URL", fake.url)
        answers: list[list[dict[str, str]]] = []

        def worker(n: int) -> None:
            texts = [f"第{n}号工人的第{i}句话。" for i in range(2)]
            keys = [f"{n}{i}".zfill(64) for i in range(2)]
            job = SpeakJob("edge", speech, Lexicon(), tuple(texts), tuple(keys), online_slots=slots, lease_s=60.0)
            answers.append(speak_batch(job, broker=broker))

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    assert len(answers) == 3 and all(len(a) == 2 and all("b64" in r for r in a) for a in answers)
    assert fake.max_concurrent == most


def test_a_store_inside_the_feed_folder_is_a_config_error(broker, tmp_path):
    root = _show(tmp_path / "show", broker, {"n1.md": ARTICLES["n1.md"]}, store="feed/shared")
    run = run_cli("build", "-C", root)
    assert run.code == 2 and "scale.store" in run.stderr and "inside the feed folder" in run.stderr, run.stderr
    assert "Traceback" not in run.stderr
