"""Side files from the timeline: WebVTT captions and podcast-namespace JSON chapters."""

from __future__ import annotations

import json
import re

from .model import Chapter, Cue

_CUE_TIMING = re.compile(r"^(\d+):(\d\d):(\d\d)\.(\d{3}) --> ", re.MULTILINE)


def _stamp(seconds: float) -> str:
    ms = round(seconds * 1000)
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def clock(seconds: float) -> str:
    """A time as people read it in notes and pages: `4:07`, `1:02:03`."""
    s = int(seconds)
    return f"{s // 3600:d}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60:d}:{s % 60:02d}"


def cue_starts(vtt: str) -> list[float]:
    """Each cue's start in seconds, in order: what `webvtt` wrote (one cue per sentence)."""
    return [int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000 for h, m, s, ms in _CUE_TIMING.findall(vtt)]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("-->", "--&gt;")


def webvtt(cues: list[Cue]) -> str:
    lines = ["WEBVTT", ""]
    for n, cue in enumerate(cues, 1):
        lines += [str(n), f"{_stamp(cue.start_s)} --> {_stamp(cue.end_s)}", _escape(cue.text), ""]
    return "\n".join(lines)


def chapters_json(chapters: list[Chapter]) -> str:
    body = {"version": "1.2.0", "chapters": [{"startTime": round(c.start_s, 3), "title": c.title} for c in chapters]}
    return json.dumps(body, ensure_ascii=False, indent=1)
