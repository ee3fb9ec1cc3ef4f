"""Shows made for tests and benchmarks: a show folder with its settings and articles."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "articles" / "000_ad78da6f00d63580.txt"

SHOW_TOML = """
[show]
title = "测试新闻"
description = "测试用的节目"
author = "测试台"
email = "test@example.com"
base_url = "http://podcast.test/show/"

[speech]
engine = "{engine}"
{speech}

[paths]
cache = "{cache}"
"""


def make_show(
    root: Path,
    cache: Path,
    articles: dict[str, str | bytes] | None = None,
    extra_toml: str = "",
    engine: str = "offline",
    speech: str = "",
) -> Path:
    """`speech`: more `[speech]` lines (`retries = 0`, `voice = "..."`)."""
    root.mkdir(parents=True, exist_ok=True)
    settings = SHOW_TOML.format(cache=cache, engine=engine, speech=speech)
    (root / "audionews.toml").write_text(settings + extra_toml, encoding="utf-8")
    folder = root / "articles"
    folder.mkdir(exist_ok=True)
    for name, content in (articles or {}).items():
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root
