"""Label a page's lines by hand, fast, and derive its expected JSON from the labels.

    python -m tools.label show PAGE                  lines, labels (? = not yet confirmed), proposal
    python -m tools.label propose PAGE [--from expected|cleaner] [--force]
    python -m tools.label set PAGE 3-7,9 b [12 m author=王小明] [5 t says=标题] ...
    python -m tools.label edit PAGE                  the same, typed at a prompt; `ok` confirms
    python -m tools.label confirm PAGE               every line read: the proposals shown are right
    python -m tools.label derive PAGE [--write]      the expected JSON the labels give
    python -m tools.label check [PAGE|FOLDER ...]    labels match the splitter, confirmed, JSON in sync
    python -m tools.label realign PAGE               carry labels onto the splitter's lines of today

Labels by letter: t title, b body, h heading, m meta; junk: n menu, r related, c caption, a ad,
s spam, x share, k comment, f footer, p repeat, o story (a second one), j other. Who labels is
`--who`, else $LABELLER, else $USER; setting a line's label confirms it under that name.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
from dataclasses import replace
from pathlib import Path

from tools.label_propose import cleaner_view, expected_of, fold, page_lines, propose, realign
from tools.labelfile import FIELDS, LABELS, LETTERS, LabelError, Labels, derive, dump, parse

SHORT = {label: letter for letter, label in LETTERS.items()}
TEXT_LABELS = ("title", "body", "heading")


def labels_path(page: Path) -> Path:
    return page.with_name(page.stem + ".labels.tsv")


def load(page: Path) -> Labels:
    return parse(labels_path(page).read_text(encoding="utf-8"))


def save(page: Path, labels: Labels) -> None:
    labels_path(page).write_text(dump(labels), encoding="utf-8")


def proposal(page: Path, source: str) -> Labels:
    want, rules = cleaner_view(page)
    if source == "expected":
        want = expected_of(page) or want
    return propose(page_lines(page), want, rules, source)


def parse_lines(spec: str, present: set[int]) -> set[int]:
    """`3-7,9` -> {3, 4, 5, 6, 7, 9}: a range takes the lines with text in it, a line named
    alone must have text."""
    picked: set[int] = set()
    for part in spec.split(","):
        low, dash, high = part.partition("-")
        span = set(range(int(low), int(high or low) + 1))
        picked.update(span & present if dash else span)
    return picked


def apply(labels: Labels, words: list[str], who: str) -> Labels:
    """`LINES LABEL [field=value|says=text ...]`, repeated: each named line set and confirmed;
    `field=` with no value takes the field off the line."""
    rows = {r.line: r for r in labels.rows}
    k = 0
    while k < len(words):
        lines, label = parse_lines(words[k], set(rows)), LETTERS.get(words[k + 1], words[k + 1])
        if label not in LABELS:
            raise LabelError(f"unknown label {words[k + 1]!r}")
        k += 2
        extra = {}
        while k < len(words) and "=" in words[k]:
            key, _, value = words[k].partition("=")
            extra[key] = value
            k += 1
        says = extra.pop("says", None)  # a line keeps what it says unless told; `says=`: all of it
        if set(extra) - set(FIELDS):
            raise LabelError(f"unknown fields {sorted(set(extra) - set(FIELDS))}")
        for n in sorted(lines):
            if n not in rows:
                raise LabelError(f"no line {n} with text on this page")
            r = rows[n]
            kept = r.says if label in TEXT_LABELS else None  # only text lines say anything
            fields = {k: v for k, v in {**r.fields, **extra}.items() if v}  # `source=` takes a field away
            rows[n] = replace(r, label=label, who=who, fields=fields, says=kept if says is None else says or None)
    return Labels(labels.script, labels.url, [rows[r.line] for r in labels.rows])


def show(labels: Labels, width: int = 110) -> str:
    out = []
    for r in labels.rows:
        mark = " " if r.confirmed else "?"
        extra = "".join(f" [{k}={v}]" for k, v in r.fields.items())
        says = f" => {r.says[:40]}" if r.says is not None else ""
        out.append(f"{r.line:4} {SHORT[r.label]}{mark} {r.label:13} {r.text[:width]}{says}{extra}")
    return "\n".join(out)


def problems(page: Path) -> list[str]:
    """What keeps a labelled page from being used: lines that moved, unread lines, stale JSON."""
    try:
        labels = load(page)
        derived = derive(labels)
    except (OSError, LabelError) as e:
        return [f"{page.name}: {e}"]
    found = []
    if [(r.line, r.text) for r in labels.rows] != [(i, t) for i, _, t in page_lines(page)]:
        found.append(f"{page.name}: lines differ from the splitter's (run `realign`)")
    if labels.script not in ("traditional", "simplified"):
        found.append(f"{page.name}: script {labels.script!r}, want traditional or simplified")
    if labels.unconfirmed():
        found.append(f"{page.name}: {len(labels.unconfirmed())} lines not confirmed")
    if not same_json(derived, expected_of(page)):
        found.append(f"{page.name}: expected JSON differs from the labels (run `derive --write`)")
    return found


def same_json(derived: dict[str, object], want: dict[str, object] | None) -> bool:
    """Equal as the corpus tests compare: punctuation width and spacing aside."""
    if want is None:
        return False
    as_text = lambda d: {k: fold(json.dumps(v, ensure_ascii=False)) for k, v in d.items() if k != "url"}  # noqa: E731
    return as_text(derived) == as_text(want)


def _pages(targets: list[Path]) -> list[Path]:
    return sorted(p for t in targets for p in ([t] if t.is_file() else t.rglob("*.txt")))


def _edit(page: Path, labels: Labels, who: str) -> Labels:
    print(show(labels))
    while True:
        try:
            words = shlex.split(input("label> "))
        except EOFError:  # input ended: keep what was saved, confirm nothing more
            return labels
        if not words or words[0] in ("q", "quit"):
            return labels
        if words[0] == "ok":
            labels.confirm(who)
            return labels
        try:
            labels = apply(labels, words, who)
        except (LabelError, ValueError, IndexError) as e:
            print(f"? {e}")
            continue
        save(page, labels)
        print(show(labels))


def run(args: argparse.Namespace) -> int:
    if args.command == "check":
        found = [p for page in _pages(args.pages) for p in problems(page)]
        print("\n".join(found) or "all labels confirmed and in sync")
        return 1 if found else 0
    page = args.pages[0]
    exists = labels_path(page).exists()
    if args.command == "propose" and exists and not args.force:
        raise LabelError(f"{labels_path(page).name} exists (--force replaces it)")
    if args.command == "realign":
        save(page, realign(load(page), page_lines(page), "realign"))
        return 0
    labels = load(page) if exists and args.command != "propose" else proposal(page, args.source)
    if args.command == "show":
        print(show(labels))
        print(json.dumps(derive(labels), ensure_ascii=False, indent=1) if exists else "(no label file yet)")
        return 0
    if args.command == "derive":
        text = json.dumps(derive(labels), ensure_ascii=False, indent=1) + "\n"
        if args.write:
            page.with_name(page.stem + ".expected.json").write_text(text, encoding="utf-8")
        print(text, end="")
        return 0
    if args.command == "set":
        labels = apply(labels, args.rest, args.who)
    elif args.command == "confirm":
        labels.confirm(args.who)
    elif args.command == "edit":
        labels = _edit(page, labels, args.who)
    save(page, labels)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("show", "propose", "set", "edit", "confirm", "derive", "check", "realign"))
    parser.add_argument("pages", type=Path, nargs="*", default=[Path("tests/data/pages")])
    parser.add_argument("--from", dest="source", choices=("expected", "cleaner"), default="cleaner")
    parser.add_argument("--who", default=os.environ.get("LABELLER") or os.environ.get("USER") or "")
    parser.add_argument("--force", action="store_true")
    parser.add_argument("--write", action="store_true")
    args, rest = parser.parse_known_args(argv)
    if args.command == "set":  # `set PAGE 3-7 b ...`: the first path is the page, the rest is labels
        rest = [str(p) for p in args.pages[1:]] + rest
        args.pages = args.pages[:1]
    args.rest = rest
    if args.command in ("set", "edit", "confirm") and not args.who:
        parser.error("say who is labelling: --who NAME (or $LABELLER)")
    try:
        return run(args)
    except LabelError as e:
        print(f"label: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
