"""``python -m app.sandbox`` in a process of its own, for benchmarks.

In a thread of the measured process the sandbox would compete with Jade for the GIL and add its
own memory to Jade's RSS, so benchmarks serve it from a subprocess and read the address and the
admin login from the first lines it prints.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from tests.conftest import ROOT

__all__ = ["SandboxProcess", "sandbox_process"]


@dataclass(frozen=True)
class SandboxProcess:
    """A running sandbox subprocess and how to sign in to it as its admin."""

    url: str
    login: str
    secret: str
    cloud: bool


@contextlib.contextmanager
def sandbox_process(
    flavour: str,
    *,
    issues: int,
    projects: int = 12,
    latency_ms: float = 0.0,
    extra: Sequence[str] = (),
) -> Iterator[SandboxProcess]:
    """Serve a generated site until the block ends, then stop it (``extra``: more options)."""
    command = [
        sys.executable,
        "-m",
        "app.sandbox",
        "--flavour",
        flavour,
        "--port",
        "0",
        "--issues",
        str(issues),
        "--projects",
        str(projects),
        "--latency-ms",
        str(latency_ms),
        *extra,
    ]
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        lines: dict[str, str] = {}
        # url=, admin=, user= and (DC) a comment, then "# <flavour> site, ...": the site is up
        while not (line := proc.stdout.readline()).startswith(f"# {flavour} site"):
            assert line, "the sandbox ended before printing its address"
            key, _, value = line.strip().partition("=")
            lines[key] = value
        login, _, secret = lines["admin"].partition(":")
        yield SandboxProcess(lines["url"], login, secret, flavour == "cloud")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()
