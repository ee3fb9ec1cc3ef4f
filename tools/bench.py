"""`make bench`: how fast and how big, as figures and ratios measured in one run (JSON on stdout).

- full build of N articles vs a no-op rebuild vs a rebuild after editing one paragraph;
- pipeline overhead: one article built end to end vs the raw engine's synthesis time for the
  same utterances, and how much of both cores synthesis uses;
- the edge engine against the fake service with 300 ms latency per request: concurrency 4 vs 1;
- peak memory (the process and its largest ffmpeg) for a one-hour episode, and for the seed
  built with the offline voice;
- show size (tools/bench_size.py): a no-op and a one-new-article build at 10 and 1,000
  articles, and their ratios (`python tools/bench.py show_size` runs only this);
- the distributed build (tools/bench_scale.py): 1 vs 2 worker processes, enqueue-to-start
  latency, transfer cost per MB of audio.
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from audionews.clean import clean_source  # noqa: E402
from audionews.config import SpeechConfig, load_config  # noqa: E402
from audionews.ingest import read_article  # noqa: E402
from audionews.lexicon import Lexicon  # noqa: E402
from audionews.pipeline import build  # noqa: E402
from audionews.script import Templates, plan_episode  # noqa: E402
from audionews.speech.base import create_engine  # noqa: E402
from tools.bench_scale import bench_scale  # noqa: E402
from tools.bench_size import bench_show_size  # noqa: E402
from tools.showkit import SEED, make_show  # noqa: E402

CORPUS = REPO / "tests" / "data" / "clean"


def timed(fn):  # type: ignore[no-untyped-def]
    started = time.monotonic()
    value = fn()
    return time.monotonic() - started, value


def bench_rebuilds(tmp: Path) -> dict[str, float]:
    articles = {SEED.name: SEED.read_text(encoding="utf-8")}
    for name in ("xinhua_simplified.html", "chinatimes_traditional.html", "front_matter_simplified.md"):
        articles[name] = (CORPUS / name).read_text(encoding="utf-8")
    root = make_show(tmp / "rebuilds", tmp / "rebuilds-cache", articles)
    config = load_config(root)
    full, summary = timed(lambda: build(config))
    assert not summary.failed, summary.failed
    noop, _ = timed(lambda: build(config))
    page = root / "articles" / "front_matter_simplified.md"
    page.write_text(page.read_text(encoding="utf-8").replace("两倍", "三倍"), encoding="utf-8")
    edit, edited = timed(lambda: build(config))
    return {
        "articles": len(articles),
        "full_s": round(full, 2),
        "noop_s": round(noop, 2),
        "one_edit_s": round(edit, 2),
        "noop_ratio": round(noop / full, 4),
        "one_edit_ratio": round(edit / full, 4),
        "one_edit_synthesized": sum(r.synthesized for r in edited.results),
        "audio_minutes": round(sum(r.duration_s or 0 for r in summary.results) / 60, 1),
    }


def bench_overhead(tmp: Path, engine_name: str, rounds: int = 2) -> dict[str, object]:
    """Best of `rounds` for both sides (each pipeline round starts from an empty clip cache), so
    one slow pass (a runtime meeting new input shapes, another process) does not decide the ratio."""
    articles = {SEED.name: SEED.read_text(encoding="utf-8")}
    roots = [
        make_show(
            tmp / f"overhead-{engine_name}-{n}", tmp / f"overhead-cache-{engine_name}-{n}", articles, engine=engine_name
        )
        for n in range(rounds)
    ]
    config = load_config(roots[0])
    engine = create_engine(engine_name, SpeechConfig(engine=engine_name), Lexicon())
    article = clean_source(read_article(config.articles_dir / SEED.name))
    plan = plan_episode(article, config, Templates(config), engine.prepare)
    texts = [u.spoken for u in plan.utterances]
    engine.synthesize(texts[:1], lambda i, pcm: None)  # load the model outside both timings
    raw_runs, cores, pipeline_runs, render_runs = [], [], [], []
    for root in roots:
        cpu_before = resource.getrusage(resource.RUSAGE_SELF)
        raw, _ = timed(lambda: engine.synthesize(texts, lambda i, pcm: None))
        cpu_after = resource.getrusage(resource.RUSAGE_SELF)
        raw_runs.append(raw)
        cores.append(((cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)) / raw)
        pipeline, summary = timed(lambda r=root: build(load_config(r)))  # same process: the model is loaded
        assert summary.results[0].synthesized == len(set(texts)), summary.results[0]
        pipeline_runs.append(pipeline)
        render_runs.append(float(summary.results[0].render_s))  # type: ignore[arg-type]
    return {
        "utterances": len(texts),
        "raw_synthesis_s": [round(x, 2) for x in raw_runs],
        "pipeline_s": [round(x, 2) for x in pipeline_runs],
        "pipeline_render_s": [round(x, 2) for x in render_runs],
        "overhead_ratio": round(min(pipeline_runs) / min(raw_runs), 3),
        "overhead_ratio_per_round": [round(p / r, 3) for p, r in zip(pipeline_runs, raw_runs, strict=True)],
        "synthesis_cores_used": round(max(cores), 2),
    }


def bench_edge_concurrency() -> dict[str, float]:
    import edge_tts.communicate

    from audionews.speech.edge import EdgeEngine
    from tools.fake_edge import FakeEdgeService

    texts = [f"这是第{i}句用来测量并发的话。" for i in range(16)]
    figures = {}
    for concurrency in (1, 4):
        with FakeEdgeService(latency_s=0.3) as service:
            edge_tts.communicate.WSS_URL = service.url
            engine = EdgeEngine(SpeechConfig(engine="edge", concurrency=concurrency), Lexicon())
            figures[f"concurrency_{concurrency}_s"], _ = timed(lambda e=engine: e.synthesize(texts, lambda i, p: None))
    figures["speedup_4_vs_1"] = round(figures["concurrency_1_s"] / figures["concurrency_4_s"], 2)
    return {k: round(v, 2) for k, v in figures.items()} | {"utterances": len(texts), "latency_s": 0.3}


MEMORY_CHILD = r"""
import os, re, sys, threading, time
from pathlib import Path
import numpy as np
from audionews.config import load_config
from audionews.pipeline import build
from tools.tone_engine import ToneEngine

def high_water_mb(pid="self"):
    try:
        found = re.search(r"VmHWM:\s+(\d+)", Path(f"/proc/{pid}/status").read_text())
    except OSError:
        return 0
    return int(found.group(1)) // 1024 if found else 0

# Each ffmpeg's own peak, read while it runs: getrusage's ru_maxrss for a child also counts the
# memory of the process that spawned it (the kernel keeps the high-water mark across exec).
children_peak = 0
def watch_children():
    global children_peak
    me = str(os.getpid())
    while True:
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                parent = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1]
            except (OSError, IndexError):
                continue
            if parent == me:
                children_peak = max(children_peak, high_water_mb(pid))
        time.sleep(0.02)

threading.Thread(target=watch_children, daemon=True).start()
config = load_config(Path(sys.argv[1]))
summary = build(config, engine=ToneEngine()) if sys.argv[2] == "tone" else build(config, engine_name=sys.argv[2])
assert not summary.failed, summary.failed
print(summary.results[0].duration_s, high_water_mb(), children_peak)
"""


def _peak_memory(root: Path, engine: str) -> dict[str, float]:
    """Build `root` in a fresh process; its own peak (VmHWM) and its largest ffmpeg's."""
    out = subprocess.run(
        [sys.executable, "-c", MEMORY_CHILD, str(root), engine], capture_output=True, text=True, check=True, cwd=REPO
    )
    duration, own, children = (float(x) for x in out.stdout.split())
    return {
        "episode_minutes": round(duration / 60, 1),
        "peak_rss_python_mb": round(own),
        "peak_rss_ffmpeg_mb": round(children),
    }


def bench_memory(tmp: Path) -> dict[str, object]:
    """The pipeline's memory for a one-hour episode (a stand-in engine, so no TTS in it), and
    a whole process building the seed with each installed offline voice (runtime and model)."""
    sentence = "这是一句用来测量一小时节目内存占用的新闻句子，长度和真实新闻差不多。"
    paragraphs = "\n\n".join(f"第{i}段。" + sentence * 4 for i in range(130))
    hour = make_show(tmp / "memory", tmp / "memory-cache", {"hour.txt": "一小时的节目\n\n" + paragraphs})
    seed = make_show(tmp / "memory-seed", tmp / "memory-seed-cache", {SEED.name: SEED.read_text(encoding="utf-8")})
    figures = {"one_hour_episode": _peak_memory(hour, "tone")}
    for voice in _offline_voices():
        figures[f"{voice}_voice_seed"] = _peak_memory(seed, voice)
    return figures


def _offline_voices() -> list[str]:
    from audionews.speech.engines import engine_class

    return [name for name in ("kokoro", "baker") if engine_class(name).available(None)]


def main(only: list[str]) -> int:
    with tempfile.TemporaryDirectory(prefix="audionews-bench-") as tmp_name:
        tmp = Path(tmp_name)
        report: dict[str, object] = {}
        for name, run in (
            ("rebuilds", lambda: bench_rebuilds(tmp)),
            ("show_size", lambda: bench_show_size(tmp)),
            *((f"pipeline_overhead_{v}", lambda v=v: bench_overhead(tmp, v)) for v in _offline_voices()),
            ("edge_concurrency", bench_edge_concurrency),
            ("memory", lambda: bench_memory(tmp)),
            ("distributed", lambda: bench_scale(tmp)),
        ):
            if only and name not in only:
                continue
            try:
                report[name] = run()
            except Exception as exc:  # one broken measurement must not hide the others
                report[name] = {"error": f"{type(exc).__name__}: {exc}"}
            print(f"{name}: {json.dumps(report[name], ensure_ascii=False)}", file=sys.stderr, flush=True)
        shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
