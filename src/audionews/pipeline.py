"""`audionews build`: the stages composed, and the decision of what is stale.

An episode is rebuilt only when its fingerprint changes (episode.fingerprint); a clip is
synthesised only when it is not in the cache. Whatever goes wrong inside one article is that
article's failure alone and keeps its previously published episode; the feed and the pages are
written last, from the manifest (docs/ARCHITECTURE.md).
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from .buildlog import BuildLog
from .clean import clean_source
from .config import Config
from .edition import by_day, daily_episode, daily_slug, day_words
from .episode import EPISODES_DIR, Episode, describe, fingerprint
from .errors import ArticleError, AudionewsError, BrokerLost
from .ffmpeg import use_ffmpeg
from .ingest import assign_slugs, find_articles, read_article
from .lexicon import load_lexicon
from .lock import build_lock
from .model import Article, EpisodePlan, EpisodeResult, SegmentKind
from .progress import BuildSummary, QuietReporter, Reporter
from .publish.output import (
    STAGING_DIR,
    feed_writes,
    promote_rendered,
    publish_show,
    published_intact,
    remove_episode,
    remove_stale_temp_files,
)
from .publish.records import ARTICLE, DAILY, EpisodeRecord, load_manifest, record_for, retracted
from .render import Rendered, RenderJob, ShowAssets, load_assets, render_files, render_job
from .script import Templates, plan_daily, plan_episode
from .speech.base import WORKING_RATE, Engine, choose_engine, create_engine
from .speech.cache import ClipCache, cached_clips, missing_clips, speak_into_cache, utterance_keys


@dataclass(frozen=True)
class _Build:
    """What every article of one build shares."""

    config: Config
    engine: Engine
    cache: ClipCache
    templates: Templates
    assets: ShowAssets
    show_inputs: list[object]  # what every episode's fingerprint shares, computed once
    reporter: Reporter
    log: BuildLog
    render: Callable[[RenderJob], Rendered]  # here, or on a worker of the render queue (--broker)


def build(
    config: Config, reporter: Reporter | None = None, engine_name: str | None = None, engine: Engine | None = None
) -> BuildSummary:
    """Build every article of the show. `engine_name` overrides `speech.engine`; `engine` (tests,
    benchmarks) is used as it is."""
    reporter = reporter or QuietReporter()
    started = time.monotonic()
    feed_dir = config.feed_dir
    with build_lock(config.cache_dir):
        log = BuildLog(config.cache_dir / "build.log")
        with feed_writes():
            (feed_dir / EPISODES_DIR).mkdir(parents=True, exist_ok=True)
        remove_stale_temp_files(feed_dir)
        ffmpeg = use_ffmpeg(config.audio.ffmpeg, config.source or config.root / "audionews.toml")
        cache = ClipCache(config.cache_dir)
        staging = feed_dir / STAGING_DIR  # nothing rendered is in place before the feeds are written
        render = _render_here(cache, staging)
        if engine is None:
            speech = config.speech if engine_name is None else replace(config.speech, engine=engine_name)
            name, why = choose_engine(speech)
            lexicon = load_lexicon(config.path(config.speech.lexicon))
            engine = create_engine(name, speech, lexicon)
            if config.scale.broker:
                from .scale import RemoteEngine, RemoteRenderer, check_broker, store_url

                check_broker(config.scale.broker)
                store = store_url(config)
                engine = RemoteEngine(engine, speech, lexicon, config.scale, store)
                render = RemoteRenderer(config.scale, store, cache, staging)
                why += f"; spoken and rendered by workers of {config.scale.broker}"
        else:
            name, why = engine.name, "given to the build"
        reporter.note(f"speech engine: {name} ({why})")
        templates = Templates(config)
        assets = load_assets(config, templates)
        run = _Build(
            config,
            engine,
            cache,
            templates,
            assets,
            assets.fingerprint_inputs(config),
            reporter,
            log,
            render,
        )
        previous = load_manifest(feed_dir)
        paths = find_articles(config.articles_dir)
        slugs = assign_slugs(paths, {r.source_file: r.slug for r in previous.values()})
        reporter.start(len(paths))
        results: list[EpisodeResult] = []
        records: dict[str, EpisodeRecord] = {}
        articles: list[Article] = []
        spoken_ahead, cleaned = 0, {}
        try:
            if config.scale.broker:
                spoken_ahead, cleaned = _speak_all_first(run, paths, slugs)
            for result, record, article in _each_article(run, paths, slugs, previous, cleaned):
                if article:
                    articles.append(article)
                if config.edition.per_article or result.status == "failed":
                    results.append(result)
                    reporter.episode_done(result)
                if record:
                    records[record.slug] = record
            if config.edition.daily:
                for result, record in _build_daily(run, articles, previous):
                    results.append(result)
                    reporter.episode_done(result)
                    if record:
                        records[record.slug] = record
        finally:
            engine.close()
        results = [_put_in_place(run, result, records, previous) for result in results]
        shutil.rmtree(staging, ignore_errors=True)
        with feed_writes():
            for slug in set(previous) - set(records):
                remove_episode(feed_dir, slug)  # its article was deleted, or its day has none left
            label = run.templates.notice().rstrip("。")
            publish_show(config, list(records.values()), run.assets.cover, run.assets.cover_name, label)
    elapsed = time.monotonic() - started
    return BuildSummary(tuple(results), name, why, ffmpeg.describe(), feed_dir / "feed.xml", elapsed, spoken_ahead)


class _ClipsSpoken:
    """`on_clip` for speak_into_cache: counts the clips spoken, and moves the progress bar."""

    def __init__(self, reporter: Reporter) -> None:
        self.reporter = reporter
        self.count = 0

    def __call__(self) -> None:
        self.count += 1
        self.reporter.utterance_done()


def _still_published(feed_dir: Path, prior: EpisodeRecord | None) -> EpisodeRecord | None:
    """The previous episode, when its files are intact: what a failed rebuild keeps."""
    return prior if prior and published_intact(feed_dir, prior) else None


def _put_in_place(
    run: _Build, result: EpisodeResult, records: dict[str, EpisodeRecord], previous: dict[str, EpisodeRecord]
) -> EpisodeResult:
    """A built episode's files moved from staging into feed/; one that cannot be is that
    episode's failure (its previous episode stays when intact), not the build's."""
    if result.status != "built":
        return result
    feed_dir = run.config.feed_dir
    try:
        promote_rendered(feed_dir, result.slug)
        return result
    except OSError as exc:
        kept = _still_published(feed_dir, previous.get(result.slug))
        records.pop(result.slug, None)
        if kept:
            records[result.slug] = kept
        reason = run.log.reason(Path(result.slug), exc)
        return replace(result, status="failed", error=reason, kept_previous=kept is not None)


def _render_here(cache: ClipCache, out_dir: Path) -> Callable[[RenderJob], Rendered]:
    def render(job: RenderJob) -> Rendered:
        return render_files(job, cached_clips(cache, list(job.keys)), out_dir)

    return render


def _each_article(
    run: _Build,
    paths: list[Path],
    slugs: dict[Path, str],
    previous: dict[str, EpisodeRecord],
    cleaned: dict[Path, Article],
) -> Iterator[tuple[EpisodeResult, EpisodeRecord | None, Article | None]]:
    """Every article built, in file order. With workers, several at once, so their renders run
    side by side on the render queue (each thread mostly waits for a worker)."""

    def one(path: Path) -> tuple[EpisodeResult, EpisodeRecord | None, Article | None]:
        return _build_one(run, path, slugs[path], previous.get(slugs[path]), cleaned.get(path))

    if not run.config.scale.broker:
        yield from map(one, paths)
        return
    with ThreadPoolExecutor(run.config.scale.episodes_in_flight, thread_name_prefix="episode") as pool:
        futures = [pool.submit(one, path) for path in paths]
        try:
            for future in futures:
                yield future.result()
        finally:
            for future in futures:
                future.cancel()  # a lost broker stops the build: nothing more is sent


def _withdraw(feed_dir: Path, slug: str, prior: EpisodeRecord | None) -> tuple[EpisodeResult, EpisodeRecord | None]:
    """`retracted: true`: the audio goes, the record (its GUID, its page) stays, marked withdrawn."""
    if prior is None:
        return EpisodeResult(slug, "retracted"), None
    for name in prior.files.rendered:
        (feed_dir / name).unlink(missing_ok=True)
    return EpisodeResult(slug, "retracted", prior.title, prior.guid), retracted(prior)


def _build_one(
    run: _Build, path: Path, slug: str, prior: EpisodeRecord | None, cleaned: Article | None = None
) -> tuple[EpisodeResult, EpisodeRecord | None, Article | None]:
    """One article, start to finish, and the cleaned article for the daily edition. Whatever goes
    wrong inside is this article's failure only: the others still build and its previously
    published episode stays."""
    config, engine, feed_dir = run.config, run.engine, run.config.feed_dir
    spoken = _ClipsSpoken(run.reporter)
    try:
        article = cleaned or clean_source(read_article(path, slug))
        length = sum(len(b.text) for b in article.blocks)
        if length > config.audio.max_chars:
            raise ArticleError(
                path,
                f"is {length:,} characters long, more than audio.max_chars "
                f"({config.audio.max_chars:,}); split it into parts",
            )
        if article.meta.retracted:
            return (*_withdraw(feed_dir, slug, prior), None)
        if not config.edition.per_article:
            return EpisodeResult(slug, "daily only"), None, article
        plan = plan_episode(article, config, run.templates, engine.prepare)
        result, record = _speak_and_render(run, plan, describe(article), prior, ARTICLE, spoken)
        return result, record, article
    except BrokerLost:
        raise  # the whole build stops before publishing
    except Exception as exc:  # isolation is the point: one article never stops the build
        kept = _still_published(feed_dir, prior)
        result = EpisodeResult(
            slug,
            "failed",
            kept.title if kept else "",
            kept.guid if kept else "",
            synthesized=spoken.count,
            error=run.log.reason(path, exc),
            kept_previous=kept is not None,
        )
        return result, kept, None


def _build_daily(
    run: _Build, articles: list[Article], previous: dict[str, EpisodeRecord]
) -> list[tuple[EpisodeResult, EpisodeRecord | None]]:
    """One bulletin per day, from the same sentence cache: a day whose articles, order and
    wording are unchanged is not rebuilt, and adding an article speaks only what is new."""
    config, engine, feed_dir = run.config, run.engine, run.config.feed_dir
    out = []
    for day, group in by_day(articles, config.edition.timezone).items():
        slug, prior = daily_slug(day), previous.get(daily_slug(day))
        try:
            kept = _within_length(run, day, group)
            plan = plan_daily(slug, day_words(day), kept, config, run.templates, engine.prepare)
            episode = daily_episode(day, kept, config.show.title)
            result, record = _speak_and_render(run, plan, episode, prior, DAILY, run.reporter.utterance_done)
            dropped = len(group) - len(kept)
            if dropped:
                result = replace(result, error=f"{dropped} articles left out: over edition.max_minutes")
            out.append((result, record))
        except Exception as exc:  # one day's failure keeps that day's previous bulletin
            kept_prior = _still_published(feed_dir, prior)
            reason = run.log.reason(Path(slug), exc)
            out.append((EpisodeResult(slug, "failed", error=reason, kept_previous=kept_prior is not None), kept_prior))
    return out


def _speak_and_render(
    run: _Build,
    plan: EpisodePlan,
    episode: Episode,
    prior: EpisodeRecord | None,
    kind: str,
    on_clip: Callable[[], None],
) -> tuple[EpisodeResult, EpisodeRecord]:
    """Unless the episode is unchanged and intact: speak what the cache lacks, then render."""
    config, engine, feed_dir = run.config, run.engine, run.config.feed_dir
    keys = utterance_keys(engine, [u.spoken for u in plan.utterances])
    stamp = fingerprint(plan, episode, keys, run.show_inputs)
    slug = episode.slug
    if prior and prior.fingerprint == stamp and published_intact(feed_dir, prior):
        mp3 = str(feed_dir / prior.files.mp3)
        result = EpisodeResult(slug, "unchanged", prior.title, prior.guid, mp3, prior.duration_s, cached=len(keys))
        return replace(result, engine=prior.engine), prior
    synthesis_started = time.monotonic()
    wanted = missing_clips(run.cache, keys, [u.spoken for u in plan.utterances])
    run.reporter.episode_start(slug, len(wanted))
    speak_into_cache(engine, run.cache, wanted, on_clip)
    render_started = time.monotonic()
    rendered = run.render(render_job(plan, episode, keys, run.assets, config, f"{slug}-{stamp[:12]}"))
    record = record_for(episode, stamp, engine.name, engine.voice, rendered, prior, kind)
    return EpisodeResult(
        slug,
        "built",
        record.title,
        record.guid,
        str(feed_dir / record.files.mp3),
        record.duration_s,
        len(wanted),
        len(keys) - len(wanted),
        engine.name,
        loudness_lufs=record.loudness_lufs,
        true_peak_db=record.true_peak_db,
        synthesis_s=round(render_started - synthesis_started, 3),
        render_s=round(time.monotonic() - render_started, 3),
    ), record


def _within_length(run: _Build, day: date, group: list[Article]) -> list[Article]:
    """The day's articles in reading order, as many as fit in edition.max_minutes (each one's
    speech measured from its clips, speaking any that are missing); at least the first."""
    budget = run.config.edition.max_minutes * 60
    kept: list[Article] = []
    spent = 0.0
    for article in group:
        plan = plan_daily("measure", day_words(day), [article], run.config, run.templates, run.engine.prepare)
        body = [u for seg in plan.segments if seg.kind not in _FRAME for u in seg.utterances]
        keys = utterance_keys(run.engine, [u.spoken for u in body])
        speak_into_cache(
            run.engine, run.cache, missing_clips(run.cache, keys, [u.spoken for u in body]), run.reporter.utterance_done
        )
        seconds = sum(len(c) for c in cached_clips(run.cache, keys)) / WORKING_RATE
        if kept and spent + seconds > budget:
            break
        kept.append(article)
        spent += seconds
    return kept


_FRAME = (SegmentKind.LABEL, SegmentKind.INTRO, SegmentKind.OUTRO)


def _speak_all_first(run: _Build, paths: list[Path], slugs: dict[Path, str]) -> tuple[int, dict[Path, Article]]:
    """With workers, every article's missing sentences go out together (fan-out across
    articles); the per-article pass then finds them cached, and is handed the cleaned articles.
    An article that cannot be read here fails later, in its own pass, with its own message."""
    wanted: dict[str, str] = {}
    cleaned: dict[Path, Article] = {}
    for path in paths:
        try:
            article = cleaned[path] = clean_source(read_article(path, slugs[path]))
        except Exception:  # reported by the article's own pass
            continue
        if article.meta.retracted:
            continue
        plan = plan_episode(article, run.config, run.templates, run.engine.prepare)
        texts = [u.spoken for u in plan.utterances]
        for key, text in missing_clips(run.cache, utterance_keys(run.engine, texts), texts).items():
            wanted.setdefault(key, text)
    run.reporter.episode_start("all articles (workers)", len(wanted))
    spoken = _ClipsSpoken(run.reporter)
    try:
        speak_into_cache(run.engine, run.cache, wanted, spoken)
    except BrokerLost:
        raise
    except AudionewsError as exc:  # a batch failed on its worker: each article's own pass tries again, alone
        run.reporter.note(f"not every sentence was spoken ahead ({exc}); each article retries its own")
    return spoken.count, cleaned
