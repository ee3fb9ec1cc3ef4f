"""The edge engine against a local fake of the speech service, with every fault injected."""

from __future__ import annotations

from collections.abc import Iterator

import edge_tts.communicate
import numpy as np
import pytest

from audionews.config import SpeechConfig
from audionews.errors import EngineError
from audionews.lexicon import Lexicon
from audionews.speech.base import WORKING_RATE, choose_engine
from audionews.speech.edge import EdgeEngine
from tests.helpers import free_port
from tools.fake_edge import SECONDS_PER_CHAR, FakeEdgeService

TEXTS = ["第一句话，很短。", "第二句话稍微长一点，但也不算太长。", "第三句。"]


@pytest.fixture
def fake() -> Iterator[FakeEdgeService]:
    with FakeEdgeService() as service, pytest.MonkeyPatch.context() as mp:
        # the one attribute that points edge-tts elsewhere (docs/ARCHITECTURE.md)
        mp.setattr(edge_tts.communicate, "WSS_URL", service.url)
        yield service


def _engine(**overrides: object) -> EdgeEngine:
    settings = {"engine": "edge", "timeout_s": 3.0, "retries": 3, "concurrency": 4, **overrides}
    return EdgeEngine(SpeechConfig(**settings), Lexicon(), base_delay_s=0.01)


def _speak(engine: EdgeEngine, texts: list[str]) -> list[np.ndarray]:
    clips: dict[int, np.ndarray] = {}
    engine.synthesize(texts, lambda i, pcm: clips.__setitem__(i, pcm))
    return [clips[i] for i in range(len(texts))]


def _expected_seconds(text: str) -> float:
    return max(0.5, len(text) * SECONDS_PER_CHAR)


def test_synthesises_real_audio_in_order(fake: FakeEdgeService):
    clips = _speak(_engine(), TEXTS)
    for text, pcm in zip(TEXTS, clips, strict=True):
        assert pcm.dtype == np.int16 and np.abs(pcm).max() > 3000  # decoded MP3, not silence
        assert abs(len(pcm) / WORKING_RATE - _expected_seconds(text)) < 0.15
    assert sorted(fake.served) == sorted(TEXTS)


def test_concurrency_is_bounded(fake: FakeEdgeService):
    fake.latency_s = 0.2
    _speak(_engine(concurrency=2), [f"第{i}句话。" for i in range(8)])
    assert fake.max_concurrent == 2


@pytest.mark.parametrize("fault", ["403", "429", "503", "noaudio", "stall", "cut", "drop", "garbage"])
def test_each_fault_is_retried_to_success(fake: FakeEdgeService, fault: str):
    fake.faults = [fault]
    [pcm] = _speak(_engine(timeout_s=1.5), ["故障之后应该重试成功。"])
    assert abs(len(pcm) / WORKING_RATE - _expected_seconds("故障之后应该重试成功。")) < 0.15
    # 403 is answered by edge-tts' own clock-skew retry inside one attempt; the rest by ours
    assert fake.connections == 2


def test_persistent_failure_fails_cleanly_and_delivers_nothing_broken(fake: FakeEdgeService):
    fake.faults = ["cut"] * 10
    delivered: list[int] = []
    with pytest.raises(EngineError) as info:
        _engine(retries=2).synthesize(["总是被截断的一句话。"], lambda i, pcm: delivered.append(i))
    assert delivered == []
    message = str(info.value)
    assert "after 3 attempts" in message and "\n" not in message
    assert fake.connections == 3


def test_refused_connection_fails_cleanly(monkeypatch: pytest.MonkeyPatch):
    port = free_port()  # closed again: nothing listens there
    monkeypatch.setattr(edge_tts.communicate, "WSS_URL", f"ws://127.0.0.1:{port}/x?TrustedClientToken=t")
    with pytest.raises(EngineError, match="after 2 attempts"):
        _engine(retries=1).synthesize(["连接被拒绝。"], lambda i, pcm: None)


def test_clips_finished_before_a_failure_are_still_delivered(fake: FakeEdgeService):
    fake.faults = ["ok", "ok", "cut", "cut", "cut"]  # the third text fails every attempt
    delivered: dict[int, int] = {}
    with pytest.raises(EngineError):
        _engine(retries=2, concurrency=1).synthesize(TEXTS, lambda i, pcm: delivered.__setitem__(i, len(pcm)))
    assert sorted(delivered) == [0, 1]  # so the cache keeps them and a rerun resumes


def test_auto_prefers_edge_when_the_service_answers(fake: FakeEdgeService):
    assert choose_engine(SpeechConfig(engine="auto"))[0] == "edge"


def test_auto_falls_back_to_offline_when_nothing_answers(monkeypatch: pytest.MonkeyPatch):
    port = free_port()
    monkeypatch.setattr(edge_tts.communicate, "WSS_URL", f"ws://127.0.0.1:{port}/x?T=t")
    assert choose_engine(SpeechConfig(engine="auto", probe_timeout_s=0.5))[0] == "kokoro"


def test_prepare_sends_simplified_text_with_lexicon(fake: FakeEdgeService):
    engine = EdgeEngine(SpeechConfig(engine="edge"), Lexicon(replacements={"COVID-19": "新冠肺炎"}))
    assert engine.prepare("長春COVID-19疫情") == "长春新冠肺炎疫情"
    tw = EdgeEngine(SpeechConfig(engine="edge", voice="zh-TW-HsiaoChenNeural"), Lexicon())
    assert tw.prepare("長春") == "長春"


SHORT_ARTICLE = """测试标题

这是第一段。它有两句话。

这是第二段，也很短。
"""
OTHER_ARTICLE = """另一个标题

另一篇文章的正文只有一段，但是有好几句。第二句。第三句！
"""


def _edge_show(tmp_path, clip_cache, retries: int):
    from tests.helpers import make_show

    articles = {"a.txt": SHORT_ARTICLE, "b.txt": OTHER_ARTICLE}
    speech = f"retries = {retries}\ntimeout_s = 2.0"
    return make_show(tmp_path / "show", clip_cache, articles, engine="edge", speech=speech)


@pytest.mark.slow  # a soak: hundreds of retried requests
def test_build_with_edge_survives_30_percent_dropped_requests(fake: FakeEdgeService, tmp_path):
    import feedparser

    from audionews.config import load_config
    from audionews.pipeline import build

    fake.drop_rate = 0.3
    root = _edge_show(tmp_path, tmp_path / "cache", retries=6)
    summary = build(load_config(root))
    assert [r.status for r in summary.results] == ["built", "built"]
    assert all(r.engine == "edge" for r in summary.results)
    assert fake.connections > len(fake.served)  # some requests really failed and were retried
    fp = feedparser.parse((root / "feed/feed.xml").read_bytes())
    assert len(fp.entries) == 2


def test_build_with_edge_down_reports_failure_and_publishes_nothing_partial(fake: FakeEdgeService, tmp_path):
    from audionews.config import load_config
    from audionews.pipeline import build

    fake.faults = ["503"] * 1000
    root = _edge_show(tmp_path, tmp_path / "cache", retries=1)
    summary = build(load_config(root))
    assert [r.status for r in summary.results] == ["failed", "failed"]
    assert all("edge voice failed after 2 attempts" in (r.error or "") for r in summary.results)
    assert not list((root / "feed/episodes").glob("*.mp3"))
    assert not list((root / "feed/episodes").glob(".*"))  # no temporary leftovers
    assert b"<item>" not in (root / "feed/feed.xml").read_bytes()
