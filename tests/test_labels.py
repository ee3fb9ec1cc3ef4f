"""Line labels (tools/labelfile.py): the expected JSON follows from a page's labels alone, and
every labelled page in the corpus is confirmed, matches the splitter's lines, and agrees with
its expected JSON."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tools.clean_eval import PAGES
from tools.label import apply, problems
from tools.label_propose import realign
from tools.labelfile import LabelError, Labels, Row, derive, dump, parse

FILE = """# audionews line labels 1
# script: traditional
# url: https://example.com/a/1
line\torigin\tlabel\twho\tfields\tsays\ttext
0\t1\tjunk:menu\tana\t-\t-\t首頁 | 新聞 | 體育
2\t3\ttitle\tana\t-\t-\t颱風來襲
3\t4\ttitle\tana\t-\t-\t北部停班停課
4\t5\tmeta\tana\tauthor=王小明;published=2024-05-01T09:30:00+08:00\t-\t記者王小明／台北報導 2024-05-01 09:30
5\t6\tbody\tana\t-\t-\t颱風今天登陸。
5\t6\tjunk:caption\tana\t-\t-\t現場畫面。（圖／讀者提供）
7\t8\theading\tana\t-\t-\t交通
8\t9\tbody\tana\teditor=李四\t高鐵停駛。\t高鐵停駛。（編輯：李四）
9\t10\tjunk:related\tana\t-\t-\t更多新聞：颱風假怎麼放
"""


def _labels(text: str = FILE) -> Labels:
    return parse(text.replace("5\t6\tjunk", "6\t7\tjunk"))


def test_labels_give_the_expected_json():
    assert derive(_labels()) == {
        "title": "颱風來襲北部停班停課",
        "paragraphs": ["颱風今天登陸。", "交通", "高鐵停駛。"],
        "headings": ["交通"],
        "author": "王小明",
        "editor": "李四",
        "source": None,
        "published": "2024-05-01T09:30:00+08:00",
        "script": "traditional",
        "url": "https://example.com/a/1",
    }


def test_a_label_file_reads_back_as_written():
    labels = _labels()
    odd = Row(11, 12, "body", "ana", "tab\there, a back\\slash", {}, None)
    labels.rows.append(odd)
    again = parse(dump(labels))
    assert again == labels and again.rows[-1].text == "tab\there, a back\\slash"


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (("5\t6\tbody", "5\t6\ttitle"), "one run"),  # title, meta, title: chosen twice
        (("editor=李四", "author=張三"), "author given twice"),
        (("junk:menu", "junk:menus"), "unknown label"),
        (("author=王小明", "writer=王小明"), "unknown fields"),
    ],
)
def test_labels_no_json_follows_from_are_refused(change: tuple[str, str], complaint: str):
    with pytest.raises(LabelError, match=complaint):
        derive(_labels(FILE.replace(*change)))


def test_setting_labels_by_line_ranges_confirms_them():
    labels = _labels()
    labels.rows = [replace(r, who="proposal:cleaner") for r in labels.rows]
    labels = apply(labels, ["5-7", "b", "9", "m", "source=中央社"], "ben")
    by_line = {r.line: r for r in labels.rows}
    assert [by_line[n].label for n in (5, 6, 7, 9)] == ["body", "body", "body", "meta"]
    assert by_line[9].fields == {"source": "中央社"} and by_line[9].who == "ben"
    assert [r.line for r in labels.unconfirmed()] == [0, 2, 3, 4, 8]
    labels.confirm("ben")
    assert not labels.unconfirmed()
    with pytest.raises(LabelError, match="no line 1 "):
        apply(labels, ["1", "b"], "ben")


def test_labels_follow_their_lines_when_the_splitter_changes():
    """A line the splitter now gives differently is new: proposed, unconfirmed; the rest keep
    their labels and who confirmed them, at their new line numbers."""
    labels = _labels()
    lines = [(0, 1, "首頁 | 新聞 | 體育"), (1, 3, "颱風來襲北部停班停課")]
    lines += [(r.line + 1, r.origin, r.text) for r in labels.rows[3:]]
    moved = realign(labels, lines, "test")
    assert [r.label for r in moved.rows[:3]] == ["junk:menu", "junk:other", "meta"]
    assert [r.line for r in moved.unconfirmed()] == [1]
    assert moved.rows[3].line == labels.rows[4].line + 1 and moved.rows[3].who == "ana"


LABELLED = sorted(PAGES.rglob("*.labels.tsv"))


def test_every_page_of_the_corpus_is_labelled():
    pages = sorted(PAGES.rglob("*.txt"))
    assert len(pages) >= 77 and [p.with_name(p.stem + ".labels.tsv") for p in pages] == LABELLED


@pytest.mark.parametrize("labels", LABELLED, ids=lambda p: p.name.removesuffix(".labels.tsv"))
def test_labelled_page_is_confirmed_and_in_sync(labels):
    assert problems(labels.with_name(labels.name.removesuffix(".labels.tsv") + ".txt")) == []
