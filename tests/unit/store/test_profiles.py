"""Profiles: validation, normalisation, the versioned file, atomic writes, damaged files."""

from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import replace
from pathlib import Path

import pytest

from app.domain.site import AuthKind, SiteKind
from app.store.profiles import (
    DEFAULT_CONCURRENCY,
    FILE_NAME,
    DuplicateProfileNameError,
    Profile,
    ProfileFileError,
    ProfileNotFoundError,
    ProfileStore,
    ProfileValidationError,
    TlsOptions,
    allowed_auth_kinds,
    default_config_dir,
    new_profile_id,
    normalise_base_url,
    normalise_proxy_url,
    validate_profile,
)

from .conftest import ProfileFactory


def pem(directory: Path, name: str) -> Path:
    path = directory / name
    path.write_text("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n")
    return path


def corrupt_files(config_dir: Path) -> list[Path]:
    return sorted(config_dir.glob(f"{FILE_NAME}.corrupt-*"))


# --- the record and the file -------------------------------------------------------------------


def test_every_field_survives_a_round_trip(
    config_dir: Path, tmp_path: Path, make_profile: ProfileFactory
) -> None:
    profile = make_profile(
        name="Prod Jira (DC)",
        base_url="https://jira.acme.test:8443/jira",
        kind=SiteKind.JIRA_DATACENTER,
        auth=AuthKind.PASSWORD,
        user="admin",
        tls=TlsOptions(
            verify=False,
            ca_bundle=pem(tmp_path, "ca.pem"),
            client_cert=pem(tmp_path, "client.pem"),
            client_key=pem(tmp_path, "client.key"),
        ),
        proxy="http://proxy.acme.test:3128",
        concurrency=12,
    )
    stored = ProfileStore(config_dir).add(profile)
    assert stored == profile

    result = ProfileStore(config_dir).load()

    assert result.problem is None
    assert result.profiles == (profile,)
    document = json.loads((config_dir / FILE_NAME).read_text(encoding="utf-8"))
    assert document["version"] == 1
    assert document["profiles"][0] == {
        "id": profile.id,
        "name": "Prod Jira (DC)",
        "base_url": "https://jira.acme.test:8443/jira",
        "kind": "jira-datacenter",
        "auth": "password",
        "user": "admin",
        "tls": {
            "verify": False,
            "ca_bundle": str(tmp_path / "ca.pem"),
            "client_cert": str(tmp_path / "client.pem"),
            "client_key": str(tmp_path / "client.key"),
        },
        "proxy": "http://proxy.acme.test:3128",
        "concurrency": 12,
    }


def test_defaults_are_safe() -> None:
    profile = Profile(
        name="x", base_url="https://x.test", kind=SiteKind.JIRA_CLOUD, auth=AuthKind.CLOUD_TOKEN
    )
    assert profile.tls == TlsOptions(verify=True)
    assert profile.proxy is None
    assert profile.concurrency == DEFAULT_CONCURRENCY
    assert len(profile.id) == 32
    assert int(profile.id, 16) >= 0
    assert new_profile_id() != new_profile_id()


def test_verification_is_on_unless_the_file_says_false(config_dir: Path) -> None:
    config_dir.mkdir(parents=True)
    entry = {
        "id": new_profile_id(),
        "name": "Old",
        "base_url": "https://jira.acme.test",
        "kind": "jira-datacenter",
        "auth": "pat",
    }
    (config_dir / FILE_NAME).write_text(json.dumps({"version": 1, "profiles": [entry]}))

    (profile,) = ProfileStore(config_dir).load().profiles

    assert profile.tls.verify is True
    assert profile.concurrency == DEFAULT_CONCURRENCY
    assert profile.user == ""


def test_a_missing_file_is_a_first_start(config_dir: Path) -> None:
    result = ProfileStore(config_dir).load()
    assert result.profiles == ()
    assert result.problem is None
    assert not config_dir.exists()


def test_add_update_remove_are_saved(config_dir: Path, make_profile: ProfileFactory) -> None:
    store = ProfileStore(config_dir)
    first = store.add(make_profile(name="One"))
    second = store.add(make_profile(name="Two", base_url="https://two.acme.test"))
    store.update(replace(first, name="Uno", concurrency=3))
    assert store.remove(second.id) == second

    reloaded = ProfileStore(config_dir)
    assert [(p.name, p.concurrency) for p in reloaded.profiles] == [("Uno", 3)]
    assert reloaded.get(first.id).name == "Uno"
    with pytest.raises(ProfileNotFoundError, match=second.id):
        reloaded.get(second.id)
    with pytest.raises(ProfileNotFoundError):
        reloaded.update(second)
    with pytest.raises(ProfileNotFoundError):
        reloaded.remove(second.id)


def test_adding_the_same_id_twice_is_refused(
    config_dir: Path, make_profile: ProfileFactory
) -> None:
    store = ProfileStore(config_dir)
    profile = store.add(make_profile())
    with pytest.raises(ProfileValidationError) as caught:
        store.add(replace(profile, name="Other"))
    assert caught.value.field == "id"


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_file_is_private_to_the_user(config_dir: Path, make_profile: ProfileFactory) -> None:
    ProfileStore(config_dir).add(make_profile())
    assert stat.S_IMODE((config_dir / FILE_NAME).stat().st_mode) == 0o600
    assert stat.S_IMODE(config_dir.stat().st_mode) == 0o700


def test_the_default_directory_is_jades_user_config_directory() -> None:
    assert default_config_dir().name == "Jade"
    assert ProfileStore().path == default_config_dir() / FILE_NAME


# --- validation ----------------------------------------------------------------------------


def test_names_are_unique_ignoring_case(config_dir: Path, make_profile: ProfileFactory) -> None:
    store = ProfileStore(config_dir)
    existing = store.add(make_profile(name="Acme Prod"))

    with pytest.raises(DuplicateProfileNameError) as caught:
        store.add(make_profile(name="  ACME prod "))

    assert caught.value.field == "name"
    assert caught.value.existing == "Acme Prod"
    assert "“Acme Prod” already exists" in str(caught.value)
    # renaming a profile to another case of its own name is not a clash
    assert store.update(replace(existing, name="ACME PROD")).name == "ACME PROD"


@pytest.mark.parametrize(
    ("name", "message"),
    [("", "Enter a name"), ("   ", "Enter a name"), ("x" * 81, "too long"), ("a\tb", "control")],
)
def test_bad_names_are_refused(make_profile: ProfileFactory, name: str, message: str) -> None:
    with pytest.raises(ProfileValidationError, match=message) as caught:
        validate_profile(make_profile(name=name))
    assert caught.value.field == "name"


def test_names_are_trimmed(make_profile: ProfileFactory) -> None:
    assert validate_profile(make_profile(name="  Acme  ")).name == "Acme"


@pytest.mark.parametrize(
    ("url", "kind", "expected"),
    [
        ("https://jira.acme.test/", SiteKind.JIRA_DATACENTER, "https://jira.acme.test"),
        (
            "  HTTPS://Jira.Acme.TEST/rest/api/2/serverInfo?x=1 ",
            SiteKind.JIRA_DATACENTER,
            "https://jira.acme.test",
        ),
        (
            "https://acme.test/jira/secure/Dashboard.jspa",
            SiteKind.JIRA_DATACENTER,
            "https://acme.test/jira",
        ),
        ("https://acme.test/jira/", SiteKind.JIRA_LEGACY, "https://acme.test/jira"),
        (
            "https://acme.test/jira/browse/ABC-12?focusedCommentId=3#c3",
            SiteKind.JIRA_DATACENTER,
            "https://acme.test/jira",
        ),
        (
            "http://127.0.0.1:8080/rest/agile/1.0/board/1",
            SiteKind.JIRA_DATACENTER,
            "http://127.0.0.1:8080",
        ),
        ("https://[::1]:8443/rest/api/2/", SiteKind.JIRA_DATACENTER, "https://[::1]:8443"),
        (
            "https://acme.atlassian.net/jira/software/projects/ABC/boards/1",
            SiteKind.JIRA_CLOUD,
            "https://acme.atlassian.net",
        ),
        (
            "https://acme.atlassian.net/rest/api/3/search/jql",
            SiteKind.JIRA_CLOUD,
            "https://acme.atlassian.net",
        ),
        (
            "https://pm.example.test/api/v1/instance/ab12/milestones/?site=7#top",
            SiteKind.PROJECT_MILESTONES,
            "https://pm.example.test/api/v1/instance/ab12/milestones?site=7",
        ),
        (
            "https://api.milestones.test/v1/",
            SiteKind.MILESTONES_API,
            "https://api.milestones.test/v1",
        ),
    ],
)
def test_base_urls_are_normalised(url: str, kind: SiteKind, expected: str) -> None:
    assert normalise_base_url(url, kind) == expected


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "Enter the base URL"),
        ("jira.acme.test", r"must start with http:// or https:// \(for example https://jira\.acme"),
        ("ftp://jira.acme.test", "must start with http:// or https://, not ftp://"),
        ("https://", "no host name"),
        ("https://jira.acme.test:99999", "invalid port"),
        ("https://jira acme.test", "spaces"),
        ("https://admin:hunter2@jira.acme.test", "must not contain a user name or password"),
        ("admin:hunter2@jira.acme.test", "must not contain a user name or password"),
    ],
)
def test_bad_base_urls_are_refused(make_profile: ProfileFactory, url: str, message: str) -> None:
    with pytest.raises(ProfileValidationError, match=message) as caught:
        validate_profile(make_profile(base_url=url))
    assert caught.value.field == "base_url"
    assert "hunter2" not in str(caught.value)


@pytest.mark.parametrize(
    ("proxy", "expected"),
    [
        (None, None),
        ("", None),
        ("  ", None),
        ("http://Proxy.Acme.test:3128/", "http://proxy.acme.test:3128"),
        ("socks5://127.0.0.1:1080", "socks5://127.0.0.1:1080"),
    ],
)
def test_proxies_are_normalised(proxy: str | None, expected: str | None) -> None:
    assert normalise_proxy_url(proxy) == expected


@pytest.mark.parametrize(
    ("proxy", "message"),
    [
        ("proxy.acme.test:3128", "must start with"),
        ("ftp://proxy.acme.test", "not ftp://"),
        ("http://bob:hunter2@proxy.acme.test:3128", "must not contain a user name or password"),
    ],
)
def test_bad_proxies_are_refused(make_profile: ProfileFactory, proxy: str, message: str) -> None:
    with pytest.raises(ProfileValidationError, match=message) as caught:
        validate_profile(make_profile(proxy=proxy))
    assert caught.value.field == "proxy"
    assert "hunter2" not in str(caught.value)


def test_a_login_is_required_where_the_auth_kind_needs_one(make_profile: ProfileFactory) -> None:
    cloud = make_profile(kind=SiteKind.JIRA_CLOUD, auth=AuthKind.CLOUD_TOKEN)
    with pytest.raises(ProfileValidationError, match="e-mail address") as caught:
        validate_profile(cloud)
    assert caught.value.field == "user"
    with pytest.raises(ProfileValidationError, match="Atlassian account's e-mail"):
        validate_profile(replace(cloud, user="admin"))
    assert validate_profile(replace(cloud, user=" a@acme.test ")).user == ("a@acme.test")
    with pytest.raises(ProfileValidationError, match="Enter the username"):
        validate_profile(make_profile(auth=AuthKind.PASSWORD, user=" "))
    # a PAT or an API key is the whole credential: a login left over from another kind goes
    assert validate_profile(make_profile(auth=AuthKind.PAT, user="admin")).user == ""


def test_the_auth_kind_must_suit_the_site_kind(make_profile: ProfileFactory) -> None:
    with pytest.raises(ProfileValidationError, match="Jira Cloud does not support") as caught:
        validate_profile(make_profile(kind=SiteKind.JIRA_CLOUD, auth=AuthKind.PAT))
    assert caught.value.field == "auth"
    for kind in SiteKind:
        assert allowed_auth_kinds(kind)
    assert allowed_auth_kinds(SiteKind.MILESTONES_API) == (AuthKind.API_KEY,)


def test_kinds_given_as_text_are_accepted_and_unknown_ones_refused(
    make_profile: ProfileFactory,
) -> None:
    profile = validate_profile(make_profile(kind="jira-datacenter", auth="pat"))
    assert profile.kind is SiteKind.JIRA_DATACENTER
    assert profile.auth is AuthKind.PAT
    with pytest.raises(ProfileValidationError, match="Unknown site kind") as caught:
        validate_profile(make_profile(kind="jira-cloudy"))
    assert caught.value.field == "kind"


@pytest.mark.parametrize("concurrency", [0, 33, -1, True, 2.5, "4"])
def test_concurrency_is_limited(make_profile: ProfileFactory, concurrency: object) -> None:
    with pytest.raises(ProfileValidationError, match="from 1 to 32") as caught:
        validate_profile(make_profile(concurrency=concurrency))
    assert caught.value.field == "concurrency"


@pytest.mark.parametrize("concurrency", [1, 32])
def test_concurrency_bounds_are_allowed(make_profile: ProfileFactory, concurrency: int) -> None:
    assert validate_profile(make_profile(concurrency=concurrency)).concurrency == concurrency


def test_certificate_files_must_exist(make_profile: ProfileFactory, tmp_path: Path) -> None:
    with pytest.raises(ProfileValidationError, match="CA bundle file does not exist") as caught:
        validate_profile(make_profile(tls=TlsOptions(ca_bundle=tmp_path / "nope.pem")))
    assert caught.value.field == "ca_bundle"
    with pytest.raises(ProfileValidationError, match="must be absolute"):
        validate_profile(make_profile(tls=TlsOptions(client_cert=Path("client.pem"))))
    with pytest.raises(ProfileValidationError, match="needs its client certificate") as caught:
        validate_profile(make_profile(tls=TlsOptions(client_key=pem(tmp_path, "k.pem"))))
    assert caught.value.field == "client_cert"
    # a hashed CA directory is as good as a bundle
    tls = validate_profile(make_profile(tls=TlsOptions(ca_bundle=tmp_path))).tls
    assert tls.ca_bundle == tmp_path


def test_the_profile_id_must_be_a_uuid_hex(make_profile: ProfileFactory) -> None:
    with pytest.raises(ProfileValidationError) as caught:
        validate_profile(make_profile(id="../../etc"))
    assert caught.value.field == "id"


def test_store_validate_checks_without_saving(
    config_dir: Path, make_profile: ProfileFactory
) -> None:
    store = ProfileStore(config_dir)
    store.add(make_profile(name="Taken"))
    with pytest.raises(DuplicateProfileNameError):
        store.validate(make_profile(name="taken"))
    assert store.validate(make_profile(name="Free", base_url="https://x.test/")).base_url == (
        "https://x.test"
    )
    assert len(ProfileStore(config_dir).profiles) == 1


# --- atomic writes -----------------------------------------------------------------------------


def test_a_crash_while_saving_leaves_the_old_file(
    config_dir: Path, make_profile: ProfileFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = ProfileStore(config_dir)
    kept = store.add(make_profile(name="Kept"))
    before = (config_dir / FILE_NAME).read_bytes()

    def crash(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(ProfileFileError, match=r"Could not save the profiles .* No space left"):
        store.add(make_profile(name="Lost"))
    with pytest.raises(ProfileFileError):
        store.remove(kept.id)
    monkeypatch.undo()

    assert (config_dir / FILE_NAME).read_bytes() == before
    assert sorted(p.name for p in config_dir.iterdir()) == [FILE_NAME]  # no temp file left
    assert store.profiles == (kept,)  # memory did not move ahead of the file
    assert ProfileStore(config_dir).profiles == (kept,)


def test_an_interrupted_write_leaves_the_old_file(
    config_dir: Path, make_profile: ProfileFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = ProfileStore(config_dir)
    store.add(make_profile(name="Kept"))
    before = (config_dir / FILE_NAME).read_bytes()

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        store.add(make_profile(name="Lost"))
    monkeypatch.undo()

    assert (config_dir / FILE_NAME).read_bytes() == before
    assert sorted(p.name for p in config_dir.iterdir()) == [FILE_NAME]


# --- damaged files -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b'{"version": 1, "profiles": [', "not valid JSON"),
        (b"", "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b'[{"name": "x"}]', "does not hold a list of profiles"),
        (b'{"version": 1, "profiles": {}}', "does not hold a list of profiles"),
        (b'{"profiles": []}', "no valid version"),
        (b'{"version": "1", "profiles": []}', "no valid version"),
        (b'{"version": 2, "profiles": []}', "newer version of Jade .file version 2"),
    ],
)
def test_an_unreadable_file_is_kept_aside_and_reported(
    config_dir: Path, make_profile: ProfileFactory, content: bytes, problem: str
) -> None:
    config_dir.mkdir(parents=True)
    (config_dir / FILE_NAME).write_bytes(content)
    store = ProfileStore(config_dir)

    result = store.load()

    assert result.profiles == ()
    assert result.problem is not None
    assert re.search(problem, result.problem)
    (aside,) = corrupt_files(config_dir)
    assert result.kept_aside == aside
    assert str(aside) in result.problem
    assert aside.read_bytes() == content
    assert not (config_dir / FILE_NAME).exists()
    # saving afterwards starts a new file and never touches the kept copy
    store.add(make_profile())
    assert aside.read_bytes() == content
    assert len(ProfileStore(config_dir).profiles) == 1


def test_damaged_entries_are_reported_and_the_rest_loaded(config_dir: Path) -> None:
    config_dir.mkdir(parents=True)
    good = {
        "id": new_profile_id(),
        "name": "Good",
        "base_url": "https://good.test",
        "kind": "jira-cloud",
        "auth": "cloud-token",
        "user": "a@good.test",
    }
    bad_kind = {**good, "id": new_profile_id(), "kind": "jira-cloudy"}
    bad_verify = {**good, "id": new_profile_id(), "tls": {"verify": "false"}}
    extra = {**good, "id": new_profile_id(), "password": "hunter2"}
    twin = dict(good)
    original = json.dumps(
        {"version": 1, "profiles": [good, bad_kind, bad_verify, extra, twin, "nonsense"]}
    )
    (config_dir / FILE_NAME).write_text(original)

    result = ProfileStore(config_dir).load()

    assert [p.name for p in result.profiles] == ["Good"]
    assert result.problem is not None
    assert "5 of its 6 profiles could not be read" in result.problem
    assert "profile 2: 'jira-cloudy' is not a valid SiteKind" in result.problem
    assert "profile 3: tls.verify is not true or false" in result.problem
    assert "profile 4: unexpected fields password" in result.problem
    assert "hunter2" not in result.problem
    assert "Jade loaded the other 1 profile." in result.problem
    (aside,) = corrupt_files(config_dir)
    assert aside.read_text() == original
    # the readable part was written back, so the next start finds it
    again = ProfileStore(config_dir).load()
    assert again.problem is None
    assert [p.name for p in again.profiles] == ["Good"]


def test_two_damaged_files_are_both_kept(config_dir: Path) -> None:
    config_dir.mkdir(parents=True)
    for content in ("{", "[]"):
        (config_dir / FILE_NAME).write_text(content)
        assert ProfileStore(config_dir).load().problem is not None
    assert sorted(p.read_text() for p in corrupt_files(config_dir)) == ["[]", "{"]


def test_a_file_that_cannot_be_moved_aside_is_never_overwritten(
    config_dir: Path, make_profile: ProfileFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    config_dir.mkdir(parents=True)
    (config_dir / FILE_NAME).write_text("{broken")

    def refuse(self: Path, target: object) -> Path:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "rename", refuse)
    store = ProfileStore(config_dir)
    result = store.load()

    assert result.kept_aside is None
    assert result.problem is not None
    assert "will not overwrite it" in result.problem
    with pytest.raises(ProfileFileError, match="will not overwrite it"):
        store.add(make_profile())
    assert (config_dir / FILE_NAME).read_text() == "{broken"


# --- the Project Milestones app's project-key parameter ----------------------------------------


def test_the_project_key_parameter_is_kept_for_the_app_and_defaults_for_old_files(
    config_dir: Path,
) -> None:
    config_dir.mkdir(parents=True)
    old = {
        "id": new_profile_id(),
        "name": "Milestones app (saved before the parameter)",
        "base_url": "https://pm.acme.test/rest/milestones",
        "kind": "project-milestones",
        "auth": "app-token",
        "user": "ann@acme.test",
    }
    (config_dir / FILE_NAME).write_text(json.dumps({"version": 1, "profiles": [old]}))
    store = ProfileStore(config_dir)
    (profile,) = store.load().profiles
    assert profile.project_param == "projectKey"

    store.update(replace(profile, project_param=" key "))
    saved = json.loads((config_dir / FILE_NAME).read_text())["profiles"][0]
    assert saved["project_param"] == "key"
    assert ProfileStore(config_dir).load().profiles[0].project_param == "key"


def test_a_jira_profile_is_written_without_the_parameter(
    config_dir: Path, make_profile: ProfileFactory
) -> None:
    store = ProfileStore(config_dir)
    store.load()
    store.add(make_profile())
    (saved,) = json.loads((config_dir / FILE_NAME).read_text())["profiles"]
    assert "project_param" not in saved


def test_a_project_key_parameter_must_be_a_plain_name(make_profile: ProfileFactory) -> None:
    profile = make_profile(
        base_url="https://pm.acme.test/{projectKey}/milestones",
        kind=SiteKind.PROJECT_MILESTONES,
        auth=AuthKind.APP_TOKEN,
        user="ann@acme.test",
        project_param="project key=",
    )
    with pytest.raises(ProfileValidationError) as caught:
        validate_profile(profile)
    assert caught.value.field == "project_param"
    valid = validate_profile(replace(profile, project_param=""))
    assert valid.project_param == "projectKey"
    assert valid.base_url == "https://pm.acme.test/{projectKey}/milestones"
