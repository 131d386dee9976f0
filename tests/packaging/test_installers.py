"""The Linux installers as a user gets them: lintian on the .deb, the .deb unpacked (dpkg -x)
and the .tar.gz installed into a home folder, each started on the demo under the test X server
(a screenshot of the window is saved under tests/artifacts/: look at it); `jade check` and the
keychain from the frozen app. Run by `make package-test`, never by `make test`.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
from pathlib import Path

from PySide6.QtGui import QImage

from app.domain.site import AuthKind, SiteKind
from app.store.keychain import SecretStore
from app.store.profiles import Profile, ProfileStore
from tests.conftest import ROOT, SecretServiceBus
from tests.packaging.conftest import ARTIFACTS, TIMEOUT_S, Built, SandboxSite, app_env

# installed by the .deb's Depends, or Recommends for the Wayland platform; libc6 is essential
RECOMMENDED = {"libwayland-client0", "libwayland-cursor0", "libwayland-egl1"}


def _run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=TIMEOUT_S, check=False
    )


def _demo_screenshot(jade: Path, home: Path, shot: Path) -> None:
    """Start ``jade --demo``, which shows its window, saves a screenshot and quits; check it."""
    shot.parent.mkdir(parents=True, exist_ok=True)
    shot.unlink(missing_ok=True)
    done = _run(
        [str(jade), "--demo", "--demo-issues", "800", "--screenshot", str(shot)], app_env(home)
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert f"screenshot={shot}" in done.stderr
    image = QImage(str(shot))
    assert image.width() >= 640 and image.height() >= 400
    # not a blank window: text, grid lines and icons give many colours
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }
    assert len(colours) > 20


def _control(built: Built, field: str) -> str:
    done = subprocess.run(
        ["dpkg-deb", "--field", str(built.deb), field], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def _elf_files(folder: Path) -> list[Path]:
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as stream:
                if stream.read(4) == b"\x7fELF":
                    found.append(path)
    return found


# --- the .deb ----------------------------------------------------------------------------------


def test_lintian_reports_no_error_and_no_warning(built: Built) -> None:
    def lintian(*options: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["lintian", *options, str(built.deb)],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    verdict = lintian("--fail-on", "error,warning")
    # every tag for the record, down to information and the overrides (with their reasons in
    # packaging/linux/lintian-overrides and packaging/README.md)
    listing = lintian("--display-info", "--show-overrides")
    tags = [line for line in listing.stdout.splitlines() if re.match(r"^[EWIPO]: ", line)]
    summary: dict[str, int] = {}
    for line in tags:
        key = " ".join(line.split(" [")[0].split()[:3])
        summary[key] = summary.get(key, 0) + 1
    print(f"\nlintian {built.deb.name}: {len(tags)} tags (O: overridden, I: information)")
    for key, count in sorted(summary.items()):
        print(f"  {count:4} x {key}")
    assert verdict.returncode == 0, verdict.stdout[-3000:] + verdict.stderr[-1000:]
    assert not [t for t in tags if t.startswith(("E:", "W:"))]


def test_the_deb_installs_under_usr_lib_with_a_launcher_menu_entry_and_icon(
    built: Built, deb_root: Path
) -> None:
    assert _control(built, "Package") == "jade"
    assert _control(built, "Version") == built.debian_version
    launcher = deb_root / "usr/bin/jade"
    assert launcher.is_symlink() and os.readlink(launcher) == "../lib/jade/jade"
    assert (deb_root / "usr/lib/jade/jade").is_file()
    assert (deb_root / "usr/share/applications/jade.desktop").is_file()
    assert (deb_root / "usr/share/icons/hicolor/scalable/apps/jade.svg").is_file()
    assert (deb_root / "usr/share/man/man1/jade.1.gz").is_file()
    assert (deb_root / "usr/share/doc/jade/copyright").is_file()
    assert not (deb_root / "opt").exists()
    control = subprocess.run(
        ["dpkg-deb", "--ctrl-tarfile", str(built.deb)], capture_output=True, check=True
    ).stdout
    for script in (b"./postinst", b"./postrm"):
        assert script in control
    done = _run(
        ["desktop-file-validate", str(deb_root / "usr/share/applications/jade.desktop")], {}
    )
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout


def test_the_frozen_app_reports_the_one_version(
    built: Built, deb_root: Path, tmp_path: Path
) -> None:
    done = _run([str(deb_root / "usr/bin/jade"), "--version"], app_env(tmp_path))
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"jade {built.version}\n"


def test_every_library_the_bundle_links_is_bundled_or_comes_from_a_dependency(
    built: Built, deb_root: Path
) -> None:
    bundle = deb_root / "usr/lib/jade"
    bundled = {path.name for path in bundle.rglob("*")}
    depends = {re.split(r"[ (]", d.strip())[0] for d in _control(built, "Depends").split(",")}
    libraries = {
        name: path
        for line in subprocess.run(
            ["ldconfig", "-p"], capture_output=True, text=True, check=True
        ).stdout.splitlines()
        if (found := re.match(r"\s+(\S+) \(libc6,x86-64[^)]*\) => (\S+)", line))
        for name, path in [found.groups()]
    }
    owners: dict[str, set[str]] = {}
    foreign_runpaths = []
    for path in _elf_files(bundle):
        dynamic = subprocess.run(
            ["objdump", "-p", str(path)], capture_output=True, text=True, check=True
        ).stdout
        for entry in re.findall(r"R(?:UN)?PATH\s+(\S+)", dynamic):
            foreign_runpaths += [
                f"{path.name}: {e}" for e in entry.split(":") if "$ORIGIN" not in e
            ]
        for needed in re.findall(r"NEEDED\s+(\S+)", dynamic):
            if needed not in bundled:
                owners.setdefault(needed, set()).add(path.name)
    assert not foreign_runpaths, "RUNPATHs of the build machine left in the bundle"
    unowned = {}
    for needed in sorted(owners):
        assert needed in libraries, f"{needed} (needed by {sorted(owners[needed])[:3]}) not here"
        # by name under the multiarch folder: dpkg knows /lib/... and /usr/lib/... apart
        found = subprocess.run(
            ["dpkg", "-S", f"*/x86_64-linux-gnu/{needed}"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        packages = {line.split(":")[0] for line in found.splitlines()}
        if not packages & (depends | RECOMMENDED | {"libc6"}):
            unowned[needed] = packages
    print(f"\n{len(owners)} libraries come from the host: {', '.join(sorted(owners))}")
    assert unowned == {}, "libraries from packages the .deb does not depend on"


def test_the_bundle_leaves_out_what_jade_does_not_use(built: Built) -> None:
    # the modules frozen into the executable, as PyInstaller listed them for this build
    toc = ast.literal_eval((ROOT / "build/pyinstaller/jade/PYZ-00.toc").read_text("utf-8"))
    modules = {entry[0] for entry in toc[1]}
    assert "app.sandbox" in modules and "keyring.backends.SecretService" in modules
    assert "uvicorn.protocols.http.h11_impl" in modules and "uvicorn.loops.asyncio" in modules
    unused = ("rich", "pygments", "pytest", "hypothesis", "tkinter", "PyInstaller", "setuptools",
              "PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick", "httpx._main")  # fmt: skip
    assert not {m for m in modules if m.split(".")[0] in unused or m in unused}
    files = {str(p.relative_to(built.onedir)) for p in built.onedir.rglob("*")}
    # the gtk3 platform theme and the GTK it would bring from the build machine, Qt's network,
    # QML and translations, the host's X11 and C++ libraries
    for pattern in (r"qgtk3", r"libgtk", r"libQt6(Network|Qml|Quick)", r"/translations/",
                    r"^_internal/lib(X11|xcb|stdc\+\+|glib|fontconfig)"):  # fmt: skip
        assert not [f for f in files if re.search(pattern, f)], pattern


def test_the_unpacked_deb_opens_the_demo_window(deb_root: Path, tmp_path: Path) -> None:
    # started by its /usr/bin symlink, as a user would, from wherever the root lies
    _demo_screenshot(deb_root / "usr/bin/jade", tmp_path, ARTIFACTS / "package-deb-demo.png")


# --- the .tar.gz -------------------------------------------------------------------------------


def test_the_tarball_installs_into_a_home_runs_and_uninstalls(
    built: Built, tar_unpacked: Path, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = app_env(home, PATH="/usr/bin:/bin")
    done = _run([str(tar_unpacked / "install.sh")], env)
    assert done.returncode == 0, done.stderr
    local = home / ".local"
    launcher = local / "bin/jade"
    assert launcher.is_symlink() and (local / "lib/jade/jade").is_file()
    desktop = (local / "share/applications/jade.desktop").read_text(encoding="utf-8")
    assert f'Exec="{launcher}" %U' in desktop
    assert (local / "share/icons/hicolor/scalable/apps/jade.svg").is_file()
    assert "missing" not in done.stderr  # every library Qt's xcb platform needs is here
    version = _run([str(launcher), "--version"], env)
    assert version.stdout == f"jade {built.version}\n"

    _demo_screenshot(launcher, home, ARTIFACTS / "package-tarball-demo.png")

    done = _run([str(tar_unpacked / "install.sh"), "--uninstall"], env)
    assert done.returncode == 0, done.stderr
    left = [p for p in local.rglob("*") if p.is_file() and "jade" in p.name.lower()]
    assert not launcher.exists() and not (local / "lib/jade").exists() and left == []


# --- the command line and the keychain, frozen -------------------------------------------------


def test_frozen_jade_check_against_the_frozen_sandbox(
    deb_root: Path, frozen_sandbox: SandboxSite, tmp_path: Path
) -> None:
    env = app_env(tmp_path, JADE_TOKEN=frozen_sandbox.secret)
    done = _run(
        [
            str(deb_root / "usr/bin/jade"),
            "check",
            frozen_sandbox.url,
            "--user",
            frozen_sandbox.login,
        ],
        env,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["flavour"] == "cloud" and found["displayName"] == "Ada Admin"
    print(f"\njade check (frozen, against frozen jade sandbox): {done.stdout.strip()}")


def test_frozen_jade_reads_the_secret_from_the_secret_service(
    deb_root: Path,
    frozen_sandbox: SandboxSite,
    secret_service_bus: SecretServiceBus,
    secret_service: object,
    tmp_path: Path,
) -> None:
    # the profile and its secret saved as the source install saves them: the profile in the
    # config folder, the secret in gnome-keyring on the private bus
    profile = ProfileStore(tmp_path / "xdg_config_home" / "Jade").add(
        Profile(
            name="Frozen keychain",
            base_url=frozen_sandbox.url,
            kind=SiteKind.JIRA_CLOUD,
            auth=AuthKind.CLOUD_TOKEN,
            user=frozen_sandbox.login,
        )
    )
    store = SecretStore(secret_service)  # type: ignore[arg-type]
    store.set_blocking(profile.id, frozen_sandbox.secret)
    jade = str(deb_root / "usr/bin/jade")
    command = [jade, "check", "--profile", "Frozen keychain"]

    done = _run(command, app_env(tmp_path, DBUS_SESSION_BUS_ADDRESS=secret_service_bus.address))
    assert done.returncode == 0, done.stderr  # no JADE_TOKEN: the secret came from the keyring
    assert json.loads(done.stdout)["displayName"] == "Ada Admin"

    # and without a Secret Service the same command says so instead
    nowhere = f"unix:path={tmp_path / 'no-bus'}"
    done = _run(command, app_env(tmp_path, DBUS_SESSION_BUS_ADDRESS=nowhere))
    assert done.returncode != 0
    assert "keychain" in done.stderr.lower(), done.stderr


def test_frozen_jade_check_against_a_frozen_data_center_sandbox(
    deb_root: Path, tmp_path: Path
) -> None:
    sandbox = subprocess.Popen(
        [
            str(deb_root / "usr/bin/jade"),
            "sandbox",
            "--flavour",
            "datacenter",
            "--port",
            "0",
            "--issues",
            "100",
            "--exit-with-stdin",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=app_env(tmp_path),
    )
    assert sandbox.stdout is not None and sandbox.stdin is not None
    try:
        fields = dict(sandbox.stdout.readline().strip().partition("=")[::2] for _ in range(2))
        login, _, secret = fields["admin"].partition(":")
        done = _run(
            [str(deb_root / "usr/bin/jade"), "check", fields["url"], "--user", login],
            app_env(tmp_path, JADE_TOKEN=secret),
        )
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["deploymentType"] == "Server"
    finally:
        sandbox.stdin.close()
        sandbox.wait(timeout=TIMEOUT_S)
        sandbox.stdout.close()
