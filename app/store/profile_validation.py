"""Profile validation: what Jade accepts on save, normalised (URLs, names, logins, TLS files)."""

from __future__ import annotations

import enum
import re
import urllib.parse
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from app.domain.site import AuthKind, SiteKind
from app.store.profile_records import (
    DEFAULT_PROJECT_PARAM,
    MAX_CONCURRENCY,
    MIN_CONCURRENCY,
    PROFILE_ID,
    DuplicateProfileNameError,
    Profile,
    ProfileValidationError,
    TlsOptions,
)

__all__ = [
    "MAX_NAME_LENGTH",
    "allowed_auth_kinds",
    "normalise_base_url",
    "normalise_proxy_url",
    "validate_profile",
]

MAX_NAME_LENGTH = 80

_E = TypeVar("_E", bound=enum.StrEnum)

# where a URL copied from a Jira page stops being the base: REST paths, classic pages, issue
# links, servlets. A Data Center context path ("https://host/jira") is kept, so only segments
# that Jira itself owns are cut.
_JIRA_TAIL = re.compile(r"/(?:rest|secure|browse|plugins/servlet|login\.jsp)(?:[/?#;]|$)", re.I)
# Cloud sites have no context path, so Cloud's newer UI routes under /jira/ go too
_CLOUD_TAIL = re.compile(r"/jira(?:[/?#;]|$)", re.I)
_PROXY_SCHEMES = ("http", "https", "socks5", "socks5h")

_AUTH_BY_KIND: dict[SiteKind, tuple[AuthKind, ...]] = {
    SiteKind.JIRA_CLOUD: (AuthKind.CLOUD_TOKEN,),
    SiteKind.JIRA_DATACENTER: (AuthKind.PAT, AuthKind.PASSWORD, AuthKind.SESSION),
    SiteKind.JIRA_LEGACY: (AuthKind.PASSWORD, AuthKind.SESSION),
    SiteKind.PROJECT_MILESTONES: (AuthKind.APP_TOKEN,),
    SiteKind.MILESTONES_API: (AuthKind.API_KEY,),
}
# these kinds sign in with an Atlassian account, whose login is its e-mail address
_EMAIL_LOGIN = (AuthKind.CLOUD_TOKEN, AuthKind.APP_TOKEN)


def allowed_auth_kinds(kind: SiteKind) -> tuple[AuthKind, ...]:
    """The sign-in methods a site kind supports, the usual one first."""
    return _AUTH_BY_KIND[kind]


def normalise_base_url(url: str, kind: SiteKind) -> str:
    """The canonical base URL: http(s), lower-case host, no trailing slash or pasted Jira path."""
    parts = _split_url(url, "base_url", "base URL", ("http", "https"))
    path = parts.path
    query = parts.query
    if kind.is_jira:
        # a Jira base URL has no query; whatever was pasted after the base goes
        query = ""
        tail = _JIRA_TAIL.search(path)
        if tail is not None:
            path = path[: tail.start()]
        if kind is SiteKind.JIRA_CLOUD:
            tail = _CLOUD_TAIL.search(path)
            if tail is not None:
                path = path[: tail.start()]
    path = path.rstrip("/")
    return f"{parts.scheme}://{parts.netloc}{path}" + (f"?{query}" if query else "")


def normalise_proxy_url(proxy: str | None) -> str | None:
    """None (use the environment) or a canonical http(s)/socks5 proxy URL without credentials."""
    if proxy is None or not proxy.strip():
        return None
    parts = _split_url(proxy, "proxy", "proxy URL", _PROXY_SCHEMES)
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def validate_profile(profile: Profile, others: Iterable[Profile] = ()) -> Profile:
    """The profile normalised, or ProfileValidationError for its first bad field."""
    # ``others`` may include the profile's own saved version: it is recognised by id and
    # skipped. Certificate files are checked here, on save, not on load (see parse_profile).
    if not isinstance(profile.id, str) or not PROFILE_ID.fullmatch(profile.id):
        raise ProfileValidationError("id", "The profile id must be 32 lower-case hex digits.")
    name = _validate_name(profile.name)
    for other in others:
        if other.id != profile.id and other.name.casefold() == name.casefold():
            raise DuplicateProfileNameError(name, other.name)
    kind = _enum(SiteKind, profile.kind, "kind", "site kind")
    auth = _enum(AuthKind, profile.auth, "auth", "sign-in method")
    if auth not in _AUTH_BY_KIND[kind]:
        methods = ", ".join(a.label for a in _AUTH_BY_KIND[kind])
        raise ProfileValidationError(
            "auth", f"{kind.label} does not support “{auth.label}”; use: {methods}."
        )
    return replace(
        profile,
        name=name,
        base_url=normalise_base_url(profile.base_url, kind),
        kind=kind,
        auth=auth,
        user=_validate_user(profile.user, auth),
        tls=_validate_tls(profile.tls),
        proxy=normalise_proxy_url(profile.proxy),
        concurrency=_validate_concurrency(profile.concurrency),
        project_param=_validate_project_param(profile.project_param),
    )


_PARAM_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-\[\]]*")


def _validate_project_param(value: object) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        return DEFAULT_PROJECT_PARAM
    if not _PARAM_NAME.fullmatch(text):
        raise ProfileValidationError(
            "project_param",
            "The project key parameter must be a plain query parameter name "
            "(letters, digits, '_', '-', '.'), such as projectKey.",
        )
    return text


def _split_url(
    url: object, where: str, what: str, schemes: tuple[str, ...]
) -> urllib.parse.SplitResult:
    text = url.strip() if isinstance(url, str) else ""
    allowed = " or ".join(f"{s}://" for s in schemes)
    if not text:
        raise ProfileValidationError(where, f"Enter the {what}.")
    if any(ch.isspace() for ch in text):
        raise ProfileValidationError(where, f"The {what} must not contain spaces.")
    parts = urllib.parse.urlsplit(text)
    if "@" in parts.netloc or ("://" not in text and "@" in text):
        # deliberately not echoing the URL: the part before "@" may be a password
        raise ProfileValidationError(
            where,
            f"The {what} must not contain a user name or password; Jade keeps the secret in "
            "the system keychain.",
        )
    if "://" not in text:
        raise ProfileValidationError(
            where,
            f"The {what} must start with {allowed} (for example https://{text})."
            if where == "base_url"
            else f"The {what} must start with {allowed}.",
        )
    scheme = parts.scheme.lower()
    if scheme not in schemes:
        raise ProfileValidationError(
            where, f"The {what} must start with {allowed}, not {scheme}://."
        )
    if not parts.hostname:
        raise ProfileValidationError(where, f"The {what} has no host name.")
    try:
        parts.port  # noqa: B018 - parsing the port is the check
    except ValueError:
        raise ProfileValidationError(where, f"The {what} has an invalid port.") from None
    return parts._replace(scheme=scheme, netloc=parts.netloc.lower(), fragment="")


def _validate_name(name: object) -> str:
    text = name.strip() if isinstance(name, str) else ""
    if not text:
        raise ProfileValidationError("name", "Enter a name for the profile.")
    if len(text) > MAX_NAME_LENGTH:
        raise ProfileValidationError(
            "name", f"The name is too long ({len(text)} characters; at most {MAX_NAME_LENGTH})."
        )
    if any(not ch.isprintable() for ch in text):
        raise ProfileValidationError("name", "The name must not contain control characters.")
    return text


def _validate_user(user: object, auth: AuthKind) -> str:
    if not auth.needs_user:
        # the token alone identifies the account; a login left over from another kind goes
        return ""
    text = user.strip() if isinstance(user, str) else ""
    if auth in _EMAIL_LOGIN:
        if not text:
            raise ProfileValidationError("user", "Enter the account's e-mail address.")
        if "@" not in text or any(ch.isspace() for ch in text):
            raise ProfileValidationError(
                "user", "Sign in with the Atlassian account's e-mail address (name@example.com)."
            )
        return text
    if not text:
        raise ProfileValidationError("user", "Enter the username.")
    return text


def _validate_tls(tls: TlsOptions) -> TlsOptions:
    if type(tls.verify) is not bool:
        raise ProfileValidationError("verify", "Certificate verification must be on or off.")
    # a hashed CA directory (c_rehash) works as well as a bundle file
    ca_bundle = _existing_file(tls.ca_bundle, "ca_bundle", "CA bundle", directory_ok=True)
    client_cert = _existing_file(tls.client_cert, "client_cert", "client certificate")
    client_key = _existing_file(tls.client_key, "client_key", "client key")
    if client_key is not None and client_cert is None:
        raise ProfileValidationError("client_cert", "A client key needs its client certificate.")
    return TlsOptions(
        verify=tls.verify, ca_bundle=ca_bundle, client_cert=client_cert, client_key=client_key
    )


def _existing_file(
    path: Path | str | None, where: str, what: str, *, directory_ok: bool = False
) -> Path | None:
    if path is None or (isinstance(path, str) and not path.strip()):
        return None
    resolved = Path(path).expanduser()
    if not resolved.is_absolute():
        raise ProfileValidationError(where, f"The {what} path must be absolute: {resolved}")
    if not (resolved.is_file() or (directory_ok and resolved.is_dir())):
        raise ProfileValidationError(where, f"The {what} file does not exist: {resolved}")
    return resolved


def _validate_concurrency(value: object) -> int:
    if type(value) is not int or not MIN_CONCURRENCY <= value <= MAX_CONCURRENCY:
        raise ProfileValidationError(
            "concurrency",
            f"Concurrent requests must be a whole number from {MIN_CONCURRENCY} to "
            f"{MAX_CONCURRENCY}.",
        )
    return value


def _enum(cls: type[_E], value: object, where: str, what: str) -> _E:
    try:
        return cls(str(value))
    except ValueError:
        raise ProfileValidationError(where, f"Unknown {what} “{value}”.") from None
