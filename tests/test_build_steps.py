"""plan → execute → publish, each promise checked through the executor seam with faithful
executors (real subclasses of the local one, speaking with the tone stand-in and rendering with
real ffmpeg): one policy for every executor, one failure boundary, deletions after the feeds."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest

from audionews import pipeline
from audionews.config import load_config
from audionews.errors import BrokerLost, ConfigError, PublishError
from audionews.execute import LocalExecutor
from audionews.render import Rendered, RenderJob
from audionews.speech.cache import ClipCache
from tests.helpers import make_show
from tools.tone_engine import ToneEngine

SHORT = "---\ntitle: 短讯\ndate: 2026-11-28 08:00\n---\n市政府今天召开新闻发布会。\n\n会议介绍了全市经济运行情况。\n"
OTHER = "---\ntitle: 另一条\ndate: 2026-11-28 09:00\n---\n气象台今天发布寒潮预警。\n"
LONG = "---\ntitle: 长文\ndate: 2026-11-28 10:00\n---\n" + "这是一篇很长很长的文章里的一句话。" * 12 + "\n"


class RecordingExecutor(LocalExecutor):
    """The local executor as a distributed build drives it: it speaks ahead and works on
    several episodes at once; it records every text it is asked to speak."""

    speaks_ahead = True
    in_flight = 3

    def __init__(self, root: Path) -> None:
        config = load_config(root)
        super().__init__(ToneEngine(), ClipCache(config.cache_dir), config.feed_dir / ".staging")
        self.spoken: list[str] = []

    def speak(self, wanted: dict[str, str], on_clip) -> None:
        self.spoken += wanted.values()
        super().speak(wanted, on_clip)


class BrokerLostOnDaily(RecordingExecutor):
    def render(self, job: RenderJob) -> Rendered:
        if job.episode.slug.startswith("daily-"):
            raise BrokerLost("the broker was lost waiting for workers to render")
        return super().render(job)


def _show(tmp_path: Path, articles: dict[str, str], toml: str = "") -> Path:
    return make_show(tmp_path / "show", tmp_path / "cache", articles, extra_toml=toml)


def test_speaking_ahead_follows_the_one_policy(tmp_path):
    """A distributed build speaks ahead only what the plan will use: nothing of an article over
    audio.max_chars, nothing of a withdrawn one, and in a daily-only show no article's own
    intro and outro."""
    withdrawn = OTHER.replace("---\n气象", "retracted: true\n---\n气象")
    root = _show(
        tmp_path,
        {"a.md": SHORT, "long.md": LONG, "gone.md": withdrawn},
        "[audio]\nmax_chars = 150\n[edition]\ndaily = true\nper_article = false\n",
    )
    executor = RecordingExecutor(root)
    summary = pipeline.build(load_config(root), executor=executor)
    spoken = "".join(executor.spoken)
    assert "很长很长" not in spoken and "寒潮" not in spoken
    assert "市政府" in spoken  # the bulletin reads the short article
    assert not [t for t in executor.spoken if t.startswith(("欢迎收听", "感谢收听"))]  # an article's own intro, outro
    by_slug = {r.slug: r for r in summary.results}
    assert by_slug["long"].status == "failed" and "max_chars" in (by_slug["long"].error or "")
    assert by_slug["daily-2026-11-28"].status == "built"
    assert "a" not in by_slug  # daily only: no episode of its own
    assert not (root / "feed" / "episodes" / "a.mp3").exists()


def test_a_broker_lost_during_the_bulletin_stops_the_build_unpublished(tmp_path):
    root = _show(tmp_path, {"a.md": SHORT}, "[edition]\ndaily = true\n")
    with pytest.raises(BrokerLost):
        pipeline.build(load_config(root), executor=BrokerLostOnDaily(root))
    feed = root / "feed"
    assert not (feed / "feed.xml").exists() and not (feed / "manifest.json").exists()
    assert not list((feed / "episodes").iterdir())  # the article rendered before the loss stays unpublished


def _feed_names(root: Path) -> set[str]:
    parsed = feedparser.parse((root / "feed" / "feed.xml").read_bytes())
    return {e.enclosures[0].href.split("/episodes/", 1)[1].split("?")[0] for e in parsed.entries}


@pytest.mark.parametrize("change", ["remove", "retract"])
def test_files_are_deleted_only_after_the_feeds_stop_naming_them(tmp_path, change):
    """The feed cannot be written (feed.xml is in the way): the build fails with exit 5's
    error, and the MP3 the old feed still names is still there."""
    root = _show(tmp_path, {"a.md": SHORT, "b.md": OTHER})
    pipeline.build(load_config(root), engine=ToneEngine())
    assert _feed_names(root) == {"a.mp3", "b.mp3"}
    if change == "remove":
        (root / "articles" / "b.md").unlink()
    else:
        (root / "articles" / "b.md").write_text(OTHER.replace("---\n气象", "retracted: true\n---\n气象"), "utf-8")
    index = root / "feed" / "index.html"
    index.unlink()
    index.mkdir()  # written after the manifest, before the feed: it cannot be replaced
    with pytest.raises(PublishError):
        pipeline.build(load_config(root), engine=ToneEngine())
    assert _feed_names(root) == {"a.mp3", "b.mp3"}
    assert (root / "feed" / "episodes" / "b.mp3").is_file()
    index.rmdir()
    pipeline.build(load_config(root), engine=ToneEngine())
    assert _feed_names(root) == {"a.mp3"} and not (root / "feed" / "episodes" / "b.mp3").exists()


def test_a_kept_episode_reports_its_published_file(tmp_path):
    root = _show(tmp_path, {"a.md": SHORT})
    pipeline.build(load_config(root), engine=ToneEngine())
    [again] = pipeline.build(load_config(root), engine=ToneEngine()).results
    assert again.status == "unchanged" and again.mp3 == str(root / "feed" / "episodes" / "a.mp3")
    assert again.engine == "tone" and again.cached > 0 and again.synthesized == 0


def test_a_manifest_from_before_a_field_existed_still_loads(tmp_path):
    from audionews.publish.records import load_manifest

    root = _show(tmp_path, {"a.md": SHORT})
    pipeline.build(load_config(root), engine=ToneEngine())
    path = root / "feed" / "manifest.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    for record in raw["episodes"]:
        del record["versions"], record["retracted_at"]  # written by an older build
    path.write_text(json.dumps(raw), encoding="utf-8")
    [record] = load_manifest(root / "feed").values()
    assert record.versions == [] and record.retracted_at is None and isinstance(record.blocks[0], tuple)
    [again] = pipeline.build(load_config(root), engine=ToneEngine()).results
    assert again.status == "unchanged"


def test_the_distributed_timeouts_must_let_a_lost_task_come_back(tmp_path):
    root = _show(tmp_path, {"a.md": SHORT}, "[scale]\nvisibility_timeout_s = 600\ntimeout_s = 300\n")
    with pytest.raises(ConfigError, match=r"scale\.timeout_s"):
        load_config(root)


def test_voices_lists_every_engine_of_the_table_with_its_text_escaped(monkeypatch):
    """`audionews voices` comes from the engine table; an install hint such as
    pip install '.[baker]' is shown as written, not eaten by rich as markup."""
    from rich.console import Console

    from audionews.cli.reporting import voice_table
    from audionews.speech.baker import BakerEngine
    from audionews.speech.engines import ENGINES

    monkeypatch.setattr(BakerEngine, "available", staticmethod(lambda config: False))
    table, notes = voice_table()
    console = Console(record=True, width=200)
    console.print(table)
    for line in notes:
        console.print(line, markup=False)
    text = console.export_text()
    assert "baker (not installed: pip install '.[baker]')" in text
    assert "NON-COMMERCIAL" in text and "zm_yunjian" in text and "zh-CN-YunyangNeural" in text
    for entry in ENGINES:
        assert entry.summary in text
    assert '"auto" tries edge, then kokoro, then baker' in text
