"""What the `fetch` tests share: a show with fast fetch settings, its article files and front
matter, one fetch run in this process."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from audionews.config import load_config
from audionews.sources.fetch import FetchSummary, fetch_sources
from tools.showkit import make_show

FAST = "\n[fetch]\ndelay_s = 0.0\ntimeout_s = 0.8\nretries = 1\nmax_bytes = 100000\n"


def show(tmp_path: Path, extra: str = "") -> Path:
    """`extra` goes on inside `[fetch]` until it opens a table of its own; a key it sets there
    replaces FAST's."""
    settings = dict(line.split(" = ", 1) for line in FAST.strip().splitlines()[1:])
    lines = extra.splitlines(keepends=True)
    while lines and " = " in lines[0] and not lines[0].startswith("["):
        key, value = lines.pop(0).rstrip("\n").split(" = ", 1)
        settings[key] = value
    fetch = "\n[fetch]\n" + "".join(f"{key} = {value}\n" for key, value in settings.items())
    return make_show(tmp_path / "show", tmp_path / "cache", extra_toml=fetch + "".join(lines))


def source(url: str, name: str = "") -> str:
    return f'\n[[sources]]\nurl = "{url}"\n' + (f"name = {json.dumps(name)}\n" if name else "")


def articles(root: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((root / "articles").glob("*.md"))}


def front(text: str) -> dict[str, object]:
    """The front matter through a real YAML parser (the safe loader: types as YAML reads them)."""
    _, block, _ = text.split("---\n", 2)
    return yaml.safe_load(block)


def fetch(root: Path, *urls: str) -> FetchSummary:
    return fetch_sources(load_config(root), list(urls))


def failed_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("failed")]
