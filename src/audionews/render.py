"""Rendering one episode: clips -> timeline -> mastered, tagged MP3 and its side files.

What every episode of a show shares (jingles, cover, template sources) is loaded once as
`ShowAssets`. The MP3 is written under a temporary name and renamed, so `feed/` only ever holds
complete files; the daily edition and distributed workers render through the same function.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from .assemble import assemble, load_jingle, make_jingle
from .captions import chapters_json, clock, webvtt
from .config import AudioConfig, Config
from .cover import generate_cover
from .episode import Episode
from .errors import ConfigError
from .fsutil import atomic_write_text, temp_path_beside
from .label import aigc_json
from .master import master_to_mp3
from .model import Chapter, EpisodePlan
from .script import Templates
from .speech.base import WORKING_RATE
from .tags import EpisodeTags, write_tags

GENERATED_JINGLE_ID = "generated-1"
TEMPLATE_NAMES = ("intro", "outro", "label", "daily_intro", "daily_outro")


@dataclass(frozen=True)
class ShowAssets:
    """What every episode of one show shares, loaded once per build."""

    intro_jingle: np.ndarray
    outro_jingle: np.ndarray
    jingle_id: str
    cover: bytes
    cover_mime: str
    template_sources: tuple[str, ...]

    @property
    def cover_name(self) -> str:
        return "cover.jpg" if self.cover_mime == "image/jpeg" else "cover.png"

    def fingerprint_inputs(self, config: Config) -> list[object]:
        """What of the show an episode's files depend on (part of each episode's fingerprint)."""
        return [
            asdict(config.audio),
            self.jingle_id,
            list(self.template_sources),
            config.show.title,
            config.show.author,
            config.labelled,
            asdict(config.label),
            config.base_url,
            hashlib.sha256(self.cover).hexdigest(),
        ]


def _file_setting(config: Config, key: str, value: str) -> Path | None:
    if not value:
        return None
    path = config.path(value)
    if not path.is_file():
        raise ConfigError(config.source or "audionews.toml", key, f"no such file {path}")
    return path


def load_assets(config: Config, templates: Templates) -> ShowAssets:
    jingle = _file_setting(config, "audio.jingle", config.audio.jingle)
    if jingle:
        pcm = load_jingle(jingle)
        intro, outro, jingle_id = pcm, pcm, hashlib.sha256(jingle.read_bytes()).hexdigest()
    else:
        intro, outro, jingle_id = make_jingle(rising=True), make_jingle(rising=False), GENERATED_JINGLE_ID
    image = _file_setting(config, "show.image", config.show.image)
    jpeg = image is not None and image.suffix.lower() in (".jpg", ".jpeg")
    return ShowAssets(
        intro,
        outro,
        jingle_id,
        image.read_bytes() if image else generate_cover(config.show.title),
        "image/jpeg" if jpeg else "image/png",
        tuple(templates.source_text(name) for name in TEMPLATE_NAMES),
    )


@dataclass(frozen=True)
class Rendered:
    duration_s: float
    loudness_lufs: float
    true_peak_db: float
    mp3_bytes: int
    mp3_sha: str  # the first 12 hex digits of its SHA-256
    chapters: tuple[tuple[float, str], ...]


def show_notes_text(episode: Episode, chapters: tuple[Chapter, ...]) -> str:
    lines = [episode.title, ""]
    for label, value in (
        ("发布", episode.published.isoformat() if episode.published else None),
        ("作者", episode.author),
        ("编辑", episode.editor),
        ("来源", episode.source),
        ("原文", episode.url),
    ):
        if value:
            lines.append(f"{label}：{value}")
    lines += ["", episode.summary, "", "章节："]
    lines += [f"{clock(c.start_s)} {c.title}" for c in chapters]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class RenderJob:
    """All one episode's render needs besides its clips, nothing read from the build's disk:
    what the build hands a render worker (scale/), and what it renders itself without one."""

    plan: EpisodePlan
    episode: Episode
    keys: tuple[str, ...]  # the clips, in the plan's utterance order
    tags: EpisodeTags
    audio: AudioConfig
    intro_jingle: np.ndarray
    outro_jingle: np.ndarray


def render_job(
    plan: EpisodePlan, episode: Episode, keys: list[str], assets: ShowAssets, config: Config, produce_id: str = ""
) -> RenderJob:
    """With labels on, the MP3 carries the AIGC metadata; `produce_id` numbers this recording."""
    tags = EpisodeTags(
        title=episode.title,
        artist=episode.source or config.show.author,
        album=config.show.title,
        date=episode.published.date().isoformat() if episode.published else "",
        comment=episode.summary,
        cover=assets.cover,
        cover_mime=assets.cover_mime,
        aigc=aigc_json(config, produce_id or episode.slug, episode.guid) if config.labelled else None,
    )
    return RenderJob(plan, episode, tuple(keys), tags, config.audio, assets.intro_jingle, assets.outro_jingle)


def render_files(job: RenderJob, clips: list[np.ndarray], out_dir: Path) -> Rendered:
    """Assemble, master, tag and write the MP3 and its side files under `out_dir` (each file
    complete or absent: written aside and renamed)."""
    timeline = assemble(job.plan, clips, job.intro_jingle, job.outro_jingle, rate=WORKING_RATE)
    files = job.episode.files
    final = out_dir / files.mp3
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path_beside(final)
    try:
        loudness = master_to_mp3(timeline.parts, timeline.rate, tmp, job.audio)
        write_tags(tmp, job.tags, list(timeline.chapters), timeline.duration_s)
        with tmp.open("rb") as mp3:
            sha = hashlib.file_digest(mp3, "sha256").hexdigest()[:12]
        size = tmp.stat().st_size
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)
    atomic_write_text(out_dir / files.captions, webvtt(list(timeline.cues)))
    atomic_write_text(out_dir / files.chapters, chapters_json(list(timeline.chapters)))
    atomic_write_text(out_dir / files.notes, show_notes_text(job.episode, timeline.chapters))
    return Rendered(
        timeline.duration_s,
        loudness.integrated_lufs,
        loudness.true_peak_db,
        size,
        sha,
        tuple((round(c.start_s, 3), c.title) for c in timeline.chapters),
    )
