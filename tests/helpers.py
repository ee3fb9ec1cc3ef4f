"""Helpers shared by the tests: run the real CLI, measure real audio with ffmpeg."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from audionews.ffmpeg import ffmpeg_exe
from tests import clirunner
from tools.showkit import REPO, SEED, make_show  # noqa: F401 - the tests' names for them

SPAWN = os.environ.get("AUDIONEWS_TESTS_SPAWN") == "1"


@dataclass(frozen=True)
class CliRun:
    code: int
    stdout: str
    stderr: str


def run_cli(*args: str | Path, cwd: Path | None = None, stdin: str | None = None, timeout: float = 900) -> CliRun:
    """`audionews ARGS` in a new process (forked from a runner that has the imports done:
    tests/clirunner.py; a plain subprocess with AUDIONEWS_TESTS_SPAWN=1)."""
    if not SPAWN:
        return CliRun(*clirunner.run([str(a) for a in args], cwd, stdin, timeout))
    proc = subprocess.run(
        [sys.executable, "-m", "audionews.cli", *map(str, args)],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return CliRun(proc.returncode, proc.stdout, proc.stderr)


# The real CLI in a fresh process, with edge-tts pointed at a local fake of the service (the one
# attribute that does that: docs/ARCHITECTURE.md). Only the URL differs from what a user runs.
CLI_WITH_EDGE = (
    "import sys, edge_tts.communicate as c; c.WSS_URL = sys.argv[1]; "
    "from audionews.cli import main; sys.exit(main(sys.argv[2:]))"
)


def run_cli_with_edge(edge_url: str, *args: str | Path, preexec_fn=None, timeout: float = 300) -> CliRun:
    if not SPAWN and preexec_fn is None:
        return CliRun(*clirunner.run([str(a) for a in args], None, None, timeout, edge_url))
    proc = subprocess.run(
        [sys.executable, "-c", CLI_WITH_EDGE, edge_url, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        preexec_fn=preexec_fn,
    )
    return CliRun(proc.returncode, proc.stdout, proc.stderr)


def build(root: Path, *extra: str) -> tuple[CliRun, dict]:
    report = root / "report.json"
    report.unlink(missing_ok=True)
    run = run_cli("build", "-C", root, "--report", report, *extra)
    data = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {}
    return run, data


def decode_pcm(path: Path, rate: int = 16000) -> np.ndarray:
    """Decode any audio file fully with ffmpeg (fails loudly on a broken file)."""
    proc = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "s16le", "-ac", "1", "-ar", str(rate), "-"],
        capture_output=True,
        check=True,
    )
    return np.frombuffer(proc.stdout, dtype=np.int16)


def probe(path: Path) -> dict[str, object]:
    """What ffmpeg's demuxer reports (the same library ffprobe uses): duration, rate, chapters."""
    proc = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-i", str(path), "-f", "ffmetadata", "-"],
        capture_output=True,
        text=True,
        check=False,
    )
    info = proc.stderr
    m = re.search(r"Duration: (\d+):(\d+):([\d.]+)", info)
    duration = int(m.group(1)) * 3600 + int(m.group(2)) * 60 + float(m.group(3)) if m else None
    rate = re.search(r"Audio: mp3.*?, (\d+) Hz, (mono|stereo)", info)
    bitrate = re.search(r"Audio: mp3.*?(\d+) kb/s", info)
    chapters = []
    for block in proc.stdout.split("[CHAPTER]")[1:]:
        fields = dict(line.split("=", 1) for line in block.strip().splitlines() if "=" in line)
        base = fields.get("TIMEBASE", "1/1000").split("/")
        scale = int(base[0]) / int(base[1])
        chapters.append((int(fields["START"]) * scale, fields.get("title", "")))
    return {
        "duration": duration,
        "sample_rate": int(rate.group(1)) if rate else None,
        "channels": rate.group(2) if rate else None,
        "bitrate": int(bitrate.group(1)) if bitrate else None,
        "chapters": chapters,
    }


def has_xing_header(path: Path) -> bool:
    """The first MP3 frame after the ID3 tag carries a Xing/Info header (exact length, seeking)."""
    data = path.read_bytes()
    offset = 0
    if data[:3] == b"ID3":
        size = data[6:10]
        offset = 10 + ((size[0] << 21) | (size[1] << 14) | (size[2] << 7) | size[3])
    first_frame = data[offset : offset + 600]
    return first_frame[:2] in (b"\xff\xfb", b"\xff\xfa", b"\xff\xf3") and (
        b"Xing" in first_frame or b"Info" in first_frame
    )


def silences(path: Path, noise_db: float = -40, min_s: float = 0.35) -> list[tuple[float, float]]:
    """Silent stretches as (start, end), from ffmpeg's silencedetect."""
    proc = subprocess.run(
        [
            ffmpeg_exe(),
            "-hide_banner",
            "-i",
            str(path),
            "-af",
            f"silencedetect=noise={noise_db}dB:d={min_s}",
            "-f",
            "null",
            "-",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    starts = [float(x) for x in re.findall(r"silence_start: ([\d.]+)", proc.stderr)]
    ends = [float(x) for x in re.findall(r"silence_end: ([\d.]+)", proc.stderr)]
    return list(zip(starts, ends, strict=False))


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(root: Path) -> Iterator[tuple[int, subprocess.Popen[str]]]:
    """`audionews serve -C root` on a free port, as a user runs it; stopped afterwards."""
    import socket
    import time

    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "audionews.cli", "serve", "-C", str(root), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    try:
        yield port, proc
    finally:
        proc.terminate()
        proc.wait(timeout=10)
