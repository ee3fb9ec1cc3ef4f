"""Mastering in detail: the limiter search, and the encoded file measured two ways (while it is
encoded, by ffmpeg's loopback decoder, and afterwards from the file on older ffmpeg)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from audionews import master
from audionews.clean import clean_source
from audionews.config import AudioConfig, load_config
from audionews.ffmpeg import use_ffmpeg
from audionews.ingest import read_article
from audionews.lexicon import Lexicon
from audionews.master import _limiter, _Mastering, master_to_mp3, measure, write_wav
from audionews.script import Templates, plan_episode
from audionews.speech.base import WORKING_RATE, create_engine
from audionews.speech.cache import ClipCache, utterance_keys
from tests.helpers import SEED

CFG = AudioConfig()


@pytest.fixture(scope="module")
def real_voice(seed_show, clip_cache: Path) -> np.ndarray:
    """Three minutes of the offline voice: the seed article's clips, in reading order (peaky, as
    TTS is). Only the seed's: other tests add other clips to the session's cache."""
    root, _ = seed_show
    config = load_config(root)
    engine = create_engine("kokoro", config.speech, Lexicon())
    plan = plan_episode(
        clean_source(read_article(root / "articles" / SEED.name)), config, Templates(config), engine.prepare
    )
    cache = ClipCache(clip_cache)
    clips = [cache.get(key) for key in utterance_keys(engine, [u.spoken for u in plan.utterances])]
    pcm = np.concatenate([c for c in clips if c is not None])[: 180 * WORKING_RATE]
    assert len(pcm) == 180 * WORKING_RATE
    return pcm


def _excess(loudness: master.Loudness, target: float, ceiling: float) -> float:
    return loudness.true_peak_db + target - loudness.integrated_lufs - ceiling


def test_limiter_search_lands_the_peak_just_under_the_ceiling(real_voice, tmp_path):
    wav = tmp_path / "voice.wav"
    write_wav(wav, real_voice, WORKING_RATE)
    target, ceiling = CFG.loudness_lufs, CFG.true_peak_db - 1.0
    raw = measure(wav)
    assert _excess(raw, target, ceiling) > 2  # this voice needs limiting to reach the target
    chosen = _Mastering(wav, CFG).limited(target, ceiling)
    assert chosen.limit_db is not None
    actual = measure(wav, _limiter(chosen.limit_db))  # what the chosen limit really leaves
    assert abs(actual.integrated_lufs - chosen.loudness.integrated_lufs) <= 0.15, (actual, chosen)
    # under the ceiling, but not limited harder than needed (the search aims 0.2 dB under)
    assert -0.7 <= _excess(actual, target, ceiling) <= 0.1, actual


def test_a_signal_with_headroom_is_not_limited(tmp_path):
    """Gain alone brings it to target: its peak-to-loudness ratio survives mastering, where a
    limiter would have squeezed it."""
    seconds = np.arange(30 * WORKING_RATE) / WORKING_RATE
    tone = np.sin(2 * np.pi * 220 * seconds) * (0.6 + 0.4 * np.sin(2 * np.pi * 3 * seconds)) * 3000
    wav = tmp_path / "tone.wav"
    write_wav(wav, tone.astype(np.int16), WORKING_RATE)
    assert _Mastering(wav, CFG).limited(CFG.loudness_lufs, CFG.true_peak_db - 1.0).limit_db is None
    before = measure(wav)
    after = master_to_mp3(tone.astype(np.int16), WORKING_RATE, tmp_path / "tone.mp3", CFG)
    crest_before = before.true_peak_db - before.integrated_lufs
    crest_after = after.true_peak_db - after.integrated_lufs
    assert abs(crest_after - crest_before) < 0.5, (before, after)
    assert abs(after.integrated_lufs - CFG.loudness_lufs) < 0.35, after


@pytest.mark.parametrize(
    "setting", ["bundled", "system"], ids=["bundled-measured-while-encoding", "debian-5.1-measured-from-file"]
)
def test_encoded_loudness_is_the_files_and_on_target(real_voice, tmp_path, setting):
    chosen = use_ffmpeg(setting)
    try:
        # the ffmpeg we ship decodes its own output within one run; Debian 12's (5.1) cannot
        assert chosen.loopback_decoding is (setting == "bundled"), chosen
        _assert_mastered(real_voice, tmp_path)
    finally:
        use_ffmpeg("bundled")


def _assert_mastered(real_voice, tmp_path):
    out = tmp_path / "episode.mp3"
    reported = master_to_mp3(real_voice, WORKING_RATE, out, CFG)
    from_file = measure(out)
    assert abs(reported.integrated_lufs - from_file.integrated_lufs) <= 0.1, (reported, from_file)
    assert abs(reported.true_peak_db - from_file.true_peak_db) <= 0.1, (reported, from_file)
    # mastering accepts 0.3 LU (LOUDNESS_TOLERANCE_LU); ebur128 prints tenths
    assert abs(from_file.integrated_lufs - CFG.loudness_lufs) < master.LOUDNESS_TOLERANCE_LU + 0.05, from_file
    assert from_file.true_peak_db <= CFG.true_peak_db - 0.1, from_file
