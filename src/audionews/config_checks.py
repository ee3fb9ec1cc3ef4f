"""What a valid `audionews.toml` holds: each key's range, checked once the file is read."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ConfigError
from .speech.engines import ENGINE_CHOICES

if TYPE_CHECKING:
    from .config import Config

_PERCENT = re.compile(r"^[+-]\d+%$")
_HERTZ = re.compile(r"^[+-]\d+Hz$")


def validate(cfg: Config, where: Path) -> None:
    """A ConfigError naming the first key whose value cannot work, and why."""
    s, a = cfg.speech, cfg.audio
    checks: list[tuple[bool, str, str]] = [
        (s.engine in ENGINE_CHOICES, "speech.engine", f"must be one of {', '.join(ENGINE_CHOICES)}"),
        (bool(_PERCENT.match(s.rate)), "speech.rate", "must look like +0% or -10%"),
        (bool(_PERCENT.match(s.volume)), "speech.volume", "must look like +0% or -10%"),
        (bool(_HERTZ.match(s.pitch)), "speech.pitch", "must look like +0Hz or -5Hz"),
        (1 <= s.concurrency <= 16, "speech.concurrency", "must be between 1 and 16"),
        (s.timeout_s > 0, "speech.timeout_s", "must be positive"),
        (0 <= s.retries <= 10, "speech.retries", "must be between 0 and 10"),
        (bool(s.voice.strip()), "speech.voice", "must not be empty"),
        (
            a.bitrate_kbps in (32, 48, 64, 96, 128, 160, 192),
            "audio.bitrate_kbps",
            "must be one of 32, 48, 64, 96, 128, 160, 192",
        ),
        (a.sample_rate in (22050, 24000, 44100, 48000), "audio.sample_rate", "must be 22050, 24000, 44100 or 48000"),
        (-30 <= a.loudness_lufs <= -10, "audio.loudness_lufs", "must be between -30 and -10"),
        (-9 <= a.true_peak_db <= 0, "audio.true_peak_db", "must be between -9 and 0"),
        (a.max_chars >= 100, "audio.max_chars", "must be at least 100"),
        (bool(a.ffmpeg.strip()), "audio.ffmpeg", 'must be "bundled", "system" or a path to ffmpeg'),
        (cfg.show.base_url.startswith(("http://", "https://")), "show.base_url", "must be an absolute http(s) URL"),
        (cfg.show.max_episodes >= 1, "show.max_episodes", "must be at least 1"),
        (bool(cfg.show.title.strip()), "show.title", "must not be empty"),
        (cfg.show.retire in ("keep", "remove"), "show.retire", 'must be "keep" or "remove"'),
        (all(_is_http(h) for h in cfg.notify.hubs), "notify.hubs", "must be http(s) URLs"),
        (not cfg.notify.podping or _is_http(cfg.notify.podping), "notify.podping", "must be an http(s) URL"),
        (0 < cfg.notify.timeout_s <= 60, "notify.timeout_s", "must be between 0 and 60"),
        (1 <= cfg.fetch.per_host <= 8, "fetch.per_host", "must be between 1 and 8"),
        (0 <= cfg.fetch.delay_s <= 60, "fetch.delay_s", "must be between 0 and 60"),
        (cfg.fetch.timeout_s > 0, "fetch.timeout_s", "must be positive"),
        (0 <= cfg.fetch.retries <= 10, "fetch.retries", "must be between 0 and 10"),
        (0 <= cfg.fetch.max_redirects <= 20, "fetch.max_redirects", "must be between 0 and 20"),
        (cfg.fetch.max_bytes >= 10_000, "fetch.max_bytes", "must be at least 10000"),
        (cfg.fetch.source_budget_s > 0, "fetch.source_budget_s", "must be positive"),
        (cfg.fetch.run_budget_s > 0, "fetch.run_budget_s", "must be positive"),
        (cfg.edition.max_minutes > 0, "edition.max_minutes", "must be positive"),
        (
            cfg.watch.fetch_every_s == 0 or cfg.watch.fetch_every_s >= 30,
            "watch.fetch_every_s",
            "must be 0 or at least 30",
        ),
        (50 <= cfg.watch.settle_ms <= 60_000, "watch.settle_ms", "must be between 50 and 60000"),
        (
            not cfg.scale.broker or cfg.scale.broker.startswith(("redis://", "rediss://")),
            "scale.broker",
            "must be a redis:// URL",
        ),
        (1 <= cfg.scale.batch <= 500, "scale.batch", "must be between 1 and 500"),
        (cfg.scale.visibility_timeout_s >= 5, "scale.visibility_timeout_s", "must be at least 5"),
        (
            cfg.scale.timeout_s > cfg.scale.visibility_timeout_s,
            "scale.timeout_s",
            "must be longer than scale.visibility_timeout_s, or a killed worker's task cannot come back in time",
        ),
        (cfg.scale.online_slots >= 0, "scale.online_slots", "must be 0 (no limit) or more"),
        (1 <= cfg.scale.episodes_in_flight <= 256, "scale.episodes_in_flight", "must be between 1 and 256"),
        (cfg.edition.daily or cfg.edition.per_article, "edition.per_article", "false needs [edition] daily = true"),
        (_known_zone(cfg.edition.timezone), "edition.timezone", "must be an IANA time zone such as Asia/Shanghai"),
    ]
    for ok, key, reason in checks:
        if not ok:
            raise ConfigError(where, key, reason)
    rate = int(s.rate[:-1])
    if not -50 <= rate <= 100:
        raise ConfigError(where, "speech.rate", "must be between -50% and +100%")


def _is_http(url: str) -> bool:
    return url.startswith(("http://", "https://"))


def _known_zone(name: str) -> bool:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True
