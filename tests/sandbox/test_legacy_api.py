"""The legacy flavour: a Jira 4.3 server that speaks only REST 2.0.alpha1.

Every answer is held against the brief's own example for it (``legacy_brief``: parsed from
``brief/jira-4.3-rest-api-2.0.alpha1.txt``), field by field: the same keys in the same order,
the same JSON types, the brief's timestamp format, and ``self`` links to the same resource.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from starlette.routing import Mount, Route

from app.sandbox import Flavour, Sandbox
from app.sandbox.model import Issue
from app.sandbox.routes import legacy
from app.sandbox.routes.server import control_routes
from tests.sandbox.conftest import ClientFactory, make_sandbox
from tests.sandbox.legacy_brief import DATE, assert_like, brief_examples, brief_resources

API = "/rest/api/2.0.alpha1"
Examples = dict[tuple[str, str, str], list[Any]]


@pytest.fixture(scope="module")
def examples(shared_dir: Path) -> Examples:
    """The brief's examples."""
    return brief_examples(shared_dir)


def example(examples: Examples, resource: str, method: str = "GET", what: str = "200") -> Any:
    """The brief's (first) example for one answer or request."""
    found = examples.get((resource, method, what))
    assert found, f"the brief has no example for {method} {resource} {what}"
    return found[0]


@pytest.fixture(scope="module")
def site() -> Sandbox:
    """A read-only Jira 4.3 site for this module."""
    return make_sandbox(Flavour.LEGACY)


def _first(site: Sandbox, wanted: Any) -> Issue:
    issues = sorted(site.store.issues.values(), key=lambda i: i.id)
    found = next((i for i in issues if wanted(i)), None)
    assert found is not None, "the generated site has no such issue"
    return found


# ----- the site --------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_server_info_is_jira_4_3(
    site: Sandbox, client_for: ClientFactory, examples: Examples
) -> None:
    answer = (await client_for(site).get(f"{API}/serverInfo")).json()
    assert_like(answer, example(examples, "/api/2.0.alpha1/serverInfo"))
    assert answer["version"].startswith("4.3.")
    assert answer["baseUrl"] == "http://sandbox.test"
    assert site.flavour is Flavour.LEGACY
    assert site.store.flavour is Flavour.DATACENTER  # users by name, as on every server


@pytest.mark.asyncio
async def test_newer_apis_are_absent(site: Sandbox, client_for: ClientFactory) -> None:
    client = client_for(site)
    for path in (
        "/rest/api/2/serverInfo",
        "/rest/api/latest/project",
        "/rest/api/3/myself",
        "/rest/agile/1.0/board",
        "/rest/greenhopper/experimental-api/1.0/board",
        f"{API}/myself",
        f"{API}/issue/COB-1/comment",
    ):
        answer = await client.get(path)
        assert answer.status_code == 404, path
        assert answer.json() == {
            "message": f"null for uri: http://sandbox.test{path}",
            "status-code": 404,
        }
    # and the other flavours have no 2.0.alpha1
    dc = make_sandbox(Flavour.DATACENTER, issues=10, projects=2)
    assert (await client_for(dc).get(f"{API}/serverInfo")).status_code == 404


@pytest.mark.asyncio
async def test_every_resource_of_the_brief_and_no_other(
    client_for: ClientFactory, shared_dir: Path
) -> None:
    documented = brief_resources(shared_dir)
    assert len(documented) == 32
    site = make_sandbox(Flavour.LEGACY, issues=20, projects=2)
    client = client_for(site)
    for resource, method in documented:
        # with ids that exist nowhere: Jira's own refusal, never Jersey's "no such resource"
        path = "/rest" + re.sub(r"\{[^}]+\}", "1", resource)
        body = {} if method in ("POST", "PUT") else None
        answer = await client.request(method, path, json=body)
        assert answer.status_code != 405, (method, path)
        if answer.content:
            assert "message" not in answer.json(), (method, path, answer.text)
    served = set()
    for mount in legacy.mounts(control_routes()):
        assert isinstance(mount, Mount)
        if mount.path == "/_sandbox":
            continue
        for route in mount.routes:
            assert isinstance(route, Route) and route.methods is not None
            template = re.sub(r"\{[^}]+\}", "{}", mount.path.removeprefix("/rest") + route.path)
            served |= {(template, m) for m in route.methods - {"HEAD"}}
    assert served == {(re.sub(r"\{[^}]+\}", "{}", r), m) for r, m in documented}


# ----- projects, components, versions ----------------------------------------------------------


@pytest.mark.asyncio
async def test_project_list_shows_what_the_caller_may_browse(
    site: Sandbox, client_for: ClientFactory, examples: Examples
) -> None:
    admin = (await client_for(site).get(f"{API}/project")).json()
    assert_like(admin, example(examples, "/api/2.0.alpha1/project"))
    assert [p["key"] for p in admin] == sorted(site.store.projects_by_key)
    user = (await client_for(site, "user").get(f"{API}/project")).json()
    browsable = site.store.visible_projects(site.store.user_by_name("pat"))
    assert [p["key"] for p in user] == [p.key for p in browsable]
    assert 0 < len(user) < len(admin)  # every fourth project is for jira-developers only
    # anonymous: the projects open to anonymous access (none on the sandbox)
    assert (await client_for(site, None).get(f"{API}/project")).json() == []


@pytest.mark.asyncio
async def test_project_with_components_and_versions(
    site: Sandbox, client_for: ClientFactory, examples: Examples
) -> None:
    client = client_for(site)
    project = next(p for p in site.store.projects.values() if site.store.project_components(p))
    answer = (await client.get(f"{API}/project/{project.key}")).json()
    assert_like(answer, example(examples, "/api/2.0.alpha1/project/{key}"))
    assert answer["name"] == project.name
    assert answer["url"] == f"http://sandbox.test/browse/{project.key}"
    lead = site.store.users[project.lead_key]
    assert answer["lead"]["name"] == lead.name
    assert [c["name"] for c in answer["components"]] == [
        c.name for c in site.store.project_components(project)
    ]
    assert [v["name"] for v in answer["versions"]] == [
        v.name for v in site.store.project_versions(project)
    ]
    # each one is the resource its self link names
    for item in (*answer["components"], *answer["versions"]):
        assert (await client.get(item["self"])).json() == item
    component = (await client.get(answer["components"][0]["self"])).json()
    assert_like(component, example(examples, "/api/2.0.alpha1/component/{id}"))
    released = next(v for v in site.store.project_versions(project) if v.release_date)
    version = (await client.get(f"{API}/version/{released.id}")).json()
    assert_like(version, example(examples, "/api/2.0.alpha1/version/{id}"))
    assert version["releaseDate"].startswith(released.release_date.isoformat() + "T00:00:00.000")


@pytest.mark.asyncio
async def test_projects_the_caller_may_not_browse_are_404(
    site: Sandbox, client_for: ClientFactory
) -> None:
    store = site.store
    pat = store.user_by_name("pat")
    hidden = next(p for p in store.projects.values() if not store.can_browse(pat, p))
    client = client_for(site, "user")
    answer = await client.get(f"{API}/project/{hidden.key}")
    assert answer.status_code == 404
    assert answer.json() == {
        "errorMessages": [f"No project could be found with key '{hidden.key}'."],
        "errors": {},
    }
    comp = next(c for c in store.components.values() if c.project_id == hidden.id)
    assert (await client.get(f"{API}/component/{comp.id}")).status_code == 404
    version = next(v for v in store.versions.values() if v.project_id == hidden.id)
    assert (await client.get(f"{API}/version/{version.id}")).status_code == 404
    assert (await client.get(f"{API}/version/nope")).status_code == 404


# ----- reference data --------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_status_priority_resolution_issue_type(
    site: Sandbox, client_for: ClientFactory, examples: Examples
) -> None:
    client = client_for(site)
    store = site.store
    for path, record, kind in (
        ("status", next(iter(store.statuses.values())), "status/{id}"),
        ("priority", next(iter(store.priorities.values())), "priority/{id}"),
        ("resolution", next(iter(store.resolutions.values())), "resolution/{id}"),
    ):
        answer = (await client.get(f"{API}/{path}/{record.id}")).json()
        assert_like(answer, example(examples, f"/api/2.0.alpha1/{kind}"))
        assert answer["name"] == record.name
        missing = await client.get(f"{API}/{path}/999999")
        assert missing.status_code == 404
        assert missing.json()["errorMessages"]
    # issueType: the brief shows no example; a status's members and "subtask"
    subtask = next(t for t in store.issue_types.values() if t.subtask)
    answer = (await client.get(f"{API}/issueType/{subtask.id}")).json()
    status_like = example(examples, "/api/2.0.alpha1/status/{id}")
    kind_self = status_like["self"].replace("/status/", "/issueType/")
    assert_like(answer, {**status_like, "self": kind_self, "subtask": True})
    assert answer["name"] == subtask.name and answer["subtask"] is True
    assert (await client.get(f"{API}/issueType/1")).status_code == 404


@pytest.mark.asyncio
async def test_issue_link_types(
    site: Sandbox, client_for: ClientFactory, examples: Examples
) -> None:
    client = client_for(site)
    answer = (await client.get(f"{API}/issueLinkType")).json()
    assert_like(answer, example(examples, "/api/2.0.alpha1/issueLinkType"))
    assert [t["name"] for t in answer["issueLinkTypes"]] == [
        t.name for t in sorted(site.store.link_types.values(), key=lambda t: t.id)
    ]
    one = answer["issueLinkTypes"][0]
    got = (await client.get(f"{API}/issueLinkType/{one['id']}")).json()
    assert got == one
    assert_like(got, example(examples, "/api/2.0.alpha1/issueLinkType/{issueLinkTypeId}"))
    assert (await client.get(f"{API}/issueLinkType/4")).status_code == 404


@pytest.mark.asyncio
async def test_user_groups_are_counted_and_listed_when_expanded(
    site: Sandbox, client_for: ClientFactory, examples: Examples
) -> None:
    client = client_for(site)
    expanded = (
        await client.get(f"{API}/user", params={"username": "pat", "expand": "groups"})
    ).json()
    assert_like(expanded, example(examples, "/api/2.0.alpha1/user"))
    pat = site.store.user_by_name("pat")
    assert expanded["groups"] == {
        "size": len(pat.groups),
        "items": [{"name": g} for g in pat.groups],
    }
    assert expanded["emailAddress"] == pat.email
    # not expanded: the size alone, as the brief's introduction shows ({"widgets": [], "size": 5})
    plain = (await client.get(f"{API}/user", params={"username": "admin"})).json()
    assert plain["groups"]["items"] == [] and plain["groups"]["size"] == 5
    missing = await client.get(f"{API}/user", params={"username": "nobody"})
    assert missing.status_code == 404
    assert missing.json() == {
        "errorMessages": ["The user named 'nobody' does not exist"],
        "errors": {},
    }
    anonymous = await client_for(site, None).get(f"{API}/user", params={"username": "pat"})
    assert anonymous.status_code == 401


# ----- an issue --------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_issue_fields_are_name_type_value_as_in_the_brief(
    site: Sandbox, client_for: ClientFactory, examples: Examples
) -> None:
    store, legacy = site.store, site.legacy
    brief = example(examples, "/api/2.0.alpha1/issue/{issueKey}")
    client = client_for(site)
    # for each of the brief's fields an issue whose field is filled as the example's is
    wanted = {
        "sub-tasks": lambda i: any(
            store.issue_types[c.issuetype_id].subtask for c in store.children(i)
        ),
        "timetracking": lambda i: legacy.extras(i).time_spent > 0,
        "links": lambda i: bool(store.links_of(i)),
        "attachment": lambda i: (
            bool(legacy.extras(i).attachments)
            and legacy.extras(i).attachments[0].mime_type.startswith("image/")
        ),
        "worklog": lambda i: (
            bool(legacy.extras(i).worklogs) and legacy.extras(i).worklogs[0].visibility is not None
        ),
        "description": lambda i: bool(i.description),
    }
    for name, field in brief["fields"].items():
        issue = _first(site, wanted.get(name, lambda i: True))
        answer = (await client.get(f"{API}/issue/{issue.key}")).json()
        assert list(answer) == list(brief)  # expand, self, key, fields
        assert answer["expand"] == "html" and answer["key"] == issue.key
        ours = answer["fields"][name]
        assert list(ours) == ["name", "type", "value"]
        assert (ours["name"], ours["type"]) == (field["name"], field["type"])
        if name in ("updated", "comment"):
            continue  # below: the example's updated is the placeholder 1; comments need one
        assert_like(ours["value"], field["value"], name)
    updated = answer["fields"]["updated"]["value"]
    assert isinstance(updated, str) and DATE.fullmatch(updated)  # the brief's date strings


@pytest.mark.asyncio
async def test_issue_values_come_from_the_store(site: Sandbox, client_for: ClientFactory) -> None:
    store = site.store
    issue = _first(site, lambda i: i.assignee_key and i.component_ids and i.fix_version_ids)
    fields = (await client_for(site).get(f"{API}/issue/{issue.key}")).json()["fields"]
    value = {name: f["value"] for name, f in fields.items()}
    assert value["summary"] == issue.summary
    assert value["status"]["name"] == store.statuses[issue.status_id].name
    assert value["priority"]["name"] == store.priorities[issue.priority_id].name
    assert value["issuetype"]["name"] == store.issue_types[issue.issuetype_id].name
    assert value["assignee"]["name"] == store.users[issue.assignee_key].name
    assert value["reporter"]["name"] == store.users[issue.reporter_key].name
    assert value["project"]["key"] == store.projects[issue.project_id].key
    assert value["labels"] == issue.labels
    assert [c["name"] for c in value["components"]] == [
        store.components[c].name for c in issue.component_ids
    ]
    assert [v["name"] for v in value["fixVersions"]] == [
        store.versions[v].name for v in issue.fix_version_ids
    ]
    assert value["comment"] == [] or value["comment"][0]["body"] == issue.comments[0].body
    assert value["watcher"]["watchCount"] == len(site.legacy.extras(issue).watchers)
    assert value["votes"]["votes"] == len(site.legacy.extras(issue).voters)
    assert "voters" not in value["votes"]  # the list is the votes resource's


@pytest.mark.asyncio
async def test_expand_html_renders_description_and_comments(
    site: Sandbox, client_for: ClientFactory
) -> None:
    issue = _first(site, lambda i: i.description and i.comments)
    client = client_for(site)
    plain = (await client.get(f"{API}/issue/{issue.key}")).json()
    assert "html" not in plain
    expanded = (await client.get(f"{API}/issue/{issue.key}", params={"expand": "html"})).json()
    assert expanded["fields"] == plain["fields"]
    html = expanded["html"]
    assert html["description"].startswith("<")
    assert len(html["comment"]) == len(plain["fields"]["comment"]["value"])


@pytest.mark.asyncio
async def test_a_missing_or_hidden_issue_is_404(site: Sandbox, client_for: ClientFactory) -> None:
    store = site.store
    pat = store.user_by_name("pat")
    hidden = _first(site, lambda i: not store.can_browse(pat, store.projects[i.project_id]))
    for client, key in (
        (client_for(site), "NOPE-1"),
        (client_for(site, "user"), hidden.key),
        (client_for(site, None), hidden.key),
    ):
        for suffix in ("", "/transitions", "/votes", "/watchers"):
            answer = await client.get(f"{API}/issue/{key}{suffix}")
            assert answer.status_code == 404
            assert answer.json() == {"errorMessages": ["Issue Does Not Exist"], "errors": {}}


# ----- an issue's parts ------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_attachment_and_worklog_metadata(
    site: Sandbox, client_for: ClientFactory, examples: Examples
) -> None:
    legacy = site.legacy
    client = client_for(site)
    with_image = _first(
        site,
        lambda i: (
            bool(legacy.extras(i).attachments)
            and legacy.extras(i).attachments[0].mime_type.startswith("image/")
        ),
    )
    att = legacy.extras(with_image).attachments[0]
    answer = (await client.get(f"{API}/attachment/{att.id}")).json()
    assert_like(answer, example(examples, "/api/2.0.alpha1/attachment/{id}"))
    assert (answer["filename"], answer["size"], answer["mimeType"]) == (
        att.filename,
        att.size,
        att.mime_type,
    )
    assert (await client.get(f"{API}/attachment/42")).status_code == 404
    with_log = _first(
        site,
        lambda i: (
            bool(legacy.extras(i).worklogs) and legacy.extras(i).worklogs[0].visibility is not None
        ),
    )
    log = legacy.extras(with_log).worklogs[0]
    answer = (await client.get(f"{API}/worklog/{log.id}")).json()
    assert_like(answer, example(examples, "/api/2.0.alpha1/worklog/{id}"))
    assert answer["minutesSpent"] == log.minutes
    # restricted to jira-developers: pat is not in that group
    assert log.visibility is not None and log.visibility.value == "jira-developers"
    assert (await client_for(site, "user").get(f"{API}/worklog/{log.id}")).status_code == 404


@pytest.mark.asyncio
async def test_comment_rendered_or_raw(site: Sandbox, client_for: ClientFactory) -> None:
    issue = _first(site, lambda i: bool(i.comments))
    comment = issue.comments[0]
    client = client_for(site)
    raw = (await client.get(f"{API}/comment/{comment.id}", params={"render": "false"})).json()
    assert raw["body"] == comment.body
    rendered = (await client.get(f"{API}/comment/{comment.id}")).json()
    assert rendered["body"].startswith("<")  # render defaults to true
    assert {k: v for k, v in rendered.items() if k != "body"} == {
        k: v for k, v in raw.items() if k != "body"
    }
    assert (await client.get(f"{API}/comment/1")).status_code == 404
