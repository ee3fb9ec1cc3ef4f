"""`audionews`: build, fetch, update, clean, normalize, check, serve, voices. Errors are one line, never
a traceback.

Exit codes: 0 success; 1 some articles failed (the rest were published); 2 bad input or
configuration; 3 another build holds the lock; 4 no speech engine can run; 5 the feed folder
cannot be written (the previous feed is intact); 6 the broker does not answer or was lost
mid-build; 70 internal error; 130 interrupted.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from dataclasses import replace
from pathlib import Path
from types import FrameType

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import __version__
from .config import Config, load_config
from .errors import AudionewsError, BrokerError, BuildLocked, ConfigError, EngineUnavailable, NotAnArticle, PublishError
from .model import EpisodeResult, Removal
from .speech.engines import ENGINE_CHOICES

EXIT_OK, EXIT_PARTIAL, EXIT_INPUT, EXIT_LOCKED, EXIT_ENGINE, EXIT_PUBLISH = 0, 1, 2, 3, 4, 5
EXIT_BROKER, EXIT_INTERNAL, EXIT_INTERRUPTED = 6, 70, 130


class RichReporter:
    """Progress bars on stderr: articles, and utterances of the episode being synthesised."""

    def __init__(self, console: Console, verbose: bool) -> None:
        self.console = console
        self.verbose = verbose
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self.articles = None
        self.utterances = None
        self.lock = threading.Lock()  # a distributed build reports from several threads

    def __enter__(self) -> RichReporter:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def note(self, message: str) -> None:
        self.console.print(f"[dim]{message}[/dim]")

    def start(self, total_articles: int) -> None:
        self.articles = self.progress.add_task("episodes", total=total_articles)

    def episode_start(self, slug: str, to_synthesize: int) -> None:
        with self.lock:
            if self.utterances is not None:
                self.progress.remove_task(self.utterances)
            self.utterances = self.progress.add_task(f"  {slug[:28]}: speaking", total=to_synthesize)

    def utterance_done(self) -> None:
        with self.lock:
            if self.utterances is not None:
                self.progress.advance(self.utterances)

    def episode_done(self, result: EpisodeResult) -> None:
        with self.lock:
            if self.utterances is not None:
                self.progress.remove_task(self.utterances)
                self.utterances = None
        if self.articles is not None:
            self.progress.advance(self.articles)
        if result.status == "failed":
            self.console.print(f"[red]failed[/red] {escape(result.error or '')}")
        elif self.verbose:
            r = result
            work = (
                (
                    f"; speech {r.synthesis_s:.1f} s, mastering and publishing {r.render_s:.1f} s, "
                    f"{r.loudness_lufs:.1f} LUFS"
                )
                if r.render_s is not None and r.synthesis_s is not None
                else ""
            )
            self.console.print(
                f"{result.status:9} {result.slug} ({result.duration_s or 0:.0f}s, "
                f"{result.synthesized} synthesised, {result.cached} cached{work})"
            )


def _summary(console: Console, report: dict[str, object], base_url: str) -> None:
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_row("episodes built", str(report["built"]))
    table.add_row("unchanged", str(report["unchanged"]))
    table.add_row("failed", f"[red]{report['failed']}[/red]" if report["failed"] else "0")
    if report["retracted"]:
        table.add_row("withdrawn", f"{report['retracted']} (retracted: true; their MP3s answer 410)")
    table.add_row("utterances", f"{report['synthesized']} synthesised, {report['cached']} from cache")
    table.add_row("engine", f"{report['engine']} ({report['engine_reason']})")
    table.add_row("audio", str(report["ffmpeg"]))
    table.add_row("feed", f"{report['feed']}")
    table.add_row("subscribe", f"{base_url}feed.xml  (run `make serve` to serve it)")
    table.add_row("time", f"{report['elapsed_s']:.1f} s")
    console.print(table)


def cmd_build(args: argparse.Namespace, out: Console, err: Console) -> int:
    from .pipeline import build

    config = _with_broker(load_config(args.root.resolve(), args.config), args.broker)
    reporter = RichReporter(err, args.verbose)
    if args.quiet:
        from .progress import QuietReporter

        summary = build(config, QuietReporter(), args.engine)
    else:
        with reporter:
            summary = build(config, reporter, args.engine)
    report = summary.report()
    if args.report:
        from .fsutil import atomic_write_text

        atomic_write_text(args.report, json.dumps(report, ensure_ascii=False, indent=1))
    if not args.quiet:
        _summary(out, report, config.base_url)
    for failed in summary.failed:
        if args.quiet:
            err.print(f"error: {failed.error}", highlight=False)
    return EXIT_PARTIAL if summary.failed else EXIT_OK


def cmd_fetch(args: argparse.Namespace, out: Console, err: Console) -> int:
    from .fsutil import printable
    from .sources.fetch import fetch_sources

    config = load_config(args.root.resolve(), args.config)

    def say(kind: str, line: str) -> None:
        # what a server sent (URLs, titles, reasons) with its control characters escaped: an
        # `ESC]0;` or `ESC[2J` in a feed never reaches the terminal
        err.print(f"{kind} {escape(printable(line))}")

    def note(message: str) -> None:
        if args.verbose:
            err.print(f"[dim]{escape(printable(message))}[/dim]")

    if args.quiet:
        summary = fetch_sources(config, args.urls, note)
    else:
        with err.status("fetching sources…"):
            summary = fetch_sources(config, args.urls, note)
    for line in summary.failed:
        say("[red]failed[/red]", line)
    if not args.quiet:
        for line in summary.lines("skipped"):
            say("[yellow]skipped[/yellow]", line)
        for line in summary.lines("new") + summary.lines("updated"):
            say("[dim]note[/dim]", line)
        report = summary.report()
        table = Table(show_header=False, box=None, pad_edge=False)
        table.add_row(
            "sources",
            f"{report['sources']} ({report['sources_failed']} failed, {report['feeds_not_modified']} not modified)",
        )
        table.add_row("articles", f"{report['new']} new, {report['updated']} updated, {report['unchanged']} unchanged")
        table.add_row("skipped", str(report["skipped"]))
        table.add_row("failed", f"[red]{report['failed']}[/red]" if report["failed"] else "0")
        table.add_row("written to", escape(printable(config.articles_dir)))
        out.print(table)
    return EXIT_PARTIAL if summary.failed else EXIT_OK


def cmd_update(args: argparse.Namespace, out: Console, err: Console) -> int:
    """fetch, then build: a fetch that partly failed still builds what it brought."""
    fetched = cmd_fetch(args, out, err)
    built = cmd_build(args, out, err)
    return built if built != EXIT_OK else fetched


def cmd_clean(args: argparse.Namespace, out: Console, err: Console) -> int:
    from .clean import clean_source
    from .ingest import read_article

    try:
        article = clean_source(read_article(args.file))
    except NotAnArticle as refused:
        if args.explain:  # why it was refused: every line that went, and the rule
            _print_removed(out, refused.removed)
        raise
    meta = article.meta
    if args.json:
        body = article.as_json()
        if args.explain:
            body["removed"] = [{"line": r.line_no, "rule": r.rule, "text": r.text} for r in article.removed]
        print(json.dumps(body, ensure_ascii=False, indent=1))
        return EXIT_OK
    out.print(f"[bold]{meta.title or '(no title)'}[/bold]", highlight=False)
    details = [
        f"{k}: {v}"
        for k, v in (
            ("author", meta.author),
            ("editor", meta.editor),
            ("source", meta.source),
            ("published", meta.published.isoformat() if meta.published else None),
            ("script", meta.script),
        )
        if v
    ]
    out.print("[dim]" + " · ".join(details) + "[/dim]", highlight=False)
    for block in article.blocks:
        style = "bold" if block.kind.value == "heading" else ""
        out.print(f"\n[{style}]{block.text}[/{style}]" if style else f"\n{block.text}", highlight=False)
    if args.explain:
        _print_removed(out, article.removed)
    return EXIT_OK


def _print_removed(out: Console, removed: tuple[Removal, ...]) -> None:
    out.print(f"\n[bold]removed {len(removed)} lines[/bold]")
    for r in removed:
        out.print(f"  line {r.line_no:>4}  [yellow]{r.rule:17}[/yellow] {r.text[:60]}", highlight=False, markup=True)


def _with_broker(config: Config, broker: str | None) -> Config:
    """`--broker URL` over `[scale] broker`."""
    if not broker:
        return config
    if not broker.startswith(("redis://", "rediss://")):
        raise ConfigError("--broker", "", f"must be a redis:// URL, got {broker!r}")
    return replace(config, scale=replace(config.scale, broker=broker))


def cmd_worker(args: argparse.Namespace, out: Console, err: Console) -> int:
    from .scale import run_worker

    config = _with_broker(load_config(args.root.resolve(), args.config), args.broker)
    if not config.scale.broker:
        raise ConfigError(
            config.source or "audionews.toml", "scale.broker", "a worker needs --broker or [scale] broker"
        )
    if not args.quiet:
        err.print(f"worker: queues {args.queues}, {args.concurrency} processes, broker {config.scale.broker}")
    run_worker(config, args.queues, args.concurrency)
    return EXIT_OK


def cmd_normalize(args: argparse.Namespace, out: Console, err: Console) -> int:
    from .lexicon import load_lexicon
    from .textnorm import spoken_form

    config = load_config(args.root.resolve(), args.config)
    lexicon = load_lexicon(config.path(config.speech.lexicon))
    if args.text is not None:
        print(spoken_form(args.text, lexicon.replacements, lexicon.latin))
        return EXIT_OK
    for line in sys.stdin:
        print(spoken_form(line.rstrip("\n"), lexicon.replacements, lexicon.latin), flush=True)
    return EXIT_OK


def cmd_check(args: argparse.Namespace, out: Console, err: Console) -> int:
    from .check import Listener, Report, check_episode, episodes_to_check, whisper_transcriber, write_report

    config = load_config(args.root.resolve(), args.config)
    records = episodes_to_check(config, args.slugs)
    listener = Listener(config, whisper_transcriber(config.cache_dir))
    report = Report()
    total = sum(1 for _ in records)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=args.quiet,
        transient=True,
    ) as progress:
        episodes_task = progress.add_task("episodes", total=total)
        for record in records:
            sentence_task = progress.add_task(f"  {record.slug}", total=None)
            checked = check_episode(listener, record, lambda task=sentence_task: progress.advance(task))
            progress.remove_task(sentence_task)
            progress.advance(episodes_task)
            report.episodes.append(checked)
            if args.verbose:
                out.print(f"{record.slug}: {len(checked.findings)} sentences heard in {checked.transcribe_s} s")
    out_dir = (args.out or config.root / "check").resolve()
    json_path, html_path = write_report(report, out_dir)
    if not args.quiet:
        table = Table(title="most likely misread", show_lines=False)
        for column in ("score", "episode", "at", "meant", "heard", "lexicon"):
            table.add_column(column)
        for f in report.ranked()[: args.top]:
            at = f"{int(f.start_s) // 60}:{int(f.start_s) % 60:02d}"
            table.add_row(
                f"{f.score:.2f}", f.slug, at, escape(f.display[:40]), escape(f.heard[:40]), escape(f.suggestion or "")
            )
        out.print(table)
        missing = sum(e.missing_clips for e in report.episodes)
        out.print(
            f"{len(report.episodes)} episodes, {sum(len(e.findings) for e in report.episodes)} sentences heard"
            + (f", {missing} not in the clip cache (run make build)" if missing else "")
            + f"\nreport: {html_path}\n        {json_path}"
        )
    return EXIT_OK


def cmd_serve(args: argparse.Namespace, out: Console, err: Console) -> int:
    from .serve import serve

    config = load_config(args.root.resolve(), args.config)
    directory = args.directory or config.feed_dir
    if not directory.is_dir():
        raise AudionewsError(f"{directory}: nothing to serve yet (run `make build` first)")
    serve(
        directory,
        args.host,
        args.port,
        announce=lambda url: out.print(f"serving {directory} at {url}\nfeed: {url}feed.xml"),
    )
    return EXIT_OK


def voice_table() -> tuple[Table, list[str]]:
    """Every engine of the table with its voices, and a line about each engine and alias. Text
    from engines is escaped: rich would take `[baker]` in `pip install '.[baker]'` for markup."""
    from .speech.engines import ALIASES, AUTO_ORDER, ENGINES, engine_class

    table = Table(title="Mandarin voices (speech.engine, speech.voice)")
    for column in ("engine", "voice", "sex", "licence / notes"):
        table.add_column(column)
    notes = []
    for entry in ENGINES:
        cls = engine_class(entry.name)
        rows, listed_from = cls.catalogue()
        here = entry.online or cls.available(None)
        label = entry.name if here else f"{entry.name} (not installed: {entry.install})"
        for voice, sex, note in rows:
            table.add_row(*map(escape, (label, voice, sex, "; ".join(filter(None, (entry.licence, note))))))
        notes.append(f"{entry.name}: {entry.summary}" + (f"; voices {listed_from}" if listed_from else ""))
    for alias, names in ALIASES.items():
        notes.append(f'engine = "{alias}" means the first installed of {", ".join(names)}')
    notes.append(f'engine = "auto" tries {", then ".join(AUTO_ORDER)}')
    return table, notes


def cmd_voices(args: argparse.Namespace, out: Console, err: Console) -> int:
    table, notes = voice_table()
    out.print(table)
    for line in notes:
        out.print(f"[dim]{escape(line)}[/dim]")
    return EXIT_OK


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


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    out = Console(highlight=False, soft_wrap=True)
    err = Console(stderr=True, highlight=False, soft_wrap=True, quiet=False)
    signal.signal(signal.SIGTERM, _terminate)
    try:
        return args.func(args, out, err)
    except KeyboardInterrupt:
        err.print("interrupted: the previous feed is still intact; the next build resumes from the cache")
        return EXIT_INTERRUPTED
    except BuildLocked as exc:
        err.print(f"error: {exc}", markup=False)
        return EXIT_LOCKED
    except EngineUnavailable as exc:
        err.print(f"error: {exc}", markup=False)
        return EXIT_ENGINE
    except PublishError as exc:
        err.print(f"error: {exc}", markup=False)
        return EXIT_PUBLISH
    except BrokerError as exc:
        err.print(f"error: {exc}; the previous feed is intact, a rerun resumes from the cache", markup=False)
        return EXIT_BROKER
    except AudionewsError as exc:
        err.print(f"error: {exc}", markup=False)
        return EXIT_INPUT
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug of ours: one line on screen, the traceback in a file
        log = _crash_log(args, exc)
        err.print(
            f"internal error: {type(exc).__name__}: {(str(exc).splitlines() or [''])[0][:200]} (traceback in {log})",
            markup=False,
        )
        return EXIT_INTERNAL


def _crash_log(args: argparse.Namespace, exc: BaseException) -> str:
    import tempfile
    import traceback

    from .fsutil import printable

    text = "".join(traceback.format_exception(exc))
    for folder in (Path(args.root) / ".cache" / "audionews", Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / "crash.log"
            path.write_text(text, encoding="utf-8", errors="backslashreplace")
            return printable(path)
        except OSError:
            continue
    return "nowhere: no folder was writable"


if __name__ == "__main__":
    sys.exit(main())
