"""The build's second step: the plan's episodes made, through one executor seam.

An `Executor` speaks missing clips into the cache and renders an episode into the staging
folder. `LocalExecutor` does both here; `scale.RemoteExecutor` sends them to Celery workers
behind the same protocol (and speaks every episode's sentences ahead, in one fan-out, since a
round trip to the workers costs more than a sentence). Every unit of work, an article or a day,
goes through `isolated`: what goes wrong inside is that unit's failure, except a lost broker,
which stops the build before anything is published.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol, TypeVar

from .config import Config
from .errors import AudionewsError, BrokerLost
from .lexicon import load_lexicon
from .model import EpisodeResult, EpisodeStatus
from .plan import Action, BuildPlan, DayPlan, Decision, EpisodeJob, Planner, body_texts, fit_day
from .progress import Reporter
from .publish.output import still_published
from .publish.records import EpisodeRecord, record_for, retracted
from .render import Rendered, RenderJob, ShowAssets, render_files, render_job
from .speech.base import Engine, choose_engine, create_engine
from .speech.cache import ClipCache, cached_clips, missing_clips, speak_into_cache

OnClip = Callable[[], None]


class Executor(Protocol):
    engine: Engine  # the engine whose identity keys the clips (the local one, whoever speaks)
    in_flight: int  # episodes worked on at once
    speaks_ahead: bool  # speak every episode's missing sentences before the first render

    def speak(self, wanted: dict[str, str], on_clip: OnClip) -> None:
        """Speak `wanted` (key -> text) into the clip cache; each clip is cached as it comes."""
        ...

    def render(self, job: RenderJob) -> Rendered:
        """Render into the build's staging folder (each file complete or absent)."""
        ...

    def close(self) -> None: ...


class LocalExecutor:
    in_flight = 1
    speaks_ahead = False

    def __init__(self, engine: Engine, cache: ClipCache, staging: Path) -> None:
        self.engine, self.cache, self.staging = engine, cache, staging

    def speak(self, wanted: dict[str, str], on_clip: OnClip) -> None:
        speak_into_cache(self.engine, self.cache, wanted, on_clip)

    def render(self, job: RenderJob) -> Rendered:
        return render_files(job, cached_clips(self.cache, list(job.keys)), self.staging)

    def close(self) -> None:
        self.engine.close()


def open_executor(config: Config, cache: ClipCache, staging: Path, engine_name: str | None) -> tuple[Executor, str]:
    """The executor for this build and why its engine: the configured (or `--engine`) voice,
    here, or on the workers of `[scale] broker`."""
    speech = config.speech if engine_name is None else replace(config.speech, engine=engine_name)
    name, why = choose_engine(speech)
    lexicon = load_lexicon(config.path(config.speech.lexicon))
    engine = create_engine(name, speech, lexicon)
    if not config.scale.broker:
        return LocalExecutor(engine, cache, staging), why
    from .scale import RemoteExecutor  # Celery is imported only for a distributed build

    try:
        remote = RemoteExecutor(engine, speech, lexicon, config, cache, staging)
    except BaseException:
        engine.close()
        raise
    return remote, f"{why}; spoken and rendered by workers of {config.scale.broker}"


@dataclass(frozen=True)
class Outcome:
    result: EpisodeResult
    record: EpisodeRecord | None  # what the manifest holds for this slug after the build
    staged: bool = False  # its files wait in the staging folder
    prior: EpisodeRecord | None = None  # staged: what stays if moving its files in fails
    shown: bool = True  # part of the build's results (a daily-only show hides its articles)


@dataclass(frozen=True)
class Run:
    """What every unit of one build's execution shares."""

    planner: Planner
    executor: Executor
    cache: ClipCache
    assets: ShowAssets
    reporter: Reporter


class ClipCounter:
    """`on_clip`: counts the clips one unit spoke, and moves the progress bar."""

    def __init__(self, reporter: Reporter) -> None:
        self.reporter = reporter
        self.count = 0

    def __call__(self) -> None:
        self.count += 1
        self.reporter.utterance_done()


def isolated(
    run: Run, source: Path, slug: str, prior: EpisodeRecord | None, work: Callable[[ClipCounter], Outcome]
) -> Outcome:
    """The one failure boundary of a unit of work: its failure keeps its previous episode when
    intact; a lost broker stops the whole build."""
    spoken = ClipCounter(run.reporter)
    try:
        return work(spoken)
    except BrokerLost:
        raise
    except Exception as exc:  # isolation is the point: one unit never stops the build
        return failed(run, slug, prior, run.planner.log.reason(source, exc), spoken.count)


def failed(run: Run, slug: str, prior: EpisodeRecord | None, reason: str, synthesized: int = 0) -> Outcome:
    previous = still_published(run.planner.config.feed_dir, prior)
    title, guid = (previous.title, previous.guid) if previous else ("", "")
    result = EpisodeResult(
        slug, EpisodeStatus.FAILED, title, guid, synthesized=synthesized, error=reason, kept_previous=bool(previous)
    )
    return Outcome(result, previous)


def unchanged(run: Run, job: EpisodeJob) -> Outcome:
    prior = job.prior
    assert prior is not None  # a job is kept only when its previous episode is intact
    mp3 = str(run.planner.config.feed_dir / prior.files.mp3)
    result = EpisodeResult(
        job.slug, EpisodeStatus.UNCHANGED, prior.title, prior.guid, mp3, prior.duration_s, cached=len(job.keys)
    )
    return Outcome(replace(result, engine=prior.engine), prior)


def make(run: Run, job: EpisodeJob, spoken: ClipCounter) -> Outcome:
    """Speak what the cache lacks, then render into staging."""
    config, engine = run.planner.config, run.executor.engine
    wanted = job.missing(run.cache)
    run.reporter.episode_start(job.slug, len(wanted))
    synthesis_started = time.monotonic()
    run.executor.speak(wanted, spoken)
    render_started = time.monotonic()
    produce_id = f"{job.slug}-{job.fingerprint[:12]}"
    rendered = run.executor.render(render_job(job.plan, job.episode, list(job.keys), run.assets, config, produce_id))
    record = record_for(job.episode, job.fingerprint, engine.name, engine.voice, rendered, job.prior, job.kind)
    result = EpisodeResult(
        job.slug,
        EpisodeStatus.BUILT,
        record.title,
        record.guid,
        str(config.feed_dir / record.files.mp3),
        record.duration_s,
        len(wanted),
        len(job.keys) - len(wanted),
        engine.name,
        loudness_lufs=record.loudness_lufs,
        true_peak_db=record.true_peak_db,
        synthesis_s=round(render_started - synthesis_started, 3),
        render_s=round(time.monotonic() - render_started, 3),
    )
    return Outcome(result, record, staged=True, prior=job.prior)


def article_outcome(run: Run, decision: Decision) -> Outcome:
    slug, prior = decision.slug, decision.prior
    shown = run.planner.config.edition.per_article
    match decision.action:
        case Action.REFUSE:
            return failed(run, slug, prior, decision.reason)
        case Action.WITHDRAW:
            if prior is None:
                return Outcome(EpisodeResult(slug, EpisodeStatus.RETRACTED), None, shown=shown)
            result = EpisodeResult(slug, EpisodeStatus.RETRACTED, prior.title, prior.guid)
            return Outcome(result, retracted(prior), shown=shown)  # its audio goes when the feeds are written
        case Action.DAILY_ONLY:
            return Outcome(EpisodeResult(slug, EpisodeStatus.DAILY_ONLY), None, shown=False)
        case Action.RETIRED if prior:
            return retired_outcome(prior, shown)
        case Action.KEEP if decision.job:
            return with_hold(unchanged(run, decision.job), decision.hold)
    job = decision.job
    assert job is not None
    return with_hold(isolated(run, decision.source, slug, prior, lambda spoken: make(run, job, spoken)), decision.hold)


def with_hold(outcome: Outcome, hold: str) -> Outcome:
    """The plan's hold on the record the manifest keeps (a failure keeps the previous one's)."""
    if outcome.record is None or outcome.result.status is EpisodeStatus.FAILED:
        return outcome
    return replace(outcome, record=replace(outcome.record, hold=hold), result=replace(outcome.result, held=hold))


def retired_outcome(prior: EpisodeRecord, shown: bool = True) -> Outcome:
    return Outcome(EpisodeResult(prior.slug, EpisodeStatus.RETIRED, prior.title, prior.guid), prior, shown=shown)


def day_outcome(run: Run, day: DayPlan) -> Outcome:
    if day.retired and day.prior:
        return retired_outcome(day.prior)

    def work(spoken: ClipCounter) -> Outcome:
        def seconds(sentences: list[tuple[str, str]]) -> float:
            keys, texts = [k for k, _ in sentences], [t for _, t in sentences]
            run.executor.speak(missing_clips(run.cache, keys, texts), spoken)
            return sum(run.cache.seconds(key) for key in keys)

        job, dropped = fit_day(run.planner, day, seconds)
        outcome = unchanged(run, job) if run.planner.is_kept(job) else make(run, job, spoken)
        if dropped:
            note = f"{dropped} articles left out: over edition.max_minutes"
            outcome = replace(outcome, result=replace(outcome.result, error=note))
        return outcome

    return isolated(run, Path(day.slug), day.slug, day.prior, work)


def speak_ahead(run: Run, plan: BuildPlan) -> int:
    """Every episode's missing sentences in one call (what a distributed build fans out); a
    failed batch is retried by its own episode, alone."""
    wanted: dict[str, str] = {}
    for job in plan.jobs():
        for key, text in job.missing(run.cache).items():
            wanted.setdefault(key, text)
    for day in plan.days:
        for article in day.articles if not day.retired else ():
            for key, text in body_texts(run.planner, day, article):
                if key not in run.cache:
                    wanted.setdefault(key, text)
    run.reporter.episode_start("all articles (workers)", len(wanted))
    spoken = ClipCounter(run.reporter)
    try:
        run.executor.speak(wanted, spoken)
    except BrokerLost:
        raise
    except AudionewsError as exc:
        run.reporter.note(f"not every sentence was spoken ahead ({exc}); each episode retries its own")
    return spoken.count


T = TypeVar("T")


def _each(items: Iterable[T], work: Callable[[T], Outcome], at_once: int) -> Iterator[Outcome]:
    """`work` on every item, results in the items' order; several at once when the executor
    waits on workers (each thread mostly waits)."""
    if at_once <= 1:
        yield from map(work, items)
        return
    with ThreadPoolExecutor(at_once, thread_name_prefix="episode") as pool:
        futures = [pool.submit(work, item) for item in items]
        try:
            for future in futures:
                yield future.result()
        finally:
            for future in futures:
                future.cancel()  # a lost broker stops the build: nothing more is sent


def execute(run: Run, plan: BuildPlan) -> tuple[list[Outcome], int]:
    """Every article's outcome, then every day's, each reported as it is known; and how many
    sentences were spoken ahead."""
    ahead = speak_ahead(run, plan) if run.executor.speaks_ahead else 0
    outcomes: list[Outcome] = []
    at_once = run.executor.in_flight
    for outcome in _each(plan.articles, lambda d: article_outcome(run, d), at_once):
        outcomes.append(outcome)
        if outcome.shown:
            run.reporter.episode_done(outcome.result)
    for outcome in _each(plan.days, lambda day: day_outcome(run, day), at_once):
        outcomes.append(outcome)
        run.reporter.episode_done(outcome.result)
    return outcomes, ahead
