"""``expand=operations``: the web UI's operations bar of an issue."""

from __future__ import annotations

from app.sandbox.model import Issue
from app.sandbox.render.context import RenderContext
from app.sandbox.render.formats import Json

__all__ = ["OperationsJson"]


class OperationsJson(RenderContext):
    """The operations bar, as Data Center nests it."""

    __slots__ = ()

    def operations(self, issue: Issue) -> Json:
        """``expand=operations``: the web UI's operations bar for the issue, as DC nests it."""
        secure = f"{self.base}/secure"

        def link(lid: str, label: str, title: str, action: str, style: str = "") -> Json:
            return {
                "id": lid,
                "styleClass": style or f"issueaction-{lid}",
                "label": label,
                "title": title,
                "href": f"{secure}/{action}?id={issue.id}",
            }

        edit = link("edit-issue", "Edit", "Edit this issue", "EditIssue!default.jspa")
        edit["iconClass"] = "butt-edit"
        more = [
            [
                link(
                    "log-work",
                    "Log Work",
                    "Log work against this issue",
                    "CreateWorklog!default.jspa",
                )
            ],
            [
                link(
                    "attach-file",
                    "Attach Files",
                    "Attach one or more files to this issue",
                    "AttachFile!default.jspa",
                )
            ],
            [
                link(
                    "link-issue",
                    "Link",
                    "Link this issue to another issue or item",
                    "LinkJiraIssue!default.jspa",
                ),
                link(
                    "edit-labels", "Labels", "Edit this issue's labels", "EditLabels!default.jspa"
                ),
            ],
            [link("delete-issue", "Delete", "Delete this issue", "DeleteIssue!default.jspa")],
        ]
        transitions = [
            {
                "id": f"action_id_{t.id}",
                "styleClass": "issueaction-workflow-transition",
                "label": t.name,
                "href": f"{secure}/WorkflowUIDispatcher.jspa?id={issue.id}&action={t.id}",
            }
            for t in self.store.transitions_for(issue)
        ]
        header = {"id": "opsbar-operations_more", "label": "More Actions"}
        workflow = {"id": "opsbar-transitions_more", "label": "Workflow"}
        opsbar = [
            {"links": [edit], "groups": []},
            {
                "links": [
                    link(
                        "assign-issue",
                        "Assign",
                        "Assign this issue to someone",
                        "AssignIssue!default.jspa",
                    ),
                    link(
                        "comment-issue",
                        "Comment",
                        "Comment on this issue",
                        "AddComment!default.jspa",
                        "conjoined issueaction-comment-issue",
                    ),
                ],
                "groups": [
                    {
                        "header": header,
                        "links": [],
                        "groups": [{"links": links, "groups": []} for links in more],
                    },
                ],
            },
            {"links": transitions, "groups": [{"header": workflow, "links": [], "groups": []}]},
        ]
        views = {
            "header": {
                "iconClass": "icon-view",
                "label": "Views",
                "title": "View this issue in another format",
            },
            "links": [
                {
                    "label": label,
                    "href": f"{self.base}/si/jira.issueviews:{view}/{issue.key}/{issue.key}.{ext}",
                }
                for label, view, ext in (
                    ("XML", "issue-xml", "xml"),
                    ("Word", "issue-word", "doc"),
                    ("Printable", "issue-html", "html"),
                )
            ],
            "groups": [],
        }
        return {
            "linkGroups": [
                {"id": "view.issue.opsbar", "links": [], "groups": opsbar},
                {"id": "jira.issue.tools", "links": [], "groups": [views]},
            ]
        }
