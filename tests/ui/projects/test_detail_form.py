"""The overview form sends only what the user changed, and never clears by accident."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.domain.project import UNSET, Category, Project, ProjectChanges, ProjectDetail
from app.domain.site import UserRef
from app.ui.projects.detail import DetailPermissions, ProjectDetailView

LEAD = UserRef("u1", "Ada Lovelace", "ada@example.test")


async def _no_users(_text: str) -> list[UserRef]:
    return []


def _view(qtbot: QtBot, project: Project, categories: list[Category]) -> ProjectDetailView:
    view = ProjectDetailView(_no_users)
    qtbot.addWidget(view)
    view.set_permissions(DetailPermissions(edit_project=True, delete_project=True))
    view.show_detail(ProjectDetail(project), categories)
    return view


def test_unknown_category_is_kept_not_cleared(qtbot: QtBot) -> None:
    # the project's category is newer than the category list Jade loaded (or from another site)
    project = Project(
        "1",
        "APO",
        "Apollo",
        "software",
        "Brand new",
        LEAD,
        "Line one\r\nLine two",
        category_id="20000",
    )
    view = _view(qtbot, project, [Category("10000", "Engineering")])
    assert view.category.currentText() == "Brand new"
    view.name.setText("Apollo 2")
    changes = view.form_changes()
    assert changes.name == "Apollo 2"
    assert changes.category_id is UNSET  # unchanged, so not sent
    assert changes.description is None  # CRLF from Jira is not a change


def test_nothing_changed_sends_nothing_and_clearing_the_lead_is_refused(qtbot: QtBot) -> None:
    project = Project("1", "APO", "Apollo", "software", None, LEAD)
    view = _view(qtbot, project, [])
    assert view.form_changes() == ProjectChanges()
    sent: list[object] = []
    view.save_requested.connect(sent.append)
    view.lead.clear()
    view.save_button.click()
    assert sent == []
    assert view.field_errors["lead"].text() == "A project needs a lead."


def test_default_assignee_change_is_an_enum(qtbot: QtBot) -> None:
    from app.domain.project import AssigneeType

    project = Project("1", "APO", "Apollo", "software", None, LEAD)
    view = _view(qtbot, project, [])
    view.assignee.setCurrentIndex(view.assignee.findData(AssigneeType.PROJECT_LEAD))
    changes = view.form_changes()
    assert changes.assignee_type is AssigneeType.PROJECT_LEAD
