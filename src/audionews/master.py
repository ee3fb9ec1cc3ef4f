"""Mastering: loudness to the podcast target and MP3 encoding (ffmpeg), with a Xing header.

Two-pass `loudnorm` is linear only when the gain does not push peaks over the true-peak
ceiling (DESIGN.md). Speech from a TTS engine usually has peaks too high for that, so a
limiter first brings the peaks to where the linear gain will land them on the ceiling, and
the limited signal is measured again before the final pass.
"""

from __future__ import annotations

import json
import re
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .config import AudioConfig
from .errors import AudionewsError
from .ffmpeg import run_ffmpeg

# MP3 encoding overshoots true peak a little; aim under the ceiling.
ENCODER_HEADROOM_DB = 0.7


@dataclass(frozen=True)
class Loudness:
    integrated_lufs: float
    true_peak_db: float
    lra: float
    threshold: float


def write_wav(path: Path, pcm: np.ndarray, rate: int) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.astype(np.int16).tobytes())


def _loudnorm_json(stderr: bytes) -> dict[str, str]:
    text = stderr.decode("utf-8", "replace")
    m = re.search(r"\{[^{}]*\"input_i\"[^{}]*\}", text)
    if not m:
        raise AudionewsError("ffmpeg loudnorm printed no measurement")
    return json.loads(m.group(0))


def measure(path: Path, pre_filter: str = "", target: AudioConfig | None = None) -> Loudness:
    t = target or AudioConfig()
    chain = (pre_filter + "," if pre_filter else "") + (
        f"loudnorm=I={t.loudness_lufs}:TP={t.true_peak_db}:LRA=11:print_format=json")
    result = run_ffmpeg(["-i", str(path), "-af", chain, "-f", "null", "-"])
    values = _loudnorm_json(result.stderr)
    return Loudness(float(values["input_i"]), float(values["input_tp"]),
                    float(values["input_lra"]), float(values["input_thresh"]))


def measure_ebur128(path: Path) -> Loudness:
    """Integrated loudness and true peak of a finished file (the figure players will see)."""
    result = run_ffmpeg(["-i", str(path), "-af", "ebur128=peak=true", "-f", "null", "-"])
    text = result.stderr.decode("utf-8", "replace")
    summary = text[text.rfind("Summary:"):]
    integrated = float(re.search(r"I:\s+(-?[\d.]+|-inf) LUFS", summary).group(1))  # type: ignore[union-attr]
    lra = float(re.search(r"LRA:\s+(-?[\d.]+) LU", summary).group(1))  # type: ignore[union-attr]
    peak = float(re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary).group(1))  # type: ignore[union-attr]
    threshold = float(re.search(r"Threshold:\s+(-?[\d.]+) LUFS", summary).group(1))  # type: ignore[union-attr]
    return Loudness(integrated, peak, lra, threshold)


def _limiter(limit_db: float) -> str:
    return f"alimiter=limit={10 ** (limit_db / 20):.5f}:attack=2:release=40:level=0:latency=1"


def _encode(wav: Path, out_path: Path, cfg: AudioConfig, ceiling: float) -> Loudness:
    """Limit peaks so a linear gain lands integrated loudness on target under `ceiling`; encode."""
    limiter = ""
    measured = measure(wav, target=cfg)
    limit_db = 0.0
    for _ in range(4):
        gain = cfg.loudness_lufs - measured.integrated_lufs
        excess = measured.true_peak_db + gain - ceiling
        if excess <= 0:
            break
        # limiting lowers loudness too, so the next gain is larger: measure again
        limit_db = max(-24.0, min(limit_db, measured.true_peak_db) - excess - 0.2)
        limiter = _limiter(limit_db)
        measured = measure(wav, limiter, cfg)
    gain = cfg.loudness_lufs - measured.integrated_lufs
    chain = ",".join(f for f in (limiter, f"volume={gain:.2f}dB", f"aresample={cfg.sample_rate}") if f)
    run_ffmpeg([
        "-y", "-i", str(wav), "-af", chain, "-ar", str(cfg.sample_rate), "-ac", "1",
        "-c:a", "libmp3lame", "-b:a", f"{cfg.bitrate_kbps}k", "-write_xing", "1",
        "-map_metadata", "-1", "-id3v2_version", "0", "-write_id3v1", "0", "-f", "mp3", str(out_path),
    ])
    return measure_ebur128(out_path)


def master_to_mp3(pcm: np.ndarray, rate: int, out_path: Path, cfg: AudioConfig) -> Loudness:
    """Normalise loudness and encode CBR MP3 (with Xing/LAME header) to `out_path`.

    The figure that counts is the encoded file's, so it is measured, and when encoding pushed
    the true peak over the ceiling the episode is limited harder and encoded again.
    Returns the loudness of the encoded file.
    """
    ceiling = cfg.true_peak_db - ENCODER_HEADROOM_DB
    with tempfile.TemporaryDirectory(prefix="audionews-") as tmp:
        wav = Path(tmp) / "episode.wav"
        write_wav(wav, pcm, rate)
        final = _encode(wav, out_path, cfg, ceiling)
        for _ in range(2):
            overshoot = final.true_peak_db - (cfg.true_peak_db - 0.1)
            if overshoot <= 0:
                break
            ceiling -= overshoot + 0.3
            final = _encode(wav, out_path, cfg, ceiling)
    return final
