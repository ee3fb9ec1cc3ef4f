"""Shows made for tests and benchmarks: a show folder with its settings and articles."""

from __future__ import annotations

import os
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


def cpu_seconds(group: int) -> float:
    """CPU time used so far by the processes of one process group (a worker and its pool child):
    a worker whose group uses CPU holds a task."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:  # pgrp; utime and stime follow at 11 and 12
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")
