"""Past one machine: a build fanned out over Celery workers, Redis as broker and result backend.

The build plans, keys and publishes locally exactly as without a broker (plan.py, execute.py):
`RemoteExecutor` is the same executor seam with two things sent out:
- the sentences missing from the clip cache, in batches on the `speech` queue (`RemoteEngine`
  has the local engine's identity, text preparation and cache keys, so the clip cache is the
  same contract either way; each worker process loads its own engine once);
- each episode's render (assemble, master, tag, side files) on the `render` queue, rendered
  into the worker's own temporary folder; the build writes the files it gets back into its
  staging folder, so workers never touch `feed/`.

Clips and rendered files travel in the task messages (base64), or, with `[scale] store`, through
a shared store (transfer.py). Tasks are acknowledged late: a worker killed mid-task leaves its
task to be delivered again after `[scale] visibility_timeout_s` (tasks are idempotent, so a
short timeout costs at most a duplicate). Batches that call an online voice take one of
`[scale] online_slots` Redis leases first (slots.py).
"""

from .remote import RemoteEngine, RemoteExecutor, RemoteRenderer, store_url
from .slots import SharedSlots
from .tasks import (
    RENDER_QUEUE,
    SPEECH_QUEUE,
    RenderRequest,
    SpeakJob,
    celery_app,
    check_broker,
    render_request,
    run_worker,
    speak_batch,
)
from .transfer import Transfer, clip_name

__all__ = [
    "RENDER_QUEUE",
    "SPEECH_QUEUE",
    "RemoteEngine",
    "RemoteExecutor",
    "RemoteRenderer",
    "RenderRequest",
    "SharedSlots",
    "SpeakJob",
    "Transfer",
    "celery_app",
    "check_broker",
    "clip_name",
    "render_request",
    "run_worker",
    "speak_batch",
    "store_url",
]
