"""Masking secrets in log records: registered secret values and credential-shaped text."""

from __future__ import annotations

import logging
import re
import threading
import urllib.parse

from app.domain.secret import Secret

__all__ = ["MASK", "RedactingFilter", "default_redactor"]

MASK = "[redacted]"

# secrets shorter than this are not masked by value: masking every "a" or "42" would turn the
# log into noise, and Jira tokens, PATs and API keys are far longer; the patterns still apply
MIN_MASKED_LENGTH = 4

# a header or key=value value: quoted, or up to the next separator
_QUOTED = r""""[^"\r\n]*"|'[^'\r\n]*'"""
_PATTERNS: tuple[re.Pattern[str], ...] = (
    # "Authorization: Basic xyz", "'Authorization': 'Bearer xyz'", "Proxy-Authorization=..."
    re.compile(
        rf"(?P<key>\b(?:proxy-)?authorization[\"']?\s*[:=]\s*)(?:{_QUOTED}|[^\r\n,;}}]+)",
        re.IGNORECASE,
    ),
    # session cookies stand in for a password (AuthKind.SESSION)
    re.compile(rf"(?P<key>\b(?:set-)?cookie[\"']?\s*[:=]\s*)(?:{_QUOTED}|[^\r\n}}]+)", re.I),
    re.compile(r"(?P<key>\bJSESSIONID=)[^\s;,&\"']+", re.IGNORECASE),
    # a bare scheme and credential, e.g. in an httpx or urllib3 debug line
    re.compile(r"(?P<key>\b(?:Basic|Bearer)\s+)[A-Za-z0-9._~+/-]{8,}=*"),
    # token=, password=, "api_key": "..."; the look-behind keeps nextPageToken (a paging cursor,
    # not a credential) readable
    re.compile(
        r"(?P<key>(?<![A-Za-z0-9])[\"']?(?:(?:access|api|auth|refresh|session)[_-]?)?"
        r"(?:token|password|passwd|pwd|secret|api[_-]?key)[\"']?\s*[:=]\s*)"
        rf"(?:{_QUOTED}|[^\s\"',;&}}\]]+)",
        re.IGNORECASE,
    ),
)


class RedactingFilter(logging.Filter):
    """A logging filter that masks registered secrets and credential patterns in every record."""

    def __init__(self, name: str = "") -> None:
        super().__init__(name)
        self._lock = threading.Lock()
        self._secrets: set[str] = set()
        self._by_value: re.Pattern[str] | None = None

    def register(self, secret: Secret | str) -> None:
        """Mask this secret (and its URL-encoded form) in every record from now on."""
        value = secret.reveal() if isinstance(secret, Secret) else secret
        if len(value) < MIN_MASKED_LENGTH:
            return
        forms = {value, urllib.parse.quote(value, safe=""), urllib.parse.quote_plus(value)}
        with self._lock:
            if forms <= self._secrets:
                return
            self._secrets |= forms
            # longest first, so a secret that contains another is masked whole
            ordered = sorted(self._secrets, key=len, reverse=True)
            self._by_value = re.compile("|".join(re.escape(s) for s in ordered))

    def redact(self, text: str) -> str:
        """The text with registered secrets and credential patterns masked."""
        by_value = self._by_value
        if by_value is not None:
            text = by_value.sub(MASK, text)
        for pattern in _PATTERNS:
            text = pattern.sub(_mask_value, text)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place so every handler after this one sees only masked text."""
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not hide the record
            message = f"{record.msg!r} % {record.args!r}"
        record.msg = self.redact(message)
        record.args = None
        if record.exc_info and record.exc_info[0] is not None:
            # the formatter reuses exc_text when it is set, so the traceback is written masked
            record.exc_text = self.redact(_FORMATTER.formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def _mask_value(match: re.Match[str]) -> str:
    return match.group("key") + MASK


_FORMATTER = logging.Formatter()
_DEFAULT = RedactingFilter()


def default_redactor() -> RedactingFilter:
    """The process-wide filter that the log file and the SecretStore share."""
    return _DEFAULT
