"""Mastering: loudness to the podcast target and MP3 encoding (ffmpeg), with a Xing header.

A linear gain (what two-pass `loudnorm` does in linear mode) keeps speech natural, but only
works when it does not push peaks over the true-peak ceiling (DESIGN.md). Speech from a TTS
engine usually has peaks too high for that, so a limiter first brings the peaks down to where
the gain will land them under the ceiling; the limited signal is measured again (limiting
lowers loudness) before the gain is applied.
"""

from __future__ import annotations

import re
import tempfile
import wave
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .config import AudioConfig
from .errors import AudionewsError
from .ffmpeg import run_ffmpeg

# MP3 encoding overshoots true peak; aim under the ceiling from the start.
ENCODER_HEADROOM_DB = 1.0
# LAME at podcast bitrates lowers integrated loudness of speech by 0.4-0.5 LU (seed: -16.0
# before encoding, -16.4/-16.5 after): the first encode aims that much higher, so the check
# on the encoded file usually passes without a second encode.
ENCODER_LOUDNESS_LOSS_LU = 0.4
# how close to the loudness target a file must land before it is accepted
LOUDNESS_TOLERANCE_LU = 0.3


@dataclass(frozen=True)
class Loudness:
    integrated_lufs: float
    true_peak_db: float
    lra: float
    threshold: float


def write_wav(path: Path, pcm: np.ndarray | Iterable[np.ndarray], rate: int) -> None:
    """Write mono int16 PCM; given the timeline's parts, it streams them (no joined copy)."""
    parts = [pcm] if isinstance(pcm, np.ndarray) else pcm
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        for part in parts:
            w.writeframesraw(part.astype(np.int16, copy=False).tobytes())


def measure(path: Path, pre_filter: str = "") -> Loudness:
    """Integrated loudness, true peak and LRA (EBU R128), after an optional filter.

    ebur128 finds true peak by 4x oversampling; loudnorm's analysis runs at 192 kHz and is
    about four times slower for the same figures.
    """
    chain = (pre_filter + "," if pre_filter else "") + "ebur128=peak=true:framelog=quiet"
    result = run_ffmpeg(["-i", str(path), "-af", chain, "-f", "null", "-"])
    text = result.stderr.decode("utf-8", "replace")
    summary = text[text.rfind("Summary:"):]
    found = {}
    for key, pattern in (("i", r"I:\s+(-?[\d.]+|-inf) LUFS"), ("lra", r"LRA:\s+(-?[\d.]+) LU"),
                         ("peak", r"Peak:\s+(-?[\d.]+|-inf) dBFS"), ("thresh", r"Threshold:\s+(-?[\d.]+|-inf) LUFS")):
        m = re.search(pattern, summary)
        if not m:
            raise AudionewsError("ffmpeg ebur128 printed no measurement")
        found[key] = float(m.group(1))
    return Loudness(found["i"], found["peak"], found["lra"], found["thresh"])


def _limiter(limit_db: float) -> str:
    return f"alimiter=limit={10 ** (limit_db / 20):.5f}:attack=2:release=40:level=0:latency=1"


class _Mastering:
    """One episode's mastering; each (filter -> loudness) measurement is made once."""

    def __init__(self, wav: Path, cfg: AudioConfig) -> None:
        self.wav, self.cfg = wav, cfg
        self._measured: dict[str, Loudness] = {}

    def measure(self, limiter: str) -> Loudness:
        if limiter not in self._measured:
            self._measured[limiter] = measure(self.wav, limiter)
        return self._measured[limiter]

    def encode(self, out_path: Path, ceiling: float, offset_db: float, trim_db: float = 0.0) -> Loudness:
        """Limit peaks so a linear gain lands loudness on target (+ `offset_db`) under `ceiling`,
        then apply `trim_db` (a last linear correction of the peak) and encode."""
        limiter = ""
        measured = self.measure(limiter)
        limit_db = 0.0
        for _ in range(4):
            gain = self.cfg.loudness_lufs + offset_db - measured.integrated_lufs
            excess = measured.true_peak_db + gain - ceiling
            if excess <= 0:
                break
            # limiting lowers loudness too, so the next gain is larger: measure again
            limit_db = max(-24.0, min(limit_db, measured.true_peak_db) - excess - 0.2)
            limiter = _limiter(limit_db)
            measured = self.measure(limiter)
        gain = self.cfg.loudness_lufs + offset_db - measured.integrated_lufs + trim_db
        chain = ",".join(f for f in (limiter, f"volume={gain:.2f}dB", f"aresample={self.cfg.sample_rate}") if f)
        run_ffmpeg([
            "-y", "-i", str(self.wav), "-af", chain, "-ar", str(self.cfg.sample_rate), "-ac", "1",
            "-c:a", "libmp3lame", "-b:a", f"{self.cfg.bitrate_kbps}k", "-write_xing", "1",
            "-map_metadata", "-1", "-id3v2_version", "0", "-write_id3v1", "0", "-f", "mp3", str(out_path),
        ])
        return measure(out_path)


def master_to_mp3(pcm: np.ndarray | Iterable[np.ndarray], rate: int, out_path: Path, cfg: AudioConfig) -> Loudness:
    """Normalise loudness and encode CBR MP3 (with Xing/LAME header) to `out_path`.

    The figure that counts is the encoded file's, so it is measured and corrected. MP3 at
    podcast bitrates lowers loudness by about half a LU and adds true peak: about 1 dB on
    natural speech, 3-4 dB on heavily limited audio, in steps (scale factors move by 1.5 dB).
    Harder limiting makes the encoder overshoot more (measured: +0.1 dBTP after tightening),
    so a peak over the ceiling is fixed by lowering the gain, and loudness is corrected only
    where the peak leaves room. Returns the encoded file's loudness.
    """
    ceiling = cfg.true_peak_db - ENCODER_HEADROOM_DB
    limit = cfg.true_peak_db - 0.1
    offset, trim = ENCODER_LOUDNESS_LOSS_LU, 0.0
    with tempfile.TemporaryDirectory(prefix="audionews-") as tmp:
        wav = Path(tmp) / "episode.wav"
        write_wav(wav, pcm, rate)
        mastering = _Mastering(wav, cfg)
        final = mastering.encode(out_path, ceiling, offset)
        for _ in range(3):
            loudness_error = cfg.loudness_lufs - final.integrated_lufs
            peak_excess = final.true_peak_db - limit
            if peak_excess > 0:
                trim -= peak_excess + 0.3
            elif abs(loudness_error) > LOUDNESS_TOLERANCE_LU and final.true_peak_db + loudness_error <= limit:
                offset += loudness_error
            else:
                break
            final = mastering.encode(out_path, ceiling, offset, trim)
    return final
