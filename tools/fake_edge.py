"""A local fake of Microsoft's edge speech service: the real WebSocket protocol, real MP3.

It answers `speech.config` + `ssml` with turn.start, response, a SentenceBoundary metadata
message, binary audio frames (2-byte big-endian header length, headers, MP3 bytes), an empty
final frame and turn.end. Faults are injected per connection: a queue of named faults is
consumed first, then each connection fails with `drop_rate` probability.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import subprocess
import threading
import uuid
from email.utils import formatdate
from time import time

from aiohttp import web

from audionews.ffmpeg import ffmpeg_exe

SECONDS_PER_CHAR = 0.2
FRAME_BYTES = 144  # MPEG-2 layer III, 24 kHz, 48 kbit/s, no padding: one frame = 24 ms
FRAME_SECONDS = 0.024
FAULTS = ("403", "429", "503", "noaudio", "stall", "cut", "drop", "garbage")


def make_tone_mp3(seconds: float = 30.0) -> bytes:
    """A speech-band tone as edge-tts would deliver it: 24 kHz mono MP3 at 48 kbit/s, no Xing."""
    proc = subprocess.run(
        [
            ffmpeg_exe(),
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency=220:sample_rate=24000:duration={seconds}",
            "-ac",
            "1",
            "-c:a",
            "libmp3lame",
            "-b:a",
            "48k",
            "-write_xing",
            "0",
            "-id3v2_version",
            "0",
            "-f",
            "mp3",
            "-",
        ],
        capture_output=True,
        check=True,
    )
    return proc.stdout


class FakeEdgeService:
    def __init__(
        self, faults: list[str] | None = None, drop_rate: float = 0.0, latency_s: float = 0.0, seed: int = 1
    ) -> None:
        self.faults = list(faults or [])
        self.drop_rate = drop_rate
        self.latency_s = latency_s
        self.random = random.Random(seed)
        self.connections = 0
        self.concurrent = 0
        self.max_concurrent = 0
        self.texts: list[str] = []
        self.served: list[str] = []
        self.tone = make_tone_mp3()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.port = 0
        self._stop = asyncio.Event()

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/consumer/speech/synthesize/readaloud/edge/v1?TrustedClientToken=fake"

    # --- lifecycle ---------------------------------------------------------------------
    def __enter__(self) -> FakeEdgeService:
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self.loop).result(10)
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self._shutdown(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)

    async def _start(self) -> None:
        app = web.Application()
        app.router.add_get("/consumer/speech/synthesize/readaloud/edge/v1", self._handle)
        self.runner = web.AppRunner(app, shutdown_timeout=0.5)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def _shutdown(self) -> None:
        self._stop.set()
        await self.runner.cleanup()

    # --- protocol ----------------------------------------------------------------------
    def _next_fault(self) -> str | None:
        if self.faults:
            fault = self.faults.pop(0)
            return None if fault == "ok" else fault
        if self.drop_rate and self.random.random() < self.drop_rate:
            return self.random.choice(["429", "503", "noaudio", "cut", "drop"])
        return None

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        self.connections += 1
        fault = self._next_fault()
        if fault == "403":
            skewed = formatdate(time() + 3600, usegmt=True)
            return web.Response(status=403, headers={"Date": skewed})
        if fault in ("429", "503"):
            return web.Response(status=int(fault))
        if fault == "drop":
            request.transport.close()  # type: ignore[union-attr]
            return web.Response(status=500)
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.concurrent += 1
        self.max_concurrent = max(self.max_concurrent, self.concurrent)
        try:
            await self._speak(ws, fault)
        finally:
            self.concurrent -= 1
        return ws

    async def _speak(self, ws: web.WebSocketResponse, fault: str | None) -> None:
        text = ""
        async for msg in ws:
            if msg.type.name != "TEXT":
                continue
            if "Path:ssml" in msg.data:
                body = msg.data.split("\r\n\r\n", 1)[1]
                text = re.sub(r"<[^>]+>", "", body).strip()
                break
        self.texts.append(text)
        request_id = uuid.uuid4().hex
        if self.latency_s:
            await asyncio.sleep(self.latency_s)
        await ws.send_str(self._text_message(request_id, "turn.start", {"context": {"serviceTag": "fake"}}))
        if fault == "stall":
            await self._stop.wait()
            return
        await ws.send_str(self._text_message(request_id, "response", {"audio": {"type": "inline"}}))
        if fault == "noaudio":
            await ws.send_str(self._text_message(request_id, "turn.end", {}))
            await ws.close()
            return
        seconds = max(0.5, len(text) * SECONDS_PER_CHAR)
        frames = round(seconds / FRAME_SECONDS)
        meta = {
            "Metadata": [
                {
                    "Type": "SentenceBoundary",
                    "Data": {
                        "Offset": 1_000_000,
                        "Duration": round((seconds - 0.1) * 10_000_000),
                        "text": {"Text": text, "Length": len(text), "BoundaryType": "SentenceBoundary"},
                    },
                }
            ]
        }
        await ws.send_str(self._text_message(request_id, "audio.metadata", meta))
        audio = self.tone[: frames * FRAME_BYTES]
        if fault == "garbage":
            audio = bytes(self.random.randrange(256) for _ in range(len(audio)))
        if fault == "cut":
            audio = audio[: len(audio) // 3]
        for start in range(0, len(audio), 4096):
            await ws.send_bytes(self._audio_message(request_id, audio[start : start + 4096]))
        if fault == "cut":
            await ws.close()  # mid-stream, no end frame, no turn.end
            return
        await ws.send_bytes(self._audio_message(request_id, b""))
        await ws.send_str(self._text_message(request_id, "turn.end", {}))
        self.served.append(text)
        await ws.close()

    @staticmethod
    def _text_message(request_id: str, path: str, body: dict) -> str:
        return (
            f"X-RequestId:{request_id}\r\nContent-Type:application/json; charset=utf-8\r\n"
            f"Path:{path}\r\n\r\n{json.dumps(body)}"
        )

    @staticmethod
    def _audio_message(request_id: str, data: bytes) -> bytes:
        content_type = "Content-Type:audio/mpeg\r\n" if data else ""
        header = f"X-RequestId:{request_id}\r\n{content_type}Path:audio\r\n".encode()
        return len(header).to_bytes(2, "big") + header + data
