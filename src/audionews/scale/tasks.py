"""The Celery side: the app, the two tasks as workers run them, and waiting for their results.

Tasks carry one value each, `SpeakJob` or `RenderRequest`, as JSON through `wire.py` (never a
pickle: whoever can write to Redis must not run code on workers), so no argument is matched by
position.
"""

from __future__ import annotations

import contextlib
import json
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..config import Config, SpeechConfig
from ..errors import AudionewsError, BrokerLost, BrokerUnavailable, EngineError
from ..lexicon import Lexicon
from ..render import RenderJob, render_files
from ..speech.base import Engine, create_engine
from ..speech.engines import engine_entry
from ..wire import from_wire, to_wire
from .slots import SharedSlots
from .transfer import ClipRef, Transfer, clip_name

SPEECH_QUEUE = "speech"
RENDER_QUEUE = "render"


@dataclass(frozen=True)
class SpeakJob:
    """One batch of sentences for a worker to speak (the `audionews.speak` task)."""

    engine: str
    speech: SpeechConfig
    lexicon: Lexicon
    texts: tuple[str, ...]
    keys: tuple[str, ...]  # each text's clip key (the build's engine identity)
    store: str = ""
    online_slots: int = 0  # batches calling an online voice at once, across workers (0: no limit)
    lease_s: float = 120.0  # an online slot held longer than this belongs to a dead worker


@dataclass(frozen=True)
class RenderRequest:
    """One episode for a worker to render (the `audionews.render` task)."""

    job: RenderJob
    clips: tuple[ClipRef, ...]  # in the plan's utterance order
    store: str = ""


def celery_app(broker: str, visibility_timeout_s: float) -> Any:
    from celery import Celery

    app = Celery("audionews", broker=broker, backend=broker)
    app.conf.update(
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        task_acks_late=True,  # a task is done when its result is stored, not when it is taken
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,  # a worker holds one task at a time
        broker_transport_options={
            "visibility_timeout": visibility_timeout_s,
            # kombu looks for tasks of dead workers every interval x throttle seconds (100 by
            # default): sweep a few times per visibility timeout instead, with one cheap scan each
            "unacked_restore_interval": max(1.0, min(10.0, visibility_timeout_s / 4)),
            "unacked_restore_throttle": 1,
        },
        result_backend_transport_options={"visibility_timeout": visibility_timeout_s},
        broker_connection_retry_on_startup=False,
        broker_connection_max_retries=2,
        result_expires=3600,
        task_default_queue=SPEECH_QUEUE,
        worker_hijack_root_logger=False,
    )
    app.task(name="audionews.speak", bind=True)(_speak_task)
    app.task(name="audionews.render")(_render_task)
    return app


_ENGINES: dict[str, Engine] = {}  # one engine per worker process and setting


def _engine(job: SpeakJob) -> Engine:
    key = json.dumps([job.engine, to_wire(job.speech), to_wire(job.lexicon)], sort_keys=True, ensure_ascii=False)
    if key not in _ENGINES:
        _ENGINES[key] = create_engine(job.engine, job.speech, job.lexicon)
    return _ENGINES[key]


@contextlib.contextmanager
def _online_slot(job: SpeakJob, broker: str) -> Iterator[None]:
    if not engine_entry(job.engine).online or job.online_slots <= 0:
        yield
        return
    import redis

    with SharedSlots(redis.Redis.from_url(broker), job.engine, job.online_slots, job.lease_s).held():
        yield


def _speak_task(task: Any, job: dict[str, Any]) -> list[ClipRef]:
    return speak_batch(from_wire(SpeakJob, job), broker=task.app.conf.broker_url)  # the Redis this worker serves


def speak_batch(job: SpeakJob, broker: str = "") -> list[ClipRef]:
    """A worker's speech task: each clip as int16 PCM at the working rate, in the order given.
    With a store, a clip already there (another build's) is not spoken again."""
    transfer = Transfer(job.store)
    refs: list[ClipRef] = [{}] * len(job.texts)
    todo = []
    for index, key in enumerate(job.keys):
        if transfer.has(clip_name(key)):
            refs[index] = transfer.reference(clip_name(key))
        else:
            todo.append(index)

    def deliver(position: int, pcm: np.ndarray) -> None:
        index = todo[position]
        refs[index] = transfer.ship(clip_name(job.keys[index]), pcm.astype(np.int16).tobytes())

    if todo:
        engine = _engine(job)
        with _online_slot(job, broker):
            engine.synthesize([job.texts[i] for i in todo], deliver)
    return refs


def _render_task(request: dict[str, Any]) -> dict[str, Any]:
    return render_request(from_wire(RenderRequest, request))


def render_request(request: RenderRequest) -> dict[str, Any]:
    """A worker's render task: the episode rendered into a temporary folder of the worker's own;
    its files go back to the build (which alone writes `feed/`)."""
    transfer = Transfer(request.store)
    pcm = [np.frombuffer(transfer.fetch(ref), dtype=np.int16) for ref in request.clips]
    job = request.job
    with tempfile.TemporaryDirectory(prefix="audionews-render-") as folder:
        rendered = render_files(job, pcm, Path(folder))
        batch = f"renders/{uuid.uuid4().hex}"
        files = {
            name: transfer.ship(f"{batch}/{name}", (Path(folder) / name).read_bytes())
            for name in job.episode.files.rendered
        }
    return {"rendered": to_wire(rendered), "files": files, "folder": batch}


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


def collect(app: Any, pending: dict[Any, Any], timeout_s: float, what: str) -> Iterator[tuple[Any, Any]]:
    """(tag, result) for each task as it finishes, in any order. A task that failed on its worker
    is an EngineError once the others are in (their work is kept; those articles fail, as they
    would locally); no task finishing within `timeout_s` (no worker, or all of them gone) and
    any broker error are BrokerLost."""
    sent = list(pending)
    failure = ""
    try:
        deadline = time.monotonic() + timeout_s
        while pending:
            done = [r for r in pending if r.ready()]
            if not done:
                if time.monotonic() > deadline:
                    _revoke(app, list(pending))
                    raise BrokerLost(f"no worker answered within scale.timeout_s ({timeout_s:.0f} s)")
                time.sleep(0.1)
                continue
            for result in done:
                tag = pending.pop(result)
                if result.failed():
                    failure = failure or f"a worker could not {what}: {result.result}"
                    result.forget()
                    continue
                value = result.get(timeout=30)
                result.forget()
                yield tag, value
            deadline = time.monotonic() + timeout_s
    except AudionewsError:
        _abandon(sent)
        raise
    except Exception as exc:  # redis, kombu and celery errors: the broker is gone
        _abandon(sent)
        raise BrokerLost(f"the broker was lost waiting for workers to {what}: {type(exc).__name__}: {exc}") from None
    if failure:
        raise EngineError(failure)


def _revoke(app: Any, results: list[Any]) -> None:
    """Tasks of a build that gives up: the workers that are up drop them instead of doing them."""
    with contextlib.suppress(Exception):  # best effort: the build is stopping either way
        app.control.revoke([r.id for r in results])


def _abandon(results: list[Any]) -> None:
    """Results never asked about again: nothing may ask a lost broker about them at exit."""
    for result in results:
        result.backend = None


def run_worker(config: Config, queues: str, concurrency: int) -> None:
    """`audionews worker`: a Celery prefork worker; each process loads its engine once, and
    renders with this machine's ffmpeg (`audio.ffmpeg` of the worker's own configuration)."""
    from ..ffmpeg import use_ffmpeg

    check_broker(config.scale.broker)
    use_ffmpeg(config.audio.ffmpeg, config.source or config.root / "audionews.toml")
    app = celery_app(config.scale.broker, config.scale.visibility_timeout_s)
    app.worker_main(
        ["worker", "--queues", queues, "--concurrency", str(concurrency), "--pool", "prefork", "--loglevel", "WARNING"]
    )
