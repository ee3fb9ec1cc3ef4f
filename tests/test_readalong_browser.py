"""The read-along page in a real headless Chromium (Playwright, Debian's browser) against
`audionews serve`, on a small show built with the tone stand-in (seconds, not Kokoro's minutes):
the marked sentence is the one being heard, a clicked sentence plays from its cue start, the
chapters follow, speed and position survive a reload, and without JavaScript it is plain text."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from audionews import pipeline
from audionews.config import load_config
from tests.helpers import make_show, serving
from tools.tone_engine import ToneEngine

CITY = (
    "---\ntitle: 市政新闻\nauthor: 王小明\ndate: 2026-11-28 09:00\n---\n"
    "市政府今天召开新闻发布会。会议由市长主持。全市经济保持平稳。\n\n"
    "## 交通\n\n地铁三号线明年开通。公交线路也将调整。市民可以在网上查询。\n\n"
    "## 天气\n\n气象台发布寒潮预警。气温将明显下降。请注意保暖。\n"
)
OLDER = "---\ntitle: 早间短讯\ndate: 2026-11-28 08:00\n---\n图书馆延长开放时间。周末开放到晚上九点。\n"
AUDIO = "document.querySelector('audio[data-readalong]')"
MARKED = "document.querySelectorAll('[aria-current=\"true\"]')"
MARKED_SELECTOR = "[aria-current='true']"


@pytest.fixture(scope="module")
def show(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    base = tmp_path_factory.mktemp("readalong")
    root = make_show(base / "show", base / "cache", {"city.md": CITY, "older.md": OLDER}, "[edition]\ndaily = true\n")
    pipeline.build(load_config(root), engine=ToneEngine())
    with serving(root) as (port, _):
        yield port


def _open(page: Page, port: int, slug: str) -> None:
    page.goto(f"http://127.0.0.1:{port}/episodes/{slug}.html")
    page.wait_for_function(f"{AUDIO}.readyState >= 1", timeout=15000)


def _seek(page: Page, seconds: float) -> None:
    page.evaluate(f"{AUDIO}.pause(); {AUDIO}.currentTime = {seconds}")
    page.wait_for_function(f"!{AUDIO}.seeking && Math.abs({AUDIO}.currentTime - {seconds}) < 0.05", timeout=5000)


def _marked(page: Page) -> list[tuple[float, float, float]]:
    """(start, end, currentTime) of every element marked aria-current="true"."""
    return page.evaluate(
        f"Array.from({MARKED}).map(e => [parseFloat(e.dataset.start), parseFloat(e.dataset.end), {AUDIO}.currentTime])"
    )


def _cues(page: Page) -> list[tuple[float, float]]:
    return page.evaluate(
        "Array.from(document.querySelectorAll('.transcript .cue')).map(e => [+e.dataset.start, +e.dataset.end])"
    )


@pytest.mark.parametrize("slug", ["city", "daily-2026-11-28"])
def test_the_sentence_heard_is_the_one_marked(show, browser, slug):
    page = browser.new_page()
    _open(page, show, slug)
    cues = _cues(page)
    assert len(cues) >= 8
    for start, end in (cues[3], cues[7], cues[-2]):
        _seek(page, (start + end) / 2)
        page.wait_for_function(f"{MARKED}.length === 1 && {MARKED}[0].dataset.start === '{start:.3f}'", timeout=3000)
        [(s, e, t)] = _marked(page)
        assert s <= t < e
    page.evaluate(f"{AUDIO}.play()")  # playing moves the mark along
    page.wait_for_function(f"{AUDIO}.currentTime > {cues[-2][1]} + 0.3 || {AUDIO}.ended", timeout=15000)
    page.evaluate(f"{AUDIO}.pause()")
    [(s, _e, t)] = _marked(page)
    following = [c for c in cues if c[0] > s]
    assert s <= t and (not following or t < following[0][0])  # in its sentence, or the pause after it
    page.close()


def test_clicking_the_fifth_sentence_seeks_to_its_cue_start(show, browser):
    page = browser.new_page()
    _open(page, show, "city")
    fifth = page.locator(".transcript .cue").nth(4)
    start = float(fifth.get_attribute("data-start"))
    page.evaluate(
        f"{AUDIO}.addEventListener('seeking', () => {{ window.seekedTo = {AUDIO}.currentTime }}, {{once: true}})"
    )
    fifth.click()
    page.wait_for_function("window.seekedTo !== undefined", timeout=5000)
    assert abs(page.evaluate("window.seekedTo") - start) <= 0.1
    assert fifth.get_attribute("aria-current") == "true" and len(_marked(page)) == 1
    page.close()


def test_the_chapter_list_follows_the_playhead(show, browser):
    page = browser.new_page()
    _open(page, show, "city")
    seeks = [float(b.get_attribute("data-seek")) for b in page.locator("ol.chapters [data-seek]").all()]
    for i in (1, 3):
        _seek(page, seeks[i] + 0.2)
        page.wait_for_function("document.querySelectorAll('ol.chapters .now').length === 1", timeout=3000)
        assert float(page.locator("ol.chapters .now").get_attribute("data-seek")) == seeks[i]
    page.close()


def test_speed_and_position_survive_a_reload(show, browser):
    context = browser.new_context()
    page = context.new_page()
    _open(page, show, "city")
    page.select_option("#rate", "1.5")
    _seek(page, 12.0)
    page.wait_for_function("localStorage.getItem('audionews:position:city') === '12.0'", timeout=3000)
    page.reload()
    page.wait_for_function(f"{AUDIO}.readyState >= 1 && Math.abs({AUDIO}.currentTime - 12) < 0.2", timeout=10000)
    assert page.evaluate(f"{AUDIO}.playbackRate") == 1.5 and page.input_value("#rate") == "1.5"
    _open(page, show, "older")  # the position is per episode, the speed for every one
    assert page.evaluate(f"{AUDIO}.currentTime") < 1 and page.evaluate(f"{AUDIO}.playbackRate") == 1.5
    context.close()


def test_player_controls_are_for_keyboards_and_screen_readers(show, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    _open(page, show, "city")
    live = page.locator("#readalong-live")
    assert live.get_attribute("aria-live") == "off"  # quiet unless asked
    page.locator("#readalong-announce").check()
    assert live.get_attribute("aria-live") == "polite"
    page.locator("[data-step='1']").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.wait_for_function(f"{MARKED}.length === 1", timeout=3000)
    assert live.inner_text() == page.locator("[aria-current='true']").inner_text()
    assert page.locator("a.next").get_attribute("href").endswith("older.html")  # the next episode
    page.mouse.wheel(0, 2000)
    assert page.locator(".player").bounding_box()["y"] <= 1  # the mini-player stays at the top
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.close()


def test_without_javascript_it_is_plain_text(show, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"http://127.0.0.1:{show}/episodes/city.html")
    assert "地铁三号线明年开通。公交线路也将调整。" in page.locator(".transcript").inner_text()
    assert not page.locator(".player .controls").is_visible() and page.locator(MARKED_SELECTOR).count() == 0
    context.close()


def test_the_seed_episode_marks_the_sentence_heard_at_two_minutes(seed_show, browser):
    """The issue's bar, on the user's own article read by the offline voice: at 2:00 the marked
    sentence is the one whose cue holds 2:00 (or, in a pause, the one just heard); a click on
    the fifth sentence plays from its cue start."""
    root, report = seed_show
    [episode] = report["episodes"]
    with serving(root) as (port, _):
        page = browser.new_page()
        _open(page, port, episode["slug"])
        _seek(page, 120.0)
        page.wait_for_function(f"{MARKED}.length === 1", timeout=3000)
        [(start, end, now)] = _marked(page)
        following = [c for c in _cues(page) if c[0] > start]
        assert start <= now and (now < end or (following and now < following[0][0])), (start, end, now)
        fifth = page.locator(".transcript .cue").nth(4)
        cue_start = float(fifth.get_attribute("data-start") or "nan")
        fifth.click()
        page.evaluate(f"{AUDIO}.pause()")
        assert abs(page.evaluate(f"{AUDIO}.currentTime") - cue_start) <= 0.1
        page.close()
