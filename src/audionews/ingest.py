"""Bytes at the edge: read an article file, detect its encoding, split off front matter, name it."""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from charset_normalizer import from_bytes
from pypinyin import lazy_pinyin

from .errors import ArticleError
from .frontmatter import FrontMatterError, load_front_matter
from .fsutil import printable

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
MAX_ARTICLE_BYTES = 5_000_000
MAX_PLAIN_SLUG = 80
_CANDIDATE_ENCODINGS = ["utf_8", "gb18030", "big5", "utf_16"]
_FRONT_MATTER_KEYS = {
    "title",
    "author",
    "editor",
    "source",
    "date",
    "published",
    "url",
    "summary",
    "guid",
    "priority",  # the daily edition reads higher first
    "retracted",  # true: withdrawn from the feeds (410 Gone)
    "status",  # draft: built, published in no feed or page
    "publish_at",  # embargo: published by the first build after this time (the show's time zone)
}


@dataclass(frozen=True)
class SourceText:
    path: Path
    slug: str
    text: str
    encoding: str
    kind: str  # "text" | "html" | "markdown"
    front_matter: dict[str, str] = field(default_factory=dict)


def _name_text(path: Path) -> str:
    """The file name as text. A name that is not UTF-8 is most often GBK/GB18030 from a Windows
    archive: read as that it still gives a pinyin slug; otherwise its undecodable bytes drop."""
    raw = os.fsencode(path.name)
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "ignore")


def name_digest(path: Path) -> str:
    return hashlib.sha1(os.fsencode(path.name)).hexdigest()[:8]


def slug_for(path: Path) -> str:
    """A URL- and file-safe episode name from the file name; Chinese names become pinyin.

    Names that had to be transliterated or shortened get a digest of the original name,
    so two different files never share a slug.
    """
    name = _name_text(path)
    stem = unicodedata.normalize("NFKC", name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name)
    words = "-".join(lazy_pinyin(stem, errors=lambda s: s))
    slug = re.sub(r"[^a-z0-9_]+", "-", words.lower()).strip("-_")
    if not slug:
        return f"article-{name_digest(path)}"
    if stem.isascii() and slug == stem.lower() and len(slug) <= MAX_PLAIN_SLUG:
        return slug
    return f"{slug[:70].rstrip('-_')}-{name_digest(path)}"


def assign_slugs(paths: list[Path], published: dict[str, str]) -> dict[Path, str]:
    """Distinct, stable episode names for the files of one folder.

    `published` maps a source file name (as `printable` shows it) to the slug a previous build
    published it under: a file keeps its slug (and so its episode GUID) while it exists. Two
    files that slug alike (`a.txt` and `a.md`, `A.txt` and `a.txt`) both build: the first in
    name order that has no slug yet takes the plain one, the others add a digest of their name.
    """
    taken: dict[str, Path] = {}
    slugs: dict[Path, str] = {}
    base = {p: slug_for(p) for p in paths}
    for p in paths:  # previously published names first, so a newcomer never takes them
        kept = published.get(printable(p.name))
        if kept and kept not in taken:
            taken[kept], slugs[p] = p, kept
    for p in paths:
        if p in slugs:
            continue
        slug = base[p]
        if slug in taken:
            slug = f"{slug[:70].rstrip('-_')}-{name_digest(p)}"
        while slug in taken:  # a digest collision: vanishingly rare, still never fatal
            slug = f"{slug}-{len(taken)}"
        taken[slug], slugs[p] = p, slug
    return slugs


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Detect the encoding (BOMs, UTF-16, UTF-8, GB18030, Big5) and decode; reject binary."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(name, errors="replace"), name
    if data.count(b"\x00") > len(data) // 4:
        even_nuls = data[0::2].count(b"\x00")
        odd_nuls = data[1::2].count(b"\x00")
        guess = "utf-16-be" if even_nuls > odd_nuls else "utf-16-le"
        try:
            return _check_text(data.decode(guess), path), guess
        except UnicodeDecodeError:
            raise ArticleError(path, "not a text file (binary data)") from None
    try:
        return _check_text(data.decode("utf-8"), path), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=_CANDIDATE_ENCODINGS).best()
    if best is None or best.encoding is None:
        raise ArticleError(path, "not a text file (no known encoding fits)")
    return _check_text(str(best), path), best.encoding


def _check_text(text: str, path: Path) -> str:
    if "\x00" in text:
        raise ArticleError(path, "not a text file (binary data)")
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f")
    if text and controls / len(text) > 0.05:
        raise ArticleError(path, "not a text file (binary data)")
    return text


def split_front_matter(text: str, path: Path) -> tuple[dict[str, str], str]:
    """`---` fenced YAML (or `key: value` lines) at the top; returns (fields, the rest)."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped.startswith("---"):
        return {}, text
    lines = stripped.splitlines()
    if lines[0].strip() != "---":
        return {}, text
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        raise ArticleError(path, "front matter opened with --- but never closed")
    try:
        fields = load_front_matter(lines[1:end], _FRONT_MATTER_KEYS)
    except FrontMatterError as exc:
        raise ArticleError(path, str(exc)) from None
    return fields, "\n".join(lines[end + 1 :])


def kind_of(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        return "html"
    if suffix in (".md", ".markdown"):
        return "markdown"
    head = text.lstrip()[:500].lower()
    if head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text):
        return "html"
    return "text"


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, refusing anything but a regular file inside the articles folder.

    The type is checked again on the open file, so a file swapped for a FIFO or a device
    between listing and reading is refused too, never read (a FIFO would block the build).
    """
    try:
        if path.is_symlink() and not path.resolve().is_relative_to(path.parent.resolve()):
            raise ArticleError(path, "is a symbolic link leading out of the articles folder")
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            kind = "a folder" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode) else "a device or socket"
            raise ArticleError(path, f"is not a regular file ({kind})")
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except FileNotFoundError:
        raise ArticleError(path, "vanished before it could be read (or is a broken link)") from None
    except OSError as exc:
        raise ArticleError(path, f"cannot be read ({exc.strerror or exc})") from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise ArticleError(path, "is not a regular file (it changed while being read)")
        try:
            return handle.read(MAX_ARTICLE_BYTES + 1)
        except OSError as exc:
            raise ArticleError(path, f"cannot be read ({exc.strerror or exc})") from None


def read_article_bytes(path: Path) -> bytes:
    """An article file's bytes, checked (a regular file, not too large, not empty)."""
    data = _read_bytes(path)
    if len(data) > MAX_ARTICLE_BYTES:
        raise ArticleError(path, f"is larger than {MAX_ARTICLE_BYTES // 1_000_000} MB")
    if not data.strip():
        raise ArticleError(path, "is empty")
    return data


def read_article(path: Path, slug: str | None = None) -> SourceText:
    """Read one article file; every failure is an ArticleError naming the file."""
    return source_text(path, read_article_bytes(path), slug)


def source_text(path: Path, data: bytes, slug: str | None = None) -> SourceText:
    """An article file's bytes as text, with its encoding, kind and front matter."""
    text, encoding = decode(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    front, body = split_front_matter(text, path)
    if not body.strip():
        raise ArticleError(path, "has no text")
    return SourceText(
        path=path,
        slug=slug or slug_for(path),
        text=body,
        encoding=encoding,
        kind=kind_of(path, body),
        front_matter=front,
    )


def find_articles(directory: Path) -> list[Path]:
    """Everything in `directory` named like an article (not recursive), in name order.

    Directories and links named like articles are returned too, so the build reports them
    instead of passing over them in silence.
    """
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.suffix.lower() in ARTICLE_SUFFIXES)
