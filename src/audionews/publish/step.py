"""The build's last step: staged episodes moved into place, the manifest, pages and feeds
written, and only then what is no longer published deleted, so a build stopped at any point
(Ctrl-C, a full disk) leaves every feed naming files that exist."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..buildlog import BuildLog
from ..config import Config
from ..model import EpisodeResult, EpisodeStatus
from .output import STAGING_DIR, feed_writes, promote_rendered, publish_show, remove_unpublished, still_published
from .records import EpisodeRecord, retire

if TYPE_CHECKING:
    from ..execute import Outcome
    from ..render import ShowAssets


def _promote(config: Config, outcome: Outcome, log: BuildLog) -> Outcome:
    """A built episode's files moved from staging into feed/; one that cannot be is that
    episode's failure (its previous episode stays when intact), not the build's."""
    if not outcome.staged:
        return outcome
    result = outcome.result
    try:
        promote_rendered(config.feed_dir, result.slug)
        return outcome
    except OSError as exc:
        kept = still_published(config.feed_dir, outcome.prior)
        failed = replace(
            result, status=EpisodeStatus.FAILED, error=log.reason(Path(result.slug), exc), kept_previous=bool(kept)
        )
        return replace(outcome, result=failed, record=kept, staged=False)


def publish_build(
    config: Config,
    outcomes: list[Outcome],
    assets: ShowAssets,
    notice: str,
    log: BuildLog,
    previous: dict[str, EpisodeRecord] | None = None,
) -> tuple[list[EpisodeResult], list[str]]:
    """Publish what the build made and kept; the results shown, in order, and the feeds that
    changed (the ones to tell the apps about). `previous`: the manifest the build started from."""
    feed_dir = config.feed_dir
    placed = [_promote(config, o, log) for o in outcomes]
    shutil.rmtree(feed_dir / STAGING_DIR, ignore_errors=True)
    published = [o.record for o in placed if o.record]
    if config.show.retire == "remove":
        published = retire(published, config.show.max_episodes)
    with feed_writes():
        changed = publish_show(config, published, assets.cover, assets.cover_name, notice.rstrip("。"), previous)
        remove_unpublished(config, published)
    return [o.result for o in placed if o.shown], changed
