"""The async client layer: a sans-I/O core and a thin httpx shell per site (no Qt).

``JiraClient`` (``platform.py``), the connection test (``probes.py``) and the milestone clients
(``milestones.py``) are the surface; ``SiteConfig`` (``config.py``) and the sign-in records
(``auth.py``) configure them; every error is in ``errors.py``.
"""

from app.api.auth import (
    ApiKey,
    AppToken,
    Auth,
    CloudToken,
    CookieSession,
    Password,
    PersonalAccessToken,
    auth_for,
)
from app.api.config import SiteConfig
from app.api.core import RetryPolicy
from app.api.milestones import MilestonesApiClient, ProjectMilestonesClient
from app.api.platform import JiraClient
from app.api.probes import (
    CONNECTION_PERMISSIONS,
    EVERY_PROBE,
    ProbeSet,
    probe_client,
    probe_connection,
)

__all__ = [
    "CONNECTION_PERMISSIONS",
    "EVERY_PROBE",
    "ApiKey",
    "AppToken",
    "Auth",
    "CloudToken",
    "CookieSession",
    "JiraClient",
    "MilestonesApiClient",
    "Password",
    "PersonalAccessToken",
    "ProbeSet",
    "ProjectMilestonesClient",
    "RetryPolicy",
    "SiteConfig",
    "auth_for",
    "probe_client",
    "probe_connection",
]
