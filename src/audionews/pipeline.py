"""`audionews build`: the stages composed, and the decision of what is stale.

An episode is rebuilt only when its fingerprint changes (episode.fingerprint); a clip is
synthesised only when it is not in the cache. Whatever goes wrong inside one article is that
article's failure alone and keeps its previously published episode; the feed and the pages are
written last, from the manifest (docs/ARCHITECTURE.md).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path

from .buildlog import BuildLog
from .clean import clean_source
from .config import Config
from .episode import EPISODES_DIR, describe, fingerprint
from .errors import ArticleError
from .ffmpeg import use_ffmpeg
from .ingest import assign_slugs, find_articles, read_article
from .lexicon import load_lexicon
from .lock import build_lock
from .model import EpisodeResult
from .progress import BuildSummary, QuietReporter, Reporter
from .publish.output import feed_writes, publish_show, published_intact, remove_episode, remove_stale_temp_files
from .publish.records import EpisodeRecord, load_manifest, record_for
from .render import ShowAssets, load_assets, render_episode
from .script import Templates, plan_episode
from .speech.base import Engine, choose_engine, create_engine
from .speech.cache import ClipCache, cached_clips, clip_key, missing_clips, speak_into_cache


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
        if engine is None:
            speech = config.speech if engine_name is None else replace(config.speech, engine=engine_name)
            name, why = choose_engine(speech)
            engine = create_engine(name, speech, load_lexicon(config.path(config.speech.lexicon)))
        else:
            name, why = engine.name, "given to the build"
        reporter.note(f"speech engine: {name} ({why})")
        templates = Templates(config)
        assets = load_assets(config, templates)
        run = _Build(
            config,
            engine,
            ClipCache(config.cache_dir),
            templates,
            assets,
            assets.fingerprint_inputs(config),
            reporter,
            log,
        )
        previous = load_manifest(feed_dir)
        paths = find_articles(config.articles_dir)
        slugs = assign_slugs(paths, {r.source_file: r.slug for r in previous.values()})
        reporter.start(len(paths))
        results: list[EpisodeResult] = []
        records: dict[str, EpisodeRecord] = {}
        try:
            for path in paths:
                result, record = _build_one(run, path, slugs[path], previous.get(slugs[path]))
                results.append(result)
                if record:
                    records[record.slug] = record
                reporter.episode_done(result)
        finally:
            engine.close()
        with feed_writes():
            for slug in set(previous) - set(slugs.values()):
                remove_episode(feed_dir, slug)  # its article was deleted
            publish_show(config, list(records.values()), run.assets.cover, run.assets.cover_name)
    return BuildSummary(tuple(results), name, why, ffmpeg.describe(), feed_dir / "feed.xml", time.monotonic() - started)


def _build_one(
    run: _Build, path: Path, slug: str, prior: EpisodeRecord | None
) -> tuple[EpisodeResult, EpisodeRecord | None]:
    """One article, start to finish. Whatever goes wrong inside is this article's failure only:
    the others still build and its previously published episode stays."""
    config, engine, feed_dir = run.config, run.engine, run.config.feed_dir
    spoken = 0

    def clip_done() -> None:
        nonlocal spoken
        spoken += 1
        run.reporter.utterance_done()

    try:
        article = clean_source(read_article(path, slug))
        length = sum(len(b.text) for b in article.blocks)
        if length > config.audio.max_chars:
            raise ArticleError(
                path,
                f"is {length:,} characters long, more than audio.max_chars "
                f"({config.audio.max_chars:,}); split it into parts",
            )
        plan = plan_episode(article, config, run.templates, engine.prepare)
        episode = describe(article)
        keys = [clip_key(engine.identity(), u.spoken, engine.cache_extra(u.spoken)) for u in plan.utterances]
        stamp = fingerprint(plan, episode, keys, run.show_inputs)
        if prior and prior.fingerprint == stamp and published_intact(feed_dir, prior):
            return EpisodeResult(
                slug,
                "unchanged",
                prior.title,
                prior.guid,
                str(feed_dir / prior.files.mp3),
                prior.duration_s,
                cached=len(keys),
                engine=prior.engine,
            ), prior
        synthesis_started = time.monotonic()
        wanted = missing_clips(run.cache, keys, [u.spoken for u in plan.utterances])
        run.reporter.episode_start(slug, len(wanted))
        speak_into_cache(engine, run.cache, wanted, clip_done)
        render_started = time.monotonic()
        rendered = render_episode(plan, episode, cached_clips(run.cache, keys), run.assets, config, feed_dir)
        record = record_for(episode, stamp, engine.name, engine.voice, rendered, prior)
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
    except Exception as exc:  # isolation is the point: one article never stops the build
        kept = prior if prior and published_intact(feed_dir, prior) else None
        return EpisodeResult(
            slug,
            "failed",
            kept.title if kept else "",
            kept.guid if kept else "",
            synthesized=spoken,
            error=run.log.reason(path, exc),
            kept_previous=kept is not None,
        ), kept
