"""What a build says about failures: one line on screen, the traceback in `build.log`."""

from __future__ import annotations

import traceback
from datetime import UTC, datetime
from pathlib import Path

from .errors import ArticleError, AudionewsError
from .fsutil import printable


class BuildLog:
    """`build.log` in the cache folder: the traceback behind every one-line failure on screen.

    Writing it never fails a build: on a full disk the one-line reasons are all there is."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._write("w", f"audionews build at {datetime.now(UTC).isoformat(timespec='seconds')}\n")

    def _write(self, mode: str, text: str) -> None:
        try:
            with self.path.open(mode, encoding="utf-8", errors="backslashreplace") as log:
                log.write(text)
        except OSError:
            pass

    def line(self, text: str) -> None:
        self._write("a", f"{text}\n")

    def failure(self, source: Path, exc: BaseException) -> None:
        self._write("a", f"\n{printable(source)}:\n{''.join(traceback.format_exception(exc))}")

    def reason(self, path: Path, exc: Exception) -> str:
        """One line for the screen; anything unforeseen also goes, with its traceback, to the log."""
        if isinstance(exc, ArticleError):
            return str(exc)
        if isinstance(exc, AudionewsError):
            return f"{printable(path)}: {exc}"
        self.failure(path, exc)
        if isinstance(exc, OSError):
            where = f" ({printable(exc.filename)})" if exc.filename else ""
            return f"{printable(path)}: {exc.strerror or exc}{where}"
        first = (str(exc).splitlines() or [""])[0][:160]
        return f"{printable(path)}: internal error {type(exc).__name__}: {first} (traceback in {printable(self.path)})"
