"""The show's settings (`audionews.toml`), validated up front: errors name the file and the key."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields
from functools import cached_property
from pathlib import Path
from typing import Any

from .config_checks import validate
from .errors import ConfigError

CONFIG_NAME = "audionews.toml"


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
    # episodes past max_episodes (out of the feeds): "keep" their pages and audio, unchanged
    # files not rewritten; "remove" their files, keeping their records (GUIDs) in the manifest
    retire: str = "keep"


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
class LabelConfig:
    """AI-generated content labels (GB 45438-2025): a spoken notice and the file's AIGC metadata."""

    enabled: bool | None = None  # unset: on for Chinese-language shows
    content_producer: str = ""  # who synthesised the audio (name or code); default: show.author
    content_propagator: str = ""  # who publishes it; default: the host of show.base_url


@dataclass(frozen=True)
class EditionConfig:
    """The daily edition: one bulletin per day beside (or instead of) one episode per article."""

    daily: bool = False
    per_article: bool = True
    max_minutes: float = 60.0  # articles beyond this (by priority, then time) wait for no bulletin
    timezone: str = "Asia/Shanghai"  # the show's day starts at midnight here


@dataclass(frozen=True)
class ScaleConfig:
    """Speaking on Celery workers (scale/): off while `broker` is empty."""

    broker: str = ""  # redis://HOST:6379/0
    # sentences per task: small enough that a batch takes well under the visibility timeout
    # (10 news sentences are about 40 s of Kokoro speech on 2 busy cores)
    batch: int = 10
    # a task taken by a worker that died is delivered again after this. Tasks are idempotent
    # (content-addressed clips), so a short timeout costs at most a duplicate, never a wrong file
    visibility_timeout_s: float = 120.0
    timeout_s: float = 900.0  # no task finished for this long: the build stops (BrokerLost)
    # where clips and rendered files travel: "" in the task messages, else a folder every worker
    # sees at the same path, or an fsspec URL (s3://bucket/prefix on MinIO or S3, with s3fs)
    store: str = ""
    online_slots: int = 1  # batches calling an online voice (edge) at once, across all workers
    episodes_in_flight: int = 8  # renders the build keeps waiting on workers at once


@dataclass(frozen=True)
class NotifyConfig:
    """Who is told when a feed changed (publish/notify.py): WebSub hubs, a Podping endpoint."""

    hubs: tuple[str, ...] = ()  # each gets hub.mode=publish for the changed feed; named in the feeds
    podping: str = ""  # GET <podping>?url=<feed URL>; a token from $AUDIONEWS_PODPING_TOKEN
    timeout_s: float = 5.0  # per request; a slow hub never holds the build up for long


@dataclass(frozen=True)
class PathsConfig:
    articles: str = "articles"
    feed: str = "feed"
    cache: str = ".cache/audionews"
    templates: str = "templates"


@dataclass(frozen=True)
class WatchConfig:
    """`audionews watch`, the resident mode (watch.py)."""

    fetch_every_s: float = 600.0  # run `fetch` on [[sources]] this often (0: never; files still watched)
    polling: bool = False  # look for changes by polling (network file systems where inotify sees nothing)
    settle_ms: int = 800  # changes this close together are one build (an editor's save, a sync)


@dataclass(frozen=True)
class FetchConfig:
    """How `audionews fetch` treats the sites it reads (README: "Sources")."""

    per_host: int = 2  # requests at once to one host
    delay_s: float = 1.0  # between two requests to one host
    timeout_s: float = 20.0
    retries: int = 2  # on a timeout, a dropped connection or a 5xx answer
    max_redirects: int = 5
    max_bytes: int = 5_000_000  # a feed or a page larger than this is refused
    robots: bool = True  # obey robots.txt
    allow_private: tuple[str, ...] = ()  # private networks (CIDR) links may reach (sources/guard.py)
    source_budget_s: float = 120.0  # one source: its feed, robots.txt, retries and entries
    run_budget_s: float = 480.0  # the whole run: under a ten-minute cron interval
    user_agent: str = "audionews/1.0 (+https://github.com/audionews)"


@dataclass(frozen=True)
class SourceConfig:
    """One `[[sources]]` entry: a feed (RSS, Atom, JSON Feed) or a page."""

    url: str
    name: str = ""
    max_items: int = 20  # the newest this many entries
    include: tuple[str, ...] = ()  # regular expressions on an entry's URL or title
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class Config:
    root: Path
    show: ShowConfig
    speech: SpeechConfig
    audio: AudioConfig
    paths: PathsConfig
    fetch: FetchConfig = FetchConfig()
    watch: WatchConfig = WatchConfig()
    label: LabelConfig = LabelConfig()
    edition: EditionConfig = EditionConfig()
    scale: ScaleConfig = ScaleConfig()
    notify: NotifyConfig = NotifyConfig()
    sources: tuple[SourceConfig, ...] = ()
    source: Path | None = None

    def path(self, relative: str) -> Path:
        p = Path(relative)
        return p if p.is_absolute() else self.root / p

    @cached_property  # asked for once per article by planning and publishing
    def articles_dir(self) -> Path:
        return self.path(self.paths.articles)

    @cached_property
    def feed_dir(self) -> Path:
        return self.path(self.paths.feed)

    @cached_property
    def cache_dir(self) -> Path:
        return self.path(self.paths.cache)

    @property
    def base_url(self) -> str:
        return self.show.base_url.rstrip("/") + "/"

    @property
    def labelled(self) -> bool:
        """Whether episodes carry the AI-content labels: `[label] enabled`, else Chinese shows."""
        if self.label.enabled is not None:
            return self.label.enabled
        return self.show.language.lower().startswith("zh")


_SECTIONS: dict[str, type] = {
    "show": ShowConfig,
    "speech": SpeechConfig,
    "audio": AudioConfig,
    "paths": PathsConfig,
    "fetch": FetchConfig,
    "watch": WatchConfig,
    "label": LabelConfig,
    "edition": EditionConfig,
    "scale": ScaleConfig,
    "notify": NotifyConfig,
}
_LISTS = ("sources",)  # arrays of tables: `[[sources]]`


def _coerce(value: Any, default: Any, where: Path, key: str) -> Any:
    if default is None:  # an optional switch: unset, true or false
        default = False
    expected = type(default)
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if expected is tuple and isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
        raise ConfigError(where, key, f"expected {expected.__name__}, got {value!r}")
    return value


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
        if name not in _SECTIONS and name not in _LISTS:
            raise ConfigError(where, name, f"unknown section (known: {', '.join([*_SECTIONS, *_LISTS])})")
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
    sources = _sources(raw.get("sources", []), where)
    cfg = Config(root=root.resolve(), source=where if where.exists() else None, sources=sources, **sections)
    validate(cfg, where)
    return cfg


def _sources(entries: Any, where: Path) -> tuple[SourceConfig, ...]:
    """`[[sources]]` tables: each needs an http(s) `url`; patterns must compile."""
    if not isinstance(entries, list):
        raise ConfigError(where, "sources", "must be an array of tables: [[sources]]")
    out = []
    for n, entry in enumerate(entries):
        key = f"sources[{n}]"
        if not isinstance(entry, dict):
            raise ConfigError(where, key, "must be a table with a url")
        unknown = set(entry) - {f.name for f in fields(SourceConfig)}
        if unknown:
            raise ConfigError(where, f"{key}.{sorted(unknown)[0]}", "unknown key")
        url = entry.get("url")
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise ConfigError(where, f"{key}.url", "must be an http(s) URL")
        name = _coerce(entry.get("name", ""), "", where, f"{key}.name")
        max_items = _coerce(entry.get("max_items", 20), 0, where, f"{key}.max_items")
        if max_items < 1:
            raise ConfigError(where, f"{key}.max_items", "must be at least 1")
        patterns = {}
        for field in ("include", "exclude"):
            value = entry.get(field, [])
            value = [value] if isinstance(value, str) else value
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(where, f"{key}.{field}", "must be a list of regular expressions")
            for pattern in value:
                try:
                    re.compile(pattern)
                except re.error as exc:
                    reason = f"{pattern!r} is not a regular expression ({exc})"
                    raise ConfigError(where, f"{key}.{field}", reason) from None
            patterns[field] = tuple(value)
        out.append(SourceConfig(url=url, name=name, max_items=max_items, **patterns))
    return tuple(out)
