"""Past one machine: the sentences a build lacks are spoken by Celery workers (Redis as broker
and result backend), in batches on the `speech` queue.

The build plans, keys, renders and publishes locally exactly as without a broker; only
`Engine.synthesize` goes out: `RemoteEngine` wraps the engine the build would have used (its
identity, prepared text and cache keys are the local engine's, so the clip cache is the same
contract either way) and sends the texts to workers, each of which loads its own engine once
per process. Clips come back in the task results (base64 PCM), so workers need no shared disk
and never touch `feed/`. Tasks are acknowledged late: a worker killed mid-task leaves its task
to be delivered again (after `[scale] visibility_timeout_s`).
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

import numpy as np

from .config import ScaleConfig, SpeechConfig
from .errors import AudionewsError, BrokerLost, BrokerUnavailable, EngineError
from .lexicon import Lexicon
from .speech.base import Deliver, Engine, create_engine

SPEECH_QUEUE = "speech"


def celery_app(broker: str, visibility_timeout_s: float = 3600) -> Any:
    from celery import Celery

    app = Celery("audionews", broker=broker, backend=broker)
    app.conf.update(
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        task_acks_late=True,  # a task is done when its clips are returned, not when it is taken
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,  # a worker holds one batch at a time
        broker_transport_options={"visibility_timeout": visibility_timeout_s},
        result_backend_transport_options={"visibility_timeout": visibility_timeout_s},
        broker_connection_retry_on_startup=False,
        broker_connection_max_retries=2,
        result_expires=3600,
        task_default_queue=SPEECH_QUEUE,
        worker_hijack_root_logger=False,
    )
    app.task(name="audionews.speak", bind=False)(speak_batch)
    return app


_ENGINES: dict[str, Engine] = {}  # one engine per worker process and setting


def speak_batch(engine_name: str, speech: dict[str, Any], lexicon: dict[str, Any], texts: list[str]) -> list[str]:
    """A worker's task: speak `texts` with the named engine, loaded once per process; each clip
    as base64 int16 PCM at the working rate, in the order given."""
    key = json.dumps([engine_name, speech, lexicon], sort_keys=True, ensure_ascii=False)
    if key not in _ENGINES:
        lex = Lexicon(lexicon["replacements"], {w: tuple(p) for w, p in lexicon["pinyin"].items()}, lexicon["latin"])
        _ENGINES[key] = create_engine(engine_name, SpeechConfig(**speech), lex)
    clips: list[str] = [""] * len(texts)

    def deliver(index: int, pcm: np.ndarray) -> None:
        clips[index] = base64.b64encode(pcm.astype(np.int16).tobytes()).decode("ascii")

    _ENGINES[key].synthesize(texts, deliver)
    return clips


def check_broker(broker: str) -> None:
    """A one-line error before anything is planned when the broker does not answer."""
    try:
        import celery  # noqa: F401
        import redis
    except ImportError:
        raise BrokerUnavailable("--broker needs the scale extra (Celery, Redis): pip install -e '.[scale]'") from None

    try:
        redis.Redis.from_url(broker, socket_connect_timeout=3, socket_timeout=3).ping()
    except (redis.RedisError, OSError, ValueError) as exc:
        raise BrokerUnavailable(f"broker {broker} does not answer ({type(exc).__name__}: {exc})") from None


class RemoteEngine:
    """The local engine's identity, text preparation and cache keys; its speech done by workers."""

    def __init__(self, local: Engine, speech: SpeechConfig, lexicon: Lexicon, scale: ScaleConfig) -> None:
        self.local = local
        self.name = local.name
        self.voice = local.voice
        self.speech = speech
        self.lexicon = lexicon
        self.scale = scale
        self.app = celery_app(scale.broker, scale.visibility_timeout_s)

    def identity(self) -> str:
        return self.local.identity()

    def prepare(self, display_text: str) -> str:
        return self.local.prepare(display_text)

    def cache_extra(self, spoken: str) -> str:
        return self.local.cache_extra(spoken)

    def synthesize(self, texts: Sequence[str], deliver: Deliver) -> None:
        """Batches of `scale.batch` texts to the speech queue; each text delivered as its batch
        returns (in any order)."""
        lex = self.lexicon
        lexicon = {"replacements": lex.replacements, "pinyin": lex.pinyin, "latin": lex.latin}
        size = self.scale.batch
        batches = [list(range(i, min(i + size, len(texts)))) for i in range(0, len(texts), size)]
        try:
            pending = {
                self.app.send_task(
                    "audionews.speak",
                    args=[self.name, asdict(self.speech), lexicon, [texts[i] for i in batch]],
                    queue=SPEECH_QUEUE,
                ): batch
                for batch in batches
            }
            deadline = time.monotonic() + self.scale.timeout_s
            while pending:
                done = [r for r in pending if r.ready()]
                if not done:
                    if time.monotonic() > deadline:
                        raise BrokerLost(f"no worker answered within scale.timeout_s ({self.scale.timeout_s:.0f} s)")
                    time.sleep(0.2)
                    continue
                for result in done:
                    batch = pending.pop(result)
                    if result.failed():  # the engine failed on a worker: those articles fail, as locally
                        raise EngineError(f"a worker could not speak: {result.result}")
                    clips = result.get(timeout=30)
                    for index, clip in zip(batch, clips, strict=True):
                        deliver(index, np.frombuffer(base64.b64decode(clip), dtype=np.int16))
                    result.forget()
                deadline = time.monotonic() + self.scale.timeout_s
        except AudionewsError:
            raise
        except Exception as exc:  # redis, kombu and celery errors: the broker or a worker failed
            raise BrokerLost(f"distributed speech failed: {type(exc).__name__}: {exc}") from None

    def close(self) -> None:
        self.local.close()


def run_worker(scale: ScaleConfig, queues: str, concurrency: int) -> None:
    """`audionews worker`: a Celery prefork worker; each process loads its engine once."""
    check_broker(scale.broker)
    app = celery_app(scale.broker, scale.visibility_timeout_s)
    app.worker_main(
        ["worker", "--queues", queues, "--concurrency", str(concurrency), "--pool", "prefork", "--loglevel", "WARNING"]
    )
