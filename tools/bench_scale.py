"""The distributed build's figures (part of `make bench`; alone: `python tools/bench_scale.py`).

- the same show built in one process, then through Redis by 1 and by 2 worker processes on this
  machine (each build from an empty clip cache);
- enqueue-to-start latency: the round trip of an empty speech task to an idle worker (an upper
  bound: it includes storing and reading the result);
- result transfer cost per MB of audio: inline (JSON + base64 through Redis, as task results
  travel) and through a shared-store folder;
- a lost worker with the default `[scale]` settings: four short articles, two workers, one
  killed with kill -9 while it speaks; the build's time and its episodes against the local ones.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tools.showkit import cpu_seconds, make_show  # noqa: E402

ARTICLES = {
    f"n{i}.md": f"---\ntitle: 第{i}条新闻\ndate: 2026-11-28 0{i}:00\n---\n"
    f"今天上午，市政府召开第{i}次新闻发布会，介绍了全市经济运行和民生保障的最新情况。\n\n"
    f"前三季度，全市地区生产总值同比增长百分之{i}点五，消费市场持续回暖，就业形势总体稳定。\n\n"
    f"发布会还通报了{i}项重点工程的进展，预计年底前全部完工并投入使用。\n"
    for i in range(1, 7)
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_redis(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    import redis

    port = _free_port()
    server = shutil.which("redis-server") or "/usr/bin/redis-server"
    args = [server, "--port", str(port), "--save", "", "--appendonly", "no", "--dir", str(folder)]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL)
    for _ in range(100):
        try:
            redis.Redis(port=port).ping()
            break
        except redis.ConnectionError:
            time.sleep(0.1)
    return proc, f"redis://127.0.0.1:{port}/0"


def _workers(root: Path, count: int, broker: str) -> list[subprocess.Popen[bytes]]:
    """`count` worker processes, returned once every one answers a ping."""
    from audionews.config import ScaleConfig
    from audionews.scale import celery_app

    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "audionews.cli", "worker", "-C", str(root), "-q"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(count)
    ]
    app = celery_app(broker, ScaleConfig().visibility_timeout_s)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(app.control.ping(timeout=0.5)) < count:
        pass
    return procs


def _stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for proc in procs:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)


def _build_seconds(root: Path) -> tuple[float, dict[str, float]]:
    report = root / "report.json"
    started = time.monotonic()
    run = subprocess.run(
        [sys.executable, "-m", "audionews.cli", "build", "-C", str(root), "-q", "--report", str(report)],
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.monotonic() - started
    if run.returncode != 0:
        raise RuntimeError(run.stderr.strip())
    data = json.loads(report.read_text(encoding="utf-8"))
    return elapsed, {e["slug"]: e["duration_s"] for e in data["episodes"]}


def _show(tmp: Path, name: str, broker: str = "") -> Path:
    extra = f'\n[scale]\nbroker = "{broker}"\nbatch = 5\n' if broker else ""
    return make_show(tmp / name, tmp / f"{name}-cache", ARTICLES, extra_toml=extra, engine="kokoro")


def _round_trips(broker: str, rounds: int = 30) -> list[float]:
    from audionews.config import ScaleConfig, SpeechConfig
    from audionews.lexicon import Lexicon
    from audionews.scale import SPEECH_QUEUE, SpeakJob, celery_app
    from audionews.wire import to_wire

    app = celery_app(broker, ScaleConfig().visibility_timeout_s)
    empty = to_wire(SpeakJob("kokoro", SpeechConfig(engine="kokoro"), Lexicon(), (), ()))
    seconds = []
    for _ in range(rounds):
        started = time.monotonic()
        result = app.send_task("audionews.speak", args=[empty], queue=SPEECH_QUEUE)
        result.get(timeout=30)
        seconds.append(time.monotonic() - started)
        result.forget()
    return seconds


def _transfer_ms_per_mb(broker: str, store: Path, megabytes: int = 16) -> dict[str, float]:
    import numpy as np
    import redis

    from audionews.scale import Transfer

    pcm = np.random.default_rng(1).integers(-20000, 20000, megabytes * 2**19, dtype=np.int16).tobytes()
    client = redis.Redis.from_url(broker)
    started = time.monotonic()
    client.set("bench", json.dumps({"b64": base64.b64encode(pcm).decode("ascii")}))
    back = base64.b64decode(json.loads(client.get("bench") or b"{}")["b64"])
    inline = time.monotonic() - started
    client.delete("bench")
    transfer = Transfer(str(store))
    started = time.monotonic()
    shared = transfer.fetch(transfer.ship("bench/clip.pcm", pcm))
    stored = time.monotonic() - started
    assert back == pcm == shared
    per_mb = 1000 / megabytes
    return {"inline_ms_per_mb": round(inline * per_mb, 2), "store_ms_per_mb": round(stored * per_mb, 2)}


def _busy(proc: subprocess.Popen[bytes]) -> bool:
    """Its process group used CPU in the last half second: it holds a task."""
    before = cpu_seconds(proc.pid)
    time.sleep(0.5)
    return cpu_seconds(proc.pid) - before > 0.2


def lost_worker(tmp: Path, broker: str, local: dict[str, float]) -> dict[str, object]:
    """Default [scale] settings (only the broker set), two workers, one killed mid-build."""
    four = dict(list(ARTICLES.items())[:4])
    root = make_show(tmp / "lost", tmp / "lost-cache", four, extra_toml=f'\n[scale]\nbroker = "{broker}"\n')
    procs = _workers(root, 2, broker)
    report = root / "report.json"
    try:
        started = time.monotonic()
        build = subprocess.Popen(
            [sys.executable, "-m", "audionews.cli", "build", "-C", str(root), "-q", "--report", str(report)],
            stderr=subprocess.PIPE,
            text=True,
        )
        while not _busy(procs[0]):
            if time.monotonic() - started > 300:
                raise RuntimeError("the worker to kill never took a task")
        os.killpg(procs[0].pid, signal.SIGKILL)
        killed_at = time.monotonic() - started
        _, err = build.communicate(timeout=1800)
        elapsed = time.monotonic() - started
    finally:
        _stop(procs[1:])
    if build.returncode != 0:
        raise RuntimeError(err.strip())
    durations = {e["slug"]: e["duration_s"] for e in json.loads(report.read_text(encoding="utf-8"))["episodes"]}
    worst = max(abs(durations[s] - local[s]) / local[s] for s in durations)
    return {"lost_worker_build_s": round(elapsed, 1), "lost_worker_killed_at_s": round(killed_at, 1),
            "lost_worker_worst_duration_gap": round(worst, 4)}  # fmt: skip


def bench_scale(tmp: Path) -> dict[str, object]:
    redis_server, broker = _start_redis(tmp)
    try:
        local_s, local = _build_seconds(_show(tmp, "local"))
        figures: dict[str, object] = {"articles": len(ARTICLES), "local_s": round(local_s, 1)}
        for count in (1, 2):
            root = _show(tmp, f"workers-{count}", broker)
            procs = _workers(root, count, broker)
            try:
                seconds, durations = _build_seconds(root)
                if count == 1:
                    trips = sorted(_round_trips(broker))
                    figures["enqueue_to_result_ms_median"] = round(statistics.median(trips) * 1000, 1)
                    figures["enqueue_to_result_ms_p95"] = round(trips[int(len(trips) * 0.95)] * 1000, 1)
            finally:
                _stop(procs)
            gap = max(abs(durations[slug] - local[slug]) for slug in local)
            assert durations.keys() == local.keys() and gap < 0.01, "not the local build's episodes"
            figures[f"workers_{count}_s"] = round(seconds, 1)
        figures["two_vs_one_worker"] = round(figures["workers_1_s"] / figures["workers_2_s"], 2)  # type: ignore[operator]
        figures["one_worker_vs_local"] = round(figures["workers_1_s"] / local_s, 2)  # type: ignore[operator]
        figures.update(_transfer_ms_per_mb(broker, tmp / "store"))
        figures.update(lost_worker(tmp, broker, local))
        return figures
    finally:
        redis_server.terminate()
        redis_server.wait(timeout=10)


if __name__ == "__main__":
    with tempfile.TemporaryDirectory(prefix="audionews-bench-scale-") as folder:
        print(json.dumps(bench_scale(Path(folder)), indent=1))
