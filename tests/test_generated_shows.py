"""Generated shows: any file names, any contents. Whatever is in `articles/`, the build exits 0
or 1 without a traceback, the feed parses, and every enclosure is a file of its exact length.

`make test` runs a fixed set of examples (derandomised, so CI is repeatable); for a deeper
search run `HYPOTHESIS_PROFILE=deep .venv/bin/python -m pytest tests/test_generated_shows.py`.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import podcastparser
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.helpers import make_show, run_cli_with_edge
from tools.fake_edge import FakeEdgeService

settings.register_profile(
    "ci",
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "quick",  # make check
    max_examples=4,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "deep",
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

SENTENCES = [
    "今天上午，市政府召开新闻发布会。",
    "截至4月17日，累计707.99万人次。",
    "記者王曉明報導。",
    "相关新闻",
    "责任编辑：李华",
    "点击查看更多>>",
    "GDP增长5.2%，iPhone销量下降。",
    "主站蜘蛛池模板：男人天堂 | 天天碰",
    "第一段正文很短。",
    "（完）",
]

name_stems = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_characters="/\x00"), min_size=1, max_size=40),
    st.binary(min_size=1, max_size=60).filter(lambda b: b"/" not in b and b"\x00" not in b),
    st.sampled_from(["-", "--help", ".hidden", "a", "A", "长" * 83, "new\nline", " "]),
)
suffixes = st.sampled_from([".txt", ".md", ".html", ".TXT", ".htm"])


@st.composite
def file_names(draw: st.DrawFn) -> str:
    stem = draw(name_stems)
    raw = (stem if isinstance(stem, bytes) else stem.encode("utf-8")) + draw(suffixes).encode()
    return os.fsdecode(raw[-255:] if len(raw) > 255 else raw)


@st.composite
def contents(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["article", "article", "binary", "text", "front-matter"]))
    if kind == "binary":
        return draw(st.binary(max_size=3000))
    if kind == "text":
        return draw(st.text(max_size=400)).encode("utf-8", "surrogatepass")
    lines = draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=6))
    body = "\n\n".join(lines)
    if kind == "front-matter":
        date = draw(st.sampled_from(["2023-07-15 19:30", "2023-13-45", "昨天", ""]))
        body = f"---\ntitle: {draw(st.text(max_size=20))!s}\ndate: {date}\n---\n{body}"
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "big5", "utf-16"]))
    return body.encode(encoding, "replace")


shows = st.dictionaries(file_names(), contents(), min_size=1, max_size=4)


@pytest.fixture(scope="module")
def edge() -> Iterator[FakeEdgeService]:
    with FakeEdgeService() as service:
        yield service


@settings(settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci")))
@given(articles=shows)
def test_any_articles_folder_builds_or_fails_cleanly(articles: dict[str, bytes], edge, clip_cache: Path):
    root = Path(tempfile.mkdtemp(prefix="generated-"))
    make_show(root, clip_cache, engine="edge")
    written = 0
    for name, data in articles.items():
        try:
            (root / "articles" / name).write_bytes(data)
            written += 1
        except OSError:  # a name this file system refuses (too long once normalised): not our input
            continue
    run = run_cli_with_edge(edge.url, "build", "-C", root, "--report", root / "report.json")
    assert run.code in (0, 1), run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    report = json.loads((root / "report.json").read_text(encoding="utf-8"))
    assert len(report["episodes"]) == len(list((root / "articles").iterdir()))
    for episode in report["episodes"]:
        assert episode["status"] in ("built", "failed")
        if episode["status"] == "failed":
            assert episode["error"] and "\n" not in episode["error"]
    built = [e for e in report["episodes"] if e["status"] == "built"]
    assert len({e["slug"] for e in report["episodes"]}) == len(report["episodes"])  # every file its own name
    with (root / "feed/feed.xml").open("rb") as stream:
        feed = podcastparser.parse("http://podcast.test/show/feed.xml", stream)
    assert len(feed["episodes"]) == len(built)
    for item in feed["episodes"]:
        [enclosure] = item["enclosures"]
        relative = enclosure["url"].removeprefix("http://podcast.test/show/").split("?")[0]
        assert (root / "feed" / relative).stat().st_size == enclosure["file_size"]
    assert run.code == (1 if len(built) < len(report["episodes"]) else 0)
    event(f"{len(built)} of {len(report['episodes'])} built")
