"""Content-addressed clip cache: one raw PCM file per (engine, voice, settings, text, lexicon)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

from ..fsutil import atomic_write_bytes

CACHE_FORMAT = 1


def clip_key(identity: str, spoken: str, extra: str) -> str:
    blob = json.dumps([CACHE_FORMAT, identity, spoken, extra], ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


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

    def put(self, key: str, pcm: np.ndarray) -> None:
        atomic_write_bytes(self._path(key), pcm.astype(np.int16).tobytes())
