"""The real CLI, run in a fresh child process without paying for its imports each time.

Most tests run `audionews …` as a user would, and most of that time was the interpreter importing
trafilatura, lxml, numpy and the rest again for every call (about 0.7 s of CPU each, over a
hundred calls in `make check`). Here one helper process imports them once and, for every call,
forks a child that takes the caller's working folder, environment and standard streams and runs
`audionews.cli.main` with the caller's arguments: a new process, as fresh as a started one
except that its modules are already imported (no test depends on an import side effect; the
signal and worker tests start real processes with Popen). The helper is single-threaded, so
forking it is safe. `AUDIONEWS_TESTS_SPAWN=1` runs every call as a plain subprocess instead.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

PRELOAD = ("audionews.cli.commands", "audionews.pipeline", "audionews.clean", "audionews.sources.fetch", "edge_tts")


def _send(conn: socket.socket, message: dict[str, object]) -> None:
    conn.sendall(json.dumps(message).encode("utf-8") + b"\n")


def _receive(stream) -> dict[str, object]:  # type: ignore[no-untyped-def]
    line = stream.readline()
    if not line:
        raise ConnectionError("the CLI runner closed the connection")
    return json.loads(line)


# --- the helper process ------------------------------------------------------------------------


def _run_child(request: dict) -> None:  # type: ignore[type-arg]
    """In the forked child: become the caller's process, run the CLI, exit with its code."""
    code = 1
    try:
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        time.tzset()
        for fd, name, mode in ((0, "stdin", os.O_RDONLY), (1, "stdout", os.O_WRONLY), (2, "stderr", os.O_WRONLY)):
            target = os.open(request[name], mode)
            os.dup2(target, fd)
            os.close(target)
        sys.argv = ["audionews", *request["args"]]
        if request.get("edge_url"):
            import edge_tts.communicate

            edge_tts.communicate.WSS_URL = request["edge_url"]
        from audionews.cli import main

        try:
            code = main(request["args"])
        except SystemExit as exc:  # argparse: --help, a bad option
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    except BaseException:
        traceback.print_exc()
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def _handle(conn: socket.socket) -> None:
    """A forked handler per request: forks the child, reports its pid, then its exit code."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    stream = conn.makefile("r", encoding="utf-8")
    request = _receive(stream)
    pid = os.fork()
    if pid == 0:
        conn.close()
        _run_child(request)
    _send(conn, {"pid": pid})
    _, status = os.waitpid(pid, 0)
    _send(conn, {"code": os.waitstatus_to_exitcode(status)})
    os._exit(0)


def serve(path: str) -> None:
    for module in PRELOAD:
        __import__(module)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # handlers are reaped by the kernel
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path + ".tmp")
    os.rename(path + ".tmp", path)  # the caller waits for the name: it exists once it is bound
    server.listen(16)
    while True:
        conn, _ = server.accept()
        if os.fork() == 0:
            server.close()
            _handle(conn)
        conn.close()


# --- the caller's side --------------------------------------------------------------------------

_RUNNER: dict[str, object] = {}


def _runner_socket() -> str:
    if "path" not in _RUNNER:
        folder = tempfile.mkdtemp(prefix="audionews-cli-")
        path = os.path.join(folder, "runner.sock")
        repo = str(Path(__file__).resolve().parent.parent)
        proc = subprocess.Popen([sys.executable, "-m", "tests.clirunner", path], cwd=repo, start_new_session=True)
        deadline = time.monotonic() + 60
        while not os.path.exists(path):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the CLI runner did not start")
            time.sleep(0.02)
        atexit.register(proc.kill)
        _RUNNER.update(path=path, proc=proc, folder=folder)
    return str(_RUNNER["path"])


def run(
    args: list[str], cwd: Path | None, stdin: str | None, timeout: float, edge_url: str | None = None
) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `audionews ARGS`, as a new process would give them."""
    with tempfile.TemporaryDirectory(prefix="audionews-call-") as folder:
        files = {name: os.path.join(folder, name) for name in ("stdin", "stdout", "stderr")}
        Path(files["stdin"]).write_text(stdin or "", encoding="utf-8")
        for name in ("stdout", "stderr"):
            Path(files[name]).touch()
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        conn.connect(_runner_socket())
        conn.settimeout(timeout)
        request = {"args": args, "cwd": str(cwd or os.getcwd()), "env": dict(os.environ), "edge_url": edge_url}
        with conn, conn.makefile("r", encoding="utf-8") as stream:
            _send(conn, {**request, **files})
            pid = int(_receive(stream)["pid"])  # type: ignore[arg-type]
            try:
                code = int(_receive(stream)["code"])  # type: ignore[arg-type]
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                raise subprocess.TimeoutExpired(["audionews", *args], timeout) from None
        out = Path(files["stdout"]).read_text(encoding="utf-8", errors="replace")
        err = Path(files["stderr"]).read_text(encoding="utf-8", errors="replace")
    return code, out, err


if __name__ == "__main__":
    serve(sys.argv[1])
