"""Where ffmpeg comes from (PATH, else the binary shipped by imageio-ffmpeg) and pydub's setup."""

from __future__ import annotations

import io
import shutil
import subprocess
import warnings
from functools import cache

import numpy as np

with warnings.catch_warnings():
    # pydub warns at import when ffmpeg is not on PATH; we point it at imageio's below
    warnings.simplefilter("ignore", RuntimeWarning)
    from pydub import AudioSegment

from .errors import AudionewsError


@cache
def ffmpeg_exe() -> str:
    found = shutil.which("ffmpeg")
    if found:
        AudioSegment.converter = found
        return found
    try:
        import imageio_ffmpeg
    except ImportError:
        raise AudionewsError("ffmpeg not found: install ffmpeg or the imageio-ffmpeg package") from None
    exe = imageio_ffmpeg.get_ffmpeg_exe()
    AudioSegment.converter = exe
    return exe


def run_ffmpeg(args: list[str], input_bytes: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", *args]
    result = subprocess.run(cmd, input=input_bytes, capture_output=True, check=False)
    if result.returncode != 0:
        tail = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
        raise AudionewsError(f"ffmpeg failed: {tail[0]}")
    return result


@cache
def supports_loopback_decoding() -> bool:
    """ffmpeg 7.1+ can decode what its own encoder produced (`-dec`) within one run."""
    try:
        run_ffmpeg(["-f", "lavfi", "-i", "anullsrc=r=44100:cl=mono", "-t", "0.1", "-c:a", "libmp3lame",
                    "-f", "null", "-", "-dec", "0:0", "-filter_complex", "[dec:0]anull[out]", "-map", "[out]",
                    "-f", "null", "-"])
    except AudionewsError:
        return False
    return True


# Naming the decoder spares pydub its ffprobe call (imageio-ffmpeg ships no ffprobe); WAV it
# reads itself.
DECODERS = {"mp3": "mp3", "flac": "flac", "ogg": "vorbis", "opus": "opus", "m4a": "aac", "aac": "aac", "wav": None}


def decode_to_pcm(data: bytes, fmt: str, rate: int) -> np.ndarray:
    """Audio bytes (an edge clip, a jingle file) -> int16 mono PCM at `rate`, via pydub."""
    if fmt not in DECODERS:
        raise AudionewsError(f"cannot read .{fmt} audio (use one of: {', '.join(DECODERS)})")
    ffmpeg_exe()
    try:
        segment = AudioSegment.from_file(io.BytesIO(data), format=fmt, codec=DECODERS[fmt])
    except Exception as exc:  # pydub raises CouldntDecodeError, IndexError, ... on bad data
        raise AudionewsError(f"cannot decode {fmt} audio: {str(exc).splitlines()[0][:120]}") from None
    segment = segment.set_channels(1).set_frame_rate(rate).set_sample_width(2)
    return np.frombuffer(segment.raw_data, dtype=np.int16).copy()
