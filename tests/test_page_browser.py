"""The web page in a real headless Chromium (Debian's, driven by Playwright) against
`audionews serve`: it loads offline, the player knows the episode's length, chapters seek."""

from __future__ import annotations

import json

from tests.helpers import SEED, serving


def test_episode_page_plays_and_chapters_seek(seed_show, browser, tmp_path):
    root, report = seed_show
    [episode] = report["episodes"]
    chapters = json.loads((root / "feed/episodes" / f"{SEED.stem}.chapters.json").read_text())["chapters"]
    with serving(root) as (port, _):
        page = browser.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(f"http://127.0.0.1:{port}/episodes/{SEED.stem}.html")
        assert page.evaluate("document.documentElement.lang") == "zh-Hans"
        page.wait_for_function("document.querySelector('audio').readyState >= 1", timeout=15000)
        duration = page.evaluate("document.querySelector('audio').duration")
        assert abs(duration - episode["duration_s"]) < 1.0, duration
        buttons = page.locator("ol.chapters button")
        assert buttons.count() == len(chapters)
        target = chapters[2]
        buttons.nth(2).click()
        page.wait_for_function(
            f"document.querySelector('audio').currentTime >= {target['startTime'] - 0.5}", timeout=10000
        )
        current = page.evaluate("document.querySelector('audio').currentTime")
        assert target["startTime"] - 0.5 <= current <= target["startTime"] + 3.0
        assert page.locator(".transcript p").count() >= 15  # the article's text is on the page
        page.locator("button.copy").click()
        assert page.locator("button.copy").inner_text() == "已复制"
        page.screenshot(path=str(tmp_path / "episode.png"), full_page=False)
        # no external assets: everything came from our own server
        assert requests and all(u.startswith(f"http://127.0.0.1:{port}/") for u in requests), requests


def test_index_lists_episodes_and_works_on_a_phone(seed_show, browser):
    root, _ = seed_show
    with serving(root) as (port, _):
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(f"http://127.0.0.1:{port}/")
        assert page.locator("article.episode").count() == 1
        assert page.locator("audio[preload=metadata]").count() == 1
        # nothing wider than the phone's screen
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert page.locator("label[for=feed-url]").count() == 1
        assert page.locator("img[alt]").count() >= 1
