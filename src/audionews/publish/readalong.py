"""The read-along transcript: each block of the page's text as the sentences spoken, with their
cue times from the episode's .vtt, so the page can mark the sentence being read and seek to a
clicked one. Cues that belong to no block (the notice, intro, title, outro) are kept as frame
blocks where they are heard, so every moment of the audio has its sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..model import Cue
from .records import EpisodeRecord

FRAME = "frame"
_TIMING = re.compile(r"(\d+):(\d\d):(\d\d)\.(\d{3}) --> (\d+):(\d\d):(\d\d)\.(\d{3})")


@dataclass(frozen=True)
class ReadBlock:
    kind: str  # heading | paragraph | FRAME
    text: str
    sentences: tuple[Cue, ...] = ()  # empty: shown as plain text (no cue matched it)


def _seconds(h: str, m: str, s: str, ms: str) -> float:
    return int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def read_cues(vtt: str) -> list[Cue]:
    """The cues of what `captions.webvtt` writes: a number, a timing line, the text."""
    cues = []
    for chunk in re.split(r"\n\s*\n", vtt):
        lines = chunk.strip().splitlines()
        for i, line in enumerate(lines):
            timing = _TIMING.match(line)
            if timing:
                parts = timing.groups()
                text = _unescape("".join(lines[i + 1 :]).strip())
                cues.append(Cue(_seconds(*parts[:4]), _seconds(*parts[4:]), text))
                break
    return cues


def _bare(text: str) -> str:
    return "".join(text.split())


def _match(text: str, cues: list[Cue], pos: int) -> tuple[int, int] | None:
    """The first run of cues from `pos` whose texts, one after another, make up `text`."""
    want = _bare(text)
    for first in range(pos, len(cues)):
        head = _bare(cues[first].text)
        if not head or not want.startswith(head):
            continue
        rest, i = want, first
        while rest and i < len(cues) and _bare(cues[i].text) and rest.startswith(_bare(cues[i].text)):
            rest, i = rest[len(_bare(cues[i].text)) :], i + 1
        if not rest:
            return first, i
    return None


def align(blocks: list[tuple[str, str]], cues: list[Cue]) -> tuple[ReadBlock, ...]:
    out: list[ReadBlock] = []
    pos = 0
    for kind, text in blocks:
        found = _match(text, cues, pos)
        if found is None:  # never guess: the block is shown as it is, without times
            out.append(ReadBlock(kind, text))
            continue
        first, last = found
        if first > pos:
            out.append(ReadBlock(FRAME, "", tuple(cues[pos:first])))
        out.append(ReadBlock(kind, text, tuple(cues[first:last])))
        pos = last
    if pos < len(cues):
        out.append(ReadBlock(FRAME, "", tuple(cues[pos:])))
    return tuple(out)


def read_along(feed_dir: Path, record: EpisodeRecord) -> tuple[ReadBlock, ...]:
    """The page's transcript for `record`; its plain blocks when its captions cannot be read."""
    try:
        vtt = (feed_dir / record.files.captions).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        vtt = ""
    return align(list(record.blocks), read_cues(vtt))
