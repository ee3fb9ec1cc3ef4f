"""Telling the apps: after a build that changed a feed, every WebSub hub of `[notify] hubs` is
told (hub.mode=publish, hub.url=<feed>) and the Podping endpoint is asked with the feed's URL;
a failing hub is one line and never the build's failure; a no-op build tells no one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from audionews import pipeline
from audionews.config import load_config
from audionews.errors import ConfigError
from audionews.publish.notify import PODPING_TOKEN_ENV
from tests.helpers import free_port, make_show, run_cli_with_edge
from tools.fake_edge import FakeEdgeService
from tools.fake_hub import FakeHub
from tools.tone_engine import ToneEngine

BASE = "http://podcast.test/show/"
FIRST = "---\ntitle: 第一条\ndate: 2026-11-28 08:00\n---\n市政府今天召开新闻发布会，介绍了全市经济运行情况。\n"
SECOND = "---\ntitle: 第二条\ndate: 2026-11-29 09:00\n---\n图书馆今天起延长开放时间，读者可以在晚上借书。\n"


def _toml(hubs: list[str], podping: str = "") -> str:
    listed = ", ".join(f'"{h}"' for h in hubs)
    return f'[edition]\ndaily = true\n[notify]\nhubs = [{listed}]\npodping = "{podping}"\ntimeout_s = 3.0\n'


def _show(tmp_path: Path, toml: str) -> Path:
    return make_show(tmp_path / "show", tmp_path / "cache", {"a.md": FIRST}, extra_toml=toml)


def _told(hub: FakeHub) -> list[tuple[str, str, str]]:
    return [(t.method, t.form.get("hub.mode", ""), t.form.get("hub.url") or t.form.get("url", "")) for t in hub.told]


def test_hubs_are_told_of_each_changed_feed_and_a_failing_one_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv(PODPING_TOKEN_ENV, "secret-token")
    with FakeHub() as hub, FakeHub(status=500) as broken, FakeHub(status=200) as podping:
        dead = f"http://127.0.0.1:{free_port()}/hub"  # nothing listens there
        root = _show(tmp_path, _toml([hub.url(), broken.url(), dead], podping.url("/ping")))
        summary = pipeline.build(load_config(root), engine=ToneEngine())
        assert not summary.failed
        feeds = {BASE + "feed.xml", BASE + "daily.xml"}
        assert {url for method, mode, url in _told(hub) if method == "POST" and mode == "publish"} == feeds
        assert len(hub.told) == 2 and len(broken.told) == 2
        assert {(t.method, t.path, t.form["url"], t.authorization) for t in podping.told} == {
            ("GET", "/ping", url, "secret-token") for url in feeds
        }
        failures = [p for p in summary.pings if p.error]
        assert {p.target for p in failures} == {broken.url(), dead} and len(failures) == 4
        assert "HTTP 500" in failures[0].line and "\n" not in failures[0].line
        log = (tmp_path / "cache" / "build.log").read_text("utf-8")
        assert f"{broken.url()} was not told of {BASE}feed.xml: HTTP 500" in log

        pipeline.build(load_config(root), engine=ToneEngine())  # nothing changed: nobody is told
        assert len(hub.told) == 2 and len(podping.told) == 2

        (root / "articles" / "b.md").write_text(SECOND, "utf-8")
        pipeline.build(load_config(root), engine=ToneEngine())
        assert _told(hub)[2:] == [("POST", "publish", BASE + "daily.xml"), ("POST", "publish", BASE + "feed.xml")]


def test_both_feeds_name_their_hubs(tmp_path):
    hubs = ["https://pubsubhubbub.appspot.com/", "https://hub.example.org/websub"]
    root = _show(tmp_path, _toml(hubs))
    with FakeHub() as unused:
        assert unused.told == []
        pipeline.build(load_config(root), engine=ToneEngine())
    atom = "{http://www.w3.org/2005/Atom}link"
    for name in ("feed.xml", "daily.xml"):
        channel = etree.fromstring((root / "feed" / name).read_bytes()).find("channel")
        links = [(el.get("rel"), el.get("href")) for el in channel.iter(atom)]
        assert [href for rel, href in links if rel == "hub"] == hubs
        assert ("self", BASE + name) in links


def test_the_cli_build_succeeds_when_every_hub_fails(tmp_path):
    """Through the real CLI, with the edge voice pointed at a local fake of the service."""
    with FakeHub(status=503) as hub, FakeEdgeService() as edge:
        root = _show(tmp_path, _toml([hub.url()]))
        report = root / "report.json"
        run = run_cli_with_edge(edge.url, "build", "-C", root, "--engine", "edge", "--report", report)
    assert run.code == 0, run.stderr
    data = json.loads(report.read_text("utf-8"))
    assert [p["target"] for p in data["notified"] if p["error"]] == [hub.url(), hub.url()]
    assert sorted(data["changed_feeds"]) == ["daily.xml", "feed.xml"]
    assert f"{hub.url()} was not told of {BASE}feed.xml: HTTP 503" in run.stderr + run.stdout


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ('hubs = ["ftp://hub.example.org/"]', "notify.hubs"),
        ('podping = "podping.cloud"', "notify.podping"),
        ("timeout_s = 0", "notify.timeout_s"),
    ],
)
def test_notify_settings_are_checked(tmp_path, line, key):
    root = make_show(tmp_path / "show", tmp_path / "cache", {}, extra_toml=f"[notify]\n{line}\n")
    with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
        load_config(root)
