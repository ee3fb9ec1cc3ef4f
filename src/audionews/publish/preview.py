"""`audionews build --preview`: what is made but not published (drafts, embargoed episodes),
as pages with their audio in ROOT/preview/ for editors to listen to; never in feed/, so
nothing there can reach a listener early."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..config import Config
from ..episode import EPISODES_DIR
from ..fsutil import atomic_write_text
from ..script import Templates
from .records import EpisodeRecord, held, load_manifest
from .site import EpisodeView, page_env, page_view

PREVIEW_DIR = "preview"


def _place(source: Path, target: Path) -> None:
    """A hard link where the file system allows one (the audio is not copied), else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def preview_pages(config: Config, records: list[EpisodeRecord], label: str) -> dict[str, str]:
    env = page_env()
    lang = "zh-Hant" if config.show.language.lower() in ("zh-tw", "zh-hant") else "zh-Hans"
    common = {"show": config.show, "lang": lang, "label": label, "daily": False, "feed_url": "", "preview": True}
    views = [EpisodeView.of(r) for r in records]
    pages = {"index.html": env.get_template("index.html.j2").render(episodes=views, root="", **common)}
    for record in records:
        view = page_view(config.feed_dir, record, None)
        pages[view.files.page] = env.get_template("episode.html.j2").render(ep=view, root="../", **common)
    return pages


def write_preview(config: Config) -> Path:
    """ROOT/preview/ made afresh from the manifest: an index of every held episode, its page
    and its files. Returns the index."""
    out = config.root / PREVIEW_DIR
    if out.resolve().is_relative_to(config.feed_dir.resolve()):
        raise ValueError(f"{out}: the preview must not be inside the feed folder")
    shutil.rmtree(out, ignore_errors=True)
    (out / EPISODES_DIR).mkdir(parents=True)
    for cover in ("cover.png", "cover.jpg"):
        if (config.feed_dir / cover).is_file():
            _place(config.feed_dir / cover, out / cover)
    pending = held(list(load_manifest(config.feed_dir).values()))
    for record in pending:
        for name in record.files.rendered:
            _place(config.feed_dir / name, out / name)
    label = Templates(config).notice().rstrip("。")
    for name, html in preview_pages(config, pending, label).items():
        atomic_write_text(out / name, html)
    return out / "index.html"
