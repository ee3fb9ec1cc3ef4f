"""The build's first step: what happens to every article and every day, decided once.

Each article file becomes a `Decision`: make its episode, keep it (unchanged and intact),
withdraw it, refuse it (with the reason), or read it only in the daily bulletin. A made or kept
episode may be held (`hold`: a draft, or embargoed until its `publish_at`): it is built, its
record kept, but it is in no feed, page or bulletin until a build finds it no longer held. The one policy
(length limit, retractions, `edition.per_article`, staleness) lives here, so a local build, a
distributed one and `audionews check` all see the same decisions. A day's bulletin is decided
in two moves: its candidates now, and which of them fit `edition.max_minutes` once their
sentences exist (`fit_day`), because a sentence's length is known only when it has been spoken.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from zoneinfo import ZoneInfo

from .buildlog import BuildLog
from .cjk import day_words
from .cleaned import cleaned_article
from .config import Config
from .edition import by_day, daily_episode, daily_slug
from .episode import Episode, describe, fingerprint
from .errors import ArticleError
from .model import Article, ArticleMeta, EpisodePlan, SegmentKind
from .publish.output import published_intact
from .publish.records import ARTICLE, DAILY, DRAFT, EMBARGOED, EpisodeRecord
from .script import Templates, plan_daily, plan_episode
from .speech.base import Engine
from .speech.cache import ClipCache, missing_clips, utterance_keys


class Action(StrEnum):
    MAKE = "make"  # speak what the cache lacks, render, publish
    KEEP = "keep"  # fingerprint unchanged and the published files intact
    WITHDRAW = "withdraw"  # `retracted: true`
    REFUSE = "refuse"  # could not be read, cleaned or planned; `reason` says why
    DAILY_ONLY = "daily only"  # `edition.per_article = false`
    RETIRED = "retired"  # retired from the feed (`show.retire = "remove"`): stays so, not made again


@dataclass(frozen=True)
class EpisodeJob:
    """One episode to make or keep: its plan, what is published about it, its clips' keys."""

    plan: EpisodePlan
    episode: Episode
    kind: str  # ARTICLE | DAILY
    keys: tuple[str, ...]  # one per utterance, in order
    fingerprint: str
    prior: EpisodeRecord | None

    @property
    def slug(self) -> str:
        return self.episode.slug

    @property
    def texts(self) -> tuple[str, ...]:
        return tuple(u.spoken for u in self.plan.utterances)

    def missing(self, cache: ClipCache) -> dict[str, str]:
        return missing_clips(cache, list(self.keys), list(self.texts))


@dataclass(frozen=True)
class Decision:
    slug: str
    action: Action
    source: Path  # the article's file, or the day's slug as a path (for messages)
    prior: EpisodeRecord | None = None
    article: Article | None = None  # cleaned: what the daily edition reads
    job: EpisodeJob | None = None  # MAKE and KEEP
    reason: str = ""  # REFUSE
    hold: str = ""  # DRAFT | EMBARGOED: made or kept, published nowhere yet


@dataclass(frozen=True)
class DayPlan:
    """A day's bulletin before its length is known: the day's articles in reading order."""

    day: date
    slug: str
    articles: tuple[Article, ...]
    prior: EpisodeRecord | None

    @property
    def retired(self) -> bool:
        """Its bulletin was retired from the feed: it stays so, and is not measured or made."""
        return bool(self.prior and self.prior.retired_at)


@dataclass(frozen=True)
class BuildPlan:
    articles: tuple[Decision, ...]
    days: tuple[DayPlan, ...]

    def jobs(self, action: Action = Action.MAKE) -> list[EpisodeJob]:
        return [d.job for d in self.articles if d.action is action and d.job]


@dataclass(frozen=True)
class Planner:
    """What planning needs of the show: the settings, the engine (its text preparation and cache
    keys; nothing is spoken here), the templates, and what every fingerprint shares."""

    config: Config
    engine: Engine
    templates: Templates
    show_inputs: tuple[object, ...]
    log: BuildLog
    now: datetime | None = None  # the build's clock, read once (tests set it); None: the real time

    def clock(self) -> datetime:
        return self.now or datetime.now(UTC)

    def job(self, plan: EpisodePlan, episode: Episode, kind: str, prior: EpisodeRecord | None) -> EpisodeJob:
        keys = utterance_keys(self.engine, [u.spoken for u in plan.utterances])
        stamp = fingerprint(plan, episode, keys, list(self.show_inputs))
        return EpisodeJob(plan, episode, kind, tuple(keys), stamp, prior)

    def is_kept(self, job: EpisodeJob) -> bool:
        prior = job.prior
        return bool(prior and prior.fingerprint == job.fingerprint and published_intact(self.config.feed_dir, prior))


def scheduled(meta: ArticleMeta, timezone: str) -> datetime | None:
    """`publish_at` as an aware time: without an offset it is the show's local time."""
    at = meta.publish_at
    if at is None or at.tzinfo is not None:
        return at
    return at.replace(tzinfo=ZoneInfo(timezone))


def hold_of(meta: ArticleMeta, at: datetime | None, now: datetime) -> str:
    """A draft is never published; an embargoed article is published by the first build after
    its time (a timer running `update` every few minutes makes that on time)."""
    if meta.draft:
        return DRAFT
    return EMBARGOED if at is not None and at > now else ""


def plan_article(planner: Planner, path: Path, slug: str, prior: EpisodeRecord | None) -> Decision:
    """One article's decision. Anything raised while reading or planning it is its refusal."""
    config = planner.config
    try:
        article = cleaned_article(path, slug, config.cache_dir)
        length = sum(len(b.text) for b in article.blocks)
        if length > config.audio.max_chars:
            raise ArticleError(
                path,
                f"is {length:,} characters long, more than audio.max_chars "
                f"({config.audio.max_chars:,}); split it into parts",
            )
        if article.meta.retracted:
            return Decision(slug, Action.WITHDRAW, path, prior)
        at = scheduled(article.meta, config.edition.timezone)
        hold = hold_of(article.meta, at, planner.clock())
        if not config.edition.per_article:
            return Decision(slug, Action.DAILY_ONLY, path, prior, article, hold=hold)
        if prior and prior.retired_at:
            return Decision(slug, Action.RETIRED, path, prior, article)
        plan = plan_episode(article, config, planner.templates, planner.engine.prepare)
        episode = describe(article)
        # published at its scheduled time: its pubDate; the same before and after, so the
        # build that lifts the embargo keeps the episode made while it was held
        job = planner.job(plan, replace(episode, published=at) if at else episode, ARTICLE, prior)
    except Exception as exc:  # isolation: one article never stops the build
        return Decision(slug, Action.REFUSE, path, prior, reason=planner.log.reason(path, exc))
    action = Action.KEEP if planner.is_kept(job) else Action.MAKE
    return Decision(slug, action, path, prior, article, job, hold=hold)


def plan_build(
    planner: Planner, paths: list[Path], slugs: dict[Path, str], previous: dict[str, EpisodeRecord]
) -> BuildPlan:
    decisions = tuple(plan_article(planner, p, slugs[p], previous.get(slugs[p])) for p in paths)
    days: tuple[DayPlan, ...] = ()
    if planner.config.edition.daily:
        readable = [d.article for d in decisions if d.article is not None and not d.hold]
        days = tuple(
            DayPlan(day, daily_slug(day), tuple(group), previous.get(daily_slug(day)))
            for day, group in by_day(readable, planner.config.edition.timezone).items()
        )
    return BuildPlan(decisions, days)


_FRAME = (SegmentKind.LABEL, SegmentKind.INTRO, SegmentKind.OUTRO)


def body_texts(planner: Planner, day: DayPlan, article: Article) -> list[tuple[str, str]]:
    """(key, spoken text) of each sentence `article` contributes to its day's bulletin (its
    headline and text, without the bulletin's own opening and close)."""
    config, prepare = planner.config, planner.engine.prepare
    plan = plan_daily("measure", day_words(day.day), [article], config, planner.templates, prepare)
    body = [u.spoken for seg in plan.segments if seg.kind not in _FRAME for u in seg.utterances]
    return list(zip(utterance_keys(planner.engine, body), body, strict=True))


def fit_day(
    planner: Planner, day: DayPlan, seconds: Callable[[list[tuple[str, str]], float]]
) -> tuple[EpisodeJob, int]:
    """The bulletin: the day's articles in reading order, as many as fit in edition.max_minutes
    (at least the first), each measured by `seconds` of its spoken clips; and how many were left
    out."""
    budget = planner.config.edition.max_minutes * 60
    kept: list[Article] = []
    spent = 0.0
    for article in day.articles:
        length = seconds(body_texts(planner, day, article))
        if kept and spent + length > budget:
            break
        kept.append(article)
        spent += length
    config = planner.config
    plan = plan_daily(day.slug, day_words(day.day), kept, config, planner.templates, planner.engine.prepare)
    episode = daily_episode(day.day, kept, config.show.title)
    return planner.job(plan, episode, DAILY, day.prior), len(day.articles) - len(kept)
