// Read-along (docs/ARCHITECTURE.md, "Pages"): the sentence being spoken marked aria-current
// and kept in view, a clicked sentence played from its cue start, the chapter list following
// the playhead, speed and position remembered. The times are the page's own data-start and
// data-end (from the episode's .vtt); without JavaScript the page is plain text.
(function () {
  "use strict";
  var audio = document.querySelector("audio[data-readalong]");
  if (!audio) { return; }
  var slug = audio.getAttribute("data-readalong");
  var all = function (selector) { return Array.prototype.slice.call(document.querySelectorAll(selector)); };
  var cues = all(".transcript .cue");
  var starts = cues.map(function (c) { return parseFloat(c.getAttribute("data-start")); });
  var chapters = all("ol.chapters [data-seek]");
  var chapterStarts = chapters.map(function (c) { return parseFloat(c.getAttribute("data-seek")); });
  var bar = document.querySelector(".player");
  var rate = document.getElementById("rate");
  var announce = document.getElementById("readalong-announce");
  var live = document.getElementById("readalong-live");
  var RATE_KEY = "audionews:rate";
  var POSITION_KEY = "audionews:position:" + slug;
  var calm = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var current = -1, chapter = -1, restored = false, saved = -1, scrolledAt = 0;

  // localStorage can be missing or refuse (private windows, full quota): then nothing persists
  function load(key) { try { return window.localStorage.getItem(key); } catch (e) { return null; } }
  function store(key, value) {
    try {
      if (value === null) { window.localStorage.removeItem(key); } else { window.localStorage.setItem(key, value); }
    } catch (e) { /* not remembered */ }
  }

  // the last index whose start is at or before t (-1 before the first)
  function lastAt(list, t) {
    var lo = 0, hi = list.length - 1, found = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (list[mid] <= t) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  }

  function keepInView(el) {
    if (Date.now() - scrolledAt < 4000) { return; }  // the reader is looking elsewhere
    var box = el.getBoundingClientRect();
    var top = bar ? bar.getBoundingClientRect().bottom : 0;
    if (box.top < top || box.bottom > window.innerHeight) {
      el.scrollIntoView({ block: "center", behavior: calm ? "auto" : "smooth" });
    }
  }

  function mark(i) {
    if (i === current) { return; }
    if (current >= 0) { cues[current].removeAttribute("aria-current"); }
    current = i;
    if (i < 0) { return; }
    cues[i].setAttribute("aria-current", "true");
    keepInView(cues[i]);
    if (announce && announce.checked) { live.textContent = cues[i].textContent; }
  }

  function markChapter(i) {
    if (i === chapter) { return; }
    if (chapter >= 0) { chapters[chapter].classList.remove("now"); chapters[chapter].removeAttribute("aria-current"); }
    chapter = i;
    if (i >= 0) { chapters[i].classList.add("now"); chapters[i].setAttribute("aria-current", "step"); }
  }

  function remember(force) {
    if (!restored) { return; }  // not before the saved position was read back
    var t = audio.currentTime;
    if (force || Math.abs(t - saved) >= 1) { saved = t; store(POSITION_KEY, t.toFixed(1)); }
  }

  function follow() {
    var t = audio.currentTime;
    mark(lastAt(starts, t));  // in the pause after a sentence it stays marked
    markChapter(lastAt(chapterStarts, t));
    remember(false);
  }

  function setRate(value) {
    var r = parseFloat(value);
    if (!(r >= 0.75 && r <= 2)) { r = 1; }
    audio.defaultPlaybackRate = r;
    audio.playbackRate = r;
    if (rate) { rate.value = String(r); }
  }

  function restore() {
    if (restored) { return; }
    var at = parseFloat(load(POSITION_KEY));
    if (at > 1 && !(audio.duration && at > audio.duration - 2)) { audio.currentTime = at; }
    setRate(load(RATE_KEY) || "1");
    restored = true;
    saved = at;
    follow();
  }

  function seekTo(i) {
    if (i < 0 || i >= cues.length) { return; }
    audio.currentTime = starts[i];
    mark(i);
    scrolledAt = 0;
    audio.play().catch(function () {});
  }

  cues.forEach(function (cue, i) { cue.addEventListener("click", function () { seekTo(i); }); });
  all("[data-step]").forEach(function (button) {
    button.addEventListener("click", function () {
      seekTo(Math.max(0, current + parseInt(button.getAttribute("data-step"), 10)));
    });
  });
  if (rate) {
    rate.addEventListener("change", function () { setRate(rate.value); store(RATE_KEY, rate.value); });
  }
  if (announce) {
    announce.addEventListener("change", function () {
      live.setAttribute("aria-live", announce.checked ? "polite" : "off");
    });
  }
  audio.addEventListener("ratechange", function () {
    if (restored && rate && audio.playbackRate >= 0.75 && audio.playbackRate <= 2) {
      rate.value = String(audio.playbackRate);
      store(RATE_KEY, String(audio.playbackRate));
    }
  });
  audio.addEventListener("timeupdate", follow);
  audio.addEventListener("seeked", function () { follow(); remember(true); });
  audio.addEventListener("pause", function () { remember(true); });
  audio.addEventListener("ended", function () { store(POSITION_KEY, null); });
  window.addEventListener("pagehide", function () { remember(true); });
  ["wheel", "touchmove"].forEach(function (type) {
    window.addEventListener(type, function () { scrolledAt = Date.now(); }, { passive: true });
  });
  if (audio.readyState >= 1) { restore(); } else { audio.addEventListener("loadedmetadata", restore); }
  var controls = document.querySelector(".player .controls");
  if (controls) { controls.hidden = false; }
})();
