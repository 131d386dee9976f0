"""What a Jira 4.3 caller can change: transitions (with fields and a comment), votes, watchers
and issue links, each request and answer held against the brief's examples."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.sandbox import Flavour, Sandbox
from app.sandbox.model import Issue
from tests.sandbox.conftest import ClientFactory, make_sandbox
from tests.sandbox.legacy_brief import assert_like, brief_examples

API = "/rest/api/2.0.alpha1"
ISSUE = "/api/2.0.alpha1/issue/{issueKey}"
Examples = dict[tuple[str, str, str], list[Any]]


@pytest.fixture(scope="module")
def examples(shared_dir: Path) -> Examples:
    """The brief's examples."""
    return brief_examples(shared_dir)


@pytest.fixture
def site() -> Sandbox:
    """A new Jira 4.3 site per test: these tests change it."""
    return make_sandbox(Flavour.LEGACY)


def _issue(site: Sandbox, wanted: Any) -> Issue:
    found = next(
        (i for i in sorted(site.store.issues.values(), key=lambda i: i.id) if wanted(i)), None
    )
    assert found is not None, "the generated site has no such issue"
    return found


def _resolvable(site: Sandbox) -> Issue:
    """An issue a transition that asks for a resolution is open for."""
    store = site.store
    return _issue(
        site, lambda i: any("resolution" in t.required_fields for t in store.transitions_for(i))
    )


# ----- transitions -----------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_transitions_are_a_map_of_names_to_fields(
    site: Sandbox, client_for: ClientFactory, examples: Examples
) -> None:
    issue = _resolvable(site)
    answer = (await client_for(site).get(f"{API}/issue/{issue.key}/transitions")).json()
    brief = examples[(f"{ISSUE}/transitions", "GET", "200")][0]
    assert list(answer) == [t.name for t in site.store.transitions_for(issue)]
    brief_field = brief["Close Issue"][0]
    assert brief_field == {
        "id": "resolution",
        "required": True,
        "type": "com.atlassian.jira.issue.resolution.Resolution",
    }
    closing = next(name for name, fields in answer.items() if fields)
    assert answer[closing][0] == brief_field  # the resolution, exactly as the brief writes it
    for fields in answer.values():
        for field in fields:
            assert_like(field, brief_field)
    # the brief's user type for the assignee
    assert {"id": "assignee", "required": False, "type": "com.opensymphony.user.User"} in answer[
        closing
    ]


@pytest.mark.asyncio
async def test_the_briefs_first_transition_lands_with_its_field_and_comment(
    site: Sandbox, client_for: ClientFactory, examples: Examples
) -> None:
    store = site.store
    issue = _resolvable(site)
    closing = next(t for t in store.transitions_for(issue) if "resolution" in t.required_fields)
    body = {**examples[(f"{ISSUE}/transitions", "POST", "request")][0], "transition": closing.id}
    assert body["fields"] == {"resolution": "Duplicate"}
    history = len(store.history_of(issue))
    answer = await client_for(site).post(f"{API}/issue/{issue.key}/transitions", json=body)
    assert answer.status_code == 204 and answer.content == b""
    assert issue.status_id == closing.to_status_id
    assert store.resolutions[issue.resolution_id or 0].name == "Duplicate"
    assert issue.comments[-1].body == body["comment"]
    assert len(store.history_of(issue)) == history + 1
    # the issue shows it
    fields = (await client_for(site).get(f"{API}/issue/{issue.key}")).json()["fields"]
    assert fields["status"]["value"]["name"] == store.statuses[closing.to_status_id].name
    assert fields["resolution"]["value"]["name"] == "Duplicate"
    assert fields["comment"]["value"][-1]["body"] == body["comment"]


@pytest.mark.asyncio
async def test_a_transition_by_name_with_assignee_and_a_role_comment(
    site: Sandbox, client_for: ClientFactory, examples: Examples
) -> None:
    store = site.store
    issue = _resolvable(site)
    closing = next(t for t in store.transitions_for(issue) if "resolution" in t.required_fields)
    body = {
        "transition": closing.name,
        "fields": {"resolution": "Done", "assignee": "pat"},
        "comment": {"body": "Closed after review.", "role": "Administrators"},
    }
    client = client_for(site)
    assert (await client.post(f"{API}/issue/{issue.key}/transitions", json=body)).status_code == 204
    assert issue.assignee_key == store.user_by_name("pat").key
    comments = (await client.get(f"{API}/issue/{issue.key}")).json()["fields"]["comment"]["value"]
    brief = examples[(ISSUE, "GET", "200")][0]["fields"]["comment"]["value"][0]
    assert_like(comments[-1], brief)
    assert comments[-1]["visibility"] == {"type": "ROLE", "value": "Administrators"}
    one = (await client.get(comments[-1]["self"], params={"render": "false"})).json()
    assert one == comments[-1]
    assert_like(one, examples[("/api/2.0.alpha1/comment/{id}", "GET", "200")][0])
    # pat plays no Administrators role: the comment is not there for pat
    mine = (await client_for(site, "user").get(f"{API}/issue/{issue.key}")).json()
    assert [c["self"] for c in mine["fields"]["comment"]["value"]] == [
        c["self"] for c in comments[:-1]
    ]
    assert (await client_for(site, "user").get(comments[-1]["self"])).status_code == 404


@pytest.mark.asyncio
async def test_transitions_refused_with_jiras_errors(
    site: Sandbox, client_for: ClientFactory, examples: Examples
) -> None:
    store = site.store
    issue = _resolvable(site)
    closing = next(t for t in store.transitions_for(issue) if "resolution" in t.required_fields)
    client = client_for(site)
    url = f"{API}/issue/{issue.key}/transitions"
    status = issue.status_id

    async def refused(body: Any) -> dict[str, Any]:
        answer = await client.post(url, json=body)
        assert answer.status_code == 400, body
        data: dict[str, Any] = answer.json()
        assert list(data) == ["errorMessages", "errors"]
        return data

    # the brief's second example: its priority is not on this workflow's screens
    second = examples[(f"{ISSUE}/transitions", "POST", "request")][1]
    errors = (await refused({**second, "transition": closing.id}))["errors"]
    assert errors["priority"] == (
        "Field 'priority' cannot be set. It is not on the appropriate screen, or unknown."
    )
    assert errors["resolution"] == "Resolution is required."
    assert (await refused({"transition": closing.id, "fields": {"resolution": "Nope"}}))[
        "errors"
    ] == {"resolution": "Resolution name 'Nope' is not valid"}
    assert (await refused({"transition": 99999, "fields": {}}))["errorMessages"] == [
        "Transition '99999' is not valid for this issue."
    ]
    assert (await refused({"fields": {}}))["errorMessages"]
    bad_group = {
        "transition": closing.id,
        "fields": {"resolution": "Done"},
        "comment": {"body": "x", "group": "no-such-group"},
    }
    assert (await refused(bad_group))["errors"] == {
        "comment": "Group: no-such-group does not exist."
    }
    assert issue.status_id == status  # nothing of a refused transition lands
    missing = await client.post(f"{API}/issue/NOPE-1/transitions", json={"transition": 1})
    assert missing.status_code == 404


# ----- votes -----------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_vote_and_unvote(
    site: Sandbox, client_for: ClientFactory, examples: Examples
) -> None:
    store, legacy = site.store, site.legacy
    admin = store.user_by_name("admin")
    issue = _issue(
        site,
        lambda i: (
            i.reporter_key != admin.key
            and store.statuses[i.status_id].category_id != 3
            and legacy.extras(i).voters
        ),
    )
    client = client_for(site)
    url = f"{API}/issue/{issue.key}/votes"
    before = (await client.get(url)).json()
    assert_like(before, examples[(f"{ISSUE}/votes", "GET", "200")][0])
    assert before["hasVoted"] is False
    assert (await client.post(url)).status_code == 204
    after = (await client.get(url)).json()
    assert (after["votes"], after["hasVoted"]) == (before["votes"] + 1, True)
    assert after["voters"][-1]["name"] == "admin"
    assert (await client.delete(url)).status_code == 204
    assert (await client.get(url)).json() == before
    again = await client.delete(url)
    assert again.status_code == 404
    assert again.json()["errorMessages"] == ["You have not voted for this issue."]


@pytest.mark.asyncio
async def test_votes_jira_refuses(site: Sandbox, client_for: ClientFactory) -> None:
    store = site.store
    admin = store.user_by_name("admin")
    own = _issue(
        site, lambda i: i.reporter_key == admin.key and store.statuses[i.status_id].category_id != 3
    )
    answer = await client_for(site).post(f"{API}/issue/{own.key}/votes")
    assert answer.status_code == 404
    assert answer.json()["errorMessages"] == ["You cannot vote for an issue you have reported."]
    done = _issue(
        site, lambda i: i.reporter_key != admin.key and store.statuses[i.status_id].category_id == 3
    )
    answer = await client_for(site).post(f"{API}/issue/{done.key}/votes")
    assert answer.status_code == 404
    assert answer.json()["errorMessages"] == [
        "You cannot vote or change your vote on resolved issues."
    ]


# ----- watchers --------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_watch_and_unwatch(
    site: Sandbox, client_for: ClientFactory, examples: Examples
) -> None:
    store = site.store
    pat = store.user_by_name("pat")
    issue = _issue(
        site,
        lambda i: (
            store.can_browse(pat, store.projects[i.project_id])
            and pat.key not in site.legacy.extras(i).watchers
        ),
    )
    url = f"{API}/issue/{issue.key}/watchers"
    user = client_for(site, "user")
    before = (await user.get(url)).json()
    assert_like(before, examples[(f"{ISSUE}/watchers", "GET", "200")][0])
    assert before["isWatching"] is False
    assert examples[(f"{ISSUE}/watchers", "POST", "request")] == ["fred"]  # a name as a JSON string
    assert (await user.post(url, json="pat")).status_code == 204
    after = (await user.get(url)).json()
    assert (after["isWatching"], after["watchCount"]) == (True, before["watchCount"] + 1)
    assert after["watchers"][-1]["name"] == "pat"
    # the issue's watcher field is the same record
    field = (await user.get(f"{API}/issue/{issue.key}")).json()["fields"]["watcher"]["value"]
    assert field == after
    assert (await user.delete(f"{url}/pat")).status_code == 204
    assert (await user.get(url)).json() == before


@pytest.mark.asyncio
async def test_watchers_jira_refuses(site: Sandbox, client_for: ClientFactory) -> None:
    store = site.store
    pat = store.user_by_name("pat")
    issue = _issue(site, lambda i: store.can_browse(pat, store.projects[i.project_id]))
    url = f"{API}/issue/{issue.key}/watchers"
    user = client_for(site, "user")
    # another user's watching is the project administrators' to change
    refused = await user.post(url, json="admin")
    assert refused.status_code == 401
    assert refused.json()["errorMessages"] == [
        "The user pat does not have permission to complete this operation."
    ]
    reporter = store.users[issue.reporter_key].name
    assert (await user.delete(f"{url}/{reporter}")).status_code == (
        204 if reporter == "pat" else 401
    )
    assert (await user.post(url, json="nobody")).status_code == 404
    assert (await user.delete(f"{url}/nobody")).status_code == 404
    assert (await user.post(url, json={"name": "pat"})).status_code == 400
    # an administrator manages anyone's watching
    assert (await client_for(site).post(url, json="pat")).status_code == 204
    assert pat.key in site.legacy.extras(issue).watchers


# ----- issue links -----------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_the_briefs_issue_link_lands_both_ways(
    site: Sandbox, client_for: ClientFactory, examples: Examples
) -> None:
    store = site.store
    first, second = sorted(store.issues.values(), key=lambda i: i.id)[:2]
    body = {
        **examples[("/api/2.0.alpha1/issueLink", "POST", "request")][0],
        "fromIssueKey": first.key,
        "toIssueKey": second.key,
    }
    client = client_for(site)
    answer = await client.post(f"{API}/issueLink", json=body)
    assert answer.status_code == 200 and answer.content == b""
    duplicate = store.link_type_by_name("Duplicate")
    assert duplicate is not None
    source = (await client.get(f"{API}/issue/{first.key}")).json()["fields"]
    target = (await client.get(f"{API}/issue/{second.key}")).json()["fields"]
    assert {
        "issueKey": second.key,
        "issue": f"http://sandbox.test{API}/issue/{second.key}",
        "type": {"name": "Duplicate", "direction": "OUTBOUND", "description": duplicate.outward},
    } in source["links"]["value"]
    assert {
        "issueKey": first.key,
        "issue": f"http://sandbox.test{API}/issue/{first.key}",
        "type": {"name": "Duplicate", "direction": "INBOUND", "description": duplicate.inward},
    } in target["links"]["value"]
    comment = source["comment"]["value"][-1]
    assert comment["body"] == body["comment"]["body"]
    assert comment["visibility"] == body["comment"]["visibility"]


@pytest.mark.asyncio
async def test_issue_links_jira_refuses(site: Sandbox, client_for: ClientFactory) -> None:
    first, second = sorted(site.store.issues.values(), key=lambda i: i.id)[:2]
    body = {"linkType": "Blocks", "fromIssueKey": first.key, "toIssueKey": second.key}
    client = client_for(site)
    links = dict(site.store.links)
    assert (
        await client.post(f"{API}/issueLink", json={**body, "linkType": "Nope"})
    ).status_code == 404
    assert (
        await client.post(f"{API}/issueLink", json={**body, "toIssueKey": "NOPE-1"})
    ).status_code == 404
    bad = {**body, "comment": {"body": "x", "visibility": {"type": "GROUP", "value": "nope"}}}
    answer = await client.post(f"{API}/issueLink", json=bad)
    assert answer.status_code == 400
    assert answer.json()["errors"] == {"comment": "Group: nope does not exist."}
    assert (await client_for(site, None).post(f"{API}/issueLink", json=body)).status_code == 401
    assert site.store.links == links  # nothing of a refused link lands


# ----- attachments -----------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_attach_files_then_read_their_metadata(
    site: Sandbox, client_for: ClientFactory, examples: Examples
) -> None:
    issue = sorted(site.store.issues.values(), key=lambda i: i.id)[0]
    url = f"{API}/issue/{issue.key}/attachments"
    files = [
        ("file", ("shot.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "image/png")),
        ("file", ("notes.txt", b"line one\nline two\n", "text/plain")),
    ]
    client = client_for(site)
    # the brief: XSRF protection wants the X-Atlassian-Token header
    refused = await client.post(url, files=files)
    assert refused.status_code == 403
    assert refused.json()["errorMessages"] == ["XSRF check failed"]
    before = len(site.legacy.extras(issue).attachments)
    answer = await client.post(url, files=files, headers={"X-Atlassian-Token": "nocheck"})
    assert answer.status_code == 204
    listed = (await client.get(f"{API}/issue/{issue.key}")).json()["fields"]["attachment"]["value"]
    assert len(listed) == before + 2
    shot, notes = listed[-2:]
    assert (shot["filename"], shot["size"], shot["mimeType"]) == ("shot.png", 108, "image/png")
    assert (notes["filename"], notes["size"], notes["mimeType"]) == ("notes.txt", 18, "text/plain")
    assert "thumbnail" not in notes
    one = (await client.get(shot["self"])).json()
    assert one == shot
    assert_like(one, examples[("/api/2.0.alpha1/attachment/{id}", "GET", "200")][0])
    assert one["author"]["name"] == "admin"
    missing = await client.post(
        f"{API}/issue/NOPE-1/attachments", files=files, headers={"X-Atlassian-Token": "no-check"}
    )
    assert missing.status_code == 404
