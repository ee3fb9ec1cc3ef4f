"""What makes an episode stale: every input of its files rebuilds it, nothing else does, and a
rebuild synthesises only the sentences whose speech changed."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import edge_tts.communicate
import pytest
from mutagen.id3 import ID3
from PIL import Image

from audionews import pipeline
from audionews.config import load_config
from audionews.master import measure
from audionews.model import EpisodeResult
from tests.helpers import make_show
from tools.fake_edge import FakeEdgeService

ARTICLE = "重建测试\n\n第一段正文，说了一件事。第二句话。\n\n第二段正文，又说了一件事。\n"


@pytest.fixture(scope="module")
def edge() -> Iterator[FakeEdgeService]:
    with FakeEdgeService() as service, pytest.MonkeyPatch.context() as mp:
        mp.setattr(edge_tts.communicate, "WSS_URL", service.url)
        yield service


@pytest.fixture
def show(tmp_path: Path, edge: FakeEdgeService) -> Path:
    root = make_show(tmp_path / "show", tmp_path / "cache", {"a.txt": ARTICLE}, engine="edge")
    [first] = _build(root)
    assert first.status == "built" and first.synthesized > 3
    return root


def _build(root: Path) -> list[EpisodeResult]:
    return list(pipeline.build(load_config(root)).results)


def _set(root: Path, section: str, line: str) -> None:
    """Set one key, replacing the line that set it before."""
    toml = root / "audionews.toml"
    key = line.split("=")[0].strip()
    lines = [x for x in toml.read_text(encoding="utf-8").splitlines() if x.split("=")[0].strip() != key]
    text = "\n".join(lines) + "\n"
    toml.write_text(
        text.replace(f"[{section}]\n", f"[{section}]\n{line}\n")
        if f"[{section}]" in text
        else text + f"\n[{section}]\n{line}\n",
        encoding="utf-8",
    )


def test_nothing_changed_rebuilds_nothing(show: Path):
    [again] = _build(show)
    assert again.status == "unchanged" and again.synthesized == 0


def test_an_edited_intro_template_rebuilds_and_speaks_only_the_intro(show: Path):
    (show / "templates").mkdir()
    (show / "templates/intro.txt.j2").write_text("欢迎收听{{ show }}，新的开场白。", encoding="utf-8")
    [again] = _build(show)
    assert again.status == "built" and again.synthesized == 1  # the one new intro sentence


def test_an_audio_setting_rebuilds_without_speaking(show: Path):
    [before] = _build(show)
    _set(show, "audio", "paragraph_pause_s = 2.5")
    [again] = _build(show)
    assert again.status == "built" and again.synthesized == 0
    assert again.duration_s > before.duration_s + 1.5  # the longer pauses are in the file


def test_a_loudness_target_rebuilds_to_the_new_target(show: Path):
    _set(show, "audio", "loudness_lufs = -19.0")
    [again] = _build(show)
    assert again.status == "built" and again.synthesized == 0
    assert abs(measure(Path(again.mp3)).integrated_lufs + 19.0) < 0.4


def test_a_new_cover_rebuilds_and_is_embedded(show: Path):
    image = Image.new("RGB", (1400, 1400), (200, 30, 30))
    data = io.BytesIO()
    image.save(data, format="PNG")
    (show / "cover.png").write_bytes(data.getvalue())
    _set(show, "show", 'image = "cover.png"')
    [again] = _build(show)
    assert again.status == "built" and again.synthesized == 0
    assert ID3(again.mp3).getall("APIC")[0].data == data.getvalue()


def test_a_new_show_title_rebuilds_the_tags(show: Path):
    _set(show, "show", 'title = "改名后的节目"')
    [again] = _build(show)
    assert again.status == "built"
    assert str(ID3(again.mp3)["TALB"]) == "改名后的节目"


def test_a_changed_byline_rebuilds_the_notes(show: Path):
    article = show / "articles/a.txt"
    article.write_text(ARTICLE + "\n责任编辑：王编辑\n", encoding="utf-8")
    [again] = _build(show)
    assert again.status == "built" and again.synthesized == 1  # only the outro, which names the editor
    assert "编辑：王编辑" in (show / "feed/episodes/a.txt").read_text(encoding="utf-8")
