"""Which episode pages need no rendering: rendering a thousand pages costs more than the rest of
a no-op publish. A page is a function of its record, of the episode after it (its "next" link)
and of what every page shares (the page templates and the publish code, the show's settings,
the AI-content label, the daily edition switch),
so it is skipped when its record is as the last build published it and the shared part is the
one the last build rendered with (`<cache>/pages.json`, written once every page is written)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..config import Config
from ..fsutil import atomic_write_text
from ..wire import to_wire
from .records import EpisodeRecord
from .site import next_episodes

MEMO_NAME = "pages.json"
_HERE = Path(__file__).parent


def site_digest(config: Config, label: str) -> str:
    shared = [to_wire(config.show), label, config.edition.daily, config.base_url]
    digest = hashlib.sha256(json.dumps(shared, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    for path in [*sorted((_HERE / "templates").iterdir()), *sorted(_HERE.glob("*.py"))]:  # site, readalong, this
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def unchanged_pages(
    config: Config, label: str, records: list[EpisodeRecord], previous: dict[str, EpisodeRecord]
) -> frozenset[str]:
    """The slugs whose published page is already what rendering would give. When the shared
    part changed, none, and the memo is removed until every page has been written again."""
    memo = config.cache_dir / MEMO_NAME
    try:
        same = json.loads(memo.read_text(encoding="utf-8")).get("site") == site_digest(config, label)
    except (OSError, ValueError, AttributeError):
        same = False
    if not same:
        memo.unlink(missing_ok=True)
        return frozenset()
    feed_dir = config.feed_dir
    # a page also links the episode after it: a page whose neighbour changed is rendered again
    after, after_before = next_episodes(records), next_episodes(list(previous.values()))
    return frozenset(
        r.slug
        for r in records
        if previous.get(r.slug) == r
        and after.get(r.slug) == after_before.get(r.slug)
        and (feed_dir / r.files.page).is_file()
    )


def remember_site(config: Config, label: str) -> None:
    """Every page is written with this shared part (called after the pages are written)."""
    atomic_write_text(config.cache_dir / MEMO_NAME, json.dumps({"site": site_digest(config, label)}))
