"""``python -m app.sandbox``: serve a generated Jira site on loopback until interrupted.

The first three lines printed are machine-readable: ``url=…``, ``admin=LOGIN:SECRET`` and
``user=LOGIN:SECRET`` (LOGIN is the e-mail on Cloud and the username on Data Center).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from datetime import date

from app.sandbox.app import Sandbox, SandboxConfig
from app.sandbox.http import FAULTS
from app.sandbox.model import Flavour
from app.sandbox.service import SandboxServer


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
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Generate the site, print its URL and logins, and serve."""
    args = parse_args(argv)
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
    )
    sandbox = Sandbox(config)
    server = SandboxServer(sandbox, args.host, args.port)
    print(f"url={server.url}")
    print(f"admin={sandbox.admin.login}:{sandbox.admin.secret}")
    print(f"user={sandbox.user.login}:{sandbox.user.secret}")
    if sandbox.flavour is Flavour.DATACENTER:
        print(f"# personal access tokens: admin={sandbox.admin.pat} user={sandbox.user.pat}")
    print(
        f"# {config.flavour.value} site, seed {config.seed}: {len(sandbox.store.projects)} projects, "
        f"{len(sandbox.store.issues)} issues; Ctrl+C stops",
        flush=True,
    )
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
