"""Jade's rotating log file under the user log directory, with secrets redacted."""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os
import threading
from pathlib import Path

import platformdirs

from app.store.redaction import RedactingFilter, default_redactor

__all__ = ["LOG_FILE_NAME", "close_logging", "default_log_dir", "setup_logging"]

APP_NAME = "Jade"
LOG_FILE_NAME = "jade.log"
MAX_BYTES = 2 * 1024 * 1024
BACKUP_COUNT = 5
FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(threadName)s] %(message)s"

_lock = threading.Lock()


class _JadeFileHandler(logging.handlers.RotatingFileHandler):
    """Marks the handler Jade installed, so setup is idempotent and teardown finds it."""


def default_log_dir() -> Path:
    """The per-user log directory for Jade (platformdirs)."""
    return platformdirs.user_log_path(APP_NAME, appauthor=False)


def setup_logging(
    log_dir: Path | None = None,
    level: int = logging.INFO,
    *,
    redactor: RedactingFilter | None = None,
) -> Path:
    """Send the root logger to a rotating, redacted log file; return the file's path."""
    directory = Path(log_dir) if log_dir is not None else default_log_dir()
    path = (directory / LOG_FILE_NAME).resolve()
    with _lock:
        root = logging.getLogger()
        for handler in list(root.handlers):
            if isinstance(handler, _JadeFileHandler):
                if Path(handler.baseFilename) == path:
                    root.setLevel(level)
                    handler.setLevel(level)
                    return path
                # a second call with another directory moves the log rather than doubling it
                root.removeHandler(handler)
                handler.close()
        # the log holds issue text and server answers: keep it private to the user
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        handler = _JadeFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
        with contextlib.suppress(OSError):
            os.chmod(path, 0o600)
        handler.setLevel(level)
        handler.setFormatter(logging.Formatter(FORMAT))
        handler.addFilter(redactor if redactor is not None else default_redactor())
        root.addHandler(handler)
        root.setLevel(level)
    return path


def close_logging() -> None:
    """Detach and close the log file handler that ``setup_logging`` installed."""
    with _lock:
        root = logging.getLogger()
        for handler in list(root.handlers):
            if isinstance(handler, _JadeFileHandler):
                root.removeHandler(handler)
                handler.close()
