"""Cleaned articles kept between builds: an unchanged article is not cleaned again.

Cleaning is the largest part of planning an unchanged show (trafilatura, the line rules), so
its result is cached under `<cache>/cleaned/`, keyed by what cleaning reads (the decoded
source: text, encoding, kind, front matter, slug, path) and by the cleaner's version: its own
source files and trafilatura's release, plus `CLEANER_VERSION` for anything else that changes
what it gives. An entry that cannot be read back as an `Article` is cleaned again.
"""

from __future__ import annotations

import hashlib
import json
from contextlib import suppress
from functools import cache
from importlib import metadata
from pathlib import Path

from . import clean
from .clean import clean_source
from .fsutil import atomic_write_text
from .ingest import SourceText
from .model import Article
from .wire import from_wire, to_wire

# Raise when cleaning changes through something the source hash cannot see.
CLEANER_VERSION = 1
CLEANED_DIR = "cleaned"
_SOURCES = ("ingest.py", "model.py", "scriptconv.py", "cjk.py", "frontmatter.py")


@cache
def _sources_digest() -> str:
    root = Path(clean.__file__).parent
    digest = hashlib.sha256(metadata.version("trafilatura").encode())
    for path in sorted(root.glob("*.py")) + [root.parent / name for name in _SOURCES]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def cleaner_version() -> str:
    """The cleaner's version: `CLEANER_VERSION` and the source of the clean package and of what
    it relies on."""
    return f"{CLEANER_VERSION}:{_sources_digest()}"


def source_key(source: SourceText, version: str) -> str:
    blob = json.dumps([version, to_wire(source)], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _entry(cache_dir: Path, key: str) -> Path:
    return cache_dir / CLEANED_DIR / key[:2] / f"{key}.json"


def _load(path: Path) -> Article | None:
    """The cached Article, or None when absent, torn or of another shape (then cleaned again)."""
    try:
        return from_wire(Article, json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError, KeyError, AttributeError, StopIteration):
        return None


def cleaned(source: SourceText, cache_dir: Path) -> Article:
    """`clean_source(source)`, from the cache when this source was cleaned by this cleaner."""
    path = _entry(cache_dir, source_key(source, cleaner_version()))
    article = _load(path)
    if isinstance(article, Article) and article.slug == source.slug and article.path == source.path:
        return article
    article = clean_source(source)
    with suppress(OSError):  # a cache that cannot be written costs time, never the article
        atomic_write_text(path, json.dumps(to_wire(article), ensure_ascii=False))
    return article
