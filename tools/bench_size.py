"""`make bench`'s show-size figures: a no-op build and a one-new-article build of a show of 10
and of 1,000 articles, with the tone stand-in engine, and their ratios (issue 29: within 2x).

The show is set up by a stand-in executor (tiny clips under the tone engine's own keys, placeholder
files for each episode) so that 1,000 episodes need no hour of rendering; the builds measured are
ordinary builds with the tone engine: the no-op keeps every episode, the new article is spoken
and rendered with ffmpeg like any other.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import numpy as np

from audionews.config import load_config
from audionews.execute import LocalExecutor
from audionews.pipeline import build
from audionews.render import Rendered, RenderJob
from audionews.speech.cache import ClipCache
from tools.showkit import make_show
from tools.tone_engine import ToneEngine

SENTENCES = (
    "市政府今天上午召开新闻发布会，介绍了第{n}季度全市经济运行情况。",
    "据统计，前三季度全市生产总值同比增长{p}%，高于全国平均水平。",
    "发言人表示，下一步将继续加大对中小企业的支持力度，稳定就业。",
    "记者从会上获悉，{n}个重点项目已经开工，总投资约{m}亿元。",
    "专家认为，消费回暖和出口增长是拉动经济的主要因素。",
)


def article(n: int) -> str:
    day, hour = divmod(n, 24)
    paragraphs = [
        "".join(s.format(n=n % 4 + 1, p=3 + n % 5, m=10 + n) for s in SENTENCES[i : i + 2]) for i in range(0, 5, 2)
    ]
    when = f"2025-{1 + day // 28 % 12:02d}-{1 + day % 28:02d} {hour:02d}:00"
    head = f"---\ntitle: 第{n}号新闻：经济运行情况\ndate: {when}\n---\n"
    return head + "\n\n".join(paragraphs) + "\n"


class TinyClips(ToneEngine):
    """The tone engine's identity (so its keys), with clips of a few samples: setting up only."""

    def synthesize(self, texts, deliver) -> None:  # type: ignore[no-untyped-def]
        for i, _ in enumerate(texts):
            deliver(i, np.zeros(24, dtype=np.int16))


class Placeholders(LocalExecutor):
    """Writes each episode's files as a few bytes instead of mastering them: setting up only."""

    def render(self, job: RenderJob) -> Rendered:
        files = job.episode.files
        for name in files.rendered:
            (self.staging / name).parent.mkdir(parents=True, exist_ok=True)
            (self.staging / name).write_bytes(name.encode())
        mp3 = (self.staging / files.mp3).read_bytes()
        return Rendered(60.0, -16.0, -1.5, len(mp3), hashlib.sha256(mp3).hexdigest()[:12], ())


def _timed(root: Path) -> float:
    started = time.monotonic()
    summary = build(load_config(root), engine=ToneEngine())
    assert not summary.failed, summary.failed
    return time.monotonic() - started


def one_size(tmp: Path, count: int) -> dict[str, float]:
    articles = {f"{n:04d}.md": article(n) for n in range(count)}
    root = make_show(tmp / f"size-{count}", tmp / f"size-{count}-cache", articles)
    config = load_config(root)
    staging = config.feed_dir / ".staging"
    build(config, executor=Placeholders(TinyClips(), ClipCache(config.cache_dir), staging))
    _timed(root)  # the first real build: the cleaned-article cache is filled here
    noop = min(_timed(root) for _ in range(2))
    (root / "articles" / "new.md").write_text(article(count + 1).replace("经济", "新到"), encoding="utf-8")
    one_new = _timed(root)
    return {"articles": count, "noop_s": round(noop, 3), "one_new_s": round(one_new, 3)}


def bench_show_size(tmp: Path, sizes: tuple[int, int] = (10, 1000)) -> dict[str, object]:
    small, large = (one_size(tmp, n) for n in sizes)
    return {
        f"at_{sizes[0]}": small,
        f"at_{sizes[1]}": large,
        "noop_ratio": round(large["noop_s"] / small["noop_s"], 2),
        "one_new_ratio": round(large["one_new_s"] / small["one_new_s"], 2),
        "goal_ratio": 2.0,
    }
