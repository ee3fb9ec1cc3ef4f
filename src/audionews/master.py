"""Mastering: loudness to the podcast target and MP3 encoding (ffmpeg), with a Xing header.

A linear gain (what two-pass `loudnorm` does in linear mode) keeps speech natural, but only
works when it does not push peaks over the true-peak ceiling (docs/ARCHITECTURE.md). Speech from a TTS
engine usually has peaks too high for that, so a limiter first brings the peaks down to where
the gain will land them under the ceiling; limiting lowers loudness too, so the limited signal's
loudness (measured, or interpolated between two measured limits) decides the gain.
"""

from __future__ import annotations

import re
import tempfile
import wave
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .config import AudioConfig
from .errors import AudionewsError
from .ffmpeg import EBUR128, MP3_OUTPUT, active, run_ffmpeg

# MP3 encoding overshoots true peak; aim under the ceiling from the start.
ENCODER_HEADROOM_DB = 1.0
# LAME at podcast bitrates lowers integrated loudness of speech by 0.4-0.5 LU (seed: -16.0
# before encoding, -16.4/-16.5 after): the first encode aims that much higher, so the check
# on the encoded file usually passes without a second encode.
ENCODER_LOUDNESS_LOSS_LU = 0.4
# how close to the loudness target a file must land before it is accepted
LOUDNESS_TOLERANCE_LU = 0.3
# how far under the ceiling the limiter aims, and the step between the two first limits tried
LIMIT_MARGIN_DB = 0.2
LIMIT_STEP_DB = 1.5
# never limit harder than this (dBFS)
HARDEST_LIMIT_DB = -24.0


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


def _parse_ebur128(stderr: bytes) -> Loudness:
    text = stderr.decode("utf-8", "replace")
    summary = text[text.rfind("Summary:") :]
    found = {}
    for key, pattern in (
        ("i", r"I:\s+(-?[\d.]+|-inf) LUFS"),
        ("lra", r"LRA:\s+(-?[\d.]+) LU"),
        ("peak", r"Peak:\s+(-?[\d.]+|-inf) dBFS"),
        ("thresh", r"Threshold:\s+(-?[\d.]+|-inf) LUFS"),
    ):
        m = re.search(pattern, summary)
        if not m:
            raise AudionewsError("ffmpeg ebur128 printed no measurement")
        found[key] = float(m.group(1))
    return Loudness(found["i"], found["peak"], found["lra"], found["thresh"])


def measure(path: Path, pre_filter: str = "") -> Loudness:
    """Integrated loudness, true peak and LRA (EBU R128), after an optional filter.

    ebur128 finds true peak by 4x oversampling; loudnorm's analysis runs at 192 kHz and is
    about four times slower for the same figures.
    """
    chain = (pre_filter + "," if pre_filter else "") + EBUR128
    return _parse_ebur128(run_ffmpeg(["-i", str(path), "-af", chain, "-f", "null", "-"]).stderr)


def _limiter(limit_db: float | None) -> str:
    """The limiter filter for a limit in dBFS; None: no limiter (an empty filter)."""
    if limit_db is None:
        return ""
    return f"alimiter=limit={10 ** (limit_db / 20):.5f}:attack=2:release=40:level=0:latency=1"


@dataclass(frozen=True)
class _Limited:
    """A limiter setting and the loudness it leaves (measured, or interpolated between two)."""

    limit_db: float | None
    loudness: Loudness


class _Mastering:
    """One episode's mastering; each limiter setting is measured once."""

    def __init__(self, wav: Path, cfg: AudioConfig) -> None:
        self.wav, self.cfg = wav, cfg
        self._measured: dict[float | None, Loudness] = {}

    def measure(self, *limits: float | None) -> list[Loudness]:
        """The loudness after each limit (None: no limiter); several run side by side."""
        todo = [limit for limit in dict.fromkeys(limits) if limit not in self._measured]
        with ThreadPoolExecutor(max_workers=max(1, len(todo))) as pool:
            for limit, loudness in zip(todo, pool.map(lambda x: measure(self.wav, _limiter(x)), todo), strict=True):
                self._measured[limit] = loudness
        return [self._measured[limit] for limit in limits]

    def limited(self, target_lufs: float, ceiling: float) -> _Limited:
        """The gentlest limiting after which a linear gain to `target_lufs` keeps the true
        peak `LIMIT_MARGIN_DB` under `ceiling`.

        Limiting lowers loudness too, so the gain grows as the limit drops. Over a dB or two
        the peak left after the gain is close to linear in the limit: two limits measured side
        by side (both cores) locate the answer; further measurements only when it falls
        outside them.
        """

        def excess(loudness: Loudness) -> float:
            return loudness.true_peak_db + target_lufs - loudness.integrated_lufs - ceiling

        (raw,) = self.measure(None)
        if excess(raw) <= -LIMIT_MARGIN_DB:
            return _Limited(None, raw)
        first = max(HARDEST_LIMIT_DB, raw.true_peak_db - excess(raw) - LIMIT_MARGIN_DB)
        limits = [first, max(HARDEST_LIMIT_DB, first - LIMIT_STEP_DB)]
        for _ in range(4):
            (la, lb), (a, b) = limits[-2:], self.measure(*limits[-2:])
            if la == lb or excess(a) == excess(b):
                break
            # where the line through the last two measurements crosses excess = -margin
            t = (-LIMIT_MARGIN_DB - excess(a)) / (excess(b) - excess(a))
            wanted = max(HARDEST_LIMIT_DB, min(raw.true_peak_db, la + t * (lb - la)))
            if min(la, lb) - 0.5 <= wanted <= max(la, lb):  # between the two (or just past): interpolate
                return _Limited(wanted, _interpolate(a, b, t))
            limits.append(wanted)
        # no line found it: the gentlest limit tried that fits, else the hardest. The last limit
        # proposed may not be measured yet (the search can end right after proposing it).
        self.measure(*limits)
        fitting = [limit for limit in limits if excess(self._measured[limit]) <= 0]
        chosen = max(fitting) if fitting else min(limits)
        return _Limited(chosen, self._measured[chosen])

    def encode(self, out_path: Path, ceiling: float, offset_db: float, trim_db: float = 0.0) -> Loudness:
        """Limit peaks so a linear gain lands loudness on target (+ `offset_db`) under `ceiling`,
        then apply `trim_db` (a last linear correction of the peak), encode, and measure the
        encoded stream."""
        limited = self.limited(self.cfg.loudness_lufs + offset_db, ceiling)
        gain = self.cfg.loudness_lufs + offset_db - limited.loudness.integrated_lufs + trim_db
        filters = (_limiter(limited.limit_db), f"volume={gain:.2f}dB", f"aresample={self.cfg.sample_rate}")
        chain = ",".join(f for f in filters if f)
        encode = [
            "-y",
            "-i",
            str(self.wav),
            "-af",
            chain,
            "-ar",
            str(self.cfg.sample_rate),
            "-ac",
            "1",
            "-c:a",
            "libmp3lame",
            "-b:a",
            f"{self.cfg.bitrate_kbps}k",
            *MP3_OUTPUT,
            str(out_path),
        ]
        if not active().loopback_decoding:
            run_ffmpeg(encode)
            return measure(out_path)
        # ffmpeg >= 7.1 decodes its own encoder's output ("loopback decoder"), so the encoded
        # stream is measured while it is written: the seed episode took 4.1 s, not 3.1 + 2.0 s
        loopback = [
            "-dec",
            "0:0",
            "-filter_complex",
            f"[dec:0]{EBUR128}[measured]",
            "-map",
            "[measured]",
            "-f",
            "null",
            "-",
        ]
        return _parse_ebur128(run_ffmpeg(encode + loopback).stderr)


def _interpolate(a: Loudness, b: Loudness, t: float) -> Loudness:
    def at(x: float, y: float) -> float:
        return x + t * (y - x)

    return Loudness(
        at(a.integrated_lufs, b.integrated_lufs),
        at(a.true_peak_db, b.true_peak_db),
        at(a.lra, b.lra),
        at(a.threshold, b.threshold),
    )


def master_to_mp3(pcm: np.ndarray | Iterable[np.ndarray], rate: int, out_path: Path, cfg: AudioConfig) -> Loudness:
    """Normalise loudness and encode CBR MP3 (with Xing/LAME header) to `out_path`.

    The figure that counts is the encoded file's, so it is measured and corrected. MP3 at
    podcast bitrates lowers loudness by about half a LU and adds true peak: about 1 dB on
    natural speech, 3-4 dB on heavily limited audio, in steps (scale factors move by 1.5 dB).
    A peak over the ceiling after encoding is fixed by limiting harder, which keeps the loudness
    (lowering the gain instead left a 3-minute excerpt of the seed 1.3 LU under target); only if
    that fails three times does the gain come down. Returns the encoded file's loudness.
    """
    ceiling = cfg.true_peak_db - ENCODER_HEADROOM_DB
    limit = cfg.true_peak_db - 0.1
    offset = ENCODER_LOUDNESS_LOSS_LU
    with tempfile.TemporaryDirectory(prefix="audionews-") as tmp:
        wav = Path(tmp) / "episode.wav"
        write_wav(wav, pcm, rate)
        mastering = _Mastering(wav, cfg)
        final = mastering.encode(out_path, ceiling, offset)
        for _ in range(3):
            loudness_error = cfg.loudness_lufs - final.integrated_lufs
            peak_excess = final.true_peak_db - limit
            if peak_excess > 0:
                ceiling -= peak_excess + LIMIT_MARGIN_DB  # limit harder: the loudness stays
            elif abs(loudness_error) > LOUDNESS_TOLERANCE_LU:
                offset += loudness_error
                room = limit - (final.true_peak_db + loudness_error)
                if room < 0:  # raising it would push the peak over: limit that much harder too
                    ceiling += room - LIMIT_MARGIN_DB
            else:
                break
            final = mastering.encode(out_path, ceiling, offset)
        if final.true_peak_db > limit:  # still over: the peak wins, by gain
            final = mastering.encode(out_path, ceiling, offset, limit - final.true_peak_db - 0.3)
    return final
