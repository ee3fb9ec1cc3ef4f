"""The edge engine: Microsoft's neural voices through edge-tts, made robust.

edge-tts alone does not bound a stalled stream, retries nothing but one clock-skew 403, and
accepts a stream cut short. Here every request runs under `asyncio.wait_for`, failures are
retried with exponential backoff and jitter, and audio shorter than the service's own
sentence timing is treated as truncated.
"""

from __future__ import annotations

import asyncio
import random
import socket
from collections.abc import Sequence
from urllib.parse import urlsplit

import aiohttp
import edge_tts
import edge_tts.communicate
import numpy as np
from edge_tts.exceptions import EdgeTTSException

from ..config import SpeechConfig
from ..errors import AudionewsError, EngineError
from ..ffmpeg import decode_to_pcm
from ..lexicon import Lexicon
from ..scriptconv import to_simplified
from ..textnorm import apply_replacements
from .base import WORKING_RATE, Deliver

# 100-ns ticks in the service's metadata
_TICKS_PER_SECOND = 10_000_000
# Built-in list for when the service cannot be asked (offline, or blocked).
BUILTIN_VOICES: tuple[tuple[str, str, str], ...] = (
    ("zh-CN-YunyangNeural", "Male", "news, professional"),
    ("zh-CN-XiaoxiaoNeural", "Female", "news, novel, warm"),
    ("zh-CN-YunxiNeural", "Male", "novel, lively"),
    ("zh-CN-YunjianNeural", "Male", "sports, passion"),
    ("zh-CN-XiaoyiNeural", "Female", "cartoon, lively"),
    ("zh-CN-YunxiaNeural", "Male", "cartoon, cute"),
    ("zh-CN-liaoning-XiaobeiNeural", "Female", "dialect, humorous"),
    ("zh-CN-shaanxi-XiaoniNeural", "Female", "dialect, bright"),
    ("zh-TW-HsiaoChenNeural", "Female", "general, friendly"),
    ("zh-TW-HsiaoYuNeural", "Female", "general, friendly"),
    ("zh-TW-YunJheNeural", "Male", "general, friendly"),
    ("zh-HK-HiuGaaiNeural", "Female", "general, friendly"),
    ("zh-HK-HiuMaanNeural", "Female", "general, friendly"),
    ("zh-HK-WanLungNeural", "Male", "general, friendly"),
)

RETRYABLE: tuple[type[BaseException], ...] = (
    EdgeTTSException,
    aiohttp.ClientError,
    asyncio.TimeoutError,
    ConnectionError,
    OSError,
)


class TruncatedAudio(EdgeTTSException):
    """The stream ended before the audio the service announced."""


def service_address() -> tuple[str, int]:
    url = urlsplit(edge_tts.communicate.WSS_URL)
    port = url.port or (443 if url.scheme == "wss" else 80)
    return url.hostname or "", port


def _probe(config: SpeechConfig) -> bool:
    host, port = service_address()
    try:
        with socket.create_connection((host, port), timeout=config.probe_timeout_s):
            return True
    except OSError:
        return False


async def _fetch(text: str, config: SpeechConfig) -> tuple[bytes, float]:
    """One request: (mp3 bytes, seconds of speech the service announced)."""
    communicate = edge_tts.Communicate(
        text,
        config.voice,
        rate=config.rate,
        pitch=config.pitch,
        volume=config.volume,
        boundary="SentenceBoundary",
    )
    audio = bytearray()
    announced = 0.0
    async for chunk in communicate.stream():
        if chunk["type"] == "audio":
            audio += chunk["data"]
        elif chunk["type"] in ("SentenceBoundary", "WordBoundary"):
            end = (chunk["offset"] + chunk["duration"]) / _TICKS_PER_SECOND
            announced = max(announced, end)
    return bytes(audio), announced


class EdgeEngine:
    """Microsoft Edge neural voices; needs the service (or the test suite's fake of it)."""

    name = "edge"
    available = staticmethod(_probe)  # the service's port answers

    @staticmethod
    def catalogue() -> tuple[list[tuple[str, str, str]], str]:
        live = asyncio.run(list_edge_voices())
        return list(live or BUILTIN_VOICES), "from the service" if live else "built in (service not reachable)"

    def __init__(self, config: SpeechConfig, lexicon: Lexicon, base_delay_s: float = 0.5) -> None:
        self.config = config
        self.voice = config.voice
        self.lexicon = lexicon
        self.base_delay_s = base_delay_s

    def identity(self) -> str:
        c = self.config
        return f"edge/{c.voice}/rate={c.rate}/pitch={c.pitch}/volume={c.volume}"

    def prepare(self, display_text: str) -> str:
        # The service normalises numbers itself; zh-CN voices read Simplified most reliably.
        text = display_text if self.config.voice.startswith(("zh-TW", "zh-HK")) else to_simplified(display_text)
        return apply_replacements(text, self.lexicon.replacements)

    def cache_extra(self, spoken: str) -> str:
        return ""  # pinyin entries cannot be sent: the service rejects custom SSML

    async def _one(self, text: str, gate: asyncio.Semaphore) -> np.ndarray:
        last: BaseException | None = None
        for attempt in range(self.config.retries + 1):
            if attempt:
                delay = self.base_delay_s * 2 ** (attempt - 1)
                await asyncio.sleep(delay * (0.5 + random.random()))
            try:
                async with gate:  # the slot is the service's: held while fetching, not while decoding
                    mp3, announced = await asyncio.wait_for(_fetch(text, self.config), self.config.timeout_s)
                # ffmpeg decodes in a thread so the other requests keep streaming meanwhile
                pcm = await asyncio.to_thread(decode_to_pcm, mp3, "mp3", WORKING_RATE)
                if announced and len(pcm) / WORKING_RATE < announced * 0.9:
                    raise TruncatedAudio(
                        f"got {len(pcm) / WORKING_RATE:.2f}s of audio, service announced {announced:.2f}s"
                    )
                return pcm
            except (*RETRYABLE, AudionewsError) as exc:  # AudionewsError: a corrupt stream
                last = exc
        kind = type(last).__name__ if last else "error"
        raise EngineError(
            f"edge voice failed after {self.config.retries + 1} attempts on {text[:24]!r}: {kind}: {last}"
        )

    async def _all(self, texts: Sequence[str], deliver: Deliver) -> None:
        gate = asyncio.Semaphore(self.config.concurrency)

        async def run(index: int, text: str) -> None:
            deliver(index, await self._one(text, gate))

        tasks = [asyncio.ensure_future(run(i, t)) for i, t in enumerate(texts)]
        try:
            await asyncio.gather(*tasks)
        except BaseException:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise

    def synthesize(self, texts: Sequence[str], deliver: Deliver) -> None:
        asyncio.run(self._all(texts, deliver))

    def close(self) -> None:
        pass


async def list_edge_voices(timeout_s: float = 5.0) -> list[tuple[str, str, str]] | None:
    """Mandarin voices from the service, or None when it cannot be reached."""
    try:
        voices = await asyncio.wait_for(edge_tts.list_voices(), timeout_s)
    except (*RETRYABLE, ValueError):
        return None
    return [
        (v["ShortName"], v.get("Gender", ""), ", ".join(v.get("VoiceTag", {}).get("VoicePersonalities", [])))
        for v in voices
        if v.get("Locale", "").startswith("zh-")
    ]
