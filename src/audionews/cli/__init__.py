"""`audionews`: build, fetch, update, clean, normalize, check, serve, voices. Errors are one line, never
a traceback.

Exit codes: 0 success; 1 some articles failed (the rest were published); 2 bad input or
configuration; 3 another build holds the lock; 4 no speech engine can run; 5 the feed folder
cannot be written (the previous feed is intact); 6 the broker does not answer or was lost
mid-build; 70 internal error; 130 interrupted.
"""

from __future__ import annotations

import argparse
import signal
from pathlib import Path
from types import FrameType

from rich.console import Console

from ..errors import AudionewsError, BrokerError, BuildLocked, EngineUnavailable, PublishError
from .exits import (
    EXIT_BROKER,
    EXIT_ENGINE,
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_LOCKED,
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_PUBLISH,
)
from .parser import make_parser

__all__ = [
    "EXIT_BROKER",
    "EXIT_ENGINE",
    "EXIT_INPUT",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_LOCKED",
    "EXIT_OK",
    "EXIT_PARTIAL",
    "EXIT_PUBLISH",
    "main",
    "make_parser",
]


def _terminate(signum: int, frame: FrameType | None) -> None:
    """SIGTERM stops us as Ctrl-C does. Inside asyncio.run (the edge voice, fetch) that is the
    runner's own SIGINT handler, which cancels its tasks before KeyboardInterrupt reaches us;
    raising straight from inside a task left it to be reported, with a traceback, at exit."""
    on_interrupt = signal.getsignal(signal.SIGINT)
    if callable(on_interrupt) and on_interrupt is not signal.default_int_handler:
        on_interrupt(signal.SIGINT, frame)
        return
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    out = Console(highlight=False, soft_wrap=True)
    err = Console(stderr=True, highlight=False, soft_wrap=True, quiet=False)
    signal.signal(signal.SIGTERM, _terminate)
    try:
        return args.func(args, out, err)
    except KeyboardInterrupt:
        err.print("interrupted: the previous feed is still intact; the next build resumes from the cache")
        return EXIT_INTERRUPTED
    except BuildLocked as exc:
        err.print(f"error: {exc}", markup=False)
        return EXIT_LOCKED
    except EngineUnavailable as exc:
        err.print(f"error: {exc}", markup=False)
        return EXIT_ENGINE
    except PublishError as exc:
        err.print(f"error: {exc}", markup=False)
        return EXIT_PUBLISH
    except BrokerError as exc:
        err.print(f"error: {exc}; the previous feed is intact, a rerun resumes from the cache", markup=False)
        return EXIT_BROKER
    except AudionewsError as exc:
        err.print(f"error: {exc}", markup=False)
        return EXIT_INPUT
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug of ours: one line on screen, the traceback in a file
        log = _crash_log(args, exc)
        err.print(
            f"internal error: {type(exc).__name__}: {(str(exc).splitlines() or [''])[0][:200]} (traceback in {log})",
            markup=False,
        )
        return EXIT_INTERNAL


def _crash_log(args: argparse.Namespace, exc: BaseException) -> str:
    import tempfile
    import traceback

    from ..fsutil import printable

    text = "".join(traceback.format_exception(exc))
    for folder in (Path(args.root) / ".cache" / "audionews", Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / "crash.log"
            path.write_text(text, encoding="utf-8", errors="backslashreplace")
            return printable(path)
        except OSError:
            continue
    return "nowhere: no folder was writable"
