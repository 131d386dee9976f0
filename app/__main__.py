"""Jade's command line and composition root.

``jade`` opens the window; ``jade --demo`` first starts the built-in sandbox Jira and connects
to it; ``jade check URL --user LOGIN`` (secret in ``JADE_TOKEN``) or ``jade check --profile NAME``
runs the connection test and prints one JSON object; ``jade search --jql '...'`` (same ways to
name the site) writes every matching issue as CSV or JSON lines.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jade", description="Jade, a desktop admin client for Jira."
    )
    parser.add_argument(
        "--demo", action="store_true", help="serve the built-in sandbox Jira and connect to it"
    )
    parser.add_argument(
        "--demo-flavour",
        choices=["cloud", "datacenter"],
        default="cloud",
        help="which Jira the demo sandbox pretends to be (default: cloud)",
    )
    parser.add_argument("--demo-issues", type=int, default=5000, help=argparse.SUPPRESS)
    # development aid: save a picture of the window once projects are shown, then quit
    parser.add_argument("--screenshot", type=Path, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command")
    check = sub.add_parser(
        "check",
        help="test a connection and print what was found as JSON",
        description="Test a connection (serverInfo, myself, mypermissions) and print one JSON "
        "object. The secret comes from the JADE_TOKEN environment variable, or from the keychain "
        "with --profile; never from the command line. Exit codes: 0 ok, 2 authentication, "
        "3 permission, 4 network/TLS, 5 protocol, 1 other.",
    )
    check.add_argument("url", nargs="?", help="the site's base URL")
    check.add_argument(
        "--user",
        default="",
        help="account e-mail (Cloud) or username (Data Center); omit it on Data Center to send "
        "JADE_TOKEN as a personal access token",
    )
    check.add_argument("--profile", help="use a saved profile (secret from the keychain)")
    check.add_argument("--ca-bundle", type=Path, help="PEM bundle of CAs to trust")
    check.add_argument("--insecure", action="store_true", help="do not verify TLS certificates")
    search = sub.add_parser(
        "search",
        help="write every issue matching a JQL query as CSV or JSON lines",
        description="Stream every issue matching --jql, in result order, as CSV (key, then the "
        "fields) or JSON lines. The site is named as for `jade check`: a URL with --user and the "
        "secret in JADE_TOKEN, or --profile. Progress and a summary go to stderr. Exit codes: "
        "0 ok, 2 authentication, 3 permission, 4 network/TLS, 5 protocol, 1 other (bad JQL too).",
    )
    search.add_argument("url", nargs="?", help="the site's base URL")
    search.add_argument(
        "--user",
        default="",
        help="account e-mail (Cloud) or username (Data Center); omit it on Data Center to send "
        "JADE_TOKEN as a personal access token",
    )
    search.add_argument("--profile", help="use a saved profile (secret from the keychain)")
    search.add_argument("--jql", required=True, help="the JQL query")
    search.add_argument(
        "--fields",
        default="key,summary,status,assignee",
        help="comma-separated field ids; key is always the first column "
        "(default: key,summary,status,assignee)",
    )
    search.add_argument(
        "--format",
        choices=["csv", "json"],
        default="csv",
        help="csv (default) or json (one JSON object per line)",
    )
    search.add_argument("--output", type=Path, help="write to this file (default: standard output)")
    search.add_argument("--ca-bundle", type=Path, help="PEM bundle of CAs to trust")
    search.add_argument("--insecure", action="store_true", help="do not verify TLS certificates")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``jade`` console script and ``python -m app``."""
    args = _parser().parse_args(argv)
    if args.command == "check":
        # imported here so that `jade check` never loads Qt
        from app.cli.check import CheckRequest, run_check  # noqa: PLC0415

        request = CheckRequest(args.url, args.user, args.profile, args.ca_bundle, args.insecure)
        return asyncio.run(run_check(request))
    if args.command == "search":
        # imported here so that `jade search` never loads Qt
        from app.cli.check import CheckRequest  # noqa: PLC0415
        from app.cli.search import SearchRequest, parse_fields, run_search  # noqa: PLC0415

        site = CheckRequest(args.url, args.user, args.profile, args.ca_bundle, args.insecure)
        search = SearchRequest(site, args.jql, parse_fields(args.fields), args.format, args.output)
        return asyncio.run(run_search(search))
    from app.sandbox import Flavour as SandboxFlavour  # noqa: PLC0415
    from app.ui.shell.application import run_gui  # noqa: PLC0415

    demo = SandboxFlavour(args.demo_flavour) if args.demo else None
    return run_gui(
        sys.argv[:1], demo=demo, demo_issues=args.demo_issues, screenshot=args.screenshot
    )


if __name__ == "__main__":
    sys.exit(main())
