"""Bulk change of the selected issues: choose the change, preview it, run it, see each outcome.

The dialog asks first and says exactly what will happen (the preview lists every issue and its
change). While it runs, each row shows its outcome as it comes; failures keep Jira's reason and
"Retry failed" runs only them, so nothing is applied twice. Esc or Close during a run asks
whether to stop after the requests in flight; what was done stays done and the summary counts
exactly how many issues changed, failed and were not started.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.bulk import BulkAction, BulkKind, BulkOutcome, BulkRun
from app.domain.issue import IssueRow
from app.domain.issue_actions import Transition
from app.domain.sprint import SprintRef
from app.ui.kit.forms import FieldError, ask_then
from app.ui.kit.pickers import UserPicker, UserSearch
from app.ui.kit.text import Tone, plain_label, plain_tooltip, tone_colour

__all__ = ["BulkDialog"]

KEY, SUMMARY, NOW, CHANGE, OUTCOME = range(5)


def _item(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    item.setToolTip(plain_tooltip(text) or "")  # long reasons are cut in the cell
    return item


class BulkDialog(QDialog):
    """Preview, run and report a bulk change."""

    run_requested = Signal(object)  # BulkAction
    stop_requested = Signal()  # stop after the requests in flight

    def __init__(
        self,
        issues: Sequence[IssueRow],
        transitions: Mapping[str, Sequence[Transition]],
        users: UserSearch,
        sprints: Sequence[SprintRef] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Change {len(issues)} issues")
        self.setModal(True)
        self.resize(760, 520)
        self.issues = list(issues)
        # each issue's own transitions (they depend on its status and workflow)
        self.open_for = {key: {t.name: t for t in found} for key, found in transitions.items()}
        self.transitions = {t.name: t for found in transitions.values() for t in found}
        self.running = False
        self.stopping = False

        self.kind = QComboBox(self)
        self.kind.addItem("Transition", BulkKind.TRANSITION)
        self.kind.addItem("Assign", BulkKind.ASSIGN)
        self.kind.addItem("Add label", BulkKind.ADD_LABEL)
        self.kind.addItem("Move to sprint", BulkKind.MOVE_TO_SPRINT)
        self.inputs = QStackedWidget(self)
        self.transition = QComboBox(self)
        self.transition.addItems(sorted(self.transitions))
        # nothing is chosen for the user: the first name alphabetically is no one's intent
        self.transition.setPlaceholderText("Choose a transition")
        self.transition.setCurrentIndex(-1)
        self.resolution = QComboBox(self)
        self.resolution.setPlaceholderText("Choose the resolution")
        self.include_all = QCheckBox(self)
        self.include_all.setVisible(False)
        transition_page = QWidget(self)
        transition_form = QFormLayout(transition_page)
        transition_form.setContentsMargins(0, 0, 0, 0)
        transition_form.addRow("Transition", self.transition)
        transition_form.addRow("Resolution", self.resolution)
        transition_form.addRow("", self.include_all)
        self.user = UserPicker(users, self)
        self.user.setPlaceholderText("Type a name; empty unassigns")
        self.label = QLineEdit(self)
        self.label.setPlaceholderText("one label, no spaces")
        self.sprint = QComboBox(self)
        for sprint in sprints:
            self.sprint.addItem(sprint.label, sprint)
        for page in (transition_page, self.user, self.label, self.sprint):
            self.inputs.addWidget(page)
        self.error = FieldError(self)

        self.table = QTableWidget(len(self.issues), 5, self)
        self.table.setHorizontalHeaderLabels(["Key", "Summary", "Now", "Change", "Outcome"])
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in ((KEY, 90), (SUMMARY, 240), (NOW, 100), (CHANGE, 150)):
            self.table.setColumnWidth(column, width)
        for row, issue in enumerate(self.issues):
            self.table.setItem(row, KEY, _item(issue.key))
            self.table.setItem(row, SUMMARY, _item(issue.summary or ""))
            self.table.setItem(row, NOW, _item(issue.status_name or ""))
            self.table.setItem(row, OUTCOME, _item(""))

        self.progress = QProgressBar(self)
        self.progress.setRange(0, len(self.issues))
        self.progress.setVisible(False)
        self.summary = plain_label("", self)
        self.run_button = QPushButton(f"Change {len(self.issues)} issues", self)
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self._run)
        self.retry_button = QPushButton("Retry failed", self)
        self.retry_button.setEnabled(False)
        self.retry_button.clicked.connect(self._run)
        self.close_button = QPushButton("Close", self)
        self.close_button.clicked.connect(self.reject)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.transition.currentTextChanged.connect(self._preview)
        self.user.chosen.connect(lambda _u: self._preview())
        self.label.textChanged.connect(lambda _t: self._preview())
        self.sprint.currentIndexChanged.connect(lambda _i: self._preview())
        self.resolution.currentIndexChanged.connect(lambda _i: self._preview())
        self.include_all.toggled.connect(lambda _on: self._preview())

        form = QFormLayout()
        form.addRow("Change", self.kind)
        form.addRow("", self.inputs)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.progress)
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._kind_changed()

    # ----- form -------------------------------------------------------------------------------------
    def _kind_changed(self) -> None:
        self.inputs.setCurrentIndex(self.kind.currentIndex())
        self._preview()

    def _fill_resolution(self) -> None:
        transition = self.transitions.get(self.transition.currentText())
        field = transition.field("resolution") if transition else None
        current = self.resolution.currentText()
        self.resolution.blockSignals(True)
        self.resolution.clear()
        for value_id, name in field.allowed if field else ():
            self.resolution.addItem(name, value_id)
        self.resolution.setEnabled(field is not None)
        index = self.resolution.findText(current) if current else -1
        if index < 0 and field is not None and field.default is not None:
            index = self.resolution.findData(field.default)  # Jira's own default, if it has one
        self.resolution.setCurrentIndex(index)
        self.resolution.blockSignals(False)

    def impossible(self, action: BulkAction) -> dict[str, str]:
        """Issues the change cannot apply to, with the reason (before anything is sent)."""
        if action.kind is not BulkKind.TRANSITION:
            return {}
        return {
            issue.key: f"“{action.transition}” is not open from {issue.status_name or 'its status'}"
            for issue in self.issues
            if action.transition not in self.open_for.get(issue.key, {})
        }

    def skips(self, action: BulkAction) -> dict[str, str]:
        """What the run leaves out: the impossible issues, unless the user asked to try them."""
        return {} if self.include_all.isChecked() else self.impossible(action)

    def action(self) -> BulkAction | None:
        """The change described by the form, or None (with an error shown) when incomplete."""
        kind = BulkKind(self.kind.currentData())
        if kind is BulkKind.TRANSITION:
            name = self.transition.currentText()
            if not self.transitions:
                self.error.show_text("No transition is open for these issues.")
                return None
            if not name:
                self.error.show_text("Choose a transition.")
                return None
            fields: dict[str, str] = {}
            if self.resolution.isEnabled():
                if self.resolution.currentIndex() < 0:
                    self.error.show_text(f"Choose the resolution: {name} requires it.")
                    return None
                fields["resolution"] = str(self.resolution.currentData())
            return BulkAction(kind, transition=name, fields=fields)
        if kind is BulkKind.ASSIGN:
            if self.user.text().strip() and self.user.value is None:
                self.error.show_text(
                    "Choose the assignee from the list, or empty the field to unassign."
                )
                return None
            return BulkAction(kind, assignee=self.user.value if self.user.text().strip() else None)
        if kind is BulkKind.MOVE_TO_SPRINT:
            sprint = self.sprint.currentData()
            if not isinstance(sprint, SprintRef):
                self.error.show_text("These issues' projects have no open or future sprint.")
                return None
            return BulkAction(kind, sprint=sprint)
        label = self.label.text().strip()
        if not label or " " in label:
            self.error.show_text("Type one label without spaces.")
            return None
        return BulkAction(kind, label=label)

    def _preview(self) -> None:
        self._fill_resolution()
        self.error.show_text("")
        action = self.action()
        self.error.show_text("")  # the preview does not scold half-filled forms
        texts = {issue.key: "" for issue in self.issues}
        impossible = self.impossible(action) if action is not None else {}
        if action is not None:
            if action.kind is BulkKind.TRANSITION:
                for issue in self.issues:
                    target = self.open_for.get(issue.key, {}).get(action.transition)
                    texts[issue.key] = (
                        f"→ {target.to_status}" if target else f"✗ {impossible[issue.key]}"
                    )
            elif action.kind is BulkKind.ASSIGN:
                text = f"→ {action.assignee.display_name}" if action.assignee else "→ unassigned"
                texts = dict.fromkeys(texts, text)
            elif action.kind is BulkKind.MOVE_TO_SPRINT and action.sprint is not None:
                texts = dict.fromkeys(texts, f"→ {action.sprint.name}")
            else:
                texts = dict.fromkeys(texts, f"+ {action.label}")
        for row, issue in enumerate(self.issues):
            item = _item(texts[issue.key])
            if issue.key in impossible:
                item.setForeground(tone_colour(Tone.ERROR, self.palette()))
            self.table.setItem(row, CHANGE, item)
        skipped = len(impossible) if not self.include_all.isChecked() else 0
        self.include_all.setVisible(bool(impossible))
        self.include_all.setText(
            f"Also try the {len(impossible)} issues it is not open for (Jira will refuse them)"
        )
        runs = len(self.issues) - skipped
        noun = "issue" if runs == 1 else "issues"
        self.run_button.setText(f"Change {runs} {noun}" + (f", skip {skipped}" if skipped else ""))
        self.run_button.setEnabled(action is not None and runs > 0)

    # ----- running ----------------------------------------------------------------------------------
    def _run(self) -> None:
        action = self.action()
        if action is None:
            return
        for widget in (
            self.kind,
            self.inputs,
            self.run_button,
            self.retry_button,
            self.close_button,
        ):
            widget.setEnabled(False)
        self.progress.setVisible(True)
        self.run_requested.emit(action)

    def begin_run(self, count: int) -> None:
        """A run over ``count`` issues starts."""
        self.running = True
        self.stopping = False
        self.close_button.setText("Stop…")
        self.close_button.setToolTip("Stop after the requests in flight")
        self.close_button.setEnabled(True)
        self.summary.setText("")
        self.progress.setRange(0, count)
        self.progress.setValue(0)

    def reject(self) -> None:
        """Esc or Close: closes, except during a run, where it asks whether to stop it."""
        if not self.running:
            super().reject()
            return
        if self.stopping:
            return
        started = self.progress.value()
        text = (
            f"{started} of {self.progress.maximum()} issues are done so far. Stop after the "
            "requests in flight?\n\nIssues already changed stay changed; issues not started "
            "stay as they are. The dialog then lists exactly what happened."
        )
        ask_then(self, "Stop the bulk change?", text, "Stop after these", self.stop)

    def stop(self) -> None:
        """Stop after the requests in flight (no new issue starts)."""
        if self.running and not self.stopping:
            self.stopping = True
            self.close_button.setEnabled(False)
            self.summary.setText("Stopping after the requests in flight…")
            self.stop_requested.emit()

    def show_skipped(self, run: BulkRun) -> None:
        """Mark the issues the run leaves out, with the reason."""
        for row, issue in enumerate(self.issues):
            if issue.key in run.outcomes and run.outcomes[issue.key].skipped:
                message = run.outcomes[issue.key].message
                self.table.setItem(row, OUTCOME, _item(f"skipped: {message}"))

    def show_outcome(self, outcome: BulkOutcome) -> None:
        """One issue is done (or failed, with Jira's reason)."""
        for row, issue in enumerate(self.issues):
            if issue.key == outcome.key:
                text = "✓ changed" if outcome.ok else f"✗ {outcome.message}"
                self.table.setItem(row, OUTCOME, _item(text))
                break
        self.progress.setValue(self.progress.value() + 1)

    def finished_run(self, run: BulkRun) -> None:
        """The run ended (or stopped): say exactly what happened, offer to do the rest."""
        self.running = False
        self.progress.setVisible(False)
        self.progress.setValue(0)
        self.summary.setText(run.summary() + (" (stopped)" if self.stopping else ""))
        for row, issue in enumerate(self.issues):
            if issue.key in run.not_started:
                self.table.setItem(row, OUTCOME, _item("not started"))
        left = len(run.pending)
        self.retry_button.setText(f"Continue ({left} left)" if run.not_started else "Retry failed")
        self.retry_button.setEnabled(left > 0)
        self.close_button.setText("Close")
        self.close_button.setToolTip("")
        self.close_button.setEnabled(True)
        self.stopping = False
