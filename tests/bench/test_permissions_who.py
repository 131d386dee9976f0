"""Benchmark: "who can Browse Projects" across 500 projects, 2,000 users and 200 groups at 50 ms.

The sandbox serves from a process of its own (``--bench-permissions``: projects PB000-PB499,
users bench0000-bench1999, groups of 5 to 150 members, each project's roles holding users and
groups, half the projects on a scheme that also grants by groups, a single user, the lead and
the reporter) and answers every request 50 ms late. ``PermissionAdmin.who_can_everywhere``
answers for every project: each project's scheme, the schemes' grants, the granted roles' actors
per project, every granted group's members (every page) and the leads, each read once per run
and fetched side by side within the site's concurrency bound. Printed: seconds to the full
answer and the number of requests, at the default bound (6) and at 16, and for comparison what
one request at a time would take (requests x latency). Run with ``make bench``.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import pytest

from app.api import JiraClient, SiteConfig, auth_for
from app.api.permissions import PermissionAdmin
from app.domain.site import AuthKind
from tests.bench.sandbox_process import sandbox_process

LATENCY_MS = 50
PROJECTS = 500
PERMISSION = "BROWSE_PROJECTS"


class _Counter(httpx.AsyncBaseTransport):
    """Counts the requests that really went out, and the most in flight at once."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.sent = 0
        self.in_flight = 0
        self.most = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.sent += 1
        self.in_flight += 1
        self.most = max(self.most, self.in_flight)
        try:
            response = await self.inner.handle_async_request(request)
            await response.aread()
            return response
        finally:
            self.in_flight -= 1

    async def aclose(self) -> None:
        await self.inner.aclose()


async def _answer(url: str, kind: AuthKind, login: str, secret: str, bound: int) -> dict[str, Any]:
    config = SiteConfig(url, auth_for(kind, login, secret), concurrency=bound, trust_env=False)
    counter = _Counter()
    async with JiraClient(config, transport=counter) as client:
        await client.server_info()  # the flavour, as a session knows it before any question
        counter.sent = 0
        admin = PermissionAdmin(client)
        keys = [f"PB{n:03d}" for n in range(PROJECTS)]
        started = time.perf_counter()
        answers = await admin.who_can_everywhere(PERMISSION, keys)
        seconds = time.perf_counter() - started
        admin.forget()
    return {
        "seconds": seconds,
        "requests": counter.sent,
        "counted_by_client": admin.requests,
        "most_in_flight": counter.most,
        "projects": len(answers),
        "user_paths": sum(len(a.users) for a in answers),
        "distinct_users": len({u.user.id for a in answers for u in a.users}),
        "conditions": sum(len(a.conditions) for a in answers),
    }


@pytest.mark.parametrize("flavour", ["cloud", "datacenter"])
def test_who_can_across_500_projects(flavour: str) -> None:
    with sandbox_process(
        flavour, issues=50, projects=2, latency_ms=LATENCY_MS, extra=("--bench-permissions",)
    ) as site:
        kind = AuthKind.CLOUD_TOKEN if site.cloud else AuthKind.PASSWORD
        results = {
            bound: asyncio.run(_answer(site.url, kind, site.login, site.secret, bound))
            for bound in (6, 16)
        }
    print(
        f"\n[{flavour}] who can {PERMISSION} in {PROJECTS} projects (2,000 users, 200 groups), "
        f"sandbox in another process at {LATENCY_MS} ms per request"
    )
    for bound, r in results.items():
        serial = r["requests"] * LATENCY_MS / 1000
        print(
            f"  concurrency {bound:>2}: full answer in {r['seconds']:6.2f} s, "
            f"{r['requests']:,} requests (most {r['most_in_flight']} in flight), "
            f"one at a time would be >= {serial:6.1f} s; {r['distinct_users']:,} users "
            f"({r['user_paths']:,} project-user answers), {r['conditions']} conditions"
        )
        assert r["projects"] == PROJECTS
        assert r["requests"] == r["counted_by_client"]
        assert r["distinct_users"] > 1000
        assert r["most_in_flight"] <= bound
