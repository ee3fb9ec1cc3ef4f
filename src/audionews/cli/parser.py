"""The command line: every command, its options and its help."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import __version__
from ..speech.engines import ENGINE_CHOICES
from .commands import (
    cmd_build,
    cmd_check,
    cmd_clean,
    cmd_fetch,
    cmd_normalize,
    cmd_serve,
    cmd_update,
    cmd_voices,
    cmd_watch,
    cmd_worker,
)


def make_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "-C",
        "--root",
        type=Path,
        default=Path.cwd(),
        help="the show folder (with audionews.toml and articles/); default: here",
    )
    common.add_argument("--config", type=Path, default=None, help="settings file (default: ROOT/audionews.toml)")
    common.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    common.add_argument("-v", "--verbose", action="store_true", help="print a line per episode")
    parser = argparse.ArgumentParser(
        prog="audionews",
        description="Turn news articles into a Mandarin podcast: cleaned, read aloud, "
        "published as MP3 episodes with an RSS feed and a web page.",
        epilog="Exit codes: 0 ok, 1 some articles failed, 2 bad input or config, 3 build locked, "
        "4 no speech engine, 5 feed folder not writable (previous feed intact), 6 the broker (--broker) "
        "does not answer or was lost mid-build (nothing half-published), 70 internal error, 130 interrupted.",
    )
    parser.add_argument("--version", action="version", version=f"audionews {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build_options = argparse.ArgumentParser(add_help=False)
    build_options.add_argument("--report", type=Path, help="write a JSON report of the build to this file")
    build_options.add_argument("--engine", choices=ENGINE_CHOICES, help="override speech.engine")
    build_options.add_argument(
        "--broker",
        metavar="URL",
        help="speak the missing sentences on Celery workers through this Redis (redis://HOST:6379/0); "
        "overrides [scale] broker",
    )
    p = sub.add_parser(
        "build",
        parents=[common, build_options],
        help="build every article into feed/",
        description="Clean, speak, assemble and publish every article in articles/ "
        "into feed/ (MP3s, feed.xml, index.html). Only what changed is rebuilt.",
    )
    p.add_argument(
        "--preview",
        action="store_true",
        help="also write preview/ (beside feed/, never in it): pages and audio of the drafts and "
        "embargoed episodes, for editors",
    )
    p.set_defaults(func=cmd_build)

    source_urls = argparse.ArgumentParser(add_help=False)
    source_urls.add_argument(
        "urls",
        nargs="*",
        metavar="URL",
        help="RSS 2.0, Atom or JSON Feed URLs, or article pages (default: [[sources]] in audionews.toml)",
    )
    p = sub.add_parser(
        "fetch",
        parents=[common, source_urls],
        help="pull new and changed articles from feeds and pages into articles/",
        description="Read each source (a feed or an article page), extract every entry's page and "
        "write it to articles/ with front matter. The same entry always lands in the same file; "
        "unchanged feeds and pages cost a 304. Exit 0 when every source answered, 1 when some "
        "failed (each named), 2 on bad config.",
    )
    p.set_defaults(func=cmd_fetch)

    p = sub.add_parser(
        "update",
        parents=[common, build_options, source_urls],
        help="fetch, then build",
        description="`audionews fetch` then `audionews build`: what a cron job or a timer runs. "
        "Exit code: the build's, or 1 when the build was fine but a source failed.",
    )
    p.set_defaults(func=cmd_update)

    p = sub.add_parser(
        "watch",
        parents=[common, build_options],
        help="stay running: build each new or changed article at once, fetch sources on a schedule",
        description="The resident mode: build once, then keep the voice loaded and build again as soon "
        "as a file in articles/ is added, changed or removed (the new article's own episode first, the "
        "daily bulletin after); [[sources]] are fetched every watch.fetch_every_s. A change during a "
        "build is built right after it. Ctrl-C or SIGTERM stop it, leaving the feed valid (exit 130). "
        "Settings are read at start: restart it after editing audionews.toml.",
    )
    p.set_defaults(func=cmd_watch)

    p = sub.add_parser(
        "clean",
        parents=[common],
        help="show an article as it will be read",
        description="Clean one article file and print it (title, metadata, paragraphs).",
    )
    p.add_argument("file", type=Path, help="an article file (.txt, .md, .html)")
    p.add_argument("--json", action="store_true", help="print JSON (title, paragraphs, headings, ...)")
    p.add_argument("--explain", action="store_true", help="list each removed line and the rule that removed it")
    p.set_defaults(func=cmd_clean)

    p = sub.add_parser(
        "worker",
        parents=[common],
        help="speak sentences and render episodes for builds run with --broker (a Celery worker)",
        description="Run a Celery worker that speaks the sentences (queue speech) and renders the "
        "episodes (queue render) that builds send with --broker. Each worker process loads its voice "
        "once and renders with this machine's ffmpeg; it never writes feed/. Start as many as the "
        "machines allow; kill them any time (a task in progress is delivered again). Exit 6 when "
        "the broker does not answer.",
    )
    p.add_argument("--broker", metavar="URL", help="redis://HOST:6379/0 (default: [scale] broker)")
    p.add_argument("--queues", default="speech,render", help="queues to take tasks from (default: speech,render)")
    p.add_argument("--concurrency", type=int, default=1, help="worker processes (default 1; one per 2 cores)")
    p.set_defaults(func=cmd_worker)

    p = sub.add_parser(
        "normalize",
        parents=[common],
        help="print text as the offline voice will speak it",
        description="Print TEXT as the offline engine will speak it (numbers, dates and "
        "units in words, Simplified script, lexicon applied). Without TEXT, read standard "
        "input and print one line for each line read.",
    )
    p.add_argument("text", nargs="?", help="text to normalise (default: standard input)")
    p.set_defaults(func=cmd_normalize)

    p = sub.add_parser(
        "check",
        parents=[common],
        help="listen back: list the sentences most likely misread",
        description="Transcribe every synthesised sentence of the built episodes (from the clip "
        "cache) with offline whisper-base, compare it with what was meant as pinyin, and list the "
        "sentences most likely misread, with their time and a suggested lexicon entry. Writes "
        "report.json and index.html for editors (default folder: ROOT/check/, never feed/). "
        "Needs the check extra: pip install -e '.[check]'.",
    )
    p.add_argument("slugs", nargs="*", metavar="SLUG", help="episodes to check (default: every episode)")
    p.add_argument("--out", type=Path, default=None, help="folder for report.json and index.html")
    p.add_argument("--top", type=int, default=15, help="how many sentences to list on screen (default 15)")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser(
        "serve",
        parents=[common],
        help="serve feed/ over HTTP (HEAD, byte ranges)",
        description="Serve the built feed/ folder so podcast apps and browsers can use it.",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--directory", type=Path, default=None, help="folder to serve (default: the feed folder)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser(
        "voices",
        parents=[common],
        help="list the Mandarin voices of each engine",
        description="List Mandarin voices: the offline voice, and edge voices from the "
        "service when reachable (a built-in list otherwise).",
    )
    p.set_defaults(func=cmd_voices)
    return parser
