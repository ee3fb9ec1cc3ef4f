"""Composes the stages for `audionews build` and decides what is stale.

An episode is rebuilt only when its fingerprint changes (its clips' cache keys, its display
text, pacing, templates, audio settings, tags); a clip is synthesised only when it is not in
the cache. Every published file is written to a temporary name and renamed; the feed and the
pages are written last, from the manifest, so they only ever name complete episodes. An
article that fails keeps its previously published episode.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import numpy as np

from .assemble import assemble, load_jingle, make_jingle
from .captions import chapters_json, webvtt
from .clean import clean_source
from .config import Config
from .cover import generate_cover
from .errors import ArticleError, AudionewsError, BuildLocked, PublishError
from .ffmpeg import use_ffmpeg
from .fsutil import atomic_write_bytes, atomic_write_text, printable, temp_path_beside
from .ingest import assign_slugs, find_articles, read_article
from .lexicon import load_lexicon
from .master import master_to_mp3
from .model import Article, Chapter, EpisodePlan, EpisodeResult
from .publish.feed import build_feed, episode_guid
from .publish.records import EpisodeRecord, load_manifest, save_manifest
from .publish.site import clock, render_pages
from .script import Templates, plan_episode, split_sentences
from .speech.base import WORKING_RATE, Engine, choose_engine, create_engine
from .speech.cache import ClipCache, clip_key
from .tags import EpisodeTags, write_tags

# Bump when the audio a given input produces changes, so old episodes are rebuilt.
PIPELINE_VERSION = 1
SUMMARY_CHARS = 120


class Reporter(Protocol):
    def note(self, message: str) -> None: ...
    def start(self, total_articles: int) -> None: ...
    def episode_start(self, slug: str, to_synthesize: int) -> None: ...
    def utterance_done(self) -> None: ...
    def episode_done(self, result: EpisodeResult) -> None: ...


class QuietReporter:
    def note(self, message: str) -> None:
        pass

    def start(self, total_articles: int) -> None:
        pass

    def episode_start(self, slug: str, to_synthesize: int) -> None:
        pass

    def utterance_done(self) -> None:
        pass

    def episode_done(self, result: EpisodeResult) -> None:
        pass


@dataclass(frozen=True)
class BuildSummary:
    results: tuple[EpisodeResult, ...]
    engine: str
    engine_reason: str
    ffmpeg: str
    feed_path: Path
    elapsed_s: float

    @property
    def failed(self) -> list[EpisodeResult]:
        return [r for r in self.results if r.status == "failed"]

    def report(self) -> dict[str, object]:
        episodes = []
        for r in self.results:
            item = {k: v for k, v in asdict(r).items() if k != "extra"}
            item.update(r.extra)
            episodes.append(item)
        return {"engine": self.engine, "engine_reason": self.engine_reason, "ffmpeg": self.ffmpeg,
                "feed": str(self.feed_path),
                "elapsed_s": round(self.elapsed_s, 3), "episodes": episodes,
                "built": sum(r.status == "built" for r in self.results),
                "unchanged": sum(r.status == "unchanged" for r in self.results),
                "failed": len(self.failed),
                "synthesized": sum(r.synthesized for r in self.results),
                "cached": sum(r.cached for r in self.results)}


@contextmanager
def build_lock(cache_dir: Path) -> Iterator[None]:
    """Two builds of one show never interleave: the second one stops with a clear message."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / "build.lock"
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildLocked(f"another build of this show is running (lock: {path})") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _digest(*parts: object) -> str:
    blob = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def summary_of(article: Article) -> str:
    if article.meta.summary:
        return article.meta.summary
    for block in article.blocks:
        if block.kind.value == "paragraph":
            text = block.text
            if len(text) <= SUMMARY_CHARS:
                return text
            cut = max(text.rfind(c, 0, SUMMARY_CHARS) for c in "。！？")
            return text[: cut + 1] if cut > 20 else text[:SUMMARY_CHARS] + "…"
    return article.meta.title


def _remove_stale_temp_files(feed_dir: Path) -> None:
    """Temporary files left by a build that was killed mid-write."""
    for folder in (feed_dir, feed_dir / "episodes"):
        if folder.is_dir():
            for path in folder.glob(".*"):
                if path.is_file():
                    path.unlink(missing_ok=True)


class _Show:
    """What every episode of one build shares: config, engine, cache, templates, jingles, cover."""

    def __init__(self, config: Config, engine: Engine, reporter: Reporter) -> None:
        self.config = config
        self.engine = engine
        self.reporter = reporter
        self.cache = ClipCache(config.cache_dir)
        self.templates = Templates(config)
        jingle_path = config.path(config.audio.jingle) if config.audio.jingle else None
        if jingle_path:
            if not jingle_path.is_file():
                raise AudionewsError(f"{config.source or 'audionews.toml'}: audio.jingle: no such file {jingle_path}")
            data = jingle_path.read_bytes()
            self.jingles = (load_jingle(jingle_path), load_jingle(jingle_path))
            self.jingle_id = hashlib.sha256(data).hexdigest()
        else:
            self.jingles = (make_jingle(rising=True), make_jingle(rising=False))
            self.jingle_id = "generated-1"
        image = config.path(config.show.image) if config.show.image else None
        if image and not image.is_file():
            raise AudionewsError(f"{config.source or 'audionews.toml'}: show.image: no such file {image}")
        self.cover = image.read_bytes() if image else generate_cover(config.show.title)
        self.cover_mime = "image/jpeg" if image and image.suffix.lower() in (".jpg", ".jpeg") else "image/png"
        self.cover_name = "cover.jpg" if self.cover_mime == "image/jpeg" else "cover.png"
        self.template_text = [self.templates.source_text("intro"), self.templates.source_text("outro")]
        self.spoken_now = 0  # clips synthesised for the article being built, kept if it fails

    def keys(self, plan: EpisodePlan) -> list[str]:
        e = self.engine
        return [clip_key(e.identity(), u.spoken, e.cache_extra(u.spoken)) for u in plan.utterances]

    def fingerprint(self, plan: EpisodePlan, keys: list[str]) -> str:
        meta = plan.article.meta
        layout = [(s.kind, s.pause_after_s, s.chapter, s.jingle_before, [u.display for u in s.utterances])
                  for s in plan.segments]
        return _digest(PIPELINE_VERSION, keys, layout, asdict(self.config.audio), self.jingle_id,
                       self.template_text, self.config.show.title, self.config.show.author,
                       meta.title, meta.published, summary_of(plan.article),
                       hashlib.sha256(self.cover).hexdigest())

    def synthesize_missing(self, plan: EpisodePlan, keys: list[str]) -> tuple[int, int]:
        """Synthesise the clips not in the cache; returns (synthesised, cached)."""
        wanted: dict[str, str] = {}
        for key, utterance in zip(keys, plan.utterances, strict=True):
            if key not in self.cache and key not in wanted:
                wanted[key] = utterance.spoken
        self.reporter.episode_start(plan.slug, len(wanted))
        order = list(wanted)

        def deliver(index: int, pcm: np.ndarray) -> None:
            self.cache.put(order[index], pcm)
            self.spoken_now += 1
            self.reporter.utterance_done()

        if order:
            self.engine.synthesize([wanted[k] for k in order], deliver)
        return len(order), len(keys) - len(order)

    def render(self, plan: EpisodePlan, keys: list[str], feed_dir: Path) -> Rendered:
        """Assemble, master, tag and publish the MP3 and its side files."""
        clips = []
        for key in keys:
            pcm = self.cache.get(key)
            if pcm is None:
                raise AudionewsError(f"clip {key[:12]} vanished from the cache during the build")
            clips.append(pcm)
        timeline = assemble(plan, clips, *self.jingles, rate=WORKING_RATE)
        meta = plan.article.meta
        episodes = feed_dir / "episodes"
        final = episodes / f"{plan.slug}.mp3"
        tmp = temp_path_beside(final)
        try:
            loudness = master_to_mp3(timeline.parts, timeline.rate, tmp, self.config.audio)
            tags = EpisodeTags(
                title=episode_title(plan.article), artist=meta.source or self.config.show.author,
                album=self.config.show.title, date=meta.published.date().isoformat() if meta.published else "",
                comment=summary_of(plan.article), cover=self.cover, cover_mime=self.cover_mime)
            write_tags(tmp, tags, list(timeline.chapters), timeline.duration_s)
            os.replace(tmp, final)
        finally:
            tmp.unlink(missing_ok=True)
        atomic_write_text(episodes / f"{plan.slug}.vtt", webvtt(list(timeline.cues)))
        atomic_write_text(episodes / f"{plan.slug}.chapters.json", chapters_json(list(timeline.chapters)))
        atomic_write_text(episodes / f"{plan.slug}.txt", show_notes_text(plan.article, timeline.chapters))
        chapters = [(round(c.start_s, 3), c.title) for c in timeline.chapters]
        return Rendered(timeline.duration_s, loudness.integrated_lufs, loudness.true_peak_db,
                        final.read_bytes(), chapters)


@dataclass(frozen=True)
class Rendered:
    duration_s: float
    loudness_lufs: float
    true_peak_db: float
    mp3: bytes
    chapters: list[tuple[float, str]]


def show_notes_text(article: Article, chapters: tuple[Chapter, ...]) -> str:
    meta = article.meta
    lines = [episode_title(article), ""]
    for label, value in (("发布", meta.published.isoformat() if meta.published else None),
                         ("作者", meta.author), ("编辑", meta.editor), ("来源", meta.source), ("原文", meta.url)):
        if value:
            lines.append(f"{label}：{value}")
    lines += ["", summary_of(article), "", "章节："]
    lines += [f"{clock(c.start_s)} {c.title}" for c in chapters]
    return "\n".join(lines) + "\n"


def episode_title(article: Article) -> str:
    """The article's title; an untitled article is named by its first sentence, not its file."""
    if article.meta.title:
        return article.meta.title
    first = split_sentences(article.blocks[0].text)[0] if article.blocks else article.slug
    return first if len(first) <= 30 else first[:29] + "…"


def _record(plan: EpisodePlan, fingerprint: str, engine: Engine, out: Rendered,
            previous: EpisodeRecord | None) -> EpisodeRecord:
    meta = plan.article.meta
    now = datetime.now(UTC).isoformat(timespec="seconds")
    first_seen = previous.first_seen if previous else now
    return EpisodeRecord(
        slug=plan.slug, guid=episode_guid(plan.slug, meta.url), title=episode_title(plan.article),
        published=meta.published.isoformat() if meta.published else first_seen, first_seen=first_seen,
        duration_s=round(out.duration_s, 3), mp3_bytes=len(out.mp3),
        mp3_sha=hashlib.sha256(out.mp3).hexdigest()[:12],
        fingerprint=fingerprint, engine=engine.name, voice=engine.voice, summary=summary_of(plan.article),
        source_file=printable(plan.article.path.name), author=meta.author, editor=meta.editor, source=meta.source,
        url=meta.url, blocks=[(b.kind.value, b.text) for b in plan.article.blocks],
        chapters=out.chapters, loudness_lufs=round(out.loudness_lufs, 2),
        true_peak_db=round(out.true_peak_db, 2),
    )


def _published_files_intact(feed_dir: Path, record: EpisodeRecord) -> bool:
    mp3 = feed_dir / record.mp3_name
    side = [feed_dir / "episodes" / f"{record.slug}{ext}" for ext in (".vtt", ".chapters.json", ".txt")]
    return mp3.is_file() and mp3.stat().st_size == record.mp3_bytes and all(p.is_file() for p in side)


def _remove_episode_files(feed_dir: Path, slug: str) -> None:
    for ext in (".mp3", ".vtt", ".chapters.json", ".txt", ".html"):
        (feed_dir / "episodes" / f"{slug}{ext}").unlink(missing_ok=True)


class BuildLog:
    """`build.log` in the cache folder: the traceback behind every one-line failure on screen.

    Writing it never fails a build: on a full disk the one-line reasons are all there is."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._write("w", f"audionews build at {datetime.now(UTC).isoformat(timespec='seconds')}\n")

    def _write(self, mode: str, text: str) -> None:
        try:
            with self.path.open(mode, encoding="utf-8", errors="backslashreplace") as log:
                log.write(text)
        except OSError:
            pass

    def failure(self, source: Path, exc: BaseException) -> None:
        self._write("a", f"\n{printable(source)}:\n{''.join(traceback.format_exception(exc))}")


def _failure_reason(path: Path, exc: Exception, log: BuildLog) -> str:
    """One line for the screen; anything unexpected also goes, with its traceback, to the log."""
    if isinstance(exc, ArticleError):
        return str(exc)
    if isinstance(exc, AudionewsError):
        return f"{printable(path)}: {exc}"
    log.failure(path, exc)
    if isinstance(exc, OSError):
        where = f" ({printable(exc.filename)})" if exc.filename else ""
        return f"{printable(path)}: {exc.strerror or exc}{where}"
    first = (str(exc).splitlines() or [""])[0][:160]
    return f"{printable(path)}: internal error {type(exc).__name__}: {first} (traceback in {printable(log.path)})"


def build(config: Config, reporter: Reporter | None = None, engine_name: str | None = None) -> BuildSummary:
    reporter = reporter or QuietReporter()
    started = time.monotonic()
    feed_dir = config.feed_dir
    with build_lock(config.cache_dir):
        log = BuildLog(config.cache_dir / "build.log")
        try:
            (feed_dir / "episodes").mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise PublishError(f"cannot create {printable(feed_dir / 'episodes')}: {exc.strerror}") from None
        _remove_stale_temp_files(feed_dir)
        ffmpeg = use_ffmpeg(config.audio.ffmpeg, config.source or config.root / "audionews.toml")
        lexicon = load_lexicon(config.path(config.speech.lexicon))
        speech = config.speech if engine_name is None else replace(config.speech, engine=engine_name)
        name, why = choose_engine(speech)
        reporter.note(f"speech engine: {name} ({why})")
        engine = create_engine(name, speech, lexicon)
        show = _Show(config, engine, reporter)
        previous = load_manifest(feed_dir)
        paths = find_articles(config.articles_dir)
        slugs = assign_slugs(paths, {r.source_file: r.slug for r in previous.values()})
        reporter.start(len(paths))
        results: list[EpisodeResult] = []
        records: dict[str, EpisodeRecord] = {}
        try:
            for path in paths:
                result, record = _build_one(path, slugs[path], show, previous.get(slugs[path]), feed_dir, log)
                results.append(result)
                if record:
                    records[record.slug] = record
                reporter.episode_done(result)
        finally:
            engine.close()
        for slug in set(previous) - set(records) - set(slugs.values()):
            _remove_episode_files(feed_dir, slug)  # its article was deleted
        try:
            _publish(config, show, list(records.values()))
        except OSError as exc:
            where = f" {printable(exc.filename)}" if exc.filename else ""
            raise PublishError(f"cannot write{where}: {exc.strerror or exc}; "
                               "the previously published feed is unchanged") from None
    return BuildSummary(tuple(results), name, why, ffmpeg.describe(), feed_dir / "feed.xml",
                        time.monotonic() - started)


def _build_one(path: Path, slug: str, show: _Show, prior: EpisodeRecord | None, feed_dir: Path,
               log: BuildLog) -> tuple[EpisodeResult, EpisodeRecord | None]:
    """One article, start to finish. Whatever goes wrong inside is this article's failure only:
    the others still build and its previously published episode stays."""
    show.spoken_now = 0
    try:
        article = clean_source(read_article(path, slug))
        length = sum(len(b.text) for b in article.blocks)
        if length > show.config.audio.max_chars:
            raise ArticleError(path, f"is {length:,} characters long, more than audio.max_chars "
                                     f"({show.config.audio.max_chars:,}); split it into parts")
        plan = plan_episode(article, show.config, show.templates, show.engine.prepare)
        keys = show.keys(plan)
        fingerprint = show.fingerprint(plan, keys)
        if prior and prior.fingerprint == fingerprint and _published_files_intact(feed_dir, prior):
            return EpisodeResult(slug, prior.title, prior.guid, "unchanged", str(feed_dir / prior.mp3_name),
                                 prior.duration_s, 0, len(keys), prior.engine), prior
        synthesis_started = time.monotonic()
        synthesized, cached = show.synthesize_missing(plan, keys)
        render_started = time.monotonic()
        rendered = show.render(plan, keys, feed_dir)
        record = _record(plan, fingerprint, show.engine, rendered, prior)
        timings = {"synthesis_s": round(render_started - synthesis_started, 3),
                   "render_s": round(time.monotonic() - render_started, 3)}
        return EpisodeResult(slug, record.title, record.guid, "built", str(feed_dir / record.mp3_name),
                             record.duration_s, synthesized, cached, show.engine.name,
                             extra={"loudness_lufs": record.loudness_lufs,
                                    "true_peak_db": record.true_peak_db} | timings), record
    except Exception as exc:  # isolation is the point: one article never stops the build
        kept = prior if prior and _published_files_intact(feed_dir, prior) else None
        return EpisodeResult(slug, kept.title if kept else "", kept.guid if kept else "", "failed",
                             synthesized=show.spoken_now, error=_failure_reason(path, exc, log),
                             extra={"kept_previous": kept is not None}), kept


def _publish(config: Config, show: _Show, records: list[EpisodeRecord]) -> None:
    feed_dir = config.feed_dir
    cover_path = feed_dir / show.cover_name
    if not cover_path.is_file() or cover_path.read_bytes() != show.cover:
        atomic_write_bytes(cover_path, show.cover)
    save_manifest(feed_dir, records)
    pages = render_pages(config, records)
    for name, html in pages.items():
        atomic_write_text(feed_dir / name, html)
    for stale in (feed_dir / "episodes").glob("*.html"):
        if f"episodes/{stale.name}" not in pages:
            stale.unlink(missing_ok=True)
    feed = build_feed(config, records, config.base_url + show.cover_name)
    atomic_write_bytes(feed_dir / "feed.xml", feed)

