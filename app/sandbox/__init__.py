"""A local Jira-compatible server for the demo and the tests (imports nothing else from ``app``).

``Sandbox(SandboxConfig(...))`` generates a site and exposes ``.app`` (ASGI, usable with
``httpx.ASGITransport``); ``SandboxServer(sandbox).start()`` serves it on loopback.
"""

from app.sandbox.app import Sandbox, SandboxConfig
from app.sandbox.model import Flavour
from app.sandbox.service import SandboxServer

__all__ = ["Flavour", "Sandbox", "SandboxConfig", "SandboxServer"]
