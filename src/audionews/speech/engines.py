"""The table of speech engines: the one place that names them (docs/ARCHITECTURE.md).

Config validation, the CLI's `--engine` choices, `audionews voices` and the `auto` order all
come from here. Each engine's module is imported only when that engine is used, so the CLI
starts without TensorFlow, and nothing here imports an engine (no import circle).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class EngineEntry:
    name: str
    module: str  # imported lazily
    # a class with `available(config) -> bool`, `catalogue() -> (voices, where the list is from)`
    # and `(config, lexicon)` construction
    cls: str
    summary: str
    licence: str
    install: str  # how to get it where it is missing
    online: bool = False  # a shared service: distributed builds limit its calls across workers


# (voice, sex, note) as `audionews voices` lists them
VoiceRow = tuple[str, str, str]


ENGINES: tuple[EngineEntry, ...] = (
    EngineEntry(
        "edge",
        "audionews.speech.edge",
        "EdgeEngine",
        "Microsoft's neural voices through edge-tts (needs the service)",
        "Microsoft service terms",
        "needs Microsoft's speech service to be reachable",
        online=True,
    ),
    EngineEntry(
        "kokoro",
        "audionews.speech.kokoro",
        "KokoroEngine",
        "Kokoro-82M's Mandarin voices on this machine's CPU",
        "Apache-2.0 (Kokoro-82M by hexgrad)",
        "pip install '.'",
    ),
    EngineEntry(
        "baker",
        "audionews.speech.baker",
        "BakerEngine",
        "the Baker news voice (optional extra; Python 3.11 or 3.12)",
        "trained on data licensed for NON-COMMERCIAL use only",
        "pip install '.[baker]'",
    ),
)
# a name that means "the first of these that is installed"
ALIASES: dict[str, tuple[str, ...]] = {"offline": ("kokoro", "baker")}
# `engine = "auto"`: the first of these that can run here
AUTO_ORDER: tuple[str, ...] = ("edge", "kokoro", "baker")
ENGINE_NAMES: tuple[str, ...] = tuple(e.name for e in ENGINES)
ENGINE_CHOICES: tuple[str, ...] = ("auto", *ALIASES, *ENGINE_NAMES)


def engine_entry(name: str) -> EngineEntry:
    """KeyError for a name not in the table."""
    for entry in ENGINES:
        if entry.name == name:
            return entry
    raise KeyError(name)


def engine_class(name: str) -> Any:
    """The engine's class, importing its module now; KeyError for a name not in the table."""
    entry = engine_entry(name)
    return getattr(importlib.import_module(entry.module), entry.cls)
