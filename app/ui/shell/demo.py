"""Demo mode: the built-in sandbox Jira on a free loopback port, and a profile that lives in memory.

Nothing of the demo is written to disk: the profile is held by ``MemoryProfiles`` and its secret
by a session-only ``SecretStore``; the user's real profiles and keychain are left alone.
"""

from __future__ import annotations

import threading

from app.domain.secret import Secret
from app.domain.site import AuthKind, SiteKind
from app.sandbox import Flavour as SandboxFlavour
from app.sandbox import Sandbox, SandboxConfig, SandboxServer
from app.store.keychain import SecretStore
from app.store.profiles import Profile, ProfileNotFoundError, validate_profile

__all__ = ["DemoSite", "MemoryProfiles", "start_demo"]


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


class DemoSite:
    """A running sandbox and the profile and secret that reach it."""

    def __init__(self, flavour: SandboxFlavour, issues: int, latency_ms: float) -> None:
        self.sandbox = Sandbox(SandboxConfig(flavour=flavour, issues=issues, latency_ms=latency_ms))
        self.server = SandboxServer(self.sandbox).start()
        cloud = flavour is SandboxFlavour.CLOUD
        account = self.sandbox.admin
        self.profile = Profile(
            name="Sandbox Jira (demo)" if cloud else "Sandbox Jira DC (demo)",
            base_url=self.server.url,
            kind=SiteKind.JIRA_CLOUD if cloud else SiteKind.JIRA_DATACENTER,
            auth=AuthKind.CLOUD_TOKEN if cloud else AuthKind.PASSWORD,
            user=account.login,
        )
        self.secret = Secret(account.secret)

    def stop(self) -> None:
        """Stop serving."""
        self.server.stop()


def start_demo(
    flavour: str = "cloud", issues: int = 5000, latency_ms: float = 0.0
) -> tuple[DemoSite, MemoryProfiles, SecretStore]:
    """Start the sandbox and return it with an in-memory profile store and session-only secrets."""
    site = DemoSite(SandboxFlavour(flavour), issues, latency_ms)
    profiles = MemoryProfiles()
    stored = profiles.add(site.profile)
    site.profile = stored
    secrets = SecretStore()
    secrets.use_session_only()
    secrets.set_blocking(stored.id, site.secret)
    return site, profiles, secrets
