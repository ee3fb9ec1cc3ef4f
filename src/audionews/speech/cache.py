"""Content-addressed clip cache: one raw PCM file per (engine, voice, settings, text, lexicon)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from ..errors import AudionewsError
from ..fsutil import atomic_write_bytes
from .base import WORKING_RATE, Engine

CACHE_FORMAT = 1


def clip_key(identity: str, spoken: str, extra: str) -> str:
    blob = json.dumps([CACHE_FORMAT, identity, spoken, extra], ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def utterance_keys(engine: Engine, spoken: Sequence[str]) -> list[str]:
    """Each spoken text's clip key for this engine (its identity, the text, the lexicon's say)."""
    return [clip_key(engine.identity(), text, engine.cache_extra(text)) for text in spoken]


class ClipCache:
    def __init__(self, directory: Path) -> None:
        self.directory = directory / "clips"

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.pcm"

    def __contains__(self, key: str) -> bool:
        return self._path(key).is_file()

    def get(self, key: str) -> np.ndarray | None:
        try:
            data = self._path(key).read_bytes()
        except FileNotFoundError:
            return None
        if len(data) % 2:
            return None  # a torn file from an older crash: synthesise again
        return np.frombuffer(data, dtype=np.int16)

    def seconds(self, key: str) -> float:
        """A cached clip's length, from its size (nothing read): 0 when it is not cached."""
        try:
            return self._path(key).stat().st_size // 2 / WORKING_RATE
        except FileNotFoundError:
            return 0.0

    def put(self, key: str, pcm: np.ndarray) -> None:
        atomic_write_bytes(self._path(key), pcm.astype(np.int16).tobytes())


def missing_clips(cache: ClipCache, keys: list[str], spoken: list[str]) -> dict[str, str]:
    """key -> text for the clips not in the cache, each text once."""
    wanted: dict[str, str] = {}
    for key, text in zip(keys, spoken, strict=True):
        if key not in cache and key not in wanted:
            wanted[key] = text
    return wanted


def speak_into_cache(engine: Engine, cache: ClipCache, wanted: dict[str, str], on_clip: Callable[[], None]) -> None:
    """Synthesise `wanted` (key -> text); each clip is cached the moment it exists, so what was
    spoken survives a later failure or an interruption."""
    order = list(wanted)

    def deliver(index: int, pcm: np.ndarray) -> None:
        cache.put(order[index], pcm)
        on_clip()

    if order:
        engine.synthesize([wanted[k] for k in order], deliver)


def cached_clips(cache: ClipCache, keys: list[str]) -> list[np.ndarray]:
    clips = []
    for key in keys:
        pcm = cache.get(key)
        if pcm is None:
            raise AudionewsError(f"clip {key[:12]} vanished from the cache during the build")
        clips.append(pcm)
    return clips
