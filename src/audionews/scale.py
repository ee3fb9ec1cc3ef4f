"""Past one machine: a build fanned out over Celery workers, Redis as broker and result backend.

The build plans, keys and publishes locally exactly as without a broker. Two things go out:
- the sentences missing from the clip cache, in batches on the `speech` queue (`RemoteEngine`
  has the local engine's identity, text preparation and cache keys, so the clip cache is the
  same contract either way; each worker process loads its own engine once);
- each episode's render (assemble, master, tag, side files) on the `render` queue: a
  `RenderJob` as JSON, rendered into the worker's own temporary folder; the build writes the
  files it gets back into `feed/`, so workers never touch it.

Clips and rendered files travel in the task messages (base64), or, with `[scale] store`, through
a shared store that the build and every worker can reach: a directory on shared storage or any
fsspec URL (s3:// on MinIO or S3 with s3fs installed). Tasks are acknowledged late: a worker
killed mid-task leaves its task to be delivered again (after `[scale] visibility_timeout_s`).
Batches that call an online voice take one of `[scale] online_slots` Redis leases first, so the
service sees that many at once across all workers (Celery's rate limits count per worker).
"""

from __future__ import annotations

import base64
import contextlib
import json
import posixpath
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from .config import Config, ScaleConfig, SpeechConfig
from .errors import AudionewsError, BrokerLost, BrokerUnavailable, ConfigError, EngineError
from .fsutil import atomic_write_bytes
from .lexicon import Lexicon
from .render import Rendered, RenderJob, render_files
from .speech.base import Deliver, Engine, create_engine
from .speech.cache import ClipCache, utterance_keys
from .speech.engines import engine_entry
from .wire import from_wire, to_wire

SPEECH_QUEUE = "speech"
RENDER_QUEUE = "render"
SLOTS_KEY = "audionews:online-slots:"


def celery_app(broker: str, visibility_timeout_s: float = 3600) -> Any:
    from celery import Celery

    app = Celery("audionews", broker=broker, backend=broker)
    app.conf.update(
        task_serializer="json",  # never pickle: whoever can write to Redis must not run code on workers
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
    app.task(name="audionews.render")(render_task)
    return app


class Transfer:
    """How bytes travel between the build and its workers: inline in the task messages (base64)
    when `store` is empty, else through the shared store under a name (a reference travels)."""

    def __init__(self, store: str) -> None:
        self.fs: Any = None
        self.local = False
        if store:
            import fsspec
            from fsspec.implementations.local import LocalFileSystem

            self.fs, self.root = fsspec.core.url_to_fs(store)
            self.local = isinstance(self.fs, LocalFileSystem)

    def _path(self, name: str) -> str:
        return posixpath.join(self.root, name)

    def has(self, name: str) -> bool:
        return self.fs is not None and self.fs.exists(self._path(name))

    def ship(self, name: str, data: bytes) -> dict[str, str]:
        if self.fs is None:
            return {"b64": base64.b64encode(data).decode("ascii")}
        path = self._path(name)
        if self.local:  # complete or absent for every reader: written aside, then renamed
            self.fs.makedirs(posixpath.dirname(path), exist_ok=True)
            aside = f"{path}.{uuid.uuid4().hex}.tmp"
            self.fs.pipe_file(aside, data)
            self.fs.mv(aside, path)
        else:  # an object store's put is atomic
            self.fs.pipe_file(path, data)
        return {"at": name}

    def reference(self, name: str) -> dict[str, str]:
        return {"at": name}

    def fetch(self, ref: dict[str, str]) -> bytes:
        if "b64" in ref:
            return base64.b64decode(ref["b64"])
        if self.fs is None:
            raise AudionewsError(f"a worker used the store {ref['at']!r}, but this build has no [scale] store")
        return bytes(self.fs.cat_file(self._path(ref["at"])))

    def remove(self, name: str) -> None:
        if self.fs is not None and self.fs.exists(self._path(name)):
            self.fs.rm(self._path(name), recursive=True)


def clip_name(key: str) -> str:
    """A clip's name in the store: the clip cache's own layout, so a shared cache folder serves."""
    return f"clips/{key[:2]}/{key}.pcm"


class SharedSlots:
    """At most `limit` holders at once across every worker: a Redis sorted set of leases
    (token -> when taken, by the Redis clock). A lease older than `lease_s` belongs to a worker
    that died holding it and is dropped."""

    def __init__(self, client: Any, name: str, limit: int, lease_s: float) -> None:
        self.client, self.key, self.limit, self.lease_s = client, SLOTS_KEY + name, limit, lease_s

    @contextlib.contextmanager
    def held(self, poll_s: float = 0.1) -> Iterator[None]:
        token = uuid.uuid4().hex
        take = self.client.register_script(_TAKE_SLOT)
        while not take(keys=[self.key], args=[token, self.limit, self.lease_s]):
            time.sleep(poll_s * (1 + uuid.uuid4().int % 100 / 100))  # jitter: waiters do not move in step
        try:
            yield
        finally:
            self.client.zrem(self.key, token)


# One atomic step on the Redis server (a script runs alone): drop dead leases, then take a slot
# if one is free. Reading the count and adding in two steps would let two waiters both take it.
_TAKE_SLOT = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[3]))
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now, ARGV[1])
  return 1
end
return 0
"""


_ENGINES: dict[str, Engine] = {}  # one engine per worker process and setting


def _engine(engine_name: str, speech: dict[str, Any], lexicon: dict[str, Any]) -> Engine:
    key = json.dumps([engine_name, speech, lexicon], sort_keys=True, ensure_ascii=False)
    if key not in _ENGINES:
        lex = Lexicon(lexicon["replacements"], {w: tuple(p) for w, p in lexicon["pinyin"].items()}, lexicon["latin"])
        _ENGINES[key] = create_engine(engine_name, SpeechConfig(**speech), lex)
    return _ENGINES[key]


@contextlib.contextmanager
def _online_slot(engine_name: str, broker: str, slots: int, lease_s: float) -> Iterator[None]:
    if not engine_entry(engine_name).online or slots <= 0:
        yield
        return
    import redis

    with SharedSlots(redis.Redis.from_url(broker), engine_name, slots, lease_s).held():
        yield


def _speak_task(task: Any, *args: Any) -> list[dict[str, str]]:
    return speak_batch(*args, broker=task.app.conf.broker_url)  # the Redis this worker serves


def speak_batch(
    engine_name: str,
    speech: dict[str, Any],
    lexicon: dict[str, Any],
    texts: list[str],
    keys: list[str],
    store: str = "",
    slots: int = 0,
    lease_s: float = 900.0,
    *,
    broker: str = "",
) -> list[dict[str, str]]:
    """A worker's speech task: speak `texts` (cache keys `keys`) with the named engine, loaded
    once per process; each clip as int16 PCM at the working rate, in the order given. With a
    store, a clip already there (another build's) is not spoken again."""
    transfer = Transfer(store)
    refs: list[dict[str, str]] = [{}] * len(texts)
    todo = []
    for index, key in enumerate(keys):
        if transfer.has(clip_name(key)):
            refs[index] = transfer.reference(clip_name(key))
        else:
            todo.append(index)

    def deliver(position: int, pcm: np.ndarray) -> None:
        index = todo[position]
        refs[index] = transfer.ship(clip_name(keys[index]), pcm.astype(np.int16).tobytes())

    if todo:
        engine = _engine(engine_name, speech, lexicon)
        with _online_slot(engine_name, broker, slots, lease_s):
            engine.synthesize([texts[i] for i in todo], deliver)
    return refs


def render_task(job: dict[str, Any], clips: list[dict[str, str]], store: str = "") -> dict[str, Any]:
    """A worker's render task: the episode rendered into a temporary folder of the worker's own;
    its files go back to the build (which alone writes `feed/`)."""
    render = from_wire(RenderJob, job)
    transfer = Transfer(store)
    pcm = [np.frombuffer(transfer.fetch(ref), dtype=np.int16) for ref in clips]
    with tempfile.TemporaryDirectory(prefix="audionews-render-") as folder:
        rendered = render_files(render, pcm, Path(folder))
        batch = f"renders/{uuid.uuid4().hex}"
        files = {
            name: transfer.ship(f"{batch}/{name}", (Path(folder) / name).read_bytes())
            for name in render.episode.files.rendered
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


def _collect(app: Any, pending: dict[Any, Any], timeout_s: float, what: str) -> Iterator[tuple[Any, Any]]:
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

    def synthesize(self, texts: Sequence[str], deliver: Deliver) -> None:
        """Batches of `scale.batch` texts to the speech queue; each text delivered as its batch
        returns (in any order)."""
        lex = self.lexicon
        lexicon = {"replacements": lex.replacements, "pinyin": lex.pinyin, "latin": lex.latin}
        keys = utterance_keys(self.local, texts)
        size = self.scale.batch
        batches = [list(range(i, min(i + size, len(texts)))) for i in range(0, len(texts), size)]
        try:
            pending = {
                self.app.send_task(
                    "audionews.speak",
                    args=[
                        self.name,
                        asdict(self.speech),
                        lexicon,
                        [texts[i] for i in batch],
                        [keys[i] for i in batch],
                        self.store,
                        self.scale.online_slots,
                        self.scale.timeout_s,
                    ],
                    queue=SPEECH_QUEUE,
                ): batch
                for batch in batches
            }
        except Exception as exc:
            raise BrokerLost(f"the broker was lost while sending sentences: {type(exc).__name__}: {exc}") from None
        for batch, refs in _collect(self.app, pending, self.scale.timeout_s, "speak"):
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

    def _clip(self, key: str) -> dict[str, str]:
        """A clip for the worker: by name when the store has it (or now gets it), else inline."""
        name = clip_name(key)
        if self.transfer.has(name):
            return self.transfer.reference(name)
        pcm = self.cache.get(key)
        if pcm is None:
            raise AudionewsError(f"clip {key[:12]} vanished from the cache during the build")
        return self.transfer.ship(name, pcm.tobytes())

    def __call__(self, job: RenderJob) -> Rendered:
        clips = [self._clip(key) for key in job.keys]
        try:
            # a render not started within timeout_s belongs to a build that has given up on it
            task = self.app.send_task(
                "audionews.render",
                args=[to_wire(job), clips, self.store],
                queue=RENDER_QUEUE,
                expires=self.scale.timeout_s,
            )
        except Exception as exc:
            raise BrokerLost(f"the broker was lost while sending a render: {type(exc).__name__}: {exc}") from None
        [(_, answer)] = list(_collect(self.app, {task: None}, self.scale.timeout_s, "render"))
        for name, ref in answer["files"].items():  # the MP3 first, as a local render writes them
            atomic_write_bytes(self.out_dir / name, self.transfer.fetch(ref))
        self.transfer.remove(answer["folder"])
        return from_wire(Rendered, answer["rendered"])


def run_worker(config: Config, queues: str, concurrency: int) -> None:
    """`audionews worker`: a Celery prefork worker; each process loads its engine once, and
    renders with this machine's ffmpeg (`audio.ffmpeg` of the worker's own configuration)."""
    from .ffmpeg import use_ffmpeg

    check_broker(config.scale.broker)
    use_ffmpeg(config.audio.ffmpeg, config.source or config.root / "audionews.toml")
    app = celery_app(config.scale.broker, config.scale.visibility_timeout_s)
    app.worker_main(
        ["worker", "--queues", queues, "--concurrency", str(concurrency), "--pool", "prefork", "--loglevel", "WARNING"]
    )
