"""Exceptions of our own. The CLI prints each as one line; none is a traceback for the user."""

from __future__ import annotations

from pathlib import Path

from .fsutil import printable


class AudionewsError(Exception):
    """Base class: str(error) is the one-line message the user sees."""


class ConfigError(AudionewsError):
    def __init__(self, path: Path | str, key: str, reason: str) -> None:
        self.path, self.key, self.reason = Path(path), key, reason
        super().__init__(f"{printable(path)}: {key}: {reason}" if key else f"{printable(path)}: {reason}")


class ArticleError(AudionewsError):
    """An article that cannot be read or cleaned; other articles still build."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path, self.reason = Path(path), reason
        super().__init__(f"{printable(path)}: {reason}")


class NotAnArticle(ArticleError):
    """Cleaning left no article (no sentence, or a stub of a junk page). Carries what was
    removed and why, so `clean --explain` can still show it."""

    def __init__(self, path: Path | str, reason: str, removed: tuple[object, ...] = ()) -> None:
        super().__init__(path, reason)
        self.removed = removed


class EngineError(AudionewsError):
    """A speech engine failed for good (after its retries)."""


class EngineUnavailable(EngineError):
    """The engine cannot run here at all (no service, no model)."""


class BuildLocked(AudionewsError):
    """Another build of the same show holds the lock."""


class PublishError(AudionewsError):
    """The feed folder cannot be written (disk full, no permission); what was published stays."""


class BrokerError(AudionewsError):
    """Distributed speech (scale/) cannot go on: exit code 6."""


class BrokerLost(BrokerError):
    """The broker or the workers went away mid-build: the build stops before publishing; what
    was spoken is in the cache for the next run."""


class BrokerUnavailable(BrokerError):
    """The broker does not answer at the start: nothing was built."""
