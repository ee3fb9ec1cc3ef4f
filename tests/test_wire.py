"""What a build sends a render worker survives JSON: the seed article's render job, through
`to_wire`, json and `from_wire`, is the same job (types and all), and renders the same files."""

from __future__ import annotations

import json
from datetime import datetime

import numpy as np

from audionews.assemble import make_jingle
from audionews.clean import clean_source
from audionews.config import load_config
from audionews.episode import describe
from audionews.ingest import read_article
from audionews.model import SegmentKind
from audionews.render import Rendered, RenderJob, load_assets, render_files, render_job
from audionews.script import Templates, plan_episode
from audionews.speech.base import WORKING_RATE
from audionews.wire import from_wire, to_wire
from tests.helpers import SEED, make_show


def _seed_job(tmp_path) -> RenderJob:  # type: ignore[no-untyped-def]
    root = make_show(tmp_path / "show", tmp_path / "cache", {SEED.name: SEED.read_text(encoding="utf-8")})
    config = load_config(root)
    templates = Templates(config)
    article = clean_source(read_article(root / "articles" / SEED.name))
    plan = plan_episode(article, config, templates, lambda text: text)
    keys = [f"{i:064x}" for i in range(len(plan.utterances))]
    return render_job(plan, describe(article), keys, load_assets(config, templates), config, "seed-1")


def test_a_render_job_survives_json(tmp_path):
    job = _seed_job(tmp_path)
    back = from_wire(RenderJob, json.loads(json.dumps(to_wire(job))))
    assert back.plan == job.plan and back.episode == job.episode and back.tags == job.tags
    assert back.keys == job.keys and back.audio == job.audio
    assert np.array_equal(back.intro_jingle, job.intro_jingle) and back.intro_jingle.dtype == np.int16
    assert isinstance(back.plan.segments[0].kind, SegmentKind)
    assert isinstance(back.episode.published, datetime) and isinstance(back.tags.cover, bytes)


def test_a_rendered_job_from_the_wire_makes_the_same_files(tmp_path):
    job = _seed_job(tmp_path)
    back = from_wire(RenderJob, json.loads(json.dumps(to_wire(job))))
    tone = make_jingle(rising=True)[: WORKING_RATE // 2]
    clips = [tone for _ in job.keys]
    here = render_files(job, clips, tmp_path / "here")
    there = render_files(back, clips, tmp_path / "there")
    assert from_wire(Rendered, json.loads(json.dumps(to_wire(here)))) == here
    assert here.duration_s == there.duration_s and here.chapters == there.chapters
    for name in job.episode.files.rendered:
        assert (tmp_path / "here" / name).read_bytes() == (tmp_path / "there" / name).read_bytes(), name


def test_a_speak_job_survives_json_with_every_field_named(tmp_path):
    """A worker's batch is one value: nothing is matched by position (a lease time once rode in
    the place of another setting)."""
    from audionews.config import SpeechConfig
    from audionews.lexicon import Lexicon
    from audionews.scale import RenderRequest, SpeakJob

    lexicon = Lexicon({"新冠": "新型冠状病毒"}, {"银行": ("yin2", "hang2")}, {"GDP": "letters"})
    job = SpeakJob(
        "kokoro", SpeechConfig(engine="kokoro", voice="zm_yunxi"), lexicon, ("一句。",), ("k" * 64,), "", 2, 120.0
    )
    back = from_wire(SpeakJob, json.loads(json.dumps(to_wire(job))))
    assert back == job and isinstance(back.lexicon.pinyin["银行"], tuple) and back.lease_s == 120.0
    request = RenderRequest(_seed_job(tmp_path), ({"at": "clips/ab/x.pcm"},), "/shared")
    again = from_wire(RenderRequest, json.loads(json.dumps(to_wire(request))))
    assert again.clips == request.clips and again.job.plan == request.job.plan and again.store == "/shared"
