"""Runs on the machines people have: another ffmpeg, files of every kind, faults mid-build.

No single article can stop a build: whatever goes wrong inside one is that article's one-line
failure, its traceback goes to build.log, and every other article still publishes.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
from collections.abc import Iterator
from pathlib import Path

import edge_tts.communicate
import podcastparser
import pytest

from audionews import pipeline
from audionews.config import load_config
from audionews.ffmpeg import use_ffmpeg
from audionews.lexicon import Lexicon
from audionews.master import measure
from audionews.progress import QuietReporter
from audionews.speech.edge import EdgeEngine
from tests.helpers import build, has_xing_header, make_show, probe, run_cli_with_edge
from tools.fake_edge import FakeEdgeService

BODY = "测试标题\n\n这是一段很短的正文。第二句。\n"


def _show(root: Path, cache: Path, articles: dict[str, str], extra_toml: str = "") -> Path:
    return make_show(root, cache, articles, extra_toml, engine="edge", speech="retries = 0")


def _enclosures_exist(root: Path) -> int:
    """Every enclosure in the feed is a file of exactly the announced length; returns how many."""
    with (root / "feed/feed.xml").open("rb") as stream:
        parsed = podcastparser.parse("http://podcast.test/show/feed.xml", stream)
    for episode in parsed["episodes"]:
        [enclosure] = episode["enclosures"]
        relative = enclosure["url"].removeprefix("http://podcast.test/show/").split("?")[0]
        assert (root / "feed" / relative).stat().st_size == enclosure["file_size"], relative
    return len(parsed["episodes"])


# --- ffmpeg ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_debian_ffmpeg_builds_a_short_episode(tmp_path, clip_cache):
    """`make test` installs Debian's ffmpeg (5.1 on Debian 12) the way it installs Chromium."""
    system = shutil.which("ffmpeg")
    assert system, "no ffmpeg on PATH: `make test` installs Debian's"
    version = use_ffmpeg("system").short_version
    use_ffmpeg("bundled")
    root = make_show(tmp_path / "show", clip_cache, {"good.txt": BODY}, '\n[audio]\nffmpeg = "system"\n')
    run, report = build(root)
    assert run.code == 0, run.stderr
    assert report["ffmpeg"] == f"ffmpeg {version} (system: {system})"
    assert f"ffmpeg {version}" in run.stdout  # the summary says which ffmpeg made the episodes
    [episode] = report["episodes"]
    mp3 = Path(episode["mp3"])
    assert has_xing_header(mp3)
    info = probe(mp3)
    assert (
        info["sample_rate"] == 44100 and info["bitrate"] == 64 and abs(info["duration"] - episode["duration_s"]) < 0.3
    )
    loud = measure(mp3)
    assert -17.0 <= loud.integrated_lufs <= -15.0 and loud.true_peak_db <= -1.5, loud


def _fake_ffmpeg(folder: Path, version: str, refuses: str, message: str) -> Path:
    """An ffmpeg built without one feature: a real executable that answers as such a build does."""
    real = use_ffmpeg("bundled").exe
    script = folder / "ffmpeg"
    script.write_text(
        "#!/bin/sh\n"
        f'if [ "$1" = "-version" ]; then echo "ffmpeg version {version} Copyright (c) 2000-2023"; exit 0; fi\n'
        f'case "$*" in *{refuses}*) echo "{message}" >&2; exit 8;; esac\n'
        f'exec "{real}" "$@"\n',
        encoding="utf-8",
    )
    script.chmod(0o755)
    return script


@pytest.mark.parametrize(
    ("refuses", "message", "feature"),
    [
        ("ebur128", "[AVFilterGraph @ 0x5600] No such filter: 'ebur128'", "loudness and true peak"),
        ("libmp3lame", "Unknown encoder 'libmp3lame'", "libmp3lame MP3 encoder"),
        ("alimiter", "[AVFilterGraph @ 0x5600] No such filter: 'alimiter'", "alimiter"),
    ],
)
def test_an_ffmpeg_lacking_a_feature_is_refused_in_one_line(tmp_path, clip_cache, refuses, message, feature):
    fake = _fake_ffmpeg(tmp_path, "4.1.11-0+deb10u1", refuses, message)
    root = make_show(tmp_path / "show", clip_cache, {"good.txt": BODY}, f'\n[audio]\nffmpeg = "{fake}"\n')
    run, _ = build(root)
    assert run.code == 2, run.stderr
    [line] = run.stderr.strip().splitlines()
    assert "audio.ffmpeg" in line and "4.1.11-0+deb10u1" in line and feature in line and message in line, line
    assert not (root / "feed/feed.xml").exists()


def test_a_missing_or_foreign_ffmpeg_is_a_config_error(tmp_path, clip_cache):
    for setting, says in (("/no/such/ffmpeg", "no such file"), ("/bin/true", "is not ffmpeg")):
        root = make_show(
            tmp_path / setting.replace("/", "_"), clip_cache, {"good.txt": BODY}, f'\n[audio]\nffmpeg = "{setting}"\n'
        )
        run, _ = build(root)
        assert run.code == 2 and "audio.ffmpeg" in run.stderr and says in run.stderr, run.stderr
        assert "Traceback" not in run.stderr


# --- one article's fault is that article's alone ------------------------------------------------


@pytest.fixture(scope="module")
def edge() -> Iterator[FakeEdgeService]:
    with FakeEdgeService() as service:
        yield service


@pytest.fixture
def edge_in_process(edge: FakeEdgeService) -> Iterator[FakeEdgeService]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(edge_tts.communicate, "WSS_URL", edge.url)
        yield edge


class _ExplodingEngine(EdgeEngine):
    """The edge engine with a bug of ours: preparing one word raises something unforeseen."""

    name = "exploding"

    def prepare(self, display_text: str) -> str:
        if "爆炸" in display_text:
            raise ZeroDivisionError("a bug that no rule foresaw")
        return super().prepare(display_text)


def test_an_unforeseen_error_fails_one_article_with_its_traceback_in_the_log(tmp_path, clip_cache, edge_in_process):
    root = _show(tmp_path, clip_cache, {"a.txt": BODY, "b.txt": "会爆炸的文章\n\n这里有爆炸两个字。\n", "c.txt": BODY})
    config = load_config(root)
    summary = pipeline.build(config, engine=_ExplodingEngine(config.speech, Lexicon()))
    by_slug = {r.slug: r for r in summary.results}
    assert [by_slug[s].status for s in "abc"] == ["built", "failed", "built"]
    error = by_slug["b"].error or ""
    assert error.startswith(f"{root / 'articles/b.txt'}: internal error ZeroDivisionError: a bug that no rule foresaw")
    assert "\n" not in error
    log = (clip_cache / "build.log").read_text(encoding="utf-8")
    assert "b.txt" in log and "Traceback" in log and "ZeroDivisionError" in log
    assert _enclosures_exist(root) == 2


def test_a_failure_after_speech_counts_what_was_spoken(tmp_path, clip_cache, edge_in_process):
    text = "写不出去的文章\n\n" + "".join(f"这是第{n}句没有缓存过的话。" for n in range(5)) + "\n"
    root = _show(tmp_path, clip_cache, {"a.txt": BODY, "b.txt": text})
    (root / "feed/episodes/b.mp3").mkdir(parents=True)  # the MP3 cannot be put in place
    summary = pipeline.build(load_config(root))
    report = summary.report()
    [failed] = summary.failed
    assert failed.slug == "b" and "Is a directory" in (failed.error or "")
    assert failed.synthesized >= 5  # spoken (and cached) before the failure: counted, not dropped
    assert report["synthesized"] == sum(r.synthesized for r in summary.results) >= failed.synthesized
    (root / "feed/episodes/b.mp3").rmdir()
    again = pipeline.build(load_config(root)).report()
    assert again["built"] == 1 and again["synthesized"] == 0 and again["failed"] == 0  # resumed from the cache


class _Saboteur(QuietReporter):
    """Changes the articles folder while the build runs, as a user or a sync tool might: after
    the build listed the files (it reports how many), before it reads them."""

    def __init__(self, articles: Path) -> None:
        self.articles = articles

    def start(self, total_articles: int) -> None:
        assert total_articles == 4
        (self.articles / "b.txt").unlink()
        (self.articles / "c.txt").unlink()
        os.mkfifo(self.articles / "c.txt")


def test_files_that_vanish_or_change_kind_mid_build(tmp_path, clip_cache, edge_in_process):
    root = _show(tmp_path, clip_cache, {"a.txt": BODY, "b.txt": BODY, "c.txt": BODY, "d.txt": BODY})
    summary = pipeline.build(load_config(root), _Saboteur(root / "articles"))
    by_slug = {r.slug: r for r in summary.results}
    assert "vanished" in (by_slug["b"].error or "")
    assert "FIFO" in (by_slug["c"].error or "")
    assert by_slug["a"].status == by_slug["d"].status == "built"
    assert _enclosures_exist(root) == 2


def test_an_engine_failure_leaves_the_previous_episode_published(tmp_path, clip_cache, edge_in_process):
    root = _show(tmp_path, clip_cache, {"a.txt": BODY})
    first = pipeline.build(load_config(root)).report()
    assert first["built"] == 1
    (root / "articles/a.txt").write_text(BODY + "\n新加的一句话，服务这时出了故障。\n", encoding="utf-8")
    edge_in_process.faults = ["503"]
    summary = pipeline.build(load_config(root))
    [failed] = summary.failed
    assert "edge voice failed" in (failed.error or "") and failed.kept_previous is True
    assert _enclosures_exist(root) == 1


def _limit_file_size(limit: int):
    def apply() -> None:
        # every write past `limit` bytes fails (EFBIG), as a full disk fails them (ENOSPC)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_full_disk_leaves_the_published_feed_intact(tmp_path, clip_cache, edge):
    root = _show(tmp_path, clip_cache, {"a.txt": BODY, "b.txt": "第二篇\n\n第二篇文章的正文。\n"})
    run = run_cli_with_edge(edge.url, "build", "-C", root)
    assert run.code == 0, run.stderr
    published = {p.name: p.read_bytes() for p in (root / "feed").rglob("*") if p.is_file()}
    (root / "articles/b.txt").write_text("第二篇\n\n改过的正文，需要重新合成。\n", encoding="utf-8")
    # a description every page shows: the pages must be written again (only changed files are)
    settings = root / "audionews.toml"
    settings.write_text(settings.read_text("utf-8").replace("测试用的节目", "改过的简介"), "utf-8")

    run = run_cli_with_edge(edge.url, "build", "-C", root, preexec_fn=_limit_file_size(1500))
    assert run.code == 5, (run.code, run.stderr)
    assert "Traceback" not in run.stderr
    assert "the previously published feed is unchanged" in run.stderr
    now = {p.name: p.read_bytes() for p in (root / "feed").rglob("*") if p.is_file()}
    assert now == published  # nothing half-written, no temporary files left behind
    assert _enclosures_exist(root) == 2

    run = run_cli_with_edge(edge.url, "build", "-C", root, "--report", root / "report.json")
    assert run.code == 0, run.stderr
    report = json.loads((root / "report.json").read_text(encoding="utf-8"))
    assert {e["slug"]: e["status"] for e in report["episodes"]} == {"a": "unchanged", "b": "built"}


def test_summary_counts_utterances_of_failed_articles(tmp_path, clip_cache, edge):
    text = "写不出去的文章\n\n" + "".join(f"命令行里第{n}句没有缓存过的话。" for n in range(4)) + "\n"
    root = _show(tmp_path, clip_cache, {"b.txt": text})
    (root / "feed/episodes/b.mp3").mkdir(parents=True)
    run = run_cli_with_edge(edge.url, "build", "-C", root, "--report", root / "report.json")
    assert run.code == 1
    report = json.loads((root / "report.json").read_text(encoding="utf-8"))
    assert report["failed"] == 1 and report["synthesized"] >= 4
    assert f"{report['synthesized']} synthesised" in run.stdout
    assert "Traceback" not in run.stderr + run.stdout


def test_an_unreadable_lexicon_is_a_config_error(tmp_path, clip_cache):
    root = make_show(tmp_path, clip_cache, {"a.txt": BODY})
    (root / "lexicon.toml").mkdir()  # a folder where a file is expected
    run, _ = build(root)
    assert run.code == 2, run.stderr
    assert run.stderr.strip().splitlines()[-1] == f"error: {root / 'lexicon.toml'}: cannot be read (Is a directory)"
    assert "Traceback" not in run.stderr


def test_a_bug_outside_any_article_is_one_line_and_a_crash_log(tmp_path, clip_cache, monkeypatch, capsys):
    from audionews import cli

    def broken_build(*args, **kwargs):
        raise KeyError("a bug of ours")

    monkeypatch.setattr(pipeline, "build", broken_build)
    root = make_show(tmp_path, clip_cache, {"a.txt": BODY})
    assert cli.main(["build", "-C", str(root)]) == cli.EXIT_INTERNAL
    err = capsys.readouterr().err
    assert err.strip().startswith("internal error: KeyError: 'a bug of ours'") and "Traceback" not in err
    assert "Traceback" in (root / ".cache/audionews/crash.log").read_text(encoding="utf-8")
