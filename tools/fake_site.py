"""A newsroom's site on a real local HTTP server, for `audionews fetch` tests: an RSS feed of
article pages, Atom and JSON Feed versions, and the faults a crawler meets (500s, redirects,
a slow server, malformed XML, an oversized body, Big5 and GBK pages, a script-only page,
robots.txt) and the hostile ones (redirect chains and redirects anywhere, a robots.txt that
fails, `Retry-After`, a silent host). Every request is counted, and which of them were
answered 304."""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from email.utils import formatdate

from aiohttp import web

from tools.local_server import LocalServer, free_local_port

LAST_MODIFIED = formatdate(1_700_000_000, usegmt=True)
TRADITIONAL = (
    "市政府今天宣布，全市公車路線下月起延長營運時間，末班車延後到晚上十一點。",
    "交通部門表示，此次調整涵蓋一百二十條路線，每天約八十萬名乘客受惠。",
    "不少市民表示歡迎，認為夜間出門將更加方便。",
)
SENTENCES = (
    "市政府今天宣布，全市公交线路下月起延长运营时间，末班车推迟到晚上十一点。",
    "交通部门表示，此次调整覆盖一百二十条线路，将惠及每天约八十万名乘客。",
    "不少市民对此表示欢迎，认为夜间出行将更加方便。",
    "有关负责人介绍，调整后将根据客流情况继续优化班次安排。",
)


def article_html(n: int, extra: str = "", charset: str = "utf-8", sentences: tuple[str, ...] = SENTENCES) -> str:
    paragraphs = "".join(f"<p>第{n}篇。{s}</p>" for s in sentences) + (f"<p>{extra}</p>" if extra else "")
    return (
        f'<!doctype html><html><head><meta charset="{charset}"><title>第{n}篇標題 - 測試網</title>'
        f'<meta name="author" content="記者{n}"></head><body><nav><a href="/">首頁</a> | <a href="/n">要聞</a></nav>'
        f"<article><h1>第{n}篇標題</h1>{paragraphs}</article><footer>版權所有 測試網</footer></body></html>"
    )


@dataclass
class FakeSite:
    """Start with `with FakeSite() as site:`; `site.url("/feed.xml")` is where to fetch."""

    pages: dict[str, bytes] = field(default_factory=dict, repr=False)
    content_types: dict[str, str] = field(default_factory=dict, repr=False)
    requests: Counter[str] = field(default_factory=Counter)
    not_modified: Counter[str] = field(default_factory=Counter)
    slow_s: float = 3.0
    port: int = 0
    robots_status: int = 200  # 503: robots.txt "unreachable"; 302: a loop; 0: it never answers
    busy: list[str] = field(default_factory=list)  # Retry-After values /busy.xml answers 503 with first

    def __post_init__(self) -> None:
        for n in range(1, 6):
            self.set_page(f"/news/{n}.html", article_html(n))
        self.set_page("/feed.xml", self.rss(range(1, 6)), "application/rss+xml")
        self.set_page("/twice.xml", self.rss([1, 2, 2, 3]), "application/rss+xml")
        self.set_page("/atom.xml", self.atom(range(1, 4)), "application/atom+xml")
        self.set_page("/feed.json", self.json_feed(range(1, 4)), "application/feed+json")
        self.set_page(
            "/malformed.xml", '<?xml version="1.0"?><rss version="2.0"><channel><item><title>断', "application/rss+xml"
        )
        self.set_page("/huge.xml", "<?xml version='1.0'?><rss>" + "x" * 200_000 + "</rss>", "application/rss+xml")
        self.pages["/big5.html"] = article_html(6, "臺灣的報導，以大五碼編寫。", "big5", TRADITIONAL).encode("big5")
        self.content_types["/big5.html"] = "text/html; charset=big5"
        gbk = article_html(7, "这一页用国标码编写，只在网页里声明。", "gbk").encode("gbk")
        self.pages["/gbk.html"] = gbk
        self.content_types["/gbk.html"] = "text/html"
        self.set_page(
            "/shell.html",
            '<!doctype html><html><body><div id="app"></div><script src="/app.js"></script></body></html>',
        )
        self.set_page("/image.png", "PNG", "image/png")
        self.set_page("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
        self.set_page("/private/feed.xml", self.rss([1]), "application/rss+xml")

    # -- content ---------------------------------------------------------------------------

    def set_page(self, path: str, text: str, content_type: str = "text/html; charset=utf-8") -> None:
        self.pages[path] = text.encode("utf-8")
        self.content_types[path] = content_type

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def rss(self, numbers: Iterable[int]) -> str:
        items = "".join(
            f"<item><title>第{n}篇新闻标题</title><link>{self.url(f'/news/{n}.html')}</link>"
            f"<guid>news-{n}</guid><pubDate>{formatdate(1_700_000_000 + n * 3600, usegmt=True)}</pubDate></item>"
            for n in numbers
        )
        head = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>测试新闻网</title>'
        return f"{head}{items}</channel></rss>"

    def atom(self, numbers: Iterable[int]) -> str:
        entries = "".join(
            f'<entry><title>第{n}篇新闻标题</title><link href="{self.url(f"/news/{n}.html")}"/>'
            f"<id>urn:news:{n}</id><updated>2023-11-1{n}T08:00:00Z</updated></entry>"
            for n in numbers
        )
        return f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>原子新闻</title>{entries}</feed>'

    def json_feed(self, numbers: Iterable[int]) -> str:
        items = [
            {
                "id": f"json-{n}",
                "url": self.url(f"/news/{n}.html"),
                "title": f"第{n}篇新闻标题",
                "date_published": f"2023-11-1{n}T08:00:00+08:00",
                "authors": [{"name": f"记者{n}"}],
            }
            for n in numbers
        ]
        return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "JSON新闻", "items": items})

    # -- the server ------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        self.requests[path] += 1
        if path == "/error500.xml":
            return web.Response(status=500, text="internal error")
        if path == "/slow.xml":
            await asyncio.sleep(self.slow_s)
            return web.Response(text="late")
        if path == "/redirect":
            raise web.HTTPFound("/feed.xml")
        if path == "/loop":
            raise web.HTTPFound("/loop")
        hostile = await self._hostile(request)
        if hostile is not None:
            return hostile
        body = self.pages.get(path)
        if body is None:
            return web.Response(status=404, text="not found")
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if request.headers.get("If-None-Match") == etag:
            self.not_modified[path] += 1
            return web.Response(status=304, headers={"ETag": etag})
        headers = {"ETag": etag, "Last-Modified": LAST_MODIFIED, "Content-Type": self.content_types[path]}
        return web.Response(body=body, headers=headers)

    async def _hostile(self, request: web.Request) -> web.StreamResponse | None:
        """/hops/N: N redirects, then the feed; /to?url=X: a redirect to anything; /any/...: an
        article; /silent/...: an article after `slow_s`; /busy.xml: 503 with each `busy`
        Retry-After, then the feed; /robots.txt answering `robots_status`."""
        path = request.path
        if path.startswith("/hops/") and path[6:].isdigit():
            left = int(path[6:])
            if left == 0:
                return web.Response(body=self.pages["/feed.xml"], content_type="application/rss+xml")
            return web.Response(status=302, headers={"Location": f"/hops/{left - 1}"})
        if path == "/to":
            return web.Response(status=302, headers={"Location": request.query.get("url", "/")})
        if path.startswith("/any/"):  # any path at all: an article (property tests generate the paths)
            return web.Response(text=article_html(1), content_type="text/html")
        if path.startswith("/silent/"):
            await asyncio.sleep(self.slow_s)
            return web.Response(text=article_html(1), content_type="text/html")
        if path == "/busy.xml" and self.busy:
            return web.Response(status=503, headers={"Retry-After": self.busy.pop(0)})
        if path == "/busy.xml":
            return web.Response(body=self.pages["/feed.xml"], content_type="application/rss+xml")
        if path == "/robots.txt" and self.robots_status != 200:
            if not self.robots_status:
                await asyncio.sleep(self.slow_s)
            loop = {"Location": "/robots.txt"} if 300 <= self.robots_status < 400 else {}  # a redirect loop
            return web.Response(status=self.robots_status or 200, headers=loop, text="User-agent: *\nDisallow:\n")
        return None

    def __enter__(self) -> FakeSite:
        self.port = free_local_port()
        self.__post_init__()  # URLs in the feeds name the port
        self._server = LocalServer(self.port, lambda app: app.router.add_route("GET", "/{tail:.*}", self._handle))
        self._server.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.stop(_cancel_the_rest)


async def _cancel_the_rest() -> None:
    """Handlers still asleep (a silent host) end here, not as "Task was destroyed" at exit."""
    rest = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
    for task in rest:
        task.cancel()
    await asyncio.gather(*rest, return_exceptions=True)
