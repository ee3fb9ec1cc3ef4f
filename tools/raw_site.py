"""A raw TCP server answering each path with bytes as given: the malformed HTTP that aiohttp's
own server refuses to send (too many headers, a line too long, lengths that lie, a bad chunk
size, encodings nobody asked for). For `fetch` tests; binds 127.0.0.1 only."""

from __future__ import annotations

import socket
import socketserver
import threading
from dataclasses import dataclass, field


def answer(head: str, body: bytes = b"") -> bytes:
    """`head` is the status line and headers, one per line, without the blank line."""
    return head.replace("\n", "\r\n").encode("latin-1") + b"\r\n\r\n" + body


@dataclass
class RawSite:
    """`with RawSite({"/x": answer("HTTP/1.1 200 OK\\nContent-Length: 2", b"ok")}) as site:`"""

    answers: dict[str, bytes] = field(default_factory=dict)
    port: int = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _reply(self, request: bytes) -> bytes:
        parts = request.split(b" ", 2)
        path = parts[1].decode("latin-1") if len(parts) > 1 else "/"
        return self.answers.get(path, answer("HTTP/1.1 404 Not Found\nContent-Length: 0\nConnection: close"))

    def __enter__(self) -> RawSite:
        site = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                self.request.settimeout(5)
                data = b""
                try:
                    while b"\r\n\r\n" not in data and len(data) < 65536:
                        chunk = self.request.recv(4096)
                        if not chunk:
                            return
                        data += chunk
                    self.request.sendall(site._reply(data))
                    self.request.shutdown(socket.SHUT_WR)
                except OSError:
                    pass  # the client gave up first: what some tests are about

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self._server = Server(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(10)
