"""Demo mode: the built-in sandbox Jira in a child process, and a profile that lives in memory.

``DemoLauncher(flavour, issues).start()`` spawns ``python -m app.sandbox`` (``jade sandbox`` in a
frozen build) and returns at once, so the window can show while the child generates its site;
``await launcher.ready()`` then gives the :class:`DemoSite` (profile and admin secret) once the
child prints its URL, and ``stop()`` ends the child. The child never shares the GUI thread's
interpreter, so serving a large site does not stall the window.

The child ends with Jade however Jade ends: ``stop()`` closes its standard input, and so does
the OS when Jade crashes or is killed, and the sandbox runs with ``--exit-with-stdin``.

The sandbox also serves the two milestone services; the demo keeps a profile for each (the
Project Milestones app and the Milestones API, signed in as the administrator) after the Jira
site's. Nothing of the demo is written to disk: the profiles are held by ``MemoryProfiles`` and
their secrets by a session-only ``SecretStore``; the user's real profiles and keychain are left alone. The
demo profile's id is the same on every run (one per flavour), so the settings Jade keeps per
site (last pane, column layout) are remembered between demo runs.
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import logging
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from app.domain.secret import Secret
from app.domain.site import AuthKind, SiteKind
from app.store.keychain import SecretStore
from app.store.profiles import Profile, ProfileNotFoundError, validate_profile

__all__ = [
    "DEMO_FLAVOURS",
    "DemoLauncher",
    "DemoSite",
    "DemoStartError",
    "MemoryProfiles",
    "demo_profile_id",
    "open_demo",
    "sandbox_command",
]

_log = logging.getLogger(__name__)

DEMO_FLAVOURS = ("cloud", "datacenter", "greenhopper", "legacy")
_DEMO_NAMES = {
    "cloud": "Sandbox Jira (demo)",
    "datacenter": "Sandbox Jira DC (demo)",
    # a Jira 6.4 server whose boards come from the GreenHopper experimental API
    "greenhopper": "Sandbox Jira Agile 6.x (demo)",
    # a Jira 4.3 server: REST 2.0.alpha1 only
    "legacy": "Sandbox Jira 4.3 (demo)",
}
# the milestone services' lines after the logins (see app/sandbox/__main__.py)
_SERVICE_LINES = ("pm-app", "pm-app-admin", "milestones-api", "milestones-api-admin")
_DEMO_KINDS = {"cloud": SiteKind.JIRA_CLOUD, "legacy": SiteKind.JIRA_LEGACY}
DEFAULT_TIMEOUT_S = 120.0  # generous: generating 100,000 issues takes a few seconds
STOP_TIMEOUT_S = 5.0
STDERR_TAIL_LINES = 20
# a fixed namespace, so that a flavour maps to the same profile id on every run and machine
_DEMO_NAMESPACE = uuid.UUID("5b0f3f3e-8d52-4c55-9a53-6a1d1e0de111")


class DemoStartError(RuntimeError):
    """The demo sandbox did not come up; the message says why, then what it wrote to stderr."""

    def __init__(self, reason: str, stderr_tail: str = "") -> None:
        self.summary = f"The demo sandbox {reason}."
        self.stderr_tail = stderr_tail
        message = self.summary
        if stderr_tail:
            message += f"\nIts last words on stderr:\n{stderr_tail}"
        super().__init__(message)


class MemoryProfiles:
    """Profiles kept in memory for this process (the demo), validated like stored ones."""

    def __init__(self, profiles: list[Profile] | None = None) -> None:
        self._profiles: list[Profile] = list(profiles or [])
        self._lock = threading.Lock()

    @property
    def profiles(self) -> tuple[Profile, ...]:
        """Every profile, in the order added."""
        return tuple(self._profiles)

    def add(self, profile: Profile) -> Profile:
        """Validate and keep a new profile."""
        with self._lock:
            stored = validate_profile(profile, self._profiles)
            self._profiles.append(stored)
            return stored

    def update(self, profile: Profile) -> Profile:
        """Validate and replace a profile (matched by id)."""
        with self._lock:
            others = [p for p in self._profiles if p.id != profile.id]
            if len(others) == len(self._profiles):
                raise ProfileNotFoundError(profile.id)
            stored = validate_profile(profile, others)
            self._profiles = [stored if p.id == profile.id else p for p in self._profiles]
            return stored

    def remove(self, profile_id: str) -> Profile:
        """Forget a profile."""
        with self._lock:
            for profile in self._profiles:
                if profile.id == profile_id:
                    self._profiles.remove(profile)
                    return profile
        raise ProfileNotFoundError(profile_id)


@dataclass(frozen=True, slots=True)
class DemoSite:
    """The running demo sandbox: a profile that reaches it, the admin's secret, the child's pid;
    and the profiles (with their secrets) of the milestone services it serves beside Jira."""

    profile: Profile
    secret: Secret
    pid: int
    services: tuple[tuple[Profile, Secret], ...] = ()


def demo_profile_id(flavour: str, service: str = "") -> str:
    """The demo profile's id for ``flavour`` (and a milestone ``service`` of it): the same on
    every run, and a valid profile id."""
    suffix = f"-{service}" if service else ""
    return uuid.uuid5(_DEMO_NAMESPACE, f"jade-demo-{_checked(flavour)}{suffix}").hex


def sandbox_command(arguments: Sequence[str]) -> list[str]:
    """The command line that runs the sandbox with ``arguments`` (a frozen Jade runs itself)."""
    if getattr(sys, "frozen", False):
        # a frozen Jade has no ``-m``; its hidden ``jade sandbox`` subcommand serves instead
        return [sys.executable, "sandbox", *arguments]
    return [sys.executable, "-m", "app.sandbox", *arguments]


class DemoLauncher:
    """Runs the sandbox in a child process; ``start()`` never waits, ``ready()`` is awaited."""

    def __init__(
        self,
        flavour: str,
        issues: int = 5000,
        *,
        seed: int = 1,
        timeout: float = DEFAULT_TIMEOUT_S,
        command: Sequence[str] | None = None,
    ) -> None:
        self.flavour = _checked(flavour)
        self.issues = issues
        self.seed = seed
        self.timeout = timeout
        # tests run a stand-in child; its standard streams are handled like the sandbox's
        self.command = list(command) if command is not None else None
        self._process: subprocess.Popen[str] | None = None
        self._deadline = 0.0
        self._site: concurrent.futures.Future[DemoSite] = concurrent.futures.Future()
        # running from the start: an awaiting side that times out must not cancel it for others
        self._site.set_running_or_notify_cancel()
        self._stderr: collections.deque[str] = collections.deque(maxlen=STDERR_TAIL_LINES)
        self._threads: list[threading.Thread] = []

    @property
    def pid(self) -> int | None:
        """The child's process id, once started."""
        return self._process.pid if self._process is not None else None

    @property
    def returncode(self) -> int | None:
        """The child's exit code, or None while it runs (or before it started)."""
        return self._process.poll() if self._process is not None else None

    def start(self) -> DemoLauncher:
        """Spawn the child and return at once; DemoStartError if it cannot be started."""
        if self._process is not None:
            raise RuntimeError("the demo sandbox was already started")
        arguments = [
            "--flavour",
            self.flavour,
            "--port",
            "0",
            "--issues",
            str(self.issues),
            "--seed",
            str(self.seed),
            "--exit-with-stdin",
        ]
        command = self.command or sandbox_command(arguments)
        flags = 0
        if sys.platform == "win32":
            # a windowed Jade has no console, and the child would open one of its own
            flags = subprocess.CREATE_NO_WINDOW
        try:
            # the command is ours (this interpreter, or the test's stand-in), never user input
            process = subprocess.Popen(  # noqa: S603
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                errors="replace",
                creationflags=flags,
            )
        except OSError as exc:
            raise DemoStartError(f"could not be started ({exc})") from exc
        self._process = process
        self._deadline = time.monotonic() + self.timeout
        _log.info("demo sandbox started as process %d", process.pid)
        error_reader = threading.Thread(
            target=self._read_stderr, args=(process,), name="demo-stderr", daemon=True
        )
        output_reader = threading.Thread(
            target=self._read_stdout,
            args=(process, error_reader),
            name="demo-stdout",
            daemon=True,
        )
        self._threads = [error_reader, output_reader]
        for thread in self._threads:
            thread.start()
        return self

    async def ready(self) -> DemoSite:
        """The demo site once the child serves it; DemoStartError if it fails or times out."""
        if self._process is None:
            raise RuntimeError("start() the demo sandbox first")
        # wrap_future hands the reader thread's result to this loop with call_soon_threadsafe,
        # which qasync's loop supports on every platform (its subprocess support is not)
        remaining = max(self._deadline - time.monotonic(), 0.0)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(self._site), remaining)
        except TimeoutError as exc:
            raise DemoStartError(
                f"printed no address within {self.timeout:g} s", self.stderr_tail()
            ) from exc

    def stderr_tail(self) -> str:
        """The last lines the child wrote to stderr."""
        return "\n".join(self._stderr)

    def stop(self, timeout: float = STOP_TIMEOUT_S) -> int | None:
        """End the child (closing its input asks it to stop; killed after ``timeout``)."""
        process = self._process
        if process is None:
            return None
        if process.stdin is not None and not process.stdin.closed:
            process.stdin.close()
        try:
            code = process.wait(timeout)
        except subprocess.TimeoutExpired:
            _log.warning("the demo sandbox did not stop within %g s; killing it", timeout)
            process.kill()
            code = process.wait(timeout)
        for thread in self._threads:
            thread.join(timeout)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
        _log.info("demo sandbox ended with exit code %d", code)
        return code

    # ----- reader threads --------------------------------------------------------------------------
    def _read_stdout(self, process: subprocess.Popen[str], error_reader: threading.Thread) -> None:
        fields: dict[str, str] = {}
        for line in process.stdout or ():
            if self._site.done():
                continue  # keep draining, so that the child never blocks on a full pipe
            text = line.rstrip("\r\n")
            key, separator, value = text.partition("=")
            if separator and key in ("url", "admin", *_SERVICE_LINES):
                fields.setdefault(key, value)
            # the milestone services' lines follow the logins; a comment ends the block
            complete = all(k in fields for k in _SERVICE_LINES) or text.startswith("#")
            if "url" in fields and "admin" in fields and complete:
                try:
                    site = self._demo_site(fields, process.pid)
                    self._site.set_result(site)
                except ValueError as exc:
                    self._site.set_exception(
                        DemoStartError(f"printed an address or login Jade cannot use ({exc})")
                    )
        if self._site.done():
            return
        code = process.wait()
        error_reader.join()  # the whole of stderr, for the message
        self._site.set_exception(
            DemoStartError(f"exited with code {code} before it was ready", self.stderr_tail())
        )

    def _read_stderr(self, process: subprocess.Popen[str]) -> None:
        for line in process.stderr or ():
            text = line.rstrip("\r\n")
            self._stderr.append(text)
            _log.warning("demo sandbox: %s", text)

    def _demo_site(self, fields: dict[str, str], pid: int) -> DemoSite:
        url, admin = fields["url"], fields["admin"]
        login, separator, secret = admin.partition(":")
        if not separator or not login:
            raise ValueError("the admin line is not LOGIN:SECRET")
        cloud = self.flavour == "cloud"
        profile = Profile(
            name=_DEMO_NAMES[self.flavour],
            base_url=url,
            kind=_DEMO_KINDS.get(self.flavour, SiteKind.JIRA_DATACENTER),
            auth=AuthKind.CLOUD_TOKEN if cloud else AuthKind.PASSWORD,
            user=login,
            id=demo_profile_id(self.flavour),
        )
        return DemoSite(validate_profile(profile), Secret(secret), pid, self._services(fields))

    def _services(self, fields: dict[str, str]) -> tuple[tuple[Profile, Secret], ...]:
        """Profiles of the milestone services the child announced (none from an older one)."""
        found: list[tuple[Profile, Secret]] = []
        if "pm-app" in fields and "pm-app-admin" in fields:
            email, separator, token = fields["pm-app-admin"].partition(":")
            if not separator:
                raise ValueError("the pm-app-admin line is not EMAIL:TOKEN")
            app = Profile(
                name=f"{_DEMO_NAMES[self.flavour].removesuffix(' (demo)')} milestones app (demo)",
                base_url=fields["pm-app"],
                kind=SiteKind.PROJECT_MILESTONES,
                auth=AuthKind.APP_TOKEN,
                user=email,
                id=demo_profile_id(self.flavour, "pm-app"),
            )
            found.append((validate_profile(app), Secret(token)))
        if "milestones-api" in fields and fields.get("milestones-api-admin"):
            api = Profile(
                name=f"{_DEMO_NAMES[self.flavour].removesuffix(' (demo)')} Milestones API (demo)",
                base_url=fields["milestones-api"],
                kind=SiteKind.MILESTONES_API,
                auth=AuthKind.API_KEY,
                id=demo_profile_id(self.flavour, "milestones-api"),
            )
            found.append((validate_profile(api), Secret(fields["milestones-api-admin"])))
        return tuple(found)


async def open_demo(
    launcher: DemoLauncher, profiles: MemoryProfiles, secrets: SecretStore
) -> Profile:
    """Wait for the demo site, then keep its profile and secret for this session (and those of
    the milestone services beside it); the Jira site's profile is returned, and listed first."""
    site = await launcher.ready()
    stored = profiles.add(site.profile)
    await secrets.set(stored.id, site.secret)
    for profile, secret in site.services:
        service = profiles.add(profile)
        await secrets.set(service.id, secret)
    return stored


def _checked(flavour: str) -> str:
    if flavour not in DEMO_FLAVOURS:
        raise ValueError(f"the demo is one of {', '.join(DEMO_FLAVOURS)}, not {flavour!r}")
    return str(flavour)
