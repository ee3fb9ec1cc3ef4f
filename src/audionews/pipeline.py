"""`audionews build`: plan → execute → publish (docs/ARCHITECTURE.md, "The build").

1. plan (plan.py): every article and every day decided once: make, keep, withdraw, refuse,
   daily only; each episode with its clips' keys and its fingerprint.
2. execute (execute.py): the episodes to make spoken and rendered into `feed/.staging`, here or
   on workers, behind one executor seam; each unit's failure is its own.
3. publish (publish/step.py): staged files moved in, manifest, pages and feeds written, and only
   then what is gone deleted.
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import datetime

from .buildlog import BuildLog
from .config import Config
from .episode import EPISODES_DIR
from .execute import Executor, LocalExecutor, Run, execute, open_executor
from .ffmpeg import use_ffmpeg
from .ingest import assign_slugs, find_articles
from .lock import build_lock
from .plan import Planner, plan_build
from .progress import BuildSummary, QuietReporter, Reporter
from .publish.notify import Ping, notify
from .publish.output import STAGING_DIR, feed_writes, remove_stale_temp_files
from .publish.records import load_manifest
from .publish.step import publish_build
from .render import load_assets
from .script import Templates
from .speech.base import Engine
from .speech.cache import ClipCache


def build(
    config: Config,
    reporter: Reporter | None = None,
    engine_name: str | None = None,
    engine: Engine | None = None,
    executor: Executor | None = None,
    now: datetime | None = None,
) -> BuildSummary:
    """Build every article of the show. `engine_name` overrides `speech.engine`; an `engine` (tests,
    benchmarks) is used and closed; an `executor` (the resident mode, tests) is used and left
    open for the next build, its voice still loaded; `now` (tests) is the time embargoes are
    judged by."""
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
        why, owned = "given to the build", executor is None
        if engine is not None:
            executor = LocalExecutor(engine, cache, feed_dir / STAGING_DIR)
        elif executor is None:
            executor, why = open_executor(config, cache, feed_dir / STAGING_DIR, engine_name)
        name = executor.engine.name
        reporter.note(f"speech engine: {name} ({why})")
        try:
            templates = Templates(config)
            assets = load_assets(config, templates)
            inputs = tuple(assets.fingerprint_inputs(config))
            planner = Planner(config, executor.engine, templates, inputs, log, now)
            previous = load_manifest(feed_dir)
            paths = find_articles(config.articles_dir)
            slugs = assign_slugs(paths, {r.source_file: r.slug for r in previous.values()})
            reporter.start(len(paths))
            plan = plan_build(planner, paths, slugs, previous)
            outcomes, spoken_ahead = execute(Run(planner, executor, cache, assets, reporter), plan)
        finally:
            if owned:
                executor.close()
        results, changed = publish_build(config, outcomes, assets, templates.notice(), log, previous)
        pings = tell_the_apps(config, changed, reporter, log)
    elapsed = time.monotonic() - started
    summary = BuildSummary(tuple(results), name, why, ffmpeg.describe(), feed_dir / "feed.xml", elapsed, spoken_ahead)
    return replace(summary, changed_feeds=tuple(changed), pings=tuple(pings))


def tell_the_apps(config: Config, changed: list[str], reporter: Reporter, log: BuildLog) -> list[Ping]:
    """WebSub hubs and Podping told of the feeds that changed; each failure one line on screen
    and in build.log, never the build's failure (the feed is published either way)."""
    pings = notify(config, changed)
    for ping in pings:
        if ping.error:
            reporter.note(ping.line)
            log.line(ping.line)
    return pings
