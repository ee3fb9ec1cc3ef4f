"""The engine interface, and choosing and creating an engine from the table in `engines`."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Protocol, TypeVar

import numpy as np

from ..config import SpeechConfig
from ..errors import ConfigError, EngineUnavailable
from ..lexicon import Lexicon
from ..textnorm import spoken_form
from .engines import ALIASES, AUTO_ORDER, ENGINE_NAMES, engine_class

# Every clip is brought to this format before it is cached or mixed (docs/ARCHITECTURE.md: one format).
WORKING_RATE = 24_000

TRIM_THRESHOLD = 10 ** (-48 / 20) * 32768  # -48 dBFS
TRIM_KEEP_S = 0.04

# the end of a display text that already has punctuation (a sentence, or a long one split at a comma)
ENDS_WITH_PUNCTUATION = re.compile(r"[。！？；，、：…”」』）)!?.;,:\"'》】]\s*$")

# Called once per finished clip with (index into the texts, int16 PCM at WORKING_RATE).
Deliver = Callable[[int, np.ndarray], None]


class Engine(Protocol):
    name: str
    voice: str

    def identity(self) -> str:
        """Everything besides the text that decides the sound: part of each cache key."""
        ...

    def prepare(self, display_text: str) -> str:
        """The text this engine is sent for a display text (normalised, lexicon applied)."""
        ...

    def cache_extra(self, spoken: str) -> str:
        """Lexicon entries that affect this utterance beyond its text."""
        ...

    def synthesize(self, texts: Sequence[str], deliver: Deliver) -> None:
        """Speak every text, handing each clip to `deliver` as soon as it exists (in any
        order), so finished clips are cached even when a later one fails (EngineError)."""
        ...

    def close(self) -> None: ...


class ReadsNormalisedText:
    """For engines that are sent our normalised text (numbers in words, Simplified script) and
    honour the lexicon's pinyin entries: the offline voices."""

    lexicon: Lexicon

    def prepare(self, display_text: str) -> str:
        spoken = spoken_form(display_text, self.lexicon.replacements, self.lexicon.latin)
        if spoken and not ENDS_WITH_PUNCTUATION.search(display_text):
            # a title, heading or credit line ends without punctuation: the voices were trained on
            # sentences and trail off (audionews check on the seed: its three headings scored
            # 0.142 misread on average, 0.051 with a full stop added)
            spoken += "。"
        return spoken

    def cache_extra(self, spoken: str) -> str:
        latin = self.lexicon.latin_in(spoken)  # only where it applies: other keys stay as they were
        return repr(sorted(self.lexicon.pinyin_in(spoken).items())) + (repr(sorted(latin.items())) if latin else "")


def choose_engine(config: SpeechConfig) -> tuple[str, str]:
    """(engine name, why): a named engine as it is; `offline` the first offline voice installed;
    `auto` the first in AUTO_ORDER that can run here (edge when its service answers)."""
    if config.engine in ENGINE_NAMES:
        return config.engine, "set in audionews.toml"
    if config.engine in ALIASES:
        for name in ALIASES[config.engine]:
            if engine_class(name).available(config):
                return name, f"the {config.engine} voice installed"
        raise EngineUnavailable(f"no {config.engine} voice is installed ({', '.join(ALIASES[config.engine])})")
    if config.engine != "auto":
        raise ConfigError("audionews.toml", "speech.engine", f"unknown engine {config.engine!r}")
    for name in AUTO_ORDER:
        if engine_class(name).available(config):
            return name, "the edge service answered" if name == "edge" else "the edge service did not answer"
    raise EngineUnavailable(
        "no speech engine can run here: the edge service did not answer and no offline voice is installed"
    )


def create_engine(name: str, config: SpeechConfig, lexicon: Lexicon) -> Engine:
    engine: Engine = engine_class(name)(config, lexicon)
    return engine


def rate_factor(rate: str) -> float:
    """`+10%` -> 1.10 (speaking speed multiplier)."""
    return 1.0 + int(rate[:-1]) / 100.0


def trim(pcm: np.ndarray, rate: int = WORKING_RATE) -> np.ndarray:
    """Cut an engine's leading and trailing padding, keeping a short natural margin."""
    loud = np.flatnonzero(np.abs(pcm.astype(np.int32)) > TRIM_THRESHOLD)
    if loud.size == 0:
        return pcm[:0]
    keep = round(TRIM_KEEP_S * rate)
    return pcm[max(0, loud[0] - keep) : loud[-1] + keep + 1]


Piece = TypeVar("Piece")


def speak_in_pieces(
    texts: Sequence[str],
    pieces_of: Callable[[str], list[Piece]],
    speak: Callable[[Piece], np.ndarray],
    join: Callable[[list[np.ndarray]], np.ndarray],
    workers: int,
    deliver: Deliver,
) -> None:
    """Split every text into pieces, speak the pieces of all texts on `workers` threads, and
    deliver each text (its pieces joined), from the calling thread, as soon as it is complete.
    On an error or an interrupt, pieces not yet started are dropped, not spoken."""
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="speak")
    pending: dict[Future[np.ndarray], tuple[int, int]] = {}
    clips: dict[int, list[np.ndarray | None]] = {}
    try:
        for i, text in enumerate(texts):
            pieces = pieces_of(text)
            if not pieces:
                deliver(i, np.zeros(WORKING_RATE // 10, np.int16))
                continue
            clips[i] = [None] * len(pieces)
            for j, piece in enumerate(pieces):
                pending[pool.submit(speak, piece)] = (i, j)
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                i, j = pending.pop(future)
                clips[i][j] = future.result()
                if all(part is not None for part in clips[i]):
                    deliver(i, join([p for p in clips.pop(i) if p is not None]))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
