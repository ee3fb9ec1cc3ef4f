"""The engine interface and the registry that maps config names to engines."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np

from ..config import SpeechConfig
from ..errors import ConfigError, EngineUnavailable
from ..lexicon import Lexicon

# Every clip is brought to this format before it is cached or mixed (DESIGN.md: one format).
WORKING_RATE = 24_000

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


EngineFactory = Callable[[SpeechConfig, Lexicon], Engine]
ProbeFn = Callable[[SpeechConfig], bool]


_REGISTRY: dict[str, tuple[EngineFactory, ProbeFn]] = {}


def register(name: str, probe: ProbeFn) -> Callable[[EngineFactory], EngineFactory]:
    def wrap(factory: EngineFactory) -> EngineFactory:
        _REGISTRY[name] = (factory, probe)
        return factory
    return wrap


def _load_builtin() -> None:
    # importing registers them; kept lazy so the CLI starts without TensorFlow
    from . import edge, offline  # noqa: F401


def choose_engine(config: SpeechConfig) -> tuple[str, str]:
    """(engine name, why): `auto` prefers edge when its service answers, else offline."""
    _load_builtin()
    if config.engine != "auto":
        if config.engine not in _REGISTRY:
            raise ConfigError("audionews.toml", "speech.engine", f"unknown engine {config.engine!r}")
        return config.engine, "set in audionews.toml"
    for name in ("edge", "offline"):
        _, probe = _REGISTRY[name]
        if probe(config):
            reason = "the edge service answered" if name == "edge" else "the edge service did not answer"
            return name, reason
    raise EngineUnavailable(
        "no speech engine can run here: the edge service did not answer and the offline voice is not "
        "installed (it needs Python 3.11 or 3.12; see README)")


def create_engine(name: str, config: SpeechConfig, lexicon: Lexicon) -> Engine:
    _load_builtin()
    factory, _ = _REGISTRY[name]
    return factory(config, lexicon)


def rate_factor(rate: str) -> float:
    """`+10%` -> 1.10 (speaking speed multiplier)."""
    return 1.0 + int(rate[:-1]) / 100.0
