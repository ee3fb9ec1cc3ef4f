"""One function per command: read the settings, run the stage, print what it did. Errors are
raised as our own exceptions; `main` turns them into one line and an exit code."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..config import Config, load_config
from ..errors import AudionewsError, ConfigError, NotAnArticle
from ..model import Removal
from .exits import EXIT_OK, EXIT_PARTIAL
from .reporting import RichReporter, WatchConsole, build_summary, voice_table


def cmd_build(args: argparse.Namespace, out: Console, err: Console) -> int:
    from ..pipeline import build

    config = _with_broker(load_config(args.root.resolve(), args.config), args.broker)
    reporter = RichReporter(err, args.verbose)
    if args.quiet:
        from ..progress import QuietReporter

        summary = build(config, QuietReporter(), args.engine)
    else:
        with reporter:
            summary = build(config, reporter, args.engine)
    report = summary.report()
    if args.report:
        from ..fsutil import atomic_write_text

        atomic_write_text(args.report, json.dumps(report, ensure_ascii=False, indent=1))
    if not args.quiet:
        build_summary(out, report, config.base_url)
    if getattr(args, "preview", False):  # `update` shares this command without the option
        from ..publish.preview import write_preview

        out.print(f"preview of the unpublished episodes: {write_preview(config)}", highlight=False)
    for failed in summary.failed:
        if args.quiet:
            err.print(f"error: {failed.error}", highlight=False)
    return EXIT_PARTIAL if summary.failed else EXIT_OK


def cmd_fetch(args: argparse.Namespace, out: Console, err: Console) -> int:
    from ..fsutil import printable
    from ..sources.fetch import fetch_sources

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
    from ..clean import clean_source
    from ..ingest import read_article

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
    from ..scale import run_worker

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
    from ..lexicon import load_lexicon
    from ..textnorm import spoken_form

    config = load_config(args.root.resolve(), args.config)
    lexicon = load_lexicon(config.path(config.speech.lexicon))
    if args.text is not None:
        print(spoken_form(args.text, lexicon.replacements, lexicon.latin))
        return EXIT_OK
    for line in sys.stdin:
        print(spoken_form(line.rstrip("\n"), lexicon.replacements, lexicon.latin), flush=True)
    return EXIT_OK


def cmd_check(args: argparse.Namespace, out: Console, err: Console) -> int:
    from ..check import Listener, Report, check_episode, episodes_to_check, whisper_transcriber, write_report

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
    from ..serve import serve

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


def cmd_voices(args: argparse.Namespace, out: Console, err: Console) -> int:
    table, notes = voice_table()
    out.print(table)
    for line in notes:
        out.print(f"[dim]{escape(line)}[/dim]")
    return EXIT_OK


def cmd_watch(args: argparse.Namespace, out: Console, err: Console) -> int:
    from ..watch import watch

    config = _with_broker(load_config(args.root.resolve(), args.config), args.broker)
    watch(config, WatchConsole(err, args.quiet, args.verbose), args.engine)
    return EXIT_OK
