"""What the connection test says in one sentence, with permissions known, unknown or not asked."""

from __future__ import annotations

from app.domain.site import ConnectionReport, ServerInfo, UserRef
from app.session import MISSING_PERMISSIONS, describe_report

DC = ServerInfo("https://jira.test", "10.3.12", (10, 3, 12), "Server", 10030012, "Jira")
ADA = UserRef("admin", "Ada Admin")


def test_permissions_known() -> None:
    report = ConnectionReport(DC, ADA, {"ADMINISTER": True, "BULK_CHANGE": False})
    assert describe_report(report) == (
        "Connected to Jira Data Center 10.3.12 as Ada Admin (administrator); "
        "1 of 2 checked permissions granted."
    )


def test_permissions_unknown_because_the_site_has_no_mypermissions() -> None:
    report = ConnectionReport(DC, ADA, None, ("mypermissions",))
    assert describe_report(report) == (
        f"Connected to Jira Data Center 10.3.12 as Ada Admin; {MISSING_PERMISSIONS}"
    )
    assert MISSING_PERMISSIONS.startswith("Jira did not say which permissions you hold")


def test_nothing_but_the_server_asked() -> None:
    assert describe_report(ConnectionReport(DC)) == "Connected to Jira Data Center 10.3.12."
