"""The Jade side of the projects benchmark: the client's paging, then a Shell showing the list.

``tests/bench/test_projects_load.py`` runs it in a process of its own against a sandbox in a
third one::

    python -m tests.bench.projects_load_probe URL LOGIN SECRET FLAVOUR LATENCY_S

and reads the one JSON line it prints: all projects through ``ProjectAdmin`` with the site's
concurrency (6) and, on Cloud, one page at a time (concurrency 1, the baseline), with the
latency bound (pages / 6 * latency); then in a Shell, the time from "site connected" to the
Projects pane's first rows and to all of them.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import qasync
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from app.api import JiraClient, SiteConfig, auth_for
from app.api.projects import ProjectAdmin
from app.domain.site import AuthKind, SiteKind
from app.store.keychain import SecretStore
from app.store.profiles import Profile, ProfileStore
from app.ui.projects.controller import ProjectsController
from app.ui.shell.shell import Shell

PAGE = 50  # ProjectAdmin's page of /project/search
TIMEOUT_S = 300.0


async def client_figures(config: SiteConfig, cloud: bool, latency: float) -> dict[str, Any]:
    """Seconds to list every project concurrently, and (Cloud) one page at a time."""
    out: dict[str, Any] = {}
    async with JiraClient(config) as client:
        await client.server_info()
        started = time.perf_counter()
        projects = await ProjectAdmin(client).list_projects()
        out["concurrent_s"] = time.perf_counter() - started
        out["projects"] = len(projects)
    if cloud:
        sequential = SiteConfig(config.base_url, config.auth, concurrency=1, trust_env=False)
        async with JiraClient(sequential) as client:
            await client.server_info()
            started = time.perf_counter()
            await ProjectAdmin(client).list_projects()
            out["sequential_s"] = time.perf_counter() - started
        pages = -(-len(projects) // PAGE)
        out["latency_bound_s"] = pages / config.concurrency * latency
    return out


async def wait_for(condition: Any, what: str) -> None:
    """Poll ``condition`` on the loop until it holds."""
    deadline = time.monotonic() + TIMEOUT_S
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        await asyncio.sleep(0.001)


async def pane_figures(shell: Shell, profile: Profile, projects: int) -> dict[str, float]:
    """From the site connected to the Projects pane's first rows, and to all of them."""
    pane = shell.pane("projects")
    assert isinstance(pane, ProjectsController)
    model = pane.pane.model
    shell.select_site(profile.id)

    def connected() -> bool:
        session = shell.sites.sessions.get(profile.id)
        return session is not None and session.report is not None

    await wait_for(connected, "the site to connect")
    started = time.perf_counter()
    await wait_for(lambda: model.rowCount() > 0, "the first projects")
    first = time.perf_counter() - started
    await wait_for(lambda: model.rowCount() >= projects and not pane.tasks.tasks, "every project")
    return {"ui_first_rows_s": first, "ui_all_rows_s": time.perf_counter() - started}


def main(argv: list[str]) -> None:
    """Measure against the site in ``argv``; print the figures as one JSON line."""
    url, login, secret, flavour, latency = argv
    cloud = flavour == "cloud"
    kind = AuthKind.CLOUD_TOKEN if cloud else AuthKind.PASSWORD
    config = SiteConfig(url, auth_for(kind, login, secret), concurrency=6, trust_env=False)
    figures = asyncio.run(client_figures(config, cloud, float(latency)))

    app = QApplication([])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    folder = tempfile.mkdtemp(prefix="jade-bench-")
    settings = QSettings(os.path.join(folder, "settings.ini"), QSettings.Format.IniFormat)
    profiles = ProfileStore(Path(folder))
    site_kind = SiteKind.JIRA_CLOUD if cloud else SiteKind.JIRA_DATACENTER
    profile = profiles.add(Profile("bench", url, site_kind, kind, login))
    secrets = SecretStore(session_only=True)
    secrets.set_blocking(profile.id, secret)
    shell = Shell(settings, profiles, secrets)
    shell.window.show()

    async def run() -> dict[str, float]:
        try:
            return await pane_figures(shell, profile, figures["projects"])
        finally:
            await shell.aclose()

    with loop:
        figures.update(loop.run_until_complete(run()))
    print(json.dumps(figures), flush=True)
    # skip PySide's teardown after a qasync run (it can abort); the figures are out
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1:])
