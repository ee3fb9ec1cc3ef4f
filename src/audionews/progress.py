"""What a build tells as it goes (a Reporter: progress bars in the CLI, nothing in tests) and
what it hands back at the end (BuildSummary, which `--report` writes as JSON)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from .model import EpisodeResult, EpisodeStatus

if TYPE_CHECKING:
    from .publish.notify import Ping


class Reporter(Protocol):
    def note(self, message: str) -> None: ...
    def start(self, total_articles: int) -> None: ...
    def episode_start(self, slug: str, to_synthesize: int) -> None: ...
    def utterance_done(self) -> None: ...
    def episode_done(self, result: EpisodeResult) -> None: ...


class QuietReporter:
    def note(self, message: str) -> None:
        pass

    def start(self, total_articles: int) -> None:
        pass

    def episode_start(self, slug: str, to_synthesize: int) -> None:
        pass

    def utterance_done(self) -> None:
        pass

    def episode_done(self, result: EpisodeResult) -> None:
        pass


@dataclass(frozen=True)
class BuildSummary:
    results: tuple[EpisodeResult, ...]
    engine: str
    engine_reason: str
    ffmpeg: str
    feed_path: Path
    elapsed_s: float
    spoken_ahead: int = 0  # sentences workers spoke for all articles at once (--broker)
    changed_feeds: tuple[str, ...] = ()  # feed.xml, daily.xml: the ones whose bytes changed
    pings: tuple[Ping, ...] = ()  # what the hubs and Podping were told (publish/notify.py)

    @property
    def failed(self) -> list[EpisodeResult]:
        return [r for r in self.results if r.status is EpisodeStatus.FAILED]

    def report(self) -> dict[str, object]:
        count = {status.value: sum(r.status is status for r in self.results) for status in EpisodeStatus}
        return {
            "engine": self.engine,
            "engine_reason": self.engine_reason,
            "ffmpeg": self.ffmpeg,
            "feed": str(self.feed_path),
            "elapsed_s": round(self.elapsed_s, 3),
            "episodes": [asdict(r) for r in self.results],
            **count,
            "synthesized": self.spoken_ahead + sum(r.synthesized for r in self.results),
            "cached": sum(r.cached for r in self.results),
            "changed_feeds": list(self.changed_feeds),
            "notified": [asdict(p) for p in self.pings],
        }
