"""Session fixtures: one real show built with the offline voice, shared by the build tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import SEED, build, make_show


@pytest.fixture(scope="session")
def clip_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One clip cache for the whole session, so shows with the same text speak it once."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="session")
def seed_show(tmp_path_factory: pytest.TempPathFactory, clip_cache: Path):
    """The user's sample article, built from scratch through the real CLI."""
    root = make_show(tmp_path_factory.mktemp("seed-show"), clip_cache,
                     {SEED.name: SEED.read_text(encoding="utf-8")})
    run, report = build(root)
    assert run.code == 0, run.stderr
    return root, report
