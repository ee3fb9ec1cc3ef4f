"""Shared fixtures: one real show built with the offline voice for the build tests, and the
headless browser for the page tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import SEED, build, make_show
from tools.fake_site import FakeSite


@pytest.fixture(scope="session")
def clip_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One clip cache for the whole session, so shows with the same text speak it once."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="session")
def seed_show(tmp_path_factory: pytest.TempPathFactory, clip_cache: Path):
    """The user's sample article, built from scratch through the real CLI."""
    root = make_show(tmp_path_factory.mktemp("seed-show"), clip_cache, {SEED.name: SEED.read_text(encoding="utf-8")})
    run, report = build(root)
    assert run.code == 0, run.stderr
    return root, report


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# as this workplace's probe starts it: no background traffic to hosts that cannot be reached
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's headless Chromium through Playwright (the browser tests' modules)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: `make test` installs Debian's chromium package (needs root)")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield instance
        instance.close()


# What `make check` leaves out (`-m "not slow"`): tests that build episodes with the offline
# voice (TensorFlow loads, real speech), drive a browser, install the project into a new venv, or
# build several shows to compare them (incremental, watch, drafts, notify). They all run in `make test`.
SLOW_FIXTURES = {"seed_show", "hostile_show", "real_voice", "listened_show", "newsroom"}
SLOW_MODULES = {
    "test_interrupt",
    "test_page_browser",
    "test_readalong_browser",
    "test_scale",
    "test_install",
    "test_notify",
    "test_incremental",
    "test_watch",
    "test_drafts",
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1] if item.module else ""
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())) or module in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def site() -> Iterator[FakeSite]:
    """A fake news site on loopback (the fetch tests' web)."""
    with FakeSite() as running:
        yield running
