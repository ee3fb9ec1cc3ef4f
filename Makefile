# Two commands do all set-up on a fresh machine: `make build` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: build update test check serve bench quality cleaning listen lint clean-feed help

help:
	@echo "make build    build every article in articles/ into feed/ (sets everything up first)"
	@echo "make test     run the test suite (sets everything up first)"
	@echo "make check    lint, format and the fast tests (under a minute)"
	@echo "make serve    serve feed/ on http://127.0.0.1:8000/"
	@echo "make quality  transcribe built episodes with offline whisper and score them"
	@echo "make update   fetch new articles from [[sources]], then build"
	@echo "make listen   hear the built episodes back with offline whisper: misreadings ranked"
	@echo "make cleaning score the cleaner on the real-page corpus (dev, held-out, labelled)"
	@echo "make bench    measure build speed, cache effect and memory"
	@echo "make lint     ruff"

# The virtualenv and everything the project needs, from pyproject.toml alone: `make build` installs
# the product (no TensorFlow), `make test` adds the test tools and the optional Baker voice.
TEST_STAMP := $(VENV)/.installed-test
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(TEST_STAMP)

build: $(STAMP)
	$(BIN)/audionews build --report .cache/audionews/last-build.json

# Pull new and changed articles from [[sources]] (audionews.toml), then build: what a cron job,
# a systemd timer or .github/workflows/update.yml runs.
update: $(STAMP)
	$(BIN)/audionews update --report .cache/audionews/last-build.json

# Test-only system packages from Debian, installed when missing (nothing is downloaded at run
# time): Chromium for the browser test (Playwright is told where it is), and ffmpeg, because a
# user's PATH ffmpeg is often Debian's 5.1 and one test builds an episode with it.
APT_INSTALL = if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null; \
	else sudo -n sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null'; fi
CHROMIUM := /usr/bin/chromium
SYSTEM_FFMPEG := /usr/bin/ffmpeg
REDIS_SERVER := /usr/bin/redis-server
$(CHROMIUM):
	@echo "installing Debian's chromium for the browser test"
	@$(call APT_INSTALL,chromium)
$(SYSTEM_FFMPEG):
	@echo "installing Debian's ffmpeg for the system-ffmpeg test"
	@$(call APT_INSTALL,ffmpeg)

$(REDIS_SERVER):
	@echo "installing Debian's redis-server for the distributed-build test"
	@$(call APT_INSTALL,redis-server)

test: lint $(CHROMIUM) $(SYSTEM_FFMPEG) $(REDIS_SERVER)
	$(BIN)/python -m pytest

# The quick loop while working: everything but the tests that build episodes with the offline
# voice, drive a browser or install into a new venv (conftest.py marks those `slow`), on two
# processes (most of these tests wait on a CLI subprocess or a local server).
check: lint
	HYPOTHESIS_PROFILE=quick $(BIN)/python -m pytest -q -m "not slow" -n 2

serve: $(STAMP)
	$(BIN)/audionews serve

LISTEN_STAMP := $(VENV)/.installed-check
$(LISTEN_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[check]'
	@touch $(LISTEN_STAMP)

# audionews check on every episode in feed/ (run `make build` first): check/index.html for editors.
listen: $(LISTEN_STAMP)
	$(BIN)/audionews check

QUALITY_STAMP := $(VENV)/.installed-quality
$(QUALITY_STAMP): $(TEST_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,quality]'
	@touch $(QUALITY_STAMP)

# Transcribes the episodes in feed/ (run `make build` first) and scores what is heard.
quality: $(QUALITY_STAMP)
	$(BIN)/python tools/quality.py --json .cache/audionews/quality.json

# The cleaner on tests/data/pages: dev pages (tuned on), held-out and labelled pages (never), apart.
cleaning: $(TEST_STAMP)
	$(BIN)/python -m tools.clean_eval -v

# Build speed, cache effect, engine concurrency, memory: figures, not pass/fail.
bench: $(TEST_STAMP) $(REDIS_SERVER)
	$(BIN)/python tools/bench.py

lint: $(TEST_STAMP)
	$(BIN)/ruff check src tests tools
	$(BIN)/ruff format --check src tests tools

clean-feed:
	rm -rf feed
