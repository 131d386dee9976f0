"""``python -m app.sandbox``: serve a generated Jira site on loopback until interrupted.

The first three lines printed are machine-readable: ``url=…``, ``admin=LOGIN:SECRET`` and
``user=LOGIN:SECRET`` (LOGIN is the e-mail on Cloud and the username on Data Center). They are
printed once the socket accepts requests, so whoever reads ``url=`` can connect at once. Four
more follow for the two milestone services served beside Jira: ``pm-app=`` (the Project
Milestones app's endpoint URL), ``pm-app-admin=EMAIL:APP_TOKEN``, ``milestones-api=`` (the
Milestones API's base URL) and ``milestones-api-admin=API_KEY``; then comments (``# ...``).

Ctrl+C (SIGINT) stops it quietly with exit code 0. With ``--exit-with-stdin`` it also stops when
its standard input reaches end of file: a parent that holds the other end of that pipe (Jade's
demo) takes the sandbox with it however it ends, because the OS closes the pipe of a dead process.
"""

from __future__ import annotations

import _thread
import argparse
import contextlib
import os
import signal
import sys
import threading
from datetime import date
from typing import BinaryIO

from app.sandbox.app import Sandbox, SandboxConfig
from app.sandbox.http import FAULTS
from app.sandbox.milestones import API_KEYS, APP_TOKENS
from app.sandbox.model import Flavour
from app.sandbox.routes import milestones_api, pm_app
from app.sandbox.service import SandboxServer

_WAKE_S = 0.5


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the sandbox's command line."""
    parser = argparse.ArgumentParser(
        prog="python -m app.sandbox", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--flavour", choices=[f.value for f in Flavour], default="cloud")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--projects", type=int, default=12)
    parser.add_argument("--issues", type=int, default=5000)
    parser.add_argument(
        "--latency-ms", type=float, default=0.0, help="delay before every REST answer"
    )
    parser.add_argument(
        "--rate-limit", type=int, default=0, help="requests per window and user (0 = off)"
    )
    parser.add_argument(
        "--rate-window", type=float, default=10.0, help="rate-limit window in seconds"
    )
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        choices=FAULTS,
        help="fail the next REST request this way (repeatable)",
    )
    parser.add_argument(
        "--anchor",
        type=date.fromisoformat,
        default=None,
        help="the 'today' of the generated history (YYYY-MM-DD)",
    )
    parser.add_argument(
        "--search-window",
        type=int,
        default=10_000,
        help="Data Center: the most results one search pages through (Jira's 10,000)",
    )
    parser.add_argument(
        "--bench-board",
        type=int,
        default=0,
        metavar="ISSUES",
        help="benchmarks: one more scrum board (project BIG, eight columns) with ISSUES issues "
        "in sprints of 200",
    )
    parser.add_argument(
        "--bench-permissions",
        action="store_true",
        help="benchmarks: 500 more projects (PB000-PB499), 2,000 users and 200 groups, with "
        "role actors and schemes, for 'who can'",
    )
    parser.add_argument(
        "--exit-with-stdin",
        action="store_true",
        help="stop when standard input reaches end of file (the parent closed it or died)",
    )
    args = parser.parse_args(argv)
    if args.exit_with_stdin and sys.stdin is None:
        parser.error("--exit-with-stdin needs a standard input")
    return args


class StopRequest:
    """A request to stop: it interrupts the site's generation, or ends the wait while serving."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self._lock = threading.Lock()
        self._generating = True

    def generated(self) -> None:
        """From now on the main thread serves, and a stop only sets ``event``."""
        # under the lock: an interrupt sent before this point is raised in the main thread
        # before the server starts, never in the middle of its graceful shutdown
        with self._lock:
            self._generating = False

    def request(self) -> None:
        """Ask the main thread to stop, interrupting the generation if it is still running."""
        with self._lock:
            self.event.set()
            if self._generating:
                _thread.interrupt_main(signal.SIGINT)


def main(argv: list[str] | None = None) -> int:
    """Generate the site, print its URL and logins, and serve until interrupted."""
    args = parse_args(argv)
    stop = StopRequest()
    # a SIGINT ignored by inheritance (a shell's background job) would leave Ctrl+C and the
    # end-of-input stop powerless, so Python's own handler is put back
    signal.signal(signal.SIGINT, signal.default_int_handler)
    # Ctrl+C, or the end of input while the site is being generated: a quiet, successful stop
    with contextlib.suppress(KeyboardInterrupt):
        if args.exit_with_stdin:
            threading.Thread(
                target=_stop_at_end_of_input,
                args=(sys.stdin.buffer, stop),
                name="sandbox-stdin",
                daemon=True,
            ).start()
        _serve(args, stop)
    return 0


def _milestone_lines(url: str) -> list[str]:
    """Where the two milestone services answer, and the administrator's secrets for them."""
    email, token = next(iter(APP_TOKENS.items()))
    key = next(iter(API_KEYS))
    return [
        f"pm-app={url}{pm_app.ENDPOINT}",
        f"pm-app-admin={email}:{token}",
        f"milestones-api={url}{milestones_api.BASE}",
        f"milestones-api-admin={key}",
    ]


def _serve(args: argparse.Namespace, stop: StopRequest) -> None:
    config = SandboxConfig(
        flavour=Flavour(args.flavour),
        seed=args.seed,
        projects=args.projects,
        issues=args.issues,
        latency_ms=args.latency_ms,
        rate_limit=args.rate_limit,
        rate_window_s=args.rate_window,
        faults=list(args.fault),
        anchor=args.anchor,
        search_window=args.search_window,
        bench_board=args.bench_board,
        bench_permissions=args.bench_permissions,
    )
    sandbox = Sandbox(config)
    stop.generated()
    if stop.event.is_set():
        return
    # served from a thread so that the URL is printed only once the socket accepts requests;
    # leaving the block (a stop, Ctrl+C) shuts uvicorn down gracefully
    with SandboxServer(sandbox, args.host, args.port) as server:
        lines = [
            f"url={server.url}",
            f"admin={sandbox.admin.login}:{sandbox.admin.secret}",
            f"user={sandbox.user.login}:{sandbox.user.secret}",
            *_milestone_lines(server.url),
        ]
        if sandbox.flavour is Flavour.DATACENTER:
            lines.append(
                f"# personal access tokens: admin={sandbox.admin.pat} user={sandbox.user.pat}"
            )
        lines.append(
            f"# {config.flavour.value} site, seed {config.seed}: "
            f"{len(sandbox.store.projects)} projects, {len(sandbox.store.issues)} issues; "
            "Ctrl+C stops"
        )
        try:
            # one write: a reader that has the URL has the logins too
            sys.stdout.write("".join(f"{line}\n" for line in lines))
            sys.stdout.flush()
        except BrokenPipeError:
            # whoever started the sandbox stopped reading before it was ready: it is gone, so
            # stop too, and let nothing try to flush the dead pipe again at exit
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return
        # with a timeout: on Windows a lock wait without one cannot be interrupted by Ctrl+C
        while not stop.event.wait(_WAKE_S):
            pass


def _stop_at_end_of_input(stdin: BinaryIO, stop: StopRequest) -> None:
    """Read standard input to its end, then stop the sandbox (the parent is done or gone)."""
    while stdin.read(4096):
        pass
    stop.request()


if __name__ == "__main__":
    sys.exit(main())
