"""What the CLI shows: progress bars while a build runs, the one-screen summary after it, and
the table of voices."""

from __future__ import annotations

import threading
import time

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..model import EpisodeResult
from ..progress import BuildSummary, QuietReporter


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


def build_summary(console: Console, report: dict[str, object], base_url: str) -> None:
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


def voice_table() -> tuple[Table, list[str]]:
    """Every engine of the table with its voices, and a line about each engine and alias. Text
    from engines is escaped: rich would take `[baker]` in `pip install '.[baker]'` for markup."""
    from ..speech.engines import ALIASES, AUTO_ORDER, ENGINES, engine_class

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


class WatchConsole:
    """`audionews watch` on screen: a line per build and per fetch, failures always."""

    def __init__(self, console: Console, quiet: bool, verbose: bool) -> None:
        self.console, self.quiet, self.verbose = console, quiet, verbose

    def reporter(self) -> QuietReporter:
        return QuietReporter()

    def note(self, message: str) -> None:
        if not self.quiet:
            self.console.print(f"[dim]{escape(message)}[/dim]")

    def built(self, summary: BuildSummary, trigger: str) -> None:
        report = summary.report()
        for failed in summary.failed:
            self.console.print(f"[red]failed[/red] {escape(failed.error or '')}")
        if not self.quiet:
            self.console.print(
                f"{time.strftime('%H:%M:%S')} {escape(trigger)}: {report['built']} built, {report['unchanged']} "
                f"unchanged, {report['failed']} failed in {summary.elapsed_s:.1f} s → {escape(str(summary.feed_path))}"
            )

    def fetched(self, new: int, updated: int, failed: list[str]) -> None:
        for line in failed:
            self.console.print(f"[red]failed[/red] {escape(line)}")
        if not self.quiet and (new or updated or self.verbose):
            self.console.print(f"{time.strftime('%H:%M:%S')} fetched: {new} new, {updated} updated")
