"""Score the cleaner on the real-page corpus (tests/data/pages): dev pages, held-out pages and
the labelled pages reported apart, because the rules are tuned on the first and never on the
others; `labelled/` is pages labelled line by line (tools/label.py), scored but not yet held to
any figure by the tests.

    python -m tools.clean_eval [--verbose] [--set dev|heldout|labelled|all]

Per set: title right, body precision and recall (characters, punctuation and spacing aside),
junk lines read aloud, metadata fields right (author, editor, source, published), paragraph
count right, and real articles refused.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from audionews.clean import clean_source
from audionews.errors import ArticleError
from audionews.ingest import read_article

PAGES = Path(__file__).resolve().parent.parent / "tests" / "data" / "pages"
SETS = ("dev", "heldout", "labelled")
META_FIELDS = ("author", "editor", "source", "published")
_NOT_CONTENT = re.compile(r"[^\w]|_", re.UNICODE)


def content(text: str) -> str:
    """Letters and digits only, width-folded: what scoring compares."""
    return _NOT_CONTENT.sub("", unicodedata.normalize("NFKC", text))


def _same_name(a: str | None, b: str | None) -> bool:
    fold = lambda s: None if not s else re.sub(r"[\s、,，]", "", unicodedata.normalize("NFKC", s))  # noqa: E731
    return fold(a) == fold(b)


@dataclass
class PageScore:
    name: str
    title_right: bool
    matched: int  # body characters both in the output and expected
    got_chars: int
    want_chars: int
    leaked: list[str]
    meta_right: int
    meta_wrong: list[str]
    paragraphs_right: bool
    refused: str | None = None


@dataclass
class SetScore:
    pages: list[PageScore] = field(default_factory=list)

    def figures(self) -> dict[str, object]:
        n = len(self.pages)
        got = sum(p.got_chars for p in self.pages)
        want = sum(p.want_chars for p in self.pages)
        matched = sum(p.matched for p in self.pages)
        return {
            "pages": n,
            "title_right": sum(p.title_right for p in self.pages),
            "precision": round(matched / got, 3) if got else 0.0,
            "recall": round(matched / want, 3) if want else 0.0,
            "junk_leaked": sum(len(p.leaked) for p in self.pages),
            "meta_right": sum(p.meta_right for p in self.pages),
            "meta_fields": n * len(META_FIELDS),
            "paragraphs_right": sum(p.paragraphs_right for p in self.pages),
            "refused": sum(p.refused is not None for p in self.pages),
        }


def score_page(page: Path) -> PageScore:
    want = json.loads(page.with_name(page.stem + ".expected.json").read_text(encoding="utf-8"))
    want_body = content("".join(want["paragraphs"]))
    try:
        article = clean_source(read_article(page))
    except ArticleError as e:
        return PageScore(page.stem, False, 0, 0, len(want_body), [], 0, list(META_FIELDS), False, str(e))
    meta = article.meta
    got_body = content("".join(article.paragraphs))
    matched = sum(b.size for b in SequenceMatcher(None, got_body, want_body, autojunk=False).get_matching_blocks())
    leaked = []
    for line in page.read_text(encoding="utf-8", errors="replace").splitlines():
        bare = content(line)
        if len(bare) >= 2 and bare not in want_body and bare not in content(want["title"]) and bare in got_body:
            leaked.append(line.strip())
    got_meta = {
        "author": meta.author,
        "editor": meta.editor,
        "source": meta.source,
        "published": meta.published.isoformat() if meta.published else None,
    }
    wrong = [f for f in META_FIELDS if not _same_name(got_meta[f], want[f])]
    return PageScore(
        name=page.stem,
        title_right=content(meta.title) == content(want["title"]),
        matched=matched,
        got_chars=len(got_body),
        want_chars=len(want_body),
        leaked=leaked,
        meta_right=len(META_FIELDS) - len(wrong),
        meta_wrong=[f"{f}: got {got_meta[f]!r}, want {want[f]!r}" for f in wrong],
        paragraphs_right=len(article.paragraphs) == len(want["paragraphs"]),
    )


def score_set(name: str) -> SetScore:
    return SetScore([score_page(p) for p in sorted((PAGES / name).glob("*.txt"))])


def _report(name: str, result: SetScore, verbose: bool) -> None:
    f = result.figures()
    print(
        f"{name:8} {f['pages']:3} pages  title {f['title_right']}/{f['pages']}  "
        f"precision {f['precision']:.3f}  recall {f['recall']:.3f}  junk leaked {f['junk_leaked']}  "
        f"metadata {f['meta_right']}/{f['meta_fields']}  paragraphs {f['paragraphs_right']}/{f['pages']}  "
        f"refused {f['refused']}"
    )
    if not verbose:
        return
    for p in result.pages:
        problems = []
        if p.refused:
            problems.append(f"REFUSED: {p.refused}")
        if not p.title_right:
            problems.append("title wrong")
        if p.matched < p.got_chars or p.matched < p.want_chars:
            problems.append(f"body {p.matched}/{p.got_chars} got, {p.matched}/{p.want_chars} wanted")
        problems += [f"leaked: {line[:50]}" for line in p.leaked]
        problems += p.meta_wrong
        if not p.paragraphs_right:
            problems.append("paragraph count")
        if problems:
            print(f"  {p.name}: " + "; ".join(problems))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=(*SETS, "all"), default="all")
    parser.add_argument("-v", "--verbose", action="store_true", help="list each page's misses")
    args = parser.parse_args(argv)
    for name in SETS if args.set == "all" else (args.set,):
        _report(name, score_set(name), args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
