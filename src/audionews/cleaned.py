"""Cleaned articles kept between builds: an unchanged article is not cleaned again.

Cleaning is the largest part of planning an unchanged show (trafilatura, the line rules), so
its result is cached under `<cache>/cleaned/`, keyed by what cleaning reads (the file's bytes,
its path and slug) and by the cleaner's version: the source of the clean package and of
reading a file (decoding, front matter), the releases of the libraries they call (trafilatura,
lxml, charset-normalizer, OpenCC, PyYAML, pypinyin), and `CLEANER_VERSION` for
anything else that changes what it gives. A hit skips decoding and the YAML front matter too.
An entry that cannot be read back as this article's `Article` is cleaned again.
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
from .ingest import read_article_bytes, source_text
from .model import Article
from .wire import from_wire, to_wire

# Raise when cleaning changes through something the source hash cannot see.
CLEANER_VERSION = 1
CLEANED_DIR = "cleaned"
_SOURCES = ("ingest.py", "model.py", "scriptconv.py", "cjk.py", "frontmatter.py")
_LIBRARIES = ("trafilatura", "lxml", "charset-normalizer", "OpenCC", "PyYAML", "pypinyin")


def _release(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return ""


@cache
def _sources_digest() -> str:
    root = Path(clean.__file__).parent
    digest = hashlib.sha256(json.dumps([_release(name) for name in _LIBRARIES]).encode())
    for path in sorted(root.glob("*.py")) + [root.parent / name for name in _SOURCES]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def cleaner_version() -> str:
    """The cleaner's version: `CLEANER_VERSION` and the source of the clean package and of what
    it relies on."""
    return f"{CLEANER_VERSION}:{_sources_digest()}"


def source_key(path: Path, slug: str, data: bytes, version: str) -> str:
    digest = hashlib.sha256(json.dumps([version, str(path), slug]).encode("utf-8") + b"\0")
    digest.update(data)
    return digest.hexdigest()


def _entry(cache_dir: Path, key: str) -> Path:
    return cache_dir / CLEANED_DIR / key[:2] / f"{key}.json"


def _load(path: Path) -> Article | None:
    """The cached Article, or None when absent, torn or of another shape (then cleaned again)."""
    try:
        return from_wire(Article, json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError, KeyError, AttributeError, StopIteration):
        return None


def cleaned_article(path: Path, slug: str, cache_dir: Path) -> Article:
    """`clean_source(read_article(path, slug))`, from the cache when these bytes were cleaned by
    this cleaner. Reading fails as `read_article` does (an ArticleError naming the file)."""
    data = read_article_bytes(path)
    entry = _entry(cache_dir, source_key(path, slug, data, cleaner_version()))
    article = _load(entry)
    if isinstance(article, Article) and article.slug == slug and article.path == path:
        return article
    article = clean_source(source_text(path, data, slug))
    # ASCII JSON: a file name that is not UTF-8 (kept as surrogates) survives the round trip; a
    # cache that cannot be written costs time, never the article
    with suppress(OSError, ValueError):
        atomic_write_text(entry, json.dumps(to_wire(article)))
    return article
