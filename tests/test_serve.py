"""`audionews serve` as a user runs it: a subprocess on 127.0.0.1, spoken to over real HTTP."""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import serving

PAYLOAD = bytes(range(256)) * 40  # 10240 bytes, every offset distinguishable


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Path]]:
    base = tmp_path_factory.mktemp("serve")
    feed = base / "feed"
    (feed / "episodes").mkdir(parents=True)
    (base / "secret.txt").write_text("outside feed/")
    (feed / ".hidden").write_text("dotfile")
    (feed / "index.html").write_text("<!doctype html><title>t</title>")
    (feed / "feed.xml").write_text("<rss version='2.0'/>")
    (feed / "episodes" / "a.mp3").write_bytes(PAYLOAD)
    (feed / "episodes" / "a.vtt").write_text("WEBVTT\n")
    (feed / "episodes" / "a.chapters.json").write_text('{"version": "1.2.0", "chapters": []}')
    with serving(base) as (port, proc):
        yield port, base
        proc.terminate()
        out, _ = proc.communicate(timeout=10)
    assert f"http://127.0.0.1:{port}/feed.xml" in out


def _request(port: int, method: str, path: str, headers: dict[str, str] | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request(method, path, headers=headers or {})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response, body


def test_types(server):
    port, _ = server
    expected = {
        "/": "text/html",
        "/feed.xml": "application/rss+xml",
        "/episodes/a.mp3": "audio/mpeg",
        "/episodes/a.vtt": "text/vtt",
        "/episodes/a.chapters.json": "application/json+chapters",
    }
    for path, mime in expected.items():
        response, _ = _request(port, "GET", path)
        assert response.status == 200 and response.getheader("Content-Type").startswith(mime), path


def test_head_answers_like_get_without_a_body(server):
    port, _ = server
    response, body = _request(port, "HEAD", "/episodes/a.mp3")
    assert response.status == 200 and body == b""
    assert response.getheader("Content-Length") == str(len(PAYLOAD))
    assert response.getheader("Accept-Ranges") == "bytes"


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [("bytes=100-199", 100, 199), ("bytes=10000-", 10000, 10239), ("bytes=-40", 10200, 10239)],
)
def test_byte_ranges(server, header, start, end):
    port, _ = server
    response, body = _request(port, "GET", "/episodes/a.mp3", {"Range": header})
    assert response.status == 206
    assert body == PAYLOAD[start : end + 1]
    assert response.getheader("Content-Range") == f"bytes {start}-{end}/{len(PAYLOAD)}"


def test_unsatisfiable_range(server):
    port, _ = server
    response, _ = _request(port, "GET", "/episodes/a.mp3", {"Range": "bytes=999999-"})
    assert response.status == 416


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/episodes/%2e%2e/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/..%2fsecret.txt",
        "/.hidden",
        "//etc/passwd",
        "/episodes/../../secret.txt",
    ],
)
def test_nothing_outside_feed_is_served(server, path):
    port, _ = server
    response, body = _request(port, "GET", path)
    assert response.status in (400, 403, 404)
    assert b"outside feed/" not in body and b"dotfile" not in body and b"root:" not in body


@pytest.mark.parametrize("path", ["/episodes/a.vtt", "/episodes/a.chapters.json"])
def test_transcripts_and_chapters_allow_any_origin(server, path):
    """Web players fetch them from another origin than the page they run on."""
    port, _ = server
    for method in ("GET", "HEAD"):
        response, _ = _request(port, method, path, {"Origin": "https://player.example"})
        assert response.status == 200 and response.getheader("Access-Control-Allow-Origin") == "*", (method, path)


def test_other_files_are_not_opened_to_other_origins(server):
    port, _ = server
    response, _ = _request(port, "GET", "/index.html", {"Origin": "https://player.example"})
    assert response.status == 200 and response.getheader("Access-Control-Allow-Origin") is None
