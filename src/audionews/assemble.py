"""The assemble stage: clips + pauses + jingles -> one PCM timeline, with cues and chapters.

Every piece is int16 mono at WORKING_RATE before it is joined, and the join is one
pass over the parts (not repeated `+`, which is quadratic and, with pydub, silently
widens the format); mastering streams the parts straight into its WAV. Cue and chapter
times come from this timeline, never from an engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .ffmpeg import decode_to_pcm
from .model import Chapter, Cue, EpisodePlan
from .speech.base import WORKING_RATE, trim

SENTENCE_PAUSE_S = 0.28
JINGLE_GAP_S = 0.35


@dataclass(frozen=True)
class Timeline:
    parts: tuple[np.ndarray, ...]
    cues: tuple[Cue, ...]
    chapters: tuple[Chapter, ...]
    rate: int = WORKING_RATE

    @property
    def samples(self) -> int:
        return sum(len(p) for p in self.parts)

    @property
    def duration_s(self) -> float:
        return self.samples / self.rate


def silence(seconds: float, rate: int = WORKING_RATE) -> np.ndarray:
    return np.zeros(max(0, round(seconds * rate)), np.int16)


def make_jingle(rate: int = WORKING_RATE, rising: bool = True) -> np.ndarray:
    """A short generated chime: three bell-like notes and a chord (no file needed)."""
    notes = [523.25, 659.25, 783.99]  # C5 E5 G5
    if not rising:
        notes = notes[::-1]
    step, tail = 0.16, 1.3
    total = step * len(notes) + tail
    t = np.arange(round(total * rate)) / rate
    out = np.zeros_like(t)
    for i, freq in enumerate([*notes, None]):
        start = i * step
        chord = notes if freq is None else [freq]
        local = t - start
        mask = local >= 0
        env = np.where(mask, np.exp(-np.clip(local, 0, None) * (2.6 if freq is None else 7.0)), 0.0)
        env *= np.clip(local / 0.005, 0, 1)  # 5 ms attack, no click
        for f in chord:
            out += env * (np.sin(2 * np.pi * f * local) + 0.25 * np.sin(2 * np.pi * 2 * f * local)) / len(chord)
    out *= 0.5 / max(1e-9, np.max(np.abs(out)))
    return (out * 32767).astype(np.int16)


def load_jingle(path: Path, rate: int = WORKING_RATE) -> np.ndarray:
    return decode_to_pcm(path.read_bytes(), path.suffix.lstrip(".").lower() or "mp3", rate)


def make_sting(rate: int = WORKING_RATE) -> np.ndarray:
    """The daily edition's transition between articles: two soft notes, under a second."""
    t = np.arange(round(0.7 * rate)) / rate
    out = np.zeros_like(t)
    for start, freq in ((0.0, 783.99), (0.12, 1046.5)):  # G5, C6
        local = t - start
        env = np.where(local >= 0, np.exp(-np.clip(local, 0, None) * 6.0), 0.0) * np.clip(local / 0.005, 0, 1)
        out += env * np.sin(2 * np.pi * freq * local)
    out *= 0.35 / max(1e-9, np.max(np.abs(out)))
    return (out * 32767).astype(np.int16)


def assemble(
    plan: EpisodePlan,
    clips: list[np.ndarray],
    intro_jingle: np.ndarray,
    outro_jingle: np.ndarray,
    rate: int = WORKING_RATE,
    sting: np.ndarray | None = None,
) -> Timeline:
    """Lay the clips (one per utterance of `plan`, in order) out in time."""
    parts: list[np.ndarray] = []
    cues: list[Cue] = []
    chapters: list[Chapter] = []
    position = 0
    clip_iter = iter(clips)

    def add(pcm: np.ndarray) -> None:
        nonlocal position
        if len(pcm):
            parts.append(pcm)
            position += len(pcm)

    for s_index, segment in enumerate(plan.segments):
        if segment.chapter:
            chapters.append(Chapter(position / rate, segment.chapter))
        if segment.jingle_before:
            add(intro_jingle)
            add(silence(JINGLE_GAP_S, rate))
        if segment.sting_before:
            add(make_sting(rate) if sting is None else sting)
            add(silence(JINGLE_GAP_S, rate))
        for u_index, utterance in enumerate(segment.utterances):
            pcm = trim(next(clip_iter), rate)
            start = position
            add(pcm)
            cues.append(Cue(start / rate, position / rate, utterance.display))
            if u_index + 1 < len(segment.utterances):
                add(silence(SENTENCE_PAUSE_S, rate))
        last = s_index + 1 == len(plan.segments)
        if last:
            add(silence(JINGLE_GAP_S, rate))
            add(outro_jingle)
        else:
            add(silence(segment.pause_after_s, rate))
    return Timeline(tuple(parts), tuple(cues), tuple(chapters), rate)
