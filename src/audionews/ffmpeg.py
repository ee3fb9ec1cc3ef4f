"""Which ffmpeg runs, what it can do, and pydub's setup.

Policy (docs/ARCHITECTURE.md): mastering is tuned on one encoder, so the ffmpeg shipped in the
version-pinned `imageio-ffmpeg` package is the default. `audio.ffmpeg = "system"` (the first
`ffmpeg` on PATH) or a path chooses another; whichever is chosen is probed once for every filter
and option the project uses, and one that lacks any is refused with a one-line error naming its
version and the missing feature. Options that differ between versions are chosen so that every
version we know of accepts them (ffmpeg 5.1 refuses `ebur128=framelog=quiet`; `verbose` logs
per-frame lines below the default log level, so it is just as quiet).
"""

from __future__ import annotations

import io
import math
import re
import shutil
import subprocess
import tempfile
import warnings
import wave
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

with warnings.catch_warnings():
    # pydub warns at import when ffmpeg is not on PATH; we point it at the chosen one below
    warnings.simplefilter("ignore", RuntimeWarning)
    from pydub import AudioSegment

from .errors import AudionewsError, ConfigError

BUNDLED, SYSTEM = "bundled", "system"
EBUR128 = "ebur128=peak=true:framelog=verbose"
# CBR MP3 with a Xing header (exact length and seeking), no tags of ffmpeg's own (mutagen writes ours)
MP3_OUTPUT = ["-write_xing", "1", "-map_metadata", "-1", "-id3v2_version", "0", "-write_id3v1", "0", "-f", "mp3"]


@dataclass(frozen=True)
class Ffmpeg:
    """One ffmpeg binary and what it was found able to do."""

    exe: str
    version: str
    origin: str  # "bundled", "system" or the configured path
    loopback_decoding: bool  # ffmpeg >= 7.1 decodes its own encoder's output within one run (`-dec`)

    @property
    def short_version(self) -> str:
        """`n9.0.2-17-g2a57…` -> `9.0.2`; `5.1.9-0+deb12u1` -> `5.1.9`."""
        m = re.search(r"\d+(?:\.\d+)+", self.version)
        return m.group(0) if m else self.version

    def describe(self) -> str:
        where = self.origin if self.origin == BUNDLED else f"{self.origin}: {self.exe}"
        return f"ffmpeg {self.short_version} ({where})"


def _run(exe: str, args: list[str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([exe, "-hide_banner", "-nostdin", *args], capture_output=True, check=False)


def _last_line(stderr: bytes) -> str:
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1].strip() if lines else "?"


def _version(exe: str) -> str:
    try:
        out = subprocess.run([exe, "-version"], capture_output=True, check=False, timeout=30).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise AudionewsError(f"{exe} cannot be run ({exc})") from None
    m = re.search(rb"ffmpeg version (\S+)", out)
    if not m:
        raise AudionewsError(f"{exe} is not ffmpeg (its -version says no 'ffmpeg version')")
    return m.group(1).decode("ascii", "replace")


def _probe_tone(path: Path) -> None:
    """20 ms of tone: enough for every filter to run, small enough to fit on an almost full disk."""
    rate = 24_000
    t = np.arange(rate // 50) / rate
    pcm = (np.sin(2 * math.pi * 440 * t) * 12000).astype(np.int16)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())


def _features(folder: Path) -> list[tuple[str, list[str]]]:
    """(what the project needs, a run that needs exactly that); the first must run alone."""
    wav, mp3 = str(folder / "probe.wav"), str(folder / "probe.mp3")
    encode = ["-y", "-i", wav, "-c:a", "libmp3lame", "-b:a", "64k", "-ar", "44100", "-ac", "1", *MP3_OUTPUT, mp3]
    return [
        ("the libmp3lame MP3 encoder with a Xing header", encode),
        ("the MP3 decoder", ["-i", mp3, "-f", "s16le", "-"]),
        (f"loudness and true peak ({EBUR128})", ["-i", wav, "-af", EBUR128, "-f", "null", "-"]),
        (
            "the alimiter, volume and aresample filters",
            [
                "-i",
                wav,
                "-af",
                "alimiter=limit=0.50000:attack=2:release=40:level=0:latency=1,volume=1.00dB,aresample=44100",
                "-f",
                "null",
                "-",
            ],
        ),
    ]


@cache
def probe(exe: str, origin: str) -> Ffmpeg:
    """Run `exe` once for each feature the project uses; AudionewsError names the first missing."""
    version = _version(exe)
    try:
        return _probe(exe, origin, version)
    except OSError as exc:
        raise AudionewsError(f"cannot try ffmpeg {version} ({exe}): {exc.strerror or exc}") from None


def _probe(exe: str, origin: str, version: str) -> Ffmpeg:
    with tempfile.TemporaryDirectory(prefix="audionews-probe-") as tmp:
        folder = Path(tmp)
        _probe_tone(folder / "probe.wav")
        for feature, args in _features(folder):
            result = _run(exe, args)
            if result.returncode != 0:
                raise AudionewsError(f"ffmpeg {version} ({exe}) lacks {feature}: {_last_line(result.stderr)}")
        loopback = (
            _run(
                exe,
                [
                    "-i",
                    str(folder / "probe.wav"),
                    "-c:a",
                    "libmp3lame",
                    "-f",
                    "null",
                    "-",
                    "-dec",
                    "0:0",
                    "-filter_complex",
                    f"[dec:0]{EBUR128}[out]",
                    "-map",
                    "[out]",
                    "-f",
                    "null",
                    "-",
                ],
            ).returncode
            == 0
        )
    return Ffmpeg(exe, version, origin, loopback)


def _bundled_exe() -> str | None:
    try:
        import imageio_ffmpeg

        return imageio_ffmpeg.get_ffmpeg_exe()
    except (ImportError, RuntimeError):  # not installed, or no binary for this platform
        return None


def locate(setting: str) -> tuple[str, str]:
    """(executable, origin) for an `audio.ffmpeg` setting; AudionewsError when there is none."""
    if setting == BUNDLED:
        exe = _bundled_exe()
        if exe:
            return exe, BUNDLED
        # a platform imageio-ffmpeg has no binary for: the system's, probed like any other
        found = shutil.which("ffmpeg")
        if found:
            return found, SYSTEM
        raise AudionewsError("no ffmpeg: imageio-ffmpeg has no binary for this platform and none is on PATH")
    if setting == SYSTEM:
        found = shutil.which("ffmpeg")
        if not found:
            raise AudionewsError("no ffmpeg on PATH")
        return found, SYSTEM
    path = Path(setting).expanduser()
    if not path.is_file():
        raise AudionewsError(f"no such file {path}")
    return str(path), str(path)


_active: Ffmpeg | None = None


def use_ffmpeg(setting: str, where: Path | str = "audionews.toml") -> Ffmpeg:
    """Choose and probe the ffmpeg for this process; a bad one is a config error naming the key."""
    global _active
    try:
        chosen = probe(*locate(setting))
    except AudionewsError as exc:
        hint = "" if setting == BUNDLED else f' (audio.ffmpeg = "{BUNDLED}" uses the one audionews ships)'
        raise ConfigError(where, "audio.ffmpeg", f"{exc}{hint}") from None
    _active = chosen
    AudioSegment.converter = chosen.exe
    return chosen


def active() -> Ffmpeg:
    return _active or use_ffmpeg(BUNDLED)


def ffmpeg_exe() -> str:
    return active().exe


def run_ffmpeg(args: list[str], input_bytes: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    result = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostdin", *args], input=input_bytes, capture_output=True, check=False
    )
    if result.returncode != 0:
        raise AudionewsError(f"ffmpeg failed: {_last_line(result.stderr)}")
    return result


# Naming the decoder spares pydub its ffprobe call (imageio-ffmpeg ships no ffprobe); WAV it
# reads itself.
DECODERS = {"mp3": "mp3", "flac": "flac", "ogg": "vorbis", "opus": "opus", "m4a": "aac", "aac": "aac", "wav": None}


def decode_to_pcm(data: bytes, fmt: str, rate: int) -> np.ndarray:
    """Audio bytes (an edge clip, a jingle file) -> int16 mono PCM at `rate`, via pydub."""
    if fmt not in DECODERS:
        raise AudionewsError(f"cannot read .{fmt} audio (use one of: {', '.join(DECODERS)})")
    active()
    try:
        segment = AudioSegment.from_file(io.BytesIO(data), format=fmt, codec=DECODERS[fmt])
    except Exception as exc:  # pydub raises CouldntDecodeError, IndexError, ... on bad data
        raise AudionewsError(f"cannot decode {fmt} audio: {str(exc).splitlines()[0][:120]}") from None
    segment = segment.set_channels(1).set_frame_rate(rate).set_sample_width(2)
    return np.frombuffer(segment.raw_data, dtype=np.int16).copy()
