"""Front matter (src/audionews/frontmatter.py): what `fetch` writes, the build reads back exactly;
hand-written `key: value` lines that are not YAML still read as they always did."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audionews.errors import ArticleError
from audionews.frontmatter import Timestamp, dump_front_matter
from audionews.ingest import split_front_matter

KEYS = frozenset({"title", "author", "url", "published", "source"})
one_line = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=60).map(
    lambda t: " ".join(t.split())
)


@settings(max_examples=300, deadline=None)
@given(fields=st.fixed_dictionaries({key: one_line for key in sorted(KEYS)}))
def test_what_is_written_is_read_back_exactly(fields):
    text = dump_front_matter({**fields, "published": Timestamp(fields["published"])}) + "\n正文。\n"
    read, body = split_front_matter(text, Path("a.md"))
    assert read == {key: value for key, value in fields.items() if value} and body.strip() == "正文。"


@settings(max_examples=300, deadline=None)
@given(block=st.text(max_size=120))
def test_any_block_is_fields_or_one_error(block):
    try:
        fields, _ = split_front_matter(f"---\n{block}\n---\n正文。\n", Path("a.md"))
    except ArticleError as exc:
        assert "\n" not in str(exc).strip()
        return
    assert all(isinstance(v, str) and len(v.splitlines()) <= 1 for v in fields.values())


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("title: 时间: 下午3点", "时间: 下午3点"),  # not YAML: read line by line, as before
        ('title: "double quoted" then more', '"double quoted" then more'),  # quotes kept unless whole
        ("title: 'it''s quoted'", "it's quoted"),
        ('title: "a: b"', "a: b"),
        ("title: yes", "yes"),  # text, not a boolean
        ("title: 2024-01-01", "2024-01-01"),
        ("title: [快讯] 今日要闻", "[快讯] 今日要闻"),
        ("title: #热点# 今日要闻", "#热点# 今日要闻"),  # not a YAML comment: a hashtag, as written
        ("title: 第1期 #热点", "第1期 #热点"),
        ("title: &nbsp;新闻", "&nbsp;新闻"),
        ('title: "两行\\n标题"', "两行 标题"),  # values stay on one line, as they always were
        ("title: |\n  块\n  标量", "块 标量"),
    ],
)
def test_hand_written_front_matter_still_reads(line, title):
    fields, _ = split_front_matter(f"---\n{line}\nauthor: 记者\n---\n正文。\n", Path("a.md"))
    assert fields == {"title": title, "author": "记者"}
