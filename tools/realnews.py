"""How the normaliser reads real news: a scored set of clauses, and a sweep of the page corpus.

    python tools/realnews.py score [tests/data/readings_realnews.tsv] [--misses]
    python tools/realnews.py sweep [--list]

`score` reads a TSV of `clause<TAB>expected spoken form<TAB>source URL` and counts the clauses
whose spoken form matches, punctuation ignored and Latin letters compared without case.
`sweep` normalises every body paragraph of tests/data/pages (dev and heldout, the expected
JSON) and lists each clause where something written is still there after the rules ran: an
ASCII digit or a sign that travels with numbers. Those are what the voice would drop or guess.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from audionews.cjk import HAN
from audionews.textnorm import expanded_form, spoken_form

ROOT = Path(__file__).resolve().parent.parent
REALNEWS = ROOT / "tests" / "data" / "readings_realnews.tsv"
HELDOUT = ROOT / "tests" / "data" / "readings_realnews_heldout.tsv"
PAGES = ROOT / "tests" / "data" / "pages"
_NOT_READ = re.compile(f"[^{HAN}A-Za-z]")
# what must not be left once the rules ran: digits, and signs that belong to numbers
_NUMERAL = "0-9零一二三四五六七八九十百千万亿两"
# a digit or a money, temperature or area sign anywhere; a slash up to three characters after a number
# (元/公斤, 毫克/l); a tilde, colon, dash or plus between numbers (a range, ratio or score left unread)
_RESIDUE = re.compile(
    f"[0-9]|[%％¥￥＄$℃㎡]|(?<=[{_NUMERAL}])[^{_NUMERAL}/]{{0,3}}/"
    f"|(?<=[{_NUMERAL}])[^{_NUMERAL}]{{0,3}}[~～∶:：+\\-]\\s*[{_NUMERAL}]"
)
_CLAUSE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]?")


def same_reading(got: str, want: str) -> bool:
    """Punctuation and spaces do not count; Latin letters compare without case."""
    return _NOT_READ.sub("", got).lower() == _NOT_READ.sub("", want).lower()


def realnews_rows(path: Path = REALNEWS) -> list[tuple[str, str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            clause, expected, source = line.split("\t")
            rows.append((clause, expected, source))
    return rows


def score(rows: list[tuple[str, str, str]]) -> tuple[int, list[tuple[str, str, str]]]:
    """(clauses read right, [(clause, got, expected)] for the others)."""
    misses = [(c, got, e) for c, e, _ in rows if not same_reading(got := spoken_form(c), e)]
    return len(rows) - len(misses), misses


def corpus_paragraphs(pages: Path = PAGES) -> list[str]:
    paragraphs = []
    for path in sorted(pages.glob("*/*.expected.json")):
        paragraphs.extend(json.loads(path.read_text(encoding="utf-8"))["paragraphs"])
    return paragraphs


def residue(pages: Path = PAGES) -> list[tuple[str, str]]:
    """(clause, expanded form) for every corpus clause whose expansion still holds a number sign."""
    found = []
    for paragraph in corpus_paragraphs(pages):
        for clause in _CLAUSE.findall(paragraph):
            out = expanded_form(clause)
            if _RESIDUE.search(out):
                found.append((clause.strip(), out.strip()))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    scoring = sub.add_parser("score", help="score a TSV of clauses and expected readings")
    scoring.add_argument("tsv", type=Path, nargs="?", default=REALNEWS)
    scoring.add_argument("--misses", action="store_true")
    sweeping = sub.add_parser("sweep", help="clauses of the page corpus with numbers left unread")
    sweeping.add_argument("--list", action="store_true")
    args = parser.parse_args()
    if args.command == "score":
        rows = realnews_rows(args.tsv)
        right, misses = score(rows)
        pages = len({source for _, _, source in rows})
        if args.misses:
            for clause, got, expected in misses:
                print(f"  {clause}\n    got:  {got}\n    want: {expected}")
        print(f"{args.tsv.name}: {right}/{len(rows)} = {100 * right / max(1, len(rows)):.1f}% ({pages} pages)")
    else:
        found = residue()
        if args.list:
            for clause, out in found:
                print(f"{clause}\t{out}")
        print(f"{len(found)} clauses of the page corpus still hold a digit or a number sign")
    return 0


if __name__ == "__main__":
    sys.exit(main())
