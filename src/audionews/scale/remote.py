"""The build's side of a distributed build: `RemoteExecutor`, the executor seam (execute.py)
with speech and renders done by workers, and the store as the build and workers see it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from ..config import Config, ScaleConfig, SpeechConfig
from ..errors import AudionewsError, BrokerLost, ConfigError
from ..fsutil import atomic_write_bytes
from ..lexicon import Lexicon
from ..render import Rendered, RenderJob
from ..speech.base import Deliver, Engine
from ..speech.cache import ClipCache, speak_into_cache, utterance_keys
from ..wire import from_wire, to_wire
from .tasks import RENDER_QUEUE, SPEECH_QUEUE, RenderRequest, SpeakJob, celery_app, check_broker, collect
from .transfer import ClipRef, Transfer, clip_name


def store_url(config: Config) -> str:
    """`[scale] store` as every worker must see it: a relative folder is made absolute."""
    store = config.scale.store
    if not store or "://" in store:
        return store
    folder = config.path(store).resolve()
    if folder.is_relative_to(config.feed_dir.resolve()):  # workers never write into feed/
        raise ConfigError(config.source or "audionews.toml", "scale.store", f"{folder} is inside the feed folder")
    return str(folder)


class RemoteEngine:
    """The local engine's identity, text preparation and cache keys; its speech done by workers."""

    def __init__(self, local: Engine, speech: SpeechConfig, lexicon: Lexicon, scale: ScaleConfig, store: str) -> None:
        self.local = local
        self.name = local.name
        self.voice = local.voice
        self.speech = speech
        self.lexicon = lexicon
        self.scale = scale
        self.store = store
        self.transfer = Transfer(store)
        self.app = celery_app(scale.broker, scale.visibility_timeout_s)

    def identity(self) -> str:
        return self.local.identity()

    def prepare(self, display_text: str) -> str:
        return self.local.prepare(display_text)

    def cache_extra(self, spoken: str) -> str:
        return self.local.cache_extra(spoken)

    def job(self, texts: Sequence[str], keys: Sequence[str]) -> SpeakJob:
        # an online slot is held by one batch at most as long as a worker may hold the task
        lease = self.scale.visibility_timeout_s
        return SpeakJob(
            self.name, self.speech, self.lexicon, tuple(texts), tuple(keys), self.store, self.scale.online_slots, lease
        )

    def synthesize(self, texts: Sequence[str], deliver: Deliver) -> None:
        """Batches of `scale.batch` texts to the speech queue; each text delivered as its batch
        returns (in any order)."""
        keys = utterance_keys(self.local, texts)
        size = self.scale.batch
        batches = [list(range(i, min(i + size, len(texts)))) for i in range(0, len(texts), size)]
        try:
            pending = {
                self.app.send_task(
                    "audionews.speak",
                    args=[to_wire(self.job([texts[i] for i in batch], [keys[i] for i in batch]))],
                    queue=SPEECH_QUEUE,
                ): batch
                for batch in batches
            }
        except Exception as exc:
            raise BrokerLost(f"the broker was lost while sending sentences: {type(exc).__name__}: {exc}") from None
        for batch, refs in collect(self.app, pending, self.scale.timeout_s, "speak"):
            for index, ref in zip(batch, refs, strict=True):
                deliver(index, np.frombuffer(self.transfer.fetch(ref), dtype=np.int16))

    def close(self) -> None:
        self.local.close()


class RemoteRenderer:
    """Renders an episode on a worker of the `render` queue and writes what comes back into
    `out_dir` (the build's staging folder; each file complete or absent)."""

    def __init__(self, scale: ScaleConfig, store: str, cache: ClipCache, out_dir: Path) -> None:
        self.scale = scale
        self.store = store
        self.transfer = Transfer(store)
        self.cache = cache
        self.out_dir = out_dir
        self.app = celery_app(scale.broker, scale.visibility_timeout_s)

    def _clip(self, key: str) -> ClipRef:
        """A clip for the worker: by name when the store has it (or now gets it), else inline."""
        name = clip_name(key)
        if self.transfer.has(name):
            return self.transfer.reference(name)
        pcm = self.cache.get(key)
        if pcm is None:
            raise AudionewsError(f"clip {key[:12]} vanished from the cache during the build")
        return self.transfer.ship(name, pcm.tobytes())

    def __call__(self, job: RenderJob) -> Rendered:
        request = RenderRequest(job, tuple(self._clip(key) for key in job.keys), self.store)
        try:
            # a render not started within timeout_s belongs to a build that has given up on it
            task = self.app.send_task(
                "audionews.render", args=[to_wire(request)], queue=RENDER_QUEUE, expires=self.scale.timeout_s
            )
        except Exception as exc:
            raise BrokerLost(f"the broker was lost while sending a render: {type(exc).__name__}: {exc}") from None
        [(_, answer)] = list(collect(self.app, {task: None}, self.scale.timeout_s, "render"))
        for name, ref in answer["files"].items():  # the MP3 first, as a local render writes them
            atomic_write_bytes(self.out_dir / name, self.transfer.fetch(ref))
        self.transfer.remove(answer["folder"])
        return from_wire(Rendered, answer["rendered"])


class RemoteExecutor:
    """The executor seam on Celery workers: keys and planning stay with the local engine."""

    speaks_ahead = True  # a round trip to the workers costs more than a sentence: one fan-out

    def __init__(
        self, engine: Engine, speech: SpeechConfig, lexicon: Lexicon, config: Config, cache: ClipCache, staging: Path
    ) -> None:
        check_broker(config.scale.broker)
        store = store_url(config)
        self.engine = engine
        self.cache = cache
        self.in_flight = config.scale.episodes_in_flight
        self.remote = RemoteEngine(engine, speech, lexicon, config.scale, store)
        self.renderer = RemoteRenderer(config.scale, store, cache, staging)

    def speak(self, wanted: dict[str, str], on_clip: Callable[[], None]) -> None:
        speak_into_cache(self.remote, self.cache, wanted, on_clip)

    def render(self, job: RenderJob) -> Rendered:
        return self.renderer(job)

    def close(self) -> None:
        self.engine.close()
