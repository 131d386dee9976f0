"""``jade check``: the connection test of the dialog, for scripts, as one JSON object."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import TextIO

import httpx

from app.api.platform import MY_PERMISSIONS
from app.cli.command_line import Subcommands, add_command
from app.cli.exit_codes import EXIT_OK, report_failure
from app.cli.site_args import SITE_ERRORS, SiteArguments, resolve_site
from app.session import MISSING_PERMISSIONS, check_profile
from app.store.keychain import SecretStore
from app.store.profiles import ProfileStore

__all__ = ["register", "run_check"]

_COMMAND = "jade check"


def register(commands: Subcommands, site: argparse.ArgumentParser) -> None:
    """Add ``jade check`` to ``commands``; ``site`` is the parent parser of the site arguments."""
    add_command(
        commands,
        "check",
        _run,
        parents=[site],
        help="test a connection and print what was found as JSON",
        description="Test a connection (serverInfo, myself, mypermissions) and print one JSON "
        'object; "permissions" lists the permission keys held (null when the site does not '
        'say: its "missing" lists mypermissions). Exit codes: 0 ok, 1 other, '
        "2 authentication, 3 permission, 4 network/TLS, 5 protocol, 64 usage, 130 interrupted.",
    )


def _run(args: argparse.Namespace) -> int:
    return asyncio.run(run_check(SiteArguments.from_namespace(args)))


async def run_check(
    site: SiteArguments,
    *,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
    profiles: ProfileStore | None = None,
    secrets: SecretStore | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> int:
    """Run the connection test; print JSON to ``out`` or the error to ``err``; return the exit code."""
    try:
        profile, secret = await resolve_site(
            site, profiles=profiles, secrets=secrets, transport=transport
        )
        outcome = await check_profile(profile, secret, transport)
    except SITE_ERRORS as error:
        return report_failure(_COMMAND, error, err)
    report = outcome.report
    if report is None:
        print(json.dumps({"kind": profile.kind.value, "message": outcome.text}), file=out)
        return EXIT_OK
    held = report.held
    print(
        json.dumps(
            {
                "flavour": report.server.flavour.value,
                "version": report.server.version,
                "deploymentType": report.server.deployment_type,
                "user": report.user.id if report.user else None,
                "displayName": report.user.display_name if report.user else None,
                "permissions": list(held) if held is not None else None,
                "missing": list(report.missing),
            }
        ),
        file=out,
    )
    if MY_PERMISSIONS in report.missing:
        # a missing optional probe is no failure; say it where a person reads, not in the JSON
        print(f"{_COMMAND}: {MISSING_PERMISSIONS}", file=err)
    return EXIT_OK
