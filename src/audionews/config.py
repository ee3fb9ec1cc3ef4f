"""The show's settings (`audionews.toml`), validated up front: errors name the file and the key."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .speech.engines import ENGINE_CHOICES

CONFIG_NAME = "audionews.toml"

_PERCENT = re.compile(r"^[+-]\d+%$")
_HERTZ = re.compile(r"^[+-]\d+Hz$")


@dataclass(frozen=True)
class ShowConfig:
    title: str = "有声新闻"
    description: str = "每日新闻，普通话朗读。"
    author: str = "audionews"
    email: str = "podcast@example.com"
    language: str = "zh-cn"
    base_url: str = "http://127.0.0.1:8000/"
    link: str = ""
    image: str = ""
    category: str = "News"
    explicit: bool = False
    max_episodes: int = 300
    locked: bool = True


@dataclass(frozen=True)
class SpeechConfig:
    engine: str = "auto"
    voice: str = "zh-CN-YunyangNeural"
    rate: str = "+0%"
    pitch: str = "+0Hz"
    volume: str = "+0%"
    concurrency: int = 4
    timeout_s: float = 30.0
    retries: int = 4
    probe_timeout_s: float = 3.0
    lexicon: str = "lexicon.toml"


@dataclass(frozen=True)
class AudioConfig:
    bitrate_kbps: int = 64
    sample_rate: int = 44100
    loudness_lufs: float = -16.0
    true_peak_db: float = -1.5
    jingle: str = ""
    # longer articles are refused rather than turned into hours of audio (30,000 characters
    # is about 90 minutes at a news pace)
    max_chars: int = 30_000
    paragraph_pause_s: float = 0.7
    # "bundled" (the ffmpeg of the pinned imageio-ffmpeg package, which mastering is tuned on),
    # "system" (the first ffmpeg on PATH) or a path to an ffmpeg binary; probed before use
    ffmpeg: str = "bundled"
    heading_pause_s: float = 1.2
    title_pause_s: float = 1.0


@dataclass(frozen=True)
class PathsConfig:
    articles: str = "articles"
    feed: str = "feed"
    cache: str = ".cache/audionews"
    templates: str = "templates"


@dataclass(frozen=True)
class Config:
    root: Path
    show: ShowConfig
    speech: SpeechConfig
    audio: AudioConfig
    paths: PathsConfig
    source: Path | None = None

    def path(self, relative: str) -> Path:
        p = Path(relative)
        return p if p.is_absolute() else self.root / p

    @property
    def articles_dir(self) -> Path:
        return self.path(self.paths.articles)

    @property
    def feed_dir(self) -> Path:
        return self.path(self.paths.feed)

    @property
    def cache_dir(self) -> Path:
        return self.path(self.paths.cache)

    @property
    def base_url(self) -> str:
        return self.show.base_url.rstrip("/") + "/"


_SECTIONS: dict[str, type] = {
    "show": ShowConfig,
    "speech": SpeechConfig,
    "audio": AudioConfig,
    "paths": PathsConfig,
}


def _coerce(value: Any, default: Any, where: Path, key: str) -> Any:
    expected = type(default)
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
        raise ConfigError(where, key, f"expected {expected.__name__}, got {value!r}")
    return value


def _validate(cfg: Config, where: Path) -> None:
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
    ]
    for ok, key, reason in checks:
        if not ok:
            raise ConfigError(where, key, reason)
    rate = int(s.rate[:-1])
    if not -50 <= rate <= 100:
        raise ConfigError(where, "speech.rate", "must be between -50% and +100%")


def load_config(root: Path, path: Path | None = None) -> Config:
    """Read `audionews.toml` in `root` (defaults when absent) and validate every key."""
    where = path or root / CONFIG_NAME
    raw: dict[str, Any] = {}
    if where.exists():
        try:
            raw = tomllib.loads(where.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(where, "", f"not valid TOML ({exc})") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(where, "", f"cannot be read ({exc})") from None
    elif path is not None:
        raise ConfigError(where, "", "no such file")

    sections: dict[str, Any] = {}
    for name in raw:
        if name not in _SECTIONS:
            raise ConfigError(where, name, f"unknown section (known: {', '.join(_SECTIONS)})")
    for name, cls in _SECTIONS.items():
        table = raw.get(name, {})
        if not isinstance(table, dict):
            raise ConfigError(where, name, "must be a table")
        defaults = cls()
        known = {f.name for f in fields(cls)}
        values = {}
        for key, value in table.items():
            if key not in known:
                raise ConfigError(where, f"{name}.{key}", "unknown key")
            values[key] = _coerce(value, getattr(defaults, key), where, f"{name}.{key}")
        sections[name] = cls(**values)
    cfg = Config(root=root.resolve(), source=where if where.exists() else None, **sections)
    _validate(cfg, where)
    return cfg
