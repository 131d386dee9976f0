"""Issues: summaries, descriptions and comments from small shared vocabularies, laid out in time."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from app.sandbox.datagen.reference import (
    BLOCKED,
    BUG,
    DONE,
    EPIC,
    IN_PROGRESS,
    IN_REVIEW,
    STORY,
    SUBTASK,
    TASK,
    TO_DO,
    WONT_DO,
)
from app.sandbox.model import Comment, Issue, Project, Sprint, User, Version
from app.sandbox.store import Store

__all__ = ["make_issues"]

VERBS = [
    "Add",
    "Fix",
    "Remove",
    "Refactor",
    "Document",
    "Migrate",
    "Speed up",
    "Audit",
    "Test",
    "Localise",
    "Redesign",
    "Validate",
    "Cache",
    "Log",
    "Monitor",
    "Secure",
]
OBJECTS = [
    "login form",
    "export to CSV",
    "billing report",
    "search index",
    "user avatar upload",
    "password reset flow",
    "REST endpoint for orders",
    "dashboard widget",
    "email templates",
    "nightly backup job",
    "rate limiter",
    "audit log",
    "date picker",
    "invoice PDF",
    "permission check",
    "webhook retries",
    "dark theme",
    "onboarding checklist",
    "release notes page",
    "SSO configuration",
    "mobile push settings",
    "timezone handling",
]
QUALIFIERS = [
    "",
    "",
    "",
    " for admins",
    " on Safari",
    " in the EU region",
    " under load",
    " after upgrade",
    " for large accounts",
    " with keyboard only",
    " on Windows",
    " (regression)",
    " behind the proxy",
]
LABELS = [
    "backend",
    "frontend",
    "ux",
    "performance",
    "security",
    "tech-debt",
    "customer",
    "regression",
    "docs",
    "api",
    "infra",
    "quick-win",
    "flaky",
    "a11y",
]
# wiki markup, as people type it into Jira (see app.sandbox.wiki); "{obj}" is filled in
DESCRIPTIONS = [
    "h2. Context\nCustomers report that the *{obj}* misbehaves since the last release.\n\n"
    "h3. Steps\n# Open the page\n# Try the {obj}\n# Observe the error\n\n"
    "_Expected:_ it works. See the [status page|https://status.example.com/incidents].",
    "As a user I want the {obj} to be faster so that I can finish my work.\n\n* measure first\n"
    "* keep the old behaviour behind a flag\n** flag name: {{fast-path}}",
    "The {obj} logs this:\n{code:java}\nERROR 500 at handler (timeout after 30s)\n{code}\n"
    "See also the runbook.",
    "Follow-up from the retro: the {obj} needs an owner and a test.\n\n"
    "||Owner||Due||\n|[~admin]|next sprint|",
    "Acceptance criteria:\n* works for [~admin]\n* covered by tests\n"
    "* documented in the [wiki|https://wiki.example.com/display/DOC]\n\n!screenshot.png!",
    "",
]
COMMENTS = [
    "I can reproduce this on _staging_.",
    "Working on it, PR coming today.",
    "Can we split this into two issues?",
    "Reviewed, looks good to me. *Ship it.*",
    "Blocked by the database migration, see https://wiki.example.com/display/DB/Migration",
    "Customer confirmed the fix works.",
    "Moved to the next sprint, not enough capacity.",
    "{code}stack trace omitted{code}",
]


def make_issues(
    store: Store,
    rng: random.Random,
    count: int,
    projects: list[Project],
    workers: list[User],
    anchor: datetime,
    sprints_by_project: dict[int, list[Sprint]],
) -> None:
    if not projects:
        return
    weights = [rng.uniform(0.3, 3.0) for _ in projects]
    owners = rng.choices(range(len(projects)), weights=weights, k=count)
    comps_by_project: dict[int, list[int]] = {p.id: [] for p in projects}
    for comp in store.components.values():
        comps_by_project[comp.project_id].append(comp.id)
    versions_by_project: dict[int, list[Version]] = {p.id: [] for p in projects}
    for version in store.versions.values():
        versions_by_project[version.project_id].append(version)
    epics_by_project: dict[int, list[Issue]] = {p.id: [] for p in projects}
    parents_by_project: dict[int, list[Issue]] = {p.id: [] for p in projects}
    type_choices = [EPIC, STORY, TASK, BUG, SUBTASK]
    type_weights = [4, 40, 25, 24, 7]
    status_choices = [TO_DO, IN_PROGRESS, IN_REVIEW, BLOCKED, DONE, WONT_DO]
    status_weights = [30, 15, 6, 3, 42, 4]
    span_seconds = 720 * 86400
    # issues are created in time order across the site, so ids grow with creation time
    offsets = sorted(rng.random() ** 0.7 for _ in range(count))

    for n in range(count):
        project = projects[owners[n]]
        number = project.next_issue_number
        project.next_issue_number += 1
        created = anchor - timedelta(seconds=int(span_seconds * (1 - offsets[n])))
        itype = rng.choices(type_choices, type_weights)[0]
        parents = parents_by_project[project.id]
        if itype == SUBTASK and not parents:
            itype = TASK
        status = rng.choices(status_choices, status_weights)[0]
        age_days = (anchor - created).days
        if age_days < 30 and status in (DONE, WONT_DO) and rng.random() < 0.6:
            status = TO_DO
        done = status in (DONE, WONT_DO)
        updated = created + timedelta(
            seconds=rng.randint(0, max(60, (anchor - created).seconds + 86400 * min(age_days, 60)))
        )
        updated = min(updated, anchor)
        obj = rng.choice(OBJECTS)
        summary = f"{rng.choice(VERBS)} {obj}{rng.choice(QUALIFIERS)}"
        if itype == EPIC:
            summary = f"{obj.capitalize()} overhaul"
        issue = Issue(
            id=10000 + n,
            key=f"{project.key}-{number}",
            project_id=project.id,
            summary=summary,
            description=rng.choice(DESCRIPTIONS).replace("{obj}", obj),
            issuetype_id=itype,
            status_id=status,
            priority_id=rng.choices([1, 2, 3, 4, 5], [3, 12, 60, 18, 7])[0],
            reporter_key=rng.choice(workers).key,
            creator_key="",
            created=created,
            updated=updated,
            assignee_key=rng.choice(workers).key if rng.random() < 0.8 else None,
            labels=rng.sample(LABELS, rng.choice([0, 0, 1, 1, 2, 3])),
            rank=n,
            history=None,  # made on first use: see app.sandbox.datagen.history
        )
        issue.creator_key = issue.reporter_key
        issue.status_category_changed = updated
        if done:
            issue.resolution_id = 10000 if status == DONE else rng.choice([10001, 10002, 10003])
            issue.resolution_date = updated
        comps = comps_by_project[project.id]
        if comps and rng.random() < 0.6:
            issue.component_ids = rng.sample(comps, min(len(comps), rng.choice([1, 1, 2])))
        versions = versions_by_project[project.id]
        if versions and itype != EPIC and rng.random() < 0.5:
            candidates = [v for v in versions if v.released == done] or versions
            issue.fix_version_ids = [rng.choice(candidates).id]
        if rng.random() < 0.08:
            issue.due_date = (created + timedelta(days=rng.randint(7, 90))).date()
        if itype == STORY:
            issue.story_points = float(rng.choice([1, 2, 3, 5, 8, 13]))
        epics = epics_by_project[project.id]
        if itype == SUBTASK:
            issue.parent_id = rng.choice(parents[-50:]).id
        elif itype != EPIC and epics and rng.random() < 0.5:
            issue.parent_id = rng.choice(epics[-10:]).id
        sprints = sprints_by_project.get(project.id)
        if sprints and itype not in (EPIC, SUBTASK):
            closed = [s for s in sprints if s.state == "closed"]
            active = next(s for s in sprints if s.state == "active")
            future = [s for s in sprints if s.state == "future"]
            # the active sprint holds the work touched since it began (done or not) and the
            # recent open work; older work in progress is left in the backlog, as it is in Jira
            touched = active.start_date is not None and updated >= active.start_date
            if done and age_days < 70:
                earlier = rng.choice(closed).id  # drawn either way: the rest of the site stays
                issue.sprint_ids = [active.id if touched else earlier]
            elif (
                (done and touched)
                or (status in (IN_PROGRESS, IN_REVIEW, BLOCKED) and (anchor - updated).days < 90)
                or (status == TO_DO and age_days < 40 and rng.random() < 0.5)
            ):
                issue.sprint_ids = [active.id]
            elif status == TO_DO and rng.random() < 0.3:
                issue.sprint_ids = [rng.choice(future).id]
        for _ in range(rng.choice([0, 0, 0, 1, 1, 2, 3])):
            when = created + (updated - created) * rng.random()
            author = rng.choice(workers)
            issue.comments.append(
                Comment(
                    store.next_id("comment"),
                    author.key,
                    rng.choice(COMMENTS),
                    when,
                    when,
                    author.key,
                )
            )
        issue.comments.sort(key=lambda c: c.created)  # Jira lists comments oldest first
        store.add_issue(issue)
        if itype == EPIC:
            epics.append(issue)
        elif itype != SUBTASK:
            parents.append(issue)
    store.seen_id("issue", 10000 + count)
