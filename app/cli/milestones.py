"""``jade milestones list|create|edit|delete|reorder``: the two milestone services from scripts.

``--service pm-app`` is the Project Milestones for Jira app: the URL is the app's endpoint URL
(copied from its settings), ``--user`` the account e-mail, milestones are named by project key
(``--project KEY``) and have a title, description, start and end. ``--service milestones-api``
is the Milestones API: the URL is the service's base URL, there is no ``--user``, projects are
numbers (``--project-id N``) and milestones are ordered, coloured buckets of tasks. With
``--profile NAME`` the service, address and login come from the saved profile. The secret is in
``JADE_TOKEN`` (or the keychain, for a profile), never on the command line.

Every action writes what the service answered, as CSV or JSON lines (``--format``, ``--output``):
pm-app rows are id, title, description, start, end; milestones-api rows are id, title, color,
position, type, tasks_count. ``delete`` writes nothing and says on stderr what it did; ``reorder``
writes the project's milestones in their new order. Exit codes are every command's: a refusal
is 1 with the service's words, 401 is 2, 403 is 3, a bad option 64.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import dataclasses
import enum
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from app.api.milestones import MilestonesApiClient, ProjectMilestonesClient
from app.cli.command_line import Subcommands, add_command
from app.cli.exit_codes import EXIT_CODES_TEXT, EXIT_OK, EXIT_OTHER, EXIT_USAGE, report_failure
from app.cli.output import ExportFormat, OutputPathError, destination, output_parent_parser
from app.cli.site_args import SITE_ERRORS, TOKEN_VARIABLE, SiteArguments, resolve_site
from app.domain.issue_export import spreadsheet_safe
from app.domain.milestone import (
    BucketChanges,
    Milestone,
    MilestoneBucket,
    MilestoneChanges,
    NewBucket,
    NewMilestone,
    TaskFate,
)
from app.domain.secret import Secret
from app.domain.site import AuthKind, SiteKind
from app.session import milestone_client
from app.store.profiles import Profile, TlsOptions, validate_profile

if TYPE_CHECKING:
    import httpx

    from app.store.keychain import SecretStore
    from app.store.profiles import ProfileStore

__all__ = [
    "BUCKET_FIELDS",
    "MILESTONE_FIELDS",
    "MilestonesRequest",
    "Service",
    "register",
    "run_milestones",
]

MILESTONE_FIELDS = ("id", "title", "description", "start", "end")
BUCKET_FIELDS = ("id", "title", "color", "position", "type", "tasks_count")
Row = dict[str, Any]


class Service(enum.StrEnum):
    """The two milestone services, as ``--service`` names them."""

    PM_APP = "pm-app"
    MILESTONES_API = "milestones-api"

    @property
    def kind(self) -> SiteKind:
        """The profile kind of the service."""
        if self is Service.PM_APP:
            return SiteKind.PROJECT_MILESTONES
        return SiteKind.MILESTONES_API


_SERVICE_OF_KIND = {service.kind: service for service in Service}


class UsageProblem(Exception):
    """The options do not fit together (the message says how): exit 64 before any request."""


@dataclass(frozen=True, slots=True)
class MilestonesRequest:
    """One ``jade milestones`` action as asked on the command line."""

    site: SiteArguments
    action: str
    service: Service | None = None
    format: ExportFormat = "csv"
    output: Path | None = None
    project: str | None = None  # pm-app: --project KEY
    project_id: int | None = None  # milestones-api: --project-id N
    ids: tuple[str, ...] = ()  # edit/delete: one; reorder: the new order
    title: str | None = None
    description: str | None = None
    start: date | None = None
    end: date | None = None
    color: str | None = None
    delete_tasks: bool = False
    project_param: str | None = None


# ----- the parsers ---------------------------------------------------------------------------------


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a date is YYYY-MM-DD, not {value!r}") from None


def _options(parent: argparse.ArgumentParser) -> argparse.ArgumentParser:
    group = parent.add_argument_group("milestones")
    group.add_argument(
        "--service",
        choices=[s.value for s in Service],
        help="pm-app (the Project Milestones app; URL = its endpoint URL, --user = the account "
        "e-mail) or milestones-api (URL = the service's base URL, no --user); taken from the "
        "profile with --profile",
    )
    group.add_argument(
        "--project-param",
        metavar="NAME",
        help="pm-app: the query parameter carrying the project key (default projectKey; an "
        "endpoint URL holding {projectKey} is a template instead)",
    )
    return parent


def register(commands: Subcommands, site: argparse.ArgumentParser) -> None:
    """Add ``jade milestones`` and its actions; ``site`` is the parent parser of the site."""
    parser = add_command(
        commands,
        "milestones",
        _run,
        help="list, create, edit, delete and reorder milestones of a milestone service",
        description="The Project Milestones app (--service pm-app) or the Milestones API "
        f"(--service milestones-api). The secret is in {TOKEN_VARIABLE} (or the keychain, for "
        f"--profile). {EXIT_CODES_TEXT} A refusal is 1 with the service's words.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    parents = [site, output_parent_parser(), _options(argparse.ArgumentParser(add_help=False))]

    listing = actions.add_parser(
        "list",
        parents=parents,
        help="a project's milestones (pm-app: --project, else --project-id)",
    )
    _project_options(listing)

    create = actions.add_parser("create", parents=parents, help="create a milestone")
    _project_options(create)
    _attribute_options(create, title_required=True)

    edit = actions.add_parser(
        "edit",
        parents=parents,
        help="change a milestone: only the attributes given (milestones-api: --title and "
        "--color, both)",
    )
    edit.add_argument("id", metavar="ID", help="the milestone's id")
    _project_options(edit)
    _attribute_options(edit, title_required=False)

    delete = actions.add_parser("delete", parents=parents, help="delete a milestone")
    delete.add_argument("id", metavar="ID", help="the milestone's id")
    _project_options(delete)
    delete.add_argument(
        "--delete-tasks",
        action="store_true",
        help="milestones-api: delete its tasks too (default: they move to the default milestone)",
    )

    reorder = actions.add_parser(
        "reorder", parents=parents, help="milestones-api: put the milestones in this order"
    )
    reorder.add_argument("id", metavar="ID", nargs="+", help="milestone ids in the new order")


def _project_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--project", metavar="KEY", help="pm-app: the project's key")
    parser.add_argument(
        "--project-id", metavar="N", type=int, help="milestones-api: the project's id"
    )


def _attribute_options(parser: argparse.ArgumentParser, *, title_required: bool) -> None:
    parser.add_argument("--title", required=title_required, help="the milestone's title")
    parser.add_argument("--description", help="pm-app: the description")
    parser.add_argument("--start", type=_day, metavar="YYYY-MM-DD", help="pm-app: the start")
    parser.add_argument("--end", type=_day, metavar="YYYY-MM-DD", help="pm-app: the end")
    parser.add_argument("--color", help="milestones-api: a colour key (default, success, ...)")


def _run(args: argparse.Namespace) -> int:
    # the site's URL is an optional positional before the ids: tell them apart by its scheme
    ids = getattr(args, "id", None)
    ids = [] if ids is None else [ids] if isinstance(ids, str) else list(ids)
    tokens = [t for t in (args.url, *ids) if t is not None]
    urls = [t for t in tokens if "://" in t]
    site = dataclasses.replace(SiteArguments.from_namespace(args), url=urls[0] if urls else None)
    request = MilestonesRequest(
        site=site,
        action=args.action,
        service=Service(args.service) if args.service else None,
        format=args.format,
        output=args.output,
        project=getattr(args, "project", None),
        project_id=getattr(args, "project_id", None),
        ids=tuple(t for t in tokens if "://" not in t),
        title=getattr(args, "title", None),
        description=getattr(args, "description", None),
        start=getattr(args, "start", None),
        end=getattr(args, "end", None),
        color=getattr(args, "color", None),
        delete_tasks=getattr(args, "delete_tasks", False),
        project_param=args.project_param,
    )
    if len(urls) > 1:
        print("jade milestones: give the site's URL once", file=sys.stderr)
        return EXIT_USAGE
    return asyncio.run(run_milestones(request))


# ----- choosing the service and checking the options -----------------------------------------------


async def _service_site(
    request: MilestonesRequest,
    profiles: ProfileStore | None,
    secrets: SecretStore | None,
) -> tuple[Service, Profile, Secret]:
    """The service, its profile and the secret: from ``--profile``, or the URL and options."""
    site = request.site
    if site.profile:
        profile, secret = await resolve_site(site, profiles=profiles, secrets=secrets)
        service = _SERVICE_OF_KIND.get(profile.kind)
        if service is None:
            raise UsageProblem(
                f"the profile {profile.name!r} is a Jira site, not a milestone service"
            )
        if request.service is not None and request.service is not service:
            raise UsageProblem(
                f"the profile {profile.name!r} is a {service.value} profile, not "
                f"{request.service.value}"
            )
        if request.project_param:
            profile = dataclasses.replace(profile, project_param=request.project_param)
        return service, profile, secret
    if request.service is None:
        raise UsageProblem("give --service pm-app or --service milestones-api (or --profile)")
    if not site.url:
        raise UsageProblem("give the service's URL, or --profile NAME")
    if request.service is Service.PM_APP and not site.user:
        raise UsageProblem("pm-app signs in with the account e-mail: give --user")
    if request.service is Service.MILESTONES_API and site.user:
        raise UsageProblem("milestones-api signs in with the API key alone: leave out --user")
    token = os.environ.get(TOKEN_VARIABLE, "")
    if not token:
        raise UsageProblem(f"set the secret in the {TOKEN_VARIABLE} environment variable")
    auth = AuthKind.APP_TOKEN if request.service is Service.PM_APP else AuthKind.API_KEY
    profile = Profile(
        name="command line",
        base_url=site.url,
        kind=request.service.kind,
        auth=auth,
        user=site.user,
        tls=TlsOptions(verify=not site.insecure, ca_bundle=site.ca_bundle),
        project_param=request.project_param or "",
    )
    return request.service, validate_profile(profile), Secret(token)


_APP_ONLY = ("description", "start", "end")


def _check(request: MilestonesRequest, service: Service) -> None:
    """Refuse options that do not fit the action and service, before any request."""
    action = request.action
    app = service is Service.PM_APP
    wrong = [f"--{n}" for n in _APP_ONLY if getattr(request, n) is not None] if not app else []
    if app:
        wrong += ["--color"] if request.color is not None else []
        wrong += ["--delete-tasks"] if request.delete_tasks else []
        wrong += ["--project-id"] if request.project_id is not None else []
    else:
        wrong += ["--project"] if request.project is not None else []
    if wrong:
        raise UsageProblem(f"{', '.join(wrong)}: not an option of {service.value}")
    wants_ids = {"edit": 1, "delete": 1}.get(action)
    if action == "reorder":
        if app:
            raise UsageProblem("pm-app milestones have no order: reorder is for milestones-api")
        if not request.ids:
            raise UsageProblem("reorder needs the milestone ids in their new order")
    elif wants_ids is not None and len(request.ids) != wants_ids:
        raise UsageProblem(f"{action} takes one milestone id")
    elif wants_ids is None and request.ids:
        raise UsageProblem(f"{action} takes no milestone id: {' '.join(request.ids)}")
    if not app and any(not i.isdigit() for i in request.ids):
        raise UsageProblem("milestones-api milestone ids are numbers")
    if action in ("list", "create") or (app and action in ("edit", "delete")):
        if app and not request.project:
            raise UsageProblem(f"pm-app {action} needs --project KEY")
        if not app and action in ("list", "create") and request.project_id is None:
            raise UsageProblem(f"milestones-api {action} needs --project-id N")
    if action == "create" and not app and not request.color:
        raise UsageProblem("milestones-api create needs --color (e.g. default, success)")
    if action == "edit" and not app and (request.title is None or request.color is None):
        raise UsageProblem("milestones-api edit needs both --title and --color")
    if action == "edit" and app and _app_changes(request).empty:
        raise UsageProblem("edit needs at least one of --title, --description, --start, --end")
    problem = None
    if app and action == "create":
        problem = _new_milestone(request).problem()
    elif app and action == "edit":
        problem = _app_changes(request).problem()
    if problem:
        raise UsageProblem(problem)


def _new_milestone(request: MilestonesRequest) -> NewMilestone:
    return NewMilestone(request.title or "", request.description or "", request.start, request.end)


def _app_changes(request: MilestonesRequest) -> MilestoneChanges:
    return MilestoneChanges(request.title, request.description, request.start, request.end)


# ----- the actions ---------------------------------------------------------------------------------


def _milestone_row(m: Milestone) -> Row:
    return {
        "id": m.id,
        "title": m.title,
        "description": m.description,
        "start": m.start.isoformat() if m.start else None,
        "end": m.end.isoformat() if m.end else None,
    }


def _bucket_row(b: MilestoneBucket) -> Row:
    return {
        "id": b.id,
        "title": b.title,
        "color": b.color,
        "position": b.position,
        "type": b.type.value,
        "tasks_count": b.tasks_count,
    }


async def _app_action(
    client: ProjectMilestonesClient, request: MilestonesRequest, err: TextIO
) -> list[Row]:
    key = request.project or ""
    if request.action == "list":
        return [_milestone_row(m) for m in await client.milestones(key)]
    if request.action == "create":
        return [_milestone_row(await client.create_milestone(key, _new_milestone(request)))]
    if request.action == "edit":
        changed = await client.edit_milestone(key, request.ids[0], _app_changes(request))
        return [_milestone_row(changed)]
    deleted = await client.delete_milestone(key, request.ids[0])
    print(f"jade milestones delete: milestone {deleted} of {key} deleted", file=err)
    return []


async def _api_action(
    client: MilestonesApiClient, request: MilestonesRequest, err: TextIO
) -> list[Row]:
    ids = [int(i) for i in request.ids]
    if request.action == "list":
        return [_bucket_row(b) for b in await client.buckets(request.project_id or 0)]
    if request.action == "create":
        new = NewBucket(request.title or "", request.color or "")
        return [_bucket_row(await client.create_bucket(request.project_id or 0, new))]
    if request.action == "edit":
        changes = BucketChanges(request.title or "", request.color or "")
        return [_bucket_row(await client.edit_bucket(ids[0], changes))]
    if request.action == "delete":
        bucket = await client.bucket(ids[0])
        fate = TaskFate.DELETE if request.delete_tasks else TaskFate.MOVE_TO_DEFAULT
        await client.delete_bucket(ids[0], fate)
        went = "deleted" if request.delete_tasks else "moved to the default milestone"
        print(
            f"jade milestones delete: milestone {bucket.id} ({bucket.title}) deleted; "
            f"its {bucket.tasks_count} tasks {went}",
            file=err,
        )
        return []
    await client.reorder_buckets(ids)
    project_id = (await client.bucket(ids[0])).project_id
    return [_bucket_row(b) for b in await client.buckets(project_id)]


def _write(stream: TextIO, fmt: ExportFormat, fields: Sequence[str], rows: list[Row]) -> None:
    if fmt == "json":
        for row in rows:
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    writer = csv.writer(stream)
    writer.writerow(fields)
    writer.writerows([[_cell(row[f]) for f in fields] for row in rows])


def _cell(value: object) -> object:
    if value is None:
        return ""
    # a service's text may start like a spreadsheet formula; its numbers cannot
    return value if isinstance(value, int) else spreadsheet_safe(str(value))


async def run_milestones(
    request: MilestonesRequest,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
    profiles: ProfileStore | None = None,
    secrets: SecretStore | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> int:
    """Run one ``jade milestones`` action; the exit code."""
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    command = f"jade milestones {request.action}"
    where = str(request.output) if request.output else "standard output"
    try:
        service, profile, secret = await _service_site(request, profiles, secrets)
        _check(request, service)
        fields = MILESTONE_FIELDS if service is Service.PM_APP else BUCKET_FIELDS
        # the output first: a file that cannot be written is known before anything is sent
        with destination(request.output if request.action != "delete" else None, out) as stream:
            client = milestone_client(profile, secret, transport)
            try:
                if isinstance(client, ProjectMilestonesClient):
                    rows = await _app_action(client, request, err)
                else:
                    rows = await _api_action(client, request, err)
            finally:
                await client.aclose()
            if request.action != "delete":
                _write(stream, request.format, fields, rows)
    except UsageProblem as problem:
        print(f"{command}: {problem}", file=err)
        return EXIT_USAGE
    except OutputPathError as error:
        print(f"{command}: --output: {error}", file=err)
        return EXIT_USAGE
    except SITE_ERRORS as error:
        return report_failure(command, error, err)
    except OSError as error:  # writing the output: disk full, closed pipe, renamed away
        print(f"{command}: cannot write {where}: {error.strerror or error}", file=err)
        return EXIT_OTHER
    return EXIT_OK
