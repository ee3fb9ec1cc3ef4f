"""ID3v2.3 tags with mutagen: title, show, date, genre, summary, cover art, chapters."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mutagen.id3 import APIC, CHAP, COMM, CTOC, ID3, TALB, TCON, TDRC, TIT2, TLEN, TPE1, TXXX, CTOCFlags
from mutagen.id3._tags import save_frame  # mutagen is pinned exactly for this

from .model import Chapter


@dataclass(frozen=True)
class EpisodeTags:
    title: str
    artist: str
    album: str
    date: str  # YYYY-MM-DD
    comment: str
    cover: bytes | None
    cover_mime: str = "image/png"
    aigc: str | None = None  # the implicit AI-content label (label.py): JSON, as TXXX:AIGC


class _TimeOrderedID3(ID3):
    """mutagen sorts frames by size on save, so CHAP frames would land in order of title
    length; ffmpeg and some players read chapters in file order. Write them in time order,
    text frames first and the (large) picture last."""

    def _write(self, config):  # type: ignore[no-untyped-def]
        frames = list(self.values())
        chapters = sorted((f for f in frames if f.FrameID == "CHAP"), key=lambda f: f.start_time)
        pictures = [f for f in frames if f.FrameID == "APIC"]
        rest = [f for f in frames if f.FrameID not in ("CHAP", "APIC")]
        return bytearray().join(save_frame(f, config=config) for f in (*rest, *chapters, *pictures))


def write_tags(mp3: Path, tags: EpisodeTags, chapters: list[Chapter], duration_s: float) -> None:
    id3 = _TimeOrderedID3()
    id3.add(TIT2(encoding=1, text=tags.title))
    id3.add(TPE1(encoding=1, text=tags.artist))
    id3.add(TALB(encoding=1, text=tags.album))
    if tags.date:
        id3.add(TDRC(encoding=1, text=tags.date))
    id3.add(TCON(encoding=1, text="Podcast"))
    id3.add(TLEN(encoding=1, text=str(round(duration_s * 1000))))
    if tags.comment:
        id3.add(COMM(encoding=1, lang="chi", desc="", text=tags.comment))
    if tags.aigc:
        id3.add(TXXX(encoding=1, desc="AIGC", text=tags.aigc))
    if tags.cover:
        id3.add(APIC(encoding=1, mime=tags.cover_mime, type=3, desc="Cover", data=tags.cover))
    ids = [f"chp{i:03d}" for i in range(len(chapters))]
    total_ms = round(duration_s * 1000)
    for i, chapter in enumerate(chapters):
        start = round(chapter.start_s * 1000)
        end = round(chapters[i + 1].start_s * 1000) if i + 1 < len(chapters) else total_ms
        id3.add(
            CHAP(element_id=ids[i], start_time=start, end_time=end, sub_frames=[TIT2(encoding=1, text=chapter.title)])
        )
    if chapters:
        id3.add(
            CTOC(
                element_id="toc",
                flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                child_element_ids=ids,
                sub_frames=[TIT2(encoding=1, text="目录")],
            )
        )
    id3.save(str(mp3), v2_version=3)
