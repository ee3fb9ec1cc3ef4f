"""A stand-in engine for measuring the pipeline alone: speech-shaped noise, 0.22 s per
character, so an hour of audio needs no hour of speech synthesis. Given to `build(engine=...)`."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from audionews.speech.base import WORKING_RATE, Deliver

SECONDS_PER_CHAR = 0.22


class ToneEngine:
    name = "tone"
    voice = "tone"

    def identity(self) -> str:
        return "tone"

    def prepare(self, display_text: str) -> str:
        return display_text

    def cache_extra(self, spoken: str) -> str:
        return ""

    def synthesize(self, texts: Sequence[str], deliver: Deliver) -> None:
        rng = np.random.default_rng(1)
        for i, text in enumerate(texts):
            n = int(len(text) * SECONDS_PER_CHAR * WORKING_RATE)
            envelope = 0.5 + 0.5 * np.sin(np.arange(n) / WORKING_RATE * 2 * np.pi * 4)
            deliver(i, (rng.normal(0, 3000, n) * envelope).astype(np.int16))

    def close(self) -> None:
        pass
