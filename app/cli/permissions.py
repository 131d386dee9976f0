"""``jade permissions``: permission schemes, their grants, comparisons, and who holds what and why.

- ``schemes``: id, name, description, grants (count), projects (keys).
- ``show --scheme ID``: one line per grant: id, permission, holderType (Jira's name), holder
  (group name, role id, user id, field id, or none).
- ``compare --scheme A --scheme B`` (or ``--project K --project K``): one line per granted pair:
  permission, holderType, holder, side (both, left, right).
- ``who --project KEY --permission KEY``: one line per user: user (accountId on Cloud, username
  on Data Center), displayName, via (``group:…``, ``role:…``, ``role:…/group:…``, ``user``,
  ``lead``); then one line per condition (``reporter``, ``assignee``, ``anyone``,
  ``userCustomField:ID``…).
- ``user --project KEY --user ID``: one line per permission the user holds: permission, via
  (issue-dependent holders appear by name: ``reporter`` means "on the issues they reported").

Site arguments, ``--format``/``--output`` and the exit codes are every command's; in CSV a list
is written as its items joined by ``;``. Something the site does not have (a scheme, a project,
a user, a permission key) is 1, with Jira's words or, for a key, the closest ones it has.
"""

from __future__ import annotations

import argparse
import asyncio
import difflib
import os
import sys
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from app.api.permissions import PermissionAdmin
from app.cli.command_line import Subcommands, add_command
from app.cli.exit_codes import EXIT_CODES_TEXT, EXIT_OK, EXIT_OTHER, EXIT_USAGE, report_failure
from app.cli.output import ExportFormat, OutputPathError, destination, output_parent_parser
from app.cli.site_args import SITE_ERRORS, SiteArguments, connect_site, site_parent_parser
from app.domain.permission_access import user_permissions
from app.domain.permission_diff import diff_schemes
from app.domain.permission_export import (
    COMPARE_FIELDS,
    GRANT_FIELDS,
    SCHEME_FIELDS,
    USER_FIELDS,
    WHO_FIELDS,
    Row,
    compare_rows,
    grant_rows,
    scheme_rows,
    user_rows,
    who_rows,
    write_csv,
    write_json_lines,
)

if TYPE_CHECKING:
    import httpx

    from app.store.keychain import SecretStore
    from app.store.profiles import ProfileStore

__all__ = [
    "COMPARE_FIELDS",
    "GRANT_FIELDS",
    "SCHEME_FIELDS",
    "USER_FIELDS",
    "WHO_FIELDS",
    "PermissionsRequest",
    "register",
    "run_permissions",
]


class PermissionsRefusal(Exception):
    """What was asked for is not there (a permission key): the text says."""


@dataclass(frozen=True, slots=True)
class PermissionsRequest:
    """What ``jade permissions ACTION`` was asked."""

    site: SiteArguments
    action: str  # schemes, show, compare, who, user
    format: ExportFormat = "csv"
    output: Path | None = None
    schemes: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    permission: str | None = None
    user: str | None = None
    notes: list[str] = field(default_factory=list)  # what the answer says besides its lines


# ----- the parser ----------------------------------------------------------------------------------


def register(commands: Subcommands, site: argparse.ArgumentParser) -> None:
    """Add ``jade permissions`` and its actions; ``site`` is the parent parser of the site."""
    parser = add_command(
        commands,
        "permissions",
        _usage,
        help="permission schemes, comparisons, and who holds a permission and why",
        description="Permission schemes and who holds what, as CSV or JSON lines (one object "
        f"per line). {EXIT_CODES_TEXT} A scheme, project, user or permission the site does not "
        "have is 1.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", title="actions")
    parents = [site, output_parent_parser()]

    def action(
        name: str, text: str, own: list[argparse.ArgumentParser] | None = None, **options: Any
    ) -> argparse.ArgumentParser:
        sub = actions.add_parser(
            name, help=text, description=text, parents=own or parents, **options
        )
        sub.set_defaults(run=_run)
        return sub

    action("schemes", "list the schemes: id, name, description, grants, projects")
    show = action("show", "one line per grant of a scheme: id, permission, holderType, holder")
    show.add_argument("--scheme", metavar="ID", required=True, help="the scheme's id")
    compare = action(
        "compare",
        "compare two schemes (or two projects' schemes): permission, holderType, holder, side",
    )
    which = compare.add_mutually_exclusive_group(required=True)
    which.add_argument("--scheme", metavar="ID", action="append", help="a scheme (twice)")
    which.add_argument("--project", metavar="KEY", action="append", help="a project (twice)")
    who = action(
        "who",
        "the users who hold a permission in a project, with every path (then the conditions)",
    )
    who.add_argument("--project", metavar="KEY", required=True, help="the project")
    who.add_argument("--permission", metavar="KEY", required=True, help="e.g. EDIT_ISSUES")
    # --user names the user asked about here, as the command line has it; the site's
    # login (every other command's --user) is --login for this action
    user = action(
        "user",
        "every permission a user holds in a project, and why (the site's login is --login)",
        # parsers of its own: "resolve" takes --user away from the site parent's action itself
        own=[site_parent_parser(), output_parent_parser()],
        conflict_handler="resolve",
    )
    user.add_argument("--project", metavar="KEY", required=True, help="the project")
    user.add_argument(
        "--user",
        dest="who",
        metavar="ID",
        required=True,
        help="the user asked about: accountId (Cloud) or username (Data Center)",
    )
    user.add_argument(
        "--login",
        dest="user",
        default="",
        help="the site's login: account e-mail (Cloud) or username (Data Center)",
    )


def _usage(args: argparse.Namespace) -> int:
    print("jade permissions: say which: schemes, show, compare, who or user", file=sys.stderr)
    return EXIT_USAGE


def _request(args: argparse.Namespace) -> PermissionsRequest:
    schemes = tuple(getattr(args, "scheme", None) or ())
    if isinstance(getattr(args, "scheme", None), str):
        schemes = (args.scheme,)
    projects = getattr(args, "project", None) or ()
    return PermissionsRequest(
        SiteArguments.from_namespace(args),
        args.action,
        args.format,
        args.output,
        schemes=schemes,
        projects=(projects,) if isinstance(projects, str) else tuple(projects),
        permission=getattr(args, "permission", None),
        user=getattr(args, "who", None),
    )


def _run(args: argparse.Namespace) -> int:
    request = _request(args)
    if request.action == "compare" and len(request.schemes or request.projects) != 2:
        print("jade permissions compare: give --scheme twice or --project twice", file=sys.stderr)
        return EXIT_USAGE
    return asyncio.run(run_permissions(request))


# ----- the rows ------------------------------------------------------------------------------------


async def _scheme_rows(admin: PermissionAdmin, request: PermissionsRequest) -> list[Row]:
    schemes, usage = await asyncio.gather(admin.schemes(), admin.scheme_usage())
    return scheme_rows(schemes, usage)


async def _grant_rows(admin: PermissionAdmin, request: PermissionsRequest) -> list[Row]:
    return grant_rows(await admin.scheme(request.schemes[0]))


async def _compare_rows(admin: PermissionAdmin, request: PermissionsRequest) -> list[Row]:
    ids = list(request.schemes)
    if not ids:
        refs = await asyncio.gather(*(admin.project_scheme(k) for k in request.projects))
        ids = [r.id for r in refs]
    left, right = await asyncio.gather(*(admin.scheme(i) for i in ids))
    return compare_rows(diff_schemes(left, right))


async def _checked_permission(admin: PermissionAdmin, key: str) -> str:
    permissions = await admin.permissions()
    found = next((p for p in permissions if p.key == key), None)
    if found is not None and not found.is_project:
        raise PermissionsRefusal(
            f"'{key}' is a global permission: permission schemes do not grant it."
        )
    if found is not None:
        return key
    known = [p.key for p in permissions if p.is_project]
    close = difflib.get_close_matches(key.upper(), known, n=3, cutoff=0.6)
    hint = f" Did you mean {', '.join(close)}?" if close else ""
    raise PermissionsRefusal(f"The site has no permission '{key}'.{hint}")


async def _who_rows(admin: PermissionAdmin, request: PermissionsRequest) -> list[Row]:
    if request.permission is None or not request.projects:
        raise PermissionsRefusal("Give --project and --permission.")
    permission = await _checked_permission(admin, request.permission)
    answer = await admin.who_can(request.projects[0], permission)
    rows = who_rows(answer)
    request.notes.extend(f"group '{g}' has no members" for g in answer.empty_groups)
    request.notes.extend(
        f"{u} is not on the site: it gives no one anything" for u in answer.unknown
    )
    return rows


async def _user_rows(admin: PermissionAdmin, request: PermissionsRequest) -> list[Row]:
    if request.user is None or not request.projects:
        raise PermissionsRefusal("Give --project and --user.")
    project = request.projects[0]
    user = await admin.find_user(request.user)  # Jira's 404 for someone it does not know
    ref = await admin.project_scheme(project)
    scheme = await admin.scheme(ref.id)
    access = await admin.project_access(project, scheme.grants)
    return user_rows(user_permissions(access, user.id, scheme.grants))


_ACTIONS: dict[
    str,
    tuple[
        tuple[str, ...],
        Callable[[PermissionAdmin, PermissionsRequest], Coroutine[Any, Any, list[Row]]],
    ],
] = {
    "schemes": (SCHEME_FIELDS, _scheme_rows),
    "show": (GRANT_FIELDS, _grant_rows),
    "compare": (COMPARE_FIELDS, _compare_rows),
    "who": (WHO_FIELDS, _who_rows),
    "user": (USER_FIELDS, _user_rows),
}


def _notes(admin_rows: list[Row], action: str) -> str:
    if action == "who":
        users = sum(1 for r in admin_rows if "user" in r)
        return f"{users:,} users and {len(admin_rows) - users:,} conditions"
    return f"{len(admin_rows):,} lines"


# ----- writing -------------------------------------------------------------------------------------


def _write(stream: TextIO, fmt: ExportFormat, fields: tuple[str, ...], rows: list[Row]) -> None:
    if fmt == "json":
        write_json_lines(stream, rows)
    else:
        write_csv(stream, fields, rows)


async def run_permissions(
    request: PermissionsRequest,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
    profiles: ProfileStore | None = None,
    secrets: SecretStore | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> int:
    """Connect, answer ``request.action``, write its lines; the exit code."""
    command = f"jade permissions {request.action}"
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    fields, produce = _ACTIONS[request.action]
    started = clock()
    where = str(request.output) if request.output else "standard output"
    try:
        with destination(request.output, out) as stream:
            connection = await connect_site(
                request.site, profiles=profiles, secrets=secrets, transport=transport
            )
            async with connection:
                await connection.profile()
                admin = PermissionAdmin(connection.client)
                try:
                    rows = await produce(admin, request)
                finally:
                    admin.forget()
                _write(stream, request.format, fields, rows)
    except OutputPathError as error:
        print(f"{command}: --output: {error}", file=err)
        return EXIT_USAGE
    except PermissionsRefusal as error:
        print(f"{command}: {error}", file=err)
        return EXIT_OTHER
    except SITE_ERRORS as error:
        return report_failure(command, error, err)
    except OSError as error:  # writing the output: disk full, closed pipe, renamed away
        if isinstance(error, BrokenPipeError) and out is sys.stdout:
            # the reader left (`| head`): point stdout at devnull so the flush at exit is quiet
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        print(f"{command}: cannot write {where}: {error.strerror or error}", file=err)
        return EXIT_OTHER
    seconds = clock() - started
    summary = _notes(rows, request.action)
    for note in request.notes:
        print(f"{command}: note: {note}", file=err)
    print(f"{command}: {summary} written to {where} in {seconds:.1f} s", file=err)
    return EXIT_OK
