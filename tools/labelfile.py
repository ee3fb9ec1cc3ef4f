"""Line labels for the real-page corpus: one row per line of a page as the cleaner's line
splitter sees it, each labelled by a person, from which the page's expected JSON follows.

A label file is `<page>.labels.tsv` beside the page:

    # audionews line labels 1
    # script: traditional
    # url: -
    line  origin  label  who  fields  says  text

`line` is the index in the splitter's lines (`clean.page.prepare`), `origin` the page's own
line number; only lines with text are listed. `label` is one of LABELS. `who` is who set or
confirmed it: a person's name, or `proposal:<from>` while nobody has read the line yet.
`fields` gives metadata the line carries (`author=王小明;published=2024-05-01T00:00:00+08:00`),
`says` what a title, body or heading line contributes when that is not the whole line (a
credit cut off its end), `-` when empty. Tabs and backslashes in text are escaped.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from itertools import pairwise

from audionews.cjk import HAN_CHAR

VERSION = "1"
JUNK_KINDS = ("menu", "related", "caption", "ad", "spam", "share", "comment", "footer", "repeat", "story", "other")
LABELS = ("title", "body", "heading", "meta", *(f"junk:{k}" for k in JUNK_KINDS))
# one letter a label, for the labelling tool
LETTERS = {
    "t": "title",
    "b": "body",
    "h": "heading",
    "m": "meta",
    "n": "junk:menu",
    "r": "junk:related",
    "c": "junk:caption",
    "a": "junk:ad",
    "s": "junk:spam",
    "x": "junk:share",
    "k": "junk:comment",
    "f": "junk:footer",
    "p": "junk:repeat",
    "o": "junk:story",
    "j": "junk:other",
}
FIELDS = ("author", "editor", "source", "published")
COLUMNS = ("line", "origin", "label", "who", "fields", "says", "text")
PROPOSAL = "proposal:"


class LabelError(ValueError):
    """A label file that cannot be read, or labels no expected JSON follows from."""


@dataclass(frozen=True)
class Row:
    line: int
    origin: int
    label: str
    who: str
    text: str
    fields: dict[str, str] = field(default_factory=dict)
    says: str | None = None

    @property
    def confirmed(self) -> bool:
        return bool(self.who) and not self.who.startswith(PROPOSAL)

    @property
    def contributes(self) -> str:
        return self.text if self.says is None else self.says


@dataclass
class Labels:
    script: str
    url: str | None
    rows: list[Row]

    def unconfirmed(self) -> list[Row]:
        return [r for r in self.rows if not r.confirmed]

    def confirm(self, who: str) -> None:
        """A person has read every line and agrees with each label shown."""
        self.rows = [r if r.confirmed else replace(r, who=who) for r in self.rows]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t")


def _unescape(text: str) -> str:
    out, chars = [], iter(text)
    for c in chars:
        if c == "\\":
            nxt = next(chars, "")
            out.append("\t" if nxt == "t" else nxt)
        else:
            out.append(c)
    return "".join(out)


def _dump_fields(fields: dict[str, str]) -> str:
    for key, value in fields.items():
        if key not in FIELDS or ";" in value or "=" in value or "\t" in value:
            raise LabelError(f"field {key}={value!r}: unknown field, or a value with ; = or a tab")
    return ";".join(f"{k}={v}" for k, v in fields.items()) or "-"


def _parse_fields(cell: str) -> dict[str, str]:
    if cell == "-":
        return {}
    pairs = [part.partition("=") for part in cell.split(";")]
    bad = [k for k, eq, _ in pairs if k not in FIELDS or not eq]
    if bad:
        raise LabelError(f"unknown fields {bad} in {cell!r}")
    return {k: v for k, _, v in pairs}


def dump(labels: Labels) -> str:
    head = [f"# audionews line labels {VERSION}", f"# script: {labels.script}", f"# url: {labels.url or '-'}"]
    rows = ["\t".join(COLUMNS)]
    for r in labels.rows:
        if r.label not in LABELS:
            raise LabelError(f"line {r.line}: unknown label {r.label!r}")
        says = "-" if r.says is None else _escape(r.says)
        cells = (str(r.line), str(r.origin), r.label, r.who, _dump_fields(r.fields), says, _escape(r.text))
        rows.append("\t".join(cells))
    return "\n".join(head + rows) + "\n"


def _header(lines: list[str]) -> dict[str, str]:
    found = {}
    for line in lines:
        key, _, value = line.lstrip("# ").partition(": ")
        found[key] = value.strip()
    return found


def parse(text: str) -> Labels:
    lines = text.rstrip("\n").split("\n")
    comments = [s for s in lines if s.startswith("#")]
    if not comments or comments[0] != f"# audionews line labels {VERSION}":
        raise LabelError("not a label file of version " + VERSION)
    head = _header(comments[1:])
    body = [s for s in lines if not s.startswith("#")]
    if not body or tuple(body[0].split("\t")) != COLUMNS:
        raise LabelError("the column row is missing")
    rows = []
    for n, line in enumerate(body[1:], start=1):
        cells = line.split("\t")
        if len(cells) != len(COLUMNS):
            raise LabelError(f"row {n}: {len(cells)} cells, want {len(COLUMNS)}")
        index, origin, label, who, fields, says, line_text = cells
        if label not in LABELS:
            raise LabelError(f"row {n}: unknown label {label!r}")
        says_text = None if says == "-" else _unescape(says)
        rows.append(Row(int(index), int(origin), label, who, _unescape(line_text), _parse_fields(fields), says_text))
    url = head.get("url", "-")
    return Labels(script=head.get("script", ""), url=None if url == "-" else url, rows=rows)


def _join_title(parts: list[str]) -> str:
    """A headline printed over two lines: Chinese halves join directly, other text with a space."""
    title = ""
    for part in parts:
        glue = "" if not title or (HAN_CHAR.match(title[-1]) and HAN_CHAR.match(part[:1])) else " "
        title += glue + part
    return title


def _title(rows: list[Row]) -> str:
    picked = [n for n, r in enumerate(rows) if r.label == "title"]
    if not picked:  # a page that shows no headline (a repost's body alone)
        return ""
    if picked != list(range(picked[0], picked[-1] + 1)):
        raise LabelError("title lines must be one run: the title is chosen once for the page")
    return _join_title([rows[n].contributes.strip() for n in picked])


def _fields(rows: list[Row]) -> dict[str, str | None]:
    found: dict[str, str | None] = dict.fromkeys(FIELDS)
    for r in rows:
        for key, value in r.fields.items():
            if found[key] is not None and found[key] != value:
                raise LabelError(f"{key} given twice: {found[key]!r} and {value!r} (line {r.line})")
            found[key] = value
    return found


def derive(labels: Labels) -> dict[str, object]:
    """The expected JSON these labels mean, in the form `audionews clean --json` prints."""
    rows = labels.rows
    if any(a.line >= b.line for a, b in pairwise(rows)):
        raise LabelError("rows out of line order")
    text_rows = [r for r in rows if r.label in ("body", "heading") and r.contributes.strip()]
    return {
        "title": _title(rows),
        "paragraphs": [r.contributes.strip() for r in text_rows],
        "headings": [r.contributes.strip() for r in text_rows if r.label == "heading"],
        **_fields(rows),
        "script": labels.script,
        "url": labels.url,
    }
